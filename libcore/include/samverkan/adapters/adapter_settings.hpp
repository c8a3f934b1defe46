#pragma once
/// Which product serves each adapter kind of a member, and that product's settings. They sit
/// inside each <municipality> of the cooperation file, in the adapters namespace
/// (xsd/adapters.xsd, imported by xsd/cooperation.xsd), and are read by
/// config::load_cooperation into config::Municipality::adapters:
///
///   <municipality code="..."> ...
///     <adapters xmlns="urn:samverkan:adapters:2">
///       <hrSystem product="personec-csv">
///         <outbox directory="/srv/personec/import"/>
///         <csvExport directory="/srv/personec/export" filePrefix="anstallda_" encoding="windows-1252"
///                    delimiter="semicolon" maxAgeHours="36"/>
///       </hrSystem>
///       <itServiceDesk product="servicedesk-rest">
///         <restApi baseUrl="https://desk.example/api/v1" tokenFile="secrets/desk.token"/>
///         <option name="customer">C-17</option>
///       </itServiceDesk>
///     </adapters>
///   </municipality>
///
/// One element per kind bound (hrSystem, caseSystem, itServiceDesk, propertyAccess,
/// permissionSystem, printVendor), its product key in `product`, the product's settings as
/// children: the transports <restApi>, <outbox>, <csvExport> and named <option>s. Which of them
/// a product reads is the product's business (see its connector's header); a product reads
/// them through ProductSettings, which records what was read, so that a setting no product
/// read is reported (adapters::bind_products) without a list to maintain.
///
/// Relative paths are resolved against the folder of the cooperation file. Secrets (API
/// tokens) are never in the file: <restApi tokenFile="..."> names a file that holds the token.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
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

/// The namespace of the adapter settings: urn:samverkan:adapters:2.
inline constexpr std::string_view kAdaptersNamespace = "urn:samverkan:adapters:2";

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

/// One binding of the file (<hrSystem product="personec-csv">...) and the settings it gives,
/// as the product's factory reads them. Reading a setting (rest_api(), option(), ...) marks it
/// used; unused() then lists what the product did not read. Not thread-safe (a factory reads
/// its own copy at start-up).
class ProductSettings {
 public:
  /// A binding of `kind` to `product`, named at `file`:`line`, with no settings yet.
  ProductSettings(AdapterKind kind, std::string product, std::string file = {}, int line = 0);

  AdapterKind kind() const noexcept { return kind_; }
  /// The product key, "personec-csv".
  const std::string& product() const noexcept { return product_; }
  /// The cooperation file, for messages.
  const std::string& file() const noexcept { return file_; }
  /// The binding element's line.
  int line() const noexcept { return line_; }

  /// Setters for the loader (and tests): each setting with the line of its element.
  void set_rest_api(RestApiSettings settings, int line = 0);
  void set_outbox(OutboxSettings settings, int line = 0);
  void set_csv_export(CsvExportSettings settings, int line = 0);
  /// Returns false (and keeps the first) when the option is already set.
  bool set_option(std::string name, std::string value, int line = 0);
  /// Records a file the settings name (restApi caFile and tokenFile, csvExport directory).
  void add_file(config::FileReference reference) { files_.push_back(std::move(reference)); }

  /// The files the settings name, for config::check_referenced_files.
  const std::vector<config::FileReference>& files() const noexcept { return files_; }

  /// The transport settings, marked used. Throw config::ConfigError at the binding's line
  /// ("product servicedesk-rest needs <restApi>") when absent.
  const RestApiSettings& rest_api();
  const OutboxSettings& outbox();
  const CsvExportSettings& csv_export();
  /// An option's value, marked used. Throws config::ConfigError naming the option when absent.
  const std::string& option(std::string_view name);
  /// An option's value (marked used), or `fallback` when absent.
  std::string option_or(std::string_view name, std::string_view fallback);

  /// Whether the binding gives the setting; does not mark it used.
  bool has_rest_api() const noexcept { return rest_api_.has_value(); }
  bool has_outbox() const noexcept { return outbox_.has_value(); }
  bool has_csv_export() const noexcept { return csv_export_.has_value(); }
  bool has_option(std::string_view name) const { return options_.contains(name); }

  /// One diagnostic per setting given but not read, at its own line: "<csvExport> is not a
  /// setting of product hr-rest", "option 'region' is not a setting of product print-folder".
  std::vector<config::Diagnostic> unused() const;
  /// Forgets what was read (a fresh copy for another factory run).
  void reset_use() noexcept;

  /// Throws config::ConfigError "file:line: <message>" located at this binding.
  [[noreturn]] void fail(const std::string& message) const;

 private:
  struct Option {
    std::string value;
    int line = 0;
  };
  template <typename T>
  struct Given {
    T value;
    int line;  // no default member initializer: with one, clang 14 crashes generating code for unused()
  };

  AdapterKind kind_;
  std::string product_;
  std::string file_;
  int line_ = 0;
  std::optional<Given<RestApiSettings>> rest_api_{};
  std::optional<Given<OutboxSettings>> outbox_{};
  std::optional<Given<CsvExportSettings>> csv_export_{};
  std::map<std::string, Option, std::less<>> options_{};
  std::set<std::string, std::less<>> used_{};  // "<restApi>", "<outbox>", "<csvExport>", "option:name"
  std::vector<config::FileReference> files_{};
};

/// One municipality's bindings: its <adapters> element.
struct AdapterSettings {
  ids::Kommunkod municipality;
  std::filesystem::path source_file{};      ///< the cooperation file, for messages
  std::vector<ProductSettings> bindings{};  ///< in file order; empty: none
  /// Every binding's files() together, in file order: for tools that provision or list them
  /// all (the binder checks each binding's own).
  std::vector<config::FileReference> files{};

  /// The binding of `kind`, or nullptr when the municipality binds none.
  const ProductSettings* find(AdapterKind kind) const noexcept;
};

/// Reads an <adapters> list (type a:AdapterList) that the caller has validated against
/// xsd/adapters.xsd, for `municipality`; `base_dir` resolves relative paths. Throws
/// config::ConfigError (file:line: message) for what the schema cannot say: a kind bound twice
/// (both lines), an option given twice. config::load_cooperation does this for every member;
/// use it directly only for a list of your own.
AdapterSettings read_adapter_settings(const xml::Element& adapter_list, const ids::Kommunkod& municipality,
                                      const std::filesystem::path& base_dir);

/// For a program that links libcore without a cooperation file: loads a file whose root is
/// <adapters xmlns="urn:samverkan:adapters:2">, validated against `xsd_dir`/adapters.xsd, as
/// the settings of `municipality`; relative paths resolve against the file's folder. Throws
/// config::ConfigError listing every problem (unreadable or malformed file, a DOCTYPE, schema
/// violations, the problems above).
AdapterSettings load_adapter_settings(const std::filesystem::path& file, const ids::Kommunkod& municipality,
                                      const std::filesystem::path& xsd_dir = config::default_xsd_dir());

}  // namespace samverkan::adapters
