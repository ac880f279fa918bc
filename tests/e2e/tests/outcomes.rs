//! What changed for young people in the real window (issue 14): a check-in plan on tonight's
//! series of the demo club, the register taken, a review and a baseline check-in answered by
//! keyboard from the register's badges, the answers in the club file as typed, and distance
//! travelled showing the pair. Screenshots of the check-in and of distance travelled.

use std::time::Duration;

use chrono::NaiveDate;
use clubroom_core::access::Actor;
use clubroom_core::checkins::{self, Answer, CheckInInput, Mode, PlanInput, Wave, Who};
use clubroom_e2e::{App, Harness, ONE_AT_A_TIME, RegisterOpened};
use fantoccini::key::Key;
use serde_json::Value;

/// A Tuesday, so the demo club meets today.
const TODAY: &str = "2026-11-24";

fn demo_file(harness: &Harness) -> std::path::PathBuf {
    let folder = harness.folder.path().join("data/uk.clubroom.desktop");
    std::fs::read_dir(&folder)
        .expect("the app's data folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            name.starts_with("demo-club.") && !name.ends_with("-wal") && !name.ends_with("-shm")
        })
        .expect("the demo club's file")
}

/// The register's rows: young person id and the age shown ("Age 13").
async fn rows(app: &App) -> Vec<(i64, Option<u32>)> {
    let value: Value = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=register-entry]')]
               .map(e => [Number(e.dataset.youngPersonId),
                          (e.textContent.match(/Age (\\d+)/) || [null, null])[1]]);",
            vec![],
        )
        .await
        .expect("the script runs");
    value
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            (
                r[0].as_i64().unwrap_or(0),
                r[1].as_str().and_then(|a| a.parse().ok()),
            )
        })
        .collect()
}

/// Answers every question of the open check-in with `value` by keyboard, then waits for it
/// to close.
async fn answer_all(app: &App, value: &str) -> usize {
    let mut asked = 0;
    while !app.all("checkin").await.is_empty() {
        let before = app.all("checkin-progress").await;
        let Some(progress) = before.first() else {
            break;
        };
        let label = progress.text().await.unwrap_or_default();
        app.type_keys(value).await;
        app.press(&[Key::Enter]).await;
        asked += 1;
        app.wait_until("the next question or the end", async |app: &App| match app
            .all("checkin-progress")
            .await
            .first()
        {
            Some(p) => p.text().await.unwrap_or_default() != label,
            None => true,
        })
        .await;
        assert!(asked <= 4, "ONS4 has four questions at most");
    }
    asked
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_a_register_two_check_ins_by_keyboard_and_distance_travelled() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("today-session").await;
    app.dismiss_toasts().await;
    // Where a newcomer starts: Home, with tonight's session.
    app.screenshot("checkin-walk-home").await;
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let file = demo_file(&harness);

    // A plan on every series meeting tonight: ONS4, everyone, a review every 6 weeks.
    let plans: Vec<(i64, i64)> = {
        let mut store = clubroom_core::club_file::open(&file, None)
            .expect("the demo file opens beside the app");
        let series: Vec<i64> = store
            .conn()
            .prepare(
                "SELECT DISTINCT series_id FROM sessions WHERE date = ?1 AND series_id IS NOT NULL",
            )
            .unwrap()
            .query_map([TODAY], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!series.is_empty(), "the demo club meets tonight");
        series
            .into_iter()
            .map(|id| {
                let plan = PlanInput {
                    who: Who::Everyone,
                    baseline_within: 52,
                    review_weeks: Some(6),
                    min_gap_weeks: 6,
                    ..PlanInput::recommended(None, Some(id))
                };
                let saved = store.write(|tx| checkins::add_plan(tx, &plan)).unwrap();
                (id, saved.id)
            })
            .collect()
    };

    app.click("nav-register").await;
    if let RegisterOpened::Choice(choice) = app.register_or_choice().await {
        app.click_element(&choice).await;
    }
    app.el("register").await;
    app.wait_until("the register fills", async |app: &App| {
        app.all("register-entry").await.len() > 3
    })
    .await;
    // Two young people old enough for the questions (10 and over).
    let old_enough: Vec<i64> = rows(&app)
        .await
        .into_iter()
        .filter(|(_, age)| age.is_some_and(|a| a >= 10))
        .map(|(id, _)| id)
        .collect();
    let (amy, ben) = (old_enough[0], old_enough[1]);

    // Amy had her baseline eight weeks ago under the plan of her series.
    {
        let mut store = clubroom_core::club_file::open(&file, None).unwrap();
        let series: i64 = store
            .conn()
            .query_row(
                "SELECT s.series_id FROM sessions s JOIN attendance a ON a.session_id = s.id
                 WHERE a.young_person_id = ?1 AND s.series_id IS NOT NULL
                   AND s.series_id IN (SELECT series_id FROM sessions WHERE date = ?2)
                 ORDER BY s.date DESC LIMIT 1",
                rusqlite_params(amy),
                |r| r.get(0),
            )
            .unwrap_or(plans[0].0);
        let plan = plans
            .iter()
            .find(|(s, _)| *s == series)
            .map_or(plans[0].1, |p| p.1);
        let baseline = CheckInInput {
            young_person_id: amy,
            measure_code: "ons4".into(),
            measure_version: None,
            taken_on: NaiveDate::from_ymd_opt(2026, 9, 29).unwrap(),
            wave: Wave::Baseline,
            mode: Mode::SelfReport,
            declined: false,
            answers: ["life-satisfaction", "worthwhile", "happy-yesterday"]
                .iter()
                .map(|q| Answer {
                    question_id: (*q).into(),
                    value: Some(4),
                })
                .collect(),
            plan_id: Some(plan),
        };
        store
            .write(|tx| checkins::record(tx, &Actor::club_manager(), &baseline, today))
            .unwrap();
    }

    // Both marked present: Amy's review and Ben's baseline are due, quietly.
    for who in [amy, ben] {
        let mark = app
            .wait_for_css(&format!(
                "[data-testid=register-entry][data-young-person-id=\"{who}\"] [data-testid=register-mark]"
            ))
            .await;
        app.click_element(&mark).await;
    }
    let badge = |who: i64| format!("[data-young-person-id=\"{who}\"] [data-testid=checkin-due]");
    let amy_badge = app.wait_for_css(&badge(amy)).await;
    assert_eq!(
        amy_badge.text().await.unwrap().trim(),
        "Check-in due: review"
    );
    let ben_badge = app.wait_for_css(&badge(ben)).await;
    assert_eq!(
        ben_badge.text().await.unwrap().trim(),
        "Check-in due: first"
    );

    // Amy's review, by keyboard: 7 and Enter for each question.
    app.click_element(&amy_badge).await;
    app.el("checkin").await;
    let amy_asked = answer_all(&app, "7").await;
    assert!(amy_asked >= 3);
    // Her review saved, the check-in closes and the register asks the core again: her badge
    // goes (a badge left showing after a check-in was seen in a screenshot at the last stop).
    let amy_badge_css = badge(amy);
    app.wait_until(
        "Amy's check-in closes and her badge goes",
        async |app: &App| {
            app.all("checkin").await.is_empty()
                && app
                    .client
                    .find_all(fantoccini::Locator::Css(&amy_badge_css))
                    .await
                    .is_ok_and(|found| found.is_empty())
        },
    )
    .await;

    // Ben's baseline as a newcomer would take it by keyboard: the badge says what it is in
    // words, the register says what it is for, Enter on the badge opens the check-in, and
    // the first question says how to answer and skip. Key presses and wall time are counted
    // from the badge to the saved baseline (a scripted run, not a new user).
    let ben_badge = app.wait_for_css(&badge(ben)).await;
    assert_eq!(
        ben_badge.text().await.unwrap().trim(),
        "Check-in due: first"
    );
    assert!(app.text("checkin-hint").await.contains("due tonight"));
    app.dismiss_toasts().await;
    app.screenshot("checkin-walk-register").await;
    let started = std::time::Instant::now();
    let mut keys = 0;
    app.client
        .execute(
            &format!(
                "document.querySelector('{}').focus();",
                badge(ben).replace('\'', "\\'")
            ),
            vec![],
        )
        .await
        .expect("the badge takes the focus");
    app.press(&[Key::Enter]).await;
    keys += 1;
    app.el("checkin").await;
    assert!(
        app.text("checkin-how")
            .await
            .contains("you can skip any question")
    );
    app.type_keys("9").await;
    keys += 1;
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot("checkin").await;
    app.press(&[Key::Enter]).await;
    keys += 1;
    app.wait_text(
        "checkin-progress",
        &format!(
            "Question 2 of {}",
            if ben_age_16(&rows(&app).await, ben) {
                4
            } else {
                3
            }
        ),
    )
    .await;
    app.type_keys("s").await;
    keys += 1;
    let rest = answer_all(&app, "5").await;
    keys += rest * 2;
    let took = started.elapsed();
    println!(
        "keyboard baseline (scripted run, not a new user): {keys} key presses, {:.1} s from the \
         badge to the saved check-in",
        took.as_secs_f64()
    );
    app.wait_for_css("[data-testid=register]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("checkin-walk-saved").await;

    // In the club file, as typed.
    {
        let store = clubroom_core::club_file::open(&file, None).unwrap();
        let seen = checkins::list(store.conn(), &Actor::club_manager(), Some(ben)).unwrap();
        assert_eq!(seen.len(), 1);
        let answers = seen[0].answers.clone().unwrap();
        assert_eq!(answers[0].value, Some(9));
        assert_eq!(answers[1].value, None, "skipped");
        assert_eq!(answers[2].value, Some(5));
        assert_eq!(seen[0].wave, Wave::Baseline);
        let amys = checkins::list(store.conn(), &Actor::club_manager(), Some(amy)).unwrap();
        assert_eq!(amys.len(), 2);
        assert_eq!(amys[0].wave, Wave::Review);
        assert_eq!(amys[0].answers.as_ref().unwrap()[0].value, Some(7));
    }

    // Distance travelled: Amy is the one young person asked twice.
    app.click("nav-outcomes").await;
    app.click("outcomes-show").await;
    app.wait_until("distance travelled shows the pair", async |app: &App| {
        for card in app.all("outcomes-measure-card").await {
            if card.attr("data-code").await.ok().flatten().as_deref() == Some("ons4") {
                let text = card.text().await.unwrap_or_default();
                return text.contains("about the 1 young person who could be asked twice");
            }
        }
        false
    })
    .await;
    let paired = app.text("coverage-paired").await;
    assert_eq!(paired, "1");
    let rows_text = app
        .all("outcomes-row")
        .await
        .first()
        .unwrap()
        .text()
        .await
        .unwrap();
    // Life satisfaction: 4 before, 7 after, improved.
    assert!(
        rows_text.contains('4') && rows_text.contains('7'),
        "{rows_text}"
    );
    app.dismiss_toasts().await;
    app.screenshot("distance-travelled").await;
    app.quit().await;
}

fn rusqlite_params(amy: i64) -> [String; 2] {
    [amy.to_string(), TODAY.to_owned()]
}

/// Whether Ben is 16 or over (then the anxiety question is asked too).
fn ben_age_16(rows: &[(i64, Option<u32>)], ben: i64) -> bool {
    rows.iter()
        .any(|(id, age)| *id == ben && age.is_some_and(|a| a >= 16))
}

/// Runs a checking tool on a file and returns what it printed (scripts/setup.sh installs
/// qpdf and poppler-utils).
fn run(tool: &str, args: &[&str], file: &std::path::Path) -> String {
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(file)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs: {e}"));
    assert!(out.status.success(), "{tool} failed on {}", file.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The stories step: on a young person's page an anonymous case study is checked (the check
/// finds their name in the first wording and says so), recorded in clean words, chosen as the
/// case study of the first difference of a Children in Need return, and found in the PDF's
/// text. Screenshot of the stories part of the page.
#[tokio::test(flavor = "multi_thread")]
async fn an_anonymous_story_is_checked_recorded_and_used_in_a_children_in_need_return() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;
    app.dismiss_toasts().await;
    let file = demo_file(&harness);
    // The first young person on the list, by their first name as the club file holds it.
    let (id, first_name, reference): (i64, String, String) = {
        let store = clubroom_core::club_file::open(&file, None).unwrap();
        store
            .conn()
            .query_row(
                "SELECT id, first_name, ref FROM young_people WHERE archived = 0
                 ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };

    app.click("nav-young-people").await;
    app.type_into("yp-search", &reference).await;
    let row = app
        .wait_for_css(&format!(
            "[data-testid=yp-row][data-young-person-id=\"{id}\"] [data-testid=yp-open]"
        ))
        .await;
    app.click_element(&row).await;
    app.el("yp-stories").await;
    app.scroll_to("yp-stories").await;
    app.type_into("story-title", "Staying for the whole evening")
        .await;
    app.type_into(
        "story-body",
        &format!("{first_name} used to leave whenever the hall got loud."),
    )
    .await;
    app.click("story-check").await;
    let finding = app.text("story-check-finding").await;
    assert!(
        finding.contains("it names the young person"),
        "the check says it names them: {finding}"
    );
    app.type_into(
        "story-body",
        "When she first came she left whenever the hall got loud. Now she stays all evening \
         and helps run the tuck shop.",
    )
    .await;
    app.click("story-check").await;
    app.el("story-check-clear").await;
    app.click("story-add").await;
    app.el("story-ready").await;
    app.dismiss_toasts().await;
    app.scroll_to("yp-stories").await;
    // Under load the window can paint late: give it a moment before the picture.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    app.screenshot("stories").await;
    let story = {
        let store = clubroom_core::club_file::open(&file, None).unwrap();
        let found =
            clubroom_core::stories::list(store.conn(), &Actor::club_manager(), Some(id)).unwrap();
        assert_eq!(found.len(), 1);
        assert!(found[0].ready_for_return, "{:?}", found[0].findings);
        found[0].id
    };

    // The Children in Need return for last quarter, the story as the first difference's case
    // study.
    app.click("nav-returns").await;
    app.set("return-template", "children-in-need").await;
    app.click("period-last-quarter").await;
    app.el("differences").await;
    app.set("difference-outcome-1", "toc/resilience").await;
    app.set("difference-story-1", &story.to_string()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.dismiss_toasts().await;
    app.click("return-save-pdf").await;
    app.wait_until("the PDF is saved", async |_| {
        harness
            .saved_files()
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "pdf"))
    })
    .await;
    let pdf = harness
        .saved_files()
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let text = run("pdftotext", &["-layout"], &pdf).replace('\u{c}', "");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "Case study: Staying for the whole evening",
        "Now she stays all evening and helps run the tuck shop.",
    ] {
        assert!(text.contains(words), "the PDF should say “{words}”: {text}");
    }
    assert!(
        !text.contains(&format!("{first_name} used to leave")),
        "the first wording never went anywhere"
    );
    app.quit().await;
}

/// Clicks the outcome chip labelled `label` inside the element with `testid`.
async fn press_chip(app: &App, testid: &str, label: &str) {
    let pressed: Value = app
        .client
        .execute(
            "const chip = [...document.querySelectorAll(`[data-testid=${arguments[0]}] button.chip`)]
               .find(b => b.textContent.trim() === arguments[1]);
             if (!chip) return false;
             chip.click();
             return true;",
            vec![serde_json::json!(testid), serde_json::json!(label)],
        )
        .await
        .expect("the script runs");
    assert_eq!(pressed, Value::Bool(true), "no “{label}” chip in {testid}");
}

/// Points 1 and 2 in the window: a club scale is made on Settings (two statements, "not yet /
/// getting there / yes", evidencing confidence), the core keeps it as the club's own measure,
/// it is offered to a project's check-in plan beside ONS4, and the plan set there (both
/// measures, baseline within 2 sessions, a review every 8 weeks, pairs 6 weeks apart,
/// regulars with 3 attendances) is in the club file as chosen.
#[tokio::test(flavor = "multi_thread")]
async fn a_club_scale_made_in_the_window_goes_into_a_check_in_plan_set_in_the_window() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;
    app.dismiss_toasts().await;
    let file = demo_file(&harness);

    app.click("nav-settings").await;
    app.el("club-scales").await;
    app.scroll_to("club-scales").await;
    app.type_into("scale-name", "Speaking up").await;
    app.type_into("scale-statement", "I feel confident speaking in a group")
        .await;
    app.click("scale-add-statement").await;
    app.wait_until("a second statement", async |app: &App| {
        app.all("scale-statement").await.len() == 2
    })
    .await;
    let second = app.all("scale-statement").await.remove(1);
    second
        .send_keys("I can talk to people I don't know")
        .await
        .unwrap();
    app.click("scale-three").await;
    press_chip(&app, "club-scales", "Confidence").await;
    app.click("scale-save").await;
    app.wait_until("the scale is listed", async |app: &App| {
        for item in app.all("club-scale").await {
            if item.text().await.unwrap_or_default() == "Speaking up · 2 questions · the club's own"
            {
                return true;
            }
        }
        false
    })
    .await;

    // The core holds it as the club's own measure, as made.
    {
        let store = clubroom_core::club_file::open(&file, None).unwrap();
        let entry = clubroom_core::measures::all(store.conn())
            .unwrap()
            .into_iter()
            .find(|e| e.measure.code == "speaking-up")
            .expect("the scale is saved");
        let measure = serde_json::to_value(&entry.measure).unwrap();
        assert!(!entry.built_in);
        assert_eq!(measure["licence"], "club");
        assert_eq!(measure["outcomes"][0]["framework"], "toc");
        assert_eq!(measure["outcomes"][0]["code"], "confidence");
        let questions = measure["questions"].as_array().unwrap();
        assert_eq!(questions.len(), 2);
        assert_eq!(questions[0]["text"], "I feel confident speaking in a group");
        assert_eq!(questions[1]["text"], "I can talk to people I don't know");
        assert_eq!(questions[0]["scale"]["min"], 1);
        assert_eq!(questions[0]["scale"]["max"], 3);
        assert_eq!(questions[0]["scale"]["labels"][1]["label"], "Getting there");
    }

    // The first project's check-in plan, set in the window.
    app.click("nav-club").await;
    app.el("projects").await;
    let project: i64 = app
        .all("project")
        .await
        .first()
        .expect("the demo club has projects")
        .attr("data-project-id")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    let open = app
        .wait_for_css(&format!(
            "[data-testid=project][data-project-id=\"{project}\"] [data-testid=project-checkins]"
        ))
        .await;
    app.click_element(&open).await;
    app.el("plan-settings").await;
    app.scroll_to("plan-settings").await;
    // The new scale is offered beside ONS4.
    let scale_box = app
        .wait_for_css("[data-testid=plan-measure][value=\"speaking-up\"]")
        .await;
    let ons4_box = app
        .wait_for_css("[data-testid=plan-measure][value=\"ons4\"]")
        .await;
    if !ons4_box.is_selected().await.unwrap() {
        app.click_element(&ons4_box).await;
    }
    app.click_element(&scale_box).await;
    assert!(scale_box.is_selected().await.unwrap());
    if app.el("plan-exit-only").await.is_selected().await.unwrap() {
        app.click("plan-exit-only").await;
    }
    app.set("plan-baseline", "2").await;
    app.set("plan-review", "8").await;
    app.set("plan-gap", "6").await;
    app.click("plan-who-regulars").await;
    let regulars = app
        .wait_for_css(
            "[data-testid=plan-settings] input[aria-label=\"Attendances before they are asked\"]:not([disabled])",
        )
        .await;
    regulars.clear().await.unwrap();
    regulars.send_keys("3").await.unwrap();
    app.dismiss_toasts().await;
    app.click("plan-save").await;

    let saved = || {
        let store = clubroom_core::club_file::open(&file, None).unwrap();
        checkins::plans(store.conn())
            .unwrap()
            .into_iter()
            .find(|p| {
                !p.archived && p.plan.project_id == Some(project) && p.plan.series_id.is_none()
            })
    };
    app.wait_until("the plan is in the club file", async |_| {
        saved().is_some_and(|p| p.plan.measures.iter().any(|m| m == "speaking-up"))
    })
    .await;
    let plan = saved().unwrap().plan;
    let mut measures = plan.measures.clone();
    measures.sort();
    assert_eq!(measures, ["ons4", "speaking-up"]);
    assert_eq!(plan.baseline_within, 2);
    assert_eq!(plan.review_weeks, Some(8));
    assert_eq!(plan.min_gap_weeks, 6);
    assert_eq!(plan.who, Who::Regulars { min_attendances: 3 });
    app.quit().await;
}

/// Point 5 in the window: a step of progression recorded on a young person's page is listed
/// there, kept in the club file as chosen, and counted by the core's progression counts for
/// the period it falls in.
#[tokio::test(flavor = "multi_thread")]
async fn a_progression_step_recorded_on_a_young_persons_page_is_listed_and_counted() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;
    app.dismiss_toasts().await;
    let file = demo_file(&harness);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let (id, reference): (i64, String) = {
        let store = clubroom_core::club_file::open(&file, None).unwrap();
        store
            .conn()
            .query_row(
                "SELECT id, ref FROM young_people WHERE archived = 0 ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let counted = || {
        let store = clubroom_core::club_file::open(&file, None).unwrap();
        clubroom_core::progression::counts(store.conn(), today, today).unwrap()
    };
    let before = counted();
    // Whether they already had an award dated today (then they are not counted again).
    let (steps_before, award_today_before) = {
        let store = clubroom_core::club_file::open(&file, None).unwrap();
        let awards: Vec<String> = clubroom_core::progression::kinds(store.conn())
            .unwrap()
            .into_iter()
            .filter(|k| k.grouping == "award")
            .map(|k| k.code)
            .collect();
        let steps = clubroom_core::progression::of(store.conn(), id).unwrap();
        let award_today = steps
            .iter()
            .any(|e| e.happened_on == today && awards.contains(&e.kind));
        (steps.len(), award_today)
    };

    app.click("nav-young-people").await;
    app.type_into("yp-search", &reference).await;
    let row = app
        .wait_for_css(&format!(
            "[data-testid=yp-row][data-young-person-id=\"{id}\"] [data-testid=yp-open]"
        ))
        .await;
    app.click_element(&row).await;
    app.el("yp-progression").await;
    app.scroll_to("yp-progression").await;
    app.choose("progression-kind", "Duke of Edinburgh's Award")
        .await;
    app.type_into("progression-note", "Bronze expedition").await;
    app.click("progression-add").await;
    app.wait_until("the step is listed", async |app: &App| {
        for item in app.all("progression-event").await {
            let text = item.text().await.unwrap_or_default();
            if text.starts_with("Duke of Edinburgh's Award") && text.ends_with("Bronze expedition")
            {
                return true;
            }
        }
        false
    })
    .await;

    let store = clubroom_core::club_file::open(&file, None).unwrap();
    let steps = clubroom_core::progression::of(store.conn(), id).unwrap();
    assert_eq!(steps.len(), steps_before + 1);
    assert_eq!(steps[0].kind, "duke-of-edinburgh");
    assert_eq!(
        steps[0].happened_on, today,
        "the date field starts at today"
    );
    assert_eq!(steps[0].note.as_deref(), Some("Bronze expedition"));
    drop(store);
    // Counted today: one more step among the awards, and the young person among those with
    // an award (once, however many steps they have).
    let after = counted();
    let awards = |c: &clubroom_core::progression::Counts| {
        c.groups
            .iter()
            .find(|g| g.grouping == "award")
            .map(|g| (g.young_people, g.steps))
            .unwrap()
    };
    assert_eq!(awards(&after).1, awards(&before).1 + 1);
    assert_eq!(
        awards(&after).0,
        awards(&before).0 + u64::from(!award_today_before)
    );
    assert!(after.young_people >= awards(&after).0);
    app.quit().await;
}

/// Point 8 in the window: with an ONS4 plan on a series of the demo club and twelve young
/// people asked twice, and a club scale planned and answered too, the partnership preview
/// shows the ONS4 outcome rows exactly as the core's summary has them (withheld where it
/// withholds, a mean change only where 10 or more are paired) with the ONS attribution, and
/// nothing of the club scale.
#[tokio::test(flavor = "multi_thread")]
async fn the_partnership_preview_shows_the_outcome_rows_and_no_club_scale() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start_on_screen((1280, 800), &[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;
    app.dismiss_toasts().await;
    let file = demo_file(&harness);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let (from, to) = ("2026-07-01", "2026-09-30");
    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();

    let expected: Vec<clubroom_core::summary::Row> = {
        let mut store = clubroom_core::club_file::open(&file, None).unwrap();
        // The series with most young people aged 10 or over in the quarter, and twelve of them.
        let (series, young): (i64, Vec<i64>) = {
            let conn = store.conn();
            let series: i64 = conn
                .query_row(
                    "SELECT s.series_id FROM sessions s JOIN attendance a ON a.session_id = s.id
                     JOIN young_people y ON y.id = a.young_person_id
                     WHERE s.series_id IS NOT NULL AND s.date BETWEEN ?1 AND ?2
                       AND y.date_of_birth <= '2014-01-01'
                     GROUP BY s.series_id ORDER BY COUNT(DISTINCT y.id) DESC LIMIT 1",
                    [from, to],
                    |r| r.get(0),
                )
                .unwrap();
            let young = conn
                .prepare(
                    "SELECT DISTINCT y.id FROM sessions s JOIN attendance a ON a.session_id = s.id
                     JOIN young_people y ON y.id = a.young_person_id
                     WHERE s.series_id = ?1 AND s.date BETWEEN ?2 AND ?3
                       AND y.date_of_birth <= '2014-01-01'
                     ORDER BY y.id LIMIT 12",
                )
                .unwrap()
                .query_map([series.to_string(), from.to_owned(), to.to_owned()], |r| {
                    r.get(0)
                })
                .unwrap()
                .collect::<Result<Vec<i64>, _>>()
                .unwrap();
            (series, young)
        };
        assert_eq!(young.len(), 12, "the demo quarter has twelve to ask");
        let scale = clubroom_core::measures::Measure::from_json(
            r#"{ "schema": "clubroom-measure/1", "code": "speaking-up", "version": 1,
              "name": "Speaking up", "licence": "club", "scoring": "mean",
              "higher_is_better": true, "meaningful_change": 1,
              "questions": [ { "id": "group", "text": "I feel confident speaking in a group",
                "scale": { "min": 1, "max": 5 } } ] }"#,
        )
        .unwrap();
        store
            .write(|tx| clubroom_core::measures::save_club_scale(tx, &scale))
            .unwrap();
        let plan = PlanInput {
            measures: vec!["ons4".into(), "speaking-up".into()],
            who: Who::Everyone,
            ..PlanInput::recommended(None, Some(series))
        };
        let plan = store.write(|tx| checkins::add_plan(tx, &plan)).unwrap().id;
        for (n, who) in young.iter().enumerate() {
            // Baselines of 5 on 1 July; reviews on 1 September (nine weeks on): life
            // satisfaction 8 for the first seven, 5 for the rest; happy yesterday only
            // answered by the first three both times.
            for (taken_on, wave, life) in [
                ("2026-07-01", Wave::Baseline, 5),
                ("2026-09-01", Wave::Review, if n < 7 { 8 } else { 5 }),
            ] {
                let mut answers = vec![
                    Answer {
                        question_id: "life-satisfaction".into(),
                        value: Some(life),
                    },
                    Answer {
                        question_id: "worthwhile".into(),
                        value: Some(6),
                    },
                ];
                if n < 3 {
                    answers.push(Answer {
                        question_id: "happy-yesterday".into(),
                        value: Some(if wave == Wave::Baseline { 4 } else { 6 }),
                    });
                }
                for (measure, answers) in [
                    ("ons4", answers),
                    (
                        "speaking-up",
                        vec![Answer {
                            question_id: "group".into(),
                            value: Some(if wave == Wave::Baseline { 2 } else { 4 }),
                        }],
                    ),
                ] {
                    let input = CheckInInput {
                        young_person_id: *who,
                        measure_code: measure.into(),
                        measure_version: None,
                        taken_on: date(taken_on),
                        wave,
                        mode: Mode::SelfReport,
                        declined: false,
                        answers,
                        plan_id: Some(plan),
                    };
                    store
                        .write(|tx| checkins::record(tx, &Actor::club_manager(), &input, today))
                        .unwrap();
                }
            }
        }
        let period = clubroom_core::dates::Period::new(date(from), date(to)).unwrap();
        clubroom_core::summary::build(store.conn(), period, today)
            .unwrap()
            .rows
            .into_iter()
            .filter(|r| r.dimension == "ons4/1")
            .collect()
    };
    // The core's own figures first, worked out by hand: twelve paired on life satisfaction
    // (seven improved, five no change) with a mean change of 7 × 3 / 12 = 1.75; three on
    // happy yesterday, withheld with their mean.
    let find = |measure: &str, category: &str| {
        expected
            .iter()
            .find(|r| r.measure == measure && r.category == category)
            .unwrap_or_else(|| panic!("no {measure} {category} row"))
            .clone()
    };
    assert_eq!(find("change_paired", "life-satisfaction").value, Some(12.0));
    assert_eq!(
        find("change_improved", "life-satisfaction").value,
        Some(7.0)
    );
    assert_eq!(find("change_mean", "life-satisfaction").value, Some(1.75));
    assert!(find("change_paired", "happy-yesterday").suppressed);
    assert!(find("change_mean", "happy-yesterday").suppressed);

    app.click("nav-partnership").await;
    app.set("summary-from", from).await;
    app.set("summary-to", to).await;
    let outcome = app
        .wait_for_css("[data-testid=summary-outcome][data-dimension=\"ons4/1\"]")
        .await;
    assert!(
        app.text("summary-outcome-attribution")
            .await
            .contains("Office for National Statistics")
    );
    let shown: Value = app
        .client
        .execute(
            "return [...arguments[0].querySelectorAll('[data-testid=summary-row]')].map(r =>
               [r.dataset.measure, r.dataset.category, r.dataset.suppressed, r.textContent.trim()]);",
            vec![serde_json::to_value(&outcome).unwrap()],
        )
        .await
        .unwrap();
    let shown = shown.as_array().unwrap();
    assert_eq!(shown.len(), expected.len(), "{shown:?}");
    for row in &expected {
        let cell = shown
            .iter()
            .find(|c| c[0] == row.measure.as_str() && c[1] == row.category.as_str())
            .unwrap_or_else(|| panic!("{} {} is not shown: {shown:?}", row.measure, row.category));
        assert_eq!(
            cell[2],
            if row.suppressed { "true" } else { "false" },
            "{cell:?}"
        );
        let text = cell[3].as_str().unwrap();
        if let Some(value) = row.value {
            let number: f64 = text
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-' || *c == '−')
                .collect::<String>()
                .replace('−', "-")
                .parse()
                .unwrap_or_else(|_| panic!("{cell:?}"));
            assert_eq!(number, value, "{cell:?}");
        }
    }
    // Nothing of the club scale anywhere in the preview.
    let preview = app.text("summary-preview").await;
    assert!(!preview.contains("Speaking up"), "{preview}");
    assert_eq!(app.all("summary-outcome").await.len(), 1);
    app.client
        .execute(
            "arguments[0].scrollIntoView({ block: 'start' });",
            vec![serde_json::to_value(&outcome).unwrap()],
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("partnership-outcomes").await;
    // At 1280 wide each column heading of the change table keeps its words whole: it takes
    // no more lines than it has words ("No change" and "Worse" once fell apart letter by
    // letter), and nothing spills out of its cell.
    let headings: Value = app
        .client
        .execute(
            "return [...arguments[0].querySelectorAll('table.change thead th')].map(th => {
               const range = document.createRange();
               range.selectNodeContents(th);
               const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
               return [th.textContent.trim(), tops.size, th.scrollWidth <= th.clientWidth + 1];
             });",
            vec![serde_json::to_value(&outcome).unwrap()],
        )
        .await
        .unwrap();
    let headings = headings.as_array().unwrap();
    assert_eq!(headings.len(), 6, "{headings:?}");
    for heading in headings {
        let words = heading[0].as_str().unwrap().split_whitespace().count() as u64;
        assert!(
            heading[1].as_u64().unwrap() <= words,
            "a heading broke inside a word at 1280 wide: {heading:?}"
        );
        assert_eq!(heading[2], Value::Bool(true), "{heading:?}");
    }
    app.quit().await;
}

/// Point 5 in the window, sustained engagement: the DCMS return for last quarter shows the
/// cohorts and the still coming at 3 and 6 months and the weeks engaged as the core's
/// engagement figures for the same quarter have them.
#[tokio::test(flavor = "multi_thread")]
async fn a_return_shows_sustained_engagement_as_the_core_counts_it() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;
    app.dismiss_toasts().await;
    let file = demo_file(&harness);
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let expected = {
        let store = clubroom_core::club_file::open(&file, None).unwrap();
        let period = clubroom_core::dates::Period::new(
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
        )
        .unwrap();
        clubroom_core::engagement::compute(
            store.conn(),
            period,
            &clubroom_core::figures::Scope::default(),
            today,
        )
        .unwrap()
    };
    assert!(expected.young_people > 0, "the demo club met last quarter");

    app.click("nav-returns").await;
    app.set("return-template", "dcms-yif").await;
    app.click("period-last-quarter").await;
    app.wait_until("last quarter's return is counted", async |app: &App| {
        !app.all("return-measure").await.is_empty()
            && app
                .text("return-period")
                .await
                .contains("1 July 2026 to 30 September 2026")
    })
    .await;
    let mut wanted = vec![(
        "engagement/weeks_engaged".to_owned(),
        expected.weeks_engaged,
    )];
    for r in &expected.retention {
        wanted.push((format!("engagement/cohort_{}_months", r.months), r.cohort));
        wanted.push((
            format!("engagement/retained_{}_months", r.months),
            r.retained,
        ));
    }
    for (measure, count) in wanted {
        let css = format!("[data-testid=return-measure][data-measure=\"{measure}\"]");
        let card = app.wait_for_css(&css).await;
        let text = card
            .find(fantoccini::Locator::Css(".value"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        // The figure as shown, thousands separated ("1,234").
        let figure: u64 = text
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or_else(|_| panic!("{measure}: {text}"));
        assert_eq!(figure, count, "{measure}: {text}");
    }
    app.quit().await;
}

/// Who may browse check-ins, in the real window (issue 14, "Protection"): the manager's
/// check-in for Jay was recorded before the app started; the volunteer at the door signs in
/// with their PIN, marks Mia present and records her first check-in by keyboard. On the young
/// people's pages the volunteer sees their own check-in of Mia with its answers and nothing
/// of Jay's (no entry to open, none of its answers anywhere in the page); the manager, signed
/// in after them, sees both with their answers, so the section is not simply empty. Then the
/// What changed screen's sustained engagement and progression for the year, against the
/// figures worked out by hand for this small club.
#[tokio::test(flavor = "multi_thread")]
async fn a_volunteer_sees_only_the_check_ins_they_recorded() {
    let _one = ONE_AT_A_TIME.lock().await;
    let folder = tempfile::tempdir().expect("a folder for the club");
    let club = folder.path().join("club.sqlite3");
    let (jay, mia) = roles_club::prepare(&club);
    let harness = Harness::start(&[
        ("CLUBROOM_TODAY", TODAY),
        ("CLUBROOM_DB", club.to_str().unwrap()),
    ]);
    let app = harness.launch().await;

    app.sign_in(roles_club::VOLUNTEER, roles_club::VOLUNTEER_PIN)
        .await;
    app.click("nav-register").await;
    app.el("register").await;
    app.el("register-search")
        .await
        .send_keys("mia")
        .await
        .expect("typed");
    let mark = app
        .wait_for_css(&format!(
            "[data-testid=register-entry][data-young-person-id=\"{mia}\"] [data-testid=register-mark]"
        ))
        .await;
    app.click_element(&mark).await;
    let badge = app
        .wait_for_css(&format!(
            "[data-young-person-id=\"{mia}\"] [data-testid=checkin-due]"
        ))
        .await;
    assert_eq!(badge.text().await.unwrap().trim(), "Check-in due: first");
    app.click_element(&badge).await;
    app.el("checkin").await;
    // Mia is 12: the three questions asked under 16, each answered 8.
    assert_eq!(answer_all(&app, "8").await, 3);
    app.wait_until("the check-in closes", async |app: &App| {
        app.all("checkin").await.is_empty()
    })
    .await;

    // Mia's page: the volunteer's own check-in, with its answers.
    open_young_person(&app, mia, "mia").await;
    app.el("yp-checkins").await;
    app.wait_until("Mia's check-in is listed", async |app: &App| {
        app.all("checkin-entry").await.len() == 1
    })
    .await;
    assert!(
        app.text("checkins-who-sees")
            .await
            .contains("only the check-ins you recorded")
    );
    let answers = answers_shown(&app).await;
    assert_eq!(answers, ["8", "8", "8", "no answer"], "{answers:?}");
    let entry = app.text("checkin-entry").await;
    assert!(entry.contains("First check-in"), "{entry}");
    assert!(entry.contains(roles_club::VOLUNTEER), "{entry}");
    app.dismiss_toasts().await;
    app.scroll_to("yp-checkins").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.screenshot("checkins-volunteer").await;

    // Jay's page: the manager's check-in is not there to open, and none of its words are.
    open_young_person(&app, jay, "jay").await;
    app.el("checkins-none").await;
    assert!(app.all("checkin-entry").await.is_empty());
    assert!(app.all("checkin-answers-withheld").await.is_empty());
    let section = app.text("yp-checkins").await;
    assert!(
        !section.contains(roles_club::MANAGER) && !section.contains("First check-in"),
        "the manager's check-in reached the volunteer's page: {section}"
    );

    // The manager sees both, with their answers.
    app.click("sign-out").await;
    app.sign_in(roles_club::MANAGER, roles_club::MANAGER_PASSWORD)
        .await;
    open_young_person(&app, jay, "jay").await;
    app.wait_until("Jay's check-in is listed", async |app: &App| {
        app.all("checkin-entry").await.len() == 1
    })
    .await;
    assert_eq!(
        answers_shown(&app).await,
        ["2", "no answer", "3", "no answer"]
    );
    assert!(
        app.text("checkin-entry")
            .await
            .contains(roles_club::MANAGER)
    );
    open_young_person(&app, mia, "mia").await;
    app.wait_until("Mia's check-in is listed", async |app: &App| {
        app.all("checkin-entry").await.len() == 1
    })
    .await;
    assert_eq!(answers_shown(&app).await, ["8", "8", "8", "no answer"]);

    // Point 4: What changed shows who kept coming and who took a step this financial year
    // (1 April 2026 to 31 March 2027, the screen's own period), worked out by hand:
    // - still coming 3 months on: the cohort is Jay (first 5 May, 3 months on 5 August) and
    //   Sam (first 2 June, 2 September); Mia's first (6 October) is under 3 months ago.
    //   Jay came on 11 August, Sam never again: 1 of 2;
    // - 6 months on: only Jay's first (5 May, 5 November) is long enough ago; he came
    //   tonight: 1 of 1;
    // - weeks engaged: Jay 5 May to 24 November, 203 days, 29 whole weeks + 1 = 30; Mia
    //   6 October to tonight, 49 days, 7 + 1 = 8; Sam 1: 39 weeks by 3 young people, 13 each;
    // - progression: awards, Jay's two (1 young person, 2 steps); volunteering, Sam's (1, 1);
    //   Mia's youth forum was on 1 March, before the year: youth voice 0. 2 young people.
    app.click("nav-outcomes").await;
    app.el("outcomes-engagement").await;
    let tile =
        |months: u32| format!("[data-testid=engagement-retention][data-months=\"{months}\"]");
    for (months, retained, cohort) in [(3, "1", "2"), (6, "1", "1")] {
        let shown = app
            .wait_for_css(&format!("{} .figure", tile(months)))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(shown, format!("{retained} of {cohort}"), "{months} months");
    }
    assert_eq!(app.text("engagement-weeks-total").await, "39");
    assert_eq!(app.text("engagement-young-people").await, "3 young people");
    assert_eq!(app.text("engagement-weeks-mean").await, "13");
    assert_eq!(
        app.text("progression-total").await,
        "2 young people took a step in this period"
    );
    let groups: Value = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=progression-group]')].map(r =>
               [r.dataset.grouping,
                r.querySelector('[data-testid=progression-young-people]').textContent.trim(),
                r.querySelector('[data-testid=progression-steps]').textContent.trim()]);",
            vec![],
        )
        .await
        .unwrap();
    let groups: Vec<(String, String, String)> = serde_json::from_value(groups).unwrap();
    let expected = [
        ("award", "1", "2"),
        ("education-training-work", "0", "0"),
        ("referral", "0", "0"),
        ("volunteering", "1", "1"),
        ("youth-voice", "0", "0"),
        ("other", "0", "0"),
    ];
    assert_eq!(
        groups
            .iter()
            .map(|(g, p, s)| (g.as_str(), p.as_str(), s.as_str()))
            .collect::<Vec<_>>(),
        expected
    );
    app.dismiss_toasts().await;
    app.scroll_to("outcomes-engagement").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.screenshot("what-changed-engagement").await;
    app.quit().await;
}

/// Opens a young person's page from the Young people list, found by typing `search`.
async fn open_young_person(app: &App, id: i64, search: &str) {
    app.click("nav-young-people").await;
    app.type_into("yp-search", search).await;
    let row = app
        .wait_for_css(&format!(
            "[data-testid=yp-row][data-young-person-id=\"{id}\"] [data-testid=yp-open]"
        ))
        .await;
    app.click_element(&row).await;
    app.el("yp-checkins").await;
}

/// The answers the check-ins section shows, in order.
async fn answers_shown(app: &App) -> Vec<String> {
    let mut shown = Vec::new();
    for answer in app.all("checkin-answer").await {
        shown.push(answer.text().await.unwrap_or_default().trim().to_owned());
    }
    shown
}

/// A small encrypted club for the check-in protection test: a manager and a volunteer who
/// signs in with a PIN, Jay, Mia and Sam (all 12), tonight's session of a project with an
/// ONS4 plan for everyone, staffed by the volunteer, four earlier sessions of the project
/// and who came to them, four steps of progression, and Jay's first check-in recorded by
/// the manager this afternoon.
mod roles_club {
    use std::path::Path;

    use chrono::NaiveDate;
    use clubroom_core::ClubFile;
    use clubroom_core::access::Role;
    use clubroom_core::checkins::{self, Answer, CheckInInput, Mode, PlanInput, Wave, Who};
    use clubroom_core::dates::ClockTime;
    use clubroom_core::organisation::{self, Organisation};
    use clubroom_core::people::{self, PersonInput};
    use clubroom_core::progression::{self, EventInput};
    use clubroom_core::sessions::{self, SessionInput};
    use clubroom_core::users::{self, NewUser, SecretKind};
    use clubroom_core::vocab::{SessionType, StaffRole};
    use clubroom_core::young_people::{self, Profile};
    use clubroom_core::{projects, register, staffing};

    pub const MANAGER: &str = "Alex Manager";
    pub const MANAGER_PASSWORD: &str = "a long manager password";
    pub const VOLUNTEER: &str = "Priya Shah";
    pub const VOLUNTEER_PIN: &str = "402917";

    /// Makes the club and gives Jay's and Mia's ids.
    pub fn prepare(path: &Path) -> (i64, i64) {
        let today = NaiveDate::parse_from_str(super::TODAY, "%Y-%m-%d").unwrap();
        let now = chrono::Utc::now();
        let mut club = ClubFile::at(path, today, now);
        club.protect(MANAGER, MANAGER_PASSWORD, today, now)
            .expect("a protected club is made");
        let mut store = club.into_store().expect("the club is open");
        let manager = store.actor().clone();
        store
            .write(|tx| organisation::save(tx, &Organisation::new("St Mary's Youth Club")))
            .expect("the club's details");
        let mut young = Vec::new();
        for (first, last) in [("Jay", "Smith"), ("Mia", "Okafor"), ("Sam", "Reid")] {
            let mut profile = Profile::named(first, last);
            profile.date_of_birth = NaiveDate::from_ymd_opt(2014, 3, 4);
            young.push(
                store
                    .write(|tx| young_people::add(tx, None, &profile, true, today))
                    .expect("a young person")
                    .id,
            );
        }
        let project = store
            .write(|tx| projects::add(tx, "Tuesday Juniors", None))
            .expect("a project")
            .id;
        let mut session = SessionInput::one_off(
            "Tuesday Juniors",
            today,
            (
                ClockTime::parse("18:00").unwrap(),
                ClockTime::parse("20:00").unwrap(),
            ),
            None,
            SessionType::OpenAccess,
        );
        session.project_id = Some(project);
        let session = store
            .write(|tx| sessions::add_session(tx, &session))
            .expect("tonight's session")
            .id;
        // Earlier sessions of the project, and who came: Jay first on 5 May, again on 11
        // August and tonight; Sam once, on 2 June; Mia first on 6 October (and tonight, marked
        // by the volunteer in the window).
        let (jay, mia, sam) = (young[0], young[1], young[2]);
        for (date, came) in [
            ("2026-05-05", vec![jay]),
            ("2026-06-02", vec![sam]),
            ("2026-08-11", vec![jay]),
            ("2026-10-06", vec![mia]),
        ] {
            let mut earlier = SessionInput::one_off(
                "Tuesday Juniors",
                NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
                (
                    ClockTime::parse("18:00").unwrap(),
                    ClockTime::parse("20:00").unwrap(),
                ),
                None,
                SessionType::OpenAccess,
            );
            earlier.project_id = Some(project);
            let earlier = store
                .write(|tx| sessions::add_session(tx, &earlier))
                .expect("an earlier session")
                .id;
            for who in came {
                store
                    .write(|tx| register::mark_present(tx, earlier, who, today))
                    .expect("marked present");
            }
        }
        store
            .write(|tx| register::mark_present(tx, session, jay, today))
            .expect("Jay came tonight");
        // Progression: Jay's Arts Award (10 September) and Duke of Edinburgh's Award
        // (1 October), Sam started volunteering (1 July); Mia joined a youth forum on 1 March,
        // before the financial year counted.
        for (who, kind, on) in [
            (jay, "arts-award", "2026-09-10"),
            (jay, "duke-of-edinburgh", "2026-10-01"),
            (sam, "volunteering", "2026-07-01"),
            (mia, "youth-forum", "2026-03-01"),
        ] {
            let step = EventInput {
                young_person_id: who,
                kind: kind.into(),
                happened_on: NaiveDate::parse_from_str(on, "%Y-%m-%d").unwrap(),
                note: None,
            };
            store
                .write(|tx| progression::add(tx, &manager, &step, today))
                .expect("a step of progression");
        }
        let mut volunteer = PersonInput::volunteer(VOLUNTEER);
        volunteer.roles = vec![StaffRole::Volunteer];
        let person = store
            .write(|tx| people::add(tx, &volunteer))
            .expect("a volunteer")
            .id;
        store
            .write(|tx| staffing::set(tx, session, person, StaffRole::Volunteer, None))
            .expect("the volunteer staffs it");
        let plan = PlanInput {
            who: Who::Everyone,
            ..PlanInput::recommended(Some(project), None)
        };
        let plan = store
            .write(|tx| checkins::add_plan(tx, &plan))
            .expect("the plan")
            .id;
        let jays = CheckInInput {
            young_person_id: young[0],
            measure_code: "ons4".into(),
            measure_version: None,
            taken_on: today,
            wave: Wave::Baseline,
            mode: Mode::WithWorker,
            declined: false,
            answers: [
                ("life-satisfaction", Some(2)),
                ("worthwhile", None),
                ("happy-yesterday", Some(3)),
            ]
            .into_iter()
            .map(|(q, value)| Answer {
                question_id: q.into(),
                value,
            })
            .collect(),
            plan_id: Some(plan),
        };
        store
            .write(|tx| checkins::record(tx, &manager, &jays, today))
            .expect("Jay's check-in, by the manager");
        users::add_account(
            &mut store,
            &NewUser {
                name: VOLUNTEER.to_owned(),
                role: Role::Volunteer,
                person_id: Some(person),
                secret_kind: SecretKind::Pin,
                secret: VOLUNTEER_PIN.to_owned(),
            },
        )
        .expect("the volunteer's account");
        (young[0], young[1])
    }
}

/// Point 1 in the window, a measure whose licence needs registration: its file (a made-up
/// questionnaire in tests/data/measures) is imported on Settings' check-in questions. Not
/// confirmed, the core refuses it and the window says why; once the club confirms it has
/// registered it is added, with who confirmed. Planned on tonight's series, its copyright
/// line is on the check-in form and on its card in What changed.
#[tokio::test(flavor = "multi_thread")]
async fn a_measure_needing_registration_is_imported_once_confirmed_and_its_copyright_shown() {
    const COPYRIGHT: &str = "© Pretend Measures Trust 2026";
    const CODE: &str = "made-up-registered-scale";
    let _one = ONE_AT_A_TIME.lock().await;
    let file =
        clubroom_e2e::workspace_root().join("tests/data/measures/made-up-registered-scale.json");
    let harness = Harness::start(&[
        ("CLUBROOM_TODAY", TODAY),
        ("CLUBROOM_OPEN_FILE", file.to_str().unwrap()),
    ]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;
    app.dismiss_toasts().await;
    let club = demo_file(&harness);
    let imported = || {
        let store = clubroom_core::club_file::open(&club, None).unwrap();
        clubroom_core::measures::all(store.conn())
            .unwrap()
            .into_iter()
            .find(|e| e.measure.code == CODE)
    };

    app.click("nav-settings").await;
    app.el("measure-import-block").await;
    app.scroll_to("measure-import-block").await;
    // Not confirmed: refused, in words, and not added.
    app.click("measure-import").await;
    let refusal = app.text("measure-import-problem").await;
    assert!(
        refusal.contains("may be used only by groups that have registered with its owner"),
        "{refusal}"
    );
    assert!(imported().is_none(), "refused, nothing kept");
    // Confirmed: added, listed with who confirmed and its copyright line.
    app.click("measure-registered").await;
    app.click("measure-import").await;
    let listed = app
        .wait_for_css(&format!("[data-testid=club-scale][data-code=\"{CODE}\"]"))
        .await;
    app.wait_until("the measure is listed as confirmed", async |_| {
        listed
            .text()
            .await
            .is_ok_and(|t| t.contains("registration confirmed by") && t.contains(COPYRIGHT))
    })
    .await;
    assert!(app.all("measure-import-problem").await.is_empty());
    let entry = imported().expect("the measure is in the club file");
    assert!(!entry.built_in);
    assert!(entry.registered_by.is_some_and(|who| !who.is_empty()));
    app.dismiss_toasts().await;
    app.scroll_to("measure-import-block").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.screenshot("measure-import").await;

    // Planned for everyone at tonight's series.
    {
        let mut store = clubroom_core::club_file::open(&club, None).unwrap();
        let series: Vec<i64> = store
            .conn()
            .prepare(
                "SELECT DISTINCT series_id FROM sessions WHERE date = ?1 AND series_id IS NOT NULL",
            )
            .unwrap()
            .query_map([TODAY], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for id in series {
            let plan = PlanInput {
                measures: vec![CODE.into()],
                who: Who::Everyone,
                baseline_within: 52,
                ..PlanInput::recommended(None, Some(id))
            };
            store.write(|tx| checkins::add_plan(tx, &plan)).unwrap();
        }
    }

    // The check-in form carries the copyright line.
    app.click("nav-register").await;
    if let RegisterOpened::Choice(choice) = app.register_or_choice().await {
        app.click_element(&choice).await;
    }
    app.wait_until("the register fills", async |app: &App| {
        !app.all("register-entry").await.is_empty()
    })
    .await;
    let who = rows(&app).await[0].0;
    let mark = app
        .wait_for_css(&format!(
            "[data-testid=register-entry][data-young-person-id=\"{who}\"] [data-testid=register-mark]"
        ))
        .await;
    app.click_element(&mark).await;
    let badge = app
        .wait_for_css(&format!(
            "[data-young-person-id=\"{who}\"] [data-testid=checkin-due]"
        ))
        .await;
    app.click_element(&badge).await;
    app.el("checkin").await;
    let line = app.text("checkin-attribution").await;
    assert!(line.contains(COPYRIGHT), "{line}");
    assert!(
        app.text("checkin-question")
            .await
            .starts_with("Test item 1")
    );
    assert_eq!(answer_all(&app, "4").await, 3);

    // And What changed, on the measure's card.
    app.click("nav-outcomes").await;
    let card = app
        .wait_for_css(&format!(
            "[data-testid=outcomes-measure-card][data-code=\"{CODE}\"]"
        ))
        .await;
    let text = card.text().await.unwrap();
    assert!(text.contains(COPYRIGHT), "{text}");
    assert!(text.contains("Made-up Registered Scale"), "{text}");
    app.quit().await;
}
