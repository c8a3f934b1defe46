#include "samverkan/mailbox/letter_sender.hpp"

namespace samverkan::mailbox {
namespace {

mail::LetterState to_state(const LetterState& state) {
  mail::LetterState out;
  out.id = state.id;
  out.status = state.status;
  if (state.status == LetterStatus::kFailed) out.failure_reason = state.failure_reason;
  return out;
}

}  // namespace

mail::LetterState OutboxLetterSender::send(tenancy::Context& ctx, const mail::Letter& letter) {
  LetterRequest request;
  request.client_request_id = letter.client_request_id;
  request.recipient = letter.recipient;
  request.protected_identity = letter.protected_identity;
  request.subject = letter.subject;
  request.body_type = BodyType::kTextPlain;
  request.body = letter.body;
  for (const auto& attachment : letter.attachments) {
    request.attachments.push_back(Attachment{attachment.file_name, attachment.content});
  }
  request.support.text = letter.support_text;
  request.support.email = letter.support_email;
  request.support.phone_number = letter.support_phone;
  request.case_number = letter.case_number;
  request.reference = letter.case_number;
  request.postal_address = letter.postal_address;
  return to_state(service_.send(ctx, request).state);
}

mail::LetterState OutboxLetterSender::status(tenancy::Context& ctx, std::string_view id) {
  return to_state(service_.status(ctx, id));
}

}  // namespace samverkan::mailbox
