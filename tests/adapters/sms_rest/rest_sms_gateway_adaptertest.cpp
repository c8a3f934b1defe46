// RestSmsGateway (product sms-rest) against the local SMS gateway simulator over a real HTTPS
// socket, and the mobile number rules every SmsGateway shares.
#include "samverkan/adapters/sms_rest/rest_sms_gateway.hpp"

#include <boost/test/unit_test.hpp>

#include "adapters/sms_simulator.hpp"
#include "samverkan/adapters/products.hpp"
#include "samverkan/adapters/sms_rest/register.hpp"
#include "samverkan/core/error.hpp"

namespace adapters = samverkan::adapters;
using samverkan::test::SmsSimulator;

namespace {

adapters::SmsMessage sms(const std::string& key, const std::string& to = "+46701234567",
                         const std::string& text = "Nytt meddelande. Logga in: https://e.example/e/0199/mina-sidor") {
  return adapters::SmsMessage{adapters::IdempotencyKey::parse(key), to, {}, text};
}

std::string e164(const std::string& text) { return adapters::normalise_mobile_number(text).e164.value_or("-"); }

adapters::MobileNumberProblem problem(const std::string& text) {
  const auto number = adapters::normalise_mobile_number(text);
  BOOST_TEST_REQUIRE(!number.e164.has_value(), text);
  return number.problem.value_or(adapters::MobileNumberProblem::kEmpty);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rest_sms_gateway_adaptertest)

BOOST_AUTO_TEST_CASE(mobile_numbers_are_read_as_people_write_them) {
  BOOST_TEST(e164("070-123 45 67") == "+46701234567");
  BOOST_TEST(e164("0701234567") == "+46701234567");
  BOOST_TEST(e164("+46 70 123 45 67") == "+46701234567");
  BOOST_TEST(e164("0046 (0)70-1234567") == "-", "a (0) after the country code is not a number");
  BOOST_TEST(e164("0046 70 123 45 67") == "+46701234567");
  BOOST_TEST(e164("+358 40 1234567") == "+358401234567");
  BOOST_TEST((problem("") == adapters::MobileNumberProblem::kEmpty));
  BOOST_TEST((problem("  ") == adapters::MobileNumberProblem::kEmpty));
  BOOST_TEST((problem("070-ABC") == adapters::MobileNumberProblem::kNotANumber));
  BOOST_TEST((problem("70 123 45 67") == adapters::MobileNumberProblem::kNotANumber));
  BOOST_TEST((problem("08-123 456 78") == adapters::MobileNumberProblem::kNotMobile));
  BOOST_TEST((problem("+46 8 123 456 78") == adapters::MobileNumberProblem::kNotMobile));
  BOOST_TEST((problem("070-123 45") == adapters::MobileNumberProblem::kWrongLength));
  BOOST_TEST((problem("+1 234") == adapters::MobileNumberProblem::kWrongLength));
}

BOOST_AUTO_TEST_CASE(a_message_reaches_the_simulator_once_per_key) {
  SmsSimulator simulator;
  adapters::sms_rest::RestSmsGateway gateway(simulator.settings(), "Exempelby", "Exempelby's SMS gateway (sms-rest)");
  const auto first = gateway.send(sms("notice-0199-message-1"));
  BOOST_TEST(!first.replayed);
  BOOST_TEST(first.id == "SMS-1001");
  const auto again = gateway.send(sms("notice-0199-message-1"));
  BOOST_TEST(again.replayed, "the same key and message: the gateway sends nothing new");
  BOOST_TEST(again.id == first.id);
  const auto received = simulator.messages();
  BOOST_TEST_REQUIRE(received.size() == 1u);
  BOOST_TEST(received[0].to == "+46701234567");
  BOOST_TEST(received[0].from == "Exempelby", "the binding's sender name");
  BOOST_TEST(received[0].key == "notice-0199-message-1");
  BOOST_TEST(received[0].text.find("Logga in") != std::string::npos);
  BOOST_CHECK_THROW(gateway.send(sms("notice-0199-message-1", "+46701234568")), samverkan::Conflict);
}

BOOST_AUTO_TEST_CASE(failures_map_to_the_error_kinds) {
  SmsSimulator simulator;
  adapters::sms_rest::RestSmsGateway gateway(simulator.settings(), "Exempelby", "Exempelby's SMS gateway (sms-rest)");
  // A number the gateway cannot deliver to is refused for good, with the gateway's reason.
  simulator.refuse_number("+46709999999");
  try {
    gateway.send(sms("k1", "+46709999999"));
    BOOST_FAIL("refused");
  } catch (const samverkan::InvalidInput& e) {
    BOOST_TEST(std::string(e.what()).find("the number cannot receive SMS") != std::string::npos, e.what());
  }
  // A malformed number never leaves the platform.
  const int before = simulator.requests();
  BOOST_CHECK_THROW(gateway.send(sms("k2", "070-123 45 67")), samverkan::InvalidInput);
  BOOST_CHECK_THROW(gateway.send(sms("k3", "+46701234567", "")), samverkan::InvalidInput);
  BOOST_CHECK_THROW(gateway.send(sms("k4", "+46701234567", std::string(300, 'a'))), samverkan::InvalidInput);
  BOOST_TEST(simulator.requests() == before);
  // Down for maintenance, a wrong API key, a closed port: try later.
  simulator.set_down(true);
  BOOST_CHECK_THROW(gateway.send(sms("k5")), samverkan::Unavailable);
  simulator.set_down(false);
  adapters::sms_rest::RestSmsGateway stranger(simulator.settings_with_key("another-key"), "Exempelby",
                                              "Exempelby's SMS gateway (sms-rest)");
  try {
    stranger.send(sms("k6"));
    BOOST_FAIL("refused");
  } catch (const samverkan::Unavailable& e) {
    BOOST_TEST(std::string(e.what()).find("refused our credentials") != std::string::npos, e.what());
  }
  simulator.stop();
  BOOST_CHECK_THROW(gateway.send(sms("k7")), samverkan::Unavailable);
  BOOST_TEST(simulator.messages().empty());
}

BOOST_AUTO_TEST_CASE(the_product_reads_its_settings_and_refuses_a_bad_sender) {
  SmsSimulator simulator;
  BOOST_CHECK_THROW(adapters::sms_rest::RestSmsGateway(simulator.settings(), "", "gateway"), samverkan::InvalidInput);
  BOOST_CHECK_THROW(adapters::sms_rest::RestSmsGateway(simulator.settings(), "Exempelby kommun", "gateway"),
                    samverkan::InvalidInput);
  adapters::Products products;
  adapters::sms_rest::register_product(products);
  const auto* info = products.find(adapters::AdapterKind::kSmsGateway, "sms-rest");
  BOOST_REQUIRE(info != nullptr);
  BOOST_TEST(info->summary.find("option sender") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
