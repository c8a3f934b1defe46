// The digital mail REST API through the router with real access tokens: 202 with the id and a
// Location, idempotent replays, status, another municipality's client gets 404, no token 401,
// malformed or conflicting letters 400/409, and the OpenAPI description of both operations.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "outbox_fixture.hpp"
#include "samverkan/auth/auth_services.hpp"
#include "samverkan/http/problem.hpp"
#include "samverkan/mailbox/routes.hpp"
#include "support/api_access.hpp"
#include "support/cooperation.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;

namespace {

std::string member(const std::string& json, const std::string& name) {
  Poco::JSON::Parser parser;
  const auto object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  return object->has(name) ? object->get(name).toString() : std::string();
}

struct RoutesFixture : OutboxFixture {
  RoutesFixture() {
    mount_routes(router, {*db, cooperation, audit, auth.authenticator(), clock}, keyring, queue, [this] { ++woken; });
  }

  std::string token_for(const ids::Kommunkod& municipality, const std::set<std::string>& scopes) {
    return samverkan::test::access_token(*db, clock, audit, auth, municipality, scopes);
  }

  // The router's answer, with errors turned into problem+json as the server does.
  http::Response call(const std::string& method, const std::string& path, const std::string& token,
                      const std::string& body = {}) {
    return samverkan::test::route(router, method, path, token, body);
  }

  std::string letter_json(const std::string& request_id, const std::string& subject = "Beslut om bygglov") {
    return R"({"clientRequestId":")" + request_id + R"(","recipient":"19121212-1212","subject":")" + subject +
           R"(","body":"Hej!\nDitt ärende är beslutat.","support":{"text":"Ring kontaktcenter","url":"https://aneby.se"},
             "reference":"KS 2026/42","attachments":[{"filename":"beslut.pdf","content":"JVBERi0xLjQKJSVFT0YK"}],
             "postalAddress":{"name":"Tolvan Tolvansson","street":["Storgatan 1"],"postalCode":"578 33","city":"Aneby"}})";
  }

  auth::AuthServices auth{*db, clock, keyring, &audit, samverkan::test::fast_auth_options(dir.path())};
  const config::Cooperation cooperation = samverkan::test::test_cooperation();
  http::Router router;
  int woken = 0;
  std::string aneby = token_for(kSender, {"mailbox:send"});
  std::string eksjo = token_for(kNeighbour, {"mailbox:send"});
};

const std::string kMessages = "/api/v1/municipalities/0604/messages";

}  // namespace

BOOST_AUTO_TEST_SUITE(mailbox_routes_test)

BOOST_FIXTURE_TEST_CASE(post_accepts_with_202_and_get_tells_the_status, RoutesFixture) {
  const auto accepted = call("POST", kMessages, aneby, letter_json("req-1"));
  BOOST_TEST_REQUIRE(accepted.status == 202, accepted.body);
  const std::string id = member(accepted.body, "id");
  BOOST_TEST(id.size() == 32U);
  BOOST_TEST(member(accepted.body, "status") == "queued");
  BOOST_TEST(member(accepted.body, "created") == "true");
  std::string location;
  for (const auto& [name, value] : accepted.headers)
    if (name == "Location") location = value;
  BOOST_TEST(location == kMessages + "/" + id);
  BOOST_TEST(woken == 1, "the worker is woken for new work");
  BOOST_TEST(accepted.body.find("Tolvan") == std::string::npos);

  const auto replay = call("POST", kMessages, aneby, letter_json("req-1"));
  BOOST_TEST(replay.status == 202);
  BOOST_TEST(member(replay.body, "id") == id);
  BOOST_TEST(member(replay.body, "created") == "false");
  BOOST_TEST(woken == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM job") == 1);

  const auto conflict = call("POST", kMessages, aneby, letter_json("req-1", "Annat"));
  BOOST_TEST(conflict.status == 409);
  BOOST_TEST(conflict.content_type == "application/problem+json");

  const auto status = call("GET", location, aneby);
  BOOST_TEST(status.status == 200, status.body);
  BOOST_TEST(member(status.body, "status") == "queued");

  // The letter is delivered by the worker; the API then tells where it went.
  reachable();
  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);
  const auto delivered = call("GET", location, aneby);
  BOOST_TEST(member(delivered.body, "status") == "delivered");
  BOOST_TEST(!member(delivered.body, "transId").empty());
  BOOST_TEST(delivered.body.find("165566778899") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(other_municipalities_and_strangers_are_refused, RoutesFixture) {
  const auto accepted = call("POST", kMessages, aneby, letter_json("req-1"));
  BOOST_TEST_REQUIRE(accepted.status == 202);
  const std::string path = kMessages + "/" + member(accepted.body, "id");
  BOOST_TEST(call("GET", path, eksjo).status == 404, "another municipality's client: as if it did not exist");
  BOOST_TEST(call("POST", kMessages, eksjo, letter_json("req-2")).status == 404);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0686/messages/" + member(accepted.body, "id"), eksjo).status == 404);
  BOOST_TEST(call("GET", path, "").status == 401);
  BOOST_TEST(call("POST", kMessages, "", letter_json("req-3")).status == 401);
  const std::string no_scope = token_for(kSender, {"cases:read"});
  BOOST_TEST(call("POST", kMessages, no_scope, letter_json("req-4")).status == 403);
  BOOST_TEST(call("GET", "/api/v1/municipalities/xx/messages/abc", aneby).status == 404);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 1);
}

BOOST_FIXTURE_TEST_CASE(malformed_letters_are_400, RoutesFixture) {
  BOOST_TEST(call("POST", kMessages, aneby, "not json").status == 400);
  BOOST_TEST(call("POST", kMessages, aneby, "[]").status == 400);
  BOOST_TEST(call("POST", kMessages, aneby, R"({"clientRequestId":"r","recipient":"191212121212"})").status == 400);
  const auto bad_pnr = call("POST", kMessages, aneby,
                            R"({"clientRequestId":"r","recipient":"191212121213","subject":"s","body":"b",
                                "support":{"text":"t"}})");
  BOOST_TEST(bad_pnr.status == 400);
  BOOST_TEST(bad_pnr.body.find("191212121213") == std::string::npos, "no personnummer in errors");
  BOOST_TEST(call("POST", kMessages, aneby,
                  R"({"clientRequestId":"r","recipient":"191212121212","subject":"s","body":"b","support":{"text":"t"},
                      "attachments":[{"filename":"a.pdf","content":"***"}]})")
                 .status == 400);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 0);
}

BOOST_AUTO_TEST_CASE(both_operations_are_in_the_api_document) {
  http::OpenApi api("Samverkan", "1", "test");
  describe_routes(api);
  BOOST_TEST_REQUIRE(api.operations().size() == 4U, "single, bulk, batch status, status");
  BOOST_TEST(api.operations().front().path == "/api/v1/municipalities/{kommunkod}/messages");
  BOOST_TEST(api.operations().front().success_status == 202);
  BOOST_TEST(api.operations().back().path == "/api/v1/municipalities/{kommunkod}/messages/{id}");
  const std::string json = api.json();
  BOOST_TEST(json.find("sendMessage") != std::string::npos);
  BOOST_TEST(json.find("messageStatus") != std::string::npos);
  BOOST_TEST(json.find("clientRequestId") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_letter_schema_describes_the_case_number_single_and_bulk) {
  http::OpenApi api("Samverkan", "1", "test");
  describe_routes(api);
  std::size_t checked = 0;
  for (const auto& operation : api.operations()) {
    if (operation.operation_id != "sendMessage" && operation.operation_id != "sendMessages") continue;
    Poco::JSON::Parser parser;
    auto letter = parser.parse(operation.request_schema).extract<Poco::JSON::Object::Ptr>();
    if (operation.operation_id == "sendMessages") {
      letter = letter->getObject("properties")->getObject("letters")->getObject("items");
    }
    const auto properties = letter->getObject("properties");
    BOOST_TEST_REQUIRE(properties->has("caseNumber"), operation.operation_id);
    const auto case_number = properties->getObject("caseNumber");
    BOOST_TEST(case_number->getValue<std::string>("type") == "string");
    BOOST_TEST(case_number->getValue<std::string>("description").find("outgoing document") != std::string::npos);
    ++checked;
  }
  BOOST_TEST(checked == 2U);
}

BOOST_AUTO_TEST_SUITE_END()
