#pragma once
/// A read-only view of one element of a parsed Document, with helpers for walking a tree by
/// local name and namespace.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct _xmlNode;  // NOLINT(bugprone-reserved-identifier): libxml2's node, opaque here

namespace samverkan::xml {

/// A non-owning handle to an element. Valid only while the Document it came from lives; cheap to
/// copy. Reading the same Document from several threads at once is safe.
class Element {
 public:
  /// The local name, e.g. "municipality" for <c:municipality>.
  std::string_view local_name() const noexcept;
  /// The namespace URI, or "" for an element in no namespace.
  std::string_view namespace_uri() const noexcept;
  /// True when the element has this local name and namespace URI ("" for no namespace).
  bool is(std::string_view local_name, std::string_view namespace_uri) const noexcept;

  /// The 1-based line of the start tag in the parsed input (for a start tag spread over
  /// several lines, the line where it ends: libxml2 records it after the attributes); 0 when
  /// unknown.
  int line() const noexcept;
  /// The name of the document (file name or the name given to parse_untrusted).
  std::string_view document_name() const noexcept;
  /// "file:line", for messages.
  std::string location() const;

  /// The concatenated text of all descendant text and CDATA nodes, exactly as in the document
  /// (character and predefined entity references resolved, whitespace kept).
  std::string text() const;

  /// The value of an attribute in no namespace (the usual case: code="0199"), if present.
  std::optional<std::string> attribute(std::string_view name) const;
  /// The value of an attribute in the given namespace ("" means no namespace), if present.
  std::optional<std::string> attribute(std::string_view name, std::string_view namespace_uri) const;

  /// All child elements, in document order (text, comments and PIs are skipped).
  std::vector<Element> children() const;
  /// The child elements with this local name and namespace URI, in document order.
  std::vector<Element> children(std::string_view local_name, std::string_view namespace_uri) const;
  /// The first child element with this local name and namespace URI, if any.
  std::optional<Element> first_child(std::string_view local_name, std::string_view namespace_uri) const;
  /// The first child element with this local name and namespace URI. Throws
  /// samverkan::InvalidInput "file:line: missing element <name> in <parent>" when absent.
  Element required_child(std::string_view local_name, std::string_view namespace_uri) const;
  /// The parent element, or nothing for the document element.
  std::optional<Element> parent() const;

  friend bool operator==(const Element& a, const Element& b) noexcept { return a.node_ == b.node_; }

 private:
  friend class Document;
  friend struct ElementAccess;
  explicit Element(_xmlNode* node) noexcept : node_(node) {}

  _xmlNode* node_;
};

}  // namespace samverkan::xml
