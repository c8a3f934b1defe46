#include "samverkan/config/schema_reference.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "samverkan/core/error.hpp"
#include "samverkan/core/text.hpp"
#include "samverkan/xml/document.hpp"
#include "samverkan/xml/element.hpp"
#include "samverkan/xml/native.hpp"

namespace samverkan::config {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kXs = "http://www.w3.org/2001/XMLSchema";
constexpr long long kUnbounded = -1;
// Occurrence bounds are capped here, so that multiplying nested ones cannot overflow.
constexpr long long kMaxBound = 1'000'000'000;

// ------------------------------------------------------------------------------ Markdown

bool is_word_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x80 || std::isalnum(byte) != 0;
}

std::size_t run_length(std::string_view text, std::size_t at, char c) {
  std::size_t length = 0;
  while (at + length < text.size() && text[at + length] == c) ++length;
  return length;
}

std::size_t longest_run(std::string_view text, char c) {
  std::size_t longest = 0;
  for (std::size_t at = 0; at < text.size(); ++at) longest = std::max(longest, run_length(text, at, c));
  return longest;
}

// Where the next run of exactly `length` backticks starts, from `from` on; npos when none.
std::size_t find_backtick_run(std::string_view text, std::size_t from, std::size_t length) {
  while (from < text.size()) {
    if (text[from] != '`') {
      ++from;
      continue;
    }
    const std::size_t run = run_length(text, from, '`');
    if (run == length) return from;
    from += run;
  }
  return std::string_view::npos;
}

// `text` as a code span, its fence longer than any run of backticks inside.
std::string code(std::string_view text) {
  const std::string fence(longest_run(text, '`') + 1, '`');
  const bool pad =
      !text.empty() && (text.front() == '`' || text.back() == '`' || (text.front() == ' ' && text.back() == ' '));
  const std::string space = pad ? " " : "";
  return fence + space + std::string(text) + space + fence;
}

// Documentation text as Markdown prose: characters that would start emphasis, HTML, links or
// escapes are escaped, except inside `code spans`, which the schemas use on purpose.
std::string escape_prose(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const char c = text[at];
    if (c == '`') {
      const std::size_t open = run_length(text, at, '`');
      const std::size_t close = find_backtick_run(text, at + open, open);
      if (close != std::string_view::npos) {
        out.append(text.substr(at, close + open - at));
        at = close + open;
      } else {
        for (std::size_t i = 0; i < open; ++i) out += "\\`";
        at += open;
      }
      continue;
    }
    const bool inside_word = at > 0 && at + 1 < text.size() && is_word_byte(text[at - 1]) && is_word_byte(text[at + 1]);
    const bool entity = c == '&' && at + 1 < text.size() &&
                        (std::isalpha(static_cast<unsigned char>(text[at + 1])) != 0 || text[at + 1] == '#');
    if (c == '\\' || c == '*' || c == '<' || c == '[' || (c == '_' && !inside_word) || entity) out += '\\';
    out += c;
    ++at;
  }
  // Text that would open a heading, a quote or a list at the start of a paragraph.
  if (!out.empty() && std::string_view("#>+-=").find(out.front()) != std::string_view::npos) out.insert(0, 1, '\\');
  std::size_t digits = 0;
  while (digits < out.size() && std::isdigit(static_cast<unsigned char>(out[digits])) != 0) ++digits;
  if (digits > 0 && digits < out.size() && (out[digits] == '.' || out[digits] == ')')) out.insert(digits, 1, '\\');
  return out;
}

// A table cell: one line, its pipes escaped (also inside code spans, as GFM tables require).
std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string text;
  for (const auto& part : parts) {
    if (!text.empty()) text += separator;
    text += part;
  }
  return text;
}

// ------------------------------------------------------------------------------ documentation

// A paragraph of xs:documentation, or a preformatted block (an example, an aligned list):
// lines indented deeper than the documentation's own indentation.
struct Block {
  bool preformatted = false;
  std::string text;
};

std::size_t indent_of(std::string_view line) {
  const auto first = line.find_first_not_of(" \t");
  return first == std::string_view::npos ? line.size() : first;
}

std::vector<Block> blocks_of(std::string_view raw) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start <= raw.size();) {
    auto end = raw.find('\n', start);
    if (end == std::string_view::npos) end = raw.size();
    std::string line(raw.substr(start, end - start));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  // Text that starts on the line of <xs:documentation> has no indentation of its own.
  const bool first_inline = !lines.empty() && !lines.front().empty();
  if (first_inline) lines.front().erase(0, indent_of(lines.front()));
  const std::size_t from = first_inline ? 1 : 0;
  std::size_t indent = std::string::npos;
  for (std::size_t i = from; i < lines.size(); ++i) {
    if (!lines[i].empty()) indent = std::min(indent, indent_of(lines[i]));
  }
  for (std::size_t i = from; i < lines.size(); ++i) {
    if (!lines[i].empty()) lines[i].erase(0, indent);
  }

  std::vector<Block> blocks;
  std::vector<std::string> current;
  bool preformatted = false;
  const auto flush = [&] {
    if (current.empty()) return;
    Block block;
    block.preformatted = preformatted;
    if (preformatted) {
      std::size_t common = std::string::npos;
      for (const auto& line : current) common = std::min(common, indent_of(line));
      for (std::size_t i = 0; i < current.size(); ++i) {
        if (i > 0) block.text += '\n';
        block.text += current[i].substr(common);
      }
    } else {
      block.text = text::collapse_whitespace(join(current, " "));
    }
    blocks.push_back(std::move(block));
    current.clear();
  };
  for (const auto& line : lines) {
    if (line.empty()) {
      flush();
      continue;
    }
    const bool indented = indent_of(line) > 0;
    if (indented != preformatted) flush();
    preformatted = indented;
    current.push_back(line);
  }
  flush();
  return blocks;
}

// The xs:documentation of a schema component (its xs:annotation children), in document order.
std::vector<Block> docs_of(const xml::Element& component) {
  std::vector<Block> blocks;
  for (const auto& annotation : component.children("annotation", kXs)) {
    for (const auto& documentation : annotation.children("documentation", kXs)) {
      auto more = blocks_of(documentation.text());
      blocks.insert(blocks.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
  }
  return blocks;
}

// Documentation on one line, for a table cell.
std::string one_line(const std::vector<Block>& blocks) {
  std::vector<std::string> texts;
  texts.reserve(blocks.size());
  for (const auto& block : blocks) texts.push_back(block.text);
  return escape_prose(text::collapse_whitespace(join(texts, " ")));
}

std::string markdown(const std::vector<Block>& blocks) {
  std::string out;
  for (const auto& block : blocks) {
    if (block.preformatted) {
      const std::string fence(std::max<std::size_t>(3, longest_run(block.text, '`') + 1), '`');
      out += fence + "\n" + block.text + "\n" + fence + "\n\n";
    } else {
      out += escape_prose(block.text) + "\n\n";
    }
  }
  return out;
}

// ------------------------------------------------------------------------------ occurrences

struct Occurs {
  long long min = 1;
  long long max = 1;  ///< kUnbounded for maxOccurs="unbounded"
};

long long occurs_bound(const xml::Element& particle, const char* name) {
  const auto value = particle.attribute(name);
  if (!value) return 1;
  const std::string bound = text::collapse_whitespace(*value);
  if (bound == "unbounded" && std::string_view(name) == "maxOccurs") return kUnbounded;
  long long number = 0;
  const auto [end, error] = std::from_chars(bound.data(), bound.data() + bound.size(), number);
  if (error != std::errc() || end != bound.data() + bound.size() || number < 0 || number > kMaxBound) {
    throw InvalidInput(particle.location() + ": " + name + "=\"" + *value + "\" is not a number of occurrences");
  }
  return number;
}

Occurs occurs_of(const xml::Element& particle) {
  return Occurs{occurs_bound(particle, "minOccurs"), occurs_bound(particle, "maxOccurs")};
}

Occurs times(Occurs outer, Occurs inner) {
  Occurs product;
  product.min = std::min(outer.min * inner.min, kMaxBound);
  if (outer.max == 0 || inner.max == 0) {
    product.max = 0;
  } else if (outer.max == kUnbounded || inner.max == kUnbounded) {
    product.max = kUnbounded;
  } else {
    product.max = std::min(outer.max * inner.max, kMaxBound);
  }
  return product;
}

std::string range_of(Occurs occurs) {
  return std::to_string(occurs.min) + ".." + (occurs.max == kUnbounded ? "unbounded" : std::to_string(occurs.max));
}

// The occurrence as a suffix in a content model: "", "?", "*", "+", "{2,100}", "{2,}".
std::string suffix_of(Occurs occurs) {
  if (occurs.min == 1 && occurs.max == 1) return "";
  if (occurs.min == 0 && occurs.max == 1) return "?";
  if (occurs.min == 0 && occurs.max == kUnbounded) return "*";
  if (occurs.min == 1 && occurs.max == kUnbounded) return "+";
  return "{" + std::to_string(occurs.min) + "," + (occurs.max == kUnbounded ? "" : std::to_string(occurs.max)) + "}";
}

// ------------------------------------------------------------------------------ the schema files

struct SchemaLink {
  std::string kind;      ///< include, import, redefine or override
  std::string location;  ///< schemaLocation as written; empty when absent
  std::string ns;        ///< an import's namespace
  std::string file;      ///< the linked file's name in the folder; empty when not followed
};

struct SchemaFile {
  std::string name;  ///< its path in the folder, '/'-separated: "cooperation.xsd"
  xml::Document document;
  std::string target_namespace;
  std::vector<SchemaLink> links;
};

// A schemaLocation as a file name in the folder, or nothing when it points outside: a URL or
// URN, an absolute path, or a path that climbs out of the folder.
std::optional<std::string> inside_folder(const std::string& from, const std::string& location) {
  if (location.empty() || location.find(':') != std::string::npos || location.front() == '/' ||
      location.front() == '\\') {
    return std::nullopt;
  }
  const auto joined = (fs::path(from).parent_path() / location).lexically_normal().generic_string();
  if (joined.empty() || joined == "." || joined == ".." || joined.starts_with("../")) return std::nullopt;
  return joined;
}

// The schema files of one folder, each parsed once, with the files they include and import.
class Schemas {
 public:
  explicit Schemas(fs::path dir) : dir_(std::move(dir)) {}

  // The file and, transitively, the files of the folder it links to.
  const SchemaFile& load(const std::string& name) {
    if (const auto found = files_.find(name); found != files_.end()) return *found->second;
    auto document = xml::parse_file(dir_ / fs::path(name));
    const auto root = document.root();
    if (!root.is("schema", kXs)) {
      throw InvalidInput(root.location() + ": the root element is <" + std::string(root.local_name()) +
                         ">, not an XML Schema's xs:schema");
    }
    std::string target_namespace = root.attribute("targetNamespace").value_or("");
    auto file = std::make_unique<SchemaFile>(SchemaFile{name, std::move(document), std::move(target_namespace), {}});
    SchemaFile& stored = *files_.emplace(name, std::move(file)).first->second;
    for (const auto& child : stored.document.root().children()) {
      if (child.namespace_uri() != kXs) continue;
      const std::string kind(child.local_name());
      if (kind != "include" && kind != "import" && kind != "redefine" && kind != "override") continue;
      SchemaLink link{kind, child.attribute("schemaLocation").value_or(""), child.attribute("namespace").value_or(""),
                      ""};
      if (const auto target = inside_folder(name, link.location)) {
        std::error_code ignored;
        if (!fs::is_regular_file(dir_ / fs::path(*target), ignored)) {
          throw InvalidInput(child.location() + ": xs:" + kind + " of '" + link.location +
                             "': there is no such file in the schema folder");
        }
        link.file = *target;
      }
      stored.links.push_back(std::move(link));
    }
    for (const auto& link : stored.links) {
      if (!link.file.empty()) load(link.file);
    }
    return stored;
  }

  const SchemaFile& get(const std::string& name) const { return *files_.at(name); }

 private:
  fs::path dir_;
  std::map<std::string, std::unique_ptr<SchemaFile>> files_;
};

// A schema file as one schema sees it: the namespace its components are in (its target
// namespace, or for a file without one that is included, the includer's).
struct Scope {
  const SchemaFile* file;
  std::string ns;
};

struct Component {
  xml::Element node;
  const Scope* scope;
};

struct QName {
  std::string ns;
  std::string local;
  std::string text;  ///< as written: "c:Kommunkod"
};

// The QName `text` written in an attribute of `at`, with the namespaces declared there.
QName resolve_qname(const xml::Element& at, std::string_view text, const Scope& scope) {
  const std::string written = text::collapse_whitespace(text);
  const auto colon = written.find(':');
  const std::string prefix = colon == std::string::npos ? "" : written.substr(0, colon);
  QName name{"", colon == std::string::npos ? written : written.substr(colon + 1), written};
  if (name.local.empty()) throw InvalidInput(at.location() + ": '" + written + "' is not a qualified name");
  xmlNode* node = xml::ElementAccess::native(at);
  const xmlNs* declared =
      xmlSearchNs(node->doc, node, prefix.empty() ? nullptr : reinterpret_cast<const xmlChar*>(prefix.c_str()));
  if (declared == nullptr && !prefix.empty()) {
    throw InvalidInput(at.location() + ": the prefix of '" + written + "' is not declared");
  }
  if (declared != nullptr && declared->href != nullptr) name.ns = reinterpret_cast<const char*>(declared->href);
  if (name.ns.empty() && scope.file->target_namespace.empty()) name.ns = scope.ns;
  return name;
}

// The components one schema file can refer to: its own, and those of the files it includes and
// imports, transitively, searched in that order.
class Components {
 public:
  Components(const Schemas& schemas, const SchemaFile& root) {
    scopes_.push_back(Scope{&root, root.target_namespace});
    for (std::size_t i = 0; i < scopes_.size(); ++i) {
      const Scope scope = scopes_[i];
      for (const auto& link : scope.file->links) {
        if (link.file.empty()) continue;
        const SchemaFile& target = schemas.get(link.file);
        std::string ns = target.target_namespace;
        if (ns.empty() && link.kind != "import") ns = scope.ns;
        const bool known = std::any_of(scopes_.begin(), scopes_.end(),
                                       [&](const Scope& other) { return other.file == &target && other.ns == ns; });
        if (!known) scopes_.push_back(Scope{&target, std::move(ns)});
      }
    }
  }

  const Scope& root() const { return scopes_.front(); }

  std::optional<Component> find(std::string_view kind, const QName& name) const {
    for (const auto& scope : scopes_) {
      if (scope.ns != name.ns) continue;
      for (const auto& component : scope.file->document.root().children(kind, kXs)) {
        if (component.attribute("name") == name.local) return Component{component, &scope};
      }
    }
    return std::nullopt;
  }

  // True when one of the schemas defines this namespace: a name in it that is not found is an
  // error. Names in other namespaces (xml:lang, an import without a file) are only named.
  bool defines(const std::string& ns) const {
    return std::any_of(scopes_.begin(), scopes_.end(), [&](const Scope& scope) { return scope.ns == ns; });
  }

 private:
  std::deque<Scope> scopes_;  // a deque: Components hand out pointers to its scopes
};

// ------------------------------------------------------------------------------ types

// A simple type as its restrictions: the built-in type it starts from, then what each
// derivation step adds (a step's enumeration replaces the base's; patterns of one step are
// alternatives, those of different steps all apply; a later bound replaces an earlier one).
struct Facets {
  std::string base;
  std::vector<std::string> enumerations;
  std::vector<std::vector<std::string>> patterns;
  std::vector<std::pair<std::string, std::string>> limits;
};

std::string facets_text(const Facets& facets) {
  std::string text = facets.base;
  if (!facets.enumerations.empty()) {
    std::vector<std::string> values;
    values.reserve(facets.enumerations.size());
    for (const auto& value : facets.enumerations) values.push_back(code(value));
    text += "; one of " + join(values, ", ");
  }
  for (const auto& step : facets.patterns) {
    std::vector<std::string> patterns;
    patterns.reserve(step.size());
    for (const auto& pattern : step) patterns.push_back(code(pattern));
    text += "; pattern " + join(patterns, " or ");
  }
  for (const auto& [facet, value] : facets.limits) text += "; " + facet + " " + value;
  return text;
}

// Stops a derivation that comes back to itself (a broken schema) instead of recursing forever.
class DerivationGuard {
 public:
  DerivationGuard(std::vector<xml::Element>& active, const xml::Element& component) : active_(active) {
    if (std::find(active.begin(), active.end(), component) != active.end()) {
      throw InvalidInput(component.location() + ": " + std::string(component.local_name()) +
                         " derives from or contains itself");
    }
    active.push_back(component);
  }
  ~DerivationGuard() { active_.pop_back(); }
  DerivationGuard(const DerivationGuard&) = delete;
  DerivationGuard& operator=(const DerivationGuard&) = delete;

 private:
  std::vector<xml::Element>& active_;
};

struct Attribute {
  std::string name;
  std::string type;
  std::string use;
  std::string description;
};

struct Child {
  xml::Element declaration;  ///< an xs:element (a declaration or a ref)
  const Scope* scope;
  Occurs occurs;   ///< within the parent, the enclosing sequences and choices counted in
  bool in_choice;  ///< one of the alternatives of a choice
};

// What a complex type allows: text, child elements (with the content model as text) and
// attributes, its base types' included.
struct Content {
  std::optional<std::string> text;
  std::vector<Child> children;
  std::string model;
  std::vector<Attribute> attributes;
  bool mixed = false;
  std::string derivation;  ///< "extends `Field`"
};

void merge(std::vector<Attribute>& attributes, Attribute attribute) {
  const auto same = std::find_if(attributes.begin(), attributes.end(),
                                 [&](const Attribute& other) { return other.name == attribute.name; });
  if (same != attributes.end()) {
    *same = std::move(attribute);
  } else {
    attributes.push_back(std::move(attribute));
  }
}

void append_model(std::string& model, const std::string& more) {
  if (more.empty()) return;
  if (!model.empty()) model += ", ";
  model += more;
}

bool is_particle(std::string_view kind) {
  return kind == "element" || kind == "any" || kind == "group" || kind == "sequence" || kind == "choice" ||
         kind == "all";
}

bool is_attribute_use(std::string_view kind) {
  return kind == "attribute" || kind == "attributeGroup" || kind == "anyAttribute";
}

std::string use_text(bool required, const std::optional<std::string>& default_value,
                     const std::optional<std::string>& fixed_value) {
  std::string text = required ? "required" : "optional";
  if (default_value) text += ", default " + (default_value->empty() ? std::string("empty") : code(*default_value));
  if (fixed_value) text += ", fixed " + (fixed_value->empty() ? std::string("empty") : code(*fixed_value));
  return text;
}

// Where a global element of another schema file is used: (its file, its name) → "`/path` in `file`".
using Uses = std::map<std::pair<std::string, std::string>, std::vector<std::string>>;

// ------------------------------------------------------------------------------ one section

struct Site {
  std::string parent_path;
  std::string parent_ns;
  Occurs occurs;
  bool in_choice = false;
  bool root = false;
};

// The section of one schema file: its documentation, then each global element depth first.
class Section {
 public:
  Section(const Schemas& schemas, const SchemaFile& file, const std::set<std::string>& sections, const Uses& known,
          Uses& found)
      : components_(schemas, file), file_(file), sections_(sections), known_(known), found_(found) {}

  std::string render() {
    const auto root = file_.document.root();
    out_ += "## " + file_.name + "\n\n";
    out_ +=
        "- Namespace: " + (file_.target_namespace.empty() ? std::string("none") : code(file_.target_namespace)) + "\n";
    for (const auto& link : file_.links) out_ += "- " + link_text(link) + "\n";
    const auto globals = root.children("element", kXs);
    std::vector<std::string> names;
    names.reserve(globals.size());
    for (const auto& global : globals) names.push_back(code(global.attribute("name").value_or("")));
    out_ += "- Global elements: " +
            (names.empty() ? std::string("none (its types serve the schemas that include or import it)")
                           : join(names, ", ")) +
            "\n\n";
    out_ += markdown(docs_of(root));
    for (const auto& global : globals) {
      element(global, components_.root(), Site{"", components_.root().ns, Occurs{}, false, true});
    }
    return out_;
  }

 private:
  static std::string link_text(const SchemaLink& link) {
    std::string text;
    if (link.kind == "import") {
      text = "Imports " + (link.ns.empty() ? std::string("no namespace") : code(link.ns));
      if (link.location.empty()) return text + " (no schemaLocation: its components are named, not described)";
      text += " from ";
    } else {
      text = link.kind == "include" ? "Includes " : link.kind == "redefine" ? "Redefines " : "Overrides ";
    }
    text += code(link.file.empty() ? link.location : link.file);
    if (link.file.empty()) text += " (outside the schema folder: not read)";
    return text;
  }

  // A name that must be defined when its namespace is one of the schemas'.
  std::optional<Component> lookup(std::string_view kind, const QName& name, const xml::Element& at) const {
    auto found = components_.find(kind, name);
    if (!found && components_.defines(name.ns)) {
      throw InvalidInput(at.location() + ": " + std::string(kind) + " '" + name.text + "' is not defined");
    }
    return found;
  }

  bool qualified(const xml::Element& local, const Scope& scope) const {
    if (const auto form = local.attribute("form")) return *form == "qualified";
    return scope.file->document.root().attribute("elementFormDefault") == "qualified";
  }

  // ---------------------------------------------------------------- simple types

  // A named simple type: "`Kommunkod` (`xs:token`; pattern `[0-9]{4}`)"; a built-in one:
  // "`xs:date`". `docs` receives the named type's documentation.
  std::string simple_type_text(const QName& name, const xml::Element& at, std::vector<Block>* docs) {
    if (name.ns == kXs) return code("xs:" + name.local);
    const auto found = components_.find("simpleType", name);
    if (!found) {
      if (components_.defines(name.ns)) {
        throw InvalidInput(at.location() + ": type '" + name.text + "' is not defined as a simple type");
      }
      return code(name.text);
    }
    if (docs != nullptr) *docs = docs_of(found->node);
    return code(name.local) + " (" + facets_text(simple_facets(found->node, *found->scope)) + ")";
  }

  Facets named_facets(const QName& name, const xml::Element& at) {
    if (name.ns == kXs) return Facets{code("xs:" + name.local), {}, {}, {}};
    const auto found = components_.find("simpleType", name);
    if (!found) {
      if (components_.defines(name.ns)) {
        throw InvalidInput(at.location() + ": type '" + name.text + "' is not defined as a simple type");
      }
      return Facets{code(name.text), {}, {}, {}};
    }
    return simple_facets(found->node, *found->scope);
  }

  Facets simple_facets(const xml::Element& simple_type, const Scope& scope) {
    const DerivationGuard guard(deriving_, simple_type);
    for (const auto& step : simple_type.children()) {
      if (step.namespace_uri() != kXs) continue;
      if (step.local_name() == "restriction") {
        Facets facets{code("xs:anySimpleType"), {}, {}, {}};
        if (const auto base = step.attribute("base")) {
          facets = named_facets(resolve_qname(step, *base, scope), step);
        } else if (const auto inner = step.first_child("simpleType", kXs)) {
          facets = simple_facets(*inner, scope);
        }
        restrict(facets, step);
        return facets;
      }
      if (step.local_name() == "list") {
        std::vector<std::string> item;
        if (const auto type = step.attribute("itemType")) {
          item.push_back(simple_type_text(resolve_qname(step, *type, scope), step, nullptr));
        }
        for (const auto& inner : step.children("simpleType", kXs)) {
          item.push_back("(" + facets_text(simple_facets(inner, scope)) + ")");
        }
        return Facets{"a space-separated list of " + join(item, " or "), {}, {}, {}};
      }
      if (step.local_name() == "union") {
        std::vector<std::string> members;
        const std::string listed = text::collapse_whitespace(step.attribute("memberTypes").value_or(""));
        for (std::size_t start = 0; start < listed.size();) {
          auto end = listed.find(' ', start);
          if (end == std::string::npos) end = listed.size();
          members.push_back(
              simple_type_text(resolve_qname(step, listed.substr(start, end - start), scope), step, nullptr));
          start = end + 1;
        }
        for (const auto& inner : step.children("simpleType", kXs)) {
          members.push_back("(" + facets_text(simple_facets(inner, scope)) + ")");
        }
        return Facets{"one of the types " + join(members, " or "), {}, {}, {}};
      }
    }
    return Facets{code("xs:anySimpleType"), {}, {}, {}};
  }

  static void restrict(Facets& facets, const xml::Element& restriction) {
    std::vector<std::string> enumerations;
    std::vector<std::string> patterns;
    for (const auto& facet : restriction.children()) {
      if (facet.namespace_uri() != kXs) continue;
      const std::string kind(facet.local_name());
      const std::string value = facet.attribute("value").value_or("");
      if (kind == "annotation" || kind == "simpleType" || is_attribute_use(kind)) continue;
      if (kind == "enumeration") {
        enumerations.push_back(value);
      } else if (kind == "pattern") {
        patterns.push_back(value);
      } else {
        const auto same = std::find_if(facets.limits.begin(), facets.limits.end(),
                                       [&](const auto& limit) { return limit.first == kind; });
        if (same != facets.limits.end()) {
          same->second = value;
        } else {
          facets.limits.emplace_back(kind, value);
        }
      }
    }
    if (!enumerations.empty()) facets.enumerations = std::move(enumerations);
    if (!patterns.empty()) facets.patterns.push_back(std::move(patterns));
  }

  // ---------------------------------------------------------------- complex types

  void collect(const xml::Element& complex_type, const Scope& scope, Content& content) {
    const DerivationGuard guard(deriving_, complex_type);
    if (complex_type.attribute("mixed") == "true") content.mixed = true;
    for (const auto& child : complex_type.children()) {
      if (child.namespace_uri() != kXs) continue;
      const auto kind = child.local_name();
      if (is_particle(kind)) {
        append_model(content.model, particles(child, scope, Occurs{}, false, true, content));
      } else if (is_attribute_use(kind)) {
        attribute_use(child, scope, content.attributes);
      } else if (kind == "simpleContent" || kind == "complexContent") {
        derived(child, scope, content);
      }
    }
  }

  void derived(const xml::Element& content_kind, const Scope& scope, Content& content) {
    if (content_kind.attribute("mixed") == "true") content.mixed = true;
    const bool simple = content_kind.local_name() == "simpleContent";
    for (const auto& derivation : content_kind.children()) {
      if (derivation.namespace_uri() != kXs) continue;
      const bool extension = derivation.local_name() == "extension";
      if (!extension && derivation.local_name() != "restriction") continue;
      const QName base = resolve_qname(derivation, derivation.attribute("base").value_or(""), scope);
      Content inherited;
      std::optional<Component> base_type;
      if (base.ns != kXs) base_type = components_.find("complexType", base);
      if (base_type) {
        collect(base_type->node, *base_type->scope, inherited);
        content.derivation = (extension ? "extends " : "restricts ") + code(base.local);
      } else if (!simple && base.ns != kXs) {
        if (components_.defines(base.ns)) {
          throw InvalidInput(derivation.location() + ": complex type '" + base.text + "' is not defined");
        }
        content.derivation = (extension ? "extends " : "restricts ") + code(base.text);
      }
      if (simple) {
        if (base_type) {
          content.text = inherited.text;
        } else {
          content.text = simple_type_text(base, derivation, nullptr);
        }
        if (!extension) {
          Facets own{"", {}, {}, {}};
          restrict(own, derivation);
          const std::string added = facets_text(own);
          if (!added.empty()) content.text = content.text.value_or("") + added;
        }
        content.attributes = inherited.attributes;
      } else {
        content.mixed = content.mixed || inherited.mixed;
        content.attributes = inherited.attributes;
        // A restriction restates the particles it keeps; an extension appends to its base's.
        if (extension) {
          content.children = inherited.children;
          content.model = inherited.model;
        }
      }
      for (const auto& child : derivation.children()) {
        if (child.namespace_uri() != kXs) continue;
        if (!simple && is_particle(child.local_name())) {
          append_model(content.model, particles(child, scope, Occurs{}, false, true, content));
        } else if (is_attribute_use(child.local_name())) {
          attribute_use(child, scope, content.attributes);
        }
      }
    }
  }

  // Adds the element declarations under `particle` to content.children and returns its
  // content model as text: "name, host, members, minaMeddelanden?", "(a | b)*".
  std::string particles(const xml::Element& particle, const Scope& scope, Occurs outer, bool in_choice, bool top,
                        Content& content) {
    const std::string kind(particle.local_name());
    const Occurs own = occurs_of(particle);
    const std::string suffix = suffix_of(own);
    if (kind == "element") {
      content.children.push_back(Child{particle, &scope, times(outer, own), in_choice});
      const auto ref = particle.attribute("ref");
      return (ref ? resolve_qname(particle, *ref, scope).local : particle.attribute("name").value_or("")) + suffix;
    }
    if (kind == "any") {
      const std::string ns = particle.attribute("namespace").value_or("##any");
      return "any element of " + ns + suffix;
    }
    if (kind == "group") {
      const QName name = resolve_qname(particle, particle.attribute("ref").value_or(""), scope);
      const auto group = lookup("group", name, particle);
      if (!group) return "group " + name.text + suffix;
      const DerivationGuard guard(deriving_, group->node);
      std::string model;
      for (const auto& compositor : group->node.children()) {
        if (compositor.namespace_uri() != kXs || !is_particle(compositor.local_name())) continue;
        model = particles(compositor, *group->scope, times(outer, own), in_choice, suffix.empty() && top, content);
      }
      return suffix.empty() ? model : "(" + model + ")" + suffix;
    }
    // sequence, choice, all
    std::vector<xml::Element> items;
    for (const auto& item : particle.children()) {
      if (item.namespace_uri() == kXs && is_particle(item.local_name())) items.push_back(item);
    }
    const bool choice = kind == "choice";
    const bool alternatives = choice && items.size() > 1;
    Occurs inner = times(outer, own);
    if (alternatives) inner.min = 0;
    std::vector<std::string> parts;
    parts.reserve(items.size());
    for (const auto& item : items) {
      parts.push_back(particles(item, scope, inner, in_choice || alternatives, false, content));
    }
    std::string model = join(parts, choice ? " | " : ", ");
    if (kind == "all" && items.size() > 1) model += ", in any order";
    const bool bare = suffix.empty() && (items.size() <= 1 || (top && !choice));
    return bare ? model : "(" + model + ")" + suffix;
  }

  void attribute_use(const xml::Element& use, const Scope& scope, std::vector<Attribute>& attributes) {
    const auto kind = use.local_name();
    if (kind == "attributeGroup") {
      const QName name = resolve_qname(use, use.attribute("ref").value_or(""), scope);
      const auto group = lookup("attributeGroup", name, use);
      if (!group) return;
      const DerivationGuard guard(deriving_, group->node);
      for (const auto& member : group->node.children()) {
        if (member.namespace_uri() == kXs && is_attribute_use(member.local_name())) {
          attribute_use(member, *group->scope, attributes);
        }
      }
      return;
    }
    if (kind == "anyAttribute") {
      merge(attributes, Attribute{"*", "any attribute of " + use.attribute("namespace").value_or("##any"), "optional",
                                  one_line(docs_of(use))});
      return;
    }
    const std::string how = use.attribute("use").value_or("optional");
    std::vector<Block> docs = docs_of(use);
    xml::Element declaration = use;
    const Scope* declared_in = &scope;
    std::string name;
    if (const auto ref = use.attribute("ref")) {
      const QName target = resolve_qname(use, *ref, scope);
      name = target.ns.empty() ? target.local : target.text;
      const auto global = lookup("attribute", target, use);
      if (!global) {
        if (how != "prohibited") {
          merge(attributes,
                Attribute{name, "defined by " + code(target.ns), use_text(how == "required", {}, {}), one_line(docs)});
        }
        return;
      }
      declaration = global->node;
      declared_in = global->scope;
      if (docs.empty()) docs = docs_of(declaration);
    } else {
      name = use.attribute("name").value_or("");
    }
    if (how == "prohibited") {
      attributes.erase(std::remove_if(attributes.begin(), attributes.end(),
                                      [&](const Attribute& attribute) { return attribute.name == name; }),
                       attributes.end());
      return;
    }
    std::vector<Block> type_docs;
    std::string type = code("xs:anySimpleType");
    if (const auto named = declaration.attribute("type")) {
      type = simple_type_text(resolve_qname(declaration, *named, *declared_in), declaration, &type_docs);
    } else if (const auto inner = declaration.first_child("simpleType", kXs)) {
      type = facets_text(simple_facets(*inner, *declared_in));
      type_docs = docs_of(*inner);
    }
    auto default_value = use.attribute("default");
    if (!default_value) default_value = declaration.attribute("default");
    auto fixed_value = use.attribute("fixed");
    if (!fixed_value) fixed_value = declaration.attribute("fixed");
    merge(attributes, Attribute{name, type, use_text(how == "required", default_value, fixed_value),
                                one_line(docs.empty() ? type_docs : docs)});
  }

  // ---------------------------------------------------------------- elements

  void heading(const std::string& path) { out_ += "### " + code(path) + "\n\n"; }

  // The element's xs:unique, xs:key and xs:keyref: what must be unique below it.
  void constraints(const xml::Element& declaration) {
    std::string list;
    for (const auto& constraint : declaration.children()) {
      const auto kind = constraint.local_name();
      if (constraint.namespace_uri() != kXs || (kind != "unique" && kind != "key" && kind != "keyref")) continue;
      std::vector<std::string> fields;
      for (const auto& field : constraint.children("field", kXs))
        fields.push_back(code(field.attribute("xpath").value_or("")));
      const auto selector = constraint.first_child("selector", kXs);
      list += "- " + std::string(kind) + " " + code(constraint.attribute("name").value_or("")) + " (" +
              code(selector ? selector->attribute("xpath").value_or("") : std::string()) + " by " + join(fields, ", ");
      if (const auto refer = constraint.attribute("refer")) list += ", refers to " + code(*refer);
      list += ")";
      const std::string description = one_line(docs_of(constraint));
      list += description.empty() ? "\n" : ": " + description + "\n";
    }
    if (!list.empty()) out_ += "Constraints:\n\n" + list + "\n";
  }

  void occurs_line(const Site& site) {
    out_ += "- Occurs: " + code(range_of(site.occurs)) + " (" + (site.occurs.min >= 1 ? "required" : "optional") +
            (site.in_choice ? ", one of a choice" : "") + ")\n";
  }

  void element(const xml::Element& particle, const Scope& scope, const Site& site) {
    if (!particle.is("element", kXs)) return;
    xml::Element declaration = particle;
    const Scope* declared_in = &scope;
    std::vector<Block> docs = docs_of(particle);
    bool global = site.root;
    if (const auto ref = particle.attribute("ref")) {
      const QName name = resolve_qname(particle, *ref, scope);
      const std::string path = site.parent_path + "/" + name.local;
      const auto found = lookup("element", name, particle);
      const SchemaFile* home = found ? found->scope->file : nullptr;
      if (home == nullptr || (home != &file_ && sections_.contains(home->name))) {
        heading(path);
        occurs_line(site);
        if (name.ns != site.parent_ns) out_ += "- Namespace: " + (name.ns.empty() ? "none" : code(name.ns)) + "\n";
        if (home == nullptr) {
          out_ += "- Declared outside these schemas\n\n";
        } else {
          out_ += "- Declared in " + home->name + ": described there, at " + code("/" + name.local) + "\n\n";
          found_[{home->name, name.local}].push_back(code(path) + " in " + file_.name);
        }
        out_ += markdown(docs);
        return;
      }
      declaration = found->node;
      declared_in = found->scope;
      global = true;
      auto more = docs_of(declaration);
      docs.insert(docs.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    const std::string name = declaration.attribute("name").value_or("");
    const std::string ns = (global || qualified(declaration, *declared_in)) ? declared_in->ns : "";
    const std::string path = site.parent_path + "/" + name;

    heading(path);
    if (site.root) {
      out_ += "- Root element\n";
      if (const auto uses = known_.find({file_.name, name}); uses != known_.end()) {
        out_ += "- Used at: " + join(uses->second, ", ") + "\n";
      }
    } else {
      occurs_line(site);
    }
    if (ns != site.parent_ns) out_ += "- Namespace: " + (ns.empty() ? std::string("none") : code(ns)) + "\n";
    if (const auto value = declaration.attribute("default")) out_ += "- Default: " + code(*value) + "\n";
    if (const auto value = declaration.attribute("fixed")) out_ += "- Fixed: " + code(*value) + "\n";

    // The type: a named or anonymous complex type, or text of a simple type.
    std::optional<Component> complex;
    std::string key;  // a complex type that may occur more than once: described once per section
    std::string type_name;
    std::string simple;
    std::vector<Block> type_docs;
    if (const auto type = declaration.attribute("type")) {
      const QName type_qname = resolve_qname(declaration, *type, *declared_in);
      if (type_qname.ns == kXs) {
        simple = code("xs:" + type_qname.local) + (type_qname.local == "anyType" ? " (any content)" : "");
      } else if (auto found = components_.find("complexType", type_qname)) {
        complex = found;
        key = "type {" + type_qname.ns + "}" + type_qname.local;
        type_name = code(type_qname.local);
      } else {
        if (!components_.find("simpleType", type_qname) && components_.defines(type_qname.ns)) {
          throw InvalidInput(declaration.location() + ": type '" + type_qname.text + "' is not defined");
        }
        simple = simple_type_text(type_qname, declaration, &type_docs);
      }
    } else if (const auto inner = declaration.first_child("complexType", kXs)) {
      complex = Component{*inner, declared_in};
      if (global) key = "element {" + ns + "}" + name;
      type_name = "anonymous complex type";
    } else if (const auto inner_simple = declaration.first_child("simpleType", kXs)) {
      simple = facets_text(simple_facets(*inner_simple, *declared_in));
      type_docs = docs_of(*inner_simple);
    } else {
      simple = code("xs:anyType") + " (any content)";
    }

    if (!complex) {
      out_ += "- Type: " + simple + "\n\n";
      out_ += markdown(docs.empty() ? type_docs : docs);
      constraints(declaration);
      return;
    }
    if (!key.empty()) {
      if (const auto first = expanded_.find(key); first != expanded_.end()) {
        const bool recursive = std::find(open_.begin(), open_.end(), key) != open_.end();
        out_ += "- Type: " + type_name + (recursive ? ", which contains itself: described at " : ", described at ") +
                code(first->second) + (recursive ? " and not repeated here" : "") + "\n\n";
        out_ += markdown(docs);
        constraints(declaration);
        return;
      }
      expanded_.emplace(key, path);
      open_.push_back(key);
    }

    Content content;
    collect(complex->node, *complex->scope, content);
    out_ += "- Type: " + type_name + (content.derivation.empty() ? "" : ", " + content.derivation) + "\n";
    if (content.text) out_ += "- Text content: " + *content.text + "\n";
    if (content.mixed) out_ += "- Mixed content: text may stand between the child elements\n";
    if (!content.model.empty()) out_ += "- Children: " + code(content.model) + "\n";
    if (!content.text && content.model.empty() && content.attributes.empty() && !content.mixed) {
      out_ += "- Content: empty\n";
    }
    out_ += "\n";
    out_ += markdown(docs);
    out_ += markdown(docs_of(complex->node));
    constraints(declaration);
    if (!content.attributes.empty()) {
      out_ += "| Attribute | Type | Use | Description |\n|---|---|---|---|\n";
      for (const auto& attribute : content.attributes) {
        out_ += "| " + cell(attribute.name == "*" ? std::string("(any)") : code(attribute.name)) + " | " +
                cell(attribute.type) + " | " + cell(attribute.use) + " | " + cell(attribute.description) + " |\n";
      }
      out_ += "\n";
    }
    for (const auto& child : content.children) {
      element(child.declaration, *child.scope, Site{path, ns, child.occurs, child.in_choice, false});
    }
    if (!key.empty()) open_.pop_back();
  }

  Components components_;
  const SchemaFile& file_;
  const std::set<std::string>& sections_;
  const Uses& known_;
  Uses& found_;
  std::string out_;
  std::map<std::string, std::string> expanded_;  // complex type key → the path it is described at
  std::vector<std::string> open_;                // complex types being described, outermost first
  std::vector<xml::Element> deriving_;           // types and groups being followed, against cycles
};

// The .xsd files directly in the folder, by name.
std::vector<std::string> schema_names(const fs::path& dir) {
  std::error_code error;
  const auto status = fs::status(dir, error);
  if (!fs::exists(status)) throw InvalidInput("the schema folder " + dir.string() + " does not exist");
  if (!fs::is_directory(status)) throw InvalidInput("the schema folder " + dir.string() + " is not a folder");
  std::vector<std::string> names;
  for (fs::directory_iterator entry(dir, error), end; !error && entry != end; entry.increment(error)) {
    std::error_code ignored;
    if (entry->path().extension() == ".xsd" && entry->is_regular_file(ignored)) {
      names.push_back(entry->path().filename().string());
    }
  }
  if (error) throw InvalidInput("cannot list the schema folder " + dir.string() + ": " + error.message());
  if (names.empty()) throw InvalidInput("the schema folder " + dir.string() + " holds no .xsd file");
  std::sort(names.begin(), names.end());
  return names;
}

std::string header(const std::vector<std::string>& names) {
  std::vector<std::string> files;
  files.reserve(names.size());
  for (const auto& name : names) files.push_back(code(name));
  return "# Configuration reference\n\n"
         "Every element and attribute of Samverkan's configuration files, generated from their XML schemas by "
         "`samverkan config reference`: do not edit this file by hand, regenerate it (docs/operations.md, "
         "\"Configuration reference\").\n\n"
         "One section per schema file. Each element has its path from the root element; how often it occurs "
         "(`min..max`, from minOccurs and maxOccurs; an element that is one alternative of a choice is optional "
         "as far as the choice goes); its type; its children as a content model (`a, b?` in this order, `a | b` one "
         "of them, `?` optional, `*` any number, `+` at least one, `{m,n}` m to n times); its documentation; "
         "and a table of its attributes. A simple type is shown with the built-in type it restricts and its "
         "restrictions: the values it allows (one of ...), patterns (XML Schema regular expressions, which always "
         "match the whole value), lengths in characters and bounds. A complex type used in several places is "
         "described where it first occurs in a section; the other places point there.\n\n"
         "Schemas: " +
         join(files, ", ") + ".\n\n";
}

}  // namespace

std::string schema_reference_markdown(const std::filesystem::path& xsd_dir) {
  const auto names = schema_names(xsd_dir);
  Schemas schemas(xsd_dir);
  for (const auto& name : names) schemas.load(name);
  const std::set<std::string> sections(names.begin(), names.end());

  // A first pass finds where each schema's global elements are used from the others, so that
  // their own sections can say so.
  Uses uses;
  for (const auto& name : names) {
    const Uses none;
    Section(schemas, schemas.get(name), sections, none, uses).render();
  }
  std::string out = header(names);
  for (const auto& name : names) {
    Uses again;
    out += Section(schemas, schemas.get(name), sections, uses, again).render();
  }
  while (out.ends_with("\n\n")) out.pop_back();
  return out;
}

}  // namespace samverkan::config
