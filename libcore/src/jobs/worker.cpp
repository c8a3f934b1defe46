#include "samverkan/jobs/worker.hpp"

#include <unistd.h>

#include <Poco/Environment.h>

#include "samverkan/core/error.hpp"

namespace samverkan::jobs {
namespace {

std::string default_name() {
  static std::atomic<int> counter{0};
  return Poco::Environment::nodeName() + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

}  // namespace

bool is_permanent(const Error& error) noexcept {
  switch (error.kind()) {
    case ErrorKind::kUnavailable:
    case ErrorKind::kInternal:
      return false;
    case ErrorKind::kInvalidInput:
    case ErrorKind::kNotFound:
    case ErrorKind::kForbidden:
    case ErrorKind::kUnauthenticated:
    case ErrorKind::kConflict:
    case ErrorKind::kTooLarge:
      return true;
  }
  return false;
}

Worker::Worker(JobQueue& queue, std::string queue_name, Handler handler, WorkerOptions options, log::Logger* logger)
    : queue_(queue),
      queue_name_(std::move(queue_name)),
      handler_(std::move(handler)),
      options_(std::move(options)),
      logger_(logger) {
  if (options_.name.empty()) options_.name = default_name();
  if (options_.batch == 0) options_.batch = 1;
}

Worker::~Worker() { stop(); }

void Worker::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Worker::stop() {
  stopping_ = true;
  wake();
  if (thread_.joinable()) thread_.join();
}

void Worker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wakeup_.notify_all();
}

std::size_t Worker::run_once() {
  const auto jobs = queue_.claim(queue_name_, options_.name, options_.batch);
  std::size_t ran = 0;
  for (const auto& job : jobs) {
    // Jobs left over when stopping go back to the queue when their lease runs out.
    if (stopping_) break;
    run(job);
    ++ran;
  }
  return ran;
}

void Worker::run(const Job& job) {
  const auto report = [&](std::string_view message, std::string_view error, log::Level level = log::Level::kWarning) {
    if (logger_ == nullptr) return;
    logger_->write(level, message,
                   {{"queue", std::string_view(job.queue)},
                    {"job", static_cast<long long>(job.id)},
                    {"municipality", job.municipality.str()},
                    {"attempt", static_cast<long long>(job.attempts)},
                    {"error", error}});
  };
  bool kept = true;
  try {
    handler_(job);
    kept = queue_.complete(job);
  } catch (const RetryLater& waiting) {
    // Asked for on purpose (e.g. an order the system has not carried out yet): not a fault.
    report("job waits", waiting.what(), log::Level::kInfo);
    kept = queue_.retry(job, waiting.what());
  } catch (const Error& error) {
    if (is_permanent(error)) {
      report("job failed", error.what());
      kept = queue_.fail(job, error.what());
    } else {
      report("job will be retried", error.what());
      kept = queue_.retry(job, error.what());
    }
  } catch (const std::exception& error) {
    report("job will be retried", error.what());
    kept = queue_.retry(job, error.what());
  }
  if (!kept) report("the job's lease ran out and another worker took it over", "");
}

void Worker::loop() {
  while (!stopping_) {
    std::size_t ran = 0;
    try {
      ran = run_once();
    } catch (const std::exception& error) {
      // The database is away: wait and poll again.
      if (logger_ != nullptr) {
        logger_->error("job worker cannot claim", {{"queue", std::string_view(queue_name_)}, {"error", error.what()}});
      }
    }
    if (ran > 0) continue;
    std::unique_lock lock(mutex_);
    wakeup_.wait_for(lock, options_.idle_wait, [this] { return woken_ || stopping_.load(); });
    woken_ = false;
  }
}

}  // namespace samverkan::jobs
