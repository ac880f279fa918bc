//! The import's read-once look-ups give the same answers as the per-row queries they
//! replace, on random small clubs (proptest): `References::id_of` as `id_by_reference` for
//! any reference (any case, spaces around it, or no one's), and `records_of_all` as
//! `record_of` for every young person (their profile, consents in order, circumstances and
//! contacts, age given or worked out, archived or not).

use proptest::prelude::*;

use super::*;
use crate::fixtures::{Club, date};

fn today() -> NaiveDate {
    date("2026-11-24")
}

/// One young person of a random club.
#[derive(Debug, Clone)]
struct Someone {
    reference: Option<String>,
    first: String,
    last: String,
    born: Option<u32>,
    age: Option<u32>,
    consents: Vec<(usize, bool)>,
    contacts: usize,
    circumstances: Vec<usize>,
    archived: bool,
}

fn someone() -> impl Strategy<Value = Someone> {
    (
        proptest::option::of("[A-Za-z]{1,3}[0-9]{1,4}"),
        "[A-Z][a-zé]{1,6}",
        "[A-Z][a-zø]{1,6}",
        proptest::option::of(0u32..4000),
        proptest::option::of(5u32..20),
        proptest::collection::vec((0usize..3, any::<bool>()), 0..4),
        0usize..3,
        proptest::collection::vec(0usize..4, 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(reference, first, last, born, age, consents, contacts, circumstances, archived)| {
                Someone {
                    reference,
                    first,
                    last,
                    born,
                    age,
                    consents,
                    contacts,
                    circumstances,
                    archived,
                }
            },
        )
}

fn profile_of(someone: &Someone, codes: &[String]) -> Profile {
    let mut p = Profile::named(&someone.first, &someone.last);
    p.date_of_birth = someone
        .born
        .map(|days| date("2008-01-01") + chrono::Days::new(days as u64));
    p.age = if p.date_of_birth.is_none() {
        someone.age
    } else {
        None
    };
    let mut kinds = Vec::new();
    for (kind, given) in &someone.consents {
        let kind = ConsentKind::ALL[*kind];
        if kinds.contains(&kind) {
            continue;
        }
        kinds.push(kind);
        p.consents.push(Consent {
            kind,
            given: *given,
            given_by: ConsentGiver::ParentCarer,
            giver_name: None,
            recorded_on: date("2026-01-05"),
        });
    }
    p.emergency_contacts = (0..someone.contacts)
        .map(|n| EmergencyContact {
            name: format!("Carer {n}"),
            relationship: None,
            phone: format!("0770090000{n}"),
        })
        .collect();
    p.circumstance_codes = someone
        .circumstances
        .iter()
        .filter_map(|i| codes.get(*i).cloned())
        .collect();
    p
}

/// A club of `people`, each added as by hand (those whose reference is taken, or who look
/// like someone already added, left out); their ids.
fn club_of(people: &[Someone]) -> (Club, Vec<i64>) {
    let mut club = Club::new();
    let codes: Vec<String> = circumstances::all(club.store.conn())
        .unwrap()
        .into_iter()
        .map(|c| c.code)
        .collect();
    let mut ids = Vec::new();
    for someone in people {
        let profile = profile_of(someone, &codes);
        let added = club.store.write(|tx| {
            let person = add(tx, someone.reference.as_deref(), &profile, true, today())?;
            if someone.archived {
                set_archived(tx, person.id, true, today())?;
            }
            Ok(person.id)
        });
        if let Ok(id) = added {
            ids.push(id);
        }
    }
    (club, ids)
}

/// A reference as a file might give it: another case, spaces around it.
fn as_written(reference: &str, upper: bool, spaced: bool) -> String {
    let cased = if upper {
        reference.to_uppercase()
    } else {
        reference.to_lowercase()
    };
    if spaced { format!("  {cased} ") } else { cased }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn references_read_once_find_who_the_query_finds(
        people in proptest::collection::vec(someone(), 0..12),
        asked in proptest::collection::vec(("[A-Za-z]{1,3}[0-9]{1,4}", any::<bool>(), any::<bool>()), 0..8),
        cases in proptest::collection::vec((any::<bool>(), any::<bool>()), 12),
    ) {
        let (club, ids) = club_of(&people);
        let conn = club.store.conn();
        let references = References::load(conn).unwrap();
        let mut tried: Vec<String> = Vec::new();
        for (id, (upper, spaced)) in ids.iter().zip(&cases) {
            let (reference, ..) = record_of(conn, *id, today()).unwrap();
            tried.push(as_written(&reference, *upper, *spaced));
        }
        for (reference, upper, spaced) in &asked {
            tried.push(as_written(reference, *upper, *spaced));
        }
        for reference in &tried {
            prop_assert_eq!(
                references.id_of(reference),
                id_by_reference(conn, reference).unwrap(),
                "reference {:?}", reference
            );
        }
    }

    #[test]
    fn records_read_at_once_are_each_record_read_alone(
        people in proptest::collection::vec(someone(), 0..12),
    ) {
        let (club, ids) = club_of(&people);
        let conn = club.store.conn();
        let all = records_of_all(conn, today()).unwrap();
        prop_assert_eq!(all.len(), ids.len());
        for id in &ids {
            let alone = record_of(conn, *id, today()).unwrap();
            prop_assert_eq!(all.get(id), Some(&alone), "young person {}", id);
        }
    }
}

/// Every column of a young person's row but its times, as text.
fn row_without_times(conn: &Connection, id: i64) -> Vec<Option<String>> {
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('young_people') WHERE name NOT IN ('created_at', 'updated_at')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let select: Vec<String> = columns
        .iter()
        .map(|c| format!("CAST(\"{c}\" AS TEXT)"))
        .collect();
    conn.query_row(
        &format!(
            "SELECT {} FROM young_people WHERE id = ?1",
            select.join(", ")
        ),
        [id],
        |r| (0..columns.len()).map(|i| r.get(i)).collect(),
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_whole_row_inserted_at_once_is_the_row_inserted_then_updated(someone in someone()) {
        let saved = |whole: bool| {
            let mut club = Club::new();
            let codes: Vec<String> = circumstances::all(club.store.conn())
                .unwrap()
                .into_iter()
                .map(|c| c.code)
                .collect();
            let profile = check_profile(club.store.conn(), &profile_of(&someone, &codes), today());
            let Ok(profile) = profile else {
                return None;
            };
            let id = club
                .store
                .write(|tx| {
                    if whole {
                        insert_whole(tx, "YP00001", &profile, today())
                    } else {
                        insert_checked(tx, "YP00001", &profile, today())
                    }
                })
                .unwrap();
            let conn = club.store.conn();
            Some((row_without_times(conn, id), record_of(conn, id, today()).unwrap()))
        };
        prop_assert_eq!(saved(true), saved(false));
    }
}
