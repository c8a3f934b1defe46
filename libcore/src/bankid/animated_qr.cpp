#include "samverkan/bankid/animated_qr.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <chrono>
#include <memory>

#include "samverkan/core/error.hpp"

namespace samverkan::bankid {
namespace {

struct MacDeleter {
  void operator()(EVP_MAC* p) const noexcept { EVP_MAC_free(p); }
};
struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* p) const noexcept { EVP_MAC_CTX_free(p); }
};

[[noreturn]] void openssl_failure(const char* what) {
  char buffer[256];
  ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
  ERR_clear_error();
  throw InternalError(std::string("OpenSSL failed to ") + what + ": " + buffer);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  // Fetched per call: a few microseconds, and no static object to outlive OpenSSL's cleanup at exit.
  const std::unique_ptr<EVP_MAC, MacDeleter> hmac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
  if (!hmac) openssl_failure("fetch HMAC");
  std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx(EVP_MAC_CTX_new(hmac.get()));
  if (!ctx) openssl_failure("allocate an HMAC context");

  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end(),
  };
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t mac_length = 0;
  if (EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      EVP_MAC_final(ctx.get(), mac, &mac_length, sizeof mac) != 1) {
    openssl_failure("compute HMAC-SHA256");
  }

  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(mac_length * 2);
  for (std::size_t i = 0; i < mac_length; ++i) {
    hex += kHex[mac[i] >> 4];
    hex += kHex[mac[i] & 0x0f];
  }
  return hex;
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
