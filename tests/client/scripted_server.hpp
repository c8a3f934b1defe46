#pragma once
// A scripted HTTPS server on loopback for samverkan::client's tests (Poco's HTTP server with a
// development certificate): each request is recorded and answered by the test's script.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "samverkan/client/client.hpp"
#include "samverkan/tls/context.hpp"
#include "samverkan/tls/dev_certificate.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::client_test {

using namespace std::chrono_literals;

// A request as the scripted server saw it.
struct Seen {
  std::string method, uri, body, authorization, idempotency_key, user_agent, content_type;
};

// What the script answers.
struct Answer {
  int status = 200;
  std::string body = "{}";
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

using Script = std::function<Answer(const Seen&, int n)>;  // n: the request's number for this path (1, 2, ...)

class ScriptedServer {
 public:
  explicit ScriptedServer(Script script) : script_(std::move(script)) {
    const auto files = samverkan::tls::ensure_dev_certificate(dir_.path());
    certificate_ = files.certificate;
    const auto context = samverkan::tls::make_server_context(
        {.certificate_file = files.certificate, .private_key_file = files.private_key});
    socket_ = std::make_unique<Poco::Net::SecureServerSocket>(context);
    socket_->bind(Poco::Net::SocketAddress("127.0.0.1:0"), true, false);
    socket_->listen(16);
    auto params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(false);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), *socket_, params);
    server_->start();
  }
  ~ScriptedServer() { server_->stopAll(true); }

  std::string url() const { return "https://127.0.0.1:" + std::to_string(socket_->address().port()); }
  const std::filesystem::path& certificate() const { return certificate_; }

  std::vector<Seen> seen(const std::string& uri_prefix = {}) const {
    std::lock_guard lock(mutex_);
    std::vector<Seen> out;
    for (const auto& s : seen_) {
      if (s.uri.rfind(uri_prefix, 0) == 0) out.push_back(s);
    }
    return out;
  }

  client::Options options(std::vector<std::chrono::milliseconds>* sleeps = nullptr) const {
    client::Options o;
    o.server = url();
    o.client_id = "klient-1";
    o.client_secret = "hemligt & långt=";
    o.ca_file = certificate_;
    o.timeout = 10s;
    o.initial_backoff = 100ms;
    o.max_backoff = 1000ms;
    o.max_attempts = 3;
    if (sleeps) o.sleep = [sleeps](std::chrono::milliseconds wait) { sleeps->push_back(wait); };
    return o;
  }

 private:
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(ScriptedServer& server) : server_(server) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
      Seen seen{request.getMethod(),
                request.getURI(),
                {},
                request.get("Authorization", ""),
                request.get("Idempotency-Key", ""),
                request.get("User-Agent", ""),
                request.getContentType()};
      Poco::StreamCopier::copyToString(request.stream(), seen.body);
      int n = 0;
      {
        std::lock_guard lock(server_.mutex_);
        server_.seen_.push_back(seen);
        const std::string path = seen.uri.substr(0, seen.uri.find('?'));
        for (const auto& s : server_.seen_) n += s.uri.substr(0, s.uri.find('?')) == path ? 1 : 0;
      }
      const Answer answer = server_.script_(seen, n);
      response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
      response.setContentType(answer.content_type);
      for (const auto& [name, value] : answer.headers) response.set(name, value);
      response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
      response.send() << answer.body;
    }

   private:
    ScriptedServer& server_;
  };
  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(ScriptedServer& server) : server_(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
      return new Handler(server_);
    }

   private:
    ScriptedServer& server_;
  };

  samverkan::test::TempDir dir_;
  std::filesystem::path certificate_;
  Script script_;
  mutable std::mutex mutex_;
  std::vector<Seen> seen_;
  std::unique_ptr<Poco::Net::SecureServerSocket> socket_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

// The token endpoint's answer: tok-<n>, valid `lifetime` seconds.
inline Answer token(int n, int lifetime = 3600) {
  return {200,
          R"({"access_token":"tok-)" + std::to_string(n) + R"(","token_type":"Bearer","expires_in":)" +
              std::to_string(lifetime) + "}",
          "application/json",
          {}};
}

inline Answer problem(int status, const std::string& detail, const std::string& extra = {}) {
  return {status,
          R"({"type":"urn:samverkan:problem:x","title":"T","status":)" + std::to_string(status) + R"(,"detail":")" +
              detail + R"(","instance":"/p","requestId":"req-)" + std::to_string(status) + "\"" + extra + "}",
          "application/problem+json",
          {}};
}

inline bool is_token(const Seen& s) { return s.uri == "/oauth/token"; }

}  // namespace samverkan::client_test
