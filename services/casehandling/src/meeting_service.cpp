#include "samverkan/casehandling/meeting_service.hpp"

#include <algorithm>
#include <cctype>
#include <set>

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

void check_text(std::string_view text, std::string_view what, std::size_t max, bool required) {
  if (required && text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw InvalidInput(std::string(what) + " is required");
  }
  if (text.size() > max) throw InvalidInput(std::string(what) + " is longer than " + std::to_string(max) + " bytes");
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      throw InvalidInput(std::string(what) + " holds a control character");
    }
  }
}

std::string id_text(long long id) { return std::to_string(id); }

/// The participants who may vote at a meeting: ordinary members present and serving
/// substitutes, by user id.
std::set<std::string> voting_participants(const Attendance& attendance) {
  std::set<std::string> out;
  for (const auto& e : attendance.entries) {
    if ((e.kind == MemberKind::kOrdinary && e.presence == Presence::kPresent) || e.presence == Presence::kServing) {
      out.insert(e.user_id);
    }
  }
  return out;
}

/// Who takes part in one paragraph: the meeting's voting participants without the members with
/// jäv, with the substitutes stepping in for them in this paragraph.
std::set<std::string> paragraph_voters(const Attendance& attendance, const Paragraph& p) {
  auto out = voting_participants(attendance);
  for (const auto& r : p.recused) out.erase(r);
  for (const auto& [substitute, serving_for] : p.substitutes) {
    (void)serving_for;
    out.insert(substitute);
  }
  return out;
}

/// The substitute who steps in for `recused` in a paragraph: the first substitute present and
/// not serving at the meeting (attendance lists them in the board's order) who neither has jäv
/// in the paragraph nor steps in for someone else there already; empty when there is none.
std::string next_substitute(const Attendance& attendance, const std::set<std::string>& recused,
                            const std::map<std::string, std::string>& stepping_in) {
  for (const auto& e : attendance.entries) {
    if (e.kind != MemberKind::kSubstitute || e.presence != Presence::kPresent) continue;
    if (recused.count(e.user_id) || stepping_in.count(e.user_id)) continue;
    return e.user_id;
  }
  return {};
}

/// A secret paragraph's texts are for those entitled to secret material: the committee (who
/// sign minutes) and the registry staff who read secret documents. Anyone else with
/// meeting.read (a reader, an API client) sees its number, heading and secrecy reference.
Paragraph visible(const tenancy::Context& ctx, Paragraph p) {
  if (p.secrecy_reference.empty()) return p;
  if (security::allows(ctx.principal(), ctx.municipality(), Permission::kMinutesSign) ||
      security::allows(ctx.principal(), ctx.municipality(), Permission::kSecretDocumentRead)) {
    return p;
  }
  p.proposal.clear();
  p.procedure.clear();
  p.decision.clear();
  p.vote_yes_means.clear();
  p.vote_no_means.clear();
  for (auto& e : p.entries) e.text.clear();
  p.texts_withheld = true;
  return p;
}

/// The shape of every meeting read: meeting.read required (a refusal audited), the load, the
/// read audited with the same event.
template <typename Load>
auto audited_read(tenancy::Context& ctx, const char* action, const char* object_type, long long id, const Load& load) {
  const audit::AuditEvent event{action, object_type, id_text(id)};
  ctx.require(Permission::kMeetingRead, event);
  auto out = load();
  ctx.audit(event);
  return out;
}

/// Takes the row lock of minutes still in draft; false when they are adjusted or unknown.
bool lock_draft_minutes(tenancy::Context& ctx, long long minutes_id) {
  return sql_guard("locking minutes", [&] {
    const std::string at = detail::time_text(ctx.now());
    bool found = false;
    for (const auto& row : ctx.sql().rows(
             "UPDATE minutes SET updated_at = :at WHERE {{tenant}} AND id = :id AND status = 'draft' RETURNING id",
             soci::use(at, "at"), soci::use(minutes_id, "id"))) {
      (void)row;
      found = true;
    }
    return found;
  });
}

}  // namespace

bool has_quorum(int voting, int seats) noexcept { return seats > 0 && 2 * voting > seats; }

std::string_view to_string(ItemKind kind) noexcept { return kind == ItemKind::kCase ? "case" : "information"; }

std::string_view to_string(Presence presence) noexcept {
  switch (presence) {
    case Presence::kPresent:
      return "present";
    case Presence::kAbsent:
      return "absent";
    case Presence::kServing:
      return "serving";
  }
  return "unknown";
}

Presence parse_presence(std::string_view text) {
  for (auto p : {Presence::kPresent, Presence::kAbsent, Presence::kServing}) {
    if (to_string(p) == text) return p;
  }
  throw InvalidInput("presence is present, absent or serving");
}

std::string_view to_string(MinutesStatus status) noexcept {
  return status == MinutesStatus::kDraft ? "draft" : "adjusted";
}

std::string_view to_string(Vote vote) noexcept {
  switch (vote) {
    case Vote::kYes:
      return "ja";
    case Vote::kNo:
      return "nej";
    case Vote::kAbstain:
      return "avstar";
  }
  return "unknown";
}

Vote parse_vote(std::string_view text) {
  if (text == "ja") return Vote::kYes;
  if (text == "nej") return Vote::kNo;
  if (text == "avstar" || text == "avstår") return Vote::kAbstain;
  throw InvalidInput("a vote is ja, nej or avstår");
}

// --- meetings -------------------------------------------------------------------------------

Meeting MeetingService::load_meeting(tenancy::Context& ctx, long long meeting_id) {
  return sql_guard("reading a meeting", [&] {
    std::optional<Meeting> m;
    for (const auto& row :
         ctx.sql().rows("SELECT id, prefix, meeting_date, starts_at, place FROM meeting WHERE {{tenant}} AND id = :id",
                        soci::use(meeting_id, "id"))) {
      m = Meeting{row_int(row, 0), row_text(row, 1), row_text(row, 2), row_text(row, 3), row_text(row, 4)};
    }
    if (!m) throw NotFound("no such meeting");
    return *m;
  });
}

Meeting MeetingService::create_meeting(tenancy::Context& ctx, const NewMeeting& input) {
  ctx.require(Permission::kMeetingManage, {"meeting.create", "board", input.prefix.substr(0, 16)});
  const BoardInfo& board = boards_.require(ctx.municipality(), input.prefix);
  const std::string date = calendar::format_iso_date(calendar::parse_iso_date(input.date, "date"));
  if (!input.starts_at.empty()) {
    const auto& t = input.starts_at;
    const bool ok = t.size() == 5 && t[2] == ':' && std::isdigit(static_cast<unsigned char>(t[0])) &&
                    std::isdigit(static_cast<unsigned char>(t[1])) && std::isdigit(static_cast<unsigned char>(t[3])) &&
                    std::isdigit(static_cast<unsigned char>(t[4])) && t.substr(0, 2) < "24" && t.substr(3, 2) < "60";
    if (!ok) throw InvalidInput("startsAt is HH:MM");
  }
  check_text(input.place, "the place", 300, true);
  Meeting out{0, board.prefix, date, input.starts_at, input.place};
  out.id = sql_guard("creating a meeting", [&] {
    const std::string by = ctx.principal().id();
    const std::string at = detail::time_text(ctx.now());
    long long id = 0;
    for (const auto& row : ctx.sql().rows(
             "INSERT INTO meeting (municipality, prefix, meeting_date, starts_at, place, created_by, created_at) "
             "VALUES (:tenant, :prefix, :date, :starts, :place, :by, :at) RETURNING id",
             soci::use(out.prefix, "prefix"), soci::use(out.date, "date"), soci::use(out.starts_at, "starts"),
             soci::use(out.place, "place"), soci::use(by, "by"), soci::use(at, "at"))) {
      id = row_int(row, 0);
    }
    return id;
  });
  ctx.audit({"meeting.create", "meeting", id_text(out.id), board.prefix + " " + date});
  return out;
}

Meeting MeetingService::meeting(tenancy::Context& ctx, long long meeting_id) {
  return audited_read(ctx, "meeting.read", "meeting", meeting_id, [&] { return load_meeting(ctx, meeting_id); });
}

std::vector<Meeting> MeetingService::meetings(tenancy::Context& ctx, std::string_view prefix) {
  ctx.require(Permission::kMeetingRead, {"meeting.list", "board", std::string(prefix.substr(0, 16))});
  const BoardInfo& board = boards_.require(ctx.municipality(), prefix);
  auto out = sql_guard("listing meetings", [&] {
    std::vector<Meeting> list;
    for (const auto& row : ctx.sql().rows("SELECT id, prefix, meeting_date, starts_at, place FROM meeting "
                                          "WHERE {{tenant}} AND prefix = :prefix ORDER BY meeting_date, id",
                                          soci::use(board.prefix, "prefix"))) {
      list.push_back({row_int(row, 0), row_text(row, 1), row_text(row, 2), row_text(row, 3), row_text(row, 4)});
    }
    return list;
  });
  ctx.audit({"meeting.list", "board", board.prefix});
  return out;
}

// --- agenda ---------------------------------------------------------------------------------

namespace {

std::vector<AgendaItem> read_agenda(tenancy::Context& ctx, long long meeting_id) {
  return sql_guard("reading an agenda", [&] {
    std::vector<AgendaItem> items;
    for (const auto& row :
         ctx.sql().rows("SELECT a.id, a.ordinal, a.kind, c.prefix, c.year, c.number, a.heading, a.secrecy_reference "
                        "FROM agenda_item a LEFT JOIN diary_case c ON c.id = a.case_id "
                        "WHERE {{tenant:a}} AND a.meeting_id = :meeting ORDER BY a.ordinal",
                        soci::use(meeting_id, "meeting"))) {
      AgendaItem item;
      item.id = row_int(row, 0);
      item.ordinal = row_int<int>(row, 1);
      item.kind = row_text(row, 2) == "case" ? ItemKind::kCase : ItemKind::kInformation;
      if (row.get_indicator(3) != soci::i_null) {
        item.case_number = CaseNumber{row_text(row, 3), row_int<int>(row, 4), row_int<int>(row, 5)};
      }
      item.heading = row_text(row, 6);
      item.secrecy_reference = row_text(row, 7);
      items.push_back(std::move(item));
    }
    return items;
  });
}

int next_ordinal(tenancy::Context& ctx, long long meeting_id) {
  int last = 0;
  for (const auto& row :
       ctx.sql().rows("SELECT COALESCE(MAX(ordinal), 0) FROM agenda_item WHERE {{tenant}} AND meeting_id = :meeting",
                      soci::use(meeting_id, "meeting"))) {
    last = row_int<int>(row, 0);
  }
  return last + 1;
}

}  // namespace

std::vector<AgendaItem> MeetingService::build_agenda(tenancy::Context& ctx, long long meeting_id) {
  ctx.require(Permission::kMeetingManage, {"agenda.build", "meeting", id_text(meeting_id)});
  const Meeting m = load_meeting(ctx, meeting_id);
  sql_guard("building an agenda", [&] {
    // Lock the meeting row so two builders do not interleave ordinals.
    ctx.sql().exec("UPDATE meeting SET place = place WHERE {{tenant}} AND id = :id", soci::use(meeting_id, "id"));
    struct Ready {
      long long id;
      std::string heading;
      std::string reference;
    };
    std::vector<Ready> ready;
    for (const auto& row : ctx.sql().rows(
             "SELECT id, public_title, secrecy_reference FROM diary_case WHERE {{tenant}} AND prefix = :prefix "
             "AND status = 'prepared' AND id NOT IN (SELECT case_id FROM agenda_item WHERE {{tenant}} "
             "AND case_id IS NOT NULL) ORDER BY year, number",
             soci::use(m.prefix, "prefix"))) {
      ready.push_back({row_int(row, 0), row_text(row, 1), row_text(row, 2)});
    }
    int ordinal = next_ordinal(ctx, meeting_id);
    for (const auto& r : ready) {
      ctx.sql().exec(
          "INSERT INTO agenda_item (municipality, meeting_id, ordinal, kind, case_id, heading, secrecy_reference) "
          "VALUES (:tenant, :meeting, :ordinal, 'case', :case_id, :heading, :reference)",
          soci::use(meeting_id, "meeting"), soci::use(ordinal, "ordinal"), soci::use(r.id, "case_id"),
          soci::use(r.heading, "heading"), soci::use(r.reference, "reference"));
      ++ordinal;
    }
  });
  auto items = read_agenda(ctx, meeting_id);
  ctx.audit({"agenda.build", "meeting", id_text(meeting_id), std::to_string(items.size()) + " items"});
  return items;
}

AgendaItem MeetingService::add_information_item(tenancy::Context& ctx, long long meeting_id, std::string_view heading) {
  ctx.require(Permission::kMeetingManage, {"agenda.add", "meeting", id_text(meeting_id)});
  check_text(heading, "the heading", 500, true);
  load_meeting(ctx, meeting_id);
  AgendaItem item;
  item.kind = ItemKind::kInformation;
  item.heading = std::string(heading);
  sql_guard("adding an information item", [&] {
    ctx.sql().exec("UPDATE meeting SET place = place WHERE {{tenant}} AND id = :id", soci::use(meeting_id, "id"));
    item.ordinal = next_ordinal(ctx, meeting_id);
    for (const auto& row : ctx.sql().rows("INSERT INTO agenda_item (municipality, meeting_id, ordinal, kind, heading) "
                                          "VALUES (:tenant, :meeting, :ordinal, 'information', :heading) RETURNING id",
                                          soci::use(meeting_id, "meeting"), soci::use(item.ordinal, "ordinal"),
                                          soci::use(item.heading, "heading"))) {
      item.id = row_int(row, 0);
    }
  });
  ctx.audit({"agenda.add", "meeting", id_text(meeting_id), "item " + std::to_string(item.ordinal)});
  return item;
}

std::vector<AgendaItem> MeetingService::agenda(tenancy::Context& ctx, long long meeting_id) {
  return audited_read(ctx, "agenda.read", "meeting", meeting_id, [&] {
    load_meeting(ctx, meeting_id);
    return read_agenda(ctx, meeting_id);
  });
}

// --- attendance -----------------------------------------------------------------------------

Attendance MeetingService::compute_attendance(tenancy::Context& ctx, const Meeting& meeting) {
  const auto composition = members_.composition(ctx, meeting.prefix, meeting.date);
  struct Recorded {
    std::string presence;
    long long serving_for = 0;
  };
  std::map<long long, Recorded> recorded;
  sql_guard("reading attendance", [&] {
    for (const auto& row : ctx.sql().rows(
             "SELECT member_id, presence, serving_for FROM attendance WHERE {{tenant}} AND meeting_id = :meeting",
             soci::use(meeting.id, "meeting"))) {
      recorded[row_int(row, 0)] = {row_text(row, 1), row.get_indicator(2) == soci::i_null ? 0 : row_int(row, 2)};
    }
  });
  Attendance out;
  std::map<long long, std::string> user_of;
  for (const auto& m : composition) user_of[m.id] = m.user_id;
  for (const auto& m : composition) {
    AttendanceEntry e{m.user_id, m.name, m.kind, Presence::kAbsent, {}};
    if (const auto it = recorded.find(m.id); it != recorded.end()) {
      e.presence = parse_presence(it->second.presence);
      if (e.presence == Presence::kServing) e.serving_for = user_of[it->second.serving_for];
    }
    if (m.kind == MemberKind::kOrdinary) ++out.seats;
    if ((m.kind == MemberKind::kOrdinary && e.presence == Presence::kPresent) || e.presence == Presence::kServing) {
      ++out.voting;
    }
    out.entries.push_back(std::move(e));
  }
  out.quorum = has_quorum(out.voting, out.seats);
  return out;
}

Attendance MeetingService::set_attendance(tenancy::Context& ctx, long long meeting_id,
                                          const std::vector<AttendanceInput>& input) {
  ctx.require(Permission::kMeetingManage, {"attendance.set", "meeting", id_text(meeting_id)});
  const Meeting m = load_meeting(ctx, meeting_id);
  const auto composition = members_.composition(ctx, m.prefix, m.date);
  std::map<std::string, const BoardMember*> by_user;
  for (const auto& member : composition) by_user[member.user_id] = &member;
  std::set<std::string> seen;
  std::map<std::string, Presence> presence;
  for (const auto& entry : input) {
    if (!by_user.count(entry.user_id)) throw InvalidInput(entry.user_id + " is not on " + m.prefix + " on " + m.date);
    if (!seen.insert(entry.user_id).second) throw InvalidInput(entry.user_id + " is listed twice");
    presence[entry.user_id] = entry.presence;
  }
  std::set<std::string> served;
  for (const auto& entry : input) {
    const BoardMember& member = *by_user[entry.user_id];
    if (entry.presence != Presence::kServing) {
      if (!entry.serving_for.empty()) throw InvalidInput("only a serving substitute serves for someone");
      continue;
    }
    if (member.kind != MemberKind::kSubstitute) throw InvalidInput(entry.user_id + " is not a substitute");
    const auto target = by_user.find(entry.serving_for);
    if (target == by_user.end() || target->second->kind != MemberKind::kOrdinary) {
      throw InvalidInput(entry.user_id + " must serve for an ordinary member of the board");
    }
    const auto p = presence.find(entry.serving_for);
    if (p != presence.end() && p->second != Presence::kAbsent) {
      throw InvalidInput(entry.serving_for + " is not absent");
    }
    if (!served.insert(entry.serving_for).second) throw InvalidInput("two substitutes serve for " + entry.serving_for);
  }
  sql_guard("recording attendance", [&] {
    ctx.sql().exec("DELETE FROM attendance WHERE {{tenant}} AND meeting_id = :meeting",
                   soci::use(meeting_id, "meeting"));
    for (const auto& entry : input) {
      const long long member_id = by_user[entry.user_id]->id;
      const std::string p(to_string(entry.presence));
      long long serving_for = entry.presence == Presence::kServing ? by_user[entry.serving_for]->id : 0;
      soci::indicator serving_null = serving_for == 0 ? soci::i_null : soci::i_ok;
      ctx.sql().exec(
          "INSERT INTO attendance (municipality, meeting_id, member_id, presence, serving_for) "
          "VALUES (:tenant, :meeting, :member, :presence, :serving_for)",
          soci::use(meeting_id, "meeting"), soci::use(member_id, "member"), soci::use(p, "presence"),
          soci::use(serving_for, serving_null, "serving_for"));
    }
  });
  auto out = compute_attendance(ctx, m);
  ctx.audit({"attendance.set", "meeting", id_text(meeting_id), out.quorum ? "quorum" : "no quorum"});
  return out;
}

Attendance MeetingService::attendance(tenancy::Context& ctx, long long meeting_id) {
  return audited_read(ctx, "attendance.read", "meeting", meeting_id,
                      [&] { return compute_attendance(ctx, load_meeting(ctx, meeting_id)); });
}

// --- minutes --------------------------------------------------------------------------------

MinutesInfo MeetingService::load_minutes(tenancy::Context& ctx, long long minutes_id) {
  return sql_guard("reading minutes", [&] {
    std::optional<MinutesInfo> info;
    for (const auto& row : ctx.sql().rows(
             "SELECT n.id, n.meeting_id, m.prefix, n.kept_at, n.status FROM minutes n JOIN meeting m ON m.id = "
             "n.meeting_id WHERE {{tenant:n}} AND n.id = :id",
             soci::use(minutes_id, "id"))) {
      MinutesInfo i;
      i.id = row_int(row, 0);
      i.meeting_id = row_int(row, 1);
      i.prefix = row_text(row, 2);
      i.kept_at = row_text(row, 3);
      i.status = row_text(row, 4) == "draft" ? MinutesStatus::kDraft : MinutesStatus::kAdjusted;
      info = std::move(i);
    }
    if (!info) throw NotFound("no such minutes");
    for (const auto& row : ctx.sql().rows(
             "SELECT user_id, role, signed_at, signature FROM minutes_signer WHERE {{tenant}} AND minutes_id = :id "
             "ORDER BY role, user_id",
             soci::use(minutes_id, "id"))) {
      info->signers.push_back(
          {row_text(row, 0), row_text(row, 1), detail::row_optional_time(row, 2), row_text(row, 3)});
    }
    for (const auto& row :
         ctx.sql().rows("SELECT id FROM notice WHERE {{tenant}} AND minutes_id = :id", soci::use(minutes_id, "id"))) {
      info->notice_id = row_int(row, 0);
    }
    return *info;
  });
}

MinutesInfo MeetingService::open_minutes(tenancy::Context& ctx, long long meeting_id, std::string_view kept_at,
                                         const std::vector<std::string>& adjusters) {
  ctx.require(Permission::kMeetingManage, {"minutes.open", "meeting", id_text(meeting_id)});
  check_text(kept_at, "where the minutes are kept", 300, true);
  const Meeting m = load_meeting(ctx, meeting_id);
  const auto attendance = compute_attendance(ctx, m);
  const auto voting = voting_participants(attendance);
  std::string chair;
  for (const auto& member : members_.composition(ctx, m.prefix, m.date)) {
    if (member.function == BoardFunction::kChair) chair = member.user_id;
  }
  if (chair.empty()) throw InvalidInput(m.prefix + " has no chair on " + m.date);
  if (adjusters.empty() || adjusters.size() > 5) throw InvalidInput("appoint one to five adjusters");
  std::set<std::string> unique;
  for (const auto& a : adjusters) {
    if (a == chair) throw InvalidInput("the chair signs anyway and is not an adjuster");
    if (!voting.count(a)) throw InvalidInput(a + " is not a voting participant of the meeting");
    if (!unique.insert(a).second) throw InvalidInput(a + " is named twice");
  }
  const bool exists = sql_guard("checking minutes", [&] {
    // The meeting row lock makes a concurrent opener wait and then see these minutes.
    ctx.sql().exec("UPDATE meeting SET place = place WHERE {{tenant}} AND id = :id", soci::use(meeting_id, "id"));
    bool found = false;
    for (const auto& row : ctx.sql().rows("SELECT id FROM minutes WHERE {{tenant}} AND meeting_id = :meeting",
                                          soci::use(meeting_id, "meeting"))) {
      (void)row;
      found = true;
    }
    return found;
  });
  if (exists) throw Conflict("the meeting has minutes already");
  const long long id = sql_guard("opening minutes", [&] {
    const std::string kept(kept_at);
    const std::string by = ctx.principal().id();
    const std::string at = detail::time_text(ctx.now());
    long long new_id = 0;
    for (const auto& row : ctx.sql().rows(
             "INSERT INTO minutes (municipality, meeting_id, kept_at, status, created_by, updated_at) "
             "VALUES (:tenant, :meeting, :kept, 'draft', :by, :at) RETURNING id",
             soci::use(meeting_id, "meeting"), soci::use(kept, "kept"), soci::use(by, "by"), soci::use(at, "at"))) {
      new_id = row_int(row, 0);
    }
    const auto add_signer = [&](const std::string& user, const std::string& role) {
      ctx.sql().exec(
          "INSERT INTO minutes_signer (municipality, minutes_id, user_id, role) VALUES (:tenant, :id, :user, :role)",
          soci::use(new_id, "id"), soci::use(user, "user"), soci::use(role, "role"));
    };
    add_signer(chair, "chair");
    for (const auto& a : adjusters) add_signer(a, "adjuster");
    return new_id;
  });
  ctx.audit({"minutes.open", "minutes", id_text(id), "meeting " + id_text(meeting_id)});
  return load_minutes(ctx, id);
}

MinutesInfo MeetingService::minutes(tenancy::Context& ctx, long long minutes_id) {
  return audited_read(ctx, "minutes.read", "minutes", minutes_id, [&] { return load_minutes(ctx, minutes_id); });
}

std::optional<MinutesInfo> MeetingService::minutes_of(tenancy::Context& ctx, long long meeting_id) {
  ctx.require(Permission::kMeetingRead, {"minutes.read", "meeting", id_text(meeting_id)});
  load_meeting(ctx, meeting_id);
  std::optional<long long> id = sql_guard("finding minutes", [&] {
    std::optional<long long> found;
    for (const auto& row : ctx.sql().rows("SELECT id FROM minutes WHERE {{tenant}} AND meeting_id = :meeting",
                                          soci::use(meeting_id, "meeting"))) {
      found = row_int(row, 0);
    }
    return found;
  });
  if (!id) return std::nullopt;
  auto out = load_minutes(ctx, *id);
  ctx.audit({"minutes.read", "minutes", id_text(*id)});
  return out;
}

void MeetingService::refuse_locked(tenancy::Context& ctx, std::string_view object_type, long long id,
                                   std::string_view action) {
  // The refusal is recorded and committed on its own: nothing else was written in this
  // transaction (the lock check comes first), and the caller's commit is never reached.
  ctx.audit({std::string(kLockedRefusal), std::string(object_type), id_text(id), std::string(action)});
  ctx.commit();
  throw Conflict("the minutes are adjusted and locked: no change is allowed");
}

void MeetingService::lock_minutes_for_change(tenancy::Context& ctx, long long minutes_id, std::string_view action) {
  if (lock_draft_minutes(ctx, minutes_id)) return;
  load_minutes(ctx, minutes_id);  // NotFound for an unknown id
  refuse_locked(ctx, "minutes", minutes_id, action);
}

Paragraph MeetingService::change_paragraph(tenancy::Context& ctx, long long paragraph_id, std::string_view action,
                                           const std::function<std::string(long long minutes_id)>& change) {
  const std::string id = id_text(paragraph_id);
  ctx.require(Permission::kMeetingManage, {std::string(action), "paragraph", id});
  const long long minutes_id = lock_for_change(ctx, paragraph_id, action);
  const std::string what = change(minutes_id);
  ctx.audit({std::string(action), "paragraph", id, what});
  return visible(ctx, load_paragraph(ctx, paragraph_id));
}

long long MeetingService::lock_for_change(tenancy::Context& ctx, long long paragraph_id, std::string_view action) {
  struct State {
    long long minutes_id = 0;
    bool immediately = false;
  };
  const auto state = sql_guard("reading a paragraph", [&] {
    std::optional<State> s;
    for (const auto& row :
         ctx.sql().rows("SELECT minutes_id, immediately_adjusted FROM paragraph WHERE {{tenant}} AND id = :id",
                        soci::use(paragraph_id, "id"))) {
      s = State{row_int(row, 0), row_int(row, 1) != 0};
    }
    return s;
  });
  if (!state) throw NotFound("no such paragraph");
  if (state->immediately) refuse_locked(ctx, "paragraph", paragraph_id, action);
  // Takes the minutes row lock: a signer completing the adjustment waits for us, or we for it.
  if (!lock_draft_minutes(ctx, state->minutes_id)) refuse_locked(ctx, "paragraph", paragraph_id, action);
  // Read again under the minutes lock: an immediate adjustment may have committed meanwhile.
  const bool immediately = sql_guard("reading a paragraph", [&] {
    bool flag = false;
    for (const auto& row : ctx.sql().rows("SELECT immediately_adjusted FROM paragraph WHERE {{tenant}} AND id = :id",
                                          soci::use(paragraph_id, "id"))) {
      flag = row_int(row, 0) != 0;
    }
    return flag;
  });
  if (immediately) refuse_locked(ctx, "paragraph", paragraph_id, action);
  return state->minutes_id;
}

Paragraph MeetingService::load_paragraph(tenancy::Context& ctx, long long paragraph_id) {
  return sql_guard("reading a paragraph", [&] {
    std::optional<Paragraph> p;
    for (const auto& row : ctx.sql().rows(
             "SELECT p.id, p.minutes_id, p.prefix, p.year, p.number, c.prefix, c.year, c.number, p.heading, "
             "p.secrecy_reference, p.proposal, p.procedure_text, p.decision, p.vote_yes_means, p.vote_no_means, "
             "p.vote_result, p.immediately_adjusted FROM paragraph p LEFT JOIN agenda_item a ON a.id = "
             "p.agenda_item_id LEFT JOIN diary_case c ON c.id = a.case_id WHERE {{tenant:p}} AND p.id = :id",
             soci::use(paragraph_id, "id"))) {
      Paragraph x;
      x.id = row_int(row, 0);
      x.minutes_id = row_int(row, 1);
      x.prefix = row_text(row, 2);
      x.year = row_int<int>(row, 3);
      x.number = row_int<int>(row, 4);
      if (row.get_indicator(5) != soci::i_null) {
        x.case_number = CaseNumber{row_text(row, 5), row_int<int>(row, 6), row_int<int>(row, 7)};
      }
      x.heading = row_text(row, 8);
      x.secrecy_reference = row_text(row, 9);
      x.proposal = row_text(row, 10);
      x.procedure = row_text(row, 11);
      x.decision = row_text(row, 12);
      x.vote_yes_means = row_text(row, 13);
      x.vote_no_means = row_text(row, 14);
      const std::string result = row_text(row, 15);
      if (!result.empty()) x.tally = VoteTally{0, 0, 0, result};
      x.immediately_adjusted = row_int(row, 16) != 0;
      p = std::move(x);
    }
    if (!p) throw NotFound("no such paragraph");
    for (const auto& row : ctx.sql().rows(
             "SELECT kind, user_id, text FROM paragraph_entry WHERE {{tenant}} AND paragraph_id = :id ORDER BY id",
             soci::use(paragraph_id, "id"))) {
      p->entries.push_back({row_text(row, 0), row_text(row, 1), row_text(row, 2)});
    }
    for (const auto& row : ctx.sql().rows(
             "SELECT user_id FROM paragraph_recusal WHERE {{tenant}} AND paragraph_id = :id ORDER BY user_id",
             soci::use(paragraph_id, "id"))) {
      p->recused.push_back(row_text(row, 0));
    }
    for (const auto& row :
         ctx.sql().rows("SELECT user_id, serving_for FROM paragraph_substitute WHERE {{tenant}} AND paragraph_id = :id",
                        soci::use(paragraph_id, "id"))) {
      p->substitutes[row_text(row, 0)] = row_text(row, 1);
    }
    for (const auto& row :
         ctx.sql().rows("SELECT user_id, vote FROM paragraph_vote WHERE {{tenant}} AND paragraph_id = :id",
                        soci::use(paragraph_id, "id"))) {
      const Vote v = parse_vote(row_text(row, 1));
      p->votes[row_text(row, 0)] = v;
      if (p->tally) {
        if (v == Vote::kYes) ++p->tally->yes;
        if (v == Vote::kNo) ++p->tally->no;
        if (v == Vote::kAbstain) ++p->tally->abstain;
      }
    }
    return *p;
  });
}

Paragraph MeetingService::add_paragraph(tenancy::Context& ctx, long long minutes_id, long long agenda_item_id,
                                        std::string_view heading) {
  ctx.require(Permission::kMeetingManage, {"paragraph.add", "minutes", id_text(minutes_id)});
  // The minutes row lock first, then the paragraph counter: the order sign() takes them in.
  lock_minutes_for_change(ctx, minutes_id, "paragraph.add");
  const MinutesInfo info = load_minutes(ctx, minutes_id);
  const Meeting m = load_meeting(ctx, info.meeting_id);
  if (!compute_attendance(ctx, m).quorum) throw Conflict("the meeting has no quorum");
  std::string head(heading);
  std::string reference;
  soci::indicator item_null = soci::i_null;
  if (agenda_item_id != 0) {
    bool found = false;
    sql_guard("reading an agenda item", [&] {
      for (const auto& row : ctx.sql().rows(
               "SELECT heading, secrecy_reference FROM agenda_item WHERE {{tenant}} AND id = :id AND meeting_id = "
               ":meeting",
               soci::use(agenda_item_id, "id"), soci::use(m.id, "meeting"))) {
        if (head.empty()) head = row_text(row, 0);
        reference = row_text(row, 1);
        found = true;
      }
    });
    if (!found) throw InvalidInput("the agenda item is not on this meeting's agenda");
    item_null = soci::i_ok;
  }
  check_text(head, "the heading", 500, true);
  const int year = static_cast<int>(calendar::parse_iso_date(m.date, "date").year());
  const long long id = sql_guard("adding a paragraph", [&] {
    auto& sql = ctx.sql();
    sql.exec(
        "INSERT INTO paragraph_counter (municipality, prefix, year, last_number) VALUES (:tenant, :prefix, :year, 0) "
        "ON CONFLICT (municipality, prefix, year) DO NOTHING",
        soci::use(m.prefix, "prefix"), soci::use(year, "year"));
    int number = 0;
    for (const auto& row : sql.rows("UPDATE paragraph_counter SET last_number = last_number + 1 "
                                    "WHERE {{tenant}} AND prefix = :prefix AND year = :year RETURNING last_number",
                                    soci::use(m.prefix, "prefix"), soci::use(year, "year"))) {
      number = row_int<int>(row, 0);
    }
    if (number == 0) throw InternalError("the paragraph counter row is missing");
    long long new_id = 0;
    for (const auto& row :
         sql.rows("INSERT INTO paragraph (municipality, minutes_id, agenda_item_id, prefix, year, number, heading, "
                  "secrecy_reference, immediately_adjusted) VALUES (:tenant, :minutes, :item, :prefix, :year, :number, "
                  ":heading, :reference, 0) RETURNING id",
                  soci::use(minutes_id, "minutes"), soci::use(agenda_item_id, item_null, "item"),
                  soci::use(m.prefix, "prefix"), soci::use(year, "year"), soci::use(number, "number"),
                  soci::use(head, "heading"), soci::use(reference, "reference"))) {
      new_id = row_int(row, 0);
    }
    return new_id;
  });
  auto out = visible(ctx, load_paragraph(ctx, id));
  ctx.audit({"paragraph.add", "paragraph", id_text(id), "§ " + std::to_string(out.number)});
  return out;
}

Paragraph MeetingService::paragraph(tenancy::Context& ctx, long long paragraph_id) {
  return audited_read(ctx, "paragraph.read", "paragraph", paragraph_id,
                      [&] { return visible(ctx, load_paragraph(ctx, paragraph_id)); });
}

std::vector<Paragraph> MeetingService::paragraphs(tenancy::Context& ctx, long long minutes_id) {
  return audited_read(ctx, "paragraph.list", "minutes", minutes_id, [&] {
    load_minutes(ctx, minutes_id);
    const auto ids = sql_guard("listing paragraphs", [&] {
      std::vector<long long> list;
      for (const auto& row :
           ctx.sql().rows("SELECT id FROM paragraph WHERE {{tenant}} AND minutes_id = :id ORDER BY year, number",
                          soci::use(minutes_id, "id"))) {
        list.push_back(row_int(row, 0));
      }
      return list;
    });
    std::vector<Paragraph> out;
    for (long long id : ids) out.push_back(visible(ctx, load_paragraph(ctx, id)));
    return out;
  });
}

Paragraph MeetingService::update_paragraph(tenancy::Context& ctx, long long paragraph_id, const ParagraphText& text) {
  return change_paragraph(ctx, paragraph_id, "paragraph.update", [&](long long) {
    Paragraph p = load_paragraph(ctx, paragraph_id);
    if (text.heading) check_text(*text.heading, "the heading", 500, true);
    if (text.secrecy_reference) check_text(*text.secrecy_reference, "the secrecy reference", 200, false);
    if (text.proposal) check_text(*text.proposal, "the proposal", 20000, false);
    if (text.procedure) check_text(*text.procedure, "the decision procedure", 20000, false);
    if (text.decision) check_text(*text.decision, "the decision", 20000, false);
    // A paragraph of a secret agenda item stays secret.
    if (text.secrecy_reference && text.secrecy_reference->empty() && p.case_number) {
      bool secret_item = false;
      sql_guard("reading an agenda item", [&] {
        for (const auto& row :
             ctx.sql().rows("SELECT a.secrecy_reference FROM paragraph p JOIN agenda_item a ON a.id = p.agenda_item_id "
                            "WHERE {{tenant:p}} AND p.id = :id",
                            soci::use(paragraph_id, "id"))) {
          secret_item = !row_text(row, 0).empty();
        }
      });
      if (secret_item) throw InvalidInput("the paragraph of a secret case stays secret");
    }
    const std::string heading = text.heading.value_or(p.heading);
    const std::string reference = text.secrecy_reference.value_or(p.secrecy_reference);
    const std::string proposal = text.proposal.value_or(p.proposal);
    const std::string procedure = text.procedure.value_or(p.procedure);
    const std::string decision = text.decision.value_or(p.decision);
    sql_guard("updating a paragraph", [&] {
      ctx.sql().exec(
          "UPDATE paragraph SET heading = :heading, secrecy_reference = :reference, proposal = :proposal, "
          "procedure_text = :procedure, decision = :decision WHERE {{tenant}} AND id = :id",
          soci::use(heading, "heading"), soci::use(reference, "reference"), soci::use(proposal, "proposal"),
          soci::use(procedure, "procedure"), soci::use(decision, "decision"), soci::use(paragraph_id, "id"));
    });
    return std::string();
  });
}

Paragraph MeetingService::add_entry(tenancy::Context& ctx, long long paragraph_id, std::string_view kind,
                                    std::string_view user_id, std::string_view text) {
  return change_paragraph(ctx, paragraph_id, "paragraph.entry", [&](long long minutes_id) {
    if (kind != "motion" && kind != "reservation" && kind != "protocol-note") {
      throw InvalidInput("an entry is a motion, reservation or protocol-note");
    }
    check_text(text, "the text", 20000, true);
    const Paragraph p = load_paragraph(ctx, paragraph_id);
    const std::string user(user_id);
    const Meeting m = load_meeting(ctx, load_minutes(ctx, minutes_id).meeting_id);
    if (std::find(p.recused.begin(), p.recused.end(), user) != p.recused.end()) {
      throw InvalidInput(user + " has a conflict of interest (jäv) and takes no part in this paragraph");
    }
    const auto voting = paragraph_voters(compute_attendance(ctx, m), p);
    if (!voting.count(user)) throw InvalidInput(user + " is not a voting participant of the meeting");
    sql_guard("adding an entry", [&] {
      const std::string k(kind);
      const std::string t(text);
      ctx.sql().exec(
          "INSERT INTO paragraph_entry (municipality, paragraph_id, kind, user_id, text) "
          "VALUES (:tenant, :paragraph, :kind, :user, :text)",
          soci::use(paragraph_id, "paragraph"), soci::use(k, "kind"), soci::use(user, "user"), soci::use(t, "text"));
    });
    return std::string(kind);
  });
}

Paragraph MeetingService::declare_conflict(tenancy::Context& ctx, long long paragraph_id, std::string_view user_id) {
  return change_paragraph(ctx, paragraph_id, "paragraph.recusal", [&](long long minutes_id) {
    const Paragraph p = load_paragraph(ctx, paragraph_id);
    const std::string user(user_id);
    const Meeting m = load_meeting(ctx, load_minutes(ctx, minutes_id).meeting_id);
    bool member = false;
    for (const auto& b : members_.composition(ctx, m.prefix, m.date)) member = member || b.user_id == user;
    if (!member) throw InvalidInput(user + " is not on the board");
    if (p.votes.count(user)) throw Conflict(user + " has voted on this paragraph");
    if (std::find(p.recused.begin(), p.recused.end(), user) != p.recused.end()) {
      throw Conflict(user + " is already recorded with jäv");
    }
    if (p.tally) throw Conflict("the paragraph has a vote already");
    // Who steps in: a voting participant of the paragraph with jäv is replaced by the next
    // substitute present; a substitute stepping in who has jäv gives way to the next one.
    const Attendance attendance = compute_attendance(ctx, m);
    const auto voters = paragraph_voters(attendance, p);
    std::set<std::string> recused(p.recused.begin(), p.recused.end());
    recused.insert(user);
    auto stepping_in = p.substitutes;
    std::string replaced = voters.count(user) ? user : std::string();
    if (const auto it = stepping_in.find(user); it != stepping_in.end()) {
      replaced = it->second;  // the member the recused substitute stood in for
      stepping_in.erase(it);
    }
    const std::string substitute = replaced.empty() ? std::string() : next_substitute(attendance, recused, stepping_in);
    sql_guard("recording jäv", [&] {
      ctx.sql().exec(
          "INSERT INTO paragraph_recusal (municipality, paragraph_id, user_id) VALUES (:tenant, :paragraph, :user)",
          soci::use(paragraph_id, "paragraph"), soci::use(user, "user"));
      ctx.sql().exec(
          "DELETE FROM paragraph_substitute WHERE {{tenant}} AND paragraph_id = :paragraph AND user_id = :user",
          soci::use(paragraph_id, "paragraph"), soci::use(user, "user"));
      if (!substitute.empty()) {
        ctx.sql().exec(
            "INSERT INTO paragraph_substitute (municipality, paragraph_id, user_id, serving_for) "
            "VALUES (:tenant, :paragraph, :user, :serving_for)",
            soci::use(paragraph_id, "paragraph"), soci::use(substitute, "user"), soci::use(replaced, "serving_for"));
      }
    });
    return substitute.empty() ? std::string() : "a substitute steps in";
  });
}

Paragraph MeetingService::record_vote(tenancy::Context& ctx, long long paragraph_id,
                                      const std::map<std::string, Vote>& votes, std::string_view yes_means,
                                      std::string_view no_means) {
  return change_paragraph(ctx, paragraph_id, "paragraph.vote", [&](long long minutes_id) {
    check_text(yes_means, "what ja means", 2000, true);
    check_text(no_means, "what nej means", 2000, true);
    const Paragraph p = load_paragraph(ctx, paragraph_id);
    if (p.tally) throw Conflict("the paragraph has a vote already");
    const MinutesInfo info = load_minutes(ctx, minutes_id);
    const Meeting m = load_meeting(ctx, info.meeting_id);
    const Attendance attendance = compute_attendance(ctx, m);
    for (const auto& r : p.recused) {
      if (votes.count(r)) throw InvalidInput(r + " has a conflict of interest (jäv) and cannot vote");
    }
    const auto voters = paragraph_voters(attendance, p);
    // Members with jäv do not count, substitutes stepping in for them do: the paragraph needs a
    // quorum of its own voters.
    if (!has_quorum(static_cast<int>(voters.size()), attendance.seats)) {
      throw Conflict("without the members who have jäv the board has no quorum for this paragraph");
    }
    for (const auto& [user, vote] : votes) {
      (void)vote;
      if (!voters.count(user)) throw InvalidInput(user + " is not a voting participant of the meeting");
    }
    for (const auto& user : voters) {
      if (!votes.count(user)) throw InvalidInput(user + " has not voted (record avstår for an abstention)");
    }
    VoteTally tally;
    for (const auto& [user, vote] : votes) {
      (void)user;
      if (vote == Vote::kYes) ++tally.yes;
      if (vote == Vote::kNo) ++tally.no;
      if (vote == Vote::kAbstain) ++tally.abstain;
    }
    if (tally.yes != tally.no) {
      tally.result = tally.yes > tally.no ? "ja" : "nej";
    } else {
      // On a tie the chair has the casting vote (utslagsröst, Kommunallagen 6 kap. 33 §).
      tally.result = "lika";
      for (const auto& s : info.signers) {
        if (s.role != "chair") continue;
        const auto it = votes.find(s.user_id);
        if (it != votes.end() && it->second != Vote::kAbstain) tally.result = std::string(to_string(it->second));
      }
    }
    sql_guard("recording a vote", [&] {
      for (const auto& [user, vote] : votes) {
        const std::string v(to_string(vote));
        ctx.sql().exec(
            "INSERT INTO paragraph_vote (municipality, paragraph_id, user_id, vote) VALUES (:tenant, :paragraph, "
            ":user, :vote)",
            soci::use(paragraph_id, "paragraph"), soci::use(user, "user"), soci::use(v, "vote"));
      }
      const std::string yes(yes_means);
      const std::string no(no_means);
      ctx.sql().exec(
          "UPDATE paragraph SET vote_yes_means = :yes, vote_no_means = :no, vote_result = :result "
          "WHERE {{tenant}} AND id = :id",
          soci::use(yes, "yes"), soci::use(no, "no"), soci::use(tally.result, "result"), soci::use(paragraph_id, "id"));
    });
    return tally.result;
  });
}

Paragraph MeetingService::adjust_immediately(tenancy::Context& ctx, long long paragraph_id) {
  return change_paragraph(ctx, paragraph_id, "paragraph.adjust", [&](long long) {
    sql_guard("adjusting a paragraph", [&] {
      ctx.sql().exec("UPDATE paragraph SET immediately_adjusted = 1 WHERE {{tenant}} AND id = :id",
                     soci::use(paragraph_id, "id"));
    });
    return "omedelbar justering";
  });
}

MinutesInfo MeetingService::sign(tenancy::Context& ctx, long long minutes_id, std::string_view signature) {
  ctx.require(Permission::kMinutesSign, {"minutes.sign", "minutes", id_text(minutes_id)});
  check_text(signature, "the signature", 500000, true);
  lock_minutes_for_change(ctx, minutes_id, "minutes.sign");
  const MinutesInfo before = load_minutes(ctx, minutes_id);
  // Staff sign as themselves: Principal::staff(user_id) has id "staff:<user_id>".
  const std::string& who = ctx.principal().id();
  const Signer* me = nullptr;
  for (const auto& s : before.signers) {
    if (who == "staff:" + s.user_id) me = &s;
  }
  if (me == nullptr) throw Forbidden("only the chair and the appointed adjusters sign these minutes");
  if (me->signed_at) throw Conflict("you have signed these minutes already");
  const std::string user = me->user_id;
  sql_guard("signing minutes", [&] {
    const std::string at = detail::time_text(ctx.now());
    const std::string sig(signature);
    ctx.sql().exec(
        "UPDATE minutes_signer SET signed_at = :at, signature = :sig WHERE {{tenant}} AND minutes_id = :id "
        "AND user_id = :user",
        soci::use(at, "at"), soci::use(sig, "sig"), soci::use(minutes_id, "id"), soci::use(user, "user"));
  });
  ctx.audit({"minutes.sign", "minutes", id_text(minutes_id), me->role});
  std::size_t unsigned_count = 0;
  for (const auto& s : before.signers) {
    if (!s.signed_at && s.user_id != user) ++unsigned_count;
  }
  if (unsigned_count == 0) {
    sql_guard("adjusting minutes", [&] {
      const std::string at = detail::time_text(ctx.now());
      ctx.sql().exec("UPDATE minutes SET status = 'adjusted', adjusted_at = :at WHERE {{tenant}} AND id = :id",
                     soci::use(at, "at"), soci::use(minutes_id, "id"));
    });
    ctx.audit({"minutes.adjust", "minutes", id_text(minutes_id)});
    notices_.post(ctx, minutes_id);
  }
  return load_minutes(ctx, minutes_id);
}

}  // namespace samverkan::casehandling
