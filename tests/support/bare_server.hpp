#pragma once
// One service on a bare http::Server, with nothing of the platform around it: a SQLite database
// migrated with libcore's and the service's migrations only, the test cooperation (Aneby 0604,
// Eksjö 0686), a keyring, an audit log, the auth services for bearer tokens, and a router the
// test mounts the service's routes on before start(). Links libcore alone: the *_alonetest.cpp
// files use it to show that a service's library serves its routes without the server library.
#include <soci/soci.h>

#include <algorithm>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/auth/auth_services.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/http/routes.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/storage/migrations.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/tenancy/context.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/api_access.hpp"
#include "support/cooperation.hpp"
#include "support/https_client.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::test {

struct BareServer {
  /// `service_migrations`: the service's own (libcore's come first).
  explicit BareServer(const std::vector<storage::Migration>& service_migrations,
                      config::Cooperation members = test_cooperation())
      : cooperation(std::move(members)), db(open_database(dir, service_migrations, cooperation)) {}

  static std::unique_ptr<storage::Database> open_database(const TempDir& folder,
                                                          const std::vector<storage::Migration>& service_migrations,
                                                          const config::Cooperation& members) {
    std::vector<storage::Migration> migrations = storage::embedded_migrations();
    migrations.insert(migrations.end(), service_migrations.begin(), service_migrations.end());
    std::sort(migrations.begin(), migrations.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
    auto database = storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (folder / "alone.db").string()), 4);
    storage::Migrator(*database, migrations).migrate();
    auto session = database->acquire();
    for (const auto& member : members.members) {
      const std::string code = member.code.str(), org = member.organisation_number.digits();
      *session << "INSERT INTO municipality (code, organisation_number, name) VALUES (:c, :o, :n)", soci::use(code),
          soci::use(org), soci::use(member.name);
    }
    return database;
  }

  ~BareServer() {
    if (server) server->stop(std::chrono::seconds(1));
  }

  http::RouteServices deps() { return {*db, cooperation, audit, auth.authenticator(), clock}; }

  /// Serves the router on a free port of 127.0.0.1 with a development certificate.
  void start() {
    http::ServerOptions options;
    options.listen = "127.0.0.1:0";
    const auto files = tls::ensure_dev_certificate(dir / "tls");
    certificate = files.certificate;
    options.certificate_file = files.certificate;
    options.private_key_file = files.private_key;
    server = std::make_unique<http::Server>(options, router, logger);
    server->start();
  }

  /// An access token of a new API client of `municipality` with `scopes`.
  std::string token_for(const ids::Kommunkod& municipality, const std::set<std::string>& scopes) {
    return access_token(*db, clock, audit, auth, municipality, scopes);
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& token = {},
                  const std::string& body = {}) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return HttpsClient(certificate, server->port()).request(method, path, body, "application/json", headers);
  }

  TempDir dir;
  config::Cooperation cooperation;
  std::unique_ptr<storage::Database> db;
  crypto::Keyring keyring = crypto::Keyring::from_keys({crypto::Keyring::generate_key("k1")}, "test keys");
  audit::AuditLog audit{keyring};
  ManualClock clock{std::chrono::sys_days{std::chrono::year(2026) / 11 / 22} + std::chrono::hours(10)};
  auth::AuthServices auth{*db, clock, keyring, &audit, fast_auth_options(dir.path())};
  std::shared_ptr<http::Router> router = std::make_shared<http::Router>();
  std::ostringstream log_lines;
  log::Logger logger{log_lines};
  std::filesystem::path certificate;
  std::unique_ptr<http::Server> server;
};

}  // namespace samverkan::test
