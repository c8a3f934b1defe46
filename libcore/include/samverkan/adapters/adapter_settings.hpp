#pragma once
/// Per-municipality adapter settings: which implementation serves each adapter kind, and how to
/// reach its backend. They sit inside each <municipality> of the cooperation file, in the
/// adapters namespace (xsd/adapters.xsd, imported by xsd/cooperation.xsd), and are read by
/// config::load_cooperation into config::Municipality::adapters:
///
///   <municipality code="0686"> ...
///     <adapters xmlns="urn:samverkan:adapters:1">
///       <adapter kind="HrSystem" name="eksjo.hr.personec">
///         <csvExport directory="/srv/personec/export" filePrefix="anstallda_" encoding="windows-1252"
///                    delimiter="semicolon" maxAgeHours="36"/>
///         <outbox directory="/srv/personec/import"/>
///       </adapter>
///     </adapters>
///   </municipality>
///
/// Relative paths are resolved against the folder of the cooperation file. Secrets (API
/// tokens) are never in the file: <restApi tokenFile="..."> names a file that holds the token.
/// Which transport elements and options an implementation needs is checked by the
/// municipality's register_adapters, which reports a missing one with the file and line.

#include <chrono>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/config/diagnostics.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/ids/kommunkod.hpp"

namespace samverkan::xml {
class Element;
}

namespace samverkan::adapters {

/// <restApi>: an HTTPS API with JSON bodies.
struct RestApiSettings {
  std::string base_url{};              ///< "https://servicedesk.example.se/api/v1", without a trailing '/'
  std::filesystem::path ca_file{};     ///< PEM file of trusted certificates; empty: the system's CAs
  std::filesystem::path token_file{};  ///< file holding a bearer token, read per request; empty: none
  std::chrono::seconds timeout{10};    ///< for connecting, sending and receiving, each (1..300 s)
};

/// <outbox>: a folder the backend picks orders up from, and a folder where it leaves receipts.
struct OutboxSettings {
  std::filesystem::path directory{};  ///< orders are written here (temporary file, then rename)
  std::filesystem::path receipts{};   ///< receipts from the backend; default directory/receipts
  std::filesystem::path ledger{};     ///< our record of what was sent under which key; default directory/.ledger
};

enum class TextEncoding {
  kUtf8,
  kWindows1252,  ///< what many Swedish HR and payroll exports still use
};

/// <csvExport>: a folder the backend drops CSV exports into (the newest one counts).
struct CsvExportSettings {
  std::filesystem::path directory{};
  std::string file_prefix{};  ///< only files named <prefix>*.csv count; may be empty
  char delimiter = ';';       ///< ';', ',' or '\t'
  TextEncoding encoding = TextEncoding::kUtf8;
  std::chrono::hours max_age{36};  ///< an older newest export means the export job stopped
};

/// One <adapter> element of the file.
struct AdapterSetting {
  AdapterKind kind = AdapterKind::kHrSystem;
  std::string name{};  ///< the implementation name, "eksjo.hr.personec"
  std::string file{};  ///< the settings file, for messages
  int line = 0;        ///< the <adapter> element's line
  std::optional<RestApiSettings> rest_api{};
  std::optional<OutboxSettings> outbox{};
  std::optional<CsvExportSettings> csv_export{};
  std::map<std::string, std::string, std::less<>> options{};  ///< <option name="customer">EKSJO</option>

  /// The element's transport settings. Throw config::ConfigError "file:line: adapter
  /// eksjo.hr.personec needs <restApi>" when absent.
  const RestApiSettings& require_rest_api() const;
  const OutboxSettings& require_outbox() const;
  const CsvExportSettings& require_csv_export() const;
  /// An option's value. Throws config::ConfigError naming the option when absent.
  const std::string& require_option(std::string_view option) const;
  /// An option's value, or `fallback`.
  std::string option_or(std::string_view option, std::string_view fallback) const;
  /// Throws config::ConfigError "file:line: <message>" located at this adapter.
  [[noreturn]] void fail(const std::string& message) const;

  /// Returns make(), turning a samverkan::InvalidInput it throws (a bad URL, an unreadable CA
  /// file) into a config::ConfigError located at this adapter, so that start-up stops with the
  /// file and line. A ConfigError passes through unchanged.
  template <typename Make>
  auto build(Make&& make) const -> decltype(make()) {
    try {
      return make();
    } catch (const config::ConfigError&) {
      throw;
    } catch (const InvalidInput& error) {
      fail("adapter " + name + ": " + error.what());
    }
  }
};

/// One municipality's adapter settings.
struct AdapterSettings {
  ids::Kommunkod municipality;
  std::filesystem::path source_file{};     ///< the cooperation file, for messages
  std::vector<AdapterSetting> adapters{};  ///< in file order; at most one per kind; empty: none

  /// The setting for `kind`, or nullptr when the municipality has no such adapter.
  const AdapterSetting* find(AdapterKind kind) const noexcept;

  /// Throws config::ConfigError when the file is for another municipality than `expected`
  /// (`who` names the expected one in the message, e.g. "Eksjö (0686)"). Every
  /// register_adapters calls this first.
  void expect_municipality(const ids::Kommunkod& expected, std::string_view who) const;
};

/// Throws config::ConfigError at the setting's line when its name is not one of `known`, e.g.
/// "Eksjö has no HrSystem implementation 'eksjo.hr.heroma' (known: eksjo.hr.personec)".
void expect_implementation(const AdapterSetting& setting, std::string_view municipality_name,
                           std::initializer_list<std::string_view> known);

/// Reads an <adapters> list (type a:AdapterList) that the caller has validated against
/// xsd/adapters.xsd, for `municipality`; `base_dir` resolves relative paths. Throws
/// config::ConfigError (file:line: message) for what the schema cannot say: two adapters of one
/// kind, an implementation name used twice, an option given twice.
/// config::load_cooperation does this for every member; use it directly only for a list of
/// your own.
AdapterSettings read_adapter_settings(const xml::Element& adapter_list, const ids::Kommunkod& municipality,
                                      const std::filesystem::path& base_dir);

/// For a program that links libcore without a cooperation file: loads a file whose root is
/// <adapters xmlns="urn:samverkan:adapters:1">, validated against `xsd_dir`/adapters.xsd, as
/// the settings of `municipality`; relative paths resolve against the file's folder. Throws
/// config::ConfigError listing every problem (unreadable or malformed file, a DOCTYPE, schema
/// violations, the semantic problems above).
AdapterSettings load_adapter_settings(const std::filesystem::path& file, const ids::Kommunkod& municipality,
                                      const std::filesystem::path& xsd_dir = config::default_xsd_dir());

}  // namespace samverkan::adapters
