// Archival packages (e-arkiv, FGS Paketstruktur 2.0 = E-ARK CSIP/SIP 2.1.0, CITS ERMS 2.1):
// closed cases of a seeded municipality exported through the services, validated with the
// official schemas from the shared reference folder and the profiles' checkable requirements;
// tampering, missing listings, open cases and other municipalities' cases.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <set>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/casehandling/archive_export.hpp"
#include "samverkan/casehandling/archive_package.hpp"
#include "samverkan/casehandling/archive_validation.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/casehandling/diary.hpp"
#include "samverkan/casehandling/migrations.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/xml/schema.hpp"
#include "support/bare_server.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
using namespace samverkan::casehandling;
namespace fs = std::filesystem;

namespace {

const auto kAneby = ids::Kommunkod::parse("0604");
const auto kEksjo = ids::Kommunkod::parse("0686");
const std::string kPdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";
const Clock::TimePoint kNow = std::chrono::sys_days{std::chrono::year(2026) / 11 / 22} + std::chrono::hours(10);
const std::string kCreated = "2026-11-22T10:00:00.000Z";

fs::path reference_dir() { return test::shared_dir() / "reference"; }

const archive::PackageValidator& validator() {
  static const archive::PackageValidator kValidator(archive::SchemaFiles::in_folder(reference_dir()));
  return kValidator;
}

std::string findings_text(const std::vector<archive::Finding>& findings) {
  std::string text;
  for (const auto& finding : findings) text += archive::format(finding) + "\n";
  return text;
}

bool names(const std::vector<archive::Finding>& findings, std::string_view requirement, std::string_view file = {}) {
  return std::any_of(findings.begin(), findings.end(), [&](const archive::Finding& finding) {
    return finding.requirement == requirement && (file.empty() || finding.file == file);
  });
}

// Runs a shell command; its exit status and stdout+stderr.
std::pair<int, std::string> run_command(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string quoted(const fs::path& path) {
  std::string out = "'";
  for (char c : path.string()) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void copy_package(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy(from, to, fs::copy_options::recursive);
}

void rewrite(const fs::path& file, const std::function<void(std::string&)>& change) {
  std::string text = test::read_file(file);
  change(text);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

// ---------------------------------------------------------------- a case without a database

archive::ArchiveCase sample_case(SecrecyLevel title_secrecy = SecrecyLevel::kPublic) {
  archive::ArchiveCase input;
  CaseRecord& c = input.record;
  c.number = {"KS", 2026, 7};
  c.title = title_secrecy == SecrecyLevel::kPublic ? "Bygglov för förråd på Storgatan 3" : "Orosanmälan rörande barn";
  c.public_title = c.title;
  if (title_secrecy != SecrecyLevel::kPublic) {
    c.title_secrecy = {SecrecyLevel::kSecret, "OSL 26 kap. 1 §", ""};
    c.public_title = "Sekretess enligt OSL 26 kap. 1 §";
  }
  c.case_type = "bygglov";
  c.handling_unit = "Samhällsbyggnad";
  c.officer = "handler-a";
  c.status = CaseStatus::kClosed;
  c.registered_on = "2026-03-02";
  c.registered_by = "registrar-a";
  c.parties = {{PartyKind::kPerson, "198112189876", "Anna Andersson", "sökande"},
               {PartyKind::kOrganisation, "5566778899", "Byggbolaget AB", "ombud"}};
  c.links = {{{"KS", 2026, 3}, "samma fastighet"}};
  input.board_name = "Kommunstyrelsen";
  input.registered_at = kNow - std::chrono::hours(24 * 200);
  input.closed_at = kNow - std::chrono::hours(24);
  const auto document = [&](int n, Direction direction, SecrecyLevel level, const std::string& type,
                            const std::string& content) {
    archive::ArchiveDocument d;
    d.record.case_number = c.number;
    d.record.document_number = n;
    d.record.direction = direction;
    d.record.registered_on = "2026-03-0" + std::to_string(1 + n);
    d.record.title = "Handling " + std::to_string(n) + " & <bilaga>";
    d.record.public_title = d.record.title;
    if (direction != Direction::kDrawnUp) {
      d.record.counterpart_kind = PartyKind::kPerson;
      d.record.counterpart = "Anna Andersson";
    }
    d.record.secrecy.level = level;
    if (level != SecrecyLevel::kPublic) d.record.secrecy.legal_reference = "OSL 26 kap. 1 §";
    if (level == SecrecyLevel::kPartial) d.record.secrecy.masked_parts = "sökandens hälsouppgifter";
    d.record.content_type = type;
    d.content = content;
    d.record.content_size = content.size();
    d.record.content_sha256 = crypto::sha256_hex(content);
    input.documents.push_back(d);
  };
  document(1, Direction::kIncoming, SecrecyLevel::kPublic, "application/pdf", kPdf);
  document(2, Direction::kOutgoing, SecrecyLevel::kPartial, "text/plain", "Beslut: bygglov beviljas.\n");
  document(3, Direction::kDrawnUp, SecrecyLevel::kSecret, "application/pdf", kPdf + "% tjänsteanteckning\n");
  return input;
}

archive::ArchivalCreator aneby() { return {"Aneby kommun", "2120000043", "0604"}; }

archive::PackageOptions options() {
  archive::PackageOptions out;
  out.created = kNow;
  out.software_version = "1.2.3";
  return out;
}

struct PackageFixture {
  test::TempDir dir;
  archive::SchemaFiles schemas = archive::SchemaFiles::in_folder(reference_dir());
  archive::WrittenPackage package =
      archive::write_package(sample_case(), aneby(), schemas, options(), dir.path() / "out");
  fs::path mets = package.folder / "METS.xml";
};

// ---------------------------------------------------------------- a seeded municipality

NewDocument new_document(const std::string& title, SecrecyLevel level, Direction direction = Direction::kIncoming) {
  NewDocument document;
  document.direction = direction;
  document.title = title;
  if (direction != Direction::kDrawnUp) {
    document.counterpart_kind = PartyKind::kPerson;
    document.counterpart = "Anna Andersson";
  }
  document.content_type = "application/pdf";
  document.content = kPdf + "% " + title + "\n";
  document.secrecy.level = level;
  if (level != SecrecyLevel::kPublic) document.secrecy.legal_reference = "OSL 26 kap. 1 §";
  if (level == SecrecyLevel::kPartial) document.secrecy.masked_parts = "sökandens hälsouppgifter";
  return document;
}

BoardDirectory export_boards() {
  BoardDirectory boards;
  boards.add(kAneby, "KS", "Kommunstyrelsen");
  boards.add(kAneby, "BUN", "Barn- och utbildningsnämnden");
  boards.add(kEksjo, "KS", "Kommunstyrelsen");
  return boards;
}

struct Municipalities {
  test::TempDir dir;
  config::Cooperation cooperation = test::test_cooperation();
  std::unique_ptr<storage::Database> db = test::BareServer::open_database(dir, casehandling::migrations(), cooperation);
  crypto::Keyring keyring = crypto::Keyring::from_keys({crypto::Keyring::generate_key("k1")}, "test keys");
  audit::AuditLog audit{keyring};
  ManualClock clock{kNow};
  BoardDirectory boards = export_boards();
  Diary diary{boards};
  CaseService cases{diary, keyring};
  archive::ArchiveExporter exporter{cases, boards};

  security::Principal aneby_registrar =
      security::Principal::staff("registrar-a", {{kAneby, {security::Role::kRegistrar}}});
  security::Principal aneby_handler =
      security::Principal::staff("handler-a", {{kAneby, {security::Role::kCaseHandler}}});
  security::Principal aneby_archivist =
      security::Principal::staff("archivist-a", {{kAneby, {security::Role::kArchivist}}});
  security::Principal eksjo_registrar =
      security::Principal::staff("registrar-e", {{kEksjo, {security::Role::kRegistrar}}});
  security::Principal eksjo_handler =
      security::Principal::staff("handler-e", {{kEksjo, {security::Role::kCaseHandler}}});
  security::Principal eksjo_archivist =
      security::Principal::staff("archivist-e", {{kEksjo, {security::Role::kArchivist}}});

  CaseNumber public_case, partly_secret_case, secret_case, open_case, other_board_case, eksjo_case;

  Municipalities() {
    public_case = seed(kAneby, "KS", "Bygglov för förråd på Storgatan 3", SecrecyLevel::kPublic,
                       {new_document("Ansökan", SecrecyLevel::kPublic),
                        new_document("Beslut", SecrecyLevel::kPublic, Direction::kOutgoing)},
                       true);
    partly_secret_case = seed(kAneby, "KS", "Ansökan om färdtjänst", SecrecyLevel::kPublic,
                              {new_document("Ansökan med läkarintyg", SecrecyLevel::kPartial),
                               new_document("Läkarintyg", SecrecyLevel::kSecret),
                               new_document("Tjänsteanteckning", SecrecyLevel::kPublic, Direction::kDrawnUp)},
                              true);
    secret_case = seed(kAneby, "KS", "Orosanmälan rörande barn", SecrecyLevel::kSecret,
                       {new_document("Anmälan", SecrecyLevel::kSecret)}, true);
    open_case = seed(kAneby, "KS", "Medborgarförslag om parkbänkar", SecrecyLevel::kPublic,
                     {new_document("Förslag", SecrecyLevel::kPublic)}, false);
    other_board_case = seed(kAneby, "BUN", "Skolskjuts", SecrecyLevel::kPublic,
                            {new_document("Ansökan om skolskjuts", SecrecyLevel::kPublic)}, true);
    eksjo_case = seed(kEksjo, "KS", "Eksjös eget ärende", SecrecyLevel::kPublic,
                      {new_document("Eksjös handling", SecrecyLevel::kPublic)}, true);
  }

  CaseNumber seed(const ids::Kommunkod& where, const std::string& diary_prefix, const std::string& title,
                  SecrecyLevel title_secrecy, const std::vector<NewDocument>& documents, bool close) {
    const auto& registrar = where == kAneby ? aneby_registrar : eksjo_registrar;
    const auto& handler = where == kAneby ? aneby_handler : eksjo_handler;
    NewCase input;
    input.diary = diary_prefix;
    input.title = title;
    input.case_type = "ärende";
    input.officer = handler.id();
    if (title_secrecy != SecrecyLevel::kPublic) input.title_secrecy = {SecrecyLevel::kSecret, "OSL 26 kap. 1 §", ""};
    input.parties = {{PartyKind::kPerson, "19811218-9876", "Anna Andersson", "sökande"},
                     {PartyKind::kOrganisation, "556677-8899", "Byggbolaget AB", "ombud"}};
    tenancy::Context ctx(*db, registrar, where, clock, &audit);
    const CaseRecord record = cases.register_case(ctx, input);
    for (const auto& document : documents) cases.add_document(ctx, record.number, document);
    ctx.commit();
    if (close) {
      for (CaseStatus to : {CaseStatus::kPrepared, CaseStatus::kDecided, CaseStatus::kClosed}) {
        tenancy::Context step(*db, handler, where, clock, &audit);
        cases.change_status(step, record.number, to);
        step.commit();
      }
    }
    return record.number;
  }

  std::vector<archive::ExportedPackage> export_as(const security::Principal& who, const ids::Kommunkod& where,
                                                  const archive::ExportSelection& selection, const fs::path& out,
                                                  archive::PackageForm form = archive::PackageForm::kFolderAndTar) {
    tenancy::Context ctx(*db, who, where, clock, &audit, tenancy::Context::Intent::kRead);
    archive::ExportOptions export_options;
    export_options.schema_dir = reference_dir();
    export_options.form = form;
    export_options.submission_agreement = "RA 13-2026/1234";
    auto exported = exporter.export_cases(ctx, selection, out, export_options);
    ctx.commit();
    return exported;
  }

  long long count(const std::string& sql) {
    auto session = db->acquire();
    long long n = 0;
    *session << sql, soci::into(n);
    return n;
  }
};

std::set<std::string> numbers_of(const std::vector<archive::ExportedPackage>& packages) {
  std::set<std::string> out;
  for (const auto& package : packages) out.insert(package.number.str());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(archive_export_alonetest)

BOOST_FIXTURE_TEST_CASE(the_erms_document_is_valid_against_the_official_erms_xsd, PackageFixture) {
  const fs::path erms = package.folder / "metadata/descriptive/ERMS.xml";
  BOOST_TEST(findings_text(validator().validate_erms(erms)) == "");
  // And independently of our validator: ERMS.xsd alone, compiled by libcore.
  const auto schema = xml::Schema::load(schemas.erms);
  BOOST_TEST(schema.validate(xml::parse_file(erms)).empty());
  const std::string text = test::read_file(erms);
  BOOST_TEST(text.find("<objectId>KS 2026/7</objectId>") != std::string::npos);
  BOOST_TEST(text.find("Handling 1 &amp; &lt;bilaga&gt;") != std::string::npos, "titles are escaped by libxml2");
  BOOST_TEST(text.find("<regulation>OSL 26 kap. 1 §</regulation>") != std::string::npos);
  BOOST_TEST(text.find("Delvis sekretess: sökandens hälsouppgifter") != std::string::npos);
  BOOST_TEST(text.find("198112189876") != std::string::npos, "a public case's party as the record holds it");
  BOOST_TEST(text.find("path=\"representations/rep1/data/document-3.pdf\"") != std::string::npos);

  // An ERMS document the schema refuses, and one that breaks a Schematron co-occurrence rule.
  rewrite(erms, [](std::string& t) { t.replace(t.find("<objectId>"), 10, "<objectID>"); });
  BOOST_TEST(names(validator().validate_erms(erms), "ERMS-XSD"));
  rewrite(erms, [](std::string& t) {
    t.replace(t.find("<objectID>"), 10, "<objectId>");
    t.replace(t.find(" otherDirectionDefinition=\"drawn_up\""), 36, "");
  });
  const auto co_occurrence = validator().validate_erms(erms);
  BOOST_TEST(names(co_occurrence, "ERMS-SCH"), findings_text(co_occurrence));
}

BOOST_AUTO_TEST_CASE(a_secret_title_masks_private_persons_as_the_public_register_does) {
  test::TempDir dir;
  const auto schemas = archive::SchemaFiles::in_folder(reference_dir());
  const auto package =
      archive::write_package(sample_case(SecrecyLevel::kSecret), aneby(), schemas, options(), dir.path());
  BOOST_TEST(findings_text(validator().validate(package.folder)) == "");
  const std::string erms = test::read_file(package.folder / "metadata/descriptive/ERMS.xml");
  BOOST_TEST(erms.find("Anna Andersson") == std::string::npos);
  BOOST_TEST(erms.find("198112189876") == std::string::npos);
  BOOST_TEST(erms.find("(privatperson)") != std::string::npos);
  BOOST_TEST(erms.find("Byggbolaget AB") != std::string::npos, "organisations are public");
  BOOST_TEST(erms.find("<otherTitle titleType=\"public\">Sekretess enligt OSL 26 kap. 1 §</otherTitle>") !=
             std::string::npos);
  // No title in any file name, nor in the documentation or the METS.
  for (const auto& file : package.files) BOOST_TEST(file.find("Orosanm") == std::string::npos, file);
  BOOST_TEST(test::read_file(package.folder / "METS.xml").find("Orosanm") == std::string::npos);
  BOOST_TEST(test::read_file(package.folder / "documentation/package.txt").find("Orosanm") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_written_package_is_valid_and_its_mets_says_what_the_profiles_ask, PackageFixture) {
  BOOST_TEST(findings_text(validator().validate(package.folder)) == "");
  BOOST_TEST(package.object_id.starts_with("uuid-"));
  BOOST_TEST(package.object_id.size() == 41u);
  BOOST_TEST(package.folder.filename().string() == package.object_id);
  const std::vector<std::string> expected = {"METS.xml",
                                             "documentation/package.txt",
                                             "metadata/descriptive/ERMS.xml",
                                             "representations/rep1/data/document-1.pdf",
                                             "representations/rep1/data/document-2.txt",
                                             "representations/rep1/data/document-3.pdf",
                                             "schemas/DILCISExtensionMETS.xsd",
                                             "schemas/DILCISExtensionSIPMETS.xsd",
                                             "schemas/ERMS.xsd",
                                             "schemas/mets.xsd",
                                             "schemas/xlink.xsd"};
  BOOST_TEST(package.files == expected, boost::test_tools::per_element());
  const std::string text = test::read_file(mets);
  BOOST_TEST(text.find("csip:CONTENTINFORMATIONTYPE=\"citserms_v2_1\"") != std::string::npos);
  BOOST_TEST(text.find("PROFILE=\"https://earksip.dilcis.eu/profile/E-ARK-SIP.xml\"") != std::string::npos);
  BOOST_TEST(text.find("csip:OAISPACKAGETYPE=\"SIP\"") != std::string::npos);
  BOOST_TEST(text.find("<mets:note csip:NOTETYPE=\"IDENTIFICATIONCODE\">2120000043</mets:note>") != std::string::npos);
  BOOST_TEST(text.find("<mets:note csip:NOTETYPE=\"SOFTWARE VERSION\">1.2.3</mets:note>") != std::string::npos);
  BOOST_TEST(text.find("MIMETYPE=\"application/pdf\"") != std::string::npos, "libmagic's type");
  BOOST_TEST(text.find("CHECKSUM=\"" + crypto::sha256_hex(kPdf) + "\" CHECKSUMTYPE=\"SHA-256\"") != std::string::npos);
  BOOST_TEST(text.find("USE=\"Representations/rep1/data\"") != std::string::npos);
  BOOST_TEST(text.find("http://www.loc.gov/standards/xlink/xlink.xsd") == std::string::npos);
}

// Independent verifiers as oracles: xmllint with an XML catalog (no network) for the schemas,
// GNU tar and sha256sum for the packed form.
BOOST_FIXTURE_TEST_CASE(independent_tools_agree_with_the_validator, PackageFixture) {
  const fs::path wrapper =
      dir.write("wrapper.xsd",
                "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
                "<xs:import namespace=\"http://www.loc.gov/METS/\" schemaLocation=\"file://" +
                    schemas.mets.string() +
                    "\"/>"
                    "<xs:import namespace=\"https://DILCIS.eu/XML/METS/CSIPExtensionMETS\" schemaLocation=\"file://" +
                    schemas.csip_extension.string() +
                    "\"/>"
                    "<xs:import namespace=\"https://DILCIS.eu/XML/METS/SIPExtensionMETS\" schemaLocation=\"file://" +
                    schemas.sip_extension.string() + "\"/></xs:schema>");
  const fs::path catalog = dir.write("catalog.xml",
                                     "<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">"
                                     "<system systemId=\"http://www.loc.gov/standards/xlink/xlink.xsd\" uri=\"file://" +
                                         schemas.xlink.string() +
                                         "\"/>"
                                         "<uri name=\"http://www.loc.gov/standards/xlink/xlink.xsd\" uri=\"file://" +
                                         schemas.xlink.string() +
                                         "\"/>"
                                         "</catalog>");
  const std::string xmllint = "XML_CATALOG_FILES=" + quoted(catalog) + " xmllint --nonet --noout --schema ";
  const auto [mets_status, mets_output] = run_command(xmllint + quoted(wrapper) + " " + quoted(mets));
  BOOST_TEST(mets_status == 0, mets_output);
  const auto [erms_status, erms_output] =
      run_command(xmllint + quoted(schemas.erms) + " " + quoted(package.folder / "metadata/descriptive/ERMS.xml"));
  BOOST_TEST(erms_status == 0, erms_output);
  // The extension attributes are validated too: a value outside DILCISExtensionMETS.xsd fails.
  rewrite(mets, [](std::string& t) {
    t.replace(t.find("csip:OAISPACKAGETYPE=\"SIP\""), 27, "csip:OAISPACKAGETYPE=\"XIP\"");
  });
  BOOST_TEST(run_command(xmllint + quoted(wrapper) + " " + quoted(mets)).first != 0);
  BOOST_TEST(names(validator().validate(package.folder), "METS-XSD"));

  // GNU tar lists what we packed; sha256sum agrees with the METS checksums.
  rewrite(mets, [](std::string& t) {
    t.replace(t.find("csip:OAISPACKAGETYPE=\"XIP\""), 27, "csip:OAISPACKAGETYPE=\"SIP\"");
  });
  const fs::path tar = dir.path() / (package.object_id + ".tar");
  archive::write_tar(package.folder, tar, kNow);
  const auto [tar_status, listing] = run_command("tar -tf " + quoted(tar));
  BOOST_TEST(tar_status == 0, listing);
  for (const auto& file : package.files) {
    BOOST_TEST(listing.find(package.object_id + "/" + file + "\n") != std::string::npos, file);
  }
  const auto [sum_status, sum] =
      run_command("cd " + quoted(package.folder) + " && sha256sum representations/rep1/data/document-1.pdf");
  BOOST_TEST(sum_status == 0);
  BOOST_TEST(test::read_file(mets).find("CHECKSUM=\"" + sum.substr(0, 64) + "\"") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_tampered_file_fails_the_checksum_check, PackageFixture) {
  rewrite(package.folder / "representations/rep1/data/document-1.pdf", [](std::string& t) { t[10] = 'X'; });
  const auto findings = validator().validate(package.folder);
  BOOST_TEST(names(findings, "FIXITY", "representations/rep1/data/document-1.pdf"), findings_text(findings));
  BOOST_TEST(findings.size() == 1u, findings_text(findings));
  // One byte more: the size as well.
  rewrite(package.folder / "representations/rep1/data/document-2.txt", [](std::string& t) { t += "!"; });
  const auto more = validator().validate(package.folder);
  BOOST_TEST(std::count_if(more.begin(), more.end(), [](const auto& f) {
               return f.requirement == "FIXITY" && f.file == "representations/rep1/data/document-2.txt";
             }) == 2);
}

BOOST_FIXTURE_TEST_CASE(a_file_missing_from_the_file_section_is_found, PackageFixture) {
  rewrite(mets, [](std::string& t) {
    const std::regex listing(
        R"(<mets:file ID="file-[0-9]+"[^>]*>\s*<mets:FLocat[^>]*document-2\.txt"/>\s*</mets:file>)");
    BOOST_REQUIRE(std::regex_search(t, listing));
    t = std::regex_replace(t, listing, "");
  });
  const auto findings = validator().validate(package.folder);
  BOOST_TEST(names(findings, "INVENTORY", "representations/rep1/data/document-2.txt"), findings_text(findings));
  // A listed file that is gone.
  fs::remove(package.folder / "representations/rep1/data/document-1.pdf");
  BOOST_TEST(names(validator().validate(package.folder), "INVENTORY", "representations/rep1/data/document-1.pdf"));
  // A file nobody listed.
  test::TempDir other;
  const auto fresh = archive::write_package(sample_case(), aneby(), schemas, options(), other.path());
  std::ofstream(fresh.folder / "representations/rep1/data/extra.txt") << "smuggled";
  BOOST_TEST(names(validator().validate(fresh.folder), "INVENTORY", "representations/rep1/data/extra.txt"));
}

BOOST_FIXTURE_TEST_CASE(the_tar_holds_exactly_the_folder_and_is_checked_again, PackageFixture) {
  const fs::path tar = dir.path() / (package.object_id + ".tar");
  archive::write_tar(package.folder, tar, kNow);
  BOOST_TEST(findings_text(validator().validate_tar(tar, package.folder)) == "");
  std::vector<std::string> packed;
  for (const auto& entry : archive::read_tar(tar)) {
    packed.push_back(entry.path);
    BOOST_TEST(entry.content == test::read_file(dir.path() / "out" / entry.path), entry.path);
  }
  std::vector<std::string> expected;
  for (const auto& file : package.files) expected.push_back(package.object_id + "/" + file);
  BOOST_TEST(packed == expected, boost::test_tools::per_element());
  BOOST_CHECK_THROW(archive::write_tar(package.folder, tar, kNow), Conflict);

  // A tar packed from a tampered copy: both the comparison and the checksums find it.
  test::TempDir other;
  const fs::path copy = other.path() / package.object_id;
  copy_package(package.folder, copy);
  rewrite(copy / "representations/rep1/data/document-3.pdf", [](std::string& t) { t[3] = 'Q'; });
  const fs::path tampered = other.path() / "tampered.tar";
  archive::write_tar(copy, tampered, kNow);
  const auto findings = validator().validate_tar(tampered, package.folder);
  BOOST_TEST(names(findings, "TAR", "representations/rep1/data/document-3.pdf"), findings_text(findings));
  BOOST_TEST(names(findings, "FIXITY", "representations/rep1/data/document-3.pdf"), findings_text(findings));
}

BOOST_AUTO_TEST_CASE(schemas_come_from_the_folder_given_and_never_from_the_network) {
  test::TempDir empty;
  BOOST_CHECK_THROW(archive::SchemaFiles::in_folder(empty.path()), NotFound);
  // A flat folder works as well as the published layout.
  const auto published = archive::SchemaFiles::in_folder(reference_dir());
  for (const fs::path& file :
       {published.mets, published.xlink, published.csip_extension, published.sip_extension, published.erms}) {
    fs::copy_file(file, empty.path() / file.filename());
  }
  for (const auto& entry : fs::directory_iterator(published.csip_vocabularies)) {
    if (entry.path().filename().string().starts_with("CSIPVocabulary"))
      fs::copy_file(entry.path(), empty.path() / entry.path().filename());
  }
  for (const auto& entry : fs::directory_iterator(published.sip_vocabularies)) {
    if (entry.path().filename().string().starts_with("SIPVocabulary"))
      fs::copy_file(entry.path(), empty.path() / entry.path().filename());
  }
  const archive::PackageValidator flat(archive::SchemaFiles::in_folder(empty.path()));
  // Without the local xlink.xsd the METS schema cannot be compiled: nothing is fetched instead.
  fs::remove(empty.path() / "xlink.xsd");
  BOOST_CHECK_THROW(archive::SchemaFiles::in_folder(empty.path()), NotFound);
  auto broken = published;
  broken.xlink = empty.path() / "xlink.xsd";
  BOOST_CHECK_THROW(archive::PackageValidator{broken}, Error);
}

// Each requirement the validator claims to check, broken on purpose in a valid package.
BOOST_FIXTURE_TEST_CASE(every_checked_requirement_has_a_test_that_breaks_it, PackageFixture) {
  using Change = std::function<void(std::string&)>;
  const auto replace = [](std::string from, std::string to) -> Change {
    return [from, to](std::string& t) {
      const auto at = t.find(from);
      BOOST_REQUIRE_MESSAGE(at != std::string::npos, "not in the METS: " + from);
      t.replace(at, from.size(), to);
    };
  };
  const auto erase = [](std::string pattern) -> Change {
    return [pattern](std::string& t) {
      const std::regex re(pattern);
      BOOST_REQUIRE_MESSAGE(std::regex_search(t, re), "not in the METS: " + pattern);
      t = std::regex_replace(t, re, "", std::regex_constants::format_first_only);
    };
  };
  // Changes only the first start tag that begins with `tag`.
  const auto in_tag = [](std::string tag, std::string pattern, std::string to = "") -> Change {
    return [tag, pattern, to](std::string& t) {
      const auto begin = t.find(tag);
      BOOST_REQUIRE_MESSAGE(begin != std::string::npos, "not in the METS: " + tag);
      const auto end = t.find('>', begin);
      std::string element = t.substr(begin, end - begin);
      const std::regex re(pattern);
      BOOST_REQUIRE_MESSAGE(std::regex_search(element, re), "not in " + tag + ": " + pattern);
      element = std::regex_replace(element, re, to, std::regex_constants::format_first_only);
      t.replace(begin, end - begin, element);
    };
  };
  const auto before = [](std::string anchor, std::string insert) -> Change {
    return [anchor, insert](std::string& t) {
      const auto at = t.find(anchor);
      BOOST_REQUIRE_MESSAGE(at != std::string::npos, "not in the METS: " + anchor);
      t.insert(at, insert);
    };
  };
  // Inserts a division at the end of the package's division (the structMap's single div).
  const auto in_package_div = [](std::string insert) -> Change {
    return [insert](std::string& t) {
      const auto at = t.rfind("</mets:div>", t.find("</mets:structMap>"));
      BOOST_REQUIRE(at != std::string::npos);
      t.insert(at, insert);
    };
  };
  const auto attribute = [](std::string name) { return " " + name + "=\"[^\"]*\""; };
  const std::string agents_at = "<mets:agent ROLE=\"ARCHIVIST\"";
  const std::string kOrg = "<mets:name>X</mets:name>";

  struct Case {
    std::vector<std::string> requirements;
    Change change;
  };
  const std::vector<Case> cases = {
      {{"CSIP1"}, replace(" OBJID=\"", " OBJID=\"not-the-folder-")},
      {{"CSIP2"}, replace("TYPE=\"Textual works – Digital\"", "TYPE=\"Novels\"")},
      {{"CSIP3"}, replace("TYPE=\"Textual works – Digital\"", "TYPE=\"OTHER\"")},
      {{"CSIP4"},
       in_tag("<mets:mets", "csip:CONTENTINFORMATIONTYPE=\"[^\"]*\"", "csip:CONTENTINFORMATIONTYPE=\"ERMS4\"")},
      {{"CSIP5"},
       in_tag("<mets:mets", "csip:CONTENTINFORMATIONTYPE=\"[^\"]*\"", "csip:CONTENTINFORMATIONTYPE=\"OTHER\"")},
      {{"CSIP6"}, in_tag("<mets:mets", attribute("PROFILE"))},
      {{"SIP2"},
       replace("PROFILE=\"https://earksip.dilcis.eu/profile/E-ARK-SIP.xml\"", "PROFILE=\"https://example.org/p.xml\"")},
      {{"CSIP117"}, before("<mets:dmdSec", "<mets:metsHdr CREATEDATE=\"" + kCreated + "\"/>")},
      {{"CSIP7"}, in_tag("<mets:metsHdr", attribute("CREATEDATE"))},
      {{"CSIP9"}, replace("csip:OAISPACKAGETYPE=\"SIP\"", "csip:OAISPACKAGETYPE=\"SUBMISSION\"")},
      {{"SIP4"}, replace("csip:OAISPACKAGETYPE=\"SIP\"", "csip:OAISPACKAGETYPE=\"AIP\"")},
      {{"SIP3"}, replace("RECORDSTATUS=\"NEW\"", "RECORDSTATUS=\"FRESH\"")},
      {{"SIP5"}, before("</mets:metsHdr>", "<mets:altRecordID TYPE=\"AGREEMENT\">x</mets:altRecordID>")},
      {{"CSIP10", "CSIP11", "SIP15"},
       [](std::string& t) { t = std::regex_replace(t, std::regex(R"(<mets:agent [\s\S]*?</mets:agent>)"), ""); }},
      {{"CSIP11"}, erase(R"(<mets:agent ROLE="CREATOR" TYPE="OTHER"[\s\S]*?</mets:agent>)")},
      {{"CSIP13"}, replace("OTHERTYPE=\"SOFTWARE\"", "OTHERTYPE=\"HARDWARE\"")},
      {{"CSIP14"}, replace("<mets:name>Samverkan</mets:name>", "<mets:name> </mets:name>")},
      {{"CSIP15"}, erase(R"(<mets:note csip:NOTETYPE="SOFTWARE VERSION">[^<]*</mets:note>)")},
      {{"CSIP16"}, replace("csip:NOTETYPE=\"SOFTWARE VERSION\"", "csip:NOTETYPE=\"VERSION\"")},
      {{"SIP9"}, before(agents_at, "<mets:agent ROLE=\"ARCHIVIST\" TYPE=\"ORGANIZATION\">" + kOrg + "</mets:agent>")},
      {{"SIP10"}, before(agents_at, "<mets:agent TYPE=\"ORGANIZATION\">" + kOrg + "</mets:agent>")},
      {{"SIP11"}, replace("ROLE=\"ARCHIVIST\" TYPE=\"ORGANIZATION\"", "ROLE=\"ARCHIVIST\" TYPE=\"OTHER\"")},
      {{"SIP13"},
       before(agents_at, "<mets:agent ROLE=\"ARCHIVIST\" TYPE=\"ORGANIZATION\">" + kOrg +
                             "<mets:note csip:NOTETYPE=\"IDENTIFICATIONCODE\">1</mets:note>"
                             "<mets:note csip:NOTETYPE=\"IDENTIFICATIONCODE\">2</mets:note></mets:agent>")},
      {{"SIP14"},
       before(agents_at, "<mets:agent ROLE=\"ARCHIVIST\" TYPE=\"ORGANIZATION\">" + kOrg +
                             "<mets:note>1</mets:note></mets:agent>")},
      {{"SIP15"}, replace("ROLE=\"CREATOR\" TYPE=\"ORGANIZATION\"", "ROLE=\"PRESERVATION\" TYPE=\"ORGANIZATION\"")},
      {{"SIP17"}, replace("ROLE=\"CREATOR\" TYPE=\"ORGANIZATION\"", "ROLE=\"CREATOR\" TYPE=\"GROUP\"")},
      {{"SIP18"},
       before(agents_at, "<mets:agent ROLE=\"CREATOR\" TYPE=\"ORGANIZATION\"><mets:name> </mets:name></mets:agent>")},
      {{"SIP20"},
       before(agents_at,
              "<mets:agent ROLE=\"CREATOR\" TYPE=\"ORGANIZATION\">" + kOrg + "<mets:note>1</mets:note></mets:agent>")},
      {{"SIP24"}, before(agents_at, "<mets:agent ROLE=\"CREATOR\" TYPE=\"INDIVIDUAL\"/>")},
      {{"SIP26"},
       before(agents_at, "<mets:agent ROLE=\"PRESERVATION\" TYPE=\"ORGANIZATION\">" + kOrg +
                             "</mets:agent><mets:agent ROLE=\"PRESERVATION\" TYPE=\"ORGANIZATION\">" + kOrg +
                             "</mets:agent>")},
      {{"SIP28"}, before(agents_at, "<mets:agent ROLE=\"PRESERVATION\" TYPE=\"INDIVIDUAL\">" + kOrg + "</mets:agent>")},
      {{"SIP31"},
       before(agents_at, "<mets:agent ROLE=\"PRESERVATION\" TYPE=\"ORGANIZATION\">" + kOrg +
                             "<mets:note>1</mets:note></mets:agent>")},
      {{"CSIP18"}, replace("<mets:dmdSec ID=\"dmd-erms\"", "<mets:dmdSec")},
      {{"CSIP19"}, in_tag("<mets:dmdSec", attribute("CREATED"))},
      {{"CSIP20"}, in_tag("<mets:dmdSec", "STATUS=\"CURRENT\"", "STATUS=\"OLD\"")},
      {{"CSIP22"}, in_tag("<mets:mdRef", "LOCTYPE=\"URL\"", "LOCTYPE=\"OTHER\"")},
      {{"CSIP23"}, in_tag("<mets:mdRef", "xlink:type=\"simple\"", "xlink:type=\"locator\"")},
      {{"CSIP24"}, in_tag("<mets:mdRef", attribute("xlink:href"))},
      {{"CSIP25"}, in_tag("<mets:mdRef", attribute("MDTYPE"))},
      {{"CSIP26"}, in_tag("<mets:mdRef", attribute("MIMETYPE"))},
      {{"CSIP27"}, in_tag("<mets:mdRef", attribute("SIZE"))},
      {{"CSIP28"}, in_tag("<mets:mdRef", attribute("CREATED"))},
      {{"CSIP29"}, in_tag("<mets:mdRef", attribute("CHECKSUM"))},
      {{"CSIP30"}, in_tag("<mets:mdRef", attribute("CHECKSUMTYPE"))},
      {{"CSIP33", "CSIP34", "CSIP36", "CSIP37", "CSIP38", "CSIP39", "CSIP40", "CSIP41", "CSIP42", "CSIP43", "CSIP44",
        "CSIP46", "CSIP47", "CSIP49", "CSIP50", "CSIP51", "CSIP52", "CSIP53", "CSIP54", "CSIP55", "CSIP56", "CSIP57"},
       before("<mets:fileSec",
              "<mets:amdSec><mets:digiprovMD STATUS=\"OLD\"><mets:mdRef LOCTYPE=\"OTHER\" "
              "xlink:type=\"locator\"/></mets:digiprovMD><mets:rightsMD STATUS=\"OLD\"><mets:mdRef "
              "LOCTYPE=\"OTHER\" xlink:type=\"locator\"/></mets:rightsMD></mets:amdSec>")},
      {{"CSIP91"},
       before("<mets:fileSec", "<mets:amdSec><mets:digiprovMD ID=\"prov-1\" STATUS=\"CURRENT\"/></mets:amdSec>")},
      {{"CSIP58"}, before("<mets:structMap", "<mets:fileSec ID=\"filesec-2\"/>")},
      {{"CSIP59"}, replace("<mets:fileSec ID=\"filesec\"", "<mets:fileSec")},
      {{"CSIP60", "CSIP96"}, replace("USE=\"Documentation\"", "USE=\"Docs\"")},
      {{"CSIP113", "CSIP100"}, replace("USE=\"Schemas\"", "USE=\"Schema\"")},
      {{"CSIP114"}, replace("USE=\"Representations/rep1/data\"", "USE=\"Content/rep1/data\"")},
      {{"CSIP62"}, in_tag("<mets:fileGrp ID=\"grp-rep1-data\"", " csip:CONTENTINFORMATIONTYPE=\"[^\"]*\"")},
      {{"CSIP63"},
       in_tag("<mets:fileGrp ID=\"grp-rep1-data\"", "csip:CONTENTINFORMATIONTYPE=\"[^\"]*\"",
              "csip:CONTENTINFORMATIONTYPE=\"OTHER\"")},
      {{"CSIP64"}, replace(" USE=\"Documentation\"", "")},
      {{"CSIP65"}, replace("<mets:fileGrp ID=\"grp-schemas\"", "<mets:fileGrp")},
      {{"CSIP66"}, erase(R"(<mets:file ID="file-1"[\s\S]*?</mets:file>)")},
      {{"CSIP67"}, replace("<mets:file ID=\"file-1\"", "<mets:file")},
      {{"CSIP68"}, in_tag("<mets:file ID=\"file-1\"", attribute("MIMETYPE"))},
      {{"CSIP68"}, in_tag("<mets:file ID=\"file-1\"", "MIMETYPE=\"[^\"]*\"", "MIMETYPE=\"application/pdf\"")},
      {{"CSIP69"}, in_tag("<mets:file ID=\"file-1\"", attribute("SIZE"))},
      {{"CSIP70"}, in_tag("<mets:file ID=\"file-1\"", attribute("CREATED"))},
      {{"CSIP71"}, in_tag("<mets:file ID=\"file-1\"", attribute("CHECKSUM"))},
      {{"CSIP72"}, in_tag("<mets:file ID=\"file-1\"", attribute("CHECKSUMTYPE"))},
      {{"CSIP76"}, erase(R"(<mets:FLocat[^>]*documentation/package\.txt"/>)")},
      {{"CSIP77"}, in_tag("<mets:FLocat", "LOCTYPE=\"URL\"", "LOCTYPE=\"OTHER\"")},
      {{"CSIP78"}, in_tag("<mets:FLocat", "xlink:type=\"simple\"", "xlink:type=\"locator\"")},
      {{"CSIP79"}, in_tag("<mets:FLocat", "xlink:href=\"[^\"]*\"", "xlink:href=\"../documentation/package.txt\"")},
      {{"CSIP80", "CSIP82"}, erase(R"(<mets:structMap[\s\S]*</mets:structMap>)")},
      {{"CSIP81"}, replace("TYPE=\"PHYSICAL\"", "TYPE=\"LOGICAL\"")},
      {{"CSIP82"}, replace("LABEL=\"CSIP\"", "LABEL=\"Other\"")},
      {{"CSIP83"}, replace("<mets:structMap ID=\"structmap-csip\"", "<mets:structMap")},
      {{"CSIP84"}, before("</mets:structMap>", "<mets:div ID=\"div-extra\" LABEL=\"x\"/>")},
      {{"CSIP85"}, replace(" ID=\"div-package\"", "")},
      {{"CSIP88"}, replace("LABEL=\"Metadata\"", "LABEL=\"Meta\"")},
      {{"CSIP89"}, replace("<mets:div ID=\"div-metadata\"", "<mets:div")},
      {{"CSIP92"}, replace(" DMDID=\"dmd-erms\"", "")},
      {{"CSIP93"}, in_package_div("<mets:div ID=\"div-doc-2\" LABEL=\"Documentation\"/>")},
      {{"CSIP94"}, replace("<mets:div ID=\"div-documentation\"", "<mets:div")},
      {{"CSIP96", "CSIP116"},
       replace("<mets:fptr FILEID=\"grp-documentation\"/>", "<mets:fptr FILEID=\"grp-schemas\"/>")},
      {{"CSIP116"}, erase(R"(<mets:div ID="div-documentation"[\s\S]*?</mets:div>)")},
      {{"CSIP97"}, in_package_div("<mets:div ID=\"div-schemas-2\" LABEL=\"Schemas\"/>")},
      {{"CSIP98"}, replace("<mets:div ID=\"div-schemas\"", "<mets:div")},
      {{"CSIP100", "CSIP118"},
       replace("<mets:fptr FILEID=\"grp-schemas\"/>", "<mets:fptr FILEID=\"grp-documentation\"/>")},
      {{"CSIP118"}, erase(R"(<mets:div ID="div-schemas"[\s\S]*?</mets:div>)")},
      {{"CSIP101"}, in_package_div("<mets:div ID=\"div-reps-2\" LABEL=\"Representations\"/>")},
      {{"CSIP102"}, replace("<mets:div ID=\"div-representations\"", "<mets:div")},
      {{"CSIP104", "CSIP119"}, replace("<mets:fptr FILEID=\"grp-rep1-data\"/>", "<mets:fptr FILEID=\"grp-schemas\"/>")},
      {{"CSIP119"}, erase(R"(<mets:div ID="div-representations"[\s\S]*?</mets:div>)")},
      {{"CSIP106", "CSIP107", "CSIP109", "CSIP110", "CSIP111", "CSIP112"},
       in_package_div("<mets:div LABEL=\"Representations/rep2\"><mets:mptr LOCTYPE=\"OTHER\" "
                      "xlink:type=\"locator\"/></mets:div><mets:div ID=\"div-rep3\" "
                      "LABEL=\"Representations/rep3\"/>")},
  };

  std::set<std::string> broken;
  int n = 0;
  for (const Case& c : cases) {
    test::TempDir scratch;
    const fs::path copy = scratch.path() / package.object_id;
    copy_package(package.folder, copy);
    rewrite(copy / "METS.xml", c.change);
    const auto findings = validator().validate(copy);
    for (const auto& requirement : c.requirements) {
      BOOST_TEST(names(findings, requirement), "change " << n << " should break " << requirement << ":\n"
                                                         << findings_text(findings));
      broken.insert(requirement);
    }
    ++n;
  }
  for (std::string_view requirement : archive::checked_requirements()) {
    BOOST_TEST(broken.contains(std::string(requirement)), requirement << " is checked but no test breaks it");
  }
}

BOOST_FIXTURE_TEST_CASE(closed_cases_of_one_municipality_export_as_valid_packages, Municipalities) {
  const fs::path out = dir.path() / "export";
  const auto exported = export_as(aneby_archivist, kAneby, {{"KS"}, 2026}, out);
  // The open case, the other board's case and Eksjö's case are not there.
  const std::set<std::string> expected = {public_case.str(), partly_secret_case.str(), secret_case.str()};
  BOOST_TEST(numbers_of(exported) == expected, boost::test_tools::per_element());
  for (const auto& package : exported) {
    BOOST_TEST(findings_text(validator().validate(package.folder)) == "", package.number.str());
    BOOST_TEST(findings_text(validator().validate_tar(package.tar, package.folder)) == "", package.number.str());
    BOOST_TEST(package.tar.filename().string() == package.object_id + ".tar");
    const std::string mets = test::read_file(package.folder / "METS.xml");
    BOOST_TEST(mets.find("<mets:name>Aneby kommun</mets:name>") != std::string::npos);
    BOOST_TEST(mets.find("RA 13-2026/1234") != std::string::npos, "the submission agreement (SIP5)");
    const std::string erms = test::read_file(package.folder / "metadata/descriptive/ERMS.xml");
    BOOST_TEST(erms.find("Eksjö") == std::string::npos);
    BOOST_TEST(erms.find("<date dateType=\"closed\">") != std::string::npos);
    if (package.number == secret_case) {
      BOOST_TEST(erms.find("Anna Andersson") == std::string::npos);
      BOOST_TEST(erms.find("198112189876") == std::string::npos);
    }
    if (package.number == partly_secret_case) {
      BOOST_TEST(erms.find("Delvis sekretess: sökandens hälsouppgifter") != std::string::npos);
      BOOST_TEST(erms.find("<regulation>OSL 26 kap. 1 §</regulation>") != std::string::npos);
      // The secret document's bytes are delivered, marked: the archive keeps the secrecy.
      BOOST_TEST(fs::exists(package.folder / "representations/rep1/data/document-2.pdf"));
    }
  }
  // Every board, every year: the other board's closed case as well, never the open one.
  const auto everything = export_as(aneby_archivist, kAneby, {}, dir.path() / "all", archive::PackageForm::kTar);
  BOOST_TEST(numbers_of(everything).contains(other_board_case.str()));
  BOOST_TEST(!numbers_of(everything).contains(open_case.str()));
  for (const auto& package : everything) {
    BOOST_TEST(package.folder.empty());
    BOOST_TEST(fs::exists(package.tar));
  }
  // The audit trail names what was exported, by number and package.
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE municipality = '0604' AND action = 'archive.export' "
                   "AND outcome = 'success'") == 2);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'archive.export' AND detail LIKE '%" +
                   secret_case.str() + " uuid-%'") >= 1);
}

BOOST_FIXTURE_TEST_CASE(another_municipality_and_other_roles_get_nothing, Municipalities) {
  // Eksjö's archivist exports Eksjö's case only.
  const auto eksjo = export_as(eksjo_archivist, kEksjo, {}, dir.path() / "eksjo");
  BOOST_TEST(numbers_of(eksjo) == std::set<std::string>{eksjo_case.str()}, boost::test_tools::per_element());
  BOOST_TEST(test::read_file(eksjo.front().folder / "METS.xml").find("Eksjö kommun") != std::string::npos);
  // Aneby's archivist in Eksjö: as if there were nothing (hidden); a registrar may not export.
  BOOST_CHECK_THROW(export_as(aneby_archivist, kEksjo, {}, dir.path() / "x"), NotFound);
  BOOST_CHECK_THROW(export_as(aneby_registrar, kAneby, {}, dir.path() / "y"), Forbidden);
  BOOST_TEST(!fs::exists(dir.path() / "x"));
  BOOST_TEST(!fs::exists(dir.path() / "y"));
  // A board Aneby does not have, a malformed prefix, a malformed year.
  BOOST_CHECK_THROW(export_as(aneby_archivist, kAneby, {{"SBN"}, {}}, dir.path() / "z"), InvalidInput);
  BOOST_CHECK_THROW(export_as(aneby_archivist, kAneby, {{"ks'--"}, {}}, dir.path() / "z"), InvalidInput);
  BOOST_CHECK_THROW(export_as(aneby_archivist, kAneby, {{}, 26}, dir.path() / "z"), InvalidInput);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'archive.export' AND outcome = 'refused'") == 2);
}

BOOST_AUTO_TEST_SUITE_END()
