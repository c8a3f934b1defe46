#include "support/local_time.hpp"

#include <cstdlib>
#include <ctime>
#include <mutex>
#include <optional>
#include <string>

namespace samverkan::test {

std::string stockholm_minute(std::chrono::system_clock::time_point at) {
  // TZ is process-wide: set and restored under a lock, for the one conversion.
  static std::mutex mutex;
  const std::lock_guard lock(mutex);
  const char* previous = std::getenv("TZ");
  const std::optional<std::string> saved = previous ? std::optional<std::string>(previous) : std::nullopt;
  setenv("TZ", "Europe/Stockholm", 1);
  tzset();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
  if (saved) {
    setenv("TZ", saved->c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  return std::string(text, length);
}

}  // namespace samverkan::test
