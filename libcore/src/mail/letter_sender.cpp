#include "samverkan/mail/letter_sender.hpp"

namespace samverkan::mail {

std::string_view to_string(LetterStatus status) noexcept {
  switch (status) {
    case LetterStatus::kQueued:
      return "queued";
    case LetterStatus::kDelivered:
      return "delivered";
    case LetterStatus::kPaper:
      return "paper";
    case LetterStatus::kFailed:
      return "failed";
  }
  return "queued";
}

}  // namespace samverkan::mail
