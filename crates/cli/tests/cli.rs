//! The CLI as a script would use it: the real binary, a real club file, real output.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::Cli;

/// What only these tests need of the CLI.
trait Figures {
    fn stats(&self, from: &str, to: &str) -> serde_json::Value;
}

impl Figures for Cli {
    fn stats(&self, from: &str, to: &str) -> serde_json::Value {
        self.json(&["stats", "--from", from, "--to", to])
    }
}

const PEOPLE: &str = "ref,first_name,last_name,date_of_birth,gender,ethnicity,disability,postcode
YP1,Jay,Smith,2011-03-04,male,Indian,no,CV6 4AB
YP2,Amira,Hussain,2012-05-04,female,Pakistani,yes,CV2 1AA
YP3,Kai,Reid,2009-10-10,non-binary,,,
";

const ATTENDANCE: &str = "date,session,start,end,type,venue,ref
2026-11-17,Tuesday Juniors,18:00,20:00,open-access,St Mary's Hall,YP1
2026-11-17,Tuesday Juniors,18:00,20:00,open-access,St Mary's Hall,YP2
2026-11-20,Detached,19:00,21:30,detached,,YP3
";

#[test]
fn init_import_and_stats_by_hand() {
    let cli = Cli::new();
    assert!(
        cli.ok(&[
            "init",
            "--name",
            "St Mary's Youth Club",
            "--lyp-code",
            "cov-0042"
        ])
        .contains("St Mary's Youth Club is set up")
    );
    let people = cli.write("people.csv", PEOPLE);
    assert_eq!(
        cli.ok(&["import", "young-people", &people]).trim(),
        "Imported young people: 3 rows; 3 added, 0 updated, 0 unchanged"
    );
    let attendance = cli.write("attendance.csv", ATTENDANCE);
    let out = cli.ok(&["import", "attendance", &attendance]);
    assert!(
        out.contains("3 added") && out.contains("2 sessions created"),
        "{out}"
    );
    assert!(
        cli.ok(&["import", "attendance", &attendance])
            .contains("0 added, 0 updated, 3 unchanged")
    );

    let stats = cli.stats("2026-11-01", "2026-11-30");
    let m = &stats["measures"];
    assert_eq!(m["sessions"], 2);
    assert_eq!(m["delivery_hours"], 4.5);
    assert_eq!(m["attendances"], 3);
    assert_eq!(m["unique_young_people"], 3);
    assert_eq!(m["new_young_people"], 3);
    assert_eq!(m["contact_hours"], 6.5);
    // Jay is 15 and Amira 14 on 17 November; Kai turned 17 on 10 October.
    assert_eq!(stats["breakdowns"]["age_band"]["14-16"], 2);
    assert_eq!(stats["breakdowns"]["age_band"]["17-19"], 1);
    assert_eq!(stats["breakdowns"]["session_type"]["detached"], 1);
}

#[test]
fn a_bad_file_changes_nothing_and_lists_every_problem() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    let bad = cli.write("bad.csv", "ref,first_name,last_name,date_of_birth,gender\nYP1,Jay,Smith,2011-03-04,male\nYP2,,Hussain,2012-13-01,girlish\n");
    let err = cli.fails(&["import", "young-people", &bad]);
    assert!(
        err.contains("The young people file has 3 problems, so nothing was imported"),
        "{err}"
    );
    assert!(err.contains("Line 3, column first_name"), "{err}");
    assert!(err.contains("Line 3, column date_of_birth"), "{err}");
    assert!(err.contains("Line 3, column gender: “girlish”"), "{err}");
    assert!(cli.ok(&["young-people", "list"]).contains("0 of 0 shown"));
}

#[test]
fn the_demo_is_deterministic_and_exports_round_trip() {
    let cli = Cli::new();
    let args = [
        "demo",
        "--young-people",
        "60",
        "--weeks",
        "20",
        "--sessions-per-week",
        "4",
        "--seed",
        "7",
        "--until",
        "2026-11-24",
    ];
    cli.ok(&args);
    let twin = cli.path("twin.sqlite3");
    let out = cli.run_on(&twin, &args);
    assert!(out.status.success());
    let export = |db: &Path, name: &str| {
        let file = cli.path(name);
        let out = cli.run_on(
            db,
            &[
                "export",
                "attendance",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
                file.to_str().unwrap(),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(file).unwrap()
    };
    let first = export(&cli.db(), "a.csv");
    assert_eq!(
        first,
        export(&twin, "b.csv"),
        "the same seed and date give the same club"
    );
    assert!(
        first.lines().count() > 100,
        "a living club: {} rows",
        first.lines().count()
    );
    let stats = cli.stats("2026-07-01", "2026-11-24");
    assert!(
        stats["measures"]["anonymous_contacts"].as_u64().unwrap() > 0,
        "detached work has headcounts"
    );

    // Another seed is another club.
    let other = cli.path("other.sqlite3");
    let mut other_args = args;
    other_args[8] = "8";
    assert!(cli.run_on(&other, &other_args).status.success());
    assert_ne!(first, export(&other, "c.csv"));
}

#[test]
fn the_clubs_details_wait_for_a_logo_that_can_be_kept() {
    let cli = Cli::new();
    let not_a_picture = cli.write("logo.gif", "GIF89a not a logo");
    let err = cli.fails(&[
        "init",
        "--name",
        "Riverside Youth Club",
        "--logo",
        &not_a_picture,
    ]);
    assert!(err.contains("PNG or JPEG"), "{err}");
    // Nothing half-saved: the club still has no details.
    assert!(
        cli.ok(&["init"]).contains("Set the club up with --name"),
        "the details were saved without their logo"
    );
    assert!(
        cli.ok(&["init", "--name", "Riverside Youth Club", "--no-logo"])
            .contains("Riverside Youth Club is set up")
    );
}

#[test]
fn young_people_are_archived_and_restored() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    let people = cli.write("people.csv", PEOPLE);
    cli.ok(&["import", "young-people", &people]);
    assert!(
        cli.ok(&["young-people", "archive", "YP2"])
            .contains("Archived Amira Hussain (YP2)")
    );
    assert!(cli.ok(&["young-people", "list"]).contains("2 of 2 shown"));
    assert!(
        cli.ok(&["young-people", "list", "--all"])
            .contains("archived")
    );
    cli.ok(&["young-people", "restore", "yp2"]);
    assert!(cli.ok(&["young-people", "list"]).contains("3 of 3 shown"));
    let err = cli.fails(&["young-people", "archive", "YP1", "NOPE"]);
    assert!(
        err.contains("No young person has the reference NOPE"),
        "{err}"
    );
    assert!(
        cli.ok(&["young-people", "list"]).contains("3 of 3 shown"),
        "nothing half-done"
    );
}

#[test]
fn a_series_is_tagged_only_with_frameworks_that_apply_to_the_clubs_area() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club", "--area", "Derby"]);
    let series = |name: &str, outcome: &str| {
        vec![
            "series".to_owned(),
            "add".into(),
            "--name".into(),
            name.into(),
            "--weekday".into(),
            "tuesday".into(),
            "--start".into(),
            "18:00".into(),
            "--end".into(),
            "20:00".into(),
            "--outcome".into(),
            outcome.into(),
        ]
    };
    let args = series("Juniors", "coventry-cyp/early-help");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = cli.fails(&args);
    assert!(err.contains("for clubs in Coventry"), "{err}");
    assert!(
        !cli.ok(&["series", "list"]).contains("Juniors"),
        "nothing added"
    );
    let args = series("Seniors", "toc/confidence");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    cli.ok(&args);
    cli.ok(&["init", "--add-framework", "coventry-cyp"]);
    let args = series("Juniors", "coventry-cyp/early-help");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(cli.ok(&args).contains("Added series Juniors"));
}

#[test]
fn demo_data_goes_only_into_an_empty_file() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Real Club"]);
    let err = cli.fails(&["demo", "--weeks", "2"]);
    assert!(err.contains("already has a club"), "{err}");
}

#[test]
fn a_register_taken_from_the_command_line() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    let people = cli.write("people.csv", PEOPLE);
    cli.ok(&["import", "young-people", &people]);
    let out = cli.ok(&[
        "series",
        "add",
        "--name",
        "Tuesday Juniors",
        "--weekday",
        "tue",
        "--start",
        "18:00",
        "--end",
        "20:00",
        "--venue",
        "St Mary's Hall",
        "--ages",
        "8-12",
    ]);
    assert!(out.contains("next session Tue 24 Nov 2026"), "{out}");
    let sessions: serde_json::Value = serde_json::from_str(&cli.ok(&[
        "sessions",
        "list",
        "--from",
        "2026-11-24",
        "--to",
        "2026-11-24",
        "--json",
    ]))
    .unwrap();
    let id = sessions[0]["id"].as_i64().unwrap().to_string();
    cli.ok(&["register", "mark", &id, "YP1", "YP2", "yp3"]);
    let err = cli.fails(&["register", "mark", &id, "YP1", "NOBODY"]);
    assert!(
        err.contains("No young person has the reference NOBODY"),
        "{err}"
    );
    let out = cli.ok(&[
        "register",
        "door",
        &id,
        "--first-name",
        "Nia",
        "--last-name",
        "Okafor",
        "--age",
        "11",
        "--gender",
        "f",
    ]);
    assert!(out.contains("Nia Okafor as YP00004"), "{out}");
    let err = cli.fails(&[
        "register",
        "door",
        &id,
        "--first-name",
        "Nia",
        "--last-name",
        "Okafor",
        "--age",
        "11",
    ]);
    assert!(
        err.contains("may already be on the list") && err.contains("--confirm-new"),
        "{err}"
    );
    let register: serde_json::Value =
        serde_json::from_str(&cli.ok(&["register", "show", &id, "--json"])).unwrap();
    assert_eq!(register["session"]["present"], 4);
    let out = cli.ok(&[
        "register",
        "times",
        &id,
        "--ref",
        "YP1",
        "--arrived",
        "18:15",
        "--left",
        "19:30",
    ]);
    assert!(
        out.contains("Jay Smith: arrived 18:15, left 19:30"),
        "{out}"
    );
    let err = cli.fails(&[
        "register",
        "times",
        &id,
        "--ref",
        "YP2",
        "--arrived",
        "19:00",
        "--left",
        "18:00",
    ]);
    assert!(
        err.contains("can't leave (18:00) before they arrive (19:00)"),
        "{err}"
    );
    cli.ok(&["register", "notes", &id, "Quiet night; pool cue broken."]);
    let register: serde_json::Value =
        serde_json::from_str(&cli.ok(&["register", "show", &id, "--json"])).unwrap();
    assert_eq!(
        register["session"]["notes"],
        "Quiet night; pool cue broken."
    );
    cli.ok(&["register", "unmark", &id, "YP3"]);
    assert!(cli.ok(&["register", "show", &id]).contains("3 present"));
    let err = cli.fails(&[
        "series",
        "add",
        "--name",
        "Late",
        "--weekday",
        "fri",
        "--start",
        "18:00",
        "--end",
        "17:30",
    ]);
    assert!(
        err.contains("The session ends before it starts (18:00-17:30)"),
        "{err}"
    );
}

#[test]
fn the_paper_register_is_a_valid_pdf_with_the_names_on_it() {
    let cli = Cli::new();
    cli.ok(&[
        "demo",
        "--young-people",
        "80",
        "--weeks",
        "12",
        "--sessions-per-week",
        "3",
        "--until",
        "2026-11-24",
    ]);
    let sessions: serde_json::Value = serde_json::from_str(&cli.ok(&[
        "sessions",
        "list",
        "--from",
        "2026-11-24",
        "--to",
        "2026-11-24",
        "--json",
    ]))
    .unwrap();
    let id = sessions[0]["id"].as_i64().unwrap().to_string();
    let pdf = cli.path("register.pdf");
    cli.ok(&["paper-register", &id, "--out", pdf.to_str().unwrap()]);
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf is installed (scripts/setup.sh)");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("BROOKFIELD YOUTH CLUB"), "{text}");
    assert!(text.contains("Tuesday Juniors"), "{text}");
    assert!(text.contains("Expected young people"), "{text}");
    let register: serde_json::Value =
        serde_json::from_str(&cli.ok(&["register", "show", &id, "--json"])).unwrap();
    let first = register["entries"][0]["young_person"]["last_name"]
        .as_str()
        .unwrap();
    assert!(
        text.contains(first),
        "{first} should be on the paper register"
    );
    assert!(
        !text.contains("inhaler"),
        "medical details are never printed"
    );
}

#[test]
fn a_file_from_a_newer_clubroom_is_refused() {
    let cli = Cli::new();
    // A plain file (as earlier versions made), so the sqlite3 shell can change it.
    drop(clubroom_core::Store::create(&cli.db()).unwrap());
    let conn = rusqlite_free_version_bump(&cli.db());
    assert!(conn);
    let err = cli.fails(&["stats", "--from", "2026-01-01", "--to", "2026-12-31"]);
    assert!(err.contains("newer version of Clubroom"), "{err}");
}

/// Sets the file's schema version beyond this build's, through the sqlite3 shell.
fn rusqlite_free_version_bump(db: &Path) -> bool {
    Command::new("sqlite3")
        .arg(db)
        .arg("PRAGMA user_version = 999;")
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

const STAFF: &str = "name,email,role,kind,start_date
Ann Archer,ann@example.org,lead,paid,2024-09-01
Bo Bright,bo@example.org,volunteer,volunteer,2025-03-01
";

const TRAINING: &str = "person,course,completed_on,provider,certificate_number
ann@example.org,Safeguarding level 2,2025-01-10,NSPCC Learning,SG-1
ann@example.org,Emergency First Aid at Work,2023-11-01,St John Ambulance,FA-1
ann@example.org,Enhanced DBS check,2025-01-10,,001234567890
Bo Bright,Safeguarding level 1,2025-03-01,Local authority,
Bo Bright,Enhanced DBS check,2025-03-01,,009876543210
";

#[test]
fn staff_training_and_safe_staffing_from_the_command_line() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    let staff = cli.write("staff.csv", STAFF);
    assert!(cli.ok(&["import", "people", &staff]).contains("2 added"));
    let training = cli.write("training.csv", TRAINING);
    assert!(
        cli.ok(&["import", "training", &training])
            .contains("5 added")
    );
    assert!(
        cli.ok(&["import", "training", &training])
            .contains("0 added, 0 updated, 5 unchanged")
    );

    let courses = cli.path("courses.csv");
    cli.ok(&["training", "courses", "--csv", courses.to_str().unwrap()]);
    let courses = std::fs::read_to_string(courses).unwrap();
    assert!(
        courses.starts_with("name,kind,validity_months\n"),
        "{courses}"
    );
    assert!(
        courses.contains("Enhanced DBS check,dbs,36\n")
            && courses.contains("Delivering quality youth work,other,\n"),
        "{courses}"
    );

    // Nobody has worked a session yet, so nothing is due for people who work sessions.
    assert!(cli.run(&["training", "due"]).status.success());

    // A session tonight with Ann alone and 12 young people of 14.
    cli.ok(&[
        "sessions",
        "add",
        "--name",
        "Seniors",
        "--date",
        "2026-11-24",
        "--start",
        "19:00",
        "--end",
        "21:00",
    ]);
    let sessions: serde_json::Value = serde_json::from_str(&cli.ok(&[
        "sessions",
        "list",
        "--from",
        "2026-11-24",
        "--to",
        "2026-11-24",
        "--json",
    ]))
    .unwrap();
    let id = sessions[0]["id"].as_i64().unwrap().to_string();
    let mut people = String::from("ref,first_name,last_name,date_of_birth\n");
    for n in 0..12 {
        people.push_str(&format!("T{n},Teen{n},Test,2012-05-05\n"));
    }
    let people = cli.write("people.csv", &people);
    cli.ok(&["import", "young-people", &people]);
    let refs: Vec<String> = (0..12).map(|n| format!("T{n}")).collect();
    let mut mark = vec!["register", "mark", id.as_str()];
    mark.extend(refs.iter().map(String::as_str));
    cli.ok(&mark);
    cli.ok(&[
        "staffing",
        "add",
        &id,
        "--person",
        "ann@example.org",
        "--role",
        "lead",
    ]);
    let check: serde_json::Value =
        serde_json::from_str(&cli.ok(&["staffing", "show", &id, "--json"])).unwrap();
    let kinds: Vec<&str> = check["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "too-few-adults",
            "ratio",
            "no-first-aider",
            "lapsed-training"
        ],
        "{check}"
    );
    assert_eq!(check["adults_needed"], 2);

    // Ann's first aid ran out on 1 November 2026: due, and the exit status says so.
    let due = cli.run(&["training", "due", "--within", "60"]);
    assert_eq!(due.status.code(), Some(1));
    let text = String::from_utf8(due.stdout).unwrap();
    assert!(
        text.contains("Ann Archer")
            && text.contains("Emergency First Aid at Work")
            && text.contains("expired 23 days ago"),
        "{text}"
    );

    let matrix = cli.path("matrix.csv");
    cli.ok(&[
        "training",
        "matrix",
        "--on",
        "2026-11-24",
        "--csv",
        matrix.to_str().unwrap(),
    ]);
    let matrix = std::fs::read_to_string(matrix).unwrap();
    assert!(
        matrix.starts_with("person,role,course,required,completed_on,expires_on,status\n"),
        "{matrix}"
    );
    assert!(
        matrix.contains(
            "Ann Archer,lead,Emergency First Aid at Work,yes,2023-11-01,2026-11-01,expired\n"
        ),
        "{matrix}"
    );
    assert!(
        matrix
            .contains("Bo Bright,volunteer,Safeguarding level 1,yes,2025-03-01,2028-03-01,valid\n"),
        "{matrix}"
    );

    let stats: serde_json::Value = serde_json::from_str(&cli.ok(&[
        "stats",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--json",
    ]))
    .unwrap();
    assert_eq!(stats["measures"]["staff"], 1);
    assert_eq!(stats["measures"]["staff_hours"], 2.0);
    assert_eq!(
        stats["measures"]["training_compliance"], 0.0,
        "Ann's first aid had lapsed on the day she worked"
    );

    // Renewed today: valid again, with a certificate kept beside the club file.
    let scan = cli.write("first-aid.pdf", "%PDF-1.4 certificate");
    let out = cli.ok(&[
        "training",
        "log",
        "--person",
        "Ann Archer",
        "--course",
        "Emergency First Aid at Work",
        "--completed",
        "2026-11-24",
        "--certificate",
        &scan,
    ]);
    assert!(out.contains("valid until 2029-11-24"), "{out}");
    assert!(cli.run(&["training", "due"]).status.success());
    let kept = cli.dir.path().join("club-attachments");
    assert_eq!(std::fs::read_dir(kept).unwrap().count(), 1);

    let pdf = cli.path("matrix.pdf");
    cli.ok(&["training", "matrix", "--pdf", pdf.to_str().unwrap()]);
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .expect("qpdf");
    assert!(check.status.success());
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Training matrix")
            && text.contains("Ann Archer")
            && text.contains("Bo Bright"),
        "{text}"
    );

    // A certificate done the same day counts for that day's session.
    let stats: serde_json::Value = serde_json::from_str(&cli.ok(&[
        "stats",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--json",
    ]))
    .unwrap();
    assert_eq!(stats["measures"]["training_compliance"], 1.0);
}

#[test]
fn a_funder_return_from_the_command_line() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "St Mary's Youth Club"]);
    let people = cli.write("people.csv", PEOPLE);
    cli.ok(&["import", "young-people", &people]);
    let attendance = cli.write("attendance.csv", ATTENDANCE);
    cli.ok(&["import", "attendance", &attendance]);
    let period = ["--from", "2026-11-01", "--to", "2026-11-30"];

    // JSON holds every measure by its DESIGN.md name; the same data gives the same bytes.
    let json_args = [
        &[
            "report",
            "--template",
            "general",
            "--format",
            "json",
            "--out",
            "-",
            "--draft",
        ][..],
        &period,
    ]
    .concat();
    let json = cli.ok(&json_args);
    assert_eq!(json, cli.ok(&json_args));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["measures"]["unique_young_people"], 3);
    assert_eq!(report["measures"]["youth_work_hours"], 4.5);
    assert_eq!(report["breakdowns"]["gender"]["non-binary"], 1);

    // A template by its name, narrowed to detached work: only Kai.
    let csv = cli.ok(&[
        &[
            "report",
            "--template",
            "Youth work progress report",
            "--type",
            "detached",
            "--format",
            "csv",
            "--out",
            "-",
            "--draft",
        ][..],
        &period,
    ]
    .concat());
    assert!(
        csv.contains(",unique_young_people,,Young people who took part,1\n"),
        "{csv}"
    );

    // A PDF for the funder is kept as sent.
    let pdf = cli.path("return.pdf");
    let out = cli.ok(&[
        &[
            "report",
            "--template",
            "children-in-need",
            "--out",
            pdf.to_str().unwrap(),
            "--difference",
            "toc/confidence",
            "--difference-words",
            "1=Made friends",
        ][..],
        &period,
    ]
    .concat());
    assert!(out.contains("kept it as sent (saved return 1)"), "{out}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    assert!(
        cli.ok(&["returns", "list"])
            .contains("Annual progress report")
    );
    assert!(
        cli.ok(&["returns", "check", "1"])
            .contains("have not changed")
    );

    // A young person marked late changes the figures the funder was sent.
    cli.write("late.csv", "date,session,start,end,type,venue,ref\n2026-11-17,Tuesday Juniors,18:00,20:00,open-access,St Mary's Hall,YP3\n");
    cli.ok(&[
        "import",
        "attendance",
        cli.path("late.csv").to_str().unwrap(),
    ]);
    let check = cli.ok(&["returns", "check", "1"]);
    assert!(check.contains("Attendances: sent 3, now 4"), "{check}");

    // The register has references and bands, never names.
    let register = cli.ok(&[
        &[
            "report",
            "--template",
            "general",
            "--format",
            "register",
            "--out",
            "-",
        ][..],
        &period,
    ]
    .concat());
    assert_eq!(
        register.lines().count(),
        5,
        "a header and four attendances: {register}"
    );
    assert!(
        register.contains("YP1,14-16,male,asian,CV6,2026-11-17,open-access,2"),
        "{register}"
    );
    assert!(!register.contains("Jay") && !register.contains("2011-03-04"));

    // Templates go out as files and come back as the club's own.
    let file = cli.path("mine.json");
    cli.ok(&["templates", "export", "general", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"id\": \"general\"", "\"id\": \"partnership-return\"");
    std::fs::write(&file, text).unwrap();
    assert!(
        cli.ok(&["templates", "import", file.to_str().unwrap()])
            .contains("partnership-return")
    );
    assert!(cli.ok(&["templates", "list"]).contains("the club's own"));
    let refused = cli.fails(&[
        "report",
        "--template",
        "nobody",
        "--out",
        "-",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ]);
    assert!(
        refused.contains("There is no template called “nobody”"),
        "{refused}"
    );
}

/// The SHA-256 of a file by coreutils' `sha256sum`: a check that does not use the core's own.
fn sha256sum(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum runs");
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

/// The real Frictionless tool: `$CLUBROOM_FRICTIONLESS`, else the one scripts/setup.sh
/// installs into target/tools/frictionless, else `frictionless` on the PATH.
fn frictionless() -> PathBuf {
    if let Some(path) = std::env::var_os("CLUBROOM_FRICTIONLESS") {
        return PathBuf::from(path);
    }
    let installed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/tools/frictionless/bin/frictionless");
    if installed.exists() {
        return installed;
    }
    let on_path = Command::new("frictionless").arg("--version").output();
    if on_path.is_ok_and(|o| o.status.success()) {
        return PathBuf::from("frictionless");
    }
    panic!(
        "The Frictionless tool is not installed, so the partnership summary cannot be checked \
         with it. Run ./scripts/setup.sh (it installs frictionless into \
         target/tools/frictionless), or set CLUBROOM_FRICTIONLESS to its path."
    );
}

/// Runs `frictionless validate --json` in `folder` (it refuses absolute paths as unsafe)
/// and returns its report.
fn validate(folder: &Path, args: &[&str]) -> serde_json::Value {
    let tool = frictionless();
    let out = Command::new(&tool)
        .arg("validate")
        .arg("--json")
        .args(args)
        .current_dir(folder)
        .output()
        .unwrap_or_else(|e| panic!("{} could not run: {e}", tool.display()));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless gave no report ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Every error of a Frictionless report, as "type: note".
fn frictionless_errors(report: &serde_json::Value) -> Vec<String> {
    let mut errors: Vec<String> = report["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(
            report["tasks"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|t| t["errors"].as_array().into_iter().flatten()),
        )
        .map(|e| {
            let text = |key: &str| e[key].as_str().unwrap_or_default().to_owned();
            format!("{}: {}", text("type"), text("note"))
        })
        .collect();
    errors.sort();
    errors
}

#[test]
fn a_partnership_summary_from_the_command_line() {
    // Without a member code there is nothing to key the files by.
    let cli = Cli::new();
    cli.ok(&["init", "--name", "St Mary's Youth Club"]);
    let out = cli.path("summary");
    std::fs::create_dir(&out).unwrap();
    let period = ["--from", "2026-07-01", "--to", "2026-09-30"];
    let write = |db: &Path, out: &Path| {
        let mut args = vec!["summary", "write", "--out", out.to_str().unwrap()];
        args.extend(period);
        cli.run_on(db, &args)
    };
    let refused = write(&cli.db(), &out);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("Set your partnership member code on the Club page first."),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    // The demo club is a member of the Westmere Youth Partnership (WYP-0042).
    let demo = cli.path("demo.sqlite3");
    let made = cli.run_on(
        &demo,
        &[
            "demo",
            "--young-people",
            "150",
            "--weeks",
            "20",
            "--sessions-per-week",
            "4",
            "--until",
            "2026-11-24",
        ],
    );
    assert!(made.status.success());
    let written = write(&demo, &out);
    let told = String::from_utf8(written.stdout).unwrap();
    assert!(written.status.success(), "{told}");
    let stem = "WYP-0042_2026-07-01_2026-09-30_lyp-summary-2";
    let csv = out.join(format!("{stem}.csv"));
    let schema = out.join("lyp-summary-2.schema.json");
    let manifest = out.join(format!("{stem}_manifest.json"));
    for file in [&csv, &schema, &manifest] {
        assert!(told.contains(&file.display().to_string()), "{told}");
        assert!(
            told.contains(&sha256sum(file)),
            "the digest of {file:?}: {told}"
        );
    }
    assert!(told.contains("No names, dates of birth, full postcodes or notes are included."));

    // The manifest's digests are the files' own, by an independent tool.
    let listed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    assert_eq!(listed["org_code"], "WYP-0042");
    assert_eq!(listed["files"][0]["sha256"], sha256sum(&csv));
    assert_eq!(listed["files"][1]["sha256"], sha256sum(&schema));

    // Writing again replaces the same three files; the CSV is byte for byte the same.
    let before = std::fs::read(&csv).unwrap();
    let mut args = vec!["summary", "write", "--json", "--out", out.to_str().unwrap()];
    args.extend(period);
    let again: serde_json::Value =
        serde_json::from_slice(&cli.run_on(&demo, &args).stdout).unwrap();
    assert_eq!(again.as_array().unwrap().len(), 3);
    assert_eq!(again[0]["sha256"], sha256sum(&csv));
    assert_eq!(std::fs::read(&csv).unwrap(), before);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);

    let text = String::from_utf8(before).unwrap();
    assert!(text.starts_with(
        "schema,org_code,org_name,period_start,period_end,measure,dimension,category,value,suppressed\n\
         lyp-summary/2,WYP-0042,Brookfield Youth Club,2026-07-01,2026-09-30,sessions,all,all,"
    ));
    assert!(
        text.contains(",,true\n"),
        "some small counts are withheld: {text}"
    );
}

#[test]
fn the_partnership_summary_passes_frictionless_validate() {
    let cli = Cli::new();
    let made = cli.run(&[
        "demo",
        "--young-people",
        "120",
        "--weeks",
        "16",
        "--sessions-per-week",
        "4",
        "--until",
        "2026-11-24",
    ]);
    assert!(made.status.success());
    let out = cli.path("summary");
    std::fs::create_dir(&out).unwrap();
    cli.ok(&[
        "summary",
        "write",
        "--from",
        "2026-08-01",
        "--to",
        "2026-10-31",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stem = "WYP-0042_2026-08-01_2026-10-31_lyp-summary-2";
    let csv = format!("{stem}.csv");
    let manifest = format!("{stem}_manifest.json");

    // The CSV against its Table Schema, and the manifest as a Data Package (which checks
    // the CSV's size and SHA-256 too).
    let report = validate(&out, &["--schema", "lyp-summary-2.schema.json", &csv]);
    assert_eq!(report["valid"], true, "{:#?}", frictionless_errors(&report));
    assert_eq!(report["tasks"][0]["stats"]["fields"], 10);
    let report = validate(&out, &[&manifest]);
    assert_eq!(report["valid"], true, "{:#?}", frictionless_errors(&report));

    // The checks bite: a withheld count put back, a made-up breakdown and a changed byte
    // are all caught.
    let text = std::fs::read_to_string(out.join(&csv)).unwrap();
    let tampered = text
        .replacen(",,true\n", ",3,yes\n", 1)
        .replacen(",gender,", ",town,", 1);
    std::fs::write(out.join(&csv), tampered).unwrap();
    let report = validate(&out, &[&manifest]);
    assert_eq!(report["valid"], false);
    let errors = frictionless_errors(&report).join("\n");
    for kind in ["type-error", "constraint-error", "hash-count"] {
        assert!(errors.contains(kind), "no {kind} in:\n{errors}");
    }
}

/// A demo club (member WYP-0042) for sending summaries.
fn demo_member(cli: &Cli) {
    let made = cli.run(&[
        "demo",
        "--young-people",
        "60",
        "--weeks",
        "12",
        "--sessions-per-week",
        "3",
        "--until",
        "2026-11-24",
    ]);
    assert!(made.status.success());
}

const SEND: [&str; 6] = [
    "summary",
    "send",
    "--from",
    "2026-09-01",
    "--to",
    "2026-11-23",
];

#[test]
fn a_partnership_summary_is_sent_to_a_folder_and_logged() {
    let cli = Cli::new();
    demo_member(&cli);
    let refused = cli.fails(&SEND);
    assert!(
        refused.contains("Set the partnership's destination first"),
        "{refused}"
    );
    assert!(
        cli.ok(&["summary", "destination"])
            .contains("No destination is set")
    );

    let shared = cli.path("shared-drive");
    std::fs::create_dir(&shared).unwrap();
    let set = cli.ok(&[
        "summary",
        "destination",
        "--folder",
        shared.to_str().unwrap(),
    ]);
    assert!(
        set.contains(&format!("Summaries go to {}, quarterly.", shared.display())),
        "{set}"
    );

    let sent = cli.ok(&SEND);
    assert!(
        sent.starts_with("Sent     2026-09-01 to 2026-11-23"),
        "{sent}"
    );
    let stem = "WYP-0042_2026-09-01_2026-11-23_lyp-summary-2";
    let csv = shared.join(format!("{stem}.csv"));
    let mut names: Vec<String> = std::fs::read_dir(&shared)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            format!("{stem}.csv"),
            format!("{stem}_manifest.json"),
            "lyp-summary-2.schema.json".to_owned()
        ]
    );
    // What was sent passes the real Frictionless checks, digests included.
    let report = validate(&shared, &[&format!("{stem}_manifest.json")]);
    assert_eq!(report["valid"], true, "{:#?}", frictionless_errors(&report));

    // Sending the period again replaces it: one outbox entry, the same three files.
    cli.ok(&SEND);
    assert_eq!(std::fs::read_dir(&shared).unwrap().count(), 3);
    let outbox: serde_json::Value =
        serde_json::from_str(&cli.ok(&["summary", "outbox", "--json"])).unwrap();
    assert_eq!(outbox.as_array().unwrap().len(), 1);
    assert_eq!(outbox[0]["status"], "sent");
    assert_eq!(outbox[0]["files"][0]["sha256"], sha256sum(&csv));

    let log: serde_json::Value =
        serde_json::from_str(&cli.ok(&["summary", "log", "--json"])).unwrap();
    assert_eq!(log.as_array().unwrap().len(), 2, "every attempt is logged");
    assert_eq!(log[0]["result"], "sent");
    assert_eq!(log[0]["csv_sha256"], sha256sum(&csv));
    assert_eq!(log[0]["destination"], shared.display().to_string());
    let text = cli.ok(&["summary", "log"]);
    assert!(
        text.contains(&format!("sent  Sent to {}.", shared.display())),
        "{text}"
    );

    // The shared drive is disconnected: the summary waits, and that is not a failure.
    std::fs::remove_dir_all(&shared).unwrap();
    let waiting = cli.ok(&SEND);
    assert!(
        waiting.contains("Waiting  2026-09-01 to 2026-11-23: The folder"),
        "{waiting}"
    );
    assert!(
        waiting.contains("is the shared drive connected?"),
        "{waiting}"
    );
    assert!(waiting.contains("next try after"), "{waiting}");

    // The drive is back: sending with no period tries again what is waiting.
    std::fs::create_dir(&shared).unwrap();
    let retried = cli.ok(&["summary", "send"]);
    assert!(
        retried.starts_with("Sent     2026-09-01 to 2026-11-23"),
        "{retried}"
    );
    assert_eq!(std::fs::read_dir(&shared).unwrap().count(), 3);
    let nothing = cli.ok(&["summary", "send"]);
    assert_eq!(nothing, "Nothing is waiting to be sent.\n");
}

/// Answers every request with 401, as a WebDAV server does to a wrong app password.
fn refusing_server() -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut seen = Vec::new();
            let mut byte = [0u8; 1];
            while !seen.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                seen.push(byte[0]);
            }
            let _ = stream.write_all(
                b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\n\
                  Content-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    port
}

#[test]
fn a_summary_refused_by_the_partnership_server_fails_with_the_reason() {
    let cli = Cli::new();
    demo_member(&cli);
    let url = format!("http://127.0.0.1:{}/summaries", refusing_server());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_clubroom-cli"))
            .env("CLUBROOM_USER", "Test Manager")
            .env("CLUBROOM_PASSWORD", "a long test password")
            .arg("--db")
            .arg(cli.db())
            .args(args)
            .env("CLUBROOM_TODAY", "2026-11-24")
            .env("CLUBROOM_WEBDAV_PASSWORD", "not the password")
            .output()
            .unwrap()
    };
    let set = run(&["summary", "destination", "--webdav", &url, "--user", "club"]);
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    assert!(String::from_utf8_lossy(&set.stdout).contains("/summaries/ (as club)"));

    let sent = run(&SEND);
    assert!(!sent.status.success(), "a refusal is a failure");
    let told = String::from_utf8_lossy(&sent.stdout);
    assert!(
        told.contains(
            "Failed   2026-09-01 to 2026-11-23: The partnership's server refused the user name or app password (401)"
        ),
        "{told}"
    );
    let stderr = String::from_utf8_lossy(&sent.stderr);
    assert!(stderr.contains("1 summary could not be sent"), "{stderr}");
    let outbox: serde_json::Value =
        serde_json::from_slice(&run(&["summary", "outbox", "--json"]).stdout).unwrap();
    assert_eq!(outbox[0]["status"], "failed");
    assert_eq!(
        outbox[0]["files"].as_array().unwrap().len(),
        3,
        "the files are kept"
    );
}

/// A real Secret Service, as a Linux desktop has: a private D-Bus session bus with
/// gnome-keyring-daemon on it (both from Debian), its login keyring unlocked, its files in a
/// temporary home. Stopped when dropped.
struct Keychain {
    bus: std::process::Child,
    daemon: std::process::Child,
    address: String,
    home: tempfile::TempDir,
}

impl Keychain {
    fn start() -> Keychain {
        use std::io::{BufRead, Write};
        use std::process::Stdio;
        let home = tempfile::tempdir().unwrap();
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "The keychain test needs dbus-daemon and gnome-keyring (Debian packages): run \
                 ./scripts/setup.sh",
            );
        let mut address = String::new();
        std::io::BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--components=secrets", "--unlock"])
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon starts");
        // The login keyring's own password, given once, as at a desktop sign-in.
        let mut stdin = daemon.stdin.take().unwrap();
        stdin.write_all(b"the desktop sign-in password").unwrap();
        drop(stdin);
        let keychain = Keychain {
            bus,
            daemon,
            address,
            home,
        };
        keychain.wait_until_on_the_bus();
        keychain
    }

    fn wait_until_on_the_bus(&self) {
        for _ in 0..100 {
            let asked = Command::new("dbus-send")
                .args([
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
                .output()
                .unwrap();
            if String::from_utf8_lossy(&asked.stdout).contains("boolean true") {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("gnome-keyring-daemon did not come onto the session bus");
    }

    /// Every file the keychain keeps.
    fn files(&self) -> Vec<PathBuf> {
        files_under(&self.home.path().join("data"))
    }
}

impl Drop for Keychain {
    fn drop(&mut self) {
        for child in [&mut self.daemon, &mut self.bus] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            found.extend(files_under(&path));
        } else if kind.is_file() {
            // Not the daemon's sockets.
            found.push(path);
        }
    }
    found
}

/// Answers every request with 401, keeping the Authorization header each one carried.
fn recording_refusing_server() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = seen.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head).into_owned();
            if let Some(line) = head
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("authorization:"))
            {
                kept.lock()
                    .unwrap()
                    .push(line["authorization:".len()..].trim().to_owned());
            }
            let _ = stream.write_all(
                b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    (port, seen)
}

#[test]
fn the_app_password_is_kept_in_a_real_keychain_and_nowhere_else() {
    use base64::prelude::*;
    use std::io::Write;
    use std::process::Stdio;
    const APP_PASSWORD: &str = "Harbour-lights-42";
    let keychain = Keychain::start();
    let cli = Cli::new();
    demo_member(&cli);
    let (port, seen) = recording_refusing_server();
    let url = format!("http://127.0.0.1:{port}/summaries/");
    let command = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_clubroom-cli"));
        command
            .env("CLUBROOM_USER", "Test Manager")
            .env("CLUBROOM_PASSWORD", "a long test password")
            .arg("--db")
            .arg(cli.db())
            .args(args)
            .env("CLUBROOM_TODAY", "2026-11-24")
            .env("DBUS_SESSION_BUS_ADDRESS", &keychain.address)
            .env_remove("CLUBROOM_WEBDAV_PASSWORD");
        command
    };

    // Setting the destination asks for the app password and keeps it in the keychain.
    let mut set = command(&["summary", "destination", "--webdav", &url, "--user", "club"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = set.stdin.take().unwrap();
    writeln!(stdin, "{APP_PASSWORD}").unwrap();
    drop(stdin);
    let set = set.wait_with_output().unwrap();
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    assert!(String::from_utf8_lossy(&set.stderr).contains("kept in the keychain"));

    // A later send, with nothing typed and no variable set, takes it from the keychain.
    let sent = command(&SEND).output().unwrap();
    assert!(!sent.status.success(), "the server refuses everyone");
    let headers = seen.lock().unwrap().clone();
    assert!(!headers.is_empty(), "the send reached the server");
    assert!(
        headers.iter().all(|h| h
            == &format!(
                "Basic {}",
                BASE64_STANDARD.encode(format!("club:{APP_PASSWORD}"))
            )),
        "{headers:?}"
    );

    // The password is in no file: not the club file, nor beside it, nor in plain text in the
    // keychain's own (encrypted) files, which do exist.
    let kept = keychain.files();
    assert!(!kept.is_empty(), "the keychain wrote its keyring");
    for file in files_under(cli.dir.path()).iter().chain(&kept) {
        let bytes = std::fs::read(file).unwrap();
        assert!(
            !bytes
                .windows(APP_PASSWORD.len())
                .any(|w| w == APP_PASSWORD.as_bytes()),
            "the app password is readable in {}",
            file.display()
        );
    }
}

#[test]
fn a_partnership_merges_its_members_summaries_from_the_command_line() {
    let cli = Cli::new();
    let inbox = cli.path("inbox");
    let report = cli.path("report");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::create_dir(&report).unwrap();
    let inbox_arg = inbox.to_str().unwrap();
    let report_arg = report.to_str().unwrap();

    // Nothing to merge yet: a plain error, and no club file is made for it.
    let empty = cli.fails(&["partnership", "merge", inbox_arg, "--out", report_arg]);
    assert!(
        empty.contains("No member's summary could be read from the folder"),
        "{empty}"
    );
    assert!(!cli.db().exists());

    // Two demo clubs: WYP-0042 sends the summer and the autumn, WYP-0043 the summer only.
    let club = |name: &str, seed: &str, code: &str| {
        let db = cli.path(name);
        let made = cli.run_on(
            &db,
            &[
                "demo",
                "--young-people",
                "60",
                "--weeks",
                "30",
                "--sessions-per-week",
                "2",
                "--seed",
                seed,
                "--until",
                "2026-11-24",
            ],
        );
        assert!(made.status.success());
        assert!(
            cli.run_on(&db, &["init", "--lyp-code", code])
                .status
                .success()
        );
        db
    };
    let send = |db: &Path, from: &str, to: &str| {
        let args = [
            "summary", "write", "--from", from, "--to", to, "--out", inbox_arg,
        ];
        assert!(cli.run_on(db, &args).status.success());
    };
    let first = club("first.sqlite3", "1", "WYP-0042");
    let second = club("second.sqlite3", "2", "WYP-0043");
    send(&first, "2026-07-01", "2026-09-30");
    send(&first, "2026-04-01", "2026-06-30");
    send(&second, "2026-04-01", "2026-06-30");
    std::fs::write(inbox.join("notes.csv"), "a,b\n1,2\n").unwrap();

    // The latest period by default: one member, one missing, the foreign file skipped.
    let told = cli.ok(&["partnership", "merge", inbox_arg, "--out", report_arg]);
    assert!(
        told.contains("Merged 1 member summaries for 2026-07-01 to 2026-09-30:"),
        "{told}"
    );
    assert!(told.contains("  WYP-0042 "), "{told}");
    assert!(
        told.contains("Missing for this period:\n  WYP-0043 ")
            && told.contains("(last sent 2026-04-01 to 2026-06-30)"),
        "{told}"
    );
    assert!(
        told.contains("Skipped 1 files:\n  notes.csv has no manifest in the folder"),
        "{told}"
    );
    assert!(told.contains("a young person who attends two groups is counted twice"));
    for name in [
        "partnership-totals.csv",
        "partnership-members.csv",
        "partnership-report.pdf",
    ] {
        assert!(
            told.contains(&report.join(name).display().to_string()),
            "{told}"
        );
    }
    let totals = std::fs::read_to_string(report.join("partnership-totals.csv")).unwrap();
    assert!(totals.starts_with(
        "schema,period_start,period_end,measure,dimension,category,value,bound,members,members_withheld,note\n\
         lyp-partnership/2,2026-07-01,2026-09-30,sessions,all,all,"
    ));
    assert!(
        std::fs::read(report.join("partnership-report.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );

    // A chosen period, and a members list that expects one more; JSON for scripts.
    let list = cli.write(
        "members.txt",
        "# our members\nWYP-0042\nWYP-0043\nWYP-0099\n",
    );
    let json: serde_json::Value = serde_json::from_str(&cli.ok(&[
        "partnership",
        "merge",
        inbox_arg,
        "--out",
        report_arg,
        "--from",
        "2026-04-01",
        "--to",
        "2026-06-30",
        "--members",
        &list,
        "--json",
    ]))
    .unwrap();
    let codes: Vec<&str> = json["merge"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["org_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["WYP-0042", "WYP-0043"]);
    assert_eq!(json["merge"]["missing"][0]["org_code"], "WYP-0099");
    assert_eq!(json["written"].as_array().unwrap().len(), 3);

    // A period nobody sent is refused, naming the periods there are.
    let none = cli.fails(&[
        "partnership",
        "merge",
        inbox_arg,
        "--out",
        report_arg,
        "--from",
        "2025-01-01",
        "--to",
        "2025-03-31",
    ]);
    assert!(
        none.contains("No member's summary in the folder is for 2025-01-01 to 2025-03-31"),
        "{none}"
    );
}

#[test]
fn data_rights_from_the_command_line() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "St Mary's Youth Club"]);
    cli.ok(&["import", "young-people", &cli.write("people.csv", PEOPLE)]);
    cli.ok(&[
        "import",
        "attendance",
        &cli.write("attendance.csv", ATTENDANCE),
    ]);
    let before = cli.stats("2026-11-01", "2026-11-30");

    let json = cli.path("jay.json");
    let said = cli.ok(&[
        "rights",
        "access",
        "--young-person",
        "YP1",
        "--out",
        json.to_str().unwrap(),
    ]);
    assert!(
        said.contains("Wrote everything held about Jay Smith"),
        "{said}"
    );
    let held: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(held["format"], "clubroom-subject-access/1");
    assert_eq!(held["details"]["postcode"], "CV6 4AB");
    assert_eq!(held["attendances"][0]["session"], "Tuesday Juniors");
    let pdf = cli.path("jay.pdf");
    cli.ok(&[
        "rights",
        "access",
        "--young-person",
        "YP1",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(&std::fs::read(&pdf).unwrap()[..5], b"%PDF-");
    assert!(
        cli.fails(&[
            "rights",
            "access",
            "--young-person",
            "YP1",
            "--out",
            "jay.txt"
        ])
        .contains("should end in .pdf or .json")
    );

    let preview = cli.ok(&["rights", "erase", "--young-person", "YP1"]);
    assert!(preview.contains("Run again with --confirm"), "{preview}");
    assert!(cli.ok(&["young-people", "list"]).contains("Jay"));
    let erased = cli.ok(&["rights", "erase", "--young-person", "YP1", "--confirm"]);
    assert!(
        erased.contains("Erased Jay Smith (YP1). 1 attendance still counts"),
        "{erased}"
    );
    assert!(!cli.ok(&["young-people", "list"]).contains("Jay"));
    assert_eq!(cli.stats("2026-11-01", "2026-11-30"), before);
    assert_eq!(
        cli.fails(&["rights", "erase", "--young-person", "YP1", "--confirm"])
            .trim(),
        "No young person has the reference YP1."
    );

    assert!(
        cli.ok(&["rights", "retention", "show"])
            .contains("not seen for 3 years")
    );
    cli.ok(&["rights", "retention", "set", "--unseen-years", "2"]);
    let rules: serde_json::Value =
        serde_json::from_str(&cli.ok(&["rights", "retention", "show", "--json"])).unwrap();
    assert_eq!(
        rules,
        serde_json::json!({"unseen_years": 2, "register_years": 7})
    );
    assert!(
        cli.fails(&["rights", "retention", "set", "--register-years", "0"])
            .contains("1 to 50")
    );
    let review: serde_json::Value =
        serde_json::from_str(&cli.ok(&["rights", "retention", "review", "--json"])).unwrap();
    assert_eq!(
        review["people"],
        serde_json::json!([]),
        "everyone was seen this month"
    );
    assert!(
        cli.ok(&["rights", "retention", "apply"])
            .contains("Nothing was changed")
    );
}

#[test]
fn init_protects_the_club_and_every_command_signs_in_and_is_checked() {
    let cli = Cli::new();
    // Without the first manager's name and password, init explains what to set.
    let told = Command::new(env!("CARGO_BIN_EXE_clubroom-cli"))
        .arg("--db")
        .arg(cli.db())
        .args(["init", "--name", "Club"])
        .env_remove("CLUBROOM_USER")
        .env_remove("CLUBROOM_PASSWORD")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!told.status.success());
    assert!(String::from_utf8_lossy(&told.stderr).contains("set CLUBROOM_USER"));

    cli.ok(&["init", "--name", "Zebedee Youth Club"]);
    let raw = std::fs::read(cli.db()).unwrap();
    assert!(
        !raw.starts_with(b"SQLite format 3"),
        "the club file is encrypted"
    );
    assert!(cli.path("club.sqlite3.keys").exists());

    // A wrong password, or a name nobody has, is refused plainly and the file is left
    // exactly as it was.
    let before = std::fs::read(cli.db()).unwrap();
    for (name, secret) in [
        ("Test Manager", "not the password"),
        ("Nobody", "a long test password"),
    ] {
        let refused = cli.run_as(name, secret, &["young-people", "list"]);
        assert!(!refused.status.success());
        let told = String::from_utf8_lossy(&refused.stderr);
        assert!(told.contains("do not match"), "{told}");
        assert!(
            std::fs::read(cli.db()).unwrap() == before,
            "nothing touched"
        );
    }

    // A volunteer with a PIN, linked to their staff record and on one session's staff.
    let staff = cli.write("staff.csv", STAFF);
    cli.ok(&["import", "people", &staff]);
    cli.ok(&[
        "sessions",
        "add",
        "--name",
        "Juniors",
        "--date",
        "2026-11-24",
        "--start",
        "18:00",
        "--end",
        "20:00",
    ]);
    cli.ok(&[
        "sessions",
        "add",
        "--name",
        "Seniors",
        "--date",
        "2026-11-24",
        "--start",
        "20:00",
        "--end",
        "21:30",
    ]);
    let sessions: serde_json::Value = serde_json::from_str(&cli.ok(&[
        "sessions",
        "list",
        "--from",
        "2026-11-24",
        "--to",
        "2026-11-24",
        "--json",
    ]))
    .unwrap();
    let juniors = sessions[0]["id"].as_i64().unwrap().to_string();
    let seniors = sessions[1]["id"].as_i64().unwrap().to_string();
    cli.ok(&[
        "staffing",
        "add",
        &juniors,
        "--person",
        "Bo Bright",
        "--role",
        "volunteer",
    ]);
    let added = Command::new(env!("CARGO_BIN_EXE_clubroom-cli"))
        .arg("--db")
        .arg(cli.db())
        .args([
            "users",
            "add",
            "Bo",
            "--role",
            "volunteer",
            "--pin",
            "--person",
            "Bo Bright",
        ])
        .env("CLUBROOM_USER", "Test Manager")
        .env("CLUBROOM_PASSWORD", "a long test password")
        .env("CLUBROOM_NEW_SECRET", "402917")
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let bo = |args: &[&str]| cli.run_as("Bo", "402917", args);
    assert!(bo(&["register", "show", &juniors]).status.success());
    let other = bo(&["register", "show", &seniors]);
    assert!(!other.status.success());
    assert!(String::from_utf8_lossy(&other.stderr).contains("sessions you are down to staff"));
    let figures = bo(&["stats", "--from", "2026-01-01", "--to", "2026-12-31"]);
    assert!(!figures.status.success());
    assert!(String::from_utf8_lossy(&figures.stderr).contains("cannot see figures and returns"));
    assert!(!bo(&["audit", "list"]).status.success());

    // The manager reads the log: who did what, and the chain is whole.
    let log: serde_json::Value =
        serde_json::from_str(&cli.ok(&["audit", "list", "--user", "bo", "--json"])).unwrap();
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"sign in"), "{actions:?}");
    let whole = cli.ok(&["audit", "verify"]);
    assert!(whole.contains("The audit log is whole"), "{whole}");
}

#[test]
fn init_encrypts_a_plain_club_file_from_an_earlier_version_in_place() {
    let cli = Cli::new();
    // `demo` makes a plain file with no accounts, as every version before sign-in did.
    demo_member(&cli);
    let before = cli.ok(&["young-people", "list", "--all"]);
    assert!(
        std::fs::read(cli.db())
            .unwrap()
            .starts_with(b"SQLite format 3")
    );

    cli.ok(&["init", "--lyp-code", "COV-0042"]);
    assert!(
        !std::fs::read(cli.db())
            .unwrap()
            .starts_with(b"SQLite format 3"),
        "encrypted in place"
    );
    assert!(cli.path("club.sqlite3.keys").exists());
    assert_eq!(
        cli.ok(&["young-people", "list", "--all"]),
        before,
        "every record kept"
    );
    let wrong = cli.run_as(
        "Test Manager",
        "not the password",
        &["young-people", "list"],
    );
    assert!(
        !wrong.status.success(),
        "now it needs the manager's password"
    );
}

/// Adds an account as the test manager, its password or PIN given as a new secret.
fn add_account(cli: &Cli, name: &str, role: &str, secret: &str, extra: &[&str]) {
    let added = cli
        .command_as(common::MANAGER, common::MANAGER_PASSWORD)
        .env("CLUBROOM_NEW_SECRET", secret)
        .args(["users", "add", name, "--role", role])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
}

#[test]
fn people_list_shows_a_volunteer_only_their_own_record_and_the_others_everyone() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Zebedee Youth Club"]);
    let staff = cli.write("staff.csv", STAFF);
    cli.ok(&["import", "people", &staff]);
    add_account(
        &cli,
        "Bo",
        "volunteer",
        "402917",
        &["--pin", "--person", "Bo Bright"],
    );
    add_account(&cli, "Lee Chen", "leader", "a leader's long password", &[]);
    add_account(
        &cli,
        "Sam Lead",
        "safeguarding-lead",
        "a lead's long password",
        &[],
    );

    let emails_seen_by = |name: &str, secret: &str| -> Vec<String> {
        let out = cli.run_as(name, secret, &["people", "list", "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["email"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let everyone = vec!["ann@example.org".to_owned(), "bo@example.org".to_owned()];
    assert_eq!(
        emails_seen_by(common::MANAGER, common::MANAGER_PASSWORD),
        everyone
    );
    assert_eq!(
        emails_seen_by("Sam Lead", "a lead's long password"),
        everyone
    );
    assert_eq!(
        emails_seen_by("Lee Chen", "a leader's long password"),
        everyone
    );
    // A volunteer sees their own contact details, never a colleague's.
    assert_eq!(
        emails_seen_by("Bo", "402917"),
        vec!["bo@example.org".to_owned()]
    );
    let table = cli.run_as("Bo", "402917", &["people", "list"]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(!table.contains("ann@example.org"), "{table}");
}

#[test]
fn only_init_and_demo_make_a_club_and_any_other_file_is_refused_untouched() {
    let cli = Cli::new();
    // No file: every other command says so and makes none.
    let err = cli.fails(&["young-people", "list"]);
    assert!(err.contains("There is no club file at"), "{err}");
    assert!(!cli.db().exists());

    // An empty file is not taken for a new club with no sign-in.
    std::fs::write(cli.db(), b"").unwrap();
    let err = cli.fails(&[
        "young-people",
        "add",
        "--first-name",
        "Ada",
        "--last-name",
        "Example",
    ]);
    assert!(
        err.contains("is empty: it is not a Clubroom club file"),
        "{err}"
    );
    assert_eq!(std::fs::metadata(cli.db()).unwrap().len(), 0);

    // Nor is another program's database.
    let other = cli.path("other.sqlite3");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE recipes (name TEXT);")
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    let out = cli.run_on(&other, &["young-people", "list"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a Clubroom club file"), "{err}");
    assert!(std::fs::read(&other).unwrap() == before, "untouched");

    // `init` makes the club over the empty file, encrypted with its first manager.
    cli.ok(&["init", "--name", "Zebedee Youth Club"]);
    assert!(cli.path("club.sqlite3.keys").exists());
    cli.ok(&["young-people", "list"]);
}

#[test]
fn anyone_changes_their_own_password_or_pin_and_managers_keep_a_passphrase() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Zebedee Youth Club"]);
    add_account(&cli, "Bo", "volunteer", "402917", &["--pin"]);
    let change = |name: &str, secret: &str, new: &str, extra: &[&str]| {
        cli.command_as(name, secret)
            .env("CLUBROOM_NEW_SECRET", new)
            .args(["users", "password"])
            .args(extra)
            .output()
            .unwrap()
    };
    // A volunteer changes their PIN: the old one stops working, the new one works.
    let changed = change("Bo", "402917", "730184", &["--pin"]);
    assert!(
        changed.status.success(),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
    assert!(
        !cli.run_as(
            "Bo",
            "402917",
            &[
                "sessions",
                "list",
                "--from",
                "2026-11-24",
                "--to",
                "2026-11-24"
            ]
        )
        .status
        .success()
    );
    let out = cli.run_as(
        "Bo",
        "730184",
        &[
            "sessions",
            "list",
            "--from",
            "2026-11-24",
            "--to",
            "2026-11-24",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The same rule and message as everywhere: a PIN of a run of digits is refused.
    let refused = change("Bo", "730184", "123456", &["--pin"]);
    assert!(!refused.status.success());
    let told = String::from_utf8_lossy(&refused.stderr);
    assert!(told.contains("That PIN is too easy to guess"), "{told}");

    // A manager may not swap their password for a PIN.
    let refused = change(
        common::MANAGER,
        common::MANAGER_PASSWORD,
        "402917",
        &["--pin"],
    );
    assert!(!refused.status.success());
    let told = String::from_utf8_lossy(&refused.stderr);
    assert!(told.contains("not a PIN"), "{told}");
    let changed = change(
        common::MANAGER,
        common::MANAGER_PASSWORD,
        "another long password",
        &[],
    );
    assert!(
        changed.status.success(),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
    assert!(
        cli.run_as(common::MANAGER, "another long password", &["users", "list"])
            .status
            .success()
    );
}

#[test]
fn each_subcommand_is_checked_as_its_own_operation_not_its_groups_strictest() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Zebedee Youth Club"]);
    let staff = cli.write("staff.csv", STAFF);
    cli.ok(&["import", "people", &staff]);
    add_account(
        &cli,
        "Bo",
        "volunteer",
        "402917",
        &["--pin", "--person", "Bo Bright"],
    );
    add_account(&cli, "Lee Chen", "leader", "a leader's long password", &[]);
    // The course catalogue is open to anyone who records their own training (the window's
    // `courses`); it was refused as if it were changing role requirements.
    for (name, secret) in [("Bo", "402917"), ("Lee Chen", "a leader's long password")] {
        let out = cli.run_as(name, secret, &["training", "courses"]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Changing what a role requires is still a manager's.
    let out = cli.run_as(
        "Lee Chen",
        "a leader's long password",
        &[
            "training",
            "require",
            "--course",
            "First aid",
            "--role",
            "lead",
        ],
    );
    assert!(!out.status.success());
    let told = String::from_utf8_lossy(&out.stderr);
    assert!(told.contains("cannot"), "{told}");
}

#[test]
fn a_summary_for_a_period_not_yet_ended_needs_before_period_ends() {
    let cli = Cli::new();
    demo_member(&cli);
    let shared = cli.path("shared-drive");
    std::fs::create_dir(&shared).unwrap();
    cli.ok(&[
        "summary",
        "destination",
        "--folder",
        shared.to_str().unwrap(),
    ]);
    // Today is 24 November 2026: the quarter to 31 December is still running.
    let running = [
        "summary",
        "send",
        "--from",
        "2026-10-01",
        "--to",
        "2026-12-31",
    ];
    let refused = cli.fails(&running);
    assert!(
        refused.contains("This period runs until 31 December 2026, so it has not ended"),
        "{refused}"
    );
    assert!(refused.contains("--before-period-ends"), "{refused}");
    assert!(
        !cli.ok(&["summary", "outbox"]).contains("2026-10-01"),
        "nothing queued"
    );
    let mut anyway = running.to_vec();
    anyway.push("--before-period-ends");
    let sent = cli.ok(&anyway);
    assert!(sent.contains("2026-10-01 to 2026-12-31"), "{sent}");
}

/// A test file made by the core's generator (tests/data/import/).
fn import_test_file(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/import")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn any_spreadsheet_is_imported_through_the_suggested_mapping_printed_for_reuse() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    let members = import_test_file("osm-members.xlsx");
    // A dry run: the suggested mapping alone on standard output, the problems on standard
    // error, nothing saved, and a failing status while there are problems.
    let out = cli.run(&["import", "young-people", &members, "--dry-run"]);
    assert!(!out.status.success());
    let mut mapping: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.contains("column Gender: “Prefer not to disclose”"),
        "{said}"
    );
    assert_eq!(mapping["sheet"], "Members");
    assert!(cli.ok(&["young-people", "list"]).contains("0 of 0 shown"));
    // The user chooses the one unmapped value and imports with the saved mapping.
    mapping["values"]["gender"]["Prefer not to disclose"] = "prefer not to say".into();
    let saved = cli.write("osm.json", &mapping.to_string());
    let out = cli.ok(&["import", "young-people", &members, "--mapping", &saved]);
    assert!(
        out.contains("Imported young people: 12 rows; 12 added"),
        "{out}"
    );
    let again = cli.ok(&["import", "young-people", &members, "--mapping", &saved]);
    assert!(
        again.contains("0 added, 0 updated, 12 unchanged"),
        "{again}"
    );

    // The messy register, with its suggested mapping: a session per date with a mark.
    let register = import_test_file("messy-register.csv");
    let out = cli.run(&["import", "attendance", &register]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stderr).unwrap();
    let text = std::fs::read_to_string(&register).unwrap();
    let present: usize = text
        .lines()
        .skip(3)
        .filter(|line| !line.starts_with("Totals"))
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            cells[1..cells.len() - 1]
                .iter()
                .filter(|c| ["✓", "/", "P", "1", "Y", "x"].contains(c))
                .count()
        })
        .sum();
    assert!(
        said.contains(&format!(
            "Imported attendance: {present} rows; {present} added"
        )),
        "{said}"
    );
    let stats = cli.stats("2025-10-01", "2025-11-30");
    assert_eq!(stats["measures"]["attendances"], present);
}

#[test]
fn a_mapping_that_is_not_one_is_refused_in_words() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    let bad = cli.write("m.json", "{\"format\": \"something else\"}");
    let err = cli.fails(&[
        "import",
        "young-people",
        &import_test_file("semicolon-windows-1252.csv"),
        "--mapping",
        &bad,
    ]);
    assert!(err.contains("can't be read as a Clubroom mapping"), "{err}");
}

#[test]
fn import_reads_the_sheet_it_is_told_to_and_names_the_sheets_when_there_is_none() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    let book = import_test_file("osm-register.xlsx");
    let err = cli.fails(&[
        "import",
        "attendance",
        &book,
        "--sheet",
        "Autumn",
        "--dry-run",
    ]);
    assert!(
        err.contains("no sheet called “Autumn” (its sheets: Register)"),
        "{err}"
    );
    let out = cli.run(&[
        "import",
        "attendance",
        &book,
        "--sheet",
        "register",
        "--dry-run",
    ]);
    let mapping: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(mapping["sheet"], "Register", "the workbook's own spelling");
    assert_eq!(mapping["register"]["session"], "Club night");
}

/// The messy register put on a weekly series with --series (worked out by hand from the
/// file: 24 present marks on five Tuesdays, 7 Oct to 4 Nov 2025). The series runs from
/// 21 Oct, so its sessions on 21 Oct, 28 Oct and 4 Nov take their marks and 7 and 14 Oct are
/// made as its sessions: 8 sessions from 1 Oct to 30 Nov (its Tuesdays 7 Oct to 25 Nov), not
/// the 11 that one-off sessions beside the series would make. Again: nothing added.
#[test]
fn an_old_register_goes_onto_the_series_it_is_told_to() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    let members = import_test_file("osm-members.xlsx");
    let out = cli.run(&["import", "young-people", &members, "--dry-run"]);
    let mut mapping: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    mapping["values"]["gender"]["Prefer not to disclose"] = "prefer not to say".into();
    let saved = cli.write("osm.json", &mapping.to_string());
    cli.ok(&["import", "young-people", &members, "--mapping", &saved]);
    cli.ok(&[
        "series",
        "add",
        "--name",
        "Tuesday Juniors",
        "--weekday",
        "tue",
        "--start",
        "18:00",
        "--end",
        "20:00",
        "--starts-on",
        "2025-10-21",
    ]);
    let register = import_test_file("messy-register.csv");
    // Without --series, the series whose weekday the dates fall on is proposed.
    let out = cli.run(&["import", "attendance", &register, "--dry-run"]);
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("pass --series \"Tuesday Juniors\""), "{said}");
    let err = cli.fails(&[
        "import",
        "attendance",
        &register,
        "--series",
        "Friday Seniors",
    ]);
    assert!(
        err.contains(
            "No running weekly series is called “Friday Seniors” (series: Tuesday Juniors)"
        ),
        "{err}"
    );
    let out = cli.run(&[
        "import",
        "attendance",
        &register,
        "--series",
        "tuesday juniors",
    ]);
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(
            "Imported attendance: 24 rows; 24 added, 0 updated, 0 unchanged; 2 sessions created"
        ),
        "{said}"
    );
    let stats = cli.stats("2025-10-01", "2025-11-30");
    assert_eq!(stats["measures"]["attendances"], 24);
    assert_eq!(stats["measures"]["sessions"], 8);
    let out = cli.run(&[
        "import",
        "attendance",
        &register,
        "--series",
        "Tuesday Juniors",
    ]);
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("0 added, 0 updated, 24 unchanged"), "{said}");
    assert_eq!(
        cli.stats("2025-10-01", "2025-11-30")["measures"]["sessions"],
        8
    );
}

/// `--rows` lists each row of a young people file beside who it will be: the members file
/// into an empty club (all new), then again once imported (no one changes).
#[test]
fn a_dry_run_lists_every_row_beside_who_it_will_be() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    let members = import_test_file("osm-members.xlsx");
    let out = cli.run(&["import", "young-people", &members, "--dry-run"]);
    let mut mapping: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    mapping["values"]["gender"]["Prefer not to disclose"] = "prefer not to say".into();
    let saved = cli.write("osm.json", &mapping.to_string());
    let out = cli.ok(&[
        "import",
        "young-people",
        &members,
        "--mapping",
        &saved,
        "--dry-run",
        "--rows",
    ]);
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("Line ")).collect();
    assert_eq!(lines.len(), 12, "{out}");
    assert!(
        lines[0].starts_with("Line 5: Ada Lovelace – new, as Ada Lovelace ("),
        "{out}"
    );
    cli.ok(&["import", "young-people", &members, "--mapping", &saved]);
    let out = cli.ok(&[
        "import",
        "young-people",
        &members,
        "--mapping",
        &saved,
        "--dry-run",
        "--rows",
    ]);
    let unchanged = out
        .lines()
        .filter(|l| l.ends_with("nothing to change"))
        .count();
    assert_eq!(unchanged, 12, "{out}");
}

/// Issue 13, point 1, from the command line: a name typed without its accents finds the
/// young person, adding them again under it is refused as a likely duplicate, and the paper
/// register lists names by their letters (Łucja beside Lucy, not after Zara).
#[test]
fn names_typed_without_accents_are_found_warned_of_and_printed_in_order() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    let people = cli.write(
        "people.csv",
        "ref,first_name,last_name,date_of_birth\n\
         A1,Zara,Nowak,2012-01-01\n\
         A2,Łucja,Nowak,2012-02-02\n\
         A3,Lucy,Nowak,2012-03-03\n\
         A4,Siân,Llŷr,2011-04-04\n",
    );
    cli.ok(&["import", "young-people", &people]);

    let found = |typed: &str| -> Vec<String> {
        let listed = cli.json(&["young-people", "list", "--search", typed]);
        listed["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["reference"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(found("lucja"), ["A2"]);
    assert_eq!(found("sian llyr"), ["A4"]);
    assert_eq!(found("LLYR"), ["A4"]);

    let refused = cli.fails(&[
        "young-people",
        "add",
        "--first-name",
        "Sian",
        "--last-name",
        "Llyr",
        "--date-of-birth",
        "2011-04-04",
    ]);
    assert!(refused.contains("Siân Llŷr"), "{refused}");
    assert_eq!(found("llyr"), ["A4"], "no one was added");

    cli.ok(&[
        "sessions",
        "add",
        "--name",
        "Juniors",
        "--date",
        "2026-11-24",
        "--start",
        "18:00",
        "--end",
        "20:00",
    ]);
    let sessions = cli.json(&[
        "sessions",
        "list",
        "--from",
        "2026-11-24",
        "--to",
        "2026-11-24",
    ]);
    let id = sessions[0]["id"].as_i64().unwrap().to_string();
    cli.ok(&["register", "mark", &id, "A1", "A2", "A3", "A4"]);
    let pdf = cli.path("register.pdf");
    cli.ok(&["paper-register", &id, "--out", pdf.to_str().unwrap()]);
    let text = clubroom_core::fixtures::checked_pdf_text(&pdf);
    let at = |name: &str| {
        text.find(name)
            .unwrap_or_else(|| panic!("{name} is not on the paper register: {text}"))
    };
    // By first name, then last, each by its letters.
    assert!(at("Łucja Nowak") < at("Lucy Nowak"), "{text}");
    assert!(at("Lucy Nowak") < at("Siân Llŷr"), "{text}");
    assert!(at("Siân Llŷr") < at("Zara Nowak"), "{text}");
}

/// Issue 13, point 11, from the command line: a volunteer's `sessions list` carries the notes
/// only of the sessions they staff, and `staffing show` tells them of their own training
/// gaps, never a colleague's.
#[test]
fn a_volunteer_sees_only_their_own_sessions_notes_and_training_gaps() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Zebedee Youth Club"]);
    let staff = cli.write("staff.csv", STAFF);
    cli.ok(&["import", "people", &staff]);
    add_account(
        &cli,
        "Bo",
        "volunteer",
        "402917",
        &["--pin", "--person", "Bo Bright"],
    );
    for (name, date) in [("Juniors", "2026-11-17"), ("Seniors", "2026-11-18")] {
        cli.ok(&[
            "sessions", "add", "--name", name, "--date", date, "--start", "18:00", "--end", "20:00",
        ]);
    }
    let sessions = cli.json(&[
        "sessions",
        "list",
        "--from",
        "2026-11-17",
        "--to",
        "2026-11-18",
    ]);
    let id = |n: usize| sessions[n]["id"].as_i64().unwrap().to_string();
    let (theirs, other) = (id(0), id(1));
    for (session, person, role) in [
        (&theirs, "Bo Bright", "volunteer"),
        (&theirs, "Ann Archer", "lead"),
        (&other, "Ann Archer", "lead"),
    ] {
        cli.ok(&[
            "staffing", "add", session, "--person", person, "--role", role,
        ]);
    }
    for session in [&theirs, &other] {
        cli.ok(&["register", "notes", session, "Sam may be collected early"]);
    }

    let as_bo = |args: &[&str]| -> serde_json::Value {
        let mut args = args.to_vec();
        args.push("--json");
        let out = cli.run_as("Bo", "402917", &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let notes = |listed: &serde_json::Value| -> Vec<String> {
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["notes"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let period = [
        "sessions",
        "list",
        "--from",
        "2026-11-17",
        "--to",
        "2026-11-18",
    ];
    assert_eq!(
        notes(&cli.json(&period)),
        ["Sam may be collected early", "Sam may be collected early"]
    );
    assert_eq!(notes(&as_bo(&period)), ["Sam may be collected early", ""]);

    // Neither adult has any training on record: the manager is told of both, Bo only of
    // himself (and of the session's own warnings, such as no first aider).
    let warnings = |check: &serde_json::Value| -> Vec<String> {
        check["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["message"].as_str().unwrap().to_owned())
            .collect()
    };
    let everyone = warnings(&cli.json(&["staffing", "show", &theirs]));
    assert!(
        everyone.iter().any(|w| w.starts_with("Ann Archer")),
        "{everyone:?}"
    );
    assert!(
        everyone.iter().any(|w| w.starts_with("Bo Bright")),
        "{everyone:?}"
    );
    let seen = warnings(&as_bo(&["staffing", "show", &theirs]));
    assert!(seen.iter().any(|w| w.starts_with("Bo Bright")), "{seen:?}");
    assert!(!seen.iter().any(|w| w.contains("Ann Archer")), "{seen:?}");
}

/// Issue 13, point 5, from the command line: one volunteer and one member of staff are
/// withheld counts in the summary's CSV, and so are the hours and pounds worked out from them.
#[test]
fn hours_worked_out_from_a_withheld_count_of_adults_are_withheld_in_the_summary_file() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Tiny Club", "--lyp-code", "DYA-7"]);
    let staff = cli.write("staff.csv", STAFF);
    cli.ok(&["import", "people", &staff]);
    cli.ok(&[
        "sessions",
        "add",
        "--name",
        "Juniors",
        "--date",
        "2026-08-11",
        "--start",
        "18:00",
        "--end",
        "20:00",
    ]);
    let sessions = cli.json(&[
        "sessions",
        "list",
        "--from",
        "2026-08-11",
        "--to",
        "2026-08-11",
    ]);
    let id = sessions[0]["id"].as_i64().unwrap().to_string();
    for (person, role) in [("Bo Bright", "volunteer"), ("Ann Archer", "lead")] {
        cli.ok(&["staffing", "add", &id, "--person", person, "--role", role]);
    }
    let out = cli.path("summary");
    std::fs::create_dir(&out).unwrap();
    cli.ok(&[
        "summary",
        "write",
        "--from",
        "2026-07-01",
        "--to",
        "2026-09-30",
        "--out",
        out.to_str().unwrap(),
    ]);
    let csv =
        std::fs::read_to_string(out.join("DYA-7_2026-07-01_2026-09-30_lyp-summary-2.csv")).unwrap();
    // The columns: ...,measure,dimension,category,value,suppressed.
    let row = |measure: &str| -> (String, String) {
        let line = csv
            .lines()
            .find(|l| l.contains(&format!(",{measure},all,all,")))
            .unwrap_or_else(|| panic!("no {measure} row: {csv}"));
        let cells: Vec<&str> = line.rsplitn(3, ',').collect();
        (cells[1].to_owned(), cells[0].to_owned())
    };
    for measure in [
        "volunteers",
        "staff",
        "volunteer_hours",
        "staff_hours",
        "volunteer_value_gbp",
    ] {
        assert_eq!(
            row(measure),
            (String::new(), "true".to_owned()),
            "{measure} is withheld: {csv}"
        );
    }
    assert_eq!(
        row("delivery_hours"),
        ("2".to_owned(), "false".to_owned()),
        "the session's own hours count no one: {csv}"
    );
}

/// Issue 13, point 2, from the command line: a session and a member of staff named as a
/// spreadsheet would run them are written into the attendance CSV and the training matrix
/// CSV with a quote before them, and the attendance CSV imported again reads the name back
/// as it was (nothing added: the same session is found).
#[test]
fn csv_files_written_from_the_command_line_neutralise_formulas_and_read_back() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    cli.ok(&["import", "young-people", &cli.write("people.csv", PEOPLE)]);
    let staff = cli.write(
        "staff.csv",
        "name,email,role,kind,start_date\n+44 Helper,helper@example.org,volunteer,volunteer,2025-03-01\n",
    );
    cli.ok(&["import", "people", &staff]);
    let hostile = "=HYPERLINK(\"http://example.org\",\"Click\")";
    cli.ok(&[
        "sessions",
        "add",
        "--name",
        hostile,
        "--date",
        "2026-11-17",
        "--start",
        "18:00",
        "--end",
        "20:00",
    ]);
    let sessions = cli.json(&[
        "sessions",
        "list",
        "--from",
        "2026-11-17",
        "--to",
        "2026-11-17",
    ]);
    let id = sessions[0]["id"].as_i64().unwrap().to_string();
    cli.ok(&["register", "mark", &id, "YP1", "YP2"]);

    let attendance = cli.path("attendance.csv");
    cli.ok(&[
        "export",
        "attendance",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        attendance.to_str().unwrap(),
    ]);
    let written = std::fs::read_to_string(&attendance).unwrap();
    assert!(
        written.contains(",\"'=HYPERLINK(\"\"http://example.org\"\",\"\"Click\"\")\","),
        "{written}"
    );
    let again = cli.ok(&["import", "attendance", attendance.to_str().unwrap()]);
    assert!(again.contains("0 added, 0 updated, 2 unchanged"), "{again}");
    assert!(!again.contains("sessions created"), "{again}");

    let matrix = cli.path("matrix.csv");
    cli.ok(&["training", "matrix", "--csv", matrix.to_str().unwrap()]);
    let written = std::fs::read_to_string(&matrix).unwrap();
    assert!(written.contains("\n'+44 Helper,"), "{written}");
    assert!(!written.contains("\n+44"), "{written}");
}

/// Issue 13, point 3, from the command line: after erasing someone who was there, the
/// register still counts them present (with no name), as the figures do: one number.
#[test]
fn the_register_counts_an_erased_young_person_present_as_the_figures_do() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    cli.ok(&["import", "young-people", &cli.write("people.csv", PEOPLE)]);
    cli.ok(&[
        "import",
        "attendance",
        &cli.write("attendance.csv", ATTENDANCE),
    ]);
    let sessions = cli.json(&[
        "sessions",
        "list",
        "--from",
        "2026-11-17",
        "--to",
        "2026-11-17",
    ]);
    let id = sessions[0]["id"].as_i64().unwrap().to_string();
    cli.ok(&["rights", "erase", "--young-person", "YP1", "--confirm"]);

    let register = cli.json(&["register", "show", &id]);
    assert_eq!(register["session"]["present"], 2, "{register}");
    assert_eq!(register["erased_present"], 1, "{register}");
    assert!(
        !register["entries"].to_string().contains("Jay"),
        "the erased young person is not named: {register}"
    );
    let shown = cli.ok(&["register", "show", &id]);
    assert!(shown.contains("2 present"), "{shown}");
    assert!(shown.contains("(1 of them was erased since"), "{shown}");
    let stats = cli.stats("2026-11-17", "2026-11-17");
    assert_eq!(stats["measures"]["attendances"], 2, "{stats}");
}

/// Issue 13, point 12, from the command line: `audit list` says who and what in words, an
/// import's one entry and a sign-in included (they showed `young_people` and `users`), and
/// its JSON keeps the raw record beside the words for a manager who needs it.
#[test]
fn the_audit_list_says_who_and_what_in_words_and_keeps_the_raw_record() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Club"]);
    cli.ok(&["import", "young-people", &cli.write("people.csv", PEOPLE)]);
    cli.ok(&["venue", "add", "St Mary's Hall"]);
    let listed = cli.ok(&["audit", "list", "--limit", "50"]);
    for words in [
        "Imported: young person: rows 3, added 3, updated 0, unchanged 0",
        "Signed in: account",
        "Added: venue",
    ] {
        assert!(listed.contains(words), "{words}: {listed}");
    }
    for line in listed.lines() {
        assert!(
            !line.ends_with(" young_people") && !line.ends_with(" users"),
            "a table's name shown: {line}"
        );
    }
    let entries = cli.json(&["audit", "list", "--text", "imported", "--limit", "50"]);
    let import = &entries[0];
    assert_eq!(import["record"], "young_people", "{entries}");
    assert!(
        import["described"]
            .as_str()
            .unwrap()
            .starts_with("Imported: young person: rows 3"),
        "{entries}"
    );
}
