#pragma once
// Small text helpers shared by the definition loader and the answer validator (internal).

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/core/text.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/ids/text.hpp"

namespace samverkan::eservices::detail {

// Surrounding whitespace removed and inner runs collapsed to one space (xs:token's rule).
inline std::string collapse(std::string_view text) { return samverkan::text::collapse_whitespace(text); }

// Surrounding ASCII whitespace removed.
constexpr std::string_view trim(std::string_view text) noexcept { return ids::trim_ascii_whitespace(text); }

// The number of Unicode code points, or nothing when `text` is not valid UTF-8.
using samverkan::text::utf8_length;

// A decimal number: optional '-', digits, optionally '.' or ',' and digits. `decimals` is set
// to the number of digits after the separator. Nothing when malformed.
std::optional<double> parse_decimal(std::string_view text, unsigned& decimals) noexcept;

// Lower-case hex SHA-256 (OpenSSL).
using crypto::sha256_hex;

}  // namespace samverkan::eservices::detail
