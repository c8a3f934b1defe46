#include "detail/xmlsec_runtime.hpp"

#include <openssl/bio.h>
#include <openssl/objects.h>

#include <memory>
#include <mutex>

#include <libxml/parser.h>
#include <xmlsec/base64.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/xmlsec.h>

#include "samverkan/core/error.hpp"
#include "samverkan/xml/native.hpp"

namespace samverkan::mailbox::detail {
namespace {

thread_local std::string* t_errors = nullptr;

void on_xmlsec_error(const char* /*file*/, int /*line*/, const char* func, const char* error_object,
                     const char* error_subject, int reason, const char* msg) noexcept {
  std::string* errors = t_errors;
  if (errors == nullptr || errors->size() > 2000) return;
  try {
    std::string text;
    for (xmlSecSize i = 0; i < XMLSEC_ERRORS_MAX_NUMBER; ++i) {
      if (xmlSecErrorsGetMsg(i) == nullptr) break;
      if (xmlSecErrorsGetCode(i) == reason) {
        text = xmlSecErrorsGetMsg(i);
        break;
      }
    }
    if (!errors->empty()) errors->append("; ");
    errors->append(func != nullptr ? func : "xmlsec");
    if (error_object != nullptr) errors->append(" (").append(error_object).append(")");
    if (error_subject != nullptr) errors->append(" ").append(error_subject);
    if (!text.empty()) errors->append(": ").append(text);
    if (msg != nullptr && *msg != '\0') errors->append(": ").append(msg);
  } catch (...) {
    // nothing may unwind through xmlsec's C frames
  }
}

}  // namespace

void ensure_xmlsec_initialized() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    xml::ensure_libxml_initialized();
    // xmlSecInit replaces libxml2's process-wide external entity loader with its own XXE guard.
    // Every document here is parsed by samverkan::xml (no DTD, no entities, DOCTYPE refused), so
    // the guard adds nothing, and replacing the loader would break xml::Schema::load, which
    // relies on the loader it installed itself (local copies of remote schemas). So the loader
    // in place before xmlsec is put back.
    const xmlExternalEntityLoader previous_loader = xmlGetExternalEntityLoader();
    const int initialised = xmlSecInit();
    xmlSetExternalEntityLoader(previous_loader);
    if (initialised < 0) return;
    if (xmlSecCheckVersion() != 1) return;
    if (xmlSecCryptoAppInit(nullptr) < 0) return;
    if (xmlSecCryptoInit() < 0) return;
    xmlSecErrorsSetCallback(&on_xmlsec_error);
    // SignatureValue and DigestValue in one line, as the public implementations write them.
    xmlSecBase64SetDefaultLineSize(0);
    ok = true;
  });
  if (!ok) throw InternalError("cannot initialise libxmlsec1 with its OpenSSL backend");
}

XmlSecErrorScope::XmlSecErrorScope() : previous_(t_errors) { t_errors = &errors_; }
XmlSecErrorScope::~XmlSecErrorScope() { t_errors = previous_; }
std::string XmlSecErrorScope::text() const { return errors_; }

std::string subject_of(X509* certificate) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio) throw InternalError("out of memory (OpenSSL BIO)");
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

std::string subject_serial_number_of(X509* certificate) { return subject_field_of(certificate, NID_serialNumber); }

std::string subject_field_of(X509* certificate, int nid) {
  X509_NAME* name = X509_get_subject_name(certificate);
  const int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return {};
  ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, value);
  if (length < 0) return {};
  std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return out;
}

}  // namespace samverkan::mailbox::detail
