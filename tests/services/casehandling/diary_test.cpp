#include "samverkan/casehandling/diary.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <thread>

#include "casehandling_fixture.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using casehandling::CaseNumber;
using casehandling::NumberStatus;
using test::kAneby;
using test::kEksjo;

namespace {

struct Fixture : test::CasehandlingFixture {
  CaseNumber take(const security::Principal& who, const ids::Kommunkod& where, const std::string& prefix) {
    auto ctx = context(who, where);
    const auto number = diary.take_number(*ctx, prefix, NumberStatus::kUsed);
    ctx->commit();
    return number;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(diary_test)

BOOST_AUTO_TEST_CASE(case_numbers_format_and_parse) {
  const auto number = CaseNumber::parse("KS 2026/142");
  BOOST_TEST(number.prefix == "KS");
  BOOST_TEST(number.year == 2026);
  BOOST_TEST(number.number == 142);
  BOOST_TEST(number.str() == "KS 2026/142");
  BOOST_TEST(CaseNumber::parse("BUN 2027/1").str() == "BUN 2027/1");
  BOOST_TEST(CaseNumber::parse("SÄN 2027/3").prefix == "SÄN");
  for (const char* bad : {"", "KS", "KS 2026", "ks 2026/1", "KS 26/1", "KS 2026/0", "KS 2026/01", "KS  2026/1",
                          "KS 2026/-1", "KS 2026/1x", "K-S 2026/1", "KS 2026/1234567890"}) {
    BOOST_CHECK_THROW(CaseNumber::parse(bad), InvalidInput);
  }
}

BOOST_FIXTURE_TEST_CASE(numbers_run_from_one_per_municipality_diary_and_year, Fixture) {
  BOOST_TEST(take(aneby_registrar, kAneby, "KS").str() == "KS 2026/1");
  BOOST_TEST(take(aneby_registrar, kAneby, "KS").str() == "KS 2026/2");
  BOOST_TEST(take(aneby_registrar, kAneby, "BUN").str() == "BUN 2026/1");
  BOOST_TEST(take(eksjo_registrar, kEksjo, "KS").str() == "KS 2026/1", "Eksjö's KS diary is its own");
  BOOST_TEST(take(aneby_registrar, kAneby, "KS").str() == "KS 2026/3");
  // New Year's Day in Sweden begins at 23:00 UTC.
  clock.set(test::at_utc(2026, 12, 31, 22, 59));
  BOOST_TEST(take(aneby_registrar, kAneby, "KS").str() == "KS 2026/4");
  clock.set(test::at_utc(2026, 12, 31, 23, 0));
  BOOST_TEST(take(aneby_registrar, kAneby, "KS").str() == "KS 2027/1");
  BOOST_TEST(take(aneby_registrar, kAneby, "KS").str() == "KS 2027/2");
}

BOOST_FIXTURE_TEST_CASE(a_rolled_back_registration_gives_its_number_back, Fixture) {
  BOOST_TEST(take(aneby_registrar, kAneby, "KS").number == 1);
  {
    auto ctx = context(aneby_registrar, kAneby);
    BOOST_TEST(diary.take_number(*ctx, "KS", NumberStatus::kUsed).number == 2);
    // no commit: the case insert failed, say
  }
  BOOST_TEST(take(aneby_registrar, kAneby, "KS").number == 2, "no gap");
  BOOST_TEST(count("SELECT COUNT(*) FROM diary_number WHERE municipality = '0604'") == 2);
}

BOOST_FIXTURE_TEST_CASE(an_unknown_diary_is_refused, Fixture) {
  auto ctx = context(aneby_registrar, kAneby);
  BOOST_CHECK_EXCEPTION(diary.take_number(*ctx, "SBN", NumberStatus::kUsed), InvalidInput,
                        [](const InvalidInput& e) { return std::string(e.what()) == "0604 has no diary 'SBN'"; });
}

BOOST_FIXTURE_TEST_CASE(a_reservation_is_used_once_or_recorded_as_unused, Fixture) {
  CaseNumber reserved, abandoned;
  {
    auto ctx = context(aneby_registrar, kAneby);
    reserved = diary.reserve(*ctx, "KS", "letter from the county board expected");
    abandoned = diary.reserve(*ctx, "KS");
    ctx->commit();
  }
  BOOST_TEST(reserved.str() == "KS 2026/1");
  BOOST_TEST(abandoned.str() == "KS 2026/2");
  {
    auto ctx = context(aneby_registrar, kAneby);
    diary.use_reservation(*ctx, reserved);
    ctx->commit();
  }
  {
    auto ctx = context(aneby_registrar, kAneby);
    BOOST_CHECK_THROW(diary.use_reservation(*ctx, reserved), Conflict);
  }
  clock.advance(std::chrono::hours(3));
  {
    auto ctx = context(aneby_registrar, kAneby);
    diary.release(*ctx, abandoned, "the letter never came");
    ctx->commit();
  }
  {
    auto ctx = context(aneby_registrar, kAneby);
    BOOST_CHECK_THROW(diary.use_reservation(*ctx, abandoned), Conflict);
  }
  {
    auto ctx = context(aneby_registrar, kAneby);
    BOOST_CHECK_THROW(diary.release(*ctx, abandoned, "again"), Conflict);
  }
  {
    auto ctx = context(aneby_registrar, kAneby);
    BOOST_CHECK_THROW(diary.use_reservation(*ctx, CaseNumber::parse("KS 2026/99")), NotFound);
  }
  BOOST_TEST(take(aneby_registrar, kAneby, "KS").str() == "KS 2026/3", "an unused number is never handed out again");

  auto ctx = context(aneby_reader, kAneby, tenancy::Context::Intent::kRead);
  const auto records = diary.numbers(*ctx, "KS", 2026);
  BOOST_TEST_REQUIRE(records.size() == 3U);
  BOOST_TEST(casehandling::to_string(records[0].status) == "used");
  BOOST_TEST(records[0].note == "letter from the county board expected");
  BOOST_TEST(casehandling::to_string(records[1].status) == "unused");
  BOOST_TEST(records[1].assigned_by == "staff:registrar-a");
  BOOST_TEST(records[1].closed_by.value_or("") == "staff:registrar-a");
  BOOST_TEST_REQUIRE(records[1].closed_at.has_value());
  BOOST_TEST((*records[1].closed_at == test::at_utc(2026, 11, 22, 13)));
  BOOST_TEST((records[1].assigned_at == test::at_utc(2026, 11, 22, 10)));
  BOOST_TEST(records[1].note == "the letter never came");
  BOOST_TEST(casehandling::to_string(records[2].status) == "used");
}

BOOST_FIXTURE_TEST_CASE(only_registrars_reserve_and_outsiders_learn_nothing, Fixture) {
  {
    auto ctx = context(aneby_reader, kAneby);
    BOOST_CHECK_THROW(diary.reserve(*ctx, "KS"), Forbidden);
  }
  {
    auto ctx = context(eksjo_registrar, kAneby);
    BOOST_CHECK_THROW(diary.reserve(*ctx, "KS"), NotFound);
  }
  {
    auto ctx = context(eksjo_registrar, kAneby, tenancy::Context::Intent::kRead);
    BOOST_CHECK_THROW(diary.numbers(*ctx, "KS", 2026), NotFound);
  }
  {
    auto ctx = context(aneby_registrar, kAneby);
    diary.reserve(*ctx, "KS");
    ctx->commit();
  }
  // Eksjö's registrar sees only Eksjö's diary, which is empty.
  auto ctx = context(eksjo_registrar, kEksjo, tenancy::Context::Intent::kRead);
  BOOST_TEST(diary.numbers(*ctx, "KS", 2026).empty());
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE outcome = 'refused'") == 3);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'diary.reserve' AND outcome = 'success'") == 1);
}

BOOST_AUTO_TEST_CASE(concurrent_registrars_on_sqlite_get_distinct_consecutive_numbers) {
  Fixture f;
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&f] {
      for (int i = 0; i < kEach; ++i) f.take(f.aneby_registrar, kAneby, "KS");
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(f.count("SELECT COUNT(DISTINCT number) FROM diary_number WHERE prefix = 'KS'") == kThreads * kEach);
  BOOST_TEST(f.count("SELECT MAX(number) FROM diary_number WHERE prefix = 'KS'") == kThreads * kEach);
}

BOOST_FIXTURE_TEST_CASE(a_reservation_keeps_its_year_and_its_municipality, Fixture) {
  CaseNumber reserved;
  {
    auto ctx = context(aneby_registrar, kAneby);
    reserved = diary.reserve(*ctx, "KS");
    ctx->commit();
  }
  clock.set(test::at_utc(2027, 1, 4));
  {
    // Eksjö cannot use Aneby's reservation: in Eksjö's diary the number does not exist.
    auto ctx = context(eksjo_registrar, kEksjo);
    BOOST_CHECK_THROW(diary.use_reservation(*ctx, reserved), NotFound);
  }
  {
    auto ctx = context(aneby_registrar, kAneby);
    diary.use_reservation(*ctx, reserved);
    ctx->commit();
  }
  BOOST_TEST(reserved.str() == "KS 2026/1", "used in 2027, still a 2026 number");
  BOOST_TEST(take(aneby_registrar, kAneby, "KS").str() == "KS 2027/1");
  BOOST_TEST(count("SELECT COUNT(*) FROM diary_number WHERE status = 'used'") == 2);
}

BOOST_AUTO_TEST_SUITE_END()
