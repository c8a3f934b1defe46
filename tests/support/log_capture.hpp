#pragma once
// A log sink for tests that read what a server thread logs: the server writes its request line
// after the response has gone out, so a test that reads the log right after the response must
// wait for the line, and must not read the text while another thread appends to it.
#include <chrono>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <thread>

namespace samverkan::test {

/// An std::ostream (give it to log::Logger) whose text can be read, and waited for, from
/// another thread.
class LogCapture : public std::ostream {
 public:
  LogCapture() : std::ostream(&buffer_) {}

  /// Everything written so far.
  std::string text() const {
    std::lock_guard lock(buffer_.mutex);
    return buffer_.text;
  }

  /// Waits until `needle` has been written (true) or `timeout` has passed (false).
  bool wait_for(std::string_view needle, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (text().find(needle) == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

 private:
  struct Buffer : std::streambuf {
    mutable std::mutex mutex;
    std::string text;

    int_type overflow(int_type c) override {
      if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
      std::lock_guard lock(mutex);
      text.push_back(traits_type::to_char_type(c));
      return c;
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
      std::lock_guard lock(mutex);
      text.append(s, static_cast<std::size_t>(n));
      return n;
    }
  };
  Buffer buffer_;
};

}  // namespace samverkan::test
