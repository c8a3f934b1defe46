#include "samverkan/server/cli_security.hpp"

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/key_registry.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/hiring/hiring_service.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/server/platform.hpp"

#include "cli_support.hpp"

namespace samverkan::server {
namespace {

using cli::guarded;
using cli::kFailed;
using cli::kOk;
using cli::kUsage;
using cli::parse_code;

}  // namespace

std::vector<crypto::RotationTarget> encrypted_columns() {
  // libcore's own, then each service's (with exactly the associated data its repository
  // encrypts with).
  std::vector<crypto::RotationTarget> targets = {
      {"staff_user",
       "id",
       "totp_secret",
       {},
       [](const crypto::RotationRow& row) { return "staff_user.totp_secret|" + row.id; }},
      {"web_session",
       "id",
       "personnummer",
       {},
       [](const crypto::RotationRow& row) { return "web_session.personnummer|" + row.id; }},
  };
  for (auto& target : casehandling::encrypted_columns()) targets.push_back(std::move(target));
  for (auto& target : hiring::encrypted_columns()) targets.push_back(std::move(target));
  return targets;
}

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
                    const std::vector<crypto::RotationTarget>& targets, std::ostream& out, std::ostream& err) {
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
    const auto check = crypto::check_keyring(*db, keyring);
    for (const auto& id : check.missing_from_keyring) {
      err << "warning: key '" << id << "' was used in this database but is not in the keyring; "
          << "values under it cannot be decrypted or rotated\n";
    }
    if (targets.empty()) {
      out << "no encrypted columns are registered; nothing to rotate\n";
      return kOk;
    }
    for (const auto& target : targets) {
      const std::string name = target.table + "." + target.value_column;
      const auto progress =
          crypto::rotate_column(*db, keyring, target, batch_size, [&](const crypto::RotationProgress& p) {
            out << name << ": batch " << p.batches << ", " << p.rotated << " of " << p.pending_at_start
                << " re-encrypted\n"
                << std::flush;
          });
      out << name << ": done, " << progress.rotated << " value" << (progress.rotated == 1 ? "" : "s")
          << " re-encrypted; all on key " << progress.active_key << '\n';
    }
    return kOk;
  });
}

}  // namespace samverkan::server
