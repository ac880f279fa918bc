-- Migration 11: what changed for young people. Measures of the club's own (the built-in ones
-- live in assets/measures and are not stored), check-in plans, check-ins and their answers,
-- and progression events from a list the club edits. Never edit once landed.

-- A measure the club made (a club scale) or imported (one whose licence needs the club to
-- register, confirmed at import). Never edited: new wording is a new version, so check-ins
-- keep pointing at the questions they answered.
CREATE TABLE measures (
    code           TEXT NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    json           TEXT NOT NULL,
    -- Who confirmed the club had registered to use it, and when (registration licences only).
    registered_by  TEXT,
    registered_at  TEXT,
    saved_at       TEXT NOT NULL,
    PRIMARY KEY (code, version)
) WITHOUT ROWID;

CREATE TRIGGER measures_are_never_changed BEFORE UPDATE ON measures
BEGIN
    SELECT RAISE(ABORT, 'A measure cannot be changed: save new wording as a new version.');
END;

-- Who is asked, when, with what, on a project or a series.
CREATE TABLE checkin_plans (
    id                INTEGER PRIMARY KEY,
    project_id        INTEGER REFERENCES projects (id),
    series_id         INTEGER REFERENCES session_series (id),
    -- The baseline is due at the first N sessions someone comes to once they are asked.
    baseline_within   INTEGER NOT NULL CHECK (baseline_within >= 1),
    -- A review every N weeks; NULL: only at exit (taken by hand).
    review_weeks      INTEGER CHECK (review_weeks IS NULL OR review_weeks >= 1),
    -- A later check-in pairs with the baseline only this many weeks after it.
    min_gap_weeks     INTEGER NOT NULL CHECK (min_gap_weeks >= 1),
    who               TEXT NOT NULL CHECK (who IN ('everyone', 'regulars', 'chosen')),
    -- For regulars: asked from their Nth attendance at the plan's sessions.
    min_attendances   INTEGER CHECK (min_attendances IS NULL OR min_attendances >= 1),
    archived          INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    CHECK ((project_id IS NULL) <> (series_id IS NULL)),
    CHECK ((who = 'regulars') = (min_attendances IS NOT NULL))
);

CREATE TABLE checkin_plan_measures (
    plan_id       INTEGER NOT NULL REFERENCES checkin_plans (id) ON DELETE CASCADE,
    measure_code  TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (plan_id, measure_code)
) WITHOUT ROWID;

-- The chosen young people of a plan that asks a sample.
CREATE TABLE checkin_plan_people (
    plan_id          INTEGER NOT NULL REFERENCES checkin_plans (id) ON DELETE CASCADE,
    young_person_id  INTEGER NOT NULL REFERENCES young_people (id) ON DELETE CASCADE,
    PRIMARY KEY (plan_id, young_person_id)
) WITHOUT ROWID;

-- One check-in: a young person (or, once they are erased, the anonymous attender who holds
-- what the counting rules need) answering one version of one measure on one day, or
-- declining to. Answers are special-category data: see docs/data-protection.md.
CREATE TABLE checkins (
    id                INTEGER PRIMARY KEY,
    young_person_id   INTEGER REFERENCES young_people (id),
    attender_id       INTEGER REFERENCES anonymous_attenders (id),
    measure_code      TEXT NOT NULL,
    measure_version   INTEGER NOT NULL,
    taken_on          TEXT NOT NULL,
    wave              TEXT NOT NULL CHECK (wave IN ('baseline', 'review', 'exit', 'other')),
    mode              TEXT NOT NULL CHECK (mode IN ('self', 'with-worker', 'worker-rated')),
    declined          INTEGER NOT NULL DEFAULT 0 CHECK (declined IN (0, 1)),
    plan_id           INTEGER REFERENCES checkin_plans (id),
    -- Who recorded it: only they and managers see its answers.
    recorded_by_user  INTEGER NOT NULL,
    recorded_by       TEXT NOT NULL,
    recorded_at       TEXT NOT NULL,
    CHECK ((young_person_id IS NULL) <> (attender_id IS NULL))
);
CREATE INDEX checkins_by_young_person ON checkins (young_person_id, measure_code, taken_on);
CREATE INDEX checkins_by_measure ON checkins (measure_code, measure_version, taken_on);

-- One answer; a skipped question has no row. A declined check-in has none.
CREATE TABLE checkin_answers (
    checkin_id   INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
    question_id  TEXT NOT NULL,
    value        INTEGER NOT NULL,
    PRIMARY KEY (checkin_id, question_id)
) WITHOUT ROWID;

-- The kinds of progression the club records (it edits the list).
CREATE TABLE progression_kinds (
    code      TEXT PRIMARY KEY,
    label     TEXT NOT NULL,
    grouping  TEXT NOT NULL CHECK (grouping IN
                ('award', 'education-training-work', 'referral', 'volunteering', 'youth-voice', 'other')),
    position  INTEGER NOT NULL,
    archived  INTEGER NOT NULL DEFAULT 0
);

INSERT INTO progression_kinds (code, label, grouping, position) VALUES
    ('aqa-unit-award', 'AQA Unit Award', 'award', 1),
    ('duke-of-edinburgh', 'Duke of Edinburgh''s Award', 'award', 2),
    ('arts-award', 'Arts Award', 'award', 3),
    ('first-aid-certificate', 'First aid certificate', 'award', 4),
    ('into-education', 'Into education', 'education-training-work', 5),
    ('into-training', 'Into training', 'education-training-work', 6),
    ('into-work', 'Into work', 'education-training-work', 7),
    ('referral-camhs', 'Referred on to CAMHS', 'referral', 8),
    ('referral-early-help', 'Referred on to Early Help', 'referral', 9),
    ('referral-college', 'Referred on to a college', 'referral', 10),
    ('volunteering', 'Started volunteering', 'volunteering', 11),
    ('youth-forum', 'Joined a youth forum', 'youth-voice', 12),
    ('consultation', 'Took part in a consultation', 'youth-voice', 13),
    ('star-completed', 'Outcomes Star completed', 'other', 14);

-- A dated step a young person took. Never offence details: the note is for the step itself.
CREATE TABLE progression_events (
    id                INTEGER PRIMARY KEY,
    young_person_id   INTEGER REFERENCES young_people (id),
    attender_id       INTEGER REFERENCES anonymous_attenders (id),
    kind_code         TEXT NOT NULL REFERENCES progression_kinds (code),
    happened_on       TEXT NOT NULL,
    note              TEXT,
    recorded_by       TEXT NOT NULL,
    recorded_at       TEXT NOT NULL,
    CHECK ((young_person_id IS NULL) <> (attender_id IS NULL))
);
CREATE INDEX progression_events_by_young_person ON progression_events (young_person_id, happened_on);
