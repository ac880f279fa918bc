//! The partnership summary in the real window: a manager sets a folder (standing in for a
//! shared drive) as the destination, previews exactly what will go with the withheld cells
//! marked, sends it, and sees the send in the sync log; the files in the folder are the
//! summary, its schema and the manifest, and no young person's name is in any of them.

use clubroom_e2e::{Harness, ONE_AT_A_TIME};

const TODAY: &str = "2026-11-24";

#[tokio::test(flavor = "multi_thread")]
async fn a_summary_is_previewed_sent_to_a_folder_and_logged() {
    let _one = ONE_AT_A_TIME.lock().await;
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().to_str().unwrap().to_owned();
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;

    app.click("nav-partnership").await;
    // The screen has loaded what is already set (nothing yet) before anything is chosen.
    app.wait_text(
        "summary-privacy",
        "No names, dates of birth, full postcodes or notes are included.",
    )
    .await;
    app.click("destination-folder").await;
    // The folder's path typed (or pasted) in, as a manager may; the native folder picker
    // cannot be driven by WebDriver (the command behind "Choose…" is tested through IPC).
    app.type_into("destination-location", &folder).await;
    app.wait_until("the folder is filled in", async |app| {
        app.value("destination-location").await == folder
    })
    .await;
    app.click("destination-save").await;
    app.wait_until("the destination is saved", async |app| {
        !app.all("toast").await.is_empty()
    })
    .await;
    app.dismiss_toasts().await;

    // The preview: the privacy line, and exactly the rows that will go.
    app.set("summary-from", "2026-07-01").await;
    app.set("summary-to", "2026-09-30").await;
    app.wait_text(
        "summary-privacy",
        "No names, dates of birth, full postcodes or notes are included.",
    )
    .await;
    app.wait_until("the rows are shown", async |app| {
        app.all("summary-row").await.len() > 20
    })
    .await;
    let mut withheld = 0;
    for row in app.all("summary-row").await {
        if row.attr("data-suppressed").await.ok().flatten().as_deref() == Some("true") {
            withheld += 1;
        }
    }
    assert!(withheld > 0, "a demo quarter has small counts to withhold");
    app.screenshot("partnership").await;

    app.dismiss_toasts().await;
    app.click("summary-send").await;
    app.wait_until("the log shows the send", async |app| {
        for entry in app.all("sync-log-entry").await {
            if entry.attr("data-result").await.ok().flatten().as_deref() == Some("sent") {
                return true;
            }
        }
        false
    })
    .await;
    let mut names: Vec<String> = std::fs::read_dir(shared.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "WYP-0042_2026-07-01_2026-09-30_lyp-summary-2.csv",
            "WYP-0042_2026-07-01_2026-09-30_lyp-summary-2_manifest.json",
            "lyp-summary-2.schema.json",
        ]
    );

    // Nothing personal went: no first or last name of any young person is in the files.
    let sent: String = names
        .iter()
        .map(|n| std::fs::read_to_string(shared.path().join(n)).unwrap())
        .collect();
    let data = harness.folder.path().join("data/uk.clubroom.desktop");
    let file = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            name.starts_with("demo-club.") && !name.ends_with("-wal") && !name.ends_with("-shm")
        })
        .unwrap();
    let store = clubroom_core::club_file::open(&file, None).unwrap();
    let mut stmt = store
        .conn()
        .prepare("SELECT first_name, last_name, ref FROM young_people")
        .unwrap();
    let people: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (first, last, reference) in people {
        for private in [&first, &last, &reference] {
            assert!(
                !sent.contains(&format!(",{private},")),
                "{private} must not be sent"
            );
        }
    }
    app.dismiss_toasts().await;
    app.scroll_to("sync-log").await;
    app.screenshot("partnership-sent").await;
    app.quit().await;
}
