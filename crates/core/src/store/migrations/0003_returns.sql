-- Migration 3: funder returns. Projects that sessions belong to, outcome areas of a whole
-- series, the editable list of circumstances (the kinds of disadvantage young people face),
-- funder templates of the club's own, and saved returns. Never edit once landed.

CREATE TABLE projects (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL COLLATE NOCASE UNIQUE,
    funder    TEXT,
    archived  INTEGER NOT NULL DEFAULT 0
);

ALTER TABLE session_series ADD COLUMN project_id INTEGER REFERENCES projects (id);
ALTER TABLE sessions ADD COLUMN project_id INTEGER REFERENCES projects (id);

-- Outcome areas every session of a series works towards (a session may add its own).
CREATE TABLE series_outcomes (
    series_id       INTEGER NOT NULL REFERENCES session_series (id) ON DELETE CASCADE,
    framework_code  TEXT NOT NULL,
    outcome_code    TEXT NOT NULL,
    PRIMARY KEY (series_id, framework_code, outcome_code),
    FOREIGN KEY (framework_code, outcome_code) REFERENCES outcomes (framework_code, code)
) WITHOUT ROWID;

CREATE TABLE circumstances (
    code      TEXT PRIMARY KEY,
    label     TEXT NOT NULL,
    position  INTEGER NOT NULL,
    archived  INTEGER NOT NULL DEFAULT 0
);

INSERT INTO circumstances (code, label, position) VALUES
    ('poverty', 'Living in poverty or low income', 1),
    ('disability-or-illness', 'Disability or long-term illness', 2),
    ('mental-health', 'Mental health difficulties', 3),
    ('young-carer', 'Young carer', 4),
    ('care-experienced', 'Care experienced', 5),
    ('bereavement', 'Bereavement', 6),
    ('domestic-abuse', 'Living with domestic abuse', 7),
    ('school-exclusion', 'Excluded or at risk of exclusion from school', 8),
    ('refugee-or-asylum', 'Refugee or seeking asylum', 9),
    ('homelessness', 'Homelessness or insecure housing', 10),
    ('isolation', 'Social isolation', 11),
    ('lgbtq', 'Facing discrimination as LGBTQ+', 12);

CREATE TABLE young_person_circumstances (
    young_person_id  INTEGER NOT NULL REFERENCES young_people (id) ON DELETE CASCADE,
    code             TEXT NOT NULL REFERENCES circumstances (code),
    PRIMARY KEY (young_person_id, code)
) WITHOUT ROWID;

-- The club's own templates (the built-in ones live in assets/templates and are not stored).
CREATE TABLE templates (
    id          TEXT PRIMARY KEY,
    json        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- A return as produced and sent: never changed afterwards.
CREATE TABLE saved_returns (
    id                INTEGER PRIMARY KEY,
    template_id       TEXT NOT NULL,
    template_name     TEXT NOT NULL,
    template_version  INTEGER NOT NULL,
    template_json     TEXT NOT NULL,
    period_from       TEXT NOT NULL,
    period_to         TEXT NOT NULL,
    scope_json        TEXT NOT NULL,
    answers_json      TEXT NOT NULL,
    figures_json      TEXT NOT NULL,
    fingerprint       TEXT NOT NULL,
    produced_at       TEXT NOT NULL,
    produced_on       TEXT NOT NULL,
    note              TEXT
);

CREATE TRIGGER saved_returns_are_immutable BEFORE UPDATE ON saved_returns
BEGIN
    SELECT RAISE(ABORT, 'A saved return cannot be changed.');
END;
