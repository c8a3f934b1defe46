#pragma once
/// The mailbox service as libcore's mail::LetterSender: a letter of another service (the hiring
/// process's employment contract) goes into the durable outbox like any other (MailService),
/// and is delivered to the digital mailbox or on paper by the outbox worker; a protected
/// identity is never printed with an address.

#include "samverkan/crypto/keyring.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/mail/letter_sender.hpp"
#include "samverkan/mailbox/mail_service.hpp"

namespace samverkan::mailbox {

class OutboxLetterSender final : public mail::LetterSender {
 public:
  /// Both must outlive the sender.
  OutboxLetterSender(const crypto::Keyring& keyring, jobs::JobQueue& queue) : service_(keyring, queue) {}

  /// MailService::send with the letter as a plain-text LetterRequest.
  mail::LetterState send(tenancy::Context& ctx, const mail::Letter& letter) override;
  /// MailService::status.
  mail::LetterState status(tenancy::Context& ctx, std::string_view id) override;

 private:
  MailService service_;
};

}  // namespace samverkan::mailbox
