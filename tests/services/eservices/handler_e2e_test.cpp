// The handler's staff pages in a real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core from tools/node) with axe-core on every page: tests/e2e/handler.e2e.mjs logs a
// case handler of Eksjö in, filters the inbox, opens a school transport errand, downloads its
// certificate, meets the note's error summary, adds a note, writes to the citizen, takes the
// errand and closes it, then follows the case number's link to the diary's case page; once with
// the mouse, once by keyboard alone. Needs scripts/install-deps.sh --test (chromium, node, tools/node).
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "samverkan/auth/totp.hpp"
#include "samverkan/eservices/errand_work.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "services/eservices/pages_fixture.hpp"
#include "services/eservices/school_transport.hpp"
#include "support/e2e_script.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;

BOOST_AUTO_TEST_SUITE(handler_e2e_test)

namespace {

/// A case handler of Eksjö answers a new school transport errand in Chromium, by `mode`
/// ("mouse" or "keyboard"), and the errand shows what the browser did.
void answer_and_close(PagesFixture& f, const std::string& mode, const std::string& handler) {
  BOOST_TEST_REQUIRE(test::browser_tools_present(), "run scripts/install-deps.sh --test (chromium, tools/node)");
  auto& platform = f.platform;
  auto& db = platform->database();
  const auto& now = SystemClock::instance();

  // A guardian's school transport application in Eksjö, with a certificate.
  eservices::Catalogue catalogue(platform->cooperation());
  eservices::Submissions submissions(catalogue, platform->keyring());
  const auto citizen = security::Principal::citizen(ids::Personnummer::parse("191212121212"));
  tenancy::Context submit(db, citizen, kEksjo, now, &platform->audit_log());
  const auto outcome = submissions.submit(submit, "skolskjuts", 1, test::school_transport_answers());
  submit.commit();
  BOOST_TEST_REQUIRE(outcome.receipt.has_value());
  const std::string reference = outcome.receipt->reference;
  // The platform's on-submit worker registers it as a case in Eksjö's diary (BUN) within a
  // second or so; the pages then link the case number to the diary's case page.
  const auto reader = security::Principal::staff("reader", {{kEksjo, {security::Role::kReader}}});
  std::string case_number;
  for (int attempt = 0; attempt < 300 && case_number.empty(); ++attempt) {
    tenancy::Context look(db, reader, kEksjo, now, &platform->audit_log());
    case_number = submissions.errand(look, reference).summary.case_number.value_or("");
    look.commit();
    if (case_number.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  BOOST_TEST_REQUIRE(!case_number.empty(), "the errand was registered as a case within 30 s");

  // A case handler of Eksjö, as after a first login.
  const std::string password = "en lång mening som lösenord för " + handler;
  const auto secret_text =
      f.enrolled_staff_user(kEksjo, handler, "Handläggare " + handler, security::Role::kCaseHandler, password);

  const auto run = test::run_e2e_script("handler.e2e.mjs",
                                        {platform->url(), handler, password, secret_text, reference, case_number, mode},
                                        f.dir / ("handler-" + mode + ".log"));
  BOOST_TEST_MESSAGE(run.output);
  BOOST_TEST(run.status == 0, run.output);
  BOOST_TEST(run.output.find("ok: " + mode + ":") != std::string::npos, run.output);
  BOOST_TEST(run.output.find("axe found no WCAG 2.1 A/AA violations") != std::string::npos, run.output);

  // What the browser did is in the errand and in the audit log.
  eservices::ErrandWork work(submissions, platform->keyring());
  tenancy::Context read(db, reader, kEksjo, now, &platform->audit_log());
  const auto file = work.case_file(read, reference);
  read.commit();
  BOOST_TEST((file.errand.summary.status == eservices::ErrandStatus::kClosed));
  BOOST_TEST(file.assigned_to.value_or("") == handler);
  BOOST_TEST(file.notes.size() == 1u);
  BOOST_TEST(file.messages.size() == 1u);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "errand.view") >= 1);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "errand.attachment.download") == 1);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "case.view") == 1, "the case page, by its link");
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_handler_answers_the_citizen_and_closes_the_errand_in_chromium, PagesFixture) {
  answer_and_close(*this, "mouse", "hugo.handlaggare");
}

// The same flow by keyboard alone: Tab, Shift+Tab, Enter, Space and arrow keys, with the focus
// visible on every element acted on and axe on every page.
BOOST_FIXTURE_TEST_CASE(a_handler_does_it_all_by_keyboard_alone_in_chromium, PagesFixture) {
  answer_and_close(*this, "keyboard", "kim.handlaggare");
}

BOOST_AUTO_TEST_SUITE_END()
