#include "samverkan/crypto/digest.hpp"

#include <openssl/evp.h>

#include "samverkan/core/error.hpp"

namespace samverkan::crypto {
namespace {

std::string digest_hex(const EVP_MD* algorithm, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, algorithm, nullptr) != 1) {
    throw InternalError("the message digest failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace

std::string sha256_hex(std::string_view data) { return digest_hex(EVP_sha256(), data); }

std::string md5_hex(std::string_view data) { return digest_hex(EVP_md5(), data); }

}  // namespace samverkan::crypto
