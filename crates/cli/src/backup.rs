//! Backups from the command line: `backup now` (into the backups folder beside the club file,
//! or `--to` a folder or USB stick), `backup list`, `backup show FILE` (what it holds),
//! `backup verify FILE`, and `backup restore FILE --confirm`. A restore works on a damaged
//! club file too: the damaged file is moved aside, never overwritten.

use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::Subcommand;
use clubroom_core::backup::{self, BackupEntry, BackupPreview, Restored};
use clubroom_core::dates::today_or_pinned;
use clubroom_core::{Error, Result};

use crate::show;

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Makes a backup now, checks it, and says where it is.
    Now {
        /// A folder (a USB stick) to write it to, instead of the backups folder.
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Lists the backups in the backups folder beside the club file, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Checks a backup and shows what it holds: when and why it was made, the club, counts.
    Show {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Checks a backup (SQLite's integrity check, and a data version this Clubroom knows).
    Verify { file: PathBuf },
    /// Replaces the club file with a backup. The club file is backed up first (or, if it is
    /// damaged, moved aside untouched).
    Restore {
        file: PathBuf,
        /// Needed: a restore replaces everything in the club file with the backup.
        #[arg(long)]
        confirm: bool,
    },
}

/// Runs a backup command. Called before the club file is opened as usual, because a restore
/// must work on a damaged file that cannot be opened.
pub fn backup_command(command: BackupCommand, db: &Path) -> Result<()> {
    // A damaged club file cannot be signed in to; its backups are still listed, read and
    // restored (with the key that unlocked it, when it is encrypted).
    let mut club = crate::signing_in::club(db)?.existing()?;
    match command {
        BackupCommand::Now { to, json } => {
            let made = backup::back_up_now(club.store_mut()?, to.as_deref(), Utc::now())?;
            show(json, &made, |made| {
                println!("Backed up and checked: {}", made.path);
            });
        }
        BackupCommand::List { json } => {
            let found = club.backups()?;
            show(json, &found, |found| list(&found.folder, &found.backups));
        }
        BackupCommand::Show { file, json } => {
            let shown = club.preview_backup(&file)?;
            show(json, &shown, preview);
        }
        BackupCommand::Verify { file } => {
            let version = club.verify_backup(&file)?;
            println!(
                "{} is good (integrity check ok, data version {version}).",
                file.display()
            );
        }
        BackupCommand::Restore { file, confirm } => {
            if !confirm {
                return Err(Error::Invalid(format!(
                    "A restore replaces everything in {} with the backup (the file as it is \
                     now is backed up first). Run it again with --confirm to go ahead.",
                    db.display()
                )));
            }
            let done = club.restore(&file, today_or_pinned(), Utc::now())?;
            restored(&done);
        }
    }
    Ok(())
}

fn list(folder: &str, backups: &[BackupEntry]) {
    if backups.is_empty() {
        println!("No backups yet in {folder}");
        return;
    }
    println!("Backups in {folder}, newest first:");
    for entry in backups {
        println!(
            "  {:<34} {:<34} {:>9}  {}",
            entry.made_at_label,
            entry.reason_label,
            size(entry.size_bytes),
            entry.file_name
        );
    }
}

fn preview(shown: &BackupPreview) {
    println!("{}", shown.entry.path);
    println!("  Made:            {}", shown.entry.made_at_label);
    println!("  Why:             {}", shown.entry.reason_label);
    println!(
        "  Club:            {}",
        shown
            .club_name
            .as_deref()
            .unwrap_or("(no club details yet)")
    );
    println!("  Young people:    {}", shown.young_people);
    println!("  Sessions held:   {}", shown.sessions);
    println!("  Attendances:     {}", shown.attendances);
    println!(
        "  Latest session:  {}",
        shown.latest_session.as_deref().unwrap_or("none")
    );
    println!("  Data version:    {}", shown.schema_version);
    println!("  Check:           integrity ok");
}

fn restored(done: &Restored) {
    // One paragraph from the core: what was restored, from when, and what is not in it.
    println!("{}", done.summary);
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b => format!("{} KB", b.div_ceil(1024)),
    }
}
