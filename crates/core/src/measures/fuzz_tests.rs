//! Bad input at scale: the measure importer is fed mutated real measures (proptest), like the
//! template loader (`returns/templates/fuzz_tests.rs`).
//!
//! Each input starts from ONS4, a club scale or a measure needing registration, goes through
//! one to four changes to its JSON tree (a node removed, or given a value of another type or
//! an extreme one, a field added, an array element repeated), and sometimes its text is cut
//! short or given a byte-order mark or trailing junk.
//!
//! What must hold: `Measure::from_json` never panics and an error names a field or says the
//! file is not a measure; a measure it accepts checks again and reads back the same; an import
//! (confirmed as registered) either saves it, after which it is listed, or fails and leaves the
//! club's measures exactly as they were.
//!
//! Inputs tried per run: `CASES` (2,000).

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};

use super::*;
use crate::store::Store;

const CASES: u32 = 2_000;

const CLUB_SCALE: &str = r#"{ "schema": "clubroom-measure/1", "code": "speaking-up", "version": 1,
  "name": "Speaking up", "licence": "club", "scoring": "mean", "higher_is_better": true,
  "meaningful_change": 1, "outcomes": [ { "framework": "toc", "code": "confidence" } ],
  "questions": [ { "id": "group", "text": "I feel confident speaking in a group",
    "scale": { "min": 1, "max": 5, "labels": [ { "value": 1, "label": "😟" }, { "value": 5, "label": "😀" } ] } },
    { "id": "new-people", "text": "I can talk to new people", "min_age": 11, "reverse": false,
    "scale": { "min": 1, "max": 3 } } ] }"#;

const REGISTERED: &str = r#"{ "schema": "clubroom-measure/1", "code": "licensed", "version": 2,
  "name": "A licensed scale", "licence": "registration", "attribution": "© Its owners",
  "scoring": "sum", "higher_is_better": true, "meaningful_change": 3,
  "questions": [ { "id": "q1", "text": "One", "scale": { "min": 1, "max": 5 } } ] }"#;

fn sources() -> Vec<Value> {
    [BUILT_IN[0], CLUB_SCALE, REGISTERED]
        .iter()
        .map(|t| serde_json::from_str(t).expect("a fixture parses"))
        .collect()
}

fn paths(value: &Value) -> Vec<Vec<Value>> {
    let mut found = vec![Vec::new()];
    let mut i = 0;
    while i < found.len() {
        let path = found[i].clone();
        match pointer(value, &path) {
            Some(Value::Object(map)) => {
                for key in map.keys() {
                    let mut child = path.clone();
                    child.push(json!(key));
                    found.push(child);
                }
            }
            Some(Value::Array(items)) => {
                for at in 0..items.len() {
                    let mut child = path.clone();
                    child.push(json!(at));
                    found.push(child);
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

fn pointer<'v>(value: &'v Value, path: &[Value]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, step| match step {
        Value::String(key) => v.get(key),
        Value::Number(n) => v.get(n.as_u64()? as usize),
        _ => None,
    })
}

fn pointer_mut<'v>(value: &'v mut Value, path: &[Value]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Value::String(key) => v.get_mut(key),
        Value::Number(n) => v.get_mut(n.as_u64()? as usize),
        _ => None,
    })
}

#[derive(Debug, Clone)]
enum Change {
    Remove(Index),
    Replace(Index, Value),
    AddField(Index, String, Value),
    Repeat(Index),
}

fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        Just(json!(u32::MAX)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1.5)),
        Just(json!(1e300)),
        "\\PC{0,16}".prop_map(Value::String),
        Just(json!("")),
        (1_000usize..5_000).prop_map(|n| Value::String("x".repeat(n))),
        prop::sample::select(
            &[
                "per-item",
                "sum",
                "mean",
                "open",
                "club",
                "registration",
                "toc",
                "ons4"
            ][..]
        )
        .prop_map(|w| json!(w)),
        Just(json!([])),
        Just(json!({})),
        Just(json!({ "min": 0, "max": 100 })),
        Just(json!({ "framework": "toc", "code": "telepathy" })),
    ]
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => any::<Index>().prop_map(Change::Remove),
        4 => (any::<Index>(), odd_value()).prop_map(|(at, v)| Change::Replace(at, v)),
        1 => (any::<Index>(), "[a-z_]{1,12}", odd_value()).prop_map(|(at, k, v)| Change::AddField(at, k, v)),
        2 => any::<Index>().prop_map(Change::Repeat),
    ]
}

fn apply(value: &mut Value, change: &Change) {
    let all = paths(value);
    match change {
        Change::Replace(at, new) => {
            let path: &Vec<Value> = at.get(&all);
            if let Some(target) = pointer_mut(value, path) {
                *target = new.clone();
            }
        }
        Change::Remove(at) | Change::Repeat(at) => {
            let path: &Vec<Value> = at.get(&all);
            let Some((last, parent)) = path.split_last() else {
                return;
            };
            match (pointer_mut(value, parent), last) {
                (Some(Value::Object(map)), Value::String(key)) => {
                    map.remove(key);
                }
                (Some(Value::Array(items)), Value::Number(n)) => {
                    let i = n.as_u64().unwrap_or(0) as usize;
                    if i < items.len() {
                        if matches!(change, Change::Repeat(_)) {
                            let copy = items[i].clone();
                            items.insert(i, copy);
                        } else {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
        }
        Change::AddField(at, key, new) => {
            let path: &Vec<Value> = at.get(&all);
            if let Some(Value::Object(map)) = pointer_mut(value, path) {
                map.insert(key.clone(), new.clone());
            }
        }
    }
}

fn damage(text: String, how: u8, at: Index) -> String {
    match how {
        0 => {
            let cut = at.index(text.len().max(1));
            let mut cut = cut.min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text[..cut].to_owned()
        }
        1 => format!("\u{feff}{text}"),
        2 => format!("{text} trailing"),
        _ => text,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]
    #[test]
    fn the_measure_importer_survives_mutated_measures(
        source in 0usize..3,
        changes in proptest::collection::vec(change(), 1..5),
        how in 0u8..8,
        at in any::<Index>(),
    ) {
        let mut value = sources().swap_remove(source);
        for change in &changes {
            apply(&mut value, change);
        }
        let text = damage(serde_json::to_string_pretty(&value).unwrap(), how, at);
        match Measure::from_json(&text) {
            Ok(measure) => {
                let again = measure.clone().checked().expect("an accepted measure checks again");
                prop_assert_eq!(Measure::from_json(&again.to_json()).unwrap(), again);
            }
            Err(error) => {
                let message = error.to_string();
                prop_assert!(
                    message.contains("In the measure, “") || message.contains("not a Clubroom measure file"),
                    "{}", message
                );
            }
        }
        let mut store = Store::open_in_memory().unwrap();
        let before = all(store.conn()).unwrap();
        match store.write(|tx| import(tx, &text, Some("Alex"))) {
            Ok(saved) => {
                let listed = all(store.conn()).unwrap();
                prop_assert!(listed.iter().any(|e| e.measure.code == saved.code && e.measure.version == saved.version));
            }
            Err(error) => {
                prop_assert!(!error.to_string().is_empty());
                prop_assert_eq!(all(store.conn()).unwrap(), before);
            }
        }
    }
}
