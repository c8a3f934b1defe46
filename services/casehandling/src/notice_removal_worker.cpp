#include "samverkan/casehandling/notice_removal_worker.hpp"

#include <string>

#include "samverkan/casehandling/notice_board.hpp"

namespace samverkan::casehandling {

NoticeRemovalWorker::NoticeRemovalWorker(storage::Database& db, audit::AuditLog& audit_log, const Clock& clock,
                                         log::Logger* logger)
    : queue_(db, clock),
      worker_(
          queue_, std::string(NoticeBoard::kRemovalQueue),
          [&db, &audit_log, &clock](const jobs::Job& job) { NoticeBoard::remove(db, audit_log, clock, job); }, {},
          logger) {}

NoticeRemovalWorker::~NoticeRemovalWorker() { worker_.stop(); }

}  // namespace samverkan::casehandling
