#include "samverkan/casehandling/diary.hpp"

#include "detail/sql_util.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::casehandling {
namespace {

using detail::sql_guard;

NumberStatus parse_status(const std::string& text) {
  if (text == "reserved") return NumberStatus::kReserved;
  if (text == "used") return NumberStatus::kUsed;
  if (text == "unused") return NumberStatus::kUnused;
  throw InternalError("unknown diary number status in the database");
}

}  // namespace

std::string_view to_string(NumberStatus status) noexcept {
  switch (status) {
    case NumberStatus::kReserved:
      return "reserved";
    case NumberStatus::kUsed:
      return "used";
    case NumberStatus::kUnused:
      return "unused";
  }
  return "unknown";
}

CaseNumber Diary::take_number(tenancy::Context& ctx, std::string_view prefix, NumberStatus status,
                              std::string_view note) {
  if (status == NumberStatus::kUnused) throw InternalError("a new number is used or reserved");
  const BoardInfo& board = boards_.require(ctx.municipality(), prefix);
  CaseNumber out{board.prefix, static_cast<int>(calendar::swedish_date(ctx.now()).year()), 0};
  return sql_guard("taking a diary number", [&] {
    auto& sql = ctx.sql();
    // The first number of a year creates the counter row; a concurrent creator makes this wait
    // for its commit and then do nothing.
    sql.exec(
        "INSERT INTO diary_counter (municipality, prefix, year, last_number) VALUES (:tenant, :prefix, :year, 0) "
        "ON CONFLICT (municipality, prefix, year) DO NOTHING",
        soci::use(out.prefix, "prefix"), soci::use(out.year, "year"));
    // The row lock taken here is held until this transaction ends: the next registrar waits and
    // then sees our number, or gets it back if we roll back.
    bool found = false;
    for (const auto& row : sql.rows("UPDATE diary_counter SET last_number = last_number + 1 "
                                    "WHERE {{tenant}} AND prefix = :prefix AND year = :year RETURNING last_number",
                                    soci::use(out.prefix, "prefix"), soci::use(out.year, "year"))) {
      out.number = detail::row_int<int>(row, 0);
      found = true;
    }
    if (!found) throw InternalError("the diary counter row is missing");
    const std::string status_text(to_string(status));
    const std::string by = ctx.principal().id();
    const std::string at = detail::time_text(ctx.now());
    const std::string note_text(note);
    sql.exec(
        "INSERT INTO diary_number (municipality, prefix, year, number, status, assigned_by, assigned_at, note) "
        "VALUES (:tenant, :prefix, :year, :number, :status, :by, :at, :note)",
        soci::use(out.prefix, "prefix"), soci::use(out.year, "year"), soci::use(out.number, "number"),
        soci::use(status_text, "status"), soci::use(by, "by"), soci::use(at, "at"), soci::use(note_text, "note"));
    return out;
  });
}

CaseNumber Diary::reserve(tenancy::Context& ctx, std::string_view prefix, std::string_view note) {
  ctx.require(security::Permission::kCaseRegister, {"diary.reserve", "diary", std::string(prefix.substr(0, 16))});
  if (note.size() > 1000) throw InvalidInput("the note is longer than 1000 characters");
  CaseNumber number = take_number(ctx, prefix, NumberStatus::kReserved, note);
  ctx.audit({"diary.reserve", "case-number", number.str()});
  return number;
}

NumberStatus Diary::status_of(tenancy::Context& ctx, const CaseNumber& number) {
  return sql_guard("reading a diary number", [&] {
    std::optional<NumberStatus> status;
    for (const auto& row : ctx.sql().rows(
             "SELECT status FROM diary_number WHERE {{tenant}} AND prefix = :prefix AND year = :year "
             "AND number = :number",
             soci::use(number.prefix, "prefix"), soci::use(number.year, "year"), soci::use(number.number, "number"))) {
      status = parse_status(detail::row_text(row, 0));
    }
    if (!status) throw NotFound("no number " + number.str() + " in the diary");
    return *status;
  });
}

void Diary::use_reservation(tenancy::Context& ctx, const CaseNumber& number) {
  sql_guard("using a reservation", [&] {
    bool changed = false;
    for (const auto& row : ctx.sql().rows(
             "UPDATE diary_number SET status = 'used' WHERE {{tenant}} AND prefix = :prefix AND year = :year "
             "AND number = :number AND status = 'reserved' RETURNING number",
             soci::use(number.prefix, "prefix"), soci::use(number.year, "year"), soci::use(number.number, "number"))) {
      (void)row;
      changed = true;
    }
    if (changed) return;
    const NumberStatus status = status_of(ctx, number);
    throw Conflict(number.str() + " is not reserved (it is " + std::string(to_string(status)) + ")");
  });
}

void Diary::release(tenancy::Context& ctx, const CaseNumber& number, std::string_view reason) {
  ctx.require(security::Permission::kCaseRegister, {"diary.release", "case-number", number.str()});
  if (reason.empty() || reason.size() > 1000) throw InvalidInput("give a reason of at most 1000 characters");
  sql_guard("releasing a reservation", [&] {
    const std::string by = ctx.principal().id();
    const std::string at = detail::time_text(ctx.now());
    const std::string why(reason);
    bool changed = false;
    for (const auto& row : ctx.sql().rows(
             "UPDATE diary_number SET status = 'unused', closed_by = :by, closed_at = :at, note = :why "
             "WHERE {{tenant}} AND prefix = :prefix AND year = :year AND number = :number AND status = 'reserved' "
             "RETURNING number",
             soci::use(by, "by"), soci::use(at, "at"), soci::use(why, "why"), soci::use(number.prefix, "prefix"),
             soci::use(number.year, "year"), soci::use(number.number, "number"))) {
      (void)row;
      changed = true;
    }
    if (!changed) {
      const NumberStatus status = status_of(ctx, number);
      throw Conflict(number.str() + " is not reserved (it is " + std::string(to_string(status)) + ")");
    }
  });
  ctx.audit({"diary.release", "case-number", number.str()});
}

NumberRecord Diary::reservation(tenancy::Context& ctx, const CaseNumber& number) {
  ctx.require(security::Permission::kCaseRegister, {"diary.reservation.read", "case-number", number.str()});
  auto record = sql_guard("reading a reservation", [&] {
    std::optional<NumberRecord> found;
    for (const auto& row : ctx.sql().rows(
             "SELECT assigned_by, assigned_at, note FROM diary_number WHERE {{tenant}} AND prefix = :prefix "
             "AND year = :year AND number = :number AND status = 'reserved'",
             soci::use(number.prefix, "prefix"), soci::use(number.year, "year"), soci::use(number.number, "number"))) {
      found = NumberRecord{
          number,       NumberStatus::kReserved, detail::row_text(row, 0), detail::row_time(row, 1), std::nullopt,
          std::nullopt, detail::row_text(row, 2)};
    }
    if (!found) throw NotFound("no reservation " + number.str() + " in the diary");
    return *found;
  });
  ctx.audit({"diary.reservation.read", "case-number", number.str()});
  return record;
}

std::vector<NumberRecord> Diary::numbers(tenancy::Context& ctx, std::string_view prefix, int year) {
  ctx.require(security::Permission::kCaseRead, {"diary.list", "diary", std::string(prefix.substr(0, 16))});
  const std::string p(prefix);
  auto out = sql_guard("listing diary numbers", [&] {
    std::vector<NumberRecord> records;
    for (const auto& row :
         ctx.sql().rows("SELECT number, status, assigned_by, assigned_at, closed_by, closed_at, note FROM diary_number "
                        "WHERE {{tenant}} AND prefix = :prefix AND year = :year ORDER BY number",
                        soci::use(p, "prefix"), soci::use(year, "year"))) {
      NumberRecord record;
      record.number = {p, year, detail::row_int<int>(row, 0)};
      record.status = parse_status(detail::row_text(row, 1));
      record.assigned_by = detail::row_text(row, 2);
      record.assigned_at = detail::row_time(row, 3);
      record.closed_by = detail::row_optional_text(row, 4);
      record.closed_at = detail::row_optional_time(row, 5);
      record.note = detail::row_text(row, 6);
      records.push_back(std::move(record));
    }
    return records;
  });
  ctx.audit({"diary.list", "diary", p + " " + std::to_string(year)});
  return out;
}

}  // namespace samverkan::casehandling
