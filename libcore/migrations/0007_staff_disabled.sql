-- A staff user disabled in one municipality by its administrator (auth/staff_directory.hpp,
-- StaffDirectory::set_disabled): the user's roles there are kept, but count for nothing while
-- the row exists (roles are re-read on every request, so it takes effect at once). Staff users
-- are cooperation-wide, so disabling is per member: the user may go on working for another.
CREATE TABLE staff_disabled (
  staff_user BIGINT NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  disabled_at {{timestamp}} NOT NULL,
  PRIMARY KEY (staff_user, municipality)
);
CREATE INDEX staff_disabled_municipality ON staff_disabled (municipality);
