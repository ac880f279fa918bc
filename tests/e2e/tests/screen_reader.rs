//! What a screen reader gets from the real window: the accessibility tree WebKitGTK exposes
//! over AT-SPI (the D-Bus accessibility bus Orca reads), not the DOM that axe checks. The app
//! runs under Xvfb with a D-Bus session of the test's own; the tree is read with libatspi
//! (tests/e2e/atspi/tree.py) while WebDriver takes the register as a youth worker would.
//! docs/accessibility.md says what is checked and how to run it.

use std::collections::BTreeMap;

use clubroom_e2e::atspi::{AccessibilityBus, Node};
use clubroom_e2e::{App, Harness, ONE_AT_A_TIME, workspace_root};
use fantoccini::key::Key;
use serde_json::Value;

/// A Tuesday, so the demo club's Tuesday session meets today.
const TODAY: &str = "2026-11-24";

/// GTK names the application after its program.
const APP: &str = "clubroom";

/// The roles of controls a person acts on: each must have a name to be read out.
const CONTROLS: &[&str] = &[
    "push button",
    "toggle button",
    "link",
    "entry",
    "password text",
    "spin button",
    "combo box",
    "check box",
    "radio button",
    "page tab",
    "menu item",
    "slider",
];

/// Writes the tree's outline to target/screen-reader/NAME.txt (what a reader gets, to read
/// when a check fails or to see what changed).
fn keep(tree: &Node, name: &str) -> String {
    let folder = workspace_root().join("target/screen-reader");
    std::fs::create_dir_all(&folder).expect("the report folder");
    let path = folder.join(format!("{name}.txt"));
    std::fs::write(&path, tree.outline()).expect("the outline is written");
    path.display().to_string()
}

/// The page itself (WebKit's "document web"), under the window's GTK frame.
fn page_of(tree: &Node) -> &Node {
    tree.find_all(|n| n.role == "document web")
        .into_iter()
        .next()
        .expect("the window shows a web page")
}

/// Controls that are on show and have no name: what a reader would announce as just
/// "button" or "edit text".
fn nameless_controls(page: &Node) -> Vec<String> {
    page.find_all(|n| {
        CONTROLS.contains(&n.role.as_str()) && n.has_state("showing") && n.name.trim().is_empty()
    })
    .into_iter()
    .map(|n| format!("{} <{}> {:?}", n.role, n.tag(), n.words()))
    .collect()
}

/// The register's rows as the DOM has them: name and whether present.
async fn rows(app: &App) -> Vec<(String, bool)> {
    let value = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=register-entry]')]
               .map(e => [e.dataset.name, e.dataset.present === 'true']);",
            vec![],
        )
        .await
        .expect("the rows read");
    value
        .as_array()
        .expect("a list of rows")
        .iter()
        .map(|row| {
            (
                row[0].as_str().unwrap_or_default().to_owned(),
                row[1].as_bool().unwrap_or_default(),
            )
        })
        .collect()
}

/// How many elements match `css` in the DOM.
async fn count(app: &App, css: &str) -> usize {
    let value: Value = app
        .client
        .execute(
            "return document.querySelectorAll(arguments[0]).length;",
            vec![Value::from(css)],
        )
        .await
        .expect("the page counts");
    value.as_u64().unwrap_or_default() as usize
}

/// A row's button is read as "<name>, present" or "<name>, not present" (and ", not expected
/// tonight" for someone found beyond tonight's list).
fn said_as(name: &str, present: bool, button: &str) -> bool {
    let expected = format!(
        "{name}, {}",
        if present { "present" } else { "not present" }
    );
    button == expected || button == format!("{expected}, not expected tonight")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_screen_reader_hears_who_is_here_and_what_each_control_does() {
    let _one = ONE_AT_A_TIME.lock().await;
    let bus = AccessibilityBus::start();
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY), bus.env()]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("today-session").await;
    app.dismiss_toasts().await;

    // Tonight's register with one young person marked present.
    app.click("open-register").await;
    app.wait_until("the register fills", async |app: &App| {
        app.all("register-entry").await.len() > 5
    })
    .await;
    app.all("register-entry")
        .await
        .remove(0)
        .click()
        .await
        .expect("a mark");
    app.wait_text("present-count", "1").await;
    app.dismiss_toasts().await;
    let shown = rows(&app).await;
    let (first, _) = shown[0].clone();
    assert_eq!(shown.iter().filter(|(_, here)| *here).count(), 1);

    let tree = bus
        .tree_when(APP, |tree| {
            tree.find("push button", &format!("{first}, present"))
                .is_some()
        })
        .await;
    let outline = keep(&tree, "register");
    let page = page_of(&tree);

    // Each row: a list item of the list "Young people" holding one button whose name says
    // who and whether present, described by the age and reference line.
    let list = page
        .find("list", "Young people")
        .unwrap_or_else(|| panic!("no list named “Young people” (tree in {outline})"));
    let mut heard: BTreeMap<String, (String, String)> = BTreeMap::new();
    for item in list.children.iter().filter(|n| n.role == "list item") {
        let buttons = item.find_all(|n| n.role == "push button" && n.has_state("focusable"));
        let button = buttons
            .first()
            .unwrap_or_else(|| panic!("a register row with no button: {:?}", item.words()));
        let who = button.name.split(',').next().unwrap_or_default().to_owned();
        heard.insert(who, (button.name.clone(), button.description.clone()));
    }
    assert_eq!(
        heard.len(),
        shown.len(),
        "the reader finds {} rows, the window shows {} (tree in {outline})",
        heard.len(),
        shown.len()
    );
    for (name, present) in &shown {
        let (button, description) = heard
            .get(name)
            .unwrap_or_else(|| panic!("{name} has no row the reader can find (tree in {outline})"));
        assert!(
            said_as(name, *present, button),
            "{name}'s row is read as {button:?} while the window shows them {} (tree in {outline})",
            if *present { "present" } else { "not present" }
        );
        assert!(
            description.contains("Age"),
            "{name}'s row has no age and reference to read after it: {description:?}"
        );
    }
    assert!(
        shown.iter().any(|(_, here)| !here),
        "the demo register has someone not yet here"
    );

    // The search box, the main buttons and the menu are named; the current menu item says so.
    let search = page
        .find_all(|n| n.role == "entry" && n.name == "Find a young person")
        .len();
    assert_eq!(
        search, 1,
        "the search box is not read as “Find a young person” (tree in {outline})"
    );
    assert!(
        page.find("push button", "New at the door").is_some(),
        "no “New at the door” button (tree in {outline})"
    );
    let menu = page
        .find_all(|n| n.role == "landmark" && n.name == "Main" && n.tag() == "nav")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no navigation landmark named “Main” (tree in {outline})"));
    let items = menu.find_all(|n| CONTROLS.contains(&n.role.as_str()));
    for expected in ["Home", "Register", "Young people", "Sessions"] {
        assert!(
            items.iter().any(|n| n.name == expected),
            "the menu has no item read as {expected:?}: {:?}",
            items.iter().map(|n| &n.name).collect::<Vec<_>>()
        );
    }
    let current: Vec<&str> = items
        .iter()
        .filter(|n| n.attributes.get("current").and_then(Value::as_str) == Some("page"))
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(
        current,
        ["Register"],
        "the menu says which screen is open (aria-current, read as “current page”)"
    );
    let nameless = nameless_controls(page);
    assert!(
        nameless.is_empty(),
        "controls a reader announces with no name on the register: {nameless:#?}"
    );

    // ↓ in the search chooses a row without moving the focus (to go on typing): a live
    // region says the chosen row as its button is named, for each press.
    app.click("register-search").await;
    for (nth, (name, present)) in shown.iter().take(2).enumerate() {
        app.press(&[Key::Down]).await;
        let expected = format!(
            "{name}, {}",
            if *present { "present" } else { "not present" }
        );
        let tree = bus
            .tree_when(APP, |tree| !live_saying(tree, &expected).is_empty())
            .await;
        let outline = keep(&tree, &format!("register-arrow-down-{}", nth + 1));
        assert_eq!(
            live_saying(&tree, &expected).len(),
            1,
            "after ↓ {} time(s) a live region says {expected:?} (tree in {outline})",
            nth + 1
        );
    }
    app.press(&[Key::Escape]).await;

    // The "New at the door" dialog: a modal dialog with its name, holding the focus.
    app.click("door-add").await;
    app.el("door-first-name").await;
    let tree = bus
        .tree_when(APP, |tree| {
            tree.find_all(|n| n.role == "dialog")
                .iter()
                .any(|d| d.find_all(|n| n.has_state("focused")).len() == 1)
        })
        .await;
    let outline = keep(&tree, "register-new-at-the-door");
    let dialogs = page_dialogs(&tree);
    assert_eq!(
        dialogs.len(),
        1,
        "one dialog is open (tree in {outline}): {dialogs:?}"
    );
    let dialog = dialogs[0];
    assert_eq!(dialog.name, "New at the door", "the dialog's name");
    assert!(
        dialog.has_state("modal"),
        "the dialog is modal: {:?}",
        dialog.states
    );
    let focused = dialog.find_all(|n| n.has_state("focused"));
    assert_eq!(
        focused.len(),
        1,
        "the focus is inside the dialog (tree in {outline})"
    );
    assert!(
        !focused[0].name.is_empty(),
        "the focused field has a name: {:?}",
        focused[0]
    );
    let nameless = nameless_controls(dialog);
    assert!(
        nameless.is_empty(),
        "controls in the dialog with no name: {nameless:#?}"
    );
    app.press(&[Key::Escape]).await;

    // Expired training says so in words on the training matrix.
    app.click("nav-people").await;
    app.click("people-tab-matrix").await;
    app.el("matrix").await;
    let expired = count(&app, "[data-testid=matrix-cell][data-status=expired]").await;
    assert!(
        expired > 0,
        "the demo's matrix has expired training to check"
    );
    let tree = bus
        .tree_when(APP, |tree| {
            said_starting(tree, "table cell", "Expired") >= expired
        })
        .await;
    let outline = keep(&tree, "training-matrix");
    assert_eq!(
        said_starting(&tree, "table cell", "Expired"),
        expired,
        "each of the {expired} expired cells is read as “Expired …” (tree in {outline})"
    );
    let nameless = nameless_controls(page_of(&tree));
    assert!(
        nameless.is_empty(),
        "controls with no name on the training matrix: {nameless:#?}"
    );

    // Withheld counts say "Withheld" in words on the partnership summary.
    app.click("nav-partnership").await;
    app.el("partnership-destination").await;
    app.set("summary-from", "2026-07-01").await;
    app.set("summary-to", "2026-09-30").await;
    app.wait_until("the rows are shown", async |app| {
        app.all("summary-row").await.len() > 20
    })
    .await;
    let withheld = count(&app, "[data-testid=summary-row][data-suppressed=true]").await;
    assert!(
        withheld > 0,
        "the demo's summary withholds a figure to check"
    );
    let tree = bus
        .tree_when(APP, |tree| {
            said_starting(tree, "table cell", "Withheld") >= withheld
        })
        .await;
    let outline = keep(&tree, "partnership");
    assert_eq!(
        said_starting(&tree, "table cell", "Withheld"),
        withheld,
        "each of the {withheld} withheld figures is read as “Withheld” (tree in {outline})"
    );
    let note = tree.find_all(|n| {
        n.role == "paragraph"
            && n.text.starts_with("Withheld")
            && n.text.contains("withheld so nobody can be identified")
    });
    assert_eq!(
        note.len(),
        1,
        "the note above the figures says why they are withheld (tree in {outline})"
    );
    let nameless = nameless_controls(page_of(&tree));
    assert!(
        nameless.is_empty(),
        "controls with no name on the partnership screen: {nameless:#?}"
    );
    app.quit().await;
}

/// The dialogs on the page.
fn page_dialogs(tree: &Node) -> Vec<&Node> {
    page_of(tree).find_all(|n| n.role == "dialog")
}

/// How many nodes of this role are read beginning with `word` (their own text, or their
/// name when they have no text): a matrix cell read as "Expired, required since 12 Sep 2026".
fn said_starting(tree: &Node, role: &str, word: &str) -> usize {
    tree.find_all(|n| {
        let said = if n.text.is_empty() { &n.name } else { &n.text };
        n.role == role && said.starts_with(word)
    })
    .len()
}

/// The live regions (read out when they change, wherever the focus is) whose text is `said`.
fn live_saying<'a>(tree: &'a Node, said: &str) -> Vec<&'a Node> {
    tree.find_all(|n| {
        n.attributes.get("live").and_then(Value::as_str) == Some("polite") && n.words() == said
    })
}
