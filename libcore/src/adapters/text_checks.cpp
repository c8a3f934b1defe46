#include "adapters/detail/text_checks.hpp"

#include "samverkan/core/text.hpp"

namespace samverkan::adapters::detail {

void check_optional_text(std::string_view text, std::string_view what, std::size_t max_length) {
  if (text.empty()) return;
  const auto length = text::utf8_length(text);
  if (!length) throw InvalidInput(std::string(what) + " is not valid UTF-8");
  if (*length > max_length) {
    throw InvalidInput(std::string(what) + " is longer than " + std::to_string(max_length) + " characters");
  }
  if (text::has_control_character(text)) throw InvalidInput(std::string(what) + " contains a control character");
}

void check_text(std::string_view text, std::string_view what, std::size_t max_length) {
  bool blank = true;
  for (char c : text) blank = blank && (c == ' ' || c == '\t');
  if (blank) throw InvalidInput(std::string(what) + " is required");
  check_optional_text(text, what, max_length);
}

bool is_ascii_word(std::string_view text, std::string_view extra) noexcept {
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    extra.find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

}  // namespace samverkan::adapters::detail
