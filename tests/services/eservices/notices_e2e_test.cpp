// The citizen's notices end to end in a real headless Chromium (Debian's /usr/bin/chromium
// driven by playwright-core from tools/node) with axe-core on every page: the platform serves
// with an SMTP sink as its relay and Eksjö's <smsGateway product="sms-rest"> bound to the local
// SMS gateway simulator (HTTPS, its API key in the secrets file); tests/e2e/notices.e2e.mjs
// logs the citizen in with the BankID simulator, chooses notices by e-mail and SMS on Mina
// sidor (a bad address and a landline number first), and a handler writes to the citizen; the
// notice then arrives at both, once, without personal data. Needs scripts/install-deps.sh --test.
#include <boost/test/unit_test.hpp>

#include <Poco/Net/MailMessage.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "adapters/sms_simulator.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "services/eservices/pages_fixture.hpp"
#include "services/eservices/smtp_sink.hpp"
#include "support/e2e_script.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;

namespace {

// The relay and the gateway outlive the platform (members before the fixture's base).
struct Simulators {
  test::SmtpSink sink;
  test::SmsSimulator sms;
};

// Points the copied example's Eksjö SMS binding at the simulator, with its CA and API key, and
// the platform's relay at the sink.
PagesFixture::Prepare use(Simulators& simulators) {
  return [&simulators](server::PlatformOptions& options) {
    std::string xml = test::read_file(options.config_file);
    const std::string url = "https://sms.hoglandet.example/api/v1";
    const auto at = xml.find(url);
    BOOST_REQUIRE(at != std::string::npos);
    xml.replace(at, url.size(), simulators.sms.base_url() + "\" caFile=\"" + simulators.sms.ca_file().string());
    std::ofstream(options.config_file, std::ios::binary | std::ios::trunc) << xml;
    std::ofstream(options.config_file.parent_path() / "secrets/sms-gateway.token", std::ios::binary | std::ios::trunc)
        << simulators.sms.token() << '\n';
    options.smtp =
        eservices::SmtpOptions{.host = "127.0.0.1", .port = simulators.sink.port(), .from = "noreply@exempel.se"};
  };
}

struct NoticesFixture : Simulators, PagesFixture {
  NoticesFixture() : PagesFixture({}, use(*this)) {}
};

std::string mail_text(const test::SmtpSink::Mail& mail) {
  std::istringstream in(mail.data);
  Poco::Net::MailMessage message;
  message.read(in);
  return message.getSubject() + "\n" + message.getContent();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(notices_e2e_test)

BOOST_FIXTURE_TEST_CASE(after_a_handlers_message_the_email_and_the_sms_arrive, NoticesFixture) {
  BOOST_TEST_REQUIRE(test::browser_tools_present(), "run scripts/install-deps.sh --test (chromium, tools/node)");
  // The citizen's (the BankID simulator's default user) fault report in Eksjö, without a
  // receipt address, so that every mail the sink gets is a notice.
  const auto eksjo = ids::Kommunkod::parse("0686");
  eservices::Catalogue catalogue(platform->cooperation());
  eservices::Submissions submissions(catalogue, platform->keyring());
  eservices::Answers answers;
  answers.values = {{"fault-type", {"pothole"}},
                    {"description", {"Ett djupt hål i vägen vid skolan"}},
                    {"address", {"Storgatan 1, Eksjö"}}};
  std::string reference;
  {
    tenancy::Context ctx(platform->database(), security::Principal::citizen(ids::Personnummer::parse(test::kAnna)),
                         eksjo, SystemClock::instance(), &platform->audit_log());
    const auto outcome = submissions.submit(ctx, "felanmalan-gata-park", 1, answers);
    ctx.commit();
    BOOST_TEST_REQUIRE(outcome.receipt.has_value(), outcome.errors.size() << " errors");
    reference = outcome.receipt->reference;
  }
  // The handler's API client of Eksjö, for the message the script sends through the API.
  const auto admin = security::Principal::staff("admin", {{eksjo, {security::Role::kAdministrator}}});
  tenancy::Context ctx(platform->database(), admin, eksjo, SystemClock::instance(), &platform->audit_log());
  const auto client = platform->auth().clients().create(ctx, {"errands:read", "errands:write"});
  ctx.commit();

  // The BankID simulator completes as its clock moves on.
  std::atomic<bool> done{false};
  std::thread ticker([&] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      clock.advance(std::chrono::seconds(1));
    }
  });
  const auto run = test::run_e2e_script(
      "notices.e2e.mjs", {platform->url(), client.client.id, client.secret, reference}, dir / "notices.log");
  done = true;
  ticker.join();
  BOOST_TEST_MESSAGE(run.output);
  BOOST_TEST_REQUIRE(run.status == 0, run.output);
  BOOST_TEST(run.output.find("ok: notices: " + reference) != std::string::npos, run.output);
  BOOST_TEST(run.output.find("axe found no WCAG 2.1 A/AA violations") != std::string::npos, run.output);

  // The platform's worker sends the notice within a few seconds.
  for (int attempt = 0; attempt < 150 && (sink.mails().empty() || sms.messages().empty()); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto mails = sink.mails();
  BOOST_REQUIRE_EQUAL(mails.size(), 1U);
  BOOST_TEST(mails[0].to == std::vector<std::string>{"<anna@example.se>"});
  const std::string text = mail_text(mails[0]);
  BOOST_TEST(text.find("Du har fått ett nytt meddelande i ditt ärende hos Eksjö kommun") != std::string::npos, text);
  BOOST_TEST(text.find(platform->url() + "/e/0686/mina-sidor") != std::string::npos, text);
  const auto received = sms.messages();
  BOOST_REQUIRE_EQUAL(received.size(), 1U);
  BOOST_TEST(received[0].to == "+46701234567");
  BOOST_TEST(received[0].from == "Eksjo", "the sender name of Eksjö's binding");
  BOOST_TEST(received[0].text.find(platform->url() + "/e/0686/mina-sidor") != std::string::npos, received[0].text);
  for (const std::string& sent : {text, received[0].text}) {
    for (const std::string& secret : {reference, std::string("Storgatan"), std::string("bild"),
                                      std::string("Felanmälan"), std::string(test::kAnna)}) {
      BOOST_TEST(sent.find(secret) == std::string::npos, "the notice holds '" << secret << "'");
    }
  }
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "citizen.notice-preference.save") == 1);
  BOOST_TEST(test::audit_successes(platform->database(), "0686", "errand.notice") == 2);
  // Once: nothing more arrives.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  BOOST_TEST(sink.mails().size() == 1U);
  BOOST_TEST(sms.messages().size() == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
