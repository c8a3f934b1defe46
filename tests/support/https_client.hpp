#pragma once
// A real HTTPS client for tests (Poco NetSSL), trusting one CA/certificate file.
#include <filesystem>
#include <map>
#include <string>

#include <Poco/Net/Context.h>

namespace samverkan::test {

struct HttpResult {
  int status = 0;
  std::string content_type;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

class HttpsClient {
 public:
  /// Verifies the server against `trusted_certificate` (PEM) and the host name "localhost".
  HttpsClient(std::filesystem::path trusted_certificate, std::uint16_t port);

  HttpResult request(const std::string& method, const std::string& path, const std::string& body = {},
                     const std::string& content_type = "application/json",
                     const std::map<std::string, std::string>& headers = {});
  HttpResult get(const std::string& path) { return request("GET", path); }

  /// Sends `bytes` as they are over one TLS connection and reads until the server closes it
  /// (or 10 s pass). For requests no HTTP client would write. The answer is parsed with Poco;
  /// `status_line` is its first line as sent ("HTTP/1.1 400 Bad Request"), `answered` false when
  /// nothing came back.
  struct RawResult {
    bool answered = false;
    std::string status_line;
    HttpResult response;
  };
  RawResult raw(const std::string& bytes);

  Poco::Net::Context::Ptr context() const { return context_; }

 private:
  Poco::Net::Context::Ptr context_;
  std::uint16_t port_;
};

/// Parses a JSON object body and returns the string/number member as text ("" if absent).
std::string json_member(const std::string& body, const std::string& name);

}  // namespace samverkan::test
