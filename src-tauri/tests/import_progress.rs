//! The import wizard's progress and Cancel, through real IPC on tauri's mock runtime: an
//! import sends `import-progress` events as it goes, and `cancel_import` pressed while it
//! runs stops it with nothing saved.

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tauri::Listener;

mod common;
use common::invoke;

/// Young people as another system writes them (its own column names), `rows` of them.
fn members_file(rows: usize) -> String {
    let mut csv = String::from("Member ID,First Name,Last Name,Date Of Birth\n");
    for n in 0..rows {
        csv.push_str(&format!(
            "IPC{n:05},Test{n},Cancelled{},{:02}/{:02}/2012\n",
            n % 7,
            n % 28 + 1,
            n % 12 + 1
        ));
    }
    csv
}

fn young_people_on_the_list(window: &common::Window) -> i64 {
    let found = invoke(
        window,
        "search_young_people",
        json!({ "search": { "text": "", "include_archived": true, "needs_details_only": false, "limit": 1, "offset": 0 } }),
    )
    .expect("young people");
    found["total"].as_i64().expect("a count")
}

#[test]
fn an_import_reports_its_progress_and_cancel_stops_it_with_nothing_saved() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // SAFETY: set before the app (or any other thread of this test binary) reads them.
    unsafe {
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
        std::env::set_var("CLUBROOM_TODAY", "2026-11-24");
    }
    let (app, window) = common::mock_window();
    invoke(&window, "explore_demo", json!({})).expect("the demo club");
    let file = dir.path().join("members.csv");
    std::fs::write(&file, members_file(5000)).unwrap();
    let path = file.display().to_string();
    let proposal = invoke(
        &window,
        "propose_import",
        json!({ "path": path, "kind": "young-people", "sheet": null, "mapping": null }),
    )
    .expect("a proposal");
    let mapping = proposal["mapping"].clone();
    let before = young_people_on_the_list(&window);

    // The dry run goes to the end, each step of it sent to the window.
    let seen: Arc<Mutex<Vec<(u64, u64)>>> = Arc::default();
    let record = seen.clone();
    app.listen_any("import-progress", move |event| {
        let step: Value = serde_json::from_str(event.payload()).expect("JSON");
        record.lock().unwrap().push((
            step["done"].as_u64().expect("done"),
            step["total"].as_u64().expect("total"),
        ));
    });
    let preview = invoke(
        &window,
        "preview_import",
        json!({ "path": path, "mapping": mapping }),
    )
    .expect("the dry run");
    assert_eq!(preview["outcome"]["added"], 5000, "{preview}");
    let steps = seen.lock().unwrap().clone();
    assert_eq!(steps.first(), Some(&(0, 5000)), "{steps:?}");
    assert_eq!(steps.last(), Some(&(5000, 5000)), "{steps:?}");
    assert!(
        steps.len() >= 6,
        "a step per batch of 1,000 rows: {steps:?}"
    );

    // The import, cancelled as its first batch is reported (the Cancel button pressed from
    // another thread, as the window's would be, while the import holds the club file).
    let cancelling = window.clone();
    let pressed = Arc::new(Mutex::new(false));
    app.listen_any("import-progress", move |event| {
        let step: Value = serde_json::from_str(event.payload()).expect("JSON");
        let mut pressed = pressed.lock().unwrap();
        if step["done"].as_u64() >= Some(1000) && !*pressed {
            *pressed = true;
            let window = cancelling.clone();
            std::thread::spawn(move || invoke(&window, "cancel_import", json!({})))
                .join()
                .expect("the Cancel button")
                .expect("cancel_import answers");
        }
    });
    let stopped = invoke(
        &window,
        "import_mapped",
        json!({ "path": path, "mapping": mapping }),
    )
    .expect_err("the import was cancelled");
    assert_eq!(stopped["kind"], "cancelled", "{stopped}");
    assert!(
        stopped["message"]
            .as_str()
            .unwrap()
            .contains("Nothing was saved"),
        "{stopped}"
    );
    assert_eq!(young_people_on_the_list(&window), before, "nothing saved");
}
