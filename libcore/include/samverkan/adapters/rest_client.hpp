#pragma once
/// A small HTTPS client for JSON APIs of adapter backends (Poco NetSSL underneath), with the
/// error mapping every REST adapter shares. No Poco type appears in this header.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/adapters/idempotency_key.hpp"
#include "samverkan/adapters/order_receipt.hpp"

namespace samverkan::adapters {

struct RestResponse {
  int status = 0;
  std::string content_type{};
  std::string body{};
};

/// One backend reached over HTTPS: TLS 1.2 or later, the server certificate verified against
/// the configured CA file (or the system's CAs) and the host name, a bearer token from the
/// token file when configured, timeouts from the settings. Thread-safe: each request opens its
/// own connection.
class RestClient {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  /// The largest response body read (1 MiB); a larger one is treated as a backend failure.
  static constexpr std::size_t kMaxResponseBytes = 1u << 20;

  /// Where the token from the token file goes.
  enum class TokenUse {
    kBearerHeader,  ///< "Authorization: Bearer <token>" on every request
    kCaller,        ///< nowhere: the caller places token() itself (e.g. an API key parameter)
  };

  /// `backend` names the backend in messages ("Exempelby's IT service desk (servicedesk-rest)"). Throws
  /// samverkan::InvalidInput when the base URL is not https://host[:port][/path] or the CA file
  /// cannot be loaded. The token file is not read here but for every request, so a rotated token
  /// is used without a restart and a missing one does not stop start-up.
  RestClient(RestApiSettings settings, std::string backend, TokenUse token_use = TokenUse::kBearerHeader);
  ~RestClient();
  RestClient(const RestClient&) = delete;
  RestClient& operator=(const RestClient&) = delete;

  /// Sends `method` to base URL + `path` (which starts with '/' and is already percent-encoded,
  /// see encode_path_segment) with an optional JSON body, and returns the response whatever its
  /// status. Throws samverkan::Unavailable when the backend cannot be reached, the connection
  /// fails or times out, TLS fails, the token file cannot be read, or the response is larger
  /// than kMaxResponseBytes. Messages name the backend and host, never the path (paths may hold
  /// identifiers of persons).
  RestResponse send(std::string_view method, std::string_view path, const std::string& json_body = {},
                    const Headers& headers = {}) const;

  /// What a 404 answer means for a request.
  enum class On404 {
    kNotFound,     ///< the addressed object does not exist (GET /tickets/{id})
    kUnavailable,  ///< the endpoint itself is missing: a wrong base URL or API version (POST /orders)
  };

  /// send(), then the status mapped to the error kinds: 2xx is returned; 400 and 422 throw
  /// samverkan::InvalidInput with the backend's message; 404 samverkan::NotFound or
  /// samverkan::Unavailable as `on_404` says; 409 samverkan::Conflict; 413 samverkan::TooLarge;
  /// 401 and 403 (the backend refused our credentials: an operator must act, but retrying later
  /// may then work), 408, 429, 5xx and anything else samverkan::Unavailable. The backend's
  /// message is taken from a JSON body's "message", "detail", "error" or "title" member when
  /// present, cut to 200 bytes.
  RestResponse call(std::string_view method, std::string_view path, const std::string& json_body = {},
                    const Headers& headers = {}, On404 on_404 = On404::kNotFound) const;

  /// POSTs an order to an API that keys orders by an Idempotency-Key header (the key goes
  /// there): the answer's `id_member` is the receipt's id, replayed when the API answered 200
  /// (its "placed before with the same body") rather than 201. Errors as call() with `on_404`;
  /// an answer without the id is samverkan::Unavailable.
  OrderReceipt place_order(std::string_view path, const std::string& json_body, const IdempotencyKey& key,
                           const std::string& id_member, On404 on_404 = On404::kNotFound) const;

  /// The error mapping of call() for a response obtained with send(): returns for 2xx, throws
  /// otherwise. For callers that treat some statuses themselves first.
  void raise_for_status(const RestResponse& response, On404 on_404 = On404::kNotFound) const;

  /// The token from the token file, trimmed; "" when no token file is configured. Throws
  /// samverkan::Unavailable when the file cannot be read or is empty.
  std::string token() const;

  const std::string& backend() const noexcept { return backend_; }
  /// "host:port", for messages.
  const std::string& authority() const noexcept { return authority_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string backend_;
  std::string authority_;
};

/// Percent-encodes one path segment: RFC 3986 unreserved characters pass through, everything
/// else becomes %XX, and the segments "." and ".." are encoded whole so they cannot climb.
std::string encode_path_segment(std::string_view segment);

}  // namespace samverkan::adapters
