#pragma once
/// The worker that archives notice-board notices on the day after their appeal deadline
/// (queue casehandling.notice-removal, enqueued by NoticeBoard::post). Several server
/// processes may run it on one database.

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/jobs/worker.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::casehandling {

/// The owner starts it (worker().start()) and destroys it before the database and the audit
/// log; the destructor stops the thread.
class NoticeRemovalWorker {
 public:
  NoticeRemovalWorker(storage::Database& db, audit::AuditLog& audit_log, const Clock& clock, log::Logger* logger);
  ~NoticeRemovalWorker();
  NoticeRemovalWorker(const NoticeRemovalWorker&) = delete;
  NoticeRemovalWorker& operator=(const NoticeRemovalWorker&) = delete;

  jobs::Worker& worker() noexcept { return worker_; }

 private:
  jobs::JobQueue queue_;
  jobs::Worker worker_;
};

}  // namespace samverkan::casehandling
