#pragma once
/// Archival packages (e-arkiv): one closed case as an E-ARK Submission Information Package, the
/// form Riksarkivet's FGS Paketstruktur 2.0 takes (E-ARK CSIP 2.1.0 + SIP 2.1.0), with the
/// case described in CITS ERMS 2.1 (FGS Ärendehantering 2.0):
///
///   uuid-…/METS.xml                         the package METS (CSIP/SIP 2.1.0)
///   uuid-…/metadata/descriptive/ERMS.xml    the case, its parties, documents, secrecy marks
///   uuid-…/representations/rep1/data/…      the documents' bytes as registered
///   uuid-…/schemas/…                        the XML schemas the package uses (CSIP113)
///   uuid-…/documentation/package.txt        what the package holds (CSIP60 needs one file)
///
/// and the same folder as one POSIX (pax) tar, `uuid-….tar`, whose single top-level folder is
/// the package (CSIP1: the package's name is its OBJID). The writer is pure: it takes the
/// records already read (archive_export.hpp reads them through the services) and writes files.
///
/// Nothing personal beyond what the record holds: parties and counterparts as the case record
/// has them; when the case's title is secret, private persons are masked as the public register
/// masks them ("(privatperson)", no identity number).

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/casehandling/case_service.hpp"

namespace samverkan::casehandling::archive {

/// The official schema files a package is written with and validated against. Nothing is
/// bundled with the product: the archivist points at a folder holding the published files.
struct SchemaFiles {
  std::filesystem::path mets;               ///< METS 1.12 (mets.xsd), imports xlink from loc.gov
  std::filesystem::path xlink;              ///< the local copy of xlink.xsd mets.xsd imports
  std::filesystem::path csip_extension;     ///< DILCISExtensionMETS.xsd (csip: attributes)
  std::filesystem::path sip_extension;      ///< DILCISExtensionSIPMETS.xsd (sip: attributes)
  std::filesystem::path erms;               ///< CITS ERMS 2.1 (ERMS.xsd)
  std::filesystem::path csip_vocabularies;  ///< folder of CSIPVocabulary*.xml
  std::filesystem::path sip_vocabularies;   ///< folder of SIPVocabulary*.xml

  /// The files in `folder`, either laid out as the published repositories are
  /// (eark/csip/mets.xsd, eark/csip/DILCISExtensionMETS.xsd, eark/sip/DILCISExtensionSIPMETS.xsd,
  /// fgs/erms-dilcis/ERMS.xsd, fgs/paketstruktur/xlink.xsd, the vocabularies beside the METS
  /// extensions) or all directly in `folder`.
  /// Throws samverkan::NotFound naming every file that is missing.
  static SchemaFiles in_folder(const std::filesystem::path& folder);
};

/// The CITS ERMS content information type (CSIPVocabularyContentInformationType: version 2.1
/// of CITS ERMS, the version ERMS.xsd 2.1.2 implements).
inline constexpr std::string_view kContentInformationType = "citserms_v2_1";
/// The SIP profile a package declares (SIP2).
inline constexpr std::string_view kSipProfile = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml";
/// The METS content category (CSIPVocabularyContentCategory): a case file is text.
inline constexpr std::string_view kContentCategory = "Textual works – Digital";

/// The municipality whose records these are (the archival creator, arkivbildare).
struct ArchivalCreator {
  std::string name;                 ///< the municipality's name, e.g. "Exempelby kommun"
  std::string organisation_number;  ///< its organisation number, ten digits
  std::string kommunkod;            ///< its four-digit code (SCB)
};

struct ArchiveDocument {
  DocumentRecord record;
  std::string content;  ///< the registered bytes
};

/// One closed case as read from the diary.
struct ArchiveCase {
  CaseRecord record;
  std::string board_name;  ///< "Kommunstyrelsen" (the diary's board)
  std::optional<Clock::TimePoint> registered_at;
  std::optional<Clock::TimePoint> closed_at;  ///< when the status became closed
  std::vector<ArchiveDocument> documents;
};

struct PackageOptions {
  std::string software_name = "Samverkan";
  std::string software_version;  ///< empty: this build's version
  /// The submission agreement (leveransöverenskommelse), SIP5's altRecordID; optional.
  std::string submission_agreement;
  Clock::TimePoint created{};  ///< the package's creation time (the caller's clock)
  std::string object_id;       ///< empty: a new "uuid-<UUID v4>"
};

struct WrittenPackage {
  std::string object_id;
  std::filesystem::path folder;    ///< <parent>/<object_id>
  std::vector<std::string> files;  ///< every file, relative to the folder, sorted
};

/// Writes one case as a SIP folder in `parent` (created when missing). Throws
/// samverkan::Conflict when the package folder exists already, samverkan::NotFound when a schema
/// file is missing, samverkan::Unavailable when a file cannot be written or libmagic cannot be
/// loaded.
WrittenPackage write_package(const ArchiveCase& input, const ArchivalCreator& creator, const SchemaFiles& schemas,
                             const PackageOptions& options, const std::filesystem::path& parent);

/// Packs a package folder as one POSIX pax tar at `tar_file`: the folder itself is the one
/// top-level entry, files in sorted order, modes 0644/0755, owner 0, times from `mtime`.
/// Throws samverkan::Unavailable when the folder cannot be read or the tar written.
void write_tar(const std::filesystem::path& package_folder, const std::filesystem::path& tar_file,
               Clock::TimePoint mtime);

/// The regular files of a tar and their bytes, in archive order (paths as stored). For
/// verification and tests; throws samverkan::InvalidInput for an unreadable archive and
/// samverkan::TooLarge past `max_total_bytes`.
struct TarEntry {
  std::string path;
  std::string content;
};
std::vector<TarEntry> read_tar(const std::filesystem::path& tar_file,
                               std::size_t max_total_bytes = std::size_t{4} * 1024 * 1024 * 1024);

/// "uuid-" and a random (version 4) UUID.
std::string new_object_id();

}  // namespace samverkan::casehandling::archive
