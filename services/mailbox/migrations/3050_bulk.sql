-- Bulk sending (bulk.hpp): a batch is one accepted POST .../messages/bulk, listing its letters
-- in the order they were given. A letter may be in several batches (a batch sent again after an
-- interruption replays the letters already accepted: created = 0); the letters themselves, their
-- states and their idempotency live in mailbox_message. No personal data here.
CREATE TABLE mailbox_batch (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  id TEXT NOT NULL,
  letters INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, id)
);

CREATE TABLE mailbox_batch_letter (
  municipality CHAR(4) NOT NULL,
  batch_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  message_id TEXT NOT NULL,
  created INTEGER NOT NULL CHECK (created IN (0, 1)),
  PRIMARY KEY (municipality, batch_id, position),
  FOREIGN KEY (municipality, batch_id) REFERENCES mailbox_batch (municipality, id),
  FOREIGN KEY (municipality, message_id) REFERENCES mailbox_message (municipality, id)
);
