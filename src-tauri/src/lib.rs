//! # clubroom-app
//!
//! The desktop shell: it opens the club file in the OS app-data folder, registers the Tauri
//! commands (each a few lines over `clubroom-core`) and shows the front end built from `ui/`.
//! It holds no rules: those live in the core, so the CLI and the app always agree.

use tauri::Manager;

pub mod bindings;
mod commands;
mod dialogs;
mod state;

pub use commands::{AppStatus, ProducedReturn, TeamMember};
pub use state::{AppState, Settings};

/// Calls `$then!` with the name of every command, so the handler list and the list the
/// front end is checked against (see `bindings`) can never drift apart.
macro_rules! all_commands {
    ($then:ident) => {
        $then!(
            app_status,
            sign_in,
            sign_out,
            lock,
            unlock,
            create_first_manager,
            users_list,
            add_user,
            update_user,
            reset_user_secret,
            change_own_secret,
            set_lock_after,
            audit_log,
            verify_audit_log,
            explore_demo,
            leave_demo,
            vocabulary,
            save_club,
            overview,
            figures,
            venues,
            add_venue,
            update_venue,
            set_venue_archived,
            search_young_people,
            young_person,
            add_young_person,
            update_young_person,
            set_young_person_archived,
            all_series,
            add_series,
            update_series,
            set_series_archived,
            sessions_between,
            session,
            add_session,
            update_session,
            cancel_session,
            restore_session,
            delete_session,
            outcome_frameworks,
            register,
            mark_present,
            unmark,
            set_times,
            add_at_door,
            set_headcount,
            set_session_notes,
            save_paper_register,
            save_subject_access_pdf,
            save_subject_access_json,
            erasure_preview,
            erase_young_person,
            retention_rules,
            set_retention_rules,
            retention_review,
            apply_retention,
            import_young_people,
            import_attendance,
            people_list,
            add_person,
            update_person,
            set_person_archived,
            courses,
            add_course,
            update_course,
            set_course_archived,
            set_requirement,
            staffing_policy,
            set_staffing_policy,
            ratio_rules,
            set_ratio_rules,
            training_records,
            log_training,
            update_training,
            delete_training,
            confirm_training,
            attach_certificate,
            training_matrix,
            save_training_matrix,
            training_due,
            session_staffing,
            set_staffing,
            remove_staffing,
            staff_from_series,
            series_team,
            set_series_team,
            staff_hours,
            templates_list,
            copy_template,
            save_template,
            delete_template,
            export_template,
            import_template,
            preview_return,
            produce_return,
            save_return_register,
            saved_returns,
            check_saved_return,
            save_saved_return,
            projects,
            add_project,
            update_project,
            set_project_archived,
            circumstances,
            add_circumstance,
            relabel_circumstance,
            set_circumstance_archived,
            choose_logo,
            remove_logo,
            has_logo,
            partnership_destination,
            set_partnership_destination,
            choose_folder,
            preview_summary,
            send_summary,
            retry_summaries,
            summary_outbox,
            sync_log,
            incidents,
            incident,
            add_incident,
            add_incident_update,
            correct_incident,
            incident_counts,
            backups,
            back_up_now,
            back_up_to_folder,
            backup_preview,
            choose_backup,
            latest_good_backup,
            restore_backup,
            about
        )
    };
}

macro_rules! handler {
    ($($name:ident),*) => { tauri::generate_handler![$(commands::$name),*] };
}

macro_rules! names {
    ($($name:ident),*) => { &[$(stringify!($name)),*] };
}

/// Every command the window may call.
pub const COMMANDS: &[&str] = all_commands!(names);

/// Adds the app's state and commands to a builder (the real one, or tauri's mock in tests).
pub fn configure<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .setup(|app| Ok(manage_state(app.handle())?))
        .invoke_handler(all_commands!(handler))
}

/// Opens the club file and puts the app's one state in place (tauri runs this at start-up;
/// tests on the mock runtime call it themselves).
pub fn manage_state<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> tauri::Result<()> {
    let paths = app.path();
    app.manage(AppState::new(
        paths.app_data_dir()?,
        paths.app_config_dir()?,
    ));
    Ok(())
}

pub fn run() {
    configure(tauri::Builder::default())
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("Clubroom could not start: {error}");
            std::process::exit(1);
        });
}
