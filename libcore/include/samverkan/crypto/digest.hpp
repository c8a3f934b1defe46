#pragma once
/// Message digests as lower-case hex, through OpenSSL's EVP interface.

#include <string>
#include <string_view>

namespace samverkan::crypto {

/// SHA-256 of `data`: 64 hex digits.
std::string sha256_hex(std::string_view data);

/// MD5 of `data`: 32 hex digits. Only where a format demands it (Mina meddelanden's attachment
/// checksum); never for anything that must resist forgery.
std::string md5_hex(std::string_view data);

}  // namespace samverkan::crypto
