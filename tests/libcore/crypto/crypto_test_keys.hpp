#pragma once
// Fixed keys for crypto and audit tests (never used outside tests), and an environment guard.
#include <cstdlib>
#include <optional>
#include <string>

#include "samverkan/crypto/keyring.hpp"

namespace samverkan::test {

/// Key bytes 0x00..0x1f, and 0x20..0x3f.
inline const std::string kKeyLine1 = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
inline const std::string kKeyLine2 = "k2:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

inline crypto::Keyring ring_k1() { return crypto::Keyring::from_lines(kKeyLine1, "test"); }
inline crypto::Keyring ring_k1_k2() { return crypto::Keyring::from_lines(kKeyLine1 + "\n" + kKeyLine2, "test"); }

/// Sets (or unsets, with nullopt) an environment variable for one scope.
class EnvironmentGuard {
 public:
  EnvironmentGuard(std::string name, const std::optional<std::string>& value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) previous_ = old;
    if (value) {
      ::setenv(name_.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  ~EnvironmentGuard() {
    if (previous_) {
      ::setenv(name_.c_str(), previous_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  EnvironmentGuard(const EnvironmentGuard&) = delete;
  EnvironmentGuard& operator=(const EnvironmentGuard&) = delete;

 private:
  std::string name_;
  std::optional<std::string> previous_;
};

}  // namespace samverkan::test
