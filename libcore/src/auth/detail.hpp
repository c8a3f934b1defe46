#pragma once
// Private helpers of the auth module: randomness, encodings, digests, MACs and time stamps as
// stored in the database. OpenSSL errors leave as samverkan::InternalError.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/clock.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::auth::detail {

using Bytes = std::vector<std::uint8_t>;

/// Throws samverkan::InternalError naming `what` and the first queued OpenSSL error, and
/// clears the queue.
[[noreturn]] void openssl_failure(const char* what);

/// `count` bytes from the OpenSSL CSPRNG (RAND_bytes).
Bytes random_bytes(std::size_t count);

inline std::span<const std::uint8_t> as_bytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}
inline std::string as_string(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

/// base64url without padding (RFC 4648 section 5).
std::string base64url_encode(std::span<const std::uint8_t> bytes);
/// Strict base64url without padding: only the alphabet, no padding, canonical trailing bits.
std::optional<Bytes> base64url_decode(std::string_view text);

/// Lower-case hex.
std::string to_hex(std::span<const std::uint8_t> bytes);

/// SHA-256 (EVP_Digest).
std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> data);

/// HMAC with the named digest ("SHA1", "SHA256", "SHA512") through EVP_MAC.
Bytes hmac(const char* digest, std::span<const std::uint8_t> key, std::span<const std::uint8_t> message);

/// Equality in time independent of where the inputs differ (CRYPTO_memcmp); the lengths are
/// not secret.
bool equal_constant_time(std::string_view a, std::string_view b) noexcept;

/// Time stamps of {{timestamp}} columns (storage/time.hpp).
using storage::format_time;
using storage::parse_time;

/// Whole seconds since the Unix epoch.
std::int64_t unix_seconds(Clock::TimePoint at);

/// Splits on any of `separators`, dropping empty pieces.
std::vector<std::string> split(std::string_view text, std::string_view separators);

/// The associated data of auth's encrypted columns (registered in encrypted_columns.cpp):
/// staff_user.totp_secret by the user's id, web_session.personnummer by the session's id.
std::string totp_associated_data(std::string_view user_id);
std::string session_personnummer_associated_data(std::string_view session_id);

}  // namespace samverkan::auth::detail
