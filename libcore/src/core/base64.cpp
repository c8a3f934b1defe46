#include "samverkan/core/base64.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <iterator>
#include <sstream>

namespace samverkan::base64 {
namespace {

bool in_alphabet(char c, bool url) noexcept {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return url ? c == '-' || c == '_' : c == '+' || c == '/';
}

std::string encode_with(std::string_view bytes, int options) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, options);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  encoder.close();
  return out.str();
}

// `text` is padded standard base64 of the alphabet only (checked by the caller).
std::optional<std::string> decode_checked(const std::string& text) {
  std::string bytes;
  try {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    bytes.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
  // Canonical: unused low bits are zero, so the bytes encode back to the same text.
  if (encode(bytes) != text) return std::nullopt;
  return bytes;
}

}  // namespace

std::string encode(std::string_view bytes) { return encode_with(bytes, 0); }

std::string encode_url(std::string_view bytes) {
  return encode_with(bytes, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
}

std::optional<std::string> decode(std::string_view text, Whitespace whitespace) {
  std::string compact;
  compact.reserve(text.size());
  std::size_t padding = 0;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (whitespace == Whitespace::kRefused) return std::nullopt;
      continue;
    }
    if (c == '=') {
      ++padding;
    } else if (padding > 0 || !in_alphabet(c, false)) {
      return std::nullopt;  // not the alphabet, or text after the padding
    }
    compact.push_back(c);
  }
  if (compact.size() % 4 != 0 || padding > 2) return std::nullopt;
  return decode_checked(compact);
}

std::optional<std::string> decode_url(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string standard;
  standard.reserve(text.size() + 2);
  for (const char c : text) {
    if (!in_alphabet(c, true)) return std::nullopt;
    standard.push_back(c == '-' ? '+' : c == '_' ? '/' : c);
  }
  while (standard.size() % 4 != 0) standard.push_back('=');
  return decode_checked(standard);
}

}  // namespace samverkan::base64
