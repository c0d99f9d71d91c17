-- The anonymous row a purged case leaves (case_stats) carries its practice (issue 16), so the
-- jaarverslag of one practice counts its destroyed files as it counted them while they lived.
-- The id only: a practice's name and owner stay in PRACTICES_FILE. Rows of cases purged before
-- this migration take the case's practice; a case from before issue 16 gets its practice at
-- start (CasesRepo.adoptByPrefix), and RetentionRepo.adoptStatsPractice copies it here then.
ALTER TABLE case_stats ADD COLUMN practice_id TEXT;
UPDATE case_stats SET practice_id = (SELECT c.practice_id FROM cases c WHERE c.id = case_stats.case_id);
