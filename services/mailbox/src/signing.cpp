#include "samverkan/mailbox/signing.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <xmlsec/crypto.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include "detail/signer.hpp"
#include "detail/xmlsec_runtime.hpp"
#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::mailbox {

struct SigningIdentity::Impl {
  std::string subject;
  std::string serial_number;
  std::string organisation_name;
  std::string certificate_base64;  // DER, for KeyInfo/X509Data/X509Certificate
  // The parsed key with its certificate. Shared by every signature, from any thread: signing only
  // reads it (xmlsec takes its own reference to the OpenSSL key), so it is never copied.
  xmlSecKeyPtr key = nullptr;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (key != nullptr) xmlSecKeyDestroy(key);
  }
};

namespace {

std::string read_pem_file(const std::filesystem::path& file, const char* what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput("cannot read the " + std::string(what) + " file " + file.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

SigningIdentity SigningIdentity::from_pem(std::string_view private_key_pem, std::string_view certificate_pem) {
  detail::ensure_xmlsec_initialized();

  // Check with OpenSSL first, for clear messages; then let xmlsec load the same bytes.
  std::unique_ptr<BIO, decltype(&BIO_free)> key_bio(
      BIO_new_mem_buf(private_key_pem.data(), static_cast<int>(private_key_pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!pkey) throw InvalidInput("the private key is not an unencrypted PEM private key");
  if (EVP_PKEY_base_id(pkey.get()) != EVP_PKEY_RSA) throw InvalidInput("the private key is not an RSA key");
  if (EVP_PKEY_bits(pkey.get()) < 2048) {
    throw InvalidInput("the RSA key has " + std::to_string(EVP_PKEY_bits(pkey.get())) +
                       " bits; at least 2048 are required");
  }
  std::unique_ptr<BIO, decltype(&BIO_free)> cert_bio(
      BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())), &BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> certificate(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr),
                                                          &X509_free);
  if (!certificate) throw InvalidInput("the certificate is not a PEM X.509 certificate");
  if (X509_check_private_key(certificate.get(), pkey.get()) != 1) {
    throw InvalidInput("the private key does not belong to the certificate");
  }

  auto impl = std::make_shared<Impl>();
  impl->subject = detail::subject_of(certificate.get());
  impl->serial_number = detail::subject_serial_number_of(certificate.get());
  impl->organisation_name = detail::subject_field_of(certificate.get(), NID_organizationName);
  if (impl->organisation_name.empty())
    impl->organisation_name = detail::subject_field_of(certificate.get(), NID_commonName);
  unsigned char* der = nullptr;
  const int der_length = i2d_X509(certificate.get(), &der);
  if (der_length <= 0) throw InternalError("cannot encode the certificate (OpenSSL)");
  impl->certificate_base64 =
      base64::encode(std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(der_length)));
  OPENSSL_free(der);

  detail::XmlSecErrorScope errors;
  impl->key = xmlSecCryptoAppKeyLoadMemory(reinterpret_cast<const xmlSecByte*>(private_key_pem.data()),
                                           static_cast<xmlSecSize>(private_key_pem.size()), xmlSecKeyDataFormatPem,
                                           nullptr, nullptr, nullptr);
  if (impl->key == nullptr) throw InvalidInput("xmlsec cannot load the private key: " + errors.text());
  if (xmlSecCryptoAppKeyCertLoadMemory(impl->key, reinterpret_cast<const xmlSecByte*>(certificate_pem.data()),
                                       static_cast<xmlSecSize>(certificate_pem.size()), xmlSecKeyDataFormatPem) < 0) {
    throw InvalidInput("xmlsec cannot load the certificate: " + errors.text());
  }
  return SigningIdentity(std::move(impl));
}

SigningIdentity SigningIdentity::from_pem_files(const std::filesystem::path& private_key_file,
                                                const std::filesystem::path& certificate_file) {
  try {
    return from_pem(read_pem_file(private_key_file, "private key"), read_pem_file(certificate_file, "certificate"));
  } catch (const InvalidInput& e) {
    // The operator needs the files, not only what is wrong with them.
    throw InvalidInput(std::string(e.what()) + " (" + private_key_file.string() + ", " + certificate_file.string() +
                       ")");
  }
}

namespace {

// What identifies a version of a file: its modification time and size ("" when unreadable,
// so that the load reports the error).
std::string file_version(const std::filesystem::path& file) {
  std::error_code error;
  const auto time = std::filesystem::last_write_time(file, error);
  if (error) return {};
  const auto size = std::filesystem::file_size(file, error);
  if (error) return {};
  return std::to_string(time.time_since_epoch().count()) + "/" + std::to_string(size);
}

}  // namespace

struct SigningIdentityCache::State {
  struct Entry {
    std::string key_version;
    std::string certificate_version;
    SigningIdentity identity;
  };
  mutable std::mutex mutex;
  std::map<std::pair<std::string, std::string>, Entry> entries;
  std::size_t loads = 0;
};

SigningIdentityCache::SigningIdentityCache() : state_(std::make_unique<State>()) {}
SigningIdentityCache::~SigningIdentityCache() = default;

SigningIdentity SigningIdentityCache::get(const std::filesystem::path& private_key_file,
                                          const std::filesystem::path& certificate_file) {
  const auto key = std::make_pair(private_key_file.string(), certificate_file.string());
  const std::string key_version = file_version(private_key_file);
  const std::string certificate_version = file_version(certificate_file);
  {
    const std::lock_guard lock(state_->mutex);
    const auto found = state_->entries.find(key);
    if (found != state_->entries.end() && !key_version.empty() && found->second.key_version == key_version &&
        found->second.certificate_version == certificate_version) {
      return found->second.identity;
    }
  }
  // Parsed outside the lock: other identities stay available meanwhile.
  SigningIdentity identity = SigningIdentity::from_pem_files(private_key_file, certificate_file);
  const std::lock_guard lock(state_->mutex);
  ++state_->loads;
  state_->entries.insert_or_assign(key, State::Entry{key_version, certificate_version, identity});
  return identity;
}

std::size_t SigningIdentityCache::loads() const {
  const std::lock_guard lock(state_->mutex);
  return state_->loads;
}

const std::string& SigningIdentity::subject() const noexcept { return impl_->subject; }
const std::string& SigningIdentity::subject_serial_number() const noexcept { return impl_->serial_number; }
const std::string& SigningIdentity::organisation_name() const noexcept { return impl_->organisation_name; }

namespace detail {

namespace {

const xmlChar* x(const char* text) noexcept { return reinterpret_cast<const xmlChar*>(text); }

// xmlsec's templates put line breaks between elements; the public implementations write none,
// and some receivers re-serialise or strip whitespace. Removing them before signing keeps the
// signed document compact and unambiguous.
void remove_whitespace_text(xmlNode* node) {
  xmlNode* child = node->children;
  while (child != nullptr) {
    xmlNode* next = child->next;
    if (child->type == XML_TEXT_NODE && xmlIsBlankNode(child) != 0) {
      xmlUnlinkNode(child);
      xmlFreeNode(child);
    } else if (child->type == XML_ELEMENT_NODE) {
      remove_whitespace_text(child);
    }
    child = next;
  }
}

xmlNode* add_ds_element(xmlNode* parent, const char* name, const std::string* text) {
  xmlNode* node = xmlNewDocNode(parent->doc, parent->ns, x(name), nullptr);
  if (node == nullptr || xmlAddChild(parent, node) == nullptr) {
    if (node != nullptr) xmlFreeNode(node);
    throw InternalError("libxml2 cannot add an element to the signature");
  }
  if (text != nullptr) {
    xmlNodeAddContentLen(node, reinterpret_cast<const xmlChar*>(text->data()), static_cast<int>(text->size()));
  }
  return node;
}

}  // namespace

void sign_enveloped(xmlDoc* document, const SigningIdentity& identity) {
  ensure_xmlsec_initialized();
  XmlSecErrorScope errors;
  xmlNode* root = xmlDocGetRootElement(document);
  if (root == nullptr) throw InternalError("cannot sign an empty document");

  // No namespace prefix: xmlsec then declares the XMLDSig namespace as the default namespace
  // of Signature, as the public implementations write it.
  xmlNode* signature =
      xmlSecTmplSignatureCreate(document, xmlSecTransformExclC14NId, xmlSecTransformRsaSha256Id, nullptr);
  if (signature == nullptr) throw InternalError("xmlsec cannot create a signature template: " + errors.text());
  if (xmlAddChild(root, signature) == nullptr) {
    xmlFreeNode(signature);
    throw InternalError("libxml2 cannot add the signature template");
  }
  xmlNode* reference = xmlSecTmplSignatureAddReference(signature, xmlSecTransformSha256Id, nullptr, x(""), nullptr);
  if (reference == nullptr || xmlSecTmplReferenceAddTransform(reference, xmlSecTransformEnvelopedId) == nullptr) {
    throw InternalError("xmlsec cannot build the signature template: " + errors.text());
  }
  remove_whitespace_text(signature);

  // The context destroys its signKey; the shared key is lent for the signature and taken back
  // before that (no copy of the key and certificate per signature).
  struct ContextDeleter {
    void operator()(xmlSecDSigCtx* ctx) const noexcept {
      ctx->signKey = nullptr;
      xmlSecDSigCtxDestroy(ctx);
    }
  };
  std::unique_ptr<xmlSecDSigCtx, ContextDeleter> context(xmlSecDSigCtxCreate(nullptr));
  if (!context) throw InternalError("xmlsec cannot create a signature context: " + errors.text());
  context->signKey = identity.impl().key;
  if (xmlSecDSigCtxSign(context.get(), signature) < 0) {
    throw InternalError("xmlsec cannot sign the document: " + errors.text());
  }

  // KeyInfo is outside SignedInfo (not signed), so it is written after signing, exactly as the
  // profile wants it: X509Data with X509SubjectName and X509Certificate, no line breaks.
  xmlNode* key_info = add_ds_element(signature, "KeyInfo", nullptr);
  xmlNode* x509_data = add_ds_element(key_info, "X509Data", nullptr);
  add_ds_element(x509_data, "X509SubjectName", &identity.impl().subject);
  add_ds_element(x509_data, "X509Certificate", &identity.impl().certificate_base64);
}

}  // namespace detail
}  // namespace samverkan::mailbox
