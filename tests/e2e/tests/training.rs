//! Training and safe staffing in the real window: a volunteer logs a first-aid certificate
//! with an attached PDF, the training matrix shows it valid, and a session with too few
//! adults shows the ratio warning.

use clubroom_e2e::{App, Harness, ONE_AT_A_TIME};

const TODAY: &str = "2026-11-24";

/// A small PDF standing in for a scanned certificate.
const CERTIFICATE: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn attr_of(
    app: &App,
    testid: &str,
    attr: &str,
    matches: impl Fn(&str) -> bool,
) -> Option<String> {
    for element in app.all(testid).await {
        let value = element.attr(attr).await.ok().flatten().unwrap_or_default();
        if matches(&value) {
            return Some(value);
        }
    }
    None
}

#[tokio::test(flavor = "multi_thread")]
async fn a_volunteer_logs_first_aid_and_a_thin_session_is_flagged() {
    let _one = ONE_AT_A_TIME.lock().await;
    let certificate =
        std::env::temp_dir().join(format!("clubroom-e2e-first-aid-{}.pdf", std::process::id()));
    std::fs::write(&certificate, CERTIFICATE).unwrap();
    let harness = Harness::start(&[
        ("CLUBROOM_TODAY", TODAY),
        ("CLUBROOM_OPEN_FILE", certificate.to_str().unwrap()),
    ]);
    let app = harness.launch().await;
    app.click("explore-demo").await;
    app.el("home").await;

    // A new volunteer, who is also the first aider.
    app.click("nav-people").await;
    app.el("person-row").await;
    app.el("hours-totals").await;
    app.screenshot("staff").await;
    app.click("person-add").await;
    app.type_into("person-name", "Sam Patel").await;
    app.type_into("person-email", "sam.patel@example.org").await;
    app.click("person-role-volunteer").await;
    app.click("person-role-first-aider").await;
    app.click("person-save").await;

    // Sam logs Emergency First Aid at Work with the certificate attached.
    app.click("training-log").await;
    app.choose("training-course", "Emergency First Aid at Work")
        .await;
    app.set("training-completed", "2026-10-01").await;
    app.type_into("training-provider", "St John Ambulance")
        .await;
    app.type_into("training-certificate-number", "EFAW-20931")
        .await;
    app.click("training-save-attach").await;
    app.wait_text("certificate-status", "Certificate kept")
        .await;
    app.wait_text("record-status", "Valid").await;
    app.dismiss_toasts().await;
    app.screenshot("person").await;
    let kept = harness
        .folder
        .path()
        .join("data/uk.clubroom.desktop/demo-club-attachments");
    let files: Vec<_> = std::fs::read_dir(&kept)
        .expect("the attachments folder")
        .collect();
    assert_eq!(files.len(), 1, "one certificate kept beside the club file");

    // The matrix shows it valid.
    app.click("nav-people").await;
    app.click("people-tab-matrix").await;
    app.wait_until(
        "Sam's first aid is valid in the matrix",
        async |app: &App| {
            for cell in app.all("matrix-cell").await {
                let person = cell
                    .attr("data-person")
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                let course = cell
                    .attr("data-course")
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default();
                if person == "Sam Patel" && course == "Emergency First Aid at Work" {
                    return cell.attr("data-status").await.ok().flatten().as_deref()
                        == Some("valid");
                }
            }
            false
        },
    )
    .await;
    app.screenshot("training-matrix").await;

    // Tonight's Tuesday Juniors (ages 8-12): ten young people and Sam alone.
    app.click("nav-home").await;
    app.click("open-register").await;
    app.el("register").await;
    app.wait_until("regulars are listed", async |app: &App| {
        app.all("register-entry").await.len() >= 10
    })
    .await;
    for n in 0..10 {
        let marks = app.all("register-mark").await;
        app.click_element(&marks[n]).await;
        app.wait_text("present-count", &(n + 1).to_string()).await;
    }
    app.choose("staff-person", "Sam Patel").await;
    app.click("staff-add").await;
    app.wait_until("the ratio warning shows", async |app: &App| {
        attr_of(app, "staffing-warning", "data-kind", |kind| kind == "ratio")
            .await
            .is_some()
    })
    .await;
    assert!(
        attr_of(&app, "staffing-warning", "data-kind", |kind| kind
            == "too-few-adults")
        .await
        .is_some()
    );
    let mut ratio = String::new();
    for warning in app.all("staffing-warning").await {
        if warning.attr("data-kind").await.ok().flatten().as_deref() == Some("ratio") {
            ratio = warning.text().await.unwrap_or_default();
        }
    }
    assert!(
        ratio.contains("1 adult for 10 young people: the ratio rules need 2 adults"),
        "{ratio}"
    );
    assert!(
        attr_of(&app, "staffing-warning", "data-kind", |kind| kind
            == "no-first-aider")
        .await
        .is_none(),
        "Sam is a first aider"
    );
    app.dismiss_toasts().await;
    app.screenshot("register-staffing").await;
    app.quit().await;
    let _ = std::fs::remove_file(&certificate);
}
