// The Mina meddelanden simulators as servers: mutual TLS, requests they refuse, and the
// samverkan-mm-simulator program end to end.
#include <boost/test/unit_test.hpp>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <fstream>
#include <thread>

#include "mm_simulator_fixture.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/delivery_client.hpp"
#include "samverkan/mailbox/reachability.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace std::chrono_literals;
namespace mt = samverkan::mailbox::test;

namespace {

constexpr const char* kSender = "2120000142";

// A client whose TLS context has no client certificate at all.
soap::HttpAnswer post_without_certificate(const mt::MmSimulatorFixture& f, const std::string& url,
                                          const std::string& body) {
  // soap::Transport always presents a certificate; build the request by hand.
  Poco::Net::Context::Params params;
  params.caLocation = f.tls_pki.ca_certificate.string();
  params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  Poco::URI uri(url);
  Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort(), context);
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPath(), Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("text/xml; charset=utf-8");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  auto& in = session.receiveResponse(response);
  soap::HttpAnswer answer;
  answer.status = static_cast<int>(response.getStatus());
  Poco::StreamCopier::copyToString(in, answer.body);
  return answer;
}

// Kills the program if a test ends early.
struct KillOnExit {
  Poco::ProcessHandle& process;
  ~KillOnExit() {
    try {
      if (Poco::Process::isRunning(process)) Poco::Process::kill(process);
    } catch (...) {
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(mm_simulator_test)

BOOST_AUTO_TEST_CASE(requests_without_a_client_certificate_never_reach_the_services) {
  mt::MmSimulatorFixture f;
  const auto register_answer =
      post_without_certificate(f, f.recipient_register->url(), write_is_reachable("162120000142", {"191212121212"}));
  BOOST_TEST(register_answer.status == 403);
  try {
    soap::read_answer(register_answer.status, register_answer.body, "register");
    BOOST_FAIL("no fault");
  } catch (const soap::FaultError& e) {
    BOOST_TEST(e.permanent());
    BOOST_TEST(e.fault().error_code.value_or(0) == 1003);
  }
  BOOST_TEST(f.recipient_register->refused_without_certificate() == 1u);
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 0u);

  const auto operator_answer =
      post_without_certificate(f, f.mailbox_operator->url(),
                               write_deliver_secure(mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "n-1")));
  BOOST_TEST(operator_answer.status == 403);
  BOOST_TEST(f.mailbox_operator->refused_without_certificate() == 1u);
  BOOST_TEST(f.mailbox_operator->deliveries().empty());
}

BOOST_AUTO_TEST_CASE(an_untrusted_client_certificate_fails_the_handshake) {
  mt::MmSimulatorFixture f;
  auto options = f.reachability_options();
  options.tls = f.untrusted_tls();
  ReachabilityClient client(options);
  BOOST_CHECK_THROW(client.check_one(kSender, "191212121212"), Unavailable);
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 0u);

  DeliveryClient delivery(f.untrusted_tls());
  BOOST_CHECK_THROW(delivery.deliver_secure(f.mailbox_operator->url(),
                                            mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "u-1")),
                    Unavailable);
  BOOST_TEST(f.mailbox_operator->deliveries().empty());
  BOOST_TEST(f.mailbox_operator->refused() == 0u);  // never got as far as the service
}

BOOST_AUTO_TEST_CASE(a_server_certificate_from_another_ca_is_not_trusted) {
  mt::MmSimulatorFixture f;
  auto tls = f.tls();
  tls.server_ca_file = f.tls_pki.untrusted_ca_certificate;
  DeliveryClient client(tls);
  BOOST_CHECK_THROW(
      client.deliver_secure(f.mailbox_operator->url(), mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "c-1")),
      Unavailable);
  BOOST_TEST(f.mailbox_operator->deliveries().empty());
}

BOOST_AUTO_TEST_CASE(the_simulators_refuse_what_they_do_not_speak) {
  mt::MmSimulatorFixture f;
  soap::Transport transport(f.tls());
  const auto not_soap = transport.post(f.recipient_register->url(), "<hello/>", "register");
  BOOST_TEST(not_soap.status == 500);
  const auto permanent_fault = [](const soap::HttpAnswer& answer) {
    try {
      soap::read_answer(answer.status, answer.body, "simulator");
    } catch (const soap::FaultError& e) {
      return e.permanent();
    }
    return false;
  };
  BOOST_TEST(permanent_fault(not_soap));
  // Another operation than deliverSecure.
  const auto other =
      transport.post(f.mailbox_operator->url(), write_is_reachable("162120000142", {"191212121212"}), "operator");
  BOOST_TEST(permanent_fault(other));
  // More than 1000 recipients, written by hand past the client's own check.
  std::string many =
      "<isReachable "
      "xmlns=\"http://minameddelanden.gov.se/schema/Recipient/v3\"><senderOrgNr>162120000142</senderOrgNr>";
  for (int i = 0; i < 1001; ++i) many += "<recipientId>191212121212</recipientId>";
  many += "</isReachable>";
  const auto too_many = transport.post(f.recipient_register->url(),
                                       soap::write_envelope(xml::parse_untrusted(many, "payload")), "register");
  BOOST_TEST(permanent_fault(too_many));
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 1u);  // counted, then refused
}

BOOST_AUTO_TEST_CASE(the_program_generates_a_pki_serves_both_and_stops_on_sigterm) {
  samverkan::test::TempDir dir;
  {
    Poco::Pipe out;
    Poco::ProcessHandle pki = Poco::Process::launch(SAMVERKAN_MM_SIMULATOR_BINARY,
                                                    {"--generate-pki", (dir / "pki").string()}, nullptr, &out, nullptr);
    Poco::PipeInputStream text(out);
    std::string printed((std::istreambuf_iterator<char>(text)), std::istreambuf_iterator<char>());
    BOOST_TEST(pki.wait() == 0);
    BOOST_TEST(printed.find("client certificate") != std::string::npos);
  }
  for (const char* file : {"ca.pem", "server-cert.pem", "server-key.pem", "rp-cert.pem", "rp-key.pem"}) {
    BOOST_TEST(std::filesystem::exists(dir / "pki" / file), file);
  }
  const auto recipients = dir.write("recipients.json", R"({"recipients": {
      "191212121212": {"type": "Secure"},
      "198101052382": {"pending": true},
      "197001012389": {"behaviour": "reject"}}})");

  Poco::Pipe out;
  Poco::Pipe err;
  Poco::ProcessHandle process = Poco::Process::launch(
      SAMVERKAN_MM_SIMULATOR_BINARY,
      {"--cert", (dir / "pki" / "server-cert.pem").string(), "--key", (dir / "pki" / "server-key.pem").string(),
       "--client-ca", (dir / "pki" / "ca.pem").string(), "--schema-dir", mt::schema_dir().string(), "--recipients",
       recipients.string(), "--trust-ca", mt::make_mailbox_test_pki().write_ca(dir.path()).string()},
      nullptr, &out, &err);
  KillOnExit guard{process};
  Poco::PipeInputStream lines(out);
  std::string register_line;
  std::string operator_line;
  std::getline(lines, register_line);
  std::getline(lines, operator_line);
  const std::string prefix_r = "recipient register listening on ";
  const std::string prefix_o = "mailbox operator listening on ";
  BOOST_REQUIRE_MESSAGE(register_line.rfind(prefix_r, 0) == 0, register_line);
  BOOST_REQUIRE_MESSAGE(operator_line.rfind(prefix_o, 0) == 0, operator_line);
  const std::string register_url = register_line.substr(prefix_r.size());
  const std::string operator_url = operator_line.substr(prefix_o.size());

  soap::TlsClientOptions tls;
  tls.client_certificate_file = dir / "pki" / "rp-cert.pem";
  tls.client_private_key_file = dir / "pki" / "rp-key.pem";
  tls.server_ca_file = dir / "pki" / "ca.pem";
  ReachabilityOptions options;
  options.register_url = register_url;
  options.tls = tls;
  ReachabilityClient reachability(options);
  const auto verdicts = reachability.check(kSender, {"191212121212", "198101052382", "200001012384"});
  BOOST_TEST(verdicts[0].digital());
  BOOST_TEST(verdicts[0].mailbox->service_address == operator_url);
  BOOST_TEST(to_string(verdicts[1].reason.value()) == "pending");
  BOOST_TEST(to_string(verdicts[2].reason.value()) == "not-secure");

  DeliveryClient delivery(tls);
  const auto result = delivery.deliver_secure(verdicts[0].mailbox->service_address,
                                              mt::MmSimulatorFixture::sealed_delivery("191212121212", "p-1"));
  BOOST_TEST(result.all_delivered());
  try {
    delivery.deliver_secure(operator_url, mt::MmSimulatorFixture::sealed_delivery("197001012389", "p-2"));
    BOOST_FAIL("accepted");
  } catch (const soap::FaultError& e) {
    BOOST_TEST(e.permanent());
  }

  Poco::Process::requestTermination(process.id());
  BOOST_TEST(process.wait() == 0);
  std::string rest((std::istreambuf_iterator<char>(lines)), std::istreambuf_iterator<char>());
  BOOST_TEST(rest.find("1 deliveries accepted") != std::string::npos, rest);
}

BOOST_AUTO_TEST_CASE(the_program_refuses_bad_arguments) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--cert"}, std::vector<std::string>{"--bogus", "x"},
        std::vector<std::string>{"--cert", "a", "--key", "b", "--client-ca", "c"}}) {
    Poco::Pipe err;
    Poco::ProcessHandle process = Poco::Process::launch(SAMVERKAN_MM_SIMULATOR_BINARY, args, nullptr, nullptr, &err);
    Poco::PipeInputStream text(err);
    std::string printed((std::istreambuf_iterator<char>(text)), std::istreambuf_iterator<char>());
    BOOST_TEST(process.wait() == 2, printed);
    BOOST_TEST(printed.find("usage") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
