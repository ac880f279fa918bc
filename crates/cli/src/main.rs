//! `clubroom-cli`: Clubroom's core from the command line, for scripts, tests and benchmarks.
//! Every command takes `--db PATH` (default: the same club file the app uses).

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};
use clap::{Args, Parser, Subcommand};
use clubroom_core::access::{Operation, Target};
use clubroom_core::dates::{ClockTime, Period, parse_date_or_explain, today_or_pinned};
use clubroom_core::demo::DemoOptions;
use clubroom_core::exports::{self, Export, Saved, SheetFormat, To};
use clubroom_core::import::ImportKind;
use clubroom_core::organisation::{self, Organisation, VenueInput};
use clubroom_core::outcomes::OutcomeTag;
use clubroom_core::register::{self, DoorArrival, Headcount};
use clubroom_core::sessions::{self, SeriesInput, SessionInput};
use clubroom_core::vocab::{AgeBand, Gender, SessionType};
use clubroom_core::young_people::{self, Profile, Search};
use clubroom_core::{Error, Result, Store, figures, import};

mod backup;
mod incidents;
mod outcomes;
mod output;
mod partnership;
mod returns;
mod rights;
mod signing_in;
mod staff;
mod stories;
mod summary;
mod take;

#[derive(Parser)]
#[command(
    name = "clubroom-cli",
    version,
    about = "Clubroom from the command line",
    max_term_width = 100
)]
struct Cli {
    /// The club file (SQLite). Default: $CLUBROOM_DB, else the app's file in the OS data folder.
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Creates the club file and sets up the club's details.
    Init(InitArgs),
    /// Fills a new, empty club file with a deterministic synthetic club.
    Demo(DemoArgs),
    /// Imports a CSV file (all or nothing; see docs/file-formats.md).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Exports a CSV file.
    #[command(subcommand)]
    Export(ExportCommand),
    /// The counting-rule figures for a period (DESIGN.md).
    Stats(StatsArgs),
    /// A funder return from a template: PDF, CSV, JSON or the de-identified register.
    Report(returns::ReportArgs),
    /// Funder templates: list, export, import, delete.
    #[command(subcommand)]
    Templates(returns::TemplatesCommand),
    /// Saved returns: list, check for changes since sending, write again.
    #[command(subcommand)]
    Returns(returns::ReturnsCommand),
    /// The incident and safeguarding log (managers and safeguarding leads): add, update,
    /// correct, list, show, history; `count` gives numbers only.
    #[command(subcommand)]
    Incidents(incidents::IncidentsCommand),
    /// Data-protection rights (managers): everything held about a young person, erasing one
    /// on request, and how long records are kept (retention show, set, review, apply).
    #[command(subcommand)]
    Rights(rights::RightsCommand),
    /// The partnership summary (lyp-summary/2, with outcomes): write its files, send them, the outbox and log.
    #[command(subcommand)]
    Summary(summary::SummaryCommand),
    /// The partnership side: merge every member's summary in a folder into one report.
    #[command(subcommand)]
    Partnership(partnership::PartnershipCommand),
    /// Venues: list or add.
    #[command(subcommand)]
    Venue(VenueCommand),
    /// Young people: list, search or add.
    #[command(subcommand, name = "young-people")]
    YoungPeople(YoungPeopleCommand),
    /// Weekly series: list or add.
    #[command(subcommand)]
    Series(SeriesCommand),
    /// Dated sessions: list, add a one-off, cancel or restore a date.
    #[command(subcommand)]
    Sessions(SessionsCommand),
    /// A session's register: show, mark, unmark, add at the door, headcounts.
    #[command(subcommand)]
    Register(RegisterCommand),
    /// Staff and volunteers: list or add.
    #[command(subcommand)]
    People(staff::PeopleCommand),
    /// Training: the course catalogue, records, role requirements, the matrix, what is due.
    #[command(subcommand)]
    Training(staff::TrainingCommand),
    /// Who worked a session, safe-staffing warnings, and hours.
    #[command(subcommand)]
    Staffing(staff::StaffingCommand),
    /// Who can sign in (managers): list, add, reset a password or PIN.
    #[command(subcommand)]
    Users(signing_in::UsersCommand),
    /// The audit log: list it (managers), verify its chain.
    #[command(subcommand)]
    Audit(signing_in::AuditCommand),
    /// Backups: make one now, list them, show or check one, restore one.
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// Measures (questionnaires): list, export, import.
    #[command(subcommand)]
    Measures(outcomes::MeasuresCommand),
    /// Check-in plans and check-ins: plan, plans, add, list, who is due at a session.
    #[command(subcommand)]
    Checkins(outcomes::CheckinsCommand),
    /// What changed for young people: distance travelled, sustained engagement.
    #[command(subcommand)]
    Outcomes(outcomes::OutcomesCommand),
    /// Progression (awards, into education, training or work, referrals on...): add, list.
    #[command(subcommand)]
    Progress(outcomes::ProgressCommand),
    /// Stories (quotes and case studies about a young person): add, list, remove.
    #[command(subcommand)]
    Stories(stories::StoriesCommand),
    /// Writes the printable paper register of a session as a PDF.
    PaperRegister {
        session: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Args)]
struct InitArgs {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    charity_number: Option<String>,
    #[arg(long)]
    lyp_name: Option<String>,
    #[arg(long)]
    lyp_code: Option<String>,
    /// The council area the club works in ("Coventry"): its council's outcome framework is
    /// offered when tagging sessions.
    #[arg(long)]
    area: Option<String>,
    /// An outcome framework of another area to use all the same, by code (repeat for more;
    /// given once or more, it replaces the list the club had).
    #[arg(long = "add-framework", value_name = "CODE")]
    add_framework: Vec<String>,
    /// A PNG or JPEG picture to print at the top of funder returns.
    #[arg(long, value_name = "FILE")]
    logo: Option<PathBuf>,
    /// Stop printing a logo on funder returns.
    #[arg(long, conflicts_with = "logo")]
    no_logo: bool,
}

#[derive(Args)]
struct DemoArgs {
    #[arg(long, default_value_t = 180)]
    young_people: u32,
    #[arg(long, default_value_t = 60)]
    weeks: u32,
    #[arg(long, default_value_t = 6)]
    sessions_per_week: u32,
    #[arg(long, default_value_t = 4)]
    seed: u64,
    /// The demo's "today" (default: today): registers are taken up to the day before.
    /// The same options and date always give the same club.
    #[arg(long, value_parser = parse_date_arg)]
    until: Option<NaiveDate>,
    /// Also outcome check-ins: an ONS4 plan on every project and four waves of answers for a
    /// fifth of the young people (the outcomes benchmark's club, docs/performance.md).
    #[arg(long)]
    checkins: bool,
}

/// Any CSV or workbook (.xlsx, .xls, .ods). A file in Clubroom's own columns is imported as
/// it is; any other is read through a mapping: the one given with --mapping, or the
/// suggested one, which is then printed (JSON, on standard output, everything else going
/// to standard error) so that it can be saved, changed and passed with --mapping next time.
#[derive(clap::Args)]
struct ImportArgs {
    file: PathBuf,
    /// The workbook's sheet to read (without it, the first sheet with anything in it).
    #[arg(long)]
    sheet: Option<String>,
    /// A mapping file (clubroom-import-mapping/1 JSON), as the window saves or a suggested
    /// mapping printed by an earlier import.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Check every row and say what would be imported, saving nothing.
    #[arg(long)]
    dry_run: bool,
    /// An old register (a column of marks per date): put its marks on this weekly series'
    /// sessions (made from its pattern on dates it has none), not on a session named in the
    /// mapping.
    #[arg(long)]
    series: Option<String>,
    /// A young people file: list the rows beside the young person each will update, "new",
    /// or the one it may be (for you to decide in the mapping): every row to decide and the
    /// first 200 others, then how many more there are.
    #[arg(long)]
    rows: bool,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Young people: ref,first_name,last_name,date_of_birth,gender,ethnicity,disability,postcode,... or any file, mapped
    YoungPeople(ImportArgs),
    /// Attendance: date,session,start,end,type,venue,ref, or any file (an old register with a column per date), mapped
    Attendance(ImportArgs),
    /// Staff and volunteers: name,email,role,kind,start_date (kind is paid or volunteer), or any file, mapped
    People(ImportArgs),
    /// Training records: person,course,completed_on,provider,certificate_number, or any file (a column per course), mapped
    Training(ImportArgs),
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Attendance in the period, in the format `import attendance` reads ("-" for standard output).
    Attendance {
        #[arg(long, value_parser = parse_date_arg)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date_arg)]
        to: NaiveDate,
        /// `csv` (the columns `import attendance` reads) or `xlsx` (the same columns in an
        /// Excel workbook, dates as date cells).
        #[arg(long, default_value = "csv", value_parser = parse_sheet_format)]
        format: SheetFormat,
        file: PathBuf,
    },
}

#[derive(Args)]
struct StatsArgs {
    #[arg(long, value_parser = parse_date_arg)]
    from: NaiveDate,
    #[arg(long, value_parser = parse_date_arg)]
    to: NaiveDate,
    /// The JSON form of DESIGN.md instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum VenueCommand {
    List,
    Add {
        name: String,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        postcode: Option<String>,
    },
}

#[derive(Subcommand)]
enum YoungPeopleCommand {
    /// Lists young people, optionally those matching part of a name or reference.
    List {
        #[arg(long)]
        search: Option<String>,
        /// Include archived young people.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Adds a young person (warns of a likely duplicate unless --confirm-new).
    Add(PersonArgs),
    /// Archives young people (hidden from registers and lists; their attendance stays).
    Archive {
        #[arg(required = true)]
        refs: Vec<String>,
    },
    /// Brings archived young people back.
    Restore {
        #[arg(required = true)]
        refs: Vec<String>,
    },
}

#[derive(Args)]
struct PersonArgs {
    #[arg(long)]
    first_name: String,
    #[arg(long)]
    last_name: String,
    #[arg(long = "ref")]
    reference: Option<String>,
    #[arg(long, value_parser = parse_date_arg)]
    date_of_birth: Option<NaiveDate>,
    /// Age in years, when the date of birth is not known.
    #[arg(long)]
    age: Option<u32>,
    #[arg(long, value_parser = parse_gender)]
    gender: Option<Gender>,
    #[arg(long)]
    postcode: Option<String>,
    /// Add even if someone with the same name and birthday is already on the list.
    #[arg(long)]
    confirm_new: bool,
}

#[derive(Subcommand)]
enum SeriesCommand {
    List,
    /// Adds a weekly series, e.g. --name "Tuesday Juniors" --weekday tuesday --start 18:00 --end 20:00
    Add {
        #[arg(long)]
        name: String,
        /// monday ... sunday (or 1-7)
        #[arg(long, value_parser = parse_weekday)]
        weekday: u32,
        #[arg(long, value_parser = parse_time)]
        start: ClockTime,
        #[arg(long, value_parser = parse_time)]
        end: ClockTime,
        /// A venue's name (added if new).
        #[arg(long)]
        venue: Option<String>,
        #[arg(long = "type", value_parser = parse_session_type, default_value = "open-access")]
        session_type: SessionType,
        /// An age range such as 8-12.
        #[arg(long, value_parser = parse_ages)]
        ages: Option<(u32, u32)>,
        #[arg(long, value_parser = parse_date_arg)]
        starts_on: Option<NaiveDate>,
        #[arg(long, value_parser = parse_date_arg)]
        ends_on: Option<NaiveDate>,
        /// The project (often a grant) its sessions belong to (added if new).
        #[arg(long)]
        project: Option<String>,
        /// An outcome area its sessions work towards, as FRAMEWORK/OUTCOME
        /// (toc/confidence); repeat for more. Only frameworks that apply to the club.
        #[arg(long = "outcome", value_name = "FRAMEWORK/OUTCOME", value_parser = parse_outcome_tag)]
        outcomes: Vec<OutcomeTag>,
    },
}

#[derive(Subcommand)]
enum SessionsCommand {
    List {
        #[arg(long, value_parser = parse_date_arg)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date_arg)]
        to: NaiveDate,
        #[arg(long)]
        json: bool,
    },
    /// Adds a one-off session.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_date_arg)]
        date: NaiveDate,
        #[arg(long, value_parser = parse_time)]
        start: ClockTime,
        #[arg(long, value_parser = parse_time)]
        end: ClockTime,
        #[arg(long)]
        venue: Option<String>,
        #[arg(long = "type", value_parser = parse_session_type, default_value = "open-access")]
        session_type: SessionType,
    },
    Cancel {
        session: i64,
        #[arg(long)]
        reason: Option<String>,
    },
    Restore {
        session: i64,
    },
}

#[derive(Subcommand)]
enum RegisterCommand {
    Show {
        session: i64,
        #[arg(long)]
        json: bool,
    },
    /// Marks young people present by reference.
    Mark {
        session: i64,
        #[arg(required = true)]
        refs: Vec<String>,
    },
    Unmark {
        session: i64,
        #[arg(required = true)]
        refs: Vec<String>,
    },
    /// Takes a register from standard input: one reference a line, each marked in its own
    /// transaction and acknowledged ("marked REF") once saved, as the app does.
    Take {
        #[arg(long)]
        session: i64,
    },
    /// Adds someone new at the door and marks them present.
    Door {
        session: i64,
        #[command(flatten)]
        person: PersonArgs,
    },
    /// Sets an anonymous headcount cell.
    /// Records when someone arrived and left ("" clears a time).
    Times {
        session: i64,
        #[arg(long = "ref")]
        reference: String,
        #[arg(long)]
        arrived: Option<String>,
        #[arg(long)]
        left: Option<String>,
    },
    /// Sets the session's notes.
    Notes { session: i64, text: String },
    Headcount {
        session: i64,
        #[arg(long, value_parser = parse_gender)]
        gender: Gender,
        #[arg(long, value_parser = parse_age_band)]
        age_band: AgeBand,
        #[arg(long)]
        count: u32,
    },
}

pub(crate) fn parse_date_arg(text: &str) -> std::result::Result<NaiveDate, String> {
    parse_date_or_explain(text).map_err(|e| e.to_string())
}

fn parse_sheet_format(text: &str) -> std::result::Result<SheetFormat, String> {
    SheetFormat::parse(text).map_err(|e| e.to_string())
}

fn parse_time(text: &str) -> std::result::Result<ClockTime, String> {
    ClockTime::parse_or_explain(text).map_err(|e| e.to_string())
}

fn parse_gender(text: &str) -> std::result::Result<Gender, String> {
    Gender::parse_or_explain(text)
}

fn parse_age_band(text: &str) -> std::result::Result<AgeBand, String> {
    AgeBand::parse_or_explain(text)
}

fn parse_session_type(text: &str) -> std::result::Result<SessionType, String> {
    SessionType::parse_or_explain(text)
}

fn parse_weekday(text: &str) -> std::result::Result<u32, String> {
    let days = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let lower = text.trim().to_lowercase();
    if let Ok(n) = lower.parse::<u32>()
        && (1..=7).contains(&n)
    {
        return Ok(n);
    }
    days.iter()
        .position(|d| lower.len() >= 3 && d.starts_with(&lower))
        .map(|i| i as u32 + 1)
        .ok_or_else(|| format!("“{text}” is not a day of the week"))
}

fn parse_ages(text: &str) -> std::result::Result<(u32, u32), String> {
    let (low, high) = text
        .split_once('-')
        .ok_or_else(|| format!("“{text}” should be an age range like 8-12"))?;
    match (low.trim().parse(), high.trim().parse()) {
        (Ok(low), Ok(high)) => Ok((low, high)),
        _ => Err(format!("“{text}” should be an age range like 8-12")),
    }
}

/// An outcome tag as FRAMEWORK/OUTCOME (whether the club may use it is the core's to say).
pub(crate) fn parse_outcome_tag(text: &str) -> std::result::Result<OutcomeTag, String> {
    match text.split_once('/') {
        Some((framework, code)) if !framework.trim().is_empty() && !code.trim().is_empty() => {
            Ok(OutcomeTag {
                framework: framework.trim().to_owned(),
                code: code.trim().to_owned(),
            })
        }
        _ => Err(format!(
            "“{text}” should be a framework and an outcome like toc/confidence"
        )),
    }
}

fn default_database() -> PathBuf {
    if let Some(path) = std::env::var_os("CLUBROOM_DB") {
        return PathBuf::from(path);
    }
    // The same folder as the app's (Tauri's app-data folder is the OS data folder plus the
    // app's identifier).
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("uk.clubroom.desktop")
        .join("clubroom.sqlite3")
}

fn import_kind(command: &ImportCommand) -> ImportKind {
    match command {
        ImportCommand::YoungPeople(_) => ImportKind::YoungPeople,
        ImportCommand::Attendance(_) => ImportKind::Attendance,
        ImportCommand::People(_) => ImportKind::People,
        ImportCommand::Training(_) => ImportKind::Training,
    }
}

/// The operation a command is, as the window's same action would be, for the core's check
/// (and the name its audit entries carry). Each subcommand is its own operation, never a
/// stricter one for its group: a role the permissions page allows is not refused here.
/// Accounts, the audit log, the incident log and data rights name theirs per subcommand in
/// the core or their own module; backups and the partnership side open no club here.
fn operation_of(command: &Command, store: &Store) -> Result<(Operation, Target)> {
    use Operation as Op;
    let on = |id: &i64| Target::Session(*id);
    let person = |name: &str| -> Result<Target> {
        Ok(Target::Person(clubroom_core::people::find(
            store.conn(),
            name,
        )?))
    };
    let nothing = |op: Op| (op, Target::Nothing);
    Ok(match command {
        Command::Init(_) => nothing(Op::SaveClub),
        Command::Demo(_) => nothing(Op::ExploreDemo),
        // Each import asks for its own operation; the core checks every row as the single
        // action it performs (import::run).
        Command::Import(command) => nothing(import_kind(command).operation()),
        Command::Export(ExportCommand::Attendance { .. }) => nothing(Op::ExportAttendance),
        Command::Stats(_) => nothing(Op::Figures),
        Command::Report(_) => nothing(Op::ProduceReturn),
        Command::Templates(command) => nothing(match command {
            returns::TemplatesCommand::List { .. } => Op::TemplatesList,
            returns::TemplatesCommand::Export { .. } => Op::ExportTemplate,
            returns::TemplatesCommand::Import { .. } => Op::ImportTemplate,
            returns::TemplatesCommand::Delete { .. } => Op::DeleteTemplate,
        }),
        Command::Returns(command) => nothing(match command {
            returns::ReturnsCommand::List { .. } => Op::SavedReturns,
            returns::ReturnsCommand::Check { .. } => Op::CheckSavedReturn,
            returns::ReturnsCommand::Write { .. } => Op::SaveSavedReturn,
        }),
        // The incident log and data rights check their own permission in the core.
        Command::Incidents(command) => nothing(incidents::operation(command)),
        Command::Rights(_) => nothing(Op::AppStatus),
        Command::Summary(command) => nothing(match command {
            summary::SummaryCommand::Write { .. } => Op::SaveSummary,
            summary::SummaryCommand::Send { .. } => Op::SendSummary,
            summary::SummaryCommand::Destination(_) => Op::SetPartnershipDestination,
            summary::SummaryCommand::Outbox { .. } => Op::SummaryOutbox,
            summary::SummaryCommand::Log { .. } => Op::SyncLog,
        }),
        Command::Venue(VenueCommand::List) => nothing(Op::Venues),
        Command::Venue(VenueCommand::Add { .. }) => nothing(Op::AddVenue),
        Command::YoungPeople(command) => nothing(match command {
            YoungPeopleCommand::List { .. } => Op::SearchYoungPeople,
            YoungPeopleCommand::Add(_) => Op::AddYoungPerson,
            YoungPeopleCommand::Archive { .. } | YoungPeopleCommand::Restore { .. } => {
                Op::SetYoungPersonArchived
            }
        }),
        Command::Series(SeriesCommand::List) => nothing(Op::AllSeries),
        Command::Series(SeriesCommand::Add { .. }) => nothing(Op::AddSeries),
        Command::Sessions(command) => nothing(match command {
            SessionsCommand::List { .. } => Op::SessionsBetween,
            SessionsCommand::Add { .. } => Op::AddSession,
            SessionsCommand::Cancel { .. } => Op::CancelSession,
            SessionsCommand::Restore { .. } => Op::RestoreSession,
        }),
        Command::Register(RegisterCommand::Show { session, .. }) => (Op::Register, on(session)),
        Command::Register(
            RegisterCommand::Mark { session, .. } | RegisterCommand::Take { session },
        ) => (Op::MarkPresent, on(session)),
        Command::Register(RegisterCommand::Unmark { session, .. }) => (Op::Unmark, on(session)),
        Command::Register(RegisterCommand::Door { session, .. }) => (Op::AddAtDoor, on(session)),
        Command::Register(RegisterCommand::Times { session, .. }) => (Op::SetTimes, on(session)),
        Command::Register(RegisterCommand::Notes { session, .. }) => {
            (Op::SetSessionNotes, on(session))
        }
        Command::Register(RegisterCommand::Headcount { session, .. }) => {
            (Op::SetHeadcount, on(session))
        }
        Command::People(staff::PeopleCommand::List { .. }) => nothing(Op::PeopleList),
        Command::People(staff::PeopleCommand::Add { .. }) => nothing(Op::AddPerson),
        Command::Training(command) => match command {
            staff::TrainingCommand::Log { person: who, .. } => (Op::LogTraining, person(who)?),
            staff::TrainingCommand::Records { person: who, .. } => {
                (Op::TrainingRecords, person(who)?)
            }
            staff::TrainingCommand::Courses { .. } => nothing(Op::Courses),
            staff::TrainingCommand::Validity { .. } => nothing(Op::UpdateCourse),
            staff::TrainingCommand::Require { .. } => nothing(Op::SetRequirement),
            staff::TrainingCommand::Confirm { .. } => nothing(Op::ConfirmTraining),
            // Written to files it is an export; on the screen, the matrix.
            staff::TrainingCommand::Matrix { csv, pdf, .. } if csv.is_some() || pdf.is_some() => {
                nothing(Op::SaveTrainingMatrix)
            }
            staff::TrainingCommand::Matrix { .. } => nothing(Op::TrainingMatrix),
            // What is due: the team's for those who may see it, else only one's own (the
            // core cuts the list, as in the window).
            staff::TrainingCommand::Due { .. } => nothing(Op::TrainingDue),
        },
        Command::Staffing(command) => nothing(match command {
            staff::StaffingCommand::Show { .. } => Op::SessionStaffing,
            staff::StaffingCommand::Add { .. } => Op::SetStaffing,
            staff::StaffingCommand::Remove { .. } => Op::RemoveStaffing,
            staff::StaffingCommand::Hours { .. } => Op::StaffHours,
        }),
        Command::Users(_) | Command::Audit(_) => nothing(Op::AppStatus),
        Command::PaperRegister { session: id, .. } => (Op::SavePaperRegister, on(id)),
        Command::Partnership(_) | Command::Backup(_) => nothing(Op::AppStatus),
        Command::Measures(command) => nothing(outcomes::measures_operation(command)),
        // Who is due at a session: a volunteer asks only of the sessions they staff.
        Command::Checkins(outcomes::CheckinsCommand::Due { session, .. }) => {
            (Op::CheckinsDue, on(session))
        }
        Command::Checkins(command) => nothing(outcomes::checkins_operation(command)),
        Command::Outcomes(command) => nothing(outcomes::outcomes_operation(command)),
        Command::Progress(command) => nothing(outcomes::progress_operation(command)),
        Command::Stories(command) => nothing(stories::stories_operation(command)),
    })
}

fn main() -> ExitCode {
    #[cfg(unix)]
    // SAFETY: called first thing, before any other thread exists; it only resets a signal
    // disposition to the default, as C command-line tools have it.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let db = cli.db.clone().unwrap_or_else(default_database);
    match run(cli.command, &db) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let report = error.report();
            eprintln!("{}", report.message);
            if let Error::Damaged(_) = error {
                eprintln!(
                    "See the backups with `clubroom-cli backup list`, then `clubroom-cli backup \
                     restore FILE --confirm` (the damaged file is moved aside, not overwritten)."
                );
            }
            if let Error::LikelyDuplicate { .. } = error {
                eprintln!(
                    "If this really is someone new, run the command again with --confirm-new."
                );
            }
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, db: &std::path::Path) -> Result<()> {
    // A partnership merges files from a folder: it needs no club file, so none is opened (or
    // made).
    let command = match command {
        Command::Partnership(command) => return partnership::partnership_command(command),
        // A restore must work on a damaged club file, which cannot be opened as below.
        Command::Backup(command) => return backup::backup_command(command, db),
        other => other,
    };
    let today = today_or_pinned();
    let mut club = match &command {
        Command::Init(_) => signing_in::club_for_init(db)?,
        Command::Demo(_) => signing_in::club_for_demo(db)?,
        _ => signing_in::club(db)?,
    };
    // The first opening of a day backs the club file up (asking for its problem waits for
    // it); a failure is said, not fatal.
    let backup_problem = club.backup_problem().map(str::to_owned);
    let mut store = club.into_store()?;
    let (operation, target) = operation_of(&command, &store)?;
    store.begin(operation, target)?;
    if let Some(problem) = backup_problem {
        eprintln!("Warning: today's automatic backup was not made. {problem}");
    }
    let result = run_command(command, &mut store, today);
    // A read that met a damaged page before the damage check answered: the check's words.
    result.map_err(|error| clubroom_core::club_file::explained_by_the_check(&store, error))
}

/// Runs one command on the open club, as the signed-in person.
fn run_command(command: Command, store: &mut Store, today: NaiveDate) -> Result<()> {
    match command {
        Command::Init(args) => init(store, args),
        Command::Users(command) => signing_in::users_command(store, command),
        Command::Audit(command) => signing_in::audit_command(store, command),
        Command::Demo(args) => {
            let options = DemoOptions {
                young_people: args.young_people,
                weeks: args.weeks,
                sessions_per_week: args.sessions_per_week,
                seed: args.seed,
                until: args.until.unwrap_or(today),
                checkins: args.checkins,
            };
            let started = std::time::Instant::now();
            let made = clubroom_core::demo::make(store, &options)?;
            output::demo_summary(&made, started.elapsed());
            Ok(())
        }
        Command::Import(command) => {
            let kind = import_kind(&command);
            let (what, args) = match command {
                ImportCommand::YoungPeople(args) => ("young people", args),
                ImportCommand::Attendance(args) => ("attendance", args),
                ImportCommand::People(args) => ("staff", args),
                ImportCommand::Training(args) => ("training", args),
            };
            import_file(store, kind, what, args, today)
        }
        Command::People(command) => staff::people_command(store, command),
        Command::Training(command) => staff::training_command(store, command, today),
        Command::Staffing(command) => staff::staffing_command(store, command, today),
        Command::Export(ExportCommand::Attendance {
            from,
            to,
            format,
            file,
        }) => {
            let period = Period::new(from, to)?;
            let export = Export::Attendance { period, format };
            let saved = export_to(store, export, &file, today)?;
            told(
                &file,
                &format!("Wrote {} to {}", saved.about, file.display()),
            );
            Ok(())
        }
        Command::Stats(args) => {
            let figures = figures::compute(store.conn(), Period::new(args.from, args.to)?, today)?;
            show(args.json, &figures, output::figures);
            Ok(())
        }
        Command::Venue(VenueCommand::List) => {
            output::venues(&organisation::venues(store.conn())?);
            Ok(())
        }
        Command::Venue(VenueCommand::Add {
            name,
            address,
            postcode,
        }) => {
            let venue = store.write(|tx| {
                organisation::add_venue(
                    tx,
                    &VenueInput {
                        name,
                        address,
                        postcode,
                    },
                )
            })?;
            println!("Added venue {} ({})", venue.name, venue.id);
            Ok(())
        }
        Command::YoungPeople(YoungPeopleCommand::List { search, all, json }) => {
            let query = Search {
                text: search.unwrap_or_default(),
                include_archived: all,
                limit: 1000,
                ..Search::default()
            };
            let found = young_people::search(store.conn(), &query, today)?;
            show(json, &found, output::young_people);
            Ok(())
        }
        Command::YoungPeople(YoungPeopleCommand::Add(args)) => {
            let (reference, profile, confirmed) = person_profile(args);
            let added = store.write(|tx| {
                young_people::add(tx, reference.as_deref(), &profile, confirmed, today)
            })?;
            println!(
                "Added {} {} as {}",
                added.profile.first_name, added.profile.last_name, added.reference
            );
            Ok(())
        }
        Command::YoungPeople(YoungPeopleCommand::Archive { refs }) => {
            set_archived(store, &refs, true, today)
        }
        Command::YoungPeople(YoungPeopleCommand::Restore { refs }) => {
            set_archived(store, &refs, false, today)
        }
        Command::Series(SeriesCommand::List) => {
            output::series(&sessions::all_series(store.conn(), today)?);
            Ok(())
        }
        Command::Series(SeriesCommand::Add {
            name,
            weekday,
            start,
            end,
            venue,
            session_type,
            ages,
            starts_on,
            ends_on,
            project,
            outcomes,
        }) => {
            let added = store.write(|tx| {
                let venue_id = venue
                    .map(|v| organisation::venue_id_by_name_or_add(tx, &v))
                    .transpose()?;
                let input = SeriesInput {
                    name,
                    weekday,
                    start,
                    end,
                    venue_id,
                    session_type,
                    age_min: ages.map(|a| a.0),
                    age_max: ages.map(|a| a.1),
                    starts_on: starts_on.unwrap_or(today),
                    ends_on,
                    project_id: project
                        .map(|p| project_id_by_name_or_add(tx, &p))
                        .transpose()?,
                    outcomes,
                };
                sessions::add_series(tx, &input, today)
            })?;
            println!(
                "Added series {} ({}); next session {}",
                added.details.name,
                added.id,
                output::date_or_none(added.next_date)
            );
            Ok(())
        }
        Command::Sessions(SessionsCommand::List { from, to, json }) => {
            let period = Period::new(from, to)?;
            let list = sessions::between_for(store.conn(), period.from, period.to, store.actor())?;
            show(json, &list, output::sessions);
            Ok(())
        }
        Command::Sessions(SessionsCommand::Add {
            name,
            date,
            start,
            end,
            venue,
            session_type,
        }) => {
            let added = store.write(|tx| {
                let venue_id = venue
                    .map(|v| organisation::venue_id_by_name_or_add(tx, &v))
                    .transpose()?;
                let input =
                    SessionInput::one_off(&name, date, (start, end), venue_id, session_type);
                sessions::add_session(tx, &input)
            })?;
            println!("Added session {}: {}", added.id, added.describe());
            Ok(())
        }
        Command::Sessions(SessionsCommand::Cancel { session, reason }) => {
            let cancelled = store.write(|tx| sessions::cancel(tx, session, reason.as_deref()))?;
            println!("Cancelled {}", cancelled.describe());
            Ok(())
        }
        Command::Sessions(SessionsCommand::Restore { session }) => {
            let restored = store.write(|tx| sessions::restore(tx, session))?;
            println!("Restored {}", restored.describe());
            Ok(())
        }
        Command::Register(command) => register_command(store, command, today),
        Command::Report(args) => returns::report(store, args, today),
        Command::Templates(command) => returns::templates_command(store, command, today),
        Command::Returns(command) => returns::returns_command(store, command, today),
        Command::Incidents(command) => incidents::incidents_command(store, command, today),
        Command::Summary(command) => summary::summary_command(store, command, today),
        Command::Rights(command) => rights::rights_command(store, command, today),
        Command::Measures(command) => outcomes::measures_command(store, command, today),
        Command::Checkins(command) => outcomes::checkins_command(store, command, today),
        Command::Outcomes(command) => outcomes::outcomes_command(store, command, today),
        Command::Progress(command) => outcomes::progress_command(store, command, today),
        Command::Stories(command) => stories::stories_command(store, command, today),
        Command::Partnership(command) => partnership::partnership_command(command),
        Command::Backup(_) => unreachable!("run answers backup commands before opening the club"),
        Command::PaperRegister { session, out } => {
            export_to(store, Export::PaperRegister { session }, &out, today)?;
            told(
                &out,
                &format!("Wrote the paper register to {}", out.display()),
            );
            Ok(())
        }
    }
}

fn init(store: &mut Store, args: InitArgs) -> Result<()> {
    let existing = organisation::get(store.conn())?;
    let mut details = existing.clone().unwrap_or_else(|| Organisation::new(""));
    if let Some(name) = args.name {
        details.name = name;
    }
    details.charity_number = args.charity_number.or(details.charity_number);
    details.lyp_name = args.lyp_name.or(details.lyp_name);
    details.lyp_member_code = args.lyp_code.or(details.lyp_member_code);
    details.area = args.area.or(details.area);
    if !args.add_framework.is_empty() {
        details.frameworks_added = args.add_framework;
    }
    if existing.is_none() && details.name.trim().is_empty() {
        println!(
            "Created an empty club file at {}. Set the club up with --name.",
            store
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
        return Ok(());
    }
    let logo = match &args.logo {
        Some(path) => Some(std::fs::read(path).map_err(|e| {
            Error::file(
                format!("The picture {} could not be read", path.display()),
                e,
            )
        })?),
        None => None,
    };
    let change = match &logo {
        Some(picture) => organisation::LogoChange::Set(picture),
        None if args.no_logo => organisation::LogoChange::Remove,
        None => organisation::LogoChange::Keep,
    };
    let saved = store.write(|tx| organisation::save_with_logo(tx, &details, change))?;
    println!(
        "{} is set up in {}",
        saved.name,
        store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    );
    Ok(())
}

/// A project by name, added if new.
fn project_id_by_name_or_add(tx: &rusqlite::Transaction, name: &str) -> Result<i64> {
    match clubroom_core::projects::by_name(tx, name)? {
        Some(project) => Ok(project.id),
        None => Ok(clubroom_core::projects::add(tx, name, None)?.id),
    }
}

/// Archives or restores young people by reference, all in one action.
fn set_archived(
    store: &mut Store,
    refs: &[String],
    archived: bool,
    today: NaiveDate,
) -> Result<()> {
    let people = store.write(|tx| {
        refs.iter()
            .map(|reference| {
                let id = young_people::require_by_reference(tx, reference)?;
                young_people::set_archived(tx, id, archived, today)
            })
            .collect::<Result<Vec<_>>>()
    })?;
    for person in people {
        let done = if archived { "Archived" } else { "Restored" };
        println!(
            "{done} {} {} ({})",
            person.profile.first_name, person.profile.last_name, person.reference
        );
    }
    Ok(())
}

fn person_profile(args: PersonArgs) -> (Option<String>, Profile, bool) {
    let mut profile = Profile::named(&args.first_name, &args.last_name);
    profile.date_of_birth = args.date_of_birth;
    profile.age = args.age;
    profile.gender = args.gender.unwrap_or(Gender::Unknown);
    profile.postcode = args.postcode;
    (args.reference, profile, args.confirm_new)
}

fn register_command(store: &mut Store, command: RegisterCommand, today: NaiveDate) -> Result<()> {
    match command {
        RegisterCommand::Show { session, json } => {
            let register = register::register(store.conn(), session, today)?;
            show(json, &register, output::register);
        }
        RegisterCommand::Mark { session, refs } => {
            // All the references in one action: all are marked or, if one is unknown, none.
            let marked = store.write(|tx| {
                refs.iter()
                    .map(|reference| {
                        let id = young_people::require_by_reference(tx, reference)?;
                        register::mark_present(tx, session, id, today)
                    })
                    .collect::<Result<Vec<_>>>()
            })?;
            for entry in marked {
                println!(
                    "Present: {} ({})",
                    entry.young_person.display_name(),
                    entry.young_person.reference
                );
            }
        }
        RegisterCommand::Take { session } => {
            let input = std::io::stdin().lock();
            take::take_register(store, session, input, std::io::stdout().lock(), today)?;
        }
        RegisterCommand::Unmark { session, refs } => {
            store.write(|tx| {
                for reference in &refs {
                    let id = young_people::require_by_reference(tx, reference)?;
                    register::unmark(tx, session, id, today)?;
                }
                Ok(())
            })?;
            println!("Unmarked {}", refs.join(", "));
        }
        RegisterCommand::Door { session, person } => {
            let arrival = DoorArrival {
                first_name: person.first_name,
                last_name: person.last_name,
                date_of_birth: person.date_of_birth,
                age: person.age,
                gender: person.gender.unwrap_or(Gender::Unknown),
                postcode: person.postcode,
                confirmed_new: person.confirm_new,
            };
            let entry = store.write(|tx| register::add_at_door(tx, session, &arrival, today))?;
            println!(
                "Added {} as {} and marked them present",
                entry.young_person.display_name(),
                entry.young_person.reference
            );
        }
        RegisterCommand::Times {
            session,
            reference,
            arrived,
            left,
        } => {
            let time = |text: Option<String>| -> Result<Option<ClockTime>> {
                text.filter(|t| !t.trim().is_empty())
                    .map(|t| ClockTime::parse_or_explain(&t))
                    .transpose()
            };
            let (arrived, left) = (time(arrived)?, time(left)?);
            let entry = store.write(|tx| {
                let id = young_people::require_by_reference(tx, &reference)?;
                register::set_times(tx, session, id, arrived, left, today)
            })?;
            let shown = |t: Option<ClockTime>| {
                t.map_or_else(|| "not recorded".to_owned(), |t| t.to_string())
            };
            println!(
                "{}: arrived {}, left {}",
                entry.young_person.display_name(),
                shown(entry.arrived),
                shown(entry.left)
            );
        }
        RegisterCommand::Notes { session, text } => {
            store.write(|tx| register::set_notes(tx, session, &text))?;
            println!("Notes saved");
        }
        RegisterCommand::Headcount {
            session,
            gender,
            age_band,
            count,
        } => {
            let counts = store.write(|tx| {
                register::set_headcount(
                    tx,
                    session,
                    &Headcount {
                        gender,
                        age_band,
                        count,
                    },
                    today,
                )
            })?;
            let total: u32 = counts.iter().map(|c| c.count).sum();
            println!("Headcount set; {total} counted anonymously at this session");
        }
    }
    Ok(())
}

/// Prints `value` as pretty JSON for scripts, or through `as_text` for people.
pub(crate) fn show<T: serde::Serialize + ?Sized>(json: bool, value: &T, as_text: impl FnOnce(&T)) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("Clubroom's own types serialise")
        );
    } else {
        as_text(value);
    }
}

/// `import KIND FILE`: Clubroom's own columns as they are, any other file through a mapping
/// (docs/file-formats.md, "Any spreadsheet").
fn import_file(
    store: &mut Store,
    kind: ImportKind,
    what: &str,
    args: ImportArgs,
    today: NaiveDate,
) -> Result<()> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut open_file(&args.file)?, &mut bytes)
        .map_err(|e| Error::file(format!("Could not read {}", args.file.display()), e))?;
    let own_columns = args.mapping.is_none()
        && args.sheet.is_none()
        && !args.dry_run
        && import::apply::has_own_columns(kind, &bytes);
    if own_columns {
        let outcome = import::run_watched(
            store,
            kind,
            bytes.as_slice(),
            today,
            Utc::now(),
            &terminal_progress(),
        )?;
        output::import_outcome(what, &outcome);
        return Ok(());
    }
    let (mapping, suggested) = match &args.mapping {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::file(format!("Could not open {}", path.display()), e))?;
            (import::mapping::Mapping::from_json(&text)?, false)
        }
        None => {
            let proposal = import::apply::propose_with_saved(
                store.conn(),
                kind,
                &bytes,
                args.sheet.as_deref(),
                today,
            )?;
            if let Some(source) = &proposal.saved {
                eprintln!("The file has the columns of the mapping saved as “{source}”: using it.");
            }
            (proposal.mapping, true)
        }
    };
    let mut mapping = mapping;
    // A saved mapping read on another sheet (a suggested one names the sheet it read).
    if args.sheet.is_some() && !suggested {
        mapping.sheet = args.sheet.clone();
    }
    match &args.series {
        Some(name) => {
            import::apply::put_register_on_series(store.conn(), &mut mapping, name, today)?
        }
        None => say_matching_series(store, &mapping, today)?,
    }
    if suggested {
        // The mapping alone on standard output, so `> mapping.json` saves it.
        println!("{}", mapping.to_json());
        eprintln!(
            "The suggested mapping is above: save it, change it if need be, and pass it with --mapping."
        );
    }
    let done = import::apply::run_mapped_watched(
        store,
        &bytes,
        &mapping,
        args.dry_run,
        today,
        Utc::now(),
        &terminal_progress(),
    )?;
    if args.rows {
        output::row_people(&done, suggested);
    }
    output::mapped_import(what, &done, suggested);
    if done.problems_total > 0 {
        return Err(Error::Invalid(format!(
            "The dry run found {} problems, so nothing would be imported: change the mapping or the file.",
            done.problems_total
        )));
    }
    Ok(())
}

/// An old register not put on a series: the series the core proposes for its dates, said
/// on standard error so the user can pass it with --series.
fn say_matching_series(
    store: &Store,
    mapping: &import::mapping::Mapping,
    today: NaiveDate,
) -> Result<()> {
    if mapping
        .register
        .as_ref()
        .is_some_and(|r| r.series_id.is_some())
    {
        return Ok(());
    }
    let matches = import::apply::match_series(store.conn(), mapping, today)?;
    if let Some(best) = matches.iter().find(|m| m.suggested) {
        eprintln!(
            "The register's dates all fall on the weekday of the series “{}” ({}-{}): pass --series \"{}\" to put the marks on its sessions.",
            best.name, best.start, best.end, best.name
        );
    }
    Ok(())
}

/// An import's progress on standard error ("Importing: 45%"), rewritten in
/// place, and only at a terminal: a script's output stays as it was. Ctrl-C stops the
/// program, and SQLite rolls the unfinished transaction back, so the CLI needs no flag.
fn terminal_progress() -> import::progress::Watch<impl Fn(u64, u64) + Sync> {
    use std::io::IsTerminal;
    let shown = std::io::stderr().is_terminal();
    import::progress::Watch {
        flag: import::progress::CancelFlag::default(),
        show: move |done: u64, total: u64| {
            if shown && total >= import::progress::BATCH as u64 {
                let end = if done == total { "\n" } else { "" };
                eprint!("\rImporting: {}%{end}", done * 100 / total);
            }
        },
    }
}

pub(crate) fn open_file(path: &std::path::Path) -> Result<std::fs::File> {
    std::fs::File::open(path)
        .map_err(|e| Error::file(format!("Could not open {}", path.display()), e))
}

/// Sends an export through the core's door to `path`, or to standard output for "-" (an
/// export too, recorded as "standard output").
pub(crate) fn export_to(
    store: &mut Store,
    export: Export,
    path: &std::path::Path,
    today: NaiveDate,
) -> Result<Saved> {
    if path.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        let to = To::Stream {
            name: "standard output",
            writer: &mut stdout,
        };
        return exports::export(store, export, to, today, Utc::now());
    }
    exports::export(store, export, To::File(path), today, Utc::now())
}

/// Writes a file that holds nobody's data (the course catalogue) to `path` or standard
/// output. Anything of the club's records goes through [`export_to`] instead.
pub(crate) fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    if path.as_os_str() == "-" {
        use std::io::Write;
        return std::io::stdout()
            .write_all(bytes)
            .map_err(|e| Error::file("Could not write to standard output", e));
    }
    clubroom_core::files::write_atomically(path, bytes)
}

/// A line for the person at the terminal, unless the file went to standard output.
pub(crate) fn told(out: &std::path::Path, line: &str) {
    if out.as_os_str() != "-" {
        println!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;
    use clubroom_core::access::Operation;

    /// Every leaf subcommand, as words ("young-people add").
    fn leaves(command: &clap::Command, path: &str, into: &mut Vec<String>) {
        let subcommands: Vec<&clap::Command> = command
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .collect();
        if subcommands.is_empty() {
            into.push(path.trim().to_owned());
        }
        for sub in subcommands {
            leaves(sub, &format!("{path} {}", sub.get_name()), into);
        }
    }

    /// The core's operations table names every subcommand of the CLI (so the generated
    /// docs/permissions.md covers them all), and names none that does not exist.
    #[test]
    fn every_subcommand_is_in_the_core_operations_table() {
        let mut found = Vec::new();
        leaves(&super::Cli::command(), "", &mut found);
        let listed: Vec<&str> = Operation::ALL
            .iter()
            .flat_map(|op| op.cli_commands())
            .map(|c| c.split(" --").next().unwrap_or(c))
            .collect();
        for command in &found {
            assert!(
                listed.contains(&command.as_str()),
                "`{command}` is not in access's operations table"
            );
        }
        for command in &listed {
            assert!(
                found.iter().any(|f| f == command),
                "the operations table names `{command}`, which the CLI does not have"
            );
        }
    }
}
