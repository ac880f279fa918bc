//! `clubroom-cli backup ...` as a script would use it: the real binary on a real club file.

use std::path::Path;

mod common;

use common::Cli;

/// What only these tests need of the CLI.
trait Backups {
    fn young_people(&self) -> usize;
    fn demo(&self);
}

impl Backups for Cli {
    fn young_people(&self) -> usize {
        let found = self.json(&["young-people", "list", "--all"]);
        found["total"].as_u64().expect("a total") as usize
    }

    /// A small synthetic club.
    fn demo(&self) {
        self.ok(&[
            "demo",
            "--young-people",
            "25",
            "--weeks",
            "4",
            "--sessions-per-week",
            "2",
            "--until",
            "2026-11-24",
        ]);
    }
}

fn damage_page_one(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[..100].fill(0x33);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn back_up_list_show_verify_and_restore() {
    let cli = Cli::new();
    cli.demo();
    let listed = cli.ok(&["backup", "list"]);
    assert!(listed.contains("Daily backup"), "{listed}");

    let usb = cli.dir.path().join("usb");
    let made = cli.json(&["backup", "now", "--to", usb.to_str().unwrap()]);
    let file = made["path"].as_str().unwrap().to_owned();
    assert!(file.starts_with(usb.to_str().unwrap()));
    assert_eq!(made["reason"], "manual");

    let shown = cli.json(&["backup", "show", &file]);
    let people = cli.young_people();
    assert_eq!(people, 25);
    assert_eq!(shown["young_people"], people as u64);
    assert!(shown["attendances"].as_i64().unwrap() > 0);
    let text = cli.ok(&["backup", "show", &file]);
    assert!(text.contains("Why:             Made by hand"), "{text}");
    assert!(cli.ok(&["backup", "verify", &file]).contains("is good"));

    cli.ok(&[
        "young-people",
        "add",
        "--first-name",
        "Robin",
        "--last-name",
        "Later",
        "--age",
        "13",
    ]);
    assert_eq!(cli.young_people(), people + 1);
    let refused = cli.fails(&["backup", "restore", &file]);
    assert!(refused.contains("--confirm"), "{refused}");
    assert_eq!(
        cli.young_people(),
        people + 1,
        "nothing restored without --confirm"
    );

    let restored = cli.ok(&["backup", "restore", &file, "--confirm"]);
    assert!(
        restored.contains("The file as it was is kept as"),
        "{restored}"
    );
    assert_eq!(cli.young_people(), people);
    assert!(cli.ok(&["backup", "list"]).contains("Before a restore"));

    // A copy damaged in the middle fails its check.
    let bad = cli.dir.path().join("bad.clubroom");
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2 / 4096 * 4096;
    bytes[middle..middle + 4096].fill(0x5A);
    std::fs::write(&bad, bytes).unwrap();
    let error = cli.fails(&["backup", "verify", bad.to_str().unwrap()]);
    assert!(error.contains("is damaged and cannot be used"), "{error}");
}

#[test]
fn an_import_is_preceded_by_a_backup() {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Test Youth Club"]);
    let csv = cli.dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "ref,first_name,last_name,date_of_birth\nYP1,Jay,Smith,2011-03-04\n",
    )
    .unwrap();
    cli.ok(&["import", "young-people", csv.to_str().unwrap()]);
    let listed = cli.json(&["backup", "list"]);
    let reasons: Vec<&str> = listed["backups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"before-import"), "{reasons:?}");
    let before = listed["backups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["reason"] == "before-import")
        .unwrap();
    let shown = cli.json(&["backup", "show", before["path"].as_str().unwrap()]);
    assert_eq!(shown["young_people"], 0, "taken before the import");
}

/// One page in the middle overwritten: the club file opens, and the damage check that
/// reads every page finds it after the command has started.
fn damage_middle_page(path: &Path) {
    let middle = std::fs::metadata(path).unwrap().len() as usize / 2 / PAGE + 1;
    assert!(middle > 1, "the file is too small to damage in the middle");
    overwrite_page(path, middle);
}

/// SQLite's page size in Clubroom's club files.
const PAGE: usize = 4096;

/// Fills page `number` (counted from 1, as SQLite counts) with rubbish.
fn overwrite_page(path: &Path, number: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[(number - 1) * PAGE..number * PAGE].fill(0x5A);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_command_that_writes_never_writes_to_a_club_file_damaged_in_the_middle() {
    let cli = Cli::new();
    cli.demo();
    cli.ok(&["backup", "now"]);
    damage_middle_page(&cli.db());
    let damaged = std::fs::read(cli.db()).unwrap();

    let error = cli.fails(&[
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
    assert!(
        error.contains("This club file is damaged and cannot be opened safely. Clubroom has not changed it. The latest good backup is from"),
        "{error}"
    );
    assert!(error.contains("backup restore FILE --confirm"), "{error}");
    assert!(std::fs::read(cli.db()).unwrap() == damaged, "untouched");
}

/// The young people's table damaged at its first page (found with the sqlite3 shell, which
/// setup.sh installs): the club file opens and lists its tables, but reading the list fails.
fn damage_young_peoples_table(path: &Path) {
    let found = std::process::Command::new("sqlite3")
        .arg(path)
        .arg("SELECT rootpage FROM sqlite_master WHERE name = 'young_people'")
        .output()
        .expect("the sqlite3 shell runs (scripts/setup.sh installs it)");
    let root: usize = String::from_utf8_lossy(&found.stdout)
        .trim()
        .parse()
        .unwrap();
    overwrite_page(path, root);
}

#[test]
fn a_command_that_reads_a_damaged_page_says_the_file_is_damaged_in_words() {
    let cli = Cli::new();
    cli.demo();
    cli.ok(&["backup", "now"]);
    damage_young_peoples_table(&cli.db());
    let damaged = std::fs::read(cli.db()).unwrap();

    let error = cli.fails(&["young-people", "list", "--all"]);
    assert!(
        error.contains("This club file is damaged and cannot be opened safely. Clubroom has not changed it. The latest good backup is from"),
        "{error}"
    );
    assert!(!error.contains("malformed"), "not SQLite's words: {error}");
    assert!(std::fs::read(cli.db()).unwrap() == damaged, "untouched");
}

#[test]
fn a_damaged_club_file_is_reported_left_alone_and_restored_from_its_backup() {
    let cli = Cli::new();
    cli.demo();
    let people = cli.young_people();
    assert_eq!(people, 25);
    // The day's automatic backup was made when the empty file was first opened; this one
    // holds the club.
    let made = cli.json(&["backup", "now"]);
    let good = made["path"].as_str().unwrap().to_owned();
    damage_page_one(&cli.db());
    let damaged = std::fs::read(cli.db()).unwrap();

    let error = cli.fails(&["stats", "--from", "2026-11-01", "--to", "2026-11-30"]);
    assert!(
        error.contains("This club file is damaged and cannot be opened safely. Clubroom has not changed it. The latest good backup is from"),
        "{error}"
    );
    assert!(error.contains("backup restore FILE --confirm"), "{error}");
    assert!(std::fs::read(cli.db()).unwrap() == damaged, "untouched");

    assert!(cli.ok(&["backup", "list"]).contains("Made by hand"));
    let restored = cli.ok(&["backup", "restore", &good, "--confirm"]);
    assert!(restored.contains("moved aside, unchanged"), "{restored}");
    assert_eq!(cli.young_people(), people);
    let aside: Vec<_> = std::fs::read_dir(cli.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("club.sqlite3.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(std::fs::read(cli.dir.path().join(&aside[0])).unwrap() == damaged);
}

#[test]
fn a_damaged_encrypted_club_file_is_restored_from_its_encrypted_backup_after_signing_in() {
    let cli = Cli::new();
    cli.demo();
    cli.ok(&["init"]);
    assert!(
        !std::fs::read(cli.db())
            .unwrap()
            .starts_with(b"SQLite format 3\0"),
        "encrypted"
    );
    let people = cli.young_people();
    let made = cli.json(&["backup", "now"]);
    let good = made["path"].as_str().unwrap().to_owned();
    damage_page_one(&cli.db());
    let damaged = std::fs::read(cli.db()).unwrap();

    // The password unlocks the key file; the file behind it is found damaged, and said so.
    let error = cli.fails(&["stats", "--from", "2026-11-01", "--to", "2026-11-30"]);
    assert!(
        error.contains("This club file is damaged and cannot be opened safely. Clubroom has not changed it. The latest good backup is from"),
        "{error}"
    );
    assert!(std::fs::read(cli.db()).unwrap() == damaged, "untouched");

    // Its backups are encrypted with the same key: shown, checked and restored with it.
    let shown = cli.json(&["backup", "show", &good]);
    assert_eq!(shown["young_people"], people as u64);
    assert!(cli.ok(&["backup", "verify", &good]).contains("is good"));
    let restored = cli.ok(&["backup", "restore", &good, "--confirm"]);
    assert!(restored.contains("moved aside, unchanged"), "{restored}");
    assert_eq!(cli.young_people(), people);
}

#[test]
fn a_restore_says_in_one_paragraph_what_came_back_from_when_and_what_is_not_in_it() {
    let cli = Cli::new();
    cli.demo();
    cli.ok(&["init"]);
    let made = cli.json(&["backup", "now"]);
    let good = made["path"].as_str().unwrap().to_owned();
    // Made after the backup, so not in it.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    cli.ok(&[
        "young-people",
        "add",
        "--first-name",
        "Ada",
        "--last-name",
        "Later",
        "--age",
        "12",
    ]);

    let out = cli.run(&["backup", "restore", &good, "--confirm"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let told = String::from_utf8(out.stdout).unwrap();
    assert_eq!(told.trim().lines().count(), 1, "one paragraph: {told}");
    assert!(
        told.contains(&format!(
            "from the backup made {}",
            made["made_at_label"].as_str().unwrap()
        )),
        "{told}"
    );
    assert!(
        told.contains("Not in it, because they were recorded after then: add a young person (1)"),
        "{told}"
    );
    assert!(told.contains("The file as it was is kept as"), "{told}");

    // Over a damaged encrypted file: no SQLCipher log on standard error, and the paragraph
    // says the damaged file could not be read to say what is missing.
    damage_page_one(&cli.db());
    let out = cli.run(&["backup", "restore", &good, "--confirm"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let errors = String::from_utf8(out.stderr).unwrap();
    assert!(
        !errors.contains("sqlcipher") && !errors.contains("ERROR CORE"),
        "{errors}"
    );
    let told = String::from_utf8(out.stdout).unwrap();
    assert_eq!(told.trim().lines().count(), 1, "one paragraph: {told}");
    assert!(told.contains("could not be read to say what"), "{told}");
    assert!(told.contains("moved aside, unchanged"), "{told}");
}
