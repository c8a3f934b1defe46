#pragma once
// The outbox tables (3000_outbox.sql) for MailService and OutboxDelivery: encrypted letter
// content, states, the delivery attempt record. Every statement goes through the Context's
// TenantSession.
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/crypto/keyring.hpp"
#include "samverkan/mailbox/message.hpp"
#include "samverkan/mailbox/outbox.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::mailbox::detail {

/// The sending municipality as recorded in the `municipality` table.
struct Sender {
  std::string organisation_number;
  std::string name;
};
Sender sender_of(tenancy::Context& ctx);

/// A random message id: 32 lower-case hex digits.
std::string new_message_id();

/// The letter as a Delivery with one message whose Header/Id is `message_id`.
Delivery to_delivery(const LetterRequest& request, const Sender& sender, const std::string& message_id);

/// The keyed digest of the request's content (everything but client_request_id).
std::string request_digest(const crypto::Keyring& keyring, const LetterRequest& request);

/// Inserts a new letter (status queued).
void insert_letter(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& id,
                   const LetterRequest& request, const std::string& digest);

/// The state of a letter, by id or by client request id (with its stored digest).
std::optional<LetterState> read_state(tenancy::Context& ctx, std::string_view id);
std::optional<std::pair<LetterState, std::string>> read_state_by_request(tenancy::Context& ctx,
                                                                         std::string_view client_request_id);

/// The decrypted letter.
struct StoredLetter {
  LetterRequest request;
  LetterState state;
};
std::optional<StoredLetter> load_letter(tenancy::Context& ctx, const crypto::Keyring& keyring, std::string_view id);

/// One more attempt counted, and the last transient error (no personal data).
void note_attempt(tenancy::Context& ctx, std::string_view id, std::string_view error);
void mark_delivered(tenancy::Context& ctx, std::string_view id, std::string_view operator_id,
                    std::string_view operator_name, std::string_view trans_id);
void mark_paper(tenancy::Context& ctx, std::string_view id, std::string_view print_batch, std::string_view print_job);
void mark_failed(tenancy::Context& ctx, std::string_view id, std::string_view reason);

/// The delivery attempt record of a message.
struct AttemptRecord {
  std::string state;  ///< "sending" or "accepted"
  std::string operator_id;
  std::string operator_name;
  std::string service_address;
  std::string trans_id;
  int sends = 0;
};
std::optional<AttemptRecord> read_attempt(tenancy::Context& ctx, std::string_view id);
/// Records that a send is about to start (creates the record or counts one more send).
void record_sending(tenancy::Context& ctx, std::string_view id, std::string_view operator_id,
                    std::string_view operator_name, std::string_view service_address);
void record_accepted(tenancy::Context& ctx, std::string_view id, std::string_view trans_id);

}  // namespace samverkan::mailbox::detail
