-- Data-protection rights: erasure and retention.
-- What is left of a young person after erasure, named registers turned into anonymous
-- attendances by the retention rules, and the retention rules themselves
-- (docs/data-protection.md; docs/counting-rules.md, "Erased young people").

-- Someone who attended but can no longer be named: a young person erased on request, or the
-- old registers of someone still known, anonymised under the retention rules. It holds no
-- name, reference, date of birth, postcode, note, contact, consent or medical detail: only
-- the coarse facts the counting rules break figures down by, frozen as they were.
CREATE TABLE anonymous_attenders (
    id                  INTEGER PRIMARY KEY,
    gender              TEXT NOT NULL,
    ethnicity           TEXT,
    disability          TEXT NOT NULL,
    -- The outward code only ("CV6"), never the full postcode.
    postcode_district   TEXT,
    -- The date of an attendance of theirs kept elsewhere that came before every attendance
    -- kept here (an earlier register anonymised separately), so "new young people" stays
    -- right. NULL when there is none.
    attended_before_on  TEXT,
    created_on          TEXT NOT NULL
);

CREATE TABLE anonymous_attender_circumstances (
    attender_id  INTEGER NOT NULL REFERENCES anonymous_attenders (id) ON DELETE CASCADE,
    code         TEXT NOT NULL REFERENCES circumstances (code),
    PRIMARY KEY (attender_id, code)
) WITHOUT ROWID;

-- An attendance whose name has been removed. It still counts as an attendance (not as an
-- anonymous headcount): the age in whole years on the session's date is kept instead of a
-- date of birth, because age bands are worked out from the age at an attendance.
CREATE TABLE anonymous_attendance (
    session_id   INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    attender_id  INTEGER NOT NULL REFERENCES anonymous_attenders (id),
    arrived_at   TEXT,
    left_at      TEXT,
    age_years    INTEGER,
    PRIMARY KEY (session_id, attender_id)
) WITHOUT ROWID;
CREATE INDEX anonymous_attendance_by_attender ON anonymous_attendance (attender_id, session_id);

-- A young person still known whose oldest registers were anonymised: the date of their
-- first attendance among those, so they are not counted as "new" again later.
ALTER TABLE young_people ADD COLUMN attended_before_on TEXT;

-- How long records are kept (the manager sets these): young people not seen for
-- `unseen_years` are listed for erasure; named registers of financial years that ended more
-- than `register_years` ago are listed for anonymising.
CREATE TABLE retention_rules (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    unseen_years    INTEGER NOT NULL DEFAULT 3 CHECK (unseen_years BETWEEN 1 AND 50),
    register_years  INTEGER NOT NULL DEFAULT 7 CHECK (register_years BETWEEN 1 AND 50),
    updated_at      TEXT
);
INSERT INTO retention_rules (id) VALUES (1);
