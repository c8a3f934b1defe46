-- The hiring process (services/hiring): hires, their orders to the member's HR, IT, property
-- and permission systems, the managers and their units, drafts of the manager's form.
--
-- Personal data of the new employee is field-encrypted (crypto::encrypt, associated data
-- "hiring_hire.<column>|<municipality>|<id>", registered for key rotation by
-- hiring::register_encrypted_columns): given_name, family_name, personnummer, private_email, mobile,
-- details (JSON: protected identity, postal address, the contract's terms). personnummer_index
-- is its blind index (purpose "hiring.personnummer") for the employee's BankID sign-in and the
-- duplicate check. Everything else (unit, title, dates, roles, orders) is no personal data.

-- A manager's hiring profile, kept by HR: where escalations go and which units they hire in.
-- user_id is the staff principal's id without "staff:" (the HSA-id, else the user name).
CREATE TABLE hiring_manager (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, user_id)
);

CREATE TABLE hiring_manager_unit (
  municipality CHAR(4) NOT NULL,
  user_id TEXT NOT NULL,
  unit TEXT NOT NULL,
  PRIMARY KEY (municipality, user_id, unit),
  FOREIGN KEY (municipality, user_id) REFERENCES hiring_manager (municipality, user_id) ON DELETE CASCADE
);

-- Employment numbers, YYYY + 6 digits per municipality and year (the hire's id).
CREATE TABLE hiring_counter (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  year INTEGER NOT NULL,
  last_number INTEGER NOT NULL,
  PRIMARY KEY (municipality, year)
);

-- A form saved before it is complete; content is the encrypted JSON of the form as typed
-- (associated data "hiring_draft.content|<municipality>|<id>"), owner the principal's id.
CREATE TABLE hiring_draft (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  id TEXT NOT NULL,
  owner TEXT NOT NULL,
  unit TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at {{timestamp}} NOT NULL,
  updated_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, id)
);
CREATE INDEX hiring_draft_owner ON hiring_draft (municipality, owner);

-- status: submitted (orders out) -> ready (every order of the hire done: ready for day one);
-- ending (a termination or the end of a fixed-term employment is scheduled) -> ended.
-- roles, equipment, card_zones: JSON arrays of what the hire holds or was given.
-- contract_state: none -> drawn-up -> registered -> sent -> signed (or failed).
CREATE TABLE hiring_hire (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted', 'ready', 'ending', 'ended')),
  unit TEXT NOT NULL,
  title TEXT NOT NULL,
  employment_type TEXT NOT NULL CHECK (employment_type IN ('permanent', 'fixed-term', 'hourly')),
  start_date TEXT NOT NULL,
  end_date TEXT,
  manager TEXT NOT NULL,
  account TEXT NOT NULL,
  roles TEXT NOT NULL,
  equipment TEXT NOT NULL,
  card_zones TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  personnummer TEXT NOT NULL,
  personnummer_index CHAR(64) NOT NULL,
  private_email TEXT NOT NULL,
  mobile TEXT NOT NULL,
  details TEXT NOT NULL,
  changes INTEGER NOT NULL DEFAULT 0,
  contract_state TEXT NOT NULL DEFAULT 'none'
    CHECK (contract_state IN ('none', 'drawn-up', 'registered', 'sent', 'signed', 'failed')),
  contract_sha256 CHAR(64),
  contract_case TEXT,
  contract_letter TEXT,
  contract_signed_at {{timestamp}},
  created_by TEXT NOT NULL,
  submitted_at {{timestamp}} NOT NULL,
  ready_at {{timestamp}},
  ended_at {{timestamp}},
  updated_at {{timestamp}} NOT NULL,
  PRIMARY KEY (municipality, id),
  UNIQUE (municipality, account)
);
CREATE INDEX hiring_hire_unit ON hiring_hire (municipality, unit, submitted_at);
CREATE INDEX hiring_hire_person ON hiring_hire (municipality, personnummer_index);

-- One order to one of the member's systems. purpose: 'hire' (the form), 'change<N>' (the N-th
-- change), 'termination', 'end-<YYYYMMDD>' (the end of a fixed-term employment),
-- 'activation' (the employee took the account into use). kind: employment, account,
-- equipment, card, permissions. key: the idempotency key sent to the system (and the job's).
-- status: ordered -> confirmed (the system took it) -> done; failed; overdue (not done when
-- due; done later moves it to done); cancelled (superseded before it ran: an extension).
-- detail: JSON of what the order carries that is no personal data (items, zones, roles).
-- run_at: when it is placed (a change or an end at 00:00 Swedish time on its day).
CREATE TABLE hiring_order (
  id {{id}},
  municipality CHAR(4) NOT NULL,
  hire_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('employment', 'account', 'equipment', 'card', 'permissions')),
  order_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ordered', 'confirmed', 'done', 'failed', 'overdue', 'cancelled')),
  detail TEXT NOT NULL,
  reference TEXT,
  failure TEXT,
  run_at {{timestamp}} NOT NULL,
  due_at {{timestamp}} NOT NULL,
  at_risk_at {{timestamp}} NOT NULL,
  created_at {{timestamp}} NOT NULL,
  confirmed_at {{timestamp}},
  done_at {{timestamp}},
  escalated_at {{timestamp}},
  updated_at {{timestamp}} NOT NULL,
  UNIQUE (municipality, order_key),
  UNIQUE (municipality, hire_id, purpose, kind),
  FOREIGN KEY (municipality, hire_id) REFERENCES hiring_hire (municipality, id)
);
CREATE INDEX hiring_order_hire ON hiring_order (municipality, hire_id);
