use super::*;
use crate::store::Store;

#[test]
fn the_five_built_in_templates_are_valid_and_general_has_everything() {
    let all = built_in();
    let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "general",
            "nlcf-progress",
            "children-in-need",
            "dcms-yif",
            "local-authority"
        ]
    );
    let general = &all[0];
    let measures: Vec<&str> = general
        .sections
        .iter()
        .flat_map(|s| match s {
            Section::Measures { items, .. } => items.iter().map(|i| i.measure.as_str()).collect(),
            _ => Vec::new(),
        })
        .collect();
    let mut every = Measures::names();
    every.sort();
    let mut shown: Vec<String> = measures.iter().map(|m| (*m).to_owned()).collect();
    shown.sort();
    assert_eq!(shown, every, "the general return shows every measure");
    let breakdowns: Vec<&str> = general
        .sections
        .iter()
        .filter_map(|s| match s {
            Section::Breakdown { dimension, .. } => Some(dimension.as_str()),
            _ => None,
        })
        .collect();
    for dimension in [
        "age_band",
        "gender",
        "ethnicity_group",
        "disability",
        "postcode_district",
        "session_type",
    ] {
        assert!(breakdowns.contains(&dimension), "{dimension}");
    }
}

#[test]
fn a_template_file_round_trips_and_bad_ones_are_explained() {
    let general = built_in().remove(0);
    assert_eq!(Template::from_json(&general.to_json()).unwrap(), general);
    let cases = [
        (
            r#"{"schema":"clubroom-template/9"}"#,
            "This is not a Clubroom template file",
        ),
        ("not json at all", "This is not a Clubroom template file"),
    ];
    for (text, expected) in cases {
        let err = Template::from_json(text).unwrap_err().to_string();
        assert!(err.contains(expected), "{err}");
    }
    let with = |change: &dyn Fn(&mut Template)| {
        let mut t = built_in().remove(0);
        change(&mut t);
        t.checked().unwrap_err().to_string()
    };
    assert!(
        with(&|t| t.schema = "clubroom-template/2".into()).contains("reads “clubroom-template/1”")
    );
    assert!(with(&|t| t.id = "Has Spaces".into()).contains("lower-case letters"));
    assert!(
        with(&|t| t.sections.push(Section::Measures {
            title: "X".into(),
            items: vec![MeasureItem {
                measure: "smiles".into(),
                label: "Smiles".into(),
                note: None
            }]
        }))
        .contains("“smiles” is not a measure")
    );
    assert!(
        with(&|t| t.sections.push(Section::Breakdown {
            title: "X".into(),
            dimension: "shoe_size".into(),
            labels: BTreeMap::new(),
            note: None
        }))
        .contains("“shoe_size” is not a breakdown")
    );
    assert!(
        with(&|t| t.sections.push(Section::Chart {
            title: "X".into(),
            chart: "pie".into()
        }))
        .contains("not a chart")
    );
    assert!(
        with(&|t| t.sections.push(Section::Question {
            id: "notes".into(),
            title: "Again".into(),
            hint: None
        }))
        .contains("used twice")
    );
    assert!(
        with(&|t| t.age_bands = Some(vec![
            AgeBandSpec {
                label: "young".into(),
                min: None,
                max: Some(12)
            },
            AgeBandSpec {
                label: "older".into(),
                min: Some(10),
                max: None
            },
        ]))
        .contains("overlaps")
    );
}

#[test]
fn a_club_copies_changes_and_saves_its_own_template() {
    let mut store = Store::open_in_memory().unwrap();
    let mut mine = copy(store.conn(), "children-in-need", "Our CiN return").unwrap();
    assert_eq!((mine.id.as_str(), mine.version), ("our-cin-return", 1));
    mine.funder = "BBC Children in Need (Coventry)".into();
    store.write(|tx| save(tx, &mine)).unwrap();
    assert_eq!(
        get(store.conn(), "Our CiN return").unwrap().funder,
        "BBC Children in Need (Coventry)"
    );
    mine.description = "Changed".into();
    let saved = store.write(|tx| save(tx, &mine)).unwrap();
    assert_eq!(saved.version, 2, "a change makes a new version");
    let again = copy(store.conn(), "children-in-need", "Our CiN return").unwrap();
    assert_eq!(again.id, "our-cin-return-2");
    let err = store
        .write(|tx| save(tx, &built_in().remove(0)))
        .unwrap_err();
    assert!(
        err.to_string().contains("copy it under a new name"),
        "{err}"
    );
    assert_eq!(all(store.conn()).unwrap().len(), 6);
    store.write(|tx| delete(tx, "our-cin-return")).unwrap();
    assert!(get(store.conn(), "our-cin-return").is_err());
}

#[test]
fn a_figure_shown_twice_in_one_section_is_refused() {
    let mut template = built_in().into_iter().find(|t| t.id == "general").unwrap();
    template.id = "twice".into();
    if let Section::Measures { items, .. } = &mut template.sections[0] {
        let again = items[0].clone();
        items.push(again);
    }
    let err = template.checked().unwrap_err();
    assert!(err.to_string().contains("twice: keep it once"), "{err}");
}

#[test]
fn the_outcome_parts_of_a_template_are_checked() {
    let with = |section: Section| {
        let mut t = built_in().remove(0);
        t.sections.push(section);
        t.checked().map(|_| ()).map_err(|e| e.to_string())
    };
    let change = |measure: Option<&str>, outcome: Option<&str>| Section::OutcomeChange {
        title: "Change".into(),
        measure: measure.map(Into::into),
        outcome: outcome.map(Into::into),
        note: None,
    };
    assert_eq!(with(change(Some("ons4"), None)), Ok(()));
    assert_eq!(with(change(None, Some("toc/confidence"))), Ok(()));
    assert!(
        with(change(Some("ons4"), Some("toc/confidence")))
            .unwrap_err()
            .contains("give one")
    );
    assert!(with(change(None, None)).unwrap_err().contains("give one"));
    assert!(
        with(change(None, Some("confidence")))
            .unwrap_err()
            .contains("framework/outcome")
    );
    let differences = |id: &str, count: u32| Section::Differences {
        id: id.into(),
        title: "Difference".into(),
        count,
        hint: None,
    };
    assert_eq!(with(differences("difference", 3)), Ok(()));
    assert!(
        with(differences("difference", 4))
            .unwrap_err()
            .contains("from 1 to 3")
    );
    assert!(
        with(differences("difference", 0))
            .unwrap_err()
            .contains("from 1 to 3")
    );
    let mut twice = built_in().remove(0);
    twice.sections.push(differences("one", 1));
    twice.sections.push(differences("two", 1));
    assert!(
        twice
            .checked()
            .unwrap_err()
            .to_string()
            .contains("keep one")
    );
    // The built-in Children in Need return asks for three.
    let cin = built_in()
        .into_iter()
        .find(|t| t.id == "children-in-need")
        .unwrap();
    assert!(
        cin.sections
            .iter()
            .any(|s| matches!(s, Section::Differences { count: 3, .. }))
    );
}
