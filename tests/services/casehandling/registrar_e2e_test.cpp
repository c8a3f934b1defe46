// The registrar's staff pages in a real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core from tools/node) with axe-core on every page: tests/e2e/registrar.e2e.mjs logs
// a registrar of Eksjö in, reserves a number, registers a case on it, registers a secret
// document (refused first without its OSL provision) and a public one, finds the case in the
// public register without the secret document's title, and closes the case. Needs
// scripts/install-deps.sh --test (chromium, node, tools/node).
#include <boost/test/unit_test.hpp>

#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/casehandling/public_register.hpp"
#include "services/server/platform_fixture.hpp"
#include "support/e2e_script.hpp"

using namespace samverkan;

namespace {

const auto kEksjo = ids::Kommunkod::parse("0686");

}  // namespace

BOOST_AUTO_TEST_SUITE(registrar_e2e_test)

BOOST_FIXTURE_TEST_CASE(a_registrar_registers_a_case_with_a_secret_document_in_chromium, test::PlatformFixture) {
  BOOST_TEST_REQUIRE(test::browser_tools_present(), "run scripts/install-deps.sh --test (chromium, tools/node)");
  auto& db = platform->database();
  const auto& now = SystemClock::instance();

  // A registrar of Eksjö with a password chosen and the app enrolled, as after a first login.
  const std::string password = "en lång mening som lösenord för rut";
  const std::string secret_text = test::enrolled_staff_user(*platform, kEksjo, "rut.registrator", "Rut Registrator",
                                                            security::Role::kRegistrar, password);
  const std::string year = std::to_string(static_cast<int>(calendar::swedish_date(now.now()).year()));

  const auto run = test::run_e2e_script(
      "registrar.e2e.mjs", {platform->url(), "rut.registrator", password, secret_text, year}, dir / "registrar.log");
  BOOST_TEST_MESSAGE(run.output);
  BOOST_TEST(run.status == 0, run.output);
  BOOST_TEST(run.output.find("axe found no WCAG 2.1 A/AA violations") != std::string::npos, run.output);

  // What the browser did is in the diary, and the public register shows only the mask.
  const auto boards = casehandling::BoardDirectory::from_cooperation(platform->cooperation());
  casehandling::Diary diary(boards);
  casehandling::CaseService cases(diary, platform->keyring());
  const auto reader = security::Principal::staff("reader", {{kEksjo, {security::Role::kReader}}});
  tenancy::Context read(db, reader, kEksjo, now, &platform->audit_log());
  const auto number = casehandling::CaseNumber::parse("KS " + year + "/1");
  const auto record = cases.get_case(read, number);
  const auto documents = cases.documents(read, number);
  const auto numbers = diary.numbers(read, "KS", std::stoi(year));
  read.commit();
  BOOST_TEST_REQUIRE(numbers.size() == 2u);
  BOOST_TEST((numbers[1].status == casehandling::NumberStatus::kUnused), "the second reservation given up");
  BOOST_TEST(numbers[1].note == "Ansökan drogs tillbaka");
  BOOST_TEST(numbers[1].closed_by.has_value());
  BOOST_TEST(record.title == "Bostadsanpassning av badrum");
  BOOST_TEST((record.status == casehandling::CaseStatus::kClosed));
  BOOST_TEST_REQUIRE(documents.size() == 2u);
  BOOST_TEST((documents[0].secrecy.level == casehandling::SecrecyLevel::kSecret));
  BOOST_TEST(documents[0].secrecy.legal_reference == "OSL 26 kap. 1 §");
  BOOST_TEST((documents[1].secrecy.level == casehandling::SecrecyLevel::kPublic));

  casehandling::PublicRegister public_register(boards);
  tenancy::Context anyone(db, security::Principal::anonymous(), kEksjo, now, &platform->audit_log());
  casehandling::RegisterQuery query;
  query.number = number;
  const auto found = public_register.search(anyone, query);
  anyone.commit();
  BOOST_TEST_REQUIRE(found.size() == 1u);
  BOOST_TEST_REQUIRE(found[0].documents.size() == 2u);
  BOOST_TEST(found[0].documents[0].title == "Sekretess (OSL 26 kap. 1 §)");
  BOOST_TEST(found[0].parties.at(0).name == std::string(casehandling::kMaskedPerson));

  BOOST_TEST(test::audit_successes(platform->database(), "0686", "case.register") == 1);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "document.register") == 2);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "diary.reserve") == 2);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "diary.release") == 1);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "diary.reservation.read") >= 2);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "case.view") >= 1);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "document.download") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
