-- The e-service catalogue (services/eservices, catalogue.hpp).

-- One version of one e-service definition, shared by the whole cooperation. municipality is
-- the owner (the member that maintains the definition, often the pilot); every member may
-- read and publish it without copying it. A version never changes once imported: definition
-- holds the exact XML bytes and digest their SHA-256 (hex); a change is a new version.
CREATE TABLE eservice_definition (
  service_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  digest CHAR(64) NOT NULL,
  definition TEXT NOT NULL,
  title_sv TEXT NOT NULL,
  title_en TEXT NOT NULL,
  category TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at {{timestamp}} NOT NULL,
  PRIMARY KEY (service_id, version)
);
CREATE INDEX eservice_definition_owner ON eservice_definition (municipality);

-- A member's publication of a catalogue service: the version it offers, its local overrides
-- (NULL: the definition's text, or none), and whether it is published or withdrawn. One row
-- per municipality and service, kept when withdrawn so it can be published again.
CREATE TABLE eservice_publication (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  service_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('published', 'withdrawn')),
  title_sv TEXT,
  title_en TEXT,
  contact TEXT,
  handling_unit TEXT,
  fees_sv TEXT,
  fees_en TEXT,
  information_sv TEXT,
  information_en TEXT,
  published_by TEXT NOT NULL,
  published_at {{timestamp}} NOT NULL,
  withdrawn_by TEXT,
  withdrawn_at {{timestamp}},
  PRIMARY KEY (municipality, service_id),
  FOREIGN KEY (service_id, version) REFERENCES eservice_definition (service_id, version)
);
