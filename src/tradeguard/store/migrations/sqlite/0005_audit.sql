-- The audit trail (tradeguard.audit): every screening, decision and batch run, append-only and hash-chained.
-- JSON columns hold the canonical JSON that the hash covers, byte for byte.

CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,              -- screen, decide or batch
    recorded_at     TEXT    NOT NULL,              -- ISO 8601, UTC
    actor           TEXT    NOT NULL,              -- API key name or OS user
    parties         TEXT    NOT NULL DEFAULT '',   -- the screened names, one a line, for `audit list --party`
    input           TEXT    NOT NULL,              -- canonical JSON
    result          TEXT    NOT NULL,              -- canonical JSON
    snapshots       TEXT    NOT NULL,              -- canonical JSON array of snapshot ids
    rules_version   TEXT,
    engine_version  TEXT    NOT NULL,
    settings        TEXT    NOT NULL,              -- canonical JSON
    prev_hash       TEXT    NOT NULL,
    hash            TEXT    NOT NULL UNIQUE
);

CREATE INDEX audit_log_recorded_at ON audit_log (recorded_at);

-- The chain head: the hash and count of the last record, updated in the same transaction as every append. It is
-- also the row writers lock (PostgreSQL), and lets `audit verify` notice records deleted from the end.
CREATE TABLE audit_head (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    count  INTEGER NOT NULL,
    hash   TEXT    NOT NULL
);

INSERT INTO audit_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Which snapshots each record used: the foreign key keeps those snapshots from ever being deleted.
CREATE TABLE audit_snapshots (
    snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id),
    audit_id     INTEGER NOT NULL REFERENCES audit_log (id),
    PRIMARY KEY (snapshot_id, audit_id)
) WITHOUT ROWID;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_snapshots_no_delete BEFORE DELETE ON audit_snapshots
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER snapshots_kept_for_audit BEFORE DELETE ON snapshots
WHEN EXISTS (SELECT 1 FROM audit_snapshots WHERE snapshot_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'this snapshot is referenced by the audit trail and is kept');
END;
