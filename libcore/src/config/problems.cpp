#include "config/detail/problems.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "samverkan/core/text.hpp"

namespace samverkan::config {
namespace {

std::string join(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    if (!text.empty()) text += '\n';
    text += diagnostic.file;
    if (diagnostic.line > 0) text += ':' + std::to_string(diagnostic.line);
    text += ": " + diagnostic.message;
  }
  return text;
}

// "{urn:samverkan:cooperation:1}municipality" → "municipality", for any of our namespaces.
std::string without_namespaces(std::string message) {
  static constexpr std::string_view kOpen = "{urn:samverkan:";
  for (auto at = message.find(kOpen); at != std::string::npos; at = message.find(kOpen, at)) {
    const auto close = message.find('}', at);
    if (close == std::string::npos) break;
    message.erase(at, close - at + 1);
  }
  return message;
}

ConfigError to_config_error(const xml::XmlError& error) {
  std::vector<Diagnostic> diagnostics;
  for (const auto& diagnostic : error.diagnostics()) {
    diagnostics.push_back(Diagnostic{diagnostic.file, diagnostic.line, diagnostic.message});
  }
  return ConfigError(std::move(diagnostics));
}

}  // namespace

ConfigError::ConfigError(std::vector<Diagnostic> diagnostics)
    : InvalidInput(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

std::filesystem::path default_xsd_dir() {
  if (const char* configured = std::getenv("SAMVERKAN_XSD_DIR"); configured != nullptr && configured[0] != '\0') {
    return configured;
  }
  std::filesystem::path source_dir = SAMVERKAN_XSD_SOURCE_DIR;
  std::error_code ignored;
  if (std::filesystem::is_directory(source_dir, ignored)) return source_dir;
  return SAMVERKAN_XSD_INSTALL_DIR;
}

std::vector<Diagnostic> check_referenced_files(const std::vector<FileReference>& references) {
  std::vector<Diagnostic> problems;
  for (const auto& reference : references) {
    std::error_code error;
    const auto status = std::filesystem::status(reference.path, error);
    std::string problem;
    if (!std::filesystem::exists(status)) {
      problem = "does not exist";
    } else if (reference.directory && !std::filesystem::is_directory(status)) {
      problem = "is not a folder";
    } else if (!reference.directory && !std::filesystem::is_regular_file(status)) {
      problem = "is not a file";
    }
    if (!problem.empty()) {
      problems.push_back(
          Diagnostic{reference.file, reference.line, reference.what + " " + reference.path.string() + " " + problem});
    }
  }
  return problems;
}

namespace detail {

std::string collapse(std::string_view text) { return samverkan::text::collapse_whitespace(text); }

void Problems::add(int line, std::string message) {
  diagnostics_.push_back(Diagnostic{file_, line, std::move(message)});
}

void Problems::add_schema(const std::vector<xml::Diagnostic>& diagnostics) {
  for (const auto& diagnostic : diagnostics) {
    if (diagnostic.kind == xml::DiagnosticKind::kIdentityConstraint) continue;
    std::string message = without_namespaces(diagnostic.message);
    const bool restates_type = message.find("is not a valid value of the") != std::string::npos ||
                               message.find("No precomputed value available") != std::string::npos;
    if (restates_type && last_facet_line_ == diagnostic.line && diagnostic.line > 0) continue;
    last_facet_line_ = message.find("[facet '") != std::string::npos ? diagnostic.line : -1;
    schema_lines_.insert(diagnostic.line);
    add(diagnostic.line, std::move(message));
  }
}

void Problems::add_value_problem(int line, std::string message) {
  if (schema_lines_.contains(line)) return;
  add(line, std::move(message));
}

void Problems::raise() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  throw ConfigError(std::move(diagnostics_));
}

xml::Document load_validated(const std::filesystem::path& file, const std::filesystem::path& schema_file,
                             Problems& problems) {
  std::optional<xml::Document> document;
  try {
    document = xml::parse_file(file);
  } catch (const xml::XmlError& error) {
    throw to_config_error(error);
  }
  try {
    problems.add_schema(xml::Schema::load(schema_file).validate(*document));
  } catch (const xml::XmlError& error) {
    throw to_config_error(error);
  }
  return std::move(*document);
}

}  // namespace detail
}  // namespace samverkan::config
