#include "samverkan/adapters/adapter_settings.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "adapters/detail/settings_reader.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/xml/element.hpp"

namespace samverkan::adapters {
namespace {

using config::detail::collapse;
using config::detail::Problems;

std::filesystem::path resolve(const std::filesystem::path& base_dir, const std::string& text) {
  const std::filesystem::path path(text);
  return path.is_absolute() || base_dir.empty() ? path : (base_dir / path).lexically_normal();
}

std::optional<std::string> attribute(const xml::Element& element, std::string_view name) {
  auto value = element.attribute(name);
  if (!value) return std::nullopt;
  return collapse(*value);
}

// A positive integer attribute the schema has range-checked; `fallback` when absent or (in an
// invalid file, where the schema has already reported it) unparsable.
long long number_attribute(const xml::Element& element, std::string_view name, long long fallback) {
  const auto text = attribute(element, name);
  if (!text || text->empty() || text->size() > 9) return fallback;
  long long value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9') return fallback;
    value = value * 10 + (c - '0');
  }
  return value > 0 ? value : fallback;
}

RestApiSettings read_rest_api(const xml::Element& element, const std::filesystem::path& base_dir) {
  RestApiSettings settings;
  settings.base_url = attribute(element, "baseUrl").value_or("");
  while (!settings.base_url.empty() && settings.base_url.back() == '/') settings.base_url.pop_back();
  if (const auto ca = attribute(element, "caFile")) settings.ca_file = resolve(base_dir, *ca);
  if (const auto token = attribute(element, "tokenFile")) settings.token_file = resolve(base_dir, *token);
  settings.timeout = std::chrono::seconds(number_attribute(element, "timeoutSeconds", 10));
  return settings;
}

OutboxSettings read_outbox(const xml::Element& element, const std::filesystem::path& base_dir) {
  OutboxSettings settings;
  settings.directory = resolve(base_dir, attribute(element, "directory").value_or(""));
  const auto receipts = attribute(element, "receipts");
  settings.receipts = receipts ? resolve(base_dir, *receipts) : settings.directory / "receipts";
  const auto ledger = attribute(element, "ledger");
  settings.ledger = ledger ? resolve(base_dir, *ledger) : settings.directory / ".ledger";
  return settings;
}

CsvExportSettings read_csv_export(const xml::Element& element, const std::filesystem::path& base_dir) {
  CsvExportSettings settings;
  settings.directory = resolve(base_dir, attribute(element, "directory").value_or(""));
  settings.file_prefix = attribute(element, "filePrefix").value_or("");
  const std::string encoding = attribute(element, "encoding").value_or("utf-8");
  settings.encoding = encoding == "windows-1252" ? TextEncoding::kWindows1252 : TextEncoding::kUtf8;
  const std::string delimiter = attribute(element, "delimiter").value_or("semicolon");
  settings.delimiter = delimiter == "comma" ? ',' : delimiter == "tab" ? '\t' : ';';
  settings.max_age = std::chrono::hours(number_attribute(element, "maxAgeHours", 36));
  return settings;
}

}  // namespace

namespace detail {

AdapterSettings read_adapter_list(const xml::Element& root, const ids::Kommunkod& municipality,
                                  const std::filesystem::path& base_dir, Problems& problems) {
  const std::string& file_name = problems.file();
  AdapterSettings result{municipality, file_name, {}, {}};
  std::map<AdapterKind, int> kinds_seen;
  for (const auto& element : root.children()) {
    if (element.namespace_uri() != kAdaptersNamespace) continue;  // the schema has said why
    const auto kind = adapter_kind_from_element(element.local_name());
    if (!kind) continue;  // the schema has said why
    ProductSettings binding(*kind, attribute(element, "product").value_or(""), file_name, element.line());
    bool usable = !binding.product().empty();
    const auto refer = [&](const std::filesystem::path& path, std::string what, int line, bool directory) {
      binding.add_file(config::FileReference{path, std::move(what), file_name, line, directory});
    };
    if (const auto [at, first] = kinds_seen.emplace(*kind, element.line()); !first) {
      // Appended, as GCC 12 -O3 falsely warns on "<" + std::string&& (-Wrestrict, GCC bug 105329).
      problems.add(element.line(), std::string("<").append(element_name(*kind)) + "> is bound twice (first at line " +
                                       std::to_string(at->second) + "); a member binds each kind once");
      usable = false;
    }
    if (const auto rest = element.first_child("restApi", kAdaptersNamespace)) {
      const RestApiSettings settings = read_rest_api(*rest, base_dir);
      if (!settings.ca_file.empty()) refer(settings.ca_file, "restApi caFile", rest->line(), false);
      if (!settings.token_file.empty()) refer(settings.token_file, "restApi tokenFile", rest->line(), false);
      binding.set_rest_api(settings, rest->line());
    }
    if (const auto outbox = element.first_child("outbox", kAdaptersNamespace)) {
      binding.set_outbox(read_outbox(*outbox, base_dir), outbox->line());
    }
    if (const auto csv = element.first_child("csvExport", kAdaptersNamespace)) {
      const CsvExportSettings settings = read_csv_export(*csv, base_dir);
      refer(settings.directory, "csvExport directory", csv->line(), true);
      binding.set_csv_export(settings, csv->line());
    }
    std::map<std::string, int> options_seen;
    for (const auto& option : element.children("option", kAdaptersNamespace)) {
      const std::string name = attribute(option, "name").value_or("");
      const auto [at, first] = options_seen.emplace(name, option.line());
      if (!first) {
        problems.add(option.line(), "option " + name + " of <" + std::string(element_name(*kind)) +
                                        "> is given twice (first at line " + std::to_string(at->second) + ")");
        continue;
      }
      binding.set_option(name, collapse(option.text()), option.line());
    }
    result.files.insert(result.files.end(), binding.files().begin(), binding.files().end());
    if (usable) result.bindings.push_back(std::move(binding));
  }
  return result;
}

}  // namespace detail

ProductSettings::ProductSettings(AdapterKind kind, std::string product, std::string file, int line)
    : kind_(kind), product_(std::move(product)), file_(std::move(file)), line_(line) {}

void ProductSettings::set_rest_api(RestApiSettings settings, int line) {
  rest_api_ = Given<RestApiSettings>{std::move(settings), line};
}

void ProductSettings::set_outbox(OutboxSettings settings, int line) {
  outbox_ = Given<OutboxSettings>{std::move(settings), line};
}

void ProductSettings::set_csv_export(CsvExportSettings settings, int line) {
  csv_export_ = Given<CsvExportSettings>{std::move(settings), line};
}

bool ProductSettings::set_option(std::string name, std::string value, int line) {
  return options_.emplace(std::move(name), Option{std::move(value), line}).second;
}

const RestApiSettings& ProductSettings::rest_api() {
  if (!rest_api_) fail("product " + product_ + " needs a <restApi> element");
  used_.insert("<restApi>");
  return rest_api_->value;
}

const OutboxSettings& ProductSettings::outbox() {
  if (!outbox_) fail("product " + product_ + " needs an <outbox> element");
  used_.insert("<outbox>");
  return outbox_->value;
}

const CsvExportSettings& ProductSettings::csv_export() {
  if (!csv_export_) fail("product " + product_ + " needs a <csvExport> element");
  used_.insert("<csvExport>");
  return csv_export_->value;
}

const std::string& ProductSettings::option(std::string_view name) {
  const auto found = options_.find(name);
  if (found == options_.end()) fail("product " + product_ + " needs <option name=\"" + std::string(name) + "\">");
  used_.insert("option:" + found->first);
  return found->second.value;
}

std::string ProductSettings::option_or(std::string_view name, std::string_view fallback) {
  const auto found = options_.find(name);
  if (found == options_.end()) return std::string(fallback);
  used_.insert("option:" + found->first);
  return found->second.value;
}

std::vector<config::Diagnostic> ProductSettings::unused() const {
  std::vector<config::Diagnostic> result;
  const std::string of = " is not a setting of product " + product_;
  const auto check = [&](std::string_view key, bool given, int line) {
    if (given && !used_.contains(key)) result.push_back(config::Diagnostic{file_, line, std::string(key) + of});
  };
  // The line of a setting's element, 0 when it was not given.
  const auto line_of = [](const auto& given) { return given ? given->line : 0; };
  check("<restApi>", rest_api_.has_value(), line_of(rest_api_));
  check("<outbox>", outbox_.has_value(), line_of(outbox_));
  check("<csvExport>", csv_export_.has_value(), line_of(csv_export_));
  for (const auto& [name, option] : options_) {
    if (!used_.contains("option:" + name)) {
      std::string message = "option '" + name + "'";
      message += of;
      result.push_back(config::Diagnostic{file_, option.line, std::move(message)});
    }
  }
  return result;
}

void ProductSettings::reset_use() noexcept { used_.clear(); }

void ProductSettings::fail(const std::string& message) const {
  throw config::ConfigError({config::Diagnostic{file_, line_, message}});
}

const ProductSettings* AdapterSettings::find(AdapterKind kind) const noexcept {
  for (const auto& binding : bindings) {
    if (binding.kind() == kind) return &binding;
  }
  return nullptr;
}

AdapterSettings read_adapter_settings(const xml::Element& adapter_list, const ids::Kommunkod& municipality,
                                      const std::filesystem::path& base_dir) {
  Problems problems(std::string(adapter_list.document_name()));
  AdapterSettings settings = detail::read_adapter_list(adapter_list, municipality, base_dir, problems);
  if (!problems.empty()) problems.raise();
  return settings;
}

AdapterSettings load_adapter_settings(const std::filesystem::path& file, const ids::Kommunkod& municipality,
                                      const std::filesystem::path& xsd_dir) {
  Problems problems(file.string());
  const xml::Document document = config::detail::load_validated(file, xsd_dir / "adapters.xsd", problems);
  const xml::Element root = document.root();
  if (!root.is("adapters", kAdaptersNamespace)) problems.raise();  // the schema has said why
  std::filesystem::path base_dir = file.parent_path();
  if (base_dir.empty()) base_dir = ".";
  // The semantic checks run even when the schema found problems, so that one run reports
  // everything.
  AdapterSettings settings = detail::read_adapter_list(root, municipality, base_dir, problems);
  if (!problems.empty()) problems.raise();
  return settings;
}

}  // namespace samverkan::adapters
