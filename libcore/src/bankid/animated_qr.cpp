#include "samverkan/bankid/animated_qr.hpp"

#include "crypto/detail/openssl_util.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::bankid {
namespace {

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  namespace detail = crypto::detail;
  return detail::to_hex(detail::hmac_sha256(detail::as_bytes(key), detail::as_bytes(message)));
}

}  // namespace

std::string qr_auth_code(std::string_view qr_start_secret, std::int64_t seconds) {
  if (qr_start_secret.empty()) throw InvalidInput("the qrStartSecret is empty");
  if (seconds < 0) throw InvalidInput("the QR code time must not be negative");
  return hmac_sha256_hex(qr_start_secret, std::to_string(seconds));
}

std::string qr_content(std::string_view qr_start_token, std::string_view qr_start_secret, std::int64_t seconds) {
  if (qr_start_token.empty()) throw InvalidInput("the qrStartToken is empty");
  const std::string code = qr_auth_code(qr_start_secret, seconds);
  std::string content = "bankid.";
  content += qr_start_token;
  content += '.';
  content += std::to_string(seconds);
  content += '.';
  content += code;
  return content;
}

AnimatedQr::AnimatedQr(std::string qr_start_token, std::string qr_start_secret, Clock::TimePoint started_at,
                       const Clock& clock)
    : qr_start_token_(std::move(qr_start_token)),
      qr_start_secret_(std::move(qr_start_secret)),
      started_at_(started_at),
      clock_(&clock) {
  if (qr_start_token_.empty()) throw InvalidInput("the qrStartToken is empty");
  if (qr_start_secret_.empty()) throw InvalidInput("the qrStartSecret is empty");
}

AnimatedQr::AnimatedQr(const Order& order, const Clock& clock)
    : AnimatedQr(order.qr_start_token, order.qr_start_secret, order.started_at, clock) {}

std::int64_t AnimatedQr::seconds() const {
  const auto elapsed = clock_->now() - started_at_;
  if (elapsed.count() <= 0) return 0;
  return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count());
}

std::string AnimatedQr::content() const { return qr_content(qr_start_token_, qr_start_secret_, seconds()); }

}  // namespace samverkan::bankid
