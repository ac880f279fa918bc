-- Stories: a quote or a short case study about a young person, with the consent it was
-- given under and who may see it (docs/permissions.md, docs/data-protection.md). Never edit
-- once landed.
--
-- A story about a young person who is erased goes, unless it was consented anonymous and
-- passed the anonymity check at that moment: then it stays with no link to anyone
-- (young_person_id NULL) and can no longer be changed, only removed.
CREATE TABLE stories (
    id                INTEGER PRIMARY KEY,
    young_person_id   INTEGER REFERENCES young_people (id),
    kind              TEXT NOT NULL CHECK (kind IN ('quote', 'case-study')),
    title             TEXT NOT NULL,
    body              TEXT NOT NULL,
    consent           TEXT NOT NULL CHECK (consent IN ('named', 'anonymous', 'not-for-use')),
    consent_given_by  TEXT NOT NULL CHECK (consent_given_by IN ('young-person', 'parent-carer')),
    told_on           TEXT NOT NULL,
    -- 'team': everyone who may add or change young people; 'managers': managers and
    -- whoever recorded it.
    audience          TEXT NOT NULL CHECK (audience IN ('team', 'managers')),
    recorded_by_user  INTEGER NOT NULL,
    recorded_by       TEXT NOT NULL,
    recorded_at       TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX stories_by_young_person ON stories (young_person_id, told_on);

-- The outcomes a story evidences (an outcome in a framework), so that a return's
-- "differences we made" can offer the case studies of the outcome chosen.
CREATE TABLE story_outcomes (
    story_id        INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    framework_code  TEXT NOT NULL,
    outcome_code    TEXT NOT NULL,
    PRIMARY KEY (story_id, framework_code, outcome_code),
    FOREIGN KEY (framework_code, outcome_code) REFERENCES outcomes (framework_code, code)
) WITHOUT ROWID;
