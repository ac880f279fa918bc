//! The partnership side from the command line: `partnership merge FOLDER --out DIR` stacks
//! every member's summary in a folder into the partnership's CSVs and PDF report. It needs
//! no club file: a partnership may not run a club at all.

use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clap::Subcommand;
use clubroom_core::dates::Period;
use clubroom_core::partnership::{self, Merge, MergeRequest};
use clubroom_core::summary::WrittenFile;
use clubroom_core::{Error, Result};

use crate::parse_date_arg;

#[derive(Subcommand)]
pub enum PartnershipCommand {
    /// Reads every member's summary in FOLDER (not its subfolders), checks each against its
    /// manifest and its format (lyp-summary/2, or /1 from members not yet updated), and writes partnership-totals.csv, partnership-members.csv
    /// and partnership-report.pdf into DIR. Files that cannot be used are listed, with why.
    Merge {
        /// The folder the members' summaries arrive in.
        folder: PathBuf,
        /// The folder to write into (it must exist).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The period's first day (with --to; default: the latest period found).
        #[arg(long, value_parser = parse_date_arg, requires = "to")]
        from: Option<NaiveDate>,
        /// The period's last day (with --from).
        #[arg(long, value_parser = parse_date_arg, requires = "from")]
        to: Option<NaiveDate>,
        /// A list of the members expected, one member code a line, besides every member seen
        /// in the folder.
        #[arg(long, value_name = "FILE")]
        members: Option<PathBuf>,
        /// What was merged and written, as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn partnership_command(command: PartnershipCommand) -> Result<()> {
    let PartnershipCommand::Merge {
        folder,
        out,
        from,
        to,
        members,
        json,
    } = command;
    let period = match (from, to) {
        (Some(from), Some(to)) => Some(Period::new(from, to)?),
        _ => None,
    };
    let members = match members {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Error::file(
                    format!("The members list {} could not be read", path.display()),
                    e,
                )
            })?;
            partnership::parse_member_list(&text)?
        }
        None => Vec::new(),
    };
    let found = partnership::read_folder(&folder)?;
    let merge = partnership::merge(found, &MergeRequest { period, members })?;
    let written = clubroom_core::exports::partnership_outputs(&merge, &out, Utc::now())?;
    if json {
        let value = serde_json::json!({ "merge": merge, "written": written });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("Clubroom's own types serialise")
        );
    } else {
        print_merge(&merge, &written);
    }
    Ok(())
}

fn print_merge(merge: &Merge, written: &[WrittenFile]) {
    println!(
        "Merged {} member summaries for {} to {}:",
        merge.members.len(),
        merge.period.from,
        merge.period.to
    );
    for member in &merge.members {
        println!(
            "  {} {} (made {})",
            member.org_code,
            member.org_name,
            member.produced_at.format("%Y-%m-%d %H:%M UTC")
        );
    }
    print_missing(merge);
    if !merge.movements.is_empty() {
        println!("Moved sharply since their previous period:");
        for moved in &merge.movements {
            println!(
                "  {} {}: {} from {} to {}",
                moved.org_code, moved.org_name, moved.measure, moved.previous, moved.now
            );
        }
    }
    print_skipped(merge);
    println!("Wrote:");
    for file in written {
        println!("  {}", file.path.display());
    }
    println!("{}", partnership::DOUBLE_COUNTING_NOTE);
}

fn print_missing(merge: &Merge) {
    if merge.missing.is_empty() {
        return;
    }
    println!("Missing for this period:");
    for missing in &merge.missing {
        let last = match missing.last_period {
            Some(p) => format!("last sent {} to {}", p.from, p.to),
            None => "never sent one".to_owned(),
        };
        let name = missing.org_name.as_deref().unwrap_or("");
        println!("  {} {name} ({last})", missing.org_code);
    }
}

fn print_skipped(merge: &Merge) {
    if !merge.skipped.is_empty() {
        println!("Skipped {} files:", merge.skipped.len());
        for skipped in &merge.skipped {
            println!("  {} {}", skipped.file, skipped.reason);
        }
    }
    for older in &merge.superseded {
        println!(
            "Set aside {}: an earlier copy of {}'s summary for the period ({} is used).",
            older.manifest, older.org_code, older.kept
        );
    }
}
