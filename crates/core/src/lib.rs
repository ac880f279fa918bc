//! # clubroom-core
//!
//! Everything that matters in Clubroom, with no window attached: the vocabulary and rules of
//! youth work records, the club's SQLite store and its migrations, the counting rules behind
//! every figure, imports and exports, demo clubs and printable documents.
//!
//! What it is not: it knows nothing of Tauri, windows, dialogs or the command line. The
//! desktop shell (`src-tauri`) and `clubroom-cli` are thin layers that parse input, call one
//! function here and show the result.
//!
//! The modules are named after what a youth worker would call them, and stand in layers: a
//! module uses only those on its own layer or below it (the order of this table, bottom
//! first). Each domain is a folder holding its module and its tests.
//!
//! | layer | module | what lives there |
//! |---|---|---|
//! | basics | [`error`] | the one `Error` type: a kind for the window, a sentence for people; depends on nothing in the crate |
//! | basics | [`vocab`] | closed vocabularies (genders, ONS ethnicities, session types, age bands) with codes and labels |
//! | basics | [`dates`] | local dates and times in Europe/London, periods, ages |
//! | basics | [`files`] | atomic file writes; CSV and Excel text cells neutralised against formulas |
//! | basics | [`pictures`] | the club's logo: which pictures can be kept and drawn (PNG or JPEG that decodes) |
//! | basics | [`cipher`] | the data key of an encrypted club file and how a connection is keyed with it (SQLCipher) |
//! | basics | [`zoom`] | how far the window's page may be zoomed: the limits the shell keeps to and the steps the window offers |
//! | basics | [`text`] | limits on every text field (length, no NUL or control characters), guarded in the club file itself |
//! | club file | [`store`] | the SQLite file: connecting (plain or keyed), numbered migrations, one transaction per action; knows nothing of backups, accounts or the demo |
//! | club file | [`access`] | roles and permissions: who may do what (docs/permissions.md) |
//! | club file | [`audit`] | the audit log: every change and export, who, when, what; hash-chained |
//! | club file | [`users`] | who signs in: names, roles, Argon2id-hashed passwords and PINs, the lock time |
//! | club file | [`vault`] | encryption at rest: the data key, who can unlock it, sealed certificates |
//! | club file | [`backup`] | automatic and by-hand backups beside the club file, checked, rotated, restored |
//! | records | [`organisation`] | the club's details and venues |
//! | records | [`outcomes`] | outcome frameworks as data (Every Child Matters, a council's priorities, the Theory of Change); uses no other record module (the club's area and the tags in use come in from `sessions`) |
//! | records | [`projects`] | the pieces of work a club runs, often one per grant |
//! | records | [`young_people`] | profiles, circumstances, consents, emergency contacts, search, duplicates |
//! | records | [`sessions`] | weekly series, dated sessions, cancelling a date, the club's offer of outcome frameworks |
//! | records | [`register`] | marks, arrival and leaving times, headcounts, adding at the door |
//! | records | [`people`] | staff and volunteers |
//! | records | [`training`] | the course catalogue, training records and their certificates (one door for both shells), role requirements, the matrix, what is due |
//! | records | [`staffing`] | who worked which session, ratio rules and the safe-staffing warnings |
//! | records | [`measures`] | measures as data (`clubroom-measure/1`): ONS4 built in, the club's own scales, measures imported once registered |
//! | records | [`checkins`] | check-in plans, check-ins (answers, skipped items, declined) and who is due at a session |
//! | records | [`progression`] | the club's list of kinds of progression and each young person's dated steps |
//! | records | [`stories`] | quotes and case studies about a young person: their consent, who may read them, the anonymity check |
//! | records | [`incidents`] | the incident and safeguarding log: concerns, updates, corrections, every version kept |
//! | figures | [`figures`] | the counting rules (DESIGN.md): measures and breakdowns for a period |
//! | figures | [`distance`] | distance travelled: coverage and paired change per measure (docs/counting-rules.md, "Outcomes") |
//! | figures | [`engagement`] | sustained engagement at 3 and 6 months, weeks engaged, and progression counted among a part of the work's young people |
//! | figures | [`returns`] | funder returns from templates (`returns::templates`), saved returns as sent |
//! | figures | [`summary`] | the partnership summary (`lyp-summary/2`): rows, suppression, outcome rows on the measures built in, its files |
//! | figures | [`sync`] | sending the summary: the destination, the outbox, delivery, the sync log |
//! | figures | [`partnership`] | the partnership side: members' summaries read, checked and merged |
//! | figures | [`overview`] | the home screen's picture, cut to the person looking |
//! | files in and out | [`import`], [`export`] | files in and out, all or nothing: any CSV or workbook read, mapped into Clubroom's columns (suggested, saved by source), then checked row by row as the single action each performs |
//! | files in and out | [`rights`] | data-protection rights: subject access, erasure that keeps figures, retention |
//! | files in and out | [`print`] | the A4 drawing kit and every printed document (returns, registers, matrix, subject access, partnership report) |
//! | files in and out | [`audit_names`] | the audit log in words: each entry's records named by the modules that own them (erased people stay unnamed) |
//! | files in and out | [`demo`] | deterministic synthetic clubs |
//! | files in and out | [`about`] | the version, where the files are, and the licences of everything shipped (generated lists) |
//! | files in and out | [`exports`] | the one door for every file of the club's data that leaves: prepare (permission first, the bytes once), then save (the file and its audit entry with the file's SHA-256, in one transaction); Excel workbooks of returns, the training matrix and attendance |
//! | opening the club | [`club_file`] | the club file's states (no file, locked, open, damaged, refused) and the only ways between them: make, protect (encrypt in place), sign in and what follows it, restore a backup; the window's first question (`status`) |
//!
//! Reads take `&rusqlite::Connection`; writes take `&rusqlite::Transaction`, so every user
//! action is one transaction (see [`store::Store::write`]).

pub mod cipher;
pub mod dates;
pub mod error;
pub mod files;
pub mod pictures;
pub mod text;
pub mod vocab;
pub mod zoom;

pub mod about;
pub mod access;
pub mod audit;
pub mod backup;
pub mod store;
pub mod users;
pub mod vault;

pub mod checkins;
pub mod incidents;
pub mod measures;
pub mod organisation;
pub mod outcomes;
pub mod people;
pub mod progression;
pub mod projects;
pub mod register;
pub mod sessions;
pub mod staffing;
pub mod stories;
pub mod training;
pub mod young_people;

pub mod distance;
pub mod engagement;
pub mod figures;
pub mod overview;
pub mod partnership;
pub mod returns;
pub mod summary;
pub mod sync;

pub mod audit_names;
pub mod demo;
pub mod export;
pub mod exports;
pub mod import;
pub mod print;
pub mod rights;

pub mod club_file;

#[cfg(any(test, feature = "fixtures"))]
#[doc(hidden)]
pub mod fixtures;

#[cfg(test)]
mod map_tests;

pub use club_file::{ClubFile, ClubState};
pub use error::{Error, ErrorKind, ErrorReport, Result};
pub use store::Store;
