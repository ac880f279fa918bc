//! Records what the real core answers about returns, for the UI's test fake:
//! `ui/src/lib/ipc/recorded-returns.json`, beside `recorded.json` (src-tauri/tests/recorded.rs).
//!
//! A return's figures, its parts and what has changed since one was sent are the core's
//! rules (`figures`, `returns`); the fake computes none of them. Its own process (and so its
//! own club file, folders and today) keeps this club apart from the partnership scenario's.
//! The club is the one the Returns and template editor screen tests set up (`returnsClub` in
//! ui/src/test/setup.ts): Jay (born 4 March 2012, male) and Amira (born 4 May 2014, female,
//! CV6 4AB), Tuesday Juniors on 7 July (both), 4 August (Jay, and four girls aged 11-13
//! counted) and 6 October 2026 (Amira), and a project "Youth Investment" holding the August
//! session, and the template "Partnership return" imported. The previews recorded are those the screen tests ask for
//! (`return_previews.json`), then a return is kept as sent and checked, before and after a
//! forgotten mark is added to the July session (scenario `returns-late-mark`).
//!
//! `CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app --test recorded_returns` writes it
//! again; the test fails when the committed file differs from what the core answers now.

mod common;

use std::collections::BTreeMap;

use common::{Window, invoke};
use serde_json::{Value, json};

/// The fake's today (ui/src/lib/ipc/fake.ts), pinned for the app too.
const TODAY: &str = "2026-11-24";

/// Each scenario's answers: each command's calls, with their arguments and the answer.
type Scenarios = BTreeMap<String, BTreeMap<String, Vec<Value>>>;

fn set_up(window: &Window, cmd: &str, args: Value) -> Value {
    invoke(window, cmd, args.clone())
        .unwrap_or_else(|e| panic!("setting up, {cmd} {args} was refused: {e}"))
}

/// Records `cmd`'s answer in `scenario`, kept to `fields` when given (the rest names this
/// run's folder or time, which would never match again).
fn record(
    scenarios: &mut Scenarios,
    window: &Window,
    (scenario, cmd): (&str, &str),
    args: Value,
    fields: Option<&[&str]>,
) {
    let answer = match invoke(window, cmd, args.clone()) {
        Ok(value) => match fields {
            Some(fields) => json!({ "args": args, "ok": fields.iter()
                .map(|f| ((*f).to_owned(), value[*f].clone()))
                .collect::<serde_json::Map<_, _>>() }),
            None => json!({ "args": args, "ok": value }),
        },
        Err(report) => json!({ "args": args, "error": report }),
    };
    scenarios
        .entry(scenario.to_owned())
        .or_default()
        .entry(cmd.to_owned())
        .or_default()
        .push(answer);
}

fn young_person(window: &Window, first: &str, last: &str, born: &str, gender: &str) -> i64 {
    let profile = json!({ "first_name": first, "last_name": last, "preferred_name": null,
        "date_of_birth": born, "age": null, "gender": gender, "ethnicity": null,
        "disability": "unknown", "send_notes": null,
        "postcode": if first == "Amira" { json!("CV6 4AB") } else { Value::Null },
        "school": null, "education_status": null,
        "circumstances": { "care_experienced": null, "young_carer": null, "looked_after": null,
                           "care_leaver": null, "child_protection_plan": null, "newly_arrived": null },
        "referred_by": null, "referred_to": null, "medical_notes": null, "allergies": null,
        "consents": [], "emergency_contacts": [] });
    set_up(
        window,
        "add_young_person",
        json!({ "reference": null, "profile": profile, "confirmedNew": false }),
    )["id"]
        .as_i64()
        .expect("an id")
}

fn session(window: &Window, date: &str, project_id: Option<i64>) -> i64 {
    set_up(
        window,
        "add_session",
        json!({ "input": {
            "name": "Tuesday Juniors", "date": date, "start": "18:00", "end": "20:00",
            "venue_id": null, "session_type": "open-access", "age_min": 8, "age_max": 12,
            "activities": [], "outcomes": [], "notes": "", "project_id": project_id } }),
    )["id"]
        .as_i64()
        .expect("an id")
}

fn mark(window: &Window, session: i64, person: i64) {
    set_up(
        window,
        "mark_present",
        json!({ "sessionId": session, "youngPersonId": person }),
    );
}

#[test]
fn the_fakes_recorded_returns_are_what_the_core_answers() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // SAFETY: set before the app (or any other thread of this test binary) reads them.
    unsafe {
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
        std::env::set_var("CLUBROOM_TODAY", TODAY);
        std::env::set_var("CLUBROOM_SAVE_DIR", dir.path().join("saved"));
    }
    std::fs::create_dir_all(dir.path().join("saved")).expect("a folder for saved files");
    let (_app, window) = common::mock_window();

    set_up(
        &window,
        "save_club",
        json!({ "details": { "name": "St Mary's Youth Club", "charity_number": null,
            "lyp_name": null, "lyp_member_code": null, "volunteer_hour_value_gbp": 0.0,
            "consent_self_age": 13, "is_demo": false, "area": null, "frameworks_added": [] } }),
    );
    let project = set_up(
        &window,
        "add_project",
        json!({ "name": "Youth Investment", "funder": "DCMS" }),
    )["id"]
        .as_i64()
        .expect("an id");
    let jay = young_person(&window, "Jay", "Smith", "2012-03-04", "male");
    let amira = young_person(&window, "Amira", "Hussain", "2014-05-04", "female");
    let july = session(&window, "2026-07-07", None);
    let august = session(&window, "2026-08-04", Some(project));
    let october = session(&window, "2026-10-06", None);
    mark(&window, july, jay);
    mark(&window, july, amira);
    mark(&window, august, jay);
    mark(&window, october, amira);
    set_up(
        &window,
        "set_headcount",
        json!({ "sessionId": august,
                "count": { "gender": "female", "age_band": "11-13", "count": 4 } }),
    );

    // The template the template editor's test imports, kept by the club as it would be.
    let mut imported = set_up(
        &window,
        "copy_template",
        json!({ "id": "general", "name": "Partnership return" }),
    );
    imported["funder"] = json!("Coventry Youth Partnership");
    set_up(&window, "save_template", json!({ "template": imported }));

    let mut scenarios = Scenarios::new();
    let previews: Value =
        serde_json::from_str(include_str!("return_previews.json")).expect("return_previews.json");
    for args in previews["previews"].as_array().expect("a list") {
        record(
            &mut scenarios,
            &window,
            ("returns", "preview_return"),
            args.clone(),
            None,
        );
    }
    // Kept as sent (the Returns tests' "Summer." return, and the one whose answer is typed),
    // then checked: nothing has changed.
    let summer = json!({ "template_id": "general",
        "period": { "from": "2026-07-01", "to": "2026-09-30" },
        "scope": { "project_id": null, "series_ids": [], "session_types": [] },
        "answers": { "notes": "Summer." } });
    record(
        &mut scenarios,
        &window,
        ("returns", "produce_return"),
        json!({ "request": summer, "format": "pdf" }),
        Some(&["saved_id"]),
    );
    let kept = json!({ "id": 1 });
    let check_fields: &[&str] = &["records_changed", "differences"];
    record(
        &mut scenarios,
        &window,
        ("returns", "check_saved_return"),
        kept.clone(),
        Some(check_fields),
    );
    // A forgotten mark is added to the July session after the return was sent.
    let kai = young_person(&window, "Kai", "Reid", "2011-01-01", "male");
    mark(&window, july, kai);
    record(
        &mut scenarios,
        &window,
        ("returns-late-mark", "check_saved_return"),
        kept,
        Some(check_fields),
    );

    let recorded = json!({
        "about": "Answers about returns recorded from clubroom-core through the window's commands by src-tauri/tests/recorded_returns.rs. Do not edit by hand: run CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app --test recorded_returns.",
        "today": TODAY,
        "scenarios": scenarios,
    });
    let text = serde_json::to_string_pretty(&recorded).expect("JSON") + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ui/src/lib/ipc/recorded-returns.json");
    if std::env::var_os("CLUBROOM_WRITE_BINDINGS").is_some() {
        std::fs::write(&path, &text).expect("write recorded-returns.json");
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == text,
        "ui/src/lib/ipc/recorded-returns.json is not what the core answers now: run \
         CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app --test recorded_returns"
    );
}
