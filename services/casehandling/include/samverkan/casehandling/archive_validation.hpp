#pragma once
/// Validation of archival packages (archive_package.hpp) against the official schemas and the
/// requirements of the E-ARK CSIP 2.1.0 and SIP 2.1.0 profiles that a program can check.
///
///   const archive::PackageValidator validator(archive::SchemaFiles::in_folder(schema_dir));
///   for (const auto& finding : validator.validate(package_folder)) ...
///
/// Every finding names the requirement it breaks: a profile id ("CSIP67", "SIP4"), "METS-XSD" /
/// "ERMS-XSD" for the schemas, "ERMS-SCH" for CITS ERMS's Schematron co-occurrence rules,
/// "FIXITY" for a checksum or size that does not match the bytes, "INVENTORY" for a file in the
/// folder that no METS lists or a listed file that is not there, "TAR" for a packed form that
/// differs from the folder. Which profile requirements are checked: kCheckedRequirements.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/casehandling/archive_package.hpp"

namespace samverkan::casehandling::archive {

struct Finding {
  std::string requirement;  ///< "CSIP67", "SIP4", "METS-XSD", "FIXITY", ...
  std::string file;         ///< the file concerned, relative to the package folder
  std::string message;
};

/// "CSIP67 METS.xml: ..." for messages and test output.
std::string format(const Finding& finding);

/// The CSIP and SIP requirement ids validate() checks, in profile order.
const std::vector<std::string_view>& checked_requirements();

/// Compiled schemas and the controlled vocabularies, loaded once; validate() may then run on
/// several threads at once.
class PackageValidator {
 public:
  /// Compiles METS (with the CSIP and SIP extension attributes, xlink from the local copy:
  /// never from the network) and ERMS, and reads the vocabularies. Throws xml::XmlError when a
  /// schema cannot be loaded, samverkan::NotFound for a missing vocabulary file.
  explicit PackageValidator(const SchemaFiles& schemas);
  PackageValidator(PackageValidator&&) noexcept;
  PackageValidator& operator=(PackageValidator&&) noexcept;
  ~PackageValidator();

  /// Every finding for the package folder (empty: valid). Never throws for a bad package:
  /// unreadable or malformed files are findings.
  std::vector<Finding> validate(const std::filesystem::path& package_folder) const;

  /// ERMS.xsd and the Schematron co-occurrence rules, for one ERMS document.
  std::vector<Finding> validate_erms(const std::filesystem::path& erms_file) const;

  /// The packed form: the tar holds exactly the folder's files (one top-level folder named as
  /// the package), each with the same bytes; then every checksum in the packed METS is checked
  /// again against the packed bytes.
  std::vector<Finding> validate_tar(const std::filesystem::path& tar_file,
                                    const std::filesystem::path& package_folder) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Loads the schemas from `schema_dir` (SchemaFiles::in_folder) and validates one package.
std::vector<Finding> validate_package(const std::filesystem::path& package_folder,
                                      const std::filesystem::path& schema_dir);

}  // namespace samverkan::casehandling::archive
