#pragma once
/// The cooperation (samverkan) configuration: the member municipalities, their boards and
/// units, contact details and branding. Loaded from an XML file validated against
/// xsd/cooperation.xsd, then checked for rules a schema cannot express (Luhn of organisation
/// numbers, county codes, duplicates, the host being a member).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/core/error.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/ids/organisationsnummer.hpp"

namespace samverkan::config {

struct Contact {
  std::string email;
  std::string phone;
  std::string address;
  std::string website;
};

struct Branding {
  std::string primary_color;  ///< "#RRGGBB"
  std::string logo_url;       ///< may be empty
};

/// A board (nämnd) with its own diary: KS, KF, BUN, SBN, ...
struct Board {
  std::string prefix;  ///< diary prefix, upper-case letters, unique within the municipality
  std::string name;    ///< "Kommunstyrelsen"
};

/// An organisational unit that can handle errands (e.g. "Gatuenheten").
struct Unit {
  std::string id;  ///< stable key, unique within the municipality
  std::string name;
};

struct Municipality {
  ids::Kommunkod code;
  ids::Organisationsnummer organisation_number;
  std::string name;  ///< "Aneby kommun"
  std::string short_name;  ///< "Aneby"
  Contact contact;
  Branding branding;
  std::vector<Board> boards;
  std::vector<Unit> units;
};

struct Cooperation {
  std::string id;    ///< stable key, e.g. "hoglandet"
  std::string name;  ///< "Höglandets IT"
  ids::Kommunkod host;
  std::vector<Municipality> members;
  std::filesystem::path source_file;

  /// The member with this code, or nullptr.
  const Municipality* find(const ids::Kommunkod& code) const noexcept;
};

/// One problem found in a configuration file.
struct Diagnostic {
  std::string file;
  int line = 0;  ///< 1-based; 0 when unknown
  std::string message;
};

/// Thrown when a configuration file is unreadable, malformed, invalid against the schema or
/// breaks a rule. what() lists every diagnostic as "file:line: message", one per line.
class ConfigError : public InvalidInput {
 public:
  explicit ConfigError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// The folder holding our schemas: $SAMVERKAN_XSD_DIR if set, else the source tree's xsd/
/// when it exists (development builds), else the installed share/samverkan/xsd.
std::filesystem::path default_xsd_dir();

/// Loads and validates a cooperation file. Throws ConfigError with all problems found.
Cooperation load_cooperation(const std::filesystem::path& file,
                             const std::filesystem::path& xsd_dir = default_xsd_dir());

}  // namespace samverkan::config
