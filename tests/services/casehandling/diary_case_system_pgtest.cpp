// The built-in diary as a CaseSystem on PostgreSQL: the same checks as on SQLite, and one key
// registered by many threads at once registers once.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "diary_case_system_checks.hpp"

using namespace samverkan;

namespace {
struct Fixture : test::DiaryCaseSystemFixture {
  Fixture() : test::DiaryCaseSystemFixture(Backend::kPostgresql, 10) {}
};
}  // namespace

BOOST_AUTO_TEST_SUITE(diary_case_system_pgtest)

BOOST_FIXTURE_TEST_CASE(an_incoming_document_opens_a_case_with_its_type, Fixture) {
  test::check_an_incoming_document_opens_a_case(*this);
}

BOOST_FIXTURE_TEST_CASE(a_replay_returns_the_same_numbers_and_a_reused_key_is_a_conflict, Fixture) {
  test::check_a_replay_returns_the_same_numbers(*this);
}

BOOST_FIXTURE_TEST_CASE(incoming_and_outgoing_documents_go_into_existing_cases, Fixture) {
  test::check_documents_into_existing_cases(*this);
}

BOOST_FIXTURE_TEST_CASE(refusals_register_nothing, Fixture) { test::check_refusals_leave_nothing(*this); }

BOOST_FIXTURE_TEST_CASE(one_key_from_eight_threads_registers_once, Fixture) {
  constexpr int kThreads = 8;
  std::vector<adapters::CaseRegistration> results(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      try {
        results[static_cast<std::size_t>(i)] = aneby_diary.register_document(application("errand-concurrent-1"));
      } catch (...) {
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(failures.load() == 0);
  int fresh = 0;
  for (const auto& r : results) {
    BOOST_TEST(r.case_number == "BUN 2026/1");
    BOOST_TEST(r.registration_number == "BUN 2026/1-1");
    if (!r.replayed) ++fresh;
  }
  BOOST_TEST(fresh == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM diary_case") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM case_document") == 2);
}

BOOST_AUTO_TEST_SUITE_END()
