#include "samverkan/casehandling/minutes_document.hpp"

#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "detail/sql_util.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::casehandling {
namespace {

using detail::row_int;
using detail::row_optional_time;
using detail::row_text;
using detail::sql_guard;

using Names = std::map<std::string, std::string>;  // user id -> name

std::string name_of(const Names& names, const std::string& user_id) {
  const auto it = names.find(user_id);
  return it == names.end() ? user_id : it->second;
}

void fill_attendance(const std::vector<AttendanceEntry>& entries, MinutesView& view, Names& names) {
  for (const auto& e : entries) names[e.user_id] = e.name;
  for (const auto& e : entries) {
    if (e.presence == Presence::kServing) {
      view.serving.emplace_back(e.name, name_of(names, e.serving_for));
    } else if (e.presence == Presence::kPresent) {
      if (e.kind == MemberKind::kOrdinary) view.present.push_back(e.name);
      if (e.kind == MemberKind::kSubstitute) view.substitutes_present.push_back(e.name);
      if (e.kind == MemberKind::kSecretary) view.others_present.push_back(e.name);
    } else if (e.kind == MemberKind::kOrdinary) {
      view.absent.push_back(e.name);
    }
  }
}

void fill_signers(const std::vector<Signer>& signers, MinutesView& view, const Names& names) {
  // The chair first, then the adjusters.
  for (const bool chair : {true, false}) {
    for (const auto& s : signers) {
      if ((s.role == "chair") != chair) continue;
      view.signers.push_back({name_of(names, s.user_id), s.role,
                              s.signed_at ? calendar::format_swedish_minute(*s.signed_at) : std::string()});
    }
  }
}

MinutesParagraphView paragraph_view(const Paragraph& p, const Names& names) {
  MinutesParagraphView v;
  v.number = p.number;
  v.year = p.year;
  if (p.case_number) v.case_number = p.case_number->str();
  v.heading = p.heading;
  v.secrecy_reference = p.secrecy_reference;
  v.texts_withheld = p.texts_withheld;
  v.proposal = p.proposal;
  v.procedure = p.procedure;
  v.decision = p.decision;
  for (const auto& e : p.entries) {
    MinutesStatement s{name_of(names, e.user_id), e.text};
    if (e.kind == "motion") {
      v.motions.push_back(std::move(s));
    } else if (e.kind == "reservation") {
      v.reservations.push_back(std::move(s));
    } else if (e.kind == "protocol-note") {
      v.notes.push_back(std::move(s));
    }
  }
  for (const auto& r : p.recused) v.recused.push_back(name_of(names, r));
  for (const auto& [substitute, for_whom] : p.substitutes) {
    v.stepping_in.emplace_back(name_of(names, substitute), name_of(names, for_whom));
  }
  if (p.tally) {
    v.has_vote = true;
    v.yes_means = p.vote_yes_means;
    v.no_means = p.vote_no_means;
    v.yes = p.tally->yes;
    v.no = p.tally->no;
    v.abstain = p.tally->abstain;
    v.result = p.tally->result;
    for (const auto& [user, vote] : p.votes) {
      const std::string name = name_of(names, user);
      v.votes.push_back({name, party_of(name), vote_label(vote)});
    }
  }
  v.immediately_adjusted = p.immediately_adjusted;
  return v;
}

}  // namespace

std::string vote_label(Vote vote) {
  switch (vote) {
    case Vote::kYes:
      return "ja";
    case Vote::kNo:
      return "nej";
    case Vote::kAbstain:
      break;
  }
  return "avstår";
}

std::string party_of(const std::string& name) {
  if (name.size() < 3 || name.back() != ')') return {};
  const std::size_t open = name.rfind('(');
  if (open == std::string::npos || open == 0 || name[open - 1] != ' ') return {};
  std::string party = name.substr(open + 1, name.size() - open - 2);
  if (party.empty() || party.size() > 12) return {};
  return party;
}

MinutesView full_minutes(tenancy::Context& ctx, MeetingService& meetings, const BoardDirectory& boards,
                         long long minutes_id) {
  const MinutesInfo info = meetings.minutes(ctx, minutes_id);
  const Meeting meeting = meetings.meeting(ctx, info.meeting_id);
  const Attendance attendance = meetings.attendance(ctx, info.meeting_id);
  const std::vector<Paragraph> paragraphs = meetings.paragraphs(ctx, minutes_id);

  MinutesView view;
  view.minutes_id = info.id;
  view.meeting_id = meeting.id;
  view.municipality = ctx.municipality().str();
  view.prefix = meeting.prefix;
  if (const BoardInfo* board = boards.find(ctx.municipality(), meeting.prefix)) view.board_name = board->name;
  view.meeting_date = meeting.date;
  view.starts_at = meeting.starts_at;
  view.place = meeting.place;
  view.kept_at = info.kept_at;
  view.adjusted = info.status == MinutesStatus::kAdjusted;
  Names names;
  fill_attendance(attendance.entries, view, names);
  fill_signers(info.signers, view, names);
  for (const auto& p : paragraphs) view.paragraphs.push_back(paragraph_view(p, names));
  ctx.audit({"minutes.render", "minutes", std::to_string(minutes_id)});
  return view;
}

MinutesView public_minutes(tenancy::Context& ctx, const BoardDirectory& boards, long long minutes_id) {
  MinutesView view;
  std::vector<Signer> signers;
  std::vector<Paragraph> paragraphs;
  std::map<long long, std::pair<std::string, long long>> recorded;  // member id -> presence, serving for
  sql_guard("reading public minutes", [&] {
    bool found = false;
    for (const auto& row : ctx.sql().rows(
             "SELECT n.id, n.meeting_id, m.prefix, m.meeting_date, m.starts_at, m.place, n.kept_at FROM minutes n "
             "JOIN meeting m ON m.id = n.meeting_id WHERE {{tenant:n}} AND n.id = :id AND n.status = 'adjusted'",
             soci::use(minutes_id, "id"))) {
      view.minutes_id = row_int(row, 0);
      view.meeting_id = row_int(row, 1);
      view.prefix = row_text(row, 2);
      view.meeting_date = row_text(row, 3);
      view.starts_at = row_text(row, 4);
      view.place = row_text(row, 5);
      view.kept_at = row_text(row, 6);
      found = true;
    }
    // Draft minutes are not public; they do not exist for the public.
    if (!found) throw NotFound("no such minutes");
    for (const auto& row : ctx.sql().rows(
             "SELECT member_id, presence, serving_for FROM attendance WHERE {{tenant}} AND meeting_id = :meeting",
             soci::use(view.meeting_id, "meeting"))) {
      recorded[row_int(row, 0)] = {row_text(row, 1), row.get_indicator(2) == soci::i_null ? 0 : row_int(row, 2)};
    }
    for (const auto& row :
         ctx.sql().rows("SELECT user_id, role, signed_at FROM minutes_signer WHERE {{tenant}} AND minutes_id = :id",
                        soci::use(minutes_id, "id"))) {
      signers.push_back({row_text(row, 0), row_text(row, 1), row_optional_time(row, 2), {}});
    }
    // A secret paragraph's texts are not even read: only number, heading and reference.
    for (const auto& row : ctx.sql().rows(
             "SELECT p.id, p.number, p.year, p.heading, p.secrecy_reference, c.prefix, c.year, c.number, "
             "CASE WHEN p.secrecy_reference = '' THEN p.proposal ELSE '' END, "
             "CASE WHEN p.secrecy_reference = '' THEN p.procedure_text ELSE '' END, "
             "CASE WHEN p.secrecy_reference = '' THEN p.decision ELSE '' END, "
             "CASE WHEN p.secrecy_reference = '' THEN p.vote_yes_means ELSE NULL END, "
             "CASE WHEN p.secrecy_reference = '' THEN p.vote_no_means ELSE NULL END, "
             "CASE WHEN p.secrecy_reference = '' THEN p.vote_result ELSE NULL END, "
             "CASE WHEN p.secrecy_reference = '' THEN p.immediately_adjusted ELSE 0 END "
             "FROM paragraph p LEFT JOIN agenda_item a ON a.id = p.agenda_item_id "
             "LEFT JOIN diary_case c ON c.id = a.case_id WHERE {{tenant:p}} AND p.minutes_id = :id ORDER BY p.number",
             soci::use(minutes_id, "id"))) {
      Paragraph p;
      p.id = row_int(row, 0);
      p.number = row_int<int>(row, 1);
      p.year = row_int<int>(row, 2);
      p.heading = row_text(row, 3);
      p.secrecy_reference = row_text(row, 4);
      if (p.secrecy_reference.empty()) {
        if (row.get_indicator(5) != soci::i_null) {
          p.case_number = CaseNumber{row_text(row, 5), row_int<int>(row, 6), row_int<int>(row, 7)};
        }
        p.proposal = row_text(row, 8);
        p.procedure = row_text(row, 9);
        p.decision = row_text(row, 10);
        p.vote_yes_means = row_text(row, 11);
        p.vote_no_means = row_text(row, 12);
        const std::string result = row_text(row, 13);
        if (!result.empty()) p.tally = VoteTally{0, 0, 0, result};
        p.immediately_adjusted = row_int(row, 14) != 0;
      }
      paragraphs.push_back(std::move(p));
    }
    for (auto& p : paragraphs) {
      if (!p.secrecy_reference.empty()) continue;
      for (const auto& row : ctx.sql().rows(
               "SELECT kind, user_id, text FROM paragraph_entry WHERE {{tenant}} AND paragraph_id = :id ORDER BY id",
               soci::use(p.id, "id"))) {
        p.entries.push_back({row_text(row, 0), row_text(row, 1), row_text(row, 2)});
      }
      for (const auto& row : ctx.sql().rows(
               "SELECT user_id FROM paragraph_recusal WHERE {{tenant}} AND paragraph_id = :id ORDER BY user_id",
               soci::use(p.id, "id"))) {
        p.recused.push_back(row_text(row, 0));
      }
      for (const auto& row : ctx.sql().rows(
               "SELECT user_id, serving_for FROM paragraph_substitute WHERE {{tenant}} AND paragraph_id = :id",
               soci::use(p.id, "id"))) {
        p.substitutes[row_text(row, 0)] = row_text(row, 1);
      }
      for (const auto& row :
           ctx.sql().rows("SELECT user_id, vote FROM paragraph_vote WHERE {{tenant}} AND paragraph_id = :id",
                          soci::use(p.id, "id"))) {
        const Vote v = parse_vote(row_text(row, 1));
        p.votes[row_text(row, 0)] = v;
        if (p.tally) {
          if (v == Vote::kYes) ++p.tally->yes;
          if (v == Vote::kNo) ++p.tally->no;
          if (v == Vote::kAbstain) ++p.tally->abstain;
        }
      }
    }
  });

  view.municipality = ctx.municipality().str();
  if (const BoardInfo* board = boards.find(ctx.municipality(), view.prefix)) view.board_name = board->name;
  view.adjusted = true;
  // Attendance as MeetingService computes it: the composition on the day, unrecorded = absent.
  const BoardMembers members(boards);
  const auto composition = members.composition(ctx, view.prefix, view.meeting_date);
  std::map<long long, std::string> user_of;
  for (const auto& m : composition) user_of[m.id] = m.user_id;
  std::vector<AttendanceEntry> entries;
  for (const auto& m : composition) {
    AttendanceEntry e{m.user_id, m.name, m.kind, Presence::kAbsent, {}};
    if (const auto it = recorded.find(m.id); it != recorded.end()) {
      e.presence = parse_presence(it->second.first);
      if (e.presence == Presence::kServing) e.serving_for = user_of[it->second.second];
    }
    entries.push_back(std::move(e));
  }
  Names names;
  fill_attendance(entries, view, names);
  fill_signers(signers, view, names);
  for (const auto& p : paragraphs) view.paragraphs.push_back(paragraph_view(p, names));
  return view;
}

std::vector<PublishedMinutes> published_minutes(tenancy::Context& ctx, const BoardDirectory& boards) {
  auto out = sql_guard("listing published minutes", [&] {
    std::vector<PublishedMinutes> list;
    for (const auto& row : ctx.sql().rows(
             "SELECT n.id, n.meeting_id, m.prefix, m.meeting_date FROM minutes n JOIN meeting m ON m.id = "
             "n.meeting_id WHERE {{tenant:n}} AND n.status = 'adjusted' ORDER BY m.meeting_date DESC, n.id DESC")) {
      list.push_back({row_int(row, 0), row_int(row, 1), row_text(row, 2), {}, row_text(row, 3)});
    }
    return list;
  });
  for (auto& m : out) {
    if (const BoardInfo* board = boards.find(ctx.municipality(), m.prefix)) m.board_name = board->name;
  }
  return out;
}

long long published_minutes_of_meeting(tenancy::Context& ctx, long long meeting_id) {
  const auto id = sql_guard("finding published minutes", [&] {
    std::optional<long long> found;
    for (const auto& row :
         ctx.sql().rows("SELECT id FROM minutes WHERE {{tenant}} AND meeting_id = :meeting AND status = 'adjusted'",
                        soci::use(meeting_id, "meeting"))) {
      found = row_int(row, 0);
    }
    return found;
  });
  if (!id) throw NotFound("no published minutes for this meeting");
  return *id;
}

}  // namespace samverkan::casehandling
