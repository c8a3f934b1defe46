#pragma once
// Internal to libcore: what every configuration loader shares (the cooperation file and the
// adapter settings inside it). Gathers every problem of one file, schema and semantic, in one
// list, so that one run reports everything.

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/config/diagnostics.hpp"
#include "samverkan/xml/document.hpp"
#include "samverkan/xml/schema.hpp"

namespace samverkan::config::detail {

/// Values are xs:token in our schemas: surrounding whitespace and inner runs do not count.
std::string collapse(std::string_view text);

class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}

  void add(int line, std::string message);

  /// libxml2's validation messages made readable: no "{urn:samverkan:…}" on every name, and no
  /// follow-up message on the same line after a facet message has said why a value failed
  /// ("... is not a valid value of the atomic type ...", "No precomputed value available ..."):
  /// they only restate it. Identity-constraint violations (duplicates) are left out: the
  /// semantic checks report them with both lines.
  void add_schema(const std::vector<xml::Diagnostic>& diagnostics);

  /// A value the schema already refused on this line is not reported a second time by the
  /// semantic checks (e.g. a kommunkod "06O4": the pattern message is enough).
  void add_value_problem(int line, std::string message);

  bool empty() const noexcept { return diagnostics_.empty(); }
  const std::string& file() const noexcept { return file_; }

  /// Throws ConfigError with every problem, in line order.
  [[noreturn]] void raise();

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  std::set<int> schema_lines_;
  int last_facet_line_ = -1;
};

/// Parses `file` safely (no network, no DTD, no entities, DOCTYPE refused) and validates it
/// against `schema_file`; schema problems go to `problems`. An unreadable or malformed file
/// or schema throws ConfigError at once.
xml::Document load_validated(const std::filesystem::path& file, const std::filesystem::path& schema_file,
                             Problems& problems);

}  // namespace samverkan::config::detail
