//! The incident and safeguarding log from the command line: the real binary on a real club
//! file. (Who may use it is tested in the core, role by role; the CLI runs as the signed-in
//! person, a manager until sign-in lands.)

mod common;

use common::Cli;

const LEAD: &str = "Sam Okafor";
const LEAD_PASSWORD: &str = "a long test password";
const LEADER_PASSWORD: &str = "a leader's long password";

/// A club protected by its safeguarding lead (its first manager), with two young people.
fn club() -> Cli {
    let cli = Cli::signed_in_as(LEAD, LEAD_PASSWORD);
    cli.ok(&["init", "--name", "St Mary's Youth Club"]);
    let people = cli.write(
        "people.csv",
        "ref,first_name,last_name,date_of_birth\nYP1,Jay,Smith,2013-03-04\nYP2,Amira,Hussain,2012-05-04\n",
    );
    cli.ok(&["import", "young-people", &people]);
    cli
}

#[test]
fn a_concern_is_recorded_updated_corrected_and_its_history_kept() {
    let cli = club();
    let out = cli.ok(&[
        "sessions",
        "add",
        "--name",
        "Tuesday Juniors",
        "--date",
        "2026-11-17",
        "--start",
        "18:00",
        "--end",
        "20:00",
    ]);
    let session = out
        .split_whitespace()
        .nth(2)
        .unwrap()
        .trim_end_matches(':')
        .to_owned();

    let added = cli.json(&[
        "incidents",
        "add",
        "--date",
        "2026-11-17",
        "--time",
        "19:10",
        "--session",
        &session,
        "--young-person",
        "YP1",
        "--what",
        "Jay said an older boy had been waiting for him after school.",
        "--action",
        "Listened; told the safeguarding lead that evening.",
        "--referred-to",
        "mash",
        "--referral-detail",
        "Front door, ref 0001 (made up)",
        "--referred-on",
        "2026-11-18",
        "--follow-up",
        "Check in with Jay next week",
        "--follow-up-by",
        "2026-11-24",
    ]);
    let id = added["id"].as_i64().unwrap().to_string();
    assert_eq!(added["current"]["session"]["name"], "Tuesday Juniors");
    assert_eq!(added["current"]["referral"]["to"][0], "childrens-services");
    assert_eq!(added["versions"][0]["recorded_by"], "Sam Okafor");

    // A second, older concern with nothing to follow up.
    cli.ok(&[
        "incidents",
        "add",
        "--date",
        "2026-11-03",
        "--what",
        "A parent shouted at a volunteer in the car park.",
    ]);
    let list = cli.ok(&["incidents", "list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert!(
        lines[0].contains("Jay Smith (YP1)") && lines[0].contains("follow-up open, due 2026-11-24"),
        "open follow-ups come first: {list}"
    );
    assert!(lines[1].contains("Not referred"), "{list}");
    assert_eq!(
        cli.json(&["incidents", "list", "--open"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // An update marks the follow-up done; the concern as recorded is untouched.
    let out = cli.ok(&[
        "incidents",
        "update",
        &id,
        "--note",
        "Spoke to Jay; he walks home with his sister now.",
        "--follow-up-done",
    ]);
    assert!(out.contains("Added update 2 to concern"), "{out}");
    assert!(
        out.contains("Check in with Jay next week by Tuesday 24 November 2026 (done)"),
        "{out}"
    );

    // A correction needs a reason; with one, the old wording stays in the history.
    let err = cli.fails(&[
        "incidents",
        "correct",
        &id,
        "--reason",
        " ",
        "--young-person",
        "YP2",
    ]);
    assert!(
        err.contains("Say why you are correcting this concern"),
        "{err}"
    );
    cli.ok(&[
        "incidents",
        "correct",
        &id,
        "--reason",
        "Amira was there too",
        "--young-person",
        "YP1",
        "--young-person",
        "YP2",
    ]);
    let history = cli.ok(&["incidents", "history", &id]);
    assert!(history.contains("Concern 1: 3 versions"), "{history}");
    assert!(
        history.contains("Version 2 · Update for Tuesday 24 November 2026"),
        "{history}"
    );
    assert!(history.contains("  Follow-up done: No → Yes"), "{history}");
    assert!(
        history.contains("Version 3 · Correction · by Sam Okafor"),
        "{history}"
    );
    assert!(
        history.contains("  Reason: Amira was there too"),
        "{history}"
    );
    assert!(
        history.contains("  Young people involved: Jay Smith → Amira Hussain, Jay Smith"),
        "{history}"
    );
    let versions = cli.json(&["incidents", "history", &id]);
    assert_eq!(
        versions[0]["concern"]["young_people"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let show = cli.ok(&["incidents", "show", &id]);
    assert!(
        show.contains("Young people:  Amira Hussain (YP2), Jay Smith (YP1)"),
        "{show}"
    );
    assert!(show.contains("3 versions"), "{show}");

    // Numbers only, for reports.
    let counts = cli.json(&[
        "incidents",
        "count",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ]);
    assert_eq!(counts["total"], 2);
    assert_eq!(counts["open_follow_ups"], 0);
    let referred = |kind: &str| {
        counts["by_referral"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == kind)
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(referred("childrens-services"), 1);
    assert_eq!(referred("none"), 1);
    let text = serde_json::to_string(&counts).unwrap();
    assert!(
        !text.contains("Jay") && !text.contains("car park"),
        "{text}"
    );
}

#[test]
fn bad_concerns_are_refused_in_words_and_nothing_is_saved() {
    let cli = club();
    let err = cli.fails(&["incidents", "add", "--date", "2026-12-01", "--what", "x"]);
    assert!(
        err.contains("The concern is dated Tuesday 1 December 2026, which is in the future"),
        "{err}"
    );
    let err = cli.fails(&["incidents", "add", "--date", "2026-11-20", "--what", "  "]);
    assert!(err.contains("Describe what happened"), "{err}");
    let err = cli.fails(&[
        "incidents",
        "add",
        "--date",
        "2026-11-20",
        "--what",
        "x",
        "--young-person",
        "NOBODY",
    ]);
    assert!(
        err.contains("No young person has the reference NOBODY"),
        "{err}"
    );
    let err = cli.fails(&[
        "incidents",
        "add",
        "--date",
        "2026-11-20",
        "--what",
        "x",
        "--session",
        "42",
    ]);
    assert!(err.contains("The session chosen no longer exists"), "{err}");
    let err = cli.fails(&[
        "incidents",
        "add",
        "--date",
        "2026-11-20",
        "--what",
        "x",
        "--referred-to",
        "police",
    ]);
    assert!(
        err.contains("Give the date it was referred to Police."),
        "{err}"
    );
    let err = cli.fails(&[
        "incidents",
        "add",
        "--date",
        "2026-11-20",
        "--what",
        "x",
        "--follow-up",
        "Ring school",
        "--follow-up-by",
        "2026-11-19",
    ]);
    assert!(
        err.contains("The follow-up is due by Thursday 19 November 2026, before the concern"),
        "{err}"
    );
    let err = cli.fails(&[
        "incidents",
        "add",
        "--date",
        "2026-11-20",
        "--what",
        "x",
        "--referred-to",
        "vicar",
    ]);
    assert!(
        err.contains("“vicar” is not a referral Clubroom knows"),
        "{err}"
    );
    assert_eq!(
        cli.ok(&["incidents", "list"]).trim(),
        "No concerns recorded."
    );
    let err = cli.fails(&["incidents", "show", "9"]);
    assert!(
        err.contains("There is no concern number 9 in the incident log."),
        "{err}"
    );
}

#[test]
fn a_leader_signed_in_is_refused_the_log_but_may_count() {
    let cli = club();
    cli.ok(&[
        "incidents",
        "add",
        "--date",
        "2026-11-20",
        "--what",
        "A worry about Jay.",
    ]);
    let added = cli
        .command_as(LEAD, LEAD_PASSWORD)
        .env("CLUBROOM_NEW_SECRET", LEADER_PASSWORD)
        .args(["users", "add", "Lee Chen", "--role", "leader"])
        .output()
        .expect("the CLI runs");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let as_leader = |args: &[&str]| cli.run_as("Lee Chen", LEADER_PASSWORD, args);
    for args in [
        &["incidents", "list"][..],
        &["incidents", "show", "1"],
        &["incidents", "history", "1"],
        &["incidents", "add", "--date", "2026-11-20", "--what", "x"],
        &["incidents", "update", "1", "--note", "x"],
        &["incidents", "correct", "1", "--reason", "x", "--what", "y"],
    ] {
        let out = as_leader(args);
        assert!(!out.status.success(), "{args:?} should be refused");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("Signed in as Lee Chen (leader), you cannot see and record incidents."),
            "{args:?}: {err}"
        );
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains("Jay"),
            "{args:?}"
        );
    }
    // Counts are figures: a leader may see them, and they hold no detail.
    let out = as_leader(&[
        "incidents",
        "count",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Concerns recorded 2026-11-01 to 2026-11-30: 1"),
        "{text}"
    );
    assert!(!text.contains("Jay"), "{text}");
    assert_eq!(
        cli.json(&["incidents", "history", "1"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
