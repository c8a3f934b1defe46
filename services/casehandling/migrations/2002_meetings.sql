-- Boards' composition, meetings, agendas, attendance, minutes with numbered paragraphs, votes,
-- adjustment and the notice board (services/casehandling: board_members.hpp,
-- meeting_service.hpp, notice_board.hpp). Days are ISO text "YYYY-MM-DD" (Swedish calendar
-- days); user ids are staff user ids (Principal::staff(user_id, ...), HSA-id or user name).

-- Who sits on a board (nämnd) in a term: ordinary members (ordinarie ledamöter), substitutes
-- (ersättare) and the secretary, with chair and vice chair. Composition changes during a term
-- are new rows: a membership ends with valid_to (its last day) and is never deleted.
CREATE TABLE board_member (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  prefix VARCHAR(16) NOT NULL,
  term CHAR(9) NOT NULL,
  user_id VARCHAR(200) NOT NULL,
  name TEXT NOT NULL,
  kind VARCHAR(16) NOT NULL CHECK (kind IN ('ordinary', 'substitute', 'secretary')),
  function VARCHAR(16) NOT NULL CHECK (function IN ('none', 'chair', 'vice-chair')),
  valid_from CHAR(10) NOT NULL,
  valid_to CHAR(10),
  added_by TEXT NOT NULL,
  added_at {{timestamp}} NOT NULL
);
CREATE INDEX board_member_board ON board_member (municipality, prefix, term);

-- A meeting (sammanträde) of a board.
CREATE TABLE meeting (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  prefix VARCHAR(16) NOT NULL,
  meeting_date CHAR(10) NOT NULL,
  starts_at VARCHAR(5) NOT NULL DEFAULT '',
  place TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at {{timestamp}} NOT NULL
);
CREATE INDEX meeting_board ON meeting (municipality, prefix, meeting_date);

-- The agenda (föredragningslista): cases ready for decision and information items. heading is
-- what anyone may see (a secret case's masked title); secrecy_reference is set for secret items.
CREATE TABLE agenda_item (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  meeting_id BIGINT NOT NULL REFERENCES meeting (id),
  ordinal INTEGER NOT NULL,
  kind VARCHAR(16) NOT NULL CHECK (kind IN ('case', 'information')),
  case_id BIGINT REFERENCES diary_case (id),
  heading TEXT NOT NULL,
  secrecy_reference TEXT NOT NULL DEFAULT '',
  UNIQUE (meeting_id, ordinal)
);
CREATE INDEX agenda_item_case ON agenda_item (municipality, case_id);

-- Attendance: present, absent, or a substitute serving for an ordinary member (tjänstgörande
-- ersättare).
CREATE TABLE attendance (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  meeting_id BIGINT NOT NULL REFERENCES meeting (id),
  member_id BIGINT NOT NULL REFERENCES board_member (id),
  presence VARCHAR(16) NOT NULL CHECK (presence IN ('present', 'absent', 'serving')),
  serving_for BIGINT REFERENCES board_member (id),
  PRIMARY KEY (meeting_id, member_id)
);

-- The minutes (protokoll) of one meeting: a draft until the chair and every adjuster have
-- signed, then 'adjusted' and locked.
CREATE TABLE minutes (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  meeting_id BIGINT NOT NULL UNIQUE REFERENCES meeting (id),
  kept_at TEXT NOT NULL,
  status VARCHAR(16) NOT NULL CHECK (status IN ('draft', 'adjusted')),
  created_by TEXT NOT NULL,
  updated_at {{timestamp}} NOT NULL,
  adjusted_at {{timestamp}}
);

-- Who adjusts (justerar): the chair and the appointed adjusters, and their signatures.
CREATE TABLE minutes_signer (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  minutes_id BIGINT NOT NULL REFERENCES minutes (id),
  user_id VARCHAR(200) NOT NULL,
  role VARCHAR(16) NOT NULL CHECK (role IN ('chair', 'adjuster')),
  signed_at {{timestamp}},
  signature TEXT,
  PRIMARY KEY (minutes_id, user_id)
);

-- Paragraph numbers (§) per board and year, across meetings: bumped with UPDATE ... RETURNING
-- in the paragraph's transaction, like diary_counter (gap-free, no duplicates).
CREATE TABLE paragraph_counter (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  prefix VARCHAR(16) NOT NULL,
  year INTEGER NOT NULL,
  last_number INTEGER NOT NULL CHECK (last_number >= 0),
  PRIMARY KEY (municipality, prefix, year)
);

-- One paragraph of the minutes. heading and secrecy_reference are public; the other texts are
-- not shown publicly when secrecy_reference is set.
CREATE TABLE paragraph (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  minutes_id BIGINT NOT NULL REFERENCES minutes (id),
  agenda_item_id BIGINT REFERENCES agenda_item (id),
  prefix VARCHAR(16) NOT NULL,
  year INTEGER NOT NULL,
  number INTEGER NOT NULL,
  heading TEXT NOT NULL,
  secrecy_reference TEXT NOT NULL DEFAULT '',
  proposal TEXT NOT NULL DEFAULT '',
  procedure_text TEXT NOT NULL DEFAULT '',
  decision TEXT NOT NULL DEFAULT '',
  vote_yes_means TEXT,
  vote_no_means TEXT,
  vote_result VARCHAR(16),
  immediately_adjusted INTEGER NOT NULL DEFAULT 0 CHECK (immediately_adjusted IN (0, 1)),
  UNIQUE (municipality, prefix, year, number)
);

-- Motions (yrkanden), reservations and protocol notes (protokollsanteckningar) of a paragraph.
CREATE TABLE paragraph_entry (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  paragraph_id BIGINT NOT NULL REFERENCES paragraph (id),
  kind VARCHAR(16) NOT NULL CHECK (kind IN ('motion', 'reservation', 'protocol-note')),
  user_id VARCHAR(200) NOT NULL,
  text TEXT NOT NULL
);

-- Conflicts of interest (jäv): the member takes no part in the paragraph.
CREATE TABLE paragraph_recusal (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  paragraph_id BIGINT NOT NULL REFERENCES paragraph (id),
  user_id VARCHAR(200) NOT NULL,
  PRIMARY KEY (paragraph_id, user_id)
);

-- Open votes (öppen omröstning): each voting member's vote.
CREATE TABLE paragraph_vote (
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  paragraph_id BIGINT NOT NULL REFERENCES paragraph (id),
  user_id VARCHAR(200) NOT NULL,
  vote VARCHAR(8) NOT NULL CHECK (vote IN ('ja', 'nej', 'avstar')),
  PRIMARY KEY (paragraph_id, user_id)
);

-- The notice (tillkännagivande) of adjusted minutes on the official notice board
-- (anslagstavla). It is 'posted' until the day after appeal_deadline (remove_on), when the job
-- casehandling.notice-removal archives it.
CREATE TABLE notice (
  id {{id}},
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  minutes_id BIGINT NOT NULL UNIQUE REFERENCES minutes (id),
  prefix VARCHAR(16) NOT NULL,
  meeting_date CHAR(10) NOT NULL,
  posted_on CHAR(10) NOT NULL,
  appeal_deadline CHAR(10) NOT NULL,
  remove_on CHAR(10) NOT NULL,
  kept_at TEXT NOT NULL,
  status VARCHAR(16) NOT NULL CHECK (status IN ('posted', 'archived')),
  archived_at {{timestamp}}
);
CREATE INDEX notice_status ON notice (municipality, status);
