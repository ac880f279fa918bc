//! Bad input at scale: the template loader is fed mutated real templates (proptest).
//!
//! Each input starts from one of the five built-in `clubroom-template/1` files and goes through
//! one to four changes to its JSON tree (a field removed, given a value of another type or an
//! extreme one, renamed, added, an array element repeated or dropped), then through changes to
//! its text (cut off part-way, a key written twice, a byte-order mark, trailing junk).
//!
//! What must hold for every input:
//! - `Template::from_json` returns (never panics), and an `Err` has a message that is not empty;
//! - a template it accepts passes `checked` again, and writes out and reads back the same;
//! - `templates::import` into a club either saves it (then the club lists it, and importing a
//!   changed copy of it once more works too) or fails with a message and leaves the club's
//!   templates exactly as they were.
//!
//! Inputs tried per run: `CASES` (3,000).

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};

use super::*;
use crate::store::Store;

const CASES: u32 = 3_000;

/// A step along a path into the JSON tree.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    At(usize),
}

/// Every node's path (the root is the empty path).
fn paths(value: &Value) -> Vec<Vec<Step>> {
    let mut found = vec![Vec::new()];
    let mut i = 0;
    while i < found.len() {
        let path = found[i].clone();
        match node(value, &path) {
            Some(Value::Object(map)) => {
                for key in map.keys() {
                    let mut child = path.clone();
                    child.push(Step::Key(key.clone()));
                    found.push(child);
                }
            }
            Some(Value::Array(items)) => {
                for at in 0..items.len() {
                    let mut child = path.clone();
                    child.push(Step::At(at));
                    found.push(child);
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

fn node<'v>(value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(key) => v.get(key),
        Step::At(at) => v.get(*at),
    })
}

fn node_mut<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(key) => v.get_mut(key),
        Step::At(at) => v.get_mut(*at),
    })
}

/// A change to the tree, at a node picked by `Index`.
#[derive(Debug, Clone)]
enum Change {
    Remove(Index),
    Replace(Index, Value),
    Rename(Index, String),
    AddField(Index, String, Value),
    RepeatElement(Index),
}

/// Values of every type, and the extremes of each.
fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        Just(json!(u32::MAX)),
        Just(json!(u64::MAX)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1.5)),
        Just(json!(1e300)),
        "\\PC{0,16}".prop_map(Value::String),
        Just(json!("")),
        (1_000usize..20_000).prop_map(|n| Value::String("x".repeat(n))),
        prop::sample::select(KNOWN_WORDS).prop_map(|w| json!(w)),
        Just(json!([])),
        Just(json!({})),
        Just(
            json!([{ "label": "0-4", "min": null, "max": 4 }, { "label": "3-9", "min": 3, "max": 9 }])
        ),
        Just(json!({ "kind": "question", "id": "q", "title": "Q" })),
        Just(json!({ "kind": "measures", "title": "T", "items": [] })),
        Just(json!({ "kind": "nonsense" })),
        Just(json!({ "kind": "outcome-change", "title": "T", "measure": "ons4" })),
        Just(json!({ "kind": "outcome-change", "title": "T", "outcome": "toc/confidence" })),
        Just(json!({ "kind": "checkin-coverage", "title": "T" })),
        Just(json!({ "kind": "progression", "title": "T" })),
        Just(json!({ "kind": "engagement", "title": "T" })),
        Just(json!({ "kind": "differences", "id": "d", "title": "T", "count": 3 })),
    ]
}

/// Names and codes a template uses, so renames and values stay close to real ones.
const KNOWN_WORDS: &[&str] = &[
    "schema",
    "id",
    "name",
    "funder",
    "version",
    "description",
    "modelled_on",
    "age_bands",
    "sections",
    "kind",
    "title",
    "items",
    "measure",
    "label",
    "note",
    "dimension",
    "labels",
    "chart",
    "hint",
    "body",
    "min",
    "max",
    "measures",
    "breakdown",
    "question",
    "text",
    "attendances",
    "age_band",
    "outcome:",
    "outcome:ecm",
    "attendance-by-month",
    "outcome-change",
    "checkin-coverage",
    "progression",
    "engagement",
    "differences",
    "count",
    "outcome",
    "ons4",
    "toc/confidence",
    "clubroom-template/1",
    "clubroom-template/2",
    "general",
    "My-Return",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(KNOWN_WORDS).prop_map(str::to_owned),
        1 => "\\PC{0,10}",
    ]
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => any::<Index>().prop_map(Change::Remove),
        4 => (any::<Index>(), odd_value()).prop_map(|(at, v)| Change::Replace(at, v)),
        2 => (any::<Index>(), key()).prop_map(|(at, k)| Change::Rename(at, k)),
        1 => (any::<Index>(), key(), odd_value()).prop_map(|(at, k, v)| Change::AddField(at, k, v)),
        2 => any::<Index>().prop_map(Change::RepeatElement),
    ]
}

fn apply(value: &mut Value, change: &Change) {
    let all = paths(value);
    match change {
        Change::Replace(at, new) => {
            let path: &Vec<Step> = at.get(&all);
            if let Some(target) = node_mut(value, path) {
                *target = new.clone();
            }
        }
        Change::Remove(at) | Change::Rename(at, _) => {
            let path: &Vec<Step> = at.get(&all);
            let Some((last, parent_path)) = path.split_last() else {
                return;
            };
            let Some(parent) = node_mut(value, parent_path) else {
                return;
            };
            match (parent, last) {
                (Value::Object(map), Step::Key(key)) => {
                    let removed = map.remove(key);
                    if let (Change::Rename(_, new_key), Some(v)) = (change, removed) {
                        map.insert(new_key.clone(), v);
                    }
                }
                (Value::Array(items), Step::At(i)) if *i < items.len() => {
                    items.remove(*i);
                }
                _ => {}
            }
        }
        Change::AddField(at, key, new) => {
            let objects: Vec<&Vec<Step>> = all
                .iter()
                .filter(|p| matches!(node(value, p), Some(Value::Object(_))))
                .collect();
            if objects.is_empty() {
                return;
            }
            let path = (*at.get(&objects)).clone();
            if let Some(Value::Object(map)) = node_mut(value, &path) {
                map.insert(key.clone(), new.clone());
            }
        }
        Change::RepeatElement(at) => {
            let arrays: Vec<&Vec<Step>> = all
                .iter()
                .filter(|p| matches!(node(value, p), Some(Value::Array(a)) if !a.is_empty()))
                .collect();
            if arrays.is_empty() {
                return;
            }
            let path = (*at.get(&arrays)).clone();
            if let Some(Value::Array(items)) = node_mut(value, &path) {
                let first = items[0].clone();
                items.push(first);
            }
        }
    }
}

/// A change to the text itself, after the tree is written out.
#[derive(Debug, Clone)]
enum TextChange {
    None,
    CutAt(Index),
    KeyTwice(Index, String),
    Bom,
    TrailingJunk(String),
}

fn text_change() -> impl Strategy<Value = TextChange> {
    prop_oneof![
        6 => Just(TextChange::None),
        2 => any::<Index>().prop_map(TextChange::CutAt),
        2 => (any::<Index>(), prop::sample::select(KNOWN_WORDS)).prop_map(|(at, k)| TextChange::KeyTwice(at, k.to_owned())),
        1 => Just(TextChange::Bom),
        1 => "[ -~]{1,8}".prop_map(TextChange::TrailingJunk),
    ]
}

fn apply_text(text: &str, change: &TextChange) -> String {
    match change {
        TextChange::None => text.to_owned(),
        TextChange::CutAt(at) => {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            match boundaries.is_empty() {
                true => String::new(),
                false => text[..*at.get(&boundaries)].to_owned(),
            }
        }
        TextChange::KeyTwice(at, key) => {
            // Right after an object's opening brace: `{"id": "again", ...` names a key twice
            // when the object already has it.
            let braces: Vec<usize> = text.match_indices('{').map(|(i, _)| i).collect();
            match braces.is_empty() {
                true => text.to_owned(),
                false => {
                    let i = *at.get(&braces) + 1;
                    format!("{}\"{key}\": \"again\",{}", &text[..i], &text[i..])
                }
            }
        }
        TextChange::Bom => format!("\u{feff}{text}"),
        TextChange::TrailingJunk(junk) => format!("{text}{junk}"),
    }
}

/// A mutated built-in template, as text.
fn template_text() -> impl Strategy<Value = String> {
    (
        0..BUILT_IN.len(),
        prop::collection::vec(change(), 1..5),
        any::<bool>(),
        text_change(),
    )
        .prop_map(|(which, changes, pretty, text_change)| {
            let mut value: Value =
                serde_json::from_str(BUILT_IN[which]).expect("a built-in template is JSON");
            for change in &changes {
                apply(&mut value, change);
            }
            let text = if pretty {
                serde_json::to_string_pretty(&value)
            } else {
                serde_json::to_string(&value)
            }
            .expect("a JSON value writes");
            apply_text(&text, &text_change)
        })
}

/// The club's own templates, as stored.
fn stored(store: &Store) -> Vec<(String, String)> {
    store
        .conn()
        .prepare("SELECT id, json FROM templates ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

thread_local! {
    /// A club a refused import left exactly as it was, ready for the next case.
    static SPARE: std::cell::Cell<Option<Store>> = const { std::cell::Cell::new(None) };
}

/// A club that already has one template of its own (so an import may replace it).
fn club_store() -> Store {
    let mut store = Store::open_in_memory().expect("an in-memory store");
    let mut own = built_in().remove(0);
    own.id = "my-return".to_owned();
    own.name = "My return".to_owned();
    store
        .write(|tx| save(tx, &own))
        .expect("the club's own template saves");
    store
}

fn check_template(text: &str) -> std::result::Result<(), TestCaseError> {
    match Template::from_json(text) {
        Ok(template) => {
            let again = template.clone().checked();
            prop_assert!(again.is_ok(), "accepted, then refused: {:?}", again.err());
            let read_back = Template::from_json(&template.to_json());
            prop_assert!(
                read_back.as_ref().is_ok_and(|t| *t == template),
                "{:?}",
                read_back
            );
        }
        Err(error) => prop_assert!(!error.to_string().trim().is_empty(), "an empty message"),
    }

    // Imported as the app does, in `Store::write`. A template that is saved is then listed,
    // and a changed copy saved over it (a partnership handing out a new version), in the same
    // transaction; the test then rolls it all back so the next case meets the same club.
    let mut store = SPARE.take().unwrap_or_else(club_store);
    let before = stored(&store);
    let mut checked = None;
    let result = store.write(|tx| {
        let saved = import(tx, text)?;
        let listed = all(tx)?
            .into_iter()
            .any(|e| !e.built_in && e.template == saved);
        let mut changed = saved.clone();
        changed.name = format!("{} (changed)", saved.name);
        checked = Some((listed, save(tx, &changed)));
        Err::<(), _>(Error::Invalid(ROLLED_BACK.to_owned()))
    });
    match (checked, result) {
        (Some((listed, second)), _) => {
            prop_assert!(listed, "an imported template is not in the list");
            prop_assert!(
                second.is_ok(),
                "a changed copy could not be saved: {:?}",
                second.err()
            );
        }
        (None, Err(error)) => {
            prop_assert!(!error.to_string().trim().is_empty(), "an empty message");
            prop_assert!(
                matches!(error, Error::Invalid(_)),
                "bad input gave a {:?} error: {}",
                error.kind(),
                error
            );
        }
        (None, Ok(())) => unreachable!("the action always ends in an error"),
    }
    prop_assert!(stored(&store) == before, "the club's templates changed");
    SPARE.set(Some(store));
    Ok(())
}

/// The test's own way of undoing an import that worked.
const ROLLED_BACK: &str = "rolled back by the test";

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn mutated_templates_never_panic_and_change_nothing_when_refused(text in template_text()) {
        check_template(&text)?;
    }
}

/// The mutations leave some templates loadable, so both sides of the property are exercised.
#[test]
fn the_mutations_make_templates_of_both_kinds() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..500 {
        let text = template_text()
            .new_tree(&mut runner)
            .expect("a text")
            .current();
        match Template::from_json(&text) {
            Ok(_) => accepted += 1,
            Err(_) => refused += 1,
        }
    }
    assert!(
        accepted > 25 && refused > 25,
        "{accepted} accepted, {refused} refused"
    );
}

/// A template at the largest version number
/// a file can hold, changed once more, must not overflow the version.
#[test]
fn a_template_at_the_largest_version_can_still_be_changed() {
    let mut store = Store::open_in_memory().expect("an in-memory store");
    let mut own = built_in().remove(0);
    own.id = "at-the-top".to_owned();
    own.version = u32::MAX;
    store.write(|tx| save(tx, &own)).expect("saved");
    own.name = "Changed".to_owned();
    let changed = store.write(|tx| save(tx, &own));
    assert!(changed.is_ok(), "{changed:?}");
}
