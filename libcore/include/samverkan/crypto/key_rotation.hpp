#pragma once
/// Re-encrypts an encrypted column (crypto/encrypted_columns.hpp) with the keyring's active key,
/// after a new key was appended to the key file and every server restarted with it.
///
///   for (const auto& table : columns.tables())
///     for (const auto& column : table.columns) crypto::rotate_column(db, keyring, table, column, 500);
///
/// Resumable: it works in batches, each in its own transaction, and selects only values whose
/// token does not name the active key; a crash (or Ctrl-C) between batches loses nothing, and
/// running it again continues where it stopped. A batch walks the table in key order from where
/// the last one stopped (keyset pagination: no batch rescans rotated rows) and holds at most
/// about 32 MiB of ciphertext (attachments are large), however large `batch_size` is.
///
/// Safe while servers run: a value is replaced only if it is still the one that was read, by
/// `UPDATE ... SET v = :new WHERE <key> AND v = :old` (compare-and-set). On PostgreSQL (READ
/// COMMITTED) the UPDATE takes the row lock, waits for a writer holding it, and re-evaluates its
/// WHERE on the row as committed: a value a server rewrote meanwhile no longer matches and is
/// left as the server wrote it (under the active key), while a concurrent change to another
/// column of the row is kept (the UPDATE sets only this column). Nothing a server writes is
/// overwritten with older data, and no server write is lost. On SQLite each batch holds the
/// write lock (BEGIN IMMEDIATE), so writers simply wait for it. A value skipped because a
/// writer changed it is looked at again in a second pass; values still under another key after
/// three passes mean a server still runs with the old key file (a Conflict says so).
///
/// Rotation works across municipalities (a platform maintenance task, not a service call) and
/// therefore uses the database directly rather than a TenantSession.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "samverkan/crypto/encrypted_columns.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::crypto {

struct RotationProgress {
  std::string table;
  std::string column;
  std::string active_key;            ///< the key values are rotated to
  std::size_t pending_at_start = 0;  ///< values not on the active key when the run began
  std::size_t rotated = 0;           ///< values re-encrypted (committed) in this run
  std::size_t batches = 0;           ///< batches committed in this run
  bool complete = false;             ///< no value remains on another key
};

/// Called after each committed batch (for progress output). An exception thrown from it stops
/// the rotation after that batch, as a crash would; the committed batches stay.
using RotationCallback = std::function<void(const RotationProgress&)>;

/// Re-encrypts every value of `table`.`column` whose key id is not keyring.active(), at most
/// `batch_size` (at least 1) values per transaction. Throws samverkan::InvalidInput when
/// `column` is not one of the table's encrypted columns or a name is not [a-z_]+;
/// samverkan::InternalError when a value cannot be decrypted (the message names the row's key;
/// earlier batches stay committed); samverkan::Conflict when values are still on another key
/// after three passes; samverkan::Unavailable when the database fails.
RotationProgress rotate_column(storage::Database& db, const Keyring& keyring, const EncryptedTable& table,
                               std::string_view column, std::size_t batch_size,
                               const RotationCallback& after_batch = {});

/// Counts the values of `table`.`column` not on the active key (0 means rotated).
/// Same checks as above.
std::size_t count_pending(storage::Database& db, const Keyring& keyring, const EncryptedTable& table,
                          std::string_view column);

/// Counts the values of `table`.`column` encrypted under `key_id` (any id, also one the ring no
/// longer has). Same checks as above.
std::size_t count_under_key(storage::Database& db, const EncryptedTable& table, std::string_view column,
                            std::string_view key_id);

/// Throws samverkan::InvalidInput unless `identifier` matches [a-z_]+ (at most 63 characters).
void check_sql_identifier(std::string_view identifier);

}  // namespace samverkan::crypto
