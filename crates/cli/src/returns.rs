//! Funder returns, templates and saved returns from the command line.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use clubroom_core::dates::Period;
use clubroom_core::exports::{Export, ReturnFormat};
use clubroom_core::figures::Scope;
use clubroom_core::outcomes::OutcomeTag;
use clubroom_core::returns::templates::{self, TemplateEntry};
use clubroom_core::returns::{self, DifferenceChoice, ReturnRequest, SavedReturnCheck};
use clubroom_core::vocab::SessionType;
use clubroom_core::{Error, Result, Store};

use crate::{export_to, parse_date_arg, show, told};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Pdf,
    Csv,
    Json,
    /// An Excel workbook: a cover sheet and a sheet per table, the figures as numbers.
    Xlsx,
    /// The de-identified register: one row per attendance, no names.
    Register,
}

#[derive(Args)]
pub struct ReportArgs {
    /// The template's id or name (`clubroom-cli templates list`).
    #[arg(long)]
    template: String,
    #[arg(long, value_parser = parse_date_arg)]
    from: NaiveDate,
    #[arg(long, value_parser = parse_date_arg)]
    to: NaiveDate,
    #[arg(long, value_enum, default_value = "pdf")]
    format: Format,
    /// Where to write it (`-` for standard output, for CSV, JSON and the register).
    #[arg(long)]
    out: PathBuf,
    /// Only the sessions of this project (by name).
    #[arg(long)]
    project: Option<String>,
    /// Only the sessions of these series (by id; repeat for more).
    #[arg(long = "series")]
    series: Vec<i64>,
    /// Only sessions of these types (repeat for more).
    #[arg(long = "type", value_parser = parse_session_type)]
    session_types: Vec<SessionType>,
    /// An answer to one of the template's questions, as ID=TEXT (repeat for more).
    #[arg(long = "answer", value_parser = parse_answer)]
    answers: Vec<(String, String)>,
    /// For a template asking for the differences made: an outcome, as FRAMEWORK/OUTCOME
    /// (repeat for up to three, in order).
    #[arg(long = "difference", value_name = "FRAMEWORK/OUTCOME", value_parser = crate::parse_outcome_tag)]
    differences: Vec<OutcomeTag>,
    /// What changed for difference N, in your words, as N=TEXT.
    #[arg(long = "difference-words", value_name = "N=TEXT", value_parser = parse_numbered)]
    difference_words: Vec<(usize, String)>,
    /// The anonymous case study for difference N, as N=STORY-ID (`clubroom-cli stories list`).
    #[arg(long = "case-study", value_name = "N=STORY-ID", value_parser = parse_numbered)]
    case_studies: Vec<(usize, String)>,
    /// Make the file without keeping a saved copy of the return as sent.
    #[arg(long)]
    draft: bool,
}

fn parse_numbered(text: &str) -> std::result::Result<(usize, String), String> {
    text.split_once('=')
        .and_then(|(n, rest)| Some((n.trim().parse().ok().filter(|n| *n >= 1)?, rest.to_owned())))
        .ok_or_else(|| format!("“{text}” should be a difference's number and a value, like 1=…"))
}

/// The differences chosen, with their words and case studies by number (1 for the first).
fn differences(args: &ReportArgs) -> Result<Vec<DifferenceChoice>> {
    let mut choices: Vec<DifferenceChoice> = args
        .differences
        .iter()
        .map(|outcome| DifferenceChoice {
            outcome: outcome.clone(),
            words: String::new(),
            story_id: None,
        })
        .collect();
    let count = choices.len();
    let missing = |n: usize| {
        Error::Invalid(format!(
            "There is no difference {n}: {count} chosen with --difference."
        ))
    };
    for (n, words) in &args.difference_words {
        choices.get_mut(n - 1).ok_or_else(|| missing(*n))?.words = words.clone();
    }
    for (n, story) in &args.case_studies {
        let id = story.trim().parse().map_err(|_| {
            Error::Invalid(format!(
                "“{story}” is not a story's number (`stories list`)."
            ))
        })?;
        choices.get_mut(n - 1).ok_or_else(|| missing(*n))?.story_id = Some(id);
    }
    Ok(choices)
}

#[derive(Subcommand)]
pub enum TemplatesCommand {
    /// The built-in templates and the club's own.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Writes a template to a file, to hand to others.
    Export { template: String, file: PathBuf },
    /// Adds a template from a file to the club's own (replacing one with the same id).
    Import { file: PathBuf },
    /// Removes one of the club's own templates.
    Delete { template: String },
}

#[derive(Subcommand)]
pub enum ReturnsCommand {
    /// Every saved return, the latest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// A saved return: whether the records behind it have changed since, and which figures
    /// would now differ.
    Check {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Writes a saved return exactly as it was sent.
    Write {
        id: i64,
        #[arg(long, value_enum, default_value = "pdf")]
        format: Format,
        #[arg(long)]
        out: PathBuf,
    },
}

fn parse_session_type(text: &str) -> std::result::Result<SessionType, String> {
    SessionType::parse_or_explain(text)
}

fn parse_answer(text: &str) -> std::result::Result<(String, String), String> {
    text.split_once('=')
        .map(|(id, answer)| (id.trim().to_owned(), answer.to_owned()))
        .ok_or_else(|| format!("“{text}” should be QUESTION-ID=your answer"))
}

pub fn report(store: &mut Store, args: ReportArgs, today: NaiveDate) -> Result<()> {
    let project_id = match &args.project {
        Some(name) => Some(
            clubroom_core::projects::by_name(store.conn(), name)?
                .ok_or_else(|| Error::NotFound(format!("There is no project called “{name}”.")))?
                .id,
        ),
        None => None,
    };
    let request = ReturnRequest {
        template_id: templates::get(store.conn(), &args.template)?.id,
        period: Period::new(args.from, args.to)?,
        scope: Scope {
            project_id,
            series_ids: args.series.clone(),
            session_types: args.session_types.clone(),
        },
        answers: args.answers.iter().cloned().collect::<BTreeMap<_, _>>(),
        differences: differences(&args)?,
    };
    let out = args.out.clone();
    let format = match args.format {
        Format::Register => {
            let saved = export_to(store, Export::ReturnRegister { request }, &out, today)?;
            told(&out, &format!("Wrote {} to {}", saved.about, out.display()));
            return Ok(());
        }
        other => return_format(other)?,
    };
    let export = Export::Return {
        request,
        format,
        draft: args.draft,
    };
    // The saved copy and the file go together: if the file cannot be written, nothing is
    // kept as sent.
    let saved = export_to(store, export, &out, today)?;
    let kept = saved
        .saved_return
        .map_or(" (a draft: not kept as sent)".to_owned(), |id| {
            format!(" and kept it as sent (saved return {id})")
        });
    told(
        &out,
        &format!("Wrote {} to {}{kept}", saved.about, out.display()),
    );
    Ok(())
}

fn return_format(format: Format) -> Result<ReturnFormat> {
    match format {
        Format::Pdf => Ok(ReturnFormat::Pdf),
        Format::Csv => Ok(ReturnFormat::Csv),
        Format::Json => Ok(ReturnFormat::Json),
        Format::Xlsx => Ok(ReturnFormat::Xlsx),
        Format::Register => Err(Error::Invalid(
            "A saved return keeps its figures, not the register: make the register with `clubroom-cli report --format register`.".into(),
        )),
    }
}

pub fn templates_command(
    store: &mut Store,
    command: TemplatesCommand,
    today: NaiveDate,
) -> Result<()> {
    match command {
        TemplatesCommand::List { json } => {
            let all = templates::all(store.conn())?;
            show(json, &all, |all: &Vec<TemplateEntry>| {
                for entry in all {
                    let t = &entry.template;
                    let whose = if entry.built_in {
                        "built in"
                    } else {
                        "the club's own"
                    };
                    println!(
                        "{:<20} {} (for {}; version {}, {whose})",
                        t.id, t.name, t.funder, t.version
                    );
                }
            });
            Ok(())
        }
        TemplatesCommand::Export { template, file } => {
            let id = templates::get(store.conn(), &template)?.id;
            let saved = export_to(store, Export::Template { id }, &file, today)?;
            told(
                &file,
                &format!("Wrote {} to {}", saved.about, file.display()),
            );
            Ok(())
        }
        TemplatesCommand::Import { file } => {
            let text = templates::read_file(&file)?;
            let saved = store.write(|tx| templates::import(tx, &text))?;
            println!(
                "Added “{}” ({}, version {})",
                saved.name, saved.id, saved.version
            );
            Ok(())
        }
        TemplatesCommand::Delete { template } => {
            let id = templates::get(store.conn(), &template)?.id;
            store.write(|tx| templates::delete(tx, &id))?;
            println!("Removed the template {id}");
            Ok(())
        }
    }
}

pub fn returns_command(store: &mut Store, command: ReturnsCommand, today: NaiveDate) -> Result<()> {
    match command {
        ReturnsCommand::List { json } => {
            let saved = returns::saved_list(store.conn())?;
            show(json, &saved, |saved| {
                if saved.is_empty() {
                    println!("No returns have been saved yet.");
                }
                for s in saved {
                    println!(
                        "{:>4}  {}  {} to {}  {} ({})  {}",
                        s.id,
                        s.produced_on,
                        s.period.from,
                        s.period.to,
                        s.template.name,
                        s.template.funder,
                        s.covers
                    );
                }
            });
            Ok(())
        }
        ReturnsCommand::Check { id, json } => {
            let check = returns::check_saved(store.conn(), id)?;
            show(json, &check, print_check);
            Ok(())
        }
        ReturnsCommand::Write { id, format, out } => {
            let format = return_format(format)?;
            let saved = export_to(store, Export::SavedReturn { id, format }, &out, today)?;
            told(&out, &format!("Wrote {} to {}", saved.about, out.display()));
            Ok(())
        }
    }
}

fn print_check(check: &SavedReturnCheck) {
    let r = &check.saved.report;
    println!(
        "{} for {}, {} to {}; sent on {}",
        r.template.name, r.template.funder, r.period.from, r.period.to, check.saved.produced_on
    );
    if !check.records_changed {
        println!("The records behind it have not changed since.");
        return;
    }
    if check.differences.is_empty() {
        println!("Records behind it have changed since, but every figure is the same.");
        return;
    }
    println!("Records behind it have changed since; these figures would now differ:");
    for d in &check.differences {
        println!("  {}: sent {}, now {}", d.label, d.sent, d.now);
    }
}
