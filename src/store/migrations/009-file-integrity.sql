-- The tamper-evident record (issue 17; src/domain/event-chain.ts): each event carries the hash of
-- the event before it in its case, the hash of its private part and its own hash. Existing rows
-- are chained by the code step 'file-integrity' (src/store/chain-repo.ts) right after this file.
ALTER TABLE events ADD COLUMN prev_hash TEXT;
ALTER TABLE events ADD COLUMN private_hash TEXT;
ALTER TABLE events ADD COLUMN hash TEXT;
-- Set by the retention purge when it removed the event's private part (actor, cause, data).
ALTER TABLE events ADD COLUMN purged_at TEXT;

-- Events stay append-only. Two updates are allowed, each only once per row and never touching
-- what the hash covers: chaining a row that has no hash yet (this migration), and the purge
-- removing a chained row's private part while keeping its hashes.
DROP TRIGGER events_append_only;
CREATE TRIGGER events_append_only BEFORE UPDATE ON events
WHEN NOT (
  NEW.id IS OLD.id AND NEW.case_id IS OLD.case_id AND NEW.at IS OLD.at AND NEW.type IS OLD.type
  AND NEW.from_state IS OLD.from_state AND NEW.to_state IS OLD.to_state
  AND (
    (OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.actor IS OLD.actor AND NEW.message_ref IS OLD.message_ref AND NEW.data IS OLD.data AND NEW.purged_at IS NULL)
    OR (OLD.hash IS NOT NULL AND OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL AND NEW.hash IS OLD.hash
        AND NEW.prev_hash IS OLD.prev_hash AND NEW.private_hash IS OLD.private_hash)
  )
)
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE INDEX events_case_id ON events(case_id, id);

-- Legal hold (#bewaar): while a hold is active the retention purge passes the case by.
CREATE TABLE legal_holds (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  reason      TEXT NOT NULL,
  until_date  TEXT,
  placed_at   TEXT NOT NULL,
  placed_by   TEXT NOT NULL,
  message_ref INTEGER REFERENCES messages(id),
  lifted_at   TEXT,
  lifted_by   TEXT
);
CREATE INDEX legal_holds_case ON legal_holds(case_id);

-- Access requests (AVG art. 15, #inzage and `complaint-desk subject-access`): who asked, when,
-- the term (one calendar month), and when it was answered.
CREATE TABLE access_requests (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL,
  requested_at  TEXT NOT NULL,
  requested_by  TEXT NOT NULL,
  due_date      TEXT NOT NULL,
  message_ref   INTEGER REFERENCES messages(id),
  exported_at   TEXT,
  export_sha256 TEXT,
  answered_at   TEXT,
  answered_by   TEXT
);
CREATE INDEX access_requests_open ON access_requests(answered_at, due_date);
