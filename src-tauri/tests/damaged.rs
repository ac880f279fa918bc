//! A damaged club file through real IPC messages on tauri's mock runtime: an encrypted one is
//! only found damaged once someone's password unlocks its key file, and is then reported
//! plainly, its latest good (encrypted) backup offered and restored; a plain one whose first
//! page is gone is reported damaged at once, not taken for an encrypted file. A test binary of
//! its own: the app reads its folders and club file from the environment, which is per process.

use std::path::Path;

use clubroom_core::fixtures::Club;
use clubroom_core::vocab::SessionType;
use clubroom_core::{Store, backup};
use serde_json::{Value, json};
use tauri::WebviewWindowBuilder;
use tauri::test::{mock_builder, mock_context, noop_assets};

mod common;
use common::{Window, invoke};

const MANAGER: &str = "Ada Manager";
const PASSWORD: &str = "correct horse battery";

/// The app as it starts on the club file `CLUBROOM_DB` names, with its window.
fn start_app() -> (tauri::App<tauri::test::MockRuntime>, Window) {
    let app = clubroom_app::configure(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("the app builds");
    clubroom_app::manage_state(app.handle()).expect("the app's state");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a window");
    (app, window)
}

/// Forty young people (a dozen at a session) in `store`, then a backup of them.
fn fill_and_back_up(store: Store) -> String {
    let mut club = Club::with_store(store);
    let session = club.session("2026-11-17", "18:00", "20:00", SessionType::OpenAccess);
    for n in 0..40 {
        let id = club.young_person(&format!("Young{n}"), "Person", Some("2012-05-01"));
        if n < 12 {
            club.mark(session, id);
        }
    }
    backup::back_up_now(&mut club.store, None, chrono::Utc::now())
        .expect("a backup")
        .path
}

fn overwrite_page_one(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[..100].fill(0x33);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_damaged_club_file_is_reported_plainly_and_restored_from_its_backup() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let club = dir.path().join("club.sqlite3");
    let store = clubroom_core::fixtures::protected_club(&club, MANAGER, PASSWORD)
        .expect("a protected club");
    let good = fill_and_back_up(store);
    overwrite_page_one(&club);
    let damaged = std::fs::read(&club).unwrap();
    // SAFETY: set before the app (or any other thread of this test binary) reads them.
    unsafe {
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
        std::env::set_var("CLUBROOM_TODAY", "2026-11-24");
        std::env::set_var("CLUBROOM_DB", &club);
    }
    let (_app, window) = start_app();

    // Encrypted: nothing can be known until someone signs in.
    let status = invoke(&window, "app_status", json!({})).expect("status");
    assert_eq!(status["needs_sign_in"], true, "{status}");
    assert_eq!(status["problem"], Value::Null);

    // A wrong password is only that, and leaves the file as it was.
    let wrong = invoke(
        &window,
        "sign_in",
        json!({ "name": MANAGER, "secret": "not the password" }),
    )
    .unwrap_err();
    assert_eq!(wrong["kind"], "denied", "{wrong}");
    assert!(std::fs::read(&club).unwrap() == damaged);

    // The right one unlocks the key file, and the damage is said plainly.
    let refused = invoke(
        &window,
        "sign_in",
        json!({ "name": MANAGER, "secret": PASSWORD }),
    )
    .unwrap_err();
    assert_eq!(refused["kind"], "damaged", "{refused}");
    let message = refused["message"].as_str().unwrap();
    assert!(
        message.starts_with("This club file is damaged and cannot be opened safely.")
            && message.contains("The latest good backup is from"),
        "{message}"
    );
    let status = invoke(&window, "app_status", json!({})).expect("status");
    assert_eq!(status["problem"]["kind"], "damaged", "{status}");
    assert_eq!(status["needs_sign_in"], false);
    assert_eq!(status["club"], Value::Null);

    // Its latest good backup is offered, read with the key the password unlocked.
    let offered = invoke(&window, "latest_good_backup", json!({})).expect("an offer");
    assert_eq!(offered["entry"]["path"], good.as_str(), "{offered}");
    assert_eq!(offered["young_people"], 40);
    assert_eq!(offered["attendances"], 12);
    let shown = invoke(&window, "backup_preview", json!({ "path": good })).expect("preview");
    assert_eq!(shown["young_people"], 40);

    // Restored: the damaged file set aside unchanged, the backup in its place, which asks for
    // sign-in and then opens.
    let restored = invoke(&window, "restore_backup", json!({ "path": good })).expect("restored");
    let aside = restored["damaged_kept_as"].as_str().expect("kept aside");
    assert!(std::fs::read(aside).unwrap() == damaged);
    let status = invoke(&window, "app_status", json!({})).expect("status");
    assert_eq!(status["problem"], Value::Null, "{status}");
    assert_eq!(status["needs_sign_in"], true);
    invoke(
        &window,
        "sign_in",
        json!({ "name": MANAGER, "secret": PASSWORD }),
    )
    .expect("signed in to the restored club");
    let people = invoke(
        &window,
        "search_young_people",
        json!({ "search": { "text": "", "include_archived": false, "needs_details_only": false,
                "limit": 100, "offset": 0 } }),
    )
    .expect("young people");
    assert_eq!(people["total"], 40, "{people}");

    // A plain club file with its first page overwritten is damaged, not "encrypted": the app
    // says so at once instead of asking someone to sign in.
    let plain = dir.path().join("plain.sqlite3");
    let store = Store::create(&plain).expect("a plain club");
    fill_and_back_up(store);
    overwrite_page_one(&plain);
    // SAFETY: this test is the binary's only one; the first app is done with the variable.
    unsafe {
        std::env::set_var("CLUBROOM_DB", &plain);
    }
    let (_second, window) = start_app();
    let status = invoke(&window, "app_status", json!({})).expect("status");
    assert_eq!(status["needs_sign_in"], false, "{status}");
    assert_eq!(status["problem"]["kind"], "damaged");
    let offered = invoke(&window, "latest_good_backup", json!({})).expect("an offer");
    assert_eq!(offered["young_people"], 40, "{offered}");
}
