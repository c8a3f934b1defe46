#pragma once
// The built-in diary as an adapters::CaseSystem, checked the same way on SQLite
// (diary_case_system_test) and PostgreSQL (diary_case_system_pgtest).
#include <boost/test/unit_test.hpp>

#include "casehandling_fixture.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/casehandling/diary_case_system.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::test {

struct DiaryCaseSystemFixture : CasehandlingFixture {
  explicit DiaryCaseSystemFixture(Backend backend = Backend::kSqlite, std::size_t pool = 4)
      : CasehandlingFixture(backend, pool) {}

  casehandling::CaseService cases{diary, keyring};
  casehandling::DiaryCaseSystem aneby_diary{*db, keyring, audit_log, test_boards(), kAneby, clock};
  casehandling::DiaryCaseSystem eksjo_diary{*db, keyring, audit_log, test_boards(), kEksjo, clock};

  static adapters::IncomingDocument application(const char* key = "errand-0604-ET-2026-000001") {
    using namespace std::chrono;
    adapters::IncomingDocument d{adapters::IdempotencyKey::parse(key), "BUN", "Ansökan om skolskjuts",
                                 "Tolvan Tolvansson", 2026y / November / 21d};
    d.case_type = "Skolskjuts";
    d.handling_unit = "Skolskjutsenheten";
    d.files.push_back({"ansokan.txt", "text/plain", "Barn: Lisa, skola: Furuskolan"});
    d.files.push_back({"intyg.pdf", "application/pdf", "%PDF-1.4\n%%EOF\n"});
    return d;
  }

  casehandling::CaseRecord read_case(const std::string& number) {
    auto ctx = context(aneby_registrar, kAneby);
    auto record = cases.get_case(*ctx, casehandling::CaseNumber::parse(number));
    ctx->commit();
    return record;
  }
  std::vector<casehandling::DocumentRecord> read_documents(const std::string& number,
                                                           const ids::Kommunkod& where = kAneby) {
    auto ctx = context(where == kAneby ? aneby_registrar : eksjo_registrar, where);
    auto list = cases.documents(*ctx, casehandling::CaseNumber::parse(number));
    ctx->commit();
    return list;
  }
  std::string register_plain_case(const std::string& prefix = "KS") {
    auto ctx = context(aneby_registrar, kAneby);
    casehandling::NewCase c;
    c.diary = prefix;
    c.title = "Medborgarförslag om gatubelysning";
    c.case_type = "medborgarförslag";
    const auto number = cases.register_case(*ctx, c).number.str();
    ctx->commit();
    return number;
  }
};

inline void check_an_incoming_document_opens_a_case(DiaryCaseSystemFixture& f) {
  const auto r = f.aneby_diary.register_document(DiaryCaseSystemFixture::application());
  BOOST_TEST(r.case_number == "BUN 2026/1");
  BOOST_TEST(r.registration_number == "BUN 2026/1-1");
  BOOST_TEST(!r.replayed);
  const auto record = f.read_case(r.case_number);
  BOOST_TEST(record.title == "Ansökan om skolskjuts");
  BOOST_TEST(record.case_type == "Skolskjuts");
  BOOST_TEST(record.handling_unit == "Skolskjutsenheten");
  BOOST_TEST(record.registered_by == "client:casehandling.diary");
  const auto documents = f.read_documents(r.case_number);
  BOOST_REQUIRE_EQUAL(documents.size(), 2U);  // one per file
  BOOST_TEST(documents[0].title == "Ansökan om skolskjuts");
  BOOST_TEST(documents[0].content_type == "text/plain");
  BOOST_TEST(documents[0].registered_on == "2026-11-21");
  BOOST_TEST(documents[0].counterpart == "Tolvan Tolvansson");
  BOOST_TEST((documents[0].direction == casehandling::Direction::kIncoming));
  BOOST_TEST(documents[1].content_type == "application/pdf");
  BOOST_TEST(documents[1].title.find("bilaga 1 (intyg.pdf)") != std::string::npos);
  // Audited as every registration, by the diary's principal, in the municipality's chain.
  BOOST_TEST(f.count("SELECT COUNT(*) FROM audit_entry WHERE municipality = '0604' AND action = 'case.register' "
                     "AND principal = 'client:casehandling.diary'") == 1);
  BOOST_TEST(f.count("SELECT COUNT(*) FROM audit_entry WHERE municipality = '0604' AND action = 'document.register' "
                     "AND principal = 'client:casehandling.diary'") == 2);
  BOOST_TEST(!audit::AuditLog::verify(*f.db, kAneby).first_break.has_value());
}

inline void check_a_replay_returns_the_same_numbers(DiaryCaseSystemFixture& f) {
  const auto first = f.aneby_diary.register_document(DiaryCaseSystemFixture::application());
  const auto again = f.aneby_diary.register_document(DiaryCaseSystemFixture::application());
  BOOST_TEST(again.case_number == first.case_number);
  BOOST_TEST(again.registration_number == first.registration_number);
  BOOST_TEST(again.replayed);
  BOOST_TEST(f.count("SELECT COUNT(*) FROM diary_case") == 1);
  BOOST_TEST(f.count("SELECT COUNT(*) FROM case_document") == 2);
  // The same key for other content is refused, and registers nothing.
  auto other = DiaryCaseSystemFixture::application();
  other.title = "Ansökan om skolskjuts, rättad";
  BOOST_CHECK_THROW(f.aneby_diary.register_document(other), Conflict);
  BOOST_TEST(f.count("SELECT COUNT(*) FROM diary_case") == 1);
  // Keys are per municipality: Eksjö's diary registers its own document under the same key.
  auto eksjo = DiaryCaseSystemFixture::application();
  eksjo.board = "SBN";
  const auto in_eksjo = f.eksjo_diary.register_document(eksjo);
  BOOST_TEST(in_eksjo.case_number == "SBN 2026/1");
  BOOST_TEST(!in_eksjo.replayed);
}

inline void check_documents_into_existing_cases(DiaryCaseSystemFixture& f) {
  const std::string number = f.register_plain_case();  // KS 2026/1, by a registrar
  auto incoming = DiaryCaseSystemFixture::application("complement-1");
  incoming.board = "KS";
  incoming.case_type.clear();
  incoming.existing_case = number;
  incoming.files.resize(1);
  const auto r = f.aneby_diary.register_document(incoming);
  BOOST_TEST(r.case_number == number);
  BOOST_TEST(r.registration_number == number + "-1");

  // Outgoing: a decision sent to the citizen, with no file: a registration note is stored.
  adapters::IncomingDocument decision{adapters::IdempotencyKey::parse("decision-1"), "KS", "Beslut om gatubelysning",
                                      "Tolvan Tolvansson",
                                      std::chrono::year_month_day{std::chrono::year(2026) / 11 / 22}};
  decision.direction = adapters::DocumentDirection::kOutgoing;
  BOOST_CHECK_THROW(f.aneby_diary.register_document(decision), InvalidInput);  // needs a case
  decision.existing_case = number;
  const auto sent = f.aneby_diary.register_document(decision);
  BOOST_TEST(sent.registration_number == number + "-2");
  const auto documents = f.read_documents(number);
  BOOST_REQUIRE_EQUAL(documents.size(), 2U);
  BOOST_TEST((documents[1].direction == casehandling::Direction::kOutgoing));
  BOOST_TEST(documents[1].content_type == "text/plain");
  BOOST_TEST(f.count("SELECT COUNT(*) FROM diary_case") == 1, "no case was created");
}

inline void check_refusals_leave_nothing(DiaryCaseSystemFixture& f) {
  const std::string number = f.register_plain_case();
  auto d = DiaryCaseSystemFixture::application("refused-1");
  // A board the municipality has no diary for.
  d.board = "SBN";
  BOOST_CHECK_THROW(f.aneby_diary.register_document(d), InvalidInput);
  // A new case without case type.
  d = DiaryCaseSystemFixture::application("refused-2");
  d.case_type.clear();
  BOOST_CHECK_THROW(f.aneby_diary.register_document(d), InvalidInput);
  // A case type given with an existing case (adapters::validate).
  d = DiaryCaseSystemFixture::application("refused-3");
  d.board = "KS";
  d.existing_case = number;
  BOOST_CHECK_THROW(f.aneby_diary.register_document(d), InvalidInput);
  // A case that does not exist, and another municipality's case.
  d.case_type.clear();
  d.existing_case = "KS 2026/99";
  BOOST_CHECK_THROW(f.aneby_diary.register_document(d), NotFound);
  d.existing_case = number;
  BOOST_CHECK_THROW(f.eksjo_diary.register_document(d), NotFound);
  // A file type the diary does not store.
  d = DiaryCaseSystemFixture::application("refused-4");
  d.files.push_back({"bild.gif", "image/gif", "GIF89a"});
  BOOST_CHECK_THROW(f.aneby_diary.register_document(d), InvalidInput);
  // A closed case.
  {
    auto ctx = f.context(f.aneby_registrar, kAneby);
    const auto n = casehandling::CaseNumber::parse(number);
    f.cases.change_status(*ctx, n, casehandling::CaseStatus::kPrepared);
    f.cases.change_status(*ctx, n, casehandling::CaseStatus::kDecided);
    f.cases.change_status(*ctx, n, casehandling::CaseStatus::kClosed);
    ctx->commit();
  }
  d = DiaryCaseSystemFixture::application("refused-5");
  d.board = "KS";
  d.case_type.clear();
  d.existing_case = number;
  BOOST_CHECK_THROW(f.aneby_diary.register_document(d), Conflict);

  BOOST_TEST(f.count("SELECT COUNT(*) FROM diary_registration") == 0);
  BOOST_TEST(f.count("SELECT COUNT(*) FROM diary_case") == 1);
  BOOST_TEST(f.count("SELECT COUNT(*) FROM case_document") == 0);
  // Once fixed, a refused key registers normally.
  auto fixed = DiaryCaseSystemFixture::application("refused-2");
  BOOST_TEST(!f.aneby_diary.register_document(fixed).replayed);
}

}  // namespace samverkan::test
