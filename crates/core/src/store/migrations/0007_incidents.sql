-- The incident and safeguarding log.
-- Migration 7. A concern is never deleted and no version of it is ever changed: adding to it
-- (an update) or correcting it (with a reason) appends a whole new version, and the current
-- concern is its latest version. The triggers below make SQLite itself refuse anything else,
-- so not even a mistaken query or a tool opened on the file can quietly rewrite the record.
-- Never edit once landed.

CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL
);

-- Every version of every concern: a full copy of what it said, who wrote it and when.
CREATE TABLE incident_versions (
    id                 INTEGER PRIMARY KEY,
    incident_id        INTEGER NOT NULL REFERENCES incidents (id),
    -- 1 for the concern as first recorded, then 2, 3, ... in order.
    number             INTEGER NOT NULL CHECK (number >= 1),
    kind               TEXT NOT NULL CHECK (kind IN ('recorded', 'update', 'correction')),
    -- An update's note and the date it is about.
    note               TEXT,
    noted_on           TEXT,
    -- Why a correction was made (required for corrections).
    reason             TEXT CHECK (kind <> 'correction' OR length(trim(coalesce(reason, ''))) > 0),
    occurred_on        TEXT NOT NULL,
    occurred_at        TEXT,
    session_id         INTEGER REFERENCES sessions (id),
    what_happened      TEXT NOT NULL CHECK (length(trim(what_happened)) > 0),
    action_taken       TEXT NOT NULL DEFAULT '',
    -- Comma-separated referral codes (vocab::ReferralKind); empty when not referred.
    referred_to        TEXT NOT NULL DEFAULT '',
    referred_detail    TEXT,
    referred_on        TEXT,
    follow_up          TEXT,
    follow_up_by       TEXT,
    follow_up_done     INTEGER NOT NULL DEFAULT 0,
    -- How many young people this version names (incident_version_people holds who).
    people_count       INTEGER NOT NULL DEFAULT 0,
    -- The signed-in person's name as it was then, and their user id.
    recorded_by        TEXT NOT NULL,
    recorded_by_user   INTEGER NOT NULL,
    recorded_at        TEXT NOT NULL,
    UNIQUE (incident_id, number)
);

-- The young people a version names (a correction may add or remove someone).
CREATE TABLE incident_version_people (
    version_id       INTEGER NOT NULL REFERENCES incident_versions (id),
    young_person_id  INTEGER NOT NULL REFERENCES young_people (id),
    PRIMARY KEY (version_id, young_person_id)
) WITHOUT ROWID;
CREATE INDEX incident_version_people_by_person ON incident_version_people (young_person_id);

CREATE TRIGGER incidents_are_never_deleted BEFORE DELETE ON incidents
BEGIN
    SELECT RAISE(ABORT, 'A concern in the incident log cannot be deleted: every version is kept.');
END;

CREATE TRIGGER incidents_are_never_changed BEFORE UPDATE ON incidents
BEGIN
    SELECT RAISE(ABORT, 'A concern in the incident log cannot be changed: add an update or a correction.');
END;

CREATE TRIGGER incident_versions_are_never_deleted BEFORE DELETE ON incident_versions
BEGIN
    SELECT RAISE(ABORT, 'A version of a concern cannot be deleted: every version is kept.');
END;

CREATE TRIGGER incident_versions_are_never_changed BEFORE UPDATE ON incident_versions
BEGIN
    SELECT RAISE(ABORT, 'A version of a concern cannot be changed: add an update or a correction.');
END;

-- A new version comes after the latest one: an old version cannot be slipped in behind it,
-- nor written over (INSERT OR REPLACE deletes without firing the delete triggers).
CREATE TRIGGER incident_versions_follow_in_order BEFORE INSERT ON incident_versions
WHEN NEW.number <> (SELECT COUNT(*) + 1 FROM incident_versions WHERE incident_id = NEW.incident_id)
     OR EXISTS (SELECT 1 FROM incident_versions WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'A new version of a concern must follow its latest version.');
END;

CREATE TRIGGER incidents_are_never_replaced BEFORE INSERT ON incidents
WHEN EXISTS (SELECT 1 FROM incidents WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'A concern in the incident log cannot be replaced: every version is kept.');
END;

CREATE TRIGGER incident_version_people_are_never_deleted BEFORE DELETE ON incident_version_people
BEGIN
    SELECT RAISE(ABORT, 'The young people named in a version of a concern cannot be removed: correct the concern instead.');
END;

CREATE TRIGGER incident_version_people_are_never_changed BEFORE UPDATE ON incident_version_people
BEGIN
    SELECT RAISE(ABORT, 'The young people named in a version of a concern cannot be changed: correct the concern instead.');
END;

-- A version says how many young people it names, and they are added with it: no name can be
-- slipped into a version afterwards.
CREATE TRIGGER incident_version_people_only_with_their_version BEFORE INSERT ON incident_version_people
WHEN (SELECT COUNT(*) FROM incident_version_people WHERE version_id = NEW.version_id)
     >= (SELECT people_count FROM incident_versions WHERE id = NEW.version_id)
BEGIN
    SELECT RAISE(ABORT, 'A version of a concern already names all its young people: correct the concern instead.');
END;
