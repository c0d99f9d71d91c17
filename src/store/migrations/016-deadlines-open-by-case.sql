-- A case's open deadlines in due order (the case list's next deadline and overdue count, per
-- case; `cases list`, the digest, the web overview, case facts). The planner took
-- deadlines_open (status, due_date) for them, which serves the ORDER BY but reads every open
-- deadline of every case per case: `cases list` at 100,000 cases ran for over ten minutes, 537 ms
-- with this index (bench:scale). deadlines_case (006) has no due_date to order by.
CREATE INDEX deadlines_case_open ON deadlines(case_id, due_date, id) WHERE status = 'open';
