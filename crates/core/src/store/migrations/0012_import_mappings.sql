-- Import mappings saved by source ("OSM members", "Our old register"), offered again when a
-- file with the same headers comes. The mapping is the clubroom-import-mapping/1 JSON the
-- window and the CLI share; `headers` is the file's column names, one per line, compared by
-- their words. A mapping keeps only header names and the values of coded columns (genders,
-- ethnicities, register marks), never a name or a date of birth.
CREATE TABLE import_mappings (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    source    TEXT NOT NULL,
    headers   TEXT NOT NULL,
    mapping   TEXT NOT NULL,
    saved_at  TEXT NOT NULL,
    UNIQUE (kind, source)
);
