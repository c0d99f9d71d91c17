-- Sign-in requests per client (issue 14 §4): every request for a link, from any address, counted
-- per client so one client cannot use up the commissioner's links. The client is stored only as
-- a keyed hash of its IP address (the key lives in the process), never the address itself.

CREATE TABLE web_sign_in_requests (
  id             INTEGER PRIMARY KEY,
  client_sha256  TEXT NOT NULL,
  at             TEXT NOT NULL
);
CREATE INDEX web_sign_in_requests_client ON web_sign_in_requests(client_sha256, at);
