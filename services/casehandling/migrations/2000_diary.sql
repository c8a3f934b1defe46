-- The diary (diarium) numbering of political case handling (services/casehandling, diary.hpp).
-- A registration number is "<prefix> <year>/<number>", e.g. "KS 2026/142": per municipality,
-- per board diary (the board's prefix from the cooperation file) and per year, from 1 without
-- gaps.

-- The last number handed out in one diary and year. The row is created on the first number of
-- the year and bumped with UPDATE ... RETURNING in the same transaction that records the
-- number, so a rolled-back registration gives its number back and concurrent registrars wait
-- on the row lock: no gaps, no duplicates (a sequence would leave gaps).
CREATE TABLE diary_counter (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  prefix VARCHAR(16) NOT NULL,
  year INTEGER NOT NULL,
  last_number INTEGER NOT NULL CHECK (last_number >= 0),
  PRIMARY KEY (municipality, prefix, year)
);

-- Every number ever handed out, and what became of it: 'used' by a case, 'reserved' for a case
-- that does not exist yet, or 'unused': a reservation given up, kept with who gave it up and
-- when (a number is never handed out twice). assigned_by / closed_by are Principal::id().
CREATE TABLE diary_number (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  prefix VARCHAR(16) NOT NULL,
  year INTEGER NOT NULL,
  number INTEGER NOT NULL CHECK (number >= 1),
  status VARCHAR(16) NOT NULL CHECK (status IN ('reserved', 'used', 'unused')),
  assigned_by TEXT NOT NULL,
  assigned_at {{timestamp}} NOT NULL,
  closed_by TEXT,
  closed_at {{timestamp}},
  note TEXT,
  PRIMARY KEY (municipality, prefix, year, number)
);
CREATE INDEX diary_number_status ON diary_number (municipality, status);
