//! Writing files the user asked for (a PDF, a CSV) so that nobody, and no sync client, ever
//! sees half a file: write beside the target, flush to disk, then rename over it.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let temporary = folder.join(format!(".{name}.part"));
    let fail = |e| Error::file(format!("Could not save {}", path.display()), e);
    let mut file = std::fs::File::create(&temporary).map_err(fail)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            fail(e)
        })?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        fail(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_no_part_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.pdf");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("register.pdf")]);
    }

    #[test]
    fn a_missing_folder_is_reported_plainly() {
        let err = write_atomically(Path::new("/no/such/folder/register.pdf"), b"x").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("Could not save /no/such/folder/register.pdf"),
            "{err}"
        );
    }
}
