// The satisfaction and first-contact figures over HTTPS on the whole platform (SQLite, free
// port): as JSON for a year and as Prometheus metrics, read with statistics:read; refused
// without the scope, without a token and to another municipality; bad years refused; the
// metrics checked line by line against the text format.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>

#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/eservices/errand_work.hpp"
#include "samverkan/eservices/satisfaction.hpp"
#include "services/eservices/routes_fixture.hpp"
#include "support/metrics_format.hpp"

using namespace samverkan;

namespace {

struct Fixture : test::EServicesRoutesFixture {
  Fixture() {
    publish_fault_report();
    const auto citizen = security::Principal::citizen(ids::Personnummer::parse("191212121212"));
    const auto handler = security::Principal::staff("eva.h", {{kEksjo, {security::Role::kCaseHandler}}});
    eservices::ErrandWork work(submissions, platform->keyring());
    eservices::Satisfaction satisfaction(submissions, platform->keyring());
    // Five reports closed and answered (9, 9, 9 each); a sixth asked again, then decided.
    for (int i = 0; i < 6; ++i) {
      const std::string reference = submit_fault_report(citizen);
      as(handler, [&](tenancy::Context& ctx) {
        if (i == 5) {
          submissions.change_status(ctx, reference, eservices::ErrandStatus::kInProgress);
          submissions.change_status(ctx, reference, eservices::ErrandStatus::kWaitingForCitizen);
          submissions.change_status(ctx, reference, eservices::ErrandStatus::kInProgress);
          submissions.change_status(ctx, reference, eservices::ErrandStatus::kDecided);
        } else {
          submissions.change_status(ctx, reference, eservices::ErrandStatus::kClosed);
        }
      });
      if (i < 5) as(citizen, [&](tenancy::Context& ctx) { satisfaction.answer(ctx, reference, {9, 9, 9}); });
    }
  }

  template <typename Work>
  void as(const security::Principal& who, Work work) {
    tenancy::Context ctx(platform->database(), who, kEksjo, SystemClock::instance(), &platform->audit_log());
    work(ctx);
    ctx.commit();
  }

  static int this_year() { return static_cast<int>(calendar::swedish_date(SystemClock::instance().now()).year()); }
};

const std::string kBase = "/api/v1/municipalities/0686";

}  // namespace

BOOST_AUTO_TEST_SUITE(statistics_routes_test)

BOOST_FIXTURE_TEST_CASE(figures_as_json_for_a_year, Fixture) {
  const std::string token = token_for(kEksjo, {"statistics:read"});
  const auto answer = call("GET", kBase + "/statistics/eservices", token);
  BOOST_TEST_REQUIRE(answer.status == 200, answer.body);
  const auto body = parse(answer.body);
  BOOST_TEST(body->getValue<int>("year") == this_year());
  BOOST_TEST(body->getValue<int>("minimumAnswersShown") == 5);
  const auto services = body->getArray("services");
  BOOST_TEST_REQUIRE(services->size() == 1U);
  const auto fault = services->getObject(0);
  BOOST_TEST(fault->getValue<std::string>("id") == "felanmalan-gata-park");
  BOOST_TEST(fault->getObject("title")->getValue<std::string>("sv").size() > 0U);
  BOOST_TEST(fault->getValue<int>("resolved") == 6);
  BOOST_TEST(fault->getValue<int>("firstContact") == 5);
  BOOST_TEST(fault->getValue<double>("firstContactShare") == 5.0 / 6.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(fault->getValue<int>("answers") == 5);
  // (9 - 1) / 9 * 100
  BOOST_TEST(fault->getValue<double>("satisfactionIndex") == 800.0 / 9.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(body->getObject("total")->getValue<int>("resolved") == 6);
  BOOST_TEST(!body->getObject("total")->has("id"));

  // Last year: nothing; the index of a group under five answers is null.
  const auto last =
      parse(call("GET", kBase + "/statistics/eservices?year=" + std::to_string(this_year() - 1), token).body);
  BOOST_TEST(last->getArray("services")->size() == 0U);
  BOOST_TEST(last->getObject("total")->isNull("satisfactionIndex"));
  BOOST_TEST(last->getObject("total")->isNull("firstContactShare"));
}

BOOST_FIXTURE_TEST_CASE(refusals_and_bad_years, Fixture) {
  const std::string path = kBase + "/statistics/eservices";
  BOOST_TEST(call("GET", path, "").status == 401);
  BOOST_TEST(call("GET", path, token_for(kEksjo, {"errands:read"})).status == 403, "the scope is needed");
  const std::string vetlanda = token_for(kVetlanda, {"statistics:read"});
  BOOST_TEST(call("GET", path, vetlanda).status == 404, "another member's figures do not exist for it");
  BOOST_TEST(call("GET", path + "?year=abc", vetlanda).status == 404, "refused before the input is read");
  BOOST_TEST(call("GET", kBase + "/metrics", vetlanda).status == 404);
  BOOST_TEST(call("GET", kBase + "/metrics", "").status == 401);
  const std::string token = token_for(kEksjo, {"statistics:read"});
  for (const std::string& year :
       {std::string("abc"), std::string("1999"), std::string("99999"), std::to_string(this_year() + 2)}) {
    const auto refused = call("GET", path + "?year=" + year, token);
    BOOST_TEST(refused.status == 400, year);
    BOOST_TEST(refused.content_type == "application/problem+json");
  }
}

BOOST_FIXTURE_TEST_CASE(metrics_in_the_text_format, Fixture) {
  const auto answer = call("GET", kBase + "/metrics", token_for(kEksjo, {"statistics:read"}));
  BOOST_TEST_REQUIRE(answer.status == 200, answer.body);
  BOOST_TEST(answer.content_type == "text/plain; version=0.0.4; charset=utf-8");
  const auto samples = test::parse_metrics(answer.body);
  const std::string fault = R"({municipality="0686",service="felanmalan-gata-park"})";
  const std::string total = R"({municipality="0686",service=""})";
  BOOST_TEST(samples.at("samverkan_eservice_errands_resolved" + fault) == "6");
  BOOST_TEST(samples.at("samverkan_eservice_errands_first_contact" + fault) == "5");
  BOOST_TEST(std::stod(samples.at("samverkan_eservice_first_contact_ratio" + fault)) == 5.0 / 6.0,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(samples.at("samverkan_eservice_survey_answers" + total) == "5");
  BOOST_TEST(std::stod(samples.at("samverkan_eservice_satisfaction_index" + fault)) == 800.0 / 9.0,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(samples.size() == 10U, "five families, the service and the total each");
  BOOST_TEST(answer.body.find("191212121212") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
