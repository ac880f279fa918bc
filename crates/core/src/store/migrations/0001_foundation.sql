-- Migration 1: the foundation. Never edit this file once it has landed: add a new one.
-- Dates are local dates in Europe/London (YYYY-MM-DD), times are wall-clock HH:MM,
-- and *_at columns are UTC timestamps (RFC 3339).

CREATE TABLE organisation (
    id                        INTEGER PRIMARY KEY CHECK (id = 1),
    name                      TEXT NOT NULL,
    charity_number            TEXT,
    lyp_name                  TEXT,
    lyp_member_code           TEXT,
    time_zone                 TEXT NOT NULL DEFAULT 'Europe/London',
    volunteer_hour_value_gbp  REAL NOT NULL DEFAULT 0,
    -- From this age a young person gives their own consents; below it a parent or carer must.
    consent_self_age          INTEGER NOT NULL DEFAULT 13,
    is_demo                   INTEGER NOT NULL DEFAULT 0,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL
);

CREATE TABLE venues (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    address   TEXT,
    postcode  TEXT,
    archived  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX venues_by_name ON venues (name COLLATE NOCASE);

CREATE TABLE young_people (
    id                     INTEGER PRIMARY KEY,
    ref                    TEXT NOT NULL COLLATE NOCASE UNIQUE,
    first_name             TEXT NOT NULL,
    last_name              TEXT NOT NULL,
    preferred_name         TEXT,
    date_of_birth          TEXT,
    -- When only an age was given (at the door), the age and the date it was given.
    age_given              INTEGER,
    age_given_on           TEXT,
    gender                 TEXT NOT NULL DEFAULT 'unknown',
    ethnicity              TEXT,
    disability             TEXT NOT NULL DEFAULT 'unknown',
    send_notes             TEXT,
    postcode               TEXT,
    school                 TEXT,
    education_status       TEXT,
    care_experienced       INTEGER,
    young_carer            INTEGER,
    looked_after           INTEGER,
    care_leaver            INTEGER,
    child_protection_plan  INTEGER,
    newly_arrived          INTEGER,
    referred_by            TEXT,
    referred_to            TEXT,
    medical_notes          TEXT,
    allergies              TEXT,
    archived               INTEGER NOT NULL DEFAULT 0,
    -- Lower-case "first last preferred ref", for finding anyone by any part of a name.
    search_text            TEXT NOT NULL,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX young_people_by_name ON young_people (last_name COLLATE NOCASE, first_name COLLATE NOCASE);

CREATE TABLE consents (
    young_person_id  INTEGER NOT NULL REFERENCES young_people (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    given            INTEGER NOT NULL,
    given_by         TEXT NOT NULL,
    giver_name       TEXT,
    recorded_on      TEXT NOT NULL,
    PRIMARY KEY (young_person_id, kind)
) WITHOUT ROWID;

CREATE TABLE emergency_contacts (
    id               INTEGER PRIMARY KEY,
    young_person_id  INTEGER NOT NULL REFERENCES young_people (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    name             TEXT NOT NULL,
    relationship     TEXT,
    phone            TEXT NOT NULL
);
CREATE INDEX emergency_contacts_by_person ON emergency_contacts (young_person_id, position);

CREATE TABLE outcome_frameworks (
    code  TEXT PRIMARY KEY,
    name  TEXT NOT NULL
);

CREATE TABLE outcomes (
    framework_code  TEXT NOT NULL REFERENCES outcome_frameworks (code),
    code            TEXT NOT NULL,
    label           TEXT NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (framework_code, code)
);

INSERT INTO outcome_frameworks (code, name) VALUES
    ('ecm', 'Every Child Matters'),
    ('coventry-cyp', 'Coventry Children and Young People''s Plan priorities'),
    ('toc', 'Youth work Theory of Change');
INSERT INTO outcomes (framework_code, code, label, position) VALUES
    ('ecm', 'be-healthy', 'Be healthy', 1),
    ('ecm', 'stay-safe', 'Stay safe', 2),
    ('ecm', 'enjoy-and-achieve', 'Enjoy and achieve', 3),
    ('ecm', 'positive-contribution', 'Make a positive contribution', 4),
    ('ecm', 'economic-well-being', 'Achieve economic well-being', 5),
    ('coventry-cyp', 'early-help', 'Early help', 1),
    ('coventry-cyp', 'be-healthy', 'Be healthy', 2),
    ('coventry-cyp', 'stay-safe', 'Stay safe', 3),
    ('coventry-cyp', 'ete', 'Education, training and employment', 4),
    ('toc', 'confidence', 'Confidence', 1),
    ('toc', 'resilience', 'Resilience', 2),
    ('toc', 'communication', 'Communication', 3),
    ('toc', 'empathy', 'Empathy', 4),
    ('toc', 'aspiration', 'Aspiration', 5),
    ('toc', 'creativity', 'Creativity', 6),
    ('toc', 'managing-feelings', 'Managing feelings', 7);

CREATE TABLE session_series (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    -- ISO weekday: 1 = Monday ... 7 = Sunday.
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_time    TEXT NOT NULL,
    end_time      TEXT NOT NULL,
    venue_id      INTEGER REFERENCES venues (id),
    session_type  TEXT NOT NULL,
    age_min       INTEGER,
    age_max       INTEGER,
    starts_on     TEXT NOT NULL,
    ends_on       TEXT,
    archived      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    id             INTEGER PRIMARY KEY,
    series_id      INTEGER REFERENCES session_series (id),
    name           TEXT NOT NULL,
    date           TEXT NOT NULL,
    start_time     TEXT NOT NULL,
    end_time       TEXT NOT NULL,
    venue_id       INTEGER REFERENCES venues (id),
    session_type   TEXT NOT NULL,
    age_min        INTEGER,
    age_max        INTEGER,
    activities     TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT '',
    cancelled      INTEGER NOT NULL DEFAULT 0,
    cancel_reason  TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (series_id, date)
);
CREATE INDEX sessions_by_date ON sessions (date, start_time);

CREATE TABLE session_outcomes (
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    framework_code  TEXT NOT NULL,
    outcome_code    TEXT NOT NULL,
    PRIMARY KEY (session_id, framework_code, outcome_code),
    FOREIGN KEY (framework_code, outcome_code) REFERENCES outcomes (framework_code, code)
) WITHOUT ROWID;

-- A row means "present". No row means not present.
CREATE TABLE attendance (
    session_id       INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    young_person_id  INTEGER NOT NULL REFERENCES young_people (id),
    arrived_at       TEXT,
    left_at          TEXT,
    marked_at        TEXT NOT NULL,
    PRIMARY KEY (session_id, young_person_id)
) WITHOUT ROWID;
CREATE INDEX attendance_by_young_person ON attendance (young_person_id, session_id);

CREATE TABLE headcounts (
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    gender      TEXT NOT NULL,
    age_band    TEXT NOT NULL,
    count       INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (session_id, gender, age_band)
) WITHOUT ROWID;

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT,
    phone       TEXT,
    paid        INTEGER NOT NULL DEFAULT 0,
    roles       TEXT NOT NULL DEFAULT '',
    started_on  TEXT,
    left_on     TEXT,
    archived    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE series_staff (
    series_id  INTEGER NOT NULL REFERENCES session_series (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    role       TEXT NOT NULL,
    PRIMARY KEY (series_id, person_id)
) WITHOUT ROWID;

CREATE TABLE staffing (
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    role        TEXT NOT NULL,
    hours       REAL NOT NULL CHECK (hours >= 0),
    PRIMARY KEY (session_id, person_id)
) WITHOUT ROWID;
CREATE INDEX staffing_by_person ON staffing (person_id, session_id);
