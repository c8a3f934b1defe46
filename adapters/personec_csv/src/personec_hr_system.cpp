#include "samverkan/adapters/personec_csv/personec_hr_system.hpp"

#include <array>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "samverkan/adapters/personec_csv/csv.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/csv.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::adapters::personec_csv {
namespace {

// Column positions in kColumnNames.
using Column = std::size_t;
constexpr Column kId = 0, kPersonnummer = 1, kGivenName = 2, kFamilyName = 3, kPosition = 4, kUnit = 5, kManagerId = 6,
                 kManagerName = 7, kStart = 8, kEnd = 9;
constexpr std::array<std::string_view, 10> kColumnNames = {"Anstnr",     "Personnr", "Fornamn",    "Efternamn",
                                                           "Befattning", "Enhet",    "ChefAnstnr", "ChefNamn",
                                                           "Startdatum", "Slutdatum"};
// Columns a usable export must have; the others may be missing (then empty).
constexpr std::array<Column, 7> kRequired = {kId, kPersonnummer, kGivenName, kFamilyName, kPosition, kUnit, kStart};

bool valid_employment_id(std::string_view id) {
  if (id.empty() || id.size() > 10) return false;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

// One parsed export: each employment's fields, or why its row is unusable. An export that is
// unusable as a whole (unreadable, a missing column) keeps only `problem`.
struct PersonecHrSystem::Snapshot {
  std::filesystem::path file;
  std::filesystem::file_time_type modified;
  std::uintmax_t size = 0;
  std::string problem;  // non-empty: the whole export is unusable
  struct Row {
    std::size_t line = 0;
    std::array<std::string, kColumnNames.size()> fields;
  };
  std::map<std::string, Row, std::less<>> rows;
  std::map<std::string, std::size_t, std::less<>> duplicates;  // employment id -> line of the second row
};

PersonecHrSystem::PersonecHrSystem(CsvExportSettings export_settings, OutboxSettings import_settings,
                                   const Clock& clock, std::string backend)
    : backend_(std::move(backend)),
      export_settings_(std::move(export_settings)),
      import_(std::move(import_settings), backend_ + " import folder"),
      clock_(clock) {}

PersonecHrSystem::~PersonecHrSystem() = default;

std::shared_ptr<const PersonecHrSystem::Snapshot> PersonecHrSystem::snapshot() {
  namespace fs = std::filesystem;
  const fs::path& folder = export_settings_.directory;
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    throw Unavailable(backend_ + ": the export folder " + folder.string() +
                      " is not reachable (is the share mounted?)");
  }

  // The newest export by modification time; the name breaks ties.
  std::optional<fs::directory_entry> newest;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name.front() == '.' || name.rfind(export_settings_.file_prefix, 0) != 0) continue;
    if (name.size() < 4 || name.substr(name.size() - 4) != ".csv") continue;
    std::error_code entry_error;
    if (!it->is_regular_file(entry_error)) continue;
    const auto modified = it->last_write_time(entry_error);
    if (entry_error) continue;
    if (!newest || modified > newest->last_write_time() ||
        (modified == newest->last_write_time() && it->path() > newest->path())) {
      newest = *it;
    }
  }
  if (error) throw Unavailable(backend_ + ": cannot list the export folder " + folder.string());
  if (!newest) throw Unavailable(backend_ + ": no export file in " + folder.string());

  const auto modified = newest->last_write_time();
  const auto age = clock_.now() - std::chrono::file_clock::to_sys(modified);
  if (age > export_settings_.max_age) {
    const auto hours = std::chrono::duration_cast<std::chrono::hours>(age).count();
    throw Unavailable(backend_ + ": the newest export " + newest->path().filename().string() + " is " +
                      std::to_string(hours) + " hours old; the nightly export has probably stopped");
  }
  const std::uintmax_t size = newest->file_size(error);
  if (error) throw Unavailable(backend_ + ": cannot read the export " + newest->path().string());

  std::lock_guard lock(mutex_);
  if (cached_ && cached_->file == newest->path() && cached_->modified == modified && cached_->size == size) {
    return cached_;
  }

  auto fresh = std::make_shared<Snapshot>();
  fresh->file = newest->path();
  fresh->modified = modified;
  fresh->size = size;
  const std::string file_name = fresh->file.filename().string();
  if (size > kMaxExportBytes) {
    fresh->problem = "the export " + file_name + " is larger than " + std::to_string(kMaxExportBytes >> 20) + " MiB";
  } else {
    std::ifstream in(fresh->file, std::ios::binary);
    std::ostringstream bytes;
    if (in) bytes << in.rdbuf();
    if (!in) {
      // Not cached: a file still being copied in may be readable a moment later.
      throw Unavailable(backend_ + ": cannot read the export " + file_name);
    }
    try {
      const auto records = csv::read(to_utf8(bytes.str(), export_settings_.encoding), export_settings_.delimiter);
      if (records.empty()) throw InvalidInput("the export is empty");
      std::array<std::optional<std::size_t>, kColumnNames.size()> index;
      const auto& header = records.front().fields;
      for (std::size_t i = 0; i < header.size(); ++i) {
        for (std::size_t c = 0; c < kColumnNames.size(); ++c) {
          if (trimmed(header[i]) == kColumnNames[c]) index[c] = i;
        }
      }
      for (const Column column : kRequired) {
        if (!index[column]) throw InvalidInput("the header has no column " + std::string(kColumnNames[column]));
      }
      for (std::size_t r = 1; r < records.size(); ++r) {
        Snapshot::Row row;
        row.line = records[r].line;
        for (std::size_t c = 0; c < kColumnNames.size(); ++c) {
          if (index[c] && *index[c] < records[r].fields.size()) row.fields[c] = trimmed(records[r].fields[*index[c]]);
        }
        const std::string id = row.fields[kId];
        if (const auto [at, inserted] = fresh->rows.emplace(id, std::move(row)); !inserted) {
          fresh->duplicates.emplace(id, records[r].line);
        }
      }
    } catch (const InvalidInput& problem) {
      fresh->problem = "the export " + file_name + " is unusable: " + problem.what();
    }
  }
  cached_ = fresh;
  return cached_;
}

Employee PersonecHrSystem::employee(std::string_view employment_id) {
  if (!valid_employment_id(employment_id)) throw InvalidInput("a Personec employment id is 1..10 digits");
  const auto export_data = snapshot();
  if (!export_data->problem.empty()) throw Unavailable(backend_ + ": " + export_data->problem);
  const auto found = export_data->rows.find(employment_id);
  if (found == export_data->rows.end()) throw NotFound(backend_ + " has no employment with that id");
  const auto& row = found->second;
  const std::string where =
      backend_ + ": line " + std::to_string(row.line) + " of " + export_data->file.filename().string();
  if (const auto duplicate = export_data->duplicates.find(employment_id); duplicate != export_data->duplicates.end()) {
    throw Unavailable(where + " and line " + std::to_string(duplicate->second) + " have the same employment id");
  }
  const auto& f = row.fields;
  try {
    const auto today = calendar::utc_date(clock_.now());
    for (const Column column : kRequired) {
      if (f[column].empty()) throw InvalidInput(std::string(kColumnNames[column]) + " is empty");
    }
    Employee result{std::string(employment_id),
                    f[kGivenName],
                    f[kFamilyName],
                    ids::Personnummer::parse_any(f[kPersonnummer], today),
                    calendar::parse_iso_date(f[kStart], "Startdatum"),
                    std::nullopt,
                    f[kPosition],
                    f[kUnit],
                    std::nullopt};
    if (!f[kEnd].empty()) result.end_date = calendar::parse_iso_date(f[kEnd], "Slutdatum");
    if (!f[kManagerId].empty()) {
      if (!valid_employment_id(f[kManagerId])) throw InvalidInput("ChefAnstnr is not an employment id");
      result.manager = ManagerRef{f[kManagerId], f[kManagerName]};
    }
    return result;
  } catch (const InvalidInput& problem) {
    // The export is wrong, not the caller: the next export may fix it.
    throw Unavailable(where + " is malformed: " + problem.what());
  }
}

OrderReceipt PersonecHrSystem::report_change(const EmploymentChange& change) {
  validate(change);
  if (!valid_employment_id(change.employment_id)) throw InvalidInput("a Personec employment id is 1..10 digits");
  if (change.new_manager_employment_id && !valid_employment_id(*change.new_manager_employment_id)) {
    throw InvalidInput("the new manager's employment id is not 1..10 digits");
  }
  const Employee current = employee(change.employment_id);
  if (change.kind == EmploymentChangeKind::kTermination && change.effective_date < current.start_date) {
    throw InvalidInput("a termination cannot end an employment before its start date");
  }
  const char delimiter = export_settings_.delimiter;
  std::string text = csv::format_line({"Anstnr", "Handelse", "Datum", "Befattning", "Enhet", "ChefAnstnr"}, delimiter);
  text +=
      csv::format_line({change.employment_id, change.kind == EmploymentChangeKind::kTermination ? "AVSLUT" : "ANDRING",
                        calendar::format_iso_date(change.effective_date), change.new_position.value_or(""),
                        change.new_unit.value_or(""), change.new_manager_employment_id.value_or("")},
                       delimiter);
  std::string encoded;
  try {
    encoded = from_utf8(text, export_settings_.encoding);
  } catch (const InvalidInput&) {
    throw InvalidInput("the change has characters that Personec's file encoding cannot hold");
  }
  return import_.deliver_file("andring-" + change.idempotency_key.str(), ".csv", encoded);
}

OrderReceipt PersonecHrSystem::register_employment(const NewEmployment& employment) {
  validate(employment);
  const char delimiter = export_settings_.delimiter;
  const auto form = [&] {
    switch (employment.type) {
      case EmploymentType::kPermanent:
        return "TV";
      case EmploymentType::kFixedTerm:
        return "VI";
      case EmploymentType::kHourly:
        return "TIM";
    }
    return "TV";
  }();
  const std::string& digits = employment.personal_number.digits();
  std::string text = csv::format_line({"Anstnr", "Handelse", "Datum", "Personnr", "Fornamn", "Efternamn", "Befattning",
                                       "Enhet", "Anstform", "Slutdatum", "Sysselsattningsgrad", "Manadslon", "Chef"},
                                      delimiter);
  text += csv::format_line(
      {employment.employment_id, "NY", calendar::format_iso_date(employment.start_date),
       digits.substr(0, 8) + "-" + digits.substr(8), employment.given_name, employment.family_name, employment.position,
       employment.unit, form, employment.end_date ? calendar::format_iso_date(*employment.end_date) : std::string(),
       std::to_string(employment.employment_rate), std::to_string(employment.monthly_salary), employment.manager},
      delimiter);
  std::string encoded;
  try {
    encoded = from_utf8(text, export_settings_.encoding);
  } catch (const InvalidInput&) {
    throw InvalidInput("the employment has characters that Personec's file encoding cannot hold");
  }
  return import_.deliver_file("anstallning-" + employment.idempotency_key.str(), ".csv", encoded);
}

}  // namespace samverkan::adapters::personec_csv
