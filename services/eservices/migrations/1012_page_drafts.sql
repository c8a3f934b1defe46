-- The hosted pages' state of one browser session (services/eservices/src/detail/page_store.hpp),
-- in the database so that a restart or another node loses nothing: a draft per service with
-- its attachments, and the receipts of the session's own submissions. session_id is the
-- web_session id (the SHA-256 of the cookie's token). answers is a field-encryption token of
-- the answers as JSON (associated data "eservice_page_draft.answers|<session>|<municipality>|
-- <service>"); an attachment's file name and content likewise, with the field id last. bytes
-- is what the draft holds before encryption (answers and files), for the limits per visitor
-- and in total. The housekeeping job purges the rows of sessions that have ended.
CREATE TABLE eservice_page_draft (
  session_id CHAR(64) NOT NULL,
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  service_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  step TEXT NOT NULL,
  answers TEXT NOT NULL,
  bytes BIGINT NOT NULL,
  updated_at {{timestamp}} NOT NULL,
  PRIMARY KEY (session_id, municipality, service_id)
);
CREATE INDEX eservice_page_draft_updated ON eservice_page_draft (updated_at);

CREATE TABLE eservice_page_file (
  session_id CHAR(64) NOT NULL,
  municipality CHAR(4) NOT NULL,
  service_id TEXT NOT NULL,
  field_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  PRIMARY KEY (session_id, municipality, service_id, field_id),
  FOREIGN KEY (session_id, municipality, service_id)
    REFERENCES eservice_page_draft (session_id, municipality, service_id) ON DELETE CASCADE
);

-- A receipt the session may show again: no personal data (reference, service, time).
CREATE TABLE eservice_page_receipt (
  session_id CHAR(64) NOT NULL,
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  reference TEXT NOT NULL,
  service_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  submitted_at {{timestamp}} NOT NULL,
  PRIMARY KEY (session_id, municipality, reference)
);
