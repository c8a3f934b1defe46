// RestPermissionSystem against an HTTPS double of the cooperation's identity management.
#include "samverkan/adapters/permissions_rest/rest_permission_system.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include <map>
#include <mutex>
#include <set>

#include "adapters/https_double.hpp"
#include "samverkan/core/error.hpp"

namespace adapters = samverkan::adapters;
namespace http = samverkan::http;

namespace {

// Accounts with their roles per tenant; systems and their roles as the IdM knows them.
struct IdentityManagement {
  samverkan::test::HttpsDouble server;
  samverkan::test::IdempotencyLedger ledger;
  std::mutex mutex;
  std::map<std::string, std::set<std::pair<std::string, std::string>>> roles{{"anan01", {}}};
  int changes = 0;

  IdentityManagement() {
    server.router().add("POST", "/idm/role-changes", [this](http::Request& request) {
      Poco::JSON::Parser parser;
      const auto change = parser.parse(request.body).extract<Poco::JSON::Object::Ptr>();
      if (change->getValue<std::string>("tenant") != "0686") return http::Response::json(403, "{}");
      const auto system = change->getValue<std::string>("system");
      const auto role = change->getValue<std::string>("role");
      if (system != "procapita" || (role != "handläggare" && role != "läsare")) {
        return http::Response::json(422, R"({"message":"unknown role )" + system + "/" + role + R"("})");
      }
      std::lock_guard lock(mutex);
      const auto account = roles.find(change->getValue<std::string>("account"));
      if (account == roles.end()) return http::Response::json(404, R"({"message":"no such account"})");
      const auto key = request.header("Idempotency-Key").value_or("");
      bool changed = false;
      const auto [outcome, id] = ledger.record(key, request.body, [&] {
        const std::pair<std::string, std::string> entry{system, role};
        changed = change->getValue<std::string>("action") == "grant" ? account->second.insert(entry).second
                                                                     : account->second.erase(entry) > 0;
        return "RC-" + std::to_string(++changes);
      });
      const std::string body = R"({"changeId":")" + id + R"(","changed":)" + (changed ? "true" : "false") + "}";
      switch (outcome) {
        case samverkan::test::IdempotencyLedger::Outcome::kCreated:
          return http::Response::json(201, body);
        case samverkan::test::IdempotencyLedger::Outcome::kReplayed:
          return http::Response::json(200, body);
        case samverkan::test::IdempotencyLedger::Outcome::kConflict:
          break;
      }
      return http::Response::json(409, "{}");
    });
    server.router().add("GET", "/idm/accounts/{account}/roles", [this](http::Request& request) {
      if (request.query_param("tenant") != "0686") return http::Response::json(403, "{}");
      std::lock_guard lock(mutex);
      const auto account = roles.find(request.path_params.at("account"));
      if (account == roles.end()) return http::Response::json(404, "{}");
      std::string body = R"({"roles":[)";
      for (const auto& [system, role] : account->second) {
        if (body.back() == '}') body += ',';
        body += R"({"system":")" + system + R"(","role":")" + role + R"("})";
      }
      return http::Response::json(200, body + "]}");
    });
    server.start();
  }

  adapters::permissions_rest::RestPermissionSystem idm() {
    return adapters::permissions_rest::RestPermissionSystem(server.settings("/idm"), "0686",
                                                            "Höglandets IT identity management");
  }
};

adapters::RoleAssignment assignment(const char* key, const char* role = "handläggare", const char* account = "anan01") {
  return adapters::RoleAssignment{adapters::IdempotencyKey::parse(key), account, {"procapita", role}, "new hire"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rest_permission_system_adaptertest)

BOOST_FIXTURE_TEST_CASE(roles_are_granted_and_revoked, IdentityManagement) {
  auto permissions = idm();
  const auto granted = permissions.grant(assignment("g1"));
  BOOST_TEST(granted.id == "RC-1");
  BOOST_TEST(!granted.replayed);
  permissions.grant(assignment("g2", "läsare"));
  auto held = permissions.roles("anan01");
  BOOST_REQUIRE_EQUAL(held.size(), 2U);
  BOOST_TEST(held[0].role == "handläggare");  // sorted
  BOOST_TEST(held[1].role == "läsare");

  permissions.revoke(assignment("r1"));
  held = permissions.roles("anan01");
  BOOST_REQUIRE_EQUAL(held.size(), 1U);
  BOOST_TEST(held[0].role == "läsare");
}

BOOST_FIXTURE_TEST_CASE(a_retried_grant_changes_nothing_twice, IdentityManagement) {
  auto permissions = idm();
  permissions.grant(assignment("g1"));
  permissions.revoke(assignment("r1"));
  const auto retry = permissions.grant(assignment("g1"));  // a late retry of the first grant
  BOOST_TEST(retry.replayed);
  BOOST_TEST(retry.id == "RC-1");
  BOOST_TEST(permissions.roles("anan01").empty(), "the replay did not grant the role again");
  BOOST_CHECK_THROW(permissions.grant(assignment("g1", "läsare")), samverkan::Conflict);
}

BOOST_FIXTURE_TEST_CASE(unknown_roles_and_accounts, IdentityManagement) {
  auto permissions = idm();
  BOOST_CHECK_THROW(permissions.grant(assignment("g1", "admin")), samverkan::InvalidInput);
  BOOST_CHECK_THROW(permissions.grant(assignment("g2", "läsare", "nobody")), samverkan::NotFound);
  BOOST_CHECK_THROW(permissions.roles("nobody"), samverkan::NotFound);
  BOOST_CHECK_THROW(permissions.grant(assignment("g3", "läsare", "has space")), samverkan::InvalidInput);
  BOOST_CHECK_THROW(permissions.roles("../admin"), samverkan::NotFound);  // encoded: one segment, unknown
}

BOOST_FIXTURE_TEST_CASE(an_identity_management_that_is_down_is_unavailable, IdentityManagement) {
  auto permissions = idm();
  server.stop();
  BOOST_CHECK_THROW(permissions.grant(assignment("g1")), samverkan::Unavailable);
  BOOST_CHECK_THROW(permissions.roles("anan01"), samverkan::Unavailable);
}

BOOST_AUTO_TEST_SUITE_END()
