#pragma once
/// TLS contexts made one way everywhere: TLS 1.2 or later, forward-secret AEAD suites for
/// TLS 1.2 (OpenSSL's defaults for TLS 1.3), certificates and keys checked to belong together
/// when loaded, and peer verification by OpenSSL itself, so that a certificate handler some
/// other part of the process installs in Poco's SSLManager can never accept a peer for us.
///
///   auto server = tls::make_server_context({.certificate_file = cert, .private_key_file = key,
///                                           .client_ca_file = siths_ca,
///                                           .client_certificates = tls::ClientCertificates::kOptional});
///   auto client = tls::make_client_context({.ca_file = bankid_ca, .certificate_file = rp_cert,
///                                           .private_key_file = rp_key});

#include <Poco/Net/Context.h>

#include <filesystem>
#include <string>

namespace samverkan::tls {

/// Poco's SSL library initialisation, done once per process (safe to call from anywhere).
void initialize();

enum class ClientCertificates {
  kNotAsked,  ///< a plain TLS server
  kOptional,  ///< asked for; a presented certificate must verify against client_ca_file
  kRequired,  ///< mutual TLS: a client without a valid certificate fails the handshake
};

struct ServerOptions {
  std::filesystem::path certificate_file{};  ///< PEM, leaf first
  std::filesystem::path private_key_file{};  ///< PEM
  std::filesystem::path client_ca_file{};    ///< PEM bundle; required unless kNotAsked
  ClientCertificates client_certificates = ClientCertificates::kNotAsked;
  std::string session_id_context = "samverkan";  ///< names the session cache (resumption)
};

/// Throws samverkan::InvalidInput naming the files when a certificate, key or CA cannot be
/// loaded, when the key does not belong to the certificate, or when client certificates are
/// asked for without a CA.
Poco::Net::Context::Ptr make_server_context(const ServerOptions& options);

struct ClientOptions {
  std::filesystem::path ca_file{};           ///< PEM bundle that must vouch for the server; empty: the system's CAs
  std::filesystem::path certificate_file{};  ///< our certificate for mutual TLS; empty: none
  std::filesystem::path private_key_file{};  ///< its key (given with certificate_file)
};

/// The server's certificate is verified against the CAs and its host name by Poco after the
/// handshake. Throws samverkan::InvalidInput as make_server_context().
Poco::Net::Context::Ptr make_client_context(const ClientOptions& options);

/// A shared client context trusting the system's CAs (loading that bundle takes a noticeable
/// fraction of a second; contexts are safe to share between threads).
Poco::Net::Context::Ptr system_client_context();

}  // namespace samverkan::tls
