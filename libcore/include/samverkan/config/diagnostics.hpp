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

/// A file or folder that a configuration file names (a key, a certificate, a token, a CSV
/// export folder), with where it is named. The loader records them without reading them;
/// check_referenced_files() checks that they exist, for `samverkan check-config` and `serve`
/// alike.
struct FileReference {
  std::filesystem::path path;  ///< resolved against the configuration file's folder
  std::string what;            ///< how messages name it: "restApi tokenFile", "<signing> keyFile"
  std::string file;            ///< the configuration file
  int line = 0;                ///< the naming element's line
  bool directory = false;      ///< a folder is expected, not a file
};

/// One diagnostic per reference whose path does not exist or is of the wrong type (a folder
/// where a file is expected, or the other way round), in the order given:
/// "restApi tokenFile /srv/secrets/desk.token does not exist".
std::vector<Diagnostic> check_referenced_files(const std::vector<FileReference>& references);

/// The folder holding our schemas: $SAMVERKAN_XSD_DIR if set, else the source tree's xsd/
/// when it exists (development builds), else the installed share/samverkan/xsd.
std::filesystem::path default_xsd_dir();

}  // namespace samverkan::config
