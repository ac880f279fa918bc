//! The staff, training and safe-staffing commands.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use clubroom_core::exports::{Export, MatrixFormat};
use clubroom_core::people::{self, PersonInput};
use clubroom_core::training::{self, CourseInput, MatrixFilter, RecordInput};
use clubroom_core::vocab::{DbsLevel, StaffRole, TrainingStatus};
use clubroom_core::{Error, Result, Store, organisation, staffing};

use crate::{export_to, parse_date_arg, show, write_output};

fn parse_role(text: &str) -> std::result::Result<StaffRole, String> {
    StaffRole::parse_or_explain(text)
}

fn parse_status(text: &str) -> std::result::Result<TrainingStatus, String> {
    TrainingStatus::parse_or_explain(text)
}

fn parse_dbs_level(text: &str) -> std::result::Result<DbsLevel, String> {
    DbsLevel::parse_or_explain(text)
}

#[derive(Subcommand)]
pub enum PeopleCommand {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Adds a member of staff (--paid) or a volunteer.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
        #[arg(long, value_parser = parse_role)]
        role: Vec<StaffRole>,
        #[arg(long)]
        paid: bool,
        #[arg(long, value_parser = parse_date_arg)]
        start: Option<NaiveDate>,
    },
}

#[derive(Subcommand)]
pub enum TrainingCommand {
    /// The course catalogue (--csv FILE writes name,kind,validity_months).
    Courses {
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
    },
    /// Changes how long a course stays valid (the club's policy): a number of months, or "none".
    Validity {
        #[arg(long)]
        course: String,
        months: String,
    },
    /// Makes a course required (or, with --not, no longer required) for a role.
    Require {
        #[arg(long, value_parser = parse_role)]
        role: StaffRole,
        #[arg(long)]
        course: String,
        #[arg(long = "not")]
        not_required: bool,
    },
    /// Logs a completed course for a person (found by email or name).
    Log {
        #[arg(long)]
        person: String,
        #[arg(long)]
        course: String,
        #[arg(long, value_parser = parse_date_arg)]
        completed: NaiveDate,
        #[arg(long)]
        provider: Option<String>,
        #[arg(long)]
        certificate_number: Option<String>,
        /// DBS checks only.
        #[arg(long, value_parser = parse_dbs_level)]
        dbs_level: Option<DbsLevel>,
        /// DBS checks only: the certificate is on the DBS Update Service.
        #[arg(long)]
        update_service: bool,
        /// A scan or PDF of the certificate to keep (not for DBS checks).
        #[arg(long, value_name = "FILE")]
        certificate: Option<PathBuf>,
    },
    /// A person's records.
    Records {
        #[arg(long)]
        person: String,
        #[arg(long)]
        json: bool,
    },
    /// Confirms a record (a manager has seen the evidence).
    Confirm {
        record: i64,
        #[arg(long)]
        by: String,
    },
    /// People by courses on a day; --csv and --pdf write files.
    Matrix {
        #[arg(long, value_parser = parse_date_arg)]
        on: Option<NaiveDate>,
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
        /// Saves the matrix as an Excel workbook (each cell shaded and saying its state).
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// Only people who work sessions.
        #[arg(long)]
        working: bool,
        #[arg(long, value_parser = parse_role)]
        role: Option<StaffRole>,
        #[arg(long, value_parser = parse_status)]
        status: Option<TrainingStatus>,
    },
    /// Required training that has expired, is missing, or expires within DAYS, for the people
    /// who work sessions. Exits with status 1 when anything required has expired or is missing.
    Due {
        #[arg(long, default_value_t = 60)]
        within: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum StaffingCommand {
    /// Who worked the session, and any safe-staffing warnings.
    Show {
        session: i64,
        #[arg(long)]
        json: bool,
    },
    /// Puts someone on a session's staff list (hours default to the session's length).
    Add {
        session: i64,
        #[arg(long)]
        person: String,
        #[arg(long, value_parser = parse_role)]
        role: StaffRole,
        #[arg(long)]
        hours: Option<f64>,
    },
    Remove {
        session: i64,
        #[arg(long)]
        person: String,
    },
    /// Volunteer and staff hours per person and in total, with the in-kind value.
    Hours {
        #[arg(long, value_parser = parse_date_arg)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date_arg)]
        to: NaiveDate,
        #[arg(long)]
        json: bool,
    },
}

pub fn people_command(store: &mut Store, command: PeopleCommand) -> Result<()> {
    match command {
        PeopleCommand::List { json } => {
            // Cut to the person asking, as the window's list is: a volunteer sees only
            // their own record, never a colleague's email or phone.
            let visible = people::visible_to(store.conn(), store.actor())?;
            show(json, &visible, |all| {
                for person in all {
                    let kind = if person.details.paid {
                        "paid"
                    } else {
                        "volunteer"
                    };
                    let roles: Vec<&str> = person.details.roles.iter().map(|r| r.code()).collect();
                    let archived = if person.archived { " (archived)" } else { "" };
                    println!(
                        "{:>4}  {:<28} {:<10} {:<24} {}{archived}",
                        person.id,
                        person.details.name,
                        kind,
                        roles.join(", "),
                        person.details.email.as_deref().unwrap_or("")
                    );
                }
            });
        }
        PeopleCommand::Add {
            name,
            email,
            role,
            paid,
            start,
        } => {
            let input = PersonInput {
                name,
                email,
                phone: None,
                paid,
                roles: if role.is_empty() {
                    vec![if paid {
                        StaffRole::Worker
                    } else {
                        StaffRole::Volunteer
                    }]
                } else {
                    role
                },
                started_on: start,
                left_on: None,
            };
            let person = store.write(|tx| people::add(tx, &input))?;
            println!("Added {} ({})", person.details.name, person.id);
        }
    }
    Ok(())
}

pub fn training_command(
    store: &mut Store,
    command: TrainingCommand,
    today: NaiveDate,
) -> Result<()> {
    match command {
        TrainingCommand::Courses { csv } => {
            let courses = training::courses(store.conn())?;
            match csv {
                Some(path) => {
                    let bytes = training::courses_csv(&courses)?;
                    write_output(&path, &bytes)?;
                }
                None => {
                    for course in courses {
                        let months = course
                            .details
                            .validity_months
                            .map_or_else(|| "never expires".to_owned(), |m| format!("{m} months"));
                        let roles: Vec<&str> =
                            course.required_for.iter().map(|r| r.code()).collect();
                        let needed = if roles.is_empty() {
                            String::new()
                        } else {
                            format!("  needed by: {}", roles.join(", "))
                        };
                        println!(
                            "{:<42} {:<24} {months}{needed}",
                            course.details.name,
                            course.details.kind.label()
                        );
                    }
                }
            }
        }
        TrainingCommand::Validity { course, months } => {
            let validity = match months.trim().to_lowercase().as_str() {
                "none" | "never" => None,
                text => Some(text.parse::<u32>().map_err(|_| {
                    Error::Invalid(format!("“{months}” is not a number of months (or “none”)."))
                })?),
            };
            let changed = store.write(|tx| {
                let current = training::course_by_name(tx, &course)?;
                training::update_course(
                    tx,
                    current.id,
                    &CourseInput {
                        validity_months: validity,
                        ..current.details
                    },
                )
            })?;
            println!(
                "{} now {}",
                changed.details.name,
                validity.map_or("never expires".to_owned(), |m| format!(
                    "stays valid for {m} months"
                ))
            );
        }
        TrainingCommand::Require {
            role,
            course,
            not_required,
        } => {
            let changed = store.write(|tx| {
                let course = training::course_by_name(tx, &course)?;
                training::set_requirement(tx, role, course.id, !not_required)
            })?;
            let verb = if not_required {
                "no longer needs"
            } else {
                "needs"
            };
            println!(
                "A {} {verb} {}",
                role.label().to_lowercase(),
                changed.details.name
            );
        }
        TrainingCommand::Log {
            person,
            course,
            completed,
            provider,
            certificate_number,
            dbs_level,
            update_service,
            certificate,
        } => {
            let person_id = people::find(store.conn(), &person)?;
            let course = training::course_by_name(store.conn(), &course)?;
            // A DBS check's level left out is the core's to decide (the usual Enhanced).
            let input = RecordInput {
                person_id,
                course_id: course.id,
                completed_on: completed,
                provider,
                certificate_number,
                dbs_level,
                dbs_update_service: update_service.then_some(true),
            };
            let record =
                training::log_with_certificate(store, &input, certificate.as_deref(), today)?;
            let expiry = record
                .expires_on
                .map_or("never expires".to_owned(), |e| format!("valid until {e}"));
            println!(
                "Logged {} for {} ({expiry}); record {} awaits confirmation",
                record.course_name, record.person_name, record.id
            );
        }
        TrainingCommand::Records { person, json } => {
            let id = people::find(store.conn(), &person)?;
            let records = training::records_with_certificates(store, id, today)?;
            show(json, &records, |records| {
                for r in records {
                    let expiry = r
                        .expires_on
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| "never".into());
                    let confirmed = r
                        .confirmed_by
                        .as_deref()
                        .map_or("unconfirmed".to_owned(), |by| format!("confirmed by {by}"));
                    let certificate = match &r.certificate {
                        Some(c) => format!("  certificate {:?}", c.check).to_lowercase(),
                        None => String::new(),
                    };
                    println!(
                        "{:>5}  {:<40} done {}  expires {:<10}  {:<9} {confirmed}{certificate}",
                        r.id,
                        r.course_name,
                        r.details.completed_on,
                        expiry,
                        r.status.code()
                    );
                }
            });
        }
        TrainingCommand::Confirm { record, by } => {
            let confirmed = store.write(|tx| training::confirm(tx, record, &by, today))?;
            println!(
                "Confirmed {} for {}",
                confirmed.course_name, confirmed.person_name
            );
        }
        TrainingCommand::Matrix {
            on,
            csv,
            pdf,
            xlsx,
            working,
            role,
            status,
        } => {
            let filter = MatrixFilter {
                working_only: working,
                role,
                status,
                ..MatrixFilter::default()
            };
            let on = on.unwrap_or(today);
            for (path, format) in [
                (&csv, MatrixFormat::Csv),
                (&pdf, MatrixFormat::Pdf),
                (&xlsx, MatrixFormat::Xlsx),
            ] {
                if let Some(path) = path {
                    let export = Export::TrainingMatrix {
                        on,
                        filter: filter.clone(),
                        format,
                    };
                    export_to(store, export, path, today)?;
                }
            }
            let matrix = training::matrix(store.conn(), on, &filter)?;
            if csv.is_none() && pdf.is_none() && xlsx.is_none() {
                for row in &matrix.rows {
                    let cells: Vec<String> = row
                        .cells
                        .iter()
                        .zip(&matrix.courses)
                        .filter_map(|(cell, course)| {
                            cell.status
                                .map(|s| format!("{}: {}", course.details.name, s.code()))
                        })
                        .collect();
                    println!(
                        "{:<28} {:<9} {}",
                        row.person.details.name,
                        row.worst.code(),
                        cells.join("; ")
                    );
                }
            }
        }
        TrainingCommand::Due { within, json } => {
            let due = training::due_for(store.conn(), store.actor(), today, within)?;
            show(json, &due, |due| {
                for item in due {
                    let when = match (item.status, item.days_left) {
                        (TrainingStatus::Missing, _) => "not on record".to_owned(),
                        (_, Some(days)) if days < 0 => format!("expired {} days ago", -days),
                        (_, Some(0)) => "expires today".to_owned(),
                        (_, Some(days)) => format!("expires in {days} days"),
                        (_, None) => String::new(),
                    };
                    println!("{:<28} {:<40} {when}", item.person_name, item.course_name);
                }
                if due.is_empty() {
                    println!("Nothing due in the next {within} days.");
                }
            });
            let lapsed = due
                .iter()
                .filter(|d| matches!(d.status, TrainingStatus::Expired | TrainingStatus::Missing))
                .count();
            if lapsed > 0 {
                return Err(Error::Invalid(match lapsed {
                    1 => "1 required course has expired or is missing for someone who works sessions.".to_owned(),
                    n => format!("{n} required courses have expired or are missing for people who work sessions."),
                }));
            }
        }
    }
    Ok(())
}

pub fn staffing_command(
    store: &mut Store,
    command: StaffingCommand,
    _today: NaiveDate,
) -> Result<()> {
    match command {
        StaffingCommand::Show { session, json } => {
            let check = staffing::check_as(store.conn(), session, store.actor())?;
            show(json, &check, |check| {
                for entry in &check.staff {
                    println!(
                        "  {:<28} {:<16} {:>5.2} h",
                        entry.person_name,
                        entry.role.label(),
                        entry.hours
                    );
                }
                println!(
                    "{} adults for {} young people (needs {}), {} first aider{}",
                    check.adults,
                    check.young_people,
                    check.adults_needed,
                    check.first_aiders,
                    if check.first_aiders == 1 { "" } else { "s" }
                );
                for warning in &check.warnings {
                    println!("  ! {}", warning.message);
                }
            });
        }
        StaffingCommand::Add {
            session,
            person,
            role,
            hours,
        } => {
            let staff = store.write(|tx| {
                let id = people::find(tx, &person)?;
                staffing::set(tx, session, id, role, hours)
            })?;
            println!("{} on the staff list", staff.len());
        }
        StaffingCommand::Remove { session, person } => {
            let staff = store.write(|tx| {
                let id = people::find(tx, &person)?;
                staffing::remove(tx, session, id)
            })?;
            println!("{} on the staff list", staff.len());
        }
        StaffingCommand::Hours { from, to, json } => {
            let hours = staffing::hours_by_person(store.conn(), from, to)?;
            show(json, &hours, |hours| {
                let value = organisation::get(store.conn())
                    .ok()
                    .flatten()
                    .map_or(0.0, |o| o.volunteer_hour_value_gbp);
                for h in hours {
                    println!(
                        "{:<28} {:<10} {:>3} sessions {:>8.2} h",
                        h.name,
                        if h.paid { "paid" } else { "volunteer" },
                        h.sessions,
                        h.hours
                    );
                }
                let volunteer: f64 = hours.iter().filter(|h| !h.paid).map(|h| h.hours).sum();
                let paid: f64 = hours.iter().filter(|h| h.paid).map(|h| h.hours).sum();
                println!(
                    "Volunteer hours {volunteer:.2} (worth £{:.2}); staff hours {paid:.2}",
                    volunteer * value
                );
            });
        }
    }
    Ok(())
}
