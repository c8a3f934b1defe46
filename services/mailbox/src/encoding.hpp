#pragma once
// Byte encodings used by the delivery XML (OpenSSL underneath) and text checks.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace samverkan::mailbox::detail {

/// Standard base64 (RFC 4648, with padding, no line breaks).
std::string base64_encode(std::string_view bytes);
/// Decodes base64, ignoring ASCII whitespace; nothing when the text is not base64.
std::optional<std::string> base64_decode(std::string_view text);
/// The length base64_encode gives for `size` bytes.
constexpr std::size_t base64_length(std::size_t size) noexcept { return (size + 2) / 3 * 4; }

}  // namespace samverkan::mailbox::detail
