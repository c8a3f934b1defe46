#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/auth/api_clients.hpp"
#include "samverkan/auth/client_credentials.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;

namespace {

struct Fixture : test::AuthFixture {
  auth::ApiClientRegistry clients{*db, clock, &audit, client_options()};

  static auth::ApiClientRegistry::Options client_options() {
    auth::ApiClientRegistry::Options o;
    o.argon2 = cheap_argon2();
    return o;
  }

  auth::NewApiClient create(const std::set<std::string>& scopes, const ids::Kommunkod& where) {
    return in_context(administrator(where), where, [&](tenancy::Context& ctx) { return clients.create(ctx, scopes); });
  }

  void revoke(const std::string& id, const ids::Kommunkod& where) {
    in_context(administrator(where), where, [&](tenancy::Context& ctx) { clients.revoke(ctx, id); });
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(api_clients_test)

BOOST_AUTO_TEST_CASE(known_scopes_come_from_the_permission_table) {
  const std::set<std::string> expected = {"cases:read",       "cases:write",     "errands:read",   "errands:write",
                                          "eservices:submit", "eservices:write", "hiring:read",    "hiring:write",
                                          "mailbox:send",     "meetings:write",  "statistics:read"};
  BOOST_TEST(auth::known_scopes() == expected);
  BOOST_TEST(auth::parse_scopes("errands:read,cases:read") == (std::set<std::string>{"cases:read", "errands:read"}));
  BOOST_TEST(auth::parse_scopes(" errands:read  cases:read ,") ==
             (std::set<std::string>{"cases:read", "errands:read"}));
  BOOST_CHECK_EXCEPTION(auth::parse_scopes("errands:read,audit:read"), InvalidInput, [](const InvalidInput& e) {
    return std::string(e.what()).find("unknown scope 'audit:read'; known scopes: cases:read") == 0;
  });
  BOOST_CHECK_THROW(auth::parse_scopes(""), InvalidInput);
  BOOST_CHECK_THROW(auth::parse_scopes(" , "), InvalidInput);
  BOOST_TEST(auth::format_scopes({"errands:read", "cases:read"}) == "cases:read errands:read");
}

BOOST_FIXTURE_TEST_CASE(create_stores_only_a_hash_and_shows_the_secret_once, Fixture) {
  const auto created = create({"errands:read", "cases:read"}, aneby);
  BOOST_TEST(created.client.id.starts_with("0604-"));
  BOOST_TEST(created.client.id.size() == 37u);
  BOOST_TEST(created.secret.starts_with("svs_"));
  BOOST_TEST(created.secret.size() == 47u);
  BOOST_TEST((*auth::ApiClientRegistry::municipality_of(created.client.id) == aneby));

  auto session = db->acquire();
  std::string hash, scopes, municipality;
  *session << "SELECT secret_hash, scopes, municipality FROM api_client WHERE id = :id",
      soci::use(created.client.id, "id"), soci::into(hash), soci::into(scopes), soci::into(municipality);
  BOOST_TEST(hash.starts_with("$argon2id$"));
  BOOST_TEST(hash.find(created.secret.substr(4)) == std::string::npos);
  BOOST_TEST(scopes == "cases:read errands:read");
  BOOST_TEST(municipality == "0604");
  BOOST_TEST(audit_count(aneby, "api-client.create", "success") == 1);

  const auto found = clients.find(created.client.id);
  BOOST_REQUIRE(found);
  BOOST_TEST(found->scopes == created.client.scopes);
  BOOST_TEST((found->created_at == std::chrono::floor<std::chrono::milliseconds>(clock.now())));
  BOOST_TEST(found->active());
  BOOST_TEST(clients.list(aneby).size() == 1u);
  BOOST_TEST(clients.list(eksjo).empty());
}

BOOST_FIXTURE_TEST_CASE(creating_needs_the_municipality_s_administrator, Fixture) {
  const auto handler = security::Principal::staff("SE2120000142-h1", {{aneby, {security::Role::kCaseHandler}}});
  BOOST_CHECK_THROW(in_context(handler, aneby, [&](tenancy::Context& ctx) { clients.create(ctx, {"errands:read"}); }),
                    Forbidden);
  // Eksjö's administrator does not even learn that Aneby's clients exist.
  BOOST_CHECK_THROW(
      in_context(administrator(eksjo), aneby, [&](tenancy::Context& ctx) { clients.create(ctx, {"errands:read"}); }),
      NotFound);
  BOOST_TEST(audit_count(aneby, "api-client.create", "refused") == 2);
  BOOST_TEST(clients.list(aneby).empty());

  BOOST_CHECK_THROW(create({"audit:read"}, aneby), InvalidInput);
  BOOST_CHECK_THROW(create({}, aneby), InvalidInput);
  const auto stranger = ids::Kommunkod::parse("0180");  // a valid code, but not a member
  BOOST_CHECK_EXCEPTION(create({"errands:read"}, stranger), InvalidInput, [](const InvalidInput& e) {
    return std::string(e.what()) == "municipality 0180 is not a member of the cooperation";
  });
}

BOOST_FIXTURE_TEST_CASE(authenticate_checks_the_secret_and_revocation, Fixture) {
  const auto created = create({"errands:read"}, aneby);
  const auto ok = clients.authenticate(created.client.id, created.secret);
  BOOST_REQUIRE(ok);
  BOOST_TEST((ok->municipality == aneby));
  BOOST_TEST(ok->scopes == created.client.scopes);

  BOOST_TEST(!clients.authenticate(created.client.id, created.secret + "x"));
  BOOST_TEST(!clients.authenticate(created.client.id, ""));
  BOOST_TEST(!clients.authenticate("0604-00000000000000000000000000000000", created.secret));
  BOOST_TEST(!clients.authenticate("nonsense", created.secret));
  BOOST_TEST(!clients.authenticate("0686" + created.client.id.substr(4), created.secret), "other municipality");
  BOOST_TEST(audit_count(aneby, "api-client.authenticate", "refused") == 2, "wrong secrets of a real client");

  revoke(created.client.id, aneby);
  BOOST_TEST(!clients.authenticate(created.client.id, created.secret));
  BOOST_TEST(audit_count(aneby, "api-client.revoke", "success") == 1);
  BOOST_TEST(audit_count(aneby, "api-client.authenticate", "refused") == 3);
  BOOST_TEST(!clients.find(created.client.id)->active());
}

BOOST_FIXTURE_TEST_CASE(revoke_errors, Fixture) {
  const auto created = create({"errands:read"}, aneby);
  BOOST_CHECK_THROW(revoke(created.client.id, eksjo), NotFound);
  BOOST_CHECK_THROW(revoke("0604-00000000000000000000000000000000", aneby), NotFound);
  revoke(created.client.id, aneby);
  BOOST_CHECK_THROW(revoke(created.client.id, aneby), Conflict);
}

BOOST_FIXTURE_TEST_CASE(is_active_caches_for_a_while_and_revoke_clears_it, Fixture) {
  const auto a = create({"errands:read"}, aneby);
  const auto b = create({"errands:read"}, aneby);
  BOOST_TEST(clients.is_active(a.client.id));
  BOOST_TEST(clients.is_active(b.client.id));
  BOOST_TEST(!clients.is_active("0604-00000000000000000000000000000000"));

  // Revoked through this registry: seen at once.
  revoke(a.client.id, aneby);
  BOOST_TEST(!clients.is_active(a.client.id));

  // Revoked by another process (straight in the database): seen when the cache entry ages out.
  auto session = db->acquire();
  *session << "UPDATE api_client SET revoked_at = '2026-03-02T09:00:00.000Z' WHERE id = :id",
      soci::use(b.client.id, "id");
  BOOST_TEST(clients.is_active(b.client.id), "still cached");
  clock.advance(std::chrono::seconds(31));
  BOOST_TEST(!clients.is_active(b.client.id));
}

BOOST_FIXTURE_TEST_CASE(client_credentials_grant, Fixture) {
  const auto created = create({"errands:read", "cases:read"}, aneby);
  auto keys = auth::SigningKeySet::open(dir / "jwt", clock);
  auth::AccessTokenService tokens(*keys, clock);
  auth::ClientCredentialsGrant grant(clients, tokens, clock, *db, &audit);

  const auto issued = grant.exchange({"client_credentials", created.client.id, created.secret, std::nullopt});
  BOOST_TEST(issued.scopes == created.client.scopes);
  BOOST_TEST(tokens.verify(issued.access_token).has_scope("cases:read"));
  BOOST_TEST(audit_count(aneby, "api-client.token", "success") == 1);

  const auto narrowed = grant.exchange({"client_credentials", created.client.id, created.secret, "errands:read"});
  BOOST_TEST(narrowed.scopes == std::set<std::string>{"errands:read"});

  const auto code_of = [&](const auth::ClientCredentialsRequest& request) {
    try {
      grant.exchange(request);
    } catch (const auth::OAuthError& e) {
      return std::string(auth::to_string(e.code()));
    }
    return std::string("accepted");
  };
  BOOST_TEST(code_of({"password", created.client.id, created.secret, std::nullopt}) == "unsupported_grant_type");
  BOOST_TEST(code_of({"", created.client.id, created.secret, std::nullopt}) == "invalid_request");
  BOOST_TEST(code_of({"client_credentials", created.client.id, "wrong", std::nullopt}) == "invalid_client");
  BOOST_TEST(code_of({"client_credentials", "", "", std::nullopt}) == "invalid_client");
  BOOST_TEST(code_of({"client_credentials", created.client.id, created.secret, "errands:write"}) == "invalid_scope");
  BOOST_TEST(code_of({"client_credentials", created.client.id, created.secret, "nonsense"}) == "invalid_scope");
  BOOST_TEST(code_of({"client_credentials", created.client.id, created.secret, ""}) == "invalid_scope");
  try {
    grant.exchange({"client_credentials", created.client.id, "wrong", std::nullopt});
  } catch (const auth::OAuthError& e) {
    BOOST_TEST(e.http_status() == 401);
    BOOST_TEST((e.kind() == ErrorKind::kUnauthenticated));
  }
}

BOOST_AUTO_TEST_SUITE_END()
