-- Own mode (issue 12): mail in the commissioner's own INBOX that is in no case but looks like a
-- complaint, for her daily digest's safety net. Only where it is (folder, UIDVALIDITY, UID) and
-- when it arrived: nothing of the mail itself, which stays hers. `listed_at` is set once a digest
-- has named it, so it is named once.
CREATE TABLE own_inbox_lookalikes (
  mailbox     TEXT NOT NULL,
  uidvalidity INTEGER NOT NULL,
  uid         INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  listed_at   TEXT,
  PRIMARY KEY (mailbox, uidvalidity, uid)
);
