#pragma once
/// samverkan::client::Client: the platform's API over HTTPS as an API client (OAuth 2.0 client
/// credentials, RFC 6749 section 4.4). It fetches an access token when it needs one, keeps it
/// and fetches a new one before it expires (or once when the server says it is no longer
/// valid); it retries on 429 and 503 with exponential backoff, honouring Retry-After; and a
/// request with an idempotency key keeps that key across its retries, so a retried submission
/// or letter is never accepted twice. Answers other than 2xx throw (errors.hpp).
///
///   samverkan::client::Client api({.server = "https://samverkan.example.se",
///                                  .client_id = id, .client_secret = secret,
///                                  .ca_file = "/etc/ssl/samverkan-ca.pem"});
///   samverkan::client::Letters letters(api, kommunkod);  // the API client's municipality
///   auto accepted = letters.send({.recipient = "191212121212", .subject = "Beslut", .body = "..."});
///
/// The typed calls are in letters.hpp and errands.hpp; Client::call is for what they do not
/// cover yet. A Client may be used from several threads; each call opens its own connection.

#include <Poco/JSON/Object.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace samverkan::client {

struct Options {
  std::string server;         ///< https://host[:port] of the platform
  std::string client_id;      ///< the API client's id (`samverkan client create`)
  std::string client_secret;  ///< its secret: from the environment or a file, never the command line
  /// The scopes asked for at the token endpoint (space-separated in the request); empty asks for
  /// every scope the client was given.
  std::vector<std::string> scopes;
  /// Trusted certificates (PEM) for the server's certificate; without it the system's CAs.
  std::optional<std::filesystem::path> ca_file;
  std::chrono::seconds timeout{60};  ///< per request: connecting, sending, waiting for the answer
  /// Attempts of one request in all (1 = no retry). Retried: 429 and 503 (after Retry-After when
  /// the server sends it, else after the backoff), and a connection that failed before an
  /// answer came when the request is safe to repeat (GET, PUT, DELETE, or one with an
  /// idempotency key).
  int max_attempts = 5;
  std::chrono::milliseconds initial_backoff{500};  ///< before the first retry; doubled each time
  std::chrono::milliseconds max_backoff{30000};    ///< the longest wait between two attempts
  /// A Retry-After longer than this is not waited for: the call throws RateLimited or
  /// ServerError with retry_after() set, for the caller to schedule.
  std::chrono::seconds max_retry_after{120};
  /// A token is renewed this long before it expires (at most half its lifetime).
  std::chrono::seconds refresh_margin{30};
  /// How the client waits between attempts (a test records the waits instead).
  std::function<void(std::chrono::milliseconds)> sleep;
  std::string user_agent;  ///< sent as User-Agent after "samverkan-client/<version>"
};

/// One HTTP request of the API.
struct Request {
  std::string method = "GET";
  std::string path;  ///< from the root, e.g. /api/v1/municipalities/{kommunkod}/errands?limit=50
  std::string body;
  std::string content_type = "application/json";
  /// Sent as the Idempotency-Key header; the typed calls also put it into the body member the
  /// service keys on (clientRequestId, requestId). Set: the request is retried after a broken
  /// connection too.
  std::optional<std::string> idempotency_key;
  bool authenticated = true;  ///< send the access token (false for the public endpoints)

  /// `method` `path` without a body, e.g. Request::to("DELETE", path).
  static Request to(std::string method, std::string path) {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    return request;
  }
};

struct Response {
  int status = 0;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  /// The first header named `name` (case-insensitive), if any.
  std::optional<std::string> header(const std::string& name) const;
  /// The body as a JSON object; throws ProtocolError when it is not one.
  Poco::JSON::Object::Ptr json() const;
};

class Client {
 public:
  /// Checks the options (an https URL, a client id and secret) and loads the trusted
  /// certificates; throws UsageError or ConnectionError (a CA file that cannot be read).
  explicit Client(Options options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Sends the request (with retries and the token, as above). Returns a 2xx answer; throws
  /// ApiError (or a subclass) for any other, ConnectionError when no answer came.
  Response call(const Request& request);

  /// GET `path`; the answer's JSON object.
  Poco::JSON::Object::Ptr get_json(const std::string& path);
  /// `method` `path` with `body` as JSON (and the idempotency key, if any); the answer's object.
  Poco::JSON::Object::Ptr send_json(const std::string& method, const std::string& path, const Poco::JSON::Object& body,
                                    std::optional<std::string> idempotency_key = std::nullopt);

  /// A new idempotency key: a random UUID (version 4).
  static std::string new_idempotency_key();

  /// The access token in use, fetched now if there is none or it is about to expire.
  std::string access_token();

  const Options& options() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// `text` percent-encoded for a path segment or a query value.
std::string url_encode(const std::string& text);

}  // namespace samverkan::client
