-- Satisfaction and first-contact figures (services/eservices, satisfaction.hpp).

-- One citizen's answers to the satisfaction survey of a closed errand: the three questions
-- of a customer satisfaction index (NKI), each 1-10. Anonymous by construction: no errand,
-- no citizen, a random id and only the month (Swedish time) it was given, so nothing here
-- leads back to who answered; version is the definition version the errand was answered on
-- (for the service's title).
CREATE TABLE eservice_survey_answer (
  answer_id CHAR(32) NOT NULL PRIMARY KEY,
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  service_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  answered_month CHAR(7) NOT NULL,
  overall INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 10),
  expectations INTEGER NOT NULL CHECK (expectations BETWEEN 1 AND 10),
  ideal INTEGER NOT NULL CHECK (ideal BETWEEN 1 AND 10)
);
CREATE INDEX eservice_survey_answer_service ON eservice_survey_answer (municipality, answered_month, service_id);

-- Which errands' surveys have been answered (one answer per errand), without the answers.
CREATE TABLE eservice_survey_given (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  reference TEXT NOT NULL,
  PRIMARY KEY (municipality, reference),
  FOREIGN KEY (municipality, reference) REFERENCES eservice_errand (municipality, reference)
);

-- The first-contact figures find each errand's resolution (its first status change to
-- decided or closed) in the history.
CREATE INDEX eservice_errand_event_status ON eservice_errand_event (municipality, to_status, reference);
