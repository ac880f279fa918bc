-- A small club as Clubroom wrote it at schema version 8 (the last schema released before
-- migrations 9 to 12): the club's details, two young people and one register with both
-- present. Synthetic people only. For the upgrade checks (crates/core/examples/older_club.rs,
-- scripts/check-package.sh) and the core's test that such a file is backed up, migrated and
-- keeps its records. Frozen like a released migration: it names only the tables and columns
-- that existed at version 8, so no later migration can break it. Never edit it to follow a
-- newer schema; add a file for another version instead.

INSERT INTO organisation (id, name, created_at, updated_at)
VALUES (1, 'Older Test Youth Club', '2026-09-01T18:00:00Z', '2026-09-01T18:00:00Z');

INSERT INTO young_people (id, ref, first_name, last_name, date_of_birth, search_text,
                          created_at, updated_at)
VALUES (1, 'YP00001', 'Ada', 'Testperson', '2012-03-04', 'ada testperson  yp00001',
        '2026-09-01T18:05:00Z', '2026-09-01T18:05:00Z'),
       (2, 'YP00002', 'Bo', 'Testperson', '2013-05-06', 'bo testperson  yp00002',
        '2026-09-01T18:06:00Z', '2026-09-01T18:06:00Z');

INSERT INTO sessions (id, name, date, start_time, end_time, session_type, created_at, updated_at)
VALUES (1, 'Session 2026-11-20', '2026-11-20', '18:30', '20:30', 'open-access',
        '2026-11-20T18:00:00Z', '2026-11-20T18:00:00Z');

INSERT INTO attendance (session_id, young_person_id, marked_at)
VALUES (1, 1, '2026-11-20T18:35:00Z'),
       (1, 2, '2026-11-20T18:40:00Z');
