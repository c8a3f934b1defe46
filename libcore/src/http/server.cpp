#include "samverkan/http/server.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/String.h>
#include <Poco/URI.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <mutex>
#include <thread>

#include "samverkan/core/error.hpp"
#include "samverkan/http/problem.hpp"
#include "samverkan/tls/context.hpp"

namespace samverkan::http {
namespace {

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'";

bool valid_request_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string new_request_id() {
  unsigned char bytes[12];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw InternalError("RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(sizeof bytes * 2);
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 0x0f];
  }
  return id;
}

// The verified client certificate of this connection, if the client sent one. OpenSSL has
// already verified it against the client CA bundle during the handshake (VERIFY_RELAXED).
std::optional<ClientCertificate> client_certificate_of(Poco::Net::HTTPServerRequest& in) {
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&in);
  if (impl == nullptr || !impl->secure()) return std::nullopt;
  Poco::Net::SecureStreamSocket socket(impl->socket());
  if (!socket.havePeerCertificate()) return std::nullopt;
  const Poco::Net::X509Certificate cert = socket.peerCertificate();
  ClientCertificate result;
  result.subject = cert.subjectName();
  result.serial_number = cert.subjectName(Poco::Net::X509Certificate::NID_SERIAL_NUMBER);
  result.common_name = cert.commonName();
  result.issuer = cert.issuerName();
  unsigned char* der = nullptr;
  if (const int length = i2d_X509(cert.certificate(), &der); length > 0) {
    result.der.assign(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
  }
  return result;
}

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  RequestHandler(const ServerOptions& options, const Router& router, log::Logger& logger)
      : options_(options), router_(router), logger_(logger) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
    const auto started = std::chrono::steady_clock::now();
    Request request;
    request.method = in.getMethod();
    const auto incoming_id = in.get("X-Request-Id", "");
    request.request_id = valid_request_id(incoming_id) ? incoming_id : new_request_id();
    std::string route = "(unmatched)";
    Response response = handle(in, out, request, route);

    out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    out.setContentType(response.content_type);
    out.set("X-Request-Id", request.request_id);
    out.set("X-Content-Type-Options", "nosniff");
    out.set("Content-Security-Policy", kContentSecurityPolicy);
    out.set("Referrer-Policy", "no-referrer");
    out.set("X-Frame-Options", "DENY");
    if (options_.hsts) out.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    bool has_cache_control = false;
    for (const auto& [name, value] : response.headers) {
      out.set(name, value);
      has_cache_control = has_cache_control || Poco::icompare(name, "Cache-Control") == 0;
    }
    if (!has_cache_control) out.set("Cache-Control", "no-store");
    out.setContentLength(static_cast<std::streamsize>(response.body.size()));
    if (request.method == "HEAD") {
      out.send();
    } else {
      out.sendBuffer(response.body.data(), response.body.size());
    }

    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started).count();
    // The route pattern, not the raw path: paths may carry identifiers of persons.
    logger_.info("request", {{"method", request.method},
                             {"path", route},
                             {"status", static_cast<long long>(response.status)},
                             {"duration_ms", static_cast<double>(micros) / 1000.0},
                             {"request_id", request.request_id}});
  }

 private:
  Response handle(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out,
                  Request& request, std::string& route) {
    try {
      Poco::URI uri(in.getURI());
      request.path = uri.getPath();
      for (auto& [key, value] : uri.getQueryParameters()) request.query.emplace_back(key, value);
    } catch (const Poco::Exception& e) {
      return problem_response(ErrorKind::kInvalidInput, "The request URI is malformed: " + e.message(),
                              in.getURI(), request.request_id);
    }
    const std::string& instance = request.path;

    for (const auto& [name, value] : in) request.headers.emplace_back(name, value);
    request.remote_address = in.clientAddress().host().toString();
    if (!options_.client_ca_file.empty()) request.client_certificate = client_certificate_of(in);
    if (in.hasContentLength() && in.getContentLength64() > static_cast<Poco::Int64>(options_.max_body_bytes)) {
      out.setKeepAlive(false);  // the unread body makes the connection unusable
      return problem_response(ErrorKind::kTooLarge,
                              "The request body is larger than " + std::to_string(options_.max_body_bytes) + " bytes.",
                              instance, request.request_id);
    }
    if (in.hasContentLength() || in.getChunkedTransferEncoding()) {
      auto& stream = in.stream();
      std::string body;
      char buffer[16384];
      while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(stream.gcount()));
        if (body.size() > options_.max_body_bytes) {
          out.setKeepAlive(false);
          return problem_response(ErrorKind::kTooLarge,
                                  "The request body is larger than " + std::to_string(options_.max_body_bytes) + " bytes.",
                                  instance, request.request_id);
        }
      }
      request.body = std::move(body);
    }

    auto match = router_.match(request);
    if (match.kind == Router::MatchKind::kNotFound) {
      return problem_response(ErrorKind::kNotFound, "No resource at " + request.path + ".", instance,
                              request.request_id);
    }
    if (match.kind == Router::MatchKind::kMethodNotAllowed) {
      auto response = problem_response(405, "method-not-allowed", "Method not allowed",
                                       "Use one of: " + match.allowed + ".", instance, request.request_id);
      response.headers.emplace_back("Allow", match.allowed);
      return response;
    }
    route = match.route;
    try {
      return (*match.handler)(request);
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::kInternal) {
        logger_.error("internal error", {{"request_id", request.request_id}, {"error", e.what()}});
        return problem_response(ErrorKind::kInternal, "An internal error occurred; quote the request id.",
                                instance, request.request_id);
      }
      auto response = problem_response(e.kind(), e.what(), instance, request.request_id);
      if (e.kind() == ErrorKind::kUnauthenticated) {
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"samverkan\"");  // RFC 6750 §3
      }
      return response;
    } catch (const std::exception& e) {
      logger_.error("unhandled exception", {{"request_id", request.request_id}, {"error", e.what()}});
      return problem_response(ErrorKind::kInternal, "An internal error occurred; quote the request id.",
                              instance, request.request_id);
    }
  }

  const ServerOptions& options_;
  const Router& router_;
  log::Logger& logger_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(const ServerOptions& options, std::shared_ptr<const Router> router, log::Logger& logger)
      : options_(options), router_(std::move(router)), logger_(logger) {}

  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new RequestHandler(options_, *router_, logger_);
  }

 private:
  const ServerOptions& options_;
  std::shared_ptr<const Router> router_;
  log::Logger& logger_;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  std::shared_ptr<const Router> router;
  log::Logger& logger;
  std::unique_ptr<Poco::ThreadPool> pool;
  std::unique_ptr<Poco::Net::SecureServerSocket> socket;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  std::uint16_t port = 0;
  bool stopped = false;
};

Server::Server(ServerOptions options, std::shared_ptr<const Router> router, log::Logger& logger)
    : impl_(std::make_unique<Impl>(Impl{std::move(options), std::move(router), logger, {}, {}, {}, 0, false})) {
}

Server::~Server() { stop(std::chrono::seconds(0)); }

void Server::start() {
  auto& o = impl_->options;
  const Poco::Net::Context::Ptr context = tls::make_server_context(
      {.certificate_file = o.certificate_file,
       .private_key_file = o.private_key_file,
       .client_ca_file = o.client_ca_file,
       .client_certificates = o.client_ca_file.empty()          ? tls::ClientCertificates::kNotAsked
                              : o.require_client_certificate ? tls::ClientCertificates::kRequired
                                                             : tls::ClientCertificates::kOptional});

  try {
    impl_->socket = std::make_unique<Poco::Net::SecureServerSocket>(context);
    // SO_REUSEADDR lets a restart bind while old connections sit in TIME_WAIT; no SO_REUSEPORT,
    // so a second live server on the same port fails here instead of sharing the port.
    impl_->socket->bind(Poco::Net::SocketAddress(o.listen), true, false);
    impl_->socket->listen(256);
    impl_->port = impl_->socket->address().port();
  } catch (const Poco::Exception& e) {
    impl_->socket.reset();
    throw Unavailable("cannot listen on " + o.listen + ": " + e.displayText());
  }

  auto params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(o.max_threads);
  params->setMaxQueued(o.max_queued);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(o.keep_alive_timeout.count(), 0));
  params->setMaxKeepAliveRequests(o.max_keep_alive_requests);
  params->setTimeout(Poco::Timespan(o.io_timeout.count(), 0));
  params->setServerName("samverkan");
  params->setSoftwareVersion("samverkan");

  impl_->pool = std::make_unique<Poco::ThreadPool>(2, o.max_threads + 1, 60);
  impl_->server = std::make_unique<Poco::Net::HTTPServer>(
      new HandlerFactory(impl_->options, impl_->router, impl_->logger), *impl_->pool, *impl_->socket, params);
  impl_->server->start();
  impl_->stopped = false;
}

void Server::stop(std::chrono::milliseconds grace) {
  if (!impl_->server || impl_->stopped) return;
  impl_->stopped = true;
  // Stop accepting, and tell each connection to close once its current request is answered.
  impl_->server->stopAll(false);
  impl_->socket->close();
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->server->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (impl_->server->currentConnections() > 0) {
    impl_->logger.warning("aborting connections still open after the grace period",
                          {{"connections", static_cast<long long>(impl_->server->currentConnections())}});
    impl_->server->stopAll(true);
  }
  impl_->pool->joinAll();
}

std::uint16_t Server::port() const {
  if (impl_->port == 0) throw InternalError("server is not started");
  return impl_->port;
}

int Server::current_connections() const {
  return impl_->server ? impl_->server->currentConnections() : 0;
}

}  // namespace samverkan::http
