// The e-services REST API on the whole platform (SQLite, HTTPS on a free port): the published
// catalogue for anyone, the errand inbox for handlers with bearer tokens, and municipality
// isolation: another municipality's client gets 404, exactly like an errand that does not exist.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>

#include "services/eservices/routes_fixture.hpp"

using namespace samverkan;

namespace {

struct Fixture : test::EServicesRoutesFixture {
  Fixture() {
    // Eksjö owns and publishes the fault report; one anonymous report is submitted.
    eservices::LocalOverrides overrides;
    overrides.handling_unit = "gatuenheten";
    overrides.contact = "Gatuenheten, 0381-360 00";
    overrides.title = eservices::LocalizedText{"Felanmälan i Eksjö", "Fault report in Eksjö"};
    publish_fault_report(overrides);
    reference = submit_fault_report(security::Principal::anonymous());
  }

  std::string reference;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(eservices_routes_test)

BOOST_FIXTURE_TEST_CASE(the_published_catalogue_is_public, Fixture) {
  const auto list = client().get("/api/v1/municipalities/0686/eservices");
  BOOST_TEST_REQUIRE(list.status == 200, list.body);
  const auto services = parse(list.body)->getArray("eservices");
  BOOST_TEST_REQUIRE(services->size() == 1u);
  const auto service = services->getObject(0);
  BOOST_TEST(service->getValue<std::string>("id") == "felanmalan-gata-park");
  BOOST_TEST(service->getObject("title")->getValue<std::string>("sv") == "Felanmälan i Eksjö");
  BOOST_TEST(service->getValue<std::string>("contact") == "Gatuenheten, 0381-360 00");
  BOOST_TEST(service->getValue<bool>("loginRequired") == false);

  const auto one = client().get("/api/v1/municipalities/0686/eservices/felanmalan-gata-park");
  BOOST_TEST_REQUIRE(one.status == 200, one.body);
  const auto steps = parse(one.body)->getArray("steps");
  BOOST_TEST(steps->size() == 3u);
  const auto first_field = steps->getObject(0)->getArray("fields")->getObject(0);
  BOOST_TEST(first_field->getValue<std::string>("type") == "singleChoice");
  BOOST_TEST(first_field->getArray("options")->size() == 6u);

  const auto xml = client().get("/api/v1/municipalities/0686/eservices/felanmalan-gata-park/definition");
  BOOST_TEST(xml.status == 200);
  BOOST_TEST(xml.body == test::read_file(test::source_dir() / "examples/hoglandet/eservices/felanmalan-gata-park.xml"),
             "the exact bytes");

  // Not published in Vetlanda; an unknown municipality; an unknown service.
  BOOST_TEST(parse(client().get("/api/v1/municipalities/0685/eservices").body)->getArray("eservices")->size() == 0u);
  BOOST_TEST(client().get("/api/v1/municipalities/0685/eservices/felanmalan-gata-park").status == 404);
  BOOST_TEST(client().get("/api/v1/municipalities/9999/eservices").status == 404);
  BOOST_TEST(client().get("/api/v1/municipalities/0686/eservices/nothing").status == 404);
}

BOOST_FIXTURE_TEST_CASE(a_withdrawn_service_disappears, Fixture) {
  const auto editor = security::Principal::staff("editor", {{kEksjo, {security::Role::kEServiceEditor}}});
  tenancy::Context ctx(platform->database(), editor, kEksjo, SystemClock::instance(), &platform->audit_log());
  catalogue.withdraw(ctx, "felanmalan-gata-park");
  ctx.commit();
  BOOST_TEST(parse(client().get("/api/v1/municipalities/0686/eservices").body)->getArray("eservices")->size() == 0u);
  BOOST_TEST(client().get("/api/v1/municipalities/0686/eservices/felanmalan-gata-park").status == 404);
}

BOOST_FIXTURE_TEST_CASE(handlers_list_read_and_move_errands_over_https, Fixture) {
  const std::string eksjo = token_for(kEksjo, {"errands:read", "errands:write"});
  const std::string base = "/api/v1/municipalities/0686/errands";

  const auto inbox = call("GET", base + "?status=received", eksjo);
  BOOST_TEST_REQUIRE(inbox.status == 200, inbox.body);
  const auto errands = parse(inbox.body)->getArray("errands");
  BOOST_TEST_REQUIRE(errands->size() == 1u);
  BOOST_TEST(errands->getObject(0)->getValue<std::string>("reference") == reference);
  BOOST_TEST(errands->getObject(0)->getValue<std::string>("handlingUnit") == "gatuenheten");

  const auto read = call("GET", base + "/" + reference, eksjo);
  BOOST_TEST_REQUIRE(read.status == 200, read.body);
  const auto answers = parse(read.body)->getObject("answers");
  BOOST_TEST(answers->getArray("address")->getElement<std::string>(0) == "Storgatan 1, Eksjö");

  const auto moved = call("POST", base + "/" + reference + "/status", eksjo, R"({"status":"in-progress"})");
  BOOST_TEST(moved.status == 200, moved.body);
  BOOST_TEST(test::json_member(moved.body, "status") == "in-progress");
  BOOST_TEST(call("POST", base + "/" + reference + "/status", eksjo, R"({"status":"received"})").status == 409);
  BOOST_TEST(call("POST", base + "/" + reference + "/status", eksjo, R"({"status":"done"})").status == 400);
  BOOST_TEST(call("POST", base + "/" + reference + "/status", eksjo, "not json").status == 400);

  const auto history = call("GET", base + "/" + reference + "/history", eksjo);
  BOOST_TEST_REQUIRE(history.status == 200, history.body);
  const auto events = parse(history.body)->getArray("history");
  BOOST_TEST_REQUIRE(events->size() == 2u);
  BOOST_TEST(events->getObject(0)->getValue<std::string>("actor") == "anonymous");
  BOOST_TEST(events->getObject(1)->getValue<std::string>("to") == "in-progress");
}

BOOST_FIXTURE_TEST_CASE(another_municipality_cannot_see_or_change_errands, Fixture) {
  const std::string vetlanda = token_for(kVetlanda, {"errands:read", "errands:write"});
  const std::string base = "/api/v1/municipalities/0686/errands";
  BOOST_TEST(call("GET", base, vetlanda).status == 404);
  BOOST_TEST(call("GET", base + "/" + reference, vetlanda).status == 404);
  BOOST_TEST(call("POST", base + "/" + reference + "/status", vetlanda, R"({"status":"in-progress"})").status == 404);
  BOOST_TEST(call("GET", base + "/" + reference + "/history", vetlanda).status == 404);
  // Vetlanda's own inbox is empty: Eksjö's errand is not in it.
  const auto own = call("GET", "/api/v1/municipalities/0685/errands", vetlanda);
  BOOST_TEST(own.status == 200);
  BOOST_TEST(parse(own.body)->getArray("errands")->size() == 0u);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0685/errands/" + reference, vetlanda).status == 404);

  // Eksjö's own client without errands:write may read but not change; without a token: 401.
  const std::string reader = token_for(kEksjo, {"errands:read"});
  BOOST_TEST(call("GET", base + "/" + reference, reader).status == 200);
  BOOST_TEST(call("POST", base + "/" + reference + "/status", reader, R"({"status":"in-progress"})").status == 403);
  BOOST_TEST(call("GET", base, "").status == 401);
}

BOOST_AUTO_TEST_SUITE_END()
