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

// The list of every command, generated from the #[tauri::command] functions themselves
// (build/commands.rs), so no command can be missed or listed twice.
include!(concat!(env!("OUT_DIR"), "/all_commands.rs"));

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
