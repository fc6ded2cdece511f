-- List snapshots and their entries. A snapshot is immutable once sealed; exactly one per dataset is active.

CREATE TABLE snapshots (
    id           INTEGER PRIMARY KEY,
    dataset      TEXT    NOT NULL,
    format       TEXT,
    sha256       TEXT    NOT NULL,
    filename     TEXT,
    published    TEXT,
    imported_at  TEXT    NOT NULL,              -- ISO 8601, UTC
    entry_count  INTEGER NOT NULL DEFAULT 0,
    source_rows  INTEGER NOT NULL DEFAULT 0,
    warnings     TEXT    NOT NULL DEFAULT '[]', -- JSON array of the parser's warnings
    sealed       INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1)),
    active       INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    UNIQUE (dataset, sha256)
);

-- The database itself enforces "one active snapshot per dataset".
CREATE UNIQUE INDEX snapshots_one_active ON snapshots (dataset) WHERE active = 1;

-- Entries: the full Entry as a JSON payload, plus the columns we filter and diff on. A rowid table, not WITHOUT
-- ROWID: rows of ~1 KB insert 2.5x faster this way (measured on the CSL).
CREATE TABLE entries (
    snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    entry_id     TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    UNIQUE (snapshot_id, entry_id)
);

CREATE INDEX entries_by_entry_id ON entries (entry_id);
CREATE INDEX entries_by_source ON entries (snapshot_id, source);

CREATE TABLE snapshot_lists (
    snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    list         TEXT    NOT NULL,
    entry_count  INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, list)
) WITHOUT ROWID;

-- Immutability: once sealed, only the `active` flag of a snapshot may change, and its entries never change.
CREATE TRIGGER snapshots_immutable BEFORE UPDATE ON snapshots
WHEN OLD.sealed = 1 AND (
    NEW.id IS NOT OLD.id OR NEW.dataset IS NOT OLD.dataset OR NEW.format IS NOT OLD.format
    OR NEW.sha256 IS NOT OLD.sha256 OR NEW.filename IS NOT OLD.filename OR NEW.published IS NOT OLD.published
    OR NEW.imported_at IS NOT OLD.imported_at OR NEW.entry_count IS NOT OLD.entry_count
    OR NEW.source_rows IS NOT OLD.source_rows OR NEW.warnings IS NOT OLD.warnings OR NEW.sealed IS NOT OLD.sealed
)
BEGIN
    SELECT RAISE(ABORT, 'snapshots are immutable');
END;

CREATE TRIGGER entries_immutable BEFORE UPDATE ON entries
BEGIN
    SELECT RAISE(ABORT, 'snapshot entries are immutable');
END;

CREATE TRIGGER entries_sealed BEFORE INSERT ON entries
WHEN (SELECT sealed FROM snapshots WHERE id = NEW.snapshot_id) = 1
BEGIN
    SELECT RAISE(ABORT, 'cannot add entries to a sealed snapshot');
END;
