#pragma once
/// Random identifiers from the OpenSSL CSPRNG.

#include <cstddef>
#include <string>

namespace samverkan::crypto {

/// `byte_count` random bytes (RAND_bytes) as lower-case hex: 2 × byte_count digits. Throws
/// samverkan::InternalError when OpenSSL has no randomness to give.
std::string random_hex(std::size_t byte_count);

}  // namespace samverkan::crypto
