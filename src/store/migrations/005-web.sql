-- The read-only web overview (src/web): the commissioner's one-time sign-in links and sessions.
-- These tables keep only the SHA-256 of each token. The link itself (the raw token) is in the
-- facts of the outbox row that mails it until the web sweep blanks it (after the link expires,
-- store.outbox.sweepLoginLinks), so a copy of the database taken before then can sign in. No
-- case data here, and no foreign keys: the retention purge may delete the outbox row a link was mailed in.

CREATE TABLE web_login_links (
  id           INTEGER PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  email        TEXT NOT NULL,
  outbox_id    INTEGER,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  used_at      TEXT
);
CREATE INDEX web_login_links_email ON web_login_links(email, created_at);

CREATE TABLE web_sessions (
  id           INTEGER PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  email        TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
);
CREATE INDEX web_sessions_expires ON web_sessions(expires_at);
