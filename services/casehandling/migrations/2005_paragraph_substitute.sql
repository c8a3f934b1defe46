-- A substitute (ersättare) present at the meeting who steps in for a member with jäv in one
-- paragraph only (meeting_service.cpp, declare_conflict): for that paragraph they vote, may
-- make motions, reservations and notes, and count for its quorum; the next paragraph is back
-- to the meeting's attendance. serving_for is the recused member's user id.
CREATE TABLE paragraph_substitute (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  paragraph_id BIGINT NOT NULL REFERENCES paragraph (id),
  user_id VARCHAR(200) NOT NULL,
  serving_for VARCHAR(200) NOT NULL,
  PRIMARY KEY (paragraph_id, user_id),
  UNIQUE (paragraph_id, serving_for)
);
