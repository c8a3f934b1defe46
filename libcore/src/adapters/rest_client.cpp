#include "samverkan/adapters/rest_client.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>

#include <filesystem>
#include <fstream>
#include <istream>
#include <mutex>
#include <sstream>

#include "samverkan/adapters/json_answer.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/tls/context.hpp"

namespace samverkan::adapters {
namespace {

// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence.
std::string cut(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u) --end;
  text.resize(end);
  return text + "...";
}

// The backend's own explanation from a JSON error body, if it has one.
std::string backend_message(const RestResponse& response) {
  if (response.body.empty()) return {};
  try {
    Poco::JSON::Parser parser;
    const auto result = parser.parse(response.body);
    const auto& object = result.extract<Poco::JSON::Object::Ptr>();
    for (const char* name : {"message", "detail", "error", "title"}) {
      if (object->has(name) && object->get(name).isString()) return cut(object->getValue<std::string>(name), 200);
    }
  } catch (const Poco::Exception&) {
    // Not JSON (an HTML error page of a proxy, say): the status says enough.
  }
  return {};
}

std::string trim(std::string text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.back())) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && is_space(text[start])) ++start;
  return text.substr(start);
}

}  // namespace

struct RestClient::Impl {
  RestApiSettings settings;
  Poco::Net::Context::Ptr context;
  std::string host;
  std::uint16_t port = 443;
  std::string base_path;
  RestClient::TokenUse token_use = RestClient::TokenUse::kBearerHeader;
};

RestClient::RestClient(RestApiSettings settings, std::string backend, TokenUse token_use)
    : impl_(std::make_unique<Impl>()), backend_(std::move(backend)) {
  impl_->token_use = token_use;
  impl_->settings = std::move(settings);
  const std::string& url = impl_->settings.base_url;
  try {
    const Poco::URI uri(url);
    if (uri.getScheme() != "https" || uri.getHost().empty() || !uri.getUserInfo().empty() ||
        !uri.getRawQuery().empty() || !uri.getFragment().empty()) {
      throw InvalidInput(backend_ + ": base URL must be https://host[:port][/path] without user, query or fragment");
    }
    impl_->host = uri.getHost();
    impl_->port = uri.getPort();
    impl_->base_path = uri.getPathEtc();  // encoded; query and fragment are refused above
    while (!impl_->base_path.empty() && impl_->base_path.back() == '/') impl_->base_path.pop_back();
  } catch (const Poco::Exception& e) {
    throw InvalidInput(backend_ + ": base URL is malformed: " + e.displayText());
  }
  authority_ = impl_->host + ":" + std::to_string(impl_->port);

  try {
    impl_->context = impl_->settings.ca_file.empty() ? tls::system_client_context()
                                                     : tls::make_client_context({.ca_file = impl_->settings.ca_file});
  } catch (const InvalidInput& e) {
    throw InvalidInput(backend_ + ": " + e.what());
  }
}

RestClient::~RestClient() = default;

std::string RestClient::token() const {
  const auto& file = impl_->settings.token_file;
  if (file.empty()) return {};
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in) throw Unavailable(backend_ + ": cannot read the API token file " + file.string());
  std::string token = trim(text.str());
  if (token.empty()) throw Unavailable(backend_ + ": the API token file " + file.string() + " is empty");
  return token;
}

RestResponse RestClient::send(std::string_view method, std::string_view path, const std::string& json_body,
                              const Headers& headers) const {
  const std::string bearer = impl_->token_use == TokenUse::kBearerHeader ? token() : std::string();

  const auto unreachable = [this](const std::string& reason) {
    return Unavailable(backend_ + " at " + authority_ + " cannot be reached: " + reason);
  };
  try {
    Poco::Net::HTTPSClientSession session(impl_->host, impl_->port, impl_->context);
    const auto seconds = impl_->settings.timeout.count();
    session.setTimeout(Poco::Timespan(static_cast<long>(seconds), 0));
    Poco::Net::HTTPRequest request(std::string(method), impl_->base_path + std::string(path),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Accept", "application/json");
    request.set("User-Agent", "samverkan");
    if (!bearer.empty()) request.set("Authorization", "Bearer " + bearer);
    for (const auto& [name, value] : headers) request.set(name, value);
    const bool has_body = !json_body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
    if (has_body) {
      request.setContentType("application/json; charset=utf-8");
      request.setContentLength(static_cast<std::streamsize>(json_body.size()));
      std::ostream& out = session.sendRequest(request);
      out << json_body;
      out.flush();
    } else {
      session.sendRequest(request);
    }

    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    RestResponse result;
    result.status = static_cast<int>(response.getStatus());
    result.content_type = response.getContentType();
    char buffer[16384];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      result.body.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (result.body.size() > kMaxResponseBytes) {
        throw Unavailable(backend_ + " at " + authority_ + " answered with more than " +
                          std::to_string(kMaxResponseBytes) + " bytes");
      }
    }
    return result;
  } catch (const Poco::TimeoutException&) {
    throw unreachable("timed out after " + std::to_string(impl_->settings.timeout.count()) + " s");
  } catch (const Poco::Exception& e) {
    throw unreachable(e.displayText());
  } catch (const std::ios_base::failure& e) {
    throw unreachable(e.what());
  }
}

RestResponse RestClient::call(std::string_view method, std::string_view path, const std::string& json_body,
                              const Headers& headers, On404 on_404) const {
  RestResponse response = send(method, path, json_body, headers);
  raise_for_status(response, on_404);
  return response;
}

OrderReceipt RestClient::place_order(std::string_view path, const std::string& json_body, const IdempotencyKey& key,
                                     const std::string& id_member, On404 on_404) const {
  const RestResponse response = call("POST", path, json_body, {{"Idempotency-Key", key.str()}}, on_404);
  return OrderReceipt{required_string(parse_json_object(response.body, backend_), id_member, backend_),
                      response.status == 200};
}

void RestClient::raise_for_status(const RestResponse& response, On404 on_404) const {
  const int status = response.status;
  if (status >= 200 && status < 300) return;

  const std::string detail = backend_message(response);
  const std::string said = detail.empty() ? std::string() : ": " + detail;
  const std::string prefix = backend_ + " answered " + std::to_string(status);
  switch (status) {
    case 400:
    case 422:
      throw InvalidInput(backend_ + " refused the request" + said);
    case 404:
      if (on_404 == On404::kUnavailable) throw Unavailable(prefix + ": no such endpoint (check the base URL)" + said);
      throw NotFound(backend_ + " does not know it" + said);
    case 409:
      throw Conflict(backend_ + " reports a conflict" + said);
    case 413:
      throw TooLarge(backend_ + " refused the request as too large" + said);
    case 401:
    case 403:
      throw Unavailable(prefix + ": it refused our credentials (check the token file)" + said);
    default:
      throw Unavailable(prefix + said);
  }
}

std::string encode_path_segment(std::string_view segment) {
  if (segment == ".") return "%2E";
  if (segment == "..") return "%2E%2E";
  // Everything but the unreserved characters (RFC 3986 section 2.3) is escaped: Poco escapes
  // controls, non-ASCII and its "illegal" set, and the reserved set named here.
  std::string result;
  Poco::URI::encode(std::string(segment), "!#$&'()*+,/:;=?@[]", result);
  return result;
}

}  // namespace samverkan::adapters
