// The safe XML parser (xml::parse_untrusted), which every XML input goes through first.
// Invariants: a document that parses has no DTD (internal or external subset) and no entity
// reference left in its tree (nothing was or could be expanded or loaded); every element can be
// walked with the Element API; failures are XmlError (InvalidInput) or TooLarge and say where.
#include <libxml/tree.h>

#include <cstddef>
#include <cstdint>

#include "samverkan/core/error.hpp"
#include "samverkan/xml/document.hpp"
#include "samverkan/xml/native.hpp"
#include "support/fuzz_support.hpp"

using namespace samverkan;
using fuzz::check;

namespace {

void walk_native(const xmlNode* node, int depth) {
  for (; node != nullptr; node = node->next) {
    check(node->type != XML_ENTITY_REF_NODE && node->type != XML_ENTITY_NODE && node->type != XML_DTD_NODE &&
              node->type != XML_ENTITY_DECL && node->type != XML_XINCLUDE_START,
          "no entity, DTD or XInclude node in a parsed document");
    if (node->type == XML_ELEMENT_NODE) {
      for (const xmlAttr* attribute = node->properties; attribute != nullptr; attribute = attribute->next) {
        walk_native(attribute->children, depth + 1);
      }
    }
    walk_native(node->children, depth + 1);
  }
}

std::size_t walk(const xml::Element& element) {
  std::size_t count = 1;
  (void)element.local_name();
  (void)element.namespace_uri();
  (void)element.text();
  (void)element.location();
  (void)element.attribute("id");
  check(element.line() >= 0, "an element's line is not negative");
  for (const auto& child : element.children()) {
    check(child.parent().has_value() && *child.parent() == element, "a child's parent is its element");
    count += walk(child);
  }
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  try {
    const auto document = xml::parse_untrusted(text, "fuzz input");
    const xmlDoc* native = xml::DocumentAccess::native(document);
    check(native->intSubset == nullptr && native->extSubset == nullptr, "a parsed document has no DTD");
    walk_native(native->children, 0);
    walk(document.root());
  } catch (const InvalidInput& e) {
    check(std::string_view(e.what()).find("fuzz input") != std::string_view::npos, "a parse error names the input",
          e.what());
  } catch (const TooLarge&) {
  }
  return 0;
}
