// E-services' library linked alone with libcore (no server library, no other service): its API
// routes and citizen pages on a bare http::Server, and the route table's rows for both.
#include <boost/test/unit_test.hpp>

#include "samverkan/eservices/migrations.hpp"
#include "samverkan/eservices/pages.hpp"
#include "samverkan/eservices/routes.hpp"
#include "support/bare_server.hpp"

using namespace samverkan;

namespace {

struct Fixture : test::BareServer {
  Fixture() : BareServer(eservices::migrations()) {
    eservices::mount_routes(*router, deps(), keyring);
    eservices::mount_pages(*router, *db, cooperation, keyring, audit, auth.sessions(), nullptr, clock);
    start();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(eservices_alonetest)

BOOST_FIXTURE_TEST_CASE(one_service_serves_its_routes_and_pages_on_a_bare_server, Fixture) {
  const auto catalogue = call("GET", "/api/v1/municipalities/0604/eservices");
  BOOST_TEST(catalogue.status == 200);
  BOOST_TEST(catalogue.body == R"({"eservices":[]})");
  const std::string handler = token_for(ids::Kommunkod::parse("0604"), {"errands:read"});
  const auto inbox = call("GET", "/api/v1/municipalities/0604/errands", handler);
  BOOST_TEST(inbox.status == 200, inbox.body);
  BOOST_TEST(inbox.body == R"({"errands":[]})");
  const std::string neighbour = token_for(ids::Kommunkod::parse("0686"), {"errands:read"});
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/errands?status=nonsense", neighbour).status == 404);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/errands").status == 401);
  const auto start_page = call("GET", "/e/0604");
  BOOST_TEST(start_page.status == 200);
  BOOST_TEST(start_page.body.find("Aneby kommun") != std::string::npos);
  BOOST_TEST(call("GET", "/e/0685").status == 404, "not a member: the 404 page");
}

BOOST_FIXTURE_TEST_CASE(every_route_has_a_row_in_the_route_table, Fixture) {
  std::size_t api_routes = 0, pages = 0;
  for (const auto& row : router->table()) {
    BOOST_TEST((row.access != http::RouteAccess::kUndeclared), row.method << " " << row.pattern);
    if (row.pattern.starts_with("/api/")) ++api_routes;
    if (row.access == http::RouteAccess::kSession) {
      ++pages;
      BOOST_TEST(row.tenant_scoped, row.pattern);
    }
  }
  http::OpenApi api("test", "1", "test");
  eservices::describe_routes(api);
  BOOST_TEST(api_routes == api.operations().size(), "each API route is described, and only those");
  BOOST_TEST(pages == 20U, "the citizen pages");
}

BOOST_AUTO_TEST_SUITE_END()
