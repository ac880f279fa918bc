//! Every CLI subcommand as every role, against the core's operations table (the one
//! docs/permissions.md is generated from): a cell that says a role may is not refused, a
//! cell that says it may not is refused with the core's sentence ("Signed in as ..., you
//! cannot ..."). Each run is on its own copy of one synthetic club, so nothing one command
//! changes (a restore, an erasure, a new password) reaches another.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use clubroom_core::access::{Operation, Role, allowed};
use common::{Cli, MANAGER, MANAGER_PASSWORD, TODAY};

/// Who signs in for each role, their password, and their record among staff and volunteers.
fn account(role: Role) -> (&'static str, &'static str, &'static str) {
    match role {
        Role::Manager => (MANAGER, MANAGER_PASSWORD, "Ann Archer"),
        Role::SafeguardingLead => ("Sam", "a long safeguarding pass", "Sam Safe"),
        Role::Leader => ("Lee", "leader password", "Lee Leader"),
        Role::Volunteer => ("Bo", "volunteer password", "Bo Bright"),
    }
}

const STAFF: &str = "name,email,role,kind,start_date
Ann Archer,ann@example.org,lead,paid,2024-09-01
Sam Safe,sam@example.org,lead,paid,2024-09-01
Lee Leader,lee@example.org,lead,paid,2024-09-01
Bo Bright,bo@example.org,volunteer,volunteer,2025-03-01
";

/// A club scale to import.
const SCALE: &str = r#"{ "schema": "clubroom-measure/1", "code": "speaking-up", "version": 1,
  "name": "Speaking up", "licence": "club", "scoring": "mean", "higher_is_better": true,
  "meaningful_change": 1,
  "questions": [ { "id": "group", "text": "I feel confident speaking in a group",
    "scale": { "min": 1, "max": 3 } } ] }"#;

/// What the synthetic club holds that the commands name.
struct Club {
    session: String,
    record: String,
    template: String,
    backup: String,
}

fn ok(out: std::process::Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn add_user(cli: &Cli, role: Role, code: &str) {
    let (name, secret, person) = account(role);
    let out = cli
        .command_as(MANAGER, MANAGER_PASSWORD)
        .args(["users", "add", name, "--role", code, "--person", person])
        .env("CLUBROOM_NEW_SECRET", secret)
        .output()
        .unwrap();
    ok(out, "users add");
}

/// One club: four people who sign in (one a role), a young person YP1, tonight's session
/// staffed by the volunteer with YP1 marked, a training record, a saved return, an
/// incident and a backup.
fn make_club(cli: &Cli) -> Club {
    cli.ok(&["init", "--name", "Role Club"]);
    let staff = cli.write("staff.csv", STAFF);
    cli.ok(&["import", "people", &staff]);
    add_user(cli, Role::SafeguardingLead, "safeguarding-lead");
    add_user(cli, Role::Leader, "leader");
    add_user(cli, Role::Volunteer, "volunteer");
    cli.ok(&[
        "young-people",
        "add",
        "--first-name",
        "Test",
        "--last-name",
        "Person",
        "--ref",
        "YP1",
    ]);
    cli.ok(&[
        "sessions", "add", "--name", "Juniors", "--date", TODAY, "--start", "18:00", "--end",
        "20:00",
    ]);
    let sessions = cli.json(&["sessions", "list", "--from", TODAY, "--to", TODAY]);
    let session = sessions[0]["id"].as_i64().unwrap().to_string();
    cli.ok(&[
        "staffing",
        "add",
        &session,
        "--person",
        "Bo Bright",
        "--role",
        "volunteer",
    ]);
    cli.ok(&["register", "mark", &session, "YP1"]);
    cli.ok(&[
        "training",
        "log",
        "--person",
        "Ann Archer",
        "--course",
        "Safeguarding level 2",
        "--completed",
        "2025-01-10",
    ]);
    let records = cli.json(&["training", "records", "--person", "Ann Archer"]);
    let record = records[0]["id"].as_i64().unwrap().to_string();
    let template = "dcms-yif".to_owned();
    let report = cli.path("made.pdf").display().to_string();
    cli.ok(&[
        "report",
        "--template",
        &template,
        "--from",
        "2026-04-01",
        "--to",
        "2026-11-23",
        "--out",
        &report,
    ]);
    cli.ok(&[
        "incidents",
        "add",
        "--date",
        "2026-11-20",
        "--what",
        "A synthetic concern",
    ]);
    let made = cli.json(&["backup", "now"]);
    let backup = made["path"].as_str().unwrap().to_owned();
    let template_file = cli.path("template.json").display().to_string();
    cli.ok(&["templates", "export", &template, &template_file]);
    cli.write(
        "young-people.csv",
        "ref,first_name,last_name\nYP9,New,Person\n",
    );
    cli.write(
        "attendance.csv",
        &format!(
            "date,session,start,end,type,venue,ref\n{TODAY},Juniors,18:00,20:00,open access,,YP1\n"
        ),
    );
    cli.write(
        "people.csv",
        "name,email,role,kind,start_date\nNew Adult,new@example.org,volunteer,volunteer,2025-01-01\n",
    );
    std::fs::create_dir_all(cli.path("members")).unwrap();
    cli.ok(&[
        "series",
        "add",
        "--name",
        "Wednesdays",
        "--weekday",
        "wednesday",
        "--start",
        "18:00",
        "--end",
        "20:00",
        "--starts-on",
        "2026-11-04",
        "--ends-on",
        "2026-11-25",
        "--project",
        "Outcomes Project",
    ]);
    cli.write("scale.json", SCALE);
    Club {
        session,
        record,
        template,
        backup,
    }
}

/// The arguments that run `command` (a cell of the table's CLI column) as `role`, in the
/// copy of the club in `dir`.
fn arguments(command: &str, role: Role, club: &Club, dir: &Path) -> Vec<String> {
    let at = |name: &str| dir.join(name).display().to_string();
    let me = account(role).2;
    let s = club.session.as_str();
    let year = ["--from", "2026-01-01", "--to", "2026-12-31"];
    let words: Vec<&str> = match command {
        "init" => vec!["init", "--name", "Role Club"],
        "demo" => vec!["demo"],
        "import young-people" | "import attendance" | "import people" => {
            let name = format!("{}.csv", command.trim_start_matches("import "));
            return ["import", command.trim_start_matches("import "), &at(&name)]
                .map(String::from)
                .to_vec();
        }
        "import training" => {
            let file = at("training.csv");
            std::fs::write(
                &file,
                format!(
                    "person,course,completed_on,provider,certificate_number\n{me},Safeguarding level 1,2025-06-01,NSPCC,C1\n"
                ),
            )
            .unwrap();
            return ["import", "training", &file].map(String::from).to_vec();
        }
        "export attendance" => {
            let mut words = vec!["export", "attendance"];
            words.extend(year);
            return strings(&words, &[at("attendance-out.csv")]);
        }
        "stats" => [&["stats"][..], &year].concat(),
        "report" => {
            let words = [
                "report",
                "--template",
                &club.template,
                "--from",
                "2026-04-01",
                "--to",
                "2026-11-23",
                "--out",
            ];
            return strings(&words, &[at("return.pdf")]);
        }
        "templates list" => vec!["templates", "list"],
        "templates export" => {
            return strings(
                &["templates", "export", &club.template],
                &[at("exported.json")],
            );
        }
        "templates import" => return strings(&["templates", "import"], &[at("template.json")]),
        "templates delete" => vec!["templates", "delete", &club.template],
        "returns list" => vec!["returns", "list"],
        "returns check" => vec!["returns", "check", "1"],
        "returns write" => return strings(&["returns", "write", "1", "--out"], &[at("again.pdf")]),
        "incidents add" => vec![
            "incidents",
            "add",
            "--date",
            "2026-11-21",
            "--what",
            "Another",
        ],
        "incidents update" => vec!["incidents", "update", "1", "--note", "A further note"],
        "incidents correct" => vec!["incidents", "correct", "1", "--reason", "A typing slip"],
        "incidents list" => vec!["incidents", "list"],
        "incidents show" => vec!["incidents", "show", "1"],
        "incidents history" => vec!["incidents", "history", "1"],
        "incidents count" => [&["incidents", "count"][..], &year].concat(),
        "rights access --out *.pdf" | "rights access --out *.json" => {
            let file = if command.ends_with("pdf") {
                "sar.pdf"
            } else {
                "sar.json"
            };
            return strings(
                &["rights", "access", "--young-person", "YP1", "--out"],
                &[at(file)],
            );
        }
        "rights erase" => vec!["rights", "erase", "--young-person", "YP1"],
        "rights retention show" => vec!["rights", "retention", "show"],
        "rights retention set" => vec!["rights", "retention", "set"],
        "rights retention review" => vec!["rights", "retention", "review"],
        "rights retention apply" => vec!["rights", "retention", "apply"],
        "summary write" => {
            return strings(
                &[
                    "summary",
                    "write",
                    "--from",
                    "2026-04-01",
                    "--to",
                    "2026-06-30",
                    "--out",
                ],
                &[at("summary")],
            );
        }
        "summary send" => vec!["summary", "send"],
        "summary destination" => vec!["summary", "destination"],
        "summary outbox" => vec!["summary", "outbox"],
        "summary log" => vec!["summary", "log"],
        "partnership merge" => {
            return strings(
                &["partnership", "merge", "--out"],
                &[at("merged"), at("members")],
            );
        }
        "venue list" => vec!["venue", "list"],
        "venue add" => vec!["venue", "add", "New Hall"],
        "young-people list" => vec!["young-people", "list"],
        "young-people add" => vec![
            "young-people",
            "add",
            "--first-name",
            "New",
            "--last-name",
            "Kid",
        ],
        "young-people archive" => vec!["young-people", "archive", "YP1"],
        "young-people restore" => vec!["young-people", "restore", "YP1"],
        "series list" => vec!["series", "list"],
        "series add" => vec![
            "series",
            "add",
            "--name",
            "Tuesdays",
            "--weekday",
            "tuesday",
            "--start",
            "18:00",
            "--end",
            "20:00",
        ],
        "sessions list" => [&["sessions", "list"][..], &year].concat(),
        "sessions add" => vec![
            "sessions", "add", "--name", "Extra", "--date", TODAY, "--start", "10:00", "--end",
            "11:00",
        ],
        "sessions cancel" => vec!["sessions", "cancel", s],
        "sessions restore" => vec!["sessions", "restore", s],
        "register show" => vec!["register", "show", s],
        "register mark" => vec!["register", "mark", s, "YP1"],
        "register unmark" => vec!["register", "unmark", s, "YP1"],
        "register take" => vec!["register", "take", "--session", s],
        "register door" => vec![
            "register",
            "door",
            s,
            "--first-name",
            "Door",
            "--last-name",
            "Kid",
            "--confirm-new",
        ],
        "register times" => vec!["register", "times", s, "--ref", "YP1", "--arrived", "18:05"],
        "register notes" => vec!["register", "notes", s, "A quiet night"],
        "register headcount" => vec![
            "register",
            "headcount",
            s,
            "--gender",
            "female",
            "--age-band",
            "11-13",
            "--count",
            "2",
        ],
        "people list" => vec!["people", "list"],
        "people add" => vec!["people", "add", "--name", "New Adult"],
        "training courses" => vec!["training", "courses"],
        "training validity" => vec![
            "training",
            "validity",
            "--course",
            "Safeguarding level 2",
            "24",
        ],
        "training require" => vec![
            "training",
            "require",
            "--role",
            "lead",
            "--course",
            "Safeguarding level 2",
        ],
        "training log" => vec![
            "training",
            "log",
            "--person",
            me,
            "--course",
            "Safeguarding level 1",
            "--completed",
            "2025-06-01",
        ],
        "training records" => vec!["training", "records", "--person", me],
        "training confirm" => vec!["training", "confirm", &club.record, "--by", "A. Manager"],
        "training matrix" => vec!["training", "matrix"],
        "training matrix --csv/--pdf/--xlsx" => {
            return strings(&["training", "matrix", "--xlsx"], &[at("matrix.xlsx")]);
        }
        "training due" => vec!["training", "due"],
        "staffing show" => vec!["staffing", "show", s],
        "staffing add" => vec![
            "staffing",
            "add",
            s,
            "--person",
            "Ann Archer",
            "--role",
            "lead",
        ],
        "staffing remove" => vec!["staffing", "remove", s, "--person", "Bo Bright"],
        "staffing hours" => [&["staffing", "hours"][..], &year].concat(),
        "users list" => vec!["users", "list"],
        "users add" => vec!["users", "add", "Newcomer", "--role", "volunteer"],
        "users reset" => vec!["users", "reset", "Bo"],
        "users password" => vec!["users", "password"],
        "audit list" => vec!["audit", "list"],
        "audit verify" => vec!["audit", "verify"],
        "backup now" => vec!["backup", "now"],
        "backup list" => vec!["backup", "list"],
        "backup show" | "backup verify" | "backup restore" => {
            let backup = at(&club.backup);
            let mut words = vec![
                command.split(' ').next().unwrap(),
                command.split(' ').nth(1).unwrap(),
            ];
            if command == "backup restore" {
                words.push("--confirm");
            }
            return strings(&words, &[backup]);
        }
        "paper-register" => return strings(&["paper-register", s, "--out"], &[at("paper.pdf")]),
        "measures list" => vec!["measures", "list"],
        "measures export" => return strings(&["measures", "export", "ons4"], &[at("ons4.json")]),
        "measures import" => return strings(&["measures", "import"], &[at("scale.json")]),
        "checkins plans" => vec!["checkins", "plans"],
        "checkins plan" => vec![
            "checkins",
            "plan",
            "--project",
            "Outcomes Project",
            "--measure",
            "ons4",
            "--who",
            "everyone",
        ],
        "checkins add" => vec![
            "checkins",
            "add",
            "--young-person",
            "YP1",
            "--measure",
            "ons4",
            "--declined",
        ],
        "checkins list" => vec!["checkins", "list"],
        "checkins due" => vec!["checkins", "due", "--session", s],
        "outcomes change" => [&["outcomes", "change"][..], &year].concat(),
        "outcomes engagement" => [&["outcomes", "engagement"][..], &year].concat(),
        "progress add" => vec![
            "progress",
            "add",
            "--young-person",
            "YP1",
            "--kind",
            "arts-award",
        ],
        "progress list" => vec!["progress", "list", "--young-person", "YP1"],
        "progress counts" => [&["progress", "counts"][..], &year].concat(),
        "stories add" => vec![
            "stories",
            "add",
            "--young-person",
            "YP1",
            "--title",
            "Speaking up",
            "--text",
            "She spoke at the youth forum.",
            "--consent",
            "anonymous",
        ],
        "stories list" => vec!["stories", "list"],
        // Refused before the story is looked for; allowed, there is none to remove.
        "stories remove" => vec!["stories", "remove", "999"],
        other => panic!("no arguments for `{other}`: add them here"),
    };
    words.into_iter().map(String::from).collect()
}

fn strings(words: &[&str], more: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|w| w.to_string())
        .chain(more.iter().cloned())
        .collect()
}

/// Copies the club's folder (club file, key file, backups, files) into `to`.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Whether the run was refused by the role check: the core's sentence, first.
fn refused(stderr: &str) -> bool {
    stderr.starts_with("Signed in as ") && stderr.contains("you cannot")
}

#[test]
fn every_cli_subcommand_as_every_role_matches_the_operations_table() {
    let cli = Cli::new();
    let club = make_club(&cli);
    // The backup's path inside a copy of the folder.
    let club = Club {
        backup: Path::new(&club.backup)
            .strip_prefix(cli.dir.path())
            .unwrap()
            .display()
            .to_string(),
        ..club
    };
    let cells: Vec<(&str, Operation)> = Operation::ALL
        .iter()
        .flat_map(|op| op.cli_commands().iter().map(move |c| (*c, *op)))
        .collect();
    assert!(cells.len() >= 80, "{}", cells.len());
    let copies = tempfile::tempdir().unwrap();
    let mismatches: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = Role::ALL
            .iter()
            .map(|role| {
                let (club, cells, cli, copies) = (&club, &cells, &cli, copies.path());
                scope.spawn(move || {
                    let mut wrong = Vec::new();
                    for (n, (command, operation)) in cells.iter().enumerate() {
                        let dir = copies.join(format!("{}-{n}", role.code()));
                        copy_folder(cli.dir.path(), &dir);
                        let (name, secret, _) = account(*role);
                        let out = Command::new(env!("CARGO_BIN_EXE_clubroom-cli"))
                            .env("CLUBROOM_USER", name)
                            .env("CLUBROOM_PASSWORD", secret)
                            .env("CLUBROOM_TODAY", TODAY)
                            .env("CLUBROOM_NEW_SECRET", "yet another long password")
                            .arg("--db")
                            .arg(dir.join("club.sqlite3"))
                            .args(arguments(command, *role, club, &dir))
                            .stdin(Stdio::null())
                            .output()
                            .unwrap();
                        let stderr = String::from_utf8_lossy(&out.stderr);
                        let expected = operation.permission().is_none_or(|p| allowed(*role, p));
                        let was_refused = !out.status.success() && refused(&stderr);
                        if was_refused == expected {
                            wrong.push(format!(
                                "`{command}` ({}) as {}: table says {}, the CLI {}: {}",
                                operation.code(),
                                role.label(),
                                if expected { "allowed" } else { "refused" },
                                if was_refused {
                                    "refused"
                                } else {
                                    "did not refuse"
                                },
                                stderr.lines().next().unwrap_or("")
                            ));
                        }
                        let _ = std::fs::remove_dir_all(&dir);
                    }
                    wrong
                })
            })
            .collect();
        runs.into_iter()
            .flat_map(|run| run.join().unwrap())
            .collect()
    });
    assert!(
        mismatches.is_empty(),
        "{} cells differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
