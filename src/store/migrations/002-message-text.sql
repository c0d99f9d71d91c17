-- The readable text of every filed message, so letters (the request for response quotes the
-- complaint), #status and the report can use it without re-parsing the stored .eml.
-- Deleted with everything else personal at the retention purge.
ALTER TABLE messages ADD COLUMN text TEXT;
