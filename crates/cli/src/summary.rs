//! The partnership summary from the command line: `summary write` puts the files a
//! partnership receives into a folder, for a preview or a script; `summary send` queues the
//! same files in the outbox and delivers them to the partnership's destination
//! (`summary destination`); `summary outbox` and `summary log` show how sending stands.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};
use clubroom_core::dates::Period;
use clubroom_core::error::invalid;
use clubroom_core::exports::{self, Export, Saved, To};
use clubroom_core::sync::{
    self, Calendar, Destination, DestinationKind, LogEntry, OutboxEntry, SendRequest, Status, Which,
};
use clubroom_core::{Error, Result, Store};

use crate::{parse_date_arg, show};

#[derive(Subcommand)]
pub enum SummaryCommand {
    /// Writes the summary's CSV, its Table Schema and its manifest into a folder, without
    /// sending anything. Writing the same period again replaces the files.
    Write {
        #[arg(long, value_parser = parse_date_arg)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date_arg)]
        to: NaiveDate,
        /// The folder to write into (it must exist).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// List the files written, with their digests, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Sends the summary of a period to the partnership: puts it in the outbox (replacing an
    /// earlier send of the same period) and delivers everything waiting. Fails if anything
    /// was refused; what could not be reached waits and is tried again. Without dates, only
    /// tries again what is waiting.
    Send {
        #[arg(long, value_parser = parse_date_arg, requires = "to")]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = parse_date_arg, requires = "from")]
        to: Option<NaiveDate>,
        /// List the outbox entries tried, as JSON.
        #[arg(long)]
        json: bool,
        /// Send a period that has not ended yet: its figures hold only what has happened so
        /// far (send it again when it is over; the later send replaces this one).
        #[arg(long)]
        before_period_ends: bool,
    },
    /// Shows or sets where summaries are sent: a folder, or a WebDAV folder with a user
    /// name (the app password comes from CLUBROOM_WEBDAV_PASSWORD, or is asked for and kept
    /// in the OS keychain, never in the club file).
    Destination(DestinationArgs),
    /// Lists the outbox: each period, sent, waiting or failed, with the reason.
    Outbox {
        #[arg(long)]
        json: bool,
    },
    /// Lists every attempt to send, newest first.
    Log {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct DestinationArgs {
    /// A folder (a shared drive or a cloud-sync folder) that exists.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["webdav", "user"])]
    folder: Option<PathBuf>,
    /// The address of the partnership's WebDAV folder (https://…).
    #[arg(long, value_name = "URL", requires = "user")]
    webdav: Option<String>,
    /// The user name the partnership gave you for its server.
    #[arg(long, value_name = "NAME", requires = "webdav")]
    user: Option<String>,
    /// How often the partnership collects summaries.
    #[arg(long, value_enum, default_value = "quarterly")]
    calendar: CalendarArg,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum CalendarArg {
    Monthly,
    Quarterly,
    Custom,
}

pub fn summary_command(store: &mut Store, command: SummaryCommand, today: NaiveDate) -> Result<()> {
    match command {
        SummaryCommand::Write {
            from,
            to,
            out,
            json,
        } => {
            let export = Export::Summary {
                period: Period::new(from, to)?,
            };
            let saved = exports::export(store, export, To::Folder(&out), today, Utc::now())?;
            show(json, &saved.files, |_| print_written(&saved));
            Ok(())
        }
        SummaryCommand::Send {
            from,
            to,
            json,
            before_period_ends,
        } => {
            let period = match (from, to) {
                (Some(from), Some(to)) => Some(Period::new(from, to)?),
                _ => None,
            };
            send(store, period, today, json, before_period_ends)
        }
        SummaryCommand::Destination(args) => destination(store, args),
        SummaryCommand::Outbox { json } => {
            let entries = sync::outbox(store.conn())?;
            show(json, &entries, |entries| print_outbox(entries));
            Ok(())
        }
        SummaryCommand::Log { json } => {
            let entries = sync::log(store.conn())?;
            show(json, &entries, |entries| print_log(entries));
            Ok(())
        }
    }
}

/// Sends the period (if any) and tries everything not yet sent (a person asked to send now,
/// so the back-off does not hold anything back), through the core's one door.
fn send(
    store: &mut Store,
    period: Option<Period>,
    today: NaiveDate,
    json: bool,
    before_period_ends: bool,
) -> Result<()> {
    let request = match period {
        Some(period) => {
            // The core refuses a period still running and says what sending it would mean;
            // the CLI adds how to choose to send it anyway.
            if !before_period_ends
                && let Some(warning) = clubroom_core::summary::period_not_ended(period, today)
            {
                return invalid(format!(
                    "{warning} To send it now, run the command again with --before-period-ends."
                ));
            }
            SendRequest::period(period, before_period_ends)
        }
        None => SendRequest::retry(Which::All),
    };
    let tried = sync::send(store, request, today, Utc::now)?;
    show(json, &tried, |tried| {
        if tried.is_empty() {
            println!("Nothing is waiting to be sent.");
        } else {
            print_outbox(tried);
        }
    });
    let failed = tried.iter().filter(|e| e.status == Status::Failed).count();
    match failed {
        0 => Ok(()),
        1 => invalid("1 summary could not be sent (the reason is above)."),
        n => invalid(format!(
            "{n} summaries could not be sent (the reasons are above)."
        )),
    }
}

fn destination(store: &mut Store, args: DestinationArgs) -> Result<()> {
    let wanted = match (args.folder, args.webdav) {
        (Some(folder), _) => Destination {
            kind: DestinationKind::Folder,
            location: folder.display().to_string(),
            user_name: None,
            calendar: args.calendar.into(),
            custom_periods: Vec::new(),
        },
        (None, Some(url)) => Destination {
            kind: DestinationKind::Webdav,
            location: url,
            user_name: args.user,
            calendar: args.calendar.into(),
            custom_periods: Vec::new(),
        },
        (None, None) => {
            let current = sync::destination(store.conn())?;
            show(args.json, &current, |current| {
                print_destination(current.as_ref())
            });
            return Ok(());
        }
    };
    let saved = store.write(|tx| sync::set_destination(tx, &wanted, Utc::now()))?;
    if saved.kind == DestinationKind::Webdav {
        keep_password(&saved)?;
    }
    show(args.json, &saved, |saved| print_destination(Some(saved)));
    Ok(())
}

/// With CLUBROOM_WEBDAV_PASSWORD set there is nothing to keep (it is read at each send);
/// otherwise the password is asked for and kept in the OS keychain.
fn keep_password(destination: &Destination) -> Result<()> {
    if sync::password(destination)?.is_some() {
        return Ok(());
    }
    let password = ask_password(destination)?;
    sync::save_password(destination, &password)
}

fn ask_password(destination: &Destination) -> Result<String> {
    eprint!(
        "The app password for {} (it is kept in the keychain): ",
        sync::describe(destination)
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::file("Could not read the password", e))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

impl From<CalendarArg> for Calendar {
    fn from(calendar: CalendarArg) -> Calendar {
        match calendar {
            CalendarArg::Monthly => Calendar::Monthly,
            CalendarArg::Quarterly => Calendar::Quarterly,
            CalendarArg::Custom => Calendar::Custom,
        }
    }
}

fn print_destination(destination: Option<&Destination>) {
    match destination {
        None => println!(
            "No destination is set: clubroom-cli summary destination --folder DIR (or --webdav URL --user NAME)."
        ),
        Some(destination) => {
            let calendar = match destination.calendar {
                Calendar::Monthly => "monthly",
                Calendar::Quarterly => "quarterly",
                Calendar::Custom => "on the partnership's own dates",
            };
            println!(
                "Summaries go to {}, {calendar}.",
                sync::describe(destination)
            );
        }
    }
}

fn print_outbox(entries: &[OutboxEntry]) {
    if entries.is_empty() {
        println!("Nothing is in the outbox.");
    }
    for entry in entries {
        let period = format!("{} to {}", entry.period.from, entry.period.to);
        match (entry.status, &entry.last_error) {
            (Status::Sent, _) => println!(
                "Sent     {period} at {}",
                entry.sent_at.map_or(String::new(), |at| at.to_rfc3339())
            ),
            (status, reason) => {
                let label = if status == Status::Failed {
                    "Failed "
                } else {
                    "Waiting"
                };
                println!(
                    "{label}  {period}: {}",
                    reason.as_deref().unwrap_or("not tried yet.")
                );
                if let Some(next) = entry.next_attempt_at {
                    println!("         next try after {}", next.to_rfc3339());
                }
            }
        }
    }
}

fn print_log(entries: &[LogEntry]) {
    if entries.is_empty() {
        println!("Nothing has been sent yet.");
    }
    for entry in entries {
        println!(
            "{}  {} to {}  {}  {}",
            entry.attempted_at.to_rfc3339(),
            entry.period.from,
            entry.period.to,
            entry.result.code(),
            entry.message
        );
        println!("      CSV SHA-256 {}", entry.csv_sha256);
    }
}

fn print_written(saved: &Saved) {
    println!("Wrote {}:", saved.about);
    for file in &saved.files {
        println!("  {}", file.path);
        println!("      {} bytes, SHA-256 {}", file.bytes, file.sha256);
    }
    for note in &saved.notes {
        println!("{note}");
    }
}
