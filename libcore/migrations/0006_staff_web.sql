-- The staff web (http/staff_area.hpp): first-login TOTP enrolment, the login stage of a
-- session, the member a staff user works for and the language chosen.
--
-- A staff user's TOTP secret counts once a first code has confirmed it (totp_confirmed).
-- Until then the user logs in to the staff web with the password alone, and the session acts
-- for nobody until the user has changed the initial password and enrolled (login_stage).
-- Users whose initial password is already changed have logged in with a code: confirmed.
ALTER TABLE staff_user ADD COLUMN totp_confirmed {{bool}} NOT NULL DEFAULT FALSE;
UPDATE staff_user SET totp_confirmed = TRUE WHERE must_change_password = FALSE;

ALTER TABLE web_session ADD COLUMN login_stage TEXT NOT NULL DEFAULT 'complete'
  CHECK (login_stage IN ('complete', 'password-change', 'totp-enrolment'));
ALTER TABLE web_session ADD COLUMN municipality CHAR(4) REFERENCES municipality (code);
ALTER TABLE web_session ADD COLUMN language TEXT CHECK (language IN ('sv', 'en'));
