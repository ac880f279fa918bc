-- Migration 10: outcome frameworks belong to an area, and a club to one. Never edit this
-- file once it has landed: add a new one.
--
-- A council's plan (Coventry's priorities) is for clubs in that council's area; the Every
-- Child Matters outcomes and the Theory of Change are for everywhere (no area). The series
-- and session forms offer a club only the frameworks that apply to it (outcomes.rs).

-- The council area a framework belongs to, by the council's usual name ("Coventry");
-- NULL: everywhere.
ALTER TABLE outcome_frameworks ADD COLUMN area TEXT;
UPDATE outcome_frameworks SET area = 'Coventry' WHERE code = 'coventry-cyp';

-- The council area the club works in ("Coventry"); NULL until the club says.
ALTER TABLE organisation ADD COLUMN area TEXT;

-- Frameworks of another area that the club chose to use all the same (a club near a
-- boundary, or a funder who asks for a neighbouring council's priorities).
CREATE TABLE club_frameworks (
    framework_code  TEXT PRIMARY KEY REFERENCES outcome_frameworks (code)
) WITHOUT ROWID;
