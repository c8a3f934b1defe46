// SignedDelivery and SealedDelivery documents (mailbox::verify_delivery_document): what a
// mailbox operator receives from us and what `samverkan mail verify` checks. Safe parsing, the
// official schema, the signature profile and the XML signatures (xmlsec).
// Invariants: a refusal has a reason and hands back nothing; an acceptance names the document
// type, the signer(s) and the verified document, and verifying the same bytes again gives the
// same answer; nothing throws for a bad document.
#include <cstddef>
#include <cstdint>

#include "samverkan/mailbox/verify.hpp"
#include "support/fuzz_support.hpp"

using namespace samverkan;
using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto schemas = mailbox::SchemaSet::load(fuzz::shared_dir() / "reference/minameddelanden/schema");
  const auto text = fuzz::as_text(data, size);
  const auto result = mailbox::verify_delivery_document(text, schemas);
  if (!result.ok) {
    check(!result.reason.empty(), "a refusal has a reason");
    check(!result.signed_delivery && !result.sender && !result.intermediary, "a refusal hands back nothing");
    return 0;
  }
  check(result.reason.empty(), "an acceptance has no reason");
  check(result.document_type == "SignedDelivery" || result.document_type == "SealedDelivery",
        "an acceptance names the document type", result.document_type);
  check(result.signed_delivery.has_value() && result.sender.has_value(), "an acceptance names the sender");
  check((result.document_type == "SealedDelivery") == result.intermediary.has_value(),
        "a sealed delivery names its intermediary");
  check(!result.sender_id.empty() && !result.recipient_id.empty(), "an accepted delivery has sender and recipient");
  const auto again = mailbox::verify_delivery_document(text, schemas);
  check(again.ok && again.sender_id == result.sender_id && again.recipient_id == result.recipient_id,
        "verifying is deterministic");
  return 0;
}
