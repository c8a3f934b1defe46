// Gap-free, unique registration numbers under concurrency on PostgreSQL: 8 registrars register
// 500 cases each in one diary at the same time (and a few in another); and again while the clock passes
// New Year in Sweden. Every registration is a full service call (authorisation, case row,
// parties, history, audit) in one transaction.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <map>
#include <thread>

#include "casehandling_fixture.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using test::kAneby;
using test::kEksjo;

namespace {

constexpr int kRegistrars = 8;
constexpr int kCasesPerDiary = 500;

struct Fixture : test::CasehandlingFixture {
  Fixture() : test::CasehandlingFixture(Backend::kPostgresql, kRegistrars + 4) {}
  casehandling::CaseService cases{diary, keyring};

  casehandling::CaseNumber register_one(const security::Principal& who, const ids::Kommunkod& where,
                                        const std::string& prefix, int i) {
    casehandling::NewCase input;
    input.diary = prefix;
    input.title = "Ansökan om bygglov " + std::to_string(i);
    input.case_type = "bygglov";
    input.parties.push_back({casehandling::PartyKind::kOrganisation, "212000-0043", "Aneby kommun", "sökande"});
    // Transient failures are not expected; any exception fails the test through the thread.
    auto ctx = context(who, where);
    const auto registered = cases.register_case(*ctx, input);
    ctx->commit();
    return registered.number;
  }

  // The numbers of one diary and year: exactly 1..expected, each once, each a case.
  void check_gap_free(const std::string& municipality, const std::string& prefix, int year, long long expected) {
    const std::string where =
        "municipality = '" + municipality + "' AND prefix = '" + prefix + "' AND year = " + std::to_string(year);
    BOOST_TEST(count("SELECT COUNT(*) FROM diary_number WHERE " + where) == expected, prefix << " " << year);
    BOOST_TEST(count("SELECT COUNT(DISTINCT number) FROM diary_number WHERE " + where) == expected);
    BOOST_TEST(count("SELECT COALESCE(MIN(number), 0) FROM diary_number WHERE " + where) == (expected > 0 ? 1 : 0));
    BOOST_TEST(count("SELECT COALESCE(MAX(number), 0) FROM diary_number WHERE " + where) == expected);
    BOOST_TEST(count("SELECT COUNT(*) FROM diary_case WHERE " + where) == expected);
    BOOST_TEST(count("SELECT COUNT(*) FROM diary_number WHERE status <> 'used' AND " + where) == 0);
    BOOST_TEST(count("SELECT last_number FROM diary_counter WHERE " + where) == expected);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(diary_numbering_pgtest)

BOOST_AUTO_TEST_CASE(eight_registrars_times_500_cases_per_diary_are_numbered_1_to_4000) {
  Fixture f;
  std::atomic<int> failures{0};
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kRegistrars; ++t) {
    threads.emplace_back([&f, &failures, t] {
      const auto registrar =
          security::Principal::staff("registrar-" + std::to_string(t), {{kAneby, {security::Role::kRegistrar}}});
      try {
        // KS gets the 8 x 500; BUN's registrations interleave to show that diaries are
        // independent (their counters are separate rows).
        for (int i = 0; i < kCasesPerDiary; ++i) {
          f.register_one(registrar, kAneby, "KS", i);
          if (i % 10 == 0) f.register_one(registrar, kAneby, "BUN", i);
        }
      } catch (const std::exception& e) {
        ++failures;
        BOOST_TEST_MESSAGE("registrar " << t << " failed: " << e.what());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const int total = kRegistrars * kCasesPerDiary + kRegistrars * kCasesPerDiary / 10;
  BOOST_TEST_MESSAGE("registered " << total << " cases in " << seconds << " s (" << total / seconds
                                   << " registrations/s)");
  BOOST_TEST(failures.load() == 0);
  f.check_gap_free("0604", "KS", 2026, kRegistrars * kCasesPerDiary);
  f.check_gap_free("0604", "BUN", 2026, kRegistrars * kCasesPerDiary / 10);
  BOOST_TEST(!audit::AuditLog::verify(*f.db, kAneby).first_break.has_value());
}

BOOST_AUTO_TEST_CASE(across_new_year_both_years_run_from_one_without_gaps) {
  Fixture f;
  f.clock.set(test::at_utc(2026, 12, 31, 22, 0));  // 23:00 in Sweden
  std::atomic<int> done{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kRegistrars; ++t) {
    threads.emplace_back([&f, &failures, &done, t] {
      const auto registrar =
          security::Principal::staff("registrar-" + std::to_string(t), {{kEksjo, {security::Role::kRegistrar}}});
      try {
        for (int i = 0; i < kCasesPerDiary; ++i) {
          f.register_one(registrar, kEksjo, "KS", i);
          // Half-way through the run, midnight passes in Sweden (23:00 UTC).
          if (++done == kRegistrars * kCasesPerDiary / 2) f.clock.set(test::at_utc(2026, 12, 31, 23, 0));
        }
      } catch (const std::exception& e) {
        ++failures;
        BOOST_TEST_MESSAGE("registrar " << t << " failed: " << e.what());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(failures.load() == 0);
  const long long in_2026 = f.count("SELECT COUNT(*) FROM diary_number WHERE municipality = '0686' AND year = 2026");
  const long long in_2027 = f.count("SELECT COUNT(*) FROM diary_number WHERE municipality = '0686' AND year = 2027");
  BOOST_TEST_MESSAGE("2026: " << in_2026 << " numbers, 2027: " << in_2027);
  BOOST_TEST(in_2026 + in_2027 == kRegistrars * kCasesPerDiary);
  BOOST_TEST(in_2026 >= kRegistrars * kCasesPerDiary / 2 - kRegistrars);
  BOOST_TEST(in_2027 >= 1);
  f.check_gap_free("0686", "KS", 2026, in_2026);
  f.check_gap_free("0686", "KS", 2027, in_2027);
}

BOOST_AUTO_TEST_CASE(reservations_and_rollbacks_under_concurrency_leave_no_gap) {
  Fixture f;
  // Half the registrars reserve and give up, the other half register; some transactions roll
  // back. Every number is recorded exactly once, as used or unused.
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kRegistrars; ++t) {
    threads.emplace_back([&f, &failures, t] {
      const auto registrar =
          security::Principal::staff("registrar-" + std::to_string(t), {{kAneby, {security::Role::kRegistrar}}});
      try {
        for (int i = 0; i < 50; ++i) {
          if (t % 2 == 0) {
            casehandling::CaseNumber reserved;
            {
              auto ctx = f.context(registrar, kAneby);
              reserved = f.diary.reserve(*ctx, "KF");
              ctx->commit();
            }
            auto ctx = f.context(registrar, kAneby);
            f.diary.release(*ctx, reserved, "not needed");
            ctx->commit();
          } else {
            f.register_one(registrar, kAneby, "KF", i);
            auto ctx = f.context(registrar, kAneby);
            f.diary.take_number(*ctx, "KF", casehandling::NumberStatus::kUsed);  // rolled back
          }
        }
      } catch (const std::exception& e) {
        ++failures;
        BOOST_TEST_MESSAGE("registrar " << t << " failed: " << e.what());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(failures.load() == 0);
  const std::string where = "municipality = '0604' AND prefix = 'KF' AND year = 2026";
  BOOST_TEST(f.count("SELECT COUNT(DISTINCT number) FROM diary_number WHERE " + where) == kRegistrars * 50);
  BOOST_TEST(f.count("SELECT MAX(number) FROM diary_number WHERE " + where) == kRegistrars * 50);
  BOOST_TEST(f.count("SELECT COUNT(*) FROM diary_number WHERE status = 'unused' AND " + where) == kRegistrars / 2 * 50);
  BOOST_TEST(f.count("SELECT COUNT(*) FROM diary_case WHERE " + where) == kRegistrars / 2 * 50);
}

BOOST_AUTO_TEST_SUITE_END()
