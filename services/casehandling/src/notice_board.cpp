#include "samverkan/casehandling/notice_board.hpp"

#include <charconv>

#include "detail/sql_util.hpp"
#include "samverkan/calendar/appeal_period.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/jobs/worker.hpp"

namespace samverkan::casehandling {
namespace {

using detail::row_int;
using detail::row_text;
using detail::sql_guard;

constexpr std::string_view kKeyPrefix = "notice-";

}  // namespace

Notice NoticeBoard::post(tenancy::Context& ctx, long long minutes_id) {
  const auto today = calendar::swedish_date(ctx.now());
  const auto deadline = calendar::appeal_deadline(today);
  const auto remove_on = std::chrono::year_month_day(std::chrono::sys_days(deadline) + std::chrono::days(1));
  const std::string posted_on = calendar::format_iso_date(today);
  const std::string deadline_text = calendar::format_iso_date(deadline);
  const std::string remove_text = calendar::format_iso_date(remove_on);
  const long long id = sql_guard("posting a notice", [&] {
    std::string prefix, meeting_date, kept_at;
    bool found = false;
    for (const auto& row : ctx.sql().rows(
             "SELECT m.prefix, m.meeting_date, n.kept_at FROM minutes n JOIN meeting m ON m.id = n.meeting_id "
             "WHERE {{tenant:n}} AND n.id = :id",
             soci::use(minutes_id, "id"))) {
      prefix = row_text(row, 0);
      meeting_date = row_text(row, 1);
      kept_at = row_text(row, 2);
      found = true;
    }
    if (!found) throw NotFound("no such minutes");
    long long new_id = 0;
    for (const auto& row : ctx.sql().rows(
             "INSERT INTO notice (municipality, minutes_id, prefix, meeting_date, posted_on, appeal_deadline, "
             "remove_on, kept_at, status) VALUES (:tenant, :minutes, :prefix, :meeting_date, :posted, :deadline, "
             ":remove_on, :kept, 'posted') RETURNING id",
             soci::use(minutes_id, "minutes"), soci::use(prefix, "prefix"), soci::use(meeting_date, "meeting_date"),
             soci::use(posted_on, "posted"), soci::use(deadline_text, "deadline"), soci::use(remove_text, "remove_on"),
             soci::use(kept_at, "kept"))) {
      new_id = row_int(row, 0);
    }
    return new_id;
  });
  // The removal exists exactly when the notice does: same transaction.
  queue_.enqueue(ctx, {.queue = std::string(kRemovalQueue),
                       .idempotency_key = std::string(kKeyPrefix) + std::to_string(id),
                       .payload = "{\"notice\":" + std::to_string(id) + "}",
                       .max_attempts = 20,
                       .run_after = calendar::swedish_midnight(remove_on)});
  ctx.audit({"notice.post", "notice", std::to_string(id), "appeal until " + deadline_text});
  return load(ctx, false, id).at(0);
}

std::vector<Notice> NoticeBoard::load(tenancy::Context& ctx, bool only_posted, long long notice_id) {
  const std::string today = detail::swedish_day_text(ctx.now());
  auto notices = sql_guard("reading the notice board", [&] {
    std::vector<Notice> out;
    const auto read = [&](const soci::row& row) {
      Notice n;
      n.id = row_int(row, 0);
      n.minutes_id = row_int(row, 1);
      n.prefix = row_text(row, 2);
      n.meeting_date = row_text(row, 3);
      n.posted_on = row_text(row, 4);
      n.appeal_deadline = row_text(row, 5);
      n.remove_on = row_text(row, 6);
      n.kept_at = row_text(row, 7);
      n.status = row_text(row, 8);
      out.push_back(std::move(n));
    };
    constexpr const char* kSelect =
        "SELECT id, minutes_id, prefix, meeting_date, posted_on, appeal_deadline, remove_on, kept_at, status "
        "FROM notice WHERE {{tenant}} ";
    if (only_posted) {
      // A notice stays until its deadline has passed, whether or not the removal job has run yet.
      for (const auto& row :
           ctx.sql().rows(std::string(kSelect) + "AND status = 'posted' AND posted_on <= :today AND remove_on > :today "
                                                 "ORDER BY posted_on DESC, id DESC",
                          soci::use(today, "today"))) {
        read(row);
      }
    } else {
      for (const auto& row : ctx.sql().rows(std::string(kSelect) + "AND id = :id", soci::use(notice_id, "id"))) {
        read(row);
      }
    }
    for (auto& n : out) {
      for (const auto& row :
           ctx.sql().rows("SELECT number, heading, secrecy_reference, decision FROM paragraph WHERE {{tenant}} "
                          "AND minutes_id = :minutes ORDER BY number",
                          soci::use(n.minutes_id, "minutes"))) {
        NoticeParagraph p;
        p.number = row_int<int>(row, 0);
        p.heading = row_text(row, 1);
        p.secrecy_reference = row_text(row, 2);
        // A secret paragraph shows its number, heading and secrecy reference, nothing more.
        if (p.secrecy_reference.empty()) p.decision = row_text(row, 3);
        n.paragraphs.push_back(std::move(p));
      }
    }
    return out;
  });
  for (auto& n : notices) {
    if (const BoardInfo* board = boards_.find(ctx.municipality(), n.prefix)) n.board_name = board->name;
  }
  return notices;
}

std::vector<Notice> NoticeBoard::posted(tenancy::Context& ctx) { return load(ctx, true, 0); }

Notice NoticeBoard::notice(tenancy::Context& ctx, long long notice_id) {
  ctx.require(security::Permission::kMeetingRead, {"notice.read", "notice", std::to_string(notice_id)});
  auto found = load(ctx, false, notice_id);
  if (found.empty()) throw NotFound("no such notice");
  ctx.audit({"notice.read", "notice", std::to_string(notice_id)});
  return found.front();
}

void NoticeBoard::remove(storage::Database& db, audit::AuditLog& audit_log, const Clock& clock, const jobs::Job& job) {
  if (!job.idempotency_key.starts_with(kKeyPrefix)) throw InvalidInput("not a notice removal job");
  const std::string_view digits = std::string_view(job.idempotency_key).substr(kKeyPrefix.size());
  long long id = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (error != std::errc() || end != digits.data() + digits.size()) throw InvalidInput("not a notice removal job");

  tenancy::Context ctx(db, security::Principal::system("casehandling/notice-removal"), job.municipality, clock,
                       &audit_log);
  const std::string today = detail::swedish_day_text(ctx.now());
  std::optional<std::pair<std::string, std::string>> state = sql_guard("reading a notice", [&] {
    std::optional<std::pair<std::string, std::string>> s;
    for (const auto& row :
         ctx.sql().rows("SELECT status, remove_on FROM notice WHERE {{tenant}} AND id = :id", soci::use(id, "id"))) {
      s = std::make_pair(row_text(row, 0), row_text(row, 1));
    }
    return s;
  });
  if (!state) throw NotFound("no notice " + std::to_string(id));
  if (state->first == "archived") return;  // done by an earlier attempt
  if (today < state->second) throw jobs::RetryLater("the appeal period of notice " + std::to_string(id) + " runs");
  sql_guard("archiving a notice", [&] {
    const std::string at = detail::time_text(ctx.now());
    ctx.sql().exec(
        "UPDATE notice SET status = 'archived', archived_at = :at WHERE {{tenant}} AND id = :id AND status = 'posted'",
        soci::use(at, "at"), soci::use(id, "id"));
  });
  ctx.audit({"notice.archive", "notice", std::to_string(id)});
  ctx.commit();
}

}  // namespace samverkan::casehandling
