#pragma once
/// Accepting letters into the durable outbox (outbox.hpp) and telling their status.
///
///   MailService mail(keyring, queue);
///   tenancy::Context ctx(db, principal, kommun, clock, &audit);
///   const auto accepted = mail.send(ctx, request);   // stored + one delivery job, same transaction
///   ctx.commit();
///
/// The sender (organisation number and name) is the municipality of the context, as recorded in
/// the `municipality` table; the delivery job (outbox_delivery.hpp) signs as that municipality.

#include <string>
#include <string_view>

#include "samverkan/crypto/keyring.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/mailbox/outbox.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::mailbox {

/// What send() did.
struct Accepted {
  std::string id;        ///< the message id (public; also the Message/Header/Id sent)
  bool created = false;  ///< false: the client request id was already accepted (nothing new)
  LetterState state;
};

class MailService {
 public:
  /// Both must outlive the service.
  MailService(const crypto::Keyring& keyring, jobs::JobQueue& queue);

  /// Authorises (Permission::kMailboxSend), validates the letter through the message model,
  /// stores it encrypted and enqueues ONE delivery job (queue kDeliveryQueue, idempotency key =
  /// the message id) in ctx's transaction, and audits "mailbox.send". The caller commits.
  /// Idempotent by client_request_id: the same request returns the stored letter (created =
  /// false) and enqueues nothing. Throws samverkan::NotFound / Forbidden (see
  /// Context::require), InvalidInput / TooLarge for a bad letter, Conflict for a client
  /// request id already used with other content (or being accepted by a concurrent request:
  /// retrying then returns the letter).
  Accepted send(tenancy::Context& ctx, const LetterRequest& request);

  /// The letter's state, audited ("mailbox.status"). Throws samverkan::NotFound for an id this
  /// municipality does not have (another municipality's id included), and as require() does.
  LetterState status(tenancy::Context& ctx, std::string_view id);

 private:
  const crypto::Keyring& keyring_;
  jobs::JobQueue& queue_;
};

}  // namespace samverkan::mailbox
