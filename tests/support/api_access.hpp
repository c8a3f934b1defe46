#pragma once
// API access for tests that serve a service's routes (header-only): auth options that make
// client secrets cheap to hash, an access token of a new API client, and a route called through
// a router as http::Server calls it.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>
#include <string>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/auth/auth_services.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/problem.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/security/principal.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::test {

/// The auth services' options for a test: signing keys in `folder`/jwt, Argon2 at its cheapest.
inline auth::AuthOptions fast_auth_options(const std::filesystem::path& folder) {
  auth::AuthOptions o;
  o.key_folder = folder / "jwt";
  o.clients.argon2.iterations = 1;
  o.clients.argon2.memory_kib = 1024;
  o.login.argon2.iterations = 1;
  o.login.argon2.memory_kib = 1024;
  return o;
}

/// An access token of a new API client of `municipality` with `scopes`, created by the
/// municipality's administrator (committed) and exchanged through client credentials.
inline std::string access_token(storage::Database& db, const Clock& clock, audit::AuditLog& audit,
                                auth::AuthServices& auth, const ids::Kommunkod& municipality,
                                const std::set<std::string>& scopes) {
  const auto admin =
      security::Principal::staff("admin-" + municipality.str(), {{municipality, {security::Role::kAdministrator}}});
  tenancy::Context ctx(db, admin, municipality, clock, &audit);
  const auto created = auth.clients().create(ctx, scopes);
  ctx.commit();
  return auth.client_credentials()
      .exchange({.grant_type = "client_credentials",
                 .client_id = created.client.id,
                 .client_secret = created.secret,
                 .scope = std::nullopt})
      .access_token;
}

/// The router's answer to `method path` with `body` and the bearer `token` (none when empty),
/// errors turned into problem+json as http::Server does (request id "test"). The route must exist.
inline http::Response route(const http::Router& router, const std::string& method, const std::string& path,
                            const std::string& token, const std::string& body = {}) {
  http::Request request;
  request.method = method;
  request.path = path;
  request.body = body;
  request.request_id = "test";
  if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
  const auto match = router.match(request);
  BOOST_TEST_REQUIRE((match.kind == http::Router::MatchKind::kFound), path);
  try {
    return (*match.handler)(request);
  } catch (const Error& e) {
    return http::problem_response(e.kind(), e.what(), path, "test");
  }
}

}  // namespace samverkan::test
