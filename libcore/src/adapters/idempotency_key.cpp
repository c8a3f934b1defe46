#include "samverkan/adapters/idempotency_key.hpp"

#include "samverkan/core/error.hpp"
#include "samverkan/ids/text.hpp"

namespace samverkan::adapters {

IdempotencyKey IdempotencyKey::parse(std::string_view text) {
  if (text.empty()) throw InvalidInput("idempotency key is empty");
  if (text.size() > kMaxLength) {
    throw InvalidInput("idempotency key is longer than " + std::to_string(kMaxLength) + " characters");
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool alphanumeric = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    const bool punctuation = c == '.' || c == '_' || c == '-';
    if (!alphanumeric && !(punctuation && i > 0)) {
      throw InvalidInput("idempotency key has " + ids::describe_char(c) + " at position " + std::to_string(i + 1) +
                         "; allowed are A-Z a-z 0-9 and, after the first character, . _ -");
    }
  }
  return IdempotencyKey(std::string(text));
}

}  // namespace samverkan::adapters
