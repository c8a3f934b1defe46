// Digital mail's library linked alone with libcore (no server library, no other service): its
// routes on a bare http::Server accept a letter into the outbox and tell its status.
#include <boost/test/unit_test.hpp>

#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/mailbox/migrations.hpp"
#include "samverkan/mailbox/routes.hpp"
#include "support/bare_server.hpp"

using namespace samverkan;

namespace {

struct Fixture : test::BareServer {
  Fixture() : BareServer(mailbox::migrations()) {
    mailbox::mount_routes(*router, deps(), keyring, queue, [this] { ++accepted; });
    start();
  }
  jobs::JobQueue queue{*db, clock};
  int accepted = 0;
};

const std::string kLetter = R"({"clientRequestId":"alone-1","recipient":"19121212-1212","subject":"Beslut",
  "body":"Hej!","support":{"text":"Ring kontaktcenter"}})";

}  // namespace

BOOST_AUTO_TEST_SUITE(mailbox_alonetest)

BOOST_FIXTURE_TEST_CASE(one_service_serves_its_routes_on_a_bare_server, Fixture) {
  const std::string sender = token_for(ids::Kommunkod::parse("0604"), {"mailbox:send"});
  const auto sent = call("POST", "/api/v1/municipalities/0604/messages", sender, kLetter);
  BOOST_TEST_REQUIRE(sent.status == 202, sent.body);
  BOOST_TEST(accepted == 1, "woken after the commit");
  const std::string id = test::json_member(sent.body, "id");
  const auto status = call("GET", "/api/v1/municipalities/0604/messages/" + id, sender);
  BOOST_TEST(status.status == 200);
  BOOST_TEST(test::json_member(status.body, "status") == "queued");
  const std::string neighbour = token_for(ids::Kommunkod::parse("0686"), {"mailbox:send"});
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/messages/" + id, neighbour).status == 404);
  BOOST_TEST(call("POST", "/api/v1/municipalities/0604/messages", neighbour, "not json").status == 404,
             "refused before the letter is read");
  BOOST_TEST(call("POST", "/api/v1/municipalities/0685/messages", sender, kLetter).status == 404,
             "not a member of the cooperation");
}

BOOST_FIXTURE_TEST_CASE(every_route_has_a_row_in_the_route_table, Fixture) {
  http::OpenApi api("test", "1", "test");
  mailbox::describe_routes(api);
  const auto table = router->table();
  BOOST_TEST(table.size() == api.operations().size());
  for (const auto& row : table) {
    BOOST_TEST((row.access == http::RouteAccess::kPrincipal), row.pattern);
    BOOST_TEST(row.tenant_scoped);
    BOOST_TEST((row.permission == security::Permission::kMailboxSend));
  }
}

BOOST_AUTO_TEST_SUITE_END()
