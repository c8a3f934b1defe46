#pragma once
/// Argon2id hashes of passwords and client secrets (RFC 9106), through libargon2's encoded
/// form "$argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>": the parameters travel with each hash,
/// so raising them later leaves old hashes verifiable (needs_rehash() tells when to renew).
///
/// Each hash or verify holds `memory_kib` of memory for its duration, so the number running at
/// once is capped process-wide (kMaxConcurrentArgon2); further callers wait their turn. That
/// keeps a burst of logins or token requests from exhausting memory: 4 x 64 MiB at most.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace samverkan::auth {

/// Defaults follow RFC 9106 section 4's second recommended option (Argon2id, t=3, m=64 MiB)
/// with one lane instead of four, so one verification keeps one core busy; they are well above
/// OWASP's minimum (m=46 MiB, t=1, p=1). Measured: about 0.1-0.2 s per verify on one core.
struct Argon2Parameters {
  std::uint32_t iterations = 3;          ///< t_cost
  std::uint32_t memory_kib = 64 * 1024;  ///< m_cost in KiB (64 MiB)
  std::uint32_t parallelism = 1;         ///< p (lanes and threads)
  std::size_t salt_bytes = 16;           ///< random salt per hash
  std::size_t hash_bytes = 32;           ///< tag length
};

/// How many Argon2 computations may run at once in this process.
inline constexpr int kMaxConcurrentArgon2 = 4;

/// The longest secret accepted, in bytes; longer ones never verify (and are refused by
/// hash_password) so a request cannot make us hash megabytes.
inline constexpr std::size_t kMaxSecretBytes = 1024;

/// Hashes `secret` with a fresh random salt. Throws samverkan::InvalidInput for a secret
/// longer than kMaxSecretBytes, samverkan::InternalError when libargon2 fails.
std::string hash_password(std::string_view secret, const Argon2Parameters& parameters = {});

/// True when `secret` matches the encoded Argon2id hash. A malformed hash, another Argon2
/// variant or an over-long secret gives false. Never throws for bad input.
bool verify_password(std::string_view encoded_hash, std::string_view secret) noexcept;

/// True when `encoded_hash` was made with parameters other than `parameters` (or is not an
/// Argon2id hash at all): the caller should store a fresh hash after the next good verify.
bool needs_rehash(std::string_view encoded_hash, const Argon2Parameters& parameters = {});

/// A valid hash of a random secret, made once per process for each set of parameters. Verify
/// against it when the user is unknown, so an unknown name costs the same time as a known one
/// (pass the parameters real hashes are made with).
const std::string& decoy_password_hash(const Argon2Parameters& parameters = {});

}  // namespace samverkan::auth
