#pragma once
// Test doubles for adapter backends that speak HTTPS: a real libcore http::Server on a free
// port with a development certificate, routes set by the test, and an idempotency ledger as
// real order APIs keep one. Header-only: the unit-test and adapter-test executables glob only
// test files.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <utility>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::test {

class HttpsDouble {
 public:
  HttpsDouble() : certificate_(tls::ensure_dev_certificate(dir_ / "tls")), router_(std::make_shared<http::Router>()) {}
  ~HttpsDouble() { stop(); }
  HttpsDouble(const HttpsDouble&) = delete;
  HttpsDouble& operator=(const HttpsDouble&) = delete;

  // Add routes before start(): the server reads the router without locking.
  http::Router& router() { return *router_; }

  void start() {
    http::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.certificate_file = certificate_.certificate;
    options.private_key_file = certificate_.private_key;
    options.max_body_bytes = 64u << 20;
    options.max_threads = 8;
    server_ = std::make_unique<http::Server>(options, router_, logger_);
    server_->start();
    port_ = server_->port();
  }

  // Stops serving: afterwards connections to port() are refused ("the backend is down").
  void stop() {
    if (server_) server_->stop(std::chrono::milliseconds(0));
    server_.reset();
  }

  std::uint16_t port() const { return port_; }
  const TempDir& dir() const { return dir_; }
  const tls::CertificateFiles& certificate() const { return certificate_; }

  // Settings that reach this double at https://localhost:<port><base_path>, trusting its
  // certificate, with a token file holding `token` (none when empty).
  adapters::RestApiSettings settings(const std::string& base_path = "", const std::string& token = "test-token") const {
    adapters::RestApiSettings settings;
    settings.base_url = "https://localhost:" + std::to_string(port_) + base_path;
    settings.ca_file = certificate_.certificate;
    if (!token.empty()) settings.token_file = dir_.write("token-" + std::to_string(++tokens_), token + "\n");
    settings.timeout = std::chrono::seconds(5);
    return settings;
  }

 private:
  TempDir dir_;
  tls::CertificateFiles certificate_;
  std::ostringstream log_stream_;
  log::Logger logger_{log_stream_};
  std::shared_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
  mutable int tokens_ = 0;
};

// What an order API remembers per Idempotency-Key: the request body and the id it answered.
class IdempotencyLedger {
 public:
  enum class Outcome { kCreated, kReplayed, kConflict };

  // Records `body` under `key`, calling `make_id` only for a new key. Returns what happened and
  // the id (empty for a conflict).
  template <typename MakeId>
  std::pair<Outcome, std::string> record(const std::string& key, const std::string& body, MakeId&& make_id) {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(key);
    if (found == entries_.end()) {
      std::string id = make_id();
      entries_.emplace(key, std::make_pair(body, id));
      return {Outcome::kCreated, id};
    }
    if (found->second.first != body) return {Outcome::kConflict, {}};
    return {Outcome::kReplayed, found->second.second};
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

  // What an order API answers for what record() returned: 201 {"<id_member>": "<id>"} for a new
  // key, 200 with the same id for a replay, 409 for a key used with another body.
  static http::Response answer(const std::pair<Outcome, std::string>& recorded, const std::string& id_member) {
    const std::string body = "{\"" + id_member + "\":\"" + recorded.second + "\"}";
    switch (recorded.first) {
      case Outcome::kCreated:
        return http::Response::json(201, body);
      case Outcome::kReplayed:
        return http::Response::json(200, body);
      case Outcome::kConflict:
        break;
    }
    return http::Response::json(409, R"({"message":"the key was used for another request"})");
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<std::string, std::string>> entries_;
};

}  // namespace samverkan::test
