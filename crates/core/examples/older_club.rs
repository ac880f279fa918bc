//! Writes a club file as an older Clubroom left it (schema version 8, the last released before
//! migrations 9 to 12), holding two young people and a register (its session id is printed),
//! for `scripts/check-package.sh`: the upgraded package must back the file up, migrate it and
//! keep every record. The file is made by running only the first eight migrations and then
//! frozen SQL that names only what existed at version 8 (`Store::create_older_club_at_8`), so
//! a new migration never breaks it. Not shipped; `cargo test --workspace` builds it like every
//! example.
//!
//!   cargo run -p clubroom-core --example older_club -- PATH/clubroom.sqlite3

use std::path::PathBuf;
use std::process::ExitCode;

use clubroom_core::Store;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("Give the club file to write.");
        return ExitCode::FAILURE;
    };
    match Store::create_older_club_at_8(&path) {
        // The register's session, for the check to read back.
        Ok(night) => {
            println!("{night}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
