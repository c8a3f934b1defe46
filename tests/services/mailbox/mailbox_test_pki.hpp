#pragma once
// A throwaway RSA PKI for the mailbox tests, made with OpenSSL when the tests run (nothing is
// committed). Header-only so that any test file of tests/services/mailbox/ can include it.
//
//   test CA ──┬── municipality (sender): RSA 2048, subject serialNumber=16<orgnr>, O, CN
//             ├── other municipality (another organisation number)
//             ├── platform (the intermediary that seals)
//             └── localhost server certificate (serverAuth + clientAuth), for TLS tests
//   other CA ──── impostor: the municipality's subject, but another key and another CA
//
// Certificates are valid from an hour ago for 30 days. make_mailbox_test_pki() builds it once per
// process (RSA key generation is slow) and returns the same PKI afterwards.
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace samverkan::mailbox::test {

struct PemIdentity {
  std::string key_pem;              ///< unencrypted PKCS#8
  std::string certificate_pem;      ///< the leaf certificate
  std::string organisation_number;  ///< 10 digits (empty for the server certificate)

  /// Writes <stem>-key.pem and <stem>-cert.pem into `folder`; returns {key file, cert file}.
  std::pair<std::filesystem::path, std::filesystem::path> write(const std::filesystem::path& folder,
                                                                const std::string& stem) const {
    const auto key = folder / (stem + "-key.pem");
    const auto cert = folder / (stem + "-cert.pem");
    std::ofstream(key, std::ios::binary) << key_pem;
    std::filesystem::permissions(key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::ofstream(cert, std::ios::binary) << certificate_pem;
    return {key, cert};
  }
};

struct MailboxTestPki {
  std::string ca_pem;              ///< the test CA (trust anchor)
  std::string untrusted_ca_pem;    ///< a CA nobody trusts
  PemIdentity municipality;        ///< kMunicipalityOrg, CN "Testkommunen"
  PemIdentity other_municipality;  ///< kOtherMunicipalityOrg, CN "Grannkommunen"
  PemIdentity platform;            ///< the intermediary, kPlatformOrg
  PemIdentity impostor;            ///< municipality's subject, other key, issued by the untrusted CA
  PemIdentity server;              ///< CN=localhost, SAN localhost/127.0.0.1/::1

  std::filesystem::path write_ca(const std::filesystem::path& folder) const {
    const auto file = folder / "ca.pem";
    std::ofstream(file, std::ios::binary) << ca_pem;
    return file;
  }
};

namespace pki_detail {

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
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;

[[noreturn]] inline void fail(const std::string& what) {
  char buffer[256];
  ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
  ERR_clear_error();
  throw std::runtime_error("OpenSSL failed to " + what + ": " + buffer);
}

struct Issued {
  PKeyPtr key;
  X509Ptr certificate;
};

inline void add_name(X509_NAME* name, const char* field, const std::string& value) {
  if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()), -1,
                                 -1, 0) != 1) {
    fail(std::string("set the subject field ") + field);
  }
}

// RSA 2048 for signing identities (what Mina meddelanden asks for); EC P-256 where any key does
// (CAs, TLS), which is many times faster to make.
enum class KeyType { kRsa2048, kEcP256 };

// A key and certificate, signed by `issuer` (self-signed when null). `serial_number` ("" for
// none) goes into the subject's serialNumber attribute, as in Swedish organisation certificates.
inline Issued issue(const std::string& common_name, const std::string& organisation, const std::string& serial_number,
                    const Issued* issuer, const std::vector<std::pair<int, const char*>>& extensions,
                    KeyType key_type = KeyType::kRsa2048) {
  Issued out{PKeyPtr(key_type == KeyType::kRsa2048 ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256")), X509Ptr(X509_new())};
  if (!out.key || !out.certificate) fail("generate a key");
  X509* cert = out.certificate.get();
  BnPtr serial(BN_new());
  if (X509_set_version(cert, 2) != 1 || !serial ||
      BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) == nullptr ||
      X509_gmtime_adj(X509_getm_notBefore(cert), -3600) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 24 * 3600) == nullptr ||
      X509_set_pubkey(cert, out.key.get()) != 1) {
    fail("fill in the certificate");
  }
  X509_NAME* name = X509_get_subject_name(cert);
  add_name(name, "C", "SE");
  add_name(name, "O", organisation);
  if (!serial_number.empty()) add_name(name, "serialNumber", serial_number);
  add_name(name, "CN", common_name);
  X509* issuer_cert = issuer ? issuer->certificate.get() : cert;
  EVP_PKEY* issuer_key = issuer ? issuer->key.get() : out.key.get();
  if (X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert)) != 1) fail("set the issuer name");
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer_cert, cert, nullptr, nullptr, 0);
  for (const auto& [nid, value] : extensions) {
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) fail(std::string("add the extension ") + OBJ_nid2sn(nid));
  }
  if (X509_sign(cert, issuer_key, EVP_sha256()) == 0) fail("sign the certificate");
  return out;
}

inline Issued make_ca(const std::string& name, KeyType key_type = KeyType::kRsa2048) {
  return issue(name, "Samverkan tests", "", nullptr,
               {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                {NID_key_usage, "critical,keyCertSign,cRLSign"},
                {NID_subject_key_identifier, "hash"}},
               key_type);
}

inline Issued make_leaf(const std::string& name, const std::string& organisation_number, const Issued& ca,
                        const char* extended_usage = nullptr, const char* subject_alt_name = nullptr,
                        KeyType key_type = KeyType::kRsa2048) {
  std::vector<std::pair<int, const char*>> extensions{
      {NID_basic_constraints, "critical,CA:FALSE"},
      {NID_key_usage, "critical,digitalSignature,nonRepudiation,keyEncipherment"},
      {NID_subject_key_identifier, "hash"},
      {NID_authority_key_identifier, "keyid:always"},
  };
  if (extended_usage) extensions.emplace_back(NID_ext_key_usage, extended_usage);
  if (subject_alt_name) extensions.emplace_back(NID_subject_alt_name, subject_alt_name);
  return issue(name, name, organisation_number.empty() ? "" : "16" + organisation_number, &ca, extensions, key_type);
}

inline std::string certificate_pem(const X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) fail("write a certificate");
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

inline std::string key_pem(const EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) fail("write a key");
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

inline PemIdentity pem(const Issued& issued, const std::string& organisation_number) {
  return PemIdentity{key_pem(issued.key.get()), certificate_pem(issued.certificate.get()), organisation_number};
}

}  // namespace pki_detail

/// Organisation numbers of the test PKI (valid Luhn, public-sector group 2).
inline constexpr const char* kMunicipalityOrg = "2120000142";
inline constexpr const char* kOtherMunicipalityOrg = "2120000209";
inline constexpr const char* kPlatformOrg = "2120000308";

/// The process-wide test PKI (built on first use).
inline const MailboxTestPki& make_mailbox_test_pki() {
  static const MailboxTestPki pki = [] {
    using namespace pki_detail;
    const Issued ca = make_ca("Samverkan mailbox test CA");
    const Issued other_ca = make_ca("Samverkan untrusted test CA");
    const Issued municipality = make_leaf("Testkommunen", kMunicipalityOrg, ca);
    const Issued other = make_leaf("Grannkommunen", kOtherMunicipalityOrg, ca);
    const Issued platform = make_leaf("Samverkan plattform", kPlatformOrg, ca);
    const Issued impostor = make_leaf("Testkommunen", kMunicipalityOrg, other_ca);
    const Issued server = make_leaf("localhost", "", ca, "serverAuth,clientAuth", "DNS:localhost,IP:127.0.0.1,IP:::1");
    MailboxTestPki out;
    out.ca_pem = certificate_pem(ca.certificate.get());
    out.untrusted_ca_pem = certificate_pem(other_ca.certificate.get());
    out.municipality = pem(municipality, kMunicipalityOrg);
    out.other_municipality = pem(other, kOtherMunicipalityOrg);
    out.platform = pem(platform, kPlatformOrg);
    out.impostor = pem(impostor, kMunicipalityOrg);
    out.server = pem(server, "");
    return out;
  }();
  return pki;
}

}  // namespace samverkan::mailbox::test
