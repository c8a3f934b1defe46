#pragma once
/// Base64 (RFC 4648), the one encoder and decoder of the platform, through Poco's
/// Base64Encoder and Base64Decoder: standard with padding for XML and JSON documents, base64url
/// without padding for tokens, keys and sealed values.
///
///   const std::string text = base64::encode(pdf);
///   const auto bytes = base64::decode(text);          // nullopt unless strict base64
///   if (!bytes) throw InvalidInput("\"content\" must be base64");

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace samverkan::base64 {

/// Standard base64 with padding, on one line.
std::string encode(std::string_view bytes);

/// The length of encode()'s text for `size` bytes.
constexpr std::size_t encoded_length(std::size_t size) noexcept { return (size + 2) / 3 * 4; }

/// base64url (RFC 4648 section 5) without padding.
std::string encode_url(std::string_view bytes);

/// Whether line breaks and spaces may stand between the characters (XML's base64Binary, a PEM
/// body, a client's text wrapped at 76 columns) or not.
enum class Whitespace { kRefused, kSkipped };

/// The bytes of strict standard base64: only the alphabet, '=' padding only at the end, a
/// multiple of 4 characters, canonical (unused low bits zero, so one value has one text);
/// nullopt otherwise.
std::optional<std::string> decode(std::string_view text, Whitespace whitespace = Whitespace::kRefused);

/// The bytes of strict base64url without padding (canonical as above); nullopt otherwise.
std::optional<std::string> decode_url(std::string_view text);

}  // namespace samverkan::base64
