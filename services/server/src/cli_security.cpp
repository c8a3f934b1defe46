#include "samverkan/server/cli_security.hpp"

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/key_registry.hpp"
#include "samverkan/crypto/key_rotation.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/server/encrypted_columns.hpp"
#include "samverkan/server/platform.hpp"

#include "detail/cli_support.hpp"

namespace samverkan::server {
namespace {

using cli::guarded;
using cli::kFailed;
using cli::kOk;
using cli::kUsage;
using cli::parse_code;

}  // namespace

int run_audit_verify(const std::string& db_url, const std::optional<std::string>& municipality, std::ostream& out,
                     std::ostream& err) {
  constexpr const char* kCommand = "audit verify";
  std::optional<ids::Kommunkod> code;
  if (municipality) {
    code = parse_code(kCommand, *municipality, err);
    if (!code) return kUsage;
  }
  return guarded(kCommand, err, [&] {
    auto db = open_database(db_url, {}, {}, 1);
    const auto result = audit::AuditLog::verify(*db, code);
    if (!result.first_break) {
      out << "audit trail intact: " << result.entries_checked << " entries\n";
      return kOk;
    }
    const auto& found = *result.first_break;
    err << "audit trail broken: municipality " << found.municipality << ", entry " << found.sequence << ": "
        << found.reason << " (" << result.entries_checked << " entries verified before it)\n";
    return kFailed;
  });
}

int run_audit_head(const std::string& db_url, const std::string& municipality, std::ostream& out, std::ostream& err) {
  constexpr const char* kCommand = "audit head";
  const auto code = parse_code(kCommand, municipality, err);
  if (!code) return kUsage;
  return guarded(kCommand, err, [&] {
    auto db = open_database(db_url, {}, {}, 1);
    const auto [sequence, hash] = audit::AuditLog::head(*db, *code);
    out << code->str() << ' ' << sequence << ' ' << hash << '\n';
    return kOk;
  });
}

int run_keys_rotate(const std::string& db_url, const std::filesystem::path& key_file, std::size_t batch_size,
                    std::ostream& out, std::ostream& err) {
  return run_keys_rotate(db_url, key_file, batch_size, encrypted_columns(), out, err);
}

int run_keys_rotate(const std::string& db_url, const std::filesystem::path& key_file, std::size_t batch_size,
                    const crypto::EncryptedColumns& columns, std::ostream& out, std::ostream& err) {
  constexpr const char* kCommand = "keys rotate";
  if (batch_size == 0) {
    err << "samverkan " << kCommand << ": --batch-size must be at least 1\n";
    return kUsage;
  }
  return guarded(kCommand, err, [&] {
    const auto keyring = crypto::Keyring::load(key_file, false);
    out << "keys from " << keyring.source() << ": " << keyring.keys().size() << " key"
        << (keyring.keys().size() == 1 ? "" : "s") << ", active key " << keyring.active().id << '\n';
    auto db = open_database(db_url, {}, {}, 1);
    const auto check = crypto::check_keyring(*db, keyring, columns);
    for (const auto& id : check.missing_from_keyring) {
      out << "key '" << id << "' is retired: no value is encrypted with it any more\n";
    }
    if (columns.tables().empty()) {
      out << "no encrypted columns are registered; nothing to rotate\n";
      return kOk;
    }
    for (const auto& table : columns.tables()) {
      for (const auto& column : table.columns) {
        const std::string name = table.table + "." + column;
        const auto progress =
            crypto::rotate_column(*db, keyring, table, column, batch_size, [&](const crypto::RotationProgress& p) {
              out << name << ": batch " << p.batches << ", " << p.rotated << " of " << p.pending_at_start
                  << " re-encrypted\n"
                  << std::flush;
            });
        out << name << ": done, " << progress.rotated << " value" << (progress.rotated == 1 ? "" : "s")
            << " re-encrypted; all on key " << progress.active_key << '\n';
      }
    }
    out << "every encrypted column (" << columns.column_count() << " in " << columns.tables().size()
        << " tables) is on key " << keyring.active().id << '\n';
    return kOk;
  });
}

}  // namespace samverkan::server
