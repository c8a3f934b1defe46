-- Cases (ärenden) in the diary, their parties, links, history and documents
-- (services/casehandling, case_service.hpp). Personal data is encrypted (crypto/field_cipher.hpp)
-- with associated data "<table>.<column>|<municipality>|<id>"; private persons are found through
-- blind indexes. The public register reads only the public_* and search_* columns, which never
-- hold secret text or a private person's name.

-- A case. number is its registration number in diary `prefix` and `year` (diary_number).
-- title is the real title; public_title is what anyone may see (the title, or a mask naming
-- the secrecy provision when title_secrecy is 'secret'); search_text is public_title in
-- lower case for the SQLite search fallback.
CREATE TABLE diary_case (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  prefix VARCHAR(16) NOT NULL,
  year INTEGER NOT NULL,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  title_secrecy VARCHAR(16) NOT NULL CHECK (title_secrecy IN ('public', 'secret')),
  secrecy_reference TEXT NOT NULL DEFAULT '',
  public_title TEXT NOT NULL,
  search_text TEXT NOT NULL,
  case_type TEXT NOT NULL,
  handling_unit TEXT NOT NULL DEFAULT '',
  officer TEXT NOT NULL DEFAULT '',
  status VARCHAR(16) NOT NULL CHECK (status IN ('open', 'prepared', 'decided', 'closed')),
  registered_on CHAR(10) NOT NULL,
  registered_at {{timestamp}} NOT NULL,
  registered_by TEXT NOT NULL,
  updated_at {{timestamp}} NOT NULL,
  UNIQUE (municipality, prefix, year, number),
  FOREIGN KEY (municipality, prefix, year, number) REFERENCES diary_number (municipality, prefix, year, number)
);
CREATE INDEX diary_case_registered ON diary_case (municipality, registered_on);
CREATE INDEX diary_case_prefix ON diary_case (municipality, prefix, registered_on);

-- A party of a case. A private person's name and personnummer are ciphertext (person_name,
-- person_identity) with a blind index (person_index, purpose "case_party.personnummer");
-- an organisation's name and number are public.
CREATE TABLE case_party (
  id CHAR(32) PRIMARY KEY,
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  case_id BIGINT NOT NULL REFERENCES diary_case (id),
  ordinal INTEGER NOT NULL,
  kind VARCHAR(16) NOT NULL CHECK (kind IN ('person', 'organisation')),
  role TEXT NOT NULL DEFAULT '',
  person_name TEXT,
  person_identity TEXT,
  person_index CHAR(64),
  organisation_name TEXT,
  organisation_number CHAR(10),
  UNIQUE (case_id, ordinal)
);
CREATE INDEX case_party_person ON case_party (municipality, person_index);

-- A link between two cases of one municipality (stored once, read both ways).
CREATE TABLE case_link (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  from_case BIGINT NOT NULL REFERENCES diary_case (id),
  to_case BIGINT NOT NULL REFERENCES diary_case (id),
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at {{timestamp}} NOT NULL,
  PRIMARY KEY (from_case, to_case),
  CHECK (from_case <> to_case)
);

-- What happened to a case, in order: registered, status changes, links, documents.
-- detail holds no personal data.
CREATE TABLE case_event (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  case_id BIGINT NOT NULL REFERENCES diary_case (id),
  at {{timestamp}} NOT NULL,
  principal TEXT NOT NULL,
  action VARCHAR(32) NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_event_case ON case_event (case_id, id);

-- A document registered on a case, numbered 1, 2, ... within the case. The content is always
-- ciphertext (content, associated data "case_document.content|<municipality>|<id>"); a private
-- person as sender or recipient is ciphertext too (counterpart_person). secrecy is 'public',
-- 'secret' (wholly) or 'partial' (masked_parts names what the public version hides); a secret
-- document's public_title is a mask naming the provision.
CREATE TABLE case_document (
  id CHAR(32) PRIMARY KEY,
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  case_id BIGINT NOT NULL REFERENCES diary_case (id),
  document_number INTEGER NOT NULL,
  direction VARCHAR(16) NOT NULL CHECK (direction IN ('incoming', 'outgoing', 'drawn-up')),
  registered_on CHAR(10) NOT NULL,
  title TEXT NOT NULL,
  public_title TEXT NOT NULL,
  search_text TEXT NOT NULL,
  counterpart_kind VARCHAR(16) NOT NULL CHECK (counterpart_kind IN ('none', 'person', 'organisation')),
  counterpart_person TEXT,
  counterpart_organisation TEXT,
  secrecy VARCHAR(16) NOT NULL CHECK (secrecy IN ('public', 'secret', 'partial')),
  secrecy_reference TEXT NOT NULL DEFAULT '',
  masked_parts TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL,
  content_size BIGINT NOT NULL,
  content_sha256 CHAR(64) NOT NULL,
  content TEXT NOT NULL,
  registered_by TEXT NOT NULL,
  registered_at {{timestamp}} NOT NULL,
  UNIQUE (case_id, document_number)
);
CREATE INDEX case_document_case ON case_document (municipality, case_id);
