#pragma once
/// The municipality's official digital notice board (anslagstavla): when minutes are adjusted
/// a notice (tillkännagivande) is posted with the posting day, where the minutes are kept and
/// the last day to appeal (calendar::appeal_deadline: three weeks, Kommunallagen 13 kap. 5 §).
/// A job on queue kRemovalQueue, enqueued in the same transaction, archives the notice on the
/// day after that deadline. Anyone may read the posted notices; secret paragraphs show only
/// their number, heading and secrecy reference.

#include <string>
#include <string_view>
#include <vector>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::casehandling {

struct NoticeParagraph {
  int number = 0;
  std::string heading;
  std::string secrecy_reference;  ///< set: the paragraph is secret and shows nothing more
  std::string decision;           ///< empty for secret paragraphs
};

struct Notice {
  long long id = 0;
  long long minutes_id = 0;
  std::string prefix;
  std::string board_name;
  std::string meeting_date;
  std::string posted_on;
  std::string appeal_deadline;  ///< the last day to appeal
  std::string remove_on;        ///< the day after the deadline
  std::string kept_at;
  std::string status;  ///< "posted" or "archived"
  std::vector<NoticeParagraph> paragraphs;
};

class NoticeBoard {
 public:
  /// The job queue of notice removals.
  static constexpr std::string_view kRemovalQueue = "casehandling.notice-removal";

  /// Every argument must outlive this.
  NoticeBoard(const BoardDirectory& boards, jobs::JobQueue& queue) : boards_(boards), queue_(queue) {}

  /// Posts the notice of adjusted minutes today (Swedish calendar day) and enqueues its removal
  /// for the start of the day after the appeal deadline (Stockholm time), in ctx's transaction.
  /// Called by MeetingService::sign; checks no permission itself.
  Notice post(tenancy::Context& ctx, long long minutes_id);

  /// The notices on the board now (anyone, the public included), newest first.
  std::vector<Notice> posted(tenancy::Context& ctx);

  /// One notice, whatever its state (Permission::kMeetingRead).
  Notice notice(tenancy::Context& ctx, long long notice_id);

  /// The job handler: archives the notice of `job` when its removal day has come (acting as
  /// the system), audited "notice.archive"; does nothing for one already archived. Throws
  /// jobs::RetryLater when run before the removal day.
  static void remove(storage::Database& db, audit::AuditLog& audit_log, const Clock& clock, const jobs::Job& job);

 private:
  std::vector<Notice> load(tenancy::Context& ctx, bool only_posted, long long notice_id);

  const BoardDirectory& boards_;
  jobs::JobQueue& queue_;
};

}  // namespace samverkan::casehandling
