#include "samverkan/adapters/adapter_settings.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "adapters/settings_reader.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/xml/element.hpp"

namespace samverkan::adapters {
namespace {

constexpr std::string_view kNamespace = "urn:samverkan:adapters:1";

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
  std::vector<AdapterSetting> adapters;
  std::map<std::string, int> kinds_seen;
  std::map<std::string, int> names_seen;
  for (const auto& element : root.children("adapter", kNamespace)) {
    AdapterSetting setting;
    setting.file = file_name;
    setting.line = element.line();
    const std::string kind_text = attribute(element, "kind").value_or("");
    setting.name = attribute(element, "name").value_or("");
    const auto kind = adapter_kind_from_string(kind_text);
    bool usable = kind.has_value() && !setting.name.empty();
    if (kind) {
      setting.kind = *kind;
      const auto [at, first] = kinds_seen.emplace(kind_text, element.line());
      if (!first) {
        problems.add(element.line(), "a second " + kind_text + " adapter (first defined at line " +
                                         std::to_string(at->second) + "); a municipality has at most one per kind");
        usable = false;
      }
    }
    if (!setting.name.empty()) {
      const auto [at, first] = names_seen.emplace(setting.name, element.line());
      if (!first) {
        problems.add(element.line(), "duplicate implementation name " + setting.name + " (first used at line " +
                                         std::to_string(at->second) + ")");
        usable = false;
      }
    }
    if (const auto rest = element.first_child("restApi", kNamespace)) setting.rest_api = read_rest_api(*rest, base_dir);
    if (const auto outbox = element.first_child("outbox", kNamespace)) setting.outbox = read_outbox(*outbox, base_dir);
    if (const auto csv = element.first_child("csvExport", kNamespace)) {
      setting.csv_export = read_csv_export(*csv, base_dir);
    }
    std::map<std::string, int> options_seen;
    for (const auto& option : element.children("option", kNamespace)) {
      const std::string name = attribute(option, "name").value_or("");
      const auto [at, first] = options_seen.emplace(name, option.line());
      if (!first) {
        problems.add(option.line(), "option " + name + " of " + setting.name + " is given twice (first at line " +
                                        std::to_string(at->second) + ")");
        continue;
      }
      setting.options.emplace(name, collapse(option.text()));
    }
    if (usable) adapters.push_back(std::move(setting));
  }
  return AdapterSettings{municipality, file_name, std::move(adapters)};
}

}  // namespace detail

const RestApiSettings& AdapterSetting::require_rest_api() const {
  if (!rest_api) fail("adapter " + name + " needs a <restApi> element");
  return *rest_api;
}

const OutboxSettings& AdapterSetting::require_outbox() const {
  if (!outbox) fail("adapter " + name + " needs an <outbox> element");
  return *outbox;
}

const CsvExportSettings& AdapterSetting::require_csv_export() const {
  if (!csv_export) fail("adapter " + name + " needs a <csvExport> element");
  return *csv_export;
}

const std::string& AdapterSetting::require_option(std::string_view option) const {
  const auto found = options.find(option);
  if (found == options.end()) fail("adapter " + name + " needs <option name=\"" + std::string(option) + "\">");
  return found->second;
}

std::string AdapterSetting::option_or(std::string_view option, std::string_view fallback) const {
  const auto found = options.find(option);
  return found == options.end() ? std::string(fallback) : found->second;
}

void AdapterSetting::fail(const std::string& message) const {
  throw config::ConfigError({config::Diagnostic{file, line, message}});
}

const AdapterSetting* AdapterSettings::find(AdapterKind kind) const noexcept {
  for (const auto& adapter : adapters) {
    if (adapter.kind == kind) return &adapter;
  }
  return nullptr;
}

void AdapterSettings::expect_municipality(const ids::Kommunkod& expected, std::string_view who) const {
  if (municipality == expected) return;
  throw config::ConfigError({config::Diagnostic{
      source_file.string(), 0,
      "adapter settings for municipality " + municipality.str() + " given to " + std::string(who)}});
}

void expect_implementation(const AdapterSetting& setting, std::string_view municipality_name,
                           std::initializer_list<std::string_view> known) {
  for (const auto name : known) {
    if (name == setting.name) return;
  }
  std::string list;
  for (const auto name : known) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  setting.fail(std::string(municipality_name) + " has no " + std::string(to_string(setting.kind)) +
               " implementation '" + setting.name + "'" + (list.empty() ? std::string() : " (known: " + list + ")"));
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
  if (!root.is("adapters", kNamespace)) problems.raise();  // the schema has said why
  std::filesystem::path base_dir = file.parent_path();
  if (base_dir.empty()) base_dir = ".";
  // The semantic checks run even when the schema found problems, so that one run reports
  // everything.
  AdapterSettings settings = detail::read_adapter_list(root, municipality, base_dir, problems);
  if (!problems.empty()) problems.raise();
  return settings;
}

}  // namespace samverkan::adapters
