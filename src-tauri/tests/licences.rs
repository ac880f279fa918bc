//! The third-party licences the About screen shows are generated from what ships, and this
//! test fails when they no longer match:
//!
//! - `assets/licences/rust-crates.json`: every crate `clubroom-app` and `clubroom-cli` depend
//!   on (normal dependencies, followed all the way down; build scripts' and tests' own
//!   dependencies do not ship, except the "-src" crates whose C sources, SQLCipher and
//!   OpenSSL, are compiled in), for Linux x86_64 (the .deb), from `cargo metadata`.
//! - `assets/licences/npm-packages.json`: the npm packages in `ui/dist`, as the front end's
//!   build listed them (`ui/bundled-licences.mjs` writes `ui/dist/npm-packages.json`).
//!
//! After changing a dependency: `CLUBROOM_WRITE_LICENCES=1 cargo test -p clubroom-app --test
//! licences` (with the front end built) writes both again.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;

use clubroom_core::about::{Component, ComponentList};
use serde_json::Value;

/// The platform the .deb is built for; other platforms link a few different crates.
const TARGET: &str = "x86_64-unknown-linux-gnu";
/// The crates whose dependencies ship.
const ROOTS: &[&str] = &["clubroom-app", "clubroom-cli"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the workspace folder")
}

fn without_email(author: &str) -> String {
    author
        .split(['<', '('])
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// The crates that ship, from `cargo metadata`'s resolved graph.
fn rust_crates() -> ComponentList {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .args(["--filter-platform", TARGET])
        .arg("--manifest-path")
        .arg(workspace().join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata's JSON");
    let packages: HashMap<&str, &Value> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["id"].as_str().expect("an id"), p))
        .collect();
    let members: BTreeSet<&str> = metadata["workspace_members"]
        .as_array()
        .expect("workspace members")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .expect("the resolved graph")
        .iter()
        .map(|n| (n["id"].as_str().expect("an id"), n))
        .collect();

    let mut queue: VecDeque<&str> = members
        .iter()
        .copied()
        .filter(|id| ROOTS.contains(&packages[id]["name"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(queue.len(), ROOTS.len(), "both shipped crates are members");
    let mut seen: BTreeSet<&str> = queue.iter().copied().collect();
    while let Some(id) = queue.pop_front() {
        for dep in nodes[id]["deps"].as_array().into_iter().flatten() {
            // A normal dependency has a kind of null ("dev" and "build" do not ship)...
            let kinds: Vec<&Value> = dep["dep_kinds"].as_array().into_iter().flatten().collect();
            let normal = kinds.iter().any(|kind| kind["kind"].is_null());
            let pkg = dep["pkg"].as_str().expect("a package id");
            // ...except a build dependency that carries C sources its user's build script
            // compiles into the binary (by convention named "-src": SQLCipher, OpenSSL). It is
            // listed, but what it needs to compile (cc) does not ship.
            let sources = !normal
                && kinds.iter().any(|kind| kind["kind"] == "build")
                && packages[pkg]["name"]
                    .as_str()
                    .is_some_and(|n| n.ends_with("-src"));
            if sources {
                seen.insert(pkg);
            } else if normal && seen.insert(pkg) {
                queue.push_back(pkg);
            }
        }
    }

    let mut components: Vec<Component> = seen
        .into_iter()
        .filter(|id| !members.contains(id))
        .map(|id| {
            let p = packages[id];
            let licence = text(&p["license"])
                .or_else(|| text(&p["license_file"]).map(|f| format!("see its {f}")))
                .unwrap_or_default();
            Component {
                name: text(&p["name"]).expect("a name"),
                version: text(&p["version"]).expect("a version"),
                licence,
                repository: text(&p["repository"]),
                authors: p["authors"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(without_email)
                    .filter(|a| !a.is_empty())
                    .collect(),
            }
        })
        .collect();
    components.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.version.cmp(&b.version)));
    ComponentList {
        schema: "clubroom-licences/1".to_owned(),
        generated_by: format!(
            "src-tauri/tests/licences.rs: cargo metadata --filter-platform {TARGET}, the normal \
             dependencies of {} and the C sources their build scripts compile in (-src crates)",
            ROOTS.join(" and ")
        ),
        components,
    }
}

fn read_list(path: &Path, how_to_make: &str) -> ComponentList {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} cannot be read ({e}): {how_to_make}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not a list: {e}", path.display()))
}

fn to_json(list: &ComponentList) -> String {
    serde_json::to_string_pretty(list).expect("the list serialises") + "\n"
}

/// Names what was added, removed or changed, so a failure says what to look at.
fn differences(on_disk: &ComponentList, now: &ComponentList) -> String {
    let key = |c: &Component| format!("{} {} ({})", c.name, c.version, c.licence);
    let before: BTreeSet<String> = on_disk.components.iter().map(key).collect();
    let after: BTreeSet<String> = now.components.iter().map(key).collect();
    let added: Vec<_> = after.difference(&before).collect();
    let removed: Vec<_> = before.difference(&after).collect();
    format!("added or changed: {added:?}; removed or changed: {removed:?}")
}

#[test]
fn the_licence_lists_match_what_ships() {
    let root = workspace();
    let rust_file = root.join("assets/licences/rust-crates.json");
    let npm_file = root.join("assets/licences/npm-packages.json");
    let rust = rust_crates();
    let npm = read_list(
        &root.join("ui/dist/npm-packages.json"),
        "build the front end first (cd ui && npm run build)",
    );
    if std::env::var_os("CLUBROOM_WRITE_LICENCES").is_some() {
        std::fs::write(&rust_file, to_json(&rust)).expect("rust-crates.json written");
        std::fs::write(&npm_file, to_json(&npm)).expect("npm-packages.json written");
    }
    // Something with no licence declared may not ship until someone has found its licence.
    for (file, list) in [("rust-crates.json", &rust), ("npm-packages.json", &npm)] {
        assert!(list.components.len() > 3, "{file} lists what ships");
        for c in &list.components {
            assert!(
                !c.licence.trim().is_empty(),
                "{} {} ({file}) declares no licence: find its licence before shipping it",
                c.name,
                c.version
            );
        }
    }
    let how = "run CLUBROOM_WRITE_LICENCES=1 cargo test -p clubroom-app --test licences";
    let rust_on_disk = read_list(&rust_file, how);
    assert!(
        rust_on_disk == rust,
        "assets/licences/rust-crates.json is out of date ({}): {how}",
        differences(&rust_on_disk, &rust)
    );
    let npm_on_disk = read_list(&npm_file, how);
    assert!(
        npm_on_disk == npm,
        "assets/licences/npm-packages.json is out of date ({}): {how}",
        differences(&npm_on_disk, &npm)
    );
}
