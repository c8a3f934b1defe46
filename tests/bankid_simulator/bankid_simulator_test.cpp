// The simulator itself: its wire format, its control of scenarios, and the program.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include "bankid_simulator/bankid_simulator.hpp"
#include "libcore/bankid/bankid_fixture.hpp"
#include "samverkan/bankid/client.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using namespace std::chrono_literals;

namespace {

struct Raw {
  int status = 0;
  std::string content_type;
  Poco::JSON::Object::Ptr json;
};

// A plain HTTPS exchange with the relying party's certificate, to look at the wire format.
Raw raw_request(const test::BankIdFixture& f, const std::string& method, const std::string& path,
                const std::string& body, const std::string& content_type = "application/json") {
  Poco::Net::Context::Params params;
  params.certificateFile = f.pki.relying_party.certificate.string();
  params.privateKeyFile = f.pki.relying_party.private_key.string();
  params.caLocation = f.pki.ca_certificate.string();
  params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  Poco::Net::HTTPSClientSession session("localhost", f.simulator->port(), context);
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType(content_type);
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  auto& in = session.receiveResponse(response);
  std::string text;
  Poco::StreamCopier::copyToString(in, text);
  Raw raw{static_cast<int>(response.getStatus()), response.getContentType(), nullptr};
  raw.json = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  return raw;
}

std::string member(const Raw& raw, const std::string& name) {
  return raw.json->has(name) ? raw.json->get(name).convert<std::string>() : std::string();
}

void check_error(const Raw& raw, int status, const std::string& code) {
  BOOST_TEST(raw.status == status);
  BOOST_TEST(member(raw, "errorCode") == code);
  BOOST_TEST(!member(raw, "details").empty());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bankid_simulator_test)

BOOST_FIXTURE_TEST_CASE(wire_format_of_auth_collect_and_cancel, test::BankIdFixture) {
  const auto auth = raw_request(*this, "POST", "/rp/v6.0/auth", R"({"endUserIp":"192.0.2.10"})");
  BOOST_TEST(auth.status == 200);
  BOOST_TEST(auth.content_type == "application/json");
  for (const char* name : {"orderRef", "autoStartToken", "qrStartToken", "qrStartSecret"}) {
    BOOST_TEST(member(auth, name).size() == 36u, name << " is a UUID");
  }
  BOOST_TEST(auth.json->size() == 4u);

  const std::string ref = R"({"orderRef":")" + member(auth, "orderRef") + R"("})";
  const auto pending = raw_request(*this, "POST", "/rp/v6.0/collect", ref);
  BOOST_TEST(member(pending, "status") == "pending");
  BOOST_TEST(member(pending, "hintCode") == "outstandingTransaction");
  BOOST_TEST(!pending.json->has("completionData"));

  const auto cancel = raw_request(*this, "POST", "/rp/v6.0/cancel", ref);
  BOOST_TEST(cancel.status == 200);
  BOOST_TEST(cancel.json->size() == 0u, "cancel answers {}");
  check_error(raw_request(*this, "POST", "/rp/v6.0/collect", ref), 400, "invalidParameters");
}

BOOST_FIXTURE_TEST_CASE(malformed_requests_are_refused_like_the_real_service, test::BankIdFixture) {
  check_error(raw_request(*this, "POST", "/rp/v6.0/auth", "{}"), 400, "invalidParameters");
  check_error(raw_request(*this, "POST", "/rp/v6.0/auth", R"({"endUserIp":"not-an-ip"})"), 400, "invalidParameters");
  check_error(raw_request(*this, "POST", "/rp/v6.0/auth", "[1]"), 400, "invalidParameters");
  check_error(raw_request(*this, "POST", "/rp/v6.0/sign", R"({"endUserIp":"192.0.2.1"})"), 400, "invalidParameters");
  check_error(raw_request(*this, "POST", "/rp/v6.0/sign", R"({"endUserIp":"192.0.2.1","userVisibleData":"%%%"})"), 400,
              "invalidParameters");
  check_error(raw_request(*this, "POST", "/rp/v6.0/sign",
                          R"({"endUserIp":"192.0.2.1","userVisibleData":")" + std::string(1504, 'A') + R"("})"),
              400, "invalidParameters");
  check_error(raw_request(*this, "POST", "/rp/v6.0/auth",
                          R"({"endUserIp":"192.0.2.1","requirement":{"personalNumber":"198507099806"}})"),
              400, "invalidParameters");
  check_error(raw_request(*this, "POST", "/rp/v6.0/auth",
                          R"({"endUserIp":"192.0.2.1","requirement":{"personalNumber":"8507099805"}})"),
              400, "invalidParameters");
  check_error(raw_request(*this, "POST", "/rp/v6.0/collect", "{}"), 400, "invalidParameters");
  check_error(raw_request(*this, "POST", "/rp/v6.0/nothing", "{}"), 404, "notFound");
  check_error(raw_request(*this, "POST", "/rp/v5.1/auth", "{}"), 404, "notFound");
  check_error(raw_request(*this, "GET", "/rp/v6.0/auth", ""), 405, "methodNotAllowed");
  check_error(raw_request(*this, "POST", "/rp/v6.0/auth", "endUserIp=1", "text/plain"), 415, "unsupportedMediaType");
  BOOST_TEST(simulator->order_count() == 0u);
}

BOOST_FIXTURE_TEST_CASE(finished_orders_are_forgotten_after_ten_minutes, test::BankIdFixture) {
  auto bankid = client();
  bankid::AuthRequest request;
  request.end_user_ip = "192.0.2.10";
  const auto done = bankid->auth(request);
  clock.advance(5s);
  BOOST_TEST((bankid->collect(done.order_ref).status == bankid::CollectStatus::kComplete));
  clock.advance(10min);
  BOOST_CHECK_THROW(bankid->collect(done.order_ref), bankid::ApiError);
  BOOST_TEST(simulator->order_count() == 0u);
}

BOOST_FIXTURE_TEST_CASE(scenarios_from_a_json_file, test::BankIdFixture) {
  const auto file = dir.write("scenarios.json", R"({
    "defaultUser": "197504028015",
    "users": {
      "197504028015": { "givenName": "Bertil", "surname": "Öberg", "finishAfterMs": 6000 },
      "199001012385": { "result": "failed", "hintCode": "certificateErr", "finishAfterMs": 1000 }
    }
  })");
  bankid_simulator::load_scenarios(*simulator, file, 2s);
  auto bankid = client();
  bankid::AuthRequest request;
  request.end_user_ip = "192.0.2.10";
  const auto bertil = bankid->auth(request);  // the new default user
  request.requirement.personal_number = test::person(test::kCecilia);
  const auto cecilia = bankid->auth(request);

  clock.advance(1s);
  const auto failed = bankid->collect(cecilia.order_ref);
  BOOST_TEST((failed.hint_code == bankid::HintCode::kCertificateErr));
  BOOST_TEST((bankid->collect(bertil.order_ref).hint_code == bankid::HintCode::kOutstandingTransaction));
  clock.advance(2s);
  BOOST_TEST((bankid->collect(bertil.order_ref).hint_code == bankid::HintCode::kUserSign));
  clock.advance(3s);
  const auto complete = bankid->collect(bertil.order_ref);
  BOOST_REQUIRE(complete.completion_data.has_value());
  BOOST_TEST(complete.completion_data->user.personal_number.digits() == test::kBertil);
  BOOST_TEST(complete.completion_data->user.given_name == "Bertil");
  BOOST_TEST(complete.completion_data->user.surname == "Öberg");
}

BOOST_FIXTURE_TEST_CASE(bad_scenario_files_are_invalid_input, test::BankIdFixture) {
  const std::pair<const char*, const char*> bad[] = {
      {"not json", "not JSON"},
      {"[]", "top level"},
      {R"({"users":{"198507099806":{}}})", "not a personal number"},
      {R"({"users":{"198507099805":{"result":"maybe"}}})", "result must be"},
      {R"({"users":{"198507099805":{"finishAfterMs":-1}}})", "finishAfterMs"},
      {R"({"defaultUser":"123"})", "defaultUser"},
  };
  for (const auto& [text, reason] : bad) {
    BOOST_TEST_CONTEXT(text) {
      const auto file = dir.write("bad.json", text);
      BOOST_CHECK_EXCEPTION(bankid_simulator::load_scenarios(*simulator, file, 2s), InvalidInput,
                            [&](const InvalidInput& e) {
                              BOOST_TEST_MESSAGE(e.what());
                              return std::string(e.what()).find(reason) != std::string::npos;
                            });
    }
  }
  BOOST_CHECK_THROW(bankid_simulator::load_scenarios(*simulator, dir / "missing.json", 2s), InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(bad_server_files_and_busy_port, test::BankIdFixture) {
  bankid_simulator::SimulatorOptions options;
  options.certificate_file = dir.write("bad.pem", "not a certificate");
  options.private_key_file = pki.server.private_key;
  options.client_ca_file = pki.ca_certificate;
  bankid_simulator::Simulator bad(options, clock);
  BOOST_CHECK_THROW(bad.start(), InvalidInput);

  options.certificate_file = pki.server.certificate;
  options.listen = "127.0.0.1:" + std::to_string(simulator->port());
  bankid_simulator::Simulator busy(options, clock);
  BOOST_CHECK_THROW(busy.start(), Unavailable);
}

BOOST_AUTO_TEST_CASE(the_program_serves_until_told_to_stop) {
  test::TempDir dir;
  const std::string program = SAMVERKAN_BANKID_SIMULATOR_BINARY;

  // --generate-pki writes the files the other flags then use.
  {
    Poco::Process::Args args{"--generate-pki", (dir / "pki").string()};
    Poco::Pipe listing;
    auto handle = Poco::Process::launch(program, args, nullptr, &listing, nullptr);
    Poco::PipeInputStream in(listing);
    std::string printed;
    Poco::StreamCopier::copyToString(in, printed);
    BOOST_REQUIRE(handle.wait() == 0);
    BOOST_TEST(printed.find("relying-party key " + (dir / "pki" / "rp-key.pem").string()) != std::string::npos);
  }
  const auto pki = dir / "pki";
  BOOST_REQUIRE(std::filesystem::exists(pki / "rp-key.pem"));
  BOOST_TEST(((std::filesystem::status(pki / "rp-key.pem").permissions() & std::filesystem::perms::others_read) ==
              std::filesystem::perms::none));

  Poco::Pipe out;
  Poco::Process::Args args{"--listen",
                           "127.0.0.1:0",
                           "--cert",
                           (pki / "server-cert.pem").string(),
                           "--key",
                           (pki / "server-key.pem").string(),
                           "--client-ca",
                           (pki / "ca.pem").string(),
                           "--complete-after-ms",
                           "0",
                           "--user",
                           test::kCecilia};
  Poco::Pipe err;
  auto handle = Poco::Process::launch(program, args, nullptr, &out, &err);
  Poco::PipeInputStream lines(out);
  std::string line;
  BOOST_REQUIRE(std::getline(lines, line));
  BOOST_TEST_MESSAGE(line);
  const std::string prefix = "listening on ";
  BOOST_REQUIRE(line.rfind(prefix, 0) == 0u);

  bankid::ClientOptions options;
  options.base_url = line.substr(prefix.size());
  options.client_certificate_file = pki / "rp-cert.pem";
  options.client_private_key_file = pki / "rp-key.pem";
  options.server_ca_file = pki / "ca.pem";
  bankid::Client bankid(options);
  bankid::AuthRequest request;
  request.end_user_ip = "192.0.2.10";
  const auto order = bankid.auth(request);
  const auto result = bankid.collect(order.order_ref);
  BOOST_REQUIRE((result.status == bankid::CollectStatus::kComplete));
  BOOST_TEST(result.completion_data->user.personal_number.digits() == test::kCecilia);

  Poco::Process::requestTermination(handle.id());
  BOOST_TEST(handle.wait() == 0);
  Poco::PipeInputStream log(err);
  std::string logged;
  Poco::StreamCopier::copyToString(log, logged);
  BOOST_TEST(logged.find("\"msg\":\"bankid simulator request\"") != std::string::npos);
  BOOST_TEST(logged.find(test::kCecilia) == std::string::npos, "no personal data in the log");
}

BOOST_AUTO_TEST_CASE(the_program_refuses_bad_arguments) {
  const std::string program = SAMVERKAN_BANKID_SIMULATOR_BINARY;
  for (const Poco::Process::Args& args :
       {Poco::Process::Args{"--bogus"}, Poco::Process::Args{"--listen"}, Poco::Process::Args{"--listen", "127.0.0.1:0"},
        Poco::Process::Args{"--cert", "a", "--key", "b", "--client-ca", "c", "--complete-after-ms", "soon"}}) {
    Poco::Pipe err;
    auto handle = Poco::Process::launch(program, args, nullptr, nullptr, &err);
    Poco::PipeInputStream in(err);
    std::string message;
    Poco::StreamCopier::copyToString(in, message);
    BOOST_TEST(handle.wait() == 2);
    BOOST_TEST(message.find("usage:") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
