#pragma once
// Enveloped XMLDSig as Mina meddelanden wants it, over a whole document.
#include <libxml/tree.h>

#include "samverkan/mailbox/signing.hpp"

namespace samverkan::mailbox::detail {

inline constexpr const char* kDsigNamespace = "http://www.w3.org/2000/09/xmldsig#";
inline constexpr const char* kExcC14n = "http://www.w3.org/2001/10/xml-exc-c14n#";
inline constexpr const char* kRsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
inline constexpr const char* kSha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
inline constexpr const char* kEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/// Appends a Signature (default namespace, no prefix) as the last child of the document's root
/// and signs: Reference URI="", only the enveloped-signature transform, Exclusive C14N,
/// RSA-SHA256, SHA-256 digest, KeyInfo/X509Data with X509SubjectName and X509Certificate.
/// Throws samverkan::InternalError when xmlsec fails.
void sign_enveloped(xmlDoc* document, const SigningIdentity& identity);

}  // namespace samverkan::mailbox::detail
