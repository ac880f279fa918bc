//! Moving through the window with the keyboard alone, as someone who cannot use a mouse does:
//! Tab and Shift+Tab between controls, checking at every stop that the focus can be seen (a
//! computed outline at least 2 px wide, or a ring of box-shadow), and typing to choose in a
//! list. Nothing here clicks.

use std::time::Duration;

use fantoccini::key::Key;
use serde_json::{Value, json};

use crate::App;

/// What has the focus: its test id (or tag), its accessible name, its value, whether it sits
/// in a dialog, whether a focus indicator is drawn, and whether it matches `:focus-visible`.
pub async fn focused(app: &App) -> Value {
    // Only reads, so a request tauri-driver left unanswered is asked again (TOOLING.md).
    for _ in 0..3 {
        if let Ok(read) = tokio::time::timeout(Duration::from_secs(10), read_focus(app)).await {
            return read.expect("the focused element is read");
        }
    }
    panic!("the focused element could not be read: three requests went unanswered");
}

async fn read_focus(app: &App) -> Result<Value, fantoccini::error::CmdError> {
    app.client
        .execute(
            "const e = document.activeElement;
             if (!e || e === document.body) return { id: 'body', name: '', value: null, inDialog: false, ring: false, visible: false };
             const s = getComputedStyle(e);
             const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
             const shadow = s.boxShadow && s.boxShadow !== 'none';
             const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].textContent : '') || e.textContent || '';
             const chosen = e.tagName === 'SELECT' && e.selectedOptions[0] ? e.selectedOptions[0].textContent.trim() : null;
             return { id: e.dataset.testid || e.tagName.toLowerCase(), name: label.trim().replace(/\\s+/g, ' '),
                      value: 'value' in e ? String(e.value) : null, chosen,
                      inDialog: !!e.closest('[role=dialog]'), ring: outline || !!shadow,
                      visible: e.matches(':focus-visible') };",
            vec![],
        )
        .await
}

/// Presses Tab (or Shift+Tab when `backwards`) until the control with this `data-testid` has
/// the focus, at most `limit` times; every stop on the way must show where the focus is.
async fn move_to(app: &App, testid: &str, limit: usize, backwards: bool) -> Value {
    let mut path = Vec::new();
    for _ in 0..limit {
        if backwards {
            app.chord(&[Key::Shift], Key::Tab.into()).await;
        } else {
            app.press(&[Key::Tab]).await;
        }
        let now = focused(app).await;
        if now["id"] != json!("body") {
            assert_eq!(
                now["ring"],
                json!(true),
                "no focus indicator on {now} (on the way to {testid})"
            );
        }
        if now["id"] == json!(testid) {
            return now;
        }
        path.push(now["id"].as_str().unwrap_or("?").to_owned());
    }
    panic!(
        "{testid} was not reached with {} in {limit} presses: {path:?}",
        if backwards { "Shift+Tab" } else { "Tab" }
    );
}

/// Tabs forward to the control with this `data-testid` (see [`move_to`]).
pub async fn tab_to(app: &App, testid: &str, limit: usize) -> Value {
    move_to(app, testid, limit, false).await
}

/// Shift+Tabs back to the control with this `data-testid` (see [`move_to`]).
pub async fn back_to(app: &App, testid: &str, limit: usize) -> Value {
    move_to(app, testid, limit, true).await
}

/// On a focused list (a `<select>`), types the start of an option's words, as a person does to
/// choose in a closed list (WebKit's type-ahead: here eight presses of the down arrow left a
/// closed list unchanged), and checks the option chosen then has the value, or reads,
/// `wanted`.
pub async fn type_to_choose(app: &App, typed: &str, wanted: &str) -> Value {
    app.type_keys(typed).await;
    let now = focused(app).await;
    assert!(
        now["value"] == json!(wanted) || now["chosen"] == json!(wanted),
        "typing {typed:?} did not choose {wanted}: {now}"
    );
    now
}
