//! The incident and safeguarding log from the command line: record a concern, add an update,
//! correct it with a reason, list, show and read its history. Every command runs as the
//! signed-in person, and the core refuses anyone who may not see incidents. `count` gives
//! only numbers, for reports.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use clubroom_core::access::Operation;
use clubroom_core::dates::{ClockTime, Period, long_date};
use clubroom_core::incidents::{
    self, Concern, ConcernInput, FollowUp, Incident, IncidentCounts, IncidentFilter,
    IncidentSummary, Referral, UpdateInput, Version, VersionKind,
};
use clubroom_core::vocab::ReferralKind;
use clubroom_core::{Result, Store, young_people};

use crate::{parse_date_arg, show};

fn parse_time(text: &str) -> std::result::Result<ClockTime, String> {
    ClockTime::parse_or_explain(text).map_err(|e| e.to_string())
}

fn parse_referral(text: &str) -> std::result::Result<ReferralKind, String> {
    ReferralKind::parse_or_explain(text)
}

#[derive(Subcommand)]
pub enum IncidentsCommand {
    /// Records a concern. Who records it is the person signed in.
    Add {
        #[command(flatten)]
        concern: ConcernArgs,
        #[arg(long)]
        json: bool,
    },
    /// Adds a dated note to a concern, with any referral made or follow-up changed since.
    Update {
        id: i64,
        /// What happened since, or what was done.
        #[arg(long)]
        note: String,
        /// The day the note is about (default: today).
        #[arg(long, value_parser = parse_date_arg)]
        date: Option<NaiveDate>,
        #[command(flatten)]
        referral: ReferralArgs,
        #[command(flatten)]
        follow_up: FollowUpArgs,
        /// The follow-up recorded so far is done.
        #[arg(long)]
        follow_up_done: bool,
        #[arg(long)]
        json: bool,
    },
    /// Corrects what a concern says. Only the options given change; the reason is kept with
    /// the correction, and the version before stays in the history.
    Correct {
        id: i64,
        #[arg(long)]
        reason: String,
        #[arg(long, value_parser = parse_date_arg)]
        date: Option<NaiveDate>,
        #[arg(long, value_parser = parse_time, conflicts_with = "no_time")]
        time: Option<ClockTime>,
        #[arg(long)]
        no_time: bool,
        #[arg(long, conflicts_with = "no_session")]
        session: Option<i64>,
        #[arg(long)]
        no_session: bool,
        /// The young people involved, by reference (replaces the list).
        #[arg(
            long = "young-person",
            value_name = "REF",
            conflicts_with = "no_young_people"
        )]
        young_people: Vec<String>,
        #[arg(long)]
        no_young_people: bool,
        #[arg(long)]
        what: Option<String>,
        #[arg(long)]
        action: Option<String>,
        #[command(flatten)]
        referral: ReferralArgs,
        #[command(flatten)]
        follow_up: FollowUpArgs,
        #[arg(long)]
        json: bool,
    },
    /// The log, open follow-ups first.
    List {
        #[arg(long, value_parser = parse_date_arg)]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = parse_date_arg)]
        to: Option<NaiveDate>,
        /// Only concerns naming this young person (their reference).
        #[arg(long = "young-person", value_name = "REF")]
        young_person: Option<String>,
        #[arg(long, value_parser = parse_referral)]
        referred_to: Option<ReferralKind>,
        /// Only concerns with a follow-up still to do.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// One concern as it stands now.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Every version of a concern: who changed what, and when.
    History {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// How many concerns in a period, by referral: numbers only, for reports.
    Count {
        #[arg(long, value_parser = parse_date_arg)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date_arg)]
        to: NaiveDate,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct ConcernArgs {
    /// The day it happened.
    #[arg(long, value_parser = parse_date_arg)]
    date: NaiveDate,
    #[arg(long, value_parser = parse_time)]
    time: Option<ClockTime>,
    /// The session it happened at (its number).
    #[arg(long)]
    session: Option<i64>,
    /// A young person involved, by reference (repeat for each).
    #[arg(long = "young-person", value_name = "REF")]
    young_people: Vec<String>,
    /// What happened, in the words used at the time.
    #[arg(long)]
    what: String,
    /// What was done about it.
    #[arg(long, default_value = "")]
    action: String,
    #[command(flatten)]
    referral: ReferralArgs,
    #[command(flatten)]
    follow_up: FollowUpArgs,
}

#[derive(Args)]
pub struct ReferralArgs {
    /// Who it was passed on to: none, childrens-services (the front door / MASH), police,
    /// lado, nspcc, school, health, other (repeat for each).
    #[arg(long, value_parser = parse_referral)]
    referred_to: Vec<ReferralKind>,
    /// Names, reference numbers, who was spoken to.
    #[arg(long)]
    referral_detail: Option<String>,
    #[arg(long, value_parser = parse_date_arg)]
    referred_on: Option<NaiveDate>,
}

impl ReferralArgs {
    fn given(&self) -> bool {
        !self.referred_to.is_empty() || self.referral_detail.is_some() || self.referred_on.is_some()
    }

    /// The referral these options describe, the rest taken from `before`.
    fn over(&self, before: &Referral) -> Referral {
        Referral {
            to: if self.referred_to.is_empty() {
                before.to.clone()
            } else {
                self.referred_to.clone()
            },
            detail: self
                .referral_detail
                .clone()
                .or_else(|| before.detail.clone()),
            on: self.referred_on.or(before.on),
        }
    }
}

#[derive(Args)]
pub struct FollowUpArgs {
    /// What still needs doing.
    #[arg(long)]
    follow_up: Option<String>,
    #[arg(long, value_parser = parse_date_arg)]
    follow_up_by: Option<NaiveDate>,
}

impl FollowUpArgs {
    fn given(&self) -> bool {
        self.follow_up.is_some() || self.follow_up_by.is_some()
    }

    fn over(&self, before: Option<&FollowUp>) -> FollowUp {
        FollowUp {
            what: self
                .follow_up
                .clone()
                .or_else(|| before.map(|f| f.what.clone()))
                .unwrap_or_default(),
            by: self.follow_up_by.or_else(|| before.and_then(|f| f.by)),
            done: false,
        }
    }
}

pub fn incidents_command(
    store: &mut Store,
    command: IncidentsCommand,
    today: NaiveDate,
) -> Result<()> {
    let actor = store.actor().clone();
    match command {
        IncidentsCommand::Add { concern, json } => {
            let input = ConcernInput {
                occurred_on: concern.date,
                occurred_at: concern.time,
                session_id: concern.session,
                young_people: ids_of(store, &concern.young_people)?,
                what_happened: concern.what,
                action_taken: concern.action,
                referral: concern.referral.over(&Referral::default()),
                follow_up: concern
                    .follow_up
                    .given()
                    .then(|| concern.follow_up.over(None)),
            };
            let incident = store.write(|tx| incidents::add(tx, &actor, &input, today))?;
            show(json, &incident, |i| {
                println!("Recorded concern {}.", i.id);
                print_concern(i);
            });
            Ok(())
        }
        IncidentsCommand::Update {
            id,
            note,
            date,
            referral,
            follow_up,
            follow_up_done,
            json,
        } => {
            let current = incidents::get(store.conn(), &actor, id)?.current;
            let follow_up = (follow_up.given() || follow_up_done).then(|| FollowUp {
                done: follow_up_done,
                ..follow_up.over(current.follow_up.as_ref())
            });
            let input = UpdateInput {
                on: date.unwrap_or(today),
                note,
                referral: referral.given().then(|| referral.over(&current.referral)),
                follow_up,
            };
            let incident =
                store.write(|tx| incidents::add_update(tx, &actor, id, &input, today))?;
            show(json, &incident, |i| {
                println!("Added update {} to concern {}.", i.versions.len(), i.id);
                print_concern(i);
            });
            Ok(())
        }
        IncidentsCommand::Correct {
            id,
            reason,
            date,
            time,
            no_time,
            session,
            no_session,
            young_people,
            no_young_people,
            what,
            action,
            referral,
            follow_up,
            json,
        } => {
            let current = incidents::get(store.conn(), &actor, id)?.current;
            let input = ConcernInput {
                occurred_on: date.unwrap_or(current.occurred_on),
                occurred_at: if no_time {
                    None
                } else {
                    time.or(current.occurred_at)
                },
                session_id: if no_session {
                    None
                } else {
                    session.or(current.session.as_ref().map(|s| s.id))
                },
                young_people: if no_young_people {
                    Vec::new()
                } else if young_people.is_empty() {
                    current.young_people.iter().map(|p| p.id).collect()
                } else {
                    ids_of(store, &young_people)?
                },
                what_happened: what.unwrap_or_else(|| current.what_happened.clone()),
                action_taken: action.unwrap_or_else(|| current.action_taken.clone()),
                referral: referral.over(&current.referral),
                follow_up: if follow_up.given() {
                    Some(FollowUp {
                        done: current.follow_up.as_ref().is_some_and(|f| f.done),
                        ..follow_up.over(current.follow_up.as_ref())
                    })
                } else {
                    current.follow_up.clone()
                },
            };
            let incident =
                store.write(|tx| incidents::correct(tx, &actor, id, &input, &reason, today))?;
            show(json, &incident, |i| {
                println!("Corrected concern {} (version {}).", i.id, i.versions.len());
                print_concern(i);
            });
            Ok(())
        }
        IncidentsCommand::List {
            from,
            to,
            young_person,
            referred_to,
            open,
            json,
        } => {
            let filter = IncidentFilter {
                from,
                to,
                young_person_id: young_person
                    .map(|r| young_people::require_by_reference(store.conn(), &r))
                    .transpose()?,
                referred_to,
                open_only: open,
            };
            let lines = incidents::list(store.conn(), &actor, &filter)?;
            show(json, &lines, |lines| print_list(lines));
            Ok(())
        }
        IncidentsCommand::Show { id, json } => {
            let incident = incidents::get(store.conn(), &actor, id)?;
            show(json, &incident, print_concern);
            Ok(())
        }
        IncidentsCommand::History { id, json } => {
            let versions = incidents::history(store.conn(), &actor, id)?;
            show(json, &versions, |versions| print_history(id, versions));
            Ok(())
        }
        IncidentsCommand::Count { from, to, json } => {
            let counts = incidents::count_in(store.conn(), Period::new(from, to)?)?;
            show(json, &counts, print_counts);
            Ok(())
        }
    }
}

fn ids_of(store: &Store, references: &[String]) -> Result<Vec<i64>> {
    references
        .iter()
        .map(|r| young_people::require_by_reference(store.conn(), r))
        .collect()
}

fn when(concern: &Concern) -> String {
    match concern.occurred_at {
        Some(time) => format!("{} at {time}", long_date(concern.occurred_on)),
        None => long_date(concern.occurred_on),
    }
}

fn names(concern: &Concern) -> String {
    if concern.young_people.is_empty() {
        return "nobody named".to_owned();
    }
    concern
        .young_people
        .iter()
        .map(|p| format!("{} ({})", p.name, p.reference))
        .collect::<Vec<_>>()
        .join(", ")
}

fn referral_text(referral: &Referral) -> String {
    let mut text = incidents::referral_words(&referral.to);
    if let Some(on) = referral.on {
        text.push_str(&format!(" on {}", long_date(on)));
    }
    if let Some(detail) = &referral.detail {
        text.push_str(&format!(" ({detail})"));
    }
    text
}

fn follow_up_text(follow_up: Option<&FollowUp>) -> String {
    let Some(follow_up) = follow_up else {
        return "none".to_owned();
    };
    let by = follow_up
        .by
        .map(|by| format!(" by {}", long_date(by)))
        .unwrap_or_default();
    let state = if follow_up.done { "done" } else { "open" };
    format!("{}{by} ({state})", follow_up.what)
}

fn print_concern(incident: &Incident) {
    let concern = &incident.current;
    println!("Concern {} · {}", incident.id, when(concern));
    if let Some(session) = &concern.session {
        println!(
            "Session:       {} ({})",
            session.name,
            long_date(session.date)
        );
    }
    println!("Young people:  {}", names(concern));
    println!("What happened: {}", concern.what_happened);
    if !concern.action_taken.is_empty() {
        println!("Action taken:  {}", concern.action_taken);
    }
    println!("Referred to:   {}", referral_text(&concern.referral));
    println!(
        "Follow-up:     {}",
        follow_up_text(concern.follow_up.as_ref())
    );
    let last = incident.versions.last();
    println!(
        "Recorded by {}; {} (last by {} at {}).",
        incident.recorded_by(),
        match incident.versions.len() {
            1 => "1 version".to_owned(),
            n => format!("{n} versions"),
        },
        last.map_or("", |v| v.recorded_by.as_str()),
        last.map_or("", |v| v.recorded_at.as_str()),
    );
}

fn print_list(lines: &[IncidentSummary]) {
    if lines.is_empty() {
        println!("No concerns recorded.");
        return;
    }
    for line in lines {
        let concern = &line.concern;
        let follow_up = match &concern.follow_up {
            Some(f) if !f.done => format!(
                "follow-up open{}",
                f.by.map(|by| format!(", due {by}")).unwrap_or_default()
            ),
            Some(_) => "follow-up done".to_owned(),
            None => "no follow-up".to_owned(),
        };
        println!(
            "{:>4}  {}  {}  {}  [{}; {}]",
            line.id,
            concern.occurred_on,
            names(concern),
            first_line(&concern.what_happened),
            incidents::referral_words(&concern.referral.to),
            follow_up
        );
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > 60 {
        format!("{}…", line.chars().take(59).collect::<String>())
    } else {
        line.to_owned()
    }
}

fn print_history(id: i64, versions: &[Version]) {
    println!("Concern {id}: {} versions, oldest first", versions.len());
    for version in versions {
        let about = match (version.kind, version.noted_on) {
            (VersionKind::Update, Some(on)) => format!("Update for {}", long_date(on)),
            (kind, _) => kind.label().to_owned(),
        };
        println!(
            "\nVersion {} · {about} · by {} at {}",
            version.number, version.recorded_by, version.recorded_at
        );
        if let Some(note) = &version.note {
            println!("  Note: {note}");
        }
        if let Some(reason) = &version.reason {
            println!("  Reason: {reason}");
        }
        if version.number == 1 {
            println!(
                "  {}: {}",
                when(&version.concern),
                version.concern.what_happened
            );
        }
        for change in &version.changes {
            let blank = |t: &str| {
                if t.is_empty() {
                    "(none)".to_owned()
                } else {
                    t.to_owned()
                }
            };
            println!(
                "  {}: {} → {}",
                change.field,
                blank(&change.before),
                blank(&change.after)
            );
        }
    }
}

fn print_counts(counts: &IncidentCounts) {
    println!(
        "Concerns recorded {} to {}: {} ({} with a follow-up open)",
        counts.period.from, counts.period.to, counts.total, counts.open_follow_ups
    );
    for count in &counts.by_referral {
        println!("  {:<40} {}", count.kind.label(), count.count);
    }
}

/// The app operation each command is, for the signed-in person's check and the audit log.
pub fn operation(command: &IncidentsCommand) -> Operation {
    match command {
        IncidentsCommand::Add { .. } => Operation::AddIncident,
        IncidentsCommand::Update { .. } => Operation::AddIncidentUpdate,
        IncidentsCommand::Correct { .. } => Operation::CorrectIncident,
        IncidentsCommand::List { .. } => Operation::Incidents,
        IncidentsCommand::Show { .. } | IncidentsCommand::History { .. } => Operation::Incident,
        IncidentsCommand::Count { .. } => Operation::IncidentCounts,
    }
}
