-- Sending the partnership summary (docs/partnership-summary.md, "Sending"): where it goes,
-- what is waiting to go, and every attempt. Released migrations are never edited.

-- The partnership's destination: one row, or none until a manager sets it. The WebDAV
-- password is never kept here (nor in any file): it lives in the OS keychain.
CREATE TABLE sync_destination (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    kind TEXT NOT NULL CHECK (kind IN ('folder', 'webdav')),
    -- A folder path, or the web address of a WebDAV folder that exists.
    location TEXT NOT NULL CHECK (length(trim(location)) > 0),
    user_name TEXT CHECK (user_name IS NULL OR length(trim(user_name)) > 0),
    calendar TEXT NOT NULL DEFAULT 'quarterly'
        CHECK (calendar IN ('monthly', 'quarterly', 'custom')),
    updated_at TEXT NOT NULL,
    CHECK (kind = 'folder' OR user_name IS NOT NULL)
);

-- The partnership's own reporting periods, when its calendar is `custom`.
CREATE TABLE sync_custom_periods (
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    PRIMARY KEY (period_start, period_end),
    CHECK (period_end >= period_start)
);

-- One entry per period to send. Sending a period again replaces its entry (UNIQUE), and its
-- files at the destination have the same names, so nothing is ever duplicated.
CREATE TABLE sync_outbox (
    id INTEGER PRIMARY KEY,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    queued_at TEXT NOT NULL,
    -- UTC; empty once sent.
    next_attempt_at TEXT,
    sent_at TEXT,
    -- The reason of the last failure, in words for a youth worker.
    last_error TEXT,
    UNIQUE (period_start, period_end)
);

-- The files of an entry, exactly as made when it was queued (so a retry sends the same bytes
-- the manager previewed), in the order to deliver them: the CSV, the schema, the manifest.
CREATE TABLE sync_outbox_files (
    outbox_id INTEGER NOT NULL REFERENCES sync_outbox (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    bytes BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (outbox_id, position)
);

-- Every attempt to deliver, kept after its outbox entry is replaced.
CREATE TABLE sync_log (
    id INTEGER PRIMARY KEY,
    attempted_at TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    destination TEXT NOT NULL,
    -- A JSON array of the file names.
    file_names TEXT NOT NULL,
    csv_sha256 TEXT NOT NULL,
    result TEXT NOT NULL CHECK (result IN ('sent', 'waiting', 'failed')),
    message TEXT NOT NULL
);

CREATE INDEX sync_log_by_time ON sync_log (attempted_at);
