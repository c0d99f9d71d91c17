-- Reasons of term moves become categories (issue 14 §5): the annual report and the statistics
-- rows that outlive a case keep only a word from a fixed list, never what the commissioner wrote
-- ("ziekte van Jan Jansen 06..."). The free text stays in `reason`, in the case file, and goes
-- with the case at the purge. Old reasons get the category their first word names, when it is
-- one of the defaults; anything else becomes 'overig'.

ALTER TABLE deadline_moves ADD COLUMN category TEXT NOT NULL DEFAULT 'overig';
ALTER TABLE absences ADD COLUMN category TEXT NOT NULL DEFAULT 'overig';

-- The first word of a reason, lower case, without trailing punctuation.
UPDATE deadline_moves SET category = w FROM (
  SELECT id AS mid, rtrim(lower(substr(trim(reason) || ' ', 1, instr(trim(reason) || ' ', ' ') - 1)), ',.;:') AS w FROM deadline_moves
) WHERE id = mid AND w IN ('ziekte', 'vakantie', 'deskundige', 'overig');

UPDATE absences SET category = w FROM (
  SELECT id AS aid, rtrim(lower(substr(trim(reason) || ' ', 1, instr(trim(reason) || ' ', ' ') - 1)), ',.;:') AS w FROM absences
) WHERE id = aid AND w IN ('ziekte', 'vakantie', 'deskundige', 'overig');

-- The rows of purged cases kept a cut-down label of the words; keep only its category.
UPDATE case_stats SET extension_reasons = (
  SELECT json_group_array(json_object(
    'origin', json_extract(e.value, '$.origin'),
    'wd', json_extract(e.value, '$.wd'),
    'reason', CASE
      WHEN rtrim(lower(substr(trim(json_extract(e.value, '$.reason')) || ' ', 1, instr(trim(json_extract(e.value, '$.reason')) || ' ', ' ') - 1)), ',.;:')
           IN ('ziekte', 'vakantie', 'deskundige', 'overig')
      THEN rtrim(lower(substr(trim(json_extract(e.value, '$.reason')) || ' ', 1, instr(trim(json_extract(e.value, '$.reason')) || ' ', ' ') - 1)), ',.;:')
      ELSE 'overig' END))
  FROM json_each(case_stats.extension_reasons) AS e
) WHERE extension_reasons <> '[]';
