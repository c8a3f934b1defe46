#include <boost/test/unit_test.hpp>

#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "libcore/jobs/job_queue_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {

struct PgJobFixture {
  test::PgDatabase database;
  test::JobFixture f{database.url()};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(job_queue_pgtest)

BOOST_FIXTURE_TEST_CASE(enqueue_is_idempotent_transactional_and_scoped, PgJobFixture) {
  test::check_enqueue_is_idempotent_transactional_and_scoped(f);
}

BOOST_FIXTURE_TEST_CASE(claim_in_order_and_complete, PgJobFixture) { test::check_claim_in_order_and_complete(f); }

BOOST_FIXTURE_TEST_CASE(retry_backs_off_then_gives_up, PgJobFixture) { test::check_retry_backs_off_then_gives_up(f); }

BOOST_FIXTURE_TEST_CASE(a_stopped_worker_loses_its_lease_and_is_fenced_out, PgJobFixture) {
  test::check_a_stopped_worker_loses_its_lease_and_is_fenced_out(f);
}

BOOST_FIXTURE_TEST_CASE(a_claim_takes_expired_leases_then_ready_jobs, PgJobFixture) {
  test::check_a_claim_takes_expired_leases_then_ready_jobs(f);
}

BOOST_FIXTURE_TEST_CASE(the_worker_maps_errors, PgJobFixture) { test::check_the_worker_maps_errors(f); }

// Four workers on their own connections drain 2,000 jobs of two municipalities: every job runs
// exactly once (FOR UPDATE SKIP LOCKED), none is left.
BOOST_FIXTURE_TEST_CASE(concurrent_workers_never_take_the_same_job, PgJobFixture) {
  constexpr int kJobs = 2000;
  for (int batch = 0; batch < kJobs / 100; ++batch) {
    for (const auto& where : {f.aneby, f.eksjo}) {
      f.in_context(f.system, where, [&](tenancy::Context& ctx) {
        for (int i = 0; i < 50; ++i) {
          f.queue.enqueue(
              ctx,
              {.queue = "test.queue", .idempotency_key = "job-" + std::to_string(batch * 50 + i), .payload = "{}"});
        }
      });
    }
  }
  std::mutex mutex;
  std::vector<std::int64_t> ran;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      jobs::Worker worker(
          f.queue, "test.queue",
          [&](const jobs::Job& job) {
            std::lock_guard lock(mutex);
            ran.push_back(job.id);
          },
          jobs::WorkerOptions{.name = "worker-" + std::to_string(w), .batch = 7});
      try {
        while (worker.run_once() > 0) {
        }
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex);
        failures.push_back(e.what());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(failures.empty(), (failures.empty() ? "" : failures.front()));
  const std::set<std::int64_t> unique(ran.begin(), ran.end());
  BOOST_TEST(ran.size() == static_cast<std::size_t>(kJobs), "each job ran once");
  BOOST_TEST(unique.size() == static_cast<std::size_t>(kJobs), "no job ran twice");
  BOOST_TEST(f.queue.counts("test.queue").at(jobs::JobState::kDone) == static_cast<std::size_t>(kJobs));
}

BOOST_AUTO_TEST_SUITE_END()
