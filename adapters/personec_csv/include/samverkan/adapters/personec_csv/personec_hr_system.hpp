#pragma once
/// Personec P (an HR and payroll system) reached through its files, the way many municipalities
/// run it: Personec drops a CSV export of every employment into an export folder every night,
/// and reads change files from an import folder (its "inläsning"). No network API is involved.
/// Product personec-csv (register.hpp).
///
/// Export files: the newest <filePrefix>*.csv in the export folder counts (by modification
/// time). A header line names the columns; their order is free and extra columns are ignored:
///   Anstnr;Personnr;Fornamn;Efternamn;Befattning;Enhet;ChefAnstnr;ChefNamn;Startdatum;Slutdatum
///   100234;19850312-2383;Anna;Andersson;Undersköterska;Äldreomsorg Norr;100017;Karin Lund;2026-08-17;
/// Anstnr is 1..10 digits; Personnr a personnummer or samordningsnummer in any accepted form;
/// dates YYYY-MM-DD; ChefAnstnr, ChefNamn and Slutdatum may be empty. Fields may be quoted
/// ("...", with "" for a quote). The encoding and delimiter come from <csvExport>.
///
/// Change files, one per change, written atomically as andring-<key>.csv into the import folder
/// (<outbox>), same encoding and delimiter:
///   Anstnr;Handelse;Datum;Befattning;Enhet;ChefAnstnr
///   100234;ANDRING;2026-09-01;Enhetschef;;
/// Handelse is ANDRING (a change; empty columns stay unchanged) or AVSLUT (termination, Datum is
/// the last day). The receipt id of report_change is the change file's name without ".csv".

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/adapters/hr_system.hpp"
#include "samverkan/adapters/outbox_folder.hpp"
#include "samverkan/core/clock.hpp"

namespace samverkan::adapters::personec_csv {

class PersonecHrSystem final : public HrSystem {
 public:
  /// The largest export read (100 MiB).
  static constexpr std::uintmax_t kMaxExportBytes = 100u << 20;

  /// `clock` (which must outlive this) decides whether the export is too old and resolves the
  /// century of ten-digit personnummer. `backend` names the system in messages ("Exempelby's HR
  /// system (personec-csv)").
  PersonecHrSystem(CsvExportSettings export_settings, OutboxSettings import_settings, const Clock& clock,
                   std::string backend = "Personec");
  ~PersonecHrSystem() override;

  /// Reads the newest export (again only when it changed). Throws samverkan::InvalidInput for an
  /// employment id that is not 1..10 digits, samverkan::NotFound when the export has no such
  /// employment, samverkan::Unavailable when the export folder is unreachable, holds no export,
  /// the newest is older than maxAgeHours, lacks a required column, or the employment's row is
  /// malformed (the message gives the export's line, never the row's content).
  Employee employee(std::string_view employment_id) override;

  /// Checks the change (validate(), the employment exists, a termination is not before the
  /// start date, the texts can be written in the export's encoding) and writes its change file.
  OrderReceipt report_change(const EmploymentChange& change) override;

 private:
  struct Snapshot;
  std::shared_ptr<const Snapshot> snapshot();

  std::string backend_;
  CsvExportSettings export_settings_;
  OutboxFolder import_;
  const Clock& clock_;
  std::mutex mutex_;
  std::shared_ptr<const Snapshot> cached_;
};

}  // namespace samverkan::adapters::personec_csv
