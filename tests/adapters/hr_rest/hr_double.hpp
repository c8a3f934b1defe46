#pragma once
// A local HR system speaking the hr-rest contract (adapters/hr_rest/.../rest_hr_system.hpp):
// employments held in memory, changes recorded per Idempotency-Key. A real HTTPS server on a
// free port (HttpsDouble), for the hr-rest connector's tests and for process tests that need an
// HR system (hiring). Header-only, like https_double.hpp.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "adapters/https_double.hpp"

namespace samverkan::test {

class HrDouble {
 public:
  /// The bearer token it accepts.
  static constexpr const char* kToken = "hr-token";

  HrDouble() {
    server_.router().add("GET", "/hr/v1/employments/{id}", [this](http::Request& request) {
      ++requests;
      if (auto refused = refuse(request)) return *refused;
      std::lock_guard lock(mutex_);
      const auto found = employments_.find(request.path_params.at("id"));
      if (found == employments_.end()) return http::Response::json(404, R"({"message":"no such employment"})");
      return http::Response::json(200, found->second);
    });
    server_.router().add("POST", "/hr/v1/employment-changes", [this](http::Request& request) {
      ++requests;
      if (auto refused = refuse(request)) return *refused;
      const auto key = request.header("Idempotency-Key");
      if (!key) return http::Response::json(400, R"({"message":"Idempotency-Key is required"})");
      Poco::JSON::Parser parser;
      const auto change = parser.parse(request.body).extract<Poco::JSON::Object::Ptr>();
      {
        std::lock_guard lock(mutex_);
        if (!employments_.contains(change->getValue<std::string>("employmentId"))) {
          return http::Response::json(404, R"({"message":"no such employment"})");
        }
        if (change->getValue<std::string>("effectiveDate") < "2000-01-01") {
          return http::Response::json(422, R"({"message":"the date is before the employment"})");
        }
      }
      const auto recorded = ledger_.record(*key, request.body, [this, &request] {
        std::lock_guard lock(mutex_);
        changes_.push_back(request.body);
        return "CH-" + std::to_string(changes_.size());
      });
      return IdempotencyLedger::answer(recorded, "changeId");
    });
    server_.start();
  }

  /// Holds `json` (the whole answer, as the contract gives it) as employment `id`.
  void hold(const std::string& id, const std::string& json) {
    std::lock_guard lock(mutex_);
    employments_[id] = json;
  }

  /// Settings reaching this double with its token (or `token`).
  adapters::RestApiSettings settings(const std::string& token = kToken) const {
    return server_.settings("/hr/v1", token);
  }

  /// The bodies of the changes recorded, in order (a replay is not recorded again).
  std::vector<std::string> changes() const {
    std::lock_guard lock(mutex_);
    return changes_;
  }

  /// Answers every request with `status` from now on (0: normal service).
  std::atomic<int> forced_status{0};
  std::atomic<int> requests{0};

  HttpsDouble& server() { return server_; }

 private:
  std::optional<http::Response> refuse(const http::Request& request) const {
    if (forced_status != 0) return http::Response::json(forced_status, R"({"message":"maintenance"})");
    if (request.header("Authorization") != std::string("Bearer ") + kToken) return http::Response::json(401, "{}");
    return std::nullopt;
  }

  HttpsDouble server_;
  IdempotencyLedger ledger_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> employments_;
  std::vector<std::string> changes_;
};

}  // namespace samverkan::test
