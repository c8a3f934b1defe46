#include "samverkan/core/text.hpp"

#include <Poco/TextConverter.h>
#include <Poco/TextIterator.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/Windows1252Encoding.h>
#include <algorithm>

#include "samverkan/core/error.hpp"

namespace samverkan::text {

std::optional<std::size_t> utf8_length(std::string_view text) {
  Poco::UTF8Encoding utf8;
  const std::string copy(text);
  std::size_t count = 0;
  for (Poco::TextIterator it(copy, utf8), end(copy); it != end; ++it) {
    if (*it < 0) return std::nullopt;
    ++count;
  }
  return count;
}

std::string collapse_whitespace(std::string_view text) {
  std::string result;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !result.empty();
      continue;
    }
    if (space) result += ' ';
    space = false;
    result += c;
  }
  return result;
}

std::optional<std::size_t> xml_text_length(std::string_view text) {
  Poco::UTF8Encoding utf8;
  const std::string copy(text);
  std::size_t count = 0;
  for (Poco::TextIterator it(copy, utf8), end(copy); it != end; ++it) {
    const int code = *it;
    if (code < 0) return std::nullopt;
    if ((code < 0x20 && code != 0x09 && code != 0x0A && code != 0x0D) || code == 0xFFFE || code == 0xFFFF) {
      return std::nullopt;
    }
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

std::string windows1252_to_utf8(std::string_view bytes) {
  // Poco maps the undefined bytes to the C1 controls of the same value; they are refused here.
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0x81 || byte == 0x8D || byte == 0x8F || byte == 0x90 || byte == 0x9D) {
      throw InvalidInput("the text has a byte that is undefined in Windows-1252");
    }
  }
  Poco::Windows1252Encoding windows1252;
  Poco::UTF8Encoding utf8;
  std::string out;
  if (Poco::TextConverter(windows1252, utf8).convert(std::string(bytes), out) != 0) {
    throw InvalidInput("the text is not valid Windows-1252");
  }
  return out;
}

std::string utf8_to_windows1252(std::string_view text) {
  Poco::UTF8Encoding utf8;
  Poco::Windows1252Encoding windows1252;
  const std::string copy(text);
  std::string out;
  out.reserve(copy.size());
  for (Poco::TextIterator it(copy, utf8), end(copy); it != end; ++it) {
    const int code = *it;
    if (code < 0) throw InvalidInput("the text is not valid UTF-8");
    unsigned char byte = 0;
    // The C1 controls are not Windows-1252 characters (Poco would map five of them to the
    // undefined bytes).
    // convert() answers 0 for a character the encoding cannot represent.
    if ((code >= 0x80 && code <= 0x9F) || windows1252.convert(code, &byte, 1) != 1) {
      throw InvalidInput("the text has a character that Windows-1252 cannot hold");
    }
    out += static_cast<char>(byte);
  }
  return out;
}

std::optional<int> positive_number(std::string_view text, std::size_t max_digits) noexcept {
  if (text.empty() || text.size() > std::min<std::size_t>(max_digits, 9) || text.front() == '0') return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace samverkan::text
