-- The parties of a case (the recipient guard asks before every letter, the case view and the
-- reminders too) were read by scanning the whole parties table: a backlog of 2,000 complaints
-- made it quadratic, and the reminder hour at 100,000 cases scanned ~135,000 rows per letter
-- (bench:ingest and bench:scale profiles). (case_id, id) also serves their ORDER BY id.
CREATE INDEX parties_case ON parties(case_id, id);
