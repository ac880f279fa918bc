use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::*;
use crate::Store;
use crate::fixtures::Club;

const NAME_IN_FILE: &str = "Quillfeather";

fn manager() -> NewKeyHolder {
    NewKeyHolder {
        user_id: 1,
        name: "Ada Manager".into(),
        kind: SecretKind::Password,
        secret: "correct horse battery".into(),
    }
}

fn volunteer() -> NewKeyHolder {
    NewKeyHolder {
        user_id: 2,
        name: "Bo Volunteer".into(),
        kind: SecretKind::Pin,
        secret: "402718".into(),
    }
}

fn club_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("club.sqlite3")
}

/// A new encrypted club holding one young person with a distinctive synthetic name.
fn encrypted_club(path: &Path) -> DataKey {
    let key = create_club(path, manager()).unwrap();
    let mut club = Club::with_store(crate::club_file::open(path, Some(&key)).unwrap());
    club.young_person("Zebedee", NAME_IN_FILE, Some("2012-05-01"));
    key
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Bytes and modification time of a file, to prove it was not touched.
fn snapshot(path: &Path) -> (Vec<u8>, SystemTime) {
    let bytes = std::fs::read(path).unwrap();
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    (bytes, modified)
}

fn folder_listing(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every row of every table, as text, sorted: what "the same records" means.
fn every_row(conn: &Connection) -> Vec<(String, Vec<String>)> {
    table_names(conn)
        .unwrap()
        .into_iter()
        .map(|table| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let columns = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |row| {
                    let cells: Vec<String> = (0..columns)
                        .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                        .collect();
                    Ok(cells.join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            rows.sort();
            (table, rows)
        })
        .collect()
}

fn plain_rows(path: &Path) -> Vec<(String, Vec<String>)> {
    every_row(&Connection::open(path).unwrap())
}

// ---- a copied file reveals nothing ----

#[test]
fn a_copied_club_file_its_wal_and_its_key_file_reveal_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let key = create_club(&path, manager()).unwrap();
    let mut club = Club::with_store(crate::club_file::open(&path, Some(&key)).unwrap());
    club.young_person("Zebedee", NAME_IN_FILE, Some("2012-05-01"));

    // Before a checkpoint the new row is only in the WAL: it must be encrypted there too.
    let wal = std::fs::read(with_suffix(&path, "-wal")).unwrap();
    assert!(
        wal.len() > 4096,
        "the row went to the WAL ({} bytes)",
        wal.len()
    );
    assert!(!contains(&wal, NAME_IN_FILE));
    club.store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let file = std::fs::read(&path).unwrap();
    assert!(!contains(&file, NAME_IN_FILE));
    assert!(!contains(&file, "SQLite format 3"));
    let keys = std::fs::read(keys_path(&path)).unwrap();
    assert!(!contains(&keys, NAME_IN_FILE));
    assert!(!contains(&keys, "correct horse battery"));
    drop(club);
    assert!(is_encrypted(&path));

    // Without the key neither SQLite nor the sqlite3 tool can read it.
    let unkeyed = Connection::open(&path).unwrap();
    let err = unkeyed
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_err();
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase)
    );
    let tool = std::process::Command::new("sqlite3")
        .arg(&path)
        .arg("SELECT first_name FROM young_people")
        .output()
        .expect("sqlite3 is installed (scripts/setup.sh)");
    assert!(!tool.status.success());
    assert!(
        String::from_utf8_lossy(&tool.stderr).contains("file is not a database"),
        "{}",
        String::from_utf8_lossy(&tool.stderr)
    );

    // With it, the name is there: the searches above looked at real data.
    let store = crate::club_file::open(&path, Some(&key)).unwrap();
    let last: String = store
        .conn()
        .query_row("SELECT last_name FROM young_people", [], |r| r.get(0))
        .unwrap();
    assert_eq!(last, NAME_IN_FILE);
}

#[test]
fn the_same_search_finds_the_name_in_a_plain_file() {
    // The control for the test above: the byte search does find a name SQLite wrote plainly.
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let mut club = Club::with_store(Store::create(&path).unwrap());
    club.young_person("Zebedee", NAME_IN_FILE, None);
    club.store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    assert!(contains(&std::fs::read(&path).unwrap(), NAME_IN_FILE));
    assert!(!is_encrypted(&path));
}

#[test]
fn a_plain_open_of_an_encrypted_file_says_to_sign_in_and_a_wrong_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    encrypted_club(&path);
    let err = crate::club_file::open(&path, None).err().unwrap();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    assert!(err.to_string().contains("sign in"), "{err}");
    let other = DataKey::generate().unwrap();
    let before = snapshot(&path);
    // A key that does not read the file can only have come from a key file that is not its
    // own, or the file is damaged: said as such, and nothing is touched.
    let err = crate::club_file::open(&path, Some(&other)).err().unwrap();
    assert!(matches!(err, Error::Damaged(_)), "{err}");
    assert!(
        err.to_string()
            .contains("the file is damaged, or the key file belongs to another club file"),
        "{err}"
    );
    assert_eq!(snapshot(&path), before);
    let err = crate::club_file::open(&dir.path().join("nothing.sqlite3"), Some(&other))
        .err()
        .unwrap();
    assert!(matches!(err, Error::NotFound(_)), "{err}");
}

// ---- unlocking ----

#[test]
fn a_wrong_password_or_name_is_refused_plainly_and_touches_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    encrypted_club(&path);
    let files_before = folder_listing(dir.path());
    let club_before = snapshot(&path);
    let keys_before = snapshot(&keys_path(&path));
    std::thread::sleep(std::time::Duration::from_millis(20));

    for (name, secret) in [
        ("Ada Manager", "Correct horse battery"),
        ("Ada Manager", ""),
        ("Nobody Here", "correct horse battery"),
    ] {
        let err = unlock(&path, name, secret).unwrap_err();
        assert!(matches!(err, Error::Denied(_)), "{err}");
        assert_eq!(err.to_string(), DENIED_MESSAGE);
    }
    assert!(DENIED_MESSAGE.contains("Caps Lock"));
    assert_eq!(folder_listing(dir.path()), files_before);
    assert_eq!(snapshot(&path), club_before);
    assert_eq!(snapshot(&keys_path(&path)), keys_before);
}

#[test]
fn a_plain_original_left_by_an_interrupted_encryption_is_wiped_at_the_next_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    encrypted_club(&path);
    let old = old_plain_path(&path);
    std::fs::write(&old, format!("SQLite format 3\0 {NAME_IN_FILE}")).unwrap();
    assert!(unlock(&path, "Ada Manager", "wrong password").is_err());
    assert!(old.exists(), "a wrong password touches nothing");
    unlock(&path, "Ada Manager", "correct horse battery").unwrap();
    assert!(!old.exists());
}

#[test]
fn a_missing_or_damaged_key_file_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    encrypted_club(&path);
    std::fs::write(keys_path(&path), b"{ not json").unwrap();
    let err = unlock(&path, "Ada Manager", "correct horse battery").unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
    std::fs::remove_file(keys_path(&path)).unwrap();
    let err = unlock(&path, "Ada Manager", "correct horse battery").unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err}");
    assert!(err.to_string().contains("key file"), "{err}");
}

#[test]
fn two_people_each_unlock_the_same_data_key_by_any_capitals_of_their_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let key = encrypted_club(&path);
    add_key_holder(&path, &key, volunteer()).unwrap();

    let (ada, ada_key) = unlock(&path, "  ada MANAGER ", "correct horse battery").unwrap();
    let (bo, bo_key) = unlock(&path, "Bo Volunteer", "402718").unwrap();
    assert_eq!((ada, bo), (1, 2));
    assert_eq!(ada_key, key);
    assert_eq!(bo_key, key);
    let store = crate::club_file::open(&path, Some(&bo_key)).unwrap();
    assert_eq!(store.data_key(), Some(&key));
    assert_eq!(
        key_holders(&path).unwrap(),
        vec![
            KeyHolder {
                user_id: 1,
                name: "Ada Manager".into(),
                kind: SecretKind::Password
            },
            KeyHolder {
                user_id: 2,
                name: "Bo Volunteer".into(),
                kind: SecretKind::Pin
            },
        ]
    );
}

#[test]
fn a_name_or_user_already_there_and_a_key_that_is_not_the_clubs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let key = encrypted_club(&path);
    let keys_before = snapshot(&keys_path(&path));
    let mut same_name = volunteer();
    same_name.name = "ADA manager".into();
    let err = add_key_holder(&path, &key, same_name).unwrap_err();
    assert!(err.to_string().contains("already signs in"), "{err}");
    let mut same_user = volunteer();
    same_user.user_id = 1;
    let err = add_key_holder(&path, &key, same_user).unwrap_err();
    assert!(err.to_string().contains("already unlock"), "{err}");
    let stranger = DataKey::generate().unwrap();
    let err = add_key_holder(&path, &stranger, volunteer()).unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    assert_eq!(snapshot(&keys_path(&path)), keys_before);
}

#[test]
fn a_manager_resets_a_forgotten_pin_without_re_encrypting_and_the_old_pin_stops_working() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let key = encrypted_club(&path);
    add_key_holder(&path, &key, volunteer()).unwrap();
    let club_before = std::fs::read(&path).unwrap();

    let (_, manager_key) = unlock(&path, "Ada Manager", "correct horse battery").unwrap();
    reset_secret(
        &path,
        &manager_key,
        2,
        SecretKind::Password,
        "a new long password",
    )
    .unwrap();

    let err = unlock(&path, "Bo Volunteer", "402718").unwrap_err();
    assert_eq!(err.to_string(), DENIED_MESSAGE);
    let (bo, bo_key) = unlock(&path, "bo volunteer", "a new long password").unwrap();
    assert_eq!((bo, &bo_key), (2, &key));
    assert!(unlock(&path, "Ada Manager", "correct horse battery").is_ok());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        club_before,
        "nothing re-encrypted"
    );
    assert_eq!(key_holders(&path).unwrap()[1].kind, SecretKind::Password);

    // Only the club's key can reset, and only to a secret that keeps the rules.
    let stranger = DataKey::generate().unwrap();
    let err = reset_secret(&path, &stranger, 2, SecretKind::Pin, "402718").unwrap_err();
    assert!(matches!(err, Error::Denied(_)), "{err}");
    let err = reset_secret(&path, &key, 2, SecretKind::Pin, "1234").unwrap_err();
    assert!(err.to_string().contains("exactly 6 digits"), "{err}");
    let err = reset_secret(&path, &key, 9, SecretKind::Pin, "402718").unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err}");
}

#[test]
fn a_removed_person_can_no_longer_unlock_and_the_last_one_cannot_be_removed() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let key = encrypted_club(&path);
    add_key_holder(&path, &key, volunteer()).unwrap();
    remove_key_holder(&path, 2).unwrap();
    let err = unlock(&path, "Bo Volunteer", "402718").unwrap_err();
    assert_eq!(err.to_string(), DENIED_MESSAGE);
    let err = remove_key_holder(&path, 1).unwrap_err();
    assert!(err.to_string().contains("only person"), "{err}");
    assert!(unlock(&path, "Ada Manager", "correct horse battery").is_ok());
}

#[test]
fn a_name_can_be_corrected_and_the_old_one_no_longer_signs_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let key = encrypted_club(&path);
    add_key_holder(&path, &key, volunteer()).unwrap();
    rename_key_holder(&path, &key, 2, "Bo Okafor").unwrap();
    assert!(unlock(&path, "Bo Volunteer", "402718").is_err());
    assert_eq!(unlock(&path, "bo okafor", "402718").unwrap().0, 2);
    let err = rename_key_holder(&path, &key, 2, "ada manager").unwrap_err();
    assert!(err.to_string().contains("already signs in"), "{err}");
}

#[test]
fn an_entry_relabelled_as_another_user_no_longer_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let key = encrypted_club(&path);
    add_key_holder(&path, &key, volunteer()).unwrap();
    // Someone edits the key file so that the volunteer's PIN would sign in as user 1.
    let text = std::fs::read_to_string(keys_path(&path)).unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&text).unwrap();
    file["holders"][1]["user_id"] = serde_json::json!(7);
    std::fs::write(keys_path(&path), file.to_string()).unwrap();
    let err = unlock(&path, "Bo Volunteer", "402718").unwrap_err();
    assert_eq!(err.to_string(), DENIED_MESSAGE);
}

#[test]
fn a_key_file_asking_for_absurd_costs_is_refused_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    encrypted_club(&path);
    let text = std::fs::read_to_string(keys_path(&path)).unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&text).unwrap();
    file["holders"][0]["kdf"]["memory_kib"] = serde_json::json!(u32::MAX);
    std::fs::write(keys_path(&path), file.to_string()).unwrap();
    let err = unlock(&path, "Ada Manager", "correct horse battery").unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
}

#[test]
fn a_new_club_is_refused_where_a_file_or_key_file_already_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    encrypted_club(&path);
    let err = create_club(&path, manager()).unwrap_err();
    assert!(err.to_string().contains("already a file"), "{err}");

    let other = dir.path().join("other.sqlite3");
    std::fs::write(keys_path(&other), b"{}").unwrap();
    let err = create_club(&other, manager()).unwrap_err();
    assert!(err.to_string().contains("already a file"), "{err}");
    assert!(!other.exists());

    // A bad first secret creates nothing at all.
    let third = dir.path().join("third.sqlite3");
    let mut weak = manager();
    weak.secret = "short".into();
    let err = create_club(&third, weak).unwrap_err();
    assert!(err.to_string().contains("at least 10 characters"), "{err}");
    assert!(!third.exists() && !keys_path(&third).exists());
}

// ---- PIN and password rules ----

#[test]
fn a_pin_is_six_digits_that_are_not_a_run() {
    for good in ["402718", "000100", "918273"] {
        assert!(check_secret(SecretKind::Pin, good).is_ok(), "{good}");
    }
    for (bad, says) in [
        ("12345", "exactly 6 digits"),
        ("1234567", "exactly 6 digits"),
        ("12a456", "exactly 6 digits"),
        (" 40271", "exactly 6 digits"),
        ("４０２７１８", "exactly 6 digits"),
        ("111111", "too easy"),
        ("123456", "too easy"),
        ("987654", "too easy"),
    ] {
        let err = check_secret(SecretKind::Pin, bad).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)));
        assert!(err.to_string().contains(says), "{bad}: {err}");
    }
}

#[test]
fn a_password_is_at_least_ten_characters_counted_as_people_count_them() {
    assert!(check_secret(SecretKind::Password, "tenletters").is_ok());
    assert!(check_secret(SecretKind::Password, "café crème").is_ok());
    let err = check_secret(SecretKind::Password, "ninechars").unwrap_err();
    assert!(err.to_string().contains("at least 10 characters"), "{err}");
    assert!(err.to_string().contains("has 9"), "{err}");
    let err = check_secret(SecretKind::Password, "            ").unwrap_err();
    assert!(err.to_string().contains("only spaces"), "{err}");
}

// ---- encrypting a plain club from an earlier version ----

fn plain_club_with_records(path: &Path) {
    let store = Store::create(path).unwrap();
    let mut club = Club::with_store(store);
    let venue = club.venue("St Mary's Hall");
    let _ = venue;
    let zeb = club.young_person("Zebedee", NAME_IN_FILE, Some("2012-05-01"));
    let ana = club.young_person("Ana", "Marsh", Some("2011-09-12"));
    let session = club.session(
        "2029-12-01",
        "18:00",
        "20:00",
        crate::vocab::SessionType::OpenAccess,
    );
    club.mark(session, zeb);
    club.mark(session, ana);
    let sam = club.adult("Sam Patel", false, crate::vocab::StaffRole::Volunteer);
    club.trained(sam, "Emergency First Aid at Work", "2029-02-02");
    club.staff(session, sam, crate::vocab::StaffRole::Volunteer);
}

#[test]
fn a_plain_club_is_encrypted_in_place_with_every_row_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    plain_club_with_records(&path);
    let before = plain_rows(&path);
    let version_before = crate::club_file::open(&path, None)
        .unwrap()
        .schema_version()
        .unwrap();
    assert!(before.iter().map(|(_, rows)| rows.len()).sum::<usize>() > 20);
    // A handle on the plain original, to see what becomes of its bytes once it is replaced.
    let mut original = std::fs::File::open(&path).unwrap();

    let key = encrypt_existing(&path, manager()).unwrap();

    // The plain original was overwritten with zeros before it was deleted.
    let mut remains = Vec::new();
    std::io::Read::read_to_end(&mut original, &mut remains).unwrap();
    assert!(remains.len() > 4096);
    assert!(
        remains.iter().all(|&b| b == 0),
        "the plain original was wiped"
    );

    assert!(is_encrypted(&path));
    assert!(!contains(&std::fs::read(&path).unwrap(), NAME_IN_FILE));
    let store = crate::club_file::open(&path, Some(&key)).unwrap();
    assert_eq!(store.schema_version().unwrap(), version_before);
    assert_eq!(every_row(store.conn()), before);
    drop(store);
    assert_eq!(
        unlock(&path, "Ada Manager", "correct horse battery")
            .unwrap()
            .1,
        key
    );
    // Nothing plain is left beside it: no temporary copy, no old file, no plain WAL.
    assert_eq!(
        folder_listing(dir.path()),
        vec!["club.sqlite3".to_owned(), "club.sqlite3.keys".to_owned()]
    );
    let err = encrypt_existing(&path, manager()).unwrap_err();
    assert!(err.to_string().contains("already encrypted"), "{err}");
}

#[test]
fn encrypting_seals_the_certificates_already_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let mut club = Club::with_store(Store::create(&path).unwrap());
    let sam = club.adult("Sam Patel", false, crate::vocab::StaffRole::Volunteer);
    let id = club.trained(sam, "Emergency First Aid at Work", "2029-02-02");
    let scan = dir.path().join("first-aid.pdf");
    std::fs::write(&scan, format!("%PDF-1.4 certificate of {NAME_IN_FILE}")).unwrap();
    let today = club.today;
    let kept = crate::vault::Attachments::of(&club.store);
    let record = club
        .store
        .write(|tx| crate::training::attach_certificate(tx, id, &scan, kept.as_ref(), today))
        .unwrap();
    std::fs::remove_file(&scan).unwrap();
    drop(club);
    let certificate = record.certificate.unwrap();
    let kept_file = dir
        .path()
        .join("club-attachments")
        .join(&certificate.file_name);
    assert!(contains(&std::fs::read(&kept_file).unwrap(), NAME_IN_FILE));

    // Sealing fails (the folder cannot be read: here a plain file stands in its place). The
    // club is encrypted all the same and its first manager made and signed in...
    let folder = dir.path().join("club-attachments");
    let moved = dir.path().join("moved-attachments");
    std::fs::rename(&folder, &moved).unwrap();
    std::fs::write(&folder, b"not a folder").unwrap();
    let (today, now) = (crate::dates::today(), chrono::Utc::now());
    let mut club = crate::club_file::ClubFile::at(&path, today, now);
    let manager = club
        .protect("Ada Manager", "correct horse battery", today, now)
        .unwrap();
    assert_eq!(manager.name, "Ada Manager");
    drop(club);
    assert!(is_encrypted(&path));
    std::fs::remove_file(&folder).unwrap();
    std::fs::rename(&moved, &folder).unwrap();
    assert!(contains(&std::fs::read(&kept_file).unwrap(), NAME_IN_FILE));

    // ...and signing in seals what was left.
    let store = crate::fixtures::open_as(&path, "Ada Manager", "correct horse battery").unwrap();
    let sealed = std::fs::read(&kept_file).unwrap();
    assert!(is_sealed(&sealed));
    assert!(!contains(&sealed, NAME_IN_FILE));
    let read = crate::training::record(
        store.conn(),
        id,
        today,
        crate::vault::Attachments::of(&store).as_ref(),
    )
    .unwrap();
    assert_eq!(
        read.certificate.unwrap().check,
        crate::training::CertificateCheck::Ok
    );
}

#[test]
fn a_club_open_elsewhere_is_not_encrypted_and_is_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    plain_club_with_records(&path);
    let app_window = crate::club_file::open(&path, None).unwrap();
    let before = snapshot(&path);
    let err = encrypt_existing(&path, manager()).unwrap_err();
    assert!(err.to_string().contains("open in another"), "{err}");
    assert_eq!(snapshot(&path), before);
    assert!(!keys_path(&path).exists());
    drop(app_window);
}

/// After a failed encryption: still plain, same rows, back in WAL mode, nothing left over.
fn assert_left_as_it_was(dir: &tempfile::TempDir, path: &Path, rows: &[(String, Vec<String>)]) {
    assert!(!is_encrypted(path));
    assert_eq!(plain_rows(path), rows);
    let mode: String = Connection::open(path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert!(!encrypting_path(path).exists());
    assert!(!old_plain_path(path).exists());
    let store = crate::club_file::open(path, None).unwrap();
    assert_eq!(every_row(store.conn()), rows);
    drop(store);
    let _ = dir;
}

#[test]
fn when_the_encrypted_copy_cannot_be_made_the_original_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    plain_club_with_records(&path);
    let before = plain_rows(&path);
    // Something (here a folder) is in the way of the temporary copy.
    std::fs::create_dir(encrypting_path(&path)).unwrap();
    std::fs::write(encrypting_path(&path).join("x"), b"x").unwrap();
    let err = encrypt_existing(&path, manager()).unwrap_err();
    assert!(matches!(err, Error::Database(_)), "{err}");
    std::fs::remove_dir_all(encrypting_path(&path)).unwrap();
    assert!(!keys_path(&path).exists());
    assert_left_as_it_was(&dir, &path, &before);
    // And it can be encrypted once the way is clear.
    let key = encrypt_existing(&path, manager()).unwrap();
    let store = crate::club_file::open(&path, Some(&key)).unwrap();
    assert_eq!(every_row(store.conn()), before);
}

#[test]
fn when_the_key_file_cannot_be_written_the_original_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    plain_club_with_records(&path);
    let before = plain_rows(&path);
    // The key file is written after the copy is made and checked: block it with a folder.
    std::fs::create_dir(keys_path(&path)).unwrap();
    std::fs::write(keys_path(&path).join("x"), b"x").unwrap();
    let err = encrypt_existing(&path, manager()).unwrap_err();
    assert!(matches!(err, Error::File { .. }), "{err}");
    std::fs::remove_dir_all(keys_path(&path)).unwrap();
    assert_left_as_it_was(&dir, &path, &before);
}

#[test]
fn a_copy_missing_rows_or_failing_the_integrity_check_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    plain_club_with_records(&path);
    let key = DataKey::generate().unwrap();
    let plain = Connection::open(&path).unwrap();
    let copy = dir.path().join("copy.sqlite3");
    export_and_verify(&plain, &copy, &key).unwrap();

    // A row lost in the copy.
    let keyed = Connection::open(&copy).unwrap();
    apply_key(&keyed, &key).unwrap();
    keyed.execute("DELETE FROM attendance", []).unwrap();
    drop(keyed);
    let err = verify_copy(&plain, &copy, &key).unwrap_err();
    assert!(err.to_string().contains("rows in attendance"), "{err}");

    // A damaged page: SQLCipher's page authentication fails.
    export_and_verify(&plain, &copy, &key).unwrap();
    let mut bytes = std::fs::read(&copy).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&copy, bytes).unwrap();
    assert!(verify_copy(&plain, &copy, &key).is_err());
}

// ---- sealed files ----

#[test]
fn a_sealed_file_round_trips_and_reveals_nothing() {
    let key = DataKey::generate().unwrap();
    let text = format!("%PDF-1.4 First Aid certificate for {NAME_IN_FILE}");
    let sealed = seal(&key, text.as_bytes()).unwrap();
    assert!(sealed.starts_with(b"CLUBSEAL\x01"));
    assert!(!contains(&sealed, NAME_IN_FILE));
    assert_eq!(open_sealed(&key, &sealed).unwrap(), text.as_bytes());
    // Random nonces: the same file sealed twice looks different.
    assert_ne!(seal(&key, text.as_bytes()).unwrap(), sealed);

    let other = DataKey::generate().unwrap();
    assert!(open_sealed(&other, &sealed).is_err());
    for at in [0, 9, 20, sealed.len() - 1] {
        let mut changed = sealed.clone();
        changed[at] ^= 1;
        assert!(open_sealed(&key, &changed).is_err(), "byte {at}");
    }
    assert!(open_sealed(&key, &sealed[..20]).is_err());
}

#[test]
fn certificates_of_an_encrypted_club_are_sealed_and_still_checked_by_their_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let key = create_club(&path, manager()).unwrap();
    let mut club = Club::with_store(crate::club_file::open(&path, Some(&key)).unwrap());
    let sam = club.adult("Sam Patel", false, crate::vocab::StaffRole::Volunteer);
    let id = club.trained(sam, "Emergency First Aid at Work", "2029-02-02");
    let scan = dir.path().join("first-aid.pdf");
    let content = format!("%PDF-1.4 certificate of {NAME_IN_FILE}");
    std::fs::write(&scan, &content).unwrap();
    let today = club.today;
    let kept = crate::vault::Attachments::of(&club.store).unwrap();
    assert!(kept.is_sealed());
    let record = club
        .store
        .write(|tx| crate::training::attach_certificate(tx, id, &scan, Some(&kept), today))
        .unwrap();
    let certificate = record.certificate.unwrap();
    assert_eq!(
        certificate.sha256,
        crate::training::sha256_hex(content.as_bytes())
    );
    assert_eq!(certificate.check, crate::training::CertificateCheck::Ok);
    let on_disk = kept.folder().join(&certificate.file_name);
    let sealed = std::fs::read(&on_disk).unwrap();
    assert!(!contains(&sealed, NAME_IN_FILE));
    assert_eq!(
        kept.read(&certificate.file_name).unwrap(),
        content.as_bytes()
    );

    let check = |club: &Club| {
        crate::training::record(club.store.conn(), id, today, Some(&kept))
            .unwrap()
            .certificate
            .unwrap()
            .check
    };
    // Sealed under another key (or changed): altered. A plain copy of the right file: ok.
    let other = DataKey::generate().unwrap();
    std::fs::write(&on_disk, seal(&other, content.as_bytes()).unwrap()).unwrap();
    assert_eq!(check(&club), crate::training::CertificateCheck::Altered);
    std::fs::write(&on_disk, b"%PDF-1.4 another certificate").unwrap();
    assert_eq!(check(&club), crate::training::CertificateCheck::Altered);
    std::fs::write(&on_disk, &content).unwrap();
    assert_eq!(check(&club), crate::training::CertificateCheck::Ok);
    assert_eq!(seal_attachments(kept.folder(), &key).unwrap(), 1);
    assert_eq!(seal_attachments(kept.folder(), &key).unwrap(), 0);
    assert!(is_sealed(&std::fs::read(&on_disk).unwrap()));
    assert_eq!(check(&club), crate::training::CertificateCheck::Ok);
}

// ---- backups of a keyed file (the answers written in vault.rs) ----

#[test]
fn the_backup_api_copies_between_same_keyed_files_and_the_copy_stays_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let key = encrypted_club(&path);
    let store = crate::club_file::open(&path, Some(&key)).unwrap();
    let target = dir.path().join("backup.sqlite3");
    let mut sibling = store.open_sibling(&target).unwrap();
    rusqlite::backup::Backup::new(store.conn(), &mut sibling)
        .unwrap()
        .run_to_completion(64, std::time::Duration::ZERO, None)
        .unwrap();
    drop(sibling);
    assert!(is_encrypted(&target));
    assert!(!contains(&std::fs::read(&target).unwrap(), NAME_IN_FILE));
    let copy = Connection::open(&target).unwrap();
    apply_key(&copy, &key).unwrap();
    assert_eq!(every_row(&copy), every_row(store.conn()));
}

#[test]
fn the_backup_api_refuses_from_a_keyed_file_to_a_plain_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let key = encrypted_club(&path);
    let store = crate::club_file::open(&path, Some(&key)).unwrap();
    let mut plain = Connection::open(dir.path().join("plain.sqlite3")).unwrap();
    let copied = rusqlite::backup::Backup::new(store.conn(), &mut plain)
        .and_then(|b| b.run_to_completion(64, std::time::Duration::ZERO, None));
    let err = copied.unwrap_err();
    assert!(
        err.to_string()
            .contains("backup is not supported with encrypted databases"),
        "{err}"
    );
}

#[test]
fn vacuum_into_from_a_keyed_file_writes_an_encrypted_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = club_path(&dir);
    let key = encrypted_club(&path);
    let store = crate::club_file::open(&path, Some(&key)).unwrap();
    let target = dir.path().join("vacuumed.sqlite3");
    store
        .conn()
        .execute("VACUUM INTO ?1", [target.to_string_lossy()])
        .unwrap();
    assert!(is_encrypted(&target));
    assert!(!contains(&std::fs::read(&target).unwrap(), NAME_IN_FILE));
    let unkeyed = Connection::open(&target).unwrap();
    assert!(
        unkeyed
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r
                .get::<_, i64>(0))
            .is_err()
    );
    let copy = Connection::open(&target).unwrap();
    apply_key(&copy, &key).unwrap();
    assert_eq!(every_row(&copy), every_row(store.conn()));
}

#[test]
fn a_plain_store_opens_a_plain_sibling() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&club_path(&dir)).unwrap();
    let target = dir.path().join("backup.sqlite3");
    let mut sibling = store.open_sibling(&target).unwrap();
    rusqlite::backup::Backup::new(store.conn(), &mut sibling)
        .unwrap()
        .run_to_completion(64, std::time::Duration::ZERO, None)
        .unwrap();
    drop(sibling);
    assert!(target.exists() && !is_encrypted(&target));
}
