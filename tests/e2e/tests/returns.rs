//! A funder return in the real window: a Children in Need return for last quarter on the
//! demo club, figures checked against the core on the same file, three differences chosen (one
//! with an anonymous case study) and written, saved as a PDF (checked with qpdf and pdftotext,
//! page 1 kept as a screenshot) and as an Excel workbook (read back with calamine), then opened
//! again after a correction to the records, showing which figures would now differ.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use clubroom_core::figures::Scope;
use clubroom_core::returns::{self, ReturnRequest};
use clubroom_e2e::{App, Harness, ONE_AT_A_TIME, workspace_root};

const TODAY: &str = "2026-11-24";

/// The text of a measure's card, or nothing while the return is still being counted.
async fn measure_shown(app: &App, measure: &str) -> String {
    for card in app.all("return-measure").await {
        if card.attr("data-measure").await.ok().flatten().as_deref() == Some(measure) {
            return card.text().await.unwrap_or_default();
        }
    }
    String::new()
}

/// Runs a tool on a file; a final "-" sends its output to standard output.
fn run(tool: &str, args: &[&str], file: &Path) -> String {
    let (before, after): (&[&str], &[&str]) = match args.split_last() {
        Some((&"-", rest)) => (rest, &["-"]),
        _ => (args, &[]),
    };
    let out = Command::new(tool)
        .args(before)
        .arg(file)
        .args(after)
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs (scripts/setup.sh installs it): {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_children_in_need_return_is_made_saved_and_checked_later() {
    let _one = ONE_AT_A_TIME.lock().await;
    let harness = Harness::start(&[("CLUBROOM_TODAY", TODAY)]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;

    // Last quarter (July to September 2026), Children in Need's template.
    app.click("nav-returns").await;
    app.set("return-template", "children-in-need").await;
    app.click("period-last-quarter").await;
    let request = ReturnRequest {
        template_id: "children-in-need".into(),
        period: clubroom_core::dates::Period::new(
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
        )
        .unwrap(),
        scope: Scope::default(),
        answers: Default::default(),
        differences: Vec::new(),
    };
    let file = harness.demo_file();
    let expected = {
        let store = clubroom_core::club_file::open(&file, None)
            .expect("the demo file opens beside the app");
        returns::build(
            store.conn(),
            &request,
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        )
        .expect("the core's return")
    };
    let young_people = expected.measures.unique_young_people.to_string();
    app.wait_until(
        "the window shows the core's count of young people",
        async |app| {
            measure_shown(app, "unique_young_people")
                .await
                .contains(&young_people)
        },
    )
    .await;
    let attendances = returns::show(
        Some(expected.measures.attendances as f64),
        clubroom_core::figures::MeasureKind::Count,
    );
    assert!(
        measure_shown(&app, "attendances")
            .await
            .contains(&attendances)
    );
    assert!(app.all("return-breakdown").await.len() >= 4);

    // An anonymous case study the team may read, recorded on the same file (the young
    // person's page records them too; here the return is what is tested).
    let story = {
        use clubroom_core::stories::{
            self, ConsentGiver, StoryAudience, StoryConsent, StoryInput, StoryKind,
        };
        let mut store = clubroom_core::club_file::open(&file, None).unwrap();
        let young_person: i64 = store
            .conn()
            .query_row("SELECT MIN(id) FROM young_people", [], |r| r.get(0))
            .unwrap();
        let input = StoryInput {
            young_person_id: young_person,
            kind: StoryKind::CaseStudy,
            title: "Staying for the whole evening".into(),
            body: "When she first came she left whenever the hall got loud. By September she \
                   stayed all evening and helped run the tuck shop."
                .into(),
            consent: StoryConsent::Anonymous,
            consent_given_by: ConsentGiver::YoungPerson,
            told_on: NaiveDate::from_ymd_opt(2026, 9, 15).unwrap(),
            audience: StoryAudience::Team,
            outcomes: vec![],
        };
        let manager = clubroom_core::access::Actor::club_manager();
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        store
            .write(|tx| stories::add(tx, &manager, &input, today))
            .unwrap()
    };
    assert!(story.ready_for_return, "{:?}", story.findings);
    // Back to the Returns screen, which offers the stories that may go in a return.
    app.click("nav-home").await;
    app.click("nav-returns").await;
    app.el("differences").await;

    // The manager chooses the three most important differences, one with the case study, and
    // writes each in their own words under it in the preview.
    let chosen = [
        (
            "toc/resilience",
            "Resilience",
            "Young people who left when it got loud now stay all evening.",
        ),
        (
            "toc/confidence",
            "Confidence",
            "Young people who were isolated made friends and came every week.",
        ),
        (
            "toc/aspiration",
            "Aspiration",
            "Two older members started a sports leader course.",
        ),
    ];
    for (n, (outcome, ..)) in chosen.iter().enumerate() {
        app.set(&format!("difference-outcome-{}", n + 1), outcome)
            .await;
    }
    app.set("difference-story-1", &story.id.to_string()).await;
    for (n, (_, _, words)) in chosen.iter().enumerate() {
        let id = format!("difference-{}", n + 1);
        app.wait_until("the difference is in the preview", async |app| {
            for answer in app.all("return-answer").await {
                if answer.attr("data-question").await.ok().flatten().as_deref() == Some(&id) {
                    return true;
                }
            }
            false
        })
        .await;
        for answer in app.all("return-answer").await {
            if answer.attr("data-question").await.ok().flatten().as_deref() == Some(&id) {
                answer.send_keys(words).await.unwrap();
            }
        }
    }
    app.dismiss_toasts().await;
    app.scroll_to("return-template").await;
    app.screenshot("returns").await;
    app.click("return-save-pdf").await;
    let pdf = harness.wait_for_saved(&app, "pdf").await;
    run("qpdf", &["--check"], &pdf);
    let text = run("pdftotext", &["-layout", "-"], &pdf).replace('\u{c}', "");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "BROOKFIELD YOUTH CLUB",
        "Annual progress report",
        "For BBC Children in Need",
        "1 July 2026 to 30 September 2026",
        "Difference 1: Resilience",
        "Young people who left when it got loud now stay all evening.",
        "Case study: Staying for the whole evening",
        "stayed all evening and helped run the tuck shop.",
        "Difference 2: Confidence",
        "Young people who were isolated made friends and came every week.",
        "Difference 3: Aspiration",
        "Two older members started a sports leader course.",
        // A progression row's label (the longer ones wrap in the PDF's columns).
        "Awards and accreditations",
    ] {
        assert!(
            text.to_lowercase().contains(&words.to_lowercase()),
            "the PDF should say “{words}”: {text}"
        );
    }
    let page_one = workspace_root().join("docs/screenshots/return-pdf-page-1");
    Command::new("pdftoppm")
        .args(["-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf)
        .arg(&page_one)
        .status()
        .expect("pdftoppm runs");
    assert!(page_one.with_extension("png").exists());

    // It is kept as sent, and nothing has changed yet.
    app.wait_until("the save is confirmed", async |app| {
        !app.all("toast").await.is_empty()
    })
    .await;
    app.dismiss_toasts().await;

    // The manager's funder wants Excel: the same return as a workbook.
    app.click("return-save-xlsx").await;
    let workbook = harness.wait_for_saved(&app, "xlsx").await;
    check_workbook(&workbook, &expected);
    app.wait_until("the Excel save is confirmed", async |app| {
        !app.all("toast").await.is_empty()
    })
    .await;
    app.dismiss_toasts().await;
    app.el("saved-returns").await;
    app.wait_until("the saved return is listed", async |app| {
        !app.all("saved-return").await.is_empty()
    })
    .await;
    app.click("saved-return").await;
    app.wait_until("it says nothing has changed", async |app| {
        app.text("saved-return-status")
            .await
            .contains("not changed")
    })
    .await;

    // A leader corrects the gender of someone who came last quarter.
    let reference: String = clubroom_core::club_file::open(&file, None)
        .unwrap()
        .conn()
        .query_row(
            "SELECT y.ref FROM young_people y WHERE y.gender = 'female' AND y.id IN
               (SELECT a.young_person_id FROM attendance a JOIN sessions s ON s.id = a.session_id
                WHERE s.date BETWEEN '2026-07-01' AND '2026-09-30' AND s.cancelled = 0)
             ORDER BY y.ref LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    app.click("nav-young-people").await;
    app.type_into("yp-search", &reference).await;
    app.wait_until("the search finds them", async |app| {
        app.all("yp-open").await.len() == 1
    })
    .await;
    app.click("yp-open").await;
    app.choose("yp-gender", "Prefer not to say").await;
    app.click("yp-save").await;
    app.wait_until("the change is saved", async |app| {
        !app.all("toast").await.is_empty()
    })
    .await;
    app.dismiss_toasts().await;

    // The return as sent now says what would differ.
    app.click("nav-returns").await;
    app.el("saved-returns").await;
    app.wait_until("the saved return is listed", async |app| {
        !app.all("saved-return").await.is_empty()
    })
    .await;
    app.click("saved-return").await;
    app.wait_until("it says the records changed", async |app| {
        app.text("saved-return-status")
            .await
            .contains("changed since")
    })
    .await;
    let differences = app.text("saved-return-differences").await;
    assert!(differences.contains("Female"), "{differences}");
    assert!(differences.contains("Prefer not to say"), "{differences}");
    app.dismiss_toasts().await;
    app.screenshot("saved-return").await;
    app.quit().await;
}

/// The workbook the window saved: the cover sheet names the return and carries the answer
/// typed in the window; the headline table has the core's count of young people as a
/// number, not text.
fn check_workbook(path: &Path, expected: &returns::Return) {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).expect("a workbook calamine opens");
    let names = book.sheet_names();
    assert_eq!(names[0], "Return", "{names:?}");
    let cover = book.worksheet_range("Return").unwrap();
    assert_eq!(
        cover.get((0, 0)),
        Some(&Data::String(expected.template.name.clone()))
    );
    let cover_text: Vec<String> = cover
        .used_cells()
        .filter_map(|(_, _, c)| match c {
            Data::String(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert!(
        cover_text
            .iter()
            .any(|t| t == "Young people who were isolated made friends and came every week."),
        "{cover_text:?}"
    );
    let young_people = expected.measures.unique_young_people as f64;
    let found = names[1..].iter().any(|name| {
        let range = book.worksheet_range(name).unwrap();
        range.rows().any(|row| {
            row.iter()
                .any(|c| c == &Data::String("unique_young_people".into()))
                && row.iter().any(|c| match c {
                    Data::Float(n) => *n == young_people,
                    Data::Int(n) => *n as f64 == young_people,
                    _ => false,
                })
        })
    });
    assert!(
        found,
        "no sheet has unique_young_people = {young_people} as a number"
    );
}
