#pragma once
// A local property access system speaking the access-card-rest contract
// (adapters/access_card_rest/.../rest_property_access.hpp): orders and revocations recorded per
// Idempotency-Key, their states set by the test. A real HTTPS server on a free port
// (HttpsDouble), for the connector's tests and for process tests that order access cards
// (hiring). Header-only, like https_double.hpp.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "adapters/https_double.hpp"

namespace samverkan::test {

class AccessCardDouble {
 public:
  static constexpr const char* kToken = "card-token";

  /// `zones` are the zones the system knows; an order naming another is refused (422).
  explicit AccessCardDouble(std::set<std::string> zones = {"STADSHUSET", "SKOLA-NORR/KOK"}) : zones_(std::move(zones)) {
    const auto place = [this](http::Request& request) {
      if (forced_status != 0) return http::Response::json(forced_status, R"({"message":"maintenance"})");
      if (request.header("Authorization") != std::string("Bearer ") + kToken) return http::Response::json(401, "{}");
      const auto key = request.header("Idempotency-Key");
      if (!key) return http::Response::json(400, R"({"message":"Idempotency-Key is required"})");
      Poco::JSON::Parser parser;
      const auto body = parser.parse(request.body).extract<Poco::JSON::Object::Ptr>();
      if (const auto ordered = body->getArray("zones")) {
        for (std::size_t i = 0; i < ordered->size(); ++i) {
          if (!zones_.contains(ordered->getElement<std::string>(static_cast<unsigned>(i)))) {
            return http::Response::json(422, R"({"message":"unknown zone"})");
          }
        }
      }
      const auto recorded = ledger_.record(*key, request.body, [this, &request] {
        std::lock_guard lock(mutex_);
        orders_.push_back(request.body);
        const std::string order_id = "AC-" + std::to_string(orders_.size());
        states_[order_id] = "received";
        return order_id;
      });
      return IdempotencyLedger::answer(recorded, "orderId");
    };
    server_.router().add("POST", "/cards/card-orders", place);
    server_.router().add("POST", "/cards/card-revocations", place);
    server_.router().add("GET", "/cards/orders/{id}", [this](http::Request& request) {
      if (forced_status != 0) return http::Response::json(forced_status, "{}");
      std::lock_guard lock(mutex_);
      const std::string id = request.path_params.at("id");
      const auto found = states_.find(id);
      if (found == states_.end()) return http::Response::json(404, R"({"message":"no such order"})");
      return http::Response::json(
          200, R"({"orderId":")" + id + R"(","status":")" + found->second + R"(","message":"Hämtas i receptionen"})");
    });
    server_.start();
  }

  adapters::RestApiSettings settings(const std::string& token = kToken) const {
    return server_.settings("/cards", token);
  }

  /// Sets the state the system reports for `order_id`.
  void set_state(const std::string& order_id, const std::string& state) {
    std::lock_guard lock(mutex_);
    states_[order_id] = state;
  }

  /// The bodies of the orders and revocations recorded, in order.
  std::vector<std::string> orders() const {
    std::lock_guard lock(mutex_);
    return orders_;
  }

  std::atomic<int> forced_status{0};
  HttpsDouble& server() { return server_; }

 private:
  std::set<std::string> zones_;
  HttpsDouble server_;
  IdempotencyLedger ledger_;
  mutable std::mutex mutex_;
  std::vector<std::string> orders_;
  std::map<std::string, std::string> states_;
};

}  // namespace samverkan::test
