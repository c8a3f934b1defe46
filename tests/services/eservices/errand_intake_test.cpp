// Submissions by trusted integrations over HTTPS (POST .../eservices/{id}/submissions with the
// scope eservices:submit): validated like the form with each invalid answer listed in the
// problem+json, idempotent by requestId, the errand the citizen's own, the client in the
// history and the audit trail; the failure paths: bad bodies, a reused requestId, no scope,
// another municipality's client (404), no token.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <soci/soci.h>

#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/errand_work.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/eservices/errand_intake_checks.hpp"
#include "services/server/platform_fixture.hpp"

using namespace samverkan;

namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";
const auto kEksjo = ids::Kommunkod::parse("0686");
const auto kVetlanda = ids::Kommunkod::parse("0685");
const std::string kPath = "/api/v1/municipalities/0686/eservices/felanmalan-gata-park/submissions";
// A real 1×1 PNG, base64 (the attachment is checked by content).
const std::string kPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string body(const std::string& request_id, const std::string& description = "Ett djupt hål vid skolan",
                 const std::string& extra = {}) {
  return R"({"requestId":")" + request_id + R"(","personnummer":"191212121212","version":1,)" +
         R"("answers":{"fault-type":"pothole","description":")" + description + R"(","address":"Storgatan 1, Eksjö"})" +
         extra + "}";
}

struct SqliteFixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "intake.db").string()), 4);
};

struct Fixture : test::PlatformFixture {
  Fixture() {
    const auto editor = security::Principal::staff("editor", {{kEksjo, {security::Role::kEServiceEditor}}});
    tenancy::Context ctx(platform->database(), editor, kEksjo, SystemClock::instance(), &platform->audit_log());
    catalogue.import_definition(
        ctx, test::read_file(test::source_dir() / "examples/hoglandet/eservices/felanmalan-gata-park.xml"),
        "felanmalan-gata-park.xml");
    catalogue.publish(ctx, "felanmalan-gata-park", 1, {});
    ctx.commit();
  }

  std::pair<std::string, std::string> client_for(const ids::Kommunkod& municipality,
                                                 const std::set<std::string>& scopes) {
    return test::new_client_token(*platform, municipality, scopes);
  }

  test::HttpResult post(const std::string& token, const std::string& json, const std::string& path = kPath) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return client().request("POST", path, json, "application/json", headers);
  }

  long long count(const std::string& sql) {
    auto session = platform->database().acquire();
    long long n = 0;
    *session << sql, soci::into(n);
    return n;
  }

  eservices::Catalogue catalogue{platform->cooperation()};
  eservices::Submissions submissions{catalogue, platform->keyring()};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(errand_intake_test)

BOOST_FIXTURE_TEST_CASE(intake_is_idempotent_and_the_citizens_own, SqliteFixture) {
  test::check_intake_is_idempotent_and_the_citizens_own(*db);
}

BOOST_FIXTURE_TEST_CASE(an_integration_submits_for_a_citizen_once, Fixture) {
  const auto [client_id, token] = client_for(kEksjo, {"eservices:submit"});
  const auto created =
      post(token, body("crm-4711", "Ett djupt hål vid skolan",
                       R"(,"attachments":{"photo":{"fileName":"hal.png","contentBase64":")" + kPng + R"("}})"));
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  const std::string reference = test::json_member(created.body, "reference");
  BOOST_TEST(reference.find("ET-") == 0);
  BOOST_TEST(created.headers.at("location") == "/api/v1/municipalities/0686/errands/" + reference);

  // The same request again: the first receipt, nothing new stored.
  const auto again =
      post(token, body("crm-4711", "Ett djupt hål vid skolan",
                       R"(,"attachments":{"photo":{"fileName":"hal.png","contentBase64":")" + kPng + R"("}})"));
  BOOST_TEST_REQUIRE(again.status == 200, again.body);
  BOOST_TEST(test::json_member(again.body, "reference") == reference);
  BOOST_TEST(parse(again.body)->getValue<bool>("repeated"));
  BOOST_TEST(count("SELECT COUNT(*) FROM eservice_errand") == 1);
  // The same request id with other content is refused.
  BOOST_TEST(post(token, body("crm-4711", "Ett annat hål vid torget")).status == 409);
  BOOST_TEST(count("SELECT COUNT(*) FROM eservice_errand") == 1);

  // The errand is the citizen's own (Mina sidor), with the answers and the attachment; its
  // history names the client.
  eservices::ErrandWork work(submissions, platform->keyring());
  {
    tenancy::Context ctx(platform->database(), security::Principal::citizen(ids::Personnummer::parse("191212121212")),
                         kEksjo, SystemClock::instance(), &platform->audit_log());
    BOOST_TEST(work.own_errand(ctx, reference).service_id == "felanmalan-gata-park");
  }
  const auto handler = security::Principal::staff("handler", {{kEksjo, {security::Role::kCaseHandler}}});
  tenancy::Context ctx(platform->database(), handler, kEksjo, SystemClock::instance(), &platform->audit_log());
  const auto errand = submissions.errand(ctx, reference);
  BOOST_TEST(errand.answers.values.at("address").front() == "Storgatan 1, Eksjö");
  BOOST_TEST(errand.answers.attachments.at("photo").media_type == "image/png");
  const auto history = work.history(ctx, reference);
  BOOST_TEST_REQUIRE(!history.empty());
  BOOST_TEST(history.front().actor == "client:" + client_id);
  ctx.commit();
  BOOST_TEST(
      count("SELECT COUNT(*) FROM audit_entry WHERE action = 'errand.submit-on-behalf' AND outcome = 'success'") == 2);
}

BOOST_FIXTURE_TEST_CASE(invalid_answers_are_listed_field_by_field, Fixture) {
  const auto token = client_for(kEksjo, {"eservices:submit"}).second;
  // Too short a description, no address, a lamp number that does not match, an unknown field,
  // and a text file posing as a photo.
  const std::string bad =
      R"({"requestId":"crm-1","personnummer":"191212121212","version":1,"answers":{"fault-type":"lighting",)"
      R"("lamp-number":"not a lamp","description":"kort","unknown":"x"},)"
      R"("attachments":{"photo":{"fileName":"hal.png","contentBase64":"aGVqIGhlag=="}}})";
  const auto r = post(token, bad);
  BOOST_TEST_REQUIRE(r.status == 400, r.body);
  BOOST_TEST(r.content_type.find("application/problem+json") == 0);
  const auto problem = parse(r.body);
  BOOST_TEST(problem->getValue<std::string>("type") == "urn:samverkan:problem:invalid-input");
  std::map<std::string, std::string> errors;
  const auto list = problem->getArray("errors");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto item = list->getObject(static_cast<unsigned>(i));
    errors[item->getValue<std::string>("field")] = item->getValue<std::string>("code");
    BOOST_TEST(!item->getObject("message")->getValue<std::string>("sv").empty());
  }
  BOOST_TEST(errors.at("description") == "too-short");
  BOOST_TEST(errors.at("address") == "required");
  BOOST_TEST(errors.at("lamp-number") == "pattern");
  BOOST_TEST(errors.at("unknown") == "unknown-field");
  BOOST_TEST(errors.at("photo") == "file-type-not-allowed");
  BOOST_TEST(count("SELECT COUNT(*) FROM eservice_errand") == 0, "nothing stored");
  BOOST_TEST(count("SELECT COUNT(*) FROM eservice_intake_request") == 0);

  // Malformed requests.
  BOOST_TEST(post(token, "not json").status == 400);
  BOOST_TEST(post(token, R"({"personnummer":"191212121212","version":1,"answers":{}})").status == 400);
  BOOST_TEST(post(token, body("bad id with spaces")).status == 400);
  BOOST_TEST(post(token, R"({"requestId":"a","personnummer":"191212121213","version":1,"answers":{}})").status == 400,
             "a wrong check digit");
  BOOST_TEST(post(token, R"({"requestId":"a","personnummer":"191212121212","version":"1","answers":{}})").status ==
             400);
  BOOST_TEST(post(token, R"({"requestId":"a","personnummer":"191212121212","version":1,"answers":{"x":1}})").status ==
             400);
  BOOST_TEST(
      post(token, R"({"requestId":"a","personnummer":"191212121212","version":11111111111,"answers":{}})").status ==
          400,
      "a version out of range (found by the json_request fuzz target)");
  // A field name is repeated in the error when it is a key; one that is not (here a
  // personnummer sent where a key belongs) is described, never echoed (found by the
  // json_request fuzz target).
  const auto detail_of = [&](const std::string& answers, const std::string& attachments) {
    const auto answer = post(token, R"({"requestId":"n","personnummer":"191212121212","version":1,"answers":)" +
                                        answers + R"(,"attachments":)" + attachments + "}");
    BOOST_TEST(answer.status == 400);
    return parse(answer.body)->getValue<std::string>("detail");
  };
  BOOST_TEST(detail_of(R"({"lamp-7":1})", "{}").find("answers.lamp-7 must be") != std::string::npos);
  BOOST_TEST(detail_of(R"({"x19121212121":1})", "{}").find("191212") == std::string::npos);
  BOOST_TEST(detail_of(R"({"Photo":[1]})", "{}").find("(a field name that is not a key)") != std::string::npos);
  BOOST_TEST(detail_of("{}", R"({"photo":{"fileName":"a.png","contentBase64":"@@"}})")
                 .find("attachments.photo.contentBase64 must be base64") != std::string::npos);
  const auto echoed =
      detail_of("{}", R"({"cert9999999999999999999ificate":{"fileName":"a.png","contentBase64":"@@"}})");
  BOOST_TEST(echoed.find("999999") == std::string::npos, echoed);
  BOOST_TEST(detail_of("{}", R"({"p191212121212":{"fileName":1}})").find("191212") == std::string::npos);
  // Another version, an unknown service.
  BOOST_TEST(post(token, R"({"requestId":"v2","personnummer":"191212121212","version":2,"answers":{}})").status == 409);
  BOOST_TEST(post(token, body("x1"), "/api/v1/municipalities/0686/eservices/nothing/submissions").status == 404);
}

BOOST_FIXTURE_TEST_CASE(only_trusted_clients_of_the_municipality_submit, Fixture) {
  BOOST_TEST(post("", body("a1")).status == 401);
  const auto handler_client = client_for(kEksjo, {"errands:read", "errands:write"}).second;
  BOOST_TEST(post(handler_client, body("a2")).status == 403, "errands:write does not submit for citizens");
  const auto vetlanda = client_for(kVetlanda, {"eservices:submit"}).second;
  BOOST_TEST(post(vetlanda, body("a3")).status == 404);
  BOOST_TEST(count("SELECT COUNT(*) FROM eservice_errand") == 0);
  BOOST_TEST(
      count("SELECT COUNT(*) FROM audit_entry WHERE action = 'errand.submit-on-behalf' AND outcome = 'refused'") == 2);
}

BOOST_AUTO_TEST_SUITE_END()
