use super::*;
use crate::store::Store;

fn club_scale() -> Measure {
    Measure::from_json(
        r#"{ "schema": "clubroom-measure/1", "code": "speaking-up", "version": 1,
             "name": "Speaking up", "licence": "club", "scoring": "mean",
             "higher_is_better": true, "meaningful_change": 1,
             "outcomes": [ { "framework": "toc", "code": "confidence" },
                           { "framework": "ecm", "code": "positive-contribution" } ],
             "questions": [
               { "id": "group", "text": "I feel confident speaking in a group",
                 "scale": { "min": 1, "max": 3, "labels": [
                   { "value": 1, "label": "Not yet" }, { "value": 2, "label": "Getting there" },
                   { "value": 3, "label": "Yes" } ] } } ] }"#,
    )
    .unwrap()
}

fn registered() -> String {
    r#"{ "schema": "clubroom-measure/1", "code": "licensed-scale", "version": 1,
         "name": "A licensed scale", "licence": "registration",
         "attribution": "© The owners. Used under registration.", "scoring": "sum",
         "higher_is_better": true, "meaningful_change": 3,
         "questions": [ { "id": "q1", "text": "One", "scale": { "min": 1, "max": 5 } },
                        { "id": "q2", "text": "Two", "scale": { "min": 1, "max": 5 } } ] }"#
        .to_owned()
}

#[test]
fn ons4_is_built_in_four_items_reported_separately_with_its_attribution() {
    let ons4 = &built_in()[0];
    assert_eq!(ons4.code, "ons4");
    assert_eq!(ons4.scoring, Scoring::PerItem);
    assert_eq!(ons4.questions.len(), 4);
    assert!(ons4.attribution.contains("Office for National Statistics"));
    // Never summed: per-item scoring has no total.
    let answers: Vec<(String, i64)> = ons4.questions.iter().map(|q| (q.id.clone(), 5)).collect();
    assert_eq!(ons4.total(&answers), None);
    // Anxiety: lower is better, and not asked under 16.
    let anxious = ons4.question("anxious-yesterday").unwrap();
    assert!(!ons4.higher_is_better(Some(anxious)));
    assert_eq!(ons4.asked_at(Some(12)).len(), 3);
    assert_eq!(ons4.asked_at(Some(16)).len(), 4);
    assert!(ons4.guidance.as_deref().unwrap().contains("16"));
}

#[test]
fn a_club_scale_is_saved_and_new_wording_is_a_new_version() {
    let mut store = Store::open_in_memory().unwrap();
    let scale = club_scale();
    let saved = store.write(|tx| save_club_scale(tx, &scale)).unwrap();
    assert_eq!(saved.version, 1);
    // The same again changes nothing.
    let again = store.write(|tx| save_club_scale(tx, &scale)).unwrap();
    assert_eq!(again.version, 1);
    let mut reworded = scale.clone();
    reworded.questions[0].text = "I feel confident speaking up in a group".into();
    let v2 = store.write(|tx| save_club_scale(tx, &reworded)).unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(
        get(store.conn(), "speaking-up", Some(1)).unwrap().questions[0].text,
        scale.questions[0].text
    );
    assert_eq!(get(store.conn(), "speaking-up", None).unwrap().version, 2);
    let codes: Vec<String> = latest(store.conn())
        .unwrap()
        .into_iter()
        .map(|e| e.measure.code)
        .collect();
    assert_eq!(codes, ["ons4", "speaking-up"]);
}

#[test]
fn a_measure_needing_registration_is_imported_only_once_the_club_confirms() {
    let mut store = Store::open_in_memory().unwrap();
    let refused = store
        .write(|tx| import(tx, &registered(), None))
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("Confirm that the club has registered"),
        "{refused}"
    );
    assert!(all(store.conn()).unwrap().len() == 1);
    let saved = store
        .write(|tx| import(tx, &registered(), Some("Alex Manager")))
        .unwrap();
    assert_eq!(saved.attribution, "© The owners. Used under registration.");
    let entry = all(store.conn())
        .unwrap()
        .into_iter()
        .find(|e| e.measure.code == "licensed-scale")
        .unwrap();
    assert_eq!(entry.registered_by.as_deref(), Some("Alex Manager"));
}

#[test]
fn errors_name_the_field() {
    let cases = [
        (r#""version":1,"#, r#""version":0,"#, "“version”"),
        (
            r#""min":1,"max":3"#,
            r#""min":3,"max":1"#,
            "“questions[0].scale”",
        ),
        (
            r#""value":3,"label":"Yes""#,
            r#""value":4,"label":"Yes""#,
            "“questions[0].scale.labels[2]”",
        ),
        (
            r#""meaningful_change":1.0"#,
            r#""meaningful_change":0"#,
            "“meaningful_change”",
        ),
        (
            r#""code":"speaking-up""#,
            r#""code":"Speaking Up""#,
            "“code”",
        ),
    ];
    let good = serde_json::to_string(&club_scale()).unwrap();
    for (from, to, field) in cases {
        let text = good.replace(from, to);
        assert_ne!(text, good, "{from} is in the file");
        let error = Measure::from_json(&text).unwrap_err().to_string();
        assert!(error.contains(field), "{field}: {error}");
    }
    let mut no_attribution: Measure = club_scale();
    no_attribution.licence = Licence::Open;
    assert!(
        no_attribution
            .checked()
            .unwrap_err()
            .to_string()
            .contains("“attribution”")
    );
}

#[test]
fn a_built_in_code_or_an_unknown_outcome_is_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let mut clash = club_scale();
    clash.code = "ons4".into();
    let error = store.write(|tx| save_club_scale(tx, &clash)).unwrap_err();
    assert!(error.to_string().contains("Clubroom's own"), "{error}");
    let mut unknown = club_scale();
    unknown.outcomes[0].code = "telepathy".into();
    let error = store.write(|tx| save_club_scale(tx, &unknown)).unwrap_err();
    assert!(error.to_string().contains("toc/telepathy"), "{error}");
}

#[test]
fn a_mean_or_sum_needs_every_answer_and_turns_reverse_items_round() {
    let mut measure: Measure = Measure::from_json(&registered()).unwrap();
    measure.questions[1].reverse = true;
    let answers = vec![("q1".to_owned(), 4), ("q2".to_owned(), 2)];
    // q2 reversed on 1-5: 2 becomes 4.
    assert_eq!(measure.total(&answers), Some(8.0));
    assert_eq!(measure.total(&answers[..1]), None);
    measure.scoring = Scoring::Mean;
    assert_eq!(measure.total(&answers), Some(4.0));
}
