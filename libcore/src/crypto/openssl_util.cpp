#include "crypto/detail/openssl_util.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <climits>
#include <memory>

#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::crypto::detail {
namespace {

using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using MacPtr = std::unique_ptr<EVP_MAC, Deleter<EVP_MAC_free>>;
using MacCtxPtr = std::unique_ptr<EVP_MAC_CTX, Deleter<EVP_MAC_CTX_free>>;
using KdfPtr = std::unique_ptr<EVP_KDF, Deleter<EVP_KDF_free>>;
using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, Deleter<EVP_KDF_CTX_free>>;

std::optional<Bytes> as_bytes_copy(const std::optional<std::string>& bytes) {
  if (!bytes) return std::nullopt;
  return Bytes(bytes->begin(), bytes->end());
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void openssl_failure(const char* what) {
  char buffer[256] = "unknown error";
  const unsigned long code = ERR_get_error();
  if (code != 0) ERR_error_string_n(code, buffer, sizeof buffer);
  ERR_clear_error();
  throw InternalError(std::string("OpenSSL failed to ") + what + ": " + buffer);
}

Bytes random_bytes(std::size_t count) {
  Bytes bytes(count);
  if (count > static_cast<std::size_t>(INT_MAX)) throw InternalError("too many random bytes requested");
  if (count > 0 && RAND_bytes(bytes.data(), static_cast<int>(count)) != 1) openssl_failure("generate random bytes");
  return bytes;
}

Sha256 sha256(std::initializer_list<std::span<const std::uint8_t>> parts) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), EVP_sha256(), nullptr) != 1) openssl_failure("start SHA-256");
  for (const auto& part : parts) {
    if (EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1) openssl_failure("compute SHA-256");
  }
  Sha256 digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1 || length != digest.size()) {
    openssl_failure("finish SHA-256");
  }
  return digest;
}

Sha256 hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message) {
  MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) openssl_failure("fetch HMAC");
  MacCtxPtr ctx(EVP_MAC_CTX_new(mac.get()));
  if (!ctx) openssl_failure("create an HMAC context");
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1) openssl_failure("start HMAC-SHA-256");
  if (EVP_MAC_update(ctx.get(), message.data(), message.size()) != 1) openssl_failure("compute HMAC-SHA-256");
  Sha256 out{};
  std::size_t length = 0;
  if (EVP_MAC_final(ctx.get(), out.data(), &length, out.size()) != 1 || length != out.size()) {
    openssl_failure("finish HMAC-SHA-256");
  }
  return out;
}

Bytes hkdf_sha256(std::span<const std::uint8_t> key, std::string_view info, std::size_t length) {
  KdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) openssl_failure("fetch HKDF");
  KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) openssl_failure("create an HKDF context");
  char digest_name[] = "SHA256";
  // OSSL_PARAM takes non-const pointers but only reads the key and info here.
  std::string info_copy(info);
  Bytes key_copy(key.begin(), key.end());
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, key_copy.data(), key_copy.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info_copy.data(), info_copy.size()),
      OSSL_PARAM_construct_end(),
  };
  Bytes out(length);
  const int ok = EVP_KDF_derive(ctx.get(), out.data(), out.size(), params);
  OPENSSL_cleanse(key_copy.data(), key_copy.size());
  if (ok != 1) openssl_failure("derive a key with HKDF-SHA-256");
  return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const std::uint8_t b : bytes) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0x0f];
  }
  return hex;
}

std::optional<Bytes> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  Bytes bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  return bytes;
}

std::string base64_encode(std::span<const std::uint8_t> bytes) { return base64::encode(as_string(bytes)); }

std::optional<Bytes> base64_decode(std::string_view text) { return as_bytes_copy(base64::decode(text)); }

std::string base64url_encode(std::span<const std::uint8_t> bytes) { return base64::encode_url(as_string(bytes)); }

std::optional<Bytes> base64url_decode(std::string_view text) { return as_bytes_copy(base64::decode_url(text)); }

}  // namespace samverkan::crypto::detail
