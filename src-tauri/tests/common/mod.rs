//! What the window's IPC tests share: a window on tauri's mock runtime and one call through
//! its IPC, answered as the real window would answer it.

use serde_json::Value;
use tauri::WebviewWindow;
use tauri::test::{INVOKE_KEY, get_ipc_response};
use tauri::webview::InvokeRequest;

pub type Window = WebviewWindow<tauri::test::MockRuntime>;

/// The app on tauri's mock runtime with its state managed (the club file opened from the
/// environment the test set first) and its main window. Keep the app alive beside the window.
#[allow(dead_code)] // damaged.rs builds its own app around a damaged file
pub fn mock_window() -> (tauri::App<tauri::test::MockRuntime>, Window) {
    use tauri::test::{mock_builder, mock_context, noop_assets};
    let app = clubroom_app::configure(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("the app builds");
    clubroom_app::manage_state(app.handle()).expect("the club file opens");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("a window");
    (app, window)
}

/// Calls `cmd` with `args` through the window's IPC: the command's answer, or its error.
pub fn invoke(window: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        url: "tauri://localhost".parse().expect("a url"),
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().expect("a JSON reply"))
}
