-- The built-in diary as a CaseSystem (services/casehandling, diary_case_system.hpp): which
-- document each idempotency key registered, so that a retry returns the same numbers.
-- fingerprint is the SHA-256 (hex) of the request's content: a key used again for other
-- content is a Conflict. case_number and registration_number are NULL only inside the
-- registering transaction (the row is inserted first, so a concurrent retry waits for it).
CREATE TABLE diary_registration (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  idempotency_key TEXT NOT NULL,
  fingerprint CHAR(64) NOT NULL,
  case_number TEXT,
  registration_number TEXT,
  registered_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, idempotency_key)
);
