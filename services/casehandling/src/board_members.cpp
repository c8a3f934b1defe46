#include "samverkan/casehandling/board_members.hpp"

#include <algorithm>

#include "detail/sql_util.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::casehandling {
namespace {

using detail::row_int;
using detail::row_text;
using detail::sql_guard;
using security::Permission;

constexpr const char* kColumns =
    "SELECT id, prefix, term, user_id, name, kind, function, valid_from, valid_to FROM board_member ";

BoardMember read_member(const soci::row& row) {
  BoardMember m;
  m.id = row_int(row, 0);
  m.prefix = row_text(row, 1);
  m.term = row_text(row, 2);
  m.user_id = row_text(row, 3);
  m.name = row_text(row, 4);
  m.kind = parse_member_kind(row_text(row, 5));
  m.function = parse_board_function(row_text(row, 6));
  m.valid_from = row_text(row, 7);
  m.valid_to = detail::row_optional_text(row, 8);
  return m;
}

/// "2023-2026": two years, the second not before the first.
std::pair<int, int> parse_term(std::string_view term) {
  const auto digits = [&](std::size_t from) {
    int value = 0;
    for (std::size_t i = from; i < from + 4; ++i) {
      if (term[i] < '0' || term[i] > '9') throw InvalidInput("a term is 'YYYY-YYYY', e.g. '2023-2026'");
      value = value * 10 + (term[i] - '0');
    }
    return value;
  };
  if (term.size() != 9 || term[4] != '-') throw InvalidInput("a term is 'YYYY-YYYY', e.g. '2023-2026'");
  const int first = digits(0);
  const int last = digits(5);
  if (last < first || last - first > 8) throw InvalidInput("a term is 'YYYY-YYYY', e.g. '2023-2026'");
  return {first, last};
}

void check_name(std::string_view text, std::string_view what, std::size_t max) {
  if (text.find_first_not_of(" \t") == std::string_view::npos) throw InvalidInput(std::string(what) + " is required");
  if (text.size() > max) throw InvalidInput(std::string(what) + " is too long");
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20) throw InvalidInput(std::string(what) + " holds a control character");
  }
}

}  // namespace

std::string_view to_string(MemberKind kind) noexcept {
  switch (kind) {
    case MemberKind::kOrdinary:
      return "ordinary";
    case MemberKind::kSubstitute:
      return "substitute";
    case MemberKind::kSecretary:
      return "secretary";
  }
  return "unknown";
}

MemberKind parse_member_kind(std::string_view text) {
  for (auto kind : {MemberKind::kOrdinary, MemberKind::kSubstitute, MemberKind::kSecretary}) {
    if (to_string(kind) == text) return kind;
  }
  throw InvalidInput("a member is ordinary, substitute or secretary");
}

std::string_view to_string(BoardFunction function) noexcept {
  switch (function) {
    case BoardFunction::kNone:
      return "none";
    case BoardFunction::kChair:
      return "chair";
    case BoardFunction::kViceChair:
      return "vice-chair";
  }
  return "unknown";
}

BoardFunction parse_board_function(std::string_view text) {
  for (auto function : {BoardFunction::kNone, BoardFunction::kChair, BoardFunction::kViceChair}) {
    if (to_string(function) == text) return function;
  }
  throw InvalidInput("a board function is none, chair or vice-chair");
}

std::vector<BoardMember> BoardMembers::composition(tenancy::Context& ctx, std::string_view prefix,
                                                   std::string_view day) const {
  const std::string p(prefix);
  const std::string d(day);
  return sql_guard("reading a board's composition", [&] {
    std::vector<BoardMember> out;
    for (const auto& row :
         ctx.sql().rows(std::string(kColumns) + "WHERE {{tenant}} AND prefix = :prefix AND valid_from <= :day "
                                                "AND (valid_to IS NULL OR valid_to >= :day) ORDER BY id",
                        soci::use(p, "prefix"), soci::use(d, "day"))) {
      out.push_back(read_member(row));
    }
    std::stable_sort(out.begin(), out.end(), [](const BoardMember& a, const BoardMember& b) {
      return static_cast<int>(a.kind) < static_cast<int>(b.kind);
    });
    return out;
  });
}

BoardMember BoardMembers::add(tenancy::Context& ctx, const NewBoardMember& input) {
  ctx.require(Permission::kMeetingManage, {"board-member.add", "board", input.prefix.substr(0, 16)});
  const BoardInfo& board = boards_.require(ctx.municipality(), input.prefix);
  const auto [first, last] = parse_term(input.term);
  check_name(input.user_id, "the user id", 200);
  check_name(input.name, "the name", 300);
  const auto from = calendar::parse_iso_date(input.valid_from, "validFrom");
  if (static_cast<int>(from.year()) < first || static_cast<int>(from.year()) > last) {
    throw InvalidInput("validFrom is outside the term " + input.term);
  }
  if (input.function != BoardFunction::kNone && input.kind != MemberKind::kOrdinary) {
    throw InvalidInput("only an ordinary member is chair or vice chair");
  }
  const std::string day = calendar::format_iso_date(from);
  for (const auto& m : composition(ctx, board.prefix, day)) {
    if (m.user_id == input.user_id) throw Conflict(input.user_id + " already sits on " + board.prefix);
    if (input.function != BoardFunction::kNone && m.function == input.function) {
      throw Conflict(board.prefix + " already has a " + std::string(to_string(input.function)) + " on " + day);
    }
  }
  // A membership starting later for the same user (a planned change) would overlap too.
  const long long later = sql_guard("checking memberships", [&] {
    long long n = 0;
    for (const auto& row :
         ctx.sql().rows("SELECT COUNT(*) FROM board_member WHERE {{tenant}} AND prefix = :prefix AND user_id = :user "
                        "AND valid_from > :day",
                        soci::use(board.prefix, "prefix"), soci::use(input.user_id, "user"), soci::use(day, "day"))) {
      n = row_int(row, 0);
    }
    return n;
  });
  if (later > 0) throw Conflict(input.user_id + " has a later membership of " + board.prefix);

  BoardMember out{0,          board.prefix,   input.term, input.user_id, input.name,
                  input.kind, input.function, day,        std::nullopt};
  out.id = sql_guard("adding a board member", [&] {
    const std::string kind(to_string(input.kind));
    const std::string function(to_string(input.function));
    const std::string by = ctx.principal().id();
    const std::string at = detail::time_text(ctx.now());
    long long id = 0;
    for (const auto& row : ctx.sql().rows(
             "INSERT INTO board_member (municipality, prefix, term, user_id, name, kind, function, valid_from, "
             "added_by, added_at) VALUES (:tenant, :prefix, :term, :user, :name, :kind, :function, :day, :by, :at) "
             "RETURNING id",
             soci::use(out.prefix, "prefix"), soci::use(out.term, "term"), soci::use(out.user_id, "user"),
             soci::use(out.name, "name"), soci::use(kind, "kind"), soci::use(function, "function"),
             soci::use(day, "day"), soci::use(by, "by"), soci::use(at, "at"))) {
      id = row_int(row, 0);
    }
    return id;
  });
  ctx.audit({"board-member.add", "board-member", std::to_string(out.id), board.prefix + " " + input.term});
  return out;
}

BoardMember BoardMembers::end(tenancy::Context& ctx, long long member_id, std::string_view last_day) {
  ctx.require(Permission::kMeetingManage, {"board-member.end", "board-member", std::to_string(member_id)});
  const std::string day = calendar::format_iso_date(calendar::parse_iso_date(last_day, "validTo"));
  std::optional<BoardMember> member = sql_guard("reading a board member", [&] {
    std::optional<BoardMember> m;
    for (const auto& row :
         ctx.sql().rows(std::string(kColumns) + "WHERE {{tenant}} AND id = :id", soci::use(member_id, "id"))) {
      m = read_member(row);
    }
    return m;
  });
  if (!member) throw NotFound("no such board member");
  if (member->valid_to) throw Conflict("the membership has already ended");
  if (day < member->valid_from) throw InvalidInput("validTo is before validFrom");
  sql_guard("ending a membership", [&] {
    ctx.sql().exec("UPDATE board_member SET valid_to = :day WHERE {{tenant}} AND id = :id", soci::use(day, "day"),
                   soci::use(member_id, "id"));
  });
  member->valid_to = day;
  ctx.audit({"board-member.end", "board-member", std::to_string(member_id), day});
  return *member;
}

BoardMember BoardMembers::member(tenancy::Context& ctx, long long member_id) {
  ctx.require(Permission::kMeetingRead, {"board-member.read", "board-member", std::to_string(member_id)});
  std::optional<BoardMember> found = sql_guard("reading a board member", [&] {
    std::optional<BoardMember> m;
    for (const auto& row :
         ctx.sql().rows(std::string(kColumns) + "WHERE {{tenant}} AND id = :id", soci::use(member_id, "id"))) {
      m = read_member(row);
    }
    return m;
  });
  if (!found) throw NotFound("no such board member");
  return *found;
}

std::vector<BoardMember> BoardMembers::on_day(tenancy::Context& ctx, std::string_view prefix, std::string_view day) {
  ctx.require(Permission::kMeetingRead, {"board-member.list", "board", std::string(prefix.substr(0, 16))});
  const BoardInfo& board = boards_.require(ctx.municipality(), prefix);
  const std::string d = calendar::format_iso_date(calendar::parse_iso_date(day, "day"));
  auto out = composition(ctx, board.prefix, d);
  ctx.audit({"board-member.list", "board", board.prefix, d});
  return out;
}

}  // namespace samverkan::casehandling
