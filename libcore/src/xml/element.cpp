#include "samverkan/xml/element.hpp"

#include <climits>
#include <memory>
#include <string>

#include <libxml/tree.h>
#include <libxml/xmlmemory.h>

#include "samverkan/core/error.hpp"
#include "samverkan/xml/native.hpp"

namespace samverkan::xml {
namespace {

std::string_view view(const xmlChar* text) noexcept {
  return text == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(text));
}

const xmlChar* as_xml(const std::string& text) noexcept { return reinterpret_cast<const xmlChar*>(text.c_str()); }

struct XmlFree {
  void operator()(xmlChar* text) const noexcept { xmlFree(text); }
};
using OwnedText = std::unique_ptr<xmlChar, XmlFree>;

std::optional<std::string> take(OwnedText text) {
  if (text == nullptr) return std::nullopt;
  return std::string(view(text.get()));
}

bool matches(const xmlNode* node, std::string_view local_name, std::string_view namespace_uri) noexcept {
  if (node->type != XML_ELEMENT_NODE || view(node->name) != local_name) return false;
  const std::string_view uri = node->ns != nullptr ? view(node->ns->href) : std::string_view();
  return uri == namespace_uri;
}

}  // namespace

std::string_view Element::local_name() const noexcept { return view(node_->name); }

std::string_view Element::namespace_uri() const noexcept {
  return node_->ns != nullptr ? view(node_->ns->href) : std::string_view();
}

bool Element::is(std::string_view local, std::string_view uri) const noexcept { return matches(node_, local, uri); }

int Element::line() const noexcept {
  const long line = xmlGetLineNo(node_);
  return line > 0 && line <= INT_MAX ? static_cast<int>(line) : 0;
}

std::string_view Element::document_name() const noexcept {
  return node_->doc != nullptr ? view(node_->doc->URL) : std::string_view();
}

std::string Element::location() const {
  std::string text(document_name());
  text += ':';
  text += std::to_string(line());
  return text;
}

std::string Element::text() const {
  OwnedText content(xmlNodeGetContent(node_));
  return content == nullptr ? std::string() : std::string(view(content.get()));
}

std::optional<std::string> Element::attribute(std::string_view name) const {
  const std::string key(name);
  return take(OwnedText(xmlGetNoNsProp(node_, as_xml(key))));
}

std::optional<std::string> Element::attribute(std::string_view name, std::string_view namespace_uri) const {
  if (namespace_uri.empty()) return attribute(name);
  const std::string key(name);
  const std::string uri(namespace_uri);
  return take(OwnedText(xmlGetNsProp(node_, as_xml(key), as_xml(uri))));
}

std::vector<Element> Element::children() const {
  std::vector<Element> result;
  for (xmlNode* child = node_->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) result.push_back(Element(child));
  }
  return result;
}

std::vector<Element> Element::children(std::string_view local, std::string_view uri) const {
  std::vector<Element> result;
  for (xmlNode* child = node_->children; child != nullptr; child = child->next) {
    if (matches(child, local, uri)) result.push_back(Element(child));
  }
  return result;
}

std::optional<Element> Element::first_child(std::string_view local, std::string_view uri) const {
  for (xmlNode* child = node_->children; child != nullptr; child = child->next) {
    if (matches(child, local, uri)) return Element(child);
  }
  return std::nullopt;
}

Element Element::required_child(std::string_view local, std::string_view uri) const {
  if (auto child = first_child(local, uri)) return *child;
  throw InvalidInput(location() + ": missing element <" + std::string(local) + "> in <" + std::string(local_name()) +
                     ">");
}

std::optional<Element> Element::parent() const {
  xmlNode* parent = node_->parent;
  if (parent == nullptr || parent->type != XML_ELEMENT_NODE) return std::nullopt;
  return Element(parent);
}

}  // namespace samverkan::xml
