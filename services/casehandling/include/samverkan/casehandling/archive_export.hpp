#pragma once
/// Export of one municipality's closed cases as archival packages (archive_package.hpp), one
/// package per case, for `samverkan archive export`. The cases are read through CaseService in
/// the caller's context (one transaction; every read checked and audited as any other read),
/// and one "archive.export" audit entry names what was exported.
///
///   tenancy::Context ctx(db, archivist, kommunkod, clock, &audit, tenancy::Context::Intent::kRead);
///   archive::ArchiveExporter exporter(cases, boards);
///   const auto result = exporter.export_cases(ctx, {.diaries = {"KS"}, .year = 2026}, out, options);
///   ctx.commit();

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/casehandling/archive_package.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::casehandling::archive {

/// Which closed cases: by board diary (prefixes; empty: every board) and registration year
/// (none: every year). Retention classes are not recorded on cases yet, so they cannot select.
struct ExportSelection {
  std::vector<std::string> diaries;
  std::optional<int> year;
};

enum class PackageForm { kFolder, kTar, kFolderAndTar };

struct ExportOptions {
  std::filesystem::path schema_dir;  ///< the official schemas (SchemaFiles::in_folder)
  PackageForm form = PackageForm::kFolderAndTar;
  std::string submission_agreement;  ///< optional (SIP5)
  std::string software_version;      ///< empty: this build's version
  /// Validate each package after writing (and its tar after packing); a finding stops the
  /// export with samverkan::InternalError naming it. On by default.
  bool validate = true;
};

struct ExportedPackage {
  CaseNumber number;
  std::string object_id;
  std::filesystem::path folder;  ///< empty when only the tar was kept
  std::filesystem::path tar;     ///< empty for kFolder
};

class ArchiveExporter {
 public:
  /// `cases` and `boards` must outlive the exporter.
  ArchiveExporter(CaseService& cases, const BoardDirectory& boards) : cases_(cases), boards_(boards) {}

  /// Writes a package for every closed case of ctx's municipality the selection names, in
  /// diary-number order, into `out_folder` (created when missing). Needs
  /// Permission::kArchiveExport (and the reads' own permissions: case.read, and
  /// secret-document.read for secret documents). Throws samverkan::InvalidInput for a malformed
  /// diary prefix or year and for a board the municipality does not have, samverkan::Conflict
  /// when a package's folder or tar exists already. A closed case without documents is left
  /// out (a package needs content, CSIP114); the audit entry lists what was exported.
  std::vector<ExportedPackage> export_cases(tenancy::Context& ctx, const ExportSelection& selection,
                                            const std::filesystem::path& out_folder, const ExportOptions& options);

  /// The numbers of the closed cases the selection names (Permission::kArchiveExport), in order.
  std::vector<CaseNumber> closed_cases(tenancy::Context& ctx, const ExportSelection& selection);

 private:
  ArchiveCase read_case(tenancy::Context& ctx, const CaseNumber& number);

  CaseService& cases_;
  const BoardDirectory& boards_;
};

}  // namespace samverkan::casehandling::archive
