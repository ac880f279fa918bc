//! The CLI as a script would use it: the real binary, a real club file, real output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("club.sqlite3")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run_on(&self, db: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_clubroom-cli"))
            .arg("--db")
            .arg(db)
            .args(args)
            .env("CLUBROOM_TODAY", "2026-11-24")
            .output()
            .expect("the CLI runs")
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_on(&self.db(), args)
    }

    /// Runs and expects success, returning standard output.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects failure, returning standard error.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should have failed");
        String::from_utf8(out.stderr).unwrap()
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    fn stats(&self, from: &str, to: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["stats", "--from", from, "--to", to, "--json"])).unwrap()
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
    cli.ok(&["init", "--name", "Club"]);
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
