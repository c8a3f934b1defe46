// The hiring process in a real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core from tools/node) with axe-core on every page: the whole platform serves the
// Sydnärke example (provisioned as scripts/run.sh does) over HTTPS on SQLite, Lekeberg's HR
// system, IT service desk, property access system and permission system bound over REST to the
// hiring simulators, started here with a short confirmation delay; digital mail goes to the Mina
// meddelanden simulators (signatures checked against the provisioned CA) and BankID to the
// BankID simulator. tests/e2e/hiring.e2e.mjs logs a manager in (password and TOTP), submits the
// form with one error, fixes it, submits again, waits on the hire's page until every order is
// done, checks the dashboard, and checks that a manager of another member gets the 404 page for
// the hire. This test then checks the simulators' idempotency ledgers (every order of the hire
// arrived under its own key, and each key created exactly one order), waits for the contract's
// signed delivery at the mailbox operator (the PDF attached, its SHA-256 the hire's), and hands
// the signing link from the letter to tests/e2e/hiring_contract.e2e.mjs: the employee signs
// with BankID on the hosted page and the manager sees it signed; the signature's evidence is
// then registered in the contract's case. Last, the invitation before day one arrives at the
// SMTP sink, and tests/e2e/hiring_welcome.e2e.mjs logs the employee in with BankID through its
// link and activates the account; the desk and the permission system get the activation once.
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
#include <thread>
#include <vector>

#include <Poco/Net/QuotedPrintableDecoder.h>
#include <soci/soci.h>

#include "bankid_simulator/bankid_simulator.hpp"
#include "bankid_simulator/test_pki.hpp"
#include "hiring_simulators/hiring_simulators.hpp"
#include "minameddelanden_simulator/mm_simulator.hpp"
#include "provision/dev_provision.hpp"
#include "samverkan/auth/totp.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/hiring/hiring_service.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/eservices/smtp_sink.hpp"
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
  std::unique_ptr<bankid_simulator::Simulator> bankid;
  test::SmtpSink smtp;  // the invitation before day one
  std::unique_ptr<mm_simulator::MailboxOperator> mailbox_operator;
  std::unique_ptr<mm_simulator::RecipientRegister> recipient_register;
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
    // Keys, certificates and tokens as scripts/run.sh makes them; the Mina meddelanden
    // simulators serve with the provisioned PKI, and the register's address goes into the file.
    const auto pki_files = dev_provision::provision({.cooperation_file = file}).pki;
    mm_simulator::ServerSettings mm;
    mm.certificate_file = pki_files.server_certificate;
    mm.private_key_file = pki_files.server_key;
    mm.client_ca_file = pki_files.ca_certificate;
    mm.schema_dir = std::filesystem::path(SAMVERKAN_SHARED_DIR) / "reference/minameddelanden/schema";
    mailbox_operator = std::make_unique<mm_simulator::MailboxOperator>(
        mm, mm_simulator::mailbox_signature_verifier(mm.schema_dir, pki_files.signing_ca));
    mailbox_operator->start();
    recipient_register = std::make_unique<mm_simulator::RecipientRegister>(mm);
    recipient_register->start();
    mm_simulator::Account reachable;
    reachable.service_supplier = mailbox_operator->as_service_supplier();
    recipient_register->set_default_account(reachable);
    text = test::read_file(file);
    const std::string kRegister = "https://localhost:8491/Recipient/v3";
    const auto register_at = text.find(kRegister);
    BOOST_TEST_REQUIRE(register_at != std::string::npos, "the example names the register");
    text.replace(register_at, kRegister.size(), recipient_register->url());
    std::ofstream(file, std::ios::trunc) << text;
    // BankID: the simulator with the test PKI; the person an order requires signs it after 2 s.
    bankid_simulator::SimulatorOptions bankid_options;
    bankid_options.certificate_file = pki.server.certificate;
    bankid_options.private_key_file = pki.server.private_key;
    bankid_options.client_ca_file = pki.ca_certificate;
    bankid_options.complete_after = std::chrono::seconds(2);
    bankid = std::make_unique<bankid_simulator::Simulator>(bankid_options, SystemClock::instance());
    bankid->start();
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
    bankid::ClientOptions bankid_client;
    bankid_client.base_url = bankid->base_url();
    bankid_client.client_certificate_file = pki.relying_party.certificate;
    bankid_client.client_private_key_file = pki.relying_party.private_key;
    bankid_client.server_ca_file = pki.ca_certificate;
    platform_options.bankid = bankid_client;
    platform_options.smtp =
        mail::SmtpOptions{.host = "127.0.0.1", .port = smtp.port(), .from = "noreply@sydnarke.example"};
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

  // The contract: a signed delivery to the employee's mailbox at the operator, carrying the PDF
  // whose SHA-256 the hire holds, and the link to the signing page.
  std::optional<mm_simulator::AcceptedDelivery> letter;
  for (int i = 0; i < 300 && !letter; ++i) {
    for (const auto& d : mailbox_operator->deliveries()) {
      if (d.recipient_id == hire.personnummer) letter = d;
    }
    if (!letter) std::this_thread::sleep_for(milliseconds(100));
  }
  BOOST_TEST_REQUIRE(letter.has_value(), "the contract reached the digital mailbox within 30 s\n" + log_stream.str());
  BOOST_TEST(mailbox_operator->refused() == 0u, mailbox_operator->last_refusal());
  const auto sent = read_hire(hire.id);
  BOOST_TEST(hiring::to_string(sent.contract.state) == "sent");
  BOOST_TEST(!sent.contract.case_number.empty(), "registered in Lekeberg's diary");
  BOOST_TEST_REQUIRE(letter->attachments.size() == 1u);
  BOOST_TEST(letter->attachments.front().content_type == "application/pdf");
  BOOST_TEST(crypto::sha256_hex(letter->attachments.front().content) == sent.contract.sha256);
  BOOST_TEST_REQUIRE(letter->bodies.size() == 1u);
  std::smatch link;
  BOOST_TEST_REQUIRE(std::regex_search(letter->bodies.front(), link,
                                       std::regex("https://[^\\s]+/anstallning/1814/avtal/[0-9a-f]{64}")),
                     letter->bodies.front());

  const auto signing =
      test::run_e2e_script("hiring_contract.e2e.mjs",
                           {link[0].str(), platform->url(), karin.username, karin.password, karin.totp_secret, hire.id},
                           dir / "hiring_contract.log");
  BOOST_TEST_MESSAGE(signing.output);
  BOOST_TEST_REQUIRE(signing.status == 0, signing.output);
  BOOST_TEST(signing.output.find("ok: contract of hire " + hire.id + " signed") != std::string::npos, signing.output);
  const auto signed_hire = read_hire(hire.id);
  BOOST_TEST(hiring::to_string(signed_hire.contract.state) == "signed");
  BOOST_TEST(signed_hire.contract.signed_at.has_value());
  // The evidence is registered in the contract's case (Lekeberg's diary is the platform's own).
  bool registered = false;
  for (int i = 0; i < 100 && !registered; ++i) {
    auto session = platform->database().acquire();
    long long n = 0;
    *session << "SELECT COUNT(*) FROM hiring_contract WHERE hire_id = :id AND evidence_registration IS NOT NULL",
        soci::use(hire.id, "id"), soci::into(n);
    registered = n == 1;
    if (!registered) std::this_thread::sleep_for(milliseconds(100));
  }
  BOOST_TEST(registered, "the signature's evidence is registered in the case\n" + log_stream.str());

  // Before day one: the invitation to the private address (sent once the account was made),
  // its link to the employee's pages; the employee logs in with BankID and activates the account.
  std::string invitation;
  for (int i = 0; i < 300 && invitation.empty(); ++i) {
    for (const auto& mail : smtp.mails()) {
      if (mail.to.empty() || mail.to.front() != "<anna.privat@example.com>") continue;
      const auto blank = mail.data.find("\r\n\r\n");
      std::istringstream raw(blank == std::string::npos ? mail.data : mail.data.substr(blank + 4));
      Poco::Net::QuotedPrintableDecoder decoder(raw);
      invitation.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
    }
    if (invitation.empty()) std::this_thread::sleep_for(milliseconds(100));
  }
  BOOST_TEST_REQUIRE(!invitation.empty(), "the invitation was sent within 30 s\n" + log_stream.str());
  BOOST_TEST(invitation.find("Andersson") == std::string::npos, "the invitation names no one");
  std::smatch welcome_link;
  BOOST_TEST_REQUIRE(
      std::regex_search(invitation, welcome_link, std::regex("https://[^\\s]+/anstallning/1814/start/[0-9a-f]{64}")),
      invitation);
  const auto welcome =
      test::run_e2e_script("hiring_welcome.e2e.mjs", {welcome_link[0].str(), hire.id}, dir / "hiring_welcome.log");
  BOOST_TEST_MESSAGE(welcome.output);
  BOOST_TEST_REQUIRE(welcome.status == 0, welcome.output);
  BOOST_TEST(welcome.output.find("ok: hire " + hire.id + " activated") != std::string::npos, welcome.output);
  // The activation reaches the IT service desk and the permission system once each.
  const std::string activation = "hire-1814-" + hire.id + "-activation-";
  int reached = 0;
  for (int i = 0; i < 300 && reached < 2; ++i) {
    reached = 0;
    for (const auto& entry : desk.ledger()) reached += entry.key == activation + "account" ? entry.created : 0;
    for (const auto& entry : idm.ledger()) reached += entry.key == activation + "permissions" ? entry.created : 0;
    if (reached < 2) std::this_thread::sleep_for(milliseconds(100));
  }
  BOOST_TEST(reached == 2, "the activation reached the desk and the permission system once each");
}

BOOST_AUTO_TEST_SUITE_END()
