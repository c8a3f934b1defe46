-- What happens after a submission (services/eservices, on_submit_jobs.hpp): the case the
-- errand was registered as in the municipality's diary, and the e-mail receipt sent.

-- The diary's numbers once the case is registered (NULL until then, or when the e-service
-- registers no case): "BUN 2026/17" and the document's "BUN 2026/17-1".
ALTER TABLE eservice_errand ADD COLUMN case_number TEXT;
ALTER TABLE eservice_errand ADD COLUMN registration_number TEXT;

-- An entry of the errand's history that is not a status change (from_status = to_status):
-- "diary BUN 2026/17" when the case was registered.
ALTER TABLE eservice_errand_event ADD COLUMN note TEXT;

-- The e-mail receipt of an errand, once sent: a job that runs again finds it and sends nothing.
-- message_id is the mail's Message-ID; the address is not kept here (it is in the answers).
CREATE TABLE eservice_receipt_mail (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  reference TEXT NOT NULL,
  message_id TEXT NOT NULL,
  sent_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, reference),
  FOREIGN KEY (municipality, reference) REFERENCES eservice_errand (municipality, reference)
);
