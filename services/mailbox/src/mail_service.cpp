#include "samverkan/mailbox/mail_service.hpp"

#include "detail/outbox_store.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::mailbox {
namespace {

void check_client_request_id(const std::string& id) {
  if (id.empty() || id.size() > 100) throw InvalidInput("clientRequestId: 1..100 characters");
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == ':' || c == '-';
    if (!ok) throw InvalidInput("clientRequestId: only A-Z a-z 0-9 . _ : - are allowed");
  }
}

}  // namespace

MailService::MailService(const crypto::Keyring& keyring, jobs::JobQueue& queue) : keyring_(keyring), queue_(queue) {}

Accepted MailService::send(tenancy::Context& ctx, const LetterRequest& request) {
  ctx.require(security::Permission::kMailboxSend, {"mailbox.send", "mailbox_message", "new"});
  check_client_request_id(request.client_request_id);
  const detail::Sender sender = detail::sender_of(ctx);
  // The message model decides what is a valid letter (subject, body, PDFs, sizes, recipient).
  validate(detail::to_delivery(request, sender, "placeholder-id"));
  const std::string digest = detail::request_digest(keyring_, request);

  if (auto existing = detail::read_state_by_request(ctx, request.client_request_id)) {
    if (existing->second != digest) {
      throw Conflict("clientRequestId " + request.client_request_id + " was already used for another letter");
    }
    ctx.audit({"mailbox.send.replayed", "mailbox_message", existing->first.id});
    return Accepted{existing->first.id, false, existing->first};
  }

  const std::string id = detail::new_message_id();
  detail::insert_letter(ctx, keyring_, id, request, digest);
  queue_.enqueue(ctx, jobs::NewJob{.queue = std::string(kDeliveryQueue),
                                   .idempotency_key = id,
                                   .payload = R"({"message":")" + id + R"("})",
                                   .max_attempts = 12});
  ctx.audit({"mailbox.send", "mailbox_message", id});
  auto state = detail::read_state(ctx, id);
  if (!state) throw InternalError("a stored letter vanished");
  return Accepted{id, true, *state};
}

LetterState MailService::status(tenancy::Context& ctx, std::string_view id) {
  const std::string key(id);
  ctx.require(security::Permission::kMailboxSend, {"mailbox.status", "mailbox_message", key});
  auto state = detail::read_state(ctx, key);
  if (!state) throw NotFound("no such message");
  ctx.audit({"mailbox.status", "mailbox_message", key});
  return *state;
}

}  // namespace samverkan::mailbox
