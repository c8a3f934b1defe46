#pragma once
/// E-mail receipts to citizens go through libcore's SMTP mailer (mail/smtp_mailer.hpp), which the
/// hiring process shares; these names are kept for the e-services code that uses them.

#include "samverkan/mail/smtp_mailer.hpp"

namespace samverkan::eservices {

using SmtpOptions = mail::SmtpOptions;
using PlainMail = mail::PlainMail;
using ReceiptMailer = mail::SmtpMailer;

}  // namespace samverkan::eservices
