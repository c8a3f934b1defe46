#pragma once
/// Durable background work, shared by every service: one `job` table, jobs enqueued in the
/// transaction of the change that causes them, claimed by workers with a lease, retried with
/// exponential backoff and jitter, and failed for good after `max_attempts` or a permanent
/// error. Several server processes on one PostgreSQL share a queue without taking the same
/// job twice (FOR UPDATE SKIP LOCKED); SQLite serialises writers.
///
///   // in a service function, inside its Context:
///   queue.enqueue(ctx, {.queue = "mailbox.delivery", .idempotency_key = message_id,
///                       .payload = R"({"message":42})"});
///   ctx.commit();  // the job exists only if the change does
///
///   // in the composition root (jobs/worker.hpp):
///   jobs::Worker worker(queue, "mailbox.delivery", [&](const jobs::Job& job) { deliver(job); });
///   worker.start();
///
/// Delivery is at least once: a worker can die after the effect and before complete(), and
/// the job then runs again after its lease. Handlers therefore make their effect idempotent
/// (the job's municipality + queue + idempotency key identify the work). complete(), retry()
/// and fail() are fenced by the attempt number: a worker whose lease ran out and whose job was
/// taken over changes nothing.
///
/// The claiming side is platform work across municipalities (the worker acts as the system),
/// so it reads the job table without a TenantSession; enqueueing goes through the caller's
/// tenancy::Context and is scoped to its municipality.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/clock.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::jobs {

struct NewJob {
  std::string queue{};                          ///< "mailbox.delivery": [a-z0-9._-], 1..64
  std::string idempotency_key{};                ///< unique per municipality and queue, 1..200 characters
  std::string payload{};                        ///< references to the work (JSON); no personal data
  int max_attempts = 10;                        ///< 1..100
  std::optional<Clock::TimePoint> run_after{};  ///< not before; default now
};

struct Enqueued {
  std::int64_t id = 0;
  bool created = false;  ///< false: the same job was already there (idempotent)
};

enum class JobState { kQueued, kRunning, kDone, kFailed };

struct Job {
  std::int64_t id = 0;
  ids::Kommunkod municipality;
  std::string queue{};
  std::string idempotency_key{};
  std::string payload{};
  int attempts = 0;  ///< this one included
  int max_attempts = 0;
  std::string worker{};  ///< who holds it
};

struct JobStatus {
  JobState state = JobState::kQueued;
  int attempts = 0;
  Clock::TimePoint run_after{};
  std::string last_error{};
};

struct QueueOptions {
  std::chrono::seconds lease{60};                 ///< how long a claimed job is held before others may take it
  std::chrono::milliseconds first_backoff{2000};  ///< the wait after the first failure
  std::chrono::milliseconds max_backoff{std::chrono::hours(1)};
  /// A factor in [0.5, 1) applied to each backoff; default random (spreads the retries of
  /// many jobs that failed together). Tests pass a fixed one.
  std::function<double()> jitter{};
};

class JobQueue {
 public:
  JobQueue(storage::Database& db, const Clock& clock, QueueOptions options = {});

  /// Adds a job in ctx's transaction, for ctx's municipality. A job with the same queue and
  /// idempotency key is not added again: returns its id with created = false; throws
  /// samverkan::Conflict when that job's payload differs (the key was reused for other work),
  /// samverkan::InvalidInput for a bad queue name, key or attempt count.
  Enqueued enqueue(tenancy::Context& ctx, const NewJob& job);

  /// Claims up to `limit` ready jobs of `queue` for `worker` (queued and due, or running with
  /// a lease that ran out), oldest due first, each for one lease and one more attempt. A job
  /// whose lease ran out on its last attempt is failed instead ("the worker stopped").
  std::vector<Job> claim(std::string_view queue, std::string_view worker, std::size_t limit);

  /// Finishes a claimed job. False when the claim was lost (the lease ran out and another
  /// worker took the job): nothing is changed then.
  bool complete(const Job& job);
  /// A transient failure: the job waits first_backoff × 2^(attempts-1) (capped, with jitter)
  /// and runs again; after max_attempts it is failed. False when the claim was lost.
  bool retry(const Job& job, std::string_view error);
  /// A permanent failure: the job is failed with `error` and never runs again.
  bool fail(const Job& job, std::string_view error);

  /// The job's state, for status pages and tests; nullopt for an unknown id of `municipality`.
  std::optional<JobStatus> status(const ids::Kommunkod& municipality, std::int64_t id);
  /// How many jobs of `queue` are in each state (states without jobs are left out).
  std::map<JobState, std::size_t> counts(std::string_view queue);

  /// Deletes the jobs done before `before` (failed ones stay for people to look at); returns
  /// how many. For the housekeeping job: an idempotency key is then free again.
  std::size_t purge_done(Clock::TimePoint before);

  /// The wait before attempt `attempts` + 1, before jitter.
  std::chrono::milliseconds backoff(int attempts) const;

  const Clock& clock() const noexcept { return clock_; }

 private:
  bool finish(const Job& job, std::string_view state, std::optional<Clock::TimePoint> run_after,
              std::string_view error);

  storage::Database& db_;
  const Clock& clock_;
  QueueOptions options_;
};

std::string_view to_string(JobState state) noexcept;

}  // namespace samverkan::jobs
