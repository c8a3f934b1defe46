-- Authentication (libcore auth): API clients, staff users and their roles, browser sessions.

-- OAuth 2.0 client-credentials clients of one municipality (auth/api_clients.hpp). The id
-- names the municipality ("0604-<32 hex>"); secret_hash is an Argon2id encoded hash; scopes
-- are space-separated; a revoked client stays for the audit trail.
CREATE TABLE api_client (
  id TEXT PRIMARY KEY,
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  secret_hash TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at {{timestamp}} NOT NULL,
  revoked_at {{timestamp}}
);
CREATE INDEX api_client_municipality ON api_client (municipality);

-- Staff users (auth/staff_directory.hpp). Cooperation-wide (one person may hold roles in
-- several municipalities), so no municipality column; roles are in staff_role. password_hash
-- is Argon2id (NULL: certificate login only); totp_secret is a field-encryption token
-- (crypto/field_cipher.hpp, associated data "staff_user.totp_secret|<id>"); totp_last_step
-- is the last RFC 6238 time step used, so a code is never accepted twice. failed_attempts
-- counts failures since the last success or lock; lockouts counts locks since the last
-- success and doubles the next lock's length.
CREATE TABLE staff_user (
  id {{id}},
  username TEXT NOT NULL UNIQUE,
  hsa_id TEXT UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT,
  must_change_password {{bool}} NOT NULL DEFAULT FALSE,
  totp_secret TEXT,
  totp_last_step BIGINT NOT NULL DEFAULT 0,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  lockouts INTEGER NOT NULL DEFAULT 0,
  locked_until {{timestamp}},
  platform_administrator {{bool}} NOT NULL DEFAULT FALSE,
  created_at {{timestamp}} NOT NULL
);

-- A staff user's roles in one municipality (security::Role names: "registrar", ...).
CREATE TABLE staff_role (
  staff_user BIGINT NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  municipality CHAR(4) NOT NULL REFERENCES municipality (code),
  role TEXT NOT NULL,
  granted_at {{timestamp}} NOT NULL,
  PRIMARY KEY (staff_user, municipality, role)
);
CREATE INDEX staff_role_municipality ON staff_role (municipality);

-- Browser sessions (auth/session_store.hpp). id is the hex SHA-256 of the cookie's random
-- token: the database never holds a live session token. A staff session names the user
-- (roles are re-read on every request); a citizen session holds the personnummer as a
-- field-encryption token (associated data "web_session.personnummer|<id>").
CREATE TABLE web_session (
  id CHAR(64) PRIMARY KEY,
  principal_kind TEXT NOT NULL CHECK (principal_kind IN ('anonymous', 'citizen', 'staff')),
  staff_user BIGINT REFERENCES staff_user (id) ON DELETE CASCADE,
  personnummer TEXT,
  csrf_secret TEXT NOT NULL,
  created_at {{timestamp}} NOT NULL,
  last_seen {{timestamp}} NOT NULL
);
CREATE INDEX web_session_last_seen ON web_session (last_seen);
