#pragma once
// Private helpers of the auth module: MACs, time stamps as stored in the database, and crypto's
// randomness, encodings and digests. OpenSSL errors leave as samverkan::InternalError.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/detail/openssl_util.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::auth::detail {

// Randomness, hex, SHA-256 and base64 are crypto's (one copy in libcore).
using crypto::detail::as_bytes;
using crypto::detail::as_string;
using crypto::detail::base64url_decode;
using crypto::detail::base64url_encode;
using crypto::detail::Bytes;
using crypto::detail::openssl_failure;
using crypto::detail::random_bytes;
using crypto::detail::sha256;
using crypto::detail::to_hex;

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
/// staff_user.totp_secret by the user's id, web_session.personnummer by the session's id,
std::string totp_associated_data(std::string_view user_id);
std::string session_personnummer_associated_data(std::string_view session_id);
/// bankid_login's order_ref, auto_start_token and qr_start_secret, by the login's row id.
std::string bankid_login_associated_data(std::string_view column, std::string_view login_row_id);

}  // namespace samverkan::auth::detail
