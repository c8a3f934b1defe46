#include "bankid_simulator/test_pki.hpp"

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
#include <utility>
#include <vector>

#include "samverkan/core/error.hpp"

namespace samverkan::bankid_simulator {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using FilePtr = std::unique_ptr<FILE, Deleter<std::fclose>>;

[[noreturn]] void openssl_failure(const std::string& what) {
  char buffer[256];
  ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
  ERR_clear_error();
  throw InternalError("OpenSSL failed to " + what + ": " + buffer);
}

struct Issued {
  PKeyPtr key;
  X509Ptr certificate;
};

// A key and a certificate for `common_name`, signed by `issuer` (self-signed when null).
Issued issue(const std::string& common_name, const Issued* issuer,
             const std::vector<std::pair<int, const char*>>& extensions) {
  Issued out{PKeyPtr(EVP_EC_gen("P-256")), X509Ptr(X509_new())};
  if (!out.key) openssl_failure("generate an EC key");
  if (!out.certificate) openssl_failure("allocate a certificate");
  X509* cert = out.certificate.get();
  if (X509_set_version(cert, 2) != 1) openssl_failure("set the certificate version");

  BnPtr serial(BN_new());
  if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) == nullptr) {
    openssl_failure("make a serial number");
  }
  if (X509_gmtime_adj(X509_getm_notBefore(cert), -3600) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 24 * 3600) == nullptr ||
      X509_set_pubkey(cert, out.key.get()) != 1) {
    openssl_failure("fill in the certificate");
  }
  X509_NAME* name = X509_get_subject_name(cert);
  if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Samverkan tests"),
                                 -1, -1, 0) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                 -1, -1, 0) != 1) {
    openssl_failure("set the subject name");
  }
  X509* issuer_cert = issuer ? issuer->certificate.get() : cert;
  EVP_PKEY* issuer_key = issuer ? issuer->key.get() : out.key.get();
  if (X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert)) != 1) openssl_failure("set the issuer name");

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer_cert, cert, nullptr, nullptr, 0);
  for (const auto& [nid, value] : extensions) {
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
      openssl_failure(std::string("add the extension ") + OBJ_nid2sn(nid));
    }
  }
  if (X509_sign(cert, issuer_key, EVP_sha256()) == 0) openssl_failure("sign the certificate");
  return out;
}

Issued make_ca(const std::string& name) {
  return issue(name, nullptr,
               {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                {NID_key_usage, "critical,keyCertSign,cRLSign"},
                {NID_subject_key_identifier, "hash"}});
}

Issued make_leaf(const std::string& name, const Issued& ca, const char* extended_usage, const char* subject_alt_name) {
  std::vector<std::pair<int, const char*>> extensions{
      {NID_basic_constraints, "critical,CA:FALSE"},
      {NID_key_usage, "critical,digitalSignature"},
      {NID_ext_key_usage, extended_usage},
      {NID_subject_key_identifier, "hash"},
      {NID_authority_key_identifier, "keyid:always"},
  };
  if (subject_alt_name) extensions.emplace_back(NID_subject_alt_name, subject_alt_name);
  return issue(name, &ca, extensions);
}

FilePtr open_for_writing(const std::filesystem::path& file, mode_t mode) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw Unavailable("cannot write " + file.string());
  if (::fchmod(fd, mode) != 0) {
    ::close(fd);
    throw Unavailable("cannot set the mode of " + file.string());
  }
  FilePtr out(::fdopen(fd, "w"));
  if (!out) {
    ::close(fd);
    throw Unavailable("cannot write " + file.string());
  }
  return out;
}

void write_certificate(const X509* cert, const std::filesystem::path& file) {
  auto out = open_for_writing(file, 0644);
  if (PEM_write_X509(out.get(), cert) != 1) openssl_failure("write " + file.string());
}

void write_key(const EVP_PKEY* key, const std::filesystem::path& file) {
  auto out = open_for_writing(file, 0600);
  if (PEM_write_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    openssl_failure("write " + file.string());
  }
}

CertificateAndKey write_pair(const Issued& issued, const std::filesystem::path& folder, const std::string& stem) {
  CertificateAndKey files{folder / (stem + "-cert.pem"), folder / (stem + "-key.pem")};
  write_certificate(issued.certificate.get(), files.certificate);
  write_key(issued.key.get(), files.private_key);
  return files;
}

}  // namespace

TestPki make_test_pki(const std::filesystem::path& folder, const std::string& relying_party_name) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw Unavailable("cannot create " + folder.string() + ": " + error.message());

  const Issued ca = make_ca("Samverkan test BankID CA");
  const Issued server = make_leaf("localhost", ca, "serverAuth", "DNS:localhost,IP:127.0.0.1,IP:::1");
  const Issued relying_party = make_leaf(relying_party_name, ca, "clientAuth", nullptr);
  const Issued other_ca = make_ca("Samverkan untrusted test CA");
  const Issued untrusted = make_leaf(relying_party_name, other_ca, "clientAuth", nullptr);

  TestPki pki;
  pki.ca_certificate = folder / "ca.pem";
  write_certificate(ca.certificate.get(), pki.ca_certificate);
  pki.server = write_pair(server, folder, "server");
  pki.relying_party = write_pair(relying_party, folder, "rp");
  pki.untrusted_ca_certificate = folder / "untrusted-ca.pem";
  write_certificate(other_ca.certificate.get(), pki.untrusted_ca_certificate);
  pki.untrusted_relying_party = write_pair(untrusted, folder, "untrusted-rp");
  return pki;
}

}  // namespace samverkan::bankid_simulator
