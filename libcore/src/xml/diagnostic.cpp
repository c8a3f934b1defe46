#include "samverkan/xml/diagnostic.hpp"

#include <mutex>

#include <libxml/parser.h>

#include "samverkan/xml/native.hpp"

namespace samverkan::xml {
namespace {

std::string join(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    if (!text.empty()) text += '\n';
    text += format(diagnostic);
  }
  return text;
}

// libxml2 ends its messages with a newline and sometimes pads them; one clean line is easier to
// read in a list.
std::string clean_message(const char* message) {
  if (message == nullptr) return "unknown XML error";
  std::string text(message);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text.empty() ? "unknown XML error" : text;
}

}  // namespace

std::string format(const Diagnostic& diagnostic) {
  std::string text = diagnostic.file;
  if (diagnostic.line > 0) {
    if (!text.empty()) text += ':';
    text += std::to_string(diagnostic.line);
  }
  if (!text.empty()) text += ": ";
  text += diagnostic.message;
  return text;
}

XmlError::XmlError(std::vector<Diagnostic> diagnostics)
    : InvalidInput(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

void ensure_libxml_initialized() {
  // xmlInitParser() is not safe to race with itself or with a first parse in another thread.
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

ErrorCollector::ErrorCollector(std::string fallback_file, DiagnosticKind kind)
    : fallback_file_(std::move(fallback_file)), kind_(kind) {}

void ErrorCollector::on_error(void* context, NativeErrorPointer error) noexcept {
  if (context == nullptr || error == nullptr) return;
  try {
    static_cast<ErrorCollector*>(context)->add(*error);
  } catch (...) {
    // Out of memory while recording an error: libxml2 still reports failure by its return value,
    // and nothing may unwind through its C frames.
  }
}

void ErrorCollector::add(const xmlError& error) {
  if (error.level != XML_ERR_WARNING) ++errors_;
  Diagnostic diagnostic;
  diagnostic.file = (error.file != nullptr && error.file[0] != '\0') ? std::string(error.file) : fallback_file_;
  diagnostic.line = error.line > 0 ? error.line : 0;
  if (diagnostic.line == 0 && error.node != nullptr) {
    const auto* node = static_cast<const xmlNode*>(error.node);
    diagnostic.line = static_cast<int>(xmlGetLineNo(node));
    if (diagnostic.line < 0) diagnostic.line = 0;
  }
  diagnostic.message = clean_message(error.message);
  diagnostic.kind = error.code == XML_SCHEMAV_CVC_IDC ? DiagnosticKind::kIdentityConstraint : kind_;
  add(std::move(diagnostic));
}

void ErrorCollector::add(Diagnostic diagnostic) {
  if (diagnostics_.size() >= kMaxDiagnostics) {
    ++dropped_;
    return;
  }
  diagnostics_.push_back(std::move(diagnostic));
}

std::vector<Diagnostic> ErrorCollector::take() {
  std::vector<Diagnostic> result = std::move(diagnostics_);
  diagnostics_.clear();
  if (dropped_ > 0) {
    Diagnostic more;
    more.file = fallback_file_;
    more.message = std::to_string(dropped_) + " more problem(s) left out";
    more.kind = kind_;
    result.push_back(std::move(more));
  }
  dropped_ = 0;
  errors_ = 0;
  return result;
}

}  // namespace samverkan::xml
