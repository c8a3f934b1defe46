// The delivery client: the deliverSecure wire format (the sealed document survives the trip and
// still verifies), results, transient and permanent failures, and timeouts, against the mailbox
// operator simulator.
#include <boost/test/unit_test.hpp>

#include "mm_simulator_fixture.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/delivery_client.hpp"
#include "samverkan/mailbox/verify.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace std::chrono_literals;
namespace mt = samverkan::mailbox::test;

namespace {

ErrorKind kind_of_failure(const DeliveryClient& client, const std::string& url, const std::string& document) {
  try {
    client.deliver_secure(url, document);
  } catch (const Error& e) {
    return e.kind();
  }
  BOOST_FAIL("the delivery did not fail");
  return ErrorKind::kInternal;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(delivery_client_test)

BOOST_AUTO_TEST_CASE(the_sealed_delivery_survives_the_wire_and_still_verifies) {
  const std::string sealed = mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "wire-1");
  const std::string envelope = write_deliver_secure(sealed);
  const auto message = soap::parse_envelope(envelope, "request");
  BOOST_TEST(message.body_element.is("deliverSecure", kServiceV3Namespace));
  const auto inner = message.body_element.required_child("deliverSecure", kServiceV3Namespace);
  BOOST_TEST(inner.first_child("SignedDelivery", kMessageV3Namespace).has_value());
  BOOST_TEST(inner.first_child("Seal", kMessageV3Namespace).has_value());

  // The operator's side rebuilds the document, and both signatures verify on it.
  const std::string rebuilt = rebuild_sealed_delivery(message.body_element);
  const auto schemas = SchemaSet::load(mt::schema_dir());
  const auto result = verify_sealed_delivery(rebuilt, schemas);
  BOOST_TEST(result.ok, result.reason);
  BOOST_TEST(result.recipient_id == mt::kRecipient);

  // The reference sample (sealed elsewhere) makes the same trip.
  const std::string sample =
      samverkan::test::read_file(mt::reference_dir() / "samples" / "SealedDeliveryWithSignature.xml");
  const auto sample_message = soap::parse_envelope(write_deliver_secure(sample), "request");
  const auto sample_result = verify_sealed_delivery(rebuild_sealed_delivery(sample_message.body_element), schemas);
  BOOST_TEST(sample_result.ok, sample_result.reason);
}

BOOST_AUTO_TEST_CASE(only_a_sealed_delivery_of_sensible_size_is_sent) {
  const std::string sealed = mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "m");
  // The SignedDelivery alone (the sender's layer) is not what operators take.
  const auto cut_from = sealed.find("<SignedDelivery");
  const auto cut_to = sealed.find("</SignedDelivery>") + std::string("</SignedDelivery>").size();
  BOOST_REQUIRE(cut_from != std::string::npos);
  BOOST_CHECK_THROW(write_deliver_secure(sealed.substr(cut_from, cut_to - cut_from)), InvalidInput);
  BOOST_CHECK_THROW(write_deliver_secure("not xml"), InvalidInput);
  BOOST_CHECK_THROW(write_deliver_secure(R"(<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>)"),
                    InvalidInput);
  BOOST_CHECK_THROW(write_deliver_secure(std::string(kMaxSealedDeliveryBytes + 1, ' ')), TooLarge);
}

BOOST_AUTO_TEST_CASE(results_are_written_and_read_back) {
  DeliveryResult result;
  result.trans_id = "T-1";
  result.statuses = {{"191212121212", true}};
  const auto message = soap::parse_envelope(write_deliver_secure_response(result), "answer");
  const auto read = read_deliver_secure_response(message.body_element);
  BOOST_TEST(read.trans_id == "T-1");
  BOOST_REQUIRE_EQUAL(read.statuses.size(), 1u);
  BOOST_TEST(read.statuses[0].recipient_id == "191212121212");
  BOOST_TEST(read.statuses[0].delivered);
  BOOST_TEST(read.all_delivered());

  result.statuses[0].delivered = false;
  const auto not_delivered =
      read_deliver_secure_response(soap::parse_envelope(write_deliver_secure_response(result), "answer").body_element);
  BOOST_TEST(!not_delivered.all_delivered());

  // A broken answer (no TransId, or another element) is a transient failure.
  const auto broken = soap::parse_envelope(
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><deliverSecureResponse xmlns="http://minameddelanden.gov.se/schema/Service/v3"><return/></deliverSecureResponse></s:Body></s:Envelope>)",
      "answer");
  BOOST_CHECK_THROW(read_deliver_secure_response(broken.body_element), Unavailable);
  const auto other = soap::parse_envelope(
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><x/></s:Body></s:Envelope>)", "a");
  BOOST_CHECK_THROW(read_deliver_secure_response(other.body_element), Unavailable);
}

BOOST_AUTO_TEST_CASE(a_delivery_is_accepted_with_a_trans_id) {
  mt::MmSimulatorFixture f;
  DeliveryClient client(f.tls());
  const auto result =
      client.deliver_secure(f.mailbox_operator->url(), mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "d-1"));
  BOOST_TEST(!result.trans_id.empty());
  BOOST_TEST(result.all_delivered());
  BOOST_REQUIRE_EQUAL(result.statuses.size(), 1u);
  BOOST_TEST(result.statuses[0].recipient_id == mt::kRecipient);
  const auto deliveries = f.mailbox_operator->deliveries();
  BOOST_REQUIRE_EQUAL(deliveries.size(), 1u);
  BOOST_TEST(deliveries[0].trans_id == result.trans_id);
}

BOOST_AUTO_TEST_CASE(transient_and_permanent_failures_are_told_apart) {
  mt::MmSimulatorFixture f;
  DeliveryClient client(f.tls());
  const std::string url = f.mailbox_operator->url();
  f.mailbox_operator->set_behaviour("191212121212", mm_simulator::Behaviour::fail(false, "Try again later"));
  f.mailbox_operator->set_behaviour("198101052382", mm_simulator::Behaviour::fail(true, "Recipient closed"));

  try {
    client.deliver_secure(url, mt::MmSimulatorFixture::sealed_delivery("191212121212", "t-1"));
    BOOST_FAIL("no failure");
  } catch (const Error& e) {
    BOOST_TEST(is_transient(e));
    BOOST_TEST(std::string(e.what()).find("Try again later") != std::string::npos);
  }
  try {
    client.deliver_secure(url, mt::MmSimulatorFixture::sealed_delivery("198101052382", "p-1"));
    BOOST_FAIL("no failure");
  } catch (const Error& e) {
    BOOST_TEST(!is_transient(e));
    BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::kInvalidInput));
  }
  // A bad document is permanent too, and never leaves the process.
  BOOST_TEST(!is_transient(InvalidInput("x")));
  BOOST_TEST(static_cast<int>(kind_of_failure(client, url, "<x/>")) == static_cast<int>(ErrorKind::kInvalidInput));
  BOOST_TEST(f.mailbox_operator->deliveries().empty());
  BOOST_TEST(f.mailbox_operator->refused() == 2u);

  // Nobody listening, or a wrong address: transient.
  BOOST_TEST(static_cast<int>(kind_of_failure(client, "https://localhost:1/Service/v3",
                                              mt::MmSimulatorFixture::sealed_delivery("191212121212", "t-2"))) ==
             static_cast<int>(ErrorKind::kUnavailable));
  BOOST_TEST(static_cast<int>(kind_of_failure(client, "http://localhost/Service/v3",
                                              mt::MmSimulatorFixture::sealed_delivery("191212121212", "t-3"))) ==
             static_cast<int>(ErrorKind::kInvalidInput));
}

BOOST_AUTO_TEST_CASE(a_broken_operator_answer_is_transient) {
  mt::MmSimulatorFixture f;
  DeliveryClient client(f.tls());
  f.mailbox_operator->answer_next_request(
      200, "text/xml",
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><deliverSecureResponse xmlns="http://minameddelanden.gov.se/schema/Service/v3"><return/></deliverSecureResponse></s:Body></s:Envelope>)");
  f.mailbox_operator->answer_next_request(503, "text/html", "<html>maintenance</html>");
  for (int i = 0; i < 2; ++i) {
    try {
      client.deliver_secure(f.mailbox_operator->url(), mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "b-1"));
      BOOST_FAIL("accepted");
    } catch (const Error& e) {
      BOOST_TEST(is_transient(e), e.what());
    }
  }
  BOOST_TEST(f.mailbox_operator->deliveries().empty());
}

BOOST_AUTO_TEST_CASE(a_hanging_operator_times_out_as_unavailable) {
  mt::MmSimulatorFixture f;
  DeliveryClient client(f.tls(300ms));
  f.mailbox_operator->set_behaviour(mt::kRecipient, mm_simulator::Behaviour::hang());
  const auto started = std::chrono::steady_clock::now();
  try {
    client.deliver_secure(f.mailbox_operator->url(), mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "h-1"));
    BOOST_FAIL("no timeout");
  } catch (const Unavailable& e) {
    BOOST_TEST(std::string(e.what()).find("timed out") != std::string::npos, e.what());
  }
  const auto waited = std::chrono::steady_clock::now() - started;
  BOOST_TEST((waited >= 300ms));
  BOOST_TEST((waited < 10s));
  f.mailbox_operator->release_hanging();
  BOOST_TEST(f.mailbox_operator->deliveries().empty());
}

BOOST_AUTO_TEST_CASE(a_slow_operator_is_waited_for_within_the_timeout_and_given_up_after) {
  mt::MmSimulatorFixture f;
  f.mailbox_operator->set_behaviour(mt::kRecipient, mm_simulator::Behaviour::deliver_after(400ms));
  DeliveryClient patient(f.tls(3s));
  const auto started = std::chrono::steady_clock::now();
  const auto result =
      patient.deliver_secure(f.mailbox_operator->url(), mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "s-1"));
  BOOST_TEST(result.all_delivered());
  BOOST_TEST((std::chrono::steady_clock::now() - started >= 400ms));

  f.mailbox_operator->set_behaviour(mt::kRecipient, mm_simulator::Behaviour::deliver_after(3s));
  DeliveryClient impatient(f.tls(200ms));
  BOOST_CHECK_THROW(impatient.deliver_secure(f.mailbox_operator->url(),
                                             mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "s-2")),
                    Unavailable);
}

BOOST_AUTO_TEST_SUITE_END()
