-- The closed print batches of the paper route (print_batches.hpp): once a day is over, the
-- manifest of each municipality's print batch of that day (its letters were handed to the
-- PrintVendor one by one, see mailbox_message.print_batch / print_job) is handed to the vendor
-- and recorded here, so it is sent once. batch_id is print_batch_id() ("0604-2026-11-21"), day
-- its UTC date; letters how many the manifest named. state: sent (vendor_receipt = the vendor's
-- id of the batch) | refused (refusal_reason = the vendor's reason; not retried: delete the row
-- to send the batch again). No personal data here.
CREATE TABLE mailbox_print_batch (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  batch_id TEXT NOT NULL,
  day CHAR(10) NOT NULL,
  letters INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('sent', 'refused')),
  vendor_receipt TEXT,
  refusal_reason TEXT,
  closed_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, batch_id)
);

-- Finding the print batches of past days (PrintBatchCloser) without reading the letters.
CREATE INDEX mailbox_message_print_batch ON mailbox_message (municipality, status, print_batch);
