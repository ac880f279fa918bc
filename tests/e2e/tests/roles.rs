//! Roles in the real window: a volunteer signs in with their PIN at the door, takes the
//! register of the session they staff, and cannot reach medical notes or the incident log
//! (not on the page, and refused by the core when asked directly); then a manager can.

use std::path::Path;

use chrono::NaiveDate;
use clubroom_core::ClubFile;
use clubroom_core::access::Role;
use clubroom_core::dates::ClockTime;
use clubroom_core::incidents::{self, ConcernInput, Referral};
use clubroom_core::organisation::{self, Organisation};
use clubroom_core::people::{self, PersonInput};
use clubroom_core::sessions::{self, SessionInput};
use clubroom_core::staffing;
use clubroom_core::users::{self, NewUser, SecretKind};
use clubroom_core::vocab::{SessionType, StaffRole};
use clubroom_core::young_people::{self, Profile};
use clubroom_e2e::{App, Harness, ONE_AT_A_TIME};
use serde_json::json;

const TODAY: &str = "2026-11-24";
const MANAGER: &str = "Alex Manager";
const MANAGER_PASSWORD: &str = "a long manager password";
const VOLUNTEER: &str = "Priya Shah";
const VOLUNTEER_PIN: &str = "402917";
const MEDICAL_NOTE: &str = "Severe peanut allergy: EpiPen in the blue bag";
const WHAT_HAPPENED: &str = "Jay said an older boy took his phone on the way home";

struct Prepared {
    young_person: i64,
}

/// The club, made with the core before the app starts: encrypted, a manager and a volunteer
/// who signs in with a PIN, a young person with a medical note, tonight's session staffed by
/// the volunteer, and a concern in the incident log.
fn prepare_club(path: &Path) -> Prepared {
    let today = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let now = chrono::Utc::now();
    let mut club = ClubFile::at(path, today, now);
    club.protect(MANAGER, MANAGER_PASSWORD, today, now)
        .expect("a protected club is made");
    let mut store = club.into_store().expect("the club is open");
    let manager = store.actor().clone();
    store
        .write(|tx| organisation::save(tx, &Organisation::new("St Mary's Youth Club")))
        .expect("the club's details");
    let mut profile = Profile::named("Jay", "Smith");
    profile.date_of_birth = NaiveDate::from_ymd_opt(2014, 3, 4);
    profile.medical_notes = Some(MEDICAL_NOTE.to_owned());
    let young_person = store
        .write(|tx| young_people::add(tx, None, &profile, true, today))
        .expect("a young person")
        .id;
    let mut volunteer = PersonInput::volunteer(VOLUNTEER);
    volunteer.roles = vec![StaffRole::Volunteer];
    let person = store
        .write(|tx| people::add(tx, &volunteer))
        .expect("a volunteer")
        .id;
    let session = SessionInput::one_off(
        "Tuesday Juniors",
        today,
        (
            ClockTime::parse("18:00").unwrap(),
            ClockTime::parse("20:00").unwrap(),
        ),
        None,
        SessionType::OpenAccess,
    );
    let session = store
        .write(|tx| sessions::add_session(tx, &session))
        .expect("tonight's session")
        .id;
    store
        .write(|tx| staffing::set(tx, session, person, StaffRole::Volunteer, None))
        .expect("the volunteer staffs it");
    let concern = ConcernInput {
        occurred_on: today,
        occurred_at: None,
        session_id: Some(session),
        young_people: vec![young_person],
        what_happened: WHAT_HAPPENED.to_owned(),
        action_taken: "Spoke to Jay's mum at pick-up".to_owned(),
        referral: Referral {
            to: Vec::new(),
            detail: None,
            on: None,
        },
        follow_up: None,
    };
    store
        .write(|tx| incidents::add(tx, &manager, &concern, today))
        .expect("a concern");
    users::add_account(
        &mut store,
        &NewUser {
            name: VOLUNTEER.to_owned(),
            role: Role::Volunteer,
            person_id: Some(person),
            secret_kind: SecretKind::Pin,
            secret: VOLUNTEER_PIN.to_owned(),
        },
    )
    .expect("the volunteer's account");
    drop(store);
    Prepared { young_person }
}

async fn page_source(app: &App) -> String {
    app.client.source().await.expect("the page source")
}

/// Calls a command straight from the page, as a script in the window could, and returns the
/// error's kind (or "ok").
async fn invoke_directly(app: &App, command: &str, args: serde_json::Value) -> String {
    let outcome = app
        .client
        .execute_async(
            "const [command, args, done] = arguments;
             window.__TAURI_INTERNALS__.invoke(command, args)
               .then(() => done('ok'))
               .catch((e) => done(e && e.kind ? e.kind : String(e)));",
            vec![json!(command), args],
        )
        .await
        .expect("the script runs");
    outcome.as_str().unwrap_or_default().to_owned()
}

/// Calls a command straight from the page and returns what it answered.
async fn invoke_value(app: &App, command: &str, args: serde_json::Value) -> serde_json::Value {
    app.client
        .execute_async(
            "const [command, args, done] = arguments;
             window.__TAURI_INTERNALS__.invoke(command, args)
               .then((value) => done(value))
               .catch((e) => done({ refused: e && e.kind ? e.kind : String(e) }));",
            vec![json!(command), args],
        )
        .await
        .expect("the script runs")
}

/// A screenshot once the window has painted what the test just waited for (WebKit's capture
/// can otherwise show the frame before).
async fn screenshot(app: &App, name: &str) {
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    app.screenshot(name).await;
}

/// What the medical notes field holds, or None when the page has no such field.
async fn medical_notes_field(app: &App) -> Option<String> {
    app.client
        .execute(
            "const field = document.getElementById('yp-medical'); return field ? field.value : null;",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
}

async fn nav_ids(app: &App) -> Vec<String> {
    let mut ids = Vec::new();
    for element in app
        .client
        .find_all(fantoccini::Locator::Css(
            "nav.sidebar [data-testid^=\"nav-\"]",
        ))
        .await
        .expect("the navigation")
    {
        ids.push(
            element
                .attr("data-testid")
                .await
                .ok()
                .flatten()
                .unwrap_or_default(),
        );
    }
    ids
}

#[tokio::test(flavor = "multi_thread")]
async fn a_volunteer_cannot_reach_medical_notes_or_incidents_and_a_manager_can() {
    let _one = ONE_AT_A_TIME.lock().await;
    let folder = tempfile::tempdir().expect("a folder for the club");
    let club = folder.path().join("club.sqlite3");
    let prepared = prepare_club(&club);
    let harness = Harness::start(&[
        ("CLUBROOM_TODAY", TODAY),
        ("CLUBROOM_DB", club.to_str().unwrap()),
    ]);
    let app = harness.launch().await;

    // The volunteer at the door: their name, their PIN.
    app.sign_in(VOLUNTEER, VOLUNTEER_PIN).await;
    let role = app
        .el("signed-in")
        .await
        .attr("data-role")
        .await
        .ok()
        .flatten();
    assert_eq!(role.as_deref(), Some("volunteer"));
    let nav = nav_ids(&app).await;
    assert!(!nav.contains(&"nav-incidents".to_owned()), "{nav:?}");
    assert!(!nav.contains(&"nav-audit".to_owned()), "{nav:?}");
    assert!(!nav.contains(&"nav-returns".to_owned()), "{nav:?}");

    // Their home screen: tonight's session, no figures and no sign of the concern; the core
    // leaves both out of what it sends, not just the screen.
    app.el("today-session").await;
    assert!(app.all("figures").await.is_empty(), "no figures shown");
    assert!(app.all("home-concerns").await.is_empty());
    let home = invoke_value(&app, "overview", json!({})).await;
    assert_eq!(home["quarter"], serde_json::Value::Null, "{home}");
    assert_eq!(home["concerns_this_quarter"], serde_json::Value::Null);
    assert_eq!(home["today_sessions"][0]["name"], "Tuesday Juniors");
    let due = page_source(&app).await;
    assert!(
        due.contains("Your training and checks due"),
        "their own, not everyone's"
    );
    screenshot(&app, "roles-volunteer-home").await;

    // The register of the session they staff opens, and they can mark.
    app.click("nav-register").await;
    app.el("register").await;
    app.el("register-search")
        .await
        .send_keys("jay")
        .await
        .expect("typed");
    app.wait_until("Jay is found for the register", async |app: &App| {
        !app.all("register-entry").await.is_empty()
    })
    .await;
    app.el("register-search")
        .await
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .expect("Enter pressed");
    app.wait_text("present-count", "1").await;
    assert!(
        app.all("paper-register").await.is_empty(),
        "no printing the club's data"
    );

    // Jay's page: no medical note anywhere in the page, the calm note instead.
    app.click("nav-young-people").await;
    app.click("yp-open").await;
    app.el("yp-withheld").await;
    let source = page_source(&app).await;
    assert!(
        !source.contains(MEDICAL_NOTE),
        "the medical note reached the page"
    );
    assert!(
        source.contains("Medical notes and circumstances are seen by leaders and managers only.")
    );
    assert_eq!(
        medical_notes_field(&app).await,
        None,
        "no medical notes field"
    );

    // Asking the core directly is refused, for the log and for the concern.
    let filter = json!({ "filter": { "from": null, "to": null, "young_person_id": null, "referred_to": null, "open_only": false } });
    assert_eq!(
        invoke_directly(&app, "incidents", filter.clone()).await,
        "denied"
    );
    assert_eq!(
        invoke_directly(&app, "young_person", json!({ "id": prepared.young_person })).await,
        "ok",
        "a volunteer may open a young person (without the notes)"
    );
    assert!(!page_source(&app).await.contains(WHAT_HAPPENED));
    app.dismiss_toasts().await;
    app.scroll_to("yp-withheld").await;
    screenshot(&app, "roles-volunteer").await;

    // Their own training: their page alone, where they log a course.
    app.click("nav-my-training").await;
    app.el("training-log").await;
    let heading = page_source(&app).await;
    assert!(heading.contains(VOLUNTEER), "their own page");
    screenshot(&app, "roles-volunteer-training").await;

    // Sign out; the manager signs in and sees both.
    app.click("sign-out").await;
    app.sign_in(MANAGER, MANAGER_PASSWORD).await;
    app.el("figures").await;
    let concerns = app.text("home-concerns").await;
    assert!(
        concerns.contains("1 concern recorded this quarter"),
        "{concerns}"
    );
    app.click("nav-young-people").await;
    app.click("yp-open").await;
    app.wait_until("the medical note shows", async |app: &App| {
        medical_notes_field(app).await.as_deref() == Some(MEDICAL_NOTE)
    })
    .await;
    assert!(app.all("yp-withheld").await.is_empty());
    app.click("nav-incidents").await;
    app.wait_until("the concern is listed", async |app: &App| {
        app.client
            .source()
            .await
            .map(|s| s.contains("older boy took his phone"))
            .unwrap_or(false)
    })
    .await;
    assert_eq!(invoke_directly(&app, "incidents", filter).await, "ok");
    app.el("incident-line").await;
    app.dismiss_toasts().await;
    screenshot(&app, "roles-manager-incidents").await;

    // The audit log shows who did what, and is whole.
    app.click("nav-audit").await;
    app.el("audit-row").await;
    app.click("audit-verify").await;
    let verdict = app.text("audit-verdict").await;
    assert!(verdict.contains("The log is whole"), "{verdict}");
    screenshot(&app, "audit-log").await;

    // Lock: nothing of the club shows until the manager's password is given again.
    app.click("lock").await;
    app.el("lock-screen").await;
    assert!(app.all("nav-home").await.is_empty());
    assert!(!page_source(&app).await.contains("St Mary's Youth Club"));
    screenshot(&app, "locked").await;
    app.type_into("unlock-secret", MANAGER_PASSWORD).await;
    app.click("unlock-submit").await;
    app.el("nav-home").await;
    app.quit().await;
}

/// Sign-in as far as pressing the button, for a club file that will not open behind it.
async fn submit_sign_in(app: &App, name: &str, secret: &str) {
    app.el("sign-in").await;
    for button in app.all("sign-in-name").await {
        if button.attr("data-name").await.ok().flatten().as_deref() == Some(name) {
            app.click_element(&button).await;
            break;
        }
    }
    app.type_into("sign-in-secret", secret).await;
    app.click("sign-in-submit").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_encrypted_club_is_found_at_sign_in_and_restored_from_its_backup() {
    let _one = ONE_AT_A_TIME.lock().await;
    let folder = tempfile::tempdir().expect("a folder for the club");
    let club = folder.path().join("club.sqlite3");
    prepare_club(&club);
    let (today, now) = (clubroom_core::dates::today(), chrono::Utc::now());
    let mut opening = ClubFile::at(&club, today, now);
    opening
        .sign_in(MANAGER, MANAGER_PASSWORD, today, now)
        .expect("the manager signs in");
    let mut store = opening.into_store().expect("the manager opens the club");
    clubroom_core::backup::back_up_now(&mut store, None, chrono::Utc::now()).expect("a backup");
    drop(store);
    // The first page overwritten, as a failing USB stick or a half-finished copy leaves it.
    let mut bytes = std::fs::read(&club).unwrap();
    bytes[..100].fill(0x33);
    std::fs::write(&club, &bytes).unwrap();

    let harness = Harness::start(&[
        ("CLUBROOM_TODAY", TODAY),
        ("CLUBROOM_DB", club.to_str().unwrap()),
    ]);
    let app = harness.launch().await;
    submit_sign_in(&app, MANAGER, MANAGER_PASSWORD).await;
    let problem = app.text("open-problem").await;
    assert!(
        problem.contains("This club file is damaged and cannot be opened safely"),
        "{problem}"
    );
    app.el("restore-latest").await;
    let offer = app.text("damaged-offer").await;
    assert!(offer.contains("Restore the latest good backup?"), "{offer}");
    assert!(
        std::fs::read(&club).unwrap() == bytes,
        "the damaged file is untouched"
    );
    screenshot(&app, "damaged-encrypted").await;

    app.click("restore-latest").await;
    app.sign_in(MANAGER, MANAGER_PASSWORD).await;
    app.click("nav-young-people").await;
    app.el("yp-open").await;
    let aside = std::fs::read_dir(folder.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("club.sqlite3.damaged-"))
        .collect::<Vec<_>>();
    assert_eq!(
        aside.len(),
        2,
        "the damaged file and its key file: {aside:?}"
    );
    let kept = aside.iter().find(|n| !n.ends_with(".keys")).unwrap();
    assert!(std::fs::read(folder.path().join(kept)).unwrap() == bytes);
    app.quit().await;
}
