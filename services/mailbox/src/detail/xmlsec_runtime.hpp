#pragma once
// The one place that initialises libxmlsec1 (OpenSSL backend) and turns its errors into
// messages. Everything in this module that calls xmlsec goes through here first.
#include <openssl/x509.h>

#include <string>

#include <libxml/tree.h>

namespace samverkan::mailbox::detail {

/// Initialises libxml2, xmlsec and its OpenSSL backend once per process (thread-safe), and
/// installs an error callback that records xmlsec's errors per thread instead of printing
/// them. Throws samverkan::InternalError when xmlsec cannot be initialised.
void ensure_xmlsec_initialized();

/// Collects xmlsec's errors raised on this thread while it lives (nested use is fine).
class XmlSecErrorScope {
 public:
  XmlSecErrorScope();
  ~XmlSecErrorScope();
  XmlSecErrorScope(const XmlSecErrorScope&) = delete;
  XmlSecErrorScope& operator=(const XmlSecErrorScope&) = delete;
  /// The recorded errors, "; "-separated (at most a few), or "" when none.
  std::string text() const;

 private:
  std::string* previous_;
  std::string errors_;
};

/// The certificate's subject in RFC 2253 form.
std::string subject_of(X509* certificate);
/// The subject's first attribute with this NID as UTF-8, "" when absent.
std::string subject_field_of(X509* certificate, int nid);
/// The subject's serialNumber (2.5.4.5), "" when absent.
std::string subject_serial_number_of(X509* certificate);

}  // namespace samverkan::mailbox::detail
