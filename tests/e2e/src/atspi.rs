//! The window as a screen reader gets it: on Linux, WebKitGTK exposes the page over AT-SPI,
//! an accessibility bus on D-Bus, and Orca reads that bus, not the DOM. This starts a private
//! D-Bus session (whose at-spi-bus-launcher starts the accessibility bus on first use), tells
//! it that a screen reader is running, and reads the app's tree through
//! `tests/e2e/atspi/tree.py` (libatspi, the library Orca itself uses, through python3-gi).
//!
//! Needs: dbus-daemon and dbus-send (dbus-daemon, dbus-bin), at-spi2-core, python3-gi and
//! gir1.2-atspi-2.0; scripts/setup.sh installs them.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::workspace_root;

/// The system's Python: the one whose `gi` module and Atspi typelib come from Debian's
/// packages (a Python of pyenv or a virtualenv has neither).
const PYTHON: &str = "/usr/bin/python3";

/// A D-Bus session bus of the test's own, with the accessibility bus behind it.
pub struct AccessibilityBus {
    daemon: Child,
    /// The address the app (and the reader) connect to: DBUS_SESSION_BUS_ADDRESS.
    pub address: String,
    /// XDG_RUNTIME_DIR of the bus, so at-spi-bus-launcher puts its socket here and not in a
    /// folder another test's bus shares.
    folder: tempfile::TempDir,
}

impl AccessibilityBus {
    /// Starts the session bus and switches accessibility on, as a desktop does when its
    /// screen reader is turned on (org.a11y.Status: IsEnabled and ScreenReaderEnabled).
    pub fn start() -> AccessibilityBus {
        let folder = tempfile::tempdir().expect("a folder for the bus");
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .env("XDG_RUNTIME_DIR", folder.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts (install the dbus-daemon package)");
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().expect("the daemon's output"))
            .read_line(&mut line)
            .expect("dbus-daemon prints its address");
        let address = line.trim().to_owned();
        assert!(!address.is_empty(), "dbus-daemon printed no address");
        let bus = AccessibilityBus {
            daemon,
            address,
            folder,
        };
        for property in ["IsEnabled", "ScreenReaderEnabled"] {
            bus.send(&[
                "--dest=org.a11y.Bus",
                "/org/a11y/bus",
                "org.freedesktop.DBus.Properties.Set",
                "string:org.a11y.Status",
                &format!("string:{property}"),
                "variant:boolean:true",
            ]);
        }
        bus
    }

    /// What the app needs to find the bus (pass it to `Harness::start`).
    pub fn env(&self) -> (&'static str, &str) {
        ("DBUS_SESSION_BUS_ADDRESS", &self.address)
    }

    fn send(&self, args: &[&str]) {
        let status = Command::new("dbus-send")
            .args(["--session", "--print-reply"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("XDG_RUNTIME_DIR", self.folder.path())
            .stdout(Stdio::null())
            .status()
            .expect("dbus-send runs (install the dbus-bin package)");
        assert!(status.success(), "dbus-send {args:?} failed");
    }

    /// The whole accessibility tree of the application named `app` (GTK names it after the
    /// program: "clubroom"), as a screen reader reads it now.
    pub fn tree(&self, app: &str) -> Node {
        let script = workspace_root().join("tests/e2e/atspi/tree.py");
        let output = Command::new(PYTHON)
            .arg(&script)
            .args([app, "30"])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("XDG_RUNTIME_DIR", self.folder.path())
            .output()
            .unwrap_or_else(|e| panic!("{PYTHON} runs {}: {e}", script.display()));
        assert!(
            output.status.success(),
            "the accessibility tree could not be read: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: Value =
            serde_json::from_slice(&output.stdout).expect("tree.py prints one JSON object");
        Node::from_json(&json)
    }

    /// Reads the tree until `ready` holds (the page's tree follows the DOM a moment later),
    /// for up to 20 seconds; then returns the last tree read for the test to report on.
    pub async fn tree_when(&self, app: &str, ready: impl Fn(&Node) -> bool) -> Node {
        let mut tree = self.tree(app);
        for _ in 0..40 {
            if ready(&tree) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
            tree = self.tree(app);
        }
        tree
    }
}

impl Drop for AccessibilityBus {
    fn drop(&mut self) {
        // at-spi-bus-launcher (and the accessibility bus and registry it started) leave when
        // the session bus they were started from goes.
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// One node of the accessibility tree: what a screen reader announces of it.
#[derive(Debug, Clone)]
pub struct Node {
    /// AT-SPI's role name: "push button", "list item", "entry", "dialog", "landmark"...
    pub role: String,
    /// The accessible name, read first.
    pub name: String,
    /// The accessible description, read after a pause (aria-describedby, a title).
    pub description: String,
    /// The state names: "focused", "focusable", "modal", "visible"...
    pub states: Vec<String>,
    /// The toolkit's attributes; WebKit gives "tag", "computed-role", "xml-roles".
    pub attributes: serde_json::Map<String, Value>,
    /// The node's own text, where it has any (children's places blanked).
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    fn from_json(json: &Value) -> Node {
        let string = |key: &str| json[key].as_str().unwrap_or_default().to_owned();
        Node {
            role: string("role"),
            name: string("name"),
            description: string("description"),
            text: string("text"),
            states: json["states"]
                .as_array()
                .map(|states| {
                    states
                        .iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            attributes: json["attributes"].as_object().cloned().unwrap_or_default(),
            children: json["children"]
                .as_array()
                .map(|children| children.iter().map(Node::from_json).collect())
                .unwrap_or_default(),
        }
    }

    /// This node and every node under it, depth first.
    pub fn all(&self) -> Vec<&Node> {
        let mut found = vec![self];
        for child in &self.children {
            found.extend(child.all());
        }
        found
    }

    /// Every node (this one included) for which `wanted` holds.
    pub fn find_all(&self, wanted: impl Fn(&Node) -> bool) -> Vec<&Node> {
        self.all().into_iter().filter(|n| wanted(n)).collect()
    }

    /// The first node with this role and name.
    pub fn find(&self, role: &str, name: &str) -> Option<&Node> {
        self.all()
            .into_iter()
            .find(|n| n.role == role && n.name == name)
    }

    pub fn has_state(&self, state: &str) -> bool {
        self.states.iter().any(|s| s == state)
    }

    /// The HTML tag WebKit says the node came from ("button", "nav", "li").
    pub fn tag(&self) -> &str {
        self.attributes
            .get("tag")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// All the words a reader finds in this node and under it: names and text, in order,
    /// spaces squeezed.
    pub fn words(&self) -> String {
        let mut parts = Vec::new();
        for node in self.all() {
            for part in [&node.name, &node.text] {
                if !part.trim().is_empty() {
                    parts.push(part.trim().to_owned());
                }
            }
        }
        parts
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// An outline of the tree (role, "name", text), one node a line, for a failing test's
    /// message and for reading what the reader gets.
    pub fn outline(&self) -> String {
        let mut lines = String::new();
        self.outline_into(0, &mut lines);
        lines
    }

    fn outline_into(&self, depth: usize, lines: &mut String) {
        lines.push_str(&format!(
            "{}{} {:?}{}{}\n",
            "  ".repeat(depth),
            self.role,
            self.name,
            if self.description.is_empty() {
                String::new()
            } else {
                format!(" (description {:?})", self.description)
            },
            if self.text.is_empty() || self.text == self.name {
                String::new()
            } else {
                format!(" text {:?}", self.text)
            },
        ));
        for child in &self.children {
            child.outline_into(depth + 1, lines);
        }
    }
}
