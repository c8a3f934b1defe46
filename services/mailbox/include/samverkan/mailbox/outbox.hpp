#pragma once
/// The durable outbox: letters accepted from a municipality's systems, stored encrypted in
/// `mailbox_message` (migration 3000_outbox.sql) and delivered by a background job of the
/// queue kDeliveryQueue (see mail_service.hpp for accepting, outbox_delivery.hpp for the job).
///
///   queued ──► delivered   (digital: the operator and its TransId)
///          ├─► paper       (no usable mailbox, or the operator refused for good: print batch)
///          └─► failed      (reason; e.g. protected identity without a forwarding route)

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/print_vendor.hpp"
#include "samverkan/mail/letter_sender.hpp"
#include "samverkan/mailbox/message.hpp"

namespace samverkan::mailbox {

/// The job queue of deliveries; the job's idempotency key is the message id.
inline constexpr std::string_view kDeliveryQueue = "mailbox.delivery";

/// One letter to one recipient, as a municipality's system hands it over.
struct LetterRequest {
  /// The caller's idempotency key: 1..100 characters of A-Z a-z 0-9 . _ : -. The same key
  /// with the same content returns the letter already accepted; with other content: Conflict.
  std::string client_request_id;
  std::string recipient;  ///< personnummer or samordningsnummer, any accepted form
  /// Skyddad identitet: the recipient's address must never be printed; the paper route is
  /// refused for this letter (it goes to the forwarding route, or fails with the reason).
  bool protected_identity = false;
  std::string subject;  ///< 1..255 characters
  BodyType body_type = BodyType::kTextPlain;
  std::string body;                     ///< UTF-8
  std::vector<Attachment> attachments;  ///< PDF only
  SupportInfo support;                  ///< required (Supportinfo)
  std::string language = "svSE";
  std::optional<std::string> reference;       ///< the municipality's reference (e.g. a case number)
  std::optional<std::string> correlation_id;  ///< Header/CorrelationId
  /// The case (diarienummer) the letter belongs to, "KS 2026/142": once it is delivered or
  /// printed, it is registered on that case as an outgoing document (outbox_delivery.hpp).
  std::optional<std::string> case_number;
  /// Where the paper letter goes when there is no digital mailbox. Without one (or with a
  /// protected identity) the paper route fails with the reason.
  std::optional<adapters::PostalAddress> postal_address;
};

/// queued, delivered, paper, failed: the statuses of libcore's mail::LetterSender, which the
/// outbox implements (letter_sender.hpp); to_string gives "queued", "delivered", ...
using LetterStatus = mail::LetterStatus;
using mail::to_string;

/// Where a letter is; no personal data (no recipient, no subject).
struct LetterState {
  std::string id;
  std::string client_request_id;
  LetterStatus status = LetterStatus::kQueued;
  int attempts = 0;                           ///< attempts that failed transiently so far
  std::optional<std::string> operator_id;     ///< delivered: "16" + the operator's organisation number
  std::optional<std::string> operator_name;   ///< delivered: "Kivra"
  std::optional<std::string> trans_id;        ///< delivered: the operator's TransId
  std::optional<std::string> print_batch;     ///< paper: "<kommunkod>-<YYYY-MM-DD>"
  std::optional<std::string> print_job;       ///< paper: the vendor's job id
  std::optional<std::string> failure_reason;  ///< failed (and the last transient error while queued)
};

}  // namespace samverkan::mailbox
