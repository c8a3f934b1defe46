-- Handler work on errands (services/eservices, errand_work.hpp): assignment, internal notes,
-- messages with the citizen, and their entries in the errand's history.

-- The handler the errand is assigned to: the staff user's HSA-id, else the user name
-- (NULL: nobody).
ALTER TABLE eservice_errand ADD COLUMN assigned_to TEXT;
CREATE INDEX eservice_errand_assigned ON eservice_errand (municipality, assigned_to);

-- Internal notes, never shown to the citizen. body is a field-encryption token (associated
-- data "eservice_errand_note.body|<municipality>|<reference>|<note_id>"). author is the staff
-- principal's id.
CREATE TABLE eservice_errand_note (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  reference TEXT NOT NULL,
  note_id CHAR(32) NOT NULL,
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at {{timestamp}} NOT NULL,
  UNIQUE (municipality, note_id),
  FOREIGN KEY (municipality, reference) REFERENCES eservice_errand (municipality, reference)
);
CREATE INDEX eservice_errand_note_errand ON eservice_errand_note (municipality, reference);

-- Messages between the municipality and the citizen. body is a field-encryption token
-- (associated data "eservice_errand_message.body|<municipality>|<reference>|<message_id>").
-- author is the staff principal's id, or "citizen" for the citizen's replies.
CREATE TABLE eservice_errand_message (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  reference TEXT NOT NULL,
  message_id CHAR(32) NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('to-citizen', 'from-citizen')),
  author TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at {{timestamp}} NOT NULL,
  UNIQUE (municipality, message_id),
  FOREIGN KEY (municipality, reference) REFERENCES eservice_errand (municipality, reference)
);
CREATE INDEX eservice_errand_message_errand ON eservice_errand_message (municipality, reference);

-- The errand's history besides status changes (those stay in eservice_errand_event):
-- assignments, notes and messages, without their texts. detail is the handler for
-- "assigned", the note's or message's id for the others.
CREATE TABLE eservice_errand_activity (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  reference TEXT NOT NULL,
  at {{timestamp}} NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('assigned', 'unassigned', 'note', 'message-to-citizen', 'message-from-citizen')),
  detail TEXT NOT NULL,
  FOREIGN KEY (municipality, reference) REFERENCES eservice_errand (municipality, reference)
);
CREATE INDEX eservice_errand_activity_errand ON eservice_errand_activity (municipality, reference);
