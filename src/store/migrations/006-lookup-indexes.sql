-- Indexes for lookups that otherwise read a whole table once per message (bench:ingest and
-- bench:scale profiles: both grew with the number of cases, so a backlog took quadratic time).
-- The deadlines of one case (case facts in every letter, `cases list`, `cases show`, the web
-- overview): the partial index on open deadlines cannot serve a lookup by case alone.
CREATE INDEX deadlines_case ON deadlines(case_id);
-- Inbound mail per sender in the last 24 hours (the per-sender limits, src/use-cases/rate-limit.ts).
CREATE INDEX messages_in_from ON messages(from_addr, at) WHERE direction = 'in';
