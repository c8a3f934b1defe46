// The hiring process in a real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core from tools/node) with axe-core on every page: the whole platform serves the
// Sydnärke example over HTTPS on SQLite, Lekeberg's HR system, IT service desk, property access
// system and permission system bound over REST to the hiring simulators, started here with a
// short confirmation delay. tests/e2e/hiring.e2e.mjs logs a manager in (password and TOTP),
// submits the form with one error, fixes it, submits again, waits on the hire's page until
// every order is done, checks the dashboard, and checks that a manager of another member gets
// the 404 page for the hire. This test then checks the simulators' idempotency ledgers: every
// order of the hire arrived under its own key, and each key created exactly one order.
// Needs scripts/install-deps.sh --test (chromium, node, tools/node).
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "bankid_simulator/test_pki.hpp"
#include "hiring_simulators/hiring_simulators.hpp"
#include "samverkan/auth/totp.hpp"
#include "samverkan/hiring/hiring_service.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/tenancy/context.hpp"
#include "support/e2e_script.hpp"
#include "support/example_copy.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
using std::chrono::milliseconds;

namespace {

const ids::Kommunkod kLekeberg = ids::Kommunkod::parse("1814");
const ids::Kommunkod kAskersund = ids::Kommunkod::parse("1882");

/// A staff user who has chosen a password and enrolled the authenticator app, as after a
/// first login: what the browser needs to log in with password and code.
struct Login {
  std::string username;
  std::string password;
  std::string totp_secret;  ///< base32, as the enrolment page shows it
};

/// The platform serving the Sydnärke example, Lekeberg's four hiring systems bound to
/// simulators in this process.
struct HiringE2eFixture {
  test::TempDir dir;
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  bankid_simulator::TestPki pki = bankid_simulator::make_test_pki(dir / "pki");
  hiring_simulator::HrSimulator hr{options("/api/v2", "hr-token"), SystemClock::instance()};
  hiring_simulator::ServiceDeskSimulator desk{options("/api/v1", "desk-token"), SystemClock::instance()};
  hiring_simulator::PropertySimulator property{options("/api/v1", "access-token"), SystemClock::instance()};
  hiring_simulator::PermissionSimulator idm{options("/api/v1", "idm-token"), SystemClock::instance()};
  // Declared last, so destroyed first: the workers stop before the simulators they call.
  std::unique_ptr<server::Platform> platform;

  HiringE2eFixture() {
    for (hiring_simulator::OrderApi* simulator :
         std::initializer_list<hiring_simulator::OrderApi*>{&hr, &desk, &property, &idm}) {
      simulator->start();
    }
    // The example's REST APIs of Lekeberg's systems (scripts/run.sh's simulator ports) point
    // at the simulators started here; the CA and the tokens are theirs.
    const auto file = test::copy_example(dir, "sydnarke");
    std::string text = test::read_file(file);
    for (const auto& [from, to] :
         std::map<std::string, std::string>{{"https://localhost:8497/api/v2", hr.base_url()},
                                            {"https://localhost:8492/api/v1", desk.base_url()},
                                            {"https://localhost:8495/api/v1", property.base_url()},
                                            {"https://localhost:8493/api/v1", idm.base_url()}}) {
      const auto at = text.find(from);
      BOOST_TEST_REQUIRE(at != std::string::npos, "the example binds " + from);
      for (auto found = at; found != std::string::npos; found = text.find(from, found + to.size())) {
        text.replace(found, from.size(), to);
      }
    }
    std::ofstream(file, std::ios::trunc) << text;
    test::create_referenced_files(file);
    const auto secrets = file.parent_path() / "secrets";
    std::filesystem::copy_file(pki.ca_certificate, secrets / "hiring-ca.pem",
                               std::filesystem::copy_options::overwrite_existing);
    for (const auto& [name, token] : std::map<std::string, std::string>{{"lekeberg-hr.token", "hr-token"},
                                                                        {"servicedesk.token", "desk-token"},
                                                                        {"lekeberg-access.token", "access-token"},
                                                                        {"idm.token", "idm-token"}}) {
      std::ofstream(secrets / name, std::ios::trunc) << token << "\n";
      std::filesystem::permissions(secrets / name,
                                   std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    }
    server::PlatformOptions platform_options;
    platform_options.config_file = file;
    platform_options.data_dir = dir / "data";
    platform_options.listen = "127.0.0.1:0";
    platform = server::Platform::start(platform_options, logger);
  }

  hiring_simulator::SimulatorOptions options(const std::string& base, const std::string& token) const {
    hiring_simulator::SimulatorOptions o;
    o.certificate_file = pki.server.certificate;
    o.private_key_file = pki.server.private_key;
    o.base_path = base;
    o.tokens = {token};
    o.confirm_after = milliseconds(200);
    return o;
  }

  /// A manager in `where` (created by the administrator there, with a password chosen and the
  /// app enrolled), whose units HR has recorded.
  Login manager(const ids::Kommunkod& where, const std::string& username, const std::string& name,
                const std::string& unit) {
    const auto admin = security::Principal::staff("admin", {{where, {security::Role::kAdministrator}}});
    auto& staff = platform->auth().staff();
    tenancy::Context create(platform->database(), admin, where, SystemClock::instance(), &platform->audit_log());
    const auto created = staff.create(create, {.username = username,
                                               .hsa_id = std::nullopt,
                                               .display_name = name,
                                               .roles = {security::Role::kHiringManager},
                                               .platform_administrator = false});
    create.commit();
    Login login{username, "en lång mening som lösenord för " + username, {}};
    staff.set_initial_password(created.user.id, login.password);
    login.totp_secret = staff.renew_totp_secret(created.user.id).secret;
    // The app's code of the previous step confirms it (accepted as clock drift), so that the
    // browser's code of the current step is not a replay.
    const auto secret = auth::base32_decode(login.totp_secret);
    BOOST_TEST_REQUIRE(secret.has_value());
    staff.confirm_totp(created.user.id, auth::totp(*secret, SystemClock::instance().now() - std::chrono::seconds(30)));

    const auto hr_officer = security::Principal::staff("hr.officer", {{where, {security::Role::kHrOfficer}}});
    tenancy::Context record(platform->database(), hr_officer, where, SystemClock::instance(), &platform->audit_log());
    hiring::HiringService(platform->cooperation(), platform->keyring())
        .set_manager(record, {username, name, username + "@example.org", {unit}});
    record.commit();
    return login;
  }

  /// The hire as HR in Lekeberg reads it.
  hiring::Hire read_hire(const std::string& id) {
    const auto hr_officer = security::Principal::staff("hr.officer", {{kLekeberg, {security::Role::kHrOfficer}}});
    tenancy::Context ctx(platform->database(), hr_officer, kLekeberg, SystemClock::instance(), &platform->audit_log());
    auto out = hiring::HiringService(platform->cooperation(), platform->keyring()).get(ctx, id);
    ctx.commit();
    return out;
  }
};

/// The simulator that takes orders of `kind` for Lekeberg.
const hiring_simulator::OrderApi& system_of(const HiringE2eFixture& f, hiring::OrderKind kind) {
  switch (kind) {
    case hiring::OrderKind::kEmployment:
      return f.hr;
    case hiring::OrderKind::kAccount:
    case hiring::OrderKind::kEquipment:
      return f.desk;
    case hiring::OrderKind::kCard:
      return f.property;
    case hiring::OrderKind::kPermissions:
      return f.idm;
  }
  return f.hr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hiring_e2e_test)

BOOST_FIXTURE_TEST_CASE(a_manager_hires_in_chromium_and_every_order_is_confirmed_once, HiringE2eFixture) {
  BOOST_TEST_REQUIRE(test::browser_tools_present(), "run scripts/install-deps.sh --test (chromium, tools/node)");
  const auto karin = manager(kLekeberg, "karin.lund", "Karin Lund", "kontaktcenter");
  const auto asa = manager(kAskersund, "asa.ask", "Åsa Ask", "kontaktcenter");

  const auto run = test::run_e2e_script(
      "hiring.e2e.mjs",
      {platform->url(), karin.username, karin.password, karin.totp_secret, asa.username, asa.password, asa.totp_secret},
      dir / "hiring.log");
  BOOST_TEST_MESSAGE(run.output);
  BOOST_TEST_REQUIRE(run.status == 0, run.output);
  std::smatch found;
  BOOST_TEST_REQUIRE(std::regex_search(run.output, found, std::regex("ok: hire ([0-9]+) is ready")), run.output);
  BOOST_TEST(run.output.find("axe found no WCAG 2.1 A/AA violations") != std::string::npos, run.output);

  // All five orders are done, and each went to its system under its own key exactly once.
  const auto hire = read_hire(found[1].str());
  BOOST_TEST(hiring::to_string(hire.status) == "ready");
  BOOST_TEST_REQUIRE(hire.orders.size() == 5u);
  std::map<const hiring_simulator::OrderApi*, std::size_t> expected;
  for (const auto& order : hire.orders) {
    BOOST_TEST(hiring::to_string(order.status) == "done", order.key);
    const auto& system = system_of(*this, order.kind);
    int keys = 0;
    for (const auto& entry : system.ledger()) {
      // A permission order grants each role under "<key>-g<n>".
      if (entry.key == order.key || entry.key.starts_with(order.key + "-g")) {
        ++keys;
        BOOST_TEST(entry.created == 1, entry.key);
        BOOST_TEST(entry.summary.find(hire.given_name) == std::string::npos, "the ledger names no person");
      }
    }
    BOOST_TEST(keys >= 1, order.key + " reached its system");
    expected[&system] += static_cast<std::size_t>(keys);
  }
  // Nothing else arrived: every ledger entry belongs to one of the hire's orders.
  for (const hiring_simulator::OrderApi* system :
       std::initializer_list<const hiring_simulator::OrderApi*>{&hr, &desk, &property, &idm}) {
    BOOST_TEST(system->ledger().size() == expected[system], system->base_url());
  }
  BOOST_TEST(idm.ledger().size() == 3u, "the unit's two default roles and the one chosen");
}

BOOST_AUTO_TEST_SUITE_END()
