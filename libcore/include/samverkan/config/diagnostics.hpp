#pragma once
/// Problems found in a configuration file, reported all at once as "file:line: message", and
/// where our schemas live.

#include <filesystem>
#include <string>
#include <vector>

#include "samverkan/core/error.hpp"

namespace samverkan::config {

/// One problem found in a configuration file.
struct Diagnostic {
  std::string file;
  int line = 0;  ///< 1-based; 0 when unknown
  std::string message;
};

/// Thrown when a configuration file is unreadable, malformed, invalid against the schema or
/// breaks a rule. what() lists every diagnostic as "file:line: message", one per line.
class ConfigError : public InvalidInput {
 public:
  explicit ConfigError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// The folder holding our schemas: $SAMVERKAN_XSD_DIR if set, else the source tree's xsd/
/// when it exists (development builds), else the installed share/samverkan/xsd.
std::filesystem::path default_xsd_dir();

}  // namespace samverkan::config
