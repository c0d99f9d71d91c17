-- The case file. SQLite is the source of truth; Redis only holds intentions derived from it.
-- Times are ISO-8601 UTC instants (TEXT); "*_date" columns are local calendar dates YYYY-MM-DD
-- in the configured TIMEZONE, because terms are counted in local working days.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Gap-free case numbers per year: the counter moves in the same transaction that opens the case,
-- so a rolled-back case gives its number back.
CREATE TABLE case_counters (
  prefix TEXT NOT NULL,
  year   INTEGER NOT NULL,
  last   INTEGER NOT NULL,
  PRIMARY KEY (prefix, year)
);

CREATE TABLE cases (
  id            INTEGER PRIMARY KEY,
  number        TEXT NOT NULL UNIQUE,
  year          INTEGER NOT NULL,
  state         TEXT NOT NULL,
  language      TEXT NOT NULL CHECK (language IN ('nl', 'en')),
  subject       TEXT NOT NULL,
  received_at   TEXT NOT NULL,
  received_date TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  closed_at     TEXT,
  outcome       TEXT
);
CREATE INDEX cases_state ON cases(state);

CREATE TABLE parties (
  id       INTEGER PRIMARY KEY,
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  role     TEXT NOT NULL CHECK (role IN ('klager', 'beklaagde', 'deskundige')),
  name     TEXT NOT NULL,
  email    TEXT NOT NULL,
  added_at TEXT NOT NULL,
  UNIQUE (case_id, role, email)
);
CREATE INDEX parties_email ON parties(email);

-- Every message in and out. Inbound raw mail and attachments live as content-addressed blobs.
CREATE TABLE messages (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER REFERENCES cases(id),
  direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  message_id  TEXT,
  kind        TEXT NOT NULL,
  from_addr   TEXT,
  to_addrs    TEXT NOT NULL DEFAULT '[]',
  subject     TEXT NOT NULL DEFAULT '',
  blob_sha256 TEXT,
  size        INTEGER NOT NULL DEFAULT 0,
  at          TEXT NOT NULL,
  status      TEXT NOT NULL,
  reason      TEXT
);
CREATE UNIQUE INDEX messages_in_message_id ON messages(message_id) WHERE direction = 'in' AND message_id IS NOT NULL;
CREATE INDEX messages_case ON messages(case_id);
CREATE INDEX messages_out_message_id ON messages(message_id) WHERE direction = 'out';

CREATE TABLE attachments (
  id           INTEGER PRIMARY KEY,
  message_id   INTEGER NOT NULL REFERENCES messages(id),
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  sha256       TEXT NOT NULL
);
CREATE INDEX attachments_message ON attachments(message_id);

-- Append-only: who did what to a case, when, and which message caused it.
CREATE TABLE events (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  type       TEXT NOT NULL,
  from_state TEXT,
  to_state   TEXT,
  message_ref INTEGER REFERENCES messages(id),
  data       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_case ON events(case_id);
CREATE TRIGGER events_append_only BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TABLE deadlines (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  kind       TEXT NOT NULL,
  start_date TEXT NOT NULL,
  term_wd    INTEGER NOT NULL,
  due_date   TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'cancelled')),
  created_at TEXT NOT NULL,
  done_at    TEXT
);
CREATE INDEX deadlines_open ON deadlines(status, due_date);
CREATE UNIQUE INDEX deadlines_one_open_per_kind ON deadlines(case_id, kind) WHERE status = 'open';

-- Transactional outbox: letters decided in the same transaction as the state change that caused
-- them; the relay hands them to BullMQ, the send-letter processor delivers and marks them.
CREATE TABLE outbox (
  id             INTEGER PRIMARY KEY,
  case_id        INTEGER REFERENCES cases(id),
  template       TEXT NOT NULL,
  language       TEXT NOT NULL,
  recipient_role TEXT NOT NULL,
  to_addr        TEXT NOT NULL,
  message_id     TEXT NOT NULL UNIQUE,
  in_reply_to    TEXT,
  refs           TEXT NOT NULL DEFAULT '[]',
  facts          TEXT NOT NULL DEFAULT '{}',
  status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('held', 'pending', 'queued', 'sent', 'failed', 'cancelled')),
  attempts       INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT,
  created_at     TEXT NOT NULL,
  queued_at      TEXT,
  sent_at        TEXT
);
CREATE INDEX outbox_status ON outbox(status, id);

-- The IMAP cursor: per mailbox, its UIDVALIDITY and the last UID whose handling is committed.
CREATE TABLE mailbox_checkpoint (
  mailbox     TEXT PRIMARY KEY,
  uidvalidity INTEGER NOT NULL,
  last_uid    INTEGER NOT NULL,
  updated_at  TEXT NOT NULL
);

-- One row per fetched IMAP message (mailbox, UIDVALIDITY, UID): what became of it, and whether
-- it has been moved out of the inbox yet. Committed together with the message's effects, so a
-- crash between commit and move only leaves a move to redo.
CREATE TABLE inbox_items (
  mailbox      TEXT NOT NULL,
  uidvalidity  INTEGER NOT NULL,
  uid          INTEGER NOT NULL,
  message_ref  INTEGER REFERENCES messages(id),
  disposition  TEXT NOT NULL,
  target       TEXT NOT NULL,
  moved_at     TEXT,
  at           TEXT NOT NULL,
  PRIMARY KEY (mailbox, uidvalidity, uid)
);
CREATE INDEX inbox_items_unmoved ON inbox_items(mailbox, uidvalidity) WHERE moved_at IS NULL;
