//! Opening the club file as someone: who is running the command, and whether they may.
//!
//! An encrypted club file (every club set up with `init`) is unlocked with the name in
//! CLUBROOM_USER and the password or PIN in CLUBROOM_PASSWORD, or asked for at the terminal.
//! A plain file with no accounts (made before sign-in existed, or a demo) opens as the club's
//! manager, as it always did. Each command is then checked by the core like the same action
//! in the window: `store.begin(operation, target)`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use chrono::Utc;
use clap::Subcommand;
use clubroom_core::access::{Operation, Role, Target};
use clubroom_core::audit::Filter;
use clubroom_core::dates::today_or_pinned;
use clubroom_core::users::{self, NewUser, SecretKind};
use clubroom_core::{ClubFile, ClubState, Error, ErrorKind, Result, Store, people};

use crate::show;

pub const USER_VARIABLE: &str = "CLUBROOM_USER";
pub const PASSWORD_VARIABLE: &str = "CLUBROOM_PASSWORD";

/// The name and password or PIN: from the environment, else asked for.
pub fn credentials() -> Result<(String, String)> {
    let name = match std::env::var(USER_VARIABLE) {
        Ok(name) if !name.trim().is_empty() => name,
        _ => ask("Your name (as you sign in to Clubroom): ", false)?,
    };
    let secret = match std::env::var(PASSWORD_VARIABLE) {
        Ok(secret) if !secret.is_empty() => secret,
        _ => ask("Your password or PIN: ", true)?,
    };
    Ok((name, secret))
}

fn ask(prompt: &str, secret: bool) -> Result<String> {
    let stdin = std::io::stdin();
    if secret && stdin.is_terminal() {
        return rpassword::prompt_password(prompt)
            .map_err(|e| Error::file("Could not read the password", e));
    }
    if !stdin.is_terminal() && std::env::var_os(USER_VARIABLE).is_none() && !secret {
        // A script with no terminal and no variables: say what to set rather than wait.
        return Err(Error::Denied(format!(
            "This club file needs someone to sign in: set {USER_VARIABLE} and \
             {PASSWORD_VARIABLE}."
        )));
    }
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::file("Could not read your answer", e))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// The club file as a command finds it, signed in to when it needs someone: a file that
/// unlocks but is damaged is returned damaged (its key kept for its backups: see `backup
/// restore`); a wrong name or password, or a file that is not a club, is the error.
pub fn club(db: &Path) -> Result<ClubFile> {
    let (today, now) = (today_or_pinned(), Utc::now());
    let mut club = ClubFile::at(db, today, now).unless_refused()?;
    if club.needs_sign_in() {
        let (name, secret) = credentials()?;
        match club.sign_in(&name, &secret, today, now) {
            Err(error) if error.kind() != ErrorKind::Damaged => return Err(error),
            _ => {}
        }
    }
    Ok(club)
}

/// The club file for `demo`, which fills a new club: made if there is no file yet (the demo
/// is, with `init`, one of the two commands that make a club), else opened as any command's.
pub fn club_for_demo(db: &Path) -> Result<ClubFile> {
    let mut club = club(db)?;
    club.make_if_none(today_or_pinned(), Utc::now());
    Ok(club)
}

/// A new club file for `init`: encrypted, with its first manager (CLUBROOM_USER,
/// CLUBROOM_PASSWORD). A plain file from an earlier version with no accounts is encrypted
/// in place the same way; a file that already has accounts is opened as the person signing in.
pub fn club_for_init(db: &Path) -> Result<ClubFile> {
    let (today, now) = (today_or_pinned(), Utc::now());
    let empty = std::fs::metadata(db).is_ok_and(|m| m.len() == 0);
    let mut club = if empty {
        ClubFile::at(db, today, now)
    } else {
        club(db)?
    };
    if empty || club.state() == ClubState::NoFile || club.has_no_accounts()? {
        let (name, password) = first_manager_credentials()?;
        club.protect(&name, &password, today, now)?;
    }
    Ok(club)
}

fn first_manager_credentials() -> Result<(String, String)> {
    match (
        std::env::var(USER_VARIABLE),
        std::env::var(PASSWORD_VARIABLE),
    ) {
        (Ok(name), Ok(password)) if !name.trim().is_empty() => Ok((name, password)),
        _ => Err(Error::Invalid(format!(
            "A new club file is encrypted and gets its first manager: set {USER_VARIABLE} to \
             their name and {PASSWORD_VARIABLE} to their password (at least 10 characters), \
             then run init again. Keep the password safe: without it the data cannot be read."
        ))),
    }
}

// ---- accounts and the audit log from the command line ----

#[derive(Subcommand)]
pub enum UsersCommand {
    /// Everyone who can sign in (managers).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Adds someone who can sign in; their password or PIN comes from CLUBROOM_NEW_SECRET.
    Add {
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A 6-digit PIN instead of a password.
        #[arg(long)]
        pin: bool,
        /// Their record among staff and volunteers (name or email).
        #[arg(long)]
        person: Option<String>,
    },
    /// Sets someone's new password or PIN (from CLUBROOM_NEW_SECRET).
    Reset {
        name: String,
        #[arg(long)]
        pin: bool,
    },
    /// Changes your own password or PIN (anyone): the current one is the one you signed in
    /// with, the new one comes from CLUBROOM_NEW_SECRET or is asked for.
    Password {
        /// A 6-digit PIN instead of a password (not for managers or safeguarding leads).
        #[arg(long)]
        pin: bool,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// The log, newest first (managers).
    List {
        #[arg(long)]
        user: Option<String>,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Checks every link of the chain; fails if an entry was changed or removed.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

fn parse_role(text: &str) -> std::result::Result<Role, String> {
    Role::parse_or_explain(text)
}

/// A new password or PIN never goes on the command line (it would sit in the shell's
/// history): it comes from CLUBROOM_NEW_SECRET, or is asked for.
fn new_secret() -> Result<String> {
    new_secret_asking("Their new password or PIN: ")
}

fn new_secret_asking(prompt: &str) -> Result<String> {
    match std::env::var("CLUBROOM_NEW_SECRET") {
        Ok(secret) if !secret.is_empty() => Ok(secret),
        _ => ask(prompt, true),
    }
}

/// The current password or PIN of the person signed in: the one they signed in with.
fn current_secret() -> Result<String> {
    match std::env::var(PASSWORD_VARIABLE) {
        Ok(secret) if !secret.is_empty() => Ok(secret),
        _ => ask("Your current password or PIN: ", true),
    }
}

fn kind(pin: bool) -> SecretKind {
    if pin {
        SecretKind::Pin
    } else {
        SecretKind::Password
    }
}

pub fn users_command(store: &mut Store, command: UsersCommand) -> Result<()> {
    match command {
        UsersCommand::List { json } => {
            store.begin(Operation::UsersList, Target::Nothing)?;
            let all = users::list(store.conn(), store.actor())?;
            show(json, &all, |all| {
                for user in all {
                    let state = if user.active { "" } else { " (switched off)" };
                    println!(
                        "{:<24} {:<18} {}{state}",
                        user.name,
                        user.role.label(),
                        user.secret_kind.code()
                    );
                }
            });
        }
        UsersCommand::Add {
            name,
            role,
            pin,
            person,
        } => {
            store.begin(Operation::AddUser, Target::Nothing)?;
            let person_id = person.map(|p| people::find(store.conn(), &p)).transpose()?;
            let user = users::add_account(
                store,
                &NewUser {
                    name,
                    role,
                    person_id,
                    secret_kind: kind(pin),
                    secret: new_secret()?,
                },
            )?;
            println!(
                "{} can now sign in as a {}.",
                user.name,
                user.role.label().to_lowercase()
            );
        }
        UsersCommand::Reset { name, pin } => {
            store.begin(Operation::ResetUserSecret, Target::Nothing)?;
            let user = users::list(store.conn(), store.actor())?
                .into_iter()
                .find(|u| u.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| Error::NotFound(format!("Nobody signs in as “{name}”.")))?;
            users::reset_account_secret(store, user.id, kind(pin), &new_secret()?)?;
            println!("{}'s {} was reset.", user.name, kind(pin).code());
        }
        UsersCommand::Password { pin } => {
            store.begin(Operation::ChangeOwnSecret, Target::Nothing)?;
            let current = current_secret()?;
            let new = new_secret_asking("Your new password or PIN: ")?;
            let user = users::change_own_account_secret(store, &current, kind(pin), &new)?;
            println!(
                "{}, your {} was changed: use the new one from now on.",
                user.name,
                kind(pin).code()
            );
        }
    }
    Ok(())
}

pub fn audit_command(store: &mut Store, command: AuditCommand) -> Result<()> {
    match command {
        AuditCommand::List {
            user,
            text,
            from,
            to,
            limit,
            json,
        } => {
            store.begin(Operation::AuditLog, Target::Nothing)?;
            let filter = Filter {
                user,
                text,
                from,
                to,
                limit: Some(limit),
            };
            let entries =
                clubroom_core::audit_names::entries(store.conn(), store.actor(), &filter)?;
            show(json, &entries, |entries| {
                for e in entries {
                    // The entry in words; --json keeps the raw record beside them.
                    println!(
                        "{}  {:<20} {:<26} {}",
                        &e.at[..19],
                        e.user_name,
                        e.action,
                        e.described
                    );
                }
            });
        }
        AuditCommand::Verify { json } => {
            store.begin(Operation::VerifyAuditLog, Target::Nothing)?;
            let found = clubroom_core::sync::verify_audit(store)?;
            show(json, &found, |found| {
                match &found.problem {
                    None => println!(
                        "The audit log is whole: {} entries, each chained to the one before. Last \
                         hash: {}",
                        found.entries, found.head
                    ),
                    Some(problem) => println!("The audit log has been tampered with. {problem}"),
                }
                println!(
                    "Head: entry {}, hash {} (write it down: a later check must still find it).",
                    found.head_sequence, found.head
                );
                let matched = found
                    .witnesses
                    .iter()
                    .filter(|w| w.first_mismatch.is_none())
                    .count();
                println!(
                    "Checked against {} witnesses (backups): {matched} match.",
                    found.witnesses.len()
                );
            });
            if !found.intact() {
                return Err(Error::Invalid(
                    "The audit log's chain is broken (see above).".into(),
                ));
            }
        }
    }
    Ok(())
}
