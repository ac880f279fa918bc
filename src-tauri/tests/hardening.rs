//! The window's locks, read from the files that set them: the Content-Security-Policy and
//! window settings in `tauri.conf.json`, the capabilities in `capabilities/`, the Tauri
//! plugins and features in `Cargo.toml`, and the front end's sources and build (no remote
//! content). A change that loosens any of them fails here and has to say why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Core or plugin permissions the window may hold. The front end calls the app's own commands
/// (see capabilities/default.json) and listens to the app's events (an import's progress,
/// `import-progress`): listening only, never emitting to the app. Adding one means adding it
/// here, on purpose.
const ALLOWED_PERMISSIONS: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];

/// URLs that may appear in the front end because nothing is ever fetched from them: XML
/// namespaces (SVG, XHTML), Svelte's error-code links inside its runtime's error messages,
/// and the reserved example domains (RFC 2606) used as placeholders in forms.
const HARMLESS_URL_PREFIXES: &[&str] = &[
    "http://www.w3.org/",
    "https://svelte.dev/e/",
    "https://files.example.org/",
    "https://dav.example.org/",
    "https://example.org/",
    "https://example.com/",
];

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn config() -> Value {
    json(&here().join("tauri.conf.json"))
}

/// The policy as directive -> sources.
fn csp() -> BTreeMap<String, Vec<String>> {
    let config = config();
    let policy = config["app"]["security"]["csp"]
        .as_str()
        .expect("tauri.conf.json sets app.security.csp as one string");
    policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|directive| {
            let mut words = directive.split_whitespace();
            let name = words.next().expect("a directive has a name").to_owned();
            (name, words.map(str::to_owned).collect())
        })
        .collect()
}

#[test]
fn the_content_security_policy_allows_only_the_apps_own_files() {
    let csp = csp();
    assert_eq!(csp["default-src"], ["'self'"]);
    assert_eq!(
        csp["script-src"],
        ["'self'"],
        "scripts come only from the bundle: no inline script, no eval"
    );
    for (directive, sources) in &csp {
        for source in sources {
            assert_ne!(source, "'unsafe-eval'", "{directive} allows eval");
            assert_ne!(source, "'wasm-unsafe-eval'", "{directive} allows eval");
            assert!(
                !source.contains('*'),
                "{directive} allows a wildcard: {source}"
            );
            assert!(
                !["http:", "https:", "ws:", "wss:", "blob:", "filesystem:"]
                    .contains(&source.as_str()),
                "{directive} allows a whole scheme: {source}"
            );
            // The one address allowed is Tauri's own IPC endpoint on Windows (WebView2 serves
            // custom protocols as http://<name>.localhost); it never leaves the machine.
            let remote = source.contains("://") && source != "http://ipc.localhost";
            assert!(!remote, "{directive} allows a remote source: {source}");
        }
    }
    assert_eq!(csp["connect-src"], ["ipc:", "http://ipc.localhost"]);
    // Svelte writes style attributes (skeleton heights, the bars of a return's chart), which
    // a policy without 'unsafe-inline' for styles would block. Scripts stay strict.
    assert_eq!(csp["style-src"], ["'self'", "'unsafe-inline'"]);
    for directive in [
        "object-src",
        "base-uri",
        "form-action",
        "frame-src",
        "frame-ancestors",
    ] {
        assert_eq!(
            csp.get(directive).map(Vec::as_slice),
            Some(&["'none'".to_owned()][..]),
            "{directive} should be 'none'"
        );
    }
}

#[test]
fn the_window_loads_only_the_bundled_front_end() {
    let config = config();
    assert_eq!(config["build"]["frontendDist"], "../ui/dist");
    if let Some(dev) = config["build"]["devUrl"].as_str() {
        assert!(dev.starts_with("http://localhost:"), "devUrl {dev}");
    }
    let app = &config["app"];
    assert_eq!(
        app["withGlobalTauri"], false,
        "no window.__TAURI__ for injected scripts"
    );
    let security = &app["security"];
    assert_ne!(security["dangerousDisableAssetCspModification"], true);
    assert_ne!(
        security["assetProtocol"]["enable"], true,
        "no asset protocol"
    );
    assert!(
        security.get("capabilities").is_none(),
        "capabilities come from capabilities/, read below"
    );
    assert!(security.get("dangerousRemoteDomainIpcAccess").is_none());
    for window in app["windows"].as_array().expect("windows") {
        if let Some(url) = window["url"].as_str() {
            assert!(!url.contains("://"), "a window opens a remote page: {url}");
        }
    }
}

fn capability_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(here().join("capabilities"))
        .expect("the capabilities folder")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn the_window_holds_no_permission_beyond_the_listed_ones() {
    let files = capability_files();
    assert!(!files.is_empty());
    for path in files {
        assert_eq!(
            path.extension().and_then(|e| e.to_str()),
            Some("json"),
            "{} (only JSON capabilities are checked here)",
            path.display()
        );
        let capability = json(&path);
        assert!(
            capability.get("remote").is_none(),
            "{}: no remote page may call the app",
            path.display()
        );
        assert_ne!(capability["local"], false);
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
        for permission in capability["permissions"].as_array().expect("permissions") {
            let name = permission
                .as_str()
                .or_else(|| permission["identifier"].as_str())
                .expect("a permission has a name");
            assert!(
                ALLOWED_PERMISSIONS.contains(&name),
                "{}: {name} is not one of the permissions the window may hold",
                path.display()
            );
        }
    }
}

#[test]
fn no_tauri_plugin_or_risky_feature_is_built_in() {
    let manifest = std::fs::read_to_string(here().join("Cargo.toml")).expect("Cargo.toml");
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('#') {
            continue;
        }
        assert!(
            !line.starts_with("tauri-plugin-"),
            "a Tauri plugin (shell, fs, dialog, http...) would widen what the window can do: {line}"
        );
        if line.starts_with("tauri = ") {
            for risky in ["protocol-asset", "devtools", "unstable"] {
                assert!(!line.contains(risky), "tauri feature {risky}: {line}");
            }
        }
    }
}

/// The remote URLs in one file's text, outside comment lines.
fn remote_urls(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let comment = ["//", "/*", "*", "<!--"]
            .iter()
            .any(|start| trimmed.starts_with(start));
        if comment {
            continue;
        }
        for (at, _) in line.match_indices("http") {
            let rest = &line[at..];
            let Some(after) = rest
                .strip_prefix("https://")
                .or_else(|| rest.strip_prefix("http://"))
            else {
                continue;
            };
            let host: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                .collect();
            // "https://." in a sentence is no address.
            if !host.contains('.') || host.starts_with('.') {
                continue;
            }
            let url: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && !"\"'`)<>\\".contains(*c))
                .collect();
            if !HARMLESS_URL_PREFIXES.iter().any(|p| url.starts_with(p)) {
                found.push(url);
            }
        }
    }
    found
}

fn front_end_files(folder: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            front_end_files(&path, into);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["svelte", "ts", "js", "html", "css", "json"].contains(&e))
        {
            into.push(path);
        }
    }
}

/// The licence list that About shows (`npm-packages.json`, made by the front end's build)
/// names each package's repository as text to read, never a thing to load: those fields,
/// and only those, are left out of the search.
fn without_licence_repositories(file: &Path, text: &str) -> String {
    if file.file_name().and_then(|n| n.to_str()) != Some("npm-packages.json") {
        return text.to_owned();
    }
    let mut list: serde_json::Value = serde_json::from_str(text).expect("the licence list reads");
    if let Some(components) = list["components"].as_array_mut() {
        for component in components {
            if let Some(fields) = component.as_object_mut() {
                fields.remove("repository");
            }
        }
    }
    list.to_string()
}

#[test]
fn the_front_end_loads_nothing_from_the_internet() {
    let ui = here().join("../ui");
    let mut files = Vec::new();
    front_end_files(&ui.join("src"), &mut files);
    front_end_files(&ui.join("dist"), &mut files);
    files.push(ui.join("index.html"));
    assert!(
        files
            .iter()
            .filter(|f| f.starts_with(ui.join("src")))
            .count()
            > 20,
        "the front end's sources were not found"
    );
    let mut remote = Vec::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for url in remote_urls(&without_licence_repositories(file, &text)) {
            remote.push(format!("{}: {url}", file.display()));
        }
    }
    assert!(
        remote.is_empty(),
        "remote addresses in the front end:\n{}",
        remote.join("\n")
    );
}

#[test]
fn the_url_finder_finds_urls_and_skips_comments() {
    let text = "const a = \"https://cdn.example.net/x.js\";\n// see https://docs.example.net\n<img src='http://tracker.example.net/p.gif'>\nns = \"http://www.w3.org/2000/svg\"; \"starts with https://.\"";
    assert_eq!(
        remote_urls(text),
        [
            "https://cdn.example.net/x.js",
            "http://tracker.example.net/p.gif"
        ]
    );
}
