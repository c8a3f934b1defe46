-- The member municipalities of the cooperation, kept in step with the cooperation file at
-- start-up. Every table that belongs to one municipality references this one.
CREATE TABLE municipality (
  code CHAR(4) PRIMARY KEY,
  organisation_number CHAR(10) NOT NULL UNIQUE,
  name TEXT NOT NULL,
  updated_at {{timestamp}} NOT NULL DEFAULT ({{now}})
);
