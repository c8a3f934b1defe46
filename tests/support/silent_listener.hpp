#pragma once
// A TCP listener on 127.0.0.1 that never answers: if anything connected to it, the kernel
// completes the handshake and the socket turns readable, so contacted() tells. The XML tests
// point external DTDs, entities and schema imports at it to prove nothing was fetched.
#include <string>

namespace samverkan::test {

class SilentListener {
 public:
  SilentListener();  ///< throws std::runtime_error when it cannot listen
  ~SilentListener();
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;

  /// "http://127.0.0.1:<port><path>"
  std::string url(const std::string& path) const;
  /// Whether anything has connected so far.
  bool contacted() const;

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace samverkan::test
