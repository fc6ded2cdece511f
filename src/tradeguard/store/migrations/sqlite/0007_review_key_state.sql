-- The normalising code the register's blocking keys were computed with (`review.register.keys_digest`): monitoring
-- recomputes every live party's keys when it differs, so parties registered before an upgrade still meet list names.
CREATE TABLE review_key_state (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    digest    TEXT    NOT NULL,
    keyed_at  TEXT    NOT NULL
);
