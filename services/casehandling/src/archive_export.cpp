#include "samverkan/casehandling/archive_export.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/casehandling/archive_validation.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/storage/row.hpp"

namespace samverkan::casehandling::archive {
namespace {

using security::Permission;

// An invalid package is removed (folder and tar) before the export stops: nothing half-valid
// is left to be delivered by mistake.
void fail_on(const std::vector<Finding>& findings, const std::string& what, const std::filesystem::path& folder,
             const std::filesystem::path& tar) {
  if (findings.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(folder, ignored);
  if (!tar.empty()) std::filesystem::remove(tar, ignored);
  std::string message = what + " is not a valid package:";
  for (const auto& finding : findings) message += "\n  " + format(finding);
  throw InternalError(message);
}

}  // namespace

std::vector<CaseNumber> ArchiveExporter::closed_cases(tenancy::Context& ctx, const ExportSelection& selection) {
  std::string object;
  for (const auto& diary : selection.diaries) {
    if (!object.empty()) object += ',';
    object.append(diary, 0, 16);
  }
  ctx.require(Permission::kArchiveExport, {"archive.export", "diary", object});
  if (selection.year && (*selection.year < 1000 || *selection.year > 9999)) {
    throw InvalidInput("the year must have four digits");
  }
  std::vector<std::string> diaries = selection.diaries;
  for (const auto& diary : diaries) {
    if (!is_valid_prefix(diary)) {
      std::string message = "'";
      message.append(diary, 0, 16).append("' is not a diary prefix");
      throw InvalidInput(message);
    }
    boards_.require(ctx.municipality(), diary);  // InvalidInput for a board this municipality lacks
  }
  if (diaries.empty()) diaries.emplace_back();  // the empty prefix switches the filter off

  std::vector<CaseNumber> numbers;
  const int year = selection.year.value_or(0);
  for (const auto& diary : diaries) {
    // Filters switched off by bound empty values, so the statement's text never depends on input.
    const auto rows = ctx.sql().rows(
        "SELECT prefix, year, number FROM diary_case WHERE {{tenant}} AND status = 'closed' "
        "AND (:prefix = '' OR prefix = :prefix) AND (:year = 0 OR year = :year) ORDER BY prefix, year, number",
        soci::use(diary, "prefix"), soci::use(year, "year"));
    for (const auto& row : rows) {
      numbers.push_back({storage::row_text(row, 0), storage::row_int<int>(row, 1), storage::row_int<int>(row, 2)});
    }
  }
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  return numbers;
}

ArchiveCase ArchiveExporter::read_case(tenancy::Context& ctx, const CaseNumber& number) {
  ArchiveCase out;
  out.record = cases_.get_case(ctx, number);
  const BoardInfo* board = boards_.find(ctx.municipality(), number.prefix);
  out.board_name = board != nullptr ? board->name : number.prefix;
  for (const HistoryEntry& entry : cases_.history(ctx, number)) {
    if (entry.action == "registered" && !out.registered_at) out.registered_at = entry.at;
    if (entry.action == "status" && entry.detail.ends_with("-> closed")) out.closed_at = entry.at;
  }
  for (DocumentRecord& document : cases_.documents(ctx, number)) {
    ArchiveDocument archived;
    archived.content = cases_.document_content(ctx, number, document.document_number);
    archived.record = std::move(document);
    out.documents.push_back(std::move(archived));
  }
  return out;
}

std::vector<ExportedPackage> ArchiveExporter::export_cases(tenancy::Context& ctx, const ExportSelection& selection,
                                                           const std::filesystem::path& out_folder,
                                                           const ExportOptions& options) {
  const std::vector<CaseNumber> numbers = closed_cases(ctx, selection);
  const SchemaFiles schemas = SchemaFiles::in_folder(options.schema_dir);
  std::optional<PackageValidator> validator;
  if (options.validate) validator.emplace(schemas);

  ArchivalCreator creator;
  creator.kommunkod = ctx.municipality().str();
  {
    soci::indicator name_indicator = soci::i_null;
    soci::indicator number_indicator = soci::i_null;
    ctx.sql().exec("SELECT name, organisation_number FROM municipality WHERE code = :tenant",
                   soci::into(creator.name, name_indicator), soci::into(creator.organisation_number, number_indicator));
    if (name_indicator != soci::i_ok) throw NotFound("municipality " + creator.kommunkod + " is not registered");
  }

  std::vector<ExportedPackage> exported;
  std::string detail;
  for (const CaseNumber& number : numbers) {
    const ArchiveCase input = read_case(ctx, number);
    if (input.documents.empty()) continue;  // nothing to deliver (CSIP114); listed in the audit detail
    PackageOptions package_options;
    package_options.created = ctx.now();
    package_options.submission_agreement = options.submission_agreement;
    package_options.software_version = options.software_version;
    const WrittenPackage written = write_package(input, creator, schemas, package_options, out_folder);
    if (validator) fail_on(validator->validate(written.folder), number.str(), written.folder, {});

    ExportedPackage package{number, written.object_id, written.folder, {}};
    if (options.form != PackageForm::kFolder) {
      package.tar = out_folder / (written.object_id + ".tar");
      write_tar(written.folder, package.tar, ctx.now());
      if (validator) {
        fail_on(validator->validate_tar(package.tar, written.folder), package.tar.filename().string(), written.folder,
                package.tar);
      }
      if (options.form == PackageForm::kTar) {
        std::filesystem::remove_all(written.folder);
        package.folder.clear();
      }
    }
    detail += (detail.empty() ? "" : "; ") + number.str() + " " + written.object_id;
    exported.push_back(std::move(package));
  }
  // What was exported, by diary number and package id (no titles, no names).
  ctx.audit({"archive.export", "archive-package", std::to_string(exported.size()) + " packages",
             detail.empty() ? "no closed cases" : detail});
  return exported;
}

}  // namespace samverkan::casehandling::archive
