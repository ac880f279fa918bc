//! Native file dialogs (rfd), with a documented way round them for automated tests, which
//! cannot drive a native dialog (docs/testing.md):
//! - `CLUBROOM_SAVE_DIR=DIR`: "save" writes to DIR with the suggested name, no dialog.
//! - `CLUBROOM_OPEN_FILE=PATH`: "open" picks PATH, no dialog. Several paths (joined as PATH
//!   joins them, `a.csv:b.xlsx`): each "open" picks the next, then the last again, so one
//!   run of the app can bring in one file after another.
//! - `CLUBROOM_OPEN_FOLDER=DIR`: "choose a folder" picks DIR, no dialog.

use std::path::PathBuf;

pub async fn save_path(suggested_name: &str, kind: &str, extension: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CLUBROOM_SAVE_DIR") {
        return Some(PathBuf::from(dir).join(suggested_name));
    }
    rfd::AsyncFileDialog::new()
        .set_title("Save")
        .set_file_name(suggested_name)
        .add_filter(kind, &[extension])
        .save_file()
        .await
        .map(|handle| handle.path().to_path_buf())
}

/// A folder to write to. `CLUBROOM_OPEN_FOLDER=DIR` picks DIR without a dialog (tests).
pub async fn folder_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CLUBROOM_OPEN_FOLDER") {
        return Some(PathBuf::from(dir));
    }
    rfd::AsyncFileDialog::new()
        .set_title("Choose a folder")
        .pick_folder()
        .await
        .map(|handle| handle.path().to_path_buf())
}

pub async fn open_path(kind: &str, extensions: &[&str]) -> Option<PathBuf> {
    if let Some(paths) = std::env::var_os("CLUBROOM_OPEN_FILE") {
        return Some(next_test_file(&paths));
    }
    rfd::AsyncFileDialog::new()
        .set_title("Open")
        .add_filter(kind, extensions)
        .pick_file()
        .await
        .map(|handle| handle.path().to_path_buf())
}

/// The next of the test's files (`CLUBROOM_OPEN_FILE`), the last once all are picked.
fn next_test_file(paths: &std::ffi::OsStr) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static PICKED: AtomicUsize = AtomicUsize::new(0);
    let paths: Vec<PathBuf> = std::env::split_paths(paths).collect();
    let index = PICKED.fetch_add(1, Ordering::Relaxed);
    paths
        .get(index)
        .or(paths.last())
        .cloned()
        .unwrap_or_default()
}
