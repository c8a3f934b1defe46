-- Citizens' BankID logins in progress (auth/citizen_login.hpp), kept in the database so that
-- any node carries on a login another node started and a restart loses none. id is the hex
-- SHA-256 of the random login id the browser holds (the database never holds a live one).
-- browser_session, when set, is the web_session id of the browser that started the login:
-- only that browser may follow it (QR code, collect, cancel). order_ref, auto_start_token and
-- qr_start_secret are field-encryption tokens (associated data "bankid_login.<column>|<id>",
-- re-encrypted by `keys rotate`). A failed login keeps its hint code until it expires, so the
-- page can say why; a completed one is deleted as its session is made. Rows past expires_at
-- are purged by the housekeeping job.
CREATE TABLE bankid_login (
  id CHAR(64) PRIMARY KEY,
  browser_session CHAR(64),
  order_ref TEXT NOT NULL,
  auto_start_token TEXT NOT NULL,
  qr_start_token TEXT NOT NULL,
  qr_start_secret TEXT NOT NULL,
  started_at {{timestamp}} NOT NULL,
  expires_at {{timestamp}} NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'failed')),
  hint_code TEXT NOT NULL DEFAULT ''
);
CREATE INDEX bankid_login_expires ON bankid_login (expires_at);

-- The housekeeping job (jobs/housekeeping.hpp) deletes jobs done long ago; this finds them
-- without reading the queue.
CREATE INDEX job_done ON job (finished_at) WHERE state = 'done';
