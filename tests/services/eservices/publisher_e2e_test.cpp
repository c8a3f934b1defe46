// The publisher's staff pages in a real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core from tools/node) with axe-core on every staff page: tests/e2e/publisher.e2e.mjs
// logs an e-service editor of Nässjö in, who adopts the street fault report Eksjö piloted with a
// local title; the citizen page of Nässjö then lists it under that title. Needs
// scripts/install-deps.sh --test (chromium, node, tools/node).
#include <boost/test/unit_test.hpp>

#include "samverkan/eservices/catalogue.hpp"
#include "services/eservices/pages_fixture.hpp"
#include "support/e2e_script.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;

namespace {

const auto kNassjo = ids::Kommunkod::parse("0682");

}  // namespace

BOOST_AUTO_TEST_SUITE(publisher_e2e_test)

BOOST_FIXTURE_TEST_CASE(a_publisher_adopts_a_service_another_member_piloted_in_chromium, PagesFixture) {
  BOOST_TEST_REQUIRE(test::browser_tools_present(), "run scripts/install-deps.sh --test (chromium, tools/node)");
  auto& db = platform->database();
  const auto& now = SystemClock::instance();

  // A e-service editor of Nässjö, as after a first login.
  const std::string password = "en lång mening som lösenord för petra";
  const auto secret_text =
      enrolled_staff_user(kNassjo, "petra.publicist", "Petra Publicist", security::Role::kEServiceEditor, password);

  const auto run = test::run_e2e_script(
      "publisher.e2e.mjs", {platform->url(), "petra.publicist", password, secret_text}, dir / "publisher.log");
  BOOST_TEST_MESSAGE(run.output);
  BOOST_TEST(run.status == 0, run.output);
  BOOST_TEST(run.output.find("axe found no WCAG 2.1 A/AA violations") != std::string::npos, run.output);

  // What the browser did is Nässjö's publication, audited once; Eksjö's is untouched.
  eservices::Catalogue catalogue(platform->cooperation());
  const auto publication = [&](const ids::Kommunkod& where) {
    const auto reader = security::Principal::staff("reader", {{where, {security::Role::kReader}}});
    tenancy::Context read(db, reader, where, now, &platform->audit_log());
    auto found = catalogue.publication(read, "felanmalan-gata-park");
    read.commit();
    return found;
  };
  const auto nassjo = publication(kNassjo);
  BOOST_TEST((nassjo.status == eservices::PublicationStatus::kPublished));
  BOOST_TEST(nassjo.title().sv == "Felanmälan gata och park i Nässjö");
  BOOST_TEST(nassjo.overrides.handling_unit == "gatuenheten");
  BOOST_TEST(nassjo.overrides.contact == "Gatuenheten, 0380-51 80 00");
  BOOST_TEST(publication(kEksjo).title().sv == "Felanmälan i Eksjö");
  BOOST_TEST(test::audit_successes(platform->database(), "0682", "eservice.publish") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
