#include "samverkan/xml/schema.hpp"

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "samverkan/xml/native.hpp"

namespace samverkan::xml {
namespace {

constexpr std::string_view kXsdNamespace = "http://www.w3.org/2001/XMLSchema";
// The schema elements that make libxml2 load another file.
constexpr std::string_view kReferenceElements[] = {"include", "import", "redefine", "override"};

struct SchemaDeleter {
  void operator()(xmlSchema* schema) const noexcept { xmlSchemaFree(schema); }
};
struct ParserContextDeleter {
  void operator()(xmlSchemaParserCtxt* context) const noexcept { xmlSchemaFreeParserCtxt(context); }
};
struct ValidContextDeleter {
  void operator()(xmlSchemaValidCtxt* context) const noexcept { xmlSchemaFreeValidCtxt(context); }
};

// "http://x", "file:/x", "urn:x": anything with a URI scheme. Such locations are refused rather
// than interpreted, so only plain paths reach libxml2.
bool has_uri_scheme(std::string_view location) noexcept {
  const auto colon = location.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!is_alpha(location[0])) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    const char c = location[i];
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

// libxml2 reads included and imported schema files through its process-wide external entity
// loader. Ours is installed once and acts only while a Schema::load runs on the same thread
// (t_scope set): it serves mapped remote locations from their local copies and refuses every
// other remote location. Outside a load it passes everything to the loader it replaced, so other
// libxml2 users in the process see no change.
struct LoadScope {
  const Schema::LocalCopies* local_copies = nullptr;
  std::vector<std::string> refused;
};
thread_local LoadScope* t_scope = nullptr;
xmlExternalEntityLoader g_previous_loader = nullptr;

xmlParserInput* scoped_loader(const char* url, const char* id, xmlParserCtxt* context) {
  LoadScope* scope = t_scope;
  if (scope == nullptr || url == nullptr) return g_previous_loader(url, id, context);
  try {
    const std::string location(url);
    if (const auto copy = scope->local_copies->find(location); copy != scope->local_copies->end()) {
      return g_previous_loader(copy->second.c_str(), id, context);
    }
    if (has_uri_scheme(location) && location.rfind("file:", 0) != 0) {
      scope->refused.push_back(location);
      return nullptr;
    }
  } catch (...) {
    return nullptr;  // nothing may unwind through libxml2's C frames
  }
  return g_previous_loader(url, id, context);
}

void install_scoped_loader() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_previous_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(&scoped_loader);
  });
}

class ScopeGuard {
 public:
  explicit ScopeGuard(LoadScope& scope) noexcept : previous_(std::exchange(t_scope, &scope)) {}
  ~ScopeGuard() { t_scope = previous_; }
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;

 private:
  LoadScope* previous_;
};

Diagnostic refuse(const Element& element, std::string message) {
  Diagnostic diagnostic;
  diagnostic.file = std::string(element.document_name());
  diagnostic.line = element.line();
  diagnostic.message = std::move(message);
  diagnostic.kind = DiagnosticKind::kNotAllowed;
  return diagnostic;
}

// libxml2 parses included and imported schema files itself, with entity substitution on and
// without a network ban (it hard-codes its options). So before it gets the chance, every file
// it would reach is parsed here by our own safe rules, and every location must be a local path
// or a mapped remote one. Sets `uses_copies` when a mapped location was met.
void check_references(const Document& document, const std::filesystem::path& file,
                      const Schema::LocalCopies& local_copies, std::set<std::filesystem::path>& seen,
                      std::vector<Diagnostic>& problems, bool& uses_copies) {
  for (const Element& child : document.root().children()) {
    if (child.namespace_uri() != kXsdNamespace) continue;
    bool loads = false;
    for (std::string_view name : kReferenceElements) loads = loads || child.local_name() == name;
    if (!loads) continue;
    const auto location = child.attribute("schemaLocation");
    if (!location) continue;  // an xs:import by namespace only loads nothing
    std::filesystem::path target;
    if (const auto copy = local_copies.find(*location); copy != local_copies.end()) {
      target = copy->second;
      uses_copies = true;
    } else if (has_uri_scheme(*location)) {
      problems.push_back(refuse(child, "schemaLocation '" + *location +
                                           "' is not a local file path and has no local copy; "
                                           "schemas are loaded without network access"));
      continue;
    } else {
      target = *location;
      if (target.is_relative()) target = file.parent_path() / target;
    }
    target = target.lexically_normal();
    if (!seen.insert(target).second) continue;
    try {
      const Document included = parse_file(target);
      check_references(included, target, local_copies, seen, problems, uses_copies);
    } catch (const XmlError& error) {
      problems.insert(problems.end(), error.diagnostics().begin(), error.diagnostics().end());
    }
  }
}

}  // namespace

struct Schema::Impl {
  std::filesystem::path file;
  // The parsed main schema document must outlive the compiled schema built from it (declared
  // first, destroyed last).
  Document document;
  std::unique_ptr<xmlSchema, SchemaDeleter> schema;
};

Schema::Schema(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Schema::Schema(Schema&& other) noexcept = default;
Schema& Schema::operator=(Schema&& other) noexcept = default;
Schema::~Schema() = default;

const std::filesystem::path& Schema::file() const noexcept { return impl_->file; }

Schema Schema::load(const std::filesystem::path& file, const LocalCopies& local_copies) {
  ensure_libxml_initialized();
  install_scoped_loader();
  Document document = parse_file(file);

  std::set<std::filesystem::path> seen{file.lexically_normal()};
  std::vector<Diagnostic> problems;
  bool uses_copies = false;
  check_references(document, file, local_copies, seen, problems, uses_copies);
  if (uses_copies && xmlGetExternalEntityLoader() != &scoped_loader) {
    // Without our loader libxml2 would fetch the mapped remote location itself.
    Diagnostic replaced;
    replaced.file = file.string();
    replaced.message =
        "cannot use local copies of remote schemas: other code has replaced "
        "libxml2's external entity loader";
    replaced.kind = DiagnosticKind::kNotAllowed;
    problems.push_back(std::move(replaced));
  }
  if (!problems.empty()) throw XmlError(std::move(problems));

  LoadScope scope;
  scope.local_copies = &local_copies;
  const ScopeGuard guard(scope);

  // From our already parsed document, so libxml2 does not read the main file again.
  std::unique_ptr<xmlSchemaParserCtxt, ParserContextDeleter> context(
      xmlSchemaNewDocParserCtxt(DocumentAccess::native(document)));
  if (context == nullptr) throw InternalError("cannot create an XML schema parser context");
  ErrorCollector errors(file.string(), DiagnosticKind::kSchema);
  xmlSchemaSetParserStructuredErrors(context.get(), &ErrorCollector::on_error, &errors);
  std::unique_ptr<xmlSchema, SchemaDeleter> schema(xmlSchemaParse(context.get()));
  for (const auto& url : scope.refused) {
    Diagnostic refused;
    refused.file = file.string();
    refused.message = "refused to fetch '" + url + "': schemas are loaded without network access";
    refused.kind = DiagnosticKind::kNotAllowed;
    errors.add(std::move(refused));
  }
  if (schema == nullptr || errors.has_errors() || !scope.refused.empty()) {
    std::vector<Diagnostic> diagnostics = errors.take();
    if (diagnostics.empty()) {
      Diagnostic failed;
      failed.file = file.string();
      failed.message = "cannot compile the schema";
      failed.kind = DiagnosticKind::kSchema;
      diagnostics.push_back(std::move(failed));
    }
    throw XmlError(std::move(diagnostics));
  }
  return Schema(std::unique_ptr<Impl>(new Impl{file, std::move(document), std::move(schema)}));
}

std::vector<Diagnostic> Schema::validate(const Document& document) const {
  // One validation context per call: the compiled schema is only read, so calls on different
  // threads share nothing mutable.
  std::unique_ptr<xmlSchemaValidCtxt, ValidContextDeleter> context(xmlSchemaNewValidCtxt(impl_->schema.get()));
  if (context == nullptr) throw InternalError("cannot create an XML schema validation context");
  ErrorCollector errors(document.name(), DiagnosticKind::kSchema);
  xmlSchemaSetValidStructuredErrors(context.get(), &ErrorCollector::on_error, &errors);
  const int result = xmlSchemaValidateDoc(context.get(), DocumentAccess::native(document));
  std::vector<Diagnostic> diagnostics = errors.take();
  if (result != 0 && diagnostics.empty()) {
    Diagnostic failed;
    failed.file = document.name();
    failed.message = result < 0 ? "internal error while validating against the schema"
                                : "the document is not valid against the schema";
    failed.kind = DiagnosticKind::kSchema;
    diagnostics.push_back(std::move(failed));
  }
  return diagnostics;
}

}  // namespace samverkan::xml
