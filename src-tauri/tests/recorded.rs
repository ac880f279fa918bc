//! Records what the real core answers, for the UI's test fake: `ui/src/lib/ipc/recorded.json`.
//!
//! The fake (ui/src/lib/ipc/fake.ts) keeps no rule of its own: where a screen test needs an
//! answer that a rule decides (who is refused, what a partnership summary withholds, which
//! period a summary is due for), the fake replays what is recorded here. The answers come
//! from the window's own commands through real IPC messages on tauri's mock runtime, on a
//! synthetic club set up as the screen tests set up theirs (a scenario each); the refusals
//! come from `Store::begin`, the door every command passes first, as each role.
//!
//! The test fails when the committed file differs from what the core answers now (a rule
//! changed, a scenario added); `CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app --test
//! recorded` writes it again, with the other generated files of the IPC.

use std::collections::BTreeMap;

use clubroom_core::Store;
use clubroom_core::access::{Actor, Operation, Target};
use clubroom_core::vocab::Role;
use serde_json::{Value, json};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

/// The fake's today (ui/src/lib/ipc/fake.ts), pinned for the app too.
const TODAY: &str = "2026-11-24";

/// Stands for the signed-in person's name in a recorded refusal; the fake puts the name of
/// whoever it has signed in in its place.
const NAME: &str = "{name}";

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: &Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        url: "tauri://localhost".parse().expect("a url"),
        body: tauri::ipc::InvokeBody::Json(args.clone()),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().expect("a JSON reply"))
}

/// The answers of one scenario: each command's calls, with their arguments as the front end
/// sends them and the answer (`ok`) or the error report (`error`).
#[derive(Default)]
struct Scenario(BTreeMap<String, Vec<Value>>);

struct Recorder {
    window: WebviewWindow<MockRuntime>,
    scenarios: BTreeMap<String, Scenario>,
}

impl Recorder {
    /// Calls a command that sets a scenario up; it must succeed.
    fn set_up(&self, cmd: &str, args: Value) -> Value {
        invoke(&self.window, cmd, &args)
            .unwrap_or_else(|e| panic!("setting up, {cmd} was refused: {e}"))
    }

    /// Records an answer the recorder composed, under a name the fake asks by.
    fn push(&mut self, scenario: &str, name: &str, args: Value, ok: Value) {
        self.scenarios
            .entry(scenario.to_owned())
            .or_default()
            .0
            .entry(name.to_owned())
            .or_default()
            .push(json!({ "args": args, "ok": ok }));
    }

    /// Calls a command and records its answer in `scenario`.
    fn record(&mut self, scenario: &str, cmd: &str, args: Value) {
        self.record_as(scenario, cmd, cmd, args);
    }

    /// Calls a command and records its answer under `name` (a state the fake asks about,
    /// such as "while_locked"), with the arguments it was called with.
    fn record_as(&mut self, scenario: &str, name: &str, cmd: &str, args: Value) {
        let answer = match invoke(&self.window, cmd, &args) {
            Ok(value) => json!({ "args": args, "ok": value }),
            Err(report) => json!({ "args": args, "error": report }),
        };
        self.scenarios
            .entry(scenario.to_owned())
            .or_default()
            .0
            .entry(name.to_owned())
            .or_default()
            .push(answer);
    }
}

impl Recorder {
    /// Calls a command and records only the fields `keep` of its answer (the rest names
    /// this run's temporary folder, which would never match again).
    fn record_fields(&mut self, scenario: &str, cmd: &str, keep: &[&str]) {
        let answer = invoke(&self.window, cmd, &json!({}))
            .unwrap_or_else(|e| panic!("recording, {cmd} was refused: {e}"));
        let kept: serde_json::Map<String, Value> = keep
            .iter()
            .map(|field| ((*field).to_owned(), answer[*field].clone()))
            .collect();
        self.scenarios
            .entry(scenario.to_owned())
            .or_default()
            .0
            .entry(cmd.to_owned())
            .or_default()
            .push(json!({ "args": {}, "ok": kept }));
    }
}

/// One test: the app reads its folders from the environment, which is per process.
#[test]
fn the_fakes_recorded_answers_are_what_the_core_answers() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // SAFETY: set before the app (or any other thread of this test binary) reads them.
    unsafe {
        std::env::set_var("XDG_DATA_HOME", dir.path().join("data"));
        std::env::set_var("XDG_CONFIG_HOME", dir.path().join("config"));
        std::env::set_var("CLUBROOM_TODAY", TODAY);
    }
    let app = clubroom_app::configure(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("the app builds");
    clubroom_app::manage_state(app.handle()).expect("the club file opens");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a window");
    let mut recorder = Recorder {
        window,
        scenarios: BTreeMap::new(),
    };

    new_club(&mut recorder);
    partnership(&mut recorder);
    secrets(&mut recorder);
    let accounts = young_person_by_role(&mut recorder);
    overview_by_role(&mut recorder, &accounts);
    // Last: it adds young people to the one club every scenario above shares.
    partnership_outcomes(&mut recorder);
    // After every scenario: these refusals set a partnership destination and add records.
    refusals_the_fake_replays(&mut recorder);
    not_found(&mut recorder);
    locked_file_status(&mut recorder);
    protected_before_details(&mut recorder);
    damaged_file_status(&mut recorder);

    let recorded = json!({
        "about": "Answers recorded from clubroom-core through the window's commands by src-tauri/tests/recorded.rs. Do not edit by hand: run CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app --test recorded.",
        "today": TODAY,
        "name": NAME,
        "refusals": refusals(),
        "scenarios": recorder
            .scenarios
            .into_iter()
            .map(|(name, scenario)| (name, json!(scenario.0)))
            .collect::<serde_json::Map<_, _>>(),
    });
    let text = serde_json::to_string_pretty(&recorded).expect("JSON") + "\n";
    check(&text);
}

/// A club just set up (the fake's `freshClub`), with its partnership member code.
fn new_club(recorder: &mut Recorder) {
    // Whether a first manager is needed, before the club has details and after.
    first_manager_needed(recorder, "none", false);
    let status = recorder.set_up("app_status", json!({}));
    signing_in(
        recorder,
        json!({ "accounts": false, "signed_in": false }),
        &status,
    );
    // A logo chosen before the club's details are saved (the fake's `club` is null).
    logo_before_details(recorder);
    recorder.set_up("save_club", json!({ "details": club(Some("COV-0042")) }));
    first_manager_needed(recorder, "real", false);
    before_first_manager(recorder);
    for cmd in [
        "staffing_policy",
        "ratio_rules",
        "retention_rules",
        "circumstances",
        "courses",
        "venues",
        "projects",
        "templates_list",
        "partnership_destination",
    ] {
        recorder.record("new-club", cmd, json!({}));
    }
    // The periods the Home and Returns screens offer as of today.
    recorder.record_fields("new-club", "app_status", &["today", "periods"]);
    // The partnership's calendars, as the screen and the home card ask.
    for (calendar, periods) in [
        (Value::Null, json!([])),
        (json!("quarterly"), json!([])),
        (json!("monthly"), json!([])),
        (json!("custom"), json!([])),
        (
            json!("custom"),
            json!([{ "from": "2026-09-01", "to": "2026-11-15" }]),
        ),
    ] {
        recorder.record(
            "new-club",
            "due_summary_period",
            json!({ "calendar": calendar, "customPeriods": periods }),
        );
    }
    for (from, to) in summary_periods() {
        recorder.record(
            "new-club",
            "preview_summary",
            json!({ "from": from, "to": to }),
        );
    }
    // Refusals the screen tests meet, in the core's words (neither saves anything): a
    // project with no name, a circumstance already on the club's list.
    recorder.record(
        "new-club",
        "add_project",
        json!({ "name": "", "funder": null }),
    );
    recorder.record(
        "new-club",
        "add_circumstance",
        json!({ "label": "Young carer" }),
    );
    // A folder destination saved before a folder is chosen.
    recorder.record(
        "new-club",
        "set_partnership_destination",
        json!({ "destination": { "kind": "folder", "location": "", "user_name": null,
                                 "calendar": "quarterly", "custom_periods": [] },
                "password": null }),
    );
}

/// The core's answer to a logo chosen before the club has details (a real picture, so only
/// the missing details can refuse it): the fake's `chooseLogo` with no club replays it.
fn logo_before_details(recorder: &mut Recorder) {
    let picture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("icons/32x32.png");
    // SAFETY: this binary's one test runs the commands one at a time; no other thread
    // reads the environment while it is set.
    unsafe { std::env::set_var("CLUBROOM_OPEN_FILE", &picture) };
    recorder.record_as(
        "new-club",
        "choose_logo_before_details",
        "choose_logo",
        json!({}),
    );
    unsafe { std::env::remove_var("CLUBROOM_OPEN_FILE") };
}

/// A club with details and nobody who signs in yet: what the core says when someone asks to
/// change their own password (the fake's `changeOwnSecret` with no account signed in), and
/// who the audit log names for what was done (the club's details just saved): the core's
/// stand-in manager, which the fake names in its own log until someone has an account.
fn before_first_manager(recorder: &mut Recorder) {
    recorder.record_as(
        "new-club",
        "change_own_secret_before_first_manager",
        "change_own_secret",
        json!({ "current": "", "kind": "password", "secret": "a brand new password" }),
    );
    let log = recorder.set_up(
        "audit_log",
        json!({ "filter": { "user": null, "text": null, "from": null, "to": null, "limit": 1 } }),
    );
    let newest = &log[0];
    assert_eq!(newest["action"], "save the club's details", "{newest}");
    recorder.push(
        "new-club",
        "audit_stand_in",
        json!({}),
        json!({ "user_id": newest["user_id"], "user_name": newest["user_name"],
                "role": newest["role"] }),
    );
}

/// The periods the Partnership screen's tests preview (the usual one, one still running,
/// and the partnership's own), including those met while a date is typed.
fn summary_periods() -> [(&'static str, &'static str); 6] {
    [
        ("2026-07-01", "2026-09-30"),
        ("2026-10-01", "2026-10-31"),
        ("2026-10-01", "2026-09-30"),
        ("2026-10-01", "2026-12-31"),
        ("2026-09-01", "2026-09-30"),
        ("2026-09-01", "2026-11-15"),
    ]
}

/// The Partnership screen's club: seven young people at one session in July, six girls and
/// one boy, so the boy's count is withheld and the girls' with it.
fn partnership(recorder: &mut Recorder) {
    let session = recorder.set_up(
        "add_session",
        json!({ "input": {
            "name": "Tuesday Juniors", "date": "2026-07-07", "start": "18:00", "end": "20:00",
            "venue_id": null, "session_type": "open-access", "age_min": 8, "age_max": 12,
            "activities": [], "outcomes": [], "notes": "", "project_id": null } }),
    );
    for n in 0..7 {
        let gender = if n == 0 { "male" } else { "female" };
        let person = recorder.set_up(
            "add_young_person",
            json!({ "reference": null, "profile": profile(&format!("Young{n}"), gender), "confirmedNew": false }),
        );
        recorder.set_up(
            "mark_present",
            json!({ "sessionId": session["id"], "youngPersonId": person["id"] }),
        );
    }
    for (from, to) in summary_periods() {
        recorder.record(
            "partnership",
            "preview_summary",
            json!({ "from": from, "to": to }),
        );
    }
    // The same club before its member code is set.
    recorder.set_up("save_club", json!({ "details": club(None) }));
    recorder.record(
        "partnership-without-member-code",
        "preview_summary",
        json!({ "from": "2026-07-01", "to": "2026-09-30" }),
    );
}

/// The Partnership screen's outcomes: a project with a check-in plan (ONS4, everyone) and two
/// sessions eight weeks apart, 7 July and 1 September, where twelve 13-year-olds answered
/// twice. Life satisfaction from 5 to 7 (seven of them), 5 (three) or 3 (two); worthwhile
/// from 5 to 6 for all; happy yesterday skipped the second time. Recorded after every other
/// scenario, on the same club (the partnership scenario's seven young people are in it too).
fn partnership_outcomes(recorder: &mut Recorder) {
    // The scenarios before leave a volunteer signed in: the manager sets the plan up.
    recorder.set_up(
        "sign_in",
        json!({ "name": "Sam Okafor", "secret": "a long manager password" }),
    );
    // The partnership scenario ends with the member code taken away.
    recorder.set_up("save_club", json!({ "details": club(Some("COV-0042")) }));
    let project = recorder.set_up(
        "add_project",
        json!({ "name": "Wellbeing project", "funder": null }),
    );
    let session = |recorder: &Recorder, on: &str| {
        recorder.set_up(
            "add_session",
            json!({ "input": {
                "name": "Wellbeing group", "date": on, "start": "18:00", "end": "20:00",
                "venue_id": null, "session_type": "targeted", "age_min": 11, "age_max": 16,
                "activities": [], "outcomes": [], "notes": "", "project_id": project["id"] } }),
        )
    };
    let (july, september) = (
        session(recorder, "2026-07-07"),
        session(recorder, "2026-09-01"),
    );
    let plan = recorder.set_up(
        "save_checkin_plan",
        json!({ "id": null, "plan": {
            "project_id": project["id"], "series_id": null, "measures": ["ons4"],
            "baseline_within": 2, "review_weeks": 6, "min_gap_weeks": 6,
            "who": { "kind": "everyone" } } }),
    );
    for n in 1..=12 {
        let person = recorder.set_up(
            "add_young_person",
            json!({ "reference": null, "profile": profile(&format!("Outcome{n}"), "female"), "confirmedNew": true }),
        );
        let life = match n {
            1..=7 => 7,
            8..=10 => 5,
            _ => 3,
        };
        for (on, session, wave, answers) in [
            (
                "2026-07-07",
                &july,
                "baseline",
                json!([
                { "question_id": "life-satisfaction", "value": 5 },
                { "question_id": "worthwhile", "value": 5 },
                { "question_id": "happy-yesterday", "value": 5 }]),
            ),
            (
                "2026-09-01",
                &september,
                "review",
                json!([
                { "question_id": "life-satisfaction", "value": life },
                { "question_id": "worthwhile", "value": 6 },
                { "question_id": "happy-yesterday", "value": null }]),
            ),
        ] {
            recorder.set_up(
                "mark_present",
                json!({ "sessionId": session["id"], "youngPersonId": person["id"] }),
            );
            recorder.set_up(
                "record_checkin",
                json!({ "input": {
                    "young_person_id": person["id"], "measure_code": "ons4", "measure_version": null,
                    "taken_on": on, "wave": wave, "mode": "self", "declined": false,
                    "answers": answers, "plan_id": plan["id"] } }),
            );
        }
    }
    recorder.record(
        "partnership-outcomes",
        "preview_summary",
        json!({ "from": "2026-07-01", "to": "2026-09-30" }),
    );
}

/// The password and PIN rule, as `add_user` answers it for each secret the screen tests give
/// (the first manager is a manager): recorded under "secret" with the kind, the role and the
/// secret, and `ok: null` when the secret is accepted.
fn secrets(recorder: &mut Recorder) {
    let manager = recorder.set_up(
        "create_first_manager",
        json!({ "name": "Sam Okafor", "password": "a long manager password" }),
    );
    first_manager_needed(recorder, "real", true);
    let status = recorder.set_up("app_status", json!({}));
    signing_in(
        recorder,
        json!({ "accounts": true, "signed_in": true }),
        &status,
    );
    // The club's only manager made a leader: the core keeps the last active manager.
    recorder.record(
        "accounts",
        "update_user",
        json!({ "id": manager["user_id"], "role": "leader", "personId": null, "active": true }),
    );
    let tried = [
        ("password", "manager", "a long manager password"),
        ("password", "manager", "a brand new password"),
        ("password", "leader", "short"),
        ("password", "leader", "short and longer now"),
        ("pin", "volunteer", "402917"),
        ("pin", "volunteer", "123456"),
        ("pin", "manager", "402917"),
    ];
    for (n, (kind, role, secret)) in tried.into_iter().enumerate() {
        let user = json!({ "name": format!("Recorded {n}"), "role": role, "person_id": null,
                           "secret_kind": kind, "secret": secret });
        let answer = match invoke(&recorder.window, "add_user", &json!({ "user": user })) {
            Ok(_) => {
                json!({ "args": { "kind": kind, "role": role, "secret": secret }, "ok": null })
            }
            Err(report) => {
                json!({ "args": { "kind": kind, "role": role, "secret": secret }, "error": report })
            }
        };
        recorder
            .scenarios
            .entry("accounts".to_owned())
            .or_default()
            .0
            .entry("secret".to_owned())
            .or_default()
            .push(answer);
    }
    signing_in_refusals(recorder);
}

/// The core's words when a secret is wrong, and for anything asked while signed out or
/// locked (`courses` stands for any command); the manager is signed in again after.
fn signing_in_refusals(recorder: &mut Recorder) {
    let manager = json!({ "name": "Sam Okafor", "secret": "a long manager password" });
    recorder.record(
        "accounts",
        "change_own_secret",
        json!({ "current": "not the password", "kind": "password",
                "secret": "a brand new password" }),
    );
    recorder.set_up("lock", json!({}));
    recorder.record_as("accounts", "while_locked", "courses", json!({}));
    recorder.set_up("unlock", json!({ "secret": manager["secret"] }));
    recorder.set_up("sign_out", json!({}));
    let status = recorder.set_up("app_status", json!({}));
    signing_in(
        recorder,
        json!({ "accounts": true, "signed_in": false }),
        &status,
    );
    recorder.record_as("accounts", "while_signed_out", "courses", json!({}));
    recorder.record(
        "accounts",
        "sign_in",
        json!({ "name": "Sam Okafor", "secret": "not the password" }),
    );
    recorder.set_up("sign_in", manager);
}

/// A young person with every restricted detail given (medical and allergy notes, SEND notes,
/// every circumstance), as `young_person` answers each role signed in: recorded under
/// "young_person_seen_by" with the role, so the fake withholds from a role just what the core
/// withheld. Recorded after the other scenarios: it signs people in and out.
fn young_person_by_role(recorder: &mut Recorder) -> Vec<Account> {
    let mut details = profile("Jay", "male");
    details["medical_notes"] = json!("Asthma: blue inhaler in the office");
    details["allergies"] = json!("Peanuts");
    details["send_notes"] = json!("Prefers written instructions");
    details["preferred_name"] = json!("J");
    details["circumstance_codes"] = json!(["poverty"]);
    for (_, flag) in details["circumstances"]
        .as_object_mut()
        .expect("circumstances")
        .iter_mut()
    {
        *flag = json!(true);
    }
    let person = recorder.set_up(
        "add_young_person",
        json!({ "reference": null, "profile": details, "confirmedNew": true }),
    );
    let mut accounts: Vec<Account> = vec![(
        "manager",
        "Sam Okafor".to_owned(),
        "a long manager password",
    )];
    for (role, kind, secret) in [
        ("leader", "password", "a leader's long password"),
        ("safeguarding-lead", "password", "a lead's long password"),
        ("volunteer", "pin", "402917"),
    ] {
        let name = format!("Seen by {role}");
        recorder.set_up(
            "add_user",
            json!({ "user": { "name": name, "role": role, "person_id": null,
                              "secret_kind": kind, "secret": secret } }),
        );
        accounts.push((role, name, secret));
    }
    for (role, name, secret) in &accounts {
        recorder.set_up("sign_in", json!({ "name": name, "secret": secret }));
        let seen = recorder.set_up("young_person", json!({ "id": person["id"] }));
        recorder.push(
            "new-club",
            "young_person_seen_by",
            json!({ "role": role }),
            seen,
        );
    }
    accounts
}

/// A role, and the name and secret of an account holding it.
type Account = (&'static str, String, &'static str);

/// The home overview's parts cut by role (the concern counts, this quarter's figures), as
/// `overview` answers each role signed in: recorded under "overview_seen_by" with the role,
/// with no concerns ("new-club"), with the home screen test's one concern today
/// ("one-concern"), and with the incident log test's three ("three-concerns": two this
/// quarter, one with a follow-up still to do, and one on the last day of last quarter).
fn overview_by_role(recorder: &mut Recorder, accounts: &[Account]) {
    let concern = |on: &str, follow_up: Value| {
        json!({ "input": { "occurred_on": on, "occurred_at": null, "session_id": null,
            "young_people": [], "what_happened": "An older boy was waiting after school.",
            "action_taken": "Listened; told the safeguarding lead that evening.",
            "referral": { "to": [], "detail": null, "on": null }, "follow_up": follow_up } })
    };
    let to_do = json!({ "what": "Check in with Jay", "by": "2026-11-30", "done": false });
    let steps = [
        ("new-club", vec![]),
        ("one-concern", vec![concern(TODAY, Value::Null)]),
        (
            "three-concerns",
            vec![
                concern("2026-11-17", to_do.clone()),
                concern("2026-09-30", to_do),
            ],
        ),
    ];
    let (_, manager, manager_secret) = &accounts[0];
    for (scenario, concerns) in steps {
        recorder.set_up(
            "sign_in",
            json!({ "name": manager, "secret": manager_secret }),
        );
        for input in concerns {
            recorder.set_up("add_incident", input);
        }
        for (role, name, secret) in accounts {
            recorder.set_up("sign_in", json!({ "name": name, "secret": secret }));
            let overview = recorder.set_up("overview", json!({}));
            let cut = json!({
                "concerns_this_quarter": overview["concerns_this_quarter"],
                "concerns_to_follow_up": overview["concerns_to_follow_up"],
                "quarter": overview["quarter"] });
            recorder.push(scenario, "overview_seen_by", json!({ "role": role }), cut);
        }
    }
}

/// Whether the core's `AppStatus` asks for a first manager, as the fake's state says the
/// club stands: `club` is "none" (no details yet) or "real", `accounts` whether anyone can
/// sign in. Recorded under "needs_first_manager"; the fake asks by the same three.
fn first_manager_needed(recorder: &mut Recorder, club: &str, accounts: bool) {
    let status = recorder.set_up("app_status", json!({}));
    recorder.push(
        "new-club",
        "needs_first_manager",
        json!({ "locked": false, "club": club, "accounts": accounts }),
        status["needs_first_manager"].clone(),
    );
}

/// The club file as the window finds it when it starts again: encrypted (its first manager
/// protected it) and not yet unlocked, as `club_file::status` answers (no club to see, the
/// key file's holders as accounts). The fake's `fileLocked`.
fn locked_file_status(recorder: &mut Recorder) {
    let database = recorder.set_up("app_status", json!({}))["database"].clone();
    let path = std::path::PathBuf::from(database.as_str().expect("the club file's path"));
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("a date");
    let mut locked = clubroom_core::ClubFile::at(&path, today, chrono::Utc::now());
    assert_eq!(locked.state(), clubroom_core::ClubState::Locked);
    let status = clubroom_core::club_file::status(&mut locked, &path.with_extension("demo"), today)
        .expect("the status of a locked file");
    recorder.push(
        "new-club",
        "needs_first_manager",
        json!({ "locked": true, "club": "none", "accounts": true }),
        json!(status.needs_first_manager),
    );
    signing_in(recorder, json!({ "locked": true }), &json!(status));
}

/// Who the core says is signed in, and whether it asks for a sign-in, as the fake's state
/// says the file stands: `{"problem": true}` (damaged), `{"locked": true}` (encrypted, not
/// yet unlocked), or whether anyone has an account and whether someone is signed in.
/// Recorded under "signing_in"; the fake asks by the same state.
fn signing_in(recorder: &mut Recorder, state: Value, status: &Value) {
    recorder.push(
        "new-club",
        "signing_in",
        state,
        json!({ "needs_sign_in": status["needs_sign_in"], "signed_in": status["signed_in"] }),
    );
}

/// A club file the window cannot read (the fake's `problem`), as `club_file::status`
/// answers it: nobody signed in, and no sign-in asked for (there is nothing to open).
fn damaged_file_status(recorder: &mut Recorder) {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("club.sqlite3");
    std::fs::write(&path, vec![0x5A; 4 * 4096]).expect("a file that is not a club file");
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("a date");
    let mut damaged = clubroom_core::ClubFile::at(&path, today, chrono::Utc::now());
    let status = clubroom_core::club_file::status(&mut damaged, &dir.path().join("demo"), today)
        .expect("the status of a file that cannot be read");
    assert!(status.problem.is_some(), "the file is not readable");
    signing_in(recorder, json!({ "problem": true }), &json!(status));
}

/// A club protected by its first manager before its details are saved (the fake's default:
/// an account and no club), as `club_file::status` answers on a file of its own.
fn protected_before_details(recorder: &mut Recorder) {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("club.sqlite3");
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("a date");
    let mut club = clubroom_core::ClubFile::at(&path, today, chrono::Utc::now());
    club.protect(
        "Sam Okafor",
        "a long manager password",
        today,
        chrono::Utc::now(),
    )
    .expect("the first manager protects the club");
    let status = clubroom_core::club_file::status(&mut club, &dir.path().join("demo"), today)
        .expect("the status of a protected club");
    assert!(status.club.is_none() && status.signed_in.is_some());
    recorder.push(
        "new-club",
        "needs_first_manager",
        json!({ "locked": false, "club": "none", "accounts": true }),
        json!(status.needs_first_manager),
    );
}

/// Calls a command and records its answer under `args` (the part of the call the core's
/// answer turns on, which the fake asks by), when the full arguments hold what differs
/// between the recording and a screen test (ids, a whole form).
fn record_by(recorder: &mut Recorder, cmd: &str, full: Value, args: Value) {
    record_by_as(recorder, cmd, cmd, full, args);
}

/// As `record_by`, kept under `name` (a state of the fake's the answer is for).
fn record_by_as(recorder: &mut Recorder, name: &str, cmd: &str, full: Value, args: Value) {
    let answer = match invoke(&recorder.window, cmd, &full) {
        Ok(ok) => json!({ "args": args, "ok": ok }),
        Err(report) => json!({ "args": args, "error": report }),
    };
    recorder
        .scenarios
        .entry("new-club".to_owned())
        .or_default()
        .0
        .entry(name.to_owned())
        .or_default()
        .push(answer);
}

/// The core's refusals the fake throws instead of deciding them itself: a built-in template
/// saved or imported over, a project renamed to nothing, a concern with nothing said of what
/// happened (recorded and corrected), a summary sent with no destination set, and a period
/// not yet ended sent without the manager's choice.
fn refusals_the_fake_replays(recorder: &mut Recorder) {
    let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/templates");
    for id in [
        "general",
        "nlcf-progress",
        "children-in-need",
        "dcms-yif",
        "local-authority",
    ] {
        let file = templates.join(format!("{id}.json"));
        let template: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("a built-in template"))
                .expect("a template");
        record_by(
            recorder,
            "save_template",
            json!({ "template": template }),
            json!({ "id": id }),
        );
        // SAFETY: this binary's one test runs the commands one at a time; no other thread
        // reads the environment while it is set.
        unsafe { std::env::set_var("CLUBROOM_OPEN_FILE", &file) };
        record_by(recorder, "import_template", json!({}), json!({ "id": id }));
        unsafe { std::env::remove_var("CLUBROOM_OPEN_FILE") };
    }
    let project = recorder.set_up(
        "add_project",
        json!({ "name": "Renamed to nothing", "funder": null }),
    );
    record_by(
        recorder,
        "update_project",
        json!({ "id": project["id"], "name": "", "funder": null }),
        json!({ "name": "", "funder": null }),
    );
    let concern = |what: &str| {
        json!({ "occurred_on": TODAY, "occurred_at": null, "session_id": null,
            "young_people": [], "what_happened": what, "action_taken": "",
            "referral": { "to": [], "detail": null, "on": null }, "follow_up": null })
    };
    record_by(
        recorder,
        "add_incident",
        json!({ "input": concern("") }),
        json!({ "what_happened": "" }),
    );
    let recorded = recorder.set_up(
        "add_incident",
        json!({ "input": concern("A concern to correct.") }),
    );
    record_by(
        recorder,
        "correct_incident",
        json!({ "id": recorded["id"], "input": concern(""), "reason": "Corrected" }),
        json!({ "what_happened": "" }),
    );
    // No destination has been set on this club (new-club records one refused).
    record_by_as(
        recorder,
        "send_summary_without_destination",
        "send_summary",
        json!({ "from": "2026-07-01", "to": "2026-09-30", "beforePeriodEnds": false }),
        json!({}),
    );
    let folder = tempfile::tempdir().expect("a folder");
    recorder.set_up(
        "set_partnership_destination",
        json!({ "destination": { "kind": "folder", "location": folder.path(), "user_name": null,
                                 "calendar": "quarterly", "custom_periods": [] },
                "password": null }),
    );
    recorder.record(
        "new-club",
        "send_summary",
        json!({ "from": "2026-10-01", "to": "2026-12-31", "beforePeriodEnds": false }),
    );
}

/// A record number no club of the recording holds.
const MISSING: i64 = 999_999;

/// The core's words for records that are not there, for the lookups the fake still makes in
/// its own state: scenario "not-found", each call as a screen test would make it for a record
/// numbered `MISSING` (or coded "no-such"). `fake.test.ts` asks the fake the same and
/// compares its words with these, so they cannot drift.
fn not_found(recorder: &mut Recorder) {
    let concern = |session: Value, young_people: Value| {
        json!({ "input": { "occurred_on": TODAY, "occurred_at": null, "session_id": session,
            "young_people": young_people, "what_happened": "Something happened.",
            "action_taken": "", "referral": { "to": [], "detail": null, "on": null },
            "follow_up": null } })
    };
    let calls = [
        ("young_person", json!({ "id": MISSING })),
        ("session", json!({ "id": MISSING })),
        (
            "copy_template",
            json!({ "id": "no-such", "name": "A copy" }),
        ),
        ("delete_template", json!({ "id": "no-such" })),
        ("check_saved_return", json!({ "id": MISSING })),
        (
            "update_project",
            json!({ "id": MISSING, "name": "A project", "funder": null }),
        ),
        (
            "relabel_circumstance",
            json!({ "code": "no-such", "label": "A circumstance" }),
        ),
        ("add_incident", concern(json!(MISSING), json!([]))),
        ("add_incident", concern(Value::Null, json!([MISSING]))),
        ("incident", json!({ "id": MISSING })),
        (
            "update_user",
            json!({ "id": MISSING, "role": "leader", "personId": null, "active": true }),
        ),
        ("erasure_preview", json!({ "youngPersonId": MISSING })),
        (
            "backup_preview",
            json!({ "path": "/no-such-folder/club-backup.sqlite3" }),
        ),
    ];
    for (cmd, args) in calls {
        recorder.record("not-found", cmd, args);
    }
}

/// What `Store::begin` answers each role for each command (null: allowed), and to nobody
/// signed in; `{name}` stands for the person's name.
fn refusals() -> Value {
    let mut store = Store::open_in_memory().expect("a store");
    let mut by_command = serde_json::Map::new();
    for command in clubroom_app::COMMANDS {
        let mut by_role = serde_json::Map::new();
        for role in Role::ALL {
            store.sign_in_as(Actor {
                user_id: 1,
                name: NAME.to_owned(),
                role: *role,
                person_id: None,
            });
            let refusal = Operation::from_code(command)
                .map(|operation| store.begin(operation, Target::Nothing))
                .and_then(Result::err)
                .map(|error| json!(error.report()));
            by_role.insert(
                serde_json::to_value(role)
                    .expect("a role")
                    .as_str()
                    .expect("a role's code")
                    .to_owned(),
                refusal.unwrap_or(Value::Null),
            );
        }
        by_command.insert((*command).to_owned(), Value::Object(by_role));
    }
    Value::Object(by_command)
}

fn club(member_code: Option<&str>) -> Value {
    json!({ "name": "St Mary's Youth Club", "charity_number": null, "lyp_name": "Coventry Youth Partnership",
            "lyp_member_code": member_code, "volunteer_hour_value_gbp": 0.0, "consent_self_age": 13, "is_demo": false, "area": null, "frameworks_added": [] })
}

fn profile(first: &str, gender: &str) -> Value {
    json!({ "first_name": first, "last_name": "Person", "preferred_name": null, "date_of_birth": "2013-01-01", "age": null,
            "gender": gender, "ethnicity": null, "disability": "unknown", "send_notes": null, "postcode": "CV6 4AB",
            "school": null, "education_status": null,
            "circumstances": { "care_experienced": null, "young_carer": null, "looked_after": null, "care_leaver": null,
                               "child_protection_plan": null, "newly_arrived": null },
            "referred_by": null, "referred_to": null, "medical_notes": null, "allergies": null,
            "consents": [], "emergency_contacts": [] })
}

/// Compares the recording with the committed file (or writes it, when asked to).
fn check(recorded: &str) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/ipc/recorded.json");
    if std::env::var_os("CLUBROOM_WRITE_BINDINGS").is_some() {
        std::fs::write(&path, recorded).expect("write recorded.json");
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == recorded,
        "ui/src/lib/ipc/recorded.json is not what the core answers now: run CLUBROOM_WRITE_BINDINGS=1 cargo test -p clubroom-app --test recorded"
    );
}
