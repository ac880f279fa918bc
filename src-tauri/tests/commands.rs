//! The Tauri commands through real IPC messages on tauri's mock runtime (no display): argument
//! names as the front end sends them (camelCase), results and errors as it receives them.

use serde_json::{Value, json};
use tauri::test::{INVOKE_KEY, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

fn invoke(
    window: &WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        // The app's own origin on Linux and macOS, so the request counts as local.
        url: "tauri://localhost".parse().expect("a url"),
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().expect("a JSON reply"))
}

/// One test, because the app reads its folders from the environment, which is per process.
#[test]
fn a_club_is_set_up_and_a_register_taken_through_ipc() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // SAFETY: set before the app (or any other thread of this test binary) reads them.
    unsafe {
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
        std::env::set_var("CLUBROOM_TODAY", "2026-11-24");
        // File dialogs answer from these instead of opening a window (docs/testing.md).
        std::env::set_var("CLUBROOM_OPEN_FILE", dir.path().join("no-such-file.csv"));
        std::env::set_var("CLUBROOM_SAVE_DIR", dir.path());
        std::env::set_var("CLUBROOM_OPEN_FOLDER", dir.path());
    }
    let app = clubroom_app::configure(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("the app builds");
    clubroom_app::manage_state(app.handle()).expect("the club file opens");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a window");

    let status = invoke(&window, "app_status", json!({})).expect("status");
    assert_eq!(status["club"], Value::Null, "a new install has no club yet");
    assert_eq!(status["today"], "2026-11-24");
    assert!(
        status["database"]
            .as_str()
            .unwrap()
            .ends_with("clubroom.sqlite3")
    );

    // About Clubroom: where the club file and its backups are, and what ships, from the core.
    let about = invoke(&window, "about", json!({})).expect("about");
    let club_file = std::path::PathBuf::from(status["database"].as_str().unwrap());
    assert_eq!(about["club_file"], status["database"]);
    assert_eq!(
        about["backups_folder"],
        club_file
            .with_file_name("clubroom-backups")
            .display()
            .to_string()
    );
    assert_eq!(about["licence"], "AGPL-3.0-or-later");
    assert!(about["rust_crates"].as_array().unwrap().len() > 100);

    let refused = invoke(&window, "save_club", json!({ "details": club("  ") })).unwrap_err();
    assert_eq!(refused["kind"], "invalid");
    assert_eq!(refused["message"], "Enter the club's name.");

    let saved = invoke(
        &window,
        "save_club",
        json!({ "details": club("St Mary's Youth Club") }),
    )
    .expect("saved");
    assert_eq!(saved["name"], "St Mary's Youth Club");

    let venue = invoke(
        &window,
        "add_venue",
        json!({ "input": { "name": "St Mary's Hall", "address": null, "postcode": "cv1 2ab" } }),
    )
    .expect("venue");
    let series = invoke(
        &window,
        "add_series",
        json!({ "input": {
            "name": "Tuesday Juniors", "weekday": 2, "start": "18:00", "end": "20:00", "venue_id": venue["id"],
            "session_type": "open-access", "age_min": 8, "age_max": 12, "starts_on": "2026-11-24", "ends_on": null } }),
    )
    .expect("series");
    assert_eq!(series["next_date"], "2026-11-24");

    let today = invoke(
        &window,
        "sessions_between",
        json!({ "from": "2026-11-24", "to": "2026-11-24" }),
    )
    .expect("sessions");
    let session_id = today[0]["id"].clone();

    let jay = invoke(
        &window,
        "add_young_person",
        json!({ "reference": null, "profile": profile("Jay", "Smith", "2011-03-04"), "confirmedNew": false }),
    )
    .expect("added");
    let again = invoke(
        &window,
        "add_young_person",
        json!({ "reference": null, "profile": profile("Jay", "Smith", "2011-03-04"), "confirmedNew": false }),
    )
    .unwrap_err();
    assert_eq!(again["kind"], "likely-duplicate");
    assert_eq!(again["candidates"][0]["reference"], jay["reference"]);

    let marked = invoke(
        &window,
        "mark_present",
        json!({ "sessionId": session_id, "youngPersonId": jay["id"] }),
    )
    .expect("marked");
    assert_eq!(marked["present"], true);
    let door = invoke(
        &window,
        "add_at_door",
        json!({ "sessionId": session_id, "arrival": {
            "first_name": "Nia", "last_name": "Okafor", "date_of_birth": null, "age": 11,
            "gender": "female", "postcode": "CV2 4QX", "confirmed_new": false } }),
    )
    .expect("added at the door");
    assert_eq!(door["young_person"]["needs_details"], true);
    let timed = invoke(
        &window,
        "set_times",
        json!({ "sessionId": session_id, "youngPersonId": jay["id"], "arrived": "18:40", "left": "18:20" }),
    )
    .unwrap_err();
    assert_eq!(
        timed["message"],
        "Jay Smith can't leave (18:20) before they arrive (18:40)."
    );

    let register =
        invoke(&window, "register", json!({ "sessionId": session_id })).expect("register");
    assert_eq!(register["session"]["present"], 2);

    let overview = invoke(&window, "overview", json!({})).expect("overview");
    assert_eq!(overview["today_sessions"][0]["present"], 2);
    assert_eq!(overview["quarter"]["measures"]["attendances"], 2);

    let figures = invoke(
        &window,
        "figures",
        json!({ "from": "2026-12-01", "to": "2026-11-01" }),
    )
    .unwrap_err();
    assert!(
        figures["message"]
            .as_str()
            .unwrap()
            .contains("ends (1 November 2026) before it starts (1 December 2026)"),
        "{figures}"
    );

    let saved = invoke(
        &window,
        "save_paper_register",
        json!({ "sessionId": session_id }),
    )
    .expect("saved");
    let saved = std::path::PathBuf::from(saved.as_str().expect("a path"));
    assert_eq!(
        saved.file_name().unwrap(),
        "register-2026-11-24-tuesday-juniors.pdf"
    );
    assert!(std::fs::read(&saved).unwrap().starts_with(b"%PDF-"));
    let missing = invoke(&window, "import_young_people", json!({})).unwrap_err();
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .starts_with("Could not open"),
        "{missing}"
    );

    let vocabulary = invoke(&window, "vocabulary", json!({})).expect("vocabulary");
    assert_eq!(vocabulary["ethnicities"].as_array().unwrap().len(), 20);

    // Every command the handler knows is listed for the front end, and the other way round.
    for name in clubroom_app::COMMANDS {
        let reply = invoke(&window, name, json!({}));
        if let Err(error) = &reply {
            let text = error.to_string();
            assert!(
                !text.contains("not found"),
                "{name} is listed but not registered: {text}"
            );
        }
    }
}

fn club(name: &str) -> Value {
    json!({ "name": name, "charity_number": null, "lyp_name": null, "lyp_member_code": "COV-0042",
            "volunteer_hour_value_gbp": 12.21, "consent_self_age": 13, "is_demo": false, "area": null, "frameworks_added": [] })
}

fn profile(first: &str, last: &str, born: &str) -> Value {
    json!({ "first_name": first, "last_name": last, "preferred_name": null, "date_of_birth": born, "age": null,
            "gender": "male", "ethnicity": null, "disability": "unknown", "send_notes": null, "postcode": null,
            "school": null, "education_status": null,
            "circumstances": { "care_experienced": null, "young_carer": null, "looked_after": null, "care_leaver": null,
                               "child_protection_plan": null, "newly_arrived": null },
            "referred_by": null, "referred_to": null, "medical_notes": null, "allergies": null,
            "consents": [], "emergency_contacts": [] })
}
