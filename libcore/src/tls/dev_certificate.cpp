#include "samverkan/tls/dev_certificate.hpp"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "crypto/detail/openssl_util.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/core/private_files.hpp"

namespace samverkan::tls {
namespace {

using crypto::detail::Deleter;
using crypto::detail::openssl_failure;
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using FilePtr = std::unique_ptr<FILE, Deleter<std::fclose>>;

// True when the certificate file parses and is valid for at least another day.
bool usable(const std::filesystem::path& cert_file, const std::filesystem::path& key_file) {
  if (!std::filesystem::exists(cert_file) || !std::filesystem::exists(key_file)) return false;
  FilePtr file(std::fopen(cert_file.c_str(), "r"));
  if (!file) return false;
  X509Ptr cert(PEM_read_X509(file.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    ERR_clear_error();
    return false;
  }
  const time_t tomorrow = std::time(nullptr) + time_t{24} * 3600;
  return X509_cmp_time(X509_get0_notAfter(cert.get()), const_cast<time_t*>(&tomorrow)) > 0;
}

FilePtr open_for_writing(const std::filesystem::path& file, mode_t mode) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw Unavailable("cannot write " + file.string());
  ::fchmod(fd, mode);
  FilePtr out(::fdopen(fd, "w"));
  if (!out) {
    ::close(fd);
    throw Unavailable("cannot write " + file.string());
  }
  return out;
}

}  // namespace

CertificateFiles ensure_dev_certificate(const std::filesystem::path& folder) {
  CertificateFiles files{folder / "dev-cert.pem", folder / "dev-key.pem"};
  if (usable(files.certificate, files.private_key)) return files;

  core::create_private_directories(folder);

  PKeyPtr key(EVP_EC_gen("P-256"));
  if (!key) openssl_failure("generate an EC key");

  X509Ptr cert(X509_new());
  if (!cert) openssl_failure("allocate a certificate");
  X509_set_version(cert.get(), 2);
  std::unique_ptr<BIGNUM, Deleter<BN_free>> serial(BN_new());
  if (!serial || BN_rand(serial.get(), 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr) {
    openssl_failure("make a serial number");
  }
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Samverkan development"),
                             -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  const std::pair<int, const char*> extensions[] = {
      {NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"},
      {NID_basic_constraints, "critical,CA:FALSE"},
      {NID_key_usage, "critical,digitalSignature"},
      {NID_ext_key_usage, "serverAuth"},
  };
  for (const auto& [nid, value] : extensions) {
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    if (!ext || X509_add_ext(cert.get(), ext.get(), -1) != 1) openssl_failure("add a certificate extension");
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) openssl_failure("sign the certificate");

  {
    auto out = open_for_writing(files.private_key, 0600);
    if (PEM_write_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
      openssl_failure("write the private key");
    }
  }
  {
    auto out = open_for_writing(files.certificate, 0644);
    if (PEM_write_X509(out.get(), cert.get()) != 1) openssl_failure("write the certificate");
  }
  return files;
}

}  // namespace samverkan::tls
