-- The highest automatic reference (YP00042 is 42) held by anyone erased or removed, so the
-- number is never given to someone new: old paper registers and letters that name YP00042
-- must not come to mean a different child. Live references are counted from young_people
-- itself; this row only remembers the ones that left.
CREATE TABLE reference_high_water (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    highest  INTEGER NOT NULL CHECK (highest >= 0)
);
INSERT INTO reference_high_water (id, highest) VALUES (1, 0);
