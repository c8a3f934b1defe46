#include "support/https_client.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <unistd.h>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

namespace samverkan::test {
namespace {

bool is_api_path(const std::string& path) {
  return path.starts_with("/api/") || path.starts_with("/oauth/") || path.starts_with("/.well-known/") ||
         path == "/health" || path.starts_with("/health?") || path == "/metrics";
}

bool is_text(const std::string& content_type) {
  return content_type.starts_with("application/json") || content_type.starts_with("application/problem+json") ||
         content_type.starts_with("text/");
}

// The API contract test (tests/contract): with SAMVERKAN_API_CONTRACT_LOG naming a folder, every
// exchange with the API is appended to <folder>/exchanges-<pid>.jsonl, one JSON object a line,
// to be validated against the OpenAPI document once every test has run.
void record_exchange(const std::string& method, const std::string& path, const std::string& request_content_type,
                     const std::string& request_body, const HttpResult& result) {
  static const char* folder = std::getenv("SAMVERKAN_API_CONTRACT_LOG");
  if (folder == nullptr || *folder == '\0' || !is_api_path(path)) return;
  constexpr std::size_t kLargest = 1 << 20;
  Poco::JSON::Object exchange(Poco::JSON_PRESERVE_KEY_ORDER);
  exchange.set("method", method);
  exchange.set("path", path);
  exchange.set("status", result.status);
  exchange.set("contentType", result.content_type);
  if (is_text(result.content_type) && result.body.size() <= kLargest) exchange.set("body", result.body);
  if (!request_body.empty() && request_content_type.starts_with("application/json") &&
      request_body.size() <= kLargest) {
    exchange.set("requestBody", request_body);
  }
  std::ostringstream line;
  exchange.stringify(line);
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  std::error_code ignored;  // an unwritable folder shows as a contract test with nothing recorded
  std::filesystem::create_directories(folder, ignored);
  std::ofstream out(std::filesystem::path(folder) / ("exchanges-" + std::to_string(::getpid()) + ".jsonl"),
                    std::ios::app);
  out << line.str() << '\n';
}

}  // namespace

HttpsClient::HttpsClient(std::filesystem::path trusted_certificate, std::uint16_t port) : port_(port) {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
  context_ = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", trusted_certificate.string(),
                                    Poco::Net::Context::VERIFY_STRICT, 9, false);
}

HttpResult HttpsClient::request(const std::string& method, const std::string& path, const std::string& body,
                                const std::string& content_type, const std::map<std::string, std::string>& headers) {
  Poco::Net::HTTPSClientSession session("localhost", port_, context_);
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty() || method == "POST" || method == "PUT") {
    request.setContentType(content_type);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
  } else {
    session.sendRequest(request);
  }
  Poco::Net::HTTPResponse response;
  auto& in = session.receiveResponse(response);
  HttpResult result;
  result.status = static_cast<int>(response.getStatus());
  result.content_type = response.getContentType();
  Poco::StreamCopier::copyToString(in, result.body);
  for (const auto& [name, value] : response) result.headers[Poco::toLower(name)] = value;
  record_exchange(method, path, content_type, body, result);
  return result;
}

HttpsClient::RawResult HttpsClient::raw(const std::string& bytes) {
  Poco::Net::SecureStreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port_), "localhost", context_);
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  std::string received;
  char buffer[8192];
  try {
    while (true) {
      const int n = socket.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      received.append(buffer, static_cast<std::size_t>(n));
    }
  } catch (const Poco::Exception&) {
    // A reset or a timeout after the answer: what arrived is what counts.
  }
  RawResult result;
  if (received.empty()) return result;
  result.answered = true;
  result.status_line = received.substr(0, received.find("\r\n"));
  std::istringstream in(received);
  Poco::Net::HTTPResponse response;
  response.read(in);
  result.response.status = static_cast<int>(response.getStatus());
  result.response.content_type = response.getContentType();
  for (const auto& [name, value] : response) result.response.headers[Poco::toLower(name)] = value;
  const auto header_end = received.find("\r\n\r\n");
  if (header_end != std::string::npos) result.response.body = received.substr(header_end + 4);
  return result;
}

std::string json_member(const std::string& body, const std::string& name) {
  Poco::JSON::Parser parser;
  auto object = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  if (!object->has(name)) return {};
  return object->get(name).convert<std::string>();
}

}  // namespace samverkan::test
