//! Every kind of export from the command line leaves an entry in the audit log that names
//! its kind and the file, with the SHA-256 of the bytes written (checked by coreutils'
//! `sha256sum`, not the core's own).

use std::path::{Path, PathBuf};
use std::process::Command;

use clubroom_core::exports::ExportKind;

mod common;

use common::Cli;

fn sha256sum(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum runs");
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

fn sha256_of_bytes(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bytes");
    std::fs::write(&path, bytes).unwrap();
    sha256sum(&path)
}

fn demo_club() -> Cli {
    let cli = Cli::new();
    cli.ok(&[
        "demo",
        "--young-people",
        "30",
        "--weeks",
        "6",
        "--sessions-per-week",
        "2",
        "--until",
        common::TODAY,
    ]);
    cli
}

/// The export entries of the audit log, as `(record, action)`.
fn export_entries(cli: &Cli) -> Vec<String> {
    let log = cli.json(&["audit", "list", "--text", "sha256=", "--limit", "500"]);
    log.as_array()
        .unwrap()
        .iter()
        .map(|e| e["record"].as_str().unwrap().to_owned())
        .collect()
}

/// The command line that makes each kind, with the files it writes.
fn commands_for(
    kind: ExportKind,
    cli: &Cli,
    session: &str,
    person: &str,
) -> Vec<(Vec<String>, Vec<PathBuf>)> {
    let out = |name: &str| cli.path(name);
    let period = ["--from", "2026-10-01", "--to", "2026-11-24"];
    let report = |format: &str, file: &Path, draft: bool| {
        let mut args: Vec<String> = ["report", "--template", "dcms-yif", "--format", format]
            .into_iter()
            .chain(period)
            .map(str::to_owned)
            .collect();
        args.extend(["--out".to_owned(), file.display().to_string()]);
        if draft {
            args.push("--draft".into());
        }
        args
    };
    let with = |args: &[&str], file: &Path| -> Vec<String> {
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        args.push(file.display().to_string());
        args
    };
    match kind {
        ExportKind::Attendance => ["csv", "xlsx"]
            .into_iter()
            .map(|format| {
                let file = out(&format!("attendance.{format}"));
                let mut args = vec!["export", "attendance", "--format", format];
                args.extend(period);
                (with(&args, &file), vec![file])
            })
            .collect(),
        ExportKind::ReturnRegister => {
            let file = out("register.csv");
            vec![(report("register", &file, false), vec![file])]
        }
        ExportKind::Return => ["pdf", "csv", "json", "xlsx"]
            .into_iter()
            .map(|format| {
                let file = out(&format!("return.{format}"));
                (report(format, &file, false), vec![file])
            })
            .collect(),
        ExportKind::DraftReturn => {
            let file = out("draft.csv");
            vec![(report("csv", &file, true), vec![file])]
        }
        ExportKind::SavedReturn => ["pdf", "xlsx"]
            .into_iter()
            .map(|format| {
                let file = out(&format!("saved-again.{format}"));
                let args = ["returns", "write", "1", "--format", format, "--out"];
                (with(&args, &file), vec![file])
            })
            .collect(),
        ExportKind::PaperRegister => {
            let file = out("paper-register.pdf");
            vec![(
                with(&["paper-register", session, "--out"], &file),
                vec![file],
            )]
        }
        ExportKind::TrainingMatrix => {
            let (csv, pdf, xlsx) = (out("matrix.csv"), out("matrix.pdf"), out("matrix.xlsx"));
            let args = [
                "training",
                "matrix",
                "--csv",
                csv.to_str().unwrap(),
                "--pdf",
                pdf.to_str().unwrap(),
                "--xlsx",
                xlsx.to_str().unwrap(),
            ];
            vec![(args.map(str::to_owned).to_vec(), vec![csv, pdf, xlsx])]
        }
        ExportKind::SubjectAccess => ["pdf", "json"]
            .into_iter()
            .map(|format| {
                let file = out(&format!("everything-held.{format}"));
                let args = ["rights", "access", "--young-person", person, "--out"];
                (with(&args, &file), vec![file])
            })
            .collect(),
        ExportKind::Summary => {
            let folder = out("summary");
            std::fs::create_dir_all(&folder).unwrap();
            let mut args = vec!["summary", "write"];
            args.extend(period);
            args.push("--out");
            let stem = "WYP-0042_2026-10-01_2026-11-24_lyp-summary-2";
            let files = vec![
                folder.join(format!("{stem}.csv")),
                folder.join("lyp-summary-2.schema.json"),
                folder.join(format!("{stem}_manifest.json")),
            ];
            vec![(with(&args, &folder), files)]
        }
        ExportKind::Template => {
            let file = out("template.json");
            vec![(
                with(&["templates", "export", "dcms-yif"], &file),
                vec![file],
            )]
        }
        ExportKind::Measure => {
            let file = out("ons4.json");
            vec![(with(&["measures", "export", "ons4"], &file), vec![file])]
        }
    }
}

#[test]
fn every_kind_of_export_is_in_the_audit_log_with_the_digest_of_its_file() {
    let cli = demo_club();
    let sessions = cli.json(&[
        "sessions",
        "list",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-24",
    ]);
    let session = sessions[0]["id"].as_i64().unwrap().to_string();
    let people = cli.json(&["young-people", "list"]);
    let person = people["people"][0]["reference"]
        .as_str()
        .unwrap()
        .to_owned();

    for kind in ExportKind::ALL {
        for (args, files) in commands_for(*kind, &cli, &session, &person) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            cli.ok(&args);
            let entries = export_entries(&cli);
            for file in files {
                let expected = format!("file={}; sha256={}", file.display(), sha256sum(&file));
                let found = entries
                    .iter()
                    .find(|record| record.ends_with(&expected))
                    .unwrap_or_else(|| panic!("{kind:?}: no entry for {expected} in {entries:#?}"));
                assert!(
                    found.starts_with(&format!("kind={};", kind.code())),
                    "{kind:?}: {found}"
                );
            }
        }
    }
}

#[test]
fn standard_output_is_an_export_too() {
    let cli = demo_club();
    for args in [
        vec![
            "export",
            "attendance",
            "--from",
            "2026-10-01",
            "--to",
            "2026-11-24",
            "-",
        ],
        vec![
            "report",
            "--template",
            "dcms-yif",
            "--format",
            "register",
            "--from",
            "2026-10-01",
            "--to",
            "2026-11-24",
            "--out",
            "-",
        ],
    ] {
        let written = cli.ok(&args);
        let expected = format!(
            "file=standard output; sha256={}",
            sha256_of_bytes(written.as_bytes())
        );
        assert!(
            export_entries(&cli).iter().any(|r| r.ends_with(&expected)),
            "{args:?}: {expected}"
        );
    }
}

/// The Excel files the command line writes are workbooks a spreadsheet reads: the return
/// with its cover and tables, the figures numbers; the attendance with date cells.
#[test]
fn excel_files_from_the_command_line_read_back_as_workbooks() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let cli = demo_club();
    let period = ["--from", "2026-10-01", "--to", "2026-11-24"];
    let report = cli.path("return.xlsx");
    let mut args = vec!["report", "--template", "dcms-yif", "--format", "xlsx"];
    args.extend(period);
    args.extend(["--out", report.to_str().unwrap()]);
    cli.ok(&args);
    let mut book: Xlsx<_> = open_workbook(&report).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "Return");
    assert!(names.len() > 2, "{names:?}");
    let numbers = names[1..]
        .iter()
        .flat_map(|name| {
            let range = book.worksheet_range(name).unwrap();
            range
                .used_cells()
                .map(|(_, _, c)| c.clone())
                .collect::<Vec<_>>()
        })
        .filter(|c| matches!(c, Data::Float(_) | Data::Int(_)))
        .count();
    assert!(
        numbers > 10,
        "only {numbers} number cells in the return's tables"
    );

    let attendance = cli.path("attendance.xlsx");
    let mut args = vec!["export", "attendance", "--format", "xlsx"];
    args.extend(period);
    args.push(attendance.to_str().unwrap());
    let told = cli.ok(&args);
    let mut book: Xlsx<_> = open_workbook(&attendance).unwrap();
    let range = book.worksheet_range("Attendance").unwrap();
    assert!(range.height() > 10, "{told}");
    assert!(
        matches!(range.get((1, 0)), Some(Data::DateTime(d)) if d.is_datetime()),
        "{:?}",
        range.get((1, 0))
    );

    let refused = cli.fails(&[
        "export",
        "attendance",
        "--format",
        "ods",
        "--from",
        "2026-10-01",
        "--to",
        "2026-11-24",
        "-",
    ]);
    assert!(refused.contains("CSV or Excel"), "{refused}");
}
