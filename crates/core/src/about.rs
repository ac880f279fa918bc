//! What the About screen says: the version, where the club file, its key file and its
//! backups are, Clubroom's own licence, and the licences of everything shipped with it.
//!
//! The third-party lists are generated, never written by hand:
//! `assets/licences/rust-crates.json` from the Rust dependency tree (`cargo metadata`, the
//! crates the app and `clubroom-cli` link on Linux) and `assets/licences/npm-packages.json`
//! from the modules Vite actually bundled into `ui/dist`. `src-tauri/tests/licences.rs` fails
//! when either no longer matches the tree; `CLUBROOM_WRITE_LICENCES=1 cargo test -p
//! clubroom-app --test licences` writes them again.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{backup, vault};

/// The generated list of Rust crates compiled into the app and the CLI.
pub const RUST_CRATES_JSON: &str = include_str!("../../../assets/licences/rust-crates.json");
/// The generated list of npm packages bundled into the window's front end.
pub const NPM_PACKAGES_JSON: &str = include_str!("../../../assets/licences/npm-packages.json");
/// The typeface embedded in every PDF Clubroom writes (assets/fonts), and its licence.
const INTER_LICENCE: &str = include_str!("../../../assets/fonts/LICENSE-Inter-OFL.txt");

/// Clubroom's own licence (the workspace's `license`).
pub const LICENCE: &str = env!("CARGO_PKG_LICENSE");

/// One piece of someone else's work that ships inside Clubroom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Component {
    pub name: String,
    pub version: String,
    /// An SPDX licence expression as its authors declared it ("MIT OR Apache-2.0").
    pub licence: String,
    pub repository: Option<String>,
    /// Who wrote it, as its package says (often empty for npm packages and newer crates).
    pub authors: Vec<String>,
}

/// A generated list: what produced it and the components, sorted by name then version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentList {
    pub schema: String,
    /// How the list was made (the command or build step).
    pub generated_by: String,
    pub components: Vec<Component>,
}

/// Everything the About screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct About {
    pub version: String,
    /// "AGPL-3.0-or-later".
    pub licence: String,
    /// The licence in words, for people.
    pub licence_name: String,
    pub club_file: String,
    /// The key file beside an encrypted club file (present or not: it is where it would be).
    pub key_file: String,
    /// Where the automatic backups go (backups saved to a USB stick are wherever they were put).
    pub backups_folder: String,
    /// Rust crates compiled into the app and `clubroom-cli`.
    pub rust_crates: Vec<Component>,
    /// npm packages bundled into the window.
    pub npm_packages: Vec<Component>,
    /// Typefaces embedded in the PDFs Clubroom writes.
    pub fonts: Vec<Component>,
    /// The full text of the typeface's licence (the SIL Open Font License asks for it to travel
    /// with the font).
    pub font_licence_text: String,
}

/// Reads a generated list. The lists are compiled in, so a broken one is a build mistake that
/// `src-tauri/tests/licences.rs` catches; here it shows as an empty list rather than a crash.
pub fn parse_list(json: &str) -> Vec<Component> {
    serde_json::from_str::<ComponentList>(json)
        .map(|list| list.components)
        .unwrap_or_default()
}

/// What the About screen shows for the club file at `club`.
pub fn about(club: &Path) -> About {
    About {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        licence: LICENCE.to_owned(),
        licence_name:
            "GNU Affero General Public License, version 3 or (at your option) any later version"
                .to_owned(),
        club_file: club.display().to_string(),
        key_file: vault::keys_path(club).display().to_string(),
        backups_folder: backup::folder_for(club).display().to_string(),
        rust_crates: parse_list(RUST_CRATES_JSON),
        npm_packages: parse_list(NPM_PACKAGES_JSON),
        fonts: vec![Component {
            name: "Inter".to_owned(),
            version: "4".to_owned(),
            licence: "OFL-1.1".to_owned(),
            repository: Some("https://github.com/rsms/inter".to_owned()),
            authors: vec!["The Inter Project Authors".to_owned()],
        }],
        font_licence_text: INTER_LICENCE.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_lists_read_and_are_not_empty() {
        let crates = parse_list(RUST_CRATES_JSON);
        let npm = parse_list(NPM_PACKAGES_JSON);
        assert!(crates.iter().any(|c| c.name == "tauri"), "tauri is listed");
        assert!(
            crates.iter().any(|c| c.name == "rusqlite"),
            "rusqlite is listed"
        );
        assert!(npm.iter().any(|c| c.name == "svelte"), "svelte is listed");
        for component in crates.iter().chain(&npm) {
            assert!(
                !component.licence.trim().is_empty(),
                "{} {} has a licence",
                component.name,
                component.version
            );
            assert!(
                !component.name.starts_with("clubroom"),
                "Clubroom's own crates are not third-party"
            );
        }
    }

    #[test]
    fn about_names_the_club_file_its_keys_and_its_backups() {
        let club = Path::new("/home/leader/.local/share/uk.clubroom.desktop/clubroom.sqlite3");
        let about = about(club);
        assert_eq!(about.licence, "AGPL-3.0-or-later");
        assert_eq!(about.club_file, club.display().to_string());
        assert_eq!(
            about.backups_folder,
            "/home/leader/.local/share/uk.clubroom.desktop/clubroom-backups"
        );
        assert_eq!(
            about.key_file,
            "/home/leader/.local/share/uk.clubroom.desktop/clubroom.sqlite3.keys"
        );
        assert!(about.font_licence_text.contains("Open Font License (OFL)"));
    }
}
