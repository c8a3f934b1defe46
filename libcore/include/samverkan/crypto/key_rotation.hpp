#pragma once
/// Re-encrypts an encrypted column with the keyring's active key, after a new key was appended
/// to the key file. Works in batches, each in its own transaction; every batch selects only
/// values whose token does not name the active key, so the rotation is resumable: a crash (or
/// Ctrl-C) between batches loses nothing, and running it again continues where it stopped.
/// Values written concurrently by the running servers are not lost: a value is replaced only if
/// it is still the one that was read (compare-and-set on the old token).
///
///   crypto::RotationTarget target{"errand", "id", "answers", {"municipality"},
///       [](const crypto::RotationRow& row) { return "errand.answers|" + row.context[0] + "|" + row.id; }};
///   crypto::rotate_column(db, keyring, target, 500);
///
/// Rotation works across municipalities (it is a platform maintenance task, not a service call)
/// and therefore uses the database directly rather than a TenantSession.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/crypto/keyring.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::crypto {

/// One row as the associated-data builder sees it: the id and the context columns, as text.
struct RotationRow {
  std::string id;
  std::vector<std::string> context;  ///< values of RotationTarget::context_columns, in order
};

/// An encrypted column. The names come from code (the list in the server's encrypted_columns()),
/// never from user input, and must match [a-z_]+.
struct RotationTarget {
  std::string table;
  std::string id_column;                          ///< a unique key of the table
  std::string value_column;                       ///< holds crypto::encrypt() tokens (NULL allowed, skipped)
  std::vector<std::string> context_columns = {};  ///< extra columns the associated data needs
  /// Builds the associated data the value was encrypted with, exactly as the owning service does.
  std::function<std::string(const RotationRow&)> associated_data = {};
};

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

/// Re-encrypts every value of `target` whose key id is not keyring.active(), `batch_size`
/// (at least 1) values per transaction. Throws samverkan::InvalidInput for an identifier not
/// matching [a-z_]+ or a missing associated-data builder; samverkan::InternalError when a value
/// cannot be decrypted (the message names the row id; earlier batches stay committed);
/// samverkan::Unavailable when the database fails.
RotationProgress rotate_column(storage::Database& db, const Keyring& keyring, const RotationTarget& target,
                               std::size_t batch_size, const RotationCallback& after_batch = {});

/// Counts the values of `target` not on the active key (0 means rotated). Same checks as above.
std::size_t count_pending(storage::Database& db, const Keyring& keyring, const RotationTarget& target);

/// Throws samverkan::InvalidInput unless `identifier` matches [a-z_]+ (at most 63 characters).
void check_sql_identifier(std::string_view identifier);

}  // namespace samverkan::crypto
