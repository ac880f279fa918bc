use super::*;
use crate::Error;
use crate::fixtures::{Club, date, time};
use crate::vocab::{Role, SessionType};

fn actor(role: Role, name: &str) -> Actor {
    Actor {
        user_id: 7,
        name: name.to_owned(),
        role,
        person_id: None,
    }
}

fn lead() -> Actor {
    actor(Role::SafeguardingLead, "Sam Okafor")
}

/// A club with two young people and a session on 10 December 2029 ("today" is 1 January 2030).
struct Log {
    club: Club,
    jay: i64,
    amira: i64,
    session: i64,
}

impl Log {
    fn new() -> Log {
        let mut club = Club::new();
        let jay = club.young_person("Jay", "Smith", Some("2015-03-01"));
        let amira = club.young_person("Amira", "Khan", Some("2014-06-12"));
        let session = club.session("2029-12-10", "18:00", "20:00", SessionType::OpenAccess);
        Log {
            club,
            jay,
            amira,
            session,
        }
    }

    fn concern(&self) -> ConcernInput {
        ConcernInput {
            occurred_on: date("2029-12-10"),
            occurred_at: Some(time("19:15")),
            session_id: Some(self.session),
            young_people: vec![self.jay],
            what_happened: "Jay said an older boy had been waiting for him after school.".into(),
            action_taken: "Listened, did not promise secrecy, told the DSL the same evening."
                .into(),
            referral: Referral {
                to: vec![ReferralKind::ChildrensServices],
                detail: Some("Front door, ref 0001 (made up)".into()),
                on: Some(date("2029-12-11")),
            },
            follow_up: Some(FollowUp {
                what: "Check in with Jay next session".into(),
                by: Some(date("2029-12-17")),
                done: false,
            }),
        }
    }

    fn add_as(&mut self, who: &Actor, input: &ConcernInput) -> Result<Incident> {
        let today = self.club.today;
        self.club
            .store
            .write(|tx| incidents_add(tx, who, input, today))
    }

    fn add(&mut self, input: &ConcernInput) -> Incident {
        self.add_as(&lead(), input).expect("concern recorded")
    }

    fn update_as(&mut self, who: &Actor, id: i64, input: &UpdateInput) -> Result<Incident> {
        let today = self.club.today;
        self.club
            .store
            .write(|tx| add_update(tx, who, id, input, today))
    }

    fn correct_as(
        &mut self,
        who: &Actor,
        id: i64,
        input: &ConcernInput,
        reason: &str,
    ) -> Result<Incident> {
        let today = self.club.today;
        self.club
            .store
            .write(|tx| correct(tx, who, id, input, reason, today))
    }

    fn rows(&self, table: &str) -> i64 {
        self.club
            .store
            .conn()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    fn sql(&self, statement: &str) -> String {
        match self.club.store.conn().execute_batch(statement) {
            Ok(()) => panic!("SQLite should refuse this: {statement}"),
            Err(error) => error.to_string(),
        }
    }
}

fn incidents_add(
    tx: &Transaction,
    who: &Actor,
    input: &ConcernInput,
    today: NaiveDate,
) -> Result<Incident> {
    add(tx, who, input, today)
}

/// The message of a refusal for bad input (a rule broken, or something named that is not there).
fn invalid_message(result: Result<Incident>) -> String {
    match result {
        Err(Error::Invalid(message) | Error::NotFound(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn note(on: &str, text: &str) -> UpdateInput {
    UpdateInput {
        on: date(on),
        note: text.into(),
        referral: None,
        follow_up: None,
    }
}

#[test]
fn a_concern_is_recorded_with_who_wrote_it() {
    let mut log = Log::new();
    let input = log.concern();
    let incident = log.add(&input);
    let concern = &incident.current;
    assert_eq!(concern.occurred_on, date("2029-12-10"));
    assert_eq!(concern.occurred_at, Some(time("19:15")));
    assert_eq!(concern.session.as_ref().unwrap().name, "Session 2029-12-10");
    assert_eq!(
        concern
            .young_people
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Jay Smith"]
    );
    assert_eq!(concern.referral.to, [ReferralKind::ChildrensServices]);
    assert_eq!(concern.referral.on, Some(date("2029-12-11")));
    assert!(concern.follow_up_open());
    assert_eq!(incident.versions.len(), 1);
    let first = &incident.versions[0];
    assert_eq!(first.kind, VersionKind::Recorded);
    assert_eq!(first.recorded_by, "Sam Okafor");
    assert!(first.changes.is_empty());
    assert_eq!(incident.recorded_by(), "Sam Okafor");
    let user: i64 = log
        .club
        .store
        .conn()
        .query_row("SELECT recorded_by_user FROM incident_versions", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(user, 7);
}

#[test]
fn an_update_adds_a_version_and_keeps_the_one_before() {
    let mut log = Log::new();
    let input = log.concern();
    let id = log.add(&input).id;
    let update = UpdateInput {
        on: date("2029-12-17"),
        note: "Spoke to Jay; he is walking home with his sister now.".into(),
        referral: None,
        follow_up: Some(FollowUp {
            what: "Check in with Jay next session".into(),
            by: Some(date("2029-12-17")),
            done: true,
        }),
    };
    let incident = log.update_as(&lead(), id, &update).unwrap();
    assert_eq!(incident.versions.len(), 2);
    assert!(!incident.current.follow_up_open());
    let [first, second] = &incident.versions[..] else {
        panic!("two versions")
    };
    // The first version still says what it said.
    assert!(first.concern.follow_up_open());
    assert_eq!(first.concern.what_happened, input.what_happened);
    assert_eq!(second.kind, VersionKind::Update);
    assert_eq!(second.noted_on, Some(date("2029-12-17")));
    assert_eq!(second.note.as_deref(), Some(update.note.as_str()));
    assert_eq!(
        second.changes,
        [Change {
            field: "Follow-up done".into(),
            before: "No".into(),
            after: "Yes".into(),
        }]
    );
    // The facts carry over unchanged.
    assert_eq!(second.concern.young_people, first.concern.young_people);
    assert_eq!(second.concern.session, first.concern.session);
}

#[test]
fn an_update_can_record_a_referral_made_later() {
    let mut log = Log::new();
    let mut input = log.concern();
    input.referral = Referral::default();
    let id = log.add(&input).id;
    let update = UpdateInput {
        referral: Some(Referral {
            to: vec![ReferralKind::Police, ReferralKind::ChildrensServices],
            detail: None,
            on: Some(date("2029-12-20")),
        }),
        ..note(
            "2029-12-20",
            "Jay disclosed more; called the police and the front door.",
        )
    };
    let incident = log.update_as(&lead(), id, &update).unwrap();
    // Kept in the order of the list, whatever order they were given in.
    assert_eq!(
        incident.current.referral.to,
        [ReferralKind::ChildrensServices, ReferralKind::Police]
    );
    let fields: Vec<&str> = incident.versions[1]
        .changes
        .iter()
        .map(|c| c.field.as_str())
        .collect();
    assert_eq!(fields, ["Referred to", "Date referred"]);
}

#[test]
fn an_update_needs_a_note_dated_between_the_concern_and_today() {
    let mut log = Log::new();
    let input = log.concern();
    let id = log.add(&input).id;
    assert_eq!(
        invalid_message(log.update_as(&lead(), id, &note("2029-12-12", "  "))),
        "Write what happened since, or what was done: an update needs a note."
    );
    assert_eq!(
        invalid_message(log.update_as(&lead(), id, &note("2030-01-02", "Called mum"))),
        "The update is dated Wednesday 2 January 2030, which is in the future."
    );
    assert_eq!(
        invalid_message(log.update_as(&lead(), id, &note("2029-12-09", "Called mum"))),
        "The update is dated Sunday 9 December 2029, before the concern itself (Monday 10 December 2029)."
    );
    assert_eq!(log.rows("incident_versions"), 1);
}

#[test]
fn a_correction_needs_a_reason_and_keeps_what_was_wrong() {
    let mut log = Log::new();
    let input = log.concern();
    let id = log.add(&input).id;
    let mut fixed = input.clone();
    fixed.young_people = vec![log.jay, log.amira];
    fixed.what_happened = "Jay and Amira said an older boy had been waiting after school.".into();
    for reason in ["", "   "] {
        assert_eq!(
            invalid_message(log.correct_as(&lead(), id, &fixed, reason)),
            "Say why you are correcting this concern: the reason is kept with the correction."
        );
    }
    assert_eq!(log.rows("incident_versions"), 1);

    let incident = log
        .correct_as(
            &lead(),
            id,
            &fixed,
            "Amira was there too; I missed her name.",
        )
        .unwrap();
    let [first, second] = &incident.versions[..] else {
        panic!("two versions")
    };
    assert_eq!(second.kind, VersionKind::Correction);
    assert_eq!(
        second.reason.as_deref(),
        Some("Amira was there too; I missed her name.")
    );
    assert_eq!(first.concern.what_happened, input.what_happened);
    assert_eq!(first.concern.young_people.len(), 1);
    assert_eq!(
        incident
            .current
            .young_people
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Amira Khan", "Jay Smith"]
    );
    assert_eq!(
        second.changes,
        [
            Change {
                field: "Young people involved".into(),
                before: "Jay Smith".into(),
                after: "Amira Khan, Jay Smith".into(),
            },
            Change {
                field: "What happened".into(),
                before: input.what_happened.clone(),
                after: fixed.what_happened.clone(),
            },
        ]
    );
}

#[test]
fn a_correction_that_changes_nothing_is_refused() {
    let mut log = Log::new();
    let input = log.concern();
    let id = log.add(&input).id;
    let mut same = input.clone();
    same.what_happened = format!("  {}  ", input.what_happened);
    assert_eq!(
        invalid_message(log.correct_as(&lead(), id, &same, "typo")),
        "This correction changes nothing: change what was wrong, then save."
    );
}

#[test]
fn a_missing_concern_is_not_found() {
    let mut log = Log::new();
    let input = log.concern();
    match log.correct_as(&lead(), 99, &input, "wrong") {
        Err(Error::NotFound(message)) => {
            assert_eq!(
                message,
                "There is no concern number 99 in the incident log."
            )
        }
        other => panic!("expected not found, got {other:?}"),
    }
}

#[test]
fn sqlite_itself_refuses_to_delete_or_change_any_version() {
    let mut log = Log::new();
    let input = log.concern();
    let id = log.add(&input).id;
    log.update_as(&lead(), id, &note("2029-12-12", "Called mum"))
        .unwrap();
    let refusals = [
        (
            "DELETE FROM incidents",
            "A concern in the incident log cannot be deleted",
        ),
        (
            "UPDATE incidents SET created_at = 'x'",
            "A concern in the incident log cannot be changed",
        ),
        (
            "DELETE FROM incident_versions WHERE number = 2",
            "A version of a concern cannot be deleted",
        ),
        (
            "UPDATE incident_versions SET what_happened = 'nothing happened'",
            "A version of a concern cannot be changed",
        ),
        (
            "UPDATE incident_versions SET follow_up_done = 1 WHERE number = 1",
            "A version of a concern cannot be changed",
        ),
        (
            "DELETE FROM incident_version_people",
            "cannot be removed: correct the concern instead",
        ),
        (
            &format!(
                "UPDATE incident_version_people SET young_person_id = {}",
                log.amira
            ),
            "cannot be changed: correct the concern instead",
        ),
        (
            // Slipping another name into a version after it was written.
            &format!(
                "INSERT INTO incident_version_people (version_id, young_person_id)
                 SELECT id, {} FROM incident_versions WHERE number = 2",
                log.amira
            ),
            "already names all its young people",
        ),
        (
            // Writing over the first version (REPLACE deletes without the delete trigger).
            "INSERT OR REPLACE INTO incident_versions (id, incident_id, number, kind, occurred_on,
                what_happened, recorded_by, recorded_by_user, recorded_at)
             SELECT id, incident_id, 3, 'recorded', occurred_on, 'rewritten', 'x', 0, 'x'
             FROM incident_versions WHERE number = 1",
            "must follow its latest version",
        ),
        (
            // A version slipped in behind the latest.
            &format!(
                "INSERT INTO incident_versions (incident_id, number, kind, occurred_on,
                    what_happened, recorded_by, recorded_by_user, recorded_at)
                 VALUES ({id}, 2, 'update', '2029-12-10', 'rewritten', 'x', 0, 'x')"
            ),
            "must follow its latest version",
        ),
        (
            &format!("INSERT OR REPLACE INTO incidents (id, created_at) VALUES ({id}, 'x')"),
            "A concern in the incident log cannot be replaced",
        ),
        (
            &format!(
                "INSERT INTO incident_versions (incident_id, number, kind, occurred_on,
                    what_happened, recorded_by, recorded_by_user, recorded_at)
                 VALUES ({id}, 3, 'correction', '2029-12-10', 'changed', 'x', 0, 'x')"
            ),
            "CHECK constraint failed",
        ),
    ];
    for (statement, expected) in refusals {
        let message = log.sql(statement);
        assert!(
            message.contains(expected),
            "{statement}\n gave: {message}\n expected: {expected}"
        );
    }
    assert_eq!(log.rows("incidents"), 1);
    assert_eq!(log.rows("incident_versions"), 2);
    assert_eq!(log.rows("incident_version_people"), 2);
    let incident = get(log.club.store.conn(), &lead(), id).unwrap();
    assert_eq!(
        incident.versions[0].concern.what_happened,
        input.what_happened
    );
    assert!(incident.versions[0].concern.follow_up_open());
}

#[test]
fn managers_and_safeguarding_leads_may_see_and_record_concerns() {
    for who in [actor(Role::Manager, "Pat Reid"), lead()] {
        let mut log = Log::new();
        let input = log.concern();
        let id = log.add_as(&who, &input).unwrap().id;
        log.update_as(&who, id, &note("2029-12-12", "Called mum"))
            .unwrap();
        let mut fixed = input.clone();
        fixed.occurred_at = Some(time("19:05"));
        log.correct_as(&who, id, &fixed, "The time was 19:05")
            .unwrap();
        let conn = log.club.store.conn();
        assert_eq!(
            list(conn, &who, &IncidentFilter::default()).unwrap().len(),
            1
        );
        assert_eq!(get(conn, &who, id).unwrap().versions.len(), 3);
        assert_eq!(history(conn, &who, id).unwrap()[2].recorded_by, who.name);
    }
}

#[test]
fn leaders_and_volunteers_see_nothing_and_record_nothing() {
    for (who, role_word) in [
        (actor(Role::Leader, "Lee Chen"), "leader"),
        (actor(Role::Volunteer, "Val Ortiz"), "volunteer"),
    ] {
        let mut log = Log::new();
        let input = log.concern();
        let id = log.add(&input).id;
        let expected = format!(
            "Signed in as {} ({role_word}), you cannot see and record incidents. Ask a manager if you need to.",
            who.name
        );
        let denied = |result: Result<Incident>| match result {
            Err(Error::Denied(message)) => message,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert_eq!(denied(log.add_as(&who, &input)), expected);
        assert_eq!(
            denied(log.update_as(&who, id, &note("2029-12-12", "Called mum"))),
            expected
        );
        assert_eq!(
            denied(log.correct_as(&who, id, &input, "why not")),
            expected
        );
        let conn = log.club.store.conn();
        assert_eq!(denied(get(conn, &who, id)), expected);
        match list(conn, &who, &IncidentFilter::default()) {
            Err(Error::Denied(message)) => assert_eq!(message, expected),
            other => panic!("expected a refusal, got {other:?}"),
        }
        match history(conn, &who, id) {
            Err(Error::Denied(message)) => assert_eq!(message, expected),
            other => panic!("expected a refusal, got {other:?}"),
        }
        // Nothing was written on their behalf.
        assert_eq!(log.rows("incidents"), 1);
        assert_eq!(log.rows("incident_versions"), 1);
    }
}

/// A change to a good concern that should make it refused.
type Spoil = dyn Fn(&mut ConcernInput);

#[test]
fn a_concern_is_checked_before_anything_is_saved() {
    let mut log = Log::new();
    let base = log.concern();
    let cases: Vec<(Box<Spoil>, String)> = vec![
        (
            Box::new(|c| {
                c.occurred_on = date("2030-01-02");
                c.session_id = None;
            }),
            "The concern is dated Wednesday 2 January 2030, which is in the future. Record it on the day it happened.".into(),
        ),
        (
            Box::new(|c| c.what_happened = " \n ".into()),
            "Describe what happened: it is the heart of the record.".into(),
        ),
        (
            Box::new(|c| c.young_people.push(999)),
            "Young person number 999 is not on the list of young people.".into(),
        ),
        (
            Box::new(|c| c.session_id = Some(999)),
            "The session chosen no longer exists: choose another, or none.".into(),
        ),
        (
            Box::new(|c| c.occurred_on = date("2029-12-09")),
            "The session chosen was on Monday 10 December 2029, but the concern is dated Sunday 9 December 2029. Choose the session on the day, or none.".into(),
        ),
        (
            Box::new(|c| c.follow_up.as_mut().unwrap().by = Some(date("2029-12-01"))),
            "The follow-up is due by Saturday 1 December 2029, before the concern itself (Monday 10 December 2029).".into(),
        ),
        (
            Box::new(|c| c.follow_up.as_mut().unwrap().what = "".into()),
            "Say what the follow-up is.".into(),
        ),
        (
            Box::new(|c| c.referral.on = None),
            "Give the date it was referred to Children's services front door / MASH.".into(),
        ),
        (
            Box::new(|c| c.referral.on = Some(date("2029-12-09"))),
            "The referral is dated Sunday 9 December 2029, before the concern itself (Monday 10 December 2029).".into(),
        ),
        (
            Box::new(|c| c.referral.on = Some(date("2030-02-01"))),
            "The referral is dated Friday 1 February 2030, which is in the future.".into(),
        ),
        (
            Box::new(|c| {
                c.referral.to = vec![ReferralKind::Other];
                c.referral.detail = None;
            }),
            "Say who it was referred to (you chose “Other”).".into(),
        ),
        (
            Box::new(|c| c.referral.to.push(ReferralKind::NotReferred)),
            "“Not referred” cannot go with a referral: choose one or the other.".into(),
        ),
        (
            Box::new(|c| c.referral.to = vec![]),
            "A date referred is given, but not who it was referred to.".into(),
        ),
    ];
    for (change, expected) in cases {
        let mut input = base.clone();
        change(&mut input);
        assert_eq!(invalid_message(log.add_as(&lead(), &input)), expected);
    }
    assert_eq!(log.rows("incidents"), 0);
    assert_eq!(log.rows("incident_versions"), 0);
}

#[test]
fn a_concern_may_name_nobody_and_need_no_session_or_follow_up() {
    let mut log = Log::new();
    let input = ConcernInput {
        occurred_on: date("2029-12-20"),
        occurred_at: None,
        session_id: None,
        young_people: vec![],
        what_happened: "A parent shouted at a volunteer in the car park.".into(),
        action_taken: String::new(),
        referral: Referral {
            to: vec![ReferralKind::NotReferred],
            detail: None,
            on: None,
        },
        follow_up: Some(FollowUp {
            what: " ".into(),
            by: None,
            done: false,
        }),
    };
    let incident = log.add(&input);
    assert!(incident.current.young_people.is_empty());
    assert!(incident.current.referral.to.is_empty());
    assert_eq!(incident.current.follow_up, None);
    assert_eq!(
        referral_words(&incident.current.referral.to),
        "Not referred"
    );
}

#[test]
fn the_log_lists_open_follow_ups_first_and_filters() {
    let mut log = Log::new();
    let base = log.concern();
    let mut closed = base.clone();
    closed.occurred_on = date("2029-12-28");
    closed.session_id = None;
    closed.follow_up = Some(FollowUp {
        what: "Tell the school".into(),
        by: None,
        done: true,
    });
    closed.referral = Referral::default();
    let closed = log.add(&closed).id;
    let mut open_later = base.clone();
    open_later.occurred_on = date("2029-12-01");
    open_later.session_id = None;
    open_later.young_people = vec![log.amira];
    open_later.follow_up.as_mut().unwrap().by = Some(date("2029-12-31"));
    let open_later = log.add(&open_later).id;
    let open_sooner = log.add(&base).id;

    let conn = log.club.store.conn();
    let ids = |filter: IncidentFilter| -> Vec<i64> {
        list(conn, &lead(), &filter)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect()
    };
    assert_eq!(
        ids(IncidentFilter::default()),
        [open_sooner, open_later, closed]
    );
    assert_eq!(
        ids(IncidentFilter {
            open_only: true,
            ..IncidentFilter::default()
        }),
        [open_sooner, open_later]
    );
    assert_eq!(
        ids(IncidentFilter {
            young_person_id: Some(log.amira),
            ..IncidentFilter::default()
        }),
        [open_later]
    );
    assert_eq!(
        ids(IncidentFilter {
            referred_to: Some(ReferralKind::NotReferred),
            ..IncidentFilter::default()
        }),
        [closed]
    );
    assert_eq!(
        ids(IncidentFilter {
            from: Some(date("2029-12-05")),
            to: Some(date("2029-12-31")),
            ..IncidentFilter::default()
        }),
        [open_sooner, closed]
    );
    let line = &list(conn, &lead(), &IncidentFilter::default()).unwrap()[0];
    assert_eq!(line.versions, 1);
    assert_eq!(line.recorded_by, "Sam Okafor");
}

#[test]
fn counts_need_no_permission_and_follow_corrections() {
    let mut log = Log::new();
    let base = log.concern();
    let mut both = base.clone();
    both.referral.to = vec![ReferralKind::Police, ReferralKind::ChildrensServices];
    log.add(&both);
    let mut unreferred = base.clone();
    unreferred.referral = Referral::default();
    unreferred.follow_up = None;
    let moved = log.add(&unreferred).id;
    log.add(&base);

    let december = Period::new(date("2029-12-01"), date("2029-12-31")).unwrap();
    let counts = count_in(log.club.store.conn(), december).unwrap();
    assert_eq!(counts.total, 3);
    assert_eq!(counts.open_follow_ups, 2);
    let count = |counts: &IncidentCounts, kind: ReferralKind| {
        counts
            .by_referral
            .iter()
            .find(|c| c.kind == kind)
            .unwrap()
            .count
    };
    assert_eq!(count(&counts, ReferralKind::ChildrensServices), 2);
    assert_eq!(count(&counts, ReferralKind::Police), 1);
    assert_eq!(count(&counts, ReferralKind::NotReferred), 1);
    assert_eq!(count(&counts, ReferralKind::Lado), 0);
    assert_eq!(counts.by_referral.len(), ReferralKind::ALL.len());

    // A correction to the date moves the concern out of the period; it is counted once.
    let mut earlier = unreferred.clone();
    earlier.occurred_on = date("2029-11-30");
    earlier.session_id = None;
    log.correct_as(&lead(), moved, &earlier, "It happened the week before")
        .unwrap();
    let counts = count_in(log.club.store.conn(), december).unwrap();
    assert_eq!(counts.total, 2);
    assert_eq!(count(&counts, ReferralKind::NotReferred), 0);
    let november = Period::new(date("2029-11-01"), date("2029-11-30")).unwrap();
    assert_eq!(count_in(log.club.store.conn(), november).unwrap().total, 1);
    // The counts carry no detail at all.
    let json = serde_json::to_string(&counts).unwrap();
    assert!(
        !json.contains("Jay") && !json.contains("older boy"),
        "{json}"
    );
}

#[test]
fn the_home_overview_counts_this_quarters_concerns_and_nothing_more() {
    let mut log = Log::new();
    // "Today" is 1 January 2030, the first day of the quarter; December is the one before.
    let december = log.concern();
    log.add(&december);
    let mut today = log.concern();
    today.occurred_on = date("2030-01-01");
    today.session_id = None;
    today.referral.on = Some(date("2030-01-01"));
    today.follow_up.as_mut().unwrap().by = None;
    log.add(&today);
    let mut done = today.clone();
    done.follow_up.as_mut().unwrap().done = true;
    log.add(&done);
    let overview = crate::overview::overview(
        log.club.store.conn(),
        log.club.today,
        &crate::access::Actor::club_manager(),
    )
    .unwrap();
    assert_eq!(overview.concerns_this_quarter, Some(2));
    assert_eq!(overview.concerns_to_follow_up, Some(1));
    let json = serde_json::to_string(&overview).unwrap();
    assert!(!json.contains("older boy"), "{json}");
}

#[test]
fn the_home_overview_is_cut_to_the_person_looking() {
    let mut log = Log::new();
    let mut today = log.concern();
    today.occurred_on = date("2030-01-01");
    today.session_id = None;
    today.referral.on = Some(date("2030-01-01"));
    today.follow_up.as_mut().unwrap().by = None;
    log.add(&today);
    let seen_by = |role: Role| {
        crate::overview::overview(
            log.club.store.conn(),
            log.club.today,
            &actor(role, "Someone"),
        )
        .unwrap()
    };
    let lead = seen_by(Role::SafeguardingLead);
    assert!(lead.quarter.is_some());
    assert_eq!(lead.concerns_this_quarter, Some(1));
    // A leader sees the figures but not that the log holds anything.
    let leader = seen_by(Role::Leader);
    assert!(leader.quarter.is_some());
    assert_eq!(leader.concerns_this_quarter, None);
    assert_eq!(leader.concerns_to_follow_up, None);
    // A volunteer sees neither: figures and returns are not theirs.
    let volunteer = seen_by(Role::Volunteer);
    assert_eq!(volunteer.quarter, None);
    assert_eq!(volunteer.concerns_this_quarter, None);
    assert_eq!(volunteer.young_people, lead.young_people);
    let json = serde_json::to_string(&volunteer).unwrap();
    assert!(!json.contains("breakdowns"), "{json}");
}

#[test]
fn a_session_named_in_a_concern_cannot_be_deleted_and_the_refusal_does_not_say_why() {
    let mut log = Log::new();
    let concern = log.concern();
    log.add(&concern);
    let session = log.session;
    let refused = log
        .club
        .store
        .write(|tx| crate::sessions::delete_session(tx, session))
        .unwrap_err();
    assert_eq!(refused.kind(), crate::ErrorKind::Invalid);
    let message = refused.to_string();
    assert!(
        message.ends_with(
            "has other records linked to it, so it can't be deleted. Cancel it instead."
        ),
        "{message}"
    );
    assert!(!message.to_lowercase().contains("concern") && !message.contains("incident"));
    assert!(crate::sessions::get(log.club.store.conn(), session).is_ok());
}
