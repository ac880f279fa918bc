//! # clubroom-core
//!
//! Everything that matters in Clubroom, with no window attached: the vocabulary and rules of
//! youth work records, the club's SQLite store and its migrations, the counting rules behind
//! every figure, imports and exports, demo clubs and printable registers.
//!
//! What it is not: it knows nothing of Tauri, windows, dialogs or the command line. The
//! desktop shell (`src-tauri`) and `clubroom-cli` are thin layers that parse input, call one
//! function here and show the result.
//!
//! The modules are named after what a youth worker would call them:
//!
//! | module | what lives there |
//! |---|---|
//! | [`access`] | roles and permissions: who may do what (docs/permissions.md) |
//! | [`audit`] | the audit log: every change and export, who, when, what; hash-chained |
//! | [`organisation`] | the club's details and venues |
//! | [`young_people`] | profiles, consents, emergency contacts, search, duplicates |
//! | [`sessions`] | weekly series, dated sessions, cancelling a date |
//! | [`register`] | marks, arrival and leaving times, headcounts, adding at the door |
//! | [`people`] | staff and volunteers |
//! | [`training`] | the course catalogue, training records, role requirements, the matrix, what is due |
//! | [`staffing`] | who worked which session, ratio rules and the safe-staffing warnings |
//! | [`figures`] | the counting rules (DESIGN.md): measures and breakdowns for a period |
//! | [`incidents`] | the incident and safeguarding log: concerns, updates, corrections, every version kept |
//! | [`summary`] | the partnership summary (`lyp-summary/1`): rows, suppression, its files |
//! | [`partnership`] | the partnership side: members' summaries read, checked and merged (CSV and PDF) |
//! | [`sync`] | sending the summary: the destination, the outbox, delivery, the sync log |
//! | [`import`], [`export`] | CSV files in and out, all or nothing |
//! | [`paper_register`] | the printable register for nights without the laptop |
//! | [`demo`] | deterministic synthetic clubs |
//! | [`rights`] | data-protection rights: subject access (JSON and PDF), erasure that keeps figures, retention |
//! | [`users`] | who signs in: names, roles, Argon2id-hashed passwords and PINs, the lock time |
//! | [`store`] | the SQLite file, migrations, one transaction per action |
//! | [`vault`] | encryption at rest: the data key, who can unlock it, sealed certificates |
//! | [`backup`] | automatic and by-hand backups beside the club file, checked, rotated, restored |
//! | [`about`] | the version, where the files are, and the licences of everything shipped (generated lists) |
//!
//! Reads take `&rusqlite::Connection`; writes take `&rusqlite::Transaction`, so every user
//! action is one transaction (see [`store::Store::write`]).

pub mod about;
pub mod access;
pub mod audit;
pub mod backup;
pub mod circumstances;
pub mod dates;
pub mod demo;
pub mod error;
pub mod export;
pub mod figures;
pub mod files;
#[cfg(any(test, feature = "fixtures"))]
#[doc(hidden)]
pub mod fixtures;
pub mod import;
pub mod incidents;
pub mod organisation;
pub mod outcomes;
pub mod overview;
pub mod paper_register;
pub mod partnership;
pub mod partnership_pdf;
pub mod pdf;
pub mod people;
pub mod projects;
pub mod register;
pub mod returns;
pub mod returns_pdf;
pub mod rights;
pub mod rights_pdf;
pub mod sessions;
pub mod staffing;
pub mod store;
pub mod summary;
pub mod sync;
pub mod templates;
pub mod training;
pub mod training_pdf;
pub mod users;
pub mod vault;
pub mod vocab;
pub mod young_people;

pub use error::{Error, ErrorKind, ErrorReport, Result};
pub use store::Store;
