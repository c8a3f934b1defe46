#include "samverkan/tls/context.hpp"

#include <Poco/Net/SSLManager.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <mutex>

#include "samverkan/core/error.hpp"

namespace samverkan::tls {
namespace {

// TLS 1.2 suites with forward secrecy and AEAD only; TLS 1.3 suites are OpenSSL's defaults.
constexpr const char* kCipherList =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

void check_key_belongs(const Poco::Net::Context::Ptr& context, const std::filesystem::path& certificate,
                       const std::filesystem::path& key) {
  if (SSL_CTX_check_private_key(context->sslContext()) != 1) {
    ERR_clear_error();
    throw InvalidInput("the key " + key.string() + " does not belong to the certificate " + certificate.string());
  }
}

}  // namespace

void initialize() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

Poco::Net::Context::Ptr make_server_context(const ServerOptions& o) {
  initialize();
  const bool asks = o.client_certificates != ClientCertificates::kNotAsked;
  if (asks && o.client_ca_file.empty()) {
    throw InvalidInput("client certificates are asked for, but no CA file says whose are accepted");
  }
  Poco::Net::Context::Ptr context;
  try {
    Poco::Net::Context::Params params;
    params.certificateFile = o.certificate_file.string();
    params.privateKeyFile = o.private_key_file.string();
    params.loadDefaultCAs = false;
    params.cipherList = kCipherList;
    params.ecdhCurve = "X25519:prime256v1";
    switch (o.client_certificates) {
      case ClientCertificates::kNotAsked:
        params.verificationMode = Poco::Net::Context::VERIFY_NONE;
        break;
      case ClientCertificates::kOptional:
        params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;  // ask, verify if given
        break;
      case ClientCertificates::kRequired:
        // On a server VERIFY_STRICT is SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT.
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        break;
    }
    if (asks) {
      params.caLocation = o.client_ca_file.string();
      params.verificationDepth = 4;
    }
    context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
  } catch (const Poco::Exception& e) {
    throw InvalidInput("cannot load the TLS certificate " + o.certificate_file.string() + ", key " +
                       o.private_key_file.string() +
                       (asks ? " or client CA " + o.client_ca_file.string() : std::string()) + ": " + e.displayText());
  }
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  context->preferServerCiphers();
  check_key_belongs(context, o.certificate_file, o.private_key_file);
  if (asks) {
    // Poco's extended verification would match a CLIENT's certificate against the client's IP
    // address, as if it were a server; client certificates name people and systems, not hosts.
    context->enableExtendedCertificateVerification(false);
    SSL_CTX_set_verify(context->sslContext(),
                       o.client_certificates == ClientCertificates::kRequired
                           ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
                           : SSL_VERIFY_PEER,
                       nullptr);
    // Tell clients which CAs we accept, so that they pick the right certificate.
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(o.client_ca_file.c_str())) {
      SSL_CTX_set_client_CA_list(context->sslContext(), names);
    }
  }
  // A session id context is required to resume sessions when client certificates are asked.
  context->enableSessionCache(true, o.session_id_context);
  return context;
}

Poco::Net::Context::Ptr make_client_context(const ClientOptions& o) {
  initialize();
  if (o.certificate_file.empty() != o.private_key_file.empty()) {
    throw InvalidInput("a client certificate needs its key, and a key its certificate");
  }
  Poco::Net::Context::Ptr context;
  try {
    Poco::Net::Context::Params params;
    params.certificateFile = o.certificate_file.string();
    params.privateKeyFile = o.private_key_file.string();
    params.caLocation = o.ca_file.string();
    params.loadDefaultCAs = o.ca_file.empty();
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.verificationDepth = 9;
    params.cipherList = kCipherList;
    context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  } catch (const Poco::Exception& e) {
    throw InvalidInput("cannot load the TLS client certificate " + o.certificate_file.string() + ", key " +
                       o.private_key_file.string() + " or CA " + o.ca_file.string() + ": " + e.displayText());
  }
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  if (!o.certificate_file.empty()) check_key_belongs(context, o.certificate_file, o.private_key_file);
  // Plain OpenSSL verification (no callback into SSLManager's process-wide handlers); the host
  // name is checked by Poco after the handshake (extended verification).
  SSL_CTX_set_verify(context->sslContext(), SSL_VERIFY_PEER, nullptr);
  context->enableExtendedCertificateVerification(true);
  return context;
}

Poco::Net::Context::Ptr system_client_context() {
  static std::mutex mutex;
  static Poco::Net::Context::Ptr shared;
  std::lock_guard lock(mutex);
  if (shared.isNull()) shared = make_client_context({});
  return shared;
}

}  // namespace samverkan::tls
