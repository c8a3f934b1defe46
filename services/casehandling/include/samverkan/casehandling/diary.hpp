#pragma once
/// The diary (diarium) numbering: registration numbers per municipality, board diary and year.
///
/// Guarantees (tested on PostgreSQL with 8 concurrent registrars, and across a year boundary):
///  - numbers of one diary and year run 1, 2, 3, ... without gaps and without duplicates;
///  - a number is taken in the caller's transaction (a counter row per municipality, prefix and
///    year bumped with UPDATE ... RETURNING, which holds the row lock until commit); when the
///    transaction rolls back the number is given back, so an aborted registration leaves no gap;
///  - every number handed out is recorded in diary_number: used by a case, reserved, or
///    unused (a reservation given up, with who and when); a number is never handed out twice;
///  - the year is the Swedish calendar year at the context's clock (calendar::swedish_date).
/// Take numbers before appending to the audit log in the same transaction (the audit chain's
/// head lock comes second everywhere), so registrations cannot deadlock.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_number.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::casehandling {

enum class NumberStatus { kReserved, kUsed, kUnused };

/// "reserved", "used", "unused".
std::string_view to_string(NumberStatus status) noexcept;

/// One number as the diary records it.
struct NumberRecord {
  CaseNumber number;
  NumberStatus status = NumberStatus::kUsed;
  std::string assigned_by;  ///< Principal::id() of who took or reserved it
  Clock::TimePoint assigned_at;
  std::optional<std::string> closed_by;  ///< who gave a reservation up (unused)
  std::optional<Clock::TimePoint> closed_at;
  std::string note;  ///< why it was reserved / given up
};

class Diary {
 public:
  /// `boards` must outlive the diary.
  explicit Diary(const BoardDirectory& boards) : boards_(boards) {}

  /// Takes the next number of `prefix` in ctx's municipality and current year and records it
  /// with `status` (kUsed or kReserved). No permission check: the calling service function has
  /// done it. Throws samverkan::InvalidInput for an unknown diary.
  CaseNumber take_number(tenancy::Context& ctx, std::string_view prefix, NumberStatus status,
                         std::string_view note = {});

  /// Reserves a number for a case that will be registered later (Permission::kCaseRegister,
  /// audited "diary.reserve"). The caller commits.
  CaseNumber reserve(tenancy::Context& ctx, std::string_view prefix, std::string_view note = {});

  /// Marks a reservation as used by a case now being registered in ctx's transaction. Throws
  /// samverkan::NotFound when the number was never handed out here, samverkan::Conflict when it
  /// is not reserved (already used, or given up).
  void use_reservation(tenancy::Context& ctx, const CaseNumber& number);

  /// Gives a reservation up: it stays recorded as unused with who and when and is never handed
  /// out again (Permission::kCaseRegister, audited "diary.release"). Errors as use_reservation.
  void release(tenancy::Context& ctx, const CaseNumber& number, std::string_view reason);

  /// One reservation of ctx's municipality, to be used or given up (Permission::kCaseRegister,
  /// audited "diary.reservation.read"). Throws samverkan::NotFound when the number is not
  /// reserved here: never handed out, used, given up, or another member's.
  NumberRecord reservation(tenancy::Context& ctx, const CaseNumber& number);

  /// Every number of one diary and year in number order (Permission::kCaseRead).
  std::vector<NumberRecord> numbers(tenancy::Context& ctx, std::string_view prefix, int year);

  const BoardDirectory& boards() const noexcept { return boards_; }

 private:
  NumberStatus status_of(tenancy::Context& ctx, const CaseNumber& number);

  const BoardDirectory& boards_;
};

}  // namespace samverkan::casehandling
