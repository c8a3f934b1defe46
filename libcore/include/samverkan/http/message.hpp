#pragma once
/// The request and response a handler sees: plain values, no Poco types, so handlers are easy
/// to test without sockets.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace samverkan::http {

/// A TLS client certificate the server verified against its client CA bundle (SITHS style).
struct ClientCertificate {
  std::string subject;        ///< one-line subject DN
  std::string serial_number;  ///< the subject's serialNumber attribute (the HSA-id for SITHS)
  std::string common_name;
  std::string issuer;
  std::string der{};  ///< the certificate itself (DER), for revocation checks
};

struct Request {
  std::string method;                                        ///< "GET"
  std::string path;                                          ///< decoded path without the query, "/health"
  std::vector<std::pair<std::string, std::string>> query;    ///< decoded query parameters
  std::map<std::string, std::string> path_params;            ///< filled by the router
  std::vector<std::pair<std::string, std::string>> headers;  ///< as received
  std::string body;                                          ///< fully read, within the server's size limit
  std::string request_id;  ///< our id for this request, also sent back as X-Request-Id
  std::string remote_address;
  /// Present only when the client sent a certificate that verified against the server's
  /// client CA bundle (ServerOptions::client_ca_file).
  std::optional<ClientCertificate> client_certificate;

  /// First header with this name (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
  /// First query parameter with this name, if any.
  std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  /// A JSON response with the given body text.
  static Response json(int status, std::string body);
};

}  // namespace samverkan::http
