#pragma once
// What every `samverkan` subcommand shares: exit codes and turning errors into messages.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include "samverkan/core/error.hpp"
#include "samverkan/ids/kommunkod.hpp"

namespace samverkan::server::cli {

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

/// Runs `body`, turning exceptions into a message on `err` and exit code 1.
template <typename Body>
int guarded(const char* command, std::ostream& err, Body&& body) {
  try {
    return body();
  } catch (const Error& e) {
    err << "samverkan " << command << ": " << e.what() << '\n';
  } catch (const std::exception& e) {
    err << "samverkan " << command << ": unexpected error: " << e.what() << '\n';
  }
  return kFailed;
}

/// Reads a whole file named on the command line, at most `limit` bytes. `what` names it in the
/// reasons ("cannot read the attachment PATH", TooLarge past the limit).
std::string read_file(const std::filesystem::path& file, const char* what, std::size_t limit);

/// Parses --municipality, printing the reason on `err` when it is not a kommunkod.
inline std::optional<ids::Kommunkod> parse_code(const char* command, const std::string& text, std::ostream& err) {
  try {
    return ids::Kommunkod::parse(text);
  } catch (const InvalidInput& e) {
    err << "samverkan " << command << ": --municipality: " << e.what() << '\n';
    return std::nullopt;
  }
}

}  // namespace samverkan::server::cli
