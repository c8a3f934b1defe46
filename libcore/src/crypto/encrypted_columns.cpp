#include "samverkan/crypto/encrypted_columns.hpp"

#include <algorithm>

#include "samverkan/core/error.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/crypto/key_rotation.hpp"

namespace samverkan::crypto {

const std::string& EncryptedRow::at(std::string_view column) const {
  const auto found = values.find(column);
  if (found == values.end()) {
    throw InternalError("the rotation read no column '" + std::string(column) + "'");
  }
  return found->second;
}

std::vector<std::string> EncryptedTable::row_columns() const {
  std::vector<std::string> out;
  const auto add = [&](const std::string& column) {
    if (std::find(out.begin(), out.end(), column) == out.end()) out.push_back(column);
  };
  for (const auto& column : key_columns) add(column);
  if (!tenant_column.empty()) add(tenant_column);  // empty: a cooperation-wide table
  for (const auto& column : associated_columns) add(column);
  return out;
}

std::string EncryptedTable::associated_data(std::string_view column, const EncryptedRow& row) const {
  std::vector<std::string_view> parts;
  for (const auto& name : associated_columns) parts.push_back(row.at(name));
  return crypto::associated_data(table, column, parts);
}

void EncryptedColumns::add(EncryptedTable table) {
  const std::string name = "encrypted table " + table.table + " (" + table.owner + ")";
  check_sql_identifier(table.table);
  if (table.key_columns.empty()) throw InvalidInput(name + " has no key column");
  if (table.columns.empty()) throw InvalidInput(name + " has no encrypted column");
  if (table.associated_columns.empty()) throw InvalidInput(name + " has no associated column");
  const auto row_columns = table.row_columns();
  for (const auto& column : row_columns) check_sql_identifier(column);
  for (const auto& column : table.columns) {
    check_sql_identifier(column);
    if (std::find(row_columns.begin(), row_columns.end(), column) != row_columns.end()) {
      throw InvalidInput(name + ": column " + column + " cannot be both encrypted and part of its own associated data");
    }
  }
  for (const auto& known : tables_) {
    if (known.table == table.table) {
      throw Conflict("encrypted table " + table.table + " is registered twice: by " + known.owner + " and by " +
                     table.owner);
    }
  }
  tables_.push_back(std::move(table));
}

const EncryptedTable& EncryptedColumns::table(std::string_view name) const {
  for (const auto& table : tables_) {
    if (table.table == name) return table;
  }
  throw NotFound("no encrypted table " + std::string(name) + " is registered");
}

std::size_t EncryptedColumns::column_count() const noexcept {
  std::size_t count = 0;
  for (const auto& table : tables_) count += table.columns.size();
  return count;
}

}  // namespace samverkan::crypto
