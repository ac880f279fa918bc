//! Every window command as every role, through real IPC messages on tauri's mock runtime,
//! against the core's operations table (the one docs/permissions.md is generated from): a
//! cell that says a role may is not refused, a cell that says it may not is refused with
//! kind `denied`. The roles run one after another on one synthetic club (the volunteer
//! first, the manager last, so nothing a wider role changes, such as deleting a session,
//! can turn a narrower role's answer into a refusal).

use serde_json::{Value, json};

mod common;
use common::{Window, invoke};

use std::collections::BTreeSet;

use clubroom_app::COMMAND_ARGUMENTS;
use clubroom_core::access::{Operation, Role, allowed};

fn ok(window: &Window, cmd: &str, args: Value) -> Value {
    invoke(window, cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e}"))
}

const TODAY: &str = "2026-11-24";

/// Who signs in for each role, their password, and their record among staff.
fn account(role: Role) -> (&'static str, &'static str, &'static str) {
    match role {
        Role::Manager => ("Test Manager", "a long test password", "Ann Archer"),
        Role::SafeguardingLead => ("Sam", "a long safeguarding pass", "Sam Safe"),
        Role::Leader => ("Lee", "leader password", "Lee Leader"),
        Role::Volunteer => ("Bo", "volunteer password", "Bo Bright"),
    }
}

/// What the club holds that the commands name; per role, their staff record and the
/// training record that is their own.
struct Club {
    session: i64,
    young_person: i64,
    profile: Value,
    template: Value,
    course: i64,
    person: std::collections::HashMap<&'static str, (i64, i64)>,
    backup: String,
}

fn person_input(name: &str) -> Value {
    json!({ "name": name, "email": null, "phone": null, "paid": true,
            "roles": ["lead"], "started_on": "2024-09-01", "left_on": null })
}

fn make_club(window: &Window) -> Club {
    ok(
        window,
        "save_club",
        json!({ "details": { "name": "Role Club", "charity_number": null, "lyp_name": null,
            "lyp_member_code": null, "volunteer_hour_value_gbp": 12.0, "consent_self_age": 13,
            "is_demo": false, "area": null, "frameworks_added": [] } }),
    );
    let (manager, password, _) = account(Role::Manager);
    ok(
        window,
        "create_first_manager",
        json!({ "name": manager, "password": password }),
    );
    let courses = ok(window, "courses", json!({}));
    let course = courses[0]["id"].as_i64().unwrap();
    let mut person = std::collections::HashMap::new();
    for role in Role::ALL {
        let (name, secret, staff_name) = account(*role);
        let added = ok(
            window,
            "add_person",
            json!({ "input": person_input(staff_name) }),
        );
        let id = added["id"].as_i64().unwrap();
        let record = ok(
            window,
            "log_training",
            json!({ "input": { "person_id": id, "course_id": course, "completed_on": "2025-01-10",
                "provider": null, "certificate_number": null, "dbs_level": null,
                "dbs_update_service": null } }),
        );
        person.insert(staff_name, (id, record["id"].as_i64().unwrap()));
        if *role != Role::Manager {
            ok(
                window,
                "add_user",
                json!({ "user": { "name": name, "role": role.code(), "person_id": id,
                    "secret_kind": "password", "secret": secret } }),
            );
        }
    }
    let added = ok(
        window,
        "add_young_person",
        json!({ "reference": "YP1", "confirmedNew": true,
            "profile": { "first_name": "Test", "last_name": "Person", "preferred_name": null,
                "date_of_birth": "2012-05-01", "age": null, "gender": "female", "ethnicity": null,
                "disability": "unknown", "send_notes": null, "postcode": null, "school": null,
                "education_status": null, "circumstances": {}, "circumstance_codes": [],
                "referred_by": null, "referred_to": null, "medical_notes": null,
                "allergies": null, "consents": [], "emergency_contacts": [] } }),
    );
    let young_person = added["id"].as_i64().unwrap();
    let profile = ok(window, "young_person", json!({ "id": young_person }))["profile"].clone();
    let session = ok(
        window,
        "add_session",
        json!({ "input": session_input("Juniors") }),
    )["id"]
        .as_i64()
        .unwrap();
    let bo = person["Bo Bright"].0;
    ok(
        window,
        "set_staffing",
        json!({ "sessionId": session, "personId": bo, "role": "volunteer", "hours": null }),
    );
    ok(
        window,
        "mark_present",
        json!({ "sessionId": session, "youngPersonId": young_person }),
    );
    let template = ok(
        window,
        "copy_template",
        json!({ "id": "dcms-yif", "name": "Our copy" }),
    );
    ok(
        window,
        "produce_return",
        json!({ "request": request(), "format": "pdf" }),
    );
    ok(
        window,
        "add_incident",
        json!({ "input": concern(young_person) }),
    );
    let backup = ok(window, "back_up_now", json!({}))["path"]
        .as_str()
        .unwrap()
        .to_owned();
    Club {
        session,
        young_person,
        profile,
        template,
        course,
        person,
        backup,
    }
}

fn session_input(name: &str) -> Value {
    json!({ "name": name, "date": TODAY, "start": "18:00", "end": "20:00", "venue_id": null,
        "session_type": "open-access", "age_min": null, "age_max": null, "activities": [],
        "outcomes": [], "notes": "", "project_id": null })
}

fn request() -> Value {
    json!({ "template_id": "dcms-yif", "period": { "from": "2026-10-01", "to": "2026-11-24" },
        "scope": { "project_id": null, "series_ids": [], "session_types": [] }, "answers": {} })
}

fn concern(young_person: i64) -> Value {
    json!({ "occurred_on": "2026-11-20", "occurred_at": null, "session_id": null,
        "young_people": [young_person], "what_happened": "A synthetic concern",
        "action_taken": "Spoke to the lead", "referral": { "to": [], "detail": null, "on": null },
        "follow_up": null })
}

fn series_input() -> Value {
    json!({ "name": "Tuesdays", "weekday": 2, "start": "18:00", "end": "20:00",
        "venue_id": null, "session_type": "open-access", "age_min": null, "age_max": null,
        "starts_on": TODAY, "ends_on": null, "project_id": null, "outcomes": [] })
}

fn story(young_person: i64) -> Value {
    json!({ "young_person_id": young_person, "kind": "quote", "title": "In their words",
        "body": "I stay all evening now.", "consent": "anonymous",
        "consent_given_by": "young-person", "told_on": TODAY, "audience": "team", "outcomes": [] })
}

fn matrix_filter() -> Value {
    json!({ "include_archived": false, "working_only": false, "role": null, "status": null, "text": "" })
}

/// The arguments a window command takes from the window, from the app's generated
/// `COMMAND_ARGUMENTS` (read from the command's own function).
fn takes(command: &str) -> BTreeSet<&'static str> {
    COMMAND_ARGUMENTS
        .iter()
        .find(|(name, _)| *name == command)
        .unwrap_or_else(|| panic!("`{command}` is a window command in the operations table, but the window has no such command"))
        .1
        .iter()
        .copied()
        .collect()
}

/// The arguments of a window command, as `role` sends them: none for a command that takes
/// none, else those written in `arguments_given`.
fn arguments(command: &str, role: Role, club: &Club) -> Value {
    if takes(command).is_empty() {
        return json!({});
    }
    arguments_given(command, role, club).unwrap_or_else(|| {
        panic!("no arguments for `{command}`: add them to src-tauri/tests/roles.rs")
    })
}

/// Each command that takes arguments and has none written, or whose written arguments are
/// not exactly those it takes (a renamed or added argument), in words.
fn argument_problems(commands: &[Operation], club: &Club) -> Vec<String> {
    let mut problems = Vec::new();
    for command in commands.iter().map(|op| op.code()) {
        let takes = takes(command);
        if takes.is_empty() {
            continue;
        }
        let Some(given) = arguments_given(command, Role::Manager, club) else {
            problems.push(format!("no arguments for `{command}` (it takes {takes:?}): add them to src-tauri/tests/roles.rs"));
            continue;
        };
        let names: BTreeSet<&str> = given
            .as_object()
            .map(|args| args.keys().map(String::as_str).collect())
            .unwrap_or_default();
        if names != takes {
            problems.push(format!(
                "`{command}` takes {takes:?}; src-tauri/tests/roles.rs gives {names:?}"
            ));
        }
    }
    problems
}

/// The arguments written for each window command that takes any, as `role` sends them.
fn arguments_given(command: &str, role: Role, club: &Club) -> Option<Value> {
    let (_, secret, staff_name) = account(role);
    let (me, my_record) = club.person[staff_name];
    let (session, yp) = (club.session, club.young_person);
    let record = |course: i64| {
        json!({ "person_id": me, "course_id": course, "completed_on": "2025-06-01",
            "provider": null, "certificate_number": null, "dbs_level": null,
            "dbs_update_service": null })
    };
    let period = json!({ "from": "2026-01-01", "to": "2026-12-31" });
    let given = match command {
        "save_club_scale" => json!({ "measure": { "schema": "clubroom-measure/1",
            "code": "speaking-up", "version": 1, "name": "Speaking up", "licence": "club",
            "attribution": "", "scoring": "mean", "higher_is_better": true,
            "meaningful_change": 1.0, "outcomes": [], "questions": [ { "id": "group",
            "text": "I feel confident speaking in a group",
            "scale": { "min": 1, "max": 3, "labels": [] } } ] } }),
        "save_checkin_plan" => json!({ "id": null, "plan": { "project_id": null,
            "series_id": 999, "measures": ["ons4"], "baseline_within": 3, "review_weeks": 12,
            "min_gap_weeks": 6, "who": { "kind": "everyone" } } }),
        "record_checkin" => json!({ "input": { "young_person_id": yp, "measure_code": "ons4",
            "measure_version": null, "taken_on": TODAY, "wave": "baseline", "mode": "self",
            "declined": true, "answers": [], "plan_id": null } }),
        "checkins" | "progression" => json!({ "youngPersonId": yp }),
        "checkins_due" => json!({ "sessionId": session }),
        "distance_travelled" => json!({ "period": period, "scope": { "project_id": null,
            "series_ids": [], "session_types": [] }, "measure": null }),
        "sustained_engagement" | "progression_counts" => json!({ "period": period }),
        "import_measure" => json!({ "registered": true }),
        "save_progression_kind" => json!({ "label": "A step", "grouping": "award" }),
        "add_progression" => json!({ "input": { "young_person_id": yp, "kind": "arts-award",
            "happened_on": TODAY, "note": null } }),
        "stories" => json!({ "youngPersonId": yp }),
        "add_story" => json!({ "input": story(yp) }),
        "update_story" => json!({ "id": 999, "input": story(yp) }),
        "remove_story" => json!({ "id": 999 }),
        "check_story" => json!({ "youngPersonId": yp, "text": "She stays all evening." }),
        "set_zoom" => json!({ "factor": 1.0 }),
        "save_club" => json!({ "details": { "name": "Role Club", "charity_number": null,
            "lyp_name": null, "lyp_member_code": null, "volunteer_hour_value_gbp": 12.0,
            "consent_self_age": 13, "is_demo": false, "area": null, "frameworks_added": [] } }),
        "outcome_frameworks" => json!({ "every": false }),
        "figures" | "incident_counts" | "staff_hours" | "preview_summary" => period,
        "add_venue" => {
            json!({ "input": { "name": "New Hall", "address": null, "postcode": null } })
        }
        "update_venue" => {
            json!({ "id": 1, "input": { "name": "New Hall", "address": null, "postcode": null } })
        }
        "set_venue_archived"
        | "set_series_archived"
        | "set_project_archived"
        | "set_person_archived"
        | "set_course_archived" => json!({ "id": 999, "archived": true }),
        "search_young_people" => json!({ "search": { "text": "", "include_archived": false,
            "needs_details_only": false, "limit": 10, "offset": 0 } }),
        "young_person" | "session" | "restore_session" | "incident" | "check_saved_return" => {
            json!({ "id": match command { "young_person" => yp, "session" | "restore_session" => session, _ => 1 } })
        }
        "add_young_person" => {
            json!({ "reference": null, "profile": club.profile, "confirmedNew": true })
        }
        "update_young_person" => json!({ "id": yp, "reference": "YP1", "profile": club.profile }),
        "set_young_person_archived" => json!({ "id": yp, "archived": false }),
        "add_series" => json!({ "input": series_input() }),
        "update_series" => json!({ "id": 999, "input": series_input() }),
        "sessions_between" => json!({ "from": TODAY, "to": TODAY }),
        "add_session" => json!({ "input": session_input("Extra") }),
        "update_session" => json!({ "id": session, "input": session_input("Juniors") }),
        "cancel_session" => json!({ "id": 999, "reason": null }),
        "delete_session" => json!({ "id": 999 }),
        "register" | "save_paper_register" | "session_staffing" | "staff_from_series" => {
            json!({ "sessionId": session })
        }
        "mark_present" | "unmark" => json!({ "sessionId": session, "youngPersonId": yp }),
        "set_times" => {
            json!({ "sessionId": session, "youngPersonId": yp, "arrived": "18:05", "left": null })
        }
        "add_at_door" => json!({ "sessionId": session, "arrival": { "first_name": "Door",
            "last_name": "Kid", "date_of_birth": null, "age": 12, "gender": "male",
            "postcode": null, "confirmed_new": true } }),
        "set_headcount" => json!({ "sessionId": session, "count": { "gender": "female",
            "age_band": "11-13", "count": 2 } }),
        "set_session_notes" => json!({ "sessionId": session, "notes": "A quiet night" }),
        "add_person" => json!({ "input": person_input("New Adult") }),
        "update_person" => json!({ "id": me, "input": person_input(staff_name) }),
        "add_course" => json!({ "input": { "name": "Minibus", "kind": "minibus",
            "validity_months": 36, "covers_course_id": null } }),
        "update_course" => json!({ "id": 999, "input": { "name": "Minibus", "kind": "minibus",
            "validity_months": 36, "covers_course_id": null } }),
        "set_requirement" => json!({ "role": "lead", "courseId": club.course, "required": true }),
        "set_staffing_policy" => {
            json!({ "policy": { "minimum_adults": 2, "expiry_warning_days": 60 } })
        }
        "set_ratio_rules" => json!({ "rules": [] }),
        "training_records" => json!({ "personId": me }),
        "log_training" => json!({ "input": record(club.course) }),
        "update_training" => json!({ "id": my_record, "input": record(club.course) }),
        "delete_training" => json!({ "id": 999_999 }),
        "attach_certificate" => json!({ "recordId": my_record }),
        "confirm_training" => json!({ "id": my_record, "by": "A. Manager" }),
        "training_matrix" => json!({ "on": null, "filter": matrix_filter() }),
        "save_training_matrix" => json!({ "on": null, "filter": matrix_filter(), "format": "csv" }),
        "export_attendance" => json!({ "from": "2026-10-01", "to": "2026-11-24", "format": "csv" }),
        "training_due" => json!({ "withinDays": 60 }),
        "set_staffing" => json!({ "sessionId": session, "personId": club.person["Ann Archer"].0,
            "role": "lead", "hours": null }),
        "remove_staffing" => json!({ "sessionId": 999, "personId": me }),
        "series_team" => json!({ "seriesId": 999 }),
        "set_series_team" => json!({ "seriesId": 999, "team": [] }),
        "copy_template" => json!({ "id": "dcms-yif", "name": "Another copy" }),
        "save_template" => json!({ "template": club.template }),
        "delete_template" => json!({ "id": "no-such-template" }),
        "export_template" => json!({ "id": "dcms-yif" }),
        "preview_return" => json!({ "request": request(), "template": null }),
        "produce_return" => json!({ "request": request(), "format": "csv" }),
        "save_return_register" => json!({ "request": request() }),
        "save_saved_return" => json!({ "id": 1, "format": "pdf" }),
        "add_project" => json!({ "name": "A grant", "funder": null }),
        "update_project" => json!({ "id": 999, "name": "A grant", "funder": null }),
        "add_circumstance" => json!({ "label": "A circumstance" }),
        "relabel_circumstance" => json!({ "code": "no-such", "label": "Renamed" }),
        "set_circumstance_archived" => json!({ "code": "no-such", "archived": true }),
        "set_partnership_destination" => json!({ "destination": { "kind": "folder",
            "location": "/nonexistent/folder", "user_name": null, "calendar": "quarterly",
            "custom_periods": [] }, "password": null }),
        "send_summary" => {
            json!({ "from": "2026-04-01", "to": "2026-06-30", "beforePeriodEnds": false })
        }
        "retry_summaries" => json!({ "which": "due" }),
        "due_summary_period" => json!({ "calendar": null, "customPeriods": [] }),
        "sign_in" => json!({ "name": account(role).0, "secret": secret }),
        "unlock" => json!({ "secret": secret }),
        "create_first_manager" => json!({ "name": "Another", "password": "another long password" }),
        "add_user" => json!({ "user": { "name": "Newcomer", "role": "volunteer",
            "person_id": null, "secret_kind": "password", "secret": "a newcomer password" } }),
        "update_user" => {
            json!({ "id": 999, "role": "volunteer", "personId": null, "active": true })
        }
        "reset_user_secret" => {
            json!({ "id": 999, "kind": "password", "secret": "a reset password" })
        }
        "change_own_secret" => json!({ "current": secret, "kind": "password", "secret": secret }),
        "set_lock_after" => json!({ "minutes": 10 }),
        "audit_log" => {
            json!({ "filter": { "user": null, "text": null, "from": null, "to": null, "limit": 5 } })
        }
        "save_subject_access_pdf" | "save_subject_access_json" | "erasure_preview" => {
            json!({ "youngPersonId": yp })
        }
        "erase_young_person" => json!({ "youngPersonId": yp, "typedName": "Not their name" }),
        "set_retention_rules" => json!({ "rules": { "unseen_years": 7, "register_years": 7 } }),
        "apply_retention" => json!({ "choice": { "erase": [], "anonymise": [] } }),
        "incidents" => json!({ "filter": { "from": null, "to": null, "young_person_id": null,
            "referred_to": null, "open_only": false } }),
        "add_incident" => json!({ "input": concern(yp) }),
        "add_incident_update" => json!({ "id": 1, "input": { "on": "2026-11-21",
            "note": "A further note", "referral": null, "follow_up": null } }),
        "correct_incident" => json!({ "id": 1, "input": concern(yp), "reason": "A typing slip" }),
        "backup_preview" | "restore_backup" => json!({ "path": club.backup }),
        "choose_import_file" => json!({ "kind": "young-people" }),
        "propose_import" => {
            json!({ "path": "no-such-file.csv", "kind": "young-people", "sheet": null,
                "mapping": null })
        }
        "preview_import" | "import_mapped" => json!({ "path": "no-such-file.csv",
            "mapping": { "format": "clubroom-import-mapping/1", "kind": "young-people",
                "source": "", "sheet": null, "columns": [], "values": {}, "register": null,
                "confirmed_new": [] } }),
        _ => return None,
    };
    Some(given)
}

/// Commands after which the person must sign in again (they end the session or change the
/// club file open), run after the others.
const ENDS_THE_SESSION: &[&str] = &[
    "sign_out",
    "lock",
    "unlock",
    "restore_backup",
    "explore_demo",
    "leave_demo",
];

#[test]
fn every_window_command_as_every_role_matches_the_operations_table() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // SAFETY: set before the app (or any other thread of this test binary) reads them.
    unsafe {
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
        std::env::set_var("CLUBROOM_TODAY", TODAY);
        std::env::set_var("CLUBROOM_SAVE_DIR", dir.path());
        std::env::set_var("CLUBROOM_OPEN_FILE", dir.path().join("no-such-file.csv"));
        std::env::set_var("CLUBROOM_OPEN_FOLDER", dir.path());
    }
    let (_app, window) = common::mock_window();
    let club = make_club(&window);

    let mut commands: Vec<Operation> = Operation::ALL
        .iter()
        .copied()
        .filter(|op| op.in_window())
        .collect();
    // Those that end the session last, in the order listed.
    commands.sort_by_key(|op| {
        ENDS_THE_SESSION
            .iter()
            .position(|c| *c == op.code())
            .map_or(0, |p| p + 1)
    });
    assert!(commands.len() >= 130, "{}", commands.len());
    let problems = argument_problems(&commands, &club);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let mut wrong = Vec::new();
    let mut walked = 0;
    for role in [
        Role::Volunteer,
        Role::Leader,
        Role::SafeguardingLead,
        Role::Manager,
    ] {
        let (name, secret, _) = account(role);
        let sign_in = || {
            ok(
                &window,
                "sign_in",
                json!({ "name": name, "secret": secret }),
            )
        };
        sign_in();
        for operation in &commands {
            let command = operation.code();
            let reply = invoke(&window, command, arguments(command, role, &club));
            // Refused by the role: the core's sentence ("Signed in as ..., you cannot ...").
            let refused = reply.as_ref().err().is_some_and(|e| {
                e["kind"] == "denied"
                    && e["message"]
                        .as_str()
                        .is_some_and(|m| m.starts_with("Signed in as "))
            });
            let expected = operation.permission().is_none_or(|p| allowed(role, p));
            if refused == expected {
                wrong.push(format!(
                    "`{command}` as {}: the table says {}, the window {}: {reply:?}",
                    role.label(),
                    if expected { "allowed" } else { "refused" },
                    if refused { "refused" } else { "did not refuse" },
                ));
            }
            if let Err(error) = &reply
                && error["kind"] != "denied"
            {
                // Refused for another reason (made-up ids, a folder that is not there):
                // the role check came first and let it through.
                assert!(error["message"].is_string(), "{command}: {error}");
            }
            walked += 1;
            if ENDS_THE_SESSION.contains(&command) {
                let _ = invoke(&window, "leave_demo", json!({}));
                let _ = invoke(&window, "unlock", json!({ "secret": secret }));
                sign_in();
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert_eq!(walked, commands.len() * 4);
}
