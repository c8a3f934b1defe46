// The hosted pages against PostgreSQL: an anonymous walk through to the receipt, then a
// citizen's BankID login, a draft kept between steps, a submission and Mina sidor.
#include <boost/test/unit_test.hpp>

#include <regex>

#include "samverkan/eservices/submissions.hpp"
#include "services/eservices/pages_fixture.hpp"
#include "support/postgres.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;

namespace {

struct PgHolder {
  test::PgDatabase database;
};

struct PgPagesFixture : PgHolder, PagesFixture {
  PgPagesFixture() : PagesFixture(database.url()) {}
};

const std::string kFault = "/e/0686/tjanst/felanmalan-gata-park/steg/fault";
const std::string kPlace = "/e/0686/tjanst/felanmalan-gata-park/steg/place";
const std::string kContact = "/e/0686/tjanst/felanmalan-gata-park/steg/contact";
const std::string kReview = "/e/0686/tjanst/felanmalan-gata-park/granska";

// Fills in the fault report and submits it; returns the receipt's reference.
std::string report_a_fault(Browser& b, const std::string& address) {
  const auto token = "_csrf=" + encode(Browser::csrf(b.get(kFault).body));
  BOOST_TEST_REQUIRE(
      b.post(kFault, token + "&fault-type=sign&description=" + encode("Skylten har blåst omkull")).status == 303);
  BOOST_TEST_REQUIRE(b.post(kPlace, token + "&address=" + encode(address)).status == 303);
  BOOST_TEST_REQUIRE(b.post(kContact, token).status == 303);
  const auto review = b.get(kReview);
  BOOST_TEST_REQUIRE(review.status == 200);
  BOOST_TEST(Html(review.body).value("string(//dt[.='Adress eller plats']/following-sibling::dd[1])") == address);
  const auto r = b.post(kReview, token);
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  std::smatch match;
  const std::string location = r.headers.at("location");
  BOOST_TEST_REQUIRE(std::regex_match(location, match, std::regex("/e/0686/kvitto/(ET-[0-9]{4}-[0-9]{6})")));
  BOOST_TEST(Html(b.get(location).body).value("string(//strong[@class='reference'])") == match[1].str());
  return match[1];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pages_pgtest)

BOOST_FIXTURE_TEST_CASE(anonymous_report_then_citizen_login_and_mina_sidor, PgPagesFixture) {
  auto anonymous = browser();
  const auto first = report_a_fault(anonymous, "Storgatan 1");

  auto b = browser();
  auto r = b.get("/e/0686/mina-sidor");
  BOOST_TEST_REQUIRE(r.status == 303);
  BOOST_TEST(r.headers.at("location") == "/e/0686/logga-in?next=%2Fe%2F0686%2Fmina-sidor");
  log_in(b, "/e/0686/mina-sidor");
  r = b.get("/e/0686/mina-sidor");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Html(r.body).count("//table") == 0, "no errands yet: the anonymous one is not hers");

  // A draft kept in the database between steps (school transport requires login).
  const std::string child = "/e/0686/tjanst/skolskjuts/steg/child";
  r = b.get(child);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(b.post(child, "_csrf=" + encode(Browser::csrf(r.body)) + "&child-name=Lisa").status == 422);
  BOOST_TEST(Html(b.get(child).body).value("string(//input[@id='child-name']/@value)") == "Lisa");

  const auto second = report_a_fault(b, "Torget 2");
  BOOST_TEST(second != first);
  r = b.get("/e/0686/mina-sidor?lang=en");
  BOOST_TEST_REQUIRE(r.status == 200);
  const Html mine(r.body);
  BOOST_TEST(mine.count("//table/tbody/tr") == 1);
  BOOST_TEST(mine.value("string(//table/tbody/tr/td[1])") == second);
  BOOST_TEST(mine.value("string(//table/tbody/tr/td[2])") == "Fault report in Eksjö");
  BOOST_TEST(mine.value("string(//table/tbody/tr/td[3])") == "Received");
  BOOST_TEST(b.get("/e/0686/kvitto/" + second + "/text").status == 200);
  BOOST_TEST(b.get("/e/0686/kvitto/" + first).status == 404, "another's receipt");
}

BOOST_AUTO_TEST_SUITE_END()
