#include "samverkan/crypto/digest.hpp"

#include <openssl/evp.h>

#include "crypto/detail/openssl_util.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::crypto {
namespace {

std::string digest_hex(const EVP_MD* algorithm, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, algorithm, nullptr) != 1) {
    throw InternalError("the message digest failed");
  }
  return detail::to_hex({digest, length});
}

}  // namespace

std::string sha256_hex(std::string_view data) { return digest_hex(EVP_sha256(), data); }

std::string md5_hex(std::string_view data) { return digest_hex(EVP_md5(), data); }

std::string random_hex(std::size_t bytes) {
  if (bytes > 1024) throw InternalError("too many random bytes asked for");
  return detail::to_hex(detail::random_bytes(bytes));
}

}  // namespace samverkan::crypto
