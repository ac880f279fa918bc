use chrono::TimeZone;

use super::*;
use crate::fixtures::{Club, date};
use crate::organisation::{self, Organisation};
use crate::summary::{self, Summary};
use crate::vocab::{Gender, SessionType};

fn period(from: &str, to: &str) -> Period {
    Period::new(date(from), date(to)).unwrap()
}

fn spring() -> Period {
    period("2026-01-01", "2026-03-31")
}

fn summer() -> Period {
    period("2026-04-01", "2026-06-30")
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, day, hour, 0, 0).unwrap()
}

fn member(name: &str, code: &str) -> Club {
    let mut club = Club::new();
    let mut details = Organisation::new(name);
    details.lyp_member_code = Some(code.to_owned());
    club.store
        .write(|tx| organisation::save(tx, &details))
        .unwrap();
    club
}

/// `count` young people of one gender, all born 2012-01-01 (14 in May 2026), living in
/// `district`.
fn young_people(club: &mut Club, count: usize, gender: Gender, district: &str) -> Vec<i64> {
    (0..count)
        .map(|n| {
            club.young_person_with(&format!("Young{n}{district}"), "Person", |p| {
                p.gender = gender;
                p.date_of_birth = Some(date("2012-01-01"));
                p.postcode = Some(format!("{district} 1AA"));
            })
        })
        .collect()
}

fn write_summary(club: &Club, period: Period, folder: &Path, produced_at: DateTime<Utc>) {
    let summary = summary::build(club.store.conn(), period, club.today).unwrap();
    summary::write_files(folder, &summary.files(produced_at).unwrap()).unwrap();
}

/// The folder of the hand-worked partnership:
///
/// - COV-0001 Alder: 20 young women (CV1) came to one session on 3 February; 7 of them to
///   one session on 5 May. Spring: 20 young people, 20 attendances; summer: 7 and 7.
/// - COV-0002 Birch: 3 young women and 3 young men (CV2) came to two sessions in May (6
///   young people, 12 attendances); female 3 and male 3 are both withheld.
/// - COV-0003 Cedar: 5 young men (CV1) in February only, so missing for the summer.
fn partnership_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut alder = member("Alder Youth Club", "COV-0001");
    let people = young_people(&mut alder, 20, Gender::Female, "CV1");
    let february = alder.session("2026-02-03", "18:00", "20:00", SessionType::OpenAccess);
    let may = alder.session("2026-05-05", "18:00", "20:00", SessionType::OpenAccess);
    for (n, person) in people.iter().enumerate() {
        alder.mark(february, *person);
        if n < 7 {
            alder.mark(may, *person);
        }
    }
    write_summary(&alder, spring(), dir.path(), at(1, 9));
    write_summary(&alder, summer(), dir.path(), at(1, 9));

    let mut birch = member("Birch Youth Club", "COV-0002");
    let mut people = young_people(&mut birch, 3, Gender::Female, "CV2");
    people.extend(young_people(&mut birch, 3, Gender::Male, "CV2"));
    for day in ["2026-05-06", "2026-05-13"] {
        let session = birch.session(day, "18:00", "20:00", SessionType::OpenAccess);
        for person in &people {
            birch.mark(session, *person);
        }
    }
    write_summary(&birch, summer(), dir.path(), at(2, 9));

    let mut cedar = member("Cedar Youth Club", "COV-0003");
    let people = young_people(&mut cedar, 5, Gender::Male, "CV1");
    let february = cedar.session("2026-02-10", "18:00", "20:00", SessionType::OpenAccess);
    for person in people {
        cedar.mark(february, person);
    }
    write_summary(&cedar, spring(), dir.path(), at(1, 9));
    dir
}

fn merged(dir: &Path, request: &MergeRequest) -> Merge {
    merge(read_folder(dir).unwrap(), request).unwrap()
}

fn total<'a>(merge: &'a Merge, measure: &str, dimension: &str, category: &str) -> &'a Total {
    merge
        .totals
        .iter()
        .find(|t| t.measure == measure && t.dimension == dimension && t.category == category)
        .unwrap_or_else(|| panic!("no total {measure}/{dimension}/{category}"))
}

#[test]
fn totals_are_worked_out_across_members_for_the_latest_period() {
    let dir = partnership_folder();
    let folder = read_folder(dir.path()).unwrap();
    assert!(folder.skipped.is_empty(), "{:?}", folder.skipped);
    assert_eq!(folder.summaries.len(), 4);
    let merge = merge(folder, &MergeRequest::default()).unwrap();

    assert_eq!(merge.period, summer(), "the latest period by default");
    assert_eq!(merge.periods, vec![spring(), summer()]);
    let codes: Vec<&str> = merge.members.iter().map(|m| m.org_code.as_str()).collect();
    assert_eq!(codes, ["COV-0001", "COV-0002"]);

    // Alder 1 + Birch 2 sessions; 7 + 12 attendances; 7 + 6 young people.
    let sessions = total(&merge, "sessions", "all", "all");
    assert_eq!((sessions.value, sessions.bound), (Some(3.0), Bound::Exact));
    assert_eq!(sessions.note, None);
    let attendances = total(&merge, "attendances", "all", "all");
    assert_eq!(attendances.value, Some(19.0));
    assert_eq!(attendances.members, 2);
    let young = total(&merge, "unique_young_people", "all", "all");
    assert_eq!((young.value, young.bound), (Some(13.0), Bound::Exact));
    assert_eq!(young.note.as_deref(), Some(DOUBLE_COUNTING_NOTE));
    assert_eq!(young.shown(), "13");
}

#[test]
fn a_withheld_cell_makes_a_total_at_least_never_a_sum_with_zero() {
    let dir = partnership_folder();
    let merge = merged(dir.path(), &MergeRequest::default());
    // Alder: female 7 shown. Birch: female 3 and male 3 withheld.
    let female = total(&merge, "unique_young_people", "gender", "female");
    assert_eq!(female.value, Some(8.0), "7 shown + at least 1 withheld");
    assert_eq!(female.bound, Bound::AtLeast);
    assert_eq!((female.members, female.members_withheld), (2, 1));
    assert_eq!(female.shown(), "at least 8");
    assert_eq!(female.note.as_deref(), Some(DOUBLE_COUNTING_NOTE));
    let male = total(&merge, "unique_young_people", "gender", "male");
    assert_eq!((male.value, male.bound), (Some(1.0), Bound::AtLeast));
    let non_binary = total(&merge, "unique_young_people", "gender", "non-binary");
    assert_eq!(
        (non_binary.value, non_binary.bound),
        (Some(0.0), Bound::Exact)
    );

    // Districts from both members, in postcode order, unknown last.
    let districts: Vec<&str> = merge
        .totals
        .iter()
        .filter(|t| t.dimension == "postcode_district")
        .map(|t| t.category.as_str())
        .collect();
    assert_eq!(districts, ["CV1", "CV2", "unknown"]);
    assert_eq!(
        total(&merge, "unique_young_people", "postcode_district", "CV1").value,
        Some(7.0)
    );

    // A share is not added up.
    let share = total(&merge, "training_compliance", "all", "all");
    assert_eq!((share.value, share.bound), (None, Bound::NotAdded));
    assert_eq!(share.shown(), "not added");

    let csv = String::from_utf8(totals_csv(&merge).unwrap()).unwrap();
    assert!(csv.starts_with(&format!("{}\n", TOTALS_COLUMNS.join(","))));
    assert!(
        csv.contains("lyp-partnership/2,2026-04-01,2026-06-30,sessions,all,all,3,exact,2,0,\n")
    );
    assert!(csv.contains(&format!(
        "lyp-partnership/2,2026-04-01,2026-06-30,unique_young_people,gender,female,8,at_least,2,1,\"{DOUBLE_COUNTING_NOTE}\"\n"
    )));
    assert!(csv.contains("training_compliance,all,all,,not_added,2,0,"));
}

#[test]
fn missing_members_are_those_seen_for_any_period_and_those_listed() {
    let dir = partnership_folder();
    let request = MergeRequest {
        period: None,
        members: parse_member_list("org_code\n# our members\nCOV-0001\n\nCOV-0009\n").unwrap(),
    };
    let merge = merged(dir.path(), &request);
    assert_eq!(
        merge.missing,
        vec![
            Missing {
                org_code: "COV-0003".into(),
                org_name: Some("Cedar Youth Club".into()),
                last_period: Some(spring()),
            },
            Missing {
                org_code: "COV-0009".into(),
                org_name: None,
                last_period: None,
            },
        ]
    );
    let refused = parse_member_list("COV-0001\ncov 2\n")
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("Line 2 of the members list, “cov 2”"),
        "{refused}"
    );
}

#[test]
fn a_period_can_be_chosen_and_must_be_one_found() {
    let dir = partnership_folder();
    let request = MergeRequest {
        period: Some(spring()),
        members: Vec::new(),
    };
    let merge = merged(dir.path(), &request);
    let codes: Vec<&str> = merge.members.iter().map(|m| m.org_code.as_str()).collect();
    assert_eq!(codes, ["COV-0001", "COV-0003"]);
    assert_eq!(
        total(&merge, "unique_young_people", "all", "all").value,
        Some(25.0)
    );
    assert_eq!(merge.missing[0].org_code, "COV-0002");
    assert!(
        merge.movements.is_empty(),
        "nothing before spring to compare"
    );

    let request = MergeRequest {
        period: Some(period("2025-04-01", "2025-06-30")),
        members: Vec::new(),
    };
    let refused = merge_err(dir.path(), &request);
    assert!(
        refused.contains("No member's summary in the folder is for 2025-04-01 to 2025-06-30")
            && refused.contains("2026-01-01 to 2026-03-31; 2026-04-01 to 2026-06-30"),
        "{refused}"
    );
}

fn merge_err(dir: &Path, request: &MergeRequest) -> String {
    merge(read_folder(dir).unwrap(), request)
        .unwrap_err()
        .to_string()
}

#[test]
fn sharp_movements_are_more_than_half_and_at_least_ten() {
    let dir = partnership_folder();
    let merge = merged(dir.path(), &MergeRequest::default());
    // Alder went from 20 young people and 20 attendances to 7 and 7; Birch has nothing
    // earlier to compare with.
    let moved: Vec<(&str, &str, f64, f64)> = merge
        .movements
        .iter()
        .map(|m| (m.org_code.as_str(), m.measure.as_str(), m.previous, m.now))
        .collect();
    assert_eq!(
        moved,
        [
            ("COV-0001", "unique_young_people", 20.0, 7.0),
            ("COV-0001", "attendances", 20.0, 7.0)
        ]
    );
    assert_eq!(merge.movements[0].previous_period, spring());
    assert_eq!(merge.movements[0].change_share(), Some(-0.65));

    assert!(is_sharp(20.0, 7.0));
    assert!(is_sharp(0.0, 10.0), "from nothing, ten or more");
    assert!(!is_sharp(0.0, 9.0), "under ten is not news");
    assert!(!is_sharp(4.0, 8.0), "doubled, but only by 4");
    assert!(!is_sharp(20.0, 30.0), "exactly half is not more than half");
    assert!(is_sharp(20.0, 31.0));
    assert!(!is_sharp(100.0, 60.0), "40% down");
}

/// A synthetic summary: every measure at `people`, and a gender breakdown of it.
fn synthetic(code: &str, name: &str, period: Period, people: u64) -> Summary {
    let mut rows: Vec<Row> = Measures::names()
        .into_iter()
        .map(|measure| Row {
            measure,
            dimension: ALL.into(),
            category: ALL.into(),
            value: Some(people as f64),
            suppressed: false,
        })
        .collect();
    for (category, value) in [("female", Some(people)), ("male", Some(0))] {
        rows.push(Row {
            measure: "unique_young_people".into(),
            dimension: "gender".into(),
            category: category.into(),
            value: value.map(|v| v as f64),
            suppressed: false,
        });
    }
    Summary {
        schema: SCHEMA.into(),
        org_code: code.into(),
        org_name: name.into(),
        period,
        rows,
        audit_head: None,
        not_ended: None,
        outcome_measures: Vec::new(),
    }
}

/// Writes a summary's files, the CSV's bytes first changed by `edit` (and the manifest made
/// to match them when `fix_manifest`), as a hand-edited copy would be.
fn write_edited(
    dir: &Path,
    summary: &Summary,
    edit: impl FnOnce(Vec<u8>) -> Vec<u8>,
    change_manifest: impl FnOnce(&mut Manifest, &[u8]),
) {
    let files = summary.files(at(1, 9)).unwrap();
    let csv = edit(files[0].bytes.clone());
    let mut manifest: Manifest = serde_json::from_slice(&files[2].bytes).unwrap();
    change_manifest(&mut manifest, &csv);
    std::fs::write(dir.join(&files[0].name), &csv).unwrap();
    std::fs::write(dir.join(&files[1].name), &files[1].bytes).unwrap();
    std::fs::write(
        dir.join(&files[2].name),
        serde_json::to_vec_pretty(&manifest).unwrap(),
    )
    .unwrap();
}

/// Makes the manifest describe these bytes, as a careful forger would.
fn matching(manifest: &mut Manifest, csv: &[u8]) {
    manifest.files[0].bytes = csv.len() as u64;
    manifest.files[0].sha256 = sha256_hex(csv);
}

fn replace(bytes: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    String::from_utf8(bytes)
        .unwrap()
        .replace(from, to)
        .into_bytes()
}

#[test]
fn broken_tampered_foreign_and_unreadable_files_are_reported_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path();
    let good = synthetic("COV-0100", "Good Club", summer(), 12);
    summary::write_files(folder, &good.files(at(1, 9)).unwrap()).unwrap();
    // A figure changed after sending: the digest no longer matches.
    write_edited(
        folder,
        &synthetic("COV-0101", "Changed Club", summer(), 12),
        |csv| replace(csv, ",12,false", ",99,false"),
        |_, _| {},
    );
    // Cut short while syncing.
    write_edited(
        folder,
        &synthetic("COV-0102", "Truncated Club", summer(), 12),
        |csv| csv[..csv.len() / 2].to_vec(),
        |_, _| {},
    );
    // A newer format, manifest and all.
    write_edited(
        folder,
        &synthetic("COV-0103", "Future Club", summer(), 12),
        |csv| replace(csv, "lyp-summary/2", "lyp-summary/3"),
        |manifest, csv| {
            manifest.schema = "lyp-summary/3".into();
            matching(manifest, csv);
        },
    );
    // Rows of another format under a manifest that matches them.
    write_edited(
        folder,
        &synthetic("COV-0104", "Mixed Club", summer(), 12),
        |csv| replace(csv, "lyp-summary/2,COV-0104", "lyp-summary/1,COV-0104"),
        matching,
    );
    // A foreign CSV under a summary's manifest (digest and all).
    write_edited(
        folder,
        &synthetic("COV-0105", "Foreign Club", summer(), 12),
        |_| b"date,session,ref\n2026-05-05,Juniors,YP1\n".to_vec(),
        matching,
    );
    // A withheld cell that shows its value anyway.
    write_edited(
        folder,
        &synthetic("COV-0106", "Leaky Club", summer(), 12),
        |csv| replace(csv, "gender,male,0,false", "gender,male,3,true"),
        matching,
    );
    // A foreign CSV with no manifest, a JSON file that is not one, and a manifest whose CSV
    // never arrived.
    std::fs::write(folder.join("attendance.csv"), "date,session,ref\n").unwrap();
    std::fs::write(folder.join("notes_manifest.json"), "{ not json").unwrap();
    let lost = synthetic("COV-0107", "Lost Club", summer(), 12);
    let lost_files = lost.files(at(1, 9)).unwrap();
    std::fs::write(folder.join(&lost_files[2].name), &lost_files[2].bytes).unwrap();
    // Neither a subfolder nor a half-written hidden file is read.
    std::fs::create_dir(folder.join("archive")).unwrap();
    std::fs::write(folder.join(".COV-0100.csv.part"), "half").unwrap();

    let found = read_folder(folder).unwrap();
    let codes: Vec<&str> = found
        .summaries
        .iter()
        .map(|s| s.org_code.as_str())
        .collect();
    assert_eq!(codes, ["COV-0100"], "{:#?}", found.skipped);
    let reasons: Vec<String> = found
        .skipped
        .iter()
        .map(|s| format!("{} {}", s.file, s.reason))
        .collect();
    let expected = [
        "COV-0101_2026-04-01_2026-06-30_lyp-summary-2_manifest.json gives a SHA-256 for COV-0101_2026-04-01_2026-06-30_lyp-summary-2.csv that does not match the file: it was changed after it was sent",
        "COV-0102_2026-04-01_2026-06-30_lyp-summary-2_manifest.json says COV-0102_2026-04-01_2026-06-30_lyp-summary-2.csv is ",
        "COV-0103_2026-04-01_2026-06-30_lyp-summary-2_manifest.json is in the format lyp-summary/3 (lyp-summary-manifest/1); this version of Clubroom reads lyp-summary/2 and lyp-summary/1 (lyp-summary-manifest/1) only",
        "COV-0104_2026-04-01_2026-06-30_lyp-summary-2_manifest.json describes COV-0104_2026-04-01_2026-06-30_lyp-summary-2.csv, whose line 2 is in the format “lyp-summary/1”, not lyp-summary/2",
        "COV-0105_2026-04-01_2026-06-30_lyp-summary-2_manifest.json describes COV-0105_2026-04-01_2026-06-30_lyp-summary-2.csv, whose columns are not those of lyp-summary/2 (expected schema,org_code,",
        "COV-0106_2026-04-01_2026-06-30_lyp-summary-2_manifest.json describes COV-0106_2026-04-01_2026-06-30_lyp-summary-2.csv, whose line 17 shows a value that it says is withheld",
        "COV-0107_2026-04-01_2026-06-30_lyp-summary-2_manifest.json names COV-0107_2026-04-01_2026-06-30_lyp-summary-2.csv that is not in the folder (perhaps it has not synced yet)",
        "attendance.csv has no manifest in the folder to check it against",
        "notes_manifest.json is not readable JSON",
    ];
    assert_eq!(reasons.len(), expected.len(), "{reasons:#?}");
    for (reason, expected) in reasons.iter().zip(expected) {
        assert!(
            reason.starts_with(expected),
            "{reason}\nshould start\n{expected}"
        );
    }
    assert!(
        reasons[1].contains("it was cut short or changed after it was sent (or is still syncing)")
    );

    // The good one is merged; the rest are listed with the merge.
    let merge = merge(found, &MergeRequest::default()).unwrap();
    assert_eq!(merge.members.len(), 1);
    assert_eq!(merge.skipped.len(), expected.len());
}

#[test]
fn a_folder_with_nothing_usable_is_an_error_that_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let empty = merge_err(dir.path(), &MergeRequest::default());
    assert_eq!(
        empty,
        "No member's summary could be read from the folder: there are no summary files in it."
    );
    std::fs::write(dir.path().join("attendance.csv"), "date\n").unwrap();
    let foreign = merge_err(dir.path(), &MergeRequest::default());
    assert!(
        foreign.ends_with("none of its 1 files could be used."),
        "{foreign}"
    );
    let missing = read_folder(&dir.path().join("nowhere"))
        .unwrap_err()
        .to_string();
    assert!(missing.starts_with("The folder "), "{missing}");
}

#[test]
fn of_two_summaries_for_the_same_period_the_latest_made_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path();
    // The first send, under a sync client's conflict-copy names.
    write_edited(
        folder,
        &synthetic("COV-0200", "Twice Club", summer(), 40),
        |csv| csv,
        |manifest, _| {
            manifest.produced_at = "2026-07-01T09:00:00Z".into();
            manifest.files[0].name = "first copy.csv".into();
        },
    );
    let stem = "COV-0200_2026-04-01_2026-06-30_lyp-summary-2";
    std::fs::rename(
        folder.join(format!("{stem}.csv")),
        folder.join("first copy.csv"),
    )
    .unwrap();
    std::fs::rename(
        folder.join(format!("{stem}_manifest.json")),
        folder.join("first copy_manifest.json"),
    )
    .unwrap();
    // The second send, a day later, with a correction.
    let second = synthetic("COV-0200", "Twice Club", summer(), 42);
    summary::write_files(folder, &second.files(at(2, 9)).unwrap()).unwrap();

    let found = read_folder(folder).unwrap();
    assert!(found.skipped.is_empty(), "{:?}", found.skipped);
    assert_eq!(found.summaries.len(), 1);
    assert_eq!(found.summaries[0].produced_at, at(2, 9));
    assert_eq!(
        found.superseded,
        vec![Superseded {
            org_code: "COV-0200".into(),
            period: summer(),
            manifest: "first copy_manifest.json".into(),
            produced_at: at(1, 9),
            kept: format!("{stem}_manifest.json"),
        }]
    );
    let merge = merge(found, &MergeRequest::default()).unwrap();
    assert_eq!(
        total(&merge, "unique_young_people", "all", "all").value,
        Some(42.0)
    );
}

#[test]
fn the_members_csv_stacks_each_members_rows() {
    let dir = partnership_folder();
    let merge = merged(dir.path(), &MergeRequest::default());
    let csv = String::from_utf8(members_csv(&merge).unwrap()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], COLUMNS.join(","));
    let rows: usize = merge.members.iter().map(|m| m.rows.len()).sum();
    assert_eq!(lines.len(), rows + 1);
    assert!(csv.contains(
        "lyp-summary/2,COV-0002,Birch Youth Club,2026-04-01,2026-06-30,unique_young_people,gender,male,,true\n"
    ));
}

#[test]
fn the_report_pdf_is_valid_and_says_what_it_must() {
    let dir = partnership_folder();
    // Sixty more members, so that the members' table runs over a page; and a file that
    // cannot be read.
    for n in 0..60 {
        let code = format!("COV-{:04}", 500 + n);
        let summary = synthetic(&code, &format!("Member {n}"), summer(), 10 + n);
        summary::write_files(dir.path(), &summary.files(at(1, 9)).unwrap()).unwrap();
    }
    std::fs::write(dir.path().join("attendance.csv"), "date\n").unwrap();
    let merge = merged(dir.path(), &MergeRequest::default());
    let out = tempfile::tempdir().unwrap();
    let written = crate::exports::partnership_outputs(&merge, out.path(), at(3, 10)).unwrap();
    let names: Vec<&str> = written.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, [TOTALS_FILE, MEMBERS_FILE, REPORT_FILE]);
    let path = out.path().join(REPORT_FILE);

    let text = crate::fixtures::checked_pdf_text(&path);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for expected in [
        "Partnership report",
        "1 April 2026 to 30 June 2026",
        "62 sent a summary, of 63 expected; 1 missing",
        "1 file could not be read",
        "a young person who attends two groups is counted twice",
        &format!("Page 1 of {}", pages.len()),
    ] {
        assert!(
            pages[0].contains(expected),
            "first page lacks {expected}:\n{}",
            pages[0]
        );
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Partnership totals",
        "at least ",
        "not added",
        "Young people by postcode district",
        "Each member (continued)",
        "Alder Youth Club (COV-0001)",
        "withheld",
        "Members missing for this period",
        "Cedar Youth Club",
        "Sharp movements since the previous period",
        "-65%",
        "Files that could not be read",
        "attendance.csv has no manifest in the folder",
        &format!("Page {0} of {0}", pages.len()),
    ] {
        assert!(
            flat.contains(expected),
            "the report lacks {expected}:\n{text}"
        );
    }
}

#[test]
fn withheld_hours_add_nothing_to_a_total_but_make_it_at_least() {
    let dir = tempfile::tempdir().unwrap();
    // Alder: one volunteer for 2 hours (count, hours and pounds withheld). Birch: five
    // volunteers for 2 hours each (10 hours, shown).
    for (name, code, volunteers) in [("Alder", "COV-0001", 1), ("Birch", "COV-0002", 5)] {
        let mut club = member(name, code);
        let session = club.session("2026-05-05", "18:00", "20:00", SessionType::OpenAccess);
        for n in 0..volunteers {
            let adult = club.adult(
                &format!("Helper {n}"),
                false,
                crate::vocab::StaffRole::Volunteer,
            );
            club.staff(session, adult, crate::vocab::StaffRole::Volunteer);
        }
        write_summary(&club, summer(), dir.path(), at(1, 9));
    }
    let merge = merged(dir.path(), &MergeRequest::default());
    let hours = total(&merge, "volunteer_hours", "all", "all");
    assert_eq!((hours.value, hours.bound), (Some(10.0), Bound::AtLeast));
    assert_eq!(hours.members_withheld, 1);
    let volunteers = total(&merge, "volunteers", "all", "all");
    assert_eq!(
        (volunteers.value, volunteers.bound),
        (Some(6.0), Bound::AtLeast)
    );
}

#[test]
fn a_member_name_a_spreadsheet_would_run_is_neutralised_in_the_members_csv() {
    let dir = tempfile::tempdir().unwrap();
    let club = member("@SUM(1+1)", "COV-0009");
    write_summary(&club, summer(), dir.path(), at(1, 9));
    let merge = merged(dir.path(), &MergeRequest::default());
    let csv = String::from_utf8(members_csv(&merge).unwrap()).unwrap();
    assert!(csv.contains("lyp-summary/2,COV-0009,'@SUM(1+1),"), "{csv}");
    assert!(!csv.contains(",@SUM"), "{csv}");
}

/// A member whose young people answered ONS4's life-satisfaction question on 7 April (5 each)
/// and on 2 June: `improved` up to 7, `same` at 5 and `worse` down to 3, all 14 years old.
fn measuring_member(name: &str, code: &str, improved: usize, same: usize, worse: usize) -> Club {
    use crate::access::Actor;
    use crate::checkins::{self, Answer, CheckInInput, Mode, PlanInput, Wave, Who};
    let mut club = member(name, code);
    let series = club.series("Tuesday club", 2, "2026-04-07", Some("2026-06-30"));
    let plan = PlanInput {
        project_id: None,
        series_id: Some(series),
        measures: vec!["ons4".into()],
        baseline_within: 2,
        review_weeks: Some(6),
        min_gap_weeks: 6,
        who: Who::Everyone,
    };
    let plan = club
        .store
        .write(|tx| checkins::add_plan(tx, &plan))
        .unwrap()
        .id;
    let session = |club: &Club, on: &str| -> i64 {
        club.store
            .conn()
            .query_row(
                "SELECT id FROM sessions WHERE series_id = ?1 AND date = ?2",
                rusqlite::params![series, on],
                |r| r.get(0),
            )
            .unwrap()
    };
    let afters = std::iter::repeat_n(7, improved)
        .chain(std::iter::repeat_n(5, same))
        .chain(std::iter::repeat_n(3, worse));
    for (n, after) in afters.enumerate() {
        let who = club.young_person(&format!("Young{n}"), "Person", Some("2012-01-01"));
        for (on, wave, value) in [
            ("2026-04-07", Wave::Baseline, 5),
            ("2026-06-02", Wave::Review, after),
        ] {
            let at = session(&club, on);
            club.mark(at, who);
            let input = CheckInInput {
                young_person_id: who,
                measure_code: "ons4".into(),
                measure_version: None,
                taken_on: date(on),
                wave,
                mode: Mode::SelfReport,
                declined: false,
                answers: vec![Answer {
                    question_id: "life-satisfaction".into(),
                    value: Some(value),
                }],
                plan_id: Some(plan),
            };
            let today = club.today;
            club.store
                .write(|tx| checkins::record(tx, &Actor::club_manager(), &input, today))
                .unwrap();
        }
    }
    club
}

/// docs/partnership-summary.md, "Outcomes", merging: three members measured ONS4 (worked out
/// by hand below), and a fourth still sends `lyp-summary/1`, with no outcome rows.
///
/// | member | life satisfaction: paired, improved, no change, worse | mean change | as sent |
/// |---|---|---|---|
/// | Alder | 12: 7, 3, 2 | 5 to 5.83: 0.83 | 12, 7, withheld, withheld; 0.83 |
/// | Birch | 10: 6, 4, 0 | 5 to 6.2: 1.2 | 10, withheld (the next smallest), withheld, 0; 1.2 |
/// | Cedar | 3: 3, 0, 0 | | withheld, withheld, 0, 0; withheld (fewer than 10) |
#[test]
fn three_members_outcomes_are_totalled_as_worked_out_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    for club in [
        measuring_member("Alder Youth Club", "COV-0011", 7, 3, 2),
        measuring_member("Birch Youth Club", "COV-0012", 6, 4, 0),
        measuring_member("Cedar Youth Club", "COV-0013", 3, 0, 0),
    ] {
        write_summary(&club, summer(), dir.path(), at(1, 9));
    }
    // A member not yet on lyp-summary/2: its files as version 1 wrote them.
    let old = synthetic("COV-0014", "Dale Youth Club", summer(), 12);
    write_edited(
        dir.path(),
        &old,
        |csv| replace(csv, "lyp-summary/2,", "lyp-summary/1,"),
        |manifest, csv| {
            manifest.schema = "lyp-summary/1".into();
            matching(manifest, csv);
        },
    );
    let found = read_folder(dir.path()).unwrap();
    assert!(found.skipped.is_empty(), "{:#?}", found.skipped);
    let merge = merge(found, &MergeRequest::default()).unwrap();
    assert_eq!(merge.members.len(), 4);
    assert_eq!(merge.members[3].schema, "lyp-summary/1");

    let life = |measure: &str| total(&merge, measure, "ons4/1", "life-satisfaction");
    let shown = |t: &Total| (t.value, t.bound, t.members, t.members_withheld);
    // 12 + 10 + Cedar's withheld (at least 1).
    assert_eq!(
        shown(life("change_paired")),
        (Some(23.0), Bound::AtLeast, 3, 1)
    );
    // 7 + Birch's and Cedar's withheld.
    assert_eq!(
        shown(life("change_improved")),
        (Some(9.0), Bound::AtLeast, 3, 2)
    );
    assert_eq!(
        shown(life("change_no_change")),
        (Some(2.0), Bound::AtLeast, 3, 2)
    );
    assert_eq!(
        shown(life("change_worse")),
        (Some(1.0), Bound::AtLeast, 3, 1)
    );
    // (0.83 x 12 + 1.2 x 10) / 22 = 21.96 / 22 = 0.998: Cedar's three pairs are not in it.
    let mean = life("change_mean");
    assert_eq!(
        (mean.bound, mean.members, mean.members_withheld),
        (Bound::Partial, 3, 1)
    );
    assert!((mean.value.unwrap() - 21.96 / 22.0).abs() < 1e-9);
    assert_eq!(mean.shown(), "1 (not every member)");
    assert_eq!(mean.note.as_deref(), Some(MEAN_CHANGE_NOTE));
    assert_eq!(
        life("change_paired").note.as_deref(),
        Some(DOUBLE_COUNTING_NOTE)
    );
    // Coverage: everyone who came was asked and answered twice.
    let coverage = |measure: &str| shown(total(&merge, measure, "ons4/1", "all"));
    assert_eq!(
        coverage("checkin_in_scope"),
        (Some(23.0), Bound::AtLeast, 3, 1)
    );
    assert_eq!(
        coverage("checkin_declined"),
        (Some(0.0), Bound::Exact, 3, 0)
    );
    // Nobody was asked the other items: zeros, and no mean to pool.
    let worthwhile = total(&merge, "change_paired", "ons4/1", "worthwhile");
    assert_eq!(shown(worthwhile), (Some(0.0), Bound::Exact, 3, 0));
    let no_mean = total(&merge, "change_mean", "ons4/1", "worthwhile");
    assert_eq!(shown(no_mean), (None, Bound::NotAdded, 3, 0));

    let csv = String::from_utf8(totals_csv(&merge).unwrap()).unwrap();
    for line in [
        "lyp-partnership/2,2026-04-01,2026-06-30,change_improved,ons4/1,life-satisfaction,9,at_least,3,2,",
        "lyp-partnership/2,2026-04-01,2026-06-30,change_mean,ons4/1,life-satisfaction,1,partial,3,1,",
        "lyp-partnership/2,2026-04-01,2026-06-30,change_mean,ons4/1,worthwhile,,not_added,3,0,",
    ] {
        assert!(csv.contains(line), "{line}\n{csv}");
    }
    let members = String::from_utf8(members_csv(&merge).unwrap()).unwrap();
    assert!(members.contains("lyp-summary/1,COV-0014,Dale Youth Club,"));
    assert!(members.contains(
        "lyp-summary/2,COV-0011,Alder Youth Club,2026-04-01,2026-06-30,change_mean,ons4/1,life-satisfaction,0.83,false\n"
    ));

    let pdf = dir.path().join("report.pdf");
    std::fs::write(
        &pdf,
        crate::print::partnership_report::pdf(&merge, at(3, 9)).unwrap(),
    )
    .unwrap();
    let text = crate::fixtures::checked_pdf_text(&pdf);
    assert!(
        text.contains("Outcomes: ONS personal well-being (ONS4) (version 1)"),
        "{text}"
    );
    assert!(text.contains("Office for National Statistics"), "{text}");
}

#[test]
fn an_outcome_row_that_shows_a_count_of_one_to_four_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let club = measuring_member("Cedar Youth Club", "COV-0013", 3, 0, 0);
    let summary = summary::build(club.store.conn(), summer(), club.today).unwrap();
    write_edited(
        dir.path(),
        &summary,
        |csv| {
            replace(
                csv,
                "change_improved,ons4/1,life-satisfaction,,true",
                "change_improved,ons4/1,life-satisfaction,3,false",
            )
        },
        matching,
    );
    let found = read_folder(dir.path()).unwrap();
    assert!(found.summaries.is_empty());
    assert!(
        found.skipped[0]
            .reason
            .ends_with("shows 3 young people where 1 to 4 are always withheld"),
        "{:?}",
        found.skipped
    );
}
