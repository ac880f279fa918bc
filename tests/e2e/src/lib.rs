//! A harness for driving the real Clubroom window: it starts Xvfb and tauri-driver itself,
//! launches the built app (target/debug/clubroom) in a WebDriver session with its own club
//! file and folders, and offers small steps that read like what a user does.
//!
//! Needs: Xvfb, WebKitWebDriver (Debian's webkit2gtk-driver), tauri-driver (cargo install),
//! the app built (`cargo build --workspace`) and the front end built (`npm run build` in ui/).
//! scripts/setup.sh installs all of these.

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub mod atspi;
pub mod keyboard;

/// WebDriver sessions run one at a time (one app window, one display). An async mutex, as the
/// guard is held across the whole test.
pub static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

fn app_binary() -> PathBuf {
    let path = std::env::var_os("CLUBROOM_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/clubroom"));
    assert!(
        path.exists(),
        "The app is not built at {}: run `cargo build --workspace` first.",
        path.display()
    );
    path
}

fn tauri_driver() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let installed = home.join(".cargo/bin/tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn free_display() -> u32 {
    (90..200)
        .find(|n| {
            let lock = format!("/tmp/.X{n}-lock");
            if held_by_a_dead_server(&lock) {
                // An Xvfb killed outright leaves its lock and socket behind.
                let _ = std::fs::remove_file(&lock);
                let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{n}"));
            }
            !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&lock).exists()
        })
        .expect("a free X display number")
}

/// Whether an X lock file names a process that is no longer running.
fn held_by_a_dead_server(lock: &str) -> bool {
    std::fs::read_to_string(lock)
        .ok()
        .and_then(|text| text.trim().parse::<u32>().ok())
        .is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists())
}

/// What the Register menu item opens (`App::register_or_choice`).
pub enum RegisterOpened {
    Register,
    /// More than one session today: the first of them to choose.
    Choice(Element),
}

/// Xvfb and tauri-driver, and the folders the app under test uses.
pub struct Harness {
    /// The X display the app runs on (`:N`).
    pub display: u32,
    xvfb: Child,
    driver: Child,
    port: u16,
    pub folder: tempfile::TempDir,
}

impl Harness {
    /// Starts a display and tauri-driver. `env` is passed to the app (through tauri-driver).
    pub fn start(env: &[(&str, &str)]) -> Harness {
        Harness::start_on_screen((1366, 800), env)
    }

    /// As `start`, on a screen of this size (width, height) in pixels.
    pub fn start_on_screen(screen: (u32, u32), env: &[(&str, &str)]) -> Harness {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let display = free_display();
        let xvfb = Command::new("Xvfb")
            .arg(format!(":{display}"))
            .args([
                "-screen",
                "0",
                &format!("{}x{}x24", screen.0, screen.1),
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts (install the xvfb package)");
        wait_for(
            || Path::new(&format!("/tmp/.X11-unix/X{display}")).exists(),
            "Xvfb to start",
        );

        let port = free_port();
        let native_port = free_port();
        let mut vars: HashMap<String, String> = HashMap::new();
        vars.insert("DISPLAY".into(), format!(":{display}"));
        vars.insert("GSETTINGS_BACKEND".into(), "memory".into());
        // Date fields show day/month/year, as on a British laptop (scripts/setup.sh makes the locale).
        vars.insert("LANG".into(), "en_GB.UTF-8".into());
        vars.insert("LC_ALL".into(), "en_GB.UTF-8".into());
        vars.insert(
            "XDG_DATA_HOME".into(),
            folder.path().join("data").display().to_string(),
        );
        vars.insert(
            "XDG_CONFIG_HOME".into(),
            folder.path().join("config").display().to_string(),
        );
        vars.insert(
            "CLUBROOM_SAVE_DIR".into(),
            folder.path().join("saved").display().to_string(),
        );
        std::fs::create_dir_all(folder.path().join("saved")).expect("a folder for saved files");
        for (key, value) in env {
            vars.insert((*key).into(), (*value).into());
        }
        let log =
            std::fs::File::create(folder.path().join("tauri-driver.log")).expect("a log file");
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .envs(&vars)
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("tauri-driver starts (cargo install tauri-driver --locked)");
        wait_for(
            || std::net::TcpStream::connect(("127.0.0.1", port)).is_ok(),
            "tauri-driver to listen",
        );
        Harness {
            display,
            xvfb,
            driver,
            port,
            folder,
        }
    }

    /// Opens the app: a new WebDriver session is a new app process.
    pub async fn launch(&self) -> App {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app_binary() }),
        );
        let mut last_error = String::new();
        for _ in 0..5 {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await
            {
                Ok(client) => {
                    let app = App { client };
                    app.wait_for_css("#app > *").await;
                    return app;
                }
                Err(error) => {
                    last_error = error.to_string();
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        panic!("The app did not start under WebDriver: {last_error}");
    }

    /// Asks the app's window (titled `title`) to close, as a window manager does when its
    /// close button is pressed: the ICCCM WM_DELETE_WINDOW message, which GTK turns into
    /// Tauri's CloseRequested. (WebDriver has no such command, and Xvfb runs no manager.)
    pub fn ask_window_to_close(&self, title: &str) {
        use x11_dl::xlib;
        let x = xlib::Xlib::open().expect("libX11 loads");
        let name = std::ffi::CString::new(format!(":{}", self.display)).expect("a display name");
        // SAFETY: plain Xlib calls on a display opened here and closed before returning;
        // every pointer Xlib hands back is freed with XFree.
        unsafe {
            let display = (x.XOpenDisplay)(name.as_ptr());
            assert!(!display.is_null(), "the test display opens");
            let root = (x.XDefaultRootWindow)(display);
            let window = window_named(&x, display, root, title)
                .unwrap_or_else(|| panic!("no window is titled {title}"));
            let protocols = (x.XInternAtom)(display, c"WM_PROTOCOLS".as_ptr(), 0);
            let delete = (x.XInternAtom)(display, c"WM_DELETE_WINDOW".as_ptr(), 0);
            let mut event: xlib::XEvent = std::mem::zeroed();
            event.client_message.type_ = xlib::ClientMessage;
            event.client_message.window = window;
            event.client_message.message_type = protocols;
            event.client_message.format = 32;
            event
                .client_message
                .data
                .set_long(0, delete as std::os::raw::c_long);
            event
                .client_message
                .data
                .set_long(1, xlib::CurrentTime as std::os::raw::c_long);
            (x.XSendEvent)(display, window, 0, xlib::NoEventMask, &mut event);
            (x.XFlush)(display);
            (x.XCloseDisplay)(display);
        }
    }

    pub fn saved_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.folder.path().join("saved"))
            .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort();
        files
    }

    /// The first file the app has saved (through `CLUBROOM_SAVE_DIR`) whose name ends in
    /// `.extension`, if there is one yet.
    pub fn saved_file(&self, extension: &str) -> Option<PathBuf> {
        self.saved_files()
            .into_iter()
            .find(|p| p.extension().is_some_and(|e| e == extension))
    }

    /// Waits until the app has saved a file ending in `.extension` (a return's PDF or
    /// workbook after its Save button) and gives its path.
    pub async fn wait_for_saved(&self, app: &App, extension: &str) -> PathBuf {
        app.wait_until(&format!("the {extension} file is saved"), async |_| {
            self.saved_file(extension).is_some()
        })
        .await;
        self.saved_file(extension)
            .expect("the file just seen is still there")
    }

    /// The demo club's file in the app's data folder, to read beside the running app through
    /// the core (the write-ahead log's companions left out).
    pub fn demo_file(&self) -> PathBuf {
        let folder = self.folder.path().join("data/uk.clubroom.desktop");
        std::fs::read_dir(&folder)
            .expect("the app's data folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                name.starts_with("demo-club.") && !name.ends_with("-wal") && !name.ends_with("-shm")
            })
            .expect("the demo club's file")
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver too (TOOLING.md).
        let _ = Command::new("kill")
            .args(["-TERM", &self.driver.id().to_string()])
            .status();
        let _ = self.driver.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// The first window under `parent` (depth first) whose title is `title`.
///
/// # Safety
/// `display` is an open Xlib display and `parent` a window on it.
unsafe fn window_named(
    x: &x11_dl::xlib::Xlib,
    display: *mut x11_dl::xlib::Display,
    parent: x11_dl::xlib::Window,
    title: &str,
) -> Option<x11_dl::xlib::Window> {
    unsafe {
        let mut name: *mut std::os::raw::c_char = std::ptr::null_mut();
        if (x.XFetchName)(display, parent, &mut name) != 0 && !name.is_null() {
            let matches = std::ffi::CStr::from_ptr(name).to_string_lossy() == title;
            (x.XFree)(name.cast());
            if matches {
                return Some(parent);
            }
        }
        let (mut root, mut up) = (0, 0);
        let mut children: *mut x11_dl::xlib::Window = std::ptr::null_mut();
        let mut count = 0;
        if (x.XQueryTree)(
            display,
            parent,
            &mut root,
            &mut up,
            &mut children,
            &mut count,
        ) == 0
        {
            return None;
        }
        let list = if children.is_null() {
            Vec::new()
        } else {
            std::slice::from_raw_parts(children, count as usize).to_vec()
        };
        if !children.is_null() {
            (x.XFree)(children.cast());
        }
        list.into_iter()
            .find_map(|child| window_named(x, display, child, title))
    }
}

fn wait_for(ready: impl Fn() -> bool, what: &str) {
    for _ in 0..100 {
        if ready() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("Timed out waiting for {what}");
}

/// The app window, driven by what a user does.
pub struct App {
    pub client: Client,
}

fn by_testid(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

impl App {
    /// Keys pressed and released in turn through the Actions API, as a keyboard does (keys
    /// sent to an element would not leave a WebKit date field).
    pub async fn press(&self, keys: &[Key]) {
        let mut actions = KeyActions::new("keyboard".into());
        for key in keys {
            let value: char = (*key).into();
            actions = actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value });
        }
        self.perform(actions).await;
    }

    /// Text typed a key at a time.
    pub async fn type_keys(&self, text: &str) {
        let mut actions = KeyActions::new("keyboard".into());
        for c in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.perform(actions).await;
    }

    /// A key pressed with modifiers held (Ctrl+N, Ctrl+Z, Shift+Tab).
    pub async fn chord(&self, modifiers: &[Key], key: char) {
        let mut actions = KeyActions::new("keyboard".into());
        for m in modifiers {
            actions = actions.then(KeyAction::Down { value: (*m).into() });
        }
        actions = actions
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        for m in modifiers.iter().rev() {
            actions = actions.then(KeyAction::Up { value: (*m).into() });
        }
        self.perform(actions).await;
    }

    async fn perform(&self, actions: KeyActions) {
        // tauri-driver now and then drops a request: a key sequence is retried only when it
        // was refused before it ran (an error), never resent after it ran.
        let mut last = None;
        for _ in 0..3 {
            match self.client.perform_actions(actions.clone()).await {
                Ok(()) => {
                    tokio::time::sleep(Duration::from_millis(150)).await;
                    return;
                }
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("keys were not sent: {last:?}");
    }

    pub async fn wait_for_css(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("Nothing matching {css} appeared: {e}"))
    }

    /// Waits for the element with this `data-testid` and returns it.
    pub async fn el(&self, testid: &str) -> Element {
        self.wait_for_css(&by_testid(testid)).await
    }

    pub async fn all(&self, testid: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(&by_testid(testid)))
            .await
            .expect("find_all works")
    }

    /// Waits for whichever the Register menu item opened: the register itself, or (more than
    /// one session today) the choice of session, however long the screen takes to load. (A
    /// fixed pause then a look for one of them failed whenever the screen was slower.)
    pub async fn register_or_choice(&self) -> RegisterOpened {
        for _ in 0..200 {
            if !self.all("register").await.is_empty() {
                return RegisterOpened::Register;
            }
            if let Ok(choice) = self.client.find(Locator::Css("button.choice")).await {
                return RegisterOpened::Choice(choice);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("neither the register nor the choice of session appeared within 20 s");
    }

    pub async fn click(&self, testid: &str) {
        let element = self.el(testid).await;
        wait_until_enabled(&element).await;
        // A control still scrolling into place, or under a toast that is leaving, cannot be
        // clicked for a moment: a person waits and clicks again, and so does this, for up to
        // five seconds, with the control brought to the middle of its scrolling area.
        let mut result = element.click().await;
        for _ in 0..25 {
            if result.is_ok() {
                break;
            }
            let _ = self
                .client
                .execute(
                    "arguments[0].scrollIntoView({ block: 'center' });",
                    vec![serde_json::to_value(&element).expect("element serialises")],
                )
                .await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            result = element.click().await;
        }
        if let Err(error) = result {
            let shot = std::env::temp_dir().join(format!("clubroom-e2e-{testid}.png"));
            if let Ok(png) = self.capture().await {
                let _ = std::fs::write(&shot, png);
            }
            panic!(
                "Could not click {testid}: {error:?} (screenshot: {})",
                shot.display()
            );
        }
    }

    /// Clicks an element found earlier (one of a list), first bringing it to the middle of
    /// its scrolling list, as a user scrolls to what they want to press.
    pub async fn click_element(&self, element: &Element) {
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![serde_json::to_value(element).expect("element serialises")],
            )
            .await
            .expect("scrolled");
        element.click().await.expect("clicked");
    }

    /// The current value of a form field (what the user sees in it).
    pub async fn value(&self, testid: &str) -> String {
        let field = self.el(testid).await;
        self.client
            .execute(
                "return arguments[0].value;",
                vec![serde_json::to_value(&field).expect("element serialises")],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Types into a text field as a user would.
    pub async fn type_into(&self, testid: &str, text: &str) {
        let field = self.el(testid).await;
        field.clear().await.expect("field clears");
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("Could not type into {testid}: {e}"));
    }

    /// Sets a date, time or select field (WebKitGTK has no date picker to type into), firing
    /// the same events a user's change would.
    pub async fn set(&self, testid: &str, value: &str) {
        let field = self.el(testid).await;
        wait_until_enabled(&field).await;
        self.client
            .execute(
                "const f = arguments[0]; f.value = arguments[1];
                 f.dispatchEvent(new Event('input', { bubbles: true }));
                 f.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![
                    serde_json::to_value(&field).expect("element serialises"),
                    json!(value),
                ],
            )
            .await
            .unwrap_or_else(|e| panic!("Could not set {testid}: {e}"));
    }

    /// Chooses the option of a select whose text is `label`, as a user picking from the list
    /// (waiting for the options, which some forms load a moment after they open).
    pub async fn choose(&self, testid: &str, label: &str) {
        for _ in 0..100 {
            let field = self.el(testid).await;
            wait_until_enabled(&field).await;
            let chosen = self
                .client
                .execute(
                    "const f = arguments[0];
                     const option = [...f.options].find(o => o.text.trim() === arguments[1]);
                     if (!option) return false;
                     f.value = option.value;
                     f.dispatchEvent(new Event('change', { bubbles: true }));
                     return true;",
                    vec![
                        serde_json::to_value(&field).expect("element serialises"),
                        json!(label),
                    ],
                )
                .await
                .unwrap_or_else(|e| panic!("Could not choose in {testid}: {e}"));
            if chosen == json!(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // What the field offers and any message on screen, so a failure says why.
        let offered = self
            .client
            .execute(
                "const f = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);
                 const toasts = [...document.querySelectorAll('[role=alert], [role=status]')]
                   .map(t => t.textContent.trim()).filter(t => t);
                 return { options: f ? [...f.options].map(o => o.text.trim()) : null, toasts };",
                vec![json!(testid)],
            )
            .await
            .unwrap_or_default();
        panic!("{testid} has no option “{label}”: {offered}");
    }

    pub async fn text(&self, testid: &str) -> String {
        self.el(testid).await.text().await.expect("text reads")
    }

    /// Waits until the element's text is `expected`.
    pub async fn wait_text(&self, testid: &str, expected: &str) {
        let mut seen = String::new();
        for _ in 0..100 {
            if let Ok(element) = self.client.find(Locator::Css(&by_testid(testid))).await {
                seen = element.text().await.unwrap_or_default();
                if seen.trim() == expected {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{testid} shows “{seen}”, not “{expected}”");
    }

    /// Waits until `check` holds, polling the page.
    pub async fn wait_until(&self, what: &str, check: impl AsyncFn(&App) -> bool) {
        for _ in 0..100 {
            if check(self).await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("Timed out waiting until {what}");
    }

    /// Closes any toasts, as a user would before looking at the screen.
    pub async fn dismiss_toasts(&self) {
        while let Ok(close) = self
            .client
            .find(Locator::Css(
                "[data-testid=\"toast\"] button[aria-label=\"Dismiss\"]",
            ))
            .await
        {
            if close.click().await.is_err() {
                break;
            }
        }
    }

    /// Scrolls the first element with this `data-testid` into view.
    pub async fn scroll_to(&self, testid: &str) {
        let element = self.el(testid).await;
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![serde_json::to_value(&element).expect("element serialises")],
            )
            .await
            .expect("scrolled");
    }

    /// The name of who is signed in, from the sidebar (None before anyone is).
    pub async fn signed_in(&self) -> Option<String> {
        let element = self
            .client
            .find(Locator::Css(&by_testid("signed-in")))
            .await
            .ok()?;
        element.attr("data-name").await.ok().flatten()
    }

    /// Signs in on the sign-in screen: taps the name, types the password or PIN, and waits
    /// until the sidebar names them.
    pub async fn sign_in(&self, name: &str, secret: &str) {
        self.el("sign-in").await;
        let mut tapped = false;
        for button in self.all("sign-in-name").await {
            if button.attr("data-name").await.ok().flatten().as_deref() == Some(name) {
                self.click_element(&button).await;
                tapped = true;
                break;
            }
        }
        assert!(tapped, "{name} is on the sign-in screen");
        self.type_into("sign-in-secret", secret).await;
        self.click("sign-in-submit").await;
        // Argon2 takes a moment; a refusal is reported as it reads.
        for _ in 0..200 {
            if self.signed_in().await.as_deref() == Some(name) {
                return;
            }
            if let Ok(refusal) = self
                .client
                .find(Locator::Css(&by_testid("sign-in-error")))
                .await
            {
                let shot = std::env::temp_dir().join("clubroom-e2e-sign-in.png");
                if let Ok(png) = self.capture().await {
                    let _ = std::fs::write(&shot, png);
                }
                panic!(
                    "Signing in as {name} was refused: {} (screenshot: {})",
                    refusal.text().await.unwrap_or_default(),
                    shot.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let shot = std::env::temp_dir().join("clubroom-e2e-sign-in.png");
        if let Ok(png) = self.capture().await {
            let _ = std::fs::write(&shot, png);
        }
        panic!(
            "Signing in as {name} did not finish (screenshot: {})",
            shot.display()
        );
    }

    /// WebDriver's screenshot of the window, as PNG bytes.
    ///
    /// The app draws its page without WebKit's compositor (src-tauri/src/lib.rs,
    /// `compositing_setting`), and WebKitGTK then answers a screenshot only after it next
    /// paints, which it does only when something on the page changes: on a still page (a
    /// dialog waiting for an answer, no caret blinking) the request was never answered
    /// (docs/performance.md, 7 December: "why WebDriver hung without the compositor"). So
    /// while it asks, the page's root gets a transparent outline toggled every 100 ms: a
    /// change that makes WebKit paint and that no pixel shows. Both are taken away after.
    pub async fn capture(&self) -> Result<Vec<u8>, fantoccini::error::CmdError> {
        let _ = self
            .client
            .execute(
                "clearInterval(window.__clubroomCaptureNudge);
                 window.__clubroomCaptureNudge = setInterval(() => {
                   const root = document.documentElement.style;
                   root.outline = root.outline ? '' : '1px solid transparent';
                 }, 100);",
                vec![],
            )
            .await;
        let png = self.client.screenshot().await;
        let _ = self
            .client
            .execute(
                "clearInterval(window.__clubroomCaptureNudge);
                 document.documentElement.style.outline = '';",
                vec![],
            )
            .await;
        png
    }

    /// Saves a screenshot of the window to docs/screenshots/NAME.png.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.capture().await.expect("a screenshot");
        let folder = workspace_root().join("docs/screenshots");
        std::fs::create_dir_all(&folder).expect("the screenshots folder");
        let path = folder.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("the screenshot is saved");
        path
    }

    /// Closes the app (ends the WebDriver session, which ends the process).
    pub async fn quit(self) {
        self.client.close().await.expect("the session closes");
    }
}

/// A control greyed out while the app works is waited for (up to five seconds), as a person
/// waits for it; scripts that set a value would otherwise change what no person could.
async fn wait_until_enabled(element: &Element) {
    for _ in 0..50 {
        if element.is_enabled().await.unwrap_or(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
