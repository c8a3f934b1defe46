-- Submissions of e-services (services/eservices, submissions.hpp): drafts, errands with their
-- attachments, and the receipt reference counters.

-- A logged-in citizen's unfinished answers, one per citizen, municipality and service.
-- citizen is a blind index of the personnummer (crypto keyring, purpose "eservice.citizen");
-- answers is a field-encryption token (associated data
-- "eservice_draft.answers|<municipality>|<citizen>|<service_id>").
CREATE TABLE eservice_draft (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  citizen CHAR(64) NOT NULL,
  service_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  step TEXT NOT NULL,
  answers TEXT NOT NULL,
  updated_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, citizen, service_id),
  FOREIGN KEY (service_id, version) REFERENCES eservice_definition (service_id, version)
);

-- The last receipt number used per municipality and year ("ET-2026-000042").
CREATE TABLE eservice_reference_counter (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  year INTEGER NOT NULL,
  last_number INTEGER NOT NULL,
  PRIMARY KEY (municipality, year)
);

-- A submission: an errand in the municipality's inbox. reference is the receipt's reference,
-- unique per municipality; version the exact definition version it was validated against;
-- citizen the submitter's blind index (NULL for an anonymous submission); answers a
-- field-encryption token of the accepted answers as JSON (associated data
-- "eservice_errand.answers|<municipality>|<reference>").
CREATE TABLE eservice_errand (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  reference TEXT NOT NULL,
  service_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('received', 'in-progress', 'waiting-for-citizen', 'decided', 'closed')),
  handling_unit TEXT,
  citizen CHAR(64),
  answers TEXT NOT NULL,
  submitted_at {{timestamp}} NOT NULL,
  UNIQUE (municipality, reference),
  FOREIGN KEY (service_id, version) REFERENCES eservice_definition (service_id, version)
);
CREATE INDEX eservice_errand_inbox ON eservice_errand (municipality, status);
CREATE INDEX eservice_errand_citizen ON eservice_errand (municipality, citizen);

-- An errand's attachment. file_name and content are field-encryption tokens (associated data
-- "eservice_attachment.<column>|<municipality>|<reference>|<field_id>"); media_type is the
-- type found from the content.
CREATE TABLE eservice_attachment (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  reference TEXT NOT NULL,
  field_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (municipality, reference, field_id),
  FOREIGN KEY (municipality, reference) REFERENCES eservice_errand (municipality, reference)
);
