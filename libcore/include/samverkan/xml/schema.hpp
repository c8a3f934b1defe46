#pragma once
/// A compiled W3C XML Schema (XSD 1.0, libxml2 underneath).

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "samverkan/xml/diagnostic.hpp"
#include "samverkan/xml/document.hpp"

namespace samverkan::xml {

/// A compiled schema. Immutable once loaded: validate() may be called from several threads at
/// once (each call uses its own validation context). Move-only; a moved-from Schema may only be
/// assigned to or destroyed.
class Schema {
 public:
  /// Remote schema locations mapped to local files: key is the schemaLocation exactly as
  /// written (e.g. "http://xml.ra.se/e-arkiv/xlink/xlink.xsd"), value the bundled copy.
  using LocalCopies = std::map<std::string, std::filesystem::path>;

  /// Loads and compiles a schema file and every file it reaches through xs:include,
  /// xs:import and xs:redefine. Nothing is ever fetched over the network: a schemaLocation with
  /// a URI scheme (http:, https:, file:, ...) must be a key of `local_copies` and is read from
  /// the mapped file instead; any other such location is refused. Relative locations resolve
  /// against the including file's folder. Every file is parsed by the same rules as
  /// parse_untrusted (so no DOCTYPE). Throws XmlError listing every problem (unreadable file,
  /// malformed XML, remote location, schema compilation errors).
  static Schema load(const std::filesystem::path& file, const LocalCopies& local_copies = {});

  Schema(Schema&& other) noexcept;
  Schema& operator=(Schema&& other) noexcept;
  ~Schema();

  /// Validates a document. Returns every problem found (empty when valid), located in the
  /// document, with kind kSchema or kIdentityConstraint; at most 200, the last then says that
  /// more were left out. Never throws for an invalid document.
  std::vector<Diagnostic> validate(const Document& document) const;

  /// The file the schema was loaded from.
  const std::filesystem::path& file() const noexcept;

 private:
  struct Impl;
  explicit Schema(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samverkan::xml
