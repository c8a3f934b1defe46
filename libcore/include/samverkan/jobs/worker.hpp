#pragma once
/// A thread that works one queue: claims a batch, runs the handler for each job, and finishes
/// it by what the handler did. Returning is success. Throwing samverkan::Unavailable (a
/// backend down, a timeout) or anything that is not a samverkan::Error is transient: the job
/// is retried with backoff. The other samverkan errors (invalid input, not found, forbidden,
/// conflict, too large) are permanent: the job fails with the message. A handler that throws
/// jobs::RetryLater asks for a retry explicitly (logged as information, not as a warning: the
/// handler is waiting on purpose, e.g. for an order the system has not carried out yet).
///
/// Several workers (threads or processes) may work the same queue.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "samverkan/core/error.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/log/logger.hpp"

namespace samverkan::jobs {

/// Thrown by a handler for a transient failure it recognises itself.
class RetryLater : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Whether a handler's error fails the job for good (invalid input, not found, forbidden,
/// unauthenticated, conflict, too large) rather than being retried (unavailable, internal).
bool is_permanent(const Error& error) noexcept;

struct WorkerOptions {
  std::string name{};  ///< who claims (appears in locked_by); default host-pid-counter
  std::size_t batch = 8;
  std::chrono::milliseconds idle_wait{1000};  ///< between polls when the queue is empty
};

class Worker {
 public:
  using Handler = std::function<void(const Job&)>;

  /// `logger` may be null.
  Worker(JobQueue& queue, std::string queue_name, Handler handler, WorkerOptions options = {},
         log::Logger* logger = nullptr);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Starts the thread. The worker runs until stop().
  void start();
  /// Finishes the job at hand (not the rest of the batch: those go back after their lease)
  /// and joins the thread.
  void stop();
  /// Polls now instead of after idle_wait (e.g. right after enqueueing in this process).
  void wake();

  /// Claims and runs one batch in the calling thread; returns how many jobs it ran.
  std::size_t run_once();

  const std::string& name() const noexcept { return options_.name; }

 private:
  void run(const Job& job);
  void loop();

  JobQueue& queue_;
  std::string queue_name_;
  Handler handler_;
  WorkerOptions options_;
  log::Logger* logger_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace samverkan::jobs
