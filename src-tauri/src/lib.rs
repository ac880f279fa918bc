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

pub use clubroom_core::club_file::AppStatus;
pub use commands::{ProducedReturn, TeamMember};
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

/// Each command with the arguments the window sends it (camelCase; not those Tauri fills in
/// itself, such as the app's state), generated from the same functions: a command that takes
/// none needs nothing written for it anywhere else (`tests/roles.rs` asks only for the rest).
pub const COMMAND_ARGUMENTS: &[(&str, &[&str])] =
    include!(concat!(env!("OUT_DIR"), "/command_arguments.rs"));

/// Adds the app's state and commands to a builder (the real one, or tauri's mock in tests).
pub fn configure<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .setup(|app| {
            manage_state(app.handle())?;
            // The window starts hidden (tauri.conf.json) and is shown once it fits the
            // screen: sizing a window already shown held WebKit's start back by half a
            // second in about one start in four (docs/performance.md, "The first screen").
            if let Some(window) = app.get_webview_window("main") {
                fit_to_screen(&window);
                window.show()?;
            }
            Ok(())
        })
        .on_window_event(ask_before_losing_changes)
        .invoke_handler(all_commands!(handler))
}

/// Closing the window while a form holds unsaved changes: the close waits, and the window
/// asks "Save / Discard / Keep editing" (it closes through `close_window` once answered).
fn ask_before_losing_changes<R: tauri::Runtime>(
    window: &tauri::Window<R>,
    event: &tauri::WindowEvent,
) {
    let tauri::WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let unsaved = window.try_state::<AppState>().is_some_and(|state| {
        state
            .unsaved_changes
            .load(std::sync::atomic::Ordering::SeqCst)
    });
    let Some(webview) = window.app_handle().get_webview_window(window.label()) else {
        return;
    };
    if unsaved {
        api.prevent_close();
        // An event on the page, from the app itself: the window needs no Tauri event
        // permission to hear it (capabilities/default.json holds none).
        let _ = webview.eval("window.dispatchEvent(new Event('clubroom-close-requested'))");
    }
}

/// The size the window opens at: 1280 x 800 (logical pixels) where the screen's work area
/// has room for it, else the whole work area (a 1366 x 768 laptop), never taller or wider
/// than the screen. `work` is the work area's logical width and height.
pub fn opening_size(work: (f64, f64)) -> (f64, f64) {
    const PREFERRED: (f64, f64) = (1280.0, 800.0);
    (PREFERRED.0.min(work.0), PREFERRED.1.min(work.1))
}

/// Sizes the window to fit the monitor it opens on (its work area: without the panels), and
/// puts it where it can be seen whole. A monitor that cannot be read leaves tauri.conf's size.
fn fit_to_screen<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    let Ok(Some(monitor)) = window
        .current_monitor()
        .or_else(|_| window.primary_monitor())
    else {
        return;
    };
    let scale = monitor.scale_factor();
    let area = monitor.work_area();
    let work = (
        f64::from(area.size.width) / scale,
        f64::from(area.size.height) / scale,
    );
    let (width, height) = opening_size(work);
    if (width, height) == opening_size((f64::INFINITY, f64::INFINITY)) {
        return;
    }
    let _ = window.set_size(tauri::LogicalSize::new(width, height));
    let _ = window.set_position(tauri::LogicalPosition::new(
        f64::from(area.position.x) / scale + (work.0 - width) / 2.0,
        f64::from(area.position.y) / scale + (work.1 - height) / 2.0,
    ));
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

/// The environment variable by which WebKitGTK leaves out GPU compositing.
pub const COMPOSITING_VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// What to set `WEBKIT_DISABLE_COMPOSITING_MODE` to before the window starts, given what the
/// environment holds: "1" (draw the page without compositing layers) unless someone already
/// chose, so `WEBKIT_DISABLE_COMPOSITING_MODE=0 clubroom` brings the compositor back.
///
/// Why: with compositing, WebKitGTK keeps each layer of the page as tiles (and, on a laptop
/// without a usable GPU, renders them through Mesa's software OpenGL), and on the large demo
/// club that cost the web process about 110 MB of the window's 380; without it the page is
/// drawn straight into one buffer the size of the window (docs/performance.md, "Memory and
/// start-up"). Clubroom's screens are forms, lists and text, with no animation that needs a
/// compositor; the same switch is the usual cure for WebKitGTK's blank window on some GPUs.
///
/// One thing behaves differently without the compositor, and only under WebDriver: WebKitGTK
/// 2.50 answers a screenshot after the next frame it paints, and without compositing a frame
/// is painted only when something on the page changed, so on a still page the screenshot is
/// never answered. The e2e harness therefore changes an invisible style while it asks
/// (`App::capture`, tests/e2e/src/lib.rs); docs/performance.md has the evidence.
pub fn compositing_setting(chosen: Option<&std::ffi::OsStr>) -> Option<&'static str> {
    match chosen {
        Some(_) => None,
        None => Some("1"),
    }
}

pub fn run() {
    #[cfg(target_os = "linux")]
    if let Some(value) = compositing_setting(std::env::var_os(COMPOSITING_VARIABLE).as_deref()) {
        // SAFETY: nothing else runs yet (tauri, GTK and WebKit start below, on this thread),
        // so no other thread can be reading the environment.
        unsafe { std::env::set_var(COMPOSITING_VARIABLE, value) };
    }
    configure(tauri::Builder::default())
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("Clubroom could not start: {error}");
            std::process::exit(1);
        });
}

#[cfg(test)]
mod window_tests {
    use super::{compositing_setting, opening_size};

    #[test]
    fn the_page_is_drawn_without_compositing_unless_someone_chose() {
        assert_eq!(compositing_setting(None), Some("1"));
        assert_eq!(compositing_setting(Some("0".as_ref())), None);
        assert_eq!(compositing_setting(Some("1".as_ref())), None);
    }

    #[test]
    fn the_window_opens_within_a_small_laptop_screen() {
        // A 1366 x 768 screen less a 28-pixel panel.
        assert_eq!(opening_size((1366.0, 740.0)), (1280.0, 740.0));
        assert_eq!(opening_size((1280.0, 720.0)), (1280.0, 720.0));
        assert_eq!(opening_size((1024.0, 600.0)), (1024.0, 600.0));
    }

    #[test]
    fn the_window_keeps_its_size_on_a_big_screen() {
        assert_eq!(opening_size((1920.0, 1040.0)), (1280.0, 800.0));
    }
}
