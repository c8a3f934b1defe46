-- The audit trail (audit/audit_log.hpp): one append-only hash chain per municipality.
-- hash = SHA-256(prev_hash bytes || canonical bytes of the entry), hex; the first entry of a
-- chain has sequence 1 and links to 64 zeros. `at` is written from the ISO-8601 UTC text
-- with milliseconds that the hash covers, so it reads back identically on both databases.
CREATE TABLE audit_entry (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  sequence BIGINT NOT NULL CHECK (sequence > 0),
  at {{timestamp}} NOT NULL,
  principal TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'refused', 'failed')),
  detail TEXT NOT NULL,
  prev_hash CHAR(64) NOT NULL,
  hash CHAR(64) NOT NULL,
  UNIQUE (municipality, sequence)
);

-- The latest entry of each chain. An append locks this row (SELECT ... FOR UPDATE on
-- PostgreSQL; SQLite's write lock does it there), so appends to one chain are serialised and
-- sequences have no gaps or duplicates. verify() also checks the last entry against it, which
-- is how a deleted last entry is found.
CREATE TABLE audit_head (
  municipality CHAR(4) PRIMARY KEY REFERENCES municipality (code),
  sequence BIGINT NOT NULL,
  hash CHAR(64) NOT NULL
);
