#pragma once
/// Remembers in the database (table crypto_key, migration 0003) which keys its data was
/// written with, as fingerprints (Keyring::fingerprint: a commitment, not the key), so a server
/// started with the wrong key file stops at once instead of writing values nobody can read or
/// blind indexes that match nothing.
///
///   const auto check = crypto::check_keyring(db, keyring);   // at start-up, after migrating
///   for (const auto& id : check.missing_from_keyring) logger.warn("key no longer in the ring", ...);

#include <string>
#include <vector>

#include "samverkan/crypto/keyring.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::crypto {

struct KeyringCheck {
  std::vector<std::string> newly_registered;      ///< key ids recorded for the first time now
  std::vector<std::string> missing_from_keyring;  ///< recorded key ids the ring no longer has
};

/// Records the ring's keys and blind-index key on first sight and compares them afterwards.
/// Throws samverkan::Conflict when a key id is recorded with another key ("key 'k1' differs
/// from ..."), or when the blind-index key changed (the first key was replaced, removed or
/// moved): every lookup would silently miss. A recorded key missing from the ring is reported,
/// not refused: values under it stay unreadable until it comes back or they are rotated.
/// Throws samverkan::Unavailable / InternalError when the database fails.
KeyringCheck check_keyring(storage::Database& db, const Keyring& keyring);

}  // namespace samverkan::crypto
