-- Several practices on one desk (issue 16). A case belongs to one practice, by id; NULL while its
-- practice is not known (held for `#praktijk ID`, numbered in the hold series). Cases from before
-- this migration are given the practice whose prefix their number carries when the service starts
-- (CasesRepo.adoptByPrefix), so no case number changes.
ALTER TABLE cases ADD COLUMN practice_id TEXT;
CREATE INDEX cases_practice ON cases (practice_id, state);

-- A held case that `#praktijk` assigns gets its practice's own number; the number it had stays
-- here, so a reply to the question about it still finds the case.
CREATE TABLE case_aliases (
  number  TEXT PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE
);

-- The unit of a term: working days ('wd', every term before issue 16) or calendar weeks ('weeks',
-- Wkkgz art. 17). term_wd then holds the number of weeks.
ALTER TABLE deadlines ADD COLUMN term_unit TEXT NOT NULL DEFAULT 'wd' CHECK (term_unit IN ('wd', 'weeks'));
