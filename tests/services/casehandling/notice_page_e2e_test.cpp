// The public notice-board page and the public minutes in a real headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core from tools/node) with axe-core on every page:
// tests/e2e/notice_board.e2e.mjs. Needs scripts/install-deps.sh --test (chromium, tools/node).
#include <cstdlib>
#include <filesystem>

#include "minutes_render_flow.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(notice_page_e2e_test)

BOOST_AUTO_TEST_CASE(the_board_and_the_public_minutes_in_chromium_with_no_axe_violations) {
  BOOST_TEST_REQUIRE((std::filesystem::exists("/usr/bin/chromium") &&
                      std::filesystem::exists(test::source_dir() / "tools/node/node_modules/playwright-core") &&
                      std::filesystem::exists(test::source_dir() / "tools/node/node_modules/axe-core")),
                     "run scripts/install-deps.sh --test (chromium, tools/node)");
  test::MeetingRoutesFixture f;
  const auto flow = test::prepare_minutes_flow(f, true);
  const auto script = test::source_dir() / "tests/e2e/notice_board.e2e.mjs";
  const auto log_file = f.dir / "browser.log";
  const std::string command = "node '" + script.string() + "' '" + f.platform->url() + "' 0604 " + flow.minutes_id +
                              " 0686 > '" + log_file.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  const std::string output = test::read_file(log_file);
  BOOST_TEST_MESSAGE(output);
  BOOST_TEST(status == 0, output);
  BOOST_TEST(output.find("ok: notice board") != std::string::npos, output);
}

BOOST_AUTO_TEST_SUITE_END()
