#include "support/test_pki.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

namespace samverkan::test {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  require(ext != nullptr, "an extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

std::string serial_hex(const ASN1_INTEGER* serial) {
  BIGNUM* number = ASN1_INTEGER_to_BN(serial, nullptr);
  char* hex = BN_bn2hex(number);
  std::string out(hex);
  OPENSSL_free(hex);
  BN_free(number);
  return out;
}

void write_file(const std::filesystem::path& file, mode_t mode, const std::function<int(FILE*)>& writer) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  require(fd >= 0, "cannot create a PEM file");
  FILE* out = ::fdopen(fd, "w");
  const int written = writer(out);
  std::fclose(out);
  require(written == 1, "cannot write a PEM file");
}

}  // namespace

TestCertificate::TestCertificate(TestCertificate&& other) noexcept
    : key_(std::exchange(other.key_, nullptr)), cert_(std::exchange(other.cert_, nullptr)) {}

TestCertificate& TestCertificate::operator=(TestCertificate&& other) noexcept {
  std::swap(key_, other.key_);
  std::swap(cert_, other.cert_);
  return *this;
}

TestCertificate::~TestCertificate() {
  EVP_PKEY_free(key_);
  X509_free(cert_);
}

TestCertificate TestCertificate::issue(const std::vector<std::pair<std::string, std::string>>& subject,
                                       const TestCertificate* issuer, CertificateKind kind, std::time_t now,
                                       const std::string& ocsp_url) {
  TestCertificate out;
  out.key_ = EVP_EC_gen("P-256");
  out.cert_ = X509_new();
  require(out.key_ != nullptr && out.cert_ != nullptr, "a key");
  X509_set_version(out.cert_, 2);
  BIGNUM* serial = BN_new();
  BN_rand(serial, 64, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(out.cert_));
  BN_free(serial);
  X509_time_adj_ex(X509_getm_notBefore(out.cert_), -1, 0, &now);
  X509_time_adj_ex(X509_getm_notAfter(out.cert_), 30, 0, &now);
  X509_set_pubkey(out.cert_, out.key_);
  X509_NAME* name = X509_get_subject_name(out.cert_);
  for (const auto& [field, value] : subject) {
    X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  }
  X509* signer = issuer != nullptr ? issuer->cert_ : out.cert_;
  X509_set_issuer_name(out.cert_, X509_get_subject_name(signer));
  switch (kind) {
    case CertificateKind::kCa:
      add_extension(out.cert_, signer, NID_basic_constraints, "critical,CA:TRUE");
      add_extension(out.cert_, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
      break;
    case CertificateKind::kClient:
      add_extension(out.cert_, signer, NID_basic_constraints, "critical,CA:FALSE");
      add_extension(out.cert_, signer, NID_key_usage, "critical,digitalSignature");
      add_extension(out.cert_, signer, NID_ext_key_usage, "clientAuth");
      break;
    case CertificateKind::kOcspResponder:
      add_extension(out.cert_, signer, NID_basic_constraints, "critical,CA:FALSE");
      add_extension(out.cert_, signer, NID_key_usage, "critical,digitalSignature");
      add_extension(out.cert_, signer, NID_ext_key_usage, "OCSPSigning");
      break;
  }
  if (!ocsp_url.empty()) add_extension(out.cert_, signer, NID_info_access, "OCSP;URI:" + ocsp_url);
  require(X509_sign(out.cert_, issuer != nullptr ? issuer->key_ : out.key_, EVP_sha256()) != 0, "signing");
  return out;
}

std::string TestCertificate::der() const {
  unsigned char* out = nullptr;
  const int length = i2d_X509(cert_, &out);
  require(length > 0, "DER");
  std::string der(reinterpret_cast<const char*>(out), static_cast<std::size_t>(length));
  OPENSSL_free(out);
  return der;
}

PemFiles save_pem(const TestCertificate& certificate, const std::filesystem::path& folder, const std::string& name) {
  PemFiles files{folder / (name + "-cert.pem"), folder / (name + "-key.pem")};
  write_file(files.certificate, 0644, [&](FILE* f) { return PEM_write_X509(f, certificate.cert()); });
  write_file(files.key, 0600, [&](FILE* f) {
    return PEM_write_PrivateKey(f, certificate.key(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  return files;
}

std::string make_crl(const TestCertificate& ca, const std::vector<const TestCertificate*>& revoked,
                     std::time_t last_update, std::time_t next_update) {
  X509_CRL* crl = X509_CRL_new();
  require(crl != nullptr, "a CRL");
  X509_CRL_set_version(crl, 1);
  X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca.cert()));
  ASN1_TIME* last = ASN1_TIME_set(nullptr, last_update);
  ASN1_TIME* next = ASN1_TIME_set(nullptr, next_update);
  X509_CRL_set1_lastUpdate(crl, last);
  X509_CRL_set1_nextUpdate(crl, next);
  for (const auto* certificate : revoked) {
    X509_REVOKED* entry = X509_REVOKED_new();
    X509_REVOKED_set_serialNumber(entry, X509_get_serialNumber(certificate->cert()));
    X509_REVOKED_set_revocationDate(entry, last);
    X509_CRL_add0_revoked(crl, entry);
  }
  ASN1_TIME_free(last);
  ASN1_TIME_free(next);
  X509_CRL_sort(crl);
  require(X509_CRL_sign(crl, ca.key(), EVP_sha256()) != 0, "signing a CRL");
  unsigned char* out = nullptr;
  const int length = i2d_X509_CRL(crl, &out);
  X509_CRL_free(crl);
  require(length > 0, "CRL DER");
  std::string der(reinterpret_cast<const char*>(out), static_cast<std::size_t>(length));
  OPENSSL_free(out);
  return der;
}

// --- LoopbackHttpServer ------------------------------------------------------------------------

namespace {

class HandlerAdapter final : public Poco::Net::HTTPRequestHandler {
 public:
  HandlerAdapter(const LoopbackHttpServer::Handler& handler, std::atomic<int>& requests)
      : handler_(handler), requests_(requests) {}
  void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
    ++requests_;
    std::string body;
    Poco::StreamCopier::copyToString(in.stream(), body);
    const auto answer = handler_(in.getMethod(), body);
    out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    out.setContentType(answer.content_type);
    out.sendBuffer(answer.body.data(), answer.body.size());
  }

 private:
  const LoopbackHttpServer::Handler& handler_;
  std::atomic<int>& requests_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(const LoopbackHttpServer::Handler& handler, std::atomic<int>& requests)
      : handler_(handler), requests_(requests) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new HandlerAdapter(handler_, requests_);
  }

 private:
  const LoopbackHttpServer::Handler& handler_;
  std::atomic<int>& requests_;
};

}  // namespace

struct LoopbackHttpServer::Impl {
  Handler handler;
  Poco::Net::ServerSocket socket{Poco::Net::SocketAddress("127.0.0.1", 0)};
  std::uint16_t port = socket.address().port();
  std::unique_ptr<Poco::Net::HTTPServer> server;
  bool stopped = false;
};

LoopbackHttpServer::LoopbackHttpServer(Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  auto* params = new Poco::Net::HTTPServerParams;
  params->setKeepAlive(false);
  impl_->server =
      std::make_unique<Poco::Net::HTTPServer>(new Factory(impl_->handler, requests_), impl_->socket, params);
  impl_->server->start();
}

LoopbackHttpServer::~LoopbackHttpServer() { stop(); }

std::string LoopbackHttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(impl_->port) + path;
}

void LoopbackHttpServer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->server->stopAll(true);
  impl_->socket.close();
}

// --- CRL distribution point and OCSP responder -------------------------------------------------

CrlDistributionPoint::CrlDistributionPoint()
    : server_([this](const std::string&, const std::string&) {
        std::lock_guard lock(mutex_);
        if (crl_.empty()) return LoopbackHttpServer::Answer{404, "text/plain", "no CRL yet"};
        return LoopbackHttpServer::Answer{200, "application/pkix-crl", crl_};
      }) {}

void CrlDistributionPoint::publish(std::string crl_der) {
  std::lock_guard lock(mutex_);
  crl_ = std::move(crl_der);
}

OcspResponder::OcspResponder(const TestCertificate& ca, const TestCertificate& signer)
    : ca_(ca), signer_(signer), server_([this](const std::string&, const std::string& body) { return answer(body); }) {}

void OcspResponder::revoke(const TestCertificate& certificate) {
  std::lock_guard lock(mutex_);
  revoked_serials_.insert(serial_hex(X509_get_serialNumber(certificate.cert())));
}

LoopbackHttpServer::Answer OcspResponder::answer(const std::string& request_der) {
  const auto* p = reinterpret_cast<const unsigned char*>(request_der.data());
  OCSP_REQUEST* request = d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request_der.size()));
  if (request == nullptr) return {400, "text/plain", "not an OCSP request"};
  OCSP_BASICRESP* basic = OCSP_BASICRESP_new();
  const std::time_t now = now_.load();
  ASN1_TIME* this_update = ASN1_TIME_set(nullptr, now - 60);
  ASN1_TIME* next_update = ASN1_TIME_set(nullptr, now + 3600);
  ASN1_TIME* revoked_at = ASN1_TIME_set(nullptr, now - 3600);
  for (int i = 0; i < OCSP_request_onereq_count(request); ++i) {
    OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request, i));
    ASN1_INTEGER* serial = nullptr;
    OCSP_id_get0_info(nullptr, nullptr, nullptr, &serial, id);
    bool revoked = false;
    {
      std::lock_guard lock(mutex_);
      revoked = revoked_serials_.contains(serial_hex(serial));
    }
    OCSP_basic_add1_status(basic, id, revoked ? V_OCSP_CERTSTATUS_REVOKED : V_OCSP_CERTSTATUS_GOOD,
                           revoked ? OCSP_REVOKED_STATUS_KEYCOMPROMISE : 0, revoked ? revoked_at : nullptr, this_update,
                           next_update);
  }
  OCSP_copy_nonce(basic, request);
  const bool delegated = signer_.cert() != ca_.cert();
  STACK_OF(X509)* chain = sk_X509_new_null();
  if (delegated) sk_X509_push(chain, ca_.cert());
  OCSP_basic_sign(basic, signer_.cert(), signer_.key(), EVP_sha256(), chain, 0);
  sk_X509_free(chain);
  OCSP_RESPONSE* response = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic);
  unsigned char* out = nullptr;
  const int length = i2d_OCSP_RESPONSE(response, &out);
  std::string der(reinterpret_cast<const char*>(out), static_cast<std::size_t>(length > 0 ? length : 0));
  OPENSSL_free(out);
  OCSP_RESPONSE_free(response);
  OCSP_BASICRESP_free(basic);
  OCSP_REQUEST_free(request);
  ASN1_TIME_free(this_update);
  ASN1_TIME_free(next_update);
  ASN1_TIME_free(revoked_at);
  return {200, "application/ocsp-response", der};
}

}  // namespace samverkan::test
