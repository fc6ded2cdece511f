-- API keys for the HTTP API. Only a SHA-256 of each key is kept: the key itself is shown once, when created.

CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    key_hash    TEXT    NOT NULL UNIQUE,      -- hex SHA-256 of the whole key
    prefix      TEXT    NOT NULL,             -- first characters of the key, to recognise it in `keys list`
    created_at  TEXT    NOT NULL,             -- ISO 8601, UTC
    revoked_at  TEXT                          -- set once by `keys revoke`; a revoked key never works again
);

-- One live key per name; revoked ones stay for the record.
CREATE UNIQUE INDEX api_keys_one_live_name ON api_keys (name) WHERE revoked_at IS NULL;
