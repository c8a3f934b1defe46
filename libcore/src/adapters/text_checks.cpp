#include "adapters/text_checks.hpp"

#include <openssl/evp.h>

namespace samverkan::adapters::detail {

std::size_t utf8_length(std::string_view text) noexcept {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    char32_t code = 0;
    if (lead < 0x80) {
      code = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
      code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      code = lead & 0x07u;
    } else {
      return std::string_view::npos;
    }
    if (i + extra >= text.size() && extra > 0) return std::string_view::npos;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u) return std::string_view::npos;
      code = (code << 6) | (next & 0x3Fu);
    }
    // Overlong three- and four-byte forms, surrogates, beyond U+10FFFF.
    if ((extra == 2 && code < 0x800) || (extra == 3 && (code < 0x10000 || code > 0x10FFFF)) ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return std::string_view::npos;
    }
    i += extra + 1;
    ++count;
  }
  return count;
}

bool has_control_character(std::string_view text) noexcept {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

void check_optional_text(std::string_view text, std::string_view what, std::size_t max_length) {
  if (text.empty()) return;
  const std::size_t length = utf8_length(text);
  if (length == std::string_view::npos) throw InvalidInput(std::string(what) + " is not valid UTF-8");
  if (length > max_length) {
    throw InvalidInput(std::string(what) + " is longer than " + std::to_string(max_length) + " characters");
  }
  if (has_control_character(text)) throw InvalidInput(std::string(what) + " contains a control character");
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
