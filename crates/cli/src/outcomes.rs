//! What changed for young people, from the command line: measures (list, export, import),
//! check-in plans and check-ins (add, list, who is due at a session), distance travelled and
//! sustained engagement for a period, and progression. Every rule is the core's; this module
//! parses the arguments and prints the answer.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use clubroom_core::access::Operation;
use clubroom_core::checkins::{self, Answer, CheckInInput, Mode, PlanInput, Wave, Who};
use clubroom_core::dates::Period;
use clubroom_core::error::invalid;
use clubroom_core::exports::Export;
use clubroom_core::figures::Scope;
use clubroom_core::measures;
use clubroom_core::progression::{self, EventInput};
use clubroom_core::{Result, Store, distance, engagement, projects, young_people};

use crate::{export_to, parse_date_arg, show, told};

#[derive(Subcommand)]
pub enum MeasuresCommand {
    /// Every measure (latest versions), built-in and the club's own.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Writes a measure as a clubroom-measure/1 file ("-" for standard output).
    Export {
        code: String,
        #[arg(long)]
        version: Option<u32>,
        file: PathBuf,
    },
    /// Adds a measure from a file: a club scale, or one whose licence needs registration
    /// (then --registered confirms the club has registered with its owner).
    Import {
        file: PathBuf,
        #[arg(long)]
        registered: bool,
    },
}

#[derive(Subcommand)]
pub enum CheckinsCommand {
    /// Sets a check-in plan on a project or a series.
    Plan(PlanArgs),
    /// Every check-in plan.
    Plans {
        #[arg(long)]
        json: bool,
    },
    /// Records a check-in: --answer QUESTION=VALUE for each answer (VALUE "skip" for a
    /// skipped question), or --declined for "I'd rather not".
    Add(AddArgs),
    /// Check-ins, newest first (answers only for managers and whoever recorded them).
    List {
        #[arg(long = "young-person", value_name = "REF")]
        young_person: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Whose baseline or review is due among those marked present at a session.
    Due {
        #[arg(long)]
        session: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct PlanArgs {
    /// The project, by name.
    #[arg(long, conflicts_with = "series")]
    project: Option<String>,
    /// The series, by id.
    #[arg(long)]
    series: Option<i64>,
    #[arg(long = "measure", value_name = "CODE", required = true)]
    measures: Vec<String>,
    #[arg(long, default_value_t = 3)]
    baseline_within: u32,
    /// A review every N weeks (default 12); --exit-only for none.
    #[arg(long, conflicts_with = "exit_only")]
    review_weeks: Option<u32>,
    #[arg(long)]
    exit_only: bool,
    #[arg(long, default_value_t = 6)]
    min_gap_weeks: u32,
    /// everyone, regulars (with --min-attendances) or chosen (with --young-person, the default).
    #[arg(long, default_value = "chosen")]
    who: String,
    #[arg(long)]
    min_attendances: Option<u32>,
    #[arg(long = "young-person", value_name = "REF")]
    young_people: Vec<String>,
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long = "young-person", value_name = "REF")]
    young_person: String,
    #[arg(long)]
    measure: String,
    #[arg(long)]
    version: Option<u32>,
    /// Default: today.
    #[arg(long, value_parser = parse_date_arg)]
    date: Option<NaiveDate>,
    /// baseline, review, exit or other.
    #[arg(long, default_value = "baseline")]
    wave: String,
    /// self, with-worker or worker-rated.
    #[arg(long, default_value = "self")]
    mode: String,
    #[arg(long)]
    declined: bool,
    #[arg(long = "answer", value_name = "QUESTION=VALUE")]
    answers: Vec<String>,
    #[arg(long)]
    plan: Option<i64>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
pub enum OutcomesCommand {
    /// Distance travelled in a period: coverage and paired change per measure.
    Change {
        #[arg(long, value_parser = parse_date_arg)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date_arg)]
        to: NaiveDate,
        #[arg(long)]
        measure: Option<String>,
        /// Only this project's sessions, by name.
        #[arg(long)]
        project: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Sustained engagement (3 and 6 months) and weeks engaged in a period.
    Engagement(WholeClubPeriod),
}

/// A period of the whole club's work, and whether to print JSON.
#[derive(Args)]
pub struct WholeClubPeriod {
    #[arg(long, value_parser = parse_date_arg)]
    from: NaiveDate,
    #[arg(long, value_parser = parse_date_arg)]
    to: NaiveDate,
    #[arg(long)]
    json: bool,
}

impl WholeClubPeriod {
    /// The period, checked, and the scope of the whole club.
    fn asked(&self) -> Result<(Period, Scope)> {
        Ok((Period::new(self.from, self.to)?, Scope::default()))
    }
}

#[derive(Subcommand)]
pub enum ProgressCommand {
    /// Records a step a young person took, of a kind on the club's list.
    Add {
        #[arg(long = "young-person", value_name = "REF")]
        young_person: String,
        #[arg(long)]
        kind: String,
        #[arg(long, value_parser = parse_date_arg)]
        date: Option<NaiveDate>,
        #[arg(long)]
        note: Option<String>,
    },
    /// A young person's progression, newest first.
    List {
        #[arg(long = "young-person", value_name = "REF")]
        young_person: String,
        #[arg(long)]
        json: bool,
    },
    /// Progression in a period, by group (what the What changed screen shows): young people
    /// with a step in each group, and their steps.
    Counts(WholeClubPeriod),
}

pub fn measures_operation(command: &MeasuresCommand) -> Operation {
    match command {
        MeasuresCommand::List { .. } => Operation::Measures,
        MeasuresCommand::Export { .. } => Operation::ExportMeasure,
        MeasuresCommand::Import { .. } => Operation::ImportMeasure,
    }
}

pub fn checkins_operation(command: &CheckinsCommand) -> Operation {
    match command {
        CheckinsCommand::Plan(_) => Operation::SaveCheckinPlan,
        CheckinsCommand::Plans { .. } => Operation::CheckinPlans,
        CheckinsCommand::Add(_) => Operation::RecordCheckin,
        CheckinsCommand::List { .. } => Operation::Checkins,
        CheckinsCommand::Due { .. } => Operation::CheckinsDue,
    }
}

pub fn outcomes_operation(command: &OutcomesCommand) -> Operation {
    match command {
        OutcomesCommand::Change { .. } => Operation::DistanceTravelled,
        OutcomesCommand::Engagement(_) => Operation::SustainedEngagement,
    }
}

pub fn progress_operation(command: &ProgressCommand) -> Operation {
    match command {
        ProgressCommand::Add { .. } => Operation::AddProgression,
        ProgressCommand::List { .. } => Operation::Progression,
        ProgressCommand::Counts(_) => Operation::ProgressionCounts,
    }
}

pub fn measures_command(
    store: &mut Store,
    command: MeasuresCommand,
    today: NaiveDate,
) -> Result<()> {
    match command {
        MeasuresCommand::List { json } => {
            let all = measures::latest(store.conn())?;
            show(json, &all, |all| {
                for entry in all {
                    let m = &entry.measure;
                    let whose = if entry.built_in {
                        "built in"
                    } else {
                        "the club's"
                    };
                    println!(
                        "{}  v{}  {} ({} questions, {whose})",
                        m.code,
                        m.version,
                        m.name,
                        m.questions.len()
                    );
                    if !m.attribution.is_empty() {
                        println!("    {}", m.attribution);
                    }
                }
            });
            Ok(())
        }
        MeasuresCommand::Export {
            code,
            version,
            file,
        } => {
            let saved = export_to(store, Export::Measure { code, version }, &file, today)?;
            told(
                &file,
                &format!("Wrote {} to {}", saved.about, file.display()),
            );
            Ok(())
        }
        MeasuresCommand::Import { file, registered } => {
            let text = measures::read_file(&file)?;
            let who = registered.then(|| store.actor().name.clone());
            let saved = store.write(|tx| measures::import(tx, &text, who.as_deref()))?;
            println!(
                "Added “{}” ({}, version {})",
                saved.name, saved.code, saved.version
            );
            if !saved.attribution.is_empty() {
                println!("{}", saved.attribution);
            }
            Ok(())
        }
    }
}

fn parse_answer(text: &str) -> Result<Answer> {
    let Some((question, value)) = text.split_once('=') else {
        return invalid(format!(
            "Give each answer as QUESTION=VALUE (or QUESTION=skip), not “{text}”."
        ));
    };
    let value = match value.trim() {
        "skip" | "" => None,
        number => Some(number.parse::<i64>().map_err(|_| {
            clubroom_core::Error::Invalid(format!(
                "The answer to “{question}” is a whole number or “skip”, not “{number}”."
            ))
        })?),
    };
    Ok(Answer {
        question_id: question.trim().to_owned(),
        value,
    })
}

fn plan_input(store: &Store, args: PlanArgs) -> Result<PlanInput> {
    let project_id = match &args.project {
        Some(name) => Some(
            projects::by_name(store.conn(), name)?
                .ok_or_else(|| {
                    clubroom_core::Error::NotFound(format!("There is no project called “{name}”."))
                })?
                .id,
        ),
        None => None,
    };
    let who = match args.who.as_str() {
        "everyone" => Who::Everyone,
        "regulars" => Who::Regulars {
            min_attendances: args.min_attendances.unwrap_or(4),
        },
        "chosen" => Who::Chosen {
            young_people: args
                .young_people
                .iter()
                .map(|r| young_people::require_by_reference(store.conn(), r))
                .collect::<Result<_>>()?,
        },
        other => {
            return invalid(format!(
                "A plan asks everyone, regulars or chosen young people, not “{other}”."
            ));
        }
    };
    Ok(PlanInput {
        project_id,
        series_id: args.series,
        measures: args.measures,
        baseline_within: args.baseline_within,
        review_weeks: if args.exit_only {
            None
        } else {
            Some(args.review_weeks.unwrap_or(12))
        },
        min_gap_weeks: args.min_gap_weeks,
        who,
    })
}

fn check_in_input(store: &Store, args: &AddArgs, today: NaiveDate) -> Result<CheckInInput> {
    let wave = Wave::from_code(&args.wave).ok_or_else(|| {
        clubroom_core::Error::Invalid(format!(
            "A check-in's wave is baseline, review, exit or other, not “{}”.",
            args.wave
        ))
    })?;
    let mode = Mode::from_code(&args.mode).ok_or_else(|| {
        clubroom_core::Error::Invalid(format!(
            "A check-in is answered self, with-worker or worker-rated, not “{}”.",
            args.mode
        ))
    })?;
    Ok(CheckInInput {
        young_person_id: young_people::require_by_reference(store.conn(), &args.young_person)?,
        measure_code: args.measure.clone(),
        measure_version: args.version,
        taken_on: args.date.unwrap_or(today),
        wave,
        mode,
        declined: args.declined,
        answers: args
            .answers
            .iter()
            .map(|a| parse_answer(a))
            .collect::<Result<_>>()?,
        plan_id: args.plan,
    })
}

/// One line per check-in, naming whom it is for ("Amy Test (YP1)"; once erased, a young
/// person no longer named).
fn print_check_in(conn: &rusqlite::Connection, c: &checkins::CheckIn) {
    let whom = c
        .young_person_id
        .and_then(|id| young_people::name_in_log(conn, id).ok().flatten())
        .unwrap_or_else(|| "a young person no longer named".to_owned());
    let answers = match (&c.answers, c.declined) {
        (_, true) => "declined (I'd rather not)".to_owned(),
        (Some(answers), false) => answers
            .iter()
            .map(|a| {
                format!(
                    "{}={}",
                    a.question_id,
                    a.value.map_or("skipped".to_owned(), |v| v.to_string())
                )
            })
            .collect::<Vec<_>>()
            .join(" "),
        (None, false) => "answers seen by managers and whoever recorded it".to_owned(),
    };
    println!(
        "#{} {} {whom}: {} v{} {} ({}): {answers}",
        c.id,
        c.taken_on,
        c.measure_code,
        c.measure_version,
        c.wave.code(),
        c.recorded_by
    );
}

pub fn checkins_command(
    store: &mut Store,
    command: CheckinsCommand,
    today: NaiveDate,
) -> Result<()> {
    match command {
        CheckinsCommand::Plan(args) => {
            let input = plan_input(store, args)?;
            let plan = store.write(|tx| checkins::add_plan(tx, &input))?;
            println!("Check-in plan {} set.", plan.id);
            Ok(())
        }
        CheckinsCommand::Plans { json } => {
            let plans = checkins::plans(store.conn())?;
            show(json, &plans, |plans| {
                for p in plans {
                    println!(
                        "{}: {} on {}, baseline within {} sessions, {}",
                        p.id,
                        p.plan.measures.join(", "),
                        p.plan
                            .series_id
                            .map(|s| format!("series {s}"))
                            .or(p.plan.project_id.map(|id| format!("project {id}")))
                            .unwrap_or_default(),
                        p.plan.baseline_within,
                        p.plan
                            .review_weeks
                            .map_or("exit only".to_owned(), |w| format!(
                                "review every {w} weeks"
                            ))
                    );
                }
            });
            Ok(())
        }
        CheckinsCommand::Add(args) => {
            let input = check_in_input(store, &args, today)?;
            let actor = store.actor().clone();
            let saved = store.write(|tx| checkins::record(tx, &actor, &input, today))?;
            show(args.json, &saved, |c| print_check_in(store.conn(), c));
            Ok(())
        }
        CheckinsCommand::List { young_person, json } => {
            let who = young_person
                .map(|r| young_people::require_by_reference(store.conn(), &r))
                .transpose()?;
            let seen = checkins::list(store.conn(), store.actor(), who)?;
            show(json, &seen, |seen| {
                seen.iter().for_each(|c| print_check_in(store.conn(), c))
            });
            Ok(())
        }
        CheckinsCommand::Due { session, json } => {
            let due = checkins::due(store.conn(), session)?;
            show(json, &due, |due| {
                if due.is_empty() {
                    println!("Nobody's check-in is due.");
                }
                for d in due {
                    let name = young_people::name_in_log(store.conn(), d.young_person_id)
                        .ok()
                        .flatten()
                        .unwrap_or_default();
                    println!("{name}: {} {} due", d.measure_code, d.wave.code());
                }
            });
            Ok(())
        }
    }
}

pub fn outcomes_command(
    store: &mut Store,
    command: OutcomesCommand,
    today: NaiveDate,
) -> Result<()> {
    match command {
        OutcomesCommand::Change {
            from,
            to,
            measure,
            project,
            json,
        } => {
            let period = Period::new(from, to)?;
            let scope = Scope {
                project_id: match project {
                    Some(name) => Some(
                        projects::by_name(store.conn(), &name)?
                            .ok_or_else(|| {
                                clubroom_core::Error::NotFound(format!(
                                    "There is no project called “{name}”."
                                ))
                            })?
                            .id,
                    ),
                    None => None,
                },
                ..Scope::default()
            };
            let found = distance::compute(store.conn(), period, &scope, measure.as_deref(), today)?;
            show(json, &found, |found| {
                for m in &found.measures {
                    let c = &m.coverage;
                    println!("{} (version {})", m.name, m.version);
                    println!(
                        "  in scope {}, with a baseline {}, paired {}, declined {}",
                        c.in_scope, c.with_baseline, c.paired, c.declined
                    );
                    for r in &m.rows {
                        let means = match (r.mean_before, r.mean_after) {
                            (Some(b), Some(a)) => format!(", mean {b} → {a}"),
                            _ => String::new(),
                        };
                        println!(
                            "  {}: n={} improved {}, no change {}, worse {}{means}",
                            r.label, r.n, r.improved, r.no_change, r.worse
                        );
                    }
                    println!("  {}", m.sentence);
                    if !m.attribution.is_empty() {
                        println!("  {}", m.attribution);
                    }
                }
            });
            Ok(())
        }
        OutcomesCommand::Engagement(asked) => {
            let (period, scope) = asked.asked()?;
            let found = engagement::compute(store.conn(), period, &scope, today)?;
            show(asked.json, &found, |found| {
                for r in &found.retention {
                    println!(
                        "Still coming {} months on: {} of {}",
                        r.months, r.retained, r.cohort
                    );
                }
                println!(
                    "Weeks engaged: {} for {} young people",
                    found.weeks_engaged, found.young_people
                );
            });
            Ok(())
        }
    }
}

pub fn progress_command(
    store: &mut Store,
    command: ProgressCommand,
    today: NaiveDate,
) -> Result<()> {
    match command {
        ProgressCommand::Add {
            young_person,
            kind,
            date,
            note,
        } => {
            let input = EventInput {
                young_person_id: young_people::require_by_reference(store.conn(), &young_person)?,
                kind,
                happened_on: date.unwrap_or(today),
                note,
            };
            let actor = store.actor().clone();
            let event = store.write(|tx| progression::add(tx, &actor, &input, today))?;
            println!("Recorded {} on {}.", event.kind_label, event.happened_on);
            Ok(())
        }
        ProgressCommand::List { young_person, json } => {
            let id = young_people::require_by_reference(store.conn(), &young_person)?;
            let events = progression::of(store.conn(), id)?;
            show(json, &events, |events| {
                for e in events {
                    println!(
                        "{} {}{}",
                        e.happened_on,
                        e.kind_label,
                        e.note
                            .as_deref()
                            .map(|n| format!(": {n}"))
                            .unwrap_or_default()
                    );
                }
            });
            Ok(())
        }
        ProgressCommand::Counts(asked) => {
            let (period, scope) = asked.asked()?;
            let counts = engagement::progression_counts(store.conn(), period, &scope, today)?;
            show(asked.json, &counts, |counts| {
                for group in &counts.groups {
                    println!(
                        "{}: {} young people, {} steps",
                        group.label, group.young_people, group.steps
                    );
                }
                println!("Young people with any step: {}", counts.young_people);
            });
            Ok(())
        }
    }
}
