//! What changed for young people from the command line, on a real club file: a plan, a
//! register, who is due, baseline and review check-ins, distance travelled, measures in and
//! out, progression, and who may see the answers.

mod common;

use common::{Cli, MANAGER, MANAGER_PASSWORD};

const REGISTERED: &str = r#"{ "schema": "clubroom-measure/1", "code": "licensed-scale",
  "version": 1, "name": "A licensed scale", "licence": "registration",
  "attribution": "© Its owners, used under registration", "scoring": "sum",
  "higher_is_better": true, "meaningful_change": 3,
  "questions": [ { "id": "q1", "text": "One", "scale": { "min": 1, "max": 5 } } ] }"#;

/// A club with a Tuesday series in a project, Amy (16) and Ben (13), both at the first two
/// sessions.
fn club() -> (Cli, Vec<String>) {
    let cli = Cli::new();
    cli.ok(&["init", "--name", "Outcome Club"]);
    for (first, reference, born) in [("Amy", "YP1", "2010-01-01"), ("Ben", "YP2", "2013-01-01")] {
        cli.ok(&[
            "young-people",
            "add",
            "--first-name",
            first,
            "--last-name",
            "Test",
            "--ref",
            reference,
            "--date-of-birth",
            born,
        ]);
    }
    cli.ok(&[
        "series",
        "add",
        "--name",
        "Tuesday club",
        "--weekday",
        "tuesday",
        "--start",
        "18:00",
        "--end",
        "20:00",
        "--starts-on",
        "2026-04-07",
        "--ends-on",
        "2026-07-28",
        "--project",
        "Youth Voice",
    ]);
    let sessions = cli.json(&[
        "sessions",
        "list",
        "--from",
        "2026-04-01",
        "--to",
        "2026-07-31",
    ]);
    let ids: Vec<String> = sessions
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap().to_string())
        .collect();
    for session in &ids[..2] {
        cli.ok(&["register", "mark", session, "YP1"]);
        cli.ok(&["register", "mark", session, "YP2"]);
    }
    (cli, ids)
}

#[test]
fn a_plan_a_baseline_a_review_and_distance_travelled() {
    let (cli, sessions) = club();
    cli.ok(&[
        "checkins",
        "plan",
        "--project",
        "Youth Voice",
        "--measure",
        "ons4",
        "--who",
        "everyone",
        "--baseline-within",
        "2",
        "--review-weeks",
        "6",
        "--min-gap-weeks",
        "6",
    ]);
    let due = cli.json(&["checkins", "due", "--session", &sessions[0]]);
    assert_eq!(due.as_array().unwrap().len(), 2, "{due}");
    assert_eq!(due[0]["wave"], "baseline");

    let add = |reference: &str, date: &str, wave: &str, answers: &[&str]| {
        let mut args = vec![
            "checkins",
            "add",
            "--young-person",
            reference,
            "--measure",
            "ons4",
            "--date",
            date,
            "--wave",
            wave,
            "--plan",
            "1",
        ];
        for answer in answers {
            args.extend(["--answer", answer]);
        }
        cli.ok(&args);
    };
    add(
        "YP1",
        "2026-04-07",
        "baseline",
        &[
            "life-satisfaction=5",
            "worthwhile=6",
            "happy-yesterday=5",
            "anxious-yesterday=7",
        ],
    );
    add(
        "YP2",
        "2026-04-07",
        "baseline",
        &["life-satisfaction=4", "worthwhile=5", "happy-yesterday=6"],
    );
    // Ben is 13: the anxiety question is not asked, and the CLI says so.
    let refused = cli.fails(&[
        "checkins",
        "add",
        "--young-person",
        "YP2",
        "--measure",
        "ons4",
        "--date",
        "2026-05-26",
        "--wave",
        "review",
        "--answer",
        "anxious-yesterday=3",
    ]);
    assert!(refused.contains("asked from 16"), "{refused}");
    add(
        "YP1",
        "2026-06-02",
        "review",
        &[
            "life-satisfaction=7",
            "worthwhile=6",
            "happy-yesterday=4",
            "anxious-yesterday=4",
        ],
    );
    add(
        "YP2",
        "2026-05-26",
        "review",
        &[
            "life-satisfaction=4",
            "worthwhile=skip",
            "happy-yesterday=8",
        ],
    );
    assert!(
        cli.json(&["checkins", "due", "--session", &sessions[0]])
            .as_array()
            .unwrap()
            .is_empty()
    );

    let change = cli.json(&[
        "outcomes",
        "change",
        "--from",
        "2026-04-01",
        "--to",
        "2026-06-30",
        "--measure",
        "ons4",
    ]);
    let ons4 = &change["measures"][0];
    assert_eq!(ons4["coverage"]["in_scope"], 2);
    assert_eq!(ons4["coverage"]["paired"], 2);
    let life = &ons4["rows"][0];
    assert_eq!(
        (
            life["n"].as_u64(),
            life["improved"].as_u64(),
            life["no_change"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(life["mean_before"], 4.5);
    let worthwhile = &ons4["rows"][1];
    assert_eq!(worthwhile["n"], 1);
    let anxious = &ons4["rows"][3];
    assert_eq!(
        (anxious["n"].as_u64(), anxious["improved"].as_u64()),
        (Some(1), Some(1))
    );
    let text = cli.ok(&[
        "outcomes",
        "change",
        "--from",
        "2026-04-01",
        "--to",
        "2026-06-30",
    ]);
    assert!(text.contains("could be asked twice"), "{text}");
    assert!(text.contains("Office for National Statistics"), "{text}");

    let engagement = cli.json(&[
        "outcomes",
        "engagement",
        "--from",
        "2026-04-01",
        "--to",
        "2026-06-30",
    ]);
    assert_eq!(engagement["young_people"], 2);

    // The summary for the partnership (the same core function as the window's preview)
    // carries ONS4's rows: two young people asked twice, so every count is withheld and there
    // is no mean change.
    cli.ok(&["init", "--lyp-code", "COV-0099"]);
    let out = cli.path("summary");
    std::fs::create_dir(&out).unwrap();
    cli.ok(&[
        "summary",
        "write",
        "--from",
        "2026-04-01",
        "--to",
        "2026-06-30",
        "--out",
        out.to_str().unwrap(),
    ]);
    let csv = std::fs::read_to_string(out.join("COV-0099_2026-04-01_2026-06-30_lyp-summary-2.csv"))
        .unwrap();
    for row in [
        ",checkin_in_scope,ons4/1,all,,true\n",
        ",checkin_paired,ons4/1,all,,true\n",
        ",change_paired,ons4/1,life-satisfaction,,true\n",
        ",change_mean,ons4/1,life-satisfaction,,true\n",
    ] {
        assert!(csv.contains(row), "{row}\n{csv}");
    }
}

#[test]
fn measures_go_out_and_in_and_registration_is_confirmed() {
    let (cli, _) = club();
    let out = cli.path("ons4.json");
    cli.ok(&["measures", "export", "ons4", out.to_str().unwrap()]);
    let exported = std::fs::read_to_string(&out).unwrap();
    assert!(exported.contains("\"code\": \"ons4\""));
    let file = cli.write("licensed.json", REGISTERED);
    let refused = cli.fails(&["measures", "import", &file]);
    assert!(
        refused.contains("Confirm that the club has registered"),
        "{refused}"
    );
    let added = cli.ok(&["measures", "import", &file, "--registered"]);
    assert!(added.contains("© Its owners"), "{added}");
    let list = cli.json(&["measures", "list"]);
    let entry = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["measure"]["code"] == "licensed-scale")
        .unwrap();
    assert_eq!(entry["registered_by"], MANAGER);
    let bad = cli.write("bad.json", &REGISTERED.replace("\"max\": 5", "\"max\": 99"));
    let refused = cli.fails(&["measures", "import", &bad, "--registered"]);
    assert!(refused.contains("“questions[0].scale”"), "{refused}");
}

#[test]
fn progression_is_added_and_listed() {
    let (cli, _) = club();
    cli.ok(&[
        "progress",
        "add",
        "--young-person",
        "YP1",
        "--kind",
        "Duke of Edinburgh's Award",
        "--date",
        "2026-06-01",
        "--note",
        "Bronze",
    ]);
    let listed = cli.json(&["progress", "list", "--young-person", "YP1"]);
    assert_eq!(listed[0]["kind"], "duke-of-edinburgh");
    assert_eq!(listed[0]["note"], "Bronze");
}

#[test]
fn progression_is_counted_by_group_for_a_period_as_worked_out_by_hand() {
    let (cli, _) = club();
    let step = |who: &str, kind: &str, date: &str| {
        cli.ok(&[
            "progress",
            "add",
            "--young-person",
            who,
            "--kind",
            kind,
            "--date",
            date,
        ]);
    };
    step("YP1", "Duke of Edinburgh's Award", "2026-06-01");
    step("YP1", "Duke of Edinburgh's Award", "2026-07-01");
    step("YP2", "Started volunteering", "2026-06-15");
    step("YP2", "Duke of Edinburgh's Award", "2025-01-10"); // before the period

    // By hand, 1 April to 30 November 2026: awards, YP1 only, two steps; volunteering, YP2,
    // one step; two young people with any step; every other group none.
    let counts = cli.json(&[
        "progress",
        "counts",
        "--from",
        "2026-04-01",
        "--to",
        "2026-11-30",
    ]);
    let group = |code: &str| {
        counts["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["grouping"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        (
            group("award")["young_people"].as_u64(),
            group("award")["steps"].as_u64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(group("volunteering")["young_people"], 1);
    assert_eq!(group("volunteering")["steps"], 1);
    assert_eq!(group("referral")["steps"], 0);
    assert_eq!(counts["young_people"], 2);
    let said = cli.ok(&[
        "progress",
        "counts",
        "--from",
        "2026-04-01",
        "--to",
        "2026-11-30",
    ]);
    assert!(said.contains("Young people with any step: 2"), "{said}");
}

#[test]
fn a_story_is_added_checked_listed_and_removed() {
    let (cli, _) = club();
    let told = cli.ok(&[
        "stories",
        "add",
        "--young-person",
        "YP1",
        "--title",
        "Speaking up",
        "--text",
        "Amy spoke at the youth forum, born 1/1/2010.",
        "--consent",
        "anonymous",
        "--date",
        "2026-06-01",
        "--outcome",
        "toc/confidence",
    ]);
    assert!(told.contains("it names the young person"), "{told}");
    assert!(told.contains("date of birth"), "{told}");
    cli.ok(&[
        "stories",
        "add",
        "--young-person",
        "YP2",
        "--kind",
        "quote",
        "--title",
        "In his words",
        "--text",
        "I never thought I'd stand up in front of people.",
        "--consent",
        "anonymous",
        "--audience",
        "managers",
    ]);
    let listed = cli.json(&["stories", "list"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    let speaking = listed.iter().find(|s| s["title"] == "Speaking up").unwrap();
    assert_eq!(speaking["ready_for_return"], false);
    assert_eq!(speaking["findings"].as_array().unwrap().len(), 2);
    assert_eq!(speaking["outcomes"][0]["code"], "confidence");
    // Nothing found in the quote, but it is kept for managers: not for a return until the
    // team may read it.
    let quote = listed
        .iter()
        .find(|s| s["title"] == "In his words")
        .unwrap();
    assert_eq!(quote["findings"].as_array().unwrap().len(), 0);
    assert_eq!(quote["ready_for_return"], false);
    let mine = cli.json(&["stories", "list", "--young-person", "YP2"]);
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let id = speaking["id"].to_string();
    cli.ok(&["stories", "remove", &id]);
    assert_eq!(cli.json(&["stories", "list"]).as_array().unwrap().len(), 1);
    let refused = cli.fails(&[
        "stories",
        "add",
        "--young-person",
        "YP1",
        "--title",
        "T",
        "--text",
        "Words.",
        "--consent",
        "maybe",
    ]);
    assert!(
        refused.contains("named, anonymous, not-for-use"),
        "{refused}"
    );
}

#[test]
fn a_children_in_need_report_carries_the_differences_chosen_and_a_case_study() {
    let (cli, _) = club();
    let told = cli.ok(&[
        "stories",
        "add",
        "--young-person",
        "YP1",
        "--title",
        "Staying calm",
        "--text",
        "By June she stayed all evening.",
        "--consent",
        "anonymous",
        "--date",
        "2026-06-01",
    ]);
    let id = told
        .split_whitespace()
        .nth(2)
        .expect("Recorded story N …")
        .to_owned();
    let report: serde_json::Value = serde_json::from_str(&cli.ok(&[
        "report",
        "--template",
        "children-in-need",
        "--from",
        "2026-04-01",
        "--to",
        "2026-06-30",
        "--format",
        "json",
        "--out",
        "-",
        "--draft",
        "--difference",
        "toc/resilience",
        "--difference-words",
        "1=Calmer in a busy room",
        "--case-study",
        &format!("1={id}"),
        "--difference",
        "toc/confidence",
    ]))
    .unwrap();
    let parts = report["parts"].as_array().unwrap();
    let titled = |title: &str| parts.iter().find(|p| p["title"] == title);
    assert_eq!(
        titled("Difference 1: Resilience").unwrap()["answer"],
        "Calmer in a busy room"
    );
    assert_eq!(
        titled("Case study: Staying calm").unwrap()["body"],
        "By June she stayed all evening."
    );
    assert!(titled("Difference 2: Confidence").is_some());
    assert_eq!(report["differences"].as_array().unwrap().len(), 2);
    // Four outcomes are one too many; a named story cannot go in.
    let refused = cli.fails(&[
        "report",
        "--template",
        "children-in-need",
        "--from",
        "2026-04-01",
        "--to",
        "2026-06-30",
        "--out",
        "-",
        "--format",
        "json",
        "--draft",
        "--difference",
        "toc/resilience",
        "--difference",
        "toc/confidence",
        "--difference",
        "toc/empathy",
        "--difference",
        "toc/aspiration",
    ]);
    assert!(refused.contains("at most 3"), "{refused}");
}

#[test]
fn a_volunteer_records_a_check_in_but_does_not_browse_anyone_elses() {
    let (cli, _) = club();
    cli.ok(&["people", "add", "--name", "Bo Bright"]);
    let out = cli
        .command_as(MANAGER, MANAGER_PASSWORD)
        .args([
            "users",
            "add",
            "Bo",
            "--role",
            "volunteer",
            "--person",
            "Bo Bright",
        ])
        .env("CLUBROOM_NEW_SECRET", "volunteer password")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    cli.ok(&[
        "checkins",
        "add",
        "--young-person",
        "YP1",
        "--measure",
        "ons4",
        "--date",
        "2026-04-07",
        "--answer",
        "happy-yesterday=9",
    ]);
    let bo = |args: &[&str]| {
        let out = cli.run_as("Bo", "volunteer password", args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // The manager's check-in is not Bo's to browse.
    let seen: serde_json::Value =
        serde_json::from_str(&bo(&["checkins", "list", "--json"])).unwrap();
    assert_eq!(seen.as_array().unwrap().len(), 0);
    bo(&[
        "checkins",
        "add",
        "--young-person",
        "YP2",
        "--measure",
        "ons4",
        "--date",
        "2026-04-07",
        "--answer",
        "happy-yesterday=6",
    ]);
    let seen: serde_json::Value =
        serde_json::from_str(&bo(&["checkins", "list", "--json"])).unwrap();
    assert_eq!(seen.as_array().unwrap().len(), 1);
    assert_eq!(seen[0]["answers"][2]["value"], 6);
    // The manager sees both, with answers.
    let all = cli.json(&["checkins", "list"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert!(all[0]["answers"].is_array() && all[1]["answers"].is_array());
}

/// Adds an account from the command line as the manager (its secret through
/// `CLUBROOM_NEW_SECRET`).
fn add_account(cli: &Cli, name: &str, role: &str, person: Option<&str>, secret: &str) {
    let mut args = vec!["users", "add", name, "--role", role];
    if let Some(person) = person {
        args.extend(["--person", person]);
    }
    let out = cli
        .command_as(MANAGER, MANAGER_PASSWORD)
        .args(&args)
        .env("CLUBROOM_NEW_SECRET", secret)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `checkins list` as each role sees it (docs/permissions.md, "Check-in answers"): newest
/// first, for one young person with --young-person, each line naming whom it is for; the
/// manager sees every answer, a leader that each check-in happened and the answers only of
/// the one they recorded, a volunteer only the one they recorded (with its answers), and
/// nothing when they ask for a young person whose check-ins someone else recorded.
#[test]
fn checkins_list_shows_each_role_what_the_core_lets_them_see() {
    let (cli, _) = club();
    cli.ok(&["people", "add", "--name", "Bo Bright"]);
    add_account(
        &cli,
        "Bo",
        "volunteer",
        Some("Bo Bright"),
        "volunteer password",
    );
    add_account(&cli, "Lee", "leader", None, "leader password");
    let add_as = |who: Option<(&str, &str)>, args: &[&str]| {
        let mut all = vec!["checkins", "add", "--measure", "ons4"];
        all.extend(args);
        let out = match who {
            Some((name, secret)) => cli.run_as(name, secret, &all),
            None => cli.run(&all),
        };
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // The manager: Amy's baseline on 7 April, Ben's "I'd rather not" on 14 April.
    add_as(
        None,
        &[
            "--young-person",
            "YP1",
            "--date",
            "2026-04-07",
            "--answer",
            "life-satisfaction=3",
            "--answer",
            "worthwhile=skip",
        ],
    );
    add_as(
        None,
        &[
            "--young-person",
            "YP2",
            "--date",
            "2026-04-14",
            "--declined",
        ],
    );
    // Bo, the volunteer: Ben's on 21 April.
    add_as(
        Some(("Bo", "volunteer password")),
        &[
            "--young-person",
            "YP2",
            "--date",
            "2026-04-21",
            "--answer",
            "happy-yesterday=6",
        ],
    );
    let run = |who: (&str, &str), args: &[&str]| {
        let out = cli.run_as(who.0, who.1, args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json = |who: (&str, &str), args: &[&str]| -> serde_json::Value {
        let mut args = args.to_vec();
        args.push("--json");
        serde_json::from_str(&run(who, &args)).unwrap()
    };
    let manager = (MANAGER, MANAGER_PASSWORD);
    let leader = ("Lee", "leader password");
    let volunteer = ("Bo", "volunteer password");
    let dates = |list: &serde_json::Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| c["taken_on"].as_str().unwrap().to_owned())
            .collect()
    };

    // The manager: all three, newest first, each with its answers (a declined one has none
    // to show, and says so).
    let all = json(manager, &["checkins", "list"]);
    assert_eq!(dates(&all), ["2026-04-21", "2026-04-14", "2026-04-07"]);
    assert_eq!(all[0]["recorded_by"], "Bo");
    assert_eq!(all[0]["answers"][2]["value"], 6);
    assert_eq!(all[1]["declined"], true);
    assert_eq!(all[2]["answers"][0]["value"], 3);
    assert_eq!(all[2]["answers"][1]["value"], serde_json::Value::Null);
    // For whom: --young-person keeps one young person's, and each line says whose it is.
    let bens = json(manager, &["checkins", "list", "--young-person", "YP2"]);
    assert_eq!(dates(&bens), ["2026-04-21", "2026-04-14"]);
    let text = run(manager, &["checkins", "list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].contains("Ben Test (YP2)"), "{text}");
    assert!(lines[0].contains("happy-yesterday=6"), "{text}");
    assert!(lines[1].contains("declined (I'd rather not)"), "{text}");
    assert!(lines[2].contains("Amy Test (YP1)"), "{text}");
    assert!(
        lines[2].contains("life-satisfaction=3 worthwhile=skipped"),
        "{text}"
    );

    // A leader: all three happened, no answers (they recorded none).
    let seen = json(leader, &["checkins", "list"]);
    assert_eq!(dates(&seen), dates(&all));
    for c in seen.as_array().unwrap() {
        assert_eq!(c["answers"], serde_json::Value::Null, "{c}");
    }
    let text = run(leader, &["checkins", "list"]);
    assert_eq!(
        text.matches("answers seen by managers and whoever recorded it")
            .count(),
        2,
        "{text}"
    );
    assert!(!text.contains("happy-yesterday=6"), "{text}");

    // The volunteer: only the one they recorded, with its answers; asking for Amy's gives
    // nothing (the manager's baseline is not theirs to browse).
    let own = json(volunteer, &["checkins", "list"]);
    assert_eq!(dates(&own), ["2026-04-21"]);
    assert_eq!(own[0]["answers"][2]["value"], 6);
    let amys = json(volunteer, &["checkins", "list", "--young-person", "YP1"]);
    assert_eq!(amys.as_array().unwrap().len(), 0);
    let text = run(volunteer, &["checkins", "list"]);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("Ben Test (YP2)") && text.contains("(Bo)"),
        "{text}"
    );
}

#[test]
fn the_erasure_preview_says_which_stories_go_and_which_stay() {
    let (cli, _) = club();
    let story = |title: &str, text: &str| {
        cli.ok(&[
            "stories",
            "add",
            "--young-person",
            "YP1",
            "--title",
            title,
            "--text",
            text,
            "--consent",
            "anonymous",
            "--date",
            "2026-06-01",
        ]);
    };
    story("Leading the quiz", "She leads the quiz now.");
    story("Naming her", "Amy leads the quiz now.");
    let preview = cli.ok(&["rights", "erase", "--young-person", "YP1"]);
    assert!(
        preview.contains("These stories about them are deleted: “Naming her”."),
        "{preview}"
    );
    assert!(
        preview.contains(
            "stay, linked to no one (nothing in them identifies anyone): “Leading the quiz”."
        ),
        "{preview}"
    );
    cli.ok(&["rights", "erase", "--young-person", "YP1", "--confirm"]);
    let left = cli.json(&["stories", "list"]);
    let titles: Vec<&str> = left
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Leading the quiz"]);
}

/// A club with a weekly Tuesday series from 7 April to 17 November 2026 and the young people
/// given (reference, first name, date of birth); returns the CLI and each session's id by date.
fn tuesday_club(
    lyp_code: Option<&str>,
    young: &[(&str, &str, &str)],
) -> (Cli, std::collections::BTreeMap<String, String>) {
    let cli = Cli::new();
    let mut init = vec!["init", "--name", "Outcome Club"];
    if let Some(code) = lyp_code {
        init.extend(["--lyp-code", code]);
    }
    cli.ok(&init);
    for (reference, first, born) in young {
        cli.ok(&[
            "young-people",
            "add",
            "--first-name",
            first,
            "--last-name",
            "Test",
            "--ref",
            reference,
            "--date-of-birth",
            born,
        ]);
    }
    cli.ok(&[
        "series",
        "add",
        "--name",
        "Tuesday club",
        "--weekday",
        "tuesday",
        "--start",
        "18:00",
        "--end",
        "20:00",
        "--starts-on",
        "2026-04-07",
        "--ends-on",
        "2026-11-17",
        "--project",
        "Youth Voice",
    ]);
    let sessions = cli.json(&[
        "sessions",
        "list",
        "--from",
        "2026-04-01",
        "--to",
        "2026-11-30",
    ]);
    let by_date = sessions
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["date"].as_str().unwrap().to_owned(),
                s["id"].as_i64().unwrap().to_string(),
            )
        })
        .collect();
    (cli, by_date)
}

#[test]
fn sustained_engagement_is_counted_as_worked_out_by_hand() {
    let (cli, sessions) = tuesday_club(
        None,
        &[
            ("YP1", "Amy", "2010-01-01"),
            ("YP2", "Ben", "2010-01-01"),
            ("YP3", "Cara", "2010-01-01"),
            ("YP4", "Dan", "2010-01-01"),
            ("YP5", "Eve", "2010-01-01"),
        ],
    );
    // Today is 24 November 2026: a first attendance up to 24 August is old enough for the
    // 3-month cohort, up to 24 May for the 6-month one.
    let attended = [
        // First 7 April; back 14 July (3 months on: 7 July) and 13 October (6 months on:
        // 7 October, after the period, which still counts).
        (
            "YP1",
            ["2026-04-07", "2026-04-14", "2026-07-14", "2026-10-13"].as_slice(),
        ),
        // First 7 April, last 30 June: before 7 July, so retained at neither.
        ("YP2", &["2026-04-07", "2026-06-30"]),
        // First 5 May; back 11 August (on or after 5 August) but never from 5 November.
        ("YP3", &["2026-05-05", "2026-08-11"]),
        // First 2 June: in the 3-month cohort only (after 24 May); back 15 September.
        ("YP4", &["2026-06-02", "2026-09-15"]),
        // First 1 September: after 24 August, so in neither cohort.
        ("YP5", &["2026-09-01", "2026-09-08"]),
    ];
    for (reference, dates) in attended {
        for date in dates {
            cli.ok(&["register", "mark", &sessions[*date], reference]);
        }
    }
    let found = cli.json(&[
        "outcomes",
        "engagement",
        "--from",
        "2026-04-01",
        "--to",
        "2026-09-30",
    ]);
    // 3 months: cohort Amy, Ben, Cara, Dan; retained Amy, Cara, Dan.
    // 6 months: cohort Amy, Ben, Cara; retained Amy.
    let retention: Vec<(u64, u64, u64)> = found["retention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["months"].as_u64().unwrap(),
                r["cohort"].as_u64().unwrap(),
                r["retained"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(retention, [(3, 4, 3), (6, 3, 1)], "{found}");
    // Weeks engaged in the period (Amy's 13 October is outside it): Amy 7 Apr to 14 Jul, 14
    // weeks + 1 = 15; Ben 7 Apr to 30 Jun, 12 + 1 = 13; Cara 5 May to 11 Aug, 14 + 1 = 15;
    // Dan 2 Jun to 15 Sep, 15 + 1 = 16; Eve 1 to 8 Sep, 1 + 1 = 2. 61 for 5, 12.2 each.
    assert_eq!(found["young_people"], 5, "{found}");
    assert_eq!(found["weeks_engaged"], 61, "{found}");
    assert_eq!(found["mean_weeks_engaged"], 12.2, "{found}");

    let text = cli.ok(&[
        "outcomes",
        "engagement",
        "--from",
        "2026-04-01",
        "--to",
        "2026-09-30",
    ]);
    assert!(text.contains("Still coming 3 months on: 3 of 4"), "{text}");
    assert!(text.contains("Still coming 6 months on: 1 of 3"), "{text}");
    assert!(
        text.contains("Weeks engaged: 61 for 5 young people"),
        "{text}"
    );
}

const SPEAKING_UP: &str = r#"{ "schema": "clubroom-measure/1", "code": "speaking-up", "version": 1,
  "name": "Speaking up", "licence": "club", "scoring": "mean", "higher_is_better": true,
  "meaningful_change": 1, "outcomes": [ { "framework": "toc", "code": "confidence" } ],
  "questions": [ { "id": "group", "text": "I feel confident speaking in a group",
    "scale": { "min": 1, "max": 5 } } ] }"#;

/// The summary's rows for one dimension, keyed by (measure, category): (value, suppressed).
fn summary_rows(
    csv: &str,
    dimension: &str,
) -> std::collections::BTreeMap<(String, String), (String, String)> {
    csv.lines()
        .skip(1)
        .map(|line| line.split(',').collect::<Vec<_>>())
        .filter(|cells| cells[6] == dimension)
        .map(|cells| {
            (
                (cells[5].to_owned(), cells[7].to_owned()),
                (cells[8].to_owned(), cells[9].to_owned()),
            )
        })
        .collect()
}

#[test]
fn the_partnership_summary_carries_paired_ons4_change_as_worked_out_by_hand() {
    // Twelve 18-year-olds (old enough for every ONS4 question) at the 7 April session.
    let references: Vec<String> = (1..=12).map(|n| format!("YP{n:02}")).collect();
    let names = [
        "Amy", "Ben", "Cara", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lou",
    ];
    let young: Vec<(&str, &str, &str)> = references
        .iter()
        .zip(names)
        .map(|(r, name)| (r.as_str(), name, "2008-01-01"))
        .collect();
    let (cli, sessions) = tuesday_club(Some("WYP-0099"), &young);
    for reference in &references {
        cli.ok(&["register", "mark", &sessions["2026-04-07"], reference]);
    }
    let scale = cli.write("speaking-up.json", SPEAKING_UP);
    cli.ok(&["measures", "import", &scale]);
    cli.ok(&[
        "checkins",
        "plan",
        "--project",
        "Youth Voice",
        "--measure",
        "ons4",
        "--measure",
        "speaking-up",
        "--who",
        "everyone",
        "--baseline-within",
        "2",
        "--review-weeks",
        "6",
        "--min-gap-weeks",
        "6",
    ]);
    let add = |reference: &str, measure: &str, date: &str, wave: &str, answers: &[String]| {
        let mut args = vec![
            "checkins",
            "add",
            "--young-person",
            reference,
            "--measure",
            measure,
            "--date",
            date,
            "--wave",
            wave,
            "--plan",
            "1",
        ];
        for answer in answers {
            args.extend(["--answer", answer.as_str()]);
        }
        cli.ok(&args);
    };
    let ons4 = |ls: &str, w: &str, h: &str, a: &str| {
        vec![
            format!("life-satisfaction={ls}"),
            format!("worthwhile={w}"),
            format!("happy-yesterday={h}"),
            format!("anxious-yesterday={a}"),
        ]
    };
    // YP01 to YP11 give a baseline of 5, 5, 5 and anxious 6 on 7 April.
    for reference in &references[..11] {
        add(
            reference,
            "ons4",
            "2026-04-07",
            "baseline",
            &ons4("5", "5", "5", "6"),
        );
    }
    // YP12 says "I'd rather not".
    cli.ok(&[
        "checkins",
        "add",
        "--young-person",
        "YP12",
        "--measure",
        "ons4",
        "--date",
        "2026-04-07",
        "--plan",
        "1",
        "--declined",
    ]);
    // YP01 to YP10 are reviewed on 2 June (8 weeks on); YP11 never is.
    for (n, reference) in references[..10].iter().enumerate() {
        let life = if n < 6 { "7" } else { "5" }; // 6 up by 2, 4 the same
        let worthwhile = if n < 9 { "6" } else { "skip" }; // 9 up by 1, YP10 skips it
        let happy = if n < 5 { "6" } else { "4" }; // 5 up by 1, 5 down by 1
        add(
            reference,
            "ons4",
            "2026-06-02",
            "review",
            &ons4(life, worthwhile, happy, "3"),
        );
        // The club's own scale, answered twice by the same ten: it must never leave the club.
        add(
            reference,
            "speaking-up",
            "2026-04-07",
            "baseline",
            &["group=2".to_owned()],
        );
        add(
            reference,
            "speaking-up",
            "2026-06-02",
            "review",
            &["group=4".to_owned()],
        );
    }

    let out = cli.path("summary");
    std::fs::create_dir(&out).unwrap();
    cli.ok(&[
        "summary",
        "write",
        "--from",
        "2026-04-01",
        "--to",
        "2026-06-30",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stem = "WYP-0099_2026-04-01_2026-06-30_lyp-summary-2";
    let csv = std::fs::read_to_string(out.join(format!("{stem}.csv"))).unwrap();
    let rows = summary_rows(&csv, "ons4/1");
    let row = |measure: &str, category: &str| -> (String, String) {
        rows.get(&(measure.to_owned(), category.to_owned()))
            .cloned()
            .unwrap_or_else(|| panic!("no {measure} {category} row in {csv}"))
    };
    let shown = |value: &str| (value.to_owned(), "false".to_owned());
    let withheld = || (String::new(), "true".to_owned());

    // Coverage: in scope 12, with a baseline 11, paired 10, declined 1 (withheld: 1 to 4).
    assert_eq!(row("checkin_in_scope", "all"), shown("12"));
    assert_eq!(row("checkin_with_baseline", "all"), shown("11"));
    assert_eq!(row("checkin_paired", "all"), shown("10"));
    assert_eq!(row("checkin_declined", "all"), withheld());

    // Life satisfaction: 10 pairs, 6 improved, 4 no change (withheld), 0 worse; the lone
    // withheld cell takes the next smallest non-zero one (6) with it. Mean change 12 / 10.
    assert_eq!(row("change_paired", "life-satisfaction"), shown("10"));
    assert_eq!(row("change_improved", "life-satisfaction"), withheld());
    assert_eq!(row("change_no_change", "life-satisfaction"), withheld());
    assert_eq!(row("change_worse", "life-satisfaction"), shown("0"));
    let (mean, suppressed) = row("change_mean", "life-satisfaction");
    assert_eq!(
        (mean.parse::<f64>().unwrap(), suppressed.as_str()),
        (1.2, "false")
    );

    // Worthwhile: 9 pairs, all up by 1; fewer than 10 pairs, so no mean change.
    assert_eq!(row("change_paired", "worthwhile"), shown("9"));
    assert_eq!(row("change_improved", "worthwhile"), shown("9"));
    assert_eq!(row("change_no_change", "worthwhile"), shown("0"));
    assert_eq!(row("change_worse", "worthwhile"), shown("0"));
    assert_eq!(row("change_mean", "worthwhile"), withheld());

    // Happy yesterday: 10 pairs, 5 up and 5 down by 1: mean change 0.
    assert_eq!(row("change_paired", "happy-yesterday"), shown("10"));
    assert_eq!(row("change_improved", "happy-yesterday"), shown("5"));
    assert_eq!(row("change_no_change", "happy-yesterday"), shown("0"));
    assert_eq!(row("change_worse", "happy-yesterday"), shown("5"));
    let (mean, suppressed) = row("change_mean", "happy-yesterday");
    assert_eq!(
        (mean.parse::<f64>().unwrap(), suppressed.as_str()),
        (0.0, "false")
    );

    // Anxious yesterday: 6 to 3 for all 10, lower is better: all improved, mean change +3.
    assert_eq!(row("change_paired", "anxious-yesterday"), shown("10"));
    assert_eq!(row("change_improved", "anxious-yesterday"), shown("10"));
    assert_eq!(row("change_no_change", "anxious-yesterday"), shown("0"));
    assert_eq!(row("change_worse", "anxious-yesterday"), shown("0"));
    let (mean, suppressed) = row("change_mean", "anxious-yesterday");
    assert_eq!(
        (mean.parse::<f64>().unwrap(), suppressed.as_str()),
        (3.0, "false")
    );

    // 4 coverage rows and 5 per question: nothing else about ONS4.
    assert_eq!(rows.len(), 4 + 4 * 5, "{csv}");

    // The club scale was planned and answered twice by ten, yet nothing of it is sent.
    for file in std::fs::read_dir(&out).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        for secret in ["speaking-up", "Speaking up", "confident speaking", "group="] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert!(
        !csv.lines().any(|l| l
            .split(',')
            .nth(6)
            .is_some_and(|d| d.contains('/') && d != "ons4/1")),
        "{csv}"
    );

    // The partnership merges it (this one member): counts as sent, a withheld cell as at
    // least 1, the mean change as given, and none where the member withheld it.
    let report = cli.path("report");
    std::fs::create_dir(&report).unwrap();
    cli.ok(&[
        "partnership",
        "merge",
        out.to_str().unwrap(),
        "--out",
        report.to_str().unwrap(),
        "--from",
        "2026-04-01",
        "--to",
        "2026-06-30",
    ]);
    let totals = std::fs::read_to_string(report.join("partnership-totals.csv")).unwrap();
    let total = |measure: &str, category: &str| -> Vec<String> {
        totals
            .lines()
            .map(|line| line.split(',').map(str::to_owned).collect::<Vec<_>>())
            .find(|c| c[3] == measure && c[4] == "ons4/1" && c[5] == category)
            .unwrap_or_else(|| panic!("no total for {measure} {category}: {totals}"))[6..10]
            .to_vec()
    };
    assert_eq!(total("checkin_paired", "all"), ["10", "exact", "1", "0"]);
    assert_eq!(
        total("checkin_declined", "all"),
        ["1", "at_least", "1", "1"]
    );
    assert_eq!(
        total("change_improved", "life-satisfaction"),
        ["1", "at_least", "1", "1"]
    );
    assert_eq!(
        total("change_worse", "happy-yesterday"),
        ["5", "exact", "1", "0"]
    );
    let mean = total("change_mean", "life-satisfaction");
    assert_eq!(mean[0].parse::<f64>().unwrap(), 1.2, "{mean:?}");
    assert_eq!(mean[1], "exact");
    assert_eq!(total("change_mean", "worthwhile")[..2], ["", "not_added"]);
    assert!(!totals.contains("speaking-up"), "{totals}");
}
