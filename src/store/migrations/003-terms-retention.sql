-- Terms that move, reminders that were handled, and what stays of a case after its purge.

-- Every move of a deadline (#verleng, #afwezig): where it came from and why. The deadline's
-- due_date holds the current date; the first move's from_date is the original one.
CREATE TABLE deadline_moves (
  id           INTEGER PRIMARY KEY,
  deadline_id  INTEGER NOT NULL REFERENCES deadlines(id),
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  origin       TEXT NOT NULL CHECK (origin IN ('extension', 'absence')),
  from_date    TEXT NOT NULL,
  to_date      TEXT NOT NULL,
  working_days INTEGER NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  actor        TEXT NOT NULL,
  message_ref  INTEGER REFERENCES messages(id),
  at           TEXT NOT NULL
);
CREATE INDEX deadline_moves_case ON deadline_moves(case_id);

-- Declared absences (#afwezig): of one case, or of the commissioner for every open case
-- (case_id NULL). A case's calendar skips them when a term of that case is extended later.
CREATE TABLE absences (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER REFERENCES cases(id),
  from_date   TEXT NOT NULL,
  to_date     TEXT NOT NULL,
  reason      TEXT NOT NULL DEFAULT '',
  actor       TEXT NOT NULL,
  message_ref INTEGER REFERENCES messages(id),
  at          TEXT NOT NULL
);
CREATE INDEX absences_case ON absences(case_id);

-- Reminder jobs that have run (sent, or found nothing to send), by jobId. Redis may forget its
-- jobs (a wipe, a restart without persistence); this table is why a rebuilt queue never sends a
-- reminder twice.
CREATE TABLE reminders_done (
  job_key TEXT PRIMARY KEY,
  outcome TEXT NOT NULL,
  at      TEXT NOT NULL
);

-- One anonymous row per purged case, for the annual report (art. 12, 14; SPEC §9): no names,
-- addresses or texts. `steps` is JSON per deadline kind: term, working days used, in term.
CREATE TABLE case_stats (
  case_id           INTEGER PRIMARY KEY REFERENCES cases(id),
  year              INTEGER NOT NULL,
  outcome           TEXT,
  final_state       TEXT,
  closed_by         TEXT,
  ack_wd            INTEGER,
  present_wd        INTEGER,
  response_wd       INTEGER,
  handle_wd         INTEGER,
  steps             TEXT NOT NULL DEFAULT '{}',
  extensions        INTEGER NOT NULL DEFAULT 0,
  extension_wd      INTEGER NOT NULL DEFAULT 0,
  extension_reasons TEXT NOT NULL DEFAULT '[]',
  hearings          INTEGER NOT NULL DEFAULT 0,
  experts           INTEGER NOT NULL DEFAULT 0,
  appealed          INTEGER NOT NULL DEFAULT 0,
  appeal_outcome    TEXT,
  closed_date       TEXT,
  purge_due_date    TEXT NOT NULL,
  purged_at         TEXT NOT NULL
);
CREATE INDEX case_stats_year ON case_stats(year);

-- Blobs whose rows a purge deleted: the files go after the commit (a file cannot be part of a
-- transaction), and a crash in between leaves the names here for the next run.
CREATE TABLE blob_deletions (
  sha256 TEXT PRIMARY KEY,
  at     TEXT NOT NULL
);
