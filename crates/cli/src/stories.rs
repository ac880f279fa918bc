//! Stories from the command line: add a quote or a case study about a young person, list
//! them (with what the anonymity check found in an anonymous one), remove one. Who may read
//! which story, and the check itself, are the core's (`clubroom_core::stories`).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;
use clubroom_core::access::Operation;
use clubroom_core::error::invalid;
use clubroom_core::outcomes::OutcomeTag;
use clubroom_core::stories::{
    self, ConsentGiver, StoryAudience, StoryConsent, StoryInput, StoryKind,
};
use clubroom_core::{Result, Store, young_people};

use crate::{parse_date_arg, parse_outcome_tag, show};

#[derive(Subcommand)]
pub enum StoriesCommand {
    /// Records a quote or a case study about a young person, with the consent it was given
    /// under. The words come from --text, or from --file ("-" for standard input).
    Add {
        #[arg(long = "young-person", value_name = "REF")]
        young_person: String,
        /// quote or case-study.
        #[arg(long, default_value = "case-study", value_parser = parse_kind)]
        kind: StoryKind,
        #[arg(long)]
        title: String,
        #[arg(long, conflicts_with = "file")]
        text: Option<String>,
        #[arg(long)]
        file: Option<PathBuf>,
        /// named, anonymous or not-for-use.
        #[arg(long, value_parser = parse_consent)]
        consent: StoryConsent,
        /// young-person or parent-carer.
        #[arg(long = "given-by", default_value = "young-person", value_parser = parse_giver)]
        given_by: ConsentGiver,
        /// The day it was told (today if not given).
        #[arg(long, value_parser = parse_date_arg)]
        date: Option<NaiveDate>,
        /// team (everyone who may change young people) or managers (and you).
        #[arg(long, default_value = "team", value_parser = parse_audience)]
        audience: StoryAudience,
        /// An outcome it evidences, as FRAMEWORK/OUTCOME (repeat for more).
        #[arg(long = "outcome", value_name = "FRAMEWORK/OUTCOME", value_parser = parse_outcome_tag)]
        outcomes: Vec<OutcomeTag>,
    },
    /// Stories you may read (of one young person, or all), newest first, with what the
    /// anonymity check found in each anonymous one.
    List {
        #[arg(long = "young-person", value_name = "REF")]
        young_person: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Removes a story (its consent withdrawn, or recorded by mistake).
    Remove { id: i64 },
}

fn parse_kind(text: &str) -> std::result::Result<StoryKind, String> {
    StoryKind::parse_or_explain(text)
}

fn parse_consent(text: &str) -> std::result::Result<StoryConsent, String> {
    StoryConsent::parse_or_explain(text)
}

fn parse_giver(text: &str) -> std::result::Result<ConsentGiver, String> {
    ConsentGiver::parse_or_explain(text)
}

fn parse_audience(text: &str) -> std::result::Result<StoryAudience, String> {
    StoryAudience::parse_or_explain(text)
}

pub fn stories_operation(command: &StoriesCommand) -> Operation {
    match command {
        StoriesCommand::Add { .. } => Operation::AddStory,
        StoriesCommand::List { .. } => Operation::Stories,
        StoriesCommand::Remove { .. } => Operation::RemoveStory,
    }
}

/// The story's words from --text or --file.
fn words(text: Option<String>, file: Option<PathBuf>) -> Result<String> {
    match (text, file) {
        (Some(text), _) => Ok(text),
        (None, Some(path)) if path.as_os_str() == "-" => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
                clubroom_core::Error::Invalid(format!("Could not read the story: {e}"))
            })?;
            Ok(text)
        }
        (None, Some(path)) => std::fs::read_to_string(&path).map_err(|e| {
            clubroom_core::Error::Invalid(format!(
                "Could not read the story from {}: {e}",
                path.display()
            ))
        }),
        (None, None) => invalid("Give the story's words with --text, or --file FILE."),
    }
}

pub fn stories_command(store: &mut Store, command: StoriesCommand, today: NaiveDate) -> Result<()> {
    match command {
        StoriesCommand::Add {
            young_person,
            kind,
            title,
            text,
            file,
            consent,
            given_by,
            date,
            audience,
            outcomes,
        } => {
            let input = StoryInput {
                young_person_id: young_people::require_by_reference(store.conn(), &young_person)?,
                kind,
                title,
                body: words(text, file)?,
                consent,
                consent_given_by: given_by,
                told_on: date.unwrap_or(today),
                audience,
                outcomes,
            };
            let actor = store.actor().clone();
            let story = store.write(|tx| stories::add(tx, &actor, &input, today))?;
            println!("Recorded story {} “{}”.", story.id, story.title);
            print_findings(&story);
            Ok(())
        }
        StoriesCommand::List { young_person, json } => {
            let id = young_person
                .map(|r| young_people::require_by_reference(store.conn(), &r))
                .transpose()?;
            let found = stories::list(store.conn(), store.actor(), id)?;
            show(json, &found, |found| {
                for story in found {
                    println!(
                        "{} {} {}: “{}” about {} ({})",
                        story.id,
                        story.told_on,
                        story.kind.label(),
                        story.title,
                        story.about,
                        story.consent.label().to_lowercase()
                    );
                    print_findings(story);
                }
            });
            Ok(())
        }
        StoriesCommand::Remove { id } => {
            let actor = store.actor().clone();
            store.write(|tx| stories::remove(tx, &actor, id))?;
            println!("Removed story {id}.");
            Ok(())
        }
    }
}

/// What the anonymity check found, or that the story can go in a return.
fn print_findings(story: &stories::Story) {
    if story.consent != StoryConsent::Anonymous {
        return;
    }
    if story.ready_for_return {
        println!("  Nothing found that could identify anyone: it can go in a return.");
    }
    for finding in &story.findings {
        println!("  Before it can go in a return: {}", finding.message);
    }
}
