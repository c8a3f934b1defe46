#include "auth/detail/common.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <memory>

#include "samverkan/core/error.hpp"

namespace samverkan::auth::detail {
namespace {

// The process-wide HMAC implementation; EVP_MAC objects are immutable and shareable.
EVP_MAC* hmac_algorithm() {
  static EVP_MAC* const kMac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (kMac == nullptr) openssl_failure("fetch HMAC");
  return kMac;
}

}  // namespace

Bytes hmac(const char* digest, std::span<const std::uint8_t> key, std::span<const std::uint8_t> message) {
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(hmac_algorithm()), &EVP_MAC_CTX_free);
  if (!ctx) openssl_failure("allocate an HMAC context");
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1) openssl_failure("start an HMAC");
  if (EVP_MAC_update(ctx.get(), message.data(), message.size()) != 1) openssl_failure("compute an HMAC");
  Bytes out(EVP_MAX_MD_SIZE);
  std::size_t length = 0;
  if (EVP_MAC_final(ctx.get(), out.data(), &length, out.size()) != 1) openssl_failure("finish an HMAC");
  out.resize(length);
  return out;
}

bool equal_constant_time(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::int64_t unix_seconds(Clock::TimePoint at) {
  return std::chrono::floor<std::chrono::seconds>(at).time_since_epoch().count();
}

std::vector<std::string> split(std::string_view text, std::string_view separators) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto end = text.find_first_of(separators, pos);
    const auto piece = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (!piece.empty()) out.emplace_back(piece);
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

}  // namespace samverkan::auth::detail
