#pragma once
/// The animated QR code of BankID's Secure Start. The content changes every second:
///
///   "bankid." + qrStartToken + "." + time + "." + qrAuthCode
///
/// time is the whole seconds since the auth/sign answer was received (0, 1, 2, ...), and
/// qrAuthCode is the lower-case hex HMAC-SHA256 of the decimal time, keyed with the bytes of
/// qrStartSecret. The secret never leaves the server: the browser gets only the content (or
/// the rendered image) and asks again every second.

#include <cstdint>
#include <string>
#include <string_view>

#include "samverkan/bankid/messages.hpp"
#include "samverkan/core/clock.hpp"

namespace samverkan::bankid {

/// The lower-case hex HMAC-SHA256 of `seconds` written in decimal, keyed with
/// `qr_start_secret` (64 characters). Throws samverkan::InvalidInput for an empty secret or
/// negative seconds, samverkan::InternalError when OpenSSL fails.
std::string qr_auth_code(std::string_view qr_start_secret, std::int64_t seconds);

/// "bankid.<qr_start_token>.<seconds>.<qr_auth_code>". Throws as qr_auth_code, and
/// samverkan::InvalidInput for an empty token.
std::string qr_content(std::string_view qr_start_token, std::string_view qr_start_secret, std::int64_t seconds);

/// The QR code of one order, following a clock. Copyable; the clock must outlive it.
class AnimatedQr {
 public:
  /// `started_at` is when the auth/sign answer was received. Throws samverkan::InvalidInput
  /// for an empty token or secret.
  AnimatedQr(std::string qr_start_token, std::string qr_start_secret, Clock::TimePoint started_at, const Clock& clock);
  /// The QR code of an order from Client::auth or Client::sign.
  AnimatedQr(const Order& order, const Clock& clock);

  /// Whole seconds since the start, rounded down; 0 while the clock is before the start.
  std::int64_t seconds() const;
  /// The content for the current second.
  std::string content() const;

 private:
  std::string qr_start_token_;
  std::string qr_start_secret_;
  Clock::TimePoint started_at_;
  const Clock* clock_;
};

}  // namespace samverkan::bankid
