#pragma once
// Private helpers over OpenSSL 3 shared by crypto, auth, audit, bankid and tls: digests, MACs,
// random bytes, hex, and base64 over byte vectors (core/base64.hpp underneath). Nothing here is
// public API; OpenSSL errors leave as samverkan::InternalError.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace samverkan::crypto::detail {

using Bytes = std::vector<std::uint8_t>;
using Sha256 = std::array<std::uint8_t, 32>;

/// Throws samverkan::InternalError("OpenSSL failed to <what>: <first queued error>") and clears
/// the OpenSSL error queue so nothing leaks into the next call.
[[noreturn]] void openssl_failure(const char* what);

/// Frees an OpenSSL object (or a FILE) in a std::unique_ptr:
/// std::unique_ptr<X509, Deleter<X509_free>>.
template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};

/// `count` bytes from the OpenSSL CSPRNG (RAND_bytes).
Bytes random_bytes(std::size_t count);

/// SHA-256 over the concatenation of `parts` (EVP_Digest*).
Sha256 sha256(std::initializer_list<std::span<const std::uint8_t>> parts);

/// HMAC-SHA-256 (EVP_MAC "HMAC").
Sha256 hmac_sha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message);

/// HKDF-SHA-256 extract-and-expand (EVP_KDF "HKDF") without salt.
Bytes hkdf_sha256(std::span<const std::uint8_t> key, std::string_view info, std::size_t length);

/// Lower-case hex.
std::string to_hex(std::span<const std::uint8_t> bytes);
/// Parses hex of either case; nullopt when not hex or of odd length.
std::optional<Bytes> from_hex(std::string_view hex);

/// A key id of the keyring and of sealed values: 1 to 32 characters of A-Z a-z 0-9 _ -.
constexpr bool valid_key_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 32) return false;
  for (const char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

inline std::span<const std::uint8_t> as_bytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}
inline std::string as_string(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

/// core/base64.hpp over byte vectors: standard base64 with padding, and base64url without;
/// decoding is strict and canonical (nullopt otherwise).
std::string base64_encode(std::span<const std::uint8_t> bytes);
std::optional<Bytes> base64_decode(std::string_view text);
std::string base64url_encode(std::span<const std::uint8_t> bytes);
std::optional<Bytes> base64url_decode(std::string_view text);

}  // namespace samverkan::crypto::detail
