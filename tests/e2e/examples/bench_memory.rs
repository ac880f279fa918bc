//! The memory and start-up benchmark of docs/performance.md ("Memory and start-up"). Not a
//! test: it measures and prints. `scripts/bench-memory.sh` builds what it needs (the bare
//! Tauri window, the release app, the large demo club) and runs it:
//!
//!   bench_memory BARE_BINARY CLUBROOM_BINARY DEMO_CLUB_FILE [RUNS]
//!
//! For each binary, RUNS times, alone on a fresh Xvfb display:
//! 1. **Start-up**, launched plainly (no WebDriver): the time from starting the process until
//!    the screen stops changing for good (the first frame equal to the settled one; the
//!    screen is captured as fast as `import` can, which bounds the precision), then the
//!    proportional set size (PSS) of the whole process tree, 5 seconds after that.
//! 2. **Screens**, launched through WebDriver (tauri-driver, as the e2e tests do): PSS of the
//!    tree on the first screen, and for Clubroom after opening tonight's register and then
//!    the young people list (the bare window has only its first screen).
//!
//! Three programs: the bare window as Tauri and WebKitGTK start it (the floor of the issue),
//! the same bare window drawn without compositing (`WEBKIT_DISABLE_COMPOSITING_MODE=1`, the
//! setting Clubroom starts its window with: the floor on Clubroom's own terms), and Clubroom.
//!
//! PSS is summed from /proc/PID/smaps_rollup over the app and every process under it
//! (WebKitNetworkProcess, WebKitWebProcess): shared pages are split between the processes
//! sharing them, so the sum is what the tree costs the machine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clubroom_e2e::{App, Harness};

const TODAY: &str = "2026-11-24";
/// How long a screen is left to settle before its memory is read.
const SETTLE: Duration = Duration::from_secs(5);
/// How long a plain launch may take to draw before the run gives up.
const DRAW_LIMIT: Duration = Duration::from_secs(30);

/// Kibibytes of PSS by process kind, over one process tree.
type Breakdown = BTreeMap<String, u64>;

/// The variable by which WebKitGTK draws without compositing; Clubroom sets it to "1" for
/// itself (src-tauri/src/lib.rs, `compositing_setting`) unless it is already set.
const COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// A program measured: its name, its binary and the environment it starts with.
type Program<'a> = (&'static str, &'a Path, Vec<(&'static str, &'static str)>);

/// "bare" as Tauri starts it, "bare-no-compositing" with Clubroom's setting, and Clubroom.
fn programs<'a>(bare: &'a Path, clubroom: &'a Path) -> [Program<'a>; 3] {
    [
        ("bare", bare, vec![(COMPOSITING, "0")]),
        ("bare-no-compositing", bare, vec![(COMPOSITING, "1")]),
        ("clubroom", clubroom, vec![]),
    ]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: bench_memory BARE_BINARY CLUBROOM_BINARY DEMO_CLUB_FILE [RUNS]");
        std::process::exit(2);
    }
    let bare = absolute(&args[0]);
    let clubroom = absolute(&args[1]);
    let demo = absolute(&args[2]);
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(3);
    if args.get(4).is_some_and(|a| a == "start-only") {
        return starts_only(&bare, &clubroom, &demo, runs);
    }

    let mut results: BTreeMap<String, Vec<Breakdown>> = BTreeMap::new();
    let mut starts: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for run in 1..=runs {
        for (name, binary, env) in programs(&bare, &clubroom) {
            let folder = tempfile::tempdir().expect("a temporary folder");
            let club = copy_demo(&demo, folder.path());
            let (drawn, memory) = plain_launch(binary, &env, folder.path(), &club);
            println!(
                "run {run} {name} plain: first screen drawn {drawn:.2} s, tree {}",
                show(&memory)
            );
            starts.entry(name.into()).or_default().push(drawn);
            results
                .entry(format!("{name}: first screen (plain launch)"))
                .or_default()
                .push(memory);
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        for (name, binary, env) in programs(&bare, &clubroom) {
            let folder = tempfile::tempdir().expect("a temporary folder");
            let club = copy_demo(&demo, folder.path());
            for (screen, memory) in
                runtime.block_on(driven(binary, &env, &club, name == "clubroom"))
            {
                println!("run {run} {name} driven, {screen}: tree {}", show(&memory));
                results
                    .entry(format!("{name}: {screen} (WebDriver)"))
                    .or_default()
                    .push(memory);
            }
        }
    }

    println!("\nMedians of {runs} runs (PSS in MB = 1,000,000 bytes; times in seconds):");
    for (name, times) in &starts {
        println!("{name}: first screen drawn {:.2} s", median_f(times));
    }
    for (label, runs) in &results {
        let mut kinds: Vec<String> = runs.iter().flat_map(|b| b.keys().cloned()).collect();
        kinds.sort();
        kinds.dedup();
        let total = median(&runs.iter().map(|b| b.values().sum()).collect::<Vec<u64>>());
        let parts: Vec<String> = kinds
            .iter()
            .map(|k| {
                let values: Vec<u64> = runs.iter().map(|b| *b.get(k).unwrap_or(&0)).collect();
                format!("{k} {}", mb(median(&values)))
            })
            .collect();
        println!("{label}: total {} ({})", mb(total), parts.join(", "));
    }
}

/// Only the start, through WebDriver, RUNS times: where the time to the first screen went,
/// for the bare window drawn as Clubroom draws and for Clubroom (a quicker look while
/// working on the start; `bench_memory ... RUNS start-only`).
fn starts_only(bare: &Path, clubroom: &Path, demo: &Path, runs: usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    for run in 1..=runs {
        for (name, binary, env) in programs(bare, clubroom) {
            if name == "bare" {
                continue;
            }
            let folder = tempfile::tempdir().expect("a temporary folder");
            let club = copy_demo(demo, folder.path());
            println!("run {run} {name}:");
            runtime.block_on(start_through_webdriver(
                binary,
                &env,
                &club,
                name == "clubroom",
            ));
        }
    }
}

async fn start_through_webdriver(
    binary: &Path,
    env: &[(&str, &str)],
    club: &Path,
    is_clubroom: bool,
) {
    let (_harness, app, pid) = launched(binary, env, club).await;
    report_the_start(&app, pid, is_clubroom).await;
    app.quit().await;
}

/// `binary` started through WebDriver on its own display, with `club` as its club file: the
/// harness (kept while the app runs), the app and its process id.
async fn launched(binary: &Path, env: &[(&str, &str)], club: &Path) -> (Harness, App, u32) {
    // The harness reads the binary to launch from CLUBROOM_APP when it opens a session; this
    // program runs on one thread and sets it before anything reads it.
    unsafe { std::env::set_var("CLUBROOM_APP", binary) };
    let club = club.display().to_string();
    let mut vars = vec![("CLUBROOM_TODAY", TODAY), ("CLUBROOM_DB", club.as_str())];
    vars.extend(env.iter().copied());
    let harness = Harness::start(&vars);
    let app = harness.launch().await;
    let pid = process_of(binary).expect("the app is running");
    (harness, app, pid)
}

/// Clubroom's first screen, waited for, and when it was drawn; for both programs, where
/// the start went.
async fn report_the_start(app: &App, pid: u32, is_clubroom: bool) {
    if is_clubroom {
        app.el("today-session").await;
        match first_screen_after_start(app, pid).await {
            Some(seconds) => println!(
                "  first screen drawn {seconds:.2} s after the process started (the UI's mark)"
            ),
            None => println!("  the UI recorded no first-screen mark (a build before it had one)"),
        }
    }
    where_the_start_went(app, pid).await;
}

/// A script's answer that is JSON in a string, read.
fn json_in(answer: serde_json::Value) -> Option<serde_json::Value> {
    serde_json::from_str(answer.as_str()?).ok()
}

fn absolute(path: &str) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Each run opens its own copy, so no run sees another's changes (a WAL, a mark).
fn copy_demo(demo: &Path, folder: &Path) -> PathBuf {
    let club = folder.join("demo-club.sqlite3");
    std::fs::copy(demo, &club).expect("the demo club copies");
    club
}

fn mb(kib: u64) -> String {
    format!("{:.0} MB", kib as f64 * 1024.0 / 1_000_000.0)
}

fn show(memory: &Breakdown) -> String {
    let parts: Vec<String> = memory
        .iter()
        .map(|(k, v)| format!("{k} {}", mb(*v)))
        .collect();
    format!(
        "{} ({})",
        mb(memory.values().sum::<u64>()),
        parts.join(", ")
    )
}

fn median(values: &[u64]) -> u64 {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted[sorted.len() / 2]
}

fn median_f(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

// ---- processes and their memory ----

/// The parent of each running process.
fn parents() -> BTreeMap<u32, u32> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ppid ...": the name may hold spaces, so read after its ")".
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 2..]) else {
            continue;
        };
        if let Some(ppid) = after.split(' ').nth(1).and_then(|p| p.parse().ok()) {
            found.insert(pid, ppid);
        }
    }
    found
}

/// The process and everything under it.
fn tree(root: u32) -> Vec<u32> {
    let parents = parents();
    let mut members = vec![root];
    let mut i = 0;
    while i < members.len() {
        let parent = members[i];
        members.extend(
            parents
                .iter()
                .filter(|(_, p)| **p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    members
}

fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// "app" for the root, else the process's own name (WebKitWebProcess, ...).
fn memory_of_tree(root: u32) -> Breakdown {
    let mut memory = Breakdown::new();
    for pid in tree(root) {
        let kind = if pid == root {
            "app".to_owned()
        } else {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .map(|c| c.trim().to_owned())
                .unwrap_or_else(|_| "other".into())
        };
        *memory.entry(kind).or_default() += pss_kib(pid);
    }
    memory
}

/// The running process whose program is `binary` (one at a time in this benchmark).
fn process_of(binary: &Path) -> Option<u32> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse::<u32>().ok())
        .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary))
}

// ---- a plain launch: start-up time and the first screen's memory ----

struct Display {
    number: u32,
    server: Child,
}

impl Display {
    fn start() -> Display {
        let number = (300..400)
            .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
            .expect("a free display");
        let server = Command::new("Xvfb")
            .arg(format!(":{number}"))
            .args(["-screen", "0", "1366x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let started = Instant::now();
        while !Path::new(&format!("/tmp/.X11-unix/X{number}")).exists() {
            assert!(started.elapsed() < Duration::from_secs(20), "Xvfb started");
            std::thread::sleep(Duration::from_millis(50));
        }
        Display { number, server }
    }

    /// A fingerprint of what the screen shows now.
    fn frame(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let output = Command::new("import")
            .args(["-display", &format!(":{}", self.number)])
            .args(["-window", "root", "-depth", "8", "rgb:-"])
            .stderr(Stdio::null())
            .output()
            .expect("import (ImageMagick) runs");
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        output.stdout.hash(&mut hasher);
        hasher.finish()
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

// `stop` waits for the app on every path out; clippy cannot see into it.
#[allow(clippy::zombie_processes)]
fn plain_launch(
    binary: &Path,
    env: &[(&str, &str)],
    folder: &Path,
    club: &Path,
) -> (f64, Breakdown) {
    let display = Display::start();
    let blank = display.frame();
    let started = Instant::now();
    let mut app = Command::new(binary)
        .env("DISPLAY", format!(":{}", display.number))
        .env("GSETTINGS_BACKEND", "memory")
        .env("LANG", "en_GB.UTF-8")
        .env("XDG_DATA_HOME", folder.join("data"))
        .env("XDG_CONFIG_HOME", folder.join("config"))
        .env("CLUBROOM_DB", club)
        .env("CLUBROOM_TODAY", TODAY)
        // The bare window's entries say how it draws; Clubroom makes its own choice (unless
        // this benchmark was itself started with the variable set, which it then inherits).
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the app starts");
    // Frames until the screen has held still for SETTLE after first changing.
    let mut frames: Vec<(f64, u64)> = Vec::new();
    loop {
        let at = started.elapsed();
        let frame = display.frame();
        frames.push((at.as_secs_f64(), frame));
        let changed = frames.iter().any(|(_, f)| *f != blank);
        let still_since = frames
            .iter()
            .rposition(|(_, f)| *f != frame)
            .map_or(0.0, |i| frames[i + 1].0);
        if changed && frame != blank && at.as_secs_f64() - still_since >= SETTLE.as_secs_f64() {
            let drawn = still_since;
            let memory = memory_of_tree(app.id());
            stop(&mut app);
            return (drawn, memory);
        }
        if at >= DRAW_LIMIT {
            stop(&mut app);
            panic!("{} drew nothing steady in {DRAW_LIMIT:?}", binary.display());
        }
    }
}

fn stop(app: &mut Child) {
    let _ = Command::new("kill").arg(app.id().to_string()).status();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(5) {
        if let Ok(Some(_)) = app.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = app.kill();
    let _ = app.wait();
}

// ---- through WebDriver: the screens ----

async fn driven(
    binary: &Path,
    env: &[(&str, &str)],
    club: &Path,
    is_clubroom: bool,
) -> Vec<(String, Breakdown)> {
    let (_harness, app, pid) = launched(binary, env, club).await;
    let mut seen = Vec::new();
    report_the_start(&app, pid, is_clubroom).await;
    tokio::time::sleep(SETTLE).await;
    seen.push(("first screen".to_owned(), memory_of_tree(pid)));
    if is_clubroom {
        open_register_and_list(&app).await;
        seen.push(("register".to_owned(), memory_of_tree(pid)));
        app.click("nav-young-people").await;
        app.wait_until("the list fills", async |app: &App| {
            app.all("yp-row").await.len() > 20
        })
        .await;
        tokio::time::sleep(SETTLE).await;
        seen.push(("register then young people".to_owned(), memory_of_tree(pid)));
        scroll_smoothly(&app, "yp-row", "the young people list").await;
    }
    app.quit().await;
    seen
}

/// Seconds from the app's process starting to the first screen drawn, as the UI marks it
/// (`clubroom-first-screen`, performance.mark'd by main.ts once the home screen's data is on
/// screen and a frame has been painted), read through WebDriver as wall-clock time
/// (`performance.timeOrigin` plus the mark) against the process's start time from /proc
/// (clock ticks after boot, so to 10 ms here). WebDriver only reads the mark afterwards, so
/// its own slowness is not counted; starting the process through tauri-driver is.
async fn first_screen_after_start(app: &App, pid: u32) -> Option<f64> {
    // The mark follows the screen by a frame or two: asked for until it is there (10 s).
    for _ in 0..100 {
        let marked_ms = app
            .client
            .execute(
                "const m = performance.getEntriesByName('clubroom-first-screen')[0];
                 return m ? performance.timeOrigin + m.startTime : null;",
                vec![],
            )
            .await
            .ok()?
            .as_f64();
        if let Some(marked_ms) = marked_ms {
            return Some(marked_ms / 1000.0 - process_started_at(pid)?);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

/// Where the time to the first screen went, as the page itself recorded it: when its clock
/// started after the process did (Tauri, GTK and WebKit starting, the web process made),
/// then, in milliseconds on the page's clock, the page and each file and request it loaded
/// (the window's calls to the app are requests too) and the marks the UI makes on the way
/// (ui/src/lib/startup.ts).
async fn where_the_start_went(app: &App, pid: u32) {
    let script = "const nav = performance.getEntriesByType('navigation')[0];
        return JSON.stringify({
          origin: performance.timeOrigin,
          nav: nav ? [nav.responseEnd, nav.domInteractive, nav.domContentLoadedEventEnd, nav.loadEventEnd] : null,
          resources: performance.getEntriesByType('resource').map(r => [r.name, r.startTime, r.responseEnd]),
          marks: performance.getEntriesByType('mark').map(m => [m.name, m.startTime]),
        });";
    let Some(timings) = app
        .client
        .execute(script, vec![])
        .await
        .ok()
        .and_then(json_in)
    else {
        return;
    };
    let started = process_started_at(pid);
    if let (Some(origin), Some(started)) = (timings["origin"].as_f64(), started) {
        println!(
            "    the page's clock started {:.2} s after the process",
            origin / 1000.0 - started
        );
    }
    let ms = |v: &serde_json::Value| v.as_f64().map_or("?".to_owned(), |x| format!("{x:.0}"));
    if let Some(nav) = timings["nav"].as_array() {
        println!(
            "    page (ms on its clock): fetched {}, parsed {}, DOMContentLoaded {}, loaded {}",
            ms(&nav[0]),
            ms(&nav[1]),
            ms(&nav[2]),
            ms(&nav[3])
        );
    }
    for resource in timings["resources"].as_array().into_iter().flatten() {
        let name = resource[0].as_str().unwrap_or("?");
        let short = name.rsplit('/').next().unwrap_or(name);
        println!("    {short}: {} to {}", ms(&resource[1]), ms(&resource[2]));
    }
    for mark in timings["marks"].as_array().into_iter().flatten() {
        println!(
            "    mark {}: {}",
            mark[0].as_str().unwrap_or("?"),
            ms(&mark[1])
        );
    }
}

/// When a process started, in seconds since the Unix epoch: its start in clock ticks after
/// boot (/proc/PID/stat, field 22) against the time since boot now (/proc/uptime, to 10 ms;
/// /proc/stat's boot time is only to the second).
fn process_started_at(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the name's ")": state is field 3, so starttime (22) is the 20th here.
    let ticks: f64 = stat[stat.rfind(')')? + 2..]
        .split(' ')
        .nth(19)?
        .parse()
        .ok()?;
    let hertz = Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        })
        .unwrap_or(100.0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs_f64();
    let up: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(now - (up - ticks / hertz))
}

async fn open_register_and_list(app: &App) {
    app.click("open-register").await;
    app.wait_until("the register fills", async |app: &App| {
        app.all("register-entry").await.len() > 5
    })
    .await;
    tokio::time::sleep(SETTLE).await;
    scroll_smoothly(app, "register-entry", "tonight's register").await;
}

/// Whether a list stays smooth: the scrolling element holding the rows `row` is scrolled
/// from top to bottom in 120 steps, one step per frame, as a wheel or a held arrow key
/// would, and each frame's time (from one frame callback to the next: the scroll, the
/// layout and the painting of that frame) is recorded. At 60 frames a second a frame takes
/// 16.7 ms; one over 50 ms is a stutter a person sees. Prints the median, the 95th
/// percentile, the longest and how many went over 50 ms.
async fn scroll_smoothly(app: &App, row: &str, what: &str) {
    let script = "const [row, done] = [arguments[0], arguments[arguments.length - 1]];
        let list = document.querySelector(`[data-testid=\"${row}\"]`);
        while (list && !(list.scrollHeight > list.clientHeight + 1 &&
               /(auto|scroll)/.test(getComputedStyle(list).overflowY))) list = list.parentElement;
        list = list || document.scrollingElement;
        const range = list.scrollHeight - list.clientHeight;
        const rows = document.querySelectorAll(`[data-testid=\"${row}\"]`).length;
        const times = [];
        let last = null, step = 0;
        list.scrollTop = 0;
        const frame = (now) => {
          if (last !== null) times.push(now - last);
          last = now;
          if (step > 120) { done(JSON.stringify({ range, rows, times })); return; }
          list.scrollTop = range * step / 120;
          step += 1;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);";
    let Ok(answer) = app
        .client
        .execute_async(script, vec![serde_json::json!(row)])
        .await
    else {
        println!("  scrolling {what}: could not be measured");
        return;
    };
    let Some(found) = json_in(answer) else {
        return;
    };
    let mut times: Vec<f64> = found["times"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    if times.is_empty() {
        return;
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "  scrolling {what} ({} rows drawn, {:.0} px): {} frames, median {:.1} ms, \
         95th percentile {:.1} ms, longest {:.1} ms, {} over 50 ms",
        found["rows"],
        found["range"].as_f64().unwrap_or(0.0),
        times.len(),
        at(0.5),
        at(0.95),
        times[times.len() - 1],
        times.iter().filter(|t| **t > 50.0).count()
    );
}
