#pragma once
/// Writing the Mina meddelanden documents (libxml2) and signing them (libxmlsec1):
///
///   SignedDelivery            the sender's layer: Delivery + the municipality's Signature
///   SealedDelivery            SignedDelivery + Seal{ReceivedTime, SignaturesOK} + the
///                             intermediary's (the platform's) Signature
///
/// Every element is written with a default namespace declaration and no prefix, as the
/// public implementations do; nothing is pretty-printed after signing.

#include <chrono>
#include <string>
#include <string_view>

#include "samverkan/mailbox/message.hpp"
#include "samverkan/mailbox/signing.hpp"

namespace samverkan::mailbox {

/// The Message/v3 namespace of SignedDelivery and SealedDelivery.
inline constexpr std::string_view kMessageV3Namespace = "http://minameddelanden.gov.se/schema/Message/v3";

/// Validates the delivery (see validate()), writes the SignedDelivery document and signs it
/// with `sender` (enveloped XMLDSig over the whole document, Signature as the root's last
/// child). Returns the serialised UTF-8 document, exactly as it is to be sent.
/// Throws samverkan::InvalidInput for an invalid delivery, samverkan::TooLarge when the signed
/// document exceeds kMaxDeliveryBytes (naming both sizes), samverkan::InternalError when
/// libxml2 or xmlsec fails.
std::string compose_signed_delivery(const Delivery& delivery, const SigningIdentity& sender);

/// The intermediary's seal.
struct Seal {
  std::chrono::year_month_day received_date;  ///< Seal/ReceivedTime (an xs:date)
  bool signatures_ok = true;                  ///< Seal/SignaturesOK
};

/// Wraps a signed delivery (a SignedDelivery document, e.g. from compose_signed_delivery) into
/// a SealedDelivery with `seal` and signs that as `intermediary`. The SignedDelivery element is
/// copied unchanged, so its signature still verifies once cut out as its own document. This
/// does not verify the inner signature: call verify_signed_delivery first and pass its result
/// as `seal.signatures_ok`. Throws samverkan::InvalidInput when the input is not a
/// SignedDelivery document (parsed with the safe rules of samverkan::xml), InternalError when
/// libxml2 or xmlsec fails.
std::string seal_delivery(std::string_view signed_delivery_xml, const Seal& seal, const SigningIdentity& intermediary);

}  // namespace samverkan::mailbox
