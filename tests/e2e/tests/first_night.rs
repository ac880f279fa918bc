//! What a new youth worker ran into on a first night at a real club (issue 13), in the real
//! window: the register at the door (Enter on someone already here, Space while typing, undo
//! by keyboard), New at the door with a half-typed date of birth (and Esc on it asking before
//! it is lost), unsaved changes on leaving a page and on closing the window, the window on a
//! 1366 x 768 laptop screen, toasts that leave the next step and the last rows clear, and a
//! club offered only its own area's outcome frameworks.

use std::time::Duration;

use clubroom_e2e::{App, Harness, ONE_AT_A_TIME, RegisterOpened};
use fantoccini::key::Key;
use serde_json::{Value, json};

/// A Tuesday, so the demo club meets today.
const TODAY: &str = "2026-11-24";

async fn js(app: &App, script: &str) -> Value {
    app.client
        .execute(script, vec![])
        .await
        .expect("the script runs")
}

/// The register's rows: name and whether present.
async fn rows(app: &App) -> Vec<(String, bool)> {
    let value = js(
        app,
        "return [...document.querySelectorAll('[data-testid=register-entry]')]
           .map(e => [e.dataset.name, e.dataset.present === 'true']);",
    )
    .await;
    value
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|row| {
            (
                row[0].as_str().unwrap_or("").to_owned(),
                row[1] == json!(true),
            )
        })
        .collect()
}

async fn present(app: &App, name: &str) -> bool {
    rows(app).await.iter().any(|(n, here)| n == name && *here)
}

async fn latest_toast(app: &App) -> String {
    js(
        app,
        "const t = [...document.querySelectorAll('[data-testid=toast]')]; return t.length ? t[t.length - 1].textContent : '';",
    )
    .await
    .as_str()
    .unwrap_or("")
    .to_owned()
}

async fn open_tonights_register(app: &App) {
    app.click("explore-demo").await;
    app.el("today-session").await;
    app.dismiss_toasts().await;
    app.click("nav-register").await;
    if let RegisterOpened::Choice(choice) = app.register_or_choice().await {
        app.click_element(&choice).await;
    }
    app.el("register").await;
    app.wait_until("the register fills", async |app: &App| {
        app.all("register-entry").await.len() > 5
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_register_at_the_door_never_unmarks_by_enter_and_undoes_by_keyboard() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    open_tonights_register(&app).await;
    app.wait_text("present-count", "0").await;

    // Someone found by typing their surname and marked with Enter.
    // Their whole name, lower case, as typed in a hurry (the space between is typed too).
    let (name, _) = rows(&app).await.pop().expect("people are expected");
    let surname = name.to_lowercase();
    let search = app.el("register-search").await;
    search.click().await.expect("the search takes the focus");
    app.type_keys(&surname).await;
    app.wait_until("the search narrows", async |app: &App| {
        rows(app).await.first().map(|r| r.0.as_str()) == Some(name.as_str())
    })
    .await;
    app.press(&[Key::Enter]).await;
    app.wait_text("present-count", "1").await;
    assert!(present(&app, &name).await);

    // A colleague's second Enter on the same name: "already here", and nobody is unmarked.
    app.type_keys(&surname).await;
    app.wait_until("the search narrows", async |app: &App| {
        rows(app).await.first().map(|r| r.0.as_str()) == Some(name.as_str())
    })
    .await;
    app.press(&[Key::Enter]).await;
    app.wait_until(
        "the register says they are already here",
        async |app: &App| latest_toast(app).await.contains("is already here"),
    )
    .await;
    assert_eq!(app.text("present-count").await, "1");
    assert!(present(&app, &name).await, "{name} is still marked");
    assert_eq!(
        app.value("register-search").await,
        "",
        "ready for the next name"
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.screenshot("register-already-here").await;

    // Space types a space while a name is being typed, as the hint says.
    app.type_keys("ab c").await;
    assert_eq!(app.value("register-search").await, "ab c");
    let hint = app.wait_for_css("p.keys").await.text().await.unwrap();
    assert!(
        hint.contains("then Space marks") && hint.contains("Delete unmarks"),
        "{hint}"
    );
    app.press(&[Key::Escape]).await;

    // Ctrl+Z takes the mark back; the toast's Undo names the key.
    app.chord(&[Key::Control], 'z').await;
    app.wait_text("present-count", "0").await;
    assert!(!present(&app, &name).await);
    // Nothing more to undo: a second Ctrl+Z changes nothing.
    app.chord(&[Key::Control], 'z').await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.text("present-count").await, "0");
    app.type_keys(&surname).await;
    app.wait_until("the search narrows", async |app: &App| {
        rows(app).await.first().map(|r| r.0.as_str()) == Some(name.as_str())
    })
    .await;
    app.press(&[Key::Enter]).await;
    app.wait_text("present-count", "1").await;

    // Unmarking is a click on the tick.
    let entry = app
        .wait_for_css(&format!(
            "[data-testid=register-entry][data-name=\"{name}\"] [data-testid=register-unmark]"
        ))
        .await;
    // (The mark's toast sits over the bottom of the list: closed first, as a user would.)
    app.dismiss_toasts().await;
    app.click_element(&entry).await;
    app.wait_text("present-count", "0").await;
    assert!(latest_toast(&app).await.contains("Ctrl+Z"));

    // New at the door with a half-typed date of birth says what is wrong beside the field.
    app.click("door-add").await;
    app.type_into("door-first-name", "Nia").await;
    app.type_into("door-last-name", "Okafor").await;
    app.type_into("door-dob", "14/03").await;

    // Esc on the half-filled form asks before anything typed is lost; Keep editing keeps it.
    app.press(&[Key::Escape]).await;
    app.el("unsaved-changes").await;
    let asked = app.text("unsaved-changes").await;
    assert!(asked.contains("the new young person (Nia)"), "{asked}");
    app.click("unsaved-keep").await;
    app.wait_until("the question closes", async |app: &App| {
        app.all("unsaved-changes").await.is_empty()
    })
    .await;
    assert_eq!(
        app.value("door-dob").await,
        "14/03",
        "the date typed is kept"
    );
    assert_eq!(app.value("door-first-name").await, "Nia");

    app.click("door-save").await;
    let problem = app.el("door-dob-problem").await.text().await.unwrap();
    assert_eq!(
        problem,
        "“14/03” is not a whole date. Write the whole date as day/month/year, like 14/03/2013."
    );
    app.dismiss_toasts().await;
    // WebKit under Xvfb paints a moment after a change: the screenshot waits for it.
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.screenshot("register-door-date-problem").await;
    app.type_into("door-dob", "14/03/2015").await;
    app.click("door-save").await;
    app.wait_text("present-count", "1").await;
    assert!(present(&app, "Nia Okafor").await);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unsaved_changes_are_asked_about_on_leaving_and_on_closing_the_window() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;
    app.dismiss_toasts().await;
    app.click("nav-young-people").await;
    app.wait_until("the list fills", async |app: &App| {
        app.all("yp-open").await.len() > 5
    })
    .await;
    let first = app.all("yp-open").await.remove(0);
    app.click_element(&first).await;
    let notes = app.wait_for_css("#yp-medical").await;
    notes.send_keys(" Inhaler in the office.").await.unwrap();

    // Leaving the page asks; Keep editing keeps the note.
    app.click("nav-home").await;
    app.el("unsaved-changes").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.screenshot("unsaved-changes").await;
    app.click("unsaved-keep").await;
    app.wait_until("the question closes", async |app: &App| {
        app.all("unsaved-changes").await.is_empty()
    })
    .await;
    let kept = js(&app, "return document.querySelector('#yp-medical').value;").await;
    assert!(
        kept.as_str().unwrap().ends_with("Inhaler in the office."),
        "{kept}"
    );

    // Closing the window asks the same, and the window stays open until answered.
    harness.ask_window_to_close("Clubroom");
    app.el("unsaved-changes").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        app.client.source().await.is_ok(),
        "the window is still open"
    );
    // Clicked from the page: the window closes before a WebDriver click could be answered.
    js(
        &app,
        "setTimeout(() => document.querySelector('[data-testid=unsaved-discard]').click(), 100); return true;",
    )
    .await;
    let mut closed = false;
    for _ in 0..50 {
        if app.client.source().await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(closed, "the window closed once the changes were discarded");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_fits_a_1366_by_768_laptop_screen() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start_on_screen((1366, 768), &[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;
    app.el("today-session").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let size = js(
        &app,
        "return { w: window.innerWidth, h: window.innerHeight, sw: screen.width, sh: screen.height };",
    )
    .await;
    let height = size["h"].as_f64().unwrap();
    let width = size["w"].as_f64().unwrap();
    assert!(
        height <= 768.0,
        "the window is taller than the screen: {size}"
    );
    assert!(
        height >= 700.0,
        "the window uses the screen's height: {size}"
    );
    assert!((1024.0..=1366.0).contains(&width), "{size}");
    app.dismiss_toasts().await;
    app.screenshot("home-1366x768").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn withheld_badges_and_the_member_code_fit_the_partnership_preview_at_1366_and_1280() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;
    app.dismiss_toasts().await;
    app.click("nav-partnership").await;
    app.wait_until("the preview shows withheld figures", async |app: &App| {
        !js(
            app,
            "return [...document.querySelectorAll('[data-testid=summary-row][data-suppressed=true]')].length > 0 ? 'yes' : '';",
        )
        .await
        .as_str()
        .unwrap_or("")
        .is_empty()
    })
    .await;
    for (width, height) in [(1366, 768), (1280, 800)] {
        app.client
            .set_window_size(width, height)
            .await
            .expect("the window resizes");
        tokio::time::sleep(Duration::from_millis(600)).await;
        let found = js(
            &app,
            "const card = document.querySelector('[data-testid=summary-preview]').getBoundingClientRect();
             const over = [...document.querySelectorAll('[data-testid=summary-row] .badge')].filter(b => {
               const r = b.getBoundingClientRect();
               const t = b.closest('table').getBoundingClientRect();
               return r.right > t.right + 0.5 || r.right > card.right + 0.5 || r.left < t.left;
             }).map(b => b.closest('tr').dataset.category);
             const code = document.querySelector('[data-testid=partnership-member-code] strong');
             const lineHeight = parseFloat(getComputedStyle(code).lineHeight) || 20;
             return { width: window.innerWidth, over, codeLines: Math.round(code.getBoundingClientRect().height / lineHeight) };",
        )
        .await;
        assert_eq!(
            found["over"],
            json!([]),
            "badges overflow at {width}: {found}"
        );
        assert_eq!(
            found["codeLines"],
            json!(1),
            "the member code wraps at {width}: {found}"
        );
        if width == 1366 {
            app.screenshot("partnership-1366x768").await;
        }
    }
    app.quit().await;
}

/// Where the newest toast and an element sit, and whether they overlap (or the element is
/// below the bottom of the window, where nobody can use it either).
async fn toast_against(app: &App, css: &str) -> Value {
    // The last element matching (the last row of a list).
    js(
        app,
        &format!(
            "const t = [...document.querySelectorAll('[data-testid=toast]')].pop();
             const e = [...document.querySelectorAll('{css}')].pop();
             if (!t || !e) return {{ missing: !t ? 'toast' : 'element' }};
             const a = t.getBoundingClientRect(), b = e.getBoundingClientRect();
             return {{ toast: [a.left, a.top, a.right, a.bottom], element: [b.left, b.top, b.right, b.bottom],
                       overlap: a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom,
                       below: b.bottom > window.innerHeight,
                       room: getComputedStyle(document.documentElement).getPropertyValue('--toast-room') }};"
        ),
    )
    .await
}

fn assert_clear(found: &Value, what: &str) {
    assert!(found.get("missing").is_none(), "{what}: {found}");
    assert_eq!(
        found["overlap"],
        json!(false),
        "the toast covers {what}: {found}"
    );
    assert_eq!(
        found["below"],
        json!(false),
        "{what} is below the window: {found}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_club_sees_its_next_step_clear_of_the_toast_only_its_own_areas_outcomes_and_leaves_the_demo_for_itself()
 {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start_on_screen((1366, 768), &[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;

    // A club in Derby set up from nothing: once saved, the toast says what comes next and
    // covers none of it.
    app.click("setup-club").await;
    app.type_into("club-name", "Riverside Youth Club").await;
    app.type_into("club-area", "Derby").await;
    app.click("club-save").await;
    app.wait_until("the toast says what comes next", async |app: &App| {
        latest_toast(app).await.contains("Now add where you meet")
    })
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.screenshot("first-run-club-saved").await;
    for next in [
        "[data-testid=venue-name]",
        "[data-testid=venue-add]",
        ".finish",
    ] {
        let found = toast_against(&app, next).await;
        assert_clear(&found, next);
    }
    app.type_into("venue-name", "Riverside Centre").await;
    app.click("venue-add").await;
    app.wait_until("the venue is listed", async |app: &App| {
        app.client
            .source()
            .await
            .map(|s| s.contains("Riverside Centre"))
            .unwrap_or(false)
    })
    .await;
    app.click("setup-done").await;
    app.el("first-manager").await;
    app.type_into("first-manager-name", "Jo Leader").await;
    app.type_into("first-manager-password", "a long club password")
        .await;
    app.type_into("first-manager-confirm", "a long club password")
        .await;
    app.click("first-manager-submit").await;
    app.el("home").await;
    app.dismiss_toasts().await;

    // The series form offers Every Child Matters and the Theory of Change, not Coventry's plan.
    app.click("nav-sessions").await;
    app.click("series-add").await;
    app.el("series-name").await;
    app.wait_until("the outcome areas are offered", async |app: &App| {
        js(app, "return document.querySelector('.modal').textContent;")
            .await
            .as_str()
            .unwrap_or("")
            .contains("Every Child Matters")
    })
    .await;
    let form = js(&app, "return document.querySelector('.modal').textContent;").await;
    let form = form.as_str().unwrap_or("");
    assert!(form.contains("Youth work Theory of Change"), "{form}");
    assert!(
        !form.contains("Coventry"),
        "a Derby club is offered Coventry's plan: {form}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("series-form-derby").await;
    app.press(&[Key::Escape]).await;
    app.wait_until("the series form closes", async |app: &App| {
        app.all("series-name").await.is_empty()
    })
    .await;

    // With a club of its own, the demo is explored from Settings; the banner's button says
    // it leaves the demo (not "Set up my own club", which it never did with a club set up),
    // and it goes back to this club's own sign-in.
    app.click("nav-settings").await;
    let explore = app
        .client
        .find(fantoccini::Locator::XPath(
            "//button[contains(., 'Explore the demo club')]",
        ))
        .await
        .expect("Settings offers the demo");
    app.click_element(&explore).await;
    app.el("demo-banner").await;
    let banner = app.text("demo-banner").await;
    assert!(!banner.contains("Set up my own club"), "{banner}");
    assert_eq!(app.text("leave-demo").await, "Leave the demo");
    app.click("leave-demo").await;
    app.sign_in("Jo Leader", "a long club password").await;
    app.el("home").await;
    assert!(app.all("demo-banner").await.is_empty());
    let page = app.client.source().await.unwrap_or_default();
    assert!(
        page.contains("Riverside Youth Club"),
        "back in the club's own file"
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_register_toast_never_covers_the_last_rows() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start_on_screen((1366, 768), &[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    open_tonights_register(&app).await;
    let (name, _) = rows(&app).await.pop().expect("people are expected");
    let last = app.all("register-entry").await.pop().unwrap();
    let tick = last
        .find(fantoccini::Locator::Css("button"))
        .await
        .expect("a row has a button");
    app.click_element(&tick).await;
    app.wait_until("the toast shows", async |app: &App| {
        latest_toast(app).await.contains("Marked")
    })
    .await;
    // Scrolled to the end (every scrolling area: the page and the list), the last rows stand
    // clear of the toast, once the toast has taken its room.
    tokio::time::sleep(Duration::from_millis(600)).await;
    js(
        &app,
        "for (const m of document.querySelectorAll('*')) if (m.scrollHeight > m.clientHeight) m.scrollTop = m.scrollHeight; return true;",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot("register-toast-1366x768").await;
    let found = toast_against(&app, "[data-testid=register-entry]").await;
    assert_clear(&found, &format!("the last row ({name})"));
    app.quit().await;
}

/// Issue 13, point 1, in the window where it was seen: Siân Llŷr added at the door is found
/// on the register and in the young people list by "sian llyr" typed without accents, and
/// "Sian Llyr" at the door is warned of as someone who may already be on the list.
#[tokio::test(flavor = "multi_thread")]
async fn a_name_typed_without_its_accents_is_found_everywhere_and_warned_of_at_the_door() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    open_tonights_register(&app).await;
    app.wait_text("present-count", "0").await;

    let add_at_door = async |first: &str, last: &str| {
        app.click("door-add").await;
        app.el("door-first-name").await;
        app.type_into("door-first-name", first).await;
        app.type_into("door-last-name", last).await;
        app.type_into("door-age", "12").await;
        app.click("door-save").await;
    };
    add_at_door("Siân", "Llŷr").await;
    app.wait_text("present-count", "1").await;
    assert!(present(&app, "Siân Llŷr").await, "{:?}", rows(&app).await);
    app.dismiss_toasts().await;

    // Typed without accents, by a colleague who finds them already here.
    let search = app.el("register-search").await;
    search.click().await.expect("the search takes the focus");
    app.type_keys("sian llyr").await;
    app.wait_until("the search finds Siân", async |app: &App| {
        rows(app).await.first().map(|r| r.0.as_str()) == Some("Siân Llŷr")
    })
    .await;
    app.press(&[Key::Enter]).await;
    app.wait_until(
        "the register says she is already here",
        async |app: &App| latest_toast(app).await.contains("is already here"),
    )
    .await;
    assert_eq!(app.text("present-count").await, "1");
    app.dismiss_toasts().await;

    // The same name without its accents, same age, at the door: a likely duplicate.
    add_at_door("Sian", "Llyr").await;
    app.el("duplicate-warning").await;
    let warning = app.text("duplicate-warning").await;
    assert!(warning.contains("may already be on the list"), "{warning}");
    assert!(warning.contains("Siân Llŷr"), "{warning}");
    app.screenshot("register-door-accents").await;
    app.press(&[Key::Escape]).await;
    if !app.all("unsaved-discard").await.is_empty() {
        app.click("unsaved-discard").await;
    }

    // The young people list finds her the same way.
    app.click("nav-young-people").await;
    app.type_into("yp-search", "llyr").await;
    app.wait_until("the list finds Siân", async |app: &App| {
        app.all("yp-open").await.len() == 1
    })
    .await;
    let found = app.text("yp-open").await;
    assert!(found.contains("Siân"), "{found}");
    app.quit().await;
}
