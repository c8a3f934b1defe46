#include "samverkan/crypto/key_registry.hpp"

#include <soci/soci.h>

#include <map>

#include "samverkan/core/error.hpp"

namespace samverkan::crypto {
namespace {

constexpr const char* kEncryption = "encryption";
constexpr const char* kBlindIndex = "blind-index";

std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

}  // namespace

KeyringCheck check_keyring(storage::Database& db, const Keyring& keyring) {
  if (keyring.keys().empty()) throw InternalError("the keyring is empty");
  KeyringCheck check;
  auto session = db.acquire();
  try {
    soci::transaction transaction(*session);
    std::map<std::string, std::string> encryption;  // key id -> fingerprint
    std::map<std::string, std::string> index;       // root key id -> fingerprint
    {
      soci::rowset<soci::row> rows = (session->prepare << "SELECT kind, key_id, fingerprint FROM crypto_key");
      for (const auto& row : rows) {
        auto& target = row.get<std::string>(0) == kBlindIndex ? index : encryption;
        target.emplace(row.get<std::string>(1), row.get<std::string>(2));
      }
    }

    const std::string& root = keyring.keys().front().id;
    const std::string index_fingerprint = keyring.index_key_fingerprint();
    for (const auto& [root_id, fingerprint] : index) {
      if (fingerprint != index_fingerprint) {
        throw Conflict("the blind-index key changed: this database's blind indexes were made with key '" + root_id +
                       "' first in the keyring, but the keyring (" + keyring.source() + ") now starts with '" + root +
                       "' or that key differs; restore the original first key");
      }
    }
    for (const auto& key : keyring.keys()) {
      const auto found = encryption.find(key.id);
      if (found != encryption.end() && found->second != Keyring::fingerprint(key)) {
        throw Conflict("key '" + key.id + "' in the keyring (" + keyring.source() + ") differs from the key '" +
                       key.id + "' this database was written with");
      }
    }

    const std::string insert =
        "INSERT INTO crypto_key (kind, key_id, fingerprint) VALUES (:kind, :key_id, :fingerprint) "
        "ON CONFLICT (kind, key_id) DO NOTHING";
    if (index.empty()) {
      const std::string kind = kBlindIndex;
      *session << insert, soci::use(kind, "kind"), soci::use(root, "key_id"),
          soci::use(index_fingerprint, "fingerprint");
    }
    for (const auto& key : keyring.keys()) {
      if (encryption.count(key.id) != 0) continue;
      const std::string kind = kEncryption;
      const std::string fingerprint = Keyring::fingerprint(key);
      *session << insert, soci::use(kind, "kind"), soci::use(key.id, "key_id"), soci::use(fingerprint, "fingerprint");
      check.newly_registered.push_back(key.id);
    }
    for (const auto& [id, fingerprint] : encryption) {
      if (keyring.find(id) == nullptr) check.missing_from_keyring.push_back(id);
    }
    transaction.commit();
  } catch (const soci::soci_error& e) {
    if (e.get_error_category() == soci::soci_error::connection_error) {
      throw Unavailable("cannot check the keyring against the database: " + first_line(e.what()));
    }
    throw InternalError("cannot check the keyring against the database: " + first_line(e.what()));
  }
  return check;
}

}  // namespace samverkan::crypto
