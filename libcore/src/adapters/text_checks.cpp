#include "adapters/text_checks.hpp"

#include <openssl/evp.h>

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

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw InternalError("SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(static_cast<std::size_t>(size) * 2);
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace samverkan::adapters::detail
