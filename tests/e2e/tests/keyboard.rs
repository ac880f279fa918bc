//! The jobs of issue 16 done with the keyboard alone in the real window (WCAG 2.1.1 and
//! 2.4.7): adding a young person, logging training and producing a funder return. Only Tab,
//! Shift+Tab, Enter, Space, Backspace and typed text are used (WebDriver key actions, never a
//! click; a closed list is chosen in by typing, see `keyboard::type_to_choose`); every control the focus stops on must show it, and what was saved is read
//! back from the club file through the core. The register and a check-in have their own
//! keyboard tests (accessibility.rs, outcomes.rs). Screenshots go to docs/screenshots/.

use chrono::NaiveDate;
use clubroom_core::young_people::{self, Search};
use clubroom_e2e::keyboard::{back_to, focused, tab_to, type_to_choose};
use clubroom_e2e::{App, Harness, ONE_AT_A_TIME, workspace_root};
use fantoccini::key::Key;
use serde_json::json;

/// A Tuesday, so the demo club's Tuesday session meets today.
const TODAY: &str = "2026-11-24";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// A picture of the whole display, focus ring included, in docs/screenshots/. Taken from the
/// X display with ImageMagick rather than through WebDriver: on this form WebDriver's
/// screenshot request went unanswered (twice, for ten minutes) while every other request
/// was answered.
fn shot(harness: &Harness, name: &str) {
    let path = workspace_root().join(format!("docs/screenshots/{name}.png"));
    let taken = std::process::Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .env("DISPLAY", format!(":{}", harness.display))
        .status()
        .expect("ImageMagick's import runs (scripts/setup.sh installs it)");
    assert!(taken.success(), "the screenshot {name} was taken");
}

/// Opens the demo club from the welcome screen with Tab and Enter.
async fn open_the_demo(app: &App) {
    app.el("explore-demo").await;
    tab_to(app, "explore-demo", 15).await;
    app.press(&[Key::Enter]).await;
    app.el("home").await;
    app.el("today-session").await;
}

/// Goes to a screen from the menu with Tab and Enter.
async fn go_to(app: &App, nav: &str) {
    tab_to(app, nav, 40).await;
    app.press(&[Key::Enter]).await;
}

/// Waits until the element with this `data-testid` has the keyboard focus.
async fn wait_for_focus_on(app: &App, testid: &str) {
    app.wait_until(&format!("{testid} has the focus"), async |app: &App| {
        focused(app).await["id"] == json!(testid)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_young_person_is_added_with_the_keyboard_alone() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    open_the_demo(&app).await;

    go_to(&app, "nav-young-people").await;
    app.el("yp-add").await;
    tab_to(&app, "yp-add", 40).await;
    app.press(&[Key::Enter]).await;
    app.el("yp-first-name").await;

    tab_to(&app, "yp-first-name", 30).await;
    app.type_keys("Kieran").await;
    tab_to(&app, "yp-last-name", 2).await;
    app.type_keys("Keyboardson").await;
    tab_to(&app, "yp-dob", 3).await;
    app.type_keys("04/03/2013").await;
    // The gender list, chosen by typing the start of the option.
    tab_to(&app, "yp-gender", 6).await;
    let gender = type_to_choose(&app, "Male", "male").await;
    assert_eq!(gender["ring"], json!(true), "{gender}");

    // Back up to the button that adds them, and Enter.
    let add = back_to(&app, "yp-save", 30).await;
    assert_eq!(add["visible"], json!(true), "{add}");
    shot(&harness, "keyboard-young-person");
    app.press(&[Key::Enter]).await;
    app.wait_until("back on the list", async |app: &App| {
        app.all("yp-first-name").await.is_empty() && !app.all("yp-add").await.is_empty()
    })
    .await;

    let store = clubroom_core::club_file::open(&harness.demo_file(), None)
        .expect("the demo file opens beside the app");
    let found = young_people::search(
        store.conn(),
        &Search {
            text: "Keyboardson".into(),
            include_archived: false,
            needs_details_only: false,
            limit: 5,
            offset: 0,
        },
        today(),
    )
    .expect("a search");
    assert_eq!(found.total, 1, "{found:?}");
    let added = young_people::get(store.conn(), found.people[0].id, today()).unwrap();
    assert_eq!(added.profile.first_name, "Kieran");
    assert_eq!(
        added.profile.date_of_birth,
        NaiveDate::from_ymd_opt(2013, 3, 4)
    );
    assert_eq!(added.profile.gender.code(), "male", "{:?}", added.profile);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn training_is_logged_with_the_keyboard_alone() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    open_the_demo(&app).await;

    // The first person on the staff list, opened with Enter.
    go_to(&app, "nav-people").await;
    app.el("person-row").await;
    tab_to(&app, "person-open", 40).await;
    let person_id = app
        .client
        .execute(
            "return Number(document.activeElement.closest('[data-person-id]').dataset.personId);",
            vec![],
        )
        .await
        .expect("the row's person")
        .as_i64()
        .expect("a person id");
    app.press(&[Key::Enter]).await;
    app.el("training-log").await;
    tab_to(&app, "training-log", 40).await;
    app.press(&[Key::Enter]).await;

    // The dialog opens with the focus on its first field, the course.
    wait_for_focus_on(&app, "training-course").await;
    let course = type_to_choose(&app, "Emergency", "Emergency First Aid at Work").await;
    assert_eq!(course["inDialog"], json!(true), "{course}");
    tab_to(&app, "training-completed", 2).await;
    // The field holds today's date: cleared with the keyboard, then typed.
    for _ in 0..10 {
        app.press(&[Key::Backspace]).await;
    }
    app.type_keys("01/10/2026").await;
    tab_to(&app, "training-certificate-number", 3).await;
    app.type_keys("KB-1001").await;
    tab_to(&app, "training-provider", 2).await;
    app.type_keys("St John Ambulance").await;
    let save = tab_to(&app, "training-save", 5).await;
    assert_eq!(save["inDialog"], json!(true), "{save}");
    shot(&harness, "keyboard-training");
    app.press(&[Key::Enter]).await;
    app.wait_until("the dialog closes", async |app: &App| {
        app.all("training-course").await.is_empty()
    })
    .await;
    app.wait_until("the record is listed", async |app: &App| {
        for row in app.all("record-row").await {
            if row.text().await.unwrap_or_default().contains("KB-1001") {
                return true;
            }
        }
        false
    })
    .await;

    let store = clubroom_core::club_file::open(&harness.demo_file(), None)
        .expect("the demo file opens beside the app");
    let records = clubroom_core::training::records_of(store.conn(), person_id, today(), None)
        .expect("their records");
    let logged = records
        .iter()
        .find(|r| r.details.certificate_number.as_deref() == Some("KB-1001"))
        .expect("the record typed is saved");
    assert_eq!(logged.course_name, "Emergency First Aid at Work");
    assert_eq!(
        logged.details.completed_on,
        NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
    );
    assert_eq!(
        logged.details.provider.as_deref(),
        Some("St John Ambulance")
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_return_is_produced_with_the_keyboard_alone() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    open_the_demo(&app).await;

    go_to(&app, "nav-returns").await;
    app.el("return-template").await;
    tab_to(&app, "return-template", 40).await;
    type_to_choose(&app, "Annual", "children-in-need").await;
    // Last quarter, with Space on its button.
    tab_to(&app, "period-last-quarter", 20).await;
    app.press(&[Key::Space]).await;
    app.wait_until("the return is counted", async |app: &App| {
        !app.all("return-measure").await.is_empty()
            && app
                .text("return-period")
                .await
                .contains("1 July 2026 to 30 September 2026")
    })
    .await;
    let save = tab_to(&app, "return-save-pdf", 80).await;
    assert_eq!(save["visible"], json!(true), "{save}");
    shot(&harness, "keyboard-return");
    app.press(&[Key::Enter]).await;
    let pdf = harness.wait_for_saved(&app, "pdf").await;
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{}", pdf.display());

    // Kept as sent, for Children in Need and that quarter.
    let store = clubroom_core::club_file::open(&harness.demo_file(), None)
        .expect("the demo file opens beside the app");
    let saved = clubroom_core::returns::saved_list(store.conn()).expect("the saved returns");
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(saved[0].template.id, "children-in-need");
    assert_eq!(
        (saved[0].period.from, saved[0].period.to),
        (
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
        )
    );
    app.quit().await;
}
