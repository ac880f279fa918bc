//! Data-protection rights from the command line (managers only): `rights access` writes
//! everything held about a young person (PDF or JSON, by the file's extension), `rights
//! erase` erases one on request (shows what it would do, then does it with `--confirm`), and
//! `rights retention` shows and sets how long records are kept, lists what is due, and
//! applies the review once confirmed.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;
use clubroom_core::error::invalid;
use clubroom_core::exports::Export;
use clubroom_core::rights::{
    self, ErasurePreview, RetentionChoice, RetentionReview, RetentionRules,
};
use clubroom_core::{Result, Store, young_people};

use crate::{export_to, show};

#[derive(Subcommand)]
pub enum RightsCommand {
    /// Writes everything held about a young person (a subject access request): a readable
    /// PDF, or JSON (clubroom-subject-access/1) when FILE ends in .json.
    Access {
        /// The young person's id or reference (YP00042).
        #[arg(long = "young-person", value_name = "ID")]
        young_person: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Erases a young person on request. Without --confirm, says what would happen.
    Erase {
        #[arg(long = "young-person", value_name = "ID")]
        young_person: String,
        #[arg(long)]
        confirm: bool,
        #[arg(long)]
        json: bool,
    },
    /// How long records are kept: show or set the rules, review what is due, apply it.
    #[command(subcommand)]
    Retention(RetentionCommand),
}

#[derive(Subcommand)]
pub enum RetentionCommand {
    /// The rules in force.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Changes the rules.
    Set {
        /// Young people not seen for this many years are listed for erasure.
        #[arg(long, value_name = "YEARS")]
        unseen_years: Option<u32>,
        /// Named registers of financial years that ended more than this many years ago are
        /// listed for anonymising.
        #[arg(long, value_name = "YEARS")]
        register_years: Option<u32>,
    },
    /// Lists who and what the rules say is due, changing nothing.
    Review {
        #[arg(long)]
        json: bool,
    },
    /// Does everything the review lists, except what is skipped. Needs --confirm.
    Apply {
        /// A young person (id) to keep this time.
        #[arg(long = "skip-person", value_name = "ID")]
        skip_people: Vec<i64>,
        /// A session (id) whose register stays named this time.
        #[arg(long = "skip-session", value_name = "ID")]
        skip_sessions: Vec<i64>,
        #[arg(long)]
        confirm: bool,
    },
}

pub fn rights_command(store: &mut Store, command: RightsCommand, today: NaiveDate) -> Result<()> {
    let actor = store.actor().clone();
    match command {
        RightsCommand::Access { young_person, out } => {
            let id = young_person_id(store, &young_person)?;
            access(store, id, &out, today)
        }
        RightsCommand::Erase {
            young_person,
            confirm,
            json,
        } => {
            let id = young_person_id(store, &young_person)?;
            let preview = rights::erasure_preview(store.conn(), &actor, id)?;
            if !confirm {
                show(json, &preview, print_preview);
                if preview.blocked.is_none() {
                    println!("Nothing was changed. Run again with --confirm to erase.");
                }
                return Ok(());
            }
            store.doing("erase a young person on request");
            let erased = rights::erase_from_file(store, id, None, today)?;
            show(json, &erased, |e| {
                println!(
                    "Erased {} ({}). {} attendance{} still count{}, with no name; their name was \
                     taken out of {} session note{}.",
                    preview.name,
                    preview.reference,
                    e.attendances,
                    plural(e.attendances),
                    if e.attendances == 1 { "s" } else { "" },
                    e.notes,
                    plural(e.notes)
                )
            });
            Ok(())
        }
        RightsCommand::Retention(command) => retention(store, command, today),
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A young person by id, or by reference when it is not a number.
fn young_person_id(store: &Store, given: &str) -> Result<i64> {
    match given.trim().parse::<i64>() {
        Ok(id) => Ok(id),
        Err(_) => young_people::require_by_reference(store.conn(), given.trim()),
    }
}

fn access(store: &mut Store, id: i64, out: &Path, today: NaiveDate) -> Result<()> {
    let as_json = match out.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("json") => true,
        Some(e) if e.eq_ignore_ascii_case("pdf") => false,
        _ => {
            return invalid(format!(
                "Say which kind of file to write by its name: {} should end in .pdf or .json.",
                out.display()
            ));
        }
    };
    let export = Export::SubjectAccess {
        young_person: id,
        json: as_json,
    };
    let saved = export_to(store, export, out, today)?;
    println!("Wrote {} to {}.", saved.about, out.display());
    Ok(())
}

fn print_preview(preview: &ErasurePreview) {
    println!("{} ({})", preview.name, preview.reference);
    if let Some(reason) = &preview.blocked {
        println!("{reason}");
        return;
    }
    println!(
        "Erasing deletes their name, reference, date of birth, postcode, contacts, consents, \
         medical notes and circumstances. Their {} attendance{} stay in past figures with no \
         name attached, and their name is taken out of {} session note{}. This cannot be undone.",
        preview.attendances,
        plural(preview.attendances),
        preview.notes,
        plural(preview.notes)
    );
    if !preview.stories.go.is_empty() {
        println!(
            "These stories about them are deleted: {}.",
            quoted(&preview.stories.go)
        );
    }
    if !preview.stories.stay.is_empty() {
        println!(
            "These anonymous stories stay, linked to no one (nothing in them identifies anyone): {}.",
            quoted(&preview.stories.stay)
        );
    }
}

fn quoted(titles: &[String]) -> String {
    titles
        .iter()
        .map(|t| format!("“{t}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn retention(store: &mut Store, command: RetentionCommand, today: NaiveDate) -> Result<()> {
    let actor = store.actor().clone();
    match command {
        RetentionCommand::Show { json } => {
            let rules = rights::rules(store.conn(), &actor)?;
            show(json, &rules, print_rules);
            Ok(())
        }
        RetentionCommand::Set {
            unseen_years,
            register_years,
        } => {
            let now = rights::rules(store.conn(), &actor)?;
            let wanted = RetentionRules {
                unseen_years: unseen_years.unwrap_or(now.unseen_years),
                register_years: register_years.unwrap_or(now.register_years),
            };
            store.doing("change the retention rules");
            let rules = store.write(|tx| rights::set_rules(tx, &actor, wanted))?;
            print_rules(&rules);
            Ok(())
        }
        RetentionCommand::Review { json } => {
            let review = rights::review(store.conn(), &actor, today)?;
            show(json, &review, print_review);
            Ok(())
        }
        RetentionCommand::Apply {
            skip_people,
            skip_sessions,
            confirm,
        } => {
            let review = rights::review(store.conn(), &actor, today)?;
            let choice = RetentionChoice {
                erase: review
                    .people
                    .iter()
                    .filter(|p| p.kept_because.is_none() && !skip_people.contains(&p.id))
                    .map(|p| p.id)
                    .collect(),
                anonymise: review
                    .registers
                    .iter()
                    .filter(|r| !skip_sessions.contains(&r.session_id))
                    .map(|r| r.session_id)
                    .collect(),
            };
            if !confirm {
                print_review(&review);
                println!(
                    "Nothing was changed. Run again with --confirm to erase {} young {} and \
                     anonymise {} register{}.",
                    choice.erase.len(),
                    if choice.erase.len() == 1 {
                        "person"
                    } else {
                        "people"
                    },
                    choice.anonymise.len(),
                    plural(choice.anonymise.len() as u32)
                );
                return Ok(());
            }
            store.doing("apply the retention rules");
            let done = rights::apply_to_file(store, &choice, today)?;
            println!(
                "Erased {} young {}; anonymised {} register{}; {} attendance{} now count with no name.",
                done.erased,
                if done.erased == 1 { "person" } else { "people" },
                done.registers,
                plural(done.registers),
                done.attendances,
                plural(done.attendances)
            );
            Ok(())
        }
    }
}

fn print_rules(rules: &RetentionRules) {
    println!(
        "Young people not seen for {} years are listed for erasure.",
        rules.unseen_years
    );
    println!(
        "Named registers of financial years that ended more than {} years ago are listed for \
         anonymising.",
        rules.register_years
    );
}

fn print_review(review: &RetentionReview) {
    println!(
        "Young people last seen before {} ({}):",
        review.unseen_before,
        review.people.len()
    );
    for p in &review.people {
        let seen = p.last_seen.map_or_else(
            || format!("never came (added {})", p.added_on),
            |d| d.to_string(),
        );
        let kept = p.kept_because.as_deref().unwrap_or("");
        println!(
            "  {:>5}  {}  {}  last seen {seen}  {kept}",
            p.id, p.reference, p.name
        );
    }
    println!(
        "Named registers before {} ({}):",
        review.registers_before,
        review.registers.len()
    );
    for r in &review.registers {
        println!(
            "  {:>5}  {}  {}  {} named",
            r.session_id, r.date, r.session, r.named
        );
    }
}
