#pragma once
/// libxml2 interop for libcore code that must call libxml2 itself (e.g. XML signatures with
/// xmlsec, or code that builds documents). Everything else should use document.hpp, element.hpp
/// and schema.hpp, which keep libxml2 out of sight. Including this header pulls in libxml2's.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#include "samverkan/xml/diagnostic.hpp"
#include "samverkan/xml/document.hpp"
#include "samverkan/xml/element.hpp"

namespace samverkan::xml {

/// The error pointer type of libxml2's structured error callbacks (const from 2.12 on).
#if LIBXML_VERSION >= 21200
using NativeErrorPointer = const xmlError*;
#else
using NativeErrorPointer = xmlError*;
#endif

/// Calls xmlInitParser() once per process. Every function of this module calls it first; call
/// it yourself before using libxml2 directly from several threads.
void ensure_libxml_initialized();

/// Access to the libxml2 document behind a Document.
struct DocumentAccess {
  /// The document, still owned by `document`.
  static xmlDoc* native(const Document& document) noexcept { return document.doc_; }
  /// Takes ownership of `doc` (must not be null); `name` is used in messages.
  static Document adopt(xmlDoc* doc, std::string name) noexcept { return Document(doc, std::move(name)); }
};

/// Access to the libxml2 node behind an Element.
struct ElementAccess {
  static xmlNode* native(const Element& element) noexcept { return element.node_; }
  /// Precondition: `node` is an element node (XML_ELEMENT_NODE) of a document that outlives the
  /// returned handle.
  static Element wrap(xmlNode* node) noexcept { return Element(node); }
};

/// Collects libxml2's structured errors as Diagnostics, for one parse or one validation at a
/// time (never shared between threads). Pass `&ErrorCollector::on_error` with the collector as
/// context to xmlSchemaSetValidStructuredErrors and the like.
class ErrorCollector {
 public:
  /// The most diagnostics kept; one more says how many were left out.
  static constexpr std::size_t kMaxDiagnostics = 200;

  /// `fallback_file` names the input when an error carries no file name; `kind` is given to
  /// every error except identity-constraint violations (kIdentityConstraint).
  ErrorCollector(std::string fallback_file, DiagnosticKind kind);

  /// xmlStructuredErrorFunc; `context` is an ErrorCollector. Never throws.
  static void on_error(void* context, NativeErrorPointer error) noexcept;

  /// Records one libxml2 error.
  void add(const xmlError& error);
  /// Records one diagnostic of our own.
  void add(Diagnostic diagnostic);

  /// True when at least one error (not a warning) was recorded.
  bool has_errors() const noexcept { return errors_ > 0; }
  bool empty() const noexcept { return diagnostics_.empty() && dropped_ == 0; }
  /// The diagnostics in the order they were reported; the collector is empty afterwards.
  std::vector<Diagnostic> take();

 private:
  std::string fallback_file_;
  DiagnosticKind kind_;
  std::vector<Diagnostic> diagnostics_;
  std::size_t errors_ = 0;
  std::size_t dropped_ = 0;
};

}  // namespace samverkan::xml
