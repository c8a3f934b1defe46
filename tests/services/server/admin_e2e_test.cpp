// The administrator's staff pages in a real headless Chromium (Debian's /usr/bin/chromium driven
// by playwright-core from tools/node) with axe-core on every page: tests/e2e/admin.e2e.mjs logs
// an administrator of Eksjö in, who creates a user with a role and an API client, revokes the
// client, browses the audit log and verifies it. Needs scripts/install-deps.sh --test
// (chromium, node, tools/node).
#include <boost/test/unit_test.hpp>

#include "services/server/platform_fixture.hpp"
#include "support/e2e_script.hpp"

using namespace samverkan;

namespace {

const auto kEksjo = ids::Kommunkod::parse("0686");

/// The value after "`label`: " on its line of the script's output.
std::string printed(const std::string& output, const std::string& label) {
  const auto at = output.find(label + ": ");
  if (at == std::string::npos) return {};
  const auto start = at + label.size() + 2;
  return output.substr(start, output.find('\n', start) - start);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(admin_e2e_test)

BOOST_FIXTURE_TEST_CASE(an_administrator_manages_users_clients_and_the_audit_log_in_chromium, test::PlatformFixture) {
  BOOST_TEST_REQUIRE(test::browser_tools_present(), "run scripts/install-deps.sh --test (chromium, tools/node)");
  const std::string password = "en lång mening som lösenord för ada";
  const auto secret =
      test::enrolled_staff_user(*platform, kEksjo, "ada.admin", "Ada Admin", security::Role::kAdministrator, password);
  const auto run =
      test::run_e2e_script("admin.e2e.mjs", {platform->url(), "ada.admin", password, secret}, dir / "admin.log");
  BOOST_TEST_MESSAGE(run.output);
  BOOST_TEST_REQUIRE(run.status == 0, run.output);
  BOOST_TEST(run.output.find("ok: axe found no WCAG 2.1 A/AA violations") != std::string::npos, run.output);

  // What the browser did: Rita is Eksjö's registrar with the password shown; the client is revoked.
  auto& staff = platform->auth().staff();
  const auto rita = staff.web_login("rita.registrator", printed(run.output, "user-password"), "");
  BOOST_TEST(rita.must_change_password);
  BOOST_TEST((rita.roles.at(kEksjo) == std::set<security::Role>{security::Role::kRegistrar}));
  const std::string client = printed(run.output, "client");
  const auto space = client.find(' ');
  BOOST_TEST_REQUIRE(space != std::string::npos, run.output);
  const auto found = platform->auth().clients().find(client.substr(0, space));
  BOOST_TEST_REQUIRE(found.has_value());
  BOOST_TEST(found->municipality.str() == "0686");
  BOOST_TEST(!found->active());
  BOOST_TEST(!platform->auth().clients().authenticate(client.substr(0, space), client.substr(space + 1)).has_value());
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "staff.create") == 2, "Ada's and Rita's");
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "api-client.create") == 1);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "api-client.revoke") == 1);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "staff.list.view") >= 1);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "audit.view") == 2);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "audit.verify") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
