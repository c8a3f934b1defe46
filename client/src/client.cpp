#include "samverkan/client/client.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <cctype>
#include <istream>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "json_reading.hpp"
#include "samverkan/client/errors.hpp"

namespace samverkan::client {
namespace {

using Clock = std::chrono::steady_clock;

// The most of an answer's body read: the platform's largest answers (a batch's states, an
// inbox page of 1,000 errands) are a few MB.
constexpr std::size_t kMaxAnswerBytes = std::size_t{64} * 1024 * 1024;

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool starts_with_media_type(const std::string& content_type, const std::string& media_type) {
  return content_type.size() >= media_type.size() && iequals(content_type.substr(0, media_type.size()), media_type);
}

// Retry-After (RFC 9110 section 10.2.3): delay-seconds or an HTTP date.
std::optional<std::chrono::seconds> parse_retry_after(const std::optional<std::string>& value) {
  if (!value || value->empty()) return std::nullopt;
  if (std::all_of(value->begin(), value->end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (value->size() > 9) return std::chrono::seconds(999999999);
    return std::chrono::seconds(std::stol(*value));
  }
  Poco::DateTime when;
  int zone = 0;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::HTTP_FORMAT, *value, when, zone)) return std::nullopt;
  const auto seconds = (when.timestamp() - Poco::Timestamp()) / Poco::Timestamp::resolution();
  return std::chrono::seconds(std::max<Poco::Timestamp::TimeDiff>(seconds, 0));
}

// The problem+json of an answer other than 2xx; an answer without one gets a detail naming
// the status (its body is not quoted: it may be a proxy's HTML page).
Problem problem_of(const Response& response) {
  Problem problem;
  problem.status = response.status;
  problem.retry_after = parse_retry_after(response.header("Retry-After"));
  problem.request_id = response.header("X-Request-Id").value_or("");
  Poco::JSON::Object::Ptr body;
  if (starts_with_media_type(response.content_type, "application/problem+json") ||
      starts_with_media_type(response.content_type, "application/json")) {
    try {
      body = response.json();
    } catch (const Error&) {
    }
  }
  if (!body) {
    problem.title =
        Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    problem.detail = "the server answered " + std::to_string(response.status) + " " + problem.title;
    return problem;
  }
  const auto text = [&](const Poco::JSON::Object& object, const char* name) {
    try {
      return detail::optional_text(object, name).value_or("");
    } catch (const Error&) {
      return std::string();
    }
  };
  problem.type = text(*body, "type");
  problem.title = text(*body, "title");
  problem.detail = text(*body, "detail");
  problem.instance = text(*body, "instance");
  if (const auto id = text(*body, "requestId"); !id.empty()) problem.request_id = id;
  if (problem.detail.empty())
    problem.detail = problem.title.empty() ? "the server answered " + std::to_string(response.status) : problem.title;
  if (const auto errors = body->getArray("errors")) {
    for (std::size_t i = 0; i < errors->size(); ++i) {
      const auto item = errors->getObject(static_cast<unsigned>(i));
      if (!item) continue;
      FieldError error;
      error.field = text(*item, "field");
      error.code = text(*item, "code");
      if (const auto message = item->getObject("message")) {
        error.message = text(*message, "en");
        if (error.message.empty()) error.message = text(*message, "sv");
      } else {
        error.message = text(*item, "message");
      }
      if (error.message.empty()) error.message = text(*item, "detail");
      if (const auto index = item->get("index"); index.isInteger()) error.index = index.convert<std::size_t>();
      if (const auto status = item->get("status"); status.isInteger()) error.status = status.convert<int>();
      if (auto id = text(*item, "clientRequestId"); !id.empty()) error.client_request_id = std::move(id);
      problem.errors.push_back(std::move(error));
    }
  }
  return problem;
}

void default_sleep(std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); }

}  // namespace

// --- Response -----------------------------------------------------------------------------------

std::optional<std::string> Response::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

Poco::JSON::Object::Ptr Response::json() const {
  try {
    Poco::JSON::Parser parser;
    auto object = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    if (object) return object;
  } catch (const Poco::Exception&) {
  } catch (const std::exception&) {
  }
  throw ProtocolError("the server's answer (" + std::to_string(status) + ") is not the JSON object expected");
}

// --- Client -------------------------------------------------------------------------------------

struct Client::State {
  Options options;
  std::string host;
  std::uint16_t port = 443;
  Poco::Net::Context::Ptr context;
  std::string user_agent;

  std::mutex token_mutex;
  std::string token;
  Clock::time_point token_renew_at;

  std::mutex random_mutex;
  std::mt19937_64 random{std::random_device{}()};

  std::string authority() const { return host + ":" + std::to_string(port); }

  // One exchange on a new connection; ConnectionError when no complete answer came.
  Response send_once(const Request& request, const std::string& token_now) {
    try {
      Poco::Net::HTTPSClientSession session(host, port, context);
      session.setTimeout(Poco::Timespan(static_cast<long>(options.timeout.count()), 0));
      Poco::Net::HTTPRequest out(request.method, request.path, Poco::Net::HTTPMessage::HTTP_1_1);
      out.set("Accept", "application/json, application/problem+json");
      out.set("User-Agent", user_agent);
      if (!token_now.empty()) out.set("Authorization", "Bearer " + token_now);
      if (request.idempotency_key) out.set("Idempotency-Key", *request.idempotency_key);
      const bool has_body = !request.body.empty() || request.method == "POST" || request.method == "PUT";
      if (has_body) {
        out.setContentType(request.content_type);
        out.setContentLength(static_cast<std::streamsize>(request.body.size()));
        session.sendRequest(out) << request.body;
      } else {
        session.sendRequest(out);
      }
      Poco::Net::HTTPResponse in;
      auto& stream = session.receiveResponse(in);
      Response response;
      response.status = static_cast<int>(in.getStatus());
      response.content_type = in.getContentType();
      for (const auto& [name, value] : in) response.headers.emplace_back(name, value);
      char buffer[65536];
      while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
        response.body.append(buffer, static_cast<std::size_t>(stream.gcount()));
        if (response.body.size() > kMaxAnswerBytes) {
          throw ProtocolError("the server's answer to " + request.method + " " + request.path + " is larger than " +
                              std::to_string(kMaxAnswerBytes) + " bytes");
        }
      }
      return response;
    } catch (const Poco::Net::SSLException& e) {
      // The handshake failed: an untrusted or wrong certificate, no common protocol.
      throw ConnectionError(
          "cannot reach " + authority() + " over TLS (" + request.method + " " + request.path + "): " + e.displayText(),
          false);
    } catch (const Poco::Exception& e) {
      throw ConnectionError(
          "cannot reach " + authority() + " (" + request.method + " " + request.path + "): " + e.displayText(), true);
    }
  }

  // The wait before retry number `retry` (1, 2, ...): the backoff doubled each time up to the
  // limit, the second half of it random (so that many clients refused at once spread out).
  std::chrono::milliseconds backoff(int retry) {
    auto wait = options.initial_backoff;
    for (int i = 1; i < retry && wait < options.max_backoff; ++i) wait *= 2;
    wait = std::min(wait, options.max_backoff);
    const auto half = wait.count() / 2;
    std::lock_guard lock(random_mutex);
    std::uniform_int_distribution<long long> jitter(0, std::max<long long>(half, 0));
    return std::chrono::milliseconds(wait.count() - half + jitter(random));
  }

  // Sends with the retries of the options; returns the last answer whatever its status.
  // `safe`: may be sent again after a connection broke.
  Response exchange(const Request& request, bool safe, const std::function<std::string()>& token_for_attempt,
                    const std::function<void()>& token_refused) {
    bool renewed_token = false;
    for (int attempt = 1;; ++attempt) {
      const std::string token_now = token_for_attempt ? token_for_attempt() : std::string();
      Response response;
      try {
        response = send_once(request, token_now);
      } catch (const ConnectionError& e) {
        if (!e.transient() || !safe || attempt >= options.max_attempts) throw;
        options.sleep(backoff(attempt));
        continue;
      }
      if (response.status == 401 && !token_now.empty() && !renewed_token && token_refused) {
        // The token expired early or the signing key rotated: one new token, not an attempt.
        renewed_token = true;
        token_refused();
        --attempt;
        continue;
      }
      if ((response.status == 429 || response.status == 503) && attempt < options.max_attempts) {
        const auto retry_after = parse_retry_after(response.header("Retry-After"));
        if (retry_after && *retry_after > options.max_retry_after) return response;
        options.sleep(retry_after ? std::chrono::duration_cast<std::chrono::milliseconds>(*retry_after)
                                  : backoff(attempt));
        continue;
      }
      return response;
    }
  }

  std::string fetch_token() {
    std::string form = "grant_type=client_credentials&client_id=" + url_encode(options.client_id) +
                       "&client_secret=" + url_encode(options.client_secret);
    if (!options.scopes.empty()) {
      std::string scope;
      for (const auto& s : options.scopes) scope += (scope.empty() ? "" : " ") + s;
      form += "&scope=" + url_encode(scope);
    }
    Request request{.method = "POST",
                    .path = "/oauth/token",
                    .body = form,
                    .content_type = "application/x-www-form-urlencoded",
                    .idempotency_key = std::nullopt,
                    .authenticated = false};
    const Response response = exchange(request, true, {}, {});
    if (response.status == 400 || response.status == 401) {
      // RFC 6749 section 5.2: {"error", "error_description"}.
      Problem problem = problem_of(response);
      try {
        const auto answer = response.json();
        const auto error = detail::optional_text(*answer, "error").value_or("invalid_client");
        problem.type = "urn:ietf:params:oauth:error:" + error;
        problem.title = "The token request was refused";
        problem.detail = "the server refused the client credentials of " + options.client_id + ": " +
                         detail::optional_text(*answer, "error_description").value_or(error);
      } catch (const Error&) {
        problem.detail = "the server refused the client credentials of " + options.client_id;
      }
      throw CredentialsRefused(std::move(problem));
    }
    if (response.status / 100 != 2) throw_problem(problem_of(response));
    const auto answer = response.json();
    auto access = detail::text(*answer, "access_token");
    const auto type = detail::optional_text(*answer, "token_type").value_or("Bearer");
    if (access.empty() || !iequals(type, "Bearer")) {
      throw ProtocolError("the token endpoint gave no bearer token (token_type " + type + ")");
    }
    long long lifetime = 300;
    if (answer->has("expires_in")) lifetime = detail::integer(*answer, "expires_in");
    const auto life = std::chrono::seconds(std::max<long long>(lifetime, 0));
    const auto margin = std::min<std::chrono::milliseconds>(options.refresh_margin, life / 2);
    token = std::move(access);
    token_renew_at = Clock::now() + life - margin;
    return token;
  }
};

Client::Client(Options options) : state_(std::make_unique<State>()) {
  auto& s = *state_;
  s.options = std::move(options);
  Poco::URI uri;
  try {
    uri = Poco::URI(s.options.server);
  } catch (const Poco::Exception&) {
    throw UsageError("the server is not a URL: " + s.options.server);
  }
  if (uri.getScheme() != "https" || uri.getHost().empty() || (!uri.getPath().empty() && uri.getPath() != "/") ||
      !uri.getQuery().empty()) {
    throw UsageError("the server is https://host[:port] (got " + s.options.server + ")");
  }
  if (s.options.client_id.empty()) throw UsageError("the API client's id is missing");
  if (s.options.client_secret.empty()) throw UsageError("the API client's secret is missing");
  if (s.options.max_attempts < 1) throw UsageError("max_attempts is 1 or more");
  if (s.options.initial_backoff.count() < 0 || s.options.max_backoff < s.options.initial_backoff) {
    throw UsageError("the backoff is 0 or more, and max_backoff at least initial_backoff");
  }
  if (!s.options.sleep) s.options.sleep = default_sleep;
  s.host = uri.getHost();
  s.port = uri.getPort();
  s.user_agent = "samverkan-client/" SAMVERKAN_VERSION;
  if (!s.options.user_agent.empty()) s.user_agent += " " + s.options.user_agent;
  static std::once_flag ssl_once;
  std::call_once(ssl_once, [] { Poco::Net::initializeSSL(); });
  const std::string ca = s.options.ca_file ? s.options.ca_file->string() : std::string();
  try {
    s.context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", ca,
                                       Poco::Net::Context::VERIFY_STRICT, 9, !s.options.ca_file.has_value());
    s.context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  } catch (const Poco::Exception& e) {
    throw ConnectionError("cannot load the trusted certificates " + (ca.empty() ? std::string("of the system") : ca) +
                              ": " + e.displayText(),
                          false);
  }
}

Client::~Client() = default;

const Options& Client::options() const noexcept { return state_->options; }

std::string Client::access_token() {
  auto& s = *state_;
  std::lock_guard lock(s.token_mutex);
  if (s.token.empty() || Clock::now() >= s.token_renew_at) return s.fetch_token();
  return s.token;
}

Response Client::call(const Request& request) {
  if (request.path.empty() || request.path.front() != '/') throw UsageError("a request's path starts with /");
  auto& s = *state_;
  const bool safe = request.method == "GET" || request.method == "HEAD" || request.method == "PUT" ||
                    request.method == "DELETE" || request.idempotency_key.has_value();
  std::function<std::string()> token_for_attempt;
  std::function<void()> token_refused;
  if (request.authenticated) {
    token_for_attempt = [this] { return access_token(); };
    token_refused = [&s] {
      std::lock_guard lock(s.token_mutex);
      s.token.clear();
    };
  }
  Response response = s.exchange(request, safe, token_for_attempt, token_refused);
  if (response.status / 100 != 2) throw_problem(problem_of(response));
  return response;
}

Poco::JSON::Object::Ptr Client::get_json(const std::string& path) { return call(Request::to("GET", path)).json(); }

Poco::JSON::Object::Ptr Client::send_json(const std::string& method, const std::string& path,
                                          const Poco::JSON::Object& body, std::optional<std::string> idempotency_key) {
  std::ostringstream text;
  body.stringify(text);
  return call(Request{.method = method,
                      .path = path,
                      .body = text.str(),
                      .content_type = "application/json",
                      .idempotency_key = std::move(idempotency_key),
                      .authenticated = true})
      .json();
}

std::string Client::new_idempotency_key() { return Poco::UUIDGenerator::defaultGenerator().createRandom().toString(); }

std::string url_encode(const std::string& text) {
  std::string encoded;
  Poco::URI::encode(text, "/?#&=+;:@,", encoded);
  return encoded;
}

}  // namespace samverkan::client
