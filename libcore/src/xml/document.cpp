#include "samverkan/xml/document.hpp"

#include <cerrno>
#include <climits>
#include <fstream>
#include <iterator>
#include <memory>
#include <system_error>
#include <utility>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "samverkan/core/error.hpp"
#include "samverkan/xml/native.hpp"

namespace samverkan::xml {
namespace {

// What is deliberately NOT here: XML_PARSE_NOENT (entity substitution), XML_PARSE_DTDLOAD and
// XML_PARSE_DTDATTR (loading the external subset), XML_PARSE_DTDVALID, XML_PARSE_XINCLUDE and
// XML_PARSE_HUGE (lifting the size and depth limits). NONET makes any external load that might
// still be attempted fail instead of going to the network.
constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOCDATA;

// Everything one parse needs in its callbacks; reached through the parser context's _private,
// so concurrent parses never share state.
struct ParseState {
  explicit ParseState(const std::string& name) : errors(name, DiagnosticKind::kMalformed) {}
  ErrorCollector errors;
  int doctype_line = 0;  // > 0 once a DOCTYPE was seen
};

ParseState* state_of(void* parser_context) noexcept {
  if (parser_context == nullptr) return nullptr;
  return static_cast<ParseState*>(static_cast<xmlParserCtxt*>(parser_context)->_private);
}

// serror of the parser context. libxml2 2.9 passes the context as `data` for some errors and
// only in `error->ctxt` for others; both are our parser context.
void on_parse_error(void* data, NativeErrorPointer error) noexcept {
  if (error == nullptr) return;
  ParseState* state = state_of(error->ctxt != nullptr ? error->ctxt : data);
  if (state == nullptr) return;
  ErrorCollector::on_error(&state->errors, error);
}

// The SAX internalSubset callback is called for every <!DOCTYPE ...>, before its internal
// subset (where entities would be declared) is read. Stopping here means no entity declaration
// is ever parsed, let alone expanded, and no external subset is ever looked at.
void on_doctype(void* parser_context, const xmlChar* /*name*/, const xmlChar* /*external_id*/,
                const xmlChar* /*system_id*/) noexcept {
  auto* context = static_cast<xmlParserCtxt*>(parser_context);
  ParseState* state = state_of(context);
  if (state != nullptr && state->doctype_line == 0) {
    const int line = context->input != nullptr ? context->input->line : 0;
    state->doctype_line = line > 0 ? line : 1;
  }
  xmlStopParser(context);
}

struct ParserContextDeleter {
  void operator()(xmlParserCtxt* context) const noexcept { xmlFreeParserCtxt(context); }
};
struct DocDeleter {
  void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};

}  // namespace

Document::Document(_xmlDoc* doc, std::string name) noexcept : doc_(doc), name_(std::move(name)) {}

Document::Document(Document&& other) noexcept
    : doc_(std::exchange(other.doc_, nullptr)), name_(std::move(other.name_)) {}

Document& Document::operator=(Document&& other) noexcept {
  if (this != &other) {
    if (doc_ != nullptr) xmlFreeDoc(doc_);
    doc_ = std::exchange(other.doc_, nullptr);
    name_ = std::move(other.name_);
  }
  return *this;
}

Document::~Document() {
  if (doc_ != nullptr) xmlFreeDoc(doc_);
}

Element Document::root() const {
  xmlNode* root = doc_ != nullptr ? xmlDocGetRootElement(doc_) : nullptr;
  // parse_untrusted never returns a document without a root element.
  if (root == nullptr) throw InternalError("XML document " + name_ + " has no root element");
  return ElementAccess::wrap(root);
}

Document parse_untrusted(std::string_view bytes, std::string_view name_for_messages) {
  ensure_libxml_initialized();
  const std::string name(name_for_messages);
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    throw TooLarge(name + ": XML input of " + std::to_string(bytes.size()) + " bytes is too large");
  }

  std::unique_ptr<xmlParserCtxt, ParserContextDeleter> context(xmlNewParserCtxt());
  if (context == nullptr || context->sax == nullptr) {
    throw InternalError("cannot create an XML parser context (out of memory)");
  }
  ParseState state(name);
  context->_private = &state;
  context->sax->serror = &on_parse_error;
  context->sax->internalSubset = &on_doctype;

  std::unique_ptr<xmlDoc, DocDeleter> doc(xmlCtxtReadMemory(context.get(), bytes.data(), static_cast<int>(bytes.size()),
                                                            name.c_str(), nullptr, kParseOptions));

  if (state.doctype_line > 0) {
    // Whatever else libxml2 said after the stop is noise; this is the one reason.
    Diagnostic refused;
    refused.file = name;
    refused.line = state.doctype_line;
    refused.message = "DOCTYPE is not allowed";
    refused.kind = DiagnosticKind::kNotAllowed;
    throw XmlError({std::move(refused)});
  }
  const bool well_formed = context->wellFormed != 0 && context->nsWellFormed != 0;
  if (doc == nullptr || !well_formed || state.errors.has_errors() || xmlDocGetRootElement(doc.get()) == nullptr) {
    std::vector<Diagnostic> diagnostics = state.errors.take();
    if (diagnostics.empty()) {
      Diagnostic unknown;
      unknown.file = name;
      unknown.message = "not well-formed XML";
      diagnostics.push_back(std::move(unknown));
    }
    throw XmlError(std::move(diagnostics));
  }
  return DocumentAccess::adopt(doc.release(), name);
}

Document parse_file(const std::filesystem::path& file) {
  const std::string name = file.string();
  const auto unreadable = [&name](const std::string& reason) {
    Diagnostic diagnostic;
    diagnostic.file = name;
    diagnostic.message = "cannot read file: " + reason;
    diagnostic.kind = DiagnosticKind::kIo;
    return XmlError({std::move(diagnostic)});
  };
  std::error_code status_error;
  if (std::filesystem::is_directory(file, status_error)) throw unreadable("is a directory");

  errno = 0;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    const int error_number = errno;
    throw unreadable(error_number != 0 ? std::error_code(error_number, std::generic_category()).message()
                                       : "cannot open");
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw unreadable("read error");
  return parse_untrusted(bytes, name);
}

}  // namespace samverkan::xml
