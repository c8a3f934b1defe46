-- Notices to citizens (services/eservices, citizen_notices.hpp): the citizen's choice of
-- e-mail and/or SMS per municipality, and each notice sent.

-- The citizen's choice on Mina sidor. citizen is the blind index of the personnummer (purpose
-- "eservice.citizen", as eservice_errand.citizen); email and mobile are field-encryption
-- tokens (associated data "eservice_notice_preference.<column>|<municipality>|<citizen>"),
-- NULL when none was given. by_email, by_sms: 1 chosen, 0 not. language: of the notices.
CREATE TABLE eservice_notice_preference (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  citizen CHAR(64) NOT NULL,
  by_email INTEGER NOT NULL CHECK (by_email IN (0, 1)),
  by_sms INTEGER NOT NULL CHECK (by_sms IN (0, 1)),
  email TEXT,
  mobile TEXT,
  language TEXT NOT NULL CHECK (language IN ('sv', 'en')),
  updated_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, citizen)
);

-- A notice sent, per event and channel: a job that runs again finds it and sends nothing.
-- notice is the job's idempotency key ("message-<id>", "status-<id>"); receipt the Message-ID
-- or the gateway's message id. No address or number is kept here.
CREATE TABLE eservice_citizen_notice (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  notice TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  reference TEXT NOT NULL,
  receipt TEXT NOT NULL,
  sent_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, notice, channel),
  FOREIGN KEY (municipality, reference) REFERENCES eservice_errand (municipality, reference)
);
