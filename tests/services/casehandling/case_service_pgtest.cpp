// The case service's whole flow on PostgreSQL (the unit tests run it on SQLite): registration
// under a reservation, parties by blind index, links, status, history, documents with secrecy,
// and documents registered concurrently on one case.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "casehandling_fixture.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using casehandling::CaseStatus;
using casehandling::PartyKind;
using casehandling::SecrecyLevel;
using test::kAneby;
using test::kEksjo;
using Intent = tenancy::Context::Intent;

namespace {

struct Fixture : test::CasehandlingFixture {
  Fixture() : test::CasehandlingFixture(Backend::kPostgresql, 10) {}
  casehandling::CaseService cases{diary, keyring};

  casehandling::NewCase input(const std::string& title) {
    casehandling::NewCase c;
    c.diary = "KS";
    c.title = title;
    c.case_type = "bygglov";
    c.parties = {{PartyKind::kPerson, "19121212-1212", "Tolvan Tolvansson", "sökande"},
                 {PartyKind::kOrganisation, "556677-8899", "Byggbolaget AB", "ombud"}};
    return c;
  }

  casehandling::NewDocument text_document(const std::string& title, SecrecyLevel level = SecrecyLevel::kPublic) {
    casehandling::NewDocument d;
    d.title = title;
    d.content_type = "text/plain";
    d.content = "Innehåll: " + title;
    d.counterpart_kind = PartyKind::kPerson;
    d.counterpart = "Tolvan Tolvansson";
    if (level != SecrecyLevel::kPublic) d.secrecy = {level, "OSL 26 kap. 1 §", ""};
    return d;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(case_service_pgtest)

BOOST_FIXTURE_TEST_CASE(the_whole_flow_on_postgresql, Fixture) {
  casehandling::CaseNumber reserved, first, second;
  {
    auto ctx = context(aneby_registrar, kAneby);
    reserved = diary.reserve(*ctx, "KS", "överklagande väntas");
    first = cases.register_case(*ctx, input("Bygglov för carport")).number;
    auto with_reservation = input("Överklagande av bygglov");
    with_reservation.reserved_number = reserved;
    second = cases.register_case(*ctx, with_reservation).number;
    cases.add_document(*ctx, first, text_document("Ansökan"));
    cases.add_document(*ctx, first, text_document("Läkarintyg", SecrecyLevel::kSecret));
    ctx->commit();
  }
  BOOST_TEST(reserved.str() == "KS 2026/1");
  BOOST_TEST(first.str() == "KS 2026/2");
  BOOST_TEST(second.str() == "KS 2026/1");
  {
    auto ctx = context(aneby_handler, kAneby);
    cases.link(*ctx, second, first, "överklagar beslutet");
    cases.change_status(*ctx, first, CaseStatus::kPrepared);
    cases.change_status(*ctx, first, CaseStatus::kDecided);
    ctx->commit();
  }
  {
    auto ctx = context(aneby_handler, kAneby);
    BOOST_CHECK_THROW(cases.change_status(*ctx, first, CaseStatus::kOpen), Conflict);
  }
  {
    auto ctx = context(aneby_reader, kAneby, Intent::kRead);
    const auto record = cases.get_case(*ctx, first);
    BOOST_TEST(casehandling::to_string(record.status) == "decided");
    BOOST_TEST_REQUIRE(record.parties.size() == 2U);
    BOOST_TEST(record.parties[0].name == "Tolvan Tolvansson");
    BOOST_TEST(record.parties[0].identity == "191212121212");
    BOOST_TEST_REQUIRE(record.links.size() == 1U);
    BOOST_TEST(record.links[0].other.str() == "KS 2026/1");
    BOOST_TEST(cases.find_by_personnummer(*ctx, "191212121212").size() == 2U);
    // Without the century, 121212-1212 is someone born in 2012: another person.
    BOOST_TEST(cases.find_by_personnummer(*ctx, "121212-1212").empty());
    const auto history = cases.history(*ctx, first);
    BOOST_TEST_REQUIRE(history.size() == 6U);  // registered, 2 documents, linked, 2 status changes
    BOOST_TEST(history.front().action == "registered");
    BOOST_TEST(history.back().detail == "prepared -> decided");
    BOOST_TEST((history.front().at == test::at_utc(2026, 11, 22)));
    const auto documents = cases.documents(*ctx, first);
    BOOST_TEST_REQUIRE(documents.size() == 2U);
    BOOST_TEST(documents[0].counterpart == "Tolvan Tolvansson");
    BOOST_TEST(documents[1].public_title == "Sekretess (OSL 26 kap. 1 §)");
    BOOST_TEST(cases.document_content(*ctx, first, 1) == "Innehåll: Ansökan");
    BOOST_CHECK_THROW(cases.document_content(*ctx, first, 2), Forbidden);
  }
  {
    auto ctx = context(aneby_handler, kAneby, Intent::kRead);
    BOOST_TEST(cases.document_content(*ctx, first, 2) == "Innehåll: Läkarintyg");
  }
  {
    auto ctx = context(eksjo_registrar, kAneby, Intent::kRead);
    BOOST_CHECK_THROW(cases.get_case(*ctx, first), NotFound);
  }
  BOOST_TEST(!audit::AuditLog::verify(*db, kAneby).first_break.has_value());
}

BOOST_FIXTURE_TEST_CASE(documents_registered_at_once_on_one_case_get_consecutive_numbers, Fixture) {
  casehandling::CaseNumber number;
  {
    auto ctx = context(aneby_registrar, kAneby);
    number = cases.register_case(*ctx, input("Många handlingar")).number;
    ctx->commit();
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      try {
        for (int i = 0; i < 10; ++i) {
          auto ctx = context(aneby_registrar, kAneby);
          cases.add_document(*ctx, number, text_document("Handling " + std::to_string(t) + "-" + std::to_string(i)));
          ctx->commit();
        }
      } catch (const std::exception& e) {
        ++failures;
        BOOST_TEST_MESSAGE("writer " << t << ": " << e.what());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(failures.load() == 0);
  auto ctx = context(aneby_reader, kAneby, Intent::kRead);
  const auto documents = cases.documents(*ctx, number);
  BOOST_TEST_REQUIRE(documents.size() == 60U);
  for (std::size_t i = 0; i < documents.size(); ++i)
    BOOST_TEST(documents[i].document_number == static_cast<int>(i) + 1);
}

BOOST_AUTO_TEST_SUITE_END()
