#pragma once
/// The HTTPS server: TLS 1.2+ with modern ciphers, request ids, body size limits, security
/// headers, RFC 7807 errors, one JSON log line per request, graceful shutdown.
///
/// Poco ties one pool thread to each open connection, so the pool is sized for the number of
/// keep-alive clients expected (max_threads) and idle keep-alive connections are closed after
/// keep_alive_timeout; past max_threads + max_queued, new connections wait in the kernel's
/// backlog rather than starving the ones being served.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "samverkan/http/request_metrics.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/log/logger.hpp"

namespace samverkan::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8443";   ///< ADDR:PORT; port 0 picks a free port
  std::filesystem::path certificate_file;  ///< PEM, leaf first
  std::filesystem::path private_key_file;  ///< PEM
  /// Optional PEM bundle of CAs whose client certificates are accepted (e.g. SITHS). When
  /// set, the server asks for a certificate but does not require one; a presented
  /// certificate that does not verify fails the handshake.
  std::filesystem::path client_ca_file;
  /// Mutual TLS: with client_ca_file, a client without a valid certificate fails the
  /// handshake (for servers that only machines call, such as simulators of national services).
  bool require_client_certificate = false;
  int max_threads = 128;  ///< concurrent connections served
  int max_queued = 256;   ///< accepted connections waiting for a thread
  std::chrono::seconds keep_alive_timeout{5};
  int max_keep_alive_requests = 1000;
  std::chrono::seconds io_timeout{30};   ///< per read/write on a connection
  std::size_t max_body_bytes = 1 << 20;  ///< larger bodies get 413
  bool hsts = true;
  /// Where every request answered is counted and timed (for /metrics); none: not recorded.
  /// Must outlive the server.
  RequestMetrics* metrics = nullptr;
};

class Server {
 public:
  /// The router must stay unchanged while the server runs.
  Server(ServerOptions options, std::shared_ptr<const Router> router, log::Logger& logger);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Loads the certificate, binds (without SO_REUSEPORT, so a second server on the same port
  /// fails) and starts serving. Throws samverkan::InvalidInput for a bad certificate or key,
  /// samverkan::Unavailable when the address cannot be bound.
  void start();

  /// Stops accepting, lets in-flight requests finish within `grace`, closes idle keep-alive
  /// connections, then aborts whatever is left. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  /// The bound port (useful with port 0).
  std::uint16_t port() const;

  /// Connections currently open.
  int current_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samverkan::http
