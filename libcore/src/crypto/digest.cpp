#include "samverkan/crypto/digest.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <vector>

#include "samverkan/core/error.hpp"

namespace samverkan::crypto {
namespace {

std::string hex_of(const unsigned char* data, std::size_t length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (std::size_t i = 0; i < length; ++i) {
    hex += kHex[data[i] >> 4];
    hex += kHex[data[i] & 0x0f];
  }
  return hex;
}

std::string digest_hex(const EVP_MD* algorithm, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, algorithm, nullptr) != 1) {
    throw InternalError("the message digest failed");
  }
  return hex_of(digest, length);
}

}  // namespace

std::string sha256_hex(std::string_view data) { return digest_hex(EVP_sha256(), data); }

std::string md5_hex(std::string_view data) { return digest_hex(EVP_md5(), data); }

std::string random_hex(std::size_t bytes) {
  if (bytes > 1024) throw InternalError("too many random bytes asked for");
  std::vector<unsigned char> buffer(bytes);
  if (bytes > 0 && RAND_bytes(buffer.data(), static_cast<int>(bytes)) != 1) {
    throw InternalError("no random bytes for an identifier");
  }
  return hex_of(buffer.data(), buffer.size());
}

}  // namespace samverkan::crypto
