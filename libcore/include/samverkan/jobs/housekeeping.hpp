#pragma once
/// Periodic clean-up as a durable job: every `interval` one job of the queue "housekeeping"
/// runs every task added (expired browser sessions, expired BankID logins, finished jobs,
/// ...) and enqueues the job of the next interval. Each interval's job has the idempotency key
/// of its slot ("slot-<n>", n = whole intervals since the Unix epoch), so several nodes that
/// start at once enqueue it once and one of them runs it; a node that was down catches up at
/// start. A task that throws is retried with the job (tasks are idempotent deletes).
///
///   jobs::Housekeeping housekeeping(db, queue, cooperation.host, clock, {}, &logger);
///   housekeeping.add("sessions", [&] { return sessions.purge_expired(); });
///   housekeeping.start();
///
/// Jobs belong to a municipality; the cooperation's own tables are cleaned in the name of the
/// member that hosts the platform (`home`).

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "samverkan/core/clock.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/jobs/worker.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::jobs {

struct HousekeepingOptions {
  std::chrono::seconds interval{600};
  std::chrono::milliseconds idle_wait{5000};  ///< how often the worker looks for due jobs
};

class Housekeeping {
 public:
  static constexpr std::string_view kQueue = "housekeeping";
  /// Removes what it is for; returns how many rows (or items) it removed.
  using Task = std::function<std::size_t()>;

  /// `logger` may be null. Throws samverkan::InvalidInput for an interval under one second.
  Housekeeping(storage::Database& db, JobQueue& queue, ids::Kommunkod home, const Clock& clock,
               HousekeepingOptions options = {}, log::Logger* logger = nullptr);
  ~Housekeeping();
  Housekeeping(const Housekeeping&) = delete;
  Housekeeping& operator=(const Housekeeping&) = delete;

  /// Adds a task; before start() only.
  void add(std::string name, Task task);

  /// Enqueues the job of the current interval (unless there is one) and starts the worker.
  void start();
  void stop();

  /// Enqueues the job of the interval that holds `at` (idempotent); returns the job.
  Enqueued schedule(Clock::TimePoint at);
  /// Runs every task once, in the order added; what each removed.
  std::vector<std::pair<std::string, std::size_t>> run_tasks();
  /// The worker (tests call run_once() on it).
  Worker& worker() noexcept { return worker_; }

 private:
  void handle(const Job& job);

  storage::Database& db_;
  ids::Kommunkod home_;
  const Clock& clock_;
  HousekeepingOptions options_;
  log::Logger* logger_;
  JobQueue& queue_;
  std::vector<std::pair<std::string, Task>> tasks_;
  Worker worker_;
};

}  // namespace samverkan::jobs
