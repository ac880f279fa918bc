//! The partnership summary from the command line: `summary write` puts the files a
//! partnership receives into a folder, for a preview or a script. (Sending them to the
//! partnership's destination will build the same files with [`summary_files`].)

use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clap::Subcommand;
use clubroom_core::dates::Period;
use clubroom_core::summary::{self, Summary, SummaryFile, WrittenFile};
use clubroom_core::{Result, Store};

use crate::{parse_date_arg, show};

#[derive(Subcommand)]
pub enum SummaryCommand {
    /// Writes the summary's CSV, its Table Schema and its manifest into a folder, without
    /// sending anything. Writing the same period again replaces the files.
    Write {
        #[arg(long, value_parser = parse_date_arg)]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date_arg)]
        to: NaiveDate,
        /// The folder to write into (it must exist).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// List the files written, with their digests, as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn summary_command(store: &Store, command: SummaryCommand, today: NaiveDate) -> Result<()> {
    match command {
        SummaryCommand::Write {
            from,
            to,
            out,
            json,
        } => {
            let (summary, files) = summary_files(store, Period::new(from, to)?, today)?;
            let written = summary::write_files(&out, &files)?;
            show(json, &written, |written| print_written(&summary, written));
            Ok(())
        }
    }
}

/// The summary for a period and its files, made now.
pub fn summary_files(
    store: &Store,
    period: Period,
    today: NaiveDate,
) -> Result<(Summary, Vec<SummaryFile>)> {
    let summary = summary::build(store.conn(), period, today)?;
    let files = summary.files(Utc::now())?;
    Ok((summary, files))
}

fn print_written(summary: &Summary, written: &[WrittenFile]) {
    println!(
        "Wrote the partnership summary of {} ({}), {} to {}:",
        summary.org_name, summary.org_code, summary.period.from, summary.period.to
    );
    for file in written {
        println!("  {}", file.path.display());
        println!("      {} bytes, SHA-256 {}", file.bytes, file.sha256);
    }
    let withheld = summary.rows.iter().filter(|r| r.suppressed).count();
    match withheld {
        0 => println!("No figure needed withholding."),
        1 => println!("1 figure is withheld so that nobody can be identified."),
        n => println!("{n} figures are withheld so that nobody can be identified."),
    }
    println!("No names, dates of birth, full postcodes or notes are included.");
}
