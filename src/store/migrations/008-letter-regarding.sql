-- What a notice is about, as columns rather than fields of the letter's JSON facts: the letter a
-- bounce-alert reports (one alert per letter) and the sender a flood-notice names (one per sender
-- per 24 hours). Both are looked up for every failure or flooded message, so they are indexed;
-- facts stay what the template reads. Rows written before this migration are filled from facts.
ALTER TABLE outbox ADD COLUMN regarding_letter_id INTEGER;
ALTER TABLE outbox ADD COLUMN regarding_address TEXT;
UPDATE outbox SET regarding_letter_id = json_extract(facts, '$.outboxId') WHERE template = 'bounce-alert';
UPDATE outbox SET regarding_address = json_extract(facts, '$.senderEmail') WHERE template = 'flood-notice';
CREATE INDEX outbox_regarding_letter ON outbox(regarding_letter_id, template) WHERE regarding_letter_id IS NOT NULL;
CREATE INDEX outbox_regarding_address ON outbox(regarding_address, template, created_at) WHERE regarding_address IS NOT NULL;
-- Automatic letters to one sender in the last 24 hours (rate-limit's mayAutoReply).
CREATE INDEX outbox_to_sender ON outbox(to_addr, created_at) WHERE recipient_role = 'sender';
