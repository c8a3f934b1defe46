// Case handling's library linked alone with libcore (no server library, no other service):
// its routes mounted on a bare http::Server serve a case from registration to the public
// register, and the route table says what each route needs.
#include <boost/test/unit_test.hpp>

#include "samverkan/casehandling/migrations.hpp"
#include "samverkan/casehandling/routes.hpp"
#include "support/bare_server.hpp"

using namespace samverkan;

namespace {

config::Cooperation with_boards() {
  auto cooperation = test::test_cooperation();
  cooperation.members[0].boards = {{"KS", "Kommunstyrelsen"}};
  cooperation.members[1].boards = {{"KS", "Kommunstyrelsen"}};
  return cooperation;
}

struct Fixture : test::BareServer {
  Fixture() : BareServer(casehandling::migrations(), with_boards()) {
    casehandling::mount_routes(*router, deps(), keyring);
    start();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(casehandling_alonetest)

BOOST_FIXTURE_TEST_CASE(one_service_serves_its_routes_on_a_bare_server, Fixture) {
  const std::string registrar = token_for(ids::Kommunkod::parse("0604"), {"cases:read", "cases:write"});
  const auto created = call("POST", "/api/v1/municipalities/0604/cases", registrar,
                            R"({"diary":"KS","title":"Bygglov för carport","caseType":"bygglov"})");
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  const std::string number = test::json_member(created.body, "number");
  BOOST_TEST(number == "KS 2026/1");
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/cases/KS/2026/1", registrar).status == 200);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/register?q=carport").body.find("KS 2026/1") != std::string::npos);
  // Another municipality's client, no client, an unknown municipality.
  const std::string neighbour = token_for(ids::Kommunkod::parse("0686"), {"cases:read"});
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/cases/KS/2026/1", neighbour).status == 404);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/cases/KS/2026/1").status == 401);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0685/register").status == 404);
  BOOST_TEST(call("GET", "/anslagstavla/0604").status == 200);
}

BOOST_FIXTURE_TEST_CASE(every_route_has_a_row_in_the_route_table, Fixture) {
  std::size_t api_routes = 0;
  for (const auto& row : router->table()) {
    BOOST_TEST((row.access != http::RouteAccess::kUndeclared), row.method << " " << row.pattern);
    BOOST_TEST((row.access == http::RouteAccess::kPublic) != row.permission.has_value(), row.pattern);
    if (row.pattern.starts_with("/api/")) {
      ++api_routes;
      BOOST_TEST(row.tenant_scoped, row.pattern);
    }
  }
  http::OpenApi api("test", "1", "test");
  casehandling::describe_routes(api, false);
  BOOST_TEST(api_routes == api.operations().size(), "each API route is described, and only those");
}

BOOST_AUTO_TEST_SUITE_END()
