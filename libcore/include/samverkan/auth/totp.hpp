#pragma once
/// One-time codes for staff logins: HOTP (RFC 4226) and TOTP (RFC 6238), HMAC through
/// OpenSSL's EVP_MAC. Defaults are what authenticator apps expect: HMAC-SHA1, 30-second
/// steps, 6 digits; a code is accepted one step early or late (clock drift), and a step that
/// has been used once is never accepted again (replay).

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/clock.hpp"

namespace samverkan::auth {

enum class TotpAlgorithm { kSha1, kSha256, kSha512 };

/// "SHA1", "SHA256", "SHA512" (the otpauth:// and RFC 6238 names).
std::string_view to_string(TotpAlgorithm algorithm) noexcept;

struct TotpParameters {
  TotpAlgorithm algorithm = TotpAlgorithm::kSha1;
  int digits = 6;                 ///< 6..8
  std::chrono::seconds step{30};  ///< X in RFC 6238
  int window = 1;                 ///< steps accepted either side of the current one
};

/// The RFC 4226 value for `counter`: dynamic truncation, modulo 10^digits, zero-padded.
/// Throws samverkan::InvalidInput for digits outside 6..8 or an empty secret.
std::string hotp(std::span<const std::uint8_t> secret, std::uint64_t counter, TotpAlgorithm algorithm, int digits);

/// The RFC 6238 time step T = floor(unix time / step) of `at` (T0 = 0).
std::int64_t totp_step(Clock::TimePoint at, std::chrono::seconds step);

/// The code for the step containing `at`.
std::string totp(std::span<const std::uint8_t> secret, Clock::TimePoint at, const TotpParameters& parameters = {});

/// Checks `code` against the steps within `window` of `at`, skipping every step at or before
/// `last_used_step` (so a code cannot be used twice). Returns the matching step, which the
/// caller stores as the new `last_used_step`; nullopt when nothing matches. Comparison is in
/// constant time.
std::optional<std::int64_t> verify_totp(std::span<const std::uint8_t> secret, std::string_view code,
                                        Clock::TimePoint at, std::int64_t last_used_step,
                                        const TotpParameters& parameters = {});

/// A fresh random secret: 20 bytes (160 bits, RFC 4226 section 4's recommendation).
std::vector<std::uint8_t> new_totp_secret();

/// RFC 4648 base32 without padding, as authenticator apps take secrets.
std::string base32_encode(std::span<const std::uint8_t> bytes);
/// Decodes base32, case-insensitive, padding and spaces ignored; nullopt when invalid.
std::optional<std::vector<std::uint8_t>> base32_decode(std::string_view text);

/// The provisioning URI authenticator apps read from a QR code:
/// otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view issuer, std::string_view account, std::span<const std::uint8_t> secret,
                        const TotpParameters& parameters = {});

}  // namespace samverkan::auth
