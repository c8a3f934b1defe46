#include "samverkan/crypto/key_rotation.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "samverkan/core/error.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/write_transaction.hpp"

namespace samverkan::crypto {
namespace {

// Passes over a column before values still on another key are reported as a conflict: a
// value a writer changed during a pass is looked at again in the next.
constexpr int kMaxPasses = 3;
// Ciphertext held by one batch at most (beyond its first value): attachments run to megabytes.
constexpr long long kBatchBytes = 32LL << 20;

std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

[[noreturn]] void rethrow_database_error(const soci::soci_error& e, const std::string& what) {
  if (e.get_error_category() == soci::soci_error::connection_error) {
    throw Unavailable(what + ": " + first_line(e.what()));
  }
  throw InternalError(what + ": " + first_line(e.what()));
}

void check_column(const EncryptedTable& table, std::string_view column) {
  check_sql_identifier(table.table);
  check_sql_identifier(column);
  if (table.key_columns.empty()) throw InvalidInput("encrypted table " + table.table + " has no key column");
  for (const auto& name : table.row_columns()) check_sql_identifier(name);
  if (std::find(table.columns.begin(), table.columns.end(), column) == table.columns.end()) {
    throw InvalidInput(std::string(column) + " is not a registered encrypted column of " + table.table);
  }
}

std::string prefix_of(std::string_view key_id) { return "v1." + std::string(key_id) + "."; }

// Named parameters of a statement whose shape depends on the table (how many key columns).
struct Params {
  std::vector<std::pair<std::string, std::string>> text;
  std::vector<std::pair<std::string, int>> number;
};

soci::statement bound(soci::session& session, const std::string& sql, const Params& params, soci::row* into) {
  soci::statement statement(session);
  if (into != nullptr) statement.exchange(soci::into(*into));
  for (const auto& [name, value] : params.text) statement.exchange(soci::use(value, name));
  for (const auto& [name, value] : params.number) statement.exchange(soci::use(value, name));
  statement.alloc();
  statement.prepare(sql);
  statement.define_and_bind();
  return statement;
}

template <typename Each>
void for_each_row(soci::session& session, const std::string& sql, const Params& params, Each&& each) {
  soci::row row;
  soci::statement statement = bound(session, sql, params, &row);
  if (!statement.execute(true)) return;
  do {
    each(row);
  } while (statement.fetch());
}

// SQL injection: every identifier spliced into the statements below has passed
// check_sql_identifier ([a-z_]+), so it can contain no quote, space, comment, operator or
// semicolon and can only ever be read as one bare identifier. The identifiers come from code
// (the registry), not from requests; values are always bound parameters.
class Statements {
 public:
  Statements(const EncryptedTable& table, std::string_view column) : table_(table), column_(column) {
    for (std::size_t i = 0; i < table.key_columns.size(); ++i) {
      keys_ += (i == 0 ? "" : ", ") + table.table + "." + table.key_columns[i];
      key_texts_ += "CAST(" + table.key_columns[i] + " AS TEXT) AS rotation_key_" + std::to_string(i) + ", ";
      after_ += std::string(i == 0 ? "" : ", ") + ":after_" + std::to_string(i);
      last_ += std::string(i == 0 ? "" : ", ") + ":last_" + std::to_string(i);
      by_key_ += std::string(i == 0 ? "" : " AND ") + table.key_columns[i] + " = :key_" + std::to_string(i);
    }
  }

  std::string pending() const {
    return column_ + " IS NOT NULL AND SUBSTR(" + column_ + ", 1, :prefix_length) <> :prefix";
  }
  std::string under_key() const { return "SUBSTR(" + column_ + ", 1, :prefix_length) = :prefix"; }

  // The next batch's keys and value sizes, in key order, after `after` (if any).
  std::string sizes(bool after) const {
    return "SELECT " + key_texts_ + "LENGTH(" + column_ + ") AS rotation_length FROM " + table_.table + " WHERE " +
           pending() + (after ? " AND (" + keys_ + ") > (" + after_ + ")" : "") + " ORDER BY " + keys_ +
           " LIMIT :batch";
  }

  // The batch's rows: keys, the associated data's other columns, the value.
  std::string values(bool after) const {
    std::string select = "SELECT " + key_texts_;
    const auto columns = table_.row_columns();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      select += "CAST(" + columns[i] + " AS TEXT) AS rotation_column_" + std::to_string(i) + ", ";
    }
    return select + column_ + " FROM " + table_.table + " WHERE " + pending() +
           (after ? " AND (" + keys_ + ") > (" + after_ + ")" : "") + " AND (" + keys_ + ") <= (" + last_ +
           ") ORDER BY " + keys_;
  }

  // Compare-and-set: replaces the value only if it is still the one read.
  std::string update() const {
    return "UPDATE " + table_.table + " SET " + column_ + " = :new_value WHERE " + by_key_ + " AND " + column_ +
           " = :old_value";
  }

 private:
  const EncryptedTable& table_;
  std::string column_;
  std::string keys_;       // "t.k0, t.k1"
  std::string key_texts_;  // "CAST(k0 AS TEXT) AS rotation_key_0, ..."
  std::string after_;      // ":after_0, :after_1"
  std::string last_;       // ":last_0, :last_1"
  std::string by_key_;     // "k0 = :key_0 AND k1 = :key_1"
};

void add_key(Params& params, const std::string& name, const std::vector<std::string>& key) {
  for (std::size_t i = 0; i < key.size(); ++i) params.text.emplace_back(name + std::to_string(i), key[i]);
}

std::string describe_key(const EncryptedTable& table, const std::vector<std::string>& key) {
  std::string out;
  for (std::size_t i = 0; i < key.size(); ++i) out += (i == 0 ? "" : ", ") + table.key_columns[i] + " " + key[i];
  return out;
}

std::size_t count_with_prefix(storage::Database& db, const EncryptedTable& table, std::string_view column,
                              const std::string& prefix, bool on_key) {
  check_column(table, column);
  const Statements statements(table, column);
  Params params;
  params.text.emplace_back("prefix", prefix);
  params.number.emplace_back("prefix_length", static_cast<int>(prefix.size()));
  const std::string sql =
      "SELECT COUNT(*) FROM " + table.table + " WHERE " + (on_key ? statements.under_key() : statements.pending());
  long long count = 0;
  auto session = db.acquire();
  try {
    for_each_row(*session, sql, params, [&](const soci::row& row) { count = storage::row_int(row, 0); });
  } catch (const soci::soci_error& e) {
    rethrow_database_error(e, "cannot count the values of " + table.table + "." + std::string(column));
  }
  return static_cast<std::size_t>(count);
}

struct Item {
  std::vector<std::string> key;
  EncryptedRow row;
  std::string old_value;
};

}  // namespace

void check_sql_identifier(std::string_view identifier) {
  bool ok = !identifier.empty() && identifier.size() <= 63;
  for (const char c : identifier) ok = ok && ((c >= 'a' && c <= 'z') || c == '_');
  if (!ok) throw InvalidInput("'" + std::string(identifier) + "' is not an SQL identifier of the form [a-z_]+");
}

std::size_t count_pending(storage::Database& db, const Keyring& keyring, const EncryptedTable& table,
                          std::string_view column) {
  return count_with_prefix(db, table, column, prefix_of(keyring.active().id), false);
}

std::size_t count_under_key(storage::Database& db, const EncryptedTable& table, std::string_view column,
                            std::string_view key_id) {
  return count_with_prefix(db, table, column, prefix_of(key_id), true);
}

RotationProgress rotate_column(storage::Database& db, const Keyring& keyring, const EncryptedTable& table,
                               std::string_view column, std::size_t batch_size, const RotationCallback& after_batch) {
  check_column(table, column);
  if (table.associated_columns.empty())
    throw InvalidInput("encrypted table " + table.table + " has no associated column");
  const std::string where = table.table + "." + std::string(column);
  RotationProgress progress;
  progress.table = table.table;
  progress.column = std::string(column);
  progress.active_key = keyring.active().id;
  progress.pending_at_start = count_pending(db, keyring, table, column);

  const Statements statements(table, column);
  const std::string prefix = prefix_of(keyring.active().id);
  const int limit = static_cast<int>(std::clamp<std::size_t>(batch_size, 1, 100000));
  const auto row_columns = table.row_columns();
  const std::size_t key_count = table.key_columns.size();

  for (int pass = 1;; ++pass) {
    std::optional<std::vector<std::string>> after;  // the last key of the previous batch
    while (true) {
      std::size_t replaced = 0;
      {
        auto session = db.acquire();
        try {
          storage::WriteTransaction transaction(*session, db.dialect().backend());
          Params params;
          params.text.emplace_back("prefix", prefix);
          params.number.emplace_back("prefix_length", static_cast<int>(prefix.size()));
          if (after) add_key(params, "after_", *after);

          // The batch: as many of the next `limit` values as fit the byte budget (at least one).
          std::vector<std::vector<std::string>> keys;
          long long bytes = 0;
          bool full = false;
          {
            Params sized = params;
            sized.number.emplace_back("batch", limit);
            for_each_row(*session, statements.sizes(after.has_value()), sized, [&](const soci::row& row) {
              const long long length = storage::row_int(row, key_count);
              full = full || (!keys.empty() && bytes + length > kBatchBytes);
              if (full) return;  // the batch ends before this row: the keys must stay contiguous
              bytes += length;
              std::vector<std::string> key;
              for (std::size_t i = 0; i < key_count; ++i) key.push_back(storage::row_text(row, i));
              keys.push_back(std::move(key));
            });
          }
          if (keys.empty()) break;  // the transaction rolls back: it changed nothing

          std::vector<Item> items;
          add_key(params, "last_", keys.back());
          for_each_row(*session, statements.values(after.has_value()), params, [&](const soci::row& row) {
            Item item;
            for (std::size_t i = 0; i < key_count; ++i) item.key.push_back(storage::row_text(row, i));
            for (std::size_t i = 0; i < row_columns.size(); ++i) {
              item.row.values.emplace(row_columns[i], storage::row_text(row, key_count + i));
            }
            item.old_value = storage::row_text(row, key_count + row_columns.size());
            items.push_back(std::move(item));
          });
          // (the cursor is closed before the updates run on the same connection)

          for (const auto& item : items) {
            const std::string associated = table.associated_data(column, item.row);
            Params update;
            try {
              update.text.emplace_back("new_value",
                                       encrypt(keyring, decrypt(keyring, item.old_value, associated), associated));
            } catch (const Error& e) {
              throw InternalError("rotation of " + where + " stopped at " + describe_key(table, item.key) + " after " +
                                  std::to_string(progress.rotated) + " values: " + e.what());
            }
            add_key(update, "key_", item.key);
            update.text.emplace_back("old_value", item.old_value);
            soci::statement statement = bound(*session, statements.update(), update, nullptr);
            statement.execute(true);
            if (statement.get_affected_rows() > 0) ++replaced;
          }
          transaction.commit();
          after = keys.back();
        } catch (const soci::soci_error& e) {
          rethrow_database_error(
              e, "rotation of " + where + " failed after " + std::to_string(progress.rotated) + " values");
        }
      }
      progress.rotated += replaced;
      ++progress.batches;
      if (after_batch) after_batch(progress);
    }
    const std::size_t left = count_pending(db, keyring, table, column);
    if (left == 0) break;
    if (pass == kMaxPasses) {
      throw Conflict("rotation of " + where + ": " + std::to_string(left) + " values are still not on key " +
                     keyring.active().id + " after " + std::to_string(kMaxPasses) +
                     " passes; a server still writing with the old key file does that: restart every server with "
                     "the new key file, then run the rotation again");
    }
  }
  progress.complete = true;
  return progress;
}

}  // namespace samverkan::crypto
