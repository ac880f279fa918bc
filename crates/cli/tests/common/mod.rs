//! The harness the CLI's integration tests share: the real `clubroom-cli` binary, run on a
//! club file in a fresh folder, signed in as a named person, with "today" pinned.

// Each test binary compiles this module for itself and uses its own share of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// "Today" for every command, so dates in the tests do not depend on the calendar.
pub const TODAY: &str = "2026-11-24";
/// Who runs the commands unless a test says otherwise (made by `init`).
pub const MANAGER: &str = "Test Manager";
pub const MANAGER_PASSWORD: &str = "a long test password";

pub struct Cli {
    pub dir: tempfile::TempDir,
    user: String,
    password: String,
}

impl Cli {
    /// A fresh folder, the commands run as the test manager.
    pub fn new() -> Cli {
        Cli::signed_in_as(MANAGER, MANAGER_PASSWORD)
    }

    /// A fresh folder, the commands run as `user` with `password`.
    pub fn signed_in_as(user: &str, password: &str) -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
            user: user.to_owned(),
            password: password.to_owned(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("club.sqlite3")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The command as someone in particular, on the club file, before its arguments.
    pub fn command_as(&self, name: &str, secret: &str) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_clubroom-cli"));
        command
            .env("CLUBROOM_USER", name)
            .env("CLUBROOM_PASSWORD", secret)
            .env("CLUBROOM_TODAY", TODAY)
            .arg("--db")
            .arg(self.db());
        command
    }

    /// Runs on another club file, as the usual person.
    pub fn run_on(&self, db: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_clubroom-cli"))
            .env("CLUBROOM_USER", &self.user)
            .env("CLUBROOM_PASSWORD", &self.password)
            .env("CLUBROOM_TODAY", TODAY)
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .expect("the CLI runs")
    }

    /// Runs as someone in particular (their name and password or PIN).
    pub fn run_as(&self, name: &str, secret: &str, args: &[&str]) -> Output {
        self.command_as(name, secret)
            .args(args)
            .output()
            .expect("the CLI runs")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_as(&self.user, &self.password, args)
    }

    /// Runs and expects success, returning standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects failure, returning standard error.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should have failed");
        String::from_utf8(out.stderr).unwrap()
    }

    /// Runs with `--json` added, expecting success, and reads the answer.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut args = args.to_vec();
        args.push("--json");
        serde_json::from_str(&self.ok(&args)).unwrap()
    }

    /// Writes a file in the folder and returns its path, as an argument.
    pub fn write(&self, name: &str, text: &str) -> String {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
}
