#include "samverkan/crypto/key_registry.hpp"

#include <soci/soci.h>

#include <map>

#include "samverkan/core/error.hpp"
#include "samverkan/crypto/key_rotation.hpp"
#include "samverkan/storage/write_transaction.hpp"

namespace samverkan::crypto {
namespace {

constexpr const char* kEncryption = "encryption";
constexpr const char* kBlindIndex = "blind-index";

std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

// Every registered table and column exists (identifiers checked by the registry: [a-z_]+).
void check_schema(storage::Database& db, const EncryptedColumns& columns) {
  auto session = db.acquire();
  for (const auto& table : columns.tables()) {
    std::string select;
    for (const auto& column : table.row_columns()) select += column + ", ";
    for (const auto& column : table.columns) select += column + (&column == &table.columns.back() ? "" : ", ");
    try {
      soci::rowset<soci::row> rows = (session->prepare << "SELECT " + select + " FROM " + table.table + " WHERE 1 = 0");
      (void)rows.begin();
    } catch (const soci::soci_error& e) {
      if (e.get_error_category() == soci::soci_error::connection_error) {
        throw Unavailable("cannot check the encrypted columns: " + first_line(e.what()));
      }
      throw InternalError("the encrypted table " + table.table + " registered by " + table.owner +
                          " does not match the database: " + first_line(e.what()));
    }
  }
}

// A key may leave the ring only when no value is left under it.
void check_retired_keys(storage::Database& db, const Keyring& keyring, const EncryptedColumns& columns,
                        const std::vector<std::string>& missing) {
  for (const auto& id : missing) {
    std::size_t total = 0;
    std::string where;
    for (const auto& table : columns.tables()) {
      for (const auto& column : table.columns) {
        const auto count = count_under_key(db, table, column, id);
        if (count == 0) continue;
        total += count;
        where += (where.empty() ? "" : ", ") + table.table + "." + column + " " + std::to_string(count);
      }
    }
    if (total > 0) {
      throw Conflict("key '" + id + "' is no longer in the keyring (" + keyring.source() + ") but " +
                     std::to_string(total) + " values are still encrypted with it (" + where +
                     "); put the key back, restart, run samverkan keys rotate, and remove it only then");
    }
  }
}

}  // namespace

KeyringCheck check_keyring(storage::Database& db, const Keyring& keyring, const EncryptedColumns& columns) {
  if (keyring.keys().empty()) throw InternalError("the keyring is empty");
  KeyringCheck check;
  try {
    auto session = db.acquire();  // returned before the checks below take their own
    storage::WriteTransaction transaction(*session, db.dialect().backend());
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
  check_schema(db, columns);
  check_retired_keys(db, keyring, columns, check.missing_from_keyring);
  return check;
}

}  // namespace samverkan::crypto
