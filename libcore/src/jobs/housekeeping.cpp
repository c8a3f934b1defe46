#include "samverkan/jobs/housekeeping.hpp"

#include <algorithm>

#include "samverkan/core/error.hpp"
#include "samverkan/security/principal.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::jobs {

Housekeeping::Housekeeping(storage::Database& db, JobQueue& queue, ids::Kommunkod home, const Clock& clock,
                           HousekeepingOptions options, log::Logger* logger)
    : db_(db),
      home_(std::move(home)),
      clock_(clock),
      options_(options),
      logger_(logger),
      queue_(queue),
      worker_(
          queue, std::string(kQueue), [this](const Job& job) { handle(job); },
          WorkerOptions{.batch = 1, .idle_wait = options.idle_wait}, logger) {
  if (options_.interval < std::chrono::seconds(1)) throw InvalidInput("housekeeping needs an interval of 1 s or more");
}

Housekeeping::~Housekeeping() { worker_.stop(); }

void Housekeeping::add(std::string name, Task task) { tasks_.emplace_back(std::move(name), std::move(task)); }

void Housekeeping::start() {
  schedule(clock_.now());
  worker_.start();
}

void Housekeeping::stop() { worker_.stop(); }

Enqueued Housekeeping::schedule(Clock::TimePoint at) {
  const auto since_epoch = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch());
  const auto slot = since_epoch / options_.interval;
  const Clock::TimePoint slot_start{std::chrono::duration_cast<Clock::TimePoint::duration>(slot * options_.interval)};
  // The job table holds no personal data: this touches nothing the audit log is for.
  tenancy::Context ctx(db_, security::Principal::system("housekeeping"), home_, clock_, nullptr);
  const auto enqueued = queue_.enqueue(ctx, {.queue = std::string(kQueue),
                                             .idempotency_key = "slot-" + std::to_string(slot),
                                             .payload = "{}",
                                             .max_attempts = 5,
                                             .run_after = std::max(slot_start, clock_.now())});
  ctx.commit();
  return enqueued;
}

std::vector<std::pair<std::string, std::size_t>> Housekeeping::run_tasks() {
  std::vector<std::pair<std::string, std::size_t>> removed;
  removed.reserve(tasks_.size());
  for (const auto& [name, task] : tasks_) removed.emplace_back(name, task());
  return removed;
}

void Housekeeping::handle(const Job& /*job*/) {
  for (const auto& [name, count] : run_tasks()) {
    if (logger_ != nullptr && count > 0) {
      logger_->info("housekeeping removed",
                    {{"what", std::string_view(name)}, {"count", static_cast<long long>(count)}});
    }
  }
  schedule(clock_.now() + options_.interval);
}

}  // namespace samverkan::jobs
