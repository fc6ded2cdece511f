-- Analyst review (cases and their append-only history), the counterparty register with its blocking keys,
-- monitoring state and failed alert deliveries.

-- Registered counterparties. `party_key` (normalised name | country) links a party to its cases and suppressions;
-- a removed party keeps its row (cases refer to it) but loses its keys, so monitoring no longer finds it.
CREATE TABLE review_parties (
    id           INTEGER PRIMARY KEY,
    party_key    TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    kind         TEXT,
    country      TEXT,
    address      TEXT,
    external_id  TEXT,                          -- the company's own id for the party (the file's id column)
    added_at     TEXT    NOT NULL,              -- ISO 8601, UTC
    removed_at   TEXT
);
CREATE UNIQUE INDEX review_parties_one_live_key ON review_parties (party_key) WHERE removed_at IS NULL;

-- Inverted table blocking key -> live party ids, written once at registration: monitoring looks up the parties
-- sharing a key with a changed list name instead of re-normalising the whole register.
CREATE TABLE review_party_keys (
    key       TEXT    NOT NULL,
    party_id  INTEGER NOT NULL,
    PRIMARY KEY (key, party_id)
) WITHOUT ROWID;

-- How many live parties carry each key: its rarity, read before fetching postings so very common keys are skipped.
CREATE TABLE review_key_counts (
    key    TEXT    PRIMARY KEY,
    count  INTEGER NOT NULL
) WITHOUT ROWID;

-- One case per (party, entry) pair. `status` and `fingerprint` mirror the newest history row (kept here so that
-- screening reads suppressions with one indexed lookup); the history itself is append-only.
CREATE TABLE review_cases (
    id           INTEGER PRIMARY KEY,
    party_key    TEXT    NOT NULL,
    party_id     INTEGER REFERENCES review_parties (id),
    party        TEXT    NOT NULL,              -- the screened party as JSON (match.model.Party)
    entry_id     TEXT    NOT NULL,
    entry_name   TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    snapshot_id  INTEGER,                       -- snapshot of the entry when the case was opened
    score        REAL    NOT NULL,
    explanation  TEXT    NOT NULL,
    origin       TEXT    NOT NULL,              -- screen, register, monitor
    opened_at    TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,              -- entry fingerprint the newest history row refers to
    updated_at   TEXT    NOT NULL,
    UNIQUE (party_key, entry_id)
);
CREATE INDEX review_cases_by_entry ON review_cases (entry_id);
CREATE INDEX review_cases_by_status ON review_cases (status, id);

-- Everything that happened to a case: opened, the analysts' dispositions, reopened, closed. Never edited.
CREATE TABLE review_history (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES review_cases (id),
    action       TEXT    NOT NULL CHECK (action IN
                     ('opened', 'true-match', 'false-positive', 'escalated', 'reopened', 'closed')),
    note         TEXT    NOT NULL,
    user         TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,              -- the entry as the user saw it
    at           TEXT    NOT NULL
);
CREATE INDEX review_history_by_case ON review_history (case_id, id);

CREATE TRIGGER review_history_no_update BEFORE UPDATE ON review_history
BEGIN
    SELECT RAISE(ABORT, 'review history is append-only');
END;

CREATE TRIGGER review_history_no_delete BEFORE DELETE ON review_history
BEGIN
    SELECT RAISE(ABORT, 'review history is append-only');
END;

-- The snapshot of each dataset that monitoring last rescreened the register against.
CREATE TABLE review_monitor_state (
    dataset      TEXT    PRIMARY KEY,
    snapshot_id  INTEGER NOT NULL,
    checked_at   TEXT    NOT NULL
) WITHOUT ROWID;

-- Alert deliveries that failed after every retry, kept for the operator.
CREATE TABLE review_alert_failures (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    channel   TEXT    NOT NULL,                 -- webhook
    target    TEXT    NOT NULL,                 -- the URL
    attempts  INTEGER NOT NULL,
    error     TEXT    NOT NULL,
    payload   TEXT    NOT NULL
);
