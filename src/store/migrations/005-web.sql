-- The read-only web overview (src/web): the commissioner's one-time sign-in links and sessions.
-- Only the SHA-256 of each token is kept, so a copy of this file signs nobody in. No case data
-- here, and no foreign keys: the retention purge may delete the outbox row a link was mailed in.

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
