//! Backups through real IPC messages on tauri's mock runtime: back up now and to a folder
//! (the folder dialog answered by CLUBROOM_OPEN_FOLDER), preview, restore, and the app
//! reopening the restored file. A test binary of its own: the app reads its folders from the
//! environment, which is per process.

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
        url: "tauri://localhost".parse().expect("a url"),
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().expect("a JSON reply"))
}

fn venue_names(window: &WebviewWindow<tauri::test::MockRuntime>) -> Vec<String> {
    invoke(window, "venues", json!({}))
        .expect("venues")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_backup_is_made_previewed_and_restored_and_the_app_reopens_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let usb = dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    // SAFETY: set before the app (or any other thread of this test binary) reads them.
    unsafe {
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
        std::env::set_var("CLUBROOM_TODAY", "2026-11-24");
        std::env::set_var("CLUBROOM_OPEN_FOLDER", &usb);
    }
    let app = clubroom_app::configure(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("the app builds");
    clubroom_app::manage_state(app.handle()).expect("the club file opens");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a window");

    let opened = invoke(&window, "backups", json!({})).expect("backups");
    assert_eq!(
        opened["backups"][0]["reason"], "daily",
        "the first open of the day made one: {opened}"
    );
    invoke(
        &window,
        "save_club",
        json!({ "details": { "name": "St Mary's Youth Club", "charity_number": null, "lyp_name": null,
                "lyp_member_code": null, "volunteer_hour_value_gbp": 0.0, "consent_self_age": 13, "is_demo": false, "area": null, "frameworks_added": [] } }),
    )
    .expect("saved");
    invoke(
        &window,
        "add_venue",
        json!({ "input": { "name": "St Mary's Hall", "address": null, "postcode": null } }),
    )
    .expect("venue");

    let made = invoke(&window, "back_up_now", json!({})).expect("backed up");
    assert_eq!(made["reason"], "manual");
    let on_usb = invoke(&window, "back_up_to_folder", json!({})).expect("to the folder");
    assert!(
        on_usb["path"]
            .as_str()
            .unwrap()
            .starts_with(usb.to_str().unwrap())
    );

    invoke(
        &window,
        "add_venue",
        json!({ "input": { "name": "Community Centre", "address": null, "postcode": null } }),
    )
    .expect("venue");
    assert_eq!(venue_names(&window).len(), 2);

    let shown =
        invoke(&window, "backup_preview", json!({ "path": made["path"] })).expect("preview");
    assert_eq!(shown["club_name"], "St Mary's Youth Club");

    let restored =
        invoke(&window, "restore_backup", json!({ "path": on_usb["path"] })).expect("restored");
    assert_eq!(restored["before_restore"]["reason"], "before-restore");
    assert_eq!(venue_names(&window), vec!["St Mary's Hall".to_owned()]);
    let status = invoke(&window, "app_status", json!({})).expect("status");
    assert_eq!(status["problem"], Value::Null);
    assert_eq!(status["club"]["name"], "St Mary's Youth Club");

    let missing = invoke(
        &window,
        "restore_backup",
        json!({ "path": dir.path().join("nothing.clubroom") }),
    )
    .unwrap_err();
    assert_eq!(missing["kind"], "file", "{missing}");
    assert_eq!(
        venue_names(&window).len(),
        1,
        "a failed restore changes nothing"
    );
}
