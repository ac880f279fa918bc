//! Writes a club file as the previous Clubroom left it (schema version 8, before migration 9
//! added `reference_high_water`), holding two young people and a register (its session id is printed), for
//! `scripts/check-package.sh`: the upgraded package must back the file up, migrate it and
//! keep every record. Not shipped; `cargo test --workspace` builds it like every example.
//!
//!   cargo run -p clubroom-core --example older_club -- PATH/clubroom.sqlite3

use std::path::PathBuf;

use clubroom_core::Store;
use clubroom_core::fixtures::Club;
use clubroom_core::store::latest_version;
use clubroom_core::vocab::SessionType;

/// The newest migration this example knows how to take back out.
const NEWEST_KNOWN: i64 = 9;

fn main() {
    let path: PathBuf = std::env::args_os()
        .nth(1)
        .expect("give the club file to write")
        .into();
    assert_eq!(
        latest_version(),
        NEWEST_KNOWN,
        "a migration was added: make this example undo it too, so the file stays one version behind"
    );
    let store = Store::create(&path).expect("a new club file");
    let mut club = Club::with_store(store);
    let ada = club.young_person("Ada", "Testperson", Some("2012-03-04"));
    let bo = club.young_person("Bo", "Testperson", Some("2013-05-06"));
    let night = club.session("2026-11-20", "18:30", "20:30", SessionType::OpenAccess);
    club.mark(night, ada);
    club.mark(night, bo);
    // Migration 9, taken back out: the file is now what version 8 of the schema wrote.
    club.store
        .conn()
        .execute_batch("DROP TABLE reference_high_water; PRAGMA user_version = 8;")
        .expect("migration 9 undone");
    // The register's session, for the check to read back.
    println!("{night}");
}
