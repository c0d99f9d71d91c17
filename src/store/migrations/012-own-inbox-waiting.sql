-- Own mode (issue 12c): her command in INBOX that waits for its copy in the Sent folder
-- (COMMAND_AUTH sent-folder, SENT_COPY_WAIT_SECONDS). Written before a later mail can move the
-- INBOX cursor past it, so that a restart during the wait still fetches it again by UID and
-- decides it: obeyed once the copy is there, refused with the alert once `wait_until` is past.
-- Only where it is and its Message-ID: nothing of the mail itself, which stays hers.
CREATE TABLE own_inbox_waiting (
  mailbox       TEXT NOT NULL,
  uidvalidity   INTEGER NOT NULL,
  uid           INTEGER NOT NULL,
  message_id    TEXT,
  first_seen_at TEXT NOT NULL,
  wait_until    TEXT NOT NULL,
  PRIMARY KEY (mailbox, uidvalidity, uid)
);
