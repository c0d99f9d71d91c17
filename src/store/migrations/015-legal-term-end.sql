-- A term in weeks is a legal term (Wkkgz art. 17): it ends where the law counts it (the same
-- weekday N weeks after the receipt) and the Algemene termijnenwet then moves that end off a
-- weekend or holiday to due_date. An extension in weeks counts from the law's end, not from the
-- moved date, so that end is kept here. NULL for terms in working days.
ALTER TABLE deadlines ADD COLUMN term_end TEXT;
