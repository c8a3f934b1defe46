#pragma once
/// A self-signed development certificate for https://localhost, made with OpenSSL on first
/// start and reused after (regenerated when it expires within a day). Not for production:
/// there, pass a real certificate and key to `samverkan serve --tls-cert/--tls-key`.

#include <filesystem>

namespace samverkan::tls {

struct CertificateFiles {
  std::filesystem::path certificate;  ///< PEM certificate
  std::filesystem::path private_key;  ///< PEM key, mode 0600
};

/// Ensures `folder`/dev-cert.pem and dev-key.pem exist and are valid: an ECDSA P-256 key and a
/// certificate for localhost, 127.0.0.1 and ::1, valid 365 days. Throws samverkan::Unavailable
/// when the folder cannot be written, samverkan::InternalError when OpenSSL fails.
CertificateFiles ensure_dev_certificate(const std::filesystem::path& folder);

}  // namespace samverkan::tls
