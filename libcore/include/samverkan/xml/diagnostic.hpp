#pragma once
/// Problems found while reading, parsing or validating XML, and the exception that carries them.

#include <string>
#include <vector>

#include "samverkan/core/error.hpp"

namespace samverkan::xml {

/// What a diagnostic is about. Callers that check some rules themselves with better messages
/// (e.g. duplicates in a configuration file) can leave out the kinds they re-check.
enum class DiagnosticKind {
  kIo,                  ///< the file could not be read
  kMalformed,           ///< not well-formed XML (or not namespace-well-formed)
  kNotAllowed,          ///< well-formed but refused by policy, e.g. a DOCTYPE
  kSchema,              ///< invalid against the schema (structure, types, facets)
  kIdentityConstraint,  ///< an xs:unique, xs:key or xs:keyref violation
};

/// One problem, located in a file (or the name given for an in-memory document).
struct Diagnostic {
  std::string file;     ///< file name or the name given to parse_untrusted; may be empty
  int line = 0;         ///< 1-based; 0 when unknown
  std::string message;  ///< one line, without trailing newline
  DiagnosticKind kind = DiagnosticKind::kMalformed;
};

/// "file:line: message" (or "file: message" when the line is unknown).
std::string format(const Diagnostic& diagnostic);

/// Thrown when a document cannot be read or parsed, or a schema cannot be loaded. what() lists
/// every diagnostic as "file:line: message", one per line.
class XmlError : public InvalidInput {
 public:
  /// `diagnostics` should not be empty; what() is empty when it is.
  explicit XmlError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace samverkan::xml
