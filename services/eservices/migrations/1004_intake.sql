-- Submissions by trusted integrations (services/eservices, errand_intake.hpp): one row per
-- API client and request id, so that a repeated request returns the first receipt. digest is
-- the SHA-256 (hex) of the request's content (service, version, citizen, answers,
-- attachments), to refuse a request id reused for other content.
CREATE TABLE eservice_intake_request (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  client TEXT NOT NULL,
  request_id TEXT NOT NULL,
  digest CHAR(64) NOT NULL,
  reference TEXT NOT NULL,
  service_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  submitted_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, client, request_id),
  FOREIGN KEY (municipality, reference) REFERENCES eservice_errand (municipality, reference)
);
