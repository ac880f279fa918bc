//! Writing files the user asked for (a PDF, a CSV, an Excel workbook) so that nobody, and no sync client, ever
//! sees half a file: write beside the target, flush to disk, then rename over it.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    stage(path, bytes)?.put_in_place()
}

/// A file written whole beside its target and flushed to disk, not yet in place: the exports
/// door records the export in the same transaction and renames the file over its target only
/// then, so a failed write leaves no record and a failed record leaves no file. Dropped
/// without [`Staged::put_in_place`], the part file is removed.
#[derive(Debug)]
pub struct Staged {
    temporary: std::path::PathBuf,
    path: std::path::PathBuf,
    placed: bool,
}

/// Writes `bytes` beside `path` (`.<name>.part`) and flushes them to disk.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let fail = |e| save_failed(path, e);
    // Renaming over a device or a folder would replace it (as root, even /dev/null): only an
    // ordinary file, or nothing yet, is replaced.
    if let Ok(existing) = std::fs::metadata(path)
        && !existing.is_file()
    {
        return Err(fail(std::io::Error::other(
            "that is not an ordinary file; choose a file name",
        )));
    }
    let staged = Staged {
        temporary: folder.join(format!(".{name}.part")),
        path: path.to_path_buf(),
        placed: false,
    };
    let mut file = std::fs::File::create(&staged.temporary).map_err(fail)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(fail)?;
    Ok(staged)
}

fn save_failed(path: &Path, e: std::io::Error) -> Error {
    Error::file(format!("Could not save {}", path.display()), e)
}

impl Staged {
    /// Renames the staged file over its target.
    pub fn put_in_place(mut self) -> Result<()> {
        std::fs::rename(&self.temporary, &self.path).map_err(|e| save_failed(&self.path, e))?;
        self.placed = true;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// What makes a spreadsheet (Excel, LibreOffice) read a cell as a formula and run it:
/// OWASP's "CSV Injection" list.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as every CSV Clubroom writes it: one that a spreadsheet would run as a
/// formula (a name or an answer beginning `=`, `+`, `-`, `@`, a tab or a carriage return)
/// gets a single quote in front, as OWASP advises, so it shows as text. A cell already
/// beginning with a quote gets one more, so that [`csv_text_from_cell`] gives back exactly
/// what was written. Only for text: a number the writer formats itself (a negative one
/// included) is written as it is.
pub fn csv_text_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if starts_a_formula_or_quote(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A text cell of every Excel workbook Clubroom writes: the same rule as [`csv_text_cell`].
/// The workbook writer stores text as a string that never runs (it writes no formula at
/// all), but a person who copies the cell, or saves the workbook as CSV, would carry the
/// formula on; and the same name should read the same in the CSV and the Excel file.
pub fn excel_text_cell(text: &str) -> std::borrow::Cow<'_, str> {
    csv_text_cell(text)
}

/// The text a cell written by [`csv_text_cell`] held: the one quote it added is taken off,
/// and nothing else is changed (an importer reads an export back to the same text).
pub fn csv_text_from_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_a_formula_or_quote(rest) => rest,
        _ => cell,
    }
}

fn starts_a_formula_or_quote(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| FORMULA_STARTS.contains(&c) || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_or_a_folder_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let refused = write_atomically(dir.path(), b"x").unwrap_err();
        assert!(
            refused.to_string().contains("not an ordinary file"),
            "{refused}"
        );
        assert!(dir.path().is_dir());
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            let null = Path::new("/dev/null");
            assert!(write_atomically(null, b"x").is_err());
            assert!(
                std::fs::metadata(null)
                    .unwrap()
                    .file_type()
                    .is_char_device()
            );
        }
    }

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
    fn a_staged_file_dropped_unplaced_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.pdf");
        drop(stage(&path, b"never placed").unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
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

    #[test]
    fn formula_cells_are_neutralised_and_read_back_exactly() {
        for (text, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+44 7700 900123", "'+44 7700 900123"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("'quoted", "''quoted"),
            ("'", "''"),
            ("Siân O'Neill", "Siân O'Neill"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(csv_text_cell(text), written, "{text:?}");
            assert_eq!(csv_text_from_cell(written), text, "{written:?}");
        }
    }
}
