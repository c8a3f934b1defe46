#include "support/serve_process.hpp"

#include <signal.h>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <regex>
#include <thread>

#include "support/temp_dir.hpp"

namespace samverkan::test {

using namespace std::chrono_literals;

ServeProcess::ServeProcess(const std::vector<std::string>& arguments, std::filesystem::path log)
    : log_(std::move(log)) {
  // exec: the shell becomes the server, so the pid we hold is the server's.
  std::vector<std::string> args = {"-c",
                                   "log=\"$1\"; shift; exec \"$0\" \"$@\" >\"$log\" 2>&1",
                                   SAMVERKAN_BINARY,
                                   log_.string(),
                                   "serve",
                                   "--listen",
                                   "127.0.0.1:0"};
  args.insert(args.end(), arguments.begin(), arguments.end());
  handle_.emplace(Poco::Process::launch("/bin/sh", args));
  const std::regex serving(R"("msg":"serving".*"url":"https://[^:"]+:([0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  std::smatch match;
  for (std::string text = this->log(); !std::regex_search(text, match, serving); text = this->log()) {
    if (!Poco::Process::isRunning(*handle_) || std::chrono::steady_clock::now() > deadline) {
      BOOST_FAIL("samverkan serve did not start:\n" + text);
    }
    std::this_thread::sleep_for(50ms);
  }
  port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
}

ServeProcess::~ServeProcess() {
  if (handle_ && Poco::Process::isRunning(*handle_)) kill9();
}

void ServeProcess::kill9() {
  ::kill(handle_->id(), SIGKILL);
  handle_->wait();
}

int ServeProcess::terminate() {
  ::kill(handle_->id(), SIGTERM);
  return handle_->wait();
}

std::string ServeProcess::log() const {
  try {
    return read_file(log_);
  } catch (const std::runtime_error&) {
    return {};  // not created yet
  }
}

}  // namespace samverkan::test
