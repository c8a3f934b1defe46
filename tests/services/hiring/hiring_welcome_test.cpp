// Before day one: once the account is made, the invitation goes to the private e-mail once,
// naming no one; the employee logs in with BankID (the simulator over mutual TLS) through the
// one-time link, sees the overview and activates the account, which orders the activation from
// the IT service desk and the permission system exactly once; a used link, a wrong or expired
// code and another member's page are refused.
#include <boost/test/unit_test.hpp>

#include <Poco/Net/QuotedPrintableDecoder.h>

#include <regex>
#include <sstream>

#include "hiring_fixture.hpp"
#include "libcore/bankid/bankid_fixture.hpp"
#include "samverkan/hiring/welcome.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
using namespace samverkan::hiring;
using namespace samverkan::hiring::test;

namespace {

struct Fixture : SqliteDatabase, HiringWorld {
  Fixture() : HiringWorld(*SqliteDatabase::db) {}

  samverkan::test::BankIdFixture bankid_env;
  std::unique_ptr<bankid::Client> client = bankid_env.client();
  EmployeeWelcome welcome{cooperation, keyring, client.get()};

  /// A hire of Bertil (the BankID test person) whose account the desk has made.
  Hire hire_with_account() {
    auto f = form(1);
    f.personnummer = samverkan::test::kBertil;
    const Hire hire = create(karin, kLekeberg, f);
    run_jobs();
    at(kLekeberg).desk->deliver_all();
    advance(std::chrono::hours(2));
    return hire;
  }

  /// The invitation mails to the private address, their bodies decoded.
  std::vector<std::string> invitations() {
    std::vector<std::string> out;
    for (const auto& mail : sink.mails()) {
      if (mail.to.empty() || mail.to.front() != "<anna.privat@example.com>") continue;
      const auto blank = mail.data.find("\r\n\r\n");
      std::istringstream raw(blank == std::string::npos ? mail.data : mail.data.substr(blank + 4));
      Poco::Net::QuotedPrintableDecoder decoder(raw);
      out.emplace_back(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
    }
    return out;
  }

  static std::string token_of(const std::string& body) {
    static const std::regex link(R"(https://samverkan\.test/anstallning/1814/start/([0-9a-f]{64}))");
    std::smatch m;
    BOOST_TEST_REQUIRE(std::regex_search(body, m, link), body);
    return m[1];
  }

  template <typename Body>
  auto on_page(const ids::Kommunkod& where, Body&& body) {
    return as(security::Principal::anonymous(), where, std::forward<Body>(body));
  }

  /// Logs in through the link; the overview once BankID completes.
  WelcomeOverview log_in(const std::string& token) {
    const SignStarted started =
        on_page(kLekeberg, [&](auto& ctx) { return welcome.start_login(ctx, token, "192.0.2.20"); });
    const WelcomeProgress pending =
        on_page(kLekeberg, [&](auto& ctx) { return welcome.poll_login(ctx, token, started.signing_id); });
    BOOST_TEST((pending.login.state == SignState::kPending));
    BOOST_TEST(pending.login.qr.rfind("bankid.", 0) == 0u);
    bankid_env.clock.advance(std::chrono::seconds(5));
    const WelcomeProgress done =
        on_page(kLekeberg, [&](auto& ctx) { return welcome.poll_login(ctx, token, started.signing_id); });
    BOOST_TEST_REQUIRE((done.login.state == SignState::kComplete));
    BOOST_TEST_REQUIRE(done.overview.has_value());
    return *done.overview;
  }

  long long audited(const std::string& action) {
    auto session = HiringWorld::db.acquire();
    long long n = 0;
    *session << "SELECT COUNT(*) FROM audit_entry WHERE action = :action", soci::use(action, "action"), soci::into(n);
    return n;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hiring_welcome_test)

BOOST_FIXTURE_TEST_CASE(the_invitation_goes_out_once_the_account_is_made_and_names_no_one, Fixture) {
  auto f = form(1);
  f.personnummer = samverkan::test::kBertil;
  const Hire hire = create(karin, kLekeberg, f);
  run_jobs();
  BOOST_TEST(invitations().empty(), "no invitation before the account exists");
  at(kLekeberg).desk->deliver_all();
  advance(std::chrono::hours(2));
  advance(std::chrono::hours(2));
  const auto mails = invitations();
  BOOST_TEST_REQUIRE(mails.size() == 1u, "one invitation, however often the jobs run");
  const std::string& body = mails.front();
  token_of(body);
  for (const std::string& personal :
       {std::string("Anna"), std::string("Andersson"), std::string(samverkan::test::kBertil),
        std::string(samverkan::test::kBertil).substr(2, 6), hire.account}) {
    BOOST_TEST(body.find(personal) == std::string::npos, "the mail does not name " << personal);
  }
  BOOST_TEST(body.find("Lekebergs kommun") != std::string::npos);
  BOOST_TEST(audited("hire.invitation-sent") == 1);
}

BOOST_FIXTURE_TEST_CASE(the_employee_logs_in_sees_what_is_prepared_and_activates_the_account_once, Fixture) {
  const Hire hire = hire_with_account();
  const std::string token = token_of(invitations().at(0));
  BOOST_TEST(!on_page(kLekeberg, [&](auto& ctx) { return welcome.view(ctx, token); }).used);

  const WelcomeOverview overview = log_in(token);
  BOOST_TEST(overview.hire_id == hire.id);
  BOOST_TEST(overview.given_name == "Anna");
  BOOST_TEST(overview.start_date == "2026-08-17");
  BOOST_TEST(overview.manager_name == "Karin Lund");
  BOOST_TEST(overview.account == hire.account);
  BOOST_TEST(!overview.workplace.empty());
  BOOST_TEST(!overview.intranet_url.empty());
  BOOST_TEST(overview.orders.size() == 5u);
  BOOST_TEST(!overview.activated);
  BOOST_TEST(overview.activation_code.size() == 32u);
  BOOST_TEST(audited("hire.welcome-login") == 1);

  // One-time: the link does not log in again.
  BOOST_TEST(on_page(kLekeberg, [&](auto& ctx) { return welcome.view(ctx, token); }).used);
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return welcome.start_login(ctx, token, "192.0.2.20"); }),
                    Conflict);

  // A wrong code is refused and audited; the right one activates, once.
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return welcome.activate(ctx, token, std::string(32, '0')); }),
                    Forbidden);
  BOOST_TEST(audited("hire.welcome-activate-refused") == 1);
  const WelcomeOverview after =
      on_page(kLekeberg, [&](auto& ctx) { return welcome.activate(ctx, token, overview.activation_code); });
  BOOST_TEST(after.activated);
  BOOST_TEST(after.activation_code.empty());
  BOOST_CHECK_THROW(
      on_page(kLekeberg, [&](auto& ctx) { return welcome.activate(ctx, token, overview.activation_code); }), Conflict);
  run_jobs();
  const std::string prefix = "hire-1814-" + hire.id + "-activation-";
  BOOST_TEST(at(kLekeberg).desk->ledger.created(prefix + "account") == 1);
  BOOST_TEST(at(kLekeberg).permissions->ledger.created(prefix + "permissions") == 1);
  int activation_orders = 0;
  for (const auto& order : get(hire.id).orders) activation_orders += order.purpose == "activation" ? 1 : 0;
  BOOST_TEST(activation_orders == 2);
  BOOST_TEST(audited("hire.account-activated") == 1);
}

BOOST_FIXTURE_TEST_CASE(an_expired_activation_code_is_refused, Fixture) {
  hire_with_account();
  const std::string token = token_of(invitations().at(0));
  const WelcomeOverview overview = log_in(token);
  clock.advance(std::chrono::minutes(31));
  BOOST_CHECK_THROW(
      on_page(kLekeberg, [&](auto& ctx) { return welcome.activate(ctx, token, overview.activation_code); }), Forbidden);
  BOOST_TEST(audited("hire.account-activated") == 0);
}

BOOST_FIXTURE_TEST_CASE(unknown_links_and_another_members_page_are_not_found, Fixture) {
  hire_with_account();
  const std::string token = token_of(invitations().at(0));
  BOOST_CHECK_THROW(on_page(kAskersund, [&](auto& ctx) { return welcome.view(ctx, token); }), NotFound);
  BOOST_CHECK_THROW(on_page(kAskersund, [&](auto& ctx) { return welcome.start_login(ctx, token, "192.0.2.20"); }),
                    NotFound);
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return welcome.view(ctx, std::string(64, 'f')); }), NotFound);
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return welcome.poll_login(ctx, token, "nosuchlogin"); }),
                    NotFound);
  // A login id of the contract's signing is not a login of this page.
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return welcome.activate(ctx, token, "x"); }), Forbidden);
}

BOOST_AUTO_TEST_SUITE_END()
