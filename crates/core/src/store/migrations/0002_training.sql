-- Migration 2: training records, role requirements and safe staffing. Never edit once landed.

CREATE TABLE courses (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL COLLATE NOCASE UNIQUE,
    kind             TEXT NOT NULL,
    -- Months a completion stays valid (the club's policy); NULL never expires.
    validity_months  INTEGER CHECK (validity_months IS NULL OR validity_months > 0),
    -- A higher level that also counts as this course (safeguarding level 2 covers level 1).
    covers_course_id INTEGER REFERENCES courses (id),
    position         INTEGER NOT NULL,
    archived         INTEGER NOT NULL DEFAULT 0
);

INSERT INTO courses (name, kind, validity_months, position) VALUES
    ('Safeguarding level 1', 'safeguarding', 36, 1),
    ('Safeguarding level 2', 'safeguarding', 36, 2),
    ('Safeguarding level 3', 'safeguarding', 24, 3),
    ('Emergency First Aid at Work', 'first-aid', 36, 4),
    ('Paediatric first aid', 'paediatric-first-aid', 36, 5),
    ('Enhanced DBS check', 'dbs', 36, 6),
    ('Food hygiene level 2', 'food-hygiene', 36, 7),
    ('Mental health first aid', 'mental-health-first-aid', 36, 8),
    ('Minibus driving (MiDAS)', 'minibus', 48, 9),
    ('Safeguarding and professional boundaries', 'other', 36, 10),
    ('Equality and diversity', 'other', 36, 11),
    ('Delivering quality youth work', 'other', NULL, 12),
    ('Managing challenging behaviour', 'other', 36, 13),
    ('Prevent awareness', 'other', 24, 14);

UPDATE courses SET covers_course_id = (SELECT id FROM courses WHERE name = 'Safeguarding level 1')
 WHERE name = 'Safeguarding level 2';
UPDATE courses SET covers_course_id = (SELECT id FROM courses WHERE name = 'Safeguarding level 2')
 WHERE name = 'Safeguarding level 3';

CREATE TABLE training_records (
    id                   INTEGER PRIMARY KEY,
    person_id            INTEGER NOT NULL REFERENCES people (id),
    course_id            INTEGER NOT NULL REFERENCES courses (id),
    completed_on         TEXT NOT NULL,
    provider             TEXT,
    certificate_number   TEXT,
    -- A copy of the certificate in the club's attachments folder, and its SHA-256.
    -- Never set for a DBS check: DBS results are criminal-offence data.
    certificate_file     TEXT,
    certificate_sha256   TEXT,
    -- DBS checks only: 'enhanced' or 'enhanced-barred', and whether on the Update Service.
    dbs_level            TEXT,
    dbs_update_service   INTEGER,
    confirmed_by         TEXT,
    confirmed_at         TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX training_records_by_person ON training_records (person_id, course_id, completed_on);

-- Which courses a staffing role needs.
CREATE TABLE role_requirements (
    role       TEXT NOT NULL,
    course_id  INTEGER NOT NULL REFERENCES courses (id),
    PRIMARY KEY (role, course_id)
) WITHOUT ROWID;

INSERT INTO role_requirements (role, course_id)
SELECT 'lead', id FROM courses WHERE name IN ('Safeguarding level 2', 'Emergency First Aid at Work', 'Enhanced DBS check')
UNION ALL
SELECT 'worker', id FROM courses WHERE name IN ('Safeguarding level 2', 'Enhanced DBS check')
UNION ALL
SELECT 'volunteer', id FROM courses WHERE name IN ('Safeguarding level 1', 'Enhanced DBS check')
UNION ALL
SELECT 'first-aider', id FROM courses WHERE name IN ('Safeguarding level 1', 'Emergency First Aid at Work', 'Enhanced DBS check');

-- Adults needed for young people of an age, from the NSPCC's recommended ratios
-- (docs/safe-staffing.md): one adult for every `young_people_per_adult`.
CREATE TABLE ratio_rules (
    id                      INTEGER PRIMARY KEY,
    age_from                INTEGER NOT NULL,
    age_to                  INTEGER NOT NULL,
    young_people_per_adult  INTEGER NOT NULL CHECK (young_people_per_adult > 0),
    CHECK (age_from <= age_to)
);

INSERT INTO ratio_rules (age_from, age_to, young_people_per_adult) VALUES
    (0, 2, 3),
    (3, 3, 4),
    (4, 8, 6),
    (9, 12, 8),
    (13, 18, 10),
    (19, 30, 10);

-- The club's safe-staffing and training policies, one row.
CREATE TABLE staffing_policy (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    minimum_adults        INTEGER NOT NULL DEFAULT 2 CHECK (minimum_adults >= 1),
    expiry_warning_days   INTEGER NOT NULL DEFAULT 60 CHECK (expiry_warning_days >= 0)
);
INSERT INTO staffing_policy (id) VALUES (1);
