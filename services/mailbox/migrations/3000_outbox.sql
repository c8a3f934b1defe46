-- The durable outbox of letters to digital mailboxes (services/mailbox, mail_service.hpp and
-- outbox_delivery.hpp). A letter is stored here and its delivery job (queue "mailbox.delivery",
-- idempotency key = id) enqueued in the same transaction.
--
-- id is the public message id (random, also the Message/Header/Id sent to the operator);
-- client_request_id the caller's idempotency key, unique per municipality; request_digest a
-- blind index (keyring, purpose "mailbox.request") of the request's content, to refuse the same
-- client request id with other content. recipient is a field-encryption token of the
-- personnummer (associated data "mailbox_message.recipient|<municipality>|<id>"), recipient_index
-- its blind index (purpose "mailbox.recipient") for lookups; subject and content (the JSON of
-- body, attachments, support info, postal address, ...) are tokens with associated data
-- "mailbox_message.<column>|<municipality>|<id>". protected_identity (skyddad identitet) forbids
-- the print route. status: queued → delivered (operator_id, operator_name, trans_id) | paper
-- (print_batch, print_job) | failed (failure_reason).
CREATE TABLE mailbox_message (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  id TEXT NOT NULL,
  client_request_id TEXT NOT NULL,
  request_digest CHAR(64) NOT NULL,
  recipient TEXT NOT NULL,
  recipient_index CHAR(64) NOT NULL,
  subject TEXT NOT NULL,
  content TEXT NOT NULL,
  protected_identity INTEGER NOT NULL CHECK (protected_identity IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('queued', 'delivered', 'paper', 'failed')),
  operator_id TEXT,
  operator_name TEXT,
  trans_id TEXT,
  print_batch TEXT,
  print_job TEXT,
  failure_reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_at {{timestamp}} NOT NULL,
  updated_at {{timestamp}} NOT NULL,
  finished_at {{timestamp}},
  PRIMARY KEY (municipality, id),
  UNIQUE (municipality, client_request_id)
);
CREATE INDEX mailbox_message_recipient ON mailbox_message (municipality, recipient_index);
CREATE INDEX mailbox_message_status ON mailbox_message (municipality, status);

-- The delivery attempt record, one per message: written (and committed) before the operator is
-- called, and again with the operator's TransId as soon as it answered, each in a transaction of
-- its own. A job that runs again after a crash between the delivery and the marking of the
-- message finds the TransId here and marks the message without delivering again.
-- state: sending (the call may or may not have reached the operator) | accepted.
CREATE TABLE mailbox_delivery_attempt (
  municipality CHAR(4) NOT NULL,
  message_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sending', 'accepted')),
  operator_id TEXT NOT NULL,
  operator_name TEXT NOT NULL,
  service_address TEXT NOT NULL,
  trans_id TEXT,
  sends INTEGER NOT NULL,
  updated_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, message_id),
  FOREIGN KEY (municipality, message_id) REFERENCES mailbox_message (municipality, id)
);
