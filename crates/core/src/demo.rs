//! A deterministic synthetic club ("Explore a demo club", `clubroom-cli demo`): series and
//! sessions over many weeks, regulars and occasional attenders, term-time groups that stop in
//! the school holidays and summer trips that only happen in them, detached work with
//! anonymous headcounts, and the staff and volunteers who ran it all. Asked for
//! (`DemoOptions::checkins`, `clubroom-cli demo --checkins`), also outcome check-ins: ONS4
//! plans on every project and four waves of answers for a fifth of the young people, the
//! large demo of docs/performance.md's outcomes benchmark.
//!
//! Every name is drawn at random from lists of common names and every phone number is from
//! Ofcom's range reserved for drama (07700 900000-900999): the data describes nobody.
//! The same options (seed and end date included) always give the same club.

use chrono::{Datelike, Days, NaiveDate};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Transaction, params};
use serde::{Deserialize, Serialize};

use crate::dates::{ClockTime, minutes_between, now_utc_text};
use crate::error::{Result, invalid};
use crate::organisation::{self, Organisation, VenueInput};
use crate::outcomes::OutcomeTag;
use crate::people::{self, PersonInput};
use crate::projects;
use crate::sessions::{self, SeriesInput, SessionInput};
use crate::staffing;
use crate::store::Store;
use crate::training::{self, RecordInput};
use crate::vocab::{
    AgeBand, ConsentGiver, ConsentKind, DbsLevel, Disability, EducationStatus, Ethnicity, Gender,
    SessionType, StaffRole,
};
use crate::young_people::{self, Circumstances, Consent, EmergencyContact, Profile};

const FIRST_NAMES: &str = include_str!("../../../assets/demo/first-names.txt");
const LAST_NAMES: &str = include_str!("../../../assets/demo/last-names.txt");

/// What kind of demo club to make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemoOptions {
    pub young_people: u32,
    pub weeks: u32,
    pub sessions_per_week: u32,
    pub seed: u64,
    /// The demo's "today": registers are taken up to the day before; this day's sessions are
    /// left open, ready for a newcomer to take the register; later ones are planned.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub until: NaiveDate,
    /// Also outcome check-ins: an ONS4 plan on every project, and a baseline and three later
    /// check-ins twelve weeks apart for a fifth of the young people. Off unless asked for, so
    /// every demo made before stays the same club.
    #[serde(default)]
    pub checkins: bool,
}

impl DemoOptions {
    /// The club a newcomer explores: a year and a bit of a typical small youth club.
    pub fn explore(until: NaiveDate) -> DemoOptions {
        DemoOptions {
            young_people: 180,
            weeks: 60,
            sessions_per_week: 6,
            seed: 4,
            until,
            checkins: false,
        }
    }
}

/// What was made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemoSummary {
    pub young_people: u32,
    pub series: u32,
    pub sessions_held: u32,
    pub sessions_cancelled: u32,
    pub attendances: u64,
    pub anonymous_contacts: u64,
    pub staff_and_volunteers: u32,
}

/// A weekly group the demo club might run.
struct GroupPlan {
    name: &'static str,
    weekday: u32,
    start: (u16, u16),
    end: (u16, u16),
    session_type: SessionType,
    ages: (u32, u32),
    venue: usize,
    term_time_only: bool,
    /// Young people expected on a typical night.
    typical_size: f64,
}

const GROUPS: &[GroupPlan] = &[
    GroupPlan {
        name: "Tuesday Juniors",
        weekday: 2,
        start: (18, 0),
        end: (20, 0),
        session_type: SessionType::OpenAccess,
        ages: (8, 12),
        venue: 0,
        term_time_only: false,
        typical_size: 24.0,
    },
    GroupPlan {
        name: "Thursday Seniors",
        weekday: 4,
        start: (19, 0),
        end: (21, 30),
        session_type: SessionType::OpenAccess,
        ages: (13, 19),
        venue: 1,
        term_time_only: false,
        typical_size: 30.0,
    },
    GroupPlan {
        name: "Friday Detached",
        weekday: 5,
        start: (19, 0),
        end: (21, 30),
        session_type: SessionType::Detached,
        ages: (11, 19),
        venue: 3,
        term_time_only: false,
        typical_size: 6.0,
    },
    GroupPlan {
        name: "Girls' Group",
        weekday: 3,
        start: (17, 30),
        end: (19, 0),
        session_type: SessionType::Targeted,
        ages: (11, 16),
        venue: 0,
        term_time_only: true,
        typical_size: 12.0,
    },
    GroupPlan {
        name: "Saturday Football",
        weekday: 6,
        start: (10, 0),
        end: (12, 0),
        session_type: SessionType::OpenAccess,
        ages: (10, 16),
        venue: 2,
        term_time_only: false,
        typical_size: 22.0,
    },
    GroupPlan {
        name: "Homework Club",
        weekday: 1,
        start: (16, 0),
        end: (17, 30),
        session_type: SessionType::Targeted,
        ages: (11, 16),
        venue: 1,
        term_time_only: true,
        typical_size: 10.0,
    },
    GroupPlan {
        name: "Young Carers",
        weekday: 3,
        start: (16, 30),
        end: (18, 0),
        session_type: SessionType::Targeted,
        ages: (8, 18),
        venue: 1,
        term_time_only: true,
        typical_size: 9.0,
    },
    GroupPlan {
        name: "Youth Voice Forum",
        weekday: 1,
        start: (18, 30),
        end: (20, 0),
        session_type: SessionType::Targeted,
        ages: (13, 19),
        venue: 1,
        term_time_only: true,
        typical_size: 8.0,
    },
    GroupPlan {
        name: "Sunday Arts Studio",
        weekday: 7,
        start: (14, 0),
        end: (16, 0),
        session_type: SessionType::OpenAccess,
        ages: (8, 14),
        venue: 0,
        term_time_only: false,
        typical_size: 16.0,
    },
    GroupPlan {
        name: "Mentoring",
        weekday: 4,
        start: (16, 0),
        end: (17, 0),
        session_type: SessionType::OneToOne,
        ages: (13, 19),
        venue: 1,
        term_time_only: false,
        typical_size: 1.0,
    },
    GroupPlan {
        name: "Online Gaming Night",
        weekday: 5,
        start: (19, 0),
        end: (20, 30),
        session_type: SessionType::Online,
        ages: (13, 19),
        venue: 4,
        term_time_only: false,
        typical_size: 12.0,
    },
];

/// The demo's projects, each with its funder.
const PROJECTS: &[(&str, &str)] = &[
    ("Open access youth club", "Westmere City Council"),
    ("Detached and online outreach", "Youth Investment Fund"),
    ("Girls' confidence project", "BBC Children in Need"),
    ("Young carers support", "National Lottery Community Fund"),
];

/// For each of the built-in groups: its project (an index into PROJECTS) and the outcome
/// areas it works towards.
const GROUP_AIMS: &[(usize, &[(&str, &str)])] = &[
    (
        0,
        &[
            ("ecm", "enjoy-and-achieve"),
            ("toc", "confidence"),
            ("coventry-cyp", "be-healthy"),
        ],
    ),
    (
        0,
        &[
            ("ecm", "positive-contribution"),
            ("toc", "resilience"),
            ("coventry-cyp", "early-help"),
        ],
    ),
    (
        1,
        &[
            ("ecm", "stay-safe"),
            ("coventry-cyp", "stay-safe"),
            ("toc", "communication"),
        ],
    ),
    (
        2,
        &[
            ("toc", "confidence"),
            ("toc", "empathy"),
            ("coventry-cyp", "early-help"),
            ("ecm", "be-healthy"),
        ],
    ),
    (
        0,
        &[
            ("ecm", "be-healthy"),
            ("coventry-cyp", "be-healthy"),
            ("toc", "resilience"),
        ],
    ),
    (
        0,
        &[
            ("ecm", "economic-well-being"),
            ("coventry-cyp", "ete"),
            ("toc", "aspiration"),
        ],
    ),
    (
        3,
        &[
            ("coventry-cyp", "early-help"),
            ("toc", "resilience"),
            ("ecm", "be-healthy"),
        ],
    ),
    (
        0,
        &[("ecm", "positive-contribution"), ("toc", "communication")],
    ),
    (0, &[("ecm", "enjoy-and-achieve"), ("toc", "creativity")]),
    (
        1,
        &[
            ("coventry-cyp", "ete"),
            ("toc", "aspiration"),
            ("toc", "managing-feelings"),
        ],
    ),
    (
        1,
        &[("ecm", "enjoy-and-achieve"), ("coventry-cyp", "stay-safe")],
    ),
];

const EXTRA_ACTIVITIES: &[&str] = &[
    "Dance",
    "Drama",
    "Cooking",
    "Boxing Fitness",
    "Music Studio",
    "Climbing",
    "Basketball",
    "Duke of Edinburgh",
    "Film Club",
    "Gardening",
];
const EXTRA_GROUPS: &[(&str, u32, u32)] =
    &[("Juniors", 8, 12), ("Seniors", 13, 19), ("Inters", 11, 15)];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// How far past a person's usual pattern the demo reaches back before the first week.
const JOINED_BEFORE_START_SHARE: f64 = 0.2;

struct Member {
    id: i64,
    date_of_birth: NaiveDate,
    active_from: NaiveDate,
    active_to: NaiveDate,
    /// How keen: chance of coming to a session of one of their groups.
    keenness: f64,
}

struct PlannedSeries {
    id: i64,
    session_type: SessionType,
    ages: (u32, u32),
    term_time_only: bool,
    typical_size: f64,
    start: ClockTime,
    end: ClockTime,
    members: Vec<usize>,
    team: Vec<(i64, StaffRole, bool)>,
}

/// England's school holidays, roughly: the same dates every year are near enough for a demo.
pub fn is_school_holiday(date: NaiveDate) -> bool {
    let md = (date.month(), date.day());
    matches!(
        md,
        (1, 1..=4)
            | (2, 12..=20)
            | (3, 30..=31)
            | (4, 1..=12)
            | (5, 25..=31)
            | (7, 22..=31)
            | (8, _)
            | (10, 24..=31)
            | (11, 1)
            | (12, 20..=31)
    )
}

/// Fills an empty club file with a synthetic demo club, as one action: its thousands of
/// rows are one entry in the audit log, not one each.
pub fn make(store: &mut Store, options: &DemoOptions) -> Result<DemoSummary> {
    store.write_as_one_entry(("make the demo club", "organisation 1", "added"), |tx| {
        generate(tx, options)
    })
}

/// Makes the demo club. The file must be empty (no club set up yet).
pub fn generate(tx: &Transaction, options: &DemoOptions) -> Result<DemoSummary> {
    if organisation::get(tx)?.is_some() {
        return invalid(
            "This club file already has a club in it. Demo data goes into a new, empty file.",
        );
    }
    if options.weeks == 0 || options.weeks > 2000 {
        return invalid("Choose between 1 and 2,000 weeks of demo data.");
    }
    if options.sessions_per_week == 0 || options.sessions_per_week > 200 {
        return invalid("Choose between 1 and 200 sessions a week.");
    }
    if options.young_people > 100_000 {
        return invalid("Choose at most 100,000 young people.");
    }
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let first_names = FirstNames::load();
    let last_names = word_list(LAST_NAMES);
    let first_day = options.until - Days::new(u64::from(options.weeks) * 7 - 1);

    let mut club = Organisation::new("Brookfield Youth Club");
    club.charity_number = Some("1234567".into());
    club.lyp_name = Some("Westmere Youth Partnership".into());
    club.lyp_member_code = Some("WYP-0042".into());
    club.volunteer_hour_value_gbp = 12.21;
    club.is_demo = true;
    // Westmere is no real council: the demo borrows Coventry's plan, as a club may choose to.
    club.frameworks_added = vec!["coventry-cyp".into()];
    organisation::save(tx, &club)?;
    let venue_ids = add_venues(tx)?;
    let project_ids = PROJECTS
        .iter()
        .map(|(name, funder)| projects::add(tx, name, Some(funder)).map(|p| p.id))
        .collect::<Result<Vec<i64>>>()?;

    let staff = add_staff(tx, &mut rng, &first_names, &last_names, options, first_day)?;
    let mut series = add_series(
        tx,
        &mut rng,
        options,
        first_day,
        &venue_ids,
        &staff,
        &project_ids,
    )?;
    add_training(tx, &mut rng, &staff, &series, options.until)?;
    let members = add_young_people(tx, &mut rng, &first_names, &last_names, options, first_day)?;
    assign_members(&mut rng, &mut series, &members, first_day);

    let mut summary = DemoSummary {
        young_people: members.len() as u32,
        series: series.len() as u32,
        staff_and_volunteers: staff.len() as u32,
        ..DemoSummary::default()
    };
    hold_sessions(
        tx,
        &mut rng,
        options,
        first_day,
        &series,
        &members,
        &mut summary,
    )?;
    let (trips, trip_attendances) = add_summer_trips(
        tx,
        &mut rng,
        options,
        first_day,
        &members,
        &staff,
        project_ids[0],
    )?;
    summary.sessions_held += trips;
    summary.attendances += trip_attendances;
    if options.checkins {
        add_checkins(tx, &mut rng, options, &members, &project_ids)?;
    }
    Ok(summary)
}

/// Weeks between one demo check-in and the next.
const CHECKIN_EVERY_WEEKS: u64 = 12;

/// An ONS4 plan on every project (everyone asked, a review every twelve weeks, pairs six
/// weeks apart at least), and, for a fifth of the young people (those 10 or over when they
/// joined, picked at random), four check-ins twelve weeks apart from soon after they joined:
/// a baseline, two reviews and an exit. Answers drift from a middling start, an item is
/// skipped now and then, and one in thirty says "I'd rather not" at the baseline (and is
/// never asked again). Only the questions asked at the young person's age are answered.
fn add_checkins(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    options: &DemoOptions,
    members: &[Member],
    project_ids: &[i64],
) -> Result<()> {
    let ons4 = crate::measures::built_in()
        .into_iter()
        .find(|m| m.code == "ons4")
        .ok_or_else(|| crate::Error::NotFound("The ONS4 measure is not built in.".into()))?;
    let mut plan_of_project = Vec::new();
    for project in project_ids {
        let plan = crate::checkins::PlanInput {
            who: crate::checkins::Who::Everyone,
            ..crate::checkins::PlanInput::recommended(Some(*project), None)
        };
        plan_of_project.push(crate::checkins::add_plan(tx, &plan)?.id);
    }
    let now = now_utc_text();
    let mut insert = tx.prepare_cached(
        "INSERT INTO checkins (young_person_id, measure_code, measure_version, taken_on, wave,
            mode, declined, plan_id, recorded_by_user, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'self', ?6, ?7, 0, 'Clubroom demo', ?8)",
    )?;
    let mut answer = tx.prepare_cached(
        "INSERT INTO checkin_answers (checkin_id, question_id, value) VALUES (?1, ?2, ?3)",
    )?;
    // The last day a first check-in can be for all four to fall before today.
    let Some(last_start) = options
        .until
        .checked_sub_days(Days::new(CHECKIN_EVERY_WEEKS * 7 * 3 + 1))
    else {
        return Ok(());
    };
    let wanted = members.len() / 5;
    let mut asked = 0;
    for member in members {
        if asked == wanted {
            break;
        }
        let start = member.active_from + Days::new(rng.random_range(0..21));
        if start > last_start {
            continue;
        }
        // The age as the club file has it (a young person added at the door has only an age
        // given), so the questions answered are those the check-in screen would ask.
        let recorded: (Option<NaiveDate>, Option<u32>, Option<NaiveDate>) = tx.query_row(
            "SELECT date_of_birth, age_given, age_given_on FROM young_people WHERE id = ?1",
            [member.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let age_on = |on| young_people::age_from(recorded.0, recorded.1, recorded.2, on);
        if age_on(start).is_none_or(|a| a < 10) || !rng.random_bool(0.3) {
            continue;
        }
        asked += 1;
        let plan = plan_of_project[rng.random_range(0..plan_of_project.len())];
        let mut level: Vec<i64> = ons4
            .questions
            .iter()
            .map(|_| rng.random_range(3..=7))
            .collect();
        for (wave, code) in ["baseline", "review", "review", "exit"].iter().enumerate() {
            let on = start + Days::new(CHECKIN_EVERY_WEEKS * 7 * wave as u64);
            let declined = wave == 0 && rng.random_ratio(1, 30);
            insert.execute(params![
                member.id,
                ons4.code,
                ons4.version,
                on,
                code,
                declined,
                plan,
                now
            ])?;
            if declined {
                break;
            }
            let checkin = tx.last_insert_rowid();
            let age = age_on(on);
            for (question, level) in ons4.questions.iter().zip(level.iter_mut()) {
                if wave > 0 {
                    *level = (*level + rng.random_range(-2..=3)).clamp(0, 10);
                }
                let is_asked = question
                    .min_age
                    .is_none_or(|min| age.is_some_and(|a| a >= min));
                if is_asked && !rng.random_ratio(1, 20) {
                    answer.execute(params![checkin, question.id, *level])?;
                }
            }
        }
    }
    Ok(())
}

fn word_list(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// First names by the `[female]`, `[male]` and `[any]` sections of the word list.
struct FirstNames {
    female: Vec<&'static str>,
    male: Vec<&'static str>,
    any: Vec<&'static str>,
}

impl FirstNames {
    fn load() -> FirstNames {
        let mut names = FirstNames {
            female: Vec::new(),
            male: Vec::new(),
            any: Vec::new(),
        };
        let mut section = "any";
        for line in word_list(FIRST_NAMES) {
            match line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                Some(name) => section = name,
                None => match section {
                    "female" => names.female.push(line),
                    "male" => names.male.push(line),
                    _ => names.any.push(line),
                },
            }
        }
        names
    }

    fn pick(&self, rng: &mut ChaCha8Rng, gender: Gender) -> &'static str {
        // One name in ten is one a young person of any gender might have.
        let list = match gender {
            _ if rng.random_bool(0.1) => &self.any,
            Gender::Female => &self.female,
            Gender::Male => &self.male,
            _ => &self.any,
        };
        list.choose(rng).copied().unwrap_or("Sam")
    }
}

fn add_venues(tx: &Transaction) -> Result<Vec<Option<i64>>> {
    let venues = [
        (
            "St Mary's Church Hall",
            "Church Lane, Brookfield",
            "CV2 4QX",
        ),
        (
            "Brookfield Community Centre",
            "12 Mill Road, Brookfield",
            "CV6 1GZ",
        ),
        (
            "Parkside Sports Hall",
            "Parkside Avenue, Brookfield",
            "CV3 5LU",
        ),
    ];
    let mut ids = Vec::new();
    for (name, address, postcode) in venues {
        let venue = organisation::add_venue(
            tx,
            &VenueInput {
                name: name.into(),
                address: Some(address.into()),
                postcode: Some(postcode.into()),
            },
        )?;
        ids.push(Some(venue.id));
    }
    // Detached work is on the streets and online work is nowhere: no venue.
    ids.push(None);
    ids.push(None);
    Ok(ids)
}

fn add_staff(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    first_names: &FirstNames,
    last_names: &[&str],
    options: &DemoOptions,
    first_day: NaiveDate,
) -> Result<Vec<(i64, bool)>> {
    let count = (options.young_people / 12)
        .clamp(6, 200)
        .max(options.sessions_per_week.min(200) * 2 / 3);
    let mut staff = Vec::new();
    let mut emails = std::collections::HashSet::new();
    for index in 0..count {
        let paid = index % 3 == 0;
        let gender = if rng.random_bool(0.6) {
            Gender::Female
        } else {
            Gender::Male
        };
        let first = first_names.pick(rng, gender);
        let last = *last_names.choose(rng).expect("names");
        let roles = if paid {
            vec![StaffRole::Lead, StaffRole::Worker]
        } else {
            vec![StaffRole::Volunteer]
        };
        let plain = format!(
            "{}.{}",
            first.to_lowercase(),
            last.to_lowercase().replace('\'', "")
        );
        let mut email = format!("{plain}@example.org");
        if !emails.insert(email.clone()) {
            email = format!("{plain}{index}@example.org");
            emails.insert(email.clone());
        }
        let person = people::add(
            tx,
            &PersonInput {
                name: format!("{first} {last}"),
                email: Some(email),
                phone: Some(format!("07700 900{:03}", rng.random_range(0..1000))),
                paid,
                roles,
                started_on: Some(first_day - Days::new(rng.random_range(0..1500))),
                left_on: None,
            },
        )?;
        staff.push((person.id, paid));
    }
    Ok(staff)
}

fn add_series(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    options: &DemoOptions,
    first_day: NaiveDate,
    venue_ids: &[Option<i64>],
    staff: &[(i64, bool)],
    project_ids: &[i64],
) -> Result<Vec<PlannedSeries>> {
    let mut planned = Vec::new();
    for index in 0..options.sessions_per_week as usize {
        let (name, weekday, start, end, session_type, ages, venue, term_time_only, typical_size) =
            match GROUPS.get(index) {
                Some(g) => (
                    g.name.to_owned(),
                    g.weekday,
                    g.start,
                    g.end,
                    g.session_type,
                    g.ages,
                    g.venue,
                    g.term_time_only,
                    g.typical_size,
                ),
                None => {
                    let weekday = (index % 7) as u32 + 1;
                    let activity = EXTRA_ACTIVITIES[(index / 7) % EXTRA_ACTIVITIES.len()];
                    let (group, low, high) = EXTRA_GROUPS[index % EXTRA_GROUPS.len()];
                    let round = index / (7 * EXTRA_ACTIVITIES.len());
                    let suffix = if round > 0 {
                        format!(" {}", round + 1)
                    } else {
                        String::new()
                    };
                    let name = format!(
                        "{} {activity} {group}{suffix}",
                        WEEKDAYS[weekday as usize - 1]
                    );
                    let hour = if weekday >= 6 {
                        10 + (index % 4) as u16
                    } else {
                        16 + (index % 4) as u16
                    };
                    (
                        name,
                        weekday,
                        (hour, 0),
                        (hour + 2, 0),
                        SessionType::OpenAccess,
                        (low, high),
                        index % 3,
                        index % 2 == 0,
                        18.0,
                    )
                }
            };
        let aims = GROUP_AIMS
            .get(index)
            .copied()
            .unwrap_or((0, GROUP_AIMS[index % GROUP_AIMS.len()].1));
        let series = sessions::add_series(
            tx,
            &SeriesInput {
                name,
                weekday,
                start: ClockTime::hm(start.0, start.1),
                end: ClockTime::hm(end.0, end.1),
                venue_id: venue_ids[venue],
                session_type,
                age_min: Some(ages.0),
                age_max: Some(ages.1),
                starts_on: first_day,
                ends_on: None,
                project_id: Some(project_ids[aims.0]),
                outcomes: aims
                    .1
                    .iter()
                    .map(|(framework, code)| OutcomeTag {
                        framework: (*framework).into(),
                        code: (*code).into(),
                    })
                    .collect(),
            },
            options.until,
        )?;
        let team_size = if session_type == SessionType::OneToOne {
            1
        } else {
            rng.random_range(2..=4)
        };
        let mut team = Vec::new();
        for slot in 0..team_size {
            let (person, paid) = staff[(index * 3 + slot) % staff.len()];
            if team.iter().any(|(p, _, _)| *p == person) {
                continue;
            }
            let role = match (slot, paid) {
                (0, _) => StaffRole::Lead,
                (1, _) => StaffRole::FirstAider,
                (_, true) => StaffRole::Worker,
                (_, false) => StaffRole::Volunteer,
            };
            team.push((person, role, paid));
        }
        for (person, role, _) in &team {
            tx.execute(
                "INSERT OR IGNORE INTO series_staff (series_id, person_id, role) VALUES (?1, ?2, ?3)",
                params![series.id, person, role],
            )?;
        }
        planned.push(PlannedSeries {
            id: series.id,
            session_type,
            ages,
            term_time_only,
            typical_size,
            start: series.details.start,
            end: series.details.end,
            members: Vec::new(),
            team,
        });
    }
    Ok(planned)
}

/// Training records for every adult: the courses their roles need, renewed over the years
/// as a conscientious club would, except that now and then someone lets one lapse.
fn add_training(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    staff: &[(i64, bool)],
    series: &[PlannedSeries],
    until: NaiveDate,
) -> Result<()> {
    let courses = training::courses(tx)?;
    let course_id = |name: &str| {
        courses
            .iter()
            .find(|c| c.details.name == name)
            .map(|c| (c.id, c.details.validity_months))
    };
    let providers = [
        "Westmere Youth Partnership",
        "St John Ambulance",
        "British Red Cross",
        "NSPCC Learning",
        "Local authority training",
    ];
    for (person, paid) in staff {
        let started = people::get(tx, *person)?
            .details
            .started_on
            .unwrap_or(until);
        let mut roles: Vec<StaffRole> = series
            .iter()
            .flat_map(|s| s.team.iter())
            .filter(|(p, _, _)| p == person)
            .map(|(_, role, _)| *role)
            .collect();
        roles.push(if *paid {
            StaffRole::Worker
        } else {
            StaffRole::Volunteer
        });
        let mut wanted = vec![
            "Enhanced DBS check",
            if *paid {
                "Safeguarding level 2"
            } else {
                "Safeguarding level 1"
            },
        ];
        if roles
            .iter()
            .any(|r| matches!(r, StaffRole::Lead | StaffRole::FirstAider))
            || rng.random_bool(0.3)
        {
            wanted.push("Emergency First Aid at Work");
        }
        if roles.contains(&StaffRole::Lead) && !wanted.contains(&"Safeguarding level 2") {
            wanted.push("Safeguarding level 2");
        }
        if rng.random_bool(0.25) {
            wanted.push(
                [
                    "Food hygiene level 2",
                    "Mental health first aid",
                    "Prevent awareness",
                    "Minibus driving (MiDAS)",
                ][rng.random_range(0..4)],
            );
        }
        for name in wanted {
            let Some((course, validity)) = course_id(name) else {
                continue;
            };
            let is_dbs = name == "Enhanced DBS check";
            let on_update_service = is_dbs && rng.random_bool(0.5);
            let mut completed = started + Days::new(rng.random_range(0..60));
            loop {
                if completed > until {
                    break;
                }
                let record = training::log(
                    tx,
                    &RecordInput {
                        person_id: *person,
                        course_id: course,
                        completed_on: completed,
                        provider: (!is_dbs)
                            .then(|| providers[rng.random_range(0..providers.len())].to_owned()),
                        certificate_number: Some(if is_dbs {
                            format!(
                                "{:012}",
                                rng.random_range(1_000_000_000u64..999_999_999_999)
                            )
                        } else {
                            format!("C{:06}", rng.random_range(0..1_000_000))
                        }),
                        dbs_level: is_dbs.then_some(DbsLevel::Enhanced),
                        dbs_update_service: is_dbs.then_some(on_update_service),
                    },
                    until,
                )?;
                if rng.random_bool(0.85) {
                    training::confirm(tx, record.id, "Demo manager", until)?;
                }
                let Some(months) = validity.filter(|_| !on_update_service) else {
                    break;
                };
                // Renewed a little before it runs out, except that about three in ten of the
                // renewals due in the last six months or so has been missed: recent lapses, as a busy
                // club really has, not years-old ones nobody would have noticed.
                let expiry = crate::dates::add_months_clamped(completed, months);
                let due_lately = expiry <= until && expiry + Days::new(200) > until;
                if due_lately && rng.random_bool(0.3) {
                    break;
                }
                completed = expiry - Days::new(rng.random_range(0..75));
            }
        }
    }
    Ok(())
}

/// The kinds of disadvantage a young person faces, from the club's list, roughly as often as
/// a youth club in a city sees them; consistent with the profile's own flags.
fn demo_circumstances(rng: &mut ChaCha8Rng, profile: &Profile) -> Vec<String> {
    let mut codes = Vec::new();
    let flags = &profile.circumstances;
    let mut add = |code: &str, yes: bool| {
        if yes {
            codes.push(code.to_owned());
        }
    };
    add("poverty", rng.random_bool(0.25));
    add(
        "disability-or-illness",
        profile.disability == Disability::Yes && rng.random_bool(0.6),
    );
    add("mental-health", rng.random_bool(0.1));
    add("young-carer", flags.young_carer == Some(true));
    add("care-experienced", flags.care_experienced == Some(true));
    add("bereavement", rng.random_bool(0.05));
    add("domestic-abuse", rng.random_bool(0.03));
    add("school-exclusion", rng.random_bool(0.04));
    add("refugee-or-asylum", flags.newly_arrived == Some(true));
    add("isolation", rng.random_bool(0.08));
    codes.sort();
    codes
}

fn pick_ethnicity(rng: &mut ChaCha8Rng) -> Option<Ethnicity> {
    // Roughly the mix of a West Midlands city; about one in twenty not recorded.
    let weighted: &[(Option<Ethnicity>, u32)] = &[
        (Some(Ethnicity::British), 520),
        (Some(Ethnicity::Indian), 80),
        (Some(Ethnicity::Pakistani), 40),
        (Some(Ethnicity::Bangladeshi), 15),
        (Some(Ethnicity::Chinese), 10),
        (Some(Ethnicity::OtherAsian), 15),
        (Some(Ethnicity::African), 60),
        (Some(Ethnicity::Caribbean), 15),
        (Some(Ethnicity::OtherBlack), 10),
        (Some(Ethnicity::WhiteAndBlackCaribbean), 25),
        (Some(Ethnicity::WhiteAndBlackAfrican), 10),
        (Some(Ethnicity::WhiteAndAsian), 15),
        (Some(Ethnicity::OtherMixed), 10),
        (Some(Ethnicity::Irish), 10),
        (Some(Ethnicity::GypsyOrIrishTraveller), 5),
        (Some(Ethnicity::Roma), 5),
        (Some(Ethnicity::OtherWhite), 50),
        (Some(Ethnicity::Arab), 10),
        (Some(Ethnicity::AnyOther), 10),
        (Some(Ethnicity::PreferNotToSay), 15),
        (None, 50),
    ];
    let total: u32 = weighted.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (ethnicity, weight) in weighted {
        if roll < *weight {
            return *ethnicity;
        }
        roll -= weight;
    }
    None
}

fn add_young_people(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    first_names: &FirstNames,
    last_names: &[&str],
    options: &DemoOptions,
    first_day: NaiveDate,
) -> Result<Vec<Member>> {
    let span_days = (options.until - first_day).num_days().max(1) as u64;
    let districts = ["CV1", "CV2", "CV3", "CV4", "CV5", "CV6", "CV7"];
    let schools = [
        "Brookfield Academy",
        "St Anne's Primary",
        "Millbrook School",
        "Westmere College",
        "Hill Farm Primary",
        "Riverside High",
    ];
    let sixth_form_status = [
        EducationStatus::InEducation,
        EducationStatus::InEducation,
        EducationStatus::InEmployment,
        EducationStatus::InTraining,
        EducationStatus::Neet,
    ];
    let mut members = Vec::new();
    for index in 0..options.young_people {
        let active_from = if rng.random_bool(JOINED_BEFORE_START_SHARE) {
            first_day
        } else {
            first_day + Days::new(rng.random_range(0..span_days))
        };
        // Some come for a term, some for years (a 9-year-old can stay until 16).
        let stay_days: u64 = rng.random_range(90..=2190);
        let active_to = active_from + Days::new(stay_days);
        let age_at_joining: u32 = rng.random_range(8..=17);
        let date_of_birth =
            active_from - Days::new(u64::from(age_at_joining) * 365 + rng.random_range(0..365));
        let gender = match rng.random_range(0..100) {
            0..=47 => Gender::Female,
            48..=95 => Gender::Male,
            96..=97 => Gender::NonBinary,
            98 => Gender::Other,
            _ => Gender::PreferNotToSay,
        };
        let first = first_names.pick(rng, gender);
        let last = *last_names.choose(rng).expect("names");
        let mut profile = Profile::named(first, last);
        profile.gender = gender;
        let at_the_door = rng.random_bool(0.03);
        let joined_on = active_from.min(options.until);
        if at_the_door {
            // Added at the door and never completed: an age, no date of birth or postcode.
            profile.age = young_people::age_from(Some(date_of_birth), None, None, options.until);
        } else {
            profile.date_of_birth = Some(date_of_birth);
            profile.ethnicity = pick_ethnicity(rng);
            profile.disability = match rng.random_range(0..100) {
                0..=11 => Disability::Yes,
                12..=89 => Disability::No,
                90..=93 => Disability::PreferNotToSay,
                _ => Disability::Unknown,
            };
            if profile.disability == Disability::Yes && rng.random_bool(0.5) {
                profile.send_notes = Some("Prefers a quiet space to take a break; let them know before activities change.".into());
            }
            profile.postcode = Some(format!(
                "{} {}{}{}",
                districts.choose(rng).expect("districts"),
                rng.random_range(1..10),
                (b'A' + rng.random_range(0..26u8)) as char,
                (b'A' + rng.random_range(0..26u8)) as char
            ));
            profile.school = Some((*schools.choose(rng).expect("schools")).to_owned());
            if young_people::age_from(Some(date_of_birth), None, None, options.until)
                .is_some_and(|a| a >= 16)
            {
                profile.education_status = Some(*sixth_form_status.choose(rng).expect("statuses"));
            }
            profile.circumstances = Circumstances {
                care_experienced: Some(rng.random_bool(0.04)),
                young_carer: Some(rng.random_bool(0.08)),
                looked_after: None,
                care_leaver: None,
                child_protection_plan: None,
                newly_arrived: Some(rng.random_bool(0.03)),
            };
            profile.circumstance_codes = demo_circumstances(rng, &profile);
            if rng.random_bool(0.08) {
                profile.medical_notes = Some("Asthma: blue inhaler kept in their bag.".into());
            }
            if rng.random_bool(0.05) {
                profile.allergies = Some("Peanuts (carries an adrenaline pen).".into());
            }
            let parent_gender = if rng.random_bool(0.5) {
                Gender::Female
            } else {
                Gender::Male
            };
            let parent = first_names.pick(rng, parent_gender);
            profile.emergency_contacts = vec![EmergencyContact {
                name: format!("{parent} {last}"),
                relationship: Some(
                    ["Mum", "Dad", "Carer", "Grandparent", "Aunt"]
                        .choose(rng)
                        .expect("relationships")
                        .to_string(),
                ),
                phone: format!("07700 900{:03}", rng.random_range(0..1000)),
            }];
            let age_then =
                young_people::age_from(Some(date_of_birth), None, None, joined_on).unwrap_or(0);
            let giver = if age_then >= 13 {
                ConsentGiver::YoungPerson
            } else {
                ConsentGiver::ParentCarer
            };
            profile.consents = vec![
                Consent {
                    kind: ConsentKind::Data,
                    given: true,
                    given_by: giver,
                    giver_name: None,
                    recorded_on: joined_on,
                },
                Consent {
                    kind: ConsentKind::Photos,
                    given: rng.random_bool(0.8),
                    given_by: giver,
                    giver_name: None,
                    recorded_on: joined_on,
                },
                Consent {
                    kind: ConsentKind::Trips,
                    given: true,
                    given_by: ConsentGiver::ParentCarer,
                    giver_name: None,
                    recorded_on: joined_on,
                },
            ];
        }
        let reference = format!("YP{:05}", index + 1);
        let added = young_people::add(tx, Some(&reference), &profile, true, options.until)?;
        let keenness = match rng.random_range(0..100) {
            0..=29 => rng.random_range(0.6..0.9),
            30..=69 => rng.random_range(0.2..0.45),
            _ => rng.random_range(0.03..0.12),
        };
        members.push(Member {
            id: added.id,
            date_of_birth,
            active_from,
            active_to,
            keenness,
        });
    }
    Ok(members)
}

/// Each young person joins one to three groups that suit their age when they join.
fn assign_members(
    rng: &mut ChaCha8Rng,
    series: &mut [PlannedSeries],
    members: &[Member],
    first_day: NaiveDate,
) {
    for (index, member) in members.iter().enumerate() {
        let age = young_people::age_from(
            Some(member.date_of_birth),
            None,
            None,
            member.active_from.max(first_day),
        )
        .unwrap_or(12);
        let suitable: Vec<usize> = (0..series.len())
            .filter(|&s| series[s].ages.0 <= age && age <= series[s].ages.1)
            .collect();
        let choices = if suitable.is_empty() {
            (0..series.len()).collect()
        } else {
            suitable
        };
        // With many groups a week, keen young people belong to more of them.
        let most = 3 + (series.len() / 6).min(6);
        let wanted = rng.random_range(1..=most).min(choices.len());
        let mut picked: Vec<usize> = Vec::new();
        while picked.len() < wanted {
            let choice = *choices.choose(rng).expect("at least one series");
            if !picked.contains(&choice) {
                picked.push(choice);
            }
        }
        for s in picked {
            series[s].members.push(index);
        }
    }
}

fn hold_sessions(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    options: &DemoOptions,
    first_day: NaiveDate,
    series: &[PlannedSeries],
    members: &[Member],
    summary: &mut DemoSummary,
) -> Result<()> {
    // A large organisation runs bigger sessions: three times the size at 5,000 young people.
    let size_scale = 1.0 + f64::from(options.young_people) / 2500.0;
    let now = now_utc_text();
    let mut mark = tx.prepare_cached(
        "INSERT OR IGNORE INTO attendance (session_id, young_person_id, arrived_at, left_at, marked_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut headcount = tx.prepare_cached(
        "INSERT INTO headcounts (session_id, gender, age_band, count) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut staffing = tx.prepare_cached("INSERT OR IGNORE INTO staffing (session_id, person_id, role, hours) VALUES (?1, ?2, ?3, ?4)")?;
    let mut cancel =
        tx.prepare_cached("UPDATE sessions SET cancelled = 1, cancel_reason = ?2 WHERE id = ?1")?;
    let mut dates = tx.prepare_cached("SELECT id, date FROM sessions WHERE series_id = ?1 AND date >= ?2 AND date < ?3 ORDER BY date")?;
    for plan in series {
        let held: Vec<(i64, NaiveDate)> = dates
            .query_map(params![plan.id, first_day, options.until], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let minutes = minutes_between(plan.start, plan.end);
        for (session_id, date) in held {
            let reason = if plan.term_time_only && is_school_holiday(date) {
                Some("School holiday")
            } else if rng.random_bool(0.015) {
                Some(
                    *["Hall unavailable", "Staff illness", "Heavy snow"]
                        .choose(rng)
                        .expect("reasons"),
                )
            } else {
                None
            };
            if let Some(reason) = reason {
                cancel.execute(params![session_id, reason])?;
                summary.sessions_cancelled += 1;
                continue;
            }
            summary.sessions_held += 1;
            let active: Vec<&Member> = plan
                .members
                .iter()
                .map(|&m| &members[m])
                .filter(|m| m.active_from <= date && date <= m.active_to)
                .collect();
            let expected: f64 = active.iter().map(|m| m.keenness).sum();
            let holiday_boost = if is_school_holiday(date) { 1.2 } else { 1.0 };
            let scale = if expected > 0.0 {
                (plan.typical_size * size_scale * holiday_boost / expected).min(1.0)
            } else {
                1.0
            };
            for member in active {
                if !rng.random_bool((member.keenness * scale).clamp(0.0, 1.0)) {
                    continue;
                }
                let (arrived, left) = if rng.random_bool(0.2) {
                    let arrived =
                        ClockTime::from_minutes(plan.start.minutes() + rng.random_range(0..30));
                    let left =
                        ClockTime::from_minutes(plan.end.minutes() - rng.random_range(0..30));
                    (Some(arrived), Some(left))
                } else {
                    (None, None)
                };
                summary.attendances +=
                    mark.execute(params![session_id, member.id, arrived, left, now])? as u64;
            }
            if plan.session_type == SessionType::Detached {
                for _ in 0..rng.random_range(2..6) {
                    let gender = *[Gender::Female, Gender::Male, Gender::Male, Gender::Unknown]
                        .choose(rng)
                        .expect("genders");
                    let band = *[
                        AgeBand::From11To13,
                        AgeBand::From14To16,
                        AgeBand::From17To19,
                    ]
                    .choose(rng)
                    .expect("bands");
                    let count: u32 = rng.random_range(1..9);
                    if headcount
                        .execute(params![session_id, gender, band, count])
                        .is_ok()
                    {
                        summary.anonymous_contacts += u64::from(count);
                    }
                }
            }
            for (person, role, paid) in &plan.team {
                if rng.random_bool(0.9) {
                    let hours = f64::from(minutes) / 60.0 + if *paid { 0.5 } else { 0.0 };
                    staffing.execute(params![session_id, person, role, hours])?;
                }
            }
        }
    }
    Ok(())
}

fn add_summer_trips(
    tx: &Transaction,
    rng: &mut ChaCha8Rng,
    options: &DemoOptions,
    first_day: NaiveDate,
    members: &[Member],
    staff: &[(i64, bool)],
    project_id: i64,
) -> Result<(u32, u64)> {
    let (mut trips, mut attendances) = (0, 0);
    let destinations = [
        "Trip to the coast",
        "Climbing centre trip",
        "Theme park trip",
        "Canoeing day",
    ];
    let now = now_utc_text();
    let mut date = first_day;
    while date < options.until {
        // One trip in each summer-holiday week, on a Wednesday.
        if is_school_holiday(date) && date.month() >= 7 && date.weekday() == chrono::Weekday::Wed {
            let session = sessions::add_session(
                tx,
                &SessionInput {
                    name: (*destinations.choose(rng).expect("destinations")).to_owned(),
                    date,
                    start: ClockTime::hm(9, 30),
                    end: ClockTime::hm(17, 0),
                    venue_id: None,
                    session_type: SessionType::Trip,
                    age_min: Some(11),
                    age_max: Some(17),
                    activities: vec!["Outdoor activity".into()],
                    outcomes: Vec::new(),
                    notes: String::new(),
                    project_id: Some(project_id),
                },
            )?;
            trips += 1;
            let keen: Vec<&Member> = members
                .iter()
                .filter(|m| m.active_from <= date && date <= m.active_to && m.keenness > 0.5)
                .collect();
            let going = rng.random_range(8..=20);
            for member in keen.sample(rng, going) {
                attendances += tx.execute(
                    "INSERT OR IGNORE INTO attendance (session_id, young_person_id, marked_at) VALUES (?1, ?2, ?3)",
                    params![session.id, member.id, now],
                )? as u64;
            }
            for (person, paid) in staff.iter().take(3) {
                let role = if *paid {
                    StaffRole::Lead
                } else {
                    StaffRole::Volunteer
                };
                staffing::set(tx, session.id, *person, role, Some(7.5))?;
            }
        }
        date = date + Days::new(1);
    }
    Ok((trips, attendances))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::date;

    fn with_checkins() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let options = DemoOptions {
            young_people: 400,
            weeks: 260,
            sessions_per_week: 6,
            seed: 7,
            until: date("2026-11-24"),
            checkins: true,
        };
        make(&mut store, &options).unwrap();
        store
    }

    /// Every check-in: (young person, date, wave, declined, plan, answers by question).
    type Taken = (i64, NaiveDate, String, bool, i64, Vec<(String, i64)>);

    fn taken(store: &Store) -> Vec<Taken> {
        let conn = store.conn();
        let mut answers = conn
            .prepare(
                "SELECT question_id, value FROM checkin_answers WHERE checkin_id = ?1 ORDER BY 1",
            )
            .unwrap();
        conn.prepare(
            "SELECT id, young_person_id, taken_on, wave, declined, plan_id FROM checkins
             ORDER BY young_person_id, taken_on",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(|row| {
            let (id, who, on, wave, declined, plan) = row.unwrap();
            let given = answers
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(|a| a.unwrap())
                .collect();
            (who, on, wave, declined, plan, given)
        })
        .collect()
    }

    #[test]
    fn the_demo_with_check_ins_asks_a_fifth_four_times_as_the_rules_allow() {
        let store = with_checkins();
        let plans = crate::checkins::plans(store.conn()).unwrap();
        assert_eq!(plans.len(), PROJECTS.len());
        assert!(plans.iter().all(|p| p.plan.project_id.is_some()
            && p.plan.measures == ["ons4"]
            && p.plan.who == crate::checkins::Who::Everyone));

        let all = taken(&store);
        let mut people: Vec<i64> = all.iter().map(|t| t.0).collect();
        people.dedup();
        assert_eq!(people.len(), 400 / 5, "a fifth of the young people");
        let ons4 = crate::measures::get(store.conn(), "ons4", None).unwrap();
        for who in people {
            let theirs: Vec<&Taken> = all.iter().filter(|t| t.0 == who).collect();
            let waves: Vec<&str> = theirs.iter().map(|t| t.2.as_str()).collect();
            if theirs[0].3 {
                assert_eq!(waves, ["baseline"], "a declined baseline is never chased");
                assert!(theirs[0].5.is_empty());
                continue;
            }
            assert_eq!(waves, ["baseline", "review", "review", "exit"]);
            assert!(theirs.iter().all(|t| t.4 == theirs[0].4), "one plan each");
            let (born, given, given_on): (Option<NaiveDate>, Option<u32>, Option<NaiveDate>) = store
                .conn()
                .query_row(
                    "SELECT date_of_birth, age_given, age_given_on FROM young_people WHERE id = ?1",
                    [who],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .unwrap();
            for (i, t) in theirs.iter().enumerate() {
                assert!(t.1 < date("2026-11-24"), "never dated today or later");
                assert_eq!(t.1, theirs[0].1 + Days::new(84 * i as u64));
                let age = young_people::age_from(born, given, given_on, t.1);
                assert!(age.is_some_and(|a| a >= 10));
                let asked: Vec<&str> = ons4.asked_at(age).iter().map(|q| q.id.as_str()).collect();
                for (question, value) in &t.5 {
                    assert!(asked.contains(&question.as_str()), "{question} at {age:?}");
                    assert!((0..=10).contains(value));
                }
            }
        }

        // Distance travelled has pairs to count in the last year.
        let period = crate::dates::Period::new(date("2025-11-24"), date("2026-11-23")).unwrap();
        let found = crate::distance::compute(
            store.conn(),
            period,
            &crate::figures::Scope::default(),
            Some("ons4"),
            date("2026-11-24"),
        )
        .unwrap();
        assert!(found.measures[0].coverage.paired > 0);
    }

    #[test]
    fn the_same_options_make_the_same_check_ins() {
        assert_eq!(taken(&with_checkins()), taken(&with_checkins()));
    }
}
