// The whole platform delivers digital mail: a Platform started in process on a cooperation file
// whose <minaMeddelanden> points at the Mina meddelanden simulators (real sockets, mutual TLS,
// a throwaway PKI made by the test) takes a POSTed letter to "delivered" and a letter to a
// recipient without a mailbox to the paper route (the member's folder print vendor); without
// the settings, or with a seal that cannot be loaded, letters are accepted and stay queued.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "mailbox_platform_cooperation.hpp"
#include "mm_simulator_fixture.hpp"
#include "samverkan/auth/auth_services.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/tenancy/context.hpp"
#include "support/api_access.hpp"
#include "support/https_client.hpp"

using namespace samverkan;
using namespace samverkan::mailbox::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kNoMailbox = "198101052382";  // not in the register: Type Not

struct PlatformMailFixture : MmSimulatorFixture {
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  std::unique_ptr<server::Platform> platform;

  MailSettings mail_settings() { return simulator_mail_settings(*this); }

  void start(const std::optional<MailSettings>& mail) {
    server::PlatformOptions options;
    options.config_file = write_cooperation(dir.path(), mail);
    options.data_dir = dir / "data";
    options.listen = "127.0.0.1:0";
    platform = server::Platform::start(options, logger);
  }

  std::string token() {
    return samverkan::test::access_token(platform->database(), SystemClock::instance(), platform->audit_log(),
                                         platform->auth(), kEksjo, {"mailbox:send"});
  }

  samverkan::test::HttpsClient client() const {
    return samverkan::test::HttpsClient(platform->certificate_file(), platform->port());
  }

  static std::string letter_json(const std::string& request_id, const std::string& recipient) {
    return R"({"clientRequestId":")" + request_id + R"(","recipient":")" + recipient +
           R"(","subject":"Beslut om bygglov","body":"Hej!\nDitt ärende är beslutat.",
             "support":{"text":"Ring kontaktcenter","url":"https://eksjo.se"},"reference":"KS 2026/42",
             "attachments":[{"filename":"beslut.pdf","content":"JVBERi0xLjQKJSVFT0YK"}],
             "postalAddress":{"name":"Tolvan Tolvansson","street":["Storgatan 1"],"postalCode":"575 33","city":"Eksjö"}})";
  }

  // POSTs a letter and returns its id (202 required).
  std::string post(const std::string& bearer, const std::string& request_id, const std::string& recipient) {
    auto answer = client().request("POST", "/api/v1/municipalities/0686/messages", letter_json(request_id, recipient),
                                   "application/json", {{"Authorization", "Bearer " + bearer}});
    BOOST_TEST_REQUIRE(answer.status == 202, answer.body);
    const std::string id = samverkan::test::json_member(answer.body, "id");
    BOOST_TEST_REQUIRE(!id.empty());
    return id;
  }

  // GET status until it is no longer "queued" (or the time is up); returns the last body.
  std::string wait_until_final(const std::string& bearer, const std::string& id,
                               std::chrono::seconds limit = std::chrono::seconds(40)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::string body;
    while (std::chrono::steady_clock::now() < deadline) {
      auto answer = client().request("GET", "/api/v1/municipalities/0686/messages/" + id, {}, "application/json",
                                     {{"Authorization", "Bearer " + bearer}});
      BOOST_TEST_REQUIRE(answer.status == 200, answer.body);
      body = answer.body;
      if (samverkan::test::json_member(body, "status") != "queued") return body;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return body;
  }

  std::string stopped_log() {
    platform->stop(std::chrono::seconds(2));
    return log_stream.str();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(mailbox_platform_test)

BOOST_FIXTURE_TEST_CASE(a_posted_letter_is_delivered_and_an_unreachable_one_printed, PlatformMailFixture) {
  recipient_register->set_account(kRecipient, reachable_account());
  start(mail_settings());
  const std::string bearer = token();

  const std::string digital = post(bearer, "platform-1", "19121212-1212");
  const std::string paper = post(bearer, "platform-2", kNoMailbox);

  const std::string delivered = wait_until_final(bearer, digital);
  BOOST_TEST(samverkan::test::json_member(delivered, "status") == "delivered", delivered);
  BOOST_TEST(!samverkan::test::json_member(delivered, "transId").empty(), delivered);
  BOOST_TEST(mailbox_operator->times_delivered(digital) == 1U);
  const auto accepted = mailbox_operator->deliveries();
  BOOST_REQUIRE_EQUAL(accepted.size(), 1U);
  BOOST_TEST(accepted.front().recipient_id == kRecipient);
  BOOST_TEST(accepted.front().sender_org_nr == std::string("16") + kMunicipalityOrg);

  const std::string printed = wait_until_final(bearer, paper);
  BOOST_TEST(samverkan::test::json_member(printed, "status") == "paper", printed);
  BOOST_TEST(samverkan::test::json_member(printed, "printBatch").rfind("0686-", 0) == 0U, printed);
  BOOST_TEST(mailbox_operator->times_delivered(paper) == 0U);
  // The folder print vendor has the letter's job folder.
  std::size_t jobs = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir / "print/jobs")) ++jobs;
  BOOST_TEST(jobs >= 1U);

  const std::string log = stopped_log();
  BOOST_TEST(log.find("letters stay queued") == std::string::npos, log);
}

BOOST_FIXTURE_TEST_CASE(a_letter_without_a_pdf_is_printed_as_the_platform_lays_it_out, PlatformMailFixture) {
  start(mail_settings());
  const std::string bearer = token();
  const std::string body = R"({"clientRequestId":"platform-text-only","recipient":")" + std::string(kNoMailbox) +
                           R"(","subject":"Påminnelse om avgift","body":"Hej!\nDin avgift förfaller den 30 november.",
         "support":{"text":"Ring kontaktcenter"},
         "postalAddress":{"name":"Tolvan Tolvansson","street":["Storgatan 1"],"postalCode":"575 33","city":"Eksjö"}})";
  auto answer = client().request("POST", "/api/v1/municipalities/0686/messages", body, "application/json",
                                 {{"Authorization", "Bearer " + bearer}});
  BOOST_TEST_REQUIRE(answer.status == 202, answer.body);
  const std::string id = samverkan::test::json_member(answer.body, "id");

  const std::string printed = wait_until_final(bearer, id);
  BOOST_TEST(samverkan::test::json_member(printed, "status") == "paper", printed);
  // The print vendor received one job whose file is a PDF the platform rendered.
  std::size_t pdfs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir / "print/jobs")) {
    if (entry.path().extension() != ".pdf") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string head(5, '\0');
    in.read(head.data(), 5);
    BOOST_TEST(head == "%PDF-");
    ++pdfs;
  }
  BOOST_TEST(pdfs == 1U);
  stopped_log();
}

BOOST_FIXTURE_TEST_CASE(without_mina_meddelanden_letters_stay_queued, PlatformMailFixture) {
  recipient_register->set_account(kRecipient, reachable_account());
  start(std::nullopt);
  const std::string bearer = token();
  const std::string id = post(bearer, "platform-3", "19121212-1212");
  const std::string state = wait_until_final(bearer, id, std::chrono::seconds(2));
  BOOST_TEST(samverkan::test::json_member(state, "status") == "queued", state);
  BOOST_TEST(mailbox_operator->deliveries().empty());
  BOOST_TEST(recipient_register->is_reachable_calls() == 0U);
  const std::string log = stopped_log();
  BOOST_TEST(log.find("digital mail is not configured") != std::string::npos, log);
}

BOOST_FIXTURE_TEST_CASE(a_seal_that_cannot_be_loaded_is_logged_and_letters_wait, PlatformMailFixture) {
  recipient_register->set_account(kRecipient, reachable_account());
  MailSettings settings = mail_settings();
  // A missing file stops start-up (the cooperation file's check); one that holds no key is
  // found only when the seal is loaded, and then only digital mail waits.
  settings.seal_key = dir.write_secret("broken-seal-key.pem", "-----BEGIN PRIVATE KEY-----\nnot a key\n");
  start(settings);  // the rest of the platform serves
  const std::string bearer = token();
  const std::string id = post(bearer, "platform-4", "19121212-1212");
  const std::string state = wait_until_final(bearer, id, std::chrono::seconds(2));
  BOOST_TEST(samverkan::test::json_member(state, "status") == "queued", state);
  BOOST_TEST(mailbox_operator->deliveries().empty());
  const std::string log = stopped_log();
  BOOST_TEST(log.find("digital mail is not delivered") != std::string::npos, log);
  BOOST_TEST(log.find("broken-seal-key.pem") != std::string::npos, log);
}

BOOST_AUTO_TEST_SUITE_END()
