// RestItServiceDesk (and the RestClient under it) against a real HTTPS double of the
// cooperation's service desk.
#include "samverkan/adapters/servicedesk_rest/rest_it_service_desk.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "adapters/https_double.hpp"
#include "samverkan/core/error.hpp"

namespace adapters = samverkan::adapters;
namespace http = samverkan::http;
using namespace std::chrono;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

// The service desk: orders keyed by Idempotency-Key, tickets HIT-1001, HIT-1002, ...
struct ServiceDesk {
  samverkan::test::HttpsDouble server;
  samverkan::test::IdempotencyLedger ledger;
  std::atomic<int> requests{0};
  std::atomic<int> next_ticket{1001};
  std::atomic<int> answer_delay_ms{0};  // sleep after recording, before answering
  std::atomic<int> forced_status{0};    // answer every request with this status when set
  std::string last_authorization;
  std::mutex mutex;

  ServiceDesk() {
    server.router().add("POST", "/api/v1/equipment-orders", [this](http::Request& request) {
      ++requests;
      {
        std::lock_guard lock(mutex);
        last_authorization = request.header("Authorization").value_or("");
      }
      if (forced_status != 0) return http::Response::json(forced_status, R"({"message":"maintenance"})");
      if (request.header("Authorization") != "Bearer test-token") return http::Response::json(401, "{}");
      const auto key = request.header("Idempotency-Key");
      if (!key) return http::Response::json(400, R"({"message":"Idempotency-Key is required"})");
      const auto order = parse(request.body);
      if (order->getValue<std::string>("customer") != "EKSJO") {
        return http::Response::json(422, R"({"message":"unknown customer"})");
      }
      if (order->getValue<std::string>("costCentre") == "9999") {
        return http::Response::json(422, R"({"message":"cost centre 9999 is closed"})");
      }
      const auto [outcome, ticket] =
          ledger.record(*key, request.body, [this] { return "HIT-" + std::to_string(next_ticket++); });
      if (answer_delay_ms > 0) std::this_thread::sleep_for(milliseconds(answer_delay_ms.load()));
      switch (outcome) {
        case samverkan::test::IdempotencyLedger::Outcome::kCreated:
          return http::Response::json(201, R"({"ticketId":")" + ticket + R"("})");
        case samverkan::test::IdempotencyLedger::Outcome::kReplayed:
          return http::Response::json(200, R"({"ticketId":")" + ticket + R"("})");
        case samverkan::test::IdempotencyLedger::Outcome::kConflict:
          break;
      }
      return http::Response::json(409, R"({"message":"key reused with another body"})");
    });
    server.router().add("GET", "/api/v1/tickets/{id}", [this](http::Request& request) {
      ++requests;
      if (forced_status != 0) return http::Response::json(forced_status, "{}");
      const std::string id = request.path_params.at("id");
      if (id != "HIT-1001") return http::Response::json(404, R"({"message":"no such ticket"})");
      return http::Response::json(200, R"({"ticketId":"HIT-1001","status":"in-progress",)"
                                       R"("expectedDelivery":"2026-08-14","message":"Dator beställd"})");
    });
    server.start();
  }

  std::string authorization() {
    std::lock_guard lock(mutex);
    return last_authorization;
  }

  adapters::servicedesk_rest::RestItServiceDesk desk(std::chrono::seconds timeout = seconds(5)) {
    auto settings = server.settings("/api/v1");
    settings.timeout = timeout;
    return adapters::servicedesk_rest::RestItServiceDesk(settings, "EKSJO", "Höglandets IT service desk");
  }
};

adapters::EquipmentOrder order(const char* key = "hire-0686-17-equipment") {
  return adapters::EquipmentOrder{adapters::IdempotencyKey::parse(key),
                                  "Anna Andersson",
                                  "100234",
                                  {adapters::EquipmentItem{adapters::EquipmentKind::kComputer, "bärbar-14", 1},
                                   adapters::EquipmentItem{adapters::EquipmentKind::kPhone, "", 1}},
                                  2026y / August / 17d,
                                  "1230",
                                  "Äldreomsorg Norr, Storgatan 1, Eksjö"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rest_it_service_desk_adaptertest)

BOOST_FIXTURE_TEST_CASE(an_order_becomes_a_ticket, ServiceDesk) {
  auto it = desk();
  const auto receipt = it.order_equipment(order());
  BOOST_TEST(receipt.id == "HIT-1001");
  BOOST_TEST(!receipt.replayed);
  BOOST_TEST(authorization() == "Bearer test-token");

  const auto state = it.ticket_status("HIT-1001");
  BOOST_TEST(state.ticket_id == "HIT-1001");
  BOOST_TEST((state.status == adapters::TicketStatus::kInProgress));
  BOOST_TEST((state.expected_delivery == 2026y / August / 14d));
  BOOST_TEST(state.message == "Dator beställd");
  BOOST_CHECK_THROW(it.ticket_status("HIT-4711"), samverkan::NotFound);
}

BOOST_FIXTURE_TEST_CASE(a_retried_order_is_placed_once, ServiceDesk) {
  auto it = desk();
  const auto first = it.order_equipment(order());
  const auto retry = it.order_equipment(order());
  BOOST_TEST(retry.id == first.id);
  BOOST_TEST(retry.replayed);
  BOOST_TEST(ledger.size() == 1U);

  auto changed = order();
  changed.items.pop_back();
  BOOST_CHECK_THROW(it.order_equipment(changed), samverkan::Conflict);
  BOOST_TEST(ledger.size() == 1U);
}

BOOST_FIXTURE_TEST_CASE(a_lost_answer_is_retried_safely, ServiceDesk) {
  // The desk records the order, but its answer comes after our timeout: the caller sees
  // Unavailable and retries with the same key, which must not place a second order.
  auto it = desk(seconds(1));
  answer_delay_ms = 2500;
  BOOST_CHECK_THROW(it.order_equipment(order()), samverkan::Unavailable);
  answer_delay_ms = 0;
  const auto retry = it.order_equipment(order());
  BOOST_TEST(retry.id == "HIT-1001");
  BOOST_TEST(retry.replayed);
  BOOST_TEST(ledger.size() == 1U);
}

BOOST_FIXTURE_TEST_CASE(an_invalid_order_is_refused, ServiceDesk) {
  auto it = desk();
  auto bad = order();
  bad.items.clear();
  BOOST_CHECK_THROW(it.order_equipment(bad), samverkan::InvalidInput);
  BOOST_TEST(requests.load() == 0, "refused before asking the desk");

  auto closed = order();
  closed.cost_centre = "9999";
  try {
    it.order_equipment(closed);
    BOOST_FAIL("accepted");
  } catch (const samverkan::InvalidInput& error) {
    BOOST_TEST(std::string(error.what()) ==
               "Höglandets IT service desk refused the request: cost centre 9999 is closed");
  }
  BOOST_TEST(ledger.size() == 0U);
}

BOOST_FIXTURE_TEST_CASE(a_desk_that_is_down_is_unavailable, ServiceDesk) {
  auto it = desk();
  server.stop();
  try {
    it.order_equipment(order());
    BOOST_FAIL("accepted");
  } catch (const samverkan::Unavailable& error) {
    const std::string message = error.what();
    BOOST_TEST(message.find("Höglandets IT service desk at localhost:") == 0U, message);
    BOOST_TEST(message.find("cannot be reached") != std::string::npos, message);
  }
  BOOST_CHECK_THROW(it.ticket_status("HIT-1001"), samverkan::Unavailable);
}

BOOST_FIXTURE_TEST_CASE(server_errors_and_refused_credentials_are_unavailable, ServiceDesk) {
  auto it = desk();
  forced_status = 503;
  BOOST_CHECK_THROW(it.order_equipment(order()), samverkan::Unavailable);
  BOOST_CHECK_THROW(it.ticket_status("HIT-1001"), samverkan::Unavailable);
  forced_status = 0;

  auto settings = server.settings("/api/v1", "wrong-token");
  adapters::servicedesk_rest::RestItServiceDesk wrong_token(settings, "EKSJO", "Höglandets IT service desk");
  try {
    wrong_token.order_equipment(order());
    BOOST_FAIL("accepted");
  } catch (const samverkan::Unavailable& error) {
    BOOST_TEST(std::string(error.what()).find("refused our credentials") != std::string::npos, error.what());
  }

  settings.token_file = server.dir() / "no-such-token";
  adapters::servicedesk_rest::RestItServiceDesk no_token(settings, "EKSJO", "Höglandets IT service desk");
  BOOST_CHECK_THROW(no_token.order_equipment(order()), samverkan::Unavailable);
  BOOST_TEST(ledger.size() == 0U);
}

BOOST_FIXTURE_TEST_CASE(a_wrong_base_url_is_unavailable_rather_than_not_found, ServiceDesk) {
  adapters::servicedesk_rest::RestItServiceDesk wrong(server.settings("/api/v9"), "EKSJO",
                                                      "Höglandets IT service desk");
  try {
    wrong.order_equipment(order());
    BOOST_FAIL("accepted");
  } catch (const samverkan::Unavailable& error) {
    BOOST_TEST(std::string(error.what()).find("no such endpoint") != std::string::npos, error.what());
  }
}

BOOST_FIXTURE_TEST_CASE(an_untrusted_certificate_is_refused, ServiceDesk) {
  samverkan::test::HttpsDouble impostor;  // another self-signed certificate
  impostor.router().add("POST", "/api/v1/equipment-orders",
                        [](http::Request&) { return http::Response::json(201, R"({"ticketId":"FAKE-1"})"); });
  impostor.start();
  auto settings = impostor.settings("/api/v1");
  settings.ca_file = server.certificate().certificate;  // trusts the real desk only
  adapters::servicedesk_rest::RestItServiceDesk it(settings, "EKSJO", "Höglandets IT service desk");
  BOOST_CHECK_THROW(it.order_equipment(order()), samverkan::Unavailable);
}

BOOST_AUTO_TEST_CASE(bad_settings_are_invalid_input) {
  adapters::RestApiSettings settings;
  for (const char* url : {"http://desk.example", "https://", "https://user@desk.example", "https://desk.example/?a=1",
                          "ftp://desk.example"}) {
    settings.base_url = url;
    BOOST_CHECK_THROW(adapters::servicedesk_rest::RestItServiceDesk(settings, "EKSJO", "desk"),
                      samverkan::InvalidInput);
  }
  settings.base_url = "https://desk.example";
  BOOST_CHECK_THROW(adapters::servicedesk_rest::RestItServiceDesk(settings, "", "desk"), samverkan::InvalidInput);
  settings.ca_file = "/no/such/ca.pem";
  BOOST_CHECK_THROW(adapters::servicedesk_rest::RestItServiceDesk(settings, "EKSJO", "desk"), samverkan::InvalidInput);
}

BOOST_AUTO_TEST_CASE(path_segments_are_encoded) {
  BOOST_TEST(adapters::encode_path_segment("HIT-1001") == "HIT-1001");
  BOOST_TEST(adapters::encode_path_segment("a/b?c") == "a%2Fb%3Fc");
  BOOST_TEST(adapters::encode_path_segment("..") == "%2E%2E");
  BOOST_TEST(adapters::encode_path_segment("anna.ö") == "anna.%C3%B6");
}

BOOST_AUTO_TEST_SUITE_END()
