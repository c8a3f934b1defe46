#include "samverkan/crypto/random.hpp"

#include "crypto/openssl_util.hpp"

namespace samverkan::crypto {

std::string random_hex(std::size_t byte_count) { return detail::to_hex(detail::random_bytes(byte_count)); }

}  // namespace samverkan::crypto
