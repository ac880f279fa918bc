//! Every export command of the window, through real IPC on tauri's mock runtime: each file
//! it saves is in the audit log with the SHA-256 of its bytes. The save dialog answers from
//! `CLUBROOM_SAVE_DIR` (docs/testing.md).

use std::path::Path;

use clubroom_core::exports::ExportKind;
use serde_json::{Value, json};

mod common;
use common::invoke;

/// By coreutils' `sha256sum`, not the core's own digest.
fn sha256_of(path: &Path) -> String {
    let out = std::process::Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum runs");
    assert!(out.status.success(), "{}", path.display());
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

fn request() -> Value {
    json!({
        "template_id": "dcms-yif",
        "period": { "from": "2026-10-01", "to": "2026-11-24" },
        "scope": { "project_id": null, "series_ids": [], "session_types": [] },
        "answers": {}
    })
}

/// The window's commands that make each kind (command, arguments), or why it has none.
fn commands_for(
    kind: ExportKind,
    session: i64,
    person: i64,
) -> Result<Vec<(&'static str, Value)>, &'static str> {
    let matrix = |format: &str| {
        json!({ "on": null, "format": format, "filter": {
            "include_archived": false, "working_only": false, "role": null, "status": null, "text": ""
        } })
    };
    match kind {
        ExportKind::Attendance => Ok(["csv", "xlsx"]
            .into_iter()
            .map(|format| {
                let period = json!({ "from": "2026-10-01", "to": "2026-11-24", "format": format });
                ("export_attendance", period)
            })
            .collect()),
        ExportKind::DraftReturn => Err("the window keeps every return it produces as sent"),
        ExportKind::Summary => Err(
            "the window sends the summary to the destination (the sync log), it does not save it to a folder",
        ),
        ExportKind::ReturnRegister => Ok(vec![(
            "save_return_register",
            json!({ "request": request() }),
        )]),
        ExportKind::Return => Ok(["pdf", "csv", "json", "xlsx"]
            .into_iter()
            .map(|format| {
                (
                    "produce_return",
                    json!({ "request": request(), "format": format }),
                )
            })
            .collect()),
        ExportKind::SavedReturn => Ok(["pdf", "xlsx"]
            .into_iter()
            .map(|format| ("save_saved_return", json!({ "id": 1, "format": format })))
            .collect()),
        ExportKind::PaperRegister => Ok(vec![(
            "save_paper_register",
            json!({ "sessionId": session }),
        )]),
        ExportKind::TrainingMatrix => Ok(vec![
            ("save_training_matrix", matrix("csv")),
            ("save_training_matrix", matrix("pdf")),
            ("save_training_matrix", matrix("xlsx")),
        ]),
        ExportKind::SubjectAccess => Ok(vec![
            (
                "save_subject_access_pdf",
                json!({ "youngPersonId": person }),
            ),
            (
                "save_subject_access_json",
                json!({ "youngPersonId": person }),
            ),
        ]),
        ExportKind::Template => Ok(vec![("export_template", json!({ "id": "dcms-yif" }))]),
        ExportKind::Measure => Err("measures are exported from the command line only, for now"),
    }
}

#[test]
fn every_export_command_of_the_window_is_in_the_audit_log_with_its_digest() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let saves = dir.path().join("saved");
    std::fs::create_dir(&saves).unwrap();
    // SAFETY: set before the app (or any other thread of this test binary) reads them.
    unsafe {
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
        std::env::set_var("CLUBROOM_TODAY", "2026-11-24");
        std::env::set_var("CLUBROOM_SAVE_DIR", &saves);
    }
    let (_app, window) = common::mock_window();
    invoke(&window, "explore_demo", json!({})).expect("the demo club");
    let sessions = invoke(
        &window,
        "sessions_between",
        json!({ "from": "2026-11-01", "to": "2026-11-23" }),
    )
    .expect("sessions");
    let session = sessions[0]["id"].as_i64().expect("a session");
    let found = invoke(
        &window,
        "search_young_people",
        json!({ "search": { "text": "", "include_archived": false, "needs_details_only": false, "limit": 1, "offset": 0 } }),
    )
    .expect("young people");
    let person = found["people"][0]["id"].as_i64().expect("a young person");

    let mut walked = 0;
    let mut excel_files = Vec::new();
    for kind in ExportKind::ALL {
        let Ok(commands) = commands_for(*kind, session, person) else {
            continue;
        };
        for (command, args) in commands {
            let reply = invoke(&window, command, args).unwrap_or_else(|e| panic!("{command}: {e}"));
            let path = reply["path"]
                .as_str()
                .or(reply.as_str())
                .unwrap_or_else(|| panic!("{command}: {reply}"));
            let expected = format!("file={path}; sha256={}", sha256_of(Path::new(path)));
            let log = invoke(
                &window,
                "audit_log",
                json!({ "filter": { "user": null, "text": "sha256=", "from": null, "to": null, "limit": 500 } }),
            )
            .expect("the audit log");
            let record = log
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|e| e["record"].as_str())
                .find(|r| r.ends_with(&expected))
                .unwrap_or_else(|| panic!("{command}: no entry for {expected}\n{log:#}"));
            assert!(
                record.starts_with(&format!("kind={};", kind.code())),
                "{record}"
            );
            if path.ends_with(".xlsx") {
                excel_files.push(path.to_owned());
            }
            walked += 1;
        }
    }
    assert_eq!(walked, 16, "every export command of the window was walked");
    // The Excel files are workbooks a spreadsheet opens: the attendance, the returns with
    // their cover sheet first, the matrix with its grid.
    let first_sheets: Vec<String> = excel_files
        .iter()
        .map(|path| {
            let book: calamine::Xlsx<_> = calamine::open_workbook(path)
                .unwrap_or_else(|e| panic!("{path} is not a workbook: {e}"));
            calamine::Reader::sheet_names(&book)[0].clone()
        })
        .collect();
    assert_eq!(
        first_sheets,
        ["Attendance", "Return", "Return", "Training matrix"]
    );
}
