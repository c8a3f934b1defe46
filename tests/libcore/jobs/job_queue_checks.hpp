#pragma once
// The job queue checked identically on SQLite (job_queue_test) and PostgreSQL
// (job_queue_pgtest): idempotent enqueueing in the caller's transaction, claiming in order,
// backoff, leases and fencing, permanent failures, and the worker's mapping of errors.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <ostream>
#include <string>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/jobs/worker.hpp"

namespace samverkan::jobs {
// For Boost.Test's messages.
inline std::ostream& operator<<(std::ostream& out, JobState state) { return out << to_string(state); }
}  // namespace samverkan::jobs

namespace samverkan::test {

struct JobFixture : AuthFixture {
  explicit JobFixture(const std::string& url = {}) : AuthFixture(url) {}

  jobs::JobQueue queue{*db, clock,
                       jobs::QueueOptions{.lease = std::chrono::seconds(60),
                                          .first_backoff = std::chrono::milliseconds(2000),
                                          .max_backoff = std::chrono::milliseconds(10000),
                                          .jitter = [] { return 1.0; }}};

  security::Principal system = security::Principal::system("jobs-test");

  jobs::Enqueued add(const ids::Kommunkod& where, const std::string& key, const std::string& payload = "{}",
                     int max_attempts = 3, std::optional<Clock::TimePoint> run_after = std::nullopt,
                     const std::string& queue_name = "test.queue") {
    return in_context(system, where, [&](tenancy::Context& ctx) {
      return queue.enqueue(ctx, {.queue = queue_name,
                                 .idempotency_key = key,
                                 .payload = payload,
                                 .max_attempts = max_attempts,
                                 .run_after = run_after});
    });
  }

  jobs::JobState state_of(const ids::Kommunkod& where, std::int64_t id) { return queue.status(where, id)->state; }
};

inline void check_enqueue_is_idempotent_transactional_and_scoped(JobFixture& f) {
  const auto first = f.add(f.aneby, "message-1", R"({"message":1})");
  BOOST_TEST(first.created);
  const auto again = f.add(f.aneby, "message-1", R"({"message":1})");
  BOOST_TEST(!again.created, "the same work is one job");
  BOOST_TEST(again.id == first.id);
  BOOST_CHECK_THROW(f.add(f.aneby, "message-1", R"({"message":2})"), Conflict);
  const auto eksjo = f.add(f.eksjo, "message-1", R"({"message":1})");
  BOOST_TEST(eksjo.created, "another municipality's key is its own");
  BOOST_TEST(eksjo.id != first.id);
  BOOST_TEST(!f.queue.status(f.aneby, eksjo.id).has_value(), "status is scoped to the municipality");

  // A job enqueued in a transaction that is rolled back does not exist.
  {
    tenancy::Context ctx(*f.db, f.system, f.aneby, f.clock, &f.audit);
    f.queue.enqueue(ctx, {.queue = "test.queue", .idempotency_key = "rolled-back", .payload = "{}"});
  }
  BOOST_TEST(f.add(f.aneby, "rolled-back").created);

  BOOST_CHECK_THROW(f.add(f.aneby, "x", "{}", 0), InvalidInput);
  BOOST_CHECK_THROW(f.add(f.aneby, "", "{}"), InvalidInput);
  BOOST_CHECK_THROW(f.add(f.aneby, "x", "{}", 3, std::nullopt, "Bad Queue"), InvalidInput);
}

inline void check_claim_in_order_and_complete(JobFixture& f) {
  using namespace std::chrono_literals;
  const auto later = f.add(f.aneby, "later", "{}", 3, f.clock.now() + 10s);
  const auto first = f.add(f.aneby, "first");
  const auto second = f.add(f.eksjo, "second");
  f.add(f.aneby, "elsewhere", "{}", 3, std::nullopt, "other.queue");

  auto claimed = f.queue.claim("test.queue", "w1", 10);
  BOOST_REQUIRE_EQUAL(claimed.size(), 2U);
  BOOST_TEST(claimed[0].id == first.id);
  BOOST_TEST(claimed[1].id == second.id);
  BOOST_TEST(claimed[1].municipality.str() == "0686");
  BOOST_TEST(claimed[0].attempts == 1);
  BOOST_TEST(f.state_of(f.aneby, first.id) == jobs::JobState::kRunning);
  BOOST_TEST(f.queue.claim("test.queue", "w2", 10).empty(), "claimed jobs are held by their lease");

  BOOST_TEST(f.queue.complete(claimed[0]));
  BOOST_TEST(f.queue.complete(claimed[1]));
  BOOST_TEST(f.state_of(f.aneby, first.id) == jobs::JobState::kDone);
  BOOST_TEST(!f.queue.complete(claimed[0]), "a finished job cannot be finished again");

  f.clock.advance(10s);
  claimed = f.queue.claim("test.queue", "w1", 10);
  BOOST_REQUIRE_EQUAL(claimed.size(), 1U);
  BOOST_TEST(claimed[0].id == later.id, "a job runs once it is due");
  BOOST_TEST(f.queue.complete(claimed[0]));
  const auto counts = f.queue.counts("test.queue");
  BOOST_TEST(counts.at(jobs::JobState::kDone) == 3U);
  BOOST_TEST(counts.count(jobs::JobState::kQueued) == 0U);
}

inline void check_retry_backs_off_then_gives_up(JobFixture& f) {
  using namespace std::chrono_literals;
  const auto job = f.add(f.aneby, "flaky", "{}", 3);
  const auto start = f.clock.now();
  auto claimed = f.queue.claim("test.queue", "w1", 1).at(0);
  BOOST_TEST(f.queue.retry(claimed, "backend down"));
  auto status = *f.queue.status(f.aneby, job.id);
  BOOST_TEST(status.state == jobs::JobState::kQueued);
  BOOST_TEST(status.last_error == "backend down");
  BOOST_TEST((status.run_after == start + 2s), "first backoff");
  BOOST_TEST(f.queue.claim("test.queue", "w1", 1).empty(), "not before the backoff");

  f.clock.advance(2s);
  claimed = f.queue.claim("test.queue", "w1", 1).at(0);
  BOOST_TEST(claimed.attempts == 2);
  BOOST_TEST(f.queue.retry(claimed, "still down"));
  BOOST_TEST((f.queue.status(f.aneby, job.id)->run_after == f.clock.now() + 4s), "doubled");

  f.clock.advance(4s);
  claimed = f.queue.claim("test.queue", "w1", 1).at(0);
  BOOST_TEST(claimed.attempts == 3);
  BOOST_TEST(f.queue.retry(claimed, "down for good"));
  status = *f.queue.status(f.aneby, job.id);
  BOOST_TEST(status.state == jobs::JobState::kFailed);
  BOOST_TEST(status.last_error == "gave up after 3 attempts: down for good");
  f.clock.advance(1h);
  BOOST_TEST(f.queue.claim("test.queue", "w1", 1).empty());

  BOOST_TEST(f.queue.backoff(1).count() == 2000);
  BOOST_TEST(f.queue.backoff(3).count() == 8000);
  BOOST_TEST(f.queue.backoff(40).count() == 10000, "capped");
}

inline void check_a_stopped_worker_loses_its_lease_and_is_fenced_out(JobFixture& f) {
  using namespace std::chrono_literals;
  const auto job = f.add(f.aneby, "crash", "{}", 2);
  const auto by_a = f.queue.claim("test.queue", "worker-a", 1).at(0);
  f.clock.advance(61s);  // worker-a died; its lease ran out
  const auto by_b = f.queue.claim("test.queue", "worker-b", 1).at(0);
  BOOST_TEST(by_b.id == job.id);
  BOOST_TEST(by_b.attempts == 2);
  BOOST_TEST(!f.queue.complete(by_a), "the old worker changes nothing");
  BOOST_TEST(!f.queue.retry(by_a, "late"));
  BOOST_TEST(f.state_of(f.aneby, job.id) == jobs::JobState::kRunning);

  // worker-b dies too, on the last attempt: the job is failed, not run a third time.
  f.clock.advance(61s);
  BOOST_TEST(f.queue.claim("test.queue", "worker-c", 1).empty());
  const auto status = *f.queue.status(f.aneby, job.id);
  BOOST_TEST(status.state == jobs::JobState::kFailed);
  BOOST_TEST(status.last_error.find("stopped without finishing") != std::string::npos);
}

// One claim takes jobs whose worker lost its lease first, then ready jobs in order, up to the
// limit; jobs not yet due and jobs still leased stay where they are.
inline void check_a_claim_takes_expired_leases_then_ready_jobs(JobFixture& f) {
  using namespace std::chrono_literals;
  const auto lost = f.add(f.aneby, "lost", "{}", 3);
  BOOST_TEST_REQUIRE(f.queue.claim("test.queue", "worker-a", 1).at(0).id == lost.id);
  f.clock.advance(61s);  // worker-a's lease ran out
  const auto first = f.add(f.aneby, "ready-1");
  const auto second = f.add(f.eksjo, "ready-2");
  const auto third = f.add(f.aneby, "ready-3");
  f.add(f.aneby, "later", "{}", 3, f.clock.now() + 1h);
  const auto claimed = f.queue.claim("test.queue", "worker-b", 3);
  BOOST_TEST_REQUIRE(claimed.size() == 3u);
  BOOST_TEST(claimed[0].id == lost.id);
  BOOST_TEST(claimed[0].attempts == 2);
  BOOST_TEST(claimed[1].id == first.id);
  BOOST_TEST(claimed[2].id == second.id);
  const auto rest = f.queue.claim("test.queue", "worker-c", 10);
  BOOST_TEST_REQUIRE(rest.size() == 1u, "the job not yet due and the leased ones stay");
  BOOST_TEST(rest[0].id == third.id);
}

inline void check_the_worker_maps_errors(JobFixture& f) {
  const auto ok = f.add(f.aneby, "ok");
  const auto transient = f.add(f.aneby, "transient");
  const auto permanent = f.add(f.aneby, "permanent");
  const auto unknown = f.add(f.aneby, "unknown");
  std::vector<std::string> seen;
  jobs::Worker worker(f.queue, "test.queue", [&](const jobs::Job& job) {
    seen.push_back(job.idempotency_key);
    if (job.idempotency_key == "transient") throw Unavailable("the operator does not answer");
    if (job.idempotency_key == "permanent") throw InvalidInput("the recipient id is malformed");
    if (job.idempotency_key == "unknown") throw std::runtime_error("something odd");
  });
  BOOST_TEST(worker.run_once() == 4U);
  BOOST_TEST(seen.size() == 4U);
  BOOST_TEST(f.state_of(f.aneby, ok.id) == jobs::JobState::kDone);
  BOOST_TEST(f.state_of(f.aneby, transient.id) == jobs::JobState::kQueued);
  BOOST_TEST(f.queue.status(f.aneby, transient.id)->last_error == "the operator does not answer");
  BOOST_TEST(f.state_of(f.aneby, permanent.id) == jobs::JobState::kFailed);
  BOOST_TEST(f.queue.status(f.aneby, permanent.id)->last_error == "the recipient id is malformed");
  BOOST_TEST(f.state_of(f.aneby, unknown.id) == jobs::JobState::kQueued, "unknown errors are retried");
  BOOST_TEST(worker.run_once() == 0U, "nothing due before the backoff");
}

}  // namespace samverkan::test
