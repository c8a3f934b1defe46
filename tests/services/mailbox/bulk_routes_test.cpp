// The bulk endpoint through the router with real access tokens: a batch accepted in one
// transaction (202, batch id, Location, each letter's id and whether it is new), replays never
// sending twice, GET with counts per state after the worker delivered, refused batches naming
// each bad letter (problem+json, nothing stored), size limits, scoping and the API document.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "outbox_fixture.hpp"
#include "samverkan/auth/auth_services.hpp"
#include "samverkan/http/problem.hpp"
#include "samverkan/mailbox/bulk.hpp"
#include "samverkan/mailbox/routes.hpp"
#include "support/api_access.hpp"
#include "support/cooperation.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;

namespace {

using Object = Poco::JSON::Object;

Object::Ptr parse(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Object::Ptr>();
}

std::string letter(const std::string& request_id, const std::string& subject = "Beslut om bygglov",
                   const std::string& recipient = "19121212-1212") {
  return R"({"clientRequestId":")" + request_id + R"(","recipient":")" + recipient + R"(","subject":")" + subject +
         R"(","body":"Hej!","support":{"text":"Ring kontaktcenter"},
           "attachments":[{"filename":"beslut.pdf","content":"JVBERi0xLjQKJSVFT0YK"}],
           "postalAddress":{"name":"Tolvan Tolvansson","street":["Storgatan 1"],"postalCode":"578 33","city":"Aneby"}})";
}

std::string batch(const std::vector<std::string>& letters) {
  std::string body = R"({"letters":[)";
  for (std::size_t i = 0; i < letters.size(); ++i) body += (i == 0 ? "" : ",") + letters[i];
  return body + "]}";
}

struct BulkFixture : OutboxFixture {
  BulkFixture() {
    mount_routes(router, {*db, cooperation, audit, auth.authenticator(), clock}, keyring, queue, [this] { ++woken; });
  }

  std::string token_for(const ids::Kommunkod& municipality, const std::set<std::string>& scopes) {
    return samverkan::test::access_token(*db, clock, audit, auth, municipality, scopes);
  }

  http::Response call(const std::string& method, const std::string& path, const std::string& token,
                      const std::string& body = {}) {
    return samverkan::test::route(router, method, path, token, body);
  }

  long long audited(const std::string& action) {
    auto session = db->acquire();
    long long n = 0;
    *session << "SELECT COUNT(*) FROM audit_entry WHERE action = :a", soci::use(action, "a"), soci::into(n);
    return n;
  }

  auth::AuthServices auth{*db, clock, keyring, &audit, samverkan::test::fast_auth_options(dir.path())};
  const config::Cooperation cooperation = samverkan::test::test_cooperation();
  http::Router router;
  int woken = 0;
  std::string aneby = token_for(kSender, {"mailbox:send"});
  std::string eksjo = token_for(kNeighbour, {"mailbox:send"});
};

const std::string kBulk = "/api/v1/municipalities/0604/messages/bulk";

std::string header(const http::Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk_routes_test)

BOOST_FIXTURE_TEST_CASE(a_batch_is_accepted_whole_and_replays_send_nothing_twice, BulkFixture) {
  const auto accepted = call("POST", kBulk, aneby, batch({letter("b-1"), letter("b-2"), letter("b-3")}));
  BOOST_TEST_REQUIRE(accepted.status == 202, accepted.body);
  const auto answer = parse(accepted.body);
  const std::string batch_id = answer->getValue<std::string>("batchId");
  BOOST_TEST(batch_id.size() == 32U);
  BOOST_TEST(header(accepted, "Location") == kBulk + "/" + batch_id);
  BOOST_TEST(answer->getValue<int>("created") == 3);
  BOOST_TEST(answer->getValue<int>("replayed") == 0);
  const auto letters = answer->getArray("letters");
  BOOST_TEST_REQUIRE(letters->size() == 3U);
  std::vector<std::string> ids;
  for (unsigned i = 0; i < 3; ++i) {
    const auto item = letters->getObject(i);
    BOOST_TEST(item->getValue<unsigned>("index") == i);
    BOOST_TEST(item->getValue<std::string>("clientRequestId") == "b-" + std::to_string(i + 1));
    BOOST_TEST(item->getValue<bool>("created"));
    BOOST_TEST(item->getValue<std::string>("status") == "queued");
    ids.push_back(item->getValue<std::string>("id"));
  }
  BOOST_TEST(accepted.body.find("Tolvan") == std::string::npos, "no personal data in the answer");
  BOOST_TEST(woken == 1, "the worker is woken once per batch");
  BOOST_TEST(count("SELECT COUNT(*) FROM job") == 3);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 3);
  BOOST_TEST(audited("mailbox.send") == 3);
  BOOST_TEST(audited("mailbox.bulk") == 1);

  // The same batch again, with one new letter: the old ones are replayed, only one is new.
  const auto again = call("POST", kBulk, aneby, batch({letter("b-1"), letter("b-2"), letter("b-3"), letter("b-4")}));
  BOOST_TEST_REQUIRE(again.status == 202, again.body);
  const auto second = parse(again.body);
  BOOST_TEST(second->getValue<std::string>("batchId") != batch_id);
  BOOST_TEST(second->getValue<int>("created") == 1);
  BOOST_TEST(second->getValue<int>("replayed") == 3);
  for (unsigned i = 0; i < 3; ++i) {
    BOOST_TEST(second->getArray("letters")->getObject(i)->getValue<std::string>("id") == ids[i]);
    BOOST_TEST(!second->getArray("letters")->getObject(i)->getValue<bool>("created"));
  }
  BOOST_TEST(count("SELECT COUNT(*) FROM job") == 4);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 4);
  BOOST_TEST(audited("mailbox.send.replayed") == 3);
  BOOST_TEST(woken == 2);

  // A batch of replays only does not wake the worker.
  BOOST_TEST(call("POST", kBulk, aneby, batch({letter("b-2")})).status == 202);
  BOOST_TEST(woken == 2);
}

BOOST_FIXTURE_TEST_CASE(get_counts_the_states_once_the_worker_delivered, BulkFixture) {
  // Two reachable recipients and one without a mailbox (paper).
  reachable();
  reachable("198112189876");
  const auto accepted = call(
      "POST", kBulk, aneby,
      batch({letter("s-1"), letter("s-2", "Kallelse", "19811218-9876"), letter("s-3", "Faktura", "19780202-2389")}));
  BOOST_TEST_REQUIRE(accepted.status == 202, accepted.body);
  const std::string path = header(accepted, "Location");

  auto state = call("GET", path, aneby);
  BOOST_TEST_REQUIRE(state.status == 200, state.body);
  auto answer = parse(state.body);
  BOOST_TEST(answer->getValue<int>("total") == 3);
  BOOST_TEST(answer->getObject("counts")->getValue<int>("queued") == 3);
  BOOST_TEST(!answer->getValue<std::string>("createdAt").empty());

  auto w = worker();
  while (w.run_once() > 0) {
  }
  state = call("GET", path, aneby);
  answer = parse(state.body);
  const auto counts = answer->getObject("counts");
  BOOST_TEST(counts->getValue<int>("queued") == 0, state.body);
  BOOST_TEST(counts->getValue<int>("delivered") == 2, state.body);
  BOOST_TEST(counts->getValue<int>("paper") == 1, state.body);
  BOOST_TEST(counts->getValue<int>("failed") == 0, state.body);
  const auto letters = answer->getArray("letters");
  BOOST_TEST_REQUIRE(letters->size() == 3U);
  BOOST_TEST(letters->getObject(0)->getValue<std::string>("status") == "delivered");
  BOOST_TEST(!letters->getObject(0)->getValue<std::string>("transId").empty());
  BOOST_TEST(letters->getObject(2)->getValue<std::string>("status") == "paper");
  BOOST_TEST(letters->getObject(2)->getValue<unsigned>("index") == 2U);
  BOOST_TEST(state.body.find("198112189876") == std::string::npos, "no personnummer in the status");
  BOOST_TEST(audited("mailbox.bulk.status") == 2);
}

BOOST_FIXTURE_TEST_CASE(a_bad_letter_refuses_the_batch_and_is_named, BulkFixture) {
  const auto refused =
      call("POST", kBulk, aneby,
           batch({letter("ok-1"), letter("bad-1", std::string(300, 'x')),
                  R"({"clientRequestId":"bad-2","recipient":"191212121212","subject":"s","support":{"text":"t"}})",
                  letter("bad-3", "s", "191212121213")}));
  BOOST_TEST_REQUIRE(refused.status == 400, refused.body);
  BOOST_TEST(refused.content_type == "application/problem+json");
  const auto problem = parse(refused.body);
  BOOST_TEST(problem->getValue<std::string>("detail").find("letters[1]") != std::string::npos, refused.body);
  const auto errors = problem->getArray("errors");
  BOOST_TEST_REQUIRE(errors->size() == 3U, refused.body);
  BOOST_TEST(errors->getObject(0)->getValue<unsigned>("index") == 1U);
  BOOST_TEST(errors->getObject(0)->getValue<std::string>("clientRequestId") == "bad-1");
  BOOST_TEST(errors->getObject(0)->getValue<std::string>("detail").find("subject") != std::string::npos);
  BOOST_TEST(errors->getObject(0)->getValue<int>("status") == 400);
  BOOST_TEST(errors->getObject(1)->getValue<unsigned>("index") == 2U);
  BOOST_TEST(errors->getObject(1)->getValue<std::string>("detail").find("body") != std::string::npos);
  BOOST_TEST(errors->getObject(2)->getValue<unsigned>("index") == 3U);
  BOOST_TEST(refused.body.find("191212121213") == std::string::npos, "no personnummer in errors");
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 0, "nothing of a refused batch is stored");
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_batch") == 0);
  BOOST_TEST(count("SELECT COUNT(*) FROM job") == 0);
  BOOST_TEST(woken == 0);
}

BOOST_FIXTURE_TEST_CASE(a_request_id_used_for_another_letter_is_409, BulkFixture) {
  BOOST_TEST_REQUIRE(call("POST", kBulk, aneby, batch({letter("c-1")})).status == 202);
  const auto refused = call("POST", kBulk, aneby, batch({letter("c-2"), letter("c-1", "Annat innehåll")}));
  BOOST_TEST_REQUIRE(refused.status == 409, refused.body);
  const auto errors = parse(refused.body)->getArray("errors");
  BOOST_TEST_REQUIRE(errors->size() == 1U);
  BOOST_TEST(errors->getObject(0)->getValue<unsigned>("index") == 1U);
  BOOST_TEST(errors->getObject(0)->getValue<int>("status") == 409);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 1, "c-2 was rolled back with the batch");
}

BOOST_FIXTURE_TEST_CASE(malformed_empty_and_oversized_batches, BulkFixture) {
  BOOST_TEST(call("POST", kBulk, aneby, "not json").status == 400);
  BOOST_TEST(call("POST", kBulk, aneby, "{}").status == 400);
  BOOST_TEST(call("POST", kBulk, aneby, R"({"letters":[]})").status == 400);
  const auto not_object = call("POST", kBulk, aneby, R"({"letters":[42]})");
  BOOST_TEST(not_object.status == 400);
  BOOST_TEST(parse(not_object.body)->getArray("errors")->getObject(0)->getValue<unsigned>("index") == 0U);
  std::vector<std::string> many;
  for (std::size_t i = 0; i <= kMaxBulkLetters; ++i) many.push_back(letter("m-" + std::to_string(i)));
  const auto too_many = call("POST", kBulk, aneby, batch(many));
  BOOST_TEST(too_many.status == 413, too_many.body);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 0);
}

BOOST_FIXTURE_TEST_CASE(other_municipalities_and_strangers_are_refused, BulkFixture) {
  const auto accepted = call("POST", kBulk, aneby, batch({letter("x-1")}));
  BOOST_TEST_REQUIRE(accepted.status == 202);
  const std::string path = header(accepted, "Location");
  BOOST_TEST(call("GET", path, eksjo).status == 404, "another municipality's client: as if it did not exist");
  BOOST_TEST(call("POST", kBulk, eksjo, batch({letter("x-2")})).status == 404);
  const std::string batch_id = path.substr(path.rfind('/') + 1);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0686/messages/bulk/" + batch_id, eksjo).status == 404,
             "the batch is not Eksjö's");
  BOOST_TEST(call("GET", path, "").status == 401);
  BOOST_TEST(call("POST", kBulk, "", batch({letter("x-3")})).status == 401);
  const std::string no_scope = token_for(kSender, {"cases:read"});
  BOOST_TEST(call("POST", kBulk, no_scope, batch({letter("x-4")})).status == 403);
  BOOST_TEST(call("POST", kBulk, no_scope, "not even json").status == 403, "refused before the body is read");
  BOOST_TEST(call("GET", kBulk + "/0123456789abcdef0123456789abcdef", aneby).status == 404);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 1);
}

BOOST_AUTO_TEST_CASE(the_bulk_operations_are_in_the_api_document) {
  http::OpenApi api("Samverkan", "1", "test");
  describe_routes(api);
  std::set<std::string> operations;
  for (const auto& operation : api.operations()) operations.insert(operation.method + " " + operation.path);
  BOOST_TEST(operations.contains("POST /api/v1/municipalities/{kommunkod}/messages/bulk"));
  BOOST_TEST(operations.contains("GET /api/v1/municipalities/{kommunkod}/messages/bulk/{id}"));
  const std::string json = api.json();
  BOOST_TEST(json.find("sendMessages") != std::string::npos);
  BOOST_TEST(json.find("batchStatus") != std::string::npos);
  BOOST_TEST(json.find("\"maxItems\":1000") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
