#pragma once
/// The security commands of the `samverkan` command line, kept apart from cli.cpp:
///   samverkan audit verify --db URL [--municipality CODE]
///   samverkan audit head   --db URL --municipality CODE
///   samverkan keys rotate  --db URL --keys FILE [--batch-size N]
/// Each returns the exit code (0 success, 1 failed, 2 bad usage) and never throws: results go
/// to `out`, errors and breaks to `err`. Databases are opened with open_database(url, {}, {}, 1).

#include <cstddef>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include "samverkan/crypto/encrypted_columns.hpp"

namespace samverkan::server {

/// Verifies every chain (or one municipality's). Prints "audit trail intact: N entries" and
/// returns 0, or prints the first break to `err` ("audit trail broken: municipality 0199,
/// entry 2: entry 2 was edited: ...") and returns 1. A malformed municipality code returns 2.
int run_audit_verify(const std::string& db_url, const std::optional<std::string>& municipality, std::ostream& out,
                     std::ostream& err);

/// Prints "<municipality> <sequence> <hash>" (sequence 0 and 64 zeros for an empty chain) and
/// returns 0; 2 for a malformed code, 1 when the database fails.
int run_audit_head(const std::string& db_url, const std::string& municipality, std::ostream& out, std::ostream& err);

/// Re-encrypts every registered encrypted column (server::encrypted_columns()) with the active
/// key of the keyring loaded like the server does (SAMVERKAN_KEYS if set, else `key_file`),
/// after checking the keyring against the database (crypto::check_keyring). Prints progress
/// per batch and a line per column. Resumable: run it again after an interruption; safe while
/// servers run (crypto/key_rotation.hpp). Returns 0 when every column is on the active key,
/// 1 on failure, 2 when batch_size is 0.
int run_keys_rotate(const std::string& db_url, const std::filesystem::path& key_file, std::size_t batch_size,
                    std::ostream& out, std::ostream& err);

/// As above over the given columns (for tests and tools).
int run_keys_rotate(const std::string& db_url, const std::filesystem::path& key_file, std::size_t batch_size,
                    const crypto::EncryptedColumns& columns, std::ostream& out, std::ostream& err);

}  // namespace samverkan::server
