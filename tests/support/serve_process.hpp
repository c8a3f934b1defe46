#pragma once
// A real `samverkan serve` process (the built binary) for tests: started on a free port of
// 127.0.0.1, its stdout and stderr in a log file, killed (SIGKILL) when still running at the end.
#include <Poco/Process.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace samverkan::test {

class ServeProcess {
 public:
  /// Runs `samverkan serve --listen 127.0.0.1:0 <arguments>` and waits (up to 60 s) until it
  /// logs "serving". Fails the test with the log when it exits or does not get there.
  ServeProcess(const std::vector<std::string>& arguments, std::filesystem::path log);
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  Poco::ProcessHandle::PID pid() const { return handle_->id(); }
  /// The port it serves on (from its "serving" log line).
  std::uint16_t port() const { return port_; }

  /// SIGKILL, then waits for it.
  void kill9();
  /// SIGTERM, then the exit status (a clean stop is 0).
  int terminate();

  /// Everything it printed so far.
  std::string log() const;

 private:
  std::filesystem::path log_;
  std::optional<Poco::ProcessHandle> handle_;
  std::uint16_t port_ = 0;
};

}  // namespace samverkan::test
