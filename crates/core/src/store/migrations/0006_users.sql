-- Who signs in, and the audit log.

-- A person who signs in. The secret is kept only as an Argon2id hash (PHC string); the
-- name is how they sign in, unique whatever its case.
CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL COLLATE NOCASE UNIQUE,
    role         TEXT NOT NULL CHECK (role IN ('manager', 'safeguarding-lead', 'leader', 'volunteer')),
    person_id    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    secret_kind  TEXT NOT NULL CHECK (secret_kind IN ('password', 'pin')),
    secret_hash  TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- Every change and every export: who, when, what, which record. Append-only, and each entry
-- carries the SHA-256 of the one before, so a changed or removed entry breaks the chain.
-- No foreign key to users: the log outlives the people in it.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    user_id        INTEGER,
    user_name      TEXT NOT NULL,
    role           TEXT NOT NULL,
    action         TEXT NOT NULL,
    record         TEXT NOT NULL,
    change         TEXT NOT NULL,
    previous_hash  TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at);
CREATE INDEX audit_log_by_user ON audit_log (user_name);

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'The audit log cannot be changed.');
END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'Entries cannot be removed from the audit log.');
END;

-- Minutes without use before the app locks itself (0: never).
ALTER TABLE organisation ADD COLUMN lock_after_minutes INTEGER NOT NULL DEFAULT 10;
