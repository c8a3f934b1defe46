-- Fingerprints of the keys this database's data was written with (crypto/key_registry.hpp):
-- kind 'encryption' for each field-encryption key by id, kind 'blind-index' for the derived
-- blind-index key (key_id names the keyring's first key, its root). The fingerprint is
-- HMAC-SHA-256(key, "samverkan key fingerprint v1") in hex: it identifies a key without
-- revealing it. Platform-wide, so no municipality column.
CREATE TABLE crypto_key (
  kind TEXT NOT NULL CHECK (kind IN ('encryption', 'blind-index')),
  key_id TEXT NOT NULL,
  fingerprint CHAR(64) NOT NULL,
  registered_at {{timestamp}} NOT NULL DEFAULT ({{now}}),
  PRIMARY KEY (kind, key_id)
);
