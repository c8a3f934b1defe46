#pragma once
// A local SMS gateway for tests: a real HTTPS server (test::HttpsDouble, port 0, a development
// certificate) speaking the sms-rest product's contract
// (adapters/sms_rest/include/samverkan/adapters/sms_rest/rest_sms_gateway.hpp):
//
//   POST {base}/messages  Authorization: Bearer <token>  Idempotency-Key: <key>
//     {"to": "+46701234567", "from": "Exempelby", "text": "..."}
//     201 {"messageId": "SMS-1001"} | 200 the same for a replay | 409 key reused | 422 refused
//
// Like a real gateway it keeps an idempotency ledger (a replay sends nothing new), refuses a
// number that is not E.164 or that the test marked undeliverable (422 with a message), and
// answers 401 without the right API key. set_down(true) answers 503 ("maintenance"); stop()
// closes the port. Header-only: used by the adapter tests and the e-services tests.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "adapters/https_double.hpp"
#include "samverkan/adapters/sms_gateway.hpp"

namespace samverkan::test {

class SmsSimulator {
 public:
  // One SMS as the gateway accepted it.
  struct Sms {
    std::string id;
    std::string key;
    std::string to;
    std::string from;
    std::string text;
  };

  static constexpr const char* kBasePath = "/api/v1";

  explicit SmsSimulator(std::string token = "sms-api-key") : token_(std::move(token)) {
    server_.router().add("POST", std::string(kBasePath) + "/messages",
                         [this](http::Request& request) { return receive(request); });
    server_.start();
  }
  ~SmsSimulator() { server_.stop(); }  // before the ledger and the list the routes use
  SmsSimulator(const SmsSimulator&) = delete;
  SmsSimulator& operator=(const SmsSimulator&) = delete;

  // restApi settings that reach the simulator, trusting its certificate, with the API key in a
  // token file (as a member's secrets file holds it).
  adapters::RestApiSettings settings() const { return server_.settings(kBasePath, token_); }
  // As settings(), with another API key in the token file (one the gateway does not know).
  adapters::RestApiSettings settings_with_key(const std::string& key) const { return server_.settings(kBasePath, key); }
  std::string base_url() const { return "https://localhost:" + std::to_string(server_.port()) + kBasePath; }
  const std::filesystem::path& ca_file() const { return server_.certificate().certificate; }
  const std::string& token() const { return token_; }

  // Every SMS accepted (replays not repeated), oldest first.
  std::vector<Sms> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  int requests() const { return requests_.load(); }
  void set_down(bool down) { down_ = down; }
  void refuse_number(const std::string& e164) {
    std::lock_guard lock(mutex_);
    undeliverable_.insert(e164);
  }
  void stop() { server_.stop(); }

 private:
  http::Response receive(http::Request& request) {
    ++requests_;
    if (down_) return http::Response::json(503, R"({"message":"maintenance"})");
    if (request.header("Authorization").value_or("") != "Bearer " + token_) {
      return http::Response::json(401, R"({"message":"unknown API key"})");
    }
    const auto key = request.header("Idempotency-Key");
    if (!key) return http::Response::json(400, R"({"message":"Idempotency-Key is required"})");
    Sms sms;
    try {
      Poco::JSON::Parser parser;
      const auto body = parser.parse(request.body).extract<Poco::JSON::Object::Ptr>();
      sms.to = body->getValue<std::string>("to");
      sms.from = body->getValue<std::string>("from");
      sms.text = body->getValue<std::string>("text");
    } catch (const Poco::Exception&) {
      return http::Response::json(400, R"({"message":"the body is not an SMS"})");
    }
    const auto number = adapters::normalise_mobile_number(sms.to);
    {
      std::lock_guard lock(mutex_);
      if (!number.e164 || *number.e164 != sms.to || undeliverable_.contains(sms.to)) {
        return http::Response::json(422, R"({"message":"the number cannot receive SMS"})");
      }
    }
    sms.key = *key;
    bool created = false;
    const auto recorded = ledger_.record(*key, request.body, [&] {
      created = true;
      return "SMS-" + std::to_string(next_id_++);
    });
    if (created) {
      sms.id = recorded.second;
      std::lock_guard lock(mutex_);
      messages_.push_back(sms);
    }
    return IdempotencyLedger::answer(recorded, "messageId");
  }

  std::string token_;
  HttpsDouble server_;
  IdempotencyLedger ledger_;
  mutable std::mutex mutex_;
  std::vector<Sms> messages_;
  std::set<std::string> undeliverable_;
  std::atomic<int> requests_{0};
  std::atomic<int> next_id_{1001};
  std::atomic<bool> down_{false};
};

}  // namespace samverkan::test
