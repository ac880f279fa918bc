//! What changed for young people: measures, check-in plans and check-ins, distance travelled,
//! sustained engagement and progression. Each command calls one core function; the core
//! decides who may, and cuts check-in answers to managers and whoever recorded them.

use clubroom_core::access::{Operation, Target};
use clubroom_core::checkins::{self, CheckIn, CheckInInput, Due, Plan, PlanInput};
use clubroom_core::distance::{self, DistanceTravelled};
use clubroom_core::engagement::{self, Engagement};
use clubroom_core::figures::Scope;
use clubroom_core::measures::{self, Measure, MeasureEntry};
use clubroom_core::progression::{self, Counts as ProgressionCounts, Event, EventInput, Kind};
use tauri::State;

use crate::dialogs;
use crate::state::AppState;

use super::*;

/// Every measure, latest versions: built in and the club's own.
#[tauri::command]
pub async fn measures(state: State<'_, AppState>) -> Reply<Vec<MeasureEntry>> {
    with_store_as(&state, Operation::Measures, Target::Nothing, |store, _| {
        measures::latest(store.conn())
    })
    .await
}

/// Saves a club scale made in the window (new wording becomes a new version).
#[tauri::command]
pub async fn save_club_scale(state: State<'_, AppState>, measure: Measure) -> Reply<Measure> {
    with_store_as(
        &state,
        Operation::SaveClubScale,
        Target::Nothing,
        move |store, _| store.write(|tx| measures::save_club_scale(tx, &measure)),
    )
    .await
}

/// Asks for a measure file and adds it. One whose licence needs registration (SWEMWBS) is
/// taken only when `registered` says the club has registered with its owner (the core
/// refuses it otherwise, and keeps who confirmed). `None` if cancelled.
#[tauri::command]
pub async fn import_measure(
    state: State<'_, AppState>,
    registered: bool,
) -> Reply<Option<Measure>> {
    may(&state, Operation::ImportMeasure, Target::Nothing).await?;
    let Some(path) = dialogs::open_path("Clubroom measure", &["json"]).await else {
        return Ok(None);
    };
    with_store_as(
        &state,
        Operation::ImportMeasure,
        Target::Nothing,
        move |store, _| {
            let text = measures::read_file(&path)?;
            let confirmed_by = registered.then(|| store.actor().name.clone());
            store
                .write(|tx| measures::import(tx, &text, confirmed_by.as_deref()))
                .map(Some)
        },
    )
    .await
}

#[tauri::command]
pub async fn checkin_plans(state: State<'_, AppState>) -> Reply<Vec<Plan>> {
    with_store_as(
        &state,
        Operation::CheckinPlans,
        Target::Nothing,
        |store, _| checkins::plans(store.conn()),
    )
    .await
}

/// Adds a plan (`id` none) or changes one.
#[tauri::command]
pub async fn save_checkin_plan(
    state: State<'_, AppState>,
    id: Option<i64>,
    plan: PlanInput,
) -> Reply<Plan> {
    with_store_as(
        &state,
        Operation::SaveCheckinPlan,
        Target::Nothing,
        move |store, _| {
            store.write(|tx| match id {
                Some(id) => checkins::update_plan(tx, id, &plan),
                None => checkins::add_plan(tx, &plan),
            })
        },
    )
    .await
}

/// Records a check-in (answered, partly skipped, or "I'd rather not").
#[tauri::command]
pub async fn record_checkin(state: State<'_, AppState>, input: CheckInInput) -> Reply<CheckIn> {
    with_store_as(
        &state,
        Operation::RecordCheckin,
        Target::Nothing,
        move |store, today| {
            let actor = store.actor().clone();
            store.write(|tx| checkins::record(tx, &actor, &input, today))
        },
    )
    .await
}

/// A young person's check-ins (or everyone's), as the person signed in may see them.
#[tauri::command]
pub async fn checkins(
    state: State<'_, AppState>,
    young_person_id: Option<i64>,
) -> Reply<Vec<CheckIn>> {
    with_store_as(
        &state,
        Operation::Checkins,
        Target::Nothing,
        move |store, _| checkins::list(store.conn(), store.actor(), young_person_id),
    )
    .await
}

/// Whose baseline or review is due among those marked present at a session.
#[tauri::command]
pub async fn checkins_due(state: State<'_, AppState>, session_id: i64) -> Reply<Vec<Due>> {
    with_store_as(
        &state,
        Operation::CheckinsDue,
        Target::Session(session_id),
        move |store, _| checkins::due(store.conn(), session_id),
    )
    .await
}

#[tauri::command]
pub async fn distance_travelled(
    state: State<'_, AppState>,
    period: Period,
    scope: Scope,
    measure: Option<String>,
) -> Reply<DistanceTravelled> {
    with_store_as(
        &state,
        Operation::DistanceTravelled,
        Target::Nothing,
        move |store, today| {
            distance::compute(store.conn(), period, &scope, measure.as_deref(), today)
        },
    )
    .await
}

#[tauri::command]
pub async fn sustained_engagement(state: State<'_, AppState>, period: Period) -> Reply<Engagement> {
    with_store_as(
        &state,
        Operation::SustainedEngagement,
        Target::Nothing,
        move |store, today| engagement::compute(store.conn(), period, &Scope::default(), today),
    )
    .await
}

/// Progression in a period for the whole club: young people with a step, by group.
#[tauri::command]
pub async fn progression_counts(
    state: State<'_, AppState>,
    period: Period,
) -> Reply<ProgressionCounts> {
    with_store_as(
        &state,
        Operation::ProgressionCounts,
        Target::Nothing,
        move |store, today| {
            engagement::progression_counts(store.conn(), period, &Scope::default(), today)
        },
    )
    .await
}

#[tauri::command]
pub async fn progression_kinds(state: State<'_, AppState>) -> Reply<Vec<Kind>> {
    with_store_as(
        &state,
        Operation::ProgressionKinds,
        Target::Nothing,
        |store, _| progression::kinds(store.conn()),
    )
    .await
}

/// Adds a kind to the club's list (or renames one).
#[tauri::command]
pub async fn save_progression_kind(
    state: State<'_, AppState>,
    label: String,
    grouping: String,
) -> Reply<Kind> {
    with_store_as(
        &state,
        Operation::SaveProgressionKind,
        Target::Nothing,
        move |store, _| store.write(|tx| progression::save_kind(tx, &label, &grouping)),
    )
    .await
}

#[tauri::command]
pub async fn add_progression(state: State<'_, AppState>, input: EventInput) -> Reply<Event> {
    with_store_as(
        &state,
        Operation::AddProgression,
        Target::Nothing,
        move |store, today| {
            let actor = store.actor().clone();
            store.write(|tx| progression::add(tx, &actor, &input, today))
        },
    )
    .await
}

/// A young person's progression, newest first.
#[tauri::command]
pub async fn progression(state: State<'_, AppState>, young_person_id: i64) -> Reply<Vec<Event>> {
    with_store_as(
        &state,
        Operation::Progression,
        Target::Nothing,
        move |store, _| progression::of(store.conn(), young_person_id),
    )
    .await
}
