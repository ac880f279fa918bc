//! `register take`: a register taken as the app takes it, one young person at a time.
//!
//! References arrive on standard input, one a line (a scanner, a script, or a leader typing).
//! Each is marked in a transaction of its own (`register::mark_present` inside
//! `Store::write`, exactly as the app's `mark_present` command does), and `marked REF` is
//! printed only once that transaction has committed. A line on standard output is therefore
//! an acknowledgement: the durability test (tests/durability.rs) kills the process at random
//! moments and checks that every acknowledged mark is in the file.

use std::io::{BufRead, Write};

use chrono::NaiveDate;
use clubroom_core::{Error, Result, Store, register, young_people};

/// Marks each reference read from `input` present at `session`, acknowledging each on `out`
/// after its commit. A reference that cannot be marked is reported on standard error and the
/// register goes on, as in the app; the command fails at the end if any could not be marked.
pub(crate) fn take_register(
    store: &mut Store,
    session: i64,
    input: impl BufRead,
    mut out: impl Write,
    today: NaiveDate,
) -> Result<()> {
    let mut not_marked = 0usize;
    for line in input.lines() {
        let line = line.map_err(|e| Error::file("Could not read standard input", e))?;
        let reference = line.trim();
        if reference.is_empty() {
            continue;
        }
        match mark_one(store, session, reference, today) {
            Ok(marked) => acknowledge(&mut out, &marked)?,
            Err(error) => {
                not_marked += 1;
                eprintln!("Not marked {reference}: {}", error.report().message);
            }
        }
    }
    match not_marked {
        0 => Ok(()),
        1 => Err(Error::Invalid("1 young person was not marked.".to_owned())),
        n => Err(Error::Invalid(format!("{n} young people were not marked."))),
    }
}

/// One mark, one transaction: committed (and fsynced, `synchronous = FULL`) when this returns Ok.
fn mark_one(store: &mut Store, session: i64, reference: &str, today: NaiveDate) -> Result<String> {
    store.write(|tx| {
        let id = young_people::require_by_reference(tx, reference)?;
        let entry = register::mark_present(tx, session, id, today)?;
        Ok(entry.young_person.reference)
    })
}

/// Prints the acknowledgement and flushes it, so whoever reads it sees it at once.
fn acknowledge(out: &mut impl Write, reference: &str) -> Result<()> {
    writeln!(out, "marked {reference}")
        .and_then(|()| out.flush())
        .map_err(|e| Error::file("Could not write to standard output", e))
}
