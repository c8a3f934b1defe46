#pragma once
/// The operator's commands for the shared e-service catalogue:
///   samverkan eservice check FILE.xml
///   samverkan eservice import FILE.xml --db URL [--key-file F] [--config COOPERATION.xml]
///   samverkan eservice publish ID --municipality CODE --db URL [--version N] [--title TEXT]
///                              [--unit UNIT] [--contact TEXT] [--fees TEXT] [--information TEXT]
///   samverkan eservice withdraw ID --municipality CODE --db URL
///
/// `check` needs no database. The others migrate the database first (idempotent) and act as
/// the console operator ("staff:console") holding the administrator role in the municipality
/// concerned (the definition's owner for `import`), the role that holds the e-service edit
/// permission: whoever holds the database credentials has that power anyway. Every change is
/// authorised and audited by eservices::Catalogue in the same transaction.
/// Exit codes as run_cli: 0 success, 1 failed (reason on `err`), 2 bad usage.

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

namespace samverkan::server {

/// Where the catalogue commands find their database, keys and cooperation file.
struct EServiceStore {
  std::string db_url;                 ///< as for `samverkan migrate --db`
  std::filesystem::path key_file;     ///< the server's keyring (SAMVERKAN_KEYS wins)
  bool create_key_file = false;       ///< create `key_file` when missing (development default only)
  std::filesystem::path cooperation;  ///< the cooperation file (members, units, boards)
};

/// What `eservice publish` changes; an absent text keeps the definition's. A text given is
/// used for both Swedish and English.
struct EServicePublishRequest {
  std::string service_id;
  std::string municipality;    ///< kommunkod
  std::optional<int> version;  ///< default: the newest version in the catalogue
  std::optional<std::string> title;
  std::string unit;
  std::string contact;
  std::optional<std::string> fees;
  std::optional<std::string> information;
};

/// `eservice check`: prints "ok: <id> version <v>" on `out`, or every problem as
/// "file:line: reason" on `err` (exit 1).
int run_eservice_check(const std::filesystem::path& file, std::ostream& out, std::ostream& err);

/// `eservice import`: imports the file as its owner municipality; the same bytes again change
/// nothing (and say so).
int run_eservice_import(const EServiceStore& store, const std::filesystem::path& file, std::ostream& out,
                        std::ostream& err);

/// `eservice publish`: publishes with local overrides; publishing the same version with the
/// same overrides again changes nothing (and says so).
int run_eservice_publish(const EServiceStore& store, const EServicePublishRequest& request, std::ostream& out,
                         std::ostream& err);

/// `eservice withdraw ID --municipality CODE`.
int run_eservice_withdraw(const EServiceStore& store, const std::string& service_id, const std::string& municipality,
                          std::ostream& out, std::ostream& err);

}  // namespace samverkan::server
