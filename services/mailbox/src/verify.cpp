#include "samverkan/mailbox/verify.hpp"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <xmlsec/crypto.h>
#include <xmlsec/keys.h>
#include <xmlsec/list.h>
#include <xmlsec/openssl/evp.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>

#include "detail/signer.hpp"
#include "detail/xmlsec_runtime.hpp"
#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/ids/organisationsnummer.hpp"
#include "samverkan/xml/native.hpp"

namespace samverkan::mailbox {

struct TrustStore::Impl {
  X509_STORE* store = nullptr;
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (store != nullptr) X509_STORE_free(store);
  }
};

namespace {

constexpr std::string_view kV3 = "http://minameddelanden.gov.se/schema/Message/v3";
constexpr std::string_view kV2 = "http://minameddelanden.gov.se/schema/Message/v2";
constexpr std::string_view kV1 = "http://minameddelanden.gov.se/schema/Message";
constexpr std::string_view kSenderNs = "http://minameddelanden.gov.se/schema/Sender";
constexpr std::string_view kDs = "http://www.w3.org/2000/09/xmldsig#";

// The wrapper declaring the two documents' root elements. It reaches the official schema through
// a made-up remote location that Schema::load maps to the local file (so no path needs escaping).
constexpr std::string_view kWrapperLocation = "https://samverkan.invalid/minameddelanden/schema/v3/Message.xsd";
constexpr std::string_view kWrapper = R"(<?xml version="1.0" encoding="UTF-8"?>
<schema xmlns="http://www.w3.org/2001/XMLSchema" xmlns:m="http://minameddelanden.gov.se/schema/Message/v3"
        targetNamespace="http://minameddelanden.gov.se/schema/Message/v3" elementFormDefault="qualified">
  <include schemaLocation="https://samverkan.invalid/minameddelanden/schema/v3/Message.xsd"/>
  <element name="SignedDelivery" type="m:SignedDelivery"/>
  <element name="SealedDelivery" type="m:SealedDelivery"/>
</schema>
)";

// A refusal travels as this exception inside the module and becomes VerifyResult::reason.
struct Refused {
  std::string reason;
};
[[noreturn]] void refuse(std::string reason) { throw Refused{std::move(reason)}; }

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

void collect(const xml::Element& element, std::string_view local_name, std::string_view ns,
             std::vector<xml::Element>& found) {
  for (const xml::Element& child : element.children()) {
    if (child.local_name() == local_name && (ns.empty() || child.namespace_uri() == ns)) found.push_back(child);
    collect(child, local_name, ns, found);
  }
}

std::vector<xml::Element> descendants(const xml::Element& root, std::string_view local_name, std::string_view ns) {
  std::vector<xml::Element> found;
  if (root.local_name() == local_name && (ns.empty() || root.namespace_uri() == ns)) found.push_back(root);
  collect(root, local_name, ns, found);
  return found;
}

std::string where(const xml::Element& element) { return "line " + std::to_string(element.line()); }

// The one Signature that must be the last child element of `signed_root`.
xml::Element expected_signature(const xml::Element& signed_root) {
  const auto children = signed_root.children();
  if (children.empty() || !children.back().is("Signature", kDs)) {
    refuse("the Signature is not the last child of " + std::string(signed_root.local_name()) +
           " (a moved or missing Signature)");
  }
  return children.back();
}

std::optional<std::string> attribute(const xml::Element& element, std::string_view name) {
  return element.attribute(name);
}

xml::Element single_child(const xml::Element& parent, std::string_view name, const std::string& context) {
  const auto found = parent.children(name, kDs);
  if (found.size() != 1) {
    refuse(context + ": expected exactly one " + std::string(name) + " in " + std::string(parent.local_name()) +
           ", found " + std::to_string(found.size()));
  }
  return found.front();
}

// Appended, as GCC 12 -O3 falsely warns on "'" + std::string&& (-Wrestrict, GCC bug 105329).
std::string algorithm_name(std::string_view uri) {
  std::string name = std::string("'").append(uri).append("'");
  if (uri.find("sha1") != std::string_view::npos) name += " (SHA-1 is not allowed)";
  return name;
}

// Checks the signature against the Mina meddelanden profile and returns the signer certificate.
X509Ptr check_profile(const xml::Element& signature, const std::string& context) {
  const xml::Element info = single_child(signature, "SignedInfo", context);
  const xml::Element c14n = single_child(info, "CanonicalizationMethod", context);
  if (attribute(c14n, "Algorithm").value_or("") != detail::kExcC14n) {
    refuse(context + ": canonicalization " + algorithm_name(attribute(c14n, "Algorithm").value_or("")) +
           " is not allowed (only Exclusive C14N)");
  }
  if (!c14n.children().empty()) refuse(context + ": CanonicalizationMethod must have no parameters");
  const xml::Element method = single_child(info, "SignatureMethod", context);
  if (attribute(method, "Algorithm").value_or("") != detail::kRsaSha256) {
    refuse(context + ": signature algorithm " + algorithm_name(attribute(method, "Algorithm").value_or("")) +
           " is not allowed (only RSA-SHA256)");
  }
  if (!method.children().empty()) refuse(context + ": SignatureMethod must have no parameters");
  const auto references = info.children("Reference", kDs);
  if (references.size() != 1 || info.children().size() != 3) {
    refuse(context + ": SignedInfo must hold exactly one Reference (found " + std::to_string(references.size()) + ")");
  }
  const xml::Element& reference = references.front();
  const auto uri = attribute(reference, "URI");
  if (!uri || !uri->empty()) {
    refuse(context + ": the Reference must have URI=\"\" (the whole document), not " +
           (uri ? "URI=\"" + *uri + "\"" : std::string("no URI")));
  }
  const auto transforms_element = reference.first_child("Transforms", kDs);
  const auto transforms = transforms_element ? transforms_element->children() : std::vector<xml::Element>{};
  if (transforms.size() != 1 || !transforms.front().is("Transform", kDs) ||
      attribute(transforms.front(), "Algorithm").value_or("") != detail::kEnveloped ||
      !transforms.front().children().empty()) {
    std::string found;
    for (const auto& t : transforms) found += (found.empty() ? "" : ", ") + attribute(t, "Algorithm").value_or("?");
    refuse(context + ": the Reference must have only the enveloped-signature transform (found: " +
           (found.empty() ? std::string("none") : found) + ")");
  }
  const xml::Element digest = single_child(reference, "DigestMethod", context);
  if (attribute(digest, "Algorithm").value_or("") != detail::kSha256) {
    refuse(context + ": digest algorithm " + algorithm_name(attribute(digest, "Algorithm").value_or("")) +
           " is not allowed (only SHA-256)");
  }
  if (signature.children("Object", kDs).size() != 0) refuse(context + ": the Signature must not hold Object elements");

  const auto key_info = signature.first_child("KeyInfo", kDs);
  if (!key_info) refuse(context + ": the Signature has no KeyInfo");
  std::vector<xml::Element> certificates;
  for (const auto& data : key_info->children("X509Data", kDs)) {
    for (const auto& c : data.children("X509Certificate", kDs)) certificates.push_back(c);
  }
  if (certificates.size() != 1) {
    refuse(context + ": KeyInfo must hold exactly one X509Certificate (found " + std::to_string(certificates.size()) +
           ")");
  }
  const auto der = base64::decode(certificates.front().text(), base64::Whitespace::kSkipped);
  if (!der || der->empty()) refuse(context + ": the X509Certificate is not base64");
  const auto* bytes = reinterpret_cast<const unsigned char*>(der->data());
  X509Ptr certificate(d2i_X509(nullptr, &bytes, static_cast<long>(der->size())), &X509_free);
  if (!certificate) refuse(context + ": the X509Certificate is not a DER X.509 certificate");
  return certificate;
}

void check_trust(X509* certificate, const VerifyOptions& options, const std::string& context) {
  if (options.trust == nullptr) return;
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(), &X509_STORE_CTX_free);
  if (!ctx || X509_STORE_CTX_init(ctx.get(), options.trust->impl().store, certificate, nullptr) != 1) {
    throw InternalError("cannot set up certificate verification (OpenSSL)");
  }
  if (options.verification_time) {
    X509_STORE_CTX_set_time(ctx.get(), 0, std::chrono::system_clock::to_time_t(*options.verification_time));
  }
  if (X509_verify_cert(ctx.get()) != 1) {
    refuse(context + ": the signer's certificate is not trusted: " +
           X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
  }
}

std::string org_digits(const std::string& text) {
  return ids::Organisationsnummer::parse(text).digits();  // throws InvalidInput for a bad option
}

void check_organisation(X509* certificate, const std::optional<std::string>& expected, const std::string& context) {
  if (!expected) return;
  const std::string serial = detail::subject_serial_number_of(certificate);
  std::string digits;
  try {
    digits = org_digits(serial);
  } catch (const InvalidInput&) {
    refuse(context + ": the signer's certificate names no organisation number (subject serialNumber)");
  }
  if (digits != org_digits(*expected)) {
    refuse(context + ": the signer's certificate belongs to organisation " + digits + ", not the expected " +
           org_digits(*expected));
  }
}

struct KeyDeleter {
  void operator()(xmlSecKey* key) const noexcept { xmlSecKeyDestroy(key); }
};

// Verifies `signature` (already profile-checked) over its whole document with the public key of
// `certificate`, with xmlsec restricted to the profile's algorithms as a second line of defence.
void verify_with_xmlsec(xmlNode* signature, X509* certificate, const std::string& context) {
  detail::ensure_xmlsec_initialized();
  detail::XmlSecErrorScope errors;
  EVP_PKEY* public_key = X509_get_pubkey(certificate);
  if (public_key == nullptr) refuse(context + ": the certificate's public key cannot be read");
  if (EVP_PKEY_base_id(public_key) != EVP_PKEY_RSA) {
    EVP_PKEY_free(public_key);
    refuse(context + ": the certificate's key is not an RSA key");
  }
  xmlSecKeyDataPtr data = xmlSecOpenSSLEvpKeyAdopt(public_key);
  if (data == nullptr) {
    EVP_PKEY_free(public_key);
    throw InternalError("xmlsec cannot take the certificate's key: " + errors.text());
  }
  std::unique_ptr<xmlSecKey, KeyDeleter> key(xmlSecKeyCreate());
  if (!key || xmlSecKeySetValue(key.get(), data) < 0) {
    xmlSecKeyDataDestroy(data);
    throw InternalError("xmlsec cannot create a key: " + errors.text());
  }

  std::unique_ptr<xmlSecDSigCtx, decltype(&xmlSecDSigCtxDestroy)> ctx(xmlSecDSigCtxCreate(nullptr),
                                                                      &xmlSecDSigCtxDestroy);
  if (!ctx) throw InternalError("xmlsec cannot create a signature context: " + errors.text());
  ctx->signKey = key.release();  // owned by the context from here
  ctx->flags |= XMLSEC_DSIG_FLAGS_IGNORE_MANIFESTS;
  ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty;
  if (xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformEnvelopedId) < 0 ||
      xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformSha256Id) < 0 ||
      xmlSecDSigCtxEnableReferenceTransform(ctx.get(), xmlSecTransformInclC14NId) < 0 ||
      xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformExclC14NId) < 0 ||
      xmlSecDSigCtxEnableSignatureTransform(ctx.get(), xmlSecTransformRsaSha256Id) < 0) {
    throw InternalError("xmlsec cannot restrict the transforms: " + errors.text());
  }
  if (xmlSecDSigCtxVerify(ctx.get(), signature) < 0) {
    refuse(context + ": the signature cannot be processed: " + errors.text());
  }
  if (ctx->status == xmlSecDSigStatusSucceeded) return;
  const xmlSecSize count = xmlSecPtrListGetSize(&ctx->signedInfoReferences);
  for (xmlSecSize i = 0; i < count; ++i) {
    auto* reference = static_cast<xmlSecDSigReferenceCtxPtr>(xmlSecPtrListGetItem(&ctx->signedInfoReferences, i));
    if (reference != nullptr && reference->status != xmlSecDSigStatusSucceeded) {
      refuse(context + ": digest of the signed content does not match (the content was changed after signing)");
    }
  }
  refuse(context +
         ": signature value does not match (SignedInfo was changed, or the signature was made with "
         "another key than the certificate's)");
}

Signer signer_of(X509* certificate) {
  return Signer{detail::subject_of(certificate), detail::subject_serial_number_of(certificate)};
}

// Checks one enveloped signature whose signed element is the root of `document`.
Signer verify_layer(const xml::Document& document, const VerifyOptions& options,
                    const std::optional<std::string>& expected_org, const std::string& context) {
  const xml::Element signature = expected_signature(document.root());
  X509Ptr certificate = check_profile(signature, context);
  verify_with_xmlsec(xml::ElementAccess::native(signature), certificate.get(), context);
  check_trust(certificate.get(), options, context);
  check_organisation(certificate.get(), expected_org, context);
  return signer_of(certificate.get());
}

xml::Document parse(std::string_view text, const VerifyOptions& options) {
  if (text.size() > options.max_document_bytes) {
    refuse("too large: the document is " + std::to_string(text.size()) + " bytes, over the limit of " +
           std::to_string(options.max_document_bytes) + " bytes");
  }
  try {
    return xml::parse_untrusted(text, "delivery");
  } catch (const xml::XmlError& e) {
    const auto& d = e.diagnostics();
    std::string first = d.empty() ? std::string(e.what()) : d.front().message;
    if (!d.empty() && d.front().kind == xml::DiagnosticKind::kNotAllowed) refuse("XML refused: " + first);
    refuse("not well-formed XML: " + first);
  } catch (const TooLarge& e) {
    refuse(std::string("too large: ") + e.what());
  }
}

void check_schema(const xml::Document& document, const SchemaSet& schemas) {
  const auto problems = schemas.validate(document);
  if (!problems.empty()) {
    refuse("not valid against the Mina meddelanden v3 schema: " + xml::format(problems.front()) +
           (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""));
  }
}

void check_single_signed_delivery(const xml::Document& document, const xml::Element& expected) {
  const auto all = descendants(document.root(), "SignedDelivery", "");
  for (const auto& element : all) {
    if (!(element == expected)) {
      refuse("a second SignedDelivery element at " + where(element) + " (signature wrapping)");
    }
  }
}

void check_signature_count(const xml::Document& document, std::size_t expected) {
  const auto all = descendants(document.root(), "Signature", kDs);
  if (all.size() != expected) {
    refuse("expected " + std::to_string(expected) + " Signature element" + (expected == 1 ? "" : "s") + ", found " +
           std::to_string(all.size()) + " (a moved, added or removed Signature)");
  }
}

// Reads the header of the verified SignedDelivery document into the result.
void read_delivery(const xml::Document& document, const VerifyOptions& options, VerifyResult& result) {
  const xml::Element delivery = document.root().required_child("Delivery", kV3);
  const xml::Element header = delivery.required_child("Header", kV3);
  result.sender_id = header.required_child("Sender", kV2).required_child("Id", kSenderNs).text();
  result.recipient_id = header.required_child("Recipient", kV2).text();
  result.message_count = delivery.children("Message", kV3).size();
  if (options.expected_sender &&
      result.sender_id != ids::Organisationsnummer::parse(*options.expected_sender).with_prefix()) {
    refuse("Delivery/Header/Sender/Id is not the expected sender organisation");
  }
}

xml::Document cut_out(const xml::Element& element) {
  xmlDoc* doc = xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0"));
  if (doc == nullptr) throw InternalError("libxml2 cannot create a document");
  // The copy declares every namespace its elements use, so the element becomes a document of
  // its own exactly as it was signed (URI="" then means this element).
  xmlNode* copy = xmlDocCopyNode(xml::ElementAccess::native(element), doc, 1);
  if (copy == nullptr) {
    xmlFreeDoc(doc);
    throw InternalError("libxml2 cannot copy the SignedDelivery");
  }
  xmlDocSetRootElement(doc, copy);
  return xml::DocumentAccess::adopt(doc, "SignedDelivery");
}

template <typename Body>
VerifyResult run(Body&& body) {
  VerifyResult result;
  try {
    body(result);
    result.ok = true;
    result.reason.clear();
  } catch (const Refused& refused) {
    // Nothing of a refused document is handed out, only what it was and why.
    VerifyResult refusal;
    refusal.document_type = std::move(result.document_type);
    refusal.reason = refused.reason;
    return refusal;
  }
  return result;
}

}  // namespace

SchemaSet SchemaSet::load(const std::filesystem::path& schema_dir) {
  const std::filesystem::path message = schema_dir / "v3" / "Message.xsd";
  if (!std::filesystem::is_regular_file(message)) {
    xml::Diagnostic missing;
    missing.file = message.string();
    missing.message = "no Mina meddelanden schema here (v3/Message.xsd is missing)";
    missing.kind = xml::DiagnosticKind::kIo;
    throw xml::XmlError({missing});
  }
  // Schema::load reads a file: write the wrapper to a private temporary file for the load.
  std::string pattern = (std::filesystem::temp_directory_path() / "samverkan-mm-XXXXXX.xsd").string();
  const int fd = mkstemps(pattern.data(), 4);
  if (fd < 0) throw Unavailable("cannot create a temporary file for the schema wrapper");
  const std::filesystem::path wrapper = pattern;
  struct Remove {
    std::filesystem::path file;
    ~Remove() {
      std::error_code ignored;
      std::filesystem::remove(file, ignored);
    }
  } remove{wrapper};
  const bool written = ::write(fd, kWrapper.data(), kWrapper.size()) == static_cast<ssize_t>(kWrapper.size());
  ::close(fd);
  if (!written) throw Unavailable("cannot write the schema wrapper to " + wrapper.string());
  xml::Schema schema = xml::Schema::load(wrapper, {{std::string(kWrapperLocation), message}});
  return SchemaSet(schema_dir, std::move(schema));
}

std::vector<xml::Diagnostic> SchemaSet::validate(const xml::Document& document) const {
  return schema_.validate(document);
}

TrustStore TrustStore::from_pem(std::string_view pem) {
  auto impl = std::make_shared<Impl>();
  impl->store = X509_STORE_new();
  if (impl->store == nullptr) throw InternalError("cannot create a certificate store (OpenSSL)");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  int count = 0;
  while (true) {
    X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
    if (!certificate) break;
    if (X509_STORE_add_cert(impl->store, certificate.get()) != 1) {
      throw InvalidInput("cannot add a CA certificate to the trust store");
    }
    ++count;
  }
  if (count == 0) throw InvalidInput("the CA bundle holds no PEM certificate");
  return TrustStore(std::move(impl));
}

TrustStore TrustStore::load_pem_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InvalidInput("cannot read the CA bundle " + file.string());
  std::ostringstream content;
  content << in.rdbuf();
  return from_pem(content.str());
}

VerifyResult verify_signed_delivery(std::string_view xml, const SchemaSet& schemas, const VerifyOptions& options) {
  return run([&](VerifyResult& result) {
    xml::Document document = parse(xml, options);
    if (!document.root().is("SignedDelivery", kV3)) {
      refuse("the root element is <" + std::string(document.root().local_name()) +
             ">, not a SignedDelivery in the Message/v3 namespace");
    }
    result.document_type = "SignedDelivery";
    check_single_signed_delivery(document, document.root());
    check_signature_count(document, 1);
    (void)expected_signature(document.root());
    check_schema(document, schemas);
    result.sender = verify_layer(document, options, options.expected_sender, "sender's signature");
    read_delivery(document, options, result);
    result.signed_delivery.emplace(std::move(document));
  });
}

VerifyResult verify_sealed_delivery(std::string_view xml, const SchemaSet& schemas, const VerifyOptions& options) {
  return run([&](VerifyResult& result) {
    const xml::Document document = parse(xml, options);
    const xml::Element root = document.root();
    if (!root.is("SealedDelivery", kV3)) {
      refuse("the root element is <" + std::string(root.local_name()) +
             ">, not a SealedDelivery in the Message/v3 namespace");
    }
    result.document_type = "SealedDelivery";
    const auto children = root.children();
    if (children.empty() || !children.front().is("SignedDelivery", kV3)) {
      refuse("the first child of SealedDelivery is not a SignedDelivery");
    }
    const xml::Element inner = children.front();
    check_single_signed_delivery(document, inner);
    check_signature_count(document, 2);
    (void)expected_signature(root);
    (void)expected_signature(inner);
    check_schema(document, schemas);

    result.intermediary = verify_layer(document, options, options.expected_intermediary, "intermediary's signature");
    const xml::Element seal = root.required_child("Seal", kV3);
    result.seal_received_time = seal.required_child("ReceivedTime", kV1).text();
    result.seal_signatures_ok = seal.required_child("SignaturesOK", kV1).text() == "true" ||
                                seal.required_child("SignaturesOK", kV1).text() == "1";

    xml::Document signed_delivery = cut_out(inner);
    result.sender = verify_layer(signed_delivery, options, options.expected_sender, "sender's signature");
    read_delivery(signed_delivery, options, result);
    result.signed_delivery.emplace(std::move(signed_delivery));
  });
}

VerifyResult verify_delivery_document(std::string_view xml, const SchemaSet& schemas, const VerifyOptions& options) {
  // Peek at the root with the same safe parser; each verifier parses again on its own.
  VerifyResult refused = run([&](VerifyResult&) {
    const xml::Document document = parse(xml, options);
    if (document.root().is("SealedDelivery", kV3) || document.root().is("SignedDelivery", kV3)) return;
    refuse("the root element is <" + std::string(document.root().local_name()) +
           ">, neither a SignedDelivery nor a SealedDelivery in the Message/v3 namespace");
  });
  if (!refused.ok) return refused;
  const xml::Document document = xml::parse_untrusted(xml, "delivery");
  if (document.root().is("SealedDelivery", kV3)) return verify_sealed_delivery(xml, schemas, options);
  return verify_signed_delivery(xml, schemas, options);
}

}  // namespace samverkan::mailbox
