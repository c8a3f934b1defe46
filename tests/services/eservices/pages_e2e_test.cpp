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

#include "samverkan/tenancy/context.hpp"
#include "services/eservices/pages_fixture.hpp"
#include "support/e2e_script.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;

namespace {

// Runs the browser script against the platform while the simulator's clock keeps pace with
// the real one (its orders complete after 4 s, so the page shows several QR codes before).
// Returns the exit status; the output in `output`.
int run_browser(PagesFixture& fixture, const std::string& mode, std::string& output) {
  const auto script = test::source_dir() / "tests/e2e/pages.e2e.mjs";
  const auto log_file = fixture.dir / ("browser-" + mode + ".log");
  // The handler's API client of Eksjö, for the message the script sends through the API.
  const auto eksjo = ids::Kommunkod::parse("0686");
  const auto admin = security::Principal::staff("admin", {{eksjo, {security::Role::kAdministrator}}});
  tenancy::Context ctx(fixture.platform->database(), admin, eksjo, SystemClock::instance(),
                       &fixture.platform->audit_log());
  const auto client = fixture.platform->auth().clients().create(ctx, {"errands:read", "errands:write"});
  ctx.commit();
  const std::string command = "node '" + script.string() + "' '" + fixture.platform->url() + "' " + mode + " '" +
                              client.client.id + "' '" + client.secret + "' > '" + log_file.string() + "' 2>&1";
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

BOOST_AUTO_TEST_SUITE_END()
