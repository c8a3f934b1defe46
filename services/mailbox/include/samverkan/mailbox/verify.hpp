#pragma once
/// Checking SignedDelivery and SealedDelivery documents: safe parsing (no DTD, no entities, no
/// network; a DOCTYPE is refused), the official v3 schema, the signature profile of Mina
/// meddelanden, the signatures themselves (libxmlsec1, with the certificate in KeyInfo) and,
/// when asked, the signer's certificate chain and organisation number.
///
/// Signature wrapping cannot succeed: a document must hold exactly the expected elements in the
/// expected places (one SignedDelivery, each Signature the last child of the element it signs,
/// Reference URI="" only), and what a successful result hands back is the very document that
/// was verified, never an element looked up again in the input.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/xml/diagnostic.hpp"
#include "samverkan/xml/document.hpp"
#include "samverkan/xml/schema.hpp"

namespace samverkan::mailbox {

/// The official Mina meddelanden schemas, compiled once; immutable and thread-safe afterwards.
class SchemaSet {
 public:
  /// Compiles the schemas found in `schema_dir`, the folder with Message.xsd, Sender.xsd,
  /// Recipient.xsd, xmldsig-core-schema.xsd, v2/ and v3/ as published (the layout of
  /// `reference/minameddelanden/schema`). The v3 schema defines SignedDelivery and
  /// SealedDelivery only as types; a small wrapper of ours declares the two elements.
  /// Throws xml::XmlError (an InvalidInput) when a schema is missing or does not compile.
  static SchemaSet load(const std::filesystem::path& schema_dir);

  /// Validates a SignedDelivery or SealedDelivery document; empty when valid.
  std::vector<xml::Diagnostic> validate(const xml::Document& document) const;

  const std::filesystem::path& directory() const noexcept { return directory_; }

 private:
  SchemaSet(std::filesystem::path directory, xml::Schema schema)
      : directory_(std::move(directory)), schema_(std::move(schema)) {}
  std::filesystem::path directory_;
  xml::Schema schema_;
};

/// Trusted CA certificates for the signers' certificates. Immutable and thread-safe.
class TrustStore {
 public:
  /// Reads every certificate of a PEM bundle. Throws samverkan::InvalidInput when the file
  /// cannot be read or holds no certificate.
  static TrustStore load_pem_file(const std::filesystem::path& file);
  /// As load_pem_file, from PEM text.
  static TrustStore from_pem(std::string_view pem);

  struct Impl;  ///< defined in the implementation (an OpenSSL X509_STORE)
  const Impl& impl() const noexcept { return *impl_; }

 private:
  explicit TrustStore(std::shared_ptr<const Impl> impl) noexcept : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

/// What to check beyond the schema and the signatures.
struct VerifyOptions {
  /// When set, every signer certificate must chain to one of its CAs (and be valid at
  /// `verification_time`). When not set, certificates are not checked (only the signatures).
  const TrustStore* trust = nullptr;
  /// When set (any form Organisationsnummer::parse accepts), the sender's certificate subject
  /// serialNumber and Delivery/Header/Sender/Id must both be this organisation number.
  std::optional<std::string> expected_sender;
  /// When set, a SealedDelivery's intermediary certificate must name this organisation number.
  std::optional<std::string> expected_intermediary;
  /// The time certificates must be valid at; now when not set.
  std::optional<std::chrono::system_clock::time_point> verification_time;
  /// Larger documents are refused before parsing. The default leaves room for the seal layer
  /// around a SignedDelivery of the largest size we send (kMaxDeliveryBytes).
  std::size_t max_document_bytes = 2U * 1024U * 1024U + 64U * 1024U;
};

/// The certificate that made a signature.
struct Signer {
  std::string subject;        ///< RFC 2253
  std::string serial_number;  ///< subject serialNumber, "" when absent
};

/// The outcome. `ok` false with a `reason` is the normal answer for a bad document; exceptions
/// are left for our own failures (InternalError) and bad options (InvalidInput, e.g. an
/// expected organisation number that is not one). When refused, only `document_type` and
/// `reason` are set.
struct VerifyResult {
  bool ok = false;
  /// Why the document was refused, one sentence ("digest of the signed content does not
  /// match: ..."); "" when ok.
  std::string reason;
  /// "SignedDelivery" or "SealedDelivery" when the root element was one of them.
  std::string document_type;
  std::optional<Signer> sender;        ///< the SignedDelivery's signer, once verified
  std::optional<Signer> intermediary;  ///< the SealedDelivery's signer, once verified
  /// The verified SignedDelivery as its own document (for a SealedDelivery: the copy that was
  /// cut out and verified). Only set when ok; read the delivery from here and nowhere else.
  std::optional<xml::Document> signed_delivery;
  std::string sender_id;     ///< Delivery/Header/Sender/Id of the verified document
  std::string recipient_id;  ///< Delivery/Header/Recipient of the verified document
  std::size_t message_count = 0;
  std::optional<std::string> seal_received_time;  ///< Seal/ReceivedTime (SealedDelivery)
  std::optional<bool> seal_signatures_ok;         ///< Seal/SignaturesOK (SealedDelivery)

  explicit operator bool() const noexcept { return ok; }
};

/// Verifies a SignedDelivery document (the sender's layer) as received: parse safely, schema,
/// structure, signature profile (Exclusive C14N, RSA-SHA256, SHA-256, Reference URI="", only
/// the enveloped-signature transform, one X509Certificate), signature, and the options.
VerifyResult verify_signed_delivery(std::string_view xml, const SchemaSet& schemas, const VerifyOptions& options = {});

/// Verifies a SealedDelivery document: all of the above for the outer (intermediary's)
/// signature over the document as is, then the inner (sender's) signature over the
/// SignedDelivery element cut out as its own document.
VerifyResult verify_sealed_delivery(std::string_view xml, const SchemaSet& schemas, const VerifyOptions& options = {});

/// Either of the two, chosen by the root element; anything else is refused.
VerifyResult verify_delivery_document(std::string_view xml, const SchemaSet& schemas,
                                      const VerifyOptions& options = {});

}  // namespace samverkan::mailbox
