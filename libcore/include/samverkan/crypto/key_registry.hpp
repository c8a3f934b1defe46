#pragma once
/// Remembers in the database (table crypto_key, migration 0003) which keys its data was
/// written with, as fingerprints (Keyring::fingerprint: a commitment, not the key), so a server
/// started with the wrong key file stops at once instead of writing values nobody can read or
/// blind indexes that match nothing.
///
///   const auto check = crypto::check_keyring(db, keyring, columns);   // at start-up, after migrating
///   for (const auto& id : check.missing_from_keyring) logger.info("key retired", ...);

#include <string>
#include <vector>

#include "samverkan/crypto/encrypted_columns.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::crypto {

struct KeyringCheck {
  std::vector<std::string> newly_registered;  ///< key ids recorded for the first time now
  /// Recorded key ids the ring no longer has; no registered column holds a value under them
  /// (else the check throws): keys retired after a complete rotation.
  std::vector<std::string> missing_from_keyring;
};

/// Records the ring's keys and blind-index key on first sight and compares them afterwards,
/// and checks the registered encrypted columns against the database. Throws
///   samverkan::Conflict       a key id is recorded with another key ("key 'k1' differs from
///                             ..."); the blind-index key changed (the first key was replaced,
///                             removed or moved: every lookup would silently miss); or a key
///                             the ring no longer has still encrypts values of a registered
///                             column (they would be unreadable: the message names the columns,
///                             the counts and what to do);
///   samverkan::InternalError  a registered table or column does not exist in the database (a
///                             registration that does not match the migrations);
///   samverkan::Unavailable    the database cannot be reached.
/// Cost: the schema check is one empty SELECT per table; values are counted only for keys the
/// ring no longer has (one scan of each registered column per such key).
KeyringCheck check_keyring(storage::Database& db, const Keyring& keyring, const EncryptedColumns& columns);

}  // namespace samverkan::crypto
