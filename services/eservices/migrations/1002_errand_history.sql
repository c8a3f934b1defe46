-- The history of an errand (services/eservices, submissions.hpp): its submission and every
-- status change, in order. actor is a staff principal's id ("staff:<user>"), or "citizen" /
-- "anonymous" for the submission itself (the audit trail holds the citizen's pseudonym).
CREATE TABLE eservice_errand_event (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  reference TEXT NOT NULL,
  at {{timestamp}} NOT NULL,
  actor TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  FOREIGN KEY (municipality, reference) REFERENCES eservice_errand (municipality, reference)
);
CREATE INDEX eservice_errand_event_errand ON eservice_errand_event (municipality, reference);
