-- Adjustment with BankID (services/casehandling, minutes_signing.hpp). A board member's
-- personnummer is kept only as a blind index (purpose "board_member.personnummer"): enough to
-- check that the person who signed with BankID is the member, never readable back.
ALTER TABLE board_member ADD COLUMN personnummer_index TEXT;

-- A running BankID sign order of one signer for one set of minutes.
CREATE TABLE minutes_sign_order (
  order_ref VARCHAR(100) PRIMARY KEY,
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  minutes_id BIGINT NOT NULL REFERENCES minutes (id),
  user_id VARCHAR(200) NOT NULL,
  digest CHAR(64) NOT NULL,
  started_at {{timestamp}} NOT NULL
);
