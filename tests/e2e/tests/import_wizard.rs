//! The import wizard in the real window (issue 15): the OSM-style members export
//! (tests/data/import/osm-members.xlsx) read with its suggested mapping, one column and one
//! value changed by the user, the dry run's counts seen, the import done, and the members
//! found in the young people's list. The file dialog is bypassed by `CLUBROOM_OPEN_FILE`
//! (src-tauri/src/dialogs.rs), as every e2e file choice is.

use clubroom_e2e::{App, Harness, ONE_AT_A_TIME, workspace_root};
use serde_json::{Value, json};

const TODAY: &str = "2026-11-24";

/// The members in the file (its generator is crates/core/src/import/data_tests.rs).
const MEMBERS: usize = 12;

/// Chooses the option whose text is `label` in the select found by `css`, as a user would:
/// once the control is no longer greyed out while the wizard asks the core.
async fn choose_in(app: &App, css: &str, label: &str) {
    app.wait_until("the control can be used", async |app: &App| {
        app.client
            .execute(
                "const f = document.querySelector(arguments[0]); return !!f && !f.disabled;",
                vec![json!(css)],
            )
            .await
            .ok()
            == Some(json!(true))
    })
    .await;
    let chosen: Value = app
        .client
        .execute(
            "const f = document.querySelector(arguments[0]);
             if (!f) return 'no such control';
             const option = [...f.options].find(o => o.text.trim() === arguments[1]);
             if (!option) return [...f.options].map(o => o.text.trim()).join(' | ');
             f.value = option.value;
             f.dispatchEvent(new Event('change', { bubbles: true }));
             return true;",
            vec![json!(css), json!(label)],
        )
        .await
        .expect("the script runs");
    assert_eq!(chosen, json!(true), "{css}: {label}");
}

async fn selected_text(app: &App, css: &str) -> String {
    app.client
        .execute(
            "const f = document.querySelector(arguments[0]); return f ? f.selectedOptions[0].text.trim() : '';",
            vec![json!(css)],
        )
        .await
        .expect("the script runs")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_osm_members_export_comes_in_through_the_wizard_after_the_user_puts_it_right() {
    let _one = ONE_AT_A_TIME.lock().await;
    let file = workspace_root().join("tests/data/import/osm-members.xlsx");
    let file = file.to_str().expect("a UTF-8 path");
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY), ("CLUBROOM_OPEN_FILE", file)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("today-session").await;
    app.dismiss_toasts().await;
    app.click("nav-settings").await;
    app.scroll_to("import-wizard").await;
    app.click("import-choose").await;
    app.el("import-columns").await;
    assert!(app.text("import-read").await.contains("(two rows, joined)"));

    // The suggestion, as the core made it.
    let allergies = "[data-testid=import-column][data-header='Medical.Allergies']";
    let first = "[data-testid=import-column][data-header='First Name']";
    let undisclosed =
        "[data-testid=import-value][data-field=gender][data-value='Prefer not to disclose']";
    assert_eq!(selected_text(&app, first).await, "First name");
    assert_eq!(selected_text(&app, allergies).await, "Allergies");
    assert_eq!(selected_text(&app, undisclosed).await, "Not chosen");
    assert!(app.text("import-unmapped").await.contains("not chosen yet"));

    // Checked as suggested: the undisclosed genders are problem rows, by line and column.
    app.click("import-check").await;
    app.el("import-problems").await;
    let problems = app.text("import-problems").await;
    assert!(problems.contains("Gender"), "{problems}");
    assert!(problems.contains("Prefer not to disclose"), "{problems}");

    // The user leaves the allergies out and says what "Prefer not to disclose" means.
    choose_in(&app, allergies, "Leave out").await;
    choose_in(&app, undisclosed, "Prefer not to say").await;
    app.type_into("import-source", "OSM members").await;
    app.scroll_to("import-columns").await;
    app.screenshot("import-wizard-mapping").await;

    app.click("import-check").await;
    app.wait_until("the dry run's answer shows", async |app: &App| {
        app.client
            .find(fantoccini::Locator::Css("[data-testid=import-preview]"))
            .await
            .is_ok()
    })
    .await;
    let preview = app.text("import-preview").await;
    assert!(preview.contains("The import would bring in"), "{preview}");
    assert!(
        preview.contains(&format!("{MEMBERS} rows: {MEMBERS} new, 0 updated")),
        "{preview}"
    );
    app.scroll_to("import-preview").await;
    app.screenshot("import-wizard-preview").await;

    app.click("import-import").await;
    app.el("import-imported").await;
    assert!(
        app.text("import-imported")
            .await
            .contains(&format!("{MEMBERS} new"))
    );

    // Found in the young people's list (a page of the list, so searched for by name).
    app.click("nav-young-people").await;
    app.el("yp-search").await;
    for (first, last) in [("Ada", "Lovelace"), ("Leo", "Fisher")] {
        app.type_into("yp-search", last).await;
        // The demo club has its own Fisher: the member is one row among those found.
        let name = format!("{first} {last}");
        app.wait_until("the member is found", async |app: &App| {
            for row in app.all("yp-row").await {
                if row.text().await.unwrap_or_default().contains(&name) {
                    return true;
                }
            }
            false
        })
        .await;
    }
    app.quit().await;
}
