#include "samverkan/http/server.hpp"

#include <Poco/BasicEvent.h>
#include <Poco/Delegate.h>
#include <Poco/Mutex.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/String.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>
#include <openssl/x509.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "samverkan/core/error.hpp"
#include "samverkan/core/text.hpp"
#include "samverkan/crypto/digest.hpp"
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
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string new_request_id() { return crypto::random_hex(12); }

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

// Writes `response` with what every answer of this server carries: the status with its
// reason phrase, the request id, the security headers, and Cache-Control: no-store unless the
// handler chose a policy.
void send(Poco::Net::HTTPServerResponse& out, const Response& response, const std::string& request_id, bool hsts,
          bool head) {
  out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
  out.setContentType(response.content_type);
  out.set("X-Request-Id", request_id);
  out.set("X-Content-Type-Options", "nosniff");
  out.set("Content-Security-Policy", kContentSecurityPolicy);
  out.set("Referrer-Policy", "no-referrer");
  out.set("X-Frame-Options", "DENY");
  if (hsts) out.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  bool has_cache_control = false;
  for (const auto& [name, value] : response.headers) {
    out.set(name, value);
    has_cache_control = has_cache_control || Poco::icompare(name, "Cache-Control") == 0;
  }
  if (!has_cache_control) out.set("Cache-Control", "no-store");
  out.setContentLength(static_cast<std::streamsize>(response.body.size()));
  // send() and a write rather than sendBuffer(): Poco's sendBuffer() drops the body of a
  // response that has no parsed request behind it (an answer to a request that did not parse).
  std::ostream& body = out.send();
  if (!head) {
    body.write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
    body.flush();
  }
}

double milliseconds_since(std::chrono::steady_clock::time_point started) {
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  return static_cast<double>(micros) / 1000.0;
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
    // Counted before it is sent: a client's next request (a scrape) finds this one counted.
    // The route pattern, not the raw path: paths may carry identifiers of persons.
    if (options_.metrics != nullptr) {
      options_.metrics->record(request.method, route, response.status, std::chrono::steady_clock::now() - started);
    }
    send(out, response, request.request_id, options_.hsts, request.method == "HEAD");

    logger_.info("request", {{"method", request.method},
                             {"path", route},
                             {"status", static_cast<long long>(response.status)},
                             {"duration_ms", milliseconds_since(started)},
                             {"request_id", request.request_id}});
  }

 private:
  Response handle(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out, Request& request,
                  std::string& route) {
    try {
      Poco::URI uri(in.getURI());
      request.path = uri.getPath();
      for (auto& [key, value] : uri.getQueryParameters()) request.query.emplace_back(key, value);
    } catch (const Poco::Exception& e) {
      return problem_response(ErrorKind::kInvalidInput, "The request URI is malformed: " + e.message(), in.getURI(),
                              request.request_id);
    }
    // Handlers take the decoded path and query as text: bytes that are not UTF-8 stop here.
    bool utf8 = text::is_valid_utf8(request.path);
    for (const auto& [key, value] : request.query)
      utf8 = utf8 && text::is_valid_utf8(key) && text::is_valid_utf8(value);
    if (!utf8) {
      return problem_response(ErrorKind::kInvalidInput, "The request path or query is not valid UTF-8 once decoded.",
                              "", request.request_id);
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
          return problem_response(
              ErrorKind::kTooLarge,
              "The request body is larger than " + std::to_string(options_.max_body_bytes) + " bytes.", instance,
              request.request_id);
        }
      }
      if (in.hasContentLength() && body.size() != static_cast<std::size_t>(in.getContentLength64())) {
        // The connection failed or timed out mid-body: never act on part of a request.
        out.setKeepAlive(false);
        return problem_response(ErrorKind::kInvalidInput, "The request body is shorter than its Content-Length.",
                                instance, request.request_id);
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
        return problem_response(ErrorKind::kInternal, "An internal error occurred; quote the request id.", instance,
                                request.request_id);
      }
      auto response = problem_response(e.kind(), e.what(), instance, request.request_id);
      if (e.kind() == ErrorKind::kUnauthenticated) {
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"samverkan\"");  // RFC 6750 §3
      }
      return response;
    } catch (const std::exception& e) {
      logger_.error("unhandled exception", {{"request_id", request.request_id}, {"error", e.what()}});
      return problem_response(ErrorKind::kInternal, "An internal error occurred; quote the request id.", instance,
                              request.request_id);
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

// What is wrong with the framing of a request Poco parsed, if anything: a body length that is
// not one number, or two ways of delimiting the body (request smuggling).
std::optional<std::string> framing_problem(const Poco::Net::HTTPServerRequest& request) {
  const bool chunked = request.getChunkedTransferEncoding();
  if (request.has(Poco::Net::HTTPMessage::TRANSFER_ENCODING) && !chunked) {
    return "Transfer-Encoding other than chunked is not supported";
  }
  if (chunked && request.has(Poco::Net::HTTPMessage::CONTENT_LENGTH)) {
    return "a request has either Content-Length or Transfer-Encoding: chunked, not both";
  }
  std::size_t lengths = 0;
  for (const auto& [name, value] : request) {
    if (Poco::icompare(name, Poco::Net::HTTPMessage::CONTENT_LENGTH) == 0) ++lengths;
  }
  if (lengths > 1) return "more than one Content-Length header";
  // (A length that is not a number never gets here: Poco refuses it while parsing.)
  if (request.hasContentLength() && request.getContentLength64() < 0) return "Content-Length is negative";
  return std::nullopt;
}

// Tells every open connection that the server stops (Poco's HTTPServer uses an event of its
// handler factory, which only its own connection class may reach).
struct StopSignal {
  Poco::BasicEvent<const bool> stopping;  ///< the argument: abort requests in progress
};

// One connection: Poco's HTTPServerConnection loop, except that what Poco would answer itself
// (a request it cannot parse: a bad request line, a header over 8 KiB, more than 100 headers, a
// Content-Length that is not a number) gets a problem+json 400 with the security headers, and
// an exception escaping the handler a problem+json 500. Poco's own sendErrorResponse cannot be
// replaced (it is not virtual), hence the whole loop.
class Connection final : public Poco::Net::TCPServerConnection {
 public:
  Connection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
             Poco::Net::HTTPRequestHandlerFactory::Ptr factory, std::shared_ptr<StopSignal> stop,
             const ServerOptions& options, log::Logger& logger)
      : Poco::Net::TCPServerConnection(socket),
        params_(std::move(params)),
        factory_(std::move(factory)),
        stop_(std::move(stop)),
        options_(options),
        logger_(logger) {
    stop_->stopping += Poco::delegate(this, &Connection::on_server_stopped);
  }

  ~Connection() override {
    try {
      stop_->stopping -= Poco::delegate(this, &Connection::on_server_stopped);
    } catch (...) {
      // Never throw from a destructor; the factory outlives the connection anyway.
    }
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void run() override {
    Poco::Net::HTTPServerSession session(socket(), params_);
    while (!stopped_ && session.hasMoreRequests()) {
      Poco::FastMutex::ScopedLock lock(mutex_);
      if (stopped_ || !serve_one(session)) break;
    }
  }

 private:
  // Serves one request; false when the connection must close.
  bool serve_one(Poco::Net::HTTPServerSession& session) {
    const auto started = std::chrono::steady_clock::now();
    Poco::Net::HTTPServerResponseImpl response(session);
    std::unique_ptr<Poco::Net::HTTPServerRequestImpl> request;
    try {
      request = std::make_unique<Poco::Net::HTTPServerRequestImpl>(response, session, params_.get());
    } catch (const Poco::Net::NoMessageException&) {
      return false;  // the client closed the connection between requests
    } catch (const Poco::Exception& e) {
      if (session.networkException() != nullptr) return false;  // nobody left to answer
      // `response` still points at the request that failed to parse: answer with a fresh one.
      refuse(session, started, e.message());
      return false;
    }
    if (const auto problem = framing_problem(*request)) {
      refuse(session, started, *problem);
      return false;
    }
    response.setDate(Poco::Timestamp());
    response.setVersion(request->getVersion());
    response.setKeepAlive(params_->getKeepAlive() && request->getKeepAlive() && session.canKeepAlive());
    response.set("Server", params_->getSoftwareVersion());
    try {
      const std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(factory_->createRequestHandler(*request));
      if (request->getExpectContinue() && response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) {
        response.sendContinue();
      }
      handler->handleRequest(*request, response);
    } catch (const std::exception& e) {
      if (session.networkException() != nullptr || response.sent()) return false;
      logger_.error("unhandled exception", {{"error", std::string(e.what())}});
      Poco::Net::HTTPServerResponseImpl fresh(session);
      const std::string id = new_request_id();
      answer(fresh, problem_response(ErrorKind::kInternal, "An internal error occurred; quote the request id.", "", id),
             id, started);
      return false;
    }
    session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive() && session.canKeepAlive());
    return true;
  }

  // A 400 for a request that could not be read as HTTP; the connection closes after it.
  void refuse(Poco::Net::HTTPServerSession& session, std::chrono::steady_clock::time_point started,
              const std::string& reason) {
    Poco::Net::HTTPServerResponseImpl out(session);
    const std::string id = new_request_id();
    try {
      answer(out, problem_response(ErrorKind::kInvalidInput, "The request is not valid HTTP: " + reason + ".", "", id),
             id, started);
      drain();
    } catch (const Poco::Exception&) {
      // The client is gone; the log line already records the refusal.
    }
  }

  // Reads (and drops) what the client is still sending of a refused request, for at most a
  // second and 1 MiB: closing a socket with unread input resets the connection, and the client
  // could lose the answer it has not read yet.
  void drain() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    socket().setReceiveTimeout(Poco::Timespan(0, 100000));
    char buffer[8192];
    std::size_t total = 0;
    while (total < (std::size_t{1} << 20) && std::chrono::steady_clock::now() < deadline) {
      const int n = socket().receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      total += static_cast<std::size_t>(n);
    }
  }

  void answer(Poco::Net::HTTPServerResponseImpl& out, const Response& response, const std::string& id,
              std::chrono::steady_clock::time_point started) {
    out.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    out.setDate(Poco::Timestamp());
    out.setKeepAlive(false);
    // Logged before sending: the line must exist even when the client is already gone.
    if (options_.metrics != nullptr) {
      options_.metrics->record("(unparsed)", "(unparsed)", response.status, std::chrono::steady_clock::now() - started);
    }
    logger_.info("request", {{"method", std::string("(unparsed)")},
                             {"path", std::string("(unparsed)")},
                             {"status", static_cast<long long>(response.status)},
                             {"duration_ms", milliseconds_since(started)},
                             {"request_id", id}});
    send(out, response, id, options_.hsts, false);
  }

  void on_server_stopped(const bool& abort_current) {
    stopped_ = true;
    if (abort_current) {
      shutdown_socket();
    } else {
      // Waits for the request in progress, then wakes the loop's next read.
      Poco::FastMutex::ScopedLock lock(mutex_);
      shutdown_socket();
    }
  }

  void shutdown_socket() noexcept {
    try {
      socket().shutdown();
    } catch (...) {
      // Already closed.
    }
  }

  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
  std::shared_ptr<StopSignal> stop_;
  const ServerOptions& options_;
  log::Logger& logger_;
  std::atomic<bool> stopped_{false};
  Poco::FastMutex mutex_;
};

class ConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  ConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                    std::shared_ptr<StopSignal> stop, const ServerOptions& options, log::Logger& logger)
      : params_(std::move(params)),
        factory_(std::move(factory)),
        stop_(std::move(stop)),
        options_(options),
        logger_(logger) {}

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new Connection(socket, params_, factory_, stop_, options_, logger_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
  std::shared_ptr<StopSignal> stop_;
  const ServerOptions& options_;
  log::Logger& logger_;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions server_options, std::shared_ptr<const Router> routes, log::Logger& log)
      : options(std::move(server_options)), router(std::move(routes)), logger(log) {}

  ServerOptions options;
  std::shared_ptr<const Router> router;
  log::Logger& logger;
  std::unique_ptr<Poco::ThreadPool> pool;
  std::unique_ptr<Poco::Net::SecureServerSocket> socket;
  std::shared_ptr<StopSignal> stop = std::make_shared<StopSignal>();
  std::unique_ptr<Poco::Net::TCPServer> server;
  std::uint16_t port = 0;
  bool stopped = false;

  // Poco's HTTPServer::stopAll: stop accepting, then tell every connection.
  void stop_all(bool abort_current) {
    server->stop();
    stop->stopping(this, abort_current);
  }
};

Server::Server(ServerOptions options, std::shared_ptr<const Router> router, log::Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router), logger)) {}

Server::~Server() {
  // stop() may throw only from Poco's socket close or the logger; a destructor must not. What
  // is left then, the pool's threads, Poco::ThreadPool's destructor stops.
  try {
    stop(std::chrono::seconds(0));
  } catch (...) {  // nothing to report to, see above
  }
}

void Server::start() {
  auto& o = impl_->options;
  const Poco::Net::Context::Ptr context = tls::make_server_context(
      {.certificate_file = o.certificate_file,
       .private_key_file = o.private_key_file,
       .client_ca_file = o.client_ca_file,
       .client_certificates = o.client_ca_file.empty()       ? tls::ClientCertificates::kNotAsked
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

  Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(o.max_threads);
  params->setMaxQueued(o.max_queued);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(o.keep_alive_timeout.count(), 0));
  params->setMaxKeepAliveRequests(o.max_keep_alive_requests);
  params->setTimeout(Poco::Timespan(o.io_timeout.count(), 0));
  params->setServerName("samverkan");
  params->setSoftwareVersion("samverkan");

  impl_->pool = std::make_unique<Poco::ThreadPool>(2, o.max_threads + 1, 60);
  const Poco::Net::HTTPRequestHandlerFactory::Ptr handlers =
      new HandlerFactory(impl_->options, impl_->router, impl_->logger);
  impl_->server = std::make_unique<Poco::Net::TCPServer>(
      new ConnectionFactory(params, handlers, impl_->stop, impl_->options, impl_->logger), *impl_->pool, *impl_->socket,
      params);
  impl_->server->start();
  impl_->stopped = false;
}

void Server::stop(std::chrono::milliseconds grace) {
  if (!impl_->server || impl_->stopped) return;
  impl_->stopped = true;
  // Stop accepting, and tell each connection to close once its current request is answered.
  impl_->stop_all(false);
  impl_->socket->close();
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl_->server->currentConnections() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (impl_->server->currentConnections() > 0) {
    impl_->logger.warning("aborting connections still open after the grace period",
                          {{"connections", static_cast<long long>(impl_->server->currentConnections())}});
    impl_->stop_all(true);
  }
  impl_->pool->joinAll();
}

std::uint16_t Server::port() const {
  if (impl_->port == 0) throw InternalError("server is not started");
  return impl_->port;
}

int Server::current_connections() const { return impl_->server ? impl_->server->currentConnections() : 0; }

}  // namespace samverkan::http
