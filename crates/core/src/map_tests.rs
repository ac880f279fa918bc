//! Keeps the module map in `lib.rs` true: every module is in the table, every folder and file
//! of `src/` is a module, and no module reaches up to a layer above its own.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

fn lib_rs() -> String {
    fs::read_to_string(Path::new(SRC).join("lib.rs")).expect("lib.rs")
}

/// The table in lib.rs's doc comment: module name to layer name, in the order written.
fn table() -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for line in lib_rs().lines() {
        let Some(row) = line.strip_prefix("//! | ") else {
            continue;
        };
        let cells: Vec<&str> = row.split(" | ").collect();
        if cells.len() < 3 || cells[0] == "layer" || cells[0].starts_with("---") {
            continue;
        }
        for module in cells[1].split(", ") {
            let name = module
                .trim()
                .trim_start_matches("[`")
                .trim_end_matches("`]");
            rows.push((name.to_owned(), cells[0].to_owned()));
        }
    }
    rows
}

fn declared_modules() -> BTreeSet<String> {
    lib_rs()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').to_owned())
        // Synthetic records for tests, compiled only for them.
        .filter(|m| m != "fixtures")
        .collect()
}

fn layer_order() -> BTreeMap<String, usize> {
    let mut layers: Vec<String> = Vec::new();
    let mut order = BTreeMap::new();
    for (module, layer) in table() {
        if !layers.contains(&layer) {
            layers.push(layer.clone());
        }
        order.insert(module, layers.iter().position(|l| *l == layer).unwrap());
    }
    order
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_owned());
    }
}

/// The crate's modules each file of `module` names (`crate::x`), tests left out.
fn uses_of(module: &str) -> BTreeSet<String> {
    let file = Path::new(SRC).join(format!("{module}.rs"));
    let mut files = Vec::new();
    if file.exists() {
        files.push(file);
    }
    rust_files(&Path::new(SRC).join(module), &mut files);
    let mut used = BTreeSet::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        if name.contains("tests") {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        // Code below `#[cfg(test)]` is a module's tests, which may use anything.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        // A comment naming a module (a doc link, a "see also") is not a use of it.
        let code: String = code
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                group.split(',').map(str::trim).collect()
            } else {
                vec![rest]
            };
            for name in names {
                let word: String = name
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !word.is_empty() && word != module {
                    used.insert(word);
                }
            }
        }
    }
    used
}

#[test]
fn every_module_is_in_the_map_and_every_entry_is_a_module() {
    let declared = declared_modules();
    let mapped: BTreeSet<String> = table().into_iter().map(|(m, _)| m).collect();
    let missing: Vec<_> = declared.difference(&mapped).collect();
    let stale: Vec<_> = mapped.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "modules missing from lib.rs's map: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "lib.rs's map names modules that do not exist: {stale:?}"
    );
}

#[test]
fn every_file_and_folder_of_src_is_a_module() {
    let declared = declared_modules();
    let mut strays = Vec::new();
    for entry in fs::read_dir(SRC).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if ["lib", "map_tests", "fixtures"].contains(&name.as_str()) {
            continue;
        }
        if !declared.contains(&name) {
            strays.push(name);
        }
    }
    assert!(
        strays.is_empty(),
        "files in src/ that lib.rs does not declare: {strays:?}"
    );
}

#[test]
fn no_module_reaches_up_a_layer() {
    let order = layer_order();
    let mut upward = BTreeSet::new();
    for (module, layer) in &order {
        for used in uses_of(module) {
            if let Some(used_layer) = order.get(&used)
                && used_layer > layer
            {
                upward.insert((module.clone(), used));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "these modules use a module on a layer above their own (lib.rs's map): {upward:?}"
    );
}

#[test]
fn the_error_module_uses_nothing_else_in_the_crate() {
    let text = fs::read_to_string(Path::new(SRC).join("error.rs")).expect("error.rs");
    // Its tests may build anything; the module itself stands at the bottom.
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let uses: Vec<&str> = code
        .lines()
        .filter(|line| line.contains("crate::") || line.contains("super::"))
        .collect();
    assert!(
        uses.is_empty(),
        "error.rs reaches into the crate: {uses:#?}"
    );
}

/// The store opens, migrates and runs transactions; it knows nothing of backups, accounts,
/// encryption's key file or the demo. `club_file` composes those around it (issue #11).
#[test]
fn the_store_knows_nothing_of_backups_accounts_the_vault_or_the_demo() {
    let used = uses_of("store");
    let above_its_station: Vec<&str> = ["backup", "users", "vault", "demo"]
        .into_iter()
        .filter(|m| used.contains(*m))
        .collect();
    assert!(
        above_its_station.is_empty(),
        "the store names {above_its_station:?}: open, migrate and transact there; compose \
         backups, sign-in and damage in club_file"
    );
}

/// The modules that `from` reaches by following uses, itself left out unless a circle
/// brings it back.
fn reached_from(from: &str, uses: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let mut reached = BTreeSet::new();
    let mut waiting: Vec<&str> = vec![from];
    while let Some(module) = waiting.pop() {
        for used in uses.get(module).into_iter().flatten() {
            if reached.insert(used.clone()) {
                waiting.push(used);
            }
        }
    }
    reached
}

/// Layers keep arrows from running up, but two modules on one layer could still use each
/// other (organisation, outcomes and sessions did, through the framework areas): a circle
/// means neither can be understood, tested or moved without the other.
#[test]
fn no_modules_use_each_other_round_a_circle() {
    let modules: Vec<String> = layer_order().into_keys().collect();
    let uses: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|m| {
            let known = uses_of(m)
                .into_iter()
                .filter(|u| modules.contains(u))
                .collect();
            (m.clone(), known)
        })
        .collect();
    let in_circles: Vec<&String> = modules
        .iter()
        .filter(|m| reached_from(m, &uses).contains(*m))
        .collect();
    assert!(
        in_circles.is_empty(),
        "these modules use themselves round a circle of other modules: {in_circles:?}"
    );
}
