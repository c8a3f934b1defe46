#pragma once
/// LetterSender: a letter from the municipality to one person's digital mailbox (Mina
/// meddelanden), on paper when the person has none. The interface a service uses to send
/// letters without knowing the mailbox service: the hiring process sends the employment
/// contract through it. services/mailbox implements it (mailbox::OutboxLetterSender), and the
/// composition root wires the two.
///
///   tenancy::Context ctx(db, principal, municipality, clock, &audit);  // principal: mailbox:send
///   const auto state = letters.send(ctx, letter);   // accepted in ctx's transaction
///   ctx.commit();                                   // delivered later by the mailbox service

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/print_vendor.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::mail {

/// A PDF carried by a letter.
struct LetterAttachment {
  std::string file_name;  ///< shown to the recipient, ends in ".pdf"
  std::string content;    ///< the PDF's bytes
};

struct Letter {
  /// The caller's idempotency key: 1..100 characters of A-Z a-z 0-9 . _ : -. The same key with
  /// the same letter returns the letter already accepted; with another letter: Conflict.
  std::string client_request_id;
  std::string recipient;            ///< personnummer or samordningsnummer
  bool protected_identity = false;  ///< skyddad identitet: never printed with an address
  std::string subject;              ///< 1..255 characters
  std::string body;                 ///< plain UTF-8 text
  std::vector<LetterAttachment> attachments;
  std::string support_text;  ///< where the recipient gets help (required)
  std::optional<std::string> support_email;
  std::optional<std::string> support_phone;
  /// The diary case the letter belongs to, "KS 2026/142": registered on it once sent.
  std::optional<std::string> case_number;
  /// Where the paper letter goes when there is no digital mailbox.
  std::optional<adapters::PostalAddress> postal_address;
};

enum class LetterStatus {
  kQueued,     ///< accepted, not yet delivered
  kDelivered,  ///< in the person's digital mailbox
  kPaper,      ///< printed and posted
  kFailed,     ///< could not be delivered (failure_reason says why)
};

/// "queued", "delivered", "paper", "failed".
std::string_view to_string(LetterStatus status) noexcept;

/// Where a letter is; no personal data.
struct LetterState {
  std::string id;  ///< the letter's id in the mailbox service
  LetterStatus status = LetterStatus::kQueued;
  std::optional<std::string> failure_reason;
};

/// Every method may be called from several threads at once, each with its own context.
class LetterSender {
 public:
  virtual ~LetterSender() = default;

  /// Accepts the letter in ctx's transaction (it is sent only if the caller commits), for
  /// ctx's municipality as sender. The principal needs Permission::kMailboxSend. Throws
  /// samverkan::InvalidInput / TooLarge for a bad letter, Conflict for a client request id used
  /// for another letter, and what tenancy::Context::require throws.
  virtual LetterState send(tenancy::Context& ctx, const Letter& letter) = 0;

  /// The letter's state. Throws samverkan::NotFound for an id the municipality does not have.
  virtual LetterState status(tenancy::Context& ctx, std::string_view id) = 0;
};

}  // namespace samverkan::mail
