// The staff web in a real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core from tools/node) with axe-core on every page: tests/e2e/staff.e2e.mjs takes a
// new staff user through the first login (one-time password, new password, authenticator app
// enrolled with the secret the page shows), the start page, a section, the member switcher, a
// member without roles (404), English, logout and a second login; once with the mouse, once by
// keyboard alone. Needs scripts/install-deps.sh --test (chromium, node, tools/node).
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "samverkan/tenancy/context.hpp"
#include "services/server/platform_fixture.hpp"
#include "support/e2e_script.hpp"

using namespace samverkan;

namespace {

// A new staff user: registrar in Aneby, case handler in Eksjö (created by their
// administrators, as `samverkan staff create` and `staff grant` do).
auth::NewStaffUser new_staff_user(server::Platform& platform) {
  const auto aneby = ids::Kommunkod::parse("0604");
  const auto eksjo = ids::Kommunkod::parse("0686");
  auth::NewStaffUserRequest request;
  request.username = "eva.ek";
  request.display_name = "Eva Ek";
  request.roles = {security::Role::kRegistrar};
  const auto admin = [](const ids::Kommunkod& m) {
    return security::Principal::staff("admin", {{m, {security::Role::kAdministrator}}});
  };
  tenancy::Context create(platform.database(), admin(aneby), aneby, SystemClock::instance(), &platform.audit_log());
  auto created = platform.auth().staff().create(create, request);
  create.commit();
  tenancy::Context grant(platform.database(), admin(eksjo), eksjo, SystemClock::instance(), &platform.audit_log());
  platform.auth().staff().grant(grant, "eva.ek", {security::Role::kCaseHandler});
  grant.commit();
  return created;
}

void run(test::PlatformFixture& fixture, const std::string& mode) {
  BOOST_TEST_REQUIRE(test::browser_tools_present(), "run scripts/install-deps.sh --test (chromium, tools/node)");
  const auto user = new_staff_user(*fixture.platform);
  const auto run =
      test::run_e2e_script("staff.e2e.mjs", {fixture.platform->url(), mode, user.user.username, user.initial_password},
                           fixture.dir / ("staff-" + mode + ".log"));
  BOOST_TEST_MESSAGE(run.output);
  BOOST_TEST(run.status == 0, run.output);
  BOOST_TEST(run.output.find("ok: " + mode + ": axe found no WCAG 2.1 A/AA violations") != std::string::npos,
             run.output);
  // Every step of the login left its trace in the audit log.
  auto session = fixture.platform->database().acquire();
  int logins = 0;
  int enrolments = 0;
  *session << "SELECT COUNT(*) FROM audit_entry WHERE municipality = '0604' AND action = 'staff.login' "
              "AND outcome = 'success'",
      soci::into(logins);
  *session << "SELECT COUNT(*) FROM audit_entry WHERE municipality = '0604' AND action = 'staff.totp-enrol'",
      soci::into(enrolments);
  BOOST_TEST(logins == 2);
  BOOST_TEST(enrolments == 2, "a wrong code (refused) and the right one");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(staff_e2e_test)

BOOST_FIXTURE_TEST_CASE(a_new_staff_user_logs_in_enrols_switches_and_logs_out_in_chromium, test::PlatformFixture) {
  run(*this, "mouse");
}

BOOST_FIXTURE_TEST_CASE(the_same_by_keyboard_alone, test::PlatformFixture) { run(*this, "keyboard"); }

BOOST_AUTO_TEST_SUITE_END()
