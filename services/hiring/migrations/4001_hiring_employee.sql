-- The employment contract of a hire, and what the new employee does before day one.
-- The contract (hiring_hire.contract_* holds its state for the lists).
-- pdf: the contract as drawn up, once (its bytes never change after: sha256 is what the
-- employee signs), encrypted with the row as associated data like every personal value.
-- link_hash: SHA-256 of the signing link's token (the link in the letter); link_token: the
-- token, encrypted, so that a retried send writes the same letter. evidence: the BankID
-- signature, its OCSP response and the signer (encrypted JSON), once signed; evidence_case
-- the registration number the evidence got in the diary. failure: why a step failed for good.
CREATE TABLE hiring_contract (
  municipality CHAR(4) NOT NULL,
  hire_id TEXT NOT NULL,
  pdf TEXT NOT NULL,
  sha256 CHAR(64) NOT NULL,
  link_hash CHAR(64) NOT NULL UNIQUE,
  link_token TEXT NOT NULL,
  registration TEXT,
  evidence TEXT,
  evidence_registration TEXT,
  failure TEXT,
  created_at {{timestamp}} NOT NULL,
  updated_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, hire_id),
  FOREIGN KEY (municipality, hire_id) REFERENCES hiring_hire (municipality, id)
);

-- A BankID order of the employee's pages while it runs: purpose 'sign' (the contract) or
-- 'login' (before day one). The browser holds only the random id; the QR secret is encrypted.
-- Deleted when collected to the end or cancelled.
CREATE TABLE hiring_bankid_order (
  id CHAR(32) NOT NULL PRIMARY KEY,
  municipality CHAR(4) NOT NULL,
  hire_id TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('sign', 'login')),
  order_ref TEXT NOT NULL,
  auto_start_token TEXT NOT NULL,
  qr_start_token TEXT NOT NULL,
  qr_start_secret TEXT NOT NULL,
  digest CHAR(64) NOT NULL,
  started_at {{timestamp}} NOT NULL,
  FOREIGN KEY (municipality, hire_id) REFERENCES hiring_hire (municipality, id)
);
CREATE INDEX hiring_bankid_order_hire ON hiring_bankid_order (municipality, hire_id);

-- The invitation before day one, sent to the private e-mail once the account is made: a
-- one-time link (token_hash; the token encrypted, so a resent mail is the same) used by the
-- employee's BankID login (used_at). The overview page then holds an activation code
-- (activation_hash, valid until activation_expires) that activates the account once
-- (activated_at).
CREATE TABLE hiring_invitation (
  municipality CHAR(4) NOT NULL,
  hire_id TEXT NOT NULL,
  token_hash CHAR(64) NOT NULL UNIQUE,
  token TEXT NOT NULL,
  sent_at {{timestamp}},
  used_at {{timestamp}},
  activation_hash CHAR(64),
  activation_expires {{timestamp}},
  activated_at {{timestamp}},
  created_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, hire_id),
  FOREIGN KEY (municipality, hire_id) REFERENCES hiring_hire (municipality, id)
);
