#include "samverkan/auth/password_hash.hpp"

#include <argon2.h>

#include <map>
#include <mutex>
#include <semaphore>

#include "auth/detail/common.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::auth {
namespace {

std::counting_semaphore<kMaxConcurrentArgon2>& argon2_slots() {
  static std::counting_semaphore<kMaxConcurrentArgon2> slots(kMaxConcurrentArgon2);
  return slots;
}

// Holds one of the process's Argon2 slots for its lifetime.
class Slot {
 public:
  Slot() { argon2_slots().acquire(); }
  ~Slot() { argon2_slots().release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
};

}  // namespace

std::string hash_password(std::string_view secret, const Argon2Parameters& p) {
  if (secret.size() > kMaxSecretBytes) {
    throw InvalidInput("a password may be at most " + std::to_string(kMaxSecretBytes) + " bytes long");
  }
  const auto salt = detail::random_bytes(p.salt_bytes);
  std::string encoded(
      argon2_encodedlen(p.iterations, p.memory_kib, p.parallelism, static_cast<std::uint32_t>(p.salt_bytes),
                        static_cast<std::uint32_t>(p.hash_bytes), Argon2_id),
      '\0');
  int rc = ARGON2_OK;
  {
    Slot slot;
    rc = argon2id_hash_encoded(p.iterations, p.memory_kib, p.parallelism, secret.data(), secret.size(), salt.data(),
                               salt.size(), p.hash_bytes, encoded.data(), encoded.size());
  }
  if (rc != ARGON2_OK) throw InternalError(std::string("Argon2id hashing failed: ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0'));  // argon2_encodedlen counts the terminator
  return encoded;
}

bool verify_password(std::string_view encoded_hash, std::string_view secret) noexcept {
  if (secret.size() > kMaxSecretBytes || !encoded_hash.starts_with("$argon2id$")) return false;
  try {
    const std::string encoded(encoded_hash);  // libargon2 wants a terminated string
    Slot slot;
    return argon2id_verify(encoded.c_str(), secret.data(), secret.size()) == ARGON2_OK;
  } catch (...) {
    return false;  // allocation failure: refuse rather than throw from a noexcept check
  }
}

bool needs_rehash(std::string_view encoded_hash, const Argon2Parameters& p) {
  const std::string expected = "$argon2id$v=19$m=" + std::to_string(p.memory_kib) +
                               ",t=" + std::to_string(p.iterations) + ",p=" + std::to_string(p.parallelism) + "$";
  return !encoded_hash.starts_with(expected);
}

const std::string& decoy_password_hash(const Argon2Parameters& p) {
  static std::mutex mutex;
  static std::map<std::string, std::string> decoys;  // few entries: one per parameter set in use
  const std::string key = std::to_string(p.iterations) + "/" + std::to_string(p.memory_kib) + "/" +
                          std::to_string(p.parallelism) + "/" + std::to_string(p.salt_bytes) + "/" +
                          std::to_string(p.hash_bytes);
  std::lock_guard lock(mutex);
  auto found = decoys.find(key);
  if (found == decoys.end()) {
    found = decoys.emplace(key, hash_password(detail::base64url_encode(detail::random_bytes(32)), p)).first;
  }
  return found->second;  // std::map nodes are stable
}

}  // namespace samverkan::auth
