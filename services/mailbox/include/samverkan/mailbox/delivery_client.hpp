#pragma once
/// Delivery to a mailbox operator: Service/v3 deliverSecure(SealedDelivery) → DeliveryResult
/// {TransId, Status{RecipientId, Delivered}}, SOAP 1.1 over HTTPS with mutual TLS, POSTed to the
/// ServiceAdress that reachability returned.
///
/// On the wire the SealedDelivery's children (SignedDelivery, Seal, ds:Signature) are the
/// content of <deliverSecure><deliverSecure> in the Service/v3 namespace, copied node by node
/// with their namespace declarations and prefixes, so the operator can rebuild the sealed
/// document and verify both signatures (see rebuild_sealed_delivery).
///
/// Failures, for an outbox deciding whether to retry:
///  - transient (retry later with backoff): samverkan::Unavailable: soap::ServerFaultError (a
///    Server fault), a timeout, a refused or reset connection, a broken answer;
///  - permanent (never retry the same document): soap::ClientFaultError (a samverkan::InvalidInput:
///    bad signature, schema violation, ...), samverkan::InvalidInput for a document that is not a
///    SealedDelivery, samverkan::TooLarge.
/// is_transient() says which. A timeout is ambiguous (the operator may have received the
/// letter); the operator answers the same message id again without a second delivery only if
/// it chooses to, so an outbox must keep its own idempotency.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/mailbox/compose.hpp"  // kMessageV3Namespace
#include "samverkan/mailbox/soap.hpp"

namespace samverkan::mailbox {

inline constexpr std::string_view kServiceV3Namespace = "http://minameddelanden.gov.se/schema/Service/v3";
inline constexpr std::string_view kServiceNamespace = "http://minameddelanden.gov.se/schema/Service";

/// The largest SealedDelivery document sent: the delivery itself is at most 2 MiB, the two
/// signatures and the seal add a little.
inline constexpr std::size_t kMaxSealedDeliveryBytes = 3u << 20;

/// One Status of a DeliveryResult.
struct RecipientDelivery {
  std::string recipient_id;
  bool delivered = false;
};

/// The operator's answer.
struct DeliveryResult {
  std::string trans_id;                     ///< the operator's transaction id
  std::vector<RecipientDelivery> statuses;  ///< one per recipient (Mina meddelanden: one)

  /// True when every status says Delivered.
  bool all_delivered() const noexcept;
};

/// True for failures worth retrying later (kind kUnavailable), false for permanent ones.
bool is_transient(const Error& error) noexcept;

/// The deliverSecure request envelope for a SealedDelivery document. Throws
/// samverkan::InvalidInput (xml::XmlError) when the document is not well-formed or its root is
/// not {Message/v3}SealedDelivery; samverkan::TooLarge over kMaxSealedDeliveryBytes.
std::string write_deliver_secure(std::string_view sealed_delivery_document);

/// The operator's side: a standalone SealedDelivery document (root {Message/v3}SealedDelivery,
/// as it was sealed) rebuilt from the outer deliverSecure element of a request. Throws
/// samverkan::InvalidInput when the element is not deliverSecure/deliverSecure.
std::string rebuild_sealed_delivery(const xml::Element& deliver_secure);

/// Writes a deliverSecureResponse envelope (the operator's side).
std::string write_deliver_secure_response(const DeliveryResult& result);

/// Reads a deliverSecureResponse payload element. Throws samverkan::Unavailable when it is not
/// one (a broken answer).
DeliveryResult read_deliver_secure_response(const xml::Element& payload);

/// The client. Thread-safe. One client per TLS identity (the sending municipality's
/// certificate, or the platform's when it delivers as intermediary).
class DeliveryClient {
 public:
  /// Throws samverkan::InvalidInput for TLS files that cannot be loaded.
  explicit DeliveryClient(soap::TlsClientOptions tls);
  ~DeliveryClient();
  DeliveryClient(const DeliveryClient&) = delete;
  DeliveryClient& operator=(const DeliveryClient&) = delete;

  /// Sends one SealedDelivery document (as produced by the composer, exactly those bytes'
  /// content) to `service_address` and returns the operator's result. Throws as described at
  /// the top of this header.
  DeliveryResult deliver_secure(std::string_view service_address, std::string_view sealed_delivery_document) const;

 private:
  std::unique_ptr<soap::Transport> transport_;
};

}  // namespace samverkan::mailbox
