#pragma once
/// Versioned schema migrations, compiled into the library from libcore/migrations/NNNN_name.sql.

#include <string>
#include <vector>

namespace samverkan::storage {

struct Migration {
  int version;         ///< NNNN from the file name
  const char* name;    ///< name from the file name
  const char* sql;     ///< statements separated by ';' lines, with dialect placeholders
};

/// Every migration shipped with this binary, in ascending version order.
const std::vector<Migration>& embedded_migrations();

}  // namespace samverkan::storage
