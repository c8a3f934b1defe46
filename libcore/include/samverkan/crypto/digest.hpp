#pragma once
/// Message digests as lower-case hex, through OpenSSL's EVP interface; and random identifiers.

#include <cstddef>
#include <string>
#include <string_view>

namespace samverkan::crypto {

/// SHA-256 of `data`: 64 hex digits.
std::string sha256_hex(std::string_view data);

/// MD5 of `data`: 32 hex digits. Only where a format demands it (Mina meddelanden's attachment
/// checksum); never for anything that must resist forgery.
std::string md5_hex(std::string_view data);

/// `bytes` random bytes (OpenSSL's RAND_bytes) as 2 × `bytes` lower-case hex digits: ids that
/// are public but must not be guessed (16 bytes: 128 bits). Throws samverkan::InternalError
/// when there is no randomness, or for more than 1024 bytes.
std::string random_hex(std::size_t bytes);

}  // namespace samverkan::crypto
