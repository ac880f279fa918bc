//! Sending summaries to real destinations started by the tests: a folder, and real WebDAV
//! servers: WsgiDAV from PyPI (installed by ./scripts/setup.sh), and Apache httpd's mod_dav
//! from Debian on a tiny filesystem of its own, for a server that is really full (507).
//! Small responders written here stand in only for what no real server does on demand: a
//! connection cut half-way, and a server without MOVE.
//! Time is passed in, so the back-off is stepped through without waiting.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::TimeZone;

use super::*;
use crate::fixtures::{Club, date};
use crate::organisation::{self, Organisation};
use crate::vocab::SessionType;

const USER: &str = "club";
const PASSWORD: &str = "correct horse battery staple";

fn quarter() -> Period {
    Period::new(date("2026-04-01"), date("2026-06-30")).unwrap()
}

fn today() -> NaiveDate {
    date("2026-07-02")
}

fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 2, hour, minute, 0).unwrap()
}

/// A member club with a few young people in the quarter.
fn club() -> Club {
    club_in(Store::open_in_memory().unwrap())
}

fn club_in(store: Store) -> Club {
    let mut club = Club::with_store(store);
    let mut details = Organisation::new("St Mary's Youth Club");
    details.lyp_member_code = Some("COV-0042".to_owned());
    club.store
        .write(|tx| organisation::save(tx, &details))
        .unwrap();
    let session = club.session("2026-05-05", "18:00", "20:00", SessionType::OpenAccess);
    for n in 0..7 {
        let person = club.young_person("Test", &format!("Person{n}"), Some("2012-01-01"));
        club.mark(session, person);
    }
    club
}

fn folder_destination(folder: &Path) -> Destination {
    Destination {
        kind: DestinationKind::Folder,
        location: folder.display().to_string(),
        user_name: None,
        calendar: Calendar::Quarterly,
        custom_periods: Vec::new(),
    }
}

fn webdav_destination(url: &str) -> Destination {
    Destination {
        kind: DestinationKind::Webdav,
        location: url.to_owned(),
        user_name: Some(USER.to_owned()),
        calendar: Calendar::Quarterly,
        custom_periods: Vec::new(),
    }
}

fn set(club: &mut Club, destination: &Destination) -> Destination {
    club.store
        .write(|tx| set_destination(tx, destination, at(9, 0)))
        .unwrap()
}

fn queue_quarter(club: &mut Club, now: DateTime<Utc>) -> OutboxEntry {
    club.store
        .write(|tx| queue(tx, quarter(), today(), now, false))
        .unwrap()
}

fn deliver_all(club: &mut Club, now: DateTime<Utc>, password: &str) -> Vec<OutboxEntry> {
    deliver_waiting(&mut club.store, Which::All, || now, Some(password)).unwrap()
}

/// The files of the (only) outbox entry, as queued.
fn queued_files(club: &Club) -> Vec<SummaryFile> {
    let entry = &outbox(club.store.conn()).unwrap()[0];
    files_of(club.store.conn(), entry.id).unwrap()
}

/// The names in a folder, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every queued file is at the destination, byte for byte, and nothing else is.
fn assert_delivered(folder: &Path, files: &[SummaryFile]) {
    let mut expected: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    expected.sort();
    assert_eq!(names_in(folder), expected, "exactly the three files, once");
    for file in files {
        assert_eq!(
            std::fs::read(folder.join(&file.name)).unwrap(),
            file.bytes,
            "{} arrived unchanged",
            file.name
        );
    }
}

// ---------------------------------------------------------------------------------------
// A real WebDAV server

/// The WsgiDAV that ./scripts/setup.sh installs, else `CLUBROOM_WSGIDAV`.
fn wsgidav() -> PathBuf {
    if let Some(path) = std::env::var_os("CLUBROOM_WSGIDAV") {
        return PathBuf::from(path);
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/tools/wsgidav/bin/wsgidav");
    assert!(
        path.exists(),
        "The WebDAV tests need WsgiDAV (a real WebDAV server from PyPI). Run ./scripts/setup.sh \
         (it installs it into target/tools/wsgidav), or set CLUBROOM_WSGIDAV to its path."
    );
    path
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// WsgiDAV serving a temporary folder on a port, with one user; stopped when dropped.
struct DavServer {
    child: Child,
    root: tempfile::TempDir,
    port: u16,
    _config: tempfile::TempDir,
}

impl DavServer {
    fn start() -> DavServer {
        DavServer::start_on(free_port())
    }

    fn start_on(port: u16) -> DavServer {
        let root = tempfile::tempdir().unwrap();
        let config = tempfile::tempdir().unwrap();
        let file = config.path().join("wsgidav.yaml");
        std::fs::write(&file, dav_config(port, root.path())).unwrap();
        let child = Command::new(wsgidav())
            .arg("--config")
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("WsgiDAV starts");
        let server = DavServer {
            child,
            root,
            port,
            _config: config,
        };
        server.wait_until_listening();
        server
    }

    fn wait_until_listening(&self) {
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("WsgiDAV did not start listening on port {}", self.port);
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/summaries/", self.port)
    }

    /// The folder the WebDAV address points at (it must exist: the partnership made it).
    fn folder(&self) -> PathBuf {
        let folder = self.root.path().join("summaries");
        std::fs::create_dir_all(&folder).unwrap();
        folder
    }
}

impl Drop for DavServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dav_config(port: u16, root: &Path) -> String {
    format!(
        r#"host: 127.0.0.1
port: {port}
server: cheroot
provider_mapping:
  "/": "{root}"
http_authenticator:
  domain_controller: null
  accept_basic: true
  accept_digest: false
  default_to_digest: false
simple_dc:
  user_mapping:
    "*":
      "{USER}":
        password: "{PASSWORD}"
verbose: 0
"#,
        root = root.display()
    )
}

// ---------------------------------------------------------------------------------------
// A real WebDAV server whose disk is full

/// Apache httpd (Debian's apache2-bin), else `CLUBROOM_APACHE`.
fn apache() -> PathBuf {
    let path = std::env::var_os("CLUBROOM_APACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/sbin/apache2"));
    assert!(
        path.exists(),
        "The full-server test needs Apache httpd with mod_dav (Debian's apache2-bin). Run \
         ./scripts/setup.sh, or set CLUBROOM_APACHE to its path."
    );
    path
}

/// Apache's mod_dav_fs serving a 64 KiB filesystem (tmpfs) that a filler file has used up,
/// so every upload meets a real "No space left on device" and Apache answers 507. The small
/// filesystem is mounted in a mount namespace of the server's own (`unshare --mount`), so it
/// vanishes with the server and the machine never sees it; the test reaches it through
/// /proc/PID/root. Mounting needs root, as on the CI machine.
struct FullDavServer {
    child: Child,
    port: u16,
    root: PathBuf,
    _dir: tempfile::TempDir,
}

impl FullDavServer {
    const SIZE: usize = 64 * 1024;

    fn start() -> FullDavServer {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        let conf = dir.path().join("conf");
        for folder in [dir.path(), &root, &conf] {
            std::fs::create_dir_all(folder).unwrap();
            open_to_everyone(folder);
        }
        let port = free_port();
        std::fs::write(conf.join("httpd.conf"), apache_config(port, &root, &conf)).unwrap();
        // Mount, fill, then run Apache as `nobody`: it will not serve as root.
        let script = format!(
            "mount -t tmpfs -o size={size},mode=0777 clubroom-full '{root}' \
             && mkdir -m 0777 '{root}/summaries' \
             && (head -c {size} /dev/zero > '{root}/filler' || true) \
             && exec setpriv --reuid=65534 --regid=65534 --clear-groups '{apache}' -X -f '{conf}/httpd.conf'",
            size = FullDavServer::SIZE,
            root = root.display(),
            conf = conf.display(),
            apache = apache().display(),
        );
        let child = Command::new("unshare")
            .args(["--mount", "--propagation", "private", "sh", "-c", &script])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("unshare starts");
        let mut server = FullDavServer {
            child,
            port,
            root,
            _dir: dir,
        };
        server.wait_until_listening();
        server
    }

    fn wait_until_listening(&mut self) {
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            if let Ok(Some(_)) = self.child.try_wait() {
                let mut why = String::new();
                let _ = self.child.stderr.take().unwrap().read_to_string(&mut why);
                panic!(
                    "Apache on a small filesystem did not start ({why}). The test mounts a \
                     tmpfs in a namespace of its own, which needs root (as on the CI machine)."
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("Apache did not start listening on port {}", self.port);
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/summaries/", self.port)
    }

    /// The server's small filesystem, seen from outside its mount namespace.
    fn inside(&self) -> PathBuf {
        let root = self.root.strip_prefix("/").unwrap();
        PathBuf::from(format!("/proc/{}/root", self.child.id())).join(root)
    }

    fn folder(&self) -> PathBuf {
        self.inside().join("summaries")
    }

    /// What the partnership does when told: makes room.
    fn free_space(&self) {
        std::fs::remove_file(self.inside().join("filler")).unwrap();
    }
}

impl Drop for FullDavServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Apache runs as `nobody`, so its folders are opened up (they are temporary and the
/// test's own).
fn open_to_everyone(folder: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o777)).unwrap();
}

fn apache_config(port: u16, root: &Path, conf: &Path) -> String {
    format!(
        r#"ServerRoot "/usr/lib/apache2"
Listen 127.0.0.1:{port}
LoadModule mpm_event_module modules/mod_mpm_event.so
LoadModule authn_core_module modules/mod_authn_core.so
LoadModule authz_core_module modules/mod_authz_core.so
LoadModule dav_module modules/mod_dav.so
LoadModule dav_fs_module modules/mod_dav_fs.so
ServerName localhost
PidFile "{conf}/httpd.pid"
ErrorLog "{conf}/error.log"
DavLockDB "{conf}/davlock"
DocumentRoot "{root}"
<Directory "{root}">
  Dav On
  Require all granted
</Directory>
"#,
        root = root.display(),
        conf = conf.display(),
    )
}

// ---------------------------------------------------------------------------------------
// Small responders for what no real server does on demand

/// A WebDAV server without MOVE: it takes every PUT (reading its body) and answers MOVE with
/// 405, keeping the request lines it saw. WsgiDAV always has MOVE, so this stands in for the
/// plainer servers a partnership might have.
fn server_without_move() -> (u16, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let seen = kept.clone();
            std::thread::spawn(move || answer_without_move(stream, &seen));
        }
    });
    (port, seen)
}

fn answer_without_move(mut stream: TcpStream, seen: &std::sync::Mutex<Vec<String>>) {
    while let Ok(headers) = read_headers(&mut stream)
        && !headers.is_empty()
    {
        let text = String::from_utf8_lossy(&headers).into_owned();
        let length: usize = text
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().to_owned())
            })
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0u8; length];
        if stream.read_exact(&mut body).is_err() {
            return;
        }
        let line = text.lines().next().unwrap_or("").to_owned();
        let answer: &[u8] = if line.starts_with("MOVE") {
            b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"
        } else {
            b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"
        };
        seen.lock().unwrap().push(line);
        if stream.write_all(answer).is_err() {
            return;
        }
    }
}

/// Reads up to the end of a request's headers.
fn read_headers(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !seen.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            break;
        }
        seen.push(byte[0]);
    }
    Ok(seen)
}

/// A proxy in front of a real server that cuts, once, the connection carrying the upload of
/// the file named `cut_at`: it passes on the request's headers and part of its body, then
/// closes both sides, as a Wi-Fi dropping mid-upload would. Everything else goes through.
fn cutting_proxy(server_port: u16, cut_at: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let cut_done = Arc::new(AtomicBool::new(false));
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(("127.0.0.1", server_port)) else {
                continue;
            };
            let cut_done = cut_done.clone();
            std::thread::spawn(move || relay(client, server, cut_at, cut_done));
        }
    });
    port
}

fn relay(mut client: TcpStream, mut server: TcpStream, cut_at: &str, cut_done: Arc<AtomicBool>) {
    let (mut client_back, mut server_out) =
        (client.try_clone().unwrap(), server.try_clone().unwrap());
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut server_out, &mut client_back);
    });
    let marker = format!("PUT /summaries/.{cut_at}.part");
    let mut buffer = [0u8; 8192];
    while let Ok(read) = client.read(&mut buffer)
        && read > 0
    {
        let chunk = &buffer[..read];
        let cutting =
            !cut_done.load(Ordering::SeqCst) && String::from_utf8_lossy(chunk).contains(&marker);
        if cutting {
            cut_done.store(true, Ordering::SeqCst);
            // The headers and a few bytes of the body reach the server; then the line drops.
            let part = chunk
                .len()
                .min(chunk.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0) + 4 + 10);
            let _ = server.write_all(&chunk[..part]);
            let _ = server.shutdown(std::net::Shutdown::Both);
            let _ = client.shutdown(std::net::Shutdown::Both);
            return;
        }
        if server.write_all(chunk).is_err() {
            break;
        }
    }
    let _ = server.shutdown(std::net::Shutdown::Write);
}

// ---------------------------------------------------------------------------------------
// The destination

#[test]
fn a_destination_is_kept_without_any_password() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("club.sqlite3");
    let mut club = club_in(Store::create(&db).unwrap());
    assert_eq!(destination(club.store.conn()).unwrap(), None);

    let mut wanted = webdav_destination("https://cloud.example.org/dav/summaries");
    wanted.calendar = Calendar::Custom;
    wanted.custom_periods = vec![quarter()];
    let saved = set(&mut club, &wanted);
    assert_eq!(saved.location, "https://cloud.example.org/dav/summaries/");
    assert_eq!(destination(club.store.conn()).unwrap(), Some(saved.clone()));
    assert_eq!(
        describe(&saved),
        "https://cloud.example.org/dav/summaries/ (as club)"
    );

    // The password goes through a real attempt (to a server that is down, so the attempt
    // is logged) but is never written anywhere in the club file.
    let down = format!("http://127.0.0.1:{}/summaries/", free_port());
    set(&mut club, &webdav_destination(&down));
    queue_quarter(&mut club, at(9, 0));
    let tried = deliver_all(&mut club, at(9, 0), PASSWORD);
    assert_eq!(tried[0].status, Status::Waiting);
    assert_eq!(log(club.store.conn()).unwrap().len(), 1);
    drop(club);
    let bytes = std::fs::read(&db).unwrap();
    let wal = std::fs::read(dir.path().join("club.sqlite3-wal")).unwrap_or_default();
    for file in [bytes, wal] {
        assert!(
            !file
                .windows(PASSWORD.len())
                .any(|w| w == PASSWORD.as_bytes())
        );
    }
}

#[test]
fn a_destination_that_cannot_be_used_is_refused_with_a_reason() {
    let mut club = club();
    let refuse = |club: &mut Club, destination: Destination| {
        club.store
            .write(|tx| set_destination(tx, &destination, at(9, 0)))
            .unwrap_err()
            .to_string()
    };
    let plain = refuse(
        &mut club,
        webdav_destination("http://cloud.example.org/dav/"),
    );
    assert!(plain.contains("should start with https://"), "{plain}");
    let mut nobody = webdav_destination("https://cloud.example.org/dav/");
    nobody.user_name = Some("  ".to_owned());
    assert!(refuse(&mut club, nobody).contains("user name"));
    let missing = refuse(&mut club, folder_destination(Path::new("/no/such/folder")));
    assert!(
        missing.contains("There is no folder /no/such/folder"),
        "{missing}"
    );

    // Nothing can be queued before there is somewhere to send it.
    let unset = club
        .store
        .write(|tx| queue(tx, quarter(), today(), at(9, 0), false))
        .unwrap_err()
        .to_string();
    assert!(
        unset.contains("Set the partnership's destination first"),
        "{unset}"
    );
}

#[test]
fn the_password_comes_from_the_environment_variable_for_webdav_only() {
    // Read only: the variable may be set for the whole run (CI), and is not changed here.
    let from_env = std::env::var(PASSWORD_VARIABLE)
        .ok()
        .filter(|p| !p.is_empty());
    let folder = folder_destination(Path::new("/tmp"));
    assert_eq!(password(&folder).unwrap(), None);
    let webdav = webdav_destination("https://cloud.example.org/dav/");
    assert_eq!(password(&webdav).unwrap(), from_env);
}

#[test]
fn without_a_keychain_saving_the_password_says_what_to_do_instead() {
    let webdav = webdav_destination("https://cloud.example.org/dav/");
    let empty = save_password(&webdav, "").unwrap_err().to_string();
    assert!(empty.contains("Enter the app password"), "{empty}");
    // Only where this computer has no keychain (CI): a real one would be written to.
    if keyring::Entry::store_status().is_ok() {
        return;
    }
    let told = save_password(&webdav, PASSWORD).unwrap_err().to_string();
    assert!(told.contains("no keychain"), "{told}");
    assert!(told.contains(PASSWORD_VARIABLE), "{told}");
}

// ---------------------------------------------------------------------------------------
// Back-off

#[test]
fn failures_wait_longer_each_time_up_to_six_hours() {
    let minutes = |n| back_off(n).num_minutes();
    assert_eq!(
        [1, 2, 3, 4, 5].map(minutes),
        [1, 2, 4, 8, 16],
        "1 minute, then doubling"
    );
    assert_eq!(minutes(10), 360);
    assert_eq!(minutes(u32::MAX), 360);
}

#[test]
fn a_waiting_summary_is_tried_again_only_when_its_time_comes() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("shared-drive");
    std::fs::create_dir(&folder).unwrap();
    let mut club = club();
    set(&mut club, &folder_destination(&folder));
    queue_quarter(&mut club, at(9, 0));
    // The shared drive is disconnected.
    std::fs::remove_dir(&folder).unwrap();

    let first = deliver_all(&mut club, at(9, 0), "");
    assert_eq!(first[0].status, Status::Waiting);
    assert_eq!(first[0].next_attempt_at, Some(at(9, 1)));
    let message = first[0].last_error.clone().unwrap();
    assert!(
        message.contains("is the shared drive connected?"),
        "{message}"
    );
    let second = deliver_all(&mut club, at(9, 1), "");
    assert_eq!(second[0].next_attempt_at, Some(at(9, 3)));
    assert_eq!(second[0].attempts, 2);

    let due = |club: &Club, now| pending(club.store.conn(), Which::Due, now).unwrap().len();
    assert_eq!(due(&club, at(9, 2)), 0, "not before its time");
    assert_eq!(due(&club, at(9, 3)), 1);
    let early = deliver_waiting(&mut club.store, Which::Due, || at(9, 2), None).unwrap();
    assert!(early.is_empty());

    // The drive is back: the next try delivers the files kept in the outbox.
    std::fs::create_dir(&folder).unwrap();
    let files = queued_files(&club);
    let sent = deliver_waiting(&mut club.store, Which::Due, || at(9, 3), None).unwrap();
    assert_eq!(sent[0].status, Status::Sent);
    assert_eq!(sent[0].next_attempt_at, None);
    assert_eq!(sent[0].last_error, None);
    assert_delivered(&folder, &files);
    assert!(
        pending(club.store.conn(), Which::All, at(10, 0))
            .unwrap()
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------
// A folder

#[test]
fn a_summary_is_delivered_to_a_folder_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut club = club();
    set(&mut club, &folder_destination(dir.path()));
    let queued = queue_quarter(&mut club, at(9, 0));
    assert_eq!(queued.status, Status::Waiting);
    assert_eq!(queued.files.len(), 3);
    assert!(
        queued.files[2].name.ends_with("_manifest.json"),
        "the manifest goes last"
    );

    let sent = deliver_all(&mut club, at(9, 0), "");
    assert_eq!(sent[0].status, Status::Sent);
    assert_eq!(sent[0].sent_at, Some(at(9, 0)));
    assert_delivered(dir.path(), &queued_files(&club));

    let log = log(club.store.conn()).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].result, Status::Sent);
    assert_eq!(log[0].period, quarter());
    assert_eq!(log[0].destination, dir.path().display().to_string());
    assert_eq!(log[0].csv_sha256, queued.files[0].sha256);
    assert_eq!(
        log[0].file_names,
        queued
            .files
            .iter()
            .map(|f| f.name.clone())
            .collect::<Vec<_>>()
    );
}

#[test]
fn sending_a_period_again_replaces_it_in_the_outbox_and_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut club = club();
    set(&mut club, &folder_destination(dir.path()));
    queue_quarter(&mut club, at(9, 0));
    deliver_all(&mut club, at(9, 0), "");

    // A late register mark changes the figures; the quarter is sent again.
    let session = club.session("2026-06-02", "18:00", "20:00", SessionType::OpenAccess);
    let late = club.young_person("Late", "Comer", Some("2011-02-02"));
    club.mark(session, late);
    queue_quarter(&mut club, at(11, 0));
    let entries = outbox(club.store.conn()).unwrap();
    assert_eq!(entries.len(), 1, "one entry per period");
    assert_eq!(entries[0].status, Status::Waiting);
    deliver_all(&mut club, at(11, 0), "");
    assert_delivered(dir.path(), &queued_files(&club));
    assert_eq!(
        log(club.store.conn()).unwrap().len(),
        2,
        "both sends are in the log"
    );
}

// ---------------------------------------------------------------------------------------
// A real WebDAV server

#[test]
fn a_summary_is_delivered_to_a_real_webdav_server_and_replaced_when_sent_again() {
    let server = DavServer::start();
    let folder = server.folder();
    let mut club = club();
    set(&mut club, &webdav_destination(&server.url()));
    queue_quarter(&mut club, at(9, 0));
    let sent = deliver_all(&mut club, at(9, 0), PASSWORD);
    assert_eq!(sent[0].status, Status::Sent, "{:?}", sent[0].last_error);
    assert_delivered(&folder, &queued_files(&club));

    let session = club.session("2026-06-02", "18:00", "20:00", SessionType::OpenAccess);
    let late = club.young_person("Late", "Comer", Some("2011-02-02"));
    club.mark(session, late);
    queue_quarter(&mut club, at(11, 0));
    let again = deliver_all(&mut club, at(11, 0), PASSWORD);
    assert_eq!(again[0].status, Status::Sent, "{:?}", again[0].last_error);
    // The same three names, the new bytes, no temporary files left behind.
    assert_delivered(&folder, &queued_files(&club));
    let log = log(club.store.conn()).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log[0].message.contains("(as club)"), "{}", log[0].message);
}

#[test]
fn a_server_that_is_down_is_waited_for_then_delivered_to() {
    let port = free_port();
    let mut club = club();
    let url = format!("http://127.0.0.1:{port}/summaries/");
    set(&mut club, &webdav_destination(&url));
    queue_quarter(&mut club, at(9, 0));

    // Nothing is listening.
    let down = deliver_all(&mut club, at(9, 0), PASSWORD);
    assert_eq!(down[0].status, Status::Waiting);
    assert_eq!(
        down[0].last_error.as_deref(),
        Some(&*format!(
            "Could not reach 127.0.0.1:{port}: it will be sent when the connection is back."
        ))
    );
    assert_eq!(down[0].files.len(), 3, "the files are kept");
    assert_eq!(log(club.store.conn()).unwrap()[0].result, Status::Waiting);

    let server = DavServer::start_on(port);
    let folder = server.folder();
    let up = deliver_all(&mut club, at(9, 1), PASSWORD);
    assert_eq!(up[0].status, Status::Sent, "{:?}", up[0].last_error);
    assert_eq!(up[0].attempts, 2);
    assert_delivered(&folder, &queued_files(&club));
}

#[test]
fn a_wrong_password_is_reported_and_nothing_is_sent() {
    let server = DavServer::start();
    let folder = server.folder();
    let mut club = club();
    set(&mut club, &webdav_destination(&server.url()));
    queue_quarter(&mut club, at(9, 0));

    let refused = deliver_all(&mut club, at(9, 0), "not the password");
    assert_eq!(refused[0].status, Status::Failed);
    assert_eq!(
        refused[0].last_error.as_deref(),
        Some(
            "The partnership's server refused the user name or app password (401): check them in the destination settings."
        )
    );
    assert!(names_in(&folder).is_empty());
    assert_eq!(refused[0].next_attempt_at, Some(at(9, 1)), "still retried");

    // The manager corrects the password: the kept files go.
    let fixed = deliver_all(&mut club, at(9, 5), PASSWORD);
    assert_eq!(fixed[0].status, Status::Sent);
    assert_delivered(&folder, &queued_files(&club));
}

#[test]
fn a_full_server_is_reported_in_plain_words_and_the_summary_goes_once_there_is_room() {
    let server = FullDavServer::start();
    let folder = server.folder();
    let mut club = club();
    set(&mut club, &webdav_destination(&server.url()));
    queue_quarter(&mut club, at(9, 0));

    let full = deliver_all(&mut club, at(9, 0), PASSWORD);
    assert_eq!(full[0].status, Status::Failed);
    assert_eq!(
        full[0].last_error.as_deref(),
        Some("The partnership's server is full (507): tell the partnership.")
    );
    let log = log(club.store.conn()).unwrap();
    assert_eq!(log[0].result, Status::Failed);
    assert_eq!(log[0].message, full[0].last_error.clone().unwrap());
    assert!(names_in(&folder).is_empty(), "nothing half-written");
    assert_eq!(full[0].next_attempt_at, Some(at(9, 1)), "still retried");

    // The partnership makes room; the kept files go whole, once.
    server.free_space();
    let sent = deliver_all(&mut club, at(9, 1), PASSWORD);
    assert_eq!(sent[0].status, Status::Sent, "{:?}", sent[0].last_error);
    assert_delivered(&folder, &queued_files(&club));
}

#[test]
fn a_connection_cut_mid_upload_leaves_nothing_half_sent_and_the_next_try_delivers() {
    let server = DavServer::start();
    let folder = server.folder();
    // The line drops while the schema (the second file) is going up.
    let proxy = cutting_proxy(server.port, summary::SCHEMA_FILE_NAME);
    let mut club = club();
    set(
        &mut club,
        &webdav_destination(&format!("http://127.0.0.1:{proxy}/summaries/")),
    );
    queue_quarter(&mut club, at(9, 0));

    let cut = deliver_all(&mut club, at(9, 0), PASSWORD);
    assert_eq!(cut[0].status, Status::Waiting, "not sent");
    let message = cut[0].last_error.clone().unwrap();
    assert!(message.contains("was cut while sending"), "{message}");
    let files = queued_files(&club);
    assert_eq!(files.len(), 3, "the files are kept");
    // The CSV went whole; the schema never appeared half-written; no manifest yet, so a
    // partnership reading the folder does not take the set as complete.
    let there = names_in(&folder);
    assert!(
        there.contains(&files[0].name),
        "the CSV went first: {there:?}"
    );
    assert!(
        !there.contains(&summary::SCHEMA_FILE_NAME.to_owned()),
        "{there:?}"
    );
    assert!(
        !there.iter().any(|n| n.ends_with("_manifest.json")),
        "{there:?}"
    );

    let next = deliver_all(&mut club, at(9, 1), PASSWORD);
    assert_eq!(next[0].status, Status::Sent, "{:?}", next[0].last_error);
    // The half-sent temporary file was replaced and moved into place: nothing is left over.
    assert_delivered(&folder, &files);
}

#[test]
fn a_server_without_move_gets_each_file_under_its_own_name() {
    let (port, seen) = server_without_move();
    let mut club = club();
    set(
        &mut club,
        &webdav_destination(&format!("http://127.0.0.1:{port}/summaries/")),
    );
    queue_quarter(&mut club, at(9, 0));
    let sent = deliver_all(&mut club, at(9, 0), PASSWORD);
    assert_eq!(sent[0].status, Status::Sent, "{:?}", sent[0].last_error);
    let names: Vec<String> = queued_files(&club).into_iter().map(|f| f.name).collect();
    let requests = seen.lock().unwrap().clone();
    // For each file in order: PUT to the temporary name, MOVE (refused), PUT in place,
    // DELETE the temporary file.
    let expected: Vec<String> = names
        .iter()
        .flat_map(|name| {
            [
                format!("PUT /summaries/.{name}.part HTTP/1.1"),
                format!("MOVE /summaries/.{name}.part HTTP/1.1"),
                format!("PUT /summaries/{name} HTTP/1.1"),
                format!("DELETE /summaries/.{name}.part HTTP/1.1"),
            ]
        })
        .collect();
    assert_eq!(requests, expected);
}

#[test]
fn a_sent_summary_records_the_audit_logs_head_in_its_manifest() {
    let mut club = club();
    let folder = tempfile::tempdir().unwrap();
    set(&mut club, &folder_destination(folder.path()));
    let before = crate::audit::head(club.store.conn()).unwrap();
    queue_quarter(&mut club, at(10, 0));
    let manifest = queued_files(&club)
        .into_iter()
        .find(|f| f.name.ends_with("_manifest.json"))
        .unwrap();
    let manifest: crate::summary::Manifest = serde_json::from_slice(&manifest.bytes).unwrap();
    let head = manifest
        .audit_head
        .expect("the head travels with what is sent");
    assert!(head.sequence >= before.sequence, "{head:?} {before:?}");
    // It is an entry of this club's log, as it stands.
    let checked =
        crate::audit::check_witness(club.store.conn(), "the manifest".into(), head, None).unwrap();
    assert_eq!(checked.first_mismatch, None);
}

#[test]
fn a_period_that_has_not_ended_is_sent_only_when_the_manager_chooses() {
    let mut club = club();
    let folder = tempfile::tempdir().unwrap();
    set(&mut club, &folder_destination(folder.path()));
    // 2 July 2026: the quarter April to June has ended; July to September has not.
    let running = Period::new(date("2026-07-01"), date("2026-09-30")).unwrap();
    let preview = crate::summary::build(club.store.conn(), running, today()).unwrap();
    let warning = preview.not_ended.expect("the preview says so");
    assert!(
        warning.starts_with("This period runs until 30 September 2026, so it has not ended"),
        "{warning}"
    );
    assert!(warning.contains("up to today (2 July 2026)"), "{warning}");
    let err = club
        .store
        .write(|tx| queue(tx, running, today(), at(9, 0), false))
        .unwrap_err();
    assert_eq!(err.to_string(), warning);
    assert!(
        outbox(club.store.conn()).unwrap().is_empty(),
        "nothing queued"
    );
    let entry = club
        .store
        .write(|tx| queue(tx, running, today(), at(9, 0), true))
        .unwrap();
    assert_eq!(entry.period, running);
    // An ended period needs no choice, and its preview says nothing.
    let ended = crate::summary::build(club.store.conn(), quarter(), today()).unwrap();
    assert_eq!(ended.not_ended, None);
}

// ---------------------------------------------------------------------------------------
// Sending: the one use case both shells call

fn signed_in(club: &mut Club, role: crate::vocab::Role) {
    club.store.sign_in_as(crate::access::Actor {
        user_id: 1,
        name: format!("Test {}", role.label()),
        role,
        person_id: None,
    });
}

/// Lends the store as the window does (one step at a time), counting the steps, so a test
/// can see the club file is not held while the files travel.
struct Counted<'a> {
    store: &'a mut Store,
    lent: usize,
}

impl Lend for Counted<'_> {
    fn with_store<T>(&mut self, job: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.lent += 1;
        job(self.store)
    }
}

#[test]
fn sending_a_period_queues_it_delivers_it_and_records_the_attempt_in_one_call() {
    let dir = tempfile::tempdir().unwrap();
    let mut club = club();
    set(&mut club, &folder_destination(dir.path()));
    signed_in(&mut club, crate::vocab::Role::Manager);
    let mut lent = Counted {
        store: &mut club.store,
        lent: 0,
    };
    let tried = send(
        &mut lent,
        SendRequest::period(quarter(), false),
        today(),
        || at(9, 0),
    )
    .unwrap();
    // Once to queue and plan, once to record the one entry's attempt: never while sending.
    assert_eq!(lent.lent, 3, "queue, plan, record");
    assert_eq!(tried.len(), 1);
    assert_eq!(tried[0].status, Status::Sent);
    assert_delivered(dir.path(), &queued_files(&club));
    assert_eq!(log(club.store.conn()).unwrap().len(), 1);
}

#[test]
fn sending_needs_the_partnership_permission_but_trying_again_is_anyones() {
    let dir = tempfile::tempdir().unwrap();
    let mut club = club();
    set(&mut club, &folder_destination(dir.path()));
    signed_in(&mut club, crate::vocab::Role::Leader);
    let refused = send(
        &mut club.store,
        SendRequest::period(quarter(), false),
        today(),
        || at(9, 0),
    )
    .unwrap_err();
    assert_eq!(refused.kind(), crate::ErrorKind::Denied, "{refused}");
    assert!(
        outbox(club.store.conn()).unwrap().is_empty(),
        "nothing queued"
    );

    // A manager queued it earlier and the drive was away; the leader's app tries again.
    queue_quarter(&mut club, at(9, 0));
    let tried = send(
        &mut club.store,
        SendRequest::retry(Which::All),
        today(),
        || at(9, 5),
    )
    .unwrap();
    assert_eq!(tried[0].status, Status::Sent);
    assert_eq!(tried[0].sent_at, Some(at(9, 5)));
}

#[test]
fn sending_a_period_still_running_needs_the_managers_choice() {
    let dir = tempfile::tempdir().unwrap();
    let mut club = club();
    set(&mut club, &folder_destination(dir.path()));
    signed_in(&mut club, crate::vocab::Role::Manager);
    let running = Period::new(date("2026-07-01"), date("2026-09-30")).unwrap();
    let refused = send(
        &mut club.store,
        SendRequest::period(running, false),
        today(),
        || at(9, 0),
    )
    .unwrap_err()
    .to_string();
    assert!(refused.contains("has not ended"), "{refused}");
    assert!(outbox(club.store.conn()).unwrap().is_empty());
    let tried = send(
        &mut club.store,
        SendRequest::period(running, true),
        today(),
        || at(9, 0),
    )
    .unwrap();
    assert_eq!(tried[0].status, Status::Sent);
}

#[test]
fn with_no_destination_set_sending_says_to_set_one() {
    let mut club = club();
    signed_in(&mut club, crate::vocab::Role::Manager);
    for request in [
        SendRequest::period(quarter(), false),
        SendRequest::retry(Which::All),
    ] {
        let refused = send(&mut club.store, request, today(), || at(9, 0))
            .unwrap_err()
            .to_string();
        assert!(
            refused.contains("Set the partnership's destination first"),
            "{refused}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The partnership's calendar

#[test]
fn a_summary_is_due_for_the_last_full_quarter_month_or_own_period_that_has_ended() {
    let period = |from, to| Period::new(date(from), date(to)).unwrap();
    let quarterly = Some(Calendar::Quarterly);
    let monthly = Some(Calendar::Monthly);
    assert_eq!(
        due_period(None, &[], date("2026-11-24")),
        period("2026-07-01", "2026-09-30"),
        "no calendar yet: the last quarter"
    );
    assert_eq!(
        due_period(quarterly, &[], date("2026-02-10")),
        period("2025-10-01", "2025-12-31"),
        "January to March: the quarter of the year before"
    );
    assert_eq!(
        due_period(quarterly, &[], date("2026-10-01")),
        period("2026-07-01", "2026-09-30"),
        "on a quarter's first day, the one just ended"
    );
    assert_eq!(
        due_period(monthly, &[], date("2026-03-01")),
        period("2026-02-01", "2026-02-28")
    );
    assert_eq!(
        due_period(monthly, &[], date("2028-03-31")),
        period("2028-02-01", "2028-02-29"),
        "a leap February"
    );
    assert_eq!(
        due_period(monthly, &[], date("2026-01-15")),
        period("2025-12-01", "2025-12-31")
    );
    let own = [
        period("2026-04-01", "2026-08-31"),
        period("2026-09-01", "2027-01-31"),
    ];
    assert_eq!(
        due_period(Some(Calendar::Custom), &own, date("2026-11-24")),
        own[0],
        "the latest of the partnership's own periods that has ended"
    );
    assert_eq!(
        due_period(Some(Calendar::Custom), &own[1..], date("2026-11-24")),
        period("2026-07-01", "2026-09-30"),
        "none has ended yet: the last quarter"
    );
    assert_eq!(
        due_period(Some(Calendar::Custom), &own[..1], date("2026-08-31")),
        period("2026-04-01", "2026-06-30"),
        "a period ending today has not ended"
    );
}

/// An audit entry's fields that its hash covers.
type Hashed = (
    i64,
    String,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
);

/// Rewrites the audit log's chain from its first entry, as someone covering an edit would.
fn recompute_chain(conn: &rusqlite::Connection) {
    let rows: Vec<Hashed> = conn
        .prepare(
            "SELECT id, at, user_id, user_name, role, action, record, change FROM audit_log ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut previous = crate::audit::GENESIS.to_owned();
    for (id, at, user_id, user_name, role, action, record, change) in rows {
        let hash = crate::audit::chain_hash(
            &previous, id, &at, user_id, &user_name, &role, &action, &record, &change,
        );
        conn.execute(
            "UPDATE audit_log SET previous_hash = ?2, hash = ?3 WHERE id = ?1",
            rusqlite::params![id, previous, hash],
        )
        .unwrap();
        previous = hash;
    }
}

/// A summary sent to the partnership witnesses the audit log's head: entries cut from the
/// end, or a row edited and the chain recomputed, no longer match it, and the check says
/// which summary caught it; with the outbox's copy rewritten too, the copy delivered to the
/// folder still does.
#[test]
fn the_summaries_sent_witness_the_audit_log() {
    let mut club = club();
    let folder = tempfile::tempdir().unwrap();
    set(&mut club, &folder_destination(folder.path()));
    queue_quarter(&mut club, at(10, 0));
    deliver_all(&mut club, at(10, 1), "unused");
    let whole = verify_audit(&club.store).unwrap();
    assert!(whole.intact(), "{whole:?}");
    assert_eq!(
        whole.witnesses.len(),
        2,
        "the outbox's copy and the folder's"
    );
    let head = whole.witnesses[0].head.clone();

    let conn = club.store.conn();
    conn.execute_batch(
        "DROP TRIGGER audit_log_is_append_only_update; DROP TRIGGER audit_log_is_append_only_delete;",
    )
    .unwrap();
    // A row edited and the whole chain recomputed: whole by itself, not by its witnesses.
    conn.execute("UPDATE audit_log SET user_name = 'Nobody' WHERE id = 2", [])
        .unwrap();
    recompute_chain(conn);
    assert!(
        crate::audit::verify(conn).unwrap().intact(),
        "the chain alone misses it"
    );
    let found = verify_audit(&club.store).unwrap();
    assert_eq!(found.broken_at, Some(head.sequence), "{found:?}");
    let problem = found.problem.unwrap();
    assert!(
        problem.contains("no longer matches the partnership summary for 2026-04-01 to 2026-06-30"),
        "{problem}"
    );

    // The newest entries deleted (from before the summary's head), and the outbox's
    // manifest rewritten without a head: the copy in the partnership's folder still knows.
    conn.execute(
        "UPDATE sync_outbox_files SET bytes = CAST('{}' AS BLOB) WHERE name LIKE '%_manifest.json'",
        [],
    )
    .unwrap();
    conn.execute("DELETE FROM audit_log WHERE id >= ?1", [head.sequence - 1])
        .unwrap();
    let found = verify_audit(&club.store).unwrap();
    assert_eq!(found.broken_at, Some(head.sequence - 1), "{found:?}");
    let problem = found.problem.unwrap();
    assert!(problem.contains("delivered to"), "{problem}");
    assert_eq!(found.witnesses.len(), 1, "{:?}", found.witnesses);
}

#[test]
fn the_outbox_is_shown_only_to_those_who_send_the_summary() {
    let mut club = club();
    let folder = tempfile::tempdir().unwrap();
    set(&mut club, &folder_destination(folder.path()));
    queue_quarter(&mut club, at(10, 0));
    let conn = club.store.conn();
    assert_eq!(
        outbox_for(conn, &crate::access::Actor::club_manager())
            .unwrap()
            .len(),
        1
    );
    let volunteer = crate::access::Actor {
        role: crate::access::Role::Volunteer,
        ..crate::access::Actor::club_manager()
    };
    assert!(outbox_for(conn, &volunteer).unwrap().is_empty());
}
