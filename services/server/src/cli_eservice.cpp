#include "samverkan/server/cli_eservice.hpp"

#include <fstream>
#include <iterator>
#include <memory>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/key_registry.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/definition.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/server/encrypted_columns.hpp"
#include "samverkan/server/migrations.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/tenancy/context.hpp"

#include "detail/cli_support.hpp"

namespace samverkan::server {
namespace {

using cli::guarded;
using cli::kFailed;
using cli::kOk;
using cli::kUsage;
using cli::parse_code;

// The database (migrated), keyring, audit log, cooperation and catalogue a command works with.
struct Environment {
  config::Cooperation cooperation;
  std::unique_ptr<storage::Database> db;
  crypto::Keyring keyring;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<eservices::Catalogue> catalogue;

  explicit Environment(const EServiceStore& store)
      : cooperation(config::load_cooperation(store.cooperation)),
        db(open_database(store.db_url, {}, {}, 2)),
        keyring(crypto::Keyring::load(store.key_file, store.create_key_file)) {
    storage::Migrator(*db, platform_migrations()).migrate();
    sync_municipalities(*db, cooperation);  // the members, as the server registers them on start
    crypto::check_keyring(*db, keyring,
                          encrypted_columns());  // refuses a key file other than the database's, as serve does
    audit = std::make_unique<audit::AuditLog>(keyring);
    catalogue = std::make_unique<eservices::Catalogue>(cooperation);
  }

  // The console operator with the administrator role (which holds kEServiceEdit) in `code`.
  tenancy::Context context(const ids::Kommunkod& code) {
    auto principal = security::Principal::staff("console", {{code, {security::Role::kAdministrator}}}, false);
    return tenancy::Context(*db, principal, code, SystemClock::instance(), audit.get());
  }
};

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput("cannot read " + file.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Prints every problem of a definition as "file:line: reason".
int report(const eservices::DefinitionError& e, std::ostream& err) {
  for (const auto& diagnostic : e.diagnostics()) err << xml::format(diagnostic) << '\n';
  return kFailed;
}

std::optional<eservices::LocalizedText> both_languages(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return eservices::LocalizedText{*text, *text};
}

bool same_overrides(const eservices::LocalOverrides& a, const eservices::LocalOverrides& b) {
  return a.title == b.title && a.contact == b.contact && a.handling_unit == b.handling_unit && a.fees == b.fees &&
         a.information == b.information;
}

}  // namespace

int run_eservice_check(const std::filesystem::path& file, std::ostream& out, std::ostream& err) {
  return guarded("eservice check", err, [&] {
    try {
      const auto definition = eservices::load_definition_file(file);
      out << "ok: " << definition.id() << " version " << definition.version() << '\n';
      return kOk;
    } catch (const eservices::DefinitionError& e) {
      return report(e, err);
    }
  });
}

int run_eservice_import(const EServiceStore& store, const std::filesystem::path& file, std::ostream& out,
                        std::ostream& err) {
  return guarded("eservice import", err, [&] {
    const auto xml = read_file(file);
    std::optional<eservices::Definition> definition;
    try {
      definition = eservices::parse_definition(xml, file.string());
    } catch (const eservices::DefinitionError& e) {
      return report(e, err);
    }
    Environment env(store);
    auto ctx = env.context(definition->owner());
    const auto outcome = env.catalogue->import_definition(ctx, xml, file.string());
    ctx.commit();
    if (outcome == eservices::ImportOutcome::kAlreadyPresent) {
      out << definition->id() << " version " << definition->version()
          << " is already in the catalogue with the same bytes; nothing to do\n";
    } else {
      out << "imported " << definition->id() << " version " << definition->version() << " (owner "
          << definition->owner().str() << ", sha256 " << definition->digest() << ")\n";
    }
    return kOk;
  });
}

int run_eservice_publish(const EServiceStore& store, const EServicePublishRequest& request, std::ostream& out,
                         std::ostream& err) {
  constexpr const char* kCommand = "eservice publish";
  const auto code = parse_code(kCommand, request.municipality, err);
  if (!code) return kUsage;
  if (request.version && *request.version < 1) {
    err << "samverkan " << kCommand << ": --version must be at least 1\n";
    return kUsage;
  }
  return guarded(kCommand, err, [&] {
    Environment env(store);
    auto ctx = env.context(*code);
    int version = request.version.value_or(0);
    if (!request.version) {
      for (const auto& entry : env.catalogue->list(ctx)) {
        if (entry.service_id == request.service_id) version = std::max(version, entry.version);
      }
      if (version == 0) throw NotFound("e-service " + request.service_id + " is not in the catalogue");
    }
    eservices::LocalOverrides overrides;
    overrides.title = both_languages(request.title);
    overrides.contact = request.contact;
    overrides.handling_unit = request.unit;
    overrides.fees = both_languages(request.fees);
    overrides.information = both_languages(request.information);

    std::optional<eservices::Publication> current;
    try {
      current = env.catalogue->publication(ctx, request.service_id);
    } catch (const NotFound&) {
    }
    if (current && current->status == eservices::PublicationStatus::kPublished && current->version == version &&
        same_overrides(current->overrides, overrides)) {
      out << request.service_id << " version " << version << " is already published in " << code->str()
          << " with these overrides; nothing to do\n";
      return kOk;
    }
    env.catalogue->publish(ctx, request.service_id, version, overrides);
    ctx.commit();
    out << "published " << request.service_id << " version " << version << " in " << code->str() << '\n';
    return kOk;
  });
}

int run_eservice_withdraw(const EServiceStore& store, const std::string& service_id, const std::string& municipality,
                          std::ostream& out, std::ostream& err) {
  constexpr const char* kCommand = "eservice withdraw";
  const auto code = parse_code(kCommand, municipality, err);
  if (!code) return kUsage;
  return guarded(kCommand, err, [&] {
    Environment env(store);
    auto ctx = env.context(*code);
    env.catalogue->withdraw(ctx, service_id);
    ctx.commit();
    out << "withdrew " << service_id << " in " << code->str() << '\n';
    return kOk;
  });
}

}  // namespace samverkan::server
