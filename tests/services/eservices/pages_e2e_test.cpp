// The hosted pages in a real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core from tools/node; no browser is downloaded) with axe-core on every page:
// tests/e2e/pages.e2e.mjs logs in with the BankID simulator, fills in the fault report with an
// attachment, meets the error summary, fixes it, submits, sees the receipt and finds the
// errand on Mina sidor, where a message a handler sent through the API waits and the citizen
// replies; once with the mouse, once by keyboard alone. Needs
// scripts/install-deps.sh --test (chromium, node, tools/node).
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include <soci/soci.h>

#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/eservices/pages_fixture.hpp"
#include "support/e2e_script.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;

namespace {

// Runs the browser script `script` of tests/e2e with `arguments` (after the platform's URL)
// while the simulator's clock keeps pace with the real one (its orders complete after 4 s, so
// the page shows several QR codes before). Returns the exit status; the output in `output`.
int run_script(PagesFixture& fixture, const std::string& script, const std::vector<std::string>& arguments,
               const std::string& log_name, std::string& output) {
  const auto log_file = fixture.dir / (log_name + ".log");
  std::string command =
      "node '" + (test::source_dir() / "tests/e2e" / script).string() + "' '" + fixture.platform->url() + "'";
  for (const auto& argument : arguments) command += " '" + argument + "'";
  command += " > '" + log_file.string() + "' 2>&1";
  std::atomic<bool> done{false};
  std::thread ticker([&] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      fixture.clock.advance(std::chrono::milliseconds(200));
    }
  });
  const int status = std::system(command.c_str());
  done = true;
  ticker.join();
  output = test::read_file(log_file);
  return status;
}

// The citizen flow (pages.e2e.mjs) by `mode`, with the handler's API client of Eksjö for the
// message the script sends through the API.
int run_browser(PagesFixture& fixture, const std::string& mode, std::string& output) {
  const auto eksjo = ids::Kommunkod::parse("0686");
  const auto admin = security::Principal::staff("admin", {{eksjo, {security::Role::kAdministrator}}});
  tenancy::Context ctx(fixture.platform->database(), admin, eksjo, SystemClock::instance(),
                       &fixture.platform->audit_log());
  const auto client = fixture.platform->auth().clients().create(ctx, {"errands:read", "errands:write"});
  ctx.commit();
  return run_script(fixture, "pages.e2e.mjs", {mode, client.client.id, client.secret}, "browser-" + mode, output);
}

// A closed fault report of the simulator's user (Anna) in Eksjö; its reference.
std::string closed_report(PagesFixture& fixture) {
  const auto eksjo = ids::Kommunkod::parse("0686");
  eservices::Catalogue catalogue(fixture.platform->cooperation());
  eservices::Submissions submissions(catalogue, fixture.platform->keyring());
  eservices::Answers answers;
  answers.values = {{"fault-type", {"pothole"}}, {"description", {"Ett hål vid torget"}}, {"address", {"Torget"}}};
  const auto as = [&](const security::Principal& who, auto&& work) {
    tenancy::Context ctx(fixture.platform->database(), who, eksjo, SystemClock::instance(),
                         &fixture.platform->audit_log());
    auto result = work(ctx);
    ctx.commit();
    return result;
  };
  const std::string reference =
      as(security::Principal::citizen(ids::Personnummer::parse(test::kAnna)), [&](tenancy::Context& ctx) {
        return submissions.submit(ctx, "felanmalan-gata-park", 1, answers).receipt.value().reference;
      });
  as(security::Principal::staff("handler", {{eksjo, {security::Role::kCaseHandler}}}), [&](tenancy::Context& ctx) {
    submissions.change_status(ctx, reference, eservices::ErrandStatus::kClosed);
    return 0;
  });
  return reference;
}

long long survey_answers(PagesFixture& fixture) {
  long long n = 0;
  auto session = fixture.platform->database().acquire();
  *session << "SELECT COUNT(*) FROM eservice_survey_answer", soci::into(n);
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pages_e2e_test)

BOOST_FIXTURE_TEST_CASE(the_citizen_flow_in_chromium_with_no_axe_violations, PagesFixture) {
  BOOST_TEST_REQUIRE(test::browser_tools_present(), "run scripts/install-deps.sh --test (chromium, tools/node)");
  std::string output;
  const int status = run_browser(*this, "mouse", output);
  BOOST_TEST_MESSAGE(output);
  BOOST_TEST(status == 0, output);
  BOOST_TEST(output.find("ok: mouse: ET-") != std::string::npos, output);
}

BOOST_FIXTURE_TEST_CASE(the_citizen_flow_by_keyboard_alone, PagesFixture) {
  BOOST_TEST_REQUIRE(test::browser_tools_present(), "run scripts/install-deps.sh --test (chromium, tools/node)");
  std::string output;
  const int status = run_browser(*this, "keyboard", output);
  BOOST_TEST_MESSAGE(output);
  BOOST_TEST(status == 0, output);
  BOOST_TEST(output.find("ok: keyboard: ET-") != std::string::npos, output);
}

// The satisfaction survey of a closed errand (survey.e2e.mjs): the error summary for missing
// answers, then the answers and the thanks; axe on every page; by mouse, and by keyboard alone
// (a radio group is reached by Tab and answered with the arrow keys).
BOOST_FIXTURE_TEST_CASE(the_survey_in_chromium_by_mouse_and_by_keyboard, PagesFixture) {
  BOOST_TEST_REQUIRE(test::browser_tools_present(), "run scripts/install-deps.sh --test (chromium, tools/node)");
  for (const std::string mode : {"mouse", "keyboard"}) {
    const std::string reference = closed_report(*this);
    const long long before = survey_answers(*this);
    std::string output;
    const int status = run_script(*this, "survey.e2e.mjs", {reference, mode}, "survey-" + mode, output);
    BOOST_TEST_MESSAGE(output);
    BOOST_TEST(status == 0, output);
    BOOST_TEST(output.find("ok: survey: " + mode + ": " + reference) != std::string::npos, output);
    BOOST_TEST(survey_answers(*this) == before + 1, "one answer stored");
  }
  auto session = platform->database().acquire();
  long long nines = 0;
  *session << "SELECT COUNT(*) FROM eservice_survey_answer WHERE overall = 9 AND expectations = 8 AND ideal = 10",
      soci::into(nines);
  BOOST_TEST(nines == 2, "the values chosen in the browser, both times");
}

BOOST_AUTO_TEST_SUITE_END()
