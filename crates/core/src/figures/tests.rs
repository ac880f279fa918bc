use super::*;
use crate::fixtures::Club;
use crate::vocab::{AgeBand, Disability, Ethnicity, Gender, SessionType};

fn breakdown(figures: &Figures, dimension: &str) -> Vec<(String, u64)> {
    figures.breakdowns[dimension]
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect()
}

fn pairs(items: &[(&str, u64)]) -> Vec<(String, u64)> {
    let mut pairs: Vec<(String, u64)> = items.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
    pairs.sort();
    pairs
}

/// The worked example of docs/counting-rules.md, figure by figure.
fn worked_example() -> Club {
    let mut club = Club::new();
    let amy = club.young_person_with("Amy", "Ashby", |p| {
        p.date_of_birth = Some(crate::fixtures::date("2012-04-10"));
        p.gender = Gender::Female;
        p.ethnicity = Some(Ethnicity::British);
        p.disability = Disability::No;
        p.postcode = Some("CV1 2AB".into());
    });
    let ben = club.young_person_with("Ben", "Baker", |p| {
        p.date_of_birth = Some(crate::fixtures::date("2010-01-01"));
        p.gender = Gender::Male;
        p.ethnicity = Some(Ethnicity::Indian);
        p.disability = Disability::Yes;
        p.postcode = Some("cv6".into());
    });
    let cara = club.young_person_with("Cara", "Cole", |p| p.gender = Gender::NonBinary);
    let dan = club.young_person("Dan", "Dale", Some("2011-05-05"));
    let eve = club.young_person_with("Eve", "Evans", |p| {
        p.date_of_birth = Some(crate::fixtures::date("2008-05-01"));
        p.gender = Gender::Female;
        p.ethnicity = Some(Ethnicity::Caribbean);
        p.disability = Disability::No;
        p.postcode = Some("CV1 4XY".into());
    });
    let fay = club.young_person("Fay", "Ford", Some("2012-01-01"));

    let before = club.session("2026-03-25", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(before, amy);

    let s1 = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(s1, amy);
    club.mark_times(s1, ben, "18:30", "19:30");
    club.mark(s1, cara);

    let s2 = club.session("2026-04-14", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(s2, amy);
    club.mark(s2, cara);

    let cancelled = club.session("2026-04-21", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(cancelled, dan);
    club.headcount(cancelled, Gender::Male, AgeBand::From14To16, 9);
    club.cancel(cancelled);

    let s4 = club.session("2026-05-01", "19:00", "21:30", SessionType::Detached);
    club.mark(s4, eve);
    club.headcount(s4, Gender::Female, AgeBand::From11To13, 3);
    club.headcount(s4, Gender::Male, AgeBand::From14To16, 4);

    let after = club.session("2026-07-01", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(after, fay);
    club
}

#[test]
fn the_worked_example_measures() {
    let figures = worked_example().figures("2026-04-01", "2026-06-30");
    let m = &figures.measures;
    assert_eq!(
        m.sessions, 3,
        "S1, S2 and S4; not the cancelled one, not those outside the period"
    );
    assert_eq!(m.delivery_hours, 6.5, "2 + 2 + 2.5");
    assert_eq!(m.attendances, 6, "3 + 2 + 1");
    assert_eq!(m.unique_young_people, 4, "Amy, Ben, Cara, Eve");
    assert_eq!(m.new_young_people, 3, "Amy first came before the period");
    assert_eq!(m.contact_hours, 11.5, "S1: 2 + 1 + 2, S2: 2 + 2, S4: 2.5");
    assert_eq!(
        m.anonymous_contacts, 7,
        "3 + 4; the cancelled session's 9 count nowhere"
    );
}

#[test]
fn the_worked_example_breakdowns() {
    let figures = worked_example().figures("2026-04-01", "2026-06-30");
    // Amy turns 14 on 10 April, inside the period, but her age is taken at her first
    // attendance in the period (7 April): 13. Eve turns 18 on the day she first comes.
    assert_eq!(
        breakdown(&figures, "age_band"),
        pairs(&[("11-13", 1), ("14-16", 1), ("17-19", 1), ("unknown", 1)])
    );
    assert_eq!(
        breakdown(&figures, "gender"),
        pairs(&[("female", 2), ("male", 1), ("non-binary", 1)])
    );
    assert_eq!(
        breakdown(&figures, "ethnicity_group"),
        pairs(&[("asian", 1), ("black", 1), ("unknown", 1), ("white", 1)])
    );
    assert_eq!(
        breakdown(&figures, "disability"),
        pairs(&[("no", 2), ("unknown", 1), ("yes", 1)])
    );
    assert_eq!(
        breakdown(&figures, "postcode_district"),
        pairs(&[("CV1", 2), ("CV6", 1), ("unknown", 1)])
    );
    assert_eq!(
        breakdown(&figures, "session_type"),
        pairs(&[("detached", 1), ("open-access", 3)])
    );
}

#[test]
fn every_breakdown_counts_every_unique_young_person_once() {
    let figures = worked_example().figures("2026-04-01", "2026-06-30");
    for dimension in [
        "age_band",
        "gender",
        "ethnicity_group",
        "disability",
        "postcode_district",
    ] {
        let total: u64 = figures.breakdowns[dimension].values().sum();
        assert_eq!(total, figures.measures.unique_young_people, "{dimension}");
    }
}

#[test]
fn the_json_has_the_design_shape() {
    let figures = worked_example().figures("2026-04-01", "2026-06-30");
    let json = serde_json::to_value(&figures).unwrap();
    assert_eq!(json["period"]["from"], "2026-04-01");
    assert_eq!(json["measures"]["unique_young_people"], 4);
    assert_eq!(json["measures"]["delivery_hours"], 6.5);
    assert_eq!(json["breakdowns"]["age_band"]["11-13"], 1);
    let again =
        serde_json::to_string(&worked_example().figures("2026-04-01", "2026-06-30")).unwrap();
    assert_eq!(
        serde_json::to_string(&figures).unwrap(),
        again,
        "the same data gives the same bytes"
    );
}

#[test]
fn an_arrival_without_a_leaving_time_counts_the_whole_session() {
    let mut club = Club::new();
    let jo = club.young_person("Jo", "Jones", None);
    let session = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(session, jo);
    let today = club.today;
    let arrived = Some(crate::fixtures::time("19:00"));
    club.store
        .write(|tx| crate::register::set_times(tx, session, jo, arrived, None, today))
        .unwrap();
    assert_eq!(
        club.figures("2026-04-01", "2026-04-30")
            .measures
            .contact_hours,
        2.0
    );
}

#[test]
fn an_empty_period_is_all_zeros() {
    let figures = worked_example().figures("2025-01-01", "2025-01-31");
    assert_eq!(figures.measures.sessions, 0);
    assert_eq!(figures.measures.unique_young_people, 0);
    assert!(
        figures
            .breakdowns
            .values()
            .all(|categories| categories.is_empty())
    );
}

#[test]
fn an_age_given_at_the_door_grows_older_with_time() {
    let mut club = Club::new();
    club.today = crate::fixtures::date("2025-06-01");
    let kid = club.young_person_with("Kit", "Kay", |p| p.age = Some(12));
    club.today = crate::fixtures::date("2030-01-01");
    let session = club.session("2026-07-01", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(session, kid);
    // Twelve on 1 June 2025; one whole year later on 1 July 2026: 13.
    let figures = club.figures("2026-07-01", "2026-07-01");
    assert_eq!(breakdown(&figures, "age_band"), pairs(&[("11-13", 1)]));
}

#[test]
fn an_age_given_at_the_door_counts_backwards_for_an_earlier_period() {
    let mut club = Club::new();
    club.today = crate::fixtures::date("2026-06-10");
    let kid = club.young_person_with("Kit", "Kay", |p| p.age = Some(11));
    club.today = crate::fixtures::date("2030-01-01");
    let year_before = club.session("2025-06-09", "18:00", "20:00", SessionType::OpenAccess);
    let within_a_year = club.session("2025-06-11", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(year_before, kid);
    club.mark(within_a_year, kid);
    // Eleven on 10 June 2026. One whole year comes between 9 June 2025 and that day: 10.
    let figures = club.figures("2025-06-09", "2025-06-09");
    assert_eq!(breakdown(&figures, "age_band"), pairs(&[("8-10", 1)]));
    // Less than a whole year between 11 June 2025 and that day: still 11.
    let figures = club.figures("2025-06-11", "2025-06-11");
    assert_eq!(breakdown(&figures, "age_band"), pairs(&[("11-13", 1)]));
}

#[test]
fn an_age_given_counted_back_before_birth_is_unknown() {
    let given_on = crate::fixtures::date("2026-06-10");
    let age = |on: &str| {
        crate::young_people::age_from(None, Some(2), Some(given_on), crate::fixtures::date(on))
    };
    assert_eq!(age("2024-06-10"), Some(0), "two whole years before");
    assert_eq!(age("2023-06-11"), Some(0), "still two whole years before");
    assert_eq!(
        age("2023-06-10"),
        None,
        "three whole years before a 2-year-old's day"
    );
}

mod recount {
    //! Property test: the figures equal a straightforward recount of the raw data, on random clubs.
    use std::collections::{BTreeMap, HashMap, HashSet};

    use proptest::prelude::*;

    use super::*;
    use crate::dates::age_on;
    use crate::fixtures::date;

    #[derive(Debug, Clone)]
    struct RawPerson {
        dob: Option<u32>,
        gender: usize,
        ethnicity: Option<usize>,
        postcode: Option<usize>,
        /// With no date of birth: an age given at the door, and the day (from 1 January
        /// 2026) it was given, before, among or after the sessions.
        given: Option<(u32, u32)>,
    }

    #[derive(Debug, Clone)]
    struct RawSession {
        day: u32,
        start: u16,
        length: u16,
        kind: usize,
        cancelled: bool,
        present: Vec<(usize, Option<(u16, u16)>)>,
        headcount: u32,
    }

    fn raw_person() -> impl Strategy<Value = RawPerson> {
        (
            proptest::option::of(0u32..6000),
            0usize..6,
            proptest::option::of(0usize..20),
            proptest::option::of(0usize..3),
            proptest::option::of((0u32..20, 0u32..1200)),
        )
            .prop_map(|(dob, gender, ethnicity, postcode, given)| RawPerson {
                dob,
                gender,
                ethnicity,
                postcode,
                given,
            })
    }

    fn raw_session(people: usize) -> impl Strategy<Value = RawSession> {
        (
            0u32..120,
            (16u16 * 60)..(20 * 60),
            30u16..240,
            0usize..6,
            proptest::bool::weighted(0.15),
            proptest::collection::vec(
                (0..people, proptest::option::of((0u16..60, 0u16..60))),
                0..8,
            ),
            0u32..5,
        )
            .prop_map(
                |(day, start, length, kind, cancelled, present, headcount)| RawSession {
                    day,
                    start,
                    length,
                    kind,
                    cancelled,
                    present,
                    headcount,
                },
            )
    }

    fn club_strategy() -> impl Strategy<Value = (Vec<RawPerson>, Vec<RawSession>, u32, u32, u8)> {
        proptest::collection::vec(raw_person(), 1..12).prop_flat_map(|people| {
            let n = people.len();
            // The last number picks session types for a scope (no bits: the whole club).
            (
                Just(people),
                proptest::collection::vec(raw_session(n), 0..14),
                0u32..60,
                0u32..60,
                0u8..64,
            )
        })
    }

    const GENDERS: [Gender; 6] = [
        Gender::Female,
        Gender::Male,
        Gender::NonBinary,
        Gender::Other,
        Gender::PreferNotToSay,
        Gender::Unknown,
    ];
    const POSTCODES: [&str; 3] = ["CV1 1AA", "CV6 2BB", "B12 9ZZ"];

    /// The age on `on` of someone said to be `given` on `given_on`, counted a year at a time
    /// forwards or backwards: the plain-loop form of the rule in docs/counting-rules.md.
    fn age_counted_from(
        given: u32,
        given_on: chrono::NaiveDate,
        on: chrono::NaiveDate,
    ) -> Option<u32> {
        let years = |n: u32| chrono::Months::new(12 * n);
        let mut age = i64::from(given);
        let mut n = 1;
        while given_on
            .checked_add_months(years(n))
            .is_some_and(|d| d <= on)
        {
            age += 1;
            n += 1;
        }
        let mut n = 1;
        while given_on
            .checked_sub_months(years(n))
            .is_some_and(|d| d >= on)
        {
            age -= 1;
            n += 1;
        }
        u32::try_from(age).ok()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn figures_match_a_plain_recount((people, raw_sessions, from_day, length, mask) in club_strategy()) {
            let origin = date("2026-01-01");
            let day = |n: u32| origin + chrono::Days::new(u64::from(n));
            let mut club = Club::new();
            let ids: Vec<i64> = people.iter().enumerate().map(|(i, p)| {
                let later = club.today;
                // An age is given on the day the young person is added.
                if let (None, Some((_, given_day))) = (p.dob, p.given) {
                    club.today = day(given_day);
                }
                let id = club.young_person_with(&format!("P{i}"), "Random", |profile| {
                    profile.date_of_birth = p.dob.map(|d| date("2005-01-01") + chrono::Days::new(u64::from(d)));
                    profile.age = p.given.filter(|_| p.dob.is_none()).map(|(age, _)| age);
                    profile.gender = GENDERS[p.gender];
                    profile.ethnicity = p.ethnicity.map(|e| Ethnicity::ALL[e]);
                    profile.postcode = p.postcode.map(|c| POSTCODES[c].to_owned());
                });
                club.today = later;
                id
            }).collect();
            for s in &raw_sessions {
                let on = day(s.day).to_string();
                let start = ClockTime::from_minutes(s.start);
                let end = ClockTime::from_minutes(s.start + s.length);
                let id = club.session(&on, &start.to_string(), &end.to_string(), SessionType::ALL[s.kind]);
                for (person, times) in &s.present {
                    match times {
                        Some((late, early)) if late + early < s.length => {
                            let arrived = ClockTime::from_minutes(s.start + late);
                            let left = ClockTime::from_minutes(s.start + s.length - early);
                            club.mark_times(id, ids[*person], &arrived.to_string(), &left.to_string());
                        }
                        _ => club.mark(id, ids[*person]),
                    }
                }
                if s.headcount > 0 {
                    club.headcount(id, Gender::Female, AgeBand::From11To13, s.headcount);
                }
                if s.cancelled {
                    club.cancel(id);
                }
            }
            let (from, to) = (day(from_day), day(from_day + length));
            let kept: Vec<SessionType> = (0..6).filter(|bit| mask & (1 << bit) != 0).map(|bit| SessionType::ALL[bit]).collect();
            let scope = Scope { session_types: kept.clone(), ..Scope::default() };
            let period = Period::new(from, to).unwrap();
            let figures = compute_for(club.store.conn(), period, &scope, &default_age_bands(), club.today).unwrap();

            // The recount: plain loops over the raw data.
            let held: Vec<&RawSession> = raw_sessions.iter().filter(|s| !s.cancelled).collect();
            let in_scope = |s: &RawSession| kept.is_empty() || kept.contains(&SessionType::ALL[s.kind]);
            let in_period: Vec<&&RawSession> =
                held.iter().filter(|s| from <= day(s.day) && day(s.day) <= to && in_scope(s)).collect();
            let mut marks: Vec<(u32, usize, u32, &RawSession)> = Vec::new();
            for s in &in_period {
                let mut seen = HashSet::new();
                for (person, _) in &s.present {
                    if !seen.insert(*person) { continue; } // a repeated mark is the same attendance
                    // Recorded times: the last valid pair given for them (a plain mark keeps them).
                    let times = s.present.iter().rev().filter(|(p, _)| p == person)
                        .filter_map(|(_, t)| t.filter(|(late, early)| late + early < s.length)).next();
                    let minutes = match times {
                        Some((late, early)) => u32::from(s.length - late - early),
                        None => u32::from(s.length),
                    };
                    marks.push((s.day, *person, minutes, s));
                }
            }
            let unique: HashSet<usize> = marks.iter().map(|m| m.1).collect();
            let earlier: HashSet<usize> = held.iter().filter(|s| day(s.day) < from)
                .flat_map(|s| s.present.iter().map(|(p, _)| *p)).collect();
            let expected_new = unique.iter().filter(|p| !earlier.contains(p)).count() as u64;
            let minutes: u64 = in_period.iter().map(|s| u64::from(s.length)).sum();
            let contact: u64 = marks.iter().map(|m| u64::from(m.2)).sum();
            let anonymous: u64 = in_period.iter().map(|s| u64::from(s.headcount)).sum();
            let youth_work: u64 = in_period.iter().filter(|s| !s.present.is_empty() || s.headcount > 0).map(|s| u64::from(s.length)).sum();
            let attendances_in_month = |month: &str| marks.iter().filter(|m| day(m.0).format("%Y-%m").to_string() == month).count() as u64;

            prop_assert_eq!(figures.measures.sessions, in_period.len() as u64);
            prop_assert_eq!(figures.measures.delivery_hours, hours(minutes));
            prop_assert_eq!(figures.measures.attendances, marks.len() as u64);
            prop_assert_eq!(figures.measures.unique_young_people, unique.len() as u64);
            prop_assert_eq!(figures.measures.new_young_people, expected_new);
            prop_assert_eq!(figures.measures.contact_hours, hours(contact));
            prop_assert_eq!(figures.measures.anonymous_contacts, anonymous);
            prop_assert_eq!(figures.measures.youth_work_hours, hours(youth_work));
            prop_assert_eq!(figures.months.iter().map(|m| m.attendances).sum::<u64>(), marks.len() as u64);
            for month in &figures.months {
                prop_assert_eq!(month.attendances, attendances_in_month(&month.month), "{}", month.month);
            }

            // Breakdowns recounted from each person's first date in the period.
            let mut first_date: HashMap<usize, u32> = HashMap::new();
            let mut types: HashMap<usize, HashSet<usize>> = HashMap::new();
            for (d, person, _, s) in &marks {
                let entry = first_date.entry(*person).or_insert(*d);
                *entry = (*entry).min(*d);
                types.entry(*person).or_default().insert(s.kind);
            }
            let mut expected: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
            for (person, first) in &first_date {
                let p = &people[*person];
                let age = match (p.dob, p.given) {
                    (Some(d), _) => age_on(date("2005-01-01") + chrono::Days::new(u64::from(d)), day(*first)),
                    (None, Some((given, given_day))) => age_counted_from(given, day(given_day), day(*first)),
                    (None, None) => None,
                };
                *expected.entry("age_band").or_default().entry(AgeBand::of_age(age).code().to_owned()).or_default() += 1;
                *expected.entry("gender").or_default().entry(GENDERS[p.gender].code().to_owned()).or_default() += 1;
                let group = crate::vocab::ethnicity_group(p.ethnicity.map(|e| Ethnicity::ALL[e]));
                *expected.entry("ethnicity_group").or_default().entry(group.code().to_owned()).or_default() += 1;
                let district = p.postcode.map_or("unknown", |c| POSTCODES[c].split(' ').next().unwrap());
                *expected.entry("postcode_district").or_default().entry(district.to_owned()).or_default() += 1;
                for kind in &types[person] {
                    *expected.entry("session_type").or_default().entry(SessionType::ALL[*kind].code().to_owned()).or_default() += 1;
                }
            }
            for dimension in ["age_band", "gender", "ethnicity_group", "postcode_district", "session_type"] {
                let want = expected.get(dimension).cloned().unwrap_or_default();
                prop_assert_eq!(&figures.breakdowns[dimension], &want, "{}", dimension);
            }

            // The general funder return on the same data shows exactly the recount.
            let request = crate::returns::ReturnRequest {
                template_id: "general".into(),
                period,
                scope: scope.clone(),
                answers: BTreeMap::new(),
                differences: Vec::new(),
            };
            let report = crate::returns::build(club.store.conn(), &request, club.today).unwrap();
            let recounted: BTreeMap<&str, f64> = BTreeMap::from([
                ("sessions", in_period.len() as f64),
                ("delivery_hours", hours(minutes)),
                ("youth_work_hours", hours(youth_work)),
                ("attendances", marks.len() as f64),
                ("unique_young_people", unique.len() as f64),
                ("new_young_people", expected_new as f64),
                ("contact_hours", hours(contact)),
                ("anonymous_contacts", anonymous as f64),
            ]);
            for part in &report.parts {
                match part {
                    crate::returns::Part::Measures { rows, .. } => {
                        for row in rows {
                            if let Some(want) = recounted.get(row.measure.as_str()) {
                                prop_assert_eq!(row.value, Some(*want), "{}", row.measure);
                            }
                        }
                    }
                    crate::returns::Part::Breakdown { dimension, rows, young_people, .. } => {
                        prop_assert_eq!(*young_people, unique.len() as u64);
                        if let Some(want) = expected.get(dimension.as_str()) {
                            let shown: BTreeMap<String, u64> = rows
                                .iter()
                                .filter(|r| r.young_people > 0)
                                .map(|r| (r.category.clone(), r.young_people))
                                .collect();
                            prop_assert_eq!(&shown, want, "{}", dimension);
                        }
                    }
                    crate::returns::Part::Chart { months, .. } => {
                        prop_assert_eq!(months.iter().map(|m| m.attendances).sum::<u64>(), marks.len() as u64);
                    }
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn planned_sessions_after_today_are_not_held_yet() {
    let mut club = Club::new();
    let jo = club.young_person("Jo", "Jones", None);
    let held = club.session("2026-11-17", "18:00", "20:00", SessionType::OpenAccess);
    club.mark(held, jo);
    club.session("2026-11-24", "18:00", "20:00", SessionType::OpenAccess);
    club.session("2026-12-01", "18:00", "20:00", SessionType::OpenAccess);
    club.today = crate::fixtures::date("2026-11-24");
    let figures = club.figures("2026-11-01", "2026-12-31");
    assert_eq!(
        figures.measures.sessions, 2,
        "the 17th and today; the 1st of December is still to come"
    );
    assert_eq!(figures.measures.delivery_hours, 4.0);
    club.today = crate::fixtures::date("2026-10-01");
    assert_eq!(
        club.figures("2026-11-01", "2026-12-31").measures.sessions,
        0
    );
}

#[test]
fn volunteer_and_staff_hours_value_and_compliance() {
    use crate::vocab::StaffRole;
    let mut club = Club::new();
    let mut details = crate::organisation::require(club.store.conn()).unwrap();
    details.volunteer_hour_value_gbp = 12.5;
    club.store
        .write(|tx| crate::organisation::save(tx, &details))
        .unwrap();
    let ann = club.adult("Ann Archer", true, StaffRole::Lead);
    let bo = club.adult("Bo Bright", false, StaffRole::Volunteer);
    let cy = club.adult("Cy Cross", false, StaffRole::Volunteer);
    for course in [
        "Safeguarding level 2",
        "Emergency First Aid at Work",
        "Enhanced DBS check",
    ] {
        club.trained(ann, course, "2025-01-10");
    }
    club.trained(bo, "Safeguarding level 1", "2025-01-10");
    club.trained(bo, "Enhanced DBS check", "2025-01-10");
    // Cy's DBS was only done after the first session: not compliant on that date.
    club.trained(cy, "Safeguarding level 1", "2025-01-10");
    club.trained(cy, "Enhanced DBS check", "2026-04-20");
    let first = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    let second = club.session("2026-04-28", "18:00", "21:00", SessionType::OpenAccess);
    let cancelled = club.session("2026-05-05", "18:00", "20:00", SessionType::OpenAccess);
    for session in [first, second, cancelled] {
        club.staff(session, ann, StaffRole::Lead);
        club.staff(session, bo, StaffRole::Volunteer);
    }
    club.staff(first, cy, StaffRole::Volunteer);
    club.staff(second, cy, StaffRole::Volunteer);
    club.cancel(cancelled);
    let m = club.figures("2026-04-01", "2026-06-30").measures;
    assert_eq!((m.volunteers, m.staff), (2, 1));
    assert_eq!(
        m.volunteer_hours, 10.0,
        "Bo 2 + 3, Cy 2 + 3; the cancelled session counts nowhere"
    );
    assert_eq!(m.staff_hours, 5.0);
    assert_eq!(m.volunteer_value_gbp, 125.0);
    assert_eq!(
        m.training_compliance,
        Some(0.667),
        "Ann and Bo of the three"
    );
    assert_eq!(
        club.figures("2025-01-01", "2025-01-31")
            .measures
            .training_compliance,
        None,
        "nobody staffed"
    );
}

#[test]
fn youth_work_hours_count_only_sessions_with_young_people_there() {
    let mut club = worked_example();
    // A session nobody came to: delivered, but not youth work.
    club.session("2026-05-12", "18:00", "21:00", SessionType::OpenAccess);
    // A detached session where young people were only counted, not named: youth work.
    let counted = club.session("2026-05-15", "19:00", "20:30", SessionType::Detached);
    club.headcount(counted, Gender::Male, AgeBand::From14To16, 2);
    let m = club.figures("2026-04-01", "2026-06-30").measures;
    assert_eq!(m.delivery_hours, 6.5 + 3.0 + 1.5);
    assert_eq!(
        m.youth_work_hours,
        6.5 + 1.5,
        "never multiplied by staff or young people"
    );
}

#[test]
fn months_list_every_month_of_the_period_so_far() {
    let figures = worked_example().figures("2026-03-01", "2026-07-31");
    let months: Vec<(&str, u64, u64, u64)> = figures
        .months
        .iter()
        .map(|m| {
            (
                m.month.as_str(),
                m.sessions,
                m.attendances,
                m.anonymous_contacts,
            )
        })
        .collect();
    assert_eq!(
        months,
        [
            ("2026-03", 1, 1, 0),
            ("2026-04", 2, 5, 0),
            ("2026-05", 1, 1, 7),
            ("2026-06", 0, 0, 0),
            ("2026-07", 1, 1, 0)
        ],
        "the cancelled April session is not there"
    );
}

#[test]
fn the_detailed_ethnicity_and_circumstances_count_unique_young_people() {
    let mut club = Club::new();
    let kai = club.young_person_with("Kai", "Reid", |p| {
        p.ethnicity = Some(Ethnicity::WhiteAndBlackCaribbean);
        p.circumstance_codes = vec!["young-carer".into(), "poverty".into()];
    });
    let lu = club.young_person_with("Lu", "Chen", |p| {
        p.circumstance_codes = vec!["poverty".into()]
    });
    let mo = club.young_person("Mo", "Ali", None);
    let one = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    let two = club.session("2026-04-14", "18:00", "20:00", SessionType::OpenAccess);
    for session in [one, two] {
        for person in [kai, lu, mo] {
            club.mark(session, person);
        }
    }
    let figures = club.figures("2026-04-01", "2026-04-30");
    assert_eq!(
        breakdown(&figures, "ethnicity"),
        pairs(&[("White and Black Caribbean", 1), ("unknown", 2)])
    );
    assert_eq!(
        breakdown(&figures, "circumstance"),
        pairs(&[("none recorded", 1), ("poverty", 2), ("young-carer", 1)]),
        "each young person once per circumstance, however often they came"
    );
}

#[test]
fn outcome_areas_count_the_young_people_at_sessions_working_towards_them() {
    use crate::outcomes::OutcomeTag;
    let mut club = Club::new();
    let mut details = crate::organisation::Organisation::new("A Coventry club");
    details.area = Some("Coventry".into());
    club.store
        .write(|tx| crate::organisation::save(tx, &details))
        .unwrap();
    let ann = club.young_person("Ann", "Archer", None);
    let ben = club.young_person("Ben", "Bright", None);
    let tagged = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    let plain = club.session("2026-04-08", "18:00", "20:00", SessionType::OpenAccess);
    let mut input = crate::sessions::get(club.store.conn(), tagged)
        .unwrap()
        .details;
    input.outcomes = vec![
        OutcomeTag {
            framework: "coventry-cyp".into(),
            code: "early-help".into(),
        },
        OutcomeTag {
            framework: "toc".into(),
            code: "confidence".into(),
        },
    ];
    club.store
        .write(|tx| crate::sessions::update_session(tx, tagged, &input))
        .unwrap();
    club.mark(tagged, ann);
    club.mark(plain, ann);
    club.mark(plain, ben);
    let figures = club.figures("2026-04-01", "2026-04-30");
    assert_eq!(
        breakdown(&figures, "outcome:coventry-cyp"),
        pairs(&[("early-help", 1)])
    );
    assert_eq!(
        breakdown(&figures, "outcome:toc"),
        pairs(&[("confidence", 1)])
    );
}

#[test]
fn a_scope_narrows_every_figure_to_its_sessions() {
    let mut club = Club::new();
    let project = club
        .store
        .write(|tx| crate::projects::add(tx, "Detached project", Some("Youth Investment Fund")))
        .unwrap();
    let ann = club.young_person("Ann", "Archer", Some("2012-01-01"));
    let ben = club.young_person("Ben", "Bright", Some("2010-01-01"));
    let open = club.session("2026-04-07", "18:00", "20:00", SessionType::OpenAccess);
    let detached = club.session("2026-04-08", "19:00", "21:00", SessionType::Detached);
    let mut input = crate::sessions::get(club.store.conn(), detached)
        .unwrap()
        .details;
    input.project_id = Some(project.id);
    club.store
        .write(|tx| crate::sessions::update_session(tx, detached, &input))
        .unwrap();
    club.mark(open, ann);
    club.mark(open, ben);
    club.mark(detached, ben);
    club.headcount(detached, Gender::Female, AgeBand::From14To16, 4);

    let period = Period::new(
        crate::fixtures::date("2026-04-01"),
        crate::fixtures::date("2026-04-30"),
    )
    .unwrap();
    let scoped = |scope: Scope| {
        compute_for(
            club.store.conn(),
            period,
            &scope,
            &default_age_bands(),
            club.today,
        )
        .unwrap()
    };
    let by_project = scoped(Scope {
        project_id: Some(project.id),
        ..Scope::default()
    });
    let m = &by_project.measures;
    assert_eq!(
        (
            m.sessions,
            m.attendances,
            m.unique_young_people,
            m.anonymous_contacts
        ),
        (1, 1, 1, 4)
    );
    assert_eq!(
        m.new_young_people, 1,
        "Ben's first attendance ever is in the period, though at another project"
    );
    let by_type = scoped(Scope {
        session_types: vec![SessionType::OpenAccess],
        ..Scope::default()
    });
    assert_eq!(
        (
            by_type.measures.sessions,
            by_type.measures.attendances,
            by_type.measures.anonymous_contacts
        ),
        (1, 2, 0)
    );
    assert_eq!(by_type.measures.new_young_people, 2);
    assert_eq!(scoped(Scope::default()).measures.sessions, 2);
    later_visit_is_not_new(club, project.id, ben);
}

/// Ben comes to the detached project again in May, but he is not new to the club.
fn later_visit_is_not_new(mut club: Club, project: i64, ben: i64) {
    let may = club.session("2026-05-06", "19:00", "21:00", SessionType::Detached);
    let mut input = crate::sessions::get(club.store.conn(), may)
        .unwrap()
        .details;
    input.project_id = Some(project);
    club.store
        .write(|tx| crate::sessions::update_session(tx, may, &input))
        .unwrap();
    club.mark(may, ben);
    let period = Period::new(
        crate::fixtures::date("2026-05-01"),
        crate::fixtures::date("2026-05-31"),
    )
    .unwrap();
    let scope = Scope {
        project_id: Some(project),
        ..Scope::default()
    };
    let later = compute_for(
        club.store.conn(),
        period,
        &scope,
        &default_age_bands(),
        club.today,
    )
    .unwrap();
    assert_eq!(
        (
            later.measures.unique_young_people,
            later.measures.new_young_people
        ),
        (1, 0)
    );
}

#[test]
fn a_template_can_band_ages_its_own_way() {
    let club = worked_example();
    let bands = vec![
        AgeBandSpec {
            label: "under 14".into(),
            min: None,
            max: Some(13),
        },
        AgeBandSpec {
            label: "14 to 18".into(),
            min: Some(14),
            max: Some(18),
        },
    ];
    let period = Period::new(
        crate::fixtures::date("2026-04-01"),
        crate::fixtures::date("2026-06-30"),
    )
    .unwrap();
    let figures = compute_for(
        club.store.conn(),
        period,
        &Scope::default(),
        &bands,
        club.today,
    )
    .unwrap();
    assert_eq!(
        breakdown(&figures, "age_band"),
        pairs(&[("14 to 18", 2), ("under 14", 1), ("unknown", 1)])
    );
    assert_eq!(
        band_of(Some(30), &bands),
        "unknown",
        "an age no band holds is unknown"
    );
}
