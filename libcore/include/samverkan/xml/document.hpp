#pragma once
/// Safe XML parsing (libxml2 underneath). Every document is parsed with network access off, no
/// DTD loading, no entity substitution and libxml2's default size limits; a document with a
/// DOCTYPE is refused outright, so external entities (XXE) and entity expansion ("billion
/// laughs") cannot happen. Errors are captured per parse (no global handler), so parsing is
/// safe from several threads at once.

#include <filesystem>
#include <string>
#include <string_view>

#include "samverkan/xml/diagnostic.hpp"
#include "samverkan/xml/element.hpp"

struct _xmlDoc;  // NOLINT(bugprone-reserved-identifier): libxml2's document, opaque here

namespace samverkan::xml {

/// An owned, parsed XML document. Move-only. Reading it from several threads at once is safe;
/// validating or changing it is not.
class Document {
 public:
  Document(Document&& other) noexcept;
  Document& operator=(Document&& other) noexcept;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;
  ~Document();

  /// The document (root) element. Throws samverkan::InternalError on a moved-from Document.
  Element root() const;
  /// The name used in messages: the file name, or the name given to parse_untrusted.
  const std::string& name() const noexcept { return name_; }

 private:
  friend struct DocumentAccess;
  Document(_xmlDoc* doc, std::string name) noexcept;

  _xmlDoc* doc_;
  std::string name_;
};

/// Parses bytes from an untrusted source (a request body, an uploaded file).
/// `name_for_messages` names the input in diagnostics ("request body", a file name) and is the
/// base URI of the document. Throws XmlError (a samverkan::InvalidInput) listing every problem
/// with its line: not well-formed, namespace errors, and "DOCTYPE is not allowed" for any
/// document type declaration. Throws samverkan::TooLarge for input over 2 GiB.
Document parse_untrusted(std::string_view bytes, std::string_view name_for_messages);

/// Reads and parses a local file with the same rules as parse_untrusted; the path (as given) is
/// the name in messages. The file is read as plain bytes: no decompression, no URL handling.
/// Throws XmlError when the file cannot be read or parsed.
Document parse_file(const std::filesystem::path& file);

}  // namespace samverkan::xml
