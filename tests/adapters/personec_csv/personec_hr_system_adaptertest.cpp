// Eksjö's Personec HR adapter against a local export folder and import folder: the test plays
// Personec, dropping Windows-1252 CSV exports and reading the change files.
#include "samverkan/adapters/personec_csv/personec_hr_system.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "samverkan/adapters/personec_csv/csv.hpp"
#include "samverkan/core/csv.hpp"
#include "samverkan/core/error.hpp"
#include "support/temp_dir.hpp"

namespace adapters = samverkan::adapters;
namespace personec_csv = samverkan::adapters::personec_csv;
namespace csv = samverkan::csv;
namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

constexpr const char* kHeader =
    "Anstnr;Personnr;Fornamn;Efternamn;Befattning;Enhet;ChefAnstnr;ChefNamn;Startdatum;"
    "Slutdatum;Lonekod\r\n";
constexpr const char* kAnna =
    "100234;19850312-2387;Anna;Andersson;Undersköterska;\"Äldreomsorg; Norr\";100017;Karin Lund;2026-08-17;;A1\r\n";
constexpr const char* kKarin = "100017;700101-1233;Karin;Lund;Enhetschef;Äldreomsorg;;;2015-01-01;;C2\r\n";
constexpr const char* kSam = "100301;19900172-4567;Sam;Öberg;Vikarie;Kök;100017;;2026-06-01;2026-08-31;A1\r\n";

const sys_days kToday = sys_days(2026y / August / 10d);

struct Personec {
  samverkan::test::TempDir dir;
  samverkan::ManualClock clock{kToday + hours(6)};
  adapters::CsvExportSettings export_settings{dir / "export", "anstallda_", ';', adapters::TextEncoding::kWindows1252,
                                              hours(36)};
  adapters::OutboxSettings import_settings{dir / "import", dir / "import/receipts", dir / "ledger"};

  Personec() {
    fs::create_directories(export_settings.directory);
    fs::create_directories(import_settings.directory);
  }

  // Drops an export as Personec does: Windows-1252, modified `age` before the clock's now.
  fs::path drop_export(const std::string& name, const std::string& utf8_text, hours age = hours(4)) {
    const fs::path file =
        dir.write("export/" + name, personec_csv::from_utf8(utf8_text, adapters::TextEncoding::kWindows1252));
    fs::last_write_time(file, file_clock::from_sys(clock.now() - age));
    return file;
  }

  personec_csv::PersonecHrSystem hr() {
    return personec_csv::PersonecHrSystem(export_settings, import_settings, clock);
  }

  std::vector<std::string> change_files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(import_settings.directory)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }
};

template <typename Error, typename Body>
std::string message_of(Body&& body) {
  try {
    body();
  } catch (const Error& error) {
    return error.what();
  }
  BOOST_FAIL("expected an exception");
  return {};
}

adapters::EmploymentChange change(const char* key = "change-100234-1") {
  adapters::EmploymentChange result{adapters::IdempotencyKey::parse(key), "100234",
                                    adapters::EmploymentChangeKind::kChange, 2026y / September / 1d};
  result.new_position = "Enhetschef";
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(personec_hr_system_adaptertest)

BOOST_FIXTURE_TEST_CASE(an_employee_is_read_from_the_newest_export, Personec) {
  drop_export("anstallda_20260809.csv", std::string(kHeader) + "100234;19850312-2387;Old;Name;X;Y;;;2026-08-17;;\r\n",
              hours(28));
  drop_export("anstallda_20260810.csv", std::string(kHeader) + kKarin + kAnna + kSam);
  drop_export("lonearter_20260810.csv", "not an employment export");  // another prefix: ignored
  auto personec = hr();

  const auto anna = personec.employee("100234");
  BOOST_TEST(anna.employment_id == "100234");
  BOOST_TEST(anna.given_name == "Anna");
  BOOST_TEST(anna.family_name == "Andersson");
  BOOST_TEST(anna.personal_number.digits() == "198503122387");
  BOOST_TEST(anna.position == "Undersköterska");
  BOOST_TEST(anna.unit == "Äldreomsorg; Norr");
  BOOST_TEST((anna.start_date == 2026y / August / 17d));
  BOOST_TEST(!anna.end_date.has_value());
  BOOST_REQUIRE(anna.manager.has_value());
  BOOST_TEST(anna.manager->employment_id == "100017");
  BOOST_TEST(anna.manager->name == "Karin Lund");

  const auto karin = personec.employee("100017");  // ten-digit personnummer, century from the clock
  BOOST_TEST(karin.personal_number.digits() == "197001011233");
  BOOST_TEST(!karin.manager.has_value());

  const auto sam = personec.employee("100301");
  BOOST_TEST(sam.personal_number.is_samordningsnummer());
  BOOST_TEST((sam.end_date == 2026y / August / 31d));
  BOOST_TEST(sam.family_name == "Öberg");
}

BOOST_FIXTURE_TEST_CASE(unknown_and_malformed_ids, Personec) {
  drop_export("anstallda_20260810.csv", std::string(kHeader) + kAnna);
  auto personec = hr();
  BOOST_CHECK_THROW(personec.employee("999999"), samverkan::NotFound);
  for (const char* bad : {"", "abc", "12345678901", "1002 34"}) {
    BOOST_CHECK_THROW(personec.employee(bad), samverkan::InvalidInput);
  }
}

BOOST_FIXTURE_TEST_CASE(an_export_that_is_missing_or_stale_is_unavailable, Personec) {
  auto personec = hr();
  BOOST_TEST(message_of<samverkan::Unavailable>([&] { personec.employee("100234"); }).find("no export file") !=
             std::string::npos);

  drop_export("anstallda_20260808.csv", std::string(kHeader) + kAnna, hours(40));
  const std::string stale = message_of<samverkan::Unavailable>([&] { personec.employee("100234"); });
  BOOST_TEST(stale.find("is 40 hours old") != std::string::npos, stale);

  clock.set(kToday - hours(2));  // the same export, read the morning after it was made
  BOOST_TEST(personec.employee("100234").given_name == "Anna");

  fs::remove_all(export_settings.directory);  // the share is gone
  const std::string gone = message_of<samverkan::Unavailable>([&] { personec.employee("100234"); });
  BOOST_TEST(gone.find("not reachable") != std::string::npos, gone);
}

BOOST_FIXTURE_TEST_CASE(a_broken_export_is_unavailable_without_personal_data, Personec) {
  drop_export("anstallda_20260810.csv",
              std::string(kHeader) + kKarin + "100234;19850312-2388;Anna;Andersson;X;Y;;;2026-08-17;;\r\n");
  auto personec = hr();
  const std::string message = message_of<samverkan::Unavailable>([&] { personec.employee("100234"); });
  BOOST_TEST(message.find("line 3 of anstallda_20260810.csv is malformed") != std::string::npos, message);
  BOOST_TEST(message.find("850312") == std::string::npos, "no personnummer in messages: " << message);
  BOOST_TEST(message.find("Anna") == std::string::npos, message);
  BOOST_TEST(personec.employee("100017").given_name == "Karin", "other rows still work");

  drop_export("anstallda_20260810.csv", "Anstnr;Fornamn\r\n100234;Anna\r\n");
  const std::string header = message_of<samverkan::Unavailable>([&] { personec.employee("100234"); });
  BOOST_TEST(header.find("has no column Personnr") != std::string::npos, header);

  drop_export("anstallda_20260810.csv", std::string(kHeader) + kAnna + kAnna);
  BOOST_CHECK_THROW(personec.employee("100234"), samverkan::Unavailable);  // two rows, one id

  dir.write("export/anstallda_20260810.csv", std::string(kHeader) + "100234;\x81;\r\n");  // undefined in 1252
  fs::last_write_time(dir / "export/anstallda_20260810.csv", file_clock::from_sys(clock.now() - hours(1)));
  BOOST_CHECK_THROW(personec.employee("100234"), samverkan::Unavailable);
}

BOOST_FIXTURE_TEST_CASE(a_new_export_is_picked_up, Personec) {
  drop_export("anstallda_20260810.csv", std::string(kHeader) + kKarin);
  auto personec = hr();
  BOOST_CHECK_THROW(personec.employee("100234"), samverkan::NotFound);
  drop_export("anstallda_20260811.csv", std::string(kHeader) + kKarin + kAnna, hours(1));
  BOOST_TEST(personec.employee("100234").given_name == "Anna");
}

BOOST_FIXTURE_TEST_CASE(a_change_becomes_one_change_file, Personec) {
  drop_export("anstallda_20260810.csv", std::string(kHeader) + kKarin + kAnna);
  auto personec = hr();
  auto promoted = change();
  promoted.new_unit = "Hemtjänst Öst";
  const auto receipt = personec.report_change(promoted);
  BOOST_TEST(receipt.id == "andring-change-100234-1");
  BOOST_TEST(!receipt.replayed);
  const std::string bytes = samverkan::test::read_file(dir / "import/andring-change-100234-1.csv");
  BOOST_TEST(personec_csv::to_utf8(bytes, adapters::TextEncoding::kWindows1252) ==
             "Anstnr;Handelse;Datum;Befattning;Enhet;ChefAnstnr\r\n"
             "100234;ANDRING;2026-09-01;Enhetschef;Hemtjänst Öst;\r\n");
  BOOST_TEST(bytes.find("\xD6st") != std::string::npos, "Ö is one Windows-1252 byte");

  const auto retry = personec.report_change(promoted);
  BOOST_TEST(retry.replayed);
  BOOST_TEST(change_files().size() == 1U);
  BOOST_CHECK_THROW(personec.report_change(change()), samverkan::Conflict);  // same key, other change

  adapters::EmploymentChange termination{adapters::IdempotencyKey::parse("end-100234"), "100234",
                                         adapters::EmploymentChangeKind::kTermination, 2026y / December / 31d};
  BOOST_TEST(personec.report_change(termination).id == "andring-end-100234");
  BOOST_TEST(samverkan::test::read_file(dir / "import/andring-end-100234.csv").find("AVSLUT;2026-12-31") !=
             std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(invalid_changes_are_refused_before_anything_is_written, Personec) {
  drop_export("anstallda_20260810.csv", std::string(kHeader) + kKarin + kAnna);
  auto personec = hr();
  adapters::EmploymentChange early{adapters::IdempotencyKey::parse("end-1"), "100234",
                                   adapters::EmploymentChangeKind::kTermination, 2026y / August / 16d};
  BOOST_CHECK_THROW(personec.report_change(early), samverkan::InvalidInput);  // before the start date

  auto polish = change("c2");
  polish.new_unit = "Łódź";
  BOOST_CHECK_THROW(personec.report_change(polish), samverkan::InvalidInput);  // not in Windows-1252

  auto unknown = change("c3");
  unknown.employment_id = "999999";
  BOOST_CHECK_THROW(personec.report_change(unknown), samverkan::NotFound);

  auto manager = change("c4");
  manager.new_manager_employment_id = "chef";
  BOOST_CHECK_THROW(personec.report_change(manager), samverkan::InvalidInput);
  BOOST_TEST(change_files().empty());
}

BOOST_FIXTURE_TEST_CASE(an_unreachable_import_folder_is_unavailable, Personec) {
  drop_export("anstallda_20260810.csv", std::string(kHeader) + kAnna);
  auto personec = hr();
  fs::remove_all(import_settings.directory);
  BOOST_CHECK_THROW(personec.report_change(change()), samverkan::Unavailable);
  fs::create_directories(import_settings.directory);
  BOOST_TEST(!personec.report_change(change()).replayed, "the failed attempt left no claim");
}

BOOST_AUTO_TEST_CASE(csv_dialect) {
  const auto records = csv::read(
      "\xEF\xBB\xBF"
      "a;b\r\n\r\n\"x;1\";\"say \"\"hi\"\"\"\n\"multi\nline\";z\n\"\"\nlast;",
      ';');
  BOOST_REQUIRE_EQUAL(records.size(), 5U);
  BOOST_TEST(records[0].fields == (std::vector<std::string>{"a", "b"}), boost::test_tools::per_element());
  BOOST_TEST(records[1].line == 3);
  BOOST_TEST(records[1].fields == (std::vector<std::string>{"x;1", "say \"hi\""}), boost::test_tools::per_element());
  BOOST_TEST(records[2].fields[0] == "multi\nline");
  BOOST_TEST(records[3].line == 6);
  BOOST_TEST(records[3].fields == std::vector<std::string>{""}, boost::test_tools::per_element());
  BOOST_TEST(records[4].fields == (std::vector<std::string>{"last", ""}), boost::test_tools::per_element());

  BOOST_CHECK_THROW(csv::read("a;\"open\n", ';'), samverkan::InvalidInput);
  BOOST_CHECK_THROW(csv::read("a;\"x\"y\n", ';'), samverkan::InvalidInput);
  BOOST_TEST(csv::format_line({"a", "b;c", "say \"hi\""}, ';') == "a;\"b;c\";\"say \"\"hi\"\"\"\r\n");
  BOOST_TEST(personec_csv::to_utf8("\x80 \xE5", adapters::TextEncoding::kWindows1252) == "€ å");
  BOOST_TEST(personec_csv::from_utf8("€ å", adapters::TextEncoding::kWindows1252) == "\x80 \xE5");
  BOOST_CHECK_THROW(personec_csv::to_utf8("\xE5", adapters::TextEncoding::kUtf8), samverkan::InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()
