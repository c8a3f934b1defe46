#include "samverkan/auth/totp.hpp"

#include <Poco/URI.h>

#include <array>

#include "auth/detail/common.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::auth {
namespace {

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

const char* digest_name(TotpAlgorithm algorithm) noexcept {
  switch (algorithm) {
    case TotpAlgorithm::kSha1:
      return "SHA1";
    case TotpAlgorithm::kSha256:
      return "SHA256";
    case TotpAlgorithm::kSha512:
      return "SHA512";
  }
  return "SHA1";
}

std::string uri_component(std::string_view text) {
  std::string out;
  Poco::URI::encode(std::string(text), "!#$&'()*+,/:;=?@[]% ", out);
  return out;
}

}  // namespace

std::string_view to_string(TotpAlgorithm algorithm) noexcept { return digest_name(algorithm); }

std::string hotp(std::span<const std::uint8_t> secret, std::uint64_t counter, TotpAlgorithm algorithm, int digits) {
  if (digits < 6 || digits > 8) throw InvalidInput("a one-time code has 6 to 8 digits");
  if (secret.empty()) throw InvalidInput("a one-time code needs a secret");
  std::array<std::uint8_t, 8> message{};
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(counter & 0xff);
    counter >>= 8;
  }
  const auto mac = detail::hmac(digest_name(algorithm), secret, message);
  // RFC 4226 section 5.3: dynamic truncation.
  const std::size_t offset = mac.back() & 0x0f;
  const std::uint32_t binary = ((std::uint32_t{mac[offset]} & 0x7f) << 24) | (std::uint32_t{mac[offset + 1]} << 16) |
                               (std::uint32_t{mac[offset + 2]} << 8) | std::uint32_t{mac[offset + 3]};
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
  return code;
}

std::int64_t totp_step(Clock::TimePoint at, std::chrono::seconds step) {
  const auto seconds = detail::unix_seconds(at);
  const auto length = step.count();
  // Floor division, also for times before 1970.
  return seconds >= 0 ? seconds / length : -((-seconds + length - 1) / length);
}

std::string totp(std::span<const std::uint8_t> secret, Clock::TimePoint at, const TotpParameters& p) {
  return hotp(secret, static_cast<std::uint64_t>(totp_step(at, p.step)), p.algorithm, p.digits);
}

std::optional<std::int64_t> verify_totp(std::span<const std::uint8_t> secret, std::string_view code,
                                        Clock::TimePoint at, std::int64_t last_used_step, const TotpParameters& p) {
  if (code.size() != static_cast<std::size_t>(p.digits)) return std::nullopt;
  const std::int64_t now = totp_step(at, p.step);
  std::optional<std::int64_t> matched;
  // Every step in the window is computed and compared, matched or not, so the time taken does
  // not tell which step matched.
  for (std::int64_t step = now - p.window; step <= now + p.window; ++step) {
    if (step < 0) continue;
    const bool equal =
        detail::equal_constant_time(hotp(secret, static_cast<std::uint64_t>(step), p.algorithm, p.digits), code);
    if (equal && step > last_used_step && !matched) matched = step;
  }
  return matched;
}

std::vector<std::uint8_t> new_totp_secret() { return detail::random_bytes(20); }

std::string base32_encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += kBase32[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::vector<std::uint8_t>> base32_decode(std::string_view text) {
  std::vector<std::uint8_t> out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=' || c == ' ') continue;
    int value = -1;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    if (c >= 'a' && c <= 'z') value = c - 'a';
    if (c >= '2' && c <= '7') value = c - '2' + 26;
    if (value < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account, std::span<const std::uint8_t> secret,
                        const TotpParameters& p) {
  return "otpauth://totp/" + uri_component(issuer) + ":" + uri_component(account) + "?secret=" + base32_encode(secret) +
         "&issuer=" + uri_component(issuer) + "&algorithm=" + std::string(to_string(p.algorithm)) +
         "&digits=" + std::to_string(p.digits) + "&period=" + std::to_string(p.step.count());
}

}  // namespace samverkan::auth
