#include "samverkan/mailbox/paper.hpp"

#include <chrono>
#include <cstdio>

#include "samverkan/core/error.hpp"

namespace samverkan::mailbox {

std::string print_batch_id(const ids::Kommunkod& municipality, Clock::TimePoint at) {
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(at)};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return municipality.str() + "-" + buffer;
}

adapters::PrintJob print_job_for(const std::string& message_id, const LetterRequest& letter) {
  if (letter.protected_identity) {
    throw Forbidden("the recipient has protected identity (skyddad identitet): the letter must not be printed");
  }
  if (!letter.postal_address) throw InvalidInput("the letter has no postal address for the paper route");
  if (letter.attachments.empty()) throw InvalidInput("the letter has no PDF to print");
  adapters::PrintJob job{.idempotency_key = adapters::IdempotencyKey::parse("mailbox-" + message_id)};
  job.document_title = "Brev " + message_id;
  job.pdf = letter.attachments.front().content;
  job.recipient = *letter.postal_address;
  job.sender_reference = letter.reference.value_or("");
  adapters::validate(job);
  return job;
}

}  // namespace samverkan::mailbox
