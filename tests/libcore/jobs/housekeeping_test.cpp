// The housekeeping job: one durable job per interval (several nodes enqueue it once), every
// task run by it, the next interval's job enqueued by it, a failing task retried; and the
// job queue's purge of old done jobs that it runs.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <string>
#include <vector>

#include "libcore/jobs/job_queue_checks.hpp"
#include "samverkan/jobs/housekeeping.hpp"

using namespace samverkan;
using test::JobFixture;

namespace {

constexpr auto kInterval = std::chrono::seconds(600);

int count_housekeeping_jobs(JobFixture& f, const char* state) {
  // A named string: soci binds by reference and runs the statement when the full expression
  // ends, after a temporary bound here would already be gone.
  const std::string wanted(state);
  int count = 0;
  auto lease = f.db->acquire();
  *lease << "SELECT COUNT(*) FROM job WHERE queue = 'housekeeping' AND state = :state", soci::use(wanted),
      soci::into(count);
  return count;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(housekeeping_test)

BOOST_FIXTURE_TEST_CASE(one_job_per_interval_runs_every_task_and_schedules_the_next, JobFixture) {
  std::vector<std::string> ran;
  jobs::Housekeeping node_a(*db, queue, aneby, clock, {.interval = kInterval});
  jobs::Housekeeping node_b(*db, queue, aneby, clock, {.interval = kInterval});
  node_a.add("sessions", [&] {
    ran.emplace_back("sessions");
    return std::size_t{3};
  });
  node_a.add("logins", [&] {
    ran.emplace_back("logins");
    return std::size_t{0};
  });
  const auto first = node_a.schedule(clock.now());
  BOOST_TEST(first.created);
  BOOST_TEST(!node_b.schedule(clock.now()).created, "a second node finds the job of this interval");
  BOOST_TEST(count_housekeeping_jobs(*this, "queued") == 1);

  BOOST_TEST(node_a.worker().run_once() == 1U);
  BOOST_TEST((ran == std::vector<std::string>{"sessions", "logins"}), "every task, in the order added");
  BOOST_TEST(count_housekeeping_jobs(*this, "done") == 1);
  BOOST_TEST(count_housekeeping_jobs(*this, "queued") == 1, "the next interval's job");
  BOOST_TEST(node_a.worker().run_once() == 0U, "not due before the next interval");
  clock.advance(kInterval);
  BOOST_TEST(node_a.worker().run_once() == 1U);
  BOOST_TEST(ran.size() == 4U);
}

BOOST_FIXTURE_TEST_CASE(a_failing_task_retries_the_job, JobFixture) {
  jobs::Housekeeping housekeeping(*db, queue, aneby, clock, {.interval = kInterval});
  bool broken = true;
  housekeeping.add("flaky", [&]() -> std::size_t {
    if (broken) throw Unavailable("the database is restarting");
    return 1;
  });
  const auto job = housekeeping.schedule(clock.now());
  BOOST_TEST(housekeeping.worker().run_once() == 1U);
  BOOST_TEST(state_of(aneby, job.id) == jobs::JobState::kQueued, "retried, not lost");
  BOOST_TEST(count_housekeeping_jobs(*this, "queued") == 1, "and no next job before this one is done");
  broken = false;
  clock.advance(std::chrono::seconds(3));
  BOOST_TEST(housekeeping.worker().run_once() == 1U);
  BOOST_TEST(state_of(aneby, job.id) == jobs::JobState::kDone);
}

BOOST_FIXTURE_TEST_CASE(an_interval_under_a_second_is_refused, JobFixture) {
  BOOST_CHECK_THROW(jobs::Housekeeping(*db, queue, aneby, clock, {.interval = std::chrono::seconds(0)}), InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(purge_done_removes_old_done_jobs_only, JobFixture) {
  const auto old_done = add(aneby, "old-done");
  const auto old_failed = add(aneby, "old-failed", "{}", 1);
  const auto queued = add(aneby, "queued", "{}", 3, clock.now() + std::chrono::hours(24 * 40));
  for (const auto& job : queue.claim("test.queue", "w", 10)) {
    if (job.idempotency_key == "old-done") queue.complete(job);
    if (job.idempotency_key == "old-failed") queue.fail(job, "broken");
  }
  clock.advance(std::chrono::hours(24 * 31));
  const auto recent = add(aneby, "recent-done");
  for (const auto& job : queue.claim("test.queue", "w", 10)) queue.complete(job);
  BOOST_TEST(queue.purge_done(clock.now() - std::chrono::hours(24 * 30)) == 1U);
  BOOST_TEST(!queue.status(aneby, old_done.id).has_value(), "the old done job is gone");
  BOOST_TEST(state_of(aneby, old_failed.id) == jobs::JobState::kFailed, "failed jobs stay for people to look at");
  BOOST_TEST(state_of(aneby, recent.id) == jobs::JobState::kDone);
  BOOST_TEST(state_of(aneby, queued.id) == jobs::JobState::kQueued);
  BOOST_TEST(add(aneby, "old-done").created, "its idempotency key is free again");
}

BOOST_AUTO_TEST_SUITE_END()
