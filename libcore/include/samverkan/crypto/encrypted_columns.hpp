#pragma once
/// The one list of every column that holds field-encryption tokens (crypto::encrypt), filled at
/// start-up by each module for its own tables, read by key rotation (`samverkan keys rotate`,
/// crypto/key_rotation.hpp) and by the start-up key check (crypto::check_keyring).
///
///   crypto::EncryptedColumns columns;
///   auth::register_encrypted_columns(columns);          // libcore's own tables
///   eservices::register_encrypted_columns(columns);     // each service its own
///   crypto::rotate_column(db, keyring, columns.table("eservice_errand"), "answers", 500);
///
/// A module registers a table with: its unique key (the rotation updates one row by it), the
/// tenant column (municipality; none for cooperation-wide tables), the ciphertext columns, and
/// the columns its associated data names. Associated data follows one convention everywhere,
/// crypto::associated_data(table, column, {values of associated_columns, in order}), e.g.
/// "eservice_errand.answers|0199|ET-2026-000001": the module encrypts with exactly that, and
/// the rotation rebuilds it from the row. There is no key-id column: each token names its key
/// in its own header ("v1.<key id>."), and the rotation and the checks read it there.
/// Table and column names come from code and must match [a-z_]+ (check_sql_identifier).

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace samverkan::crypto {

/// One row as the rotation reads it: the text of the key, tenant and associated columns, by
/// column name.
struct EncryptedRow {
  std::map<std::string, std::string, std::less<>> values;

  /// The value of `column`. Throws samverkan::InternalError when the row has no such column.
  const std::string& at(std::string_view column) const;
};

/// One table's encrypted columns, as its owning module registers them.
struct EncryptedTable {
  std::string owner;  ///< the registering module, for messages ("eservices")
  std::string table;
  std::vector<std::string> key_columns;         ///< a unique key of the table, in order
  std::string tenant_column;                    ///< "municipality", or empty for cooperation-wide tables
  std::vector<std::string> columns;             ///< each holds tokens (NULL allowed, skipped)
  std::vector<std::string> associated_columns;  ///< in the order the associated data names them

  /// Every column the rotation reads besides the ciphertext: key, tenant, associated (no repeats).
  std::vector<std::string> row_columns() const;
  /// The associated data of a value of `column` in `row` (crypto::associated_data).
  std::string associated_data(std::string_view column, const EncryptedRow& row) const;
};

/// The registry. Filled once at start-up, read afterwards (not synchronised).
class EncryptedColumns {
 public:
  /// Adds a table. Throws samverkan::InvalidInput for a name that is not [a-z_]+, no key
  /// column, no ciphertext column, no associated column, or a ciphertext column that is also
  /// read for the associated data; samverkan::Conflict when the table is already registered
  /// (the message names both owners).
  void add(EncryptedTable table);

  const std::vector<EncryptedTable>& tables() const noexcept { return tables_; }
  /// The registered table `name`. Throws samverkan::NotFound when there is none.
  const EncryptedTable& table(std::string_view name) const;
  /// The number of ciphertext columns over all tables.
  std::size_t column_count() const noexcept;

 private:
  std::vector<EncryptedTable> tables_;
};

}  // namespace samverkan::crypto
