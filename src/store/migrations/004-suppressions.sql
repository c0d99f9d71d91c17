-- Addresses the service must not write to (SPEC §5 step 2): a permanent failure (5.x.x) of one of
-- our letters, reported by the SMTP server at once or by a bounce later. A row stays active until
-- the commissioner corrects the address (lifted_at set); lifted rows stay for the record.
CREATE TABLE suppressions (
  id          INTEGER PRIMARY KEY,
  address     TEXT NOT NULL,
  reason      TEXT NOT NULL,
  status      TEXT,
  case_id     INTEGER REFERENCES cases(id),
  outbox_id   INTEGER REFERENCES outbox(id),
  created_at  TEXT NOT NULL,
  lifted_at   TEXT,
  lifted_by   TEXT
);
CREATE UNIQUE INDEX suppressions_active ON suppressions(address) WHERE lifted_at IS NULL;
