//! Records how the real core folds names for searching, for the UI's test fake:
//! `ui/src/lib/ipc/recorded-search.json`, beside `recorded.json` and `recorded-returns.json`.
//!
//! Folding (accents taken off, Ł as L, case) is the core's one rule (`young_people::fold`);
//! the fake folds nothing. Two answers are recorded from `search_young_people` on a club of
//! every name the screen tests add (accented ones among them: Siân Llŷr, Łucja Nowak, Zoë
//! Ó Dálaigh), in its own process so its people stay apart from the other scenarios':
//! - `search_key`: each name's folded key, as the core sends it with every summary;
//! - `search_words`: the words the core folds each typed text into, for every text the
//!   screen tests type into a search box and every text met on the way (the young people
//!   list and the concern form search at each key).
//!
//! - `add_young_person` and `add_at_door`: the core's likely-duplicate refusals of the
//!   additions the screen tests make for someone already on the list (Sian Llyr typed for
//!   Siân Llŷr among them), which the fake throws: it compares no names itself;
//! - scenario `door-age`: a young person added with only an age (12) on 2025-06-01, as the
//!   core answers `young_person` on 2026-12-06 (13: an age given counts on by whole years
//!   from the day given), for the young person's page to show the core's age.
//!
//! `CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app --test recorded_search` writes it
//! again; the test fails when the committed file differs from what the core answers now.

mod common;

use std::collections::BTreeMap;

use common::{Window, invoke};
use serde_json::{Value, json};

/// The fake's today (ui/src/lib/ipc/fake.ts), pinned for the app too.
const TODAY: &str = "2026-11-24";

/// Every name the screen tests give a young person (first, last), and accented names.
const NAMES: &[(&str, &str)] = &[
    ("Ann", "Archer"),
    ("Ben", "Bright"),
    ("Cal", "Cross"),
    ("Jay", "Smith"),
    ("Amira", "Hussain"),
    ("Zara", "Ahmed"),
    ("Kai", "Reid"),
    ("Kai", "Smith"),
    ("Mohammed", "Ali"),
    ("Nia", "Okafor"),
    ("Siân", "Llŷr"),
    ("Łucja", "Nowak"),
    ("Zoë", "Ó Dálaigh"),
];

/// Every text the screen tests type into a search box; each of its beginnings is recorded too.
const TYPED: &[&str] = &[
    "ann",
    "cro",
    "kai s",
    "sian llyr",
    "lucja",
    "zoe",
    "r",
    "ben",
    "nia okafor",
    "huss",
    "zebedee",
    "jay",
];

fn search(window: &Window, text: &str) -> Value {
    invoke(
        window,
        "search_young_people",
        json!({ "search": { "text": text, "include_archived": true,
                            "needs_details_only": false, "limit": 100, "offset": 0 } }),
    )
    .unwrap_or_else(|e| panic!("searching for {text:?} was refused: {e}"))
}

/// The dates of birth the screen tests give some of these names, so the likely-duplicate
/// answers below are the core's on the people those tests hold; everyone else 2013-02-03.
const BORN: &[(&str, &str, &str)] = &[
    ("Ann", "Archer", "2014-01-01"),
    ("Ben", "Bright", "2013-01-01"),
    ("Cal", "Cross", "2012-01-01"),
    ("Jay", "Smith", "2011-03-04"),
    ("Amira", "Hussain", "2012-05-04"),
];

fn add(window: &Window, first: &str, last: &str) -> Value {
    let born = BORN
        .iter()
        .find(|(f, l, _)| (*f, *l) == (first, last))
        .map_or("2013-02-03", |(_, _, born)| born);
    add_born(window, first, last, json!(born), Value::Null)
}

/// The core's likely-duplicate answers to the additions the screen tests make for someone
/// already on the list, on this club of their names: on the young person's page (Jay Smith,
/// born as the test's Jay) and at the door (Ann Archer, and Sian Llyr typed without Siân
/// Llŷr's accents), each not yet confirmed as someone new. Kept under the names and date of
/// birth given (what the core's answer turns on), with the candidates the core named; the
/// fake throws the refusal, naming those of the candidates it holds.
fn likely_duplicates(window: &Window, calls: &mut BTreeMap<&str, Vec<Value>>) {
    let key = |first: &str, last: &str, born: Value| json!({ "first_name": first, "last_name": last, "date_of_birth": born, "confirmed_new": false });
    let jay = profile("Jay", "Smith", json!("2011-03-04"), Value::Null);
    let answer = invoke(
        window,
        "add_young_person",
        json!({ "reference": null, "profile": jay, "confirmedNew": false }),
    );
    calls
        .entry("add_young_person")
        .or_default()
        .push(answered(key("Jay", "Smith", json!("2011-03-04")), answer));
    let session = invoke(
        window,
        "add_session",
        json!({ "input": {
            "name": "Door test", "date": TODAY, "start": "18:00", "end": "20:00",
            "venue_id": null, "session_type": "open-access", "age_min": 8, "age_max": 12,
            "activities": [], "outcomes": [], "notes": "", "project_id": null } }),
    )
    .unwrap_or_else(|e| panic!("adding a session was refused: {e}"));
    for (first, last) in [("Ann", "Archer"), ("Sian", "Llyr")] {
        let answer = invoke(
            window,
            "add_at_door",
            json!({ "sessionId": session["id"], "arrival": {
                "first_name": first, "last_name": last, "date_of_birth": null, "age": null,
                "gender": "unknown", "postcode": null, "confirmed_new": false } }),
        );
        calls
            .entry("add_at_door")
            .or_default()
            .push(answered(key(first, last, Value::Null), answer));
    }
}

/// A recorded call: its arguments and the core's answer or refusal.
fn answered(args: Value, answer: Result<Value, Value>) -> Value {
    match answer {
        Ok(ok) => json!({ "args": args, "ok": ok }),
        Err(error) => json!({ "args": args, "error": error }),
    }
}

/// Adds a young person with a date of birth or (`date_of_birth` null) an age given.
fn add_born(window: &Window, first: &str, last: &str, date_of_birth: Value, age: Value) -> Value {
    invoke(
        window,
        "add_young_person",
        json!({ "reference": null, "profile": profile(first, last, date_of_birth, age), "confirmedNew": true }),
    )
    .unwrap_or_else(|e| panic!("adding {first} {last} was refused: {e}"))
}

/// A young person's profile as the page sends it, with only names and a birth or age given.
fn profile(first: &str, last: &str, date_of_birth: Value, age: Value) -> Value {
    json!({ "first_name": first, "last_name": last, "preferred_name": null,
        "date_of_birth": date_of_birth, "age": age, "gender": "female", "ethnicity": null,
        "disability": "unknown", "send_notes": null, "postcode": null,
        "school": null, "education_status": null,
        "circumstances": { "care_experienced": null, "young_carer": null, "looked_after": null,
                           "care_leaver": null, "child_protection_plan": null, "newly_arrived": null },
        "referred_by": null, "referred_to": null, "medical_notes": null, "allergies": null,
        "consents": [], "emergency_contacts": [] })
}

/// Sets the app's today (read at each command) for the next commands.
fn pin_today(date: &str) {
    // SAFETY: this binary's one test runs the commands one at a time; no other thread reads
    // the environment while it is set.
    unsafe { std::env::set_var("CLUBROOM_TODAY", date) };
}

/// Someone added with only an age, asked about a year and a half later: the core's answer.
fn door_age(window: &Window) -> Value {
    pin_today("2025-06-01");
    let added = add_born(window, "Dara", "Quinn", Value::Null, json!(12));
    pin_today("2026-12-06");
    let asked = invoke(window, "young_person", json!({ "id": added["id"] }))
        .unwrap_or_else(|e| panic!("asking for Dara Quinn was refused: {e}"));
    pin_today(TODAY);
    assert_eq!(
        asked["profile"]["age"],
        json!(13),
        "12 on 2025-06-01 is 13 on 2026-12-06"
    );
    json!({ "young_person": [{ "args": { "id": added["id"] }, "ok": asked }] })
}

/// Every beginning of `text` (the screens search as each key is typed), and `text` itself.
fn beginnings(text: &str) -> impl Iterator<Item = String> + '_ {
    text.char_indices()
        .map(|(i, c)| text[..i + c.len_utf8()].to_owned())
}

#[test]
fn the_fakes_recorded_search_folds_are_what_the_core_answers() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // SAFETY: set before the app (or any other thread of this test binary) reads them.
    unsafe {
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
        std::env::set_var("CLUBROOM_TODAY", TODAY);
    }
    let (_app, window) = common::mock_window();
    invoke(
        &window,
        "save_club",
        json!({ "details": { "name": "St Mary's Youth Club", "charity_number": null,
            "lyp_name": null, "lyp_member_code": null, "volunteer_hour_value_gbp": 0.0,
            "consent_self_age": 13, "is_demo": false, "area": null, "frameworks_added": [] } }),
    )
    .expect("the club is saved");
    for (first, last) in NAMES {
        add(&window, first, last);
    }

    let mut calls: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for person in search(&window, "")["people"].as_array().expect("a list") {
        calls.entry("search_key").or_default().push(json!({
            "args": { "first_name": person["first_name"], "last_name": person["last_name"],
                      "preferred_name": person["preferred_name"] },
            "ok": person["search_key"] }));
    }
    let mut texts: Vec<String> = TYPED.iter().flat_map(|t| beginnings(t)).collect();
    texts.push(String::new());
    texts.sort();
    texts.dedup();
    for text in texts {
        let words = search(&window, &text)["words"].clone();
        calls
            .entry("search_words")
            .or_default()
            .push(json!({ "args": { "text": text }, "ok": words }));
    }
    let door = door_age(&window);
    likely_duplicates(&window, &mut calls);

    let recorded = json!({
        "about": "How the core folds names and typed text for searching, recorded from clubroom-core through the window's commands by src-tauri/tests/recorded_search.rs. Do not edit by hand: run CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app --test recorded_search.",
        "today": TODAY,
        "scenarios": { "new-club": calls, "door-age": door },
    });
    let text = serde_json::to_string_pretty(&recorded).expect("JSON") + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ui/src/lib/ipc/recorded-search.json");
    if std::env::var_os("CLUBROOM_WRITE_BINDINGS").is_some() {
        std::fs::write(&path, &text).expect("write recorded-search.json");
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == text,
        "ui/src/lib/ipc/recorded-search.json is not what the core answers now: run \
         CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app --test recorded_search"
    );
}
