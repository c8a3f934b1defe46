// SOAP 1.1 envelopes, safe parsing of answers and the mapping of faults to error kinds.
#include <boost/test/unit_test.hpp>

#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/soap.hpp"
#include "samverkan/xml/diagnostic.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;

namespace {

const std::string kEnvelopeStart =
    R"(<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>)";
const std::string kEnvelopeEnd = "</s:Body></s:Envelope>";

std::string fault_envelope(const std::string& code, const std::string& text, const std::string& detail = "") {
  return kEnvelopeStart + "<s:Fault><faultcode>s:" + code + "</faultcode><faultstring>" + text + "</faultstring>" +
         detail + "</s:Fault>" + kEnvelopeEnd;
}

// Calls read_answer and returns the FaultError it throws.
soap::Fault fault_of(int status, const std::string& body, ErrorKind expected_kind) {
  try {
    soap::read_answer(status, body, "the test service");
  } catch (const soap::FaultError& e) {
    BOOST_TEST(static_cast<int>(e.error().kind()) == static_cast<int>(expected_kind));
    BOOST_TEST(std::string(e.error().what()).find("the test service") != std::string::npos);
    return e.fault();
  }
  BOOST_FAIL("no FaultError");
  return {};
}

template <typename E>
std::string message_of_throw(int status, const std::string& body) {
  try {
    soap::read_answer(status, body, "the test service");
  } catch (const E& e) {
    return e.what();
  }
  BOOST_FAIL("expected exception not thrown");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(soap_test)

BOOST_AUTO_TEST_CASE(an_envelope_carries_the_payload_with_its_namespaces) {
  const auto payload = xml::parse_untrusted(
      R"(<p:isReachable xmlns:p="urn:example:a"><p:x>1 &amp; 2</p:x><y xmlns="urn:example:b">å</y></p:isReachable>)",
      "payload");
  const std::string envelope = soap::write_envelope(payload);
  BOOST_TEST(envelope.find("<?xml version=\"1.0\" encoding=\"UTF-8\"?>") == 0u);
  const auto message = soap::parse_envelope(envelope, "envelope");
  BOOST_TEST(message.body_element.is("isReachable", "urn:example:a"));
  const auto children = message.body_element.children();
  BOOST_REQUIRE_EQUAL(children.size(), 2u);
  BOOST_TEST(children[0].text() == "1 & 2");
  BOOST_TEST(children[1].is("y", "urn:example:b"));
  BOOST_TEST(children[1].text() == "å");
  // The payload keeps its prefix (signed content must not be rewritten).
  BOOST_TEST(envelope.find("<p:isReachable xmlns:p=\"urn:example:a\">") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_200_answer_returns_its_payload) {
  const auto message = soap::read_answer(200, kEnvelopeStart + "<r xmlns=\"urn:x\">ok</r>" + kEnvelopeEnd, "svc");
  BOOST_TEST(message.body_element.is("r", "urn:x"));
  BOOST_TEST(message.body_element.text() == "ok");
}

BOOST_AUTO_TEST_CASE(a_server_fault_is_transient) {
  const auto fault = fault_of(500, fault_envelope("Server", "Database down"), ErrorKind::kUnavailable);
  BOOST_TEST(fault.code == "Server");
  BOOST_TEST(fault.message == "Database down");
  BOOST_TEST(!fault.permanent());
  // Unknown codes are treated as transient too.
  BOOST_TEST(!fault_of(500, fault_envelope("Whatever", "?"), ErrorKind::kUnavailable).permanent());
}

BOOST_AUTO_TEST_CASE(faults_are_caught_as_the_error_kinds_they_map_to) {
  BOOST_CHECK_THROW(soap::read_answer(500, fault_envelope("Client", "no"), "svc"), InvalidInput);
  BOOST_CHECK_THROW(soap::read_answer(500, fault_envelope("Client", "no"), "svc"), soap::ClientFaultError);
  BOOST_CHECK_THROW(soap::read_answer(500, fault_envelope("Server", "later"), "svc"), Unavailable);
  BOOST_CHECK_THROW(soap::read_answer(500, fault_envelope("Server", "later"), "svc"), soap::ServerFaultError);
  try {
    soap::throw_fault("svc", {"Server.Busy", "busy", std::nullopt, std::nullopt, std::nullopt});
  } catch (const Unavailable& e) {
    const auto* fault = dynamic_cast<const soap::FaultError*>(&e);
    BOOST_REQUIRE(fault != nullptr);
    BOOST_TEST(fault->fault().code == "Server.Busy");
    BOOST_TEST(&fault->error() == &e);
  }
}

BOOST_AUTO_TEST_CASE(client_faults_are_permanent) {
  for (const std::string code : {"Client", "Client.Authentication", "VersionMismatch", "MustUnderstand"}) {
    BOOST_TEST_CONTEXT(code) {
      const auto fault = fault_of(500, fault_envelope(code, "Bad request"), ErrorKind::kInvalidInput);
      BOOST_TEST(fault.code == code);
      BOOST_TEST(fault.permanent());
    }
  }
  // "Clientele" is not a Client fault.
  BOOST_TEST(!fault_of(500, fault_envelope("Clientele", "?"), ErrorKind::kUnavailable).permanent());
}

BOOST_AUTO_TEST_CASE(the_application_fault_detail_is_read_and_named_in_the_message) {
  const std::string detail =
      R"(<detail><applicationFault xmlns="http://minameddelanden.gov.se/schema/Common/v3"><ErrorCode>1107</ErrorCode>)"
      R"(<Description>Sender not authorized</Description><CallId>abcdefghijklmnopqrstuvwxyz</CallId></applicationFault></detail>)";
  try {
    soap::read_answer(500, fault_envelope("Client", "Refused", detail), "the register");
    BOOST_FAIL("no fault");
  } catch (const soap::FaultError& e) {
    BOOST_TEST(e.fault().error_code.value_or(0) == 1107);
    BOOST_TEST(e.fault().description.value_or("") == "Sender not authorized");
    BOOST_TEST(e.fault().call_id.value_or("") == "abcdefghijklmnopqrstuvwxyz");
    const std::string what = e.error().what();
    BOOST_TEST(what.find("Refused") != std::string::npos);
    BOOST_TEST(what.find("1107") != std::string::npos);
    BOOST_TEST(what.find("Sender not authorized") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(a_written_fault_reads_back_the_same) {
  soap::Fault fault{"Client", "Signature <invalid> & refused", 1002, std::nullopt, std::nullopt};
  const std::string text = soap::write_fault(fault);
  // SOAP 1.1: the Fault's children are unqualified.
  BOOST_TEST(text.find("<faultcode>soapenv:Client</faultcode>") != std::string::npos);
  const auto read = fault_of(500, text, ErrorKind::kInvalidInput);
  BOOST_TEST(read.code == "Client");
  BOOST_TEST(read.message == fault.message);
  BOOST_TEST(read.error_code.value_or(0) == 1002);
  BOOST_TEST(read.call_id.value_or("").size() >= 20u);  // CallId: 20..50 characters
  BOOST_TEST(read.call_id.value_or("").size() <= 50u);
  // A fault also wins on a 200 status.
  BOOST_TEST(fault_of(200, soap::write_fault({"Server", "x", std::nullopt, std::nullopt, std::nullopt}),
                      ErrorKind::kUnavailable)
                 .code == "Server");
}

BOOST_AUTO_TEST_CASE(qualified_fault_children_of_other_stacks_are_accepted) {
  const std::string body = kEnvelopeStart +
                           "<s:Fault><s:faultcode> s:Client </s:faultcode><s:faultstring>no</s:faultstring></s:Fault>" +
                           kEnvelopeEnd;
  BOOST_TEST(fault_of(500, body, ErrorKind::kInvalidInput).code == "Client");
}

BOOST_AUTO_TEST_CASE(answers_that_are_not_envelopes_are_unavailable) {
  BOOST_TEST(message_of_throw<Unavailable>(502, "<html><body>Bad gateway</body></html>").find("HTTP 502") !=
             std::string::npos);
  BOOST_TEST(!message_of_throw<Unavailable>(200, "not xml at all").empty());
  BOOST_TEST(!message_of_throw<Unavailable>(200, "").empty());
  // An envelope without a fault but with an error status.
  BOOST_TEST(!message_of_throw<Unavailable>(503, kEnvelopeStart + "<r/>" + kEnvelopeEnd).empty());
  // A fault without faultcode is a broken answer, not a permanent refusal.
  BOOST_TEST(!message_of_throw<Unavailable>(
                  500, kEnvelopeStart + "<s:Fault><faultstring>x</faultstring></s:Fault>" + kEnvelopeEnd)
                  .empty());
  // 413 without a fault: the request was too large.
  BOOST_TEST(!message_of_throw<TooLarge>(413, "<html>too large</html>").empty());
}

BOOST_AUTO_TEST_CASE(doctype_and_entities_in_answers_are_refused) {
  const std::string xxe =
      R"(<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]>)"
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><r>&x;</r></s:Body></s:Envelope>)";
  const auto what = message_of_throw<Unavailable>(200, xxe);
  BOOST_TEST(what.find("DOCTYPE") != std::string::npos);
  BOOST_TEST(what.find("root:") == std::string::npos);  // nothing of /etc/passwd
  const std::string laughs =
      R"(<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>)"
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><r>&b;</r></s:Body></s:Envelope>)";
  BOOST_TEST(!message_of_throw<Unavailable>(200, laughs).empty());
  // The server side refuses them as input errors.
  BOOST_CHECK_THROW(soap::parse_envelope(xxe, "request"), xml::XmlError);
}

BOOST_AUTO_TEST_CASE(parse_envelope_refuses_other_documents) {
  BOOST_CHECK_THROW(soap::parse_envelope("<Envelope><Body><x/></Body></Envelope>", "r"), InvalidInput);
  BOOST_CHECK_THROW(  // SOAP 1.2 is not spoken here
      soap::parse_envelope(
          R"(<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><x/></e:Body></e:Envelope>)", "r"),
      InvalidInput);
  BOOST_CHECK_THROW(soap::parse_envelope(kEnvelopeStart + kEnvelopeEnd, "r"), InvalidInput);  // empty Body
}

BOOST_AUTO_TEST_CASE(the_transport_refuses_bad_settings_and_addresses) {
  soap::TlsClientOptions options;
  BOOST_CHECK_THROW(soap::Transport{options}, InvalidInput);  // no files
  options.client_certificate_file = "/nonexistent/cert.pem";
  options.client_private_key_file = "/nonexistent/key.pem";
  options.server_ca_file = "/nonexistent/ca.pem";
  BOOST_CHECK_THROW(soap::Transport{options}, InvalidInput);
  options.io_timeout = std::chrono::milliseconds(0);
  BOOST_CHECK_THROW(soap::Transport{options}, InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()
