//! What the window's IPC tests share: a window on tauri's mock runtime and one call through
//! its IPC, answered as the real window would answer it.

use serde_json::Value;
use tauri::WebviewWindow;
use tauri::test::{INVOKE_KEY, get_ipc_response};
use tauri::webview::InvokeRequest;

pub type Window = WebviewWindow<tauri::test::MockRuntime>;

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
