#pragma once
/// A throwaway PKI for mutual-TLS tests, made with OpenSSL at run time (nothing is committed):
///
///   test CA ──┬── server certificate for localhost, 127.0.0.1 and ::1 (serverAuth)
///             └── relying-party client certificate (clientAuth)
///   other CA ──── "untrusted" client certificate (clientAuth), for the refusal tests
///
/// Keys are ECDSA P-256, written unencrypted with mode 0600; certificates are valid from an
/// hour ago for 30 days.

#include <filesystem>
#include <string>

namespace samverkan::bankid_simulator {

struct CertificateAndKey {
  std::filesystem::path certificate;  ///< PEM
  std::filesystem::path private_key;  ///< PEM, mode 0600
};

struct TestPki {
  std::filesystem::path ca_certificate;            ///< the test CA (trust anchor of both sides)
  CertificateAndKey server;                        ///< for the simulator
  CertificateAndKey relying_party;                 ///< for the client
  std::filesystem::path untrusted_ca_certificate;  ///< a CA nobody is configured to trust
  CertificateAndKey untrusted_relying_party;       ///< issued by the untrusted CA
};

/// Writes a fresh PKI into `folder` (created when missing): ca.pem, server-cert.pem,
/// server-key.pem, rp-cert.pem, rp-key.pem, untrusted-ca.pem, untrusted-rp-cert.pem,
/// untrusted-rp-key.pem. `relying_party_name` becomes the client certificate's CN.
/// Throws samverkan::Unavailable when a file cannot be written, samverkan::InternalError when
/// OpenSSL fails.
TestPki make_test_pki(const std::filesystem::path& folder,
                      const std::string& relying_party_name = "Samverkan test relying party");

}  // namespace samverkan::bankid_simulator
