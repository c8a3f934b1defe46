#pragma once
// A throwaway PKI made at test time with the OpenSSL API (certificates, CRLs), and the two
// services a revocation check talks to, on loopback: a CRL distribution point and an OCSP
// responder (OpenSSL's OCSP API behind Poco's HTTP server). Keys live only in memory and in the
// test's temporary folder.
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace samverkan::test {

enum class CertificateKind {
  kCa,             ///< CA:TRUE, keyCertSign and cRLSign
  kClient,         ///< a staff card: digitalSignature, clientAuth
  kOcspResponder,  ///< a delegated OCSP responder: digitalSignature, OCSPSigning
};

/// A P-256 key and its certificate. Move-only.
class TestCertificate {
 public:
  TestCertificate() = default;
  TestCertificate(TestCertificate&& other) noexcept;
  TestCertificate& operator=(TestCertificate&& other) noexcept;
  TestCertificate(const TestCertificate&) = delete;
  TestCertificate& operator=(const TestCertificate&) = delete;
  ~TestCertificate();

  /// Issues a certificate for `subject` (field, value pairs), signed by `issuer` (self-signed
  /// when null), valid from a day before `now` to 30 days after. `ocsp_url`, when not empty,
  /// goes into the Authority Information Access extension.
  static TestCertificate issue(const std::vector<std::pair<std::string, std::string>>& subject,
                               const TestCertificate* issuer, CertificateKind kind,
                               std::time_t now = std::time(nullptr), const std::string& ocsp_url = {});

  X509* cert() const noexcept { return cert_; }
  EVP_PKEY* key() const noexcept { return key_; }
  std::string der() const;

 private:
  EVP_PKEY* key_ = nullptr;
  X509* cert_ = nullptr;
};

struct PemFiles {
  std::filesystem::path certificate;
  std::filesystem::path key;
};

/// Writes `<name>-cert.pem` (0644) and `<name>-key.pem` (0600) into `folder`.
PemFiles save_pem(const TestCertificate& certificate, const std::filesystem::path& folder, const std::string& name);

/// A CRL (DER) by `ca` listing `revoked`, issued at `last_update`, due again at `next_update`.
std::string make_crl(const TestCertificate& ca, const std::vector<const TestCertificate*>& revoked,
                     std::time_t last_update, std::time_t next_update);

/// A plain HTTP/1.1 server on 127.0.0.1 (port 0) answering every request with `handler`,
/// counting the requests. stop() makes the address refuse connections (a dead dependency).
class LoopbackHttpServer {
 public:
  struct Answer {
    int status = 200;
    std::string content_type = "application/octet-stream";
    std::string body;
  };
  using Handler = std::function<Answer(const std::string& method, const std::string& body)>;

  explicit LoopbackHttpServer(Handler handler);
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  /// "http://127.0.0.1:<port><path>"
  std::string url(const std::string& path = "/") const;
  int requests() const noexcept { return requests_.load(); }
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<int> requests_{0};
};

/// A CRL distribution point serving the CRL set last (404 before the first).
class CrlDistributionPoint {
 public:
  CrlDistributionPoint();
  void publish(std::string crl_der);
  std::string url() const { return server_.url("/issuing-ca.crl"); }
  int downloads() const noexcept { return server_.requests(); }
  void stop() { server_.stop(); }

 private:
  std::mutex mutex_;
  std::string crl_;
  LoopbackHttpServer server_;
};

/// An OCSP responder for the certificates `ca` issued, signing its answers with `signer` (the CA
/// itself or a delegated responder certificate), answering "revoked" for what revoke() named
/// and "good" for the rest; it copies the request's nonce. Answers are valid for an hour from
/// `now()` (settable, for tests that move their clock).
class OcspResponder {
 public:
  OcspResponder(const TestCertificate& ca, const TestCertificate& signer);
  void revoke(const TestCertificate& certificate);
  void set_now(std::time_t now) { now_ = now; }
  std::string url() const { return server_.url("/"); }
  int requests() const noexcept { return server_.requests(); }
  void stop() { server_.stop(); }

 private:
  LoopbackHttpServer::Answer answer(const std::string& request_der);

  const TestCertificate& ca_;
  const TestCertificate& signer_;
  std::mutex mutex_;
  std::set<std::string> revoked_serials_;  // hex
  std::atomic<std::time_t> now_{std::time(nullptr)};
  LoopbackHttpServer server_;
};

}  // namespace samverkan::test
