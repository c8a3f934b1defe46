#include "samverkan/crypto/key_rotation.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <climits>

#include "samverkan/core/error.hpp"
#include "samverkan/crypto/field_cipher.hpp"

namespace samverkan::crypto {
namespace {

// Batches that select values but replace none (every value changed under us) in a row before
// giving up; only a column rewritten continuously by someone else gets there.
constexpr int kMaxContendedBatches = 3;

std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

[[noreturn]] void rethrow_database_error(const soci::soci_error& e, const std::string& what) {
  if (e.get_error_category() == soci::soci_error::connection_error) {
    throw Unavailable(what + ": " + first_line(e.what()));
  }
  throw InternalError(what + ": " + first_line(e.what()));
}

void check_target(const RotationTarget& target) {
  check_sql_identifier(target.table);
  check_sql_identifier(target.id_column);
  check_sql_identifier(target.value_column);
  for (const auto& column : target.context_columns) check_sql_identifier(column);
}

// SQL injection: every identifier spliced into these statements has passed
// check_sql_identifier ([a-z_]+), so it can contain no quote, space, comment, operator or
// semicolon and can only ever be read as one bare identifier. The identifiers come from code,
// not from requests; values are always bound parameters.
std::string pending_condition(const RotationTarget& target) {
  return target.value_column + " IS NOT NULL AND SUBSTR(" + target.value_column + ", 1, :prefix_length) <> :prefix";
}

std::string active_prefix(const Keyring& keyring) { return "v1." + keyring.active().id + "."; }

std::string cell_text(const soci::row& row, std::size_t index) {
  return row.get_indicator(index) == soci::i_null ? std::string() : row.get<std::string>(index);
}

}  // namespace

void check_sql_identifier(std::string_view identifier) {
  bool ok = !identifier.empty() && identifier.size() <= 63;
  for (const char c : identifier) ok = ok && ((c >= 'a' && c <= 'z') || c == '_');
  if (!ok) throw InvalidInput("'" + std::string(identifier) + "' is not an SQL identifier of the form [a-z_]+");
}

std::size_t count_pending(storage::Database& db, const Keyring& keyring, const RotationTarget& target) {
  check_target(target);
  const std::string prefix = active_prefix(keyring);
  const int prefix_length = static_cast<int>(prefix.size());
  long long pending = 0;
  auto session = db.acquire();
  try {
    *session << "SELECT COUNT(*) FROM " + target.table + " WHERE " + pending_condition(target),
        soci::use(prefix_length, "prefix_length"), soci::use(prefix, "prefix"), soci::into(pending);
  } catch (const soci::soci_error& e) {
    rethrow_database_error(e, "cannot count the values of " + target.table + "." + target.value_column);
  }
  return static_cast<std::size_t>(pending);
}

RotationProgress rotate_column(storage::Database& db, const Keyring& keyring, const RotationTarget& target,
                               std::size_t batch_size, const RotationCallback& after_batch) {
  check_target(target);
  if (!target.associated_data) {
    throw InvalidInput("rotation target " + target.table + "." + target.value_column +
                       " has no associated-data builder");
  }
  const std::string where = target.table + "." + target.value_column;
  RotationProgress progress;
  progress.table = target.table;
  progress.column = target.value_column;
  progress.active_key = keyring.active().id;
  progress.pending_at_start = count_pending(db, keyring, target);

  const std::string prefix = active_prefix(keyring);
  const int prefix_length = static_cast<int>(prefix.size());
  const int limit = static_cast<int>(std::clamp<std::size_t>(batch_size, 1, 100000));
  // The text columns get aliases and ORDER BY names the table's column: PostgreSQL would
  // otherwise sort by the output column CAST(id AS TEXT), also called "id", as text.
  std::string select = "SELECT CAST(" + target.id_column + " AS TEXT) AS rotation_id, " + target.value_column;
  for (std::size_t i = 0; i < target.context_columns.size(); ++i) {
    select += ", CAST(" + target.context_columns[i] + " AS TEXT) AS rotation_context_" + std::to_string(i);
  }
  select += " FROM " + target.table + " WHERE " + pending_condition(target) + " ORDER BY " + target.table + "." +
            target.id_column + " LIMIT :batch";
  const std::string update = "UPDATE " + target.table + " SET " + target.value_column + " = :new_value WHERE " +
                             target.id_column + " = :id AND " + target.value_column + " = :old_value";

  int contended = 0;
  while (true) {
    std::size_t selected = 0;
    std::size_t replaced = 0;
    {
      auto session = db.acquire();
      try {
        soci::transaction transaction(*session);
        struct Item {
          RotationRow row;
          std::string old_value;
        };
        std::vector<Item> items;
        {
          soci::rowset<soci::row> rows = (session->prepare << select, soci::use(prefix_length, "prefix_length"),
                                          soci::use(prefix, "prefix"), soci::use(limit, "batch"));
          for (const auto& row : rows) {
            Item item;
            item.row.id = cell_text(row, 0);
            item.old_value = cell_text(row, 1);
            for (std::size_t i = 0; i < target.context_columns.size(); ++i) {
              item.row.context.push_back(cell_text(row, 2 + i));
            }
            items.push_back(std::move(item));
          }
        }  // the cursor is closed before the updates run on the same connection
        selected = items.size();
        if (items.empty()) break;  // the transaction rolls back: it changed nothing
        for (auto& item : items) {
          const std::string associated = target.associated_data(item.row);
          std::string fresh;
          try {
            fresh = encrypt(keyring, decrypt(keyring, item.old_value, associated), associated);
          } catch (const Error& e) {
            throw InternalError("rotation of " + where + " stopped at " + target.id_column + " " + item.row.id +
                                " after " + std::to_string(progress.rotated) + " values: " + e.what());
          }
          soci::statement statement = (session->prepare << update, soci::use(fresh, "new_value"),
                                       soci::use(item.row.id, "id"), soci::use(item.old_value, "old_value"));
          statement.execute(true);
          if (statement.get_affected_rows() > 0) ++replaced;
        }
        transaction.commit();
      } catch (const soci::soci_error& e) {
        rethrow_database_error(
            e, "rotation of " + where + " failed after " + std::to_string(progress.rotated) + " values");
      }
    }
    progress.rotated += replaced;
    ++progress.batches;
    contended = (replaced == 0 && selected > 0) ? contended + 1 : 0;
    if (contended >= kMaxContendedBatches) {
      throw Conflict("rotation of " + where + " keeps losing to concurrent writers; try again later");
    }
    if (after_batch) after_batch(progress);
  }
  progress.complete = true;
  return progress;
}

}  // namespace samverkan::crypto
