#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "libcore/jobs/job_queue_checks.hpp"
#include "samverkan/log/logger.hpp"
#include "support/log_capture.hpp"

using namespace samverkan;
using test::JobFixture;

BOOST_AUTO_TEST_SUITE(job_queue_test)

BOOST_FIXTURE_TEST_CASE(enqueue_is_idempotent_transactional_and_scoped, JobFixture) {
  test::check_enqueue_is_idempotent_transactional_and_scoped(*this);
}

BOOST_FIXTURE_TEST_CASE(claim_in_order_and_complete, JobFixture) { test::check_claim_in_order_and_complete(*this); }

BOOST_FIXTURE_TEST_CASE(retry_backs_off_then_gives_up, JobFixture) { test::check_retry_backs_off_then_gives_up(*this); }

BOOST_FIXTURE_TEST_CASE(a_stopped_worker_loses_its_lease_and_is_fenced_out, JobFixture) {
  test::check_a_stopped_worker_loses_its_lease_and_is_fenced_out(*this);
}

BOOST_FIXTURE_TEST_CASE(a_claim_takes_expired_leases_then_ready_jobs, JobFixture) {
  test::check_a_claim_takes_expired_leases_then_ready_jobs(*this);
}

BOOST_FIXTURE_TEST_CASE(the_worker_maps_errors, JobFixture) { test::check_the_worker_maps_errors(*this); }

BOOST_FIXTURE_TEST_CASE(a_job_that_asks_to_wait_is_retried_and_logged_as_information, JobFixture) {
  const auto waiting = add(aneby, "waiting");
  const auto broken = add(aneby, "broken");
  test::LogCapture lines;
  log::Logger logger(lines);
  jobs::Worker worker(
      queue, "test.queue",
      [&](const jobs::Job& job) {
        if (job.idempotency_key == "waiting") throw jobs::RetryLater("the ticket is not delivered yet");
        throw Unavailable("the service desk does not answer");
      },
      {}, &logger);
  BOOST_TEST(worker.run_once() == 2U);
  BOOST_TEST(state_of(aneby, waiting.id) == jobs::JobState::kQueued);
  BOOST_TEST(queue.status(aneby, waiting.id)->last_error == "the ticket is not delivered yet");
  BOOST_TEST(state_of(aneby, broken.id) == jobs::JobState::kQueued);
  const std::string text = lines.text();
  BOOST_TEST(text.find(R"("level":"info","msg":"job waits")") != std::string::npos, text);
  BOOST_TEST(text.find(R"("level":"warning","msg":"job will be retried")") != std::string::npos, text);
  BOOST_TEST(text.find("the service desk does not answer") != std::string::npos);
  BOOST_TEST(text.find(R"("level":"warning","msg":"job waits")") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_running_worker_picks_up_new_work_when_woken, JobFixture) {
  std::atomic<int> done{0};
  jobs::Worker worker(
      queue, "test.queue", [&](const jobs::Job&) { ++done; },
      jobs::WorkerOptions{.name = "thread", .batch = 4, .idle_wait = std::chrono::seconds(30)});
  worker.start();
  for (int i = 0; i < 10; ++i) add(aneby, "job-" + std::to_string(i));
  worker.wake();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (done < 10 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  worker.stop();
  BOOST_TEST(done.load() == 10);
  BOOST_TEST(queue.counts("test.queue").at(jobs::JobState::kDone) == 10U);
}

BOOST_FIXTURE_TEST_CASE(options_that_make_no_sense_are_refused, JobFixture) {
  BOOST_CHECK_THROW(jobs::JobQueue(*db, clock, jobs::QueueOptions{.lease = std::chrono::seconds(0)}), InvalidInput);
  BOOST_CHECK_THROW(jobs::JobQueue(*db, clock,
                                   jobs::QueueOptions{.first_backoff = std::chrono::milliseconds(5000),
                                                      .max_backoff = std::chrono::milliseconds(1000)}),
                    InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()
