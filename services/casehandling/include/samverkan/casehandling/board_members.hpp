#pragma once
/// Boards' composition (nämndens sammansättning) per municipality, board and term: ordinary
/// members (ordinarie ledamöter), substitutes (ersättare) and the secretary, with chair and
/// vice chair. Kept in the database and managed by the committee secretary
/// (Permission::kMeetingManage), since the political composition changes during a term: a
/// membership is ended (its last day recorded), never deleted, and a successor is added.
///
///   BoardMembers members(boards);
///   members.add(ctx, {.prefix = "KS", .term = "2023-2026", .user_id = "anna", .name = "Anna A",
///                     .kind = MemberKind::kOrdinary, .function = BoardFunction::kChair,
///                     .valid_from = "2023-01-01"});
///   ctx.commit();

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::casehandling {

enum class MemberKind { kOrdinary, kSubstitute, kSecretary };
/// "ordinary", "substitute", "secretary"
std::string_view to_string(MemberKind kind) noexcept;
/// Throws samverkan::InvalidInput.
MemberKind parse_member_kind(std::string_view text);

enum class BoardFunction { kNone, kChair, kViceChair };
/// "none", "chair", "vice-chair"
std::string_view to_string(BoardFunction function) noexcept;
/// Throws samverkan::InvalidInput.
BoardFunction parse_board_function(std::string_view text);

struct NewBoardMember {
  std::string prefix;   ///< the board, "KS"
  std::string term;     ///< "2023-2026" (mandatperiod)
  std::string user_id;  ///< the staff user id they sign in with (Principal::staff)
  std::string name;     ///< "Anna Andersson (S)"
  MemberKind kind = MemberKind::kOrdinary;
  BoardFunction function = BoardFunction::kNone;  ///< chair / vice chair: ordinary members only
  std::string valid_from;                         ///< "YYYY-MM-DD", within the term
};

struct BoardMember {
  long long id = 0;
  std::string prefix;
  std::string term;
  std::string user_id;
  std::string name;
  MemberKind kind = MemberKind::kOrdinary;
  BoardFunction function = BoardFunction::kNone;
  std::string valid_from;
  std::optional<std::string> valid_to;  ///< the last day, when the membership has ended
};

class BoardMembers {
 public:
  /// `boards` must outlive this.
  explicit BoardMembers(const BoardDirectory& boards) : boards_(boards) {}

  /// Adds a membership (Permission::kMeetingManage). Throws samverkan::InvalidInput for an
  /// unknown board, a malformed term or date, a date outside the term, a function on a
  /// non-ordinary member; samverkan::Conflict when the user already sits on the board on that
  /// day, or when the board already has a chair (vice chair) on that day.
  BoardMember add(tenancy::Context& ctx, const NewBoardMember& input);

  /// Ends a membership with its last day (Permission::kMeetingManage). samverkan::NotFound for
  /// an unknown id; samverkan::Conflict when it has already ended; InvalidInput for a day
  /// before valid_from.
  BoardMember end(tenancy::Context& ctx, long long member_id, std::string_view last_day);

  /// One membership (Permission::kMeetingRead). samverkan::NotFound for an unknown id, or
  /// another municipality's.
  BoardMember member(tenancy::Context& ctx, long long member_id);

  /// The board's composition on `day` ("YYYY-MM-DD"), ordinary members first
  /// (Permission::kMeetingRead).
  std::vector<BoardMember> on_day(tenancy::Context& ctx, std::string_view prefix, std::string_view day);

  /// As on_day() without the permission check and audit, for the other services of this module.
  std::vector<BoardMember> composition(tenancy::Context& ctx, std::string_view prefix, std::string_view day) const;

 private:
  const BoardDirectory& boards_;
};

}  // namespace samverkan::casehandling
