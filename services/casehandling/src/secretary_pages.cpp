// The committee secretary's section of the staff web (issue 14.4): boards and their members,
// meetings with the agenda from prepared cases and attendance (jäv, substitutes), the minutes
// paragraph by paragraph (proposals, motions, votes, decisions, reservations) with a preview as
// HTML and PDF, and the adjustment: each signer signs with BankID on its page, and the last
// signature posts the notice on the notice board (MeetingService::sign). Every page calls the
// service functions the API routes call (routes.cpp), which check the permissions and write the
// audit entries; a page that shows personal data declares its PageView as well.
#include "detail/secretary_pages.hpp"

#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "detail/staff_forms.hpp"
#include "samverkan/auth/citizen_login.hpp"
#include "samverkan/bankid/animated_qr.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/board_members.hpp"
#include "samverkan/casehandling/meeting_service.hpp"
#include "samverkan/casehandling/minutes_document.hpp"
#include "samverkan/casehandling/minutes_signing.hpp"
#include "samverkan/casehandling/notice_board.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/security/permission.hpp"

namespace samverkan::casehandling::detail {
namespace {

using security::Permission;
using staff_forms::Data;
using staff_forms::FormState;
using staff_forms::list;
using staff_forms::object;
using staff_forms::render;
using staff_forms::trimmed;
using Options = std::vector<std::pair<std::string, std::string>>;

/// A number in a page's path; NotFound for anything else (as for an id that does not exist).
long long path_id(const http::StaffCall& c, const std::string& name) {
  const std::string& text = c.path(name);
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos ||
      text.front() == '0') {
    throw NotFound("no such " + name);
  }
  return std::stoll(text);
}

std::string encoded(const std::string& text) {
  std::string out;
  Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]", out);
  return out;
}

bool is_time(const std::string& text) {
  return text.size() == 5 && text[2] == ':' && std::isdigit(static_cast<unsigned char>(text[0])) &&
         std::isdigit(static_cast<unsigned char>(text[1])) && std::isdigit(static_cast<unsigned char>(text[3])) &&
         std::isdigit(static_cast<unsigned char>(text[4])) && text.substr(0, 2) < "24" && text.substr(3, 2) < "60";
}

/// Whether the entry votes in the meeting: an ordinary member present or a substitute serving.
bool votes(const AttendanceEntry& e) {
  return (e.kind == MemberKind::kOrdinary && e.presence == Presence::kPresent) || e.presence == Presence::kServing;
}

/// The services the pages call, wired as routes.cpp wires them for the API.
struct Services {
  Services(storage::Database& db, const Clock& clock, const config::Cooperation& cooperation,
           const crypto::Keyring& keyring, bankid::Client* bankid)
      : boards(BoardDirectory::from_cooperation(cooperation)),
        members(boards),
        queue(db, clock),
        notices(boards, queue),
        meetings(boards, members, notices),
        signing(meetings, bankid, keyring) {}

  BoardDirectory boards;
  BoardMembers members;
  jobs::JobQueue queue;
  NoticeBoard notices;
  MeetingService meetings;
  MinutesSigning signing;
};

struct Pages {
  Pages(storage::Database& db, const Clock& clock, const config::Cooperation& cooperation,
        const crypto::Keyring& keyring, bankid::Client* bankid)
      : s(db, clock, cooperation, keyring, bankid) {}
  Pages(const Pages&) = delete;
  Pages& operator=(const Pages&) = delete;

  Services s;  ///< in place: the services keep references to each other

  // --- helpers ----------------------------------------------------------------------------------

  const BoardInfo& board_of(const http::StaffCall& c) const {
    const BoardInfo* board = s.boards.find(c.municipality().code, c.path("board"));
    if (board == nullptr) throw NotFound("no such board");
    return *board;
  }
  std::string board_url(const http::StaffCall& c, const std::string& prefix) const {
    return c.url("/namnder/" + encoded(prefix));
  }
  static std::string meeting_url(const http::StaffCall& c, long long id) {
    return c.url("/moten/" + std::to_string(id));
  }
  static std::string minutes_url(const http::StaffCall& c, long long id) {
    return c.url("/protokoll/" + std::to_string(id));
  }
  static std::string paragraph_url(const http::StaffCall& c, long long id) {
    return c.url("/paragrafer/" + std::to_string(id));
  }
  bool may(const http::StaffCall& c, Permission permission) const {
    return security::allows(c.principal(), c.municipality().code, permission);
  }
  std::string today(http::StaffCall& c) const {
    return calendar::format_iso_date(calendar::swedish_date(c.ctx().now()));
  }

  /// The membership `id` of `board`; NotFound for another board's or municipality's, before a
  /// form's fields are looked at.
  void member_of(http::StaffCall& c, const BoardInfo& board, long long id) {
    if (s.members.member(c.ctx(), id).prefix != board.prefix) throw NotFound("no such board member");
  }

  bool minutes_locked(http::StaffCall& c, long long minutes_id) {
    return s.meetings.minutes(c.ctx(), minutes_id).status != MinutesStatus::kDraft;
  }

  /// The page with a form refused by the service: its message on the form's first field.
  template <typename Show>
  http::Response refused(http::StaffCall& c, FormState& form, const std::string& field, const std::string& key,
                         const Error& e, int status, Show show) {
    form.errors.emplace_back(field, c.text(key) + ": " + e.what());
    return show(form, status);
  }

  // --- boards and members ------------------------------------------------------------------------

  http::Response boards(http::StaffCall& c) {
    auto rows = list();
    for (const auto& board : s.boards.boards(c.municipality().code)) {
      auto row = object();
      row.set("prefix", board.prefix);
      row.set("name", board.name);
      row.set("href", board_url(c, board.prefix));
      rows.push_back(row);
    }
    auto data = object();
    if (!rows.is_empty_list()) data.set("has_boards", true);
    data.set("boards", rows);
    return c.page(c.text("meetings_title"), render(c, "boards", data));
  }

  http::Response board_page(http::StaffCall& c, const FormState& form, int status = 200) {
    const BoardInfo& board = board_of(c);
    std::string day = trimmed(c.request.query_param("dag").value_or(""));
    if (day.empty() || !calendar::try_parse_iso_date(day)) day = today(c);
    const bool manage = may(c, Permission::kMeetingManage);
    const std::string base = board_url(c, board.prefix);
    auto data = object();
    data.set("prefix", board.prefix);
    data.set("name", board.name);
    data.set("day", day);
    data.set("base", base);
    if (manage) data.set("may_manage", true);

    auto rows = list();
    for (const auto& m : s.members.on_day(c.ctx(), board.prefix, day)) {
      auto row = object();
      row.set("id", std::to_string(m.id));
      row.set("name", m.name);
      row.set("user_id", m.user_id);
      row.set("kind", c.text("kind_" + std::string(to_string(m.kind))));
      row.set("function", m.function == BoardFunction::kNone
                              ? std::string()
                              : c.text("function_" + std::string(to_string(m.function))));
      row.set("term", m.term);
      row.set("valid_from", m.valid_from);
      row.set("valid_to", m.valid_to.value_or(""));
      if (manage) {
        row.set("end_action", base + "/ledamoter/" + std::to_string(m.id) + "/avslut");
        row.set("bind_action", base + "/ledamoter/" + std::to_string(m.id) + "/personnummer");
        row.set("end_id", "last_day_" + std::to_string(m.id));
        row.set("bind_id", "personnummer_" + std::to_string(m.id));
        row.set("end_value", form.value("last_day_" + std::to_string(m.id)));
        if (const auto e = form.error("last_day_" + std::to_string(m.id)); !e.empty()) row.set("end_error", e);
        if (const auto e = form.error("personnummer_" + std::to_string(m.id)); !e.empty()) row.set("bind_error", e);
      }
      rows.push_back(row);
    }
    if (!rows.is_empty_list()) data.set("has_members", true);
    data.set("members", rows);

    auto meetings = list();
    for (const auto& m : s.meetings.meetings(c.ctx(), board.prefix)) {
      auto row = object();
      row.set("date", m.date);
      row.set("starts_at", m.starts_at);
      row.set("place", m.place);
      row.set("href", meeting_url(c, m.id));
      meetings.push_back(row);
    }
    if (!meetings.is_empty_list()) data.set("has_meetings", true);
    data.set("meetings", meetings);

    if (manage) {
      data.set("f_term", form.field("term", "text", true));
      data.set("f_user_id", form.field("user_id", "text", true));
      data.set("f_member_name", form.field("member_name", "text", true));
      data.set("f_kind", form.select("kind", {{"ordinary", c.text("kind_ordinary")},
                                              {"substitute", c.text("kind_substitute")},
                                              {"secretary", c.text("kind_secretary")}}));
      data.set("f_function", form.select("function", {{"none", c.text("function_none")},
                                                      {"chair", c.text("function_chair")},
                                                      {"vice-chair", c.text("function_vice-chair")}}));
      data.set("f_valid_from", form.field("valid_from", "date", true));
      data.set("f_date", form.field("date", "date", true));
      data.set("f_starts_at", form.field("starts_at", "text", true));
      data.set("f_place", form.field("place"));
    }
    form.summary(data);
    return c.page(form.title(board.name), render(c, "board", data), status);
  }

  http::Response add_member(http::StaffCall& c) {
    FormState form{c};
    const auto value = [&](const char* id) { return trimmed(form.value(id)); };
    const BoardInfo& board = board_of(c);
    NewBoardMember input;
    input.prefix = board.prefix;
    input.term = value("term");
    input.user_id = value("user_id");
    input.name = value("member_name");
    input.valid_from = value("valid_from");
    if (input.term.empty()) form.refuse("term", "refused_term");
    if (input.user_id.empty()) form.refuse("user_id", "refused_user_id");
    if (input.name.empty()) form.refuse("member_name", "refused_member_name");
    try {
      input.kind = parse_member_kind(value("kind"));
    } catch (const InvalidInput&) {
      form.refuse("kind", "refused_kind");
    }
    try {
      input.function = parse_board_function(value("function"));
    } catch (const InvalidInput&) {
      form.refuse("function", "refused_function");
    }
    if (!calendar::try_parse_iso_date(input.valid_from)) form.refuse("valid_from", "refused_date");
    const auto show = [&](const FormState& f, int status) { return board_page(c, f, status); };
    if (!form.errors.empty()) return show(form, 400);
    try {
      s.members.add(c.ctx(), input);
    } catch (const InvalidInput& e) {
      return refused(c, form, "term", "refused_member", e, 400, show);
    } catch (const Conflict& e) {
      return refused(c, form, "user_id", "refused_member", e, 409, show);
    }
    return c.redirect(board_url(c, board.prefix) + "?dag=" + input.valid_from);
  }

  http::Response end_member(http::StaffCall& c) {
    FormState form{c};
    const BoardInfo& board = board_of(c);
    const long long id = path_id(c, "member");
    member_of(c, board, id);
    const std::string field = "last_day_" + std::to_string(id);
    const std::string day = trimmed(form.value(field));
    const auto show = [&](const FormState& f, int status) { return board_page(c, f, status); };
    if (!calendar::try_parse_iso_date(day)) {
      form.refuse(field, "refused_date");
      return show(form, 400);
    }
    try {
      s.members.end(c.ctx(), id, day);
    } catch (const InvalidInput& e) {
      return refused(c, form, field, "refused_end", e, 400, show);
    } catch (const Conflict& e) {
      return refused(c, form, field, "refused_end", e, 409, show);
    }
    return c.redirect(board_url(c, board.prefix));
  }

  http::Response bind_personnummer(http::StaffCall& c) {
    FormState form{c};
    const BoardInfo& board = board_of(c);
    const long long id = path_id(c, "member");
    member_of(c, board, id);
    const std::string field = "personnummer_" + std::to_string(id);
    try {
      s.signing.bind_personnummer(c.ctx(), id, trimmed(form.value(field)));
    } catch (const InvalidInput&) {
      form.refuse(field, "refused_personnummer");
      return board_page(c, form, 400);
    }
    return c.redirect(board_url(c, board.prefix));
  }

  http::Response create_meeting(http::StaffCall& c) {
    FormState form{c};
    const auto value = [&](const char* id) { return trimmed(form.value(id)); };
    const BoardInfo& board = board_of(c);
    const NewMeeting input{board.prefix, value("date"), value("starts_at"), value("place")};
    if (!calendar::try_parse_iso_date(input.date)) form.refuse("date", "refused_date");
    if (!input.starts_at.empty() && !is_time(input.starts_at)) form.refuse("starts_at", "refused_time");
    if (input.place.empty()) form.refuse("place", "refused_place");
    const auto show = [&](const FormState& f, int status) { return board_page(c, f, status); };
    if (!form.errors.empty()) return show(form, 400);
    try {
      return c.redirect(meeting_url(c, s.meetings.create_meeting(c.ctx(), input).id));
    } catch (const InvalidInput& e) {
      return refused(c, form, "date", "refused_meeting", e, 400, show);
    }
  }

  // --- a meeting: agenda, attendance, minutes ----------------------------------------------------

  http::Response meeting_page(http::StaffCall& c, const FormState& form, int status = 200) {
    const long long id = path_id(c, "meeting");
    const Meeting meeting = s.meetings.meeting(c.ctx(), id);
    const auto agenda = s.meetings.agenda(c.ctx(), id);
    const Attendance attendance = s.meetings.attendance(c.ctx(), id);
    const auto minutes = s.meetings.minutes_of(c.ctx(), id);
    const bool manage = may(c, Permission::kMeetingManage) && !minutes;
    const BoardInfo* board = s.boards.find(c.municipality().code, meeting.prefix);
    auto data = object();
    const std::string heading = (board ? board->name : meeting.prefix) + " " + meeting.date;
    data.set("heading", heading);
    data.set("date", meeting.date);
    data.set("starts_at", meeting.starts_at);
    data.set("place", meeting.place);
    data.set("board_href", board_url(c, meeting.prefix));
    data.set("base", meeting_url(c, id));
    if (manage) data.set("may_manage", true);

    auto items = list();
    for (const auto& item : agenda) {
      auto row = object();
      row.set("ordinal", std::to_string(item.ordinal));
      row.set("case_number", item.case_number ? item.case_number->str() : c.text("information_item"));
      row.set("heading", item.heading);
      row.set("secrecy", item.secrecy_reference);
      items.push_back(row);
    }
    if (!items.is_empty_list()) data.set("has_agenda", true);
    data.set("agenda", items);

    std::map<std::string, std::string> names;
    Options absent_ordinary;
    for (const auto& e : attendance.entries) {
      names[e.user_id] = e.name;
      if (e.kind == MemberKind::kOrdinary && e.presence != Presence::kPresent) {
        absent_ordinary.emplace_back(e.user_id, e.name);
      }
    }
    auto people = list();
    Options voters;
    for (const auto& e : attendance.entries) {
      auto row = object();
      row.set("name", e.name);
      row.set("kind", c.text("kind_" + std::string(to_string(e.kind))));
      std::string presence = c.text("presence_" + std::string(to_string(e.presence)));
      if (e.presence == Presence::kServing) presence += " " + names[e.serving_for];
      row.set("presence", presence);
      if (votes(e)) voters.emplace_back(e.user_id, e.name);
      if (manage) {
        const std::string field = "presence_" + e.user_id;
        std::string chosen = std::string(to_string(e.presence));
        if (e.presence == Presence::kServing) chosen = "for:" + e.serving_for;
        Options options{{"present", c.text("presence_present")}, {"absent", c.text("presence_absent")}};
        if (e.kind == MemberKind::kSubstitute) {
          for (const auto& [user, name] : absent_ordinary) {
            options.emplace_back("for:" + user, c.text("serving_for") + " " + name);
          }
          // Someone this substitute serves for who is present now stays choosable.
          if (e.presence == Presence::kServing &&
              std::none_of(absent_ordinary.begin(), absent_ordinary.end(),
                           [&](const auto& o) { return o.first == e.serving_for; })) {
            options.emplace_back(chosen, c.text("serving_for") + " " + names[e.serving_for]);
          }
        }
        row.set("select", form.select(field, options, chosen, false,
                                      e.name + " (" + c.text("kind_" + std::string(to_string(e.kind))) + ")"));
      }
      people.push_back(row);
    }
    if (!people.is_empty_list()) data.set("has_people", true);
    data.set("people", people);
    data.set("voting", std::to_string(attendance.voting));
    data.set("seats", std::to_string(attendance.seats));
    data.set("quorum", c.text(attendance.quorum ? "quorum_yes" : "quorum_no"));
    if (const auto e = form.error("attendance"); !e.empty()) data.set("error_attendance", e);

    if (minutes) {
      data.set("has_minutes", true);
      data.set("minutes_href", minutes_url(c, minutes->id));
    } else if (manage) {
      data.set("f_heading", form.field("heading"));
      data.set("f_kept_at", form.field("kept_at", "text", true));
      auto adjusters = list();
      const auto chosen = c.request.method == "POST" ? c.form().values("adjusters") : std::vector<std::string>{};
      for (const auto& [user, name] : voters) {
        auto option = object();
        option.set("id", "adjuster-" + user);
        option.set("value", user);
        option.set("label", name);
        if (std::find(chosen.begin(), chosen.end(), user) != chosen.end()) option.set("checked", true);
        adjusters.push_back(option);
      }
      if (!adjusters.is_empty_list()) data.set("has_adjusters", true);
      data.set("adjusters", adjusters);
      if (const auto e = form.error("adjusters"); !e.empty()) data.set("error_adjusters", e);
    }
    form.summary(data);
    return c.page(form.title(heading), render(c, "meeting", data), status);
  }

  http::Response build_agenda(http::StaffCall& c) {
    const long long id = path_id(c, "meeting");
    s.meetings.build_agenda(c.ctx(), id);
    return c.redirect(meeting_url(c, id) + "#agenda-heading");
  }

  http::Response add_information_item(http::StaffCall& c) {
    FormState form{c};
    const long long id = path_id(c, "meeting");
    s.meetings.meeting(c.ctx(), id);  // NotFound before the form is looked at
    const std::string heading = trimmed(form.value("heading"));
    const auto show = [&](const FormState& f, int status) { return meeting_page(c, f, status); };
    if (heading.empty()) {
      form.refuse("heading", "refused_heading");
      return show(form, 400);
    }
    try {
      s.meetings.add_information_item(c.ctx(), id, heading);
    } catch (const InvalidInput& e) {
      return refused(c, form, "heading", "refused_item", e, 400, show);
    }
    return c.redirect(meeting_url(c, id) + "#agenda-heading");
  }

  http::Response set_attendance(http::StaffCall& c) {
    FormState form{c};
    const long long id = path_id(c, "meeting");
    std::vector<AttendanceInput> input;
    for (const auto& e : s.meetings.attendance(c.ctx(), id).entries) {
      const std::string chosen = form.value("presence_" + e.user_id);
      AttendanceInput row{e.user_id, Presence::kAbsent, {}};
      if (chosen == "present") {
        row.presence = Presence::kPresent;
      } else if (chosen.rfind("for:", 0) == 0) {
        row.presence = Presence::kServing;
        row.serving_for = chosen.substr(4);
      } else if (chosen != "absent") {
        form.refuse("presence_" + e.user_id, "refused_presence");
      }
      input.push_back(row);
    }
    const auto show = [&](const FormState& f, int status) { return meeting_page(c, f, status); };
    if (!form.errors.empty()) return show(form, 400);
    try {
      s.meetings.set_attendance(c.ctx(), id, input);
    } catch (const InvalidInput& e) {
      return refused(c, form, "attendance", "refused_attendance", e, 400, show);
    } catch (const Conflict& e) {
      return refused(c, form, "attendance", "refused_attendance", e, 409, show);
    }
    return c.redirect(meeting_url(c, id) + "#attendance-heading");
  }

  http::Response open_minutes(http::StaffCall& c) {
    FormState form{c};
    const long long id = path_id(c, "meeting");
    s.meetings.meeting(c.ctx(), id);  // NotFound before the form is looked at
    const std::string kept_at = trimmed(form.value("kept_at"));
    const auto adjusters = c.form().values("adjusters");
    if (kept_at.empty()) form.refuse("kept_at", "refused_kept_at");
    if (adjusters.empty()) form.refuse("adjusters", "refused_adjusters");
    const auto show = [&](const FormState& f, int status) { return meeting_page(c, f, status); };
    if (!form.errors.empty()) return show(form, 400);
    try {
      return c.redirect(minutes_url(c, s.meetings.open_minutes(c.ctx(), id, kept_at, adjusters).id));
    } catch (const InvalidInput& e) {
      return refused(c, form, "adjusters", "refused_minutes", e, 400, show);
    } catch (const Conflict& e) {
      return refused(c, form, "adjusters", "refused_minutes", e, 409, show);
    }
  }

  // --- the minutes -------------------------------------------------------------------------------

  http::Response minutes_page(http::StaffCall& c, const FormState& form, int status = 200,
                              const std::string& message = {}) {
    const long long id = path_id(c, "minutes");
    const MinutesInfo info = s.meetings.minutes(c.ctx(), id);
    const Meeting meeting = s.meetings.meeting(c.ctx(), info.meeting_id);
    const Attendance attendance = s.meetings.attendance(c.ctx(), info.meeting_id);
    const auto paragraphs = s.meetings.paragraphs(c.ctx(), id);
    const bool draft = info.status == MinutesStatus::kDraft;
    const bool manage = may(c, Permission::kMeetingManage) && draft;
    std::map<std::string, std::string> names;
    for (const auto& e : attendance.entries) names[e.user_id] = e.name;
    const BoardInfo* board = s.boards.find(c.municipality().code, meeting.prefix);
    const std::string heading =
        c.text("minutes_heading") + " " + (board ? board->name : meeting.prefix) + " " + meeting.date;
    auto data = object();
    data.set("heading", heading);
    data.set("base", minutes_url(c, id));
    data.set("meeting_href", meeting_url(c, meeting.id));
    data.set("kept_at", info.kept_at);
    data.set("status", c.text("minutes_" + std::string(to_string(info.status))));
    if (!message.empty()) data.set("message", message);
    if (manage) data.set("may_manage", true);

    auto rows = list();
    for (const auto& p : paragraphs) {
      auto row = object();
      row.set("number", "§ " + std::to_string(p.number));
      row.set("case_number", p.case_number ? p.case_number->str() : "");
      row.set("heading", p.heading);
      row.set("decision", p.decision);
      row.set("href", paragraph_url(c, p.id));
      rows.push_back(row);
    }
    if (!rows.is_empty_list()) data.set("has_paragraphs", true);
    data.set("paragraphs", rows);

    if (manage) {
      std::set<long long> used;
      for (const auto& p : paragraphs) {
        for (const auto& item : s.meetings.agenda(c.ctx(), meeting.id)) {
          if (item.case_number && p.case_number && *item.case_number == *p.case_number) used.insert(item.id);
        }
      }
      Options items{{"0", c.text("paragraph_own")}};
      for (const auto& item : s.meetings.agenda(c.ctx(), meeting.id)) {
        if (used.count(item.id) != 0) continue;
        items.emplace_back(std::to_string(item.id),
                           std::to_string(item.ordinal) + ". " +
                               (item.case_number ? item.case_number->str() + " " : std::string()) + item.heading);
      }
      data.set("f_agenda_item", form.select("agenda_item", items, items.size() > 1 ? items[1].first : "0", true));
      data.set("f_paragraph_heading", form.field("paragraph_heading", "text", true));
    }

    auto signers = list();
    const std::string me = c.principal().id();
    for (const auto& signer : info.signers) {
      auto row = object();
      row.set("name", names.count(signer.user_id) ? names[signer.user_id] : signer.user_id);
      row.set("role", c.text("signer_" + signer.role));
      row.set("signed", signer.signed_at ? calendar::format_swedish_minute(*signer.signed_at) : c.text("not_signed"));
      if (draft && !signer.signed_at && me == "staff:" + signer.user_id && may(c, Permission::kMinutesSign)) {
        data.set("may_sign", true);
      }
      signers.push_back(row);
    }
    data.set("signers", signers);
    if (const auto e = form.error("sign"); !e.empty()) data.set("error_sign", e);
    data.set("preview_html", minutes_url(c, id) + "/forhandsvisning");
    data.set("preview_pdf", minutes_url(c, id) + "/forhandsvisning?format=pdf");
    if (info.notice_id) {
      const Notice notice = s.notices.notice(c.ctx(), *info.notice_id);
      data.set("has_notice", true);
      data.set("posted_on", notice.posted_on);
      data.set("appeal_deadline", notice.appeal_deadline);
      data.set("notice_status", c.text("notice_" + notice.status));
      data.set("notice_board_href", "/anslagstavla/" + c.municipality().code.str());
    }
    form.summary(data);
    return c.page(form.title(heading), render(c, "minutes", data), status);
  }

  http::Response add_paragraph(http::StaffCall& c) {
    FormState form{c};
    const long long id = path_id(c, "minutes");
    const bool locked = minutes_locked(c, id);  // NotFound before the form is looked at
    const std::string item_text = trimmed(form.value("agenda_item"));
    const std::string heading = trimmed(form.value("paragraph_heading"));
    long long item = 0;
    if (item_text.empty() || item_text.size() > 15 || item_text.find_first_not_of("0123456789") != std::string::npos) {
      form.refuse("agenda_item", "refused_agenda_item");
    } else {
      item = std::stoll(item_text);
    }
    if (item == 0 && heading.empty()) form.refuse("paragraph_heading", "refused_heading");
    const auto show = [&](const FormState& f, int status) { return minutes_page(c, f, status); };
    if (!form.errors.empty()) return show(form, 400);
    try {
      return c.redirect(paragraph_url(c, s.meetings.add_paragraph(c.ctx(), id, item, heading).id));
    } catch (const InvalidInput& e) {
      return refused(c, form, "agenda_item", "refused_paragraph", e, 400, show);
    } catch (const Conflict& e) {
      if (locked) throw;  // refused and committed by the service: the 409 page
      return refused(c, form, "agenda_item", "refused_paragraph", e, 409, show);
    }
  }

  http::Response preview(http::StaffCall& c) {
    const long long id = path_id(c, "minutes");
    auto view = full_minutes(c.ctx(), s.meetings, s.boards, id);
    c.commit();  // the rendering needs no transaction
    view.municipality_name = c.municipality().name;
    http::Response response;
    response.headers.emplace_back("Cache-Control", "no-store");
    if (c.request.query_param("format").value_or("") == "pdf") {
      response.content_type = "application/pdf";
      response.body = render_minutes_pdf(view, MinutesVersion::kFull);
      response.headers.emplace_back("Content-Disposition",
                                    "inline; filename=\"protokoll-" + view.prefix + "-" + view.meeting_date + ".pdf\"");
    } else {
      response.content_type = "text/html; charset=utf-8";
      response.body = render_minutes_html(view, MinutesVersion::kFull);
    }
    return response;
  }

  // --- a paragraph -------------------------------------------------------------------------------

  http::Response paragraph_page(http::StaffCall& c, const FormState& form, int status = 200) {
    const long long id = path_id(c, "paragraph");
    const Paragraph p = s.meetings.paragraph(c.ctx(), id);
    const MinutesInfo info = s.meetings.minutes(c.ctx(), p.minutes_id);
    const Attendance attendance = s.meetings.attendance(c.ctx(), info.meeting_id);
    const bool manage =
        may(c, Permission::kMeetingManage) && info.status == MinutesStatus::kDraft && !p.immediately_adjusted;
    std::map<std::string, std::string> names;
    for (const auto& e : attendance.entries) names[e.user_id] = e.name;
    const auto name_of = [&](const std::string& user) { return names.count(user) ? names[user] : user; };
    // Who takes part in this paragraph: the meeting's voters without the recused, with the
    // substitutes stepping in for them.
    Options voters;
    for (const auto& e : attendance.entries) {
      if (votes(e) && std::find(p.recused.begin(), p.recused.end(), e.user_id) == p.recused.end()) {
        voters.emplace_back(e.user_id, e.name);
      }
    }
    for (const auto& [substitute, member] : p.substitutes) voters.emplace_back(substitute, name_of(substitute));

    const std::string heading = "§ " + std::to_string(p.number) + " " + p.heading;
    auto data = object();
    data.set("heading", heading);
    data.set("base", paragraph_url(c, id));
    data.set("minutes_href", minutes_url(c, p.minutes_id));
    data.set("case_number", p.case_number ? p.case_number->str() : "");
    data.set("secrecy_reference", p.secrecy_reference);
    data.set("proposal", p.proposal);
    data.set("procedure", p.procedure);
    data.set("decision", p.decision);
    if (p.texts_withheld) data.set("withheld", true);
    if (p.immediately_adjusted) data.set("immediately_adjusted", true);

    auto entries = list();
    for (const auto& e : p.entries) {
      auto row = object();
      row.set("kind", c.text("entry_" + e.kind));
      row.set("name", name_of(e.user_id));
      row.set("text", e.text);
      entries.push_back(row);
    }
    if (!entries.is_empty_list()) data.set("has_entries", true);
    data.set("entries", entries);
    auto recused = list();
    for (const auto& user : p.recused) {
      auto row = object();
      row.set("name", name_of(user));
      std::string stepping;
      for (const auto& [substitute, member] : p.substitutes) {
        if (member == user) stepping = name_of(substitute);
      }
      row.set("stepping_in", stepping);
      recused.push_back(row);
    }
    if (!recused.is_empty_list()) data.set("has_recused", true);
    data.set("recused", recused);
    if (p.tally) {
      data.set("has_vote", true);
      data.set("yes_means", p.vote_yes_means);
      data.set("no_means", p.vote_no_means);
      data.set("yes", std::to_string(p.tally->yes));
      data.set("no", std::to_string(p.tally->no));
      data.set("abstain", std::to_string(p.tally->abstain));
      data.set("result", p.tally->result);
      auto lines = list();
      for (const auto& [user, vote] : p.votes) {
        auto row = object();
        row.set("name", name_of(user));
        row.set("vote", vote_label(vote));
        lines.push_back(row);
      }
      data.set("votes", lines);
    }

    if (manage) {
      data.set("may_manage", true);
      const bool posted = c.request.method == "POST";
      const auto kept = [&](const std::string& field, const std::string& current) {
        return posted ? form.value(field) : current;
      };
      data.set("f_text_heading", form.field("text_heading", "text", false, kept("text_heading", p.heading)));
      data.set("f_secrecy_reference",
               form.field("secrecy_reference", "text", true, kept("secrecy_reference", p.secrecy_reference)));
      data.set("f_proposal", form.field("proposal", "text", true, kept("proposal", p.proposal)));
      data.set("f_procedure", form.field("procedure", "text", true, kept("procedure", p.procedure)));
      data.set("f_decision", form.field("decision", "text", false, kept("decision", p.decision)));
      data.set("f_entry_kind", form.select("entry_kind", {{"motion", c.text("entry_motion")},
                                                          {"reservation", c.text("entry_reservation")},
                                                          {"protocol-note", c.text("entry_protocol-note")}}));
      data.set("f_entry_user", form.select("entry_user", voters));
      data.set("f_entry_text", form.field("entry_text"));
      if (!p.tally) {
        data.set("f_conflict_user", form.select("conflict_user", voters));
        data.set("may_vote", true);
        data.set("f_yes_means", form.field("yes_means", "text", true));
        data.set("f_no_means", form.field("no_means", "text", true));
        auto ballots = list();
        for (const auto& [user, name] : voters) {
          ballots.push_back(
              form.select("vote_" + user,
                          {{"ja", c.text("vote_ja")}, {"nej", c.text("vote_nej")}, {"avstar", c.text("vote_avstar")}},
                          {}, false, name));
        }
        data.set("ballots", ballots);
        if (const auto e = form.error("votes"); !e.empty()) data.set("error_votes", e);
      }
    }
    form.summary(data);
    return c.page(form.title(heading), render(c, "paragraph", data), status);
  }

  /// A change of a paragraph: `change` runs the service call; refusals come back on the page.
  /// A locked paragraph's refusal (adjusted minutes, or adjusted at once) is committed with its
  /// audit entry by the service, which leaves no transaction to show the page in: the 409 page.
  template <typename Change>
  http::Response change_paragraph(http::StaffCall& c, FormState& form, const std::string& field, Change change) {
    const long long id = path_id(c, "paragraph");
    const auto show = [&](const FormState& f, int status) { return paragraph_page(c, f, status); };
    if (!form.errors.empty()) return show(form, 400);
    const Paragraph before = s.meetings.paragraph(c.ctx(), id);
    const bool locked = before.immediately_adjusted || minutes_locked(c, before.minutes_id);
    try {
      change(id);
    } catch (const InvalidInput& e) {
      return refused(c, form, field, "refused_change", e, 400, show);
    } catch (const Conflict& e) {
      if (locked) throw;
      return refused(c, form, field, "refused_change", e, 409, show);
    }
    return c.redirect(paragraph_url(c, id));
  }

  http::Response update_texts(http::StaffCall& c) {
    FormState form{c};
    ParagraphText text;
    text.heading = trimmed(form.value("text_heading"));
    text.secrecy_reference = trimmed(form.value("secrecy_reference"));
    text.proposal = trimmed(form.value("proposal"));
    text.procedure = trimmed(form.value("procedure"));
    text.decision = trimmed(form.value("decision"));
    if (text.heading->empty()) form.refuse("text_heading", "refused_heading");
    return change_paragraph(c, form, "text_heading",
                            [&](long long id) { s.meetings.update_paragraph(c.ctx(), id, text); });
  }

  http::Response add_entry(http::StaffCall& c) {
    FormState form{c};
    const std::string kind = form.value("entry_kind");
    const std::string user = form.value("entry_user");
    const std::string text = trimmed(form.value("entry_text"));
    if (kind != "motion" && kind != "reservation" && kind != "protocol-note") form.refuse("entry_kind", "refused_kind");
    if (user.empty()) form.refuse("entry_user", "refused_user_id");
    if (text.empty()) form.refuse("entry_text", "refused_entry_text");
    return change_paragraph(c, form, "entry_user",
                            [&](long long id) { s.meetings.add_entry(c.ctx(), id, kind, user, text); });
  }

  http::Response declare_conflict(http::StaffCall& c) {
    FormState form{c};
    const std::string user = form.value("conflict_user");
    if (user.empty()) form.refuse("conflict_user", "refused_user_id");
    return change_paragraph(c, form, "conflict_user",
                            [&](long long id) { s.meetings.declare_conflict(c.ctx(), id, user); });
  }

  http::Response record_vote(http::StaffCall& c) {
    FormState form{c};
    std::map<std::string, Vote> ballots;
    for (const auto& [name, value] : c.form().fields) {
      if (name.rfind("vote_", 0) != 0) continue;
      try {
        ballots[name.substr(5)] = parse_vote(value);
      } catch (const InvalidInput&) {
        form.refuse(name, "refused_vote");
      }
    }
    const std::string yes = trimmed(form.value("yes_means"));
    const std::string no = trimmed(form.value("no_means"));
    if (yes.empty()) form.refuse("yes_means", "refused_yes_means");
    if (no.empty()) form.refuse("no_means", "refused_no_means");
    return change_paragraph(c, form, "votes",
                            [&](long long id) { s.meetings.record_vote(c.ctx(), id, ballots, yes, no); });
  }

  http::Response adjust_immediately(http::StaffCall& c) {
    FormState form{c};
    return change_paragraph(c, form, "text_heading", [&](long long id) { s.meetings.adjust_immediately(c.ctx(), id); });
  }

  // --- adjustment with BankID --------------------------------------------------------------------

  /// The signing page: BankID's message, the QR code and the link that opens BankID on this
  /// device while they are known (right after the start), and the button that checks the order.
  http::Response signing_page(http::StaffCall& c, long long minutes_id, const std::string& order_ref,
                              const std::string& message, const bankid::Order* order) {
    auto data = object();
    data.set("message", message);
    data.set("collect_action", minutes_url(c, minutes_id) + "/justering/" + encoded(order_ref));
    data.set("minutes_href", minutes_url(c, minutes_id));
    if (order != nullptr) {
      const std::string qr = bankid::AnimatedQr(*order, c.ctx().clock()).content();
      data.set("has_qr", true);
      data.set("qr", qr);
      http::set_qr_code(data, qr);
      data.set("autostart", "bankid:///?autostarttoken=" + order->auto_start_token + "&redirect=null");
    }
    return c.page(c.text("signing_heading"), render(c, "signing", data));
  }

  http::Response start_signing(http::StaffCall& c) {
    FormState form{c};
    const long long id = path_id(c, "minutes");
    s.meetings.minutes(c.ctx(), id);  // NotFound before BankID is asked
    bankid::Order order;
    try {
      order = s.signing.start(c.ctx(), id, c.request.remote_address);
    } catch (const InvalidInput& e) {
      return refused(c, form, "sign", "refused_sign", e, 400,
                     [&](const FormState& f, int status) { return minutes_page(c, f, status); });
    } catch (const Conflict& e) {
      return refused(c, form, "sign", "refused_sign", e, 409,
                     [&](const FormState& f, int status) { return minutes_page(c, f, status); });
    }
    return signing_page(c, id, order.order_ref,
                        std::string(auth::user_message(bankid::CollectStatus::kPending,
                                                       bankid::parse_hint_code("outstandingTransaction"))),
                        &order);
  }

  http::Response collect_signing(http::StaffCall& c) {
    FormState form{c};
    const long long id = path_id(c, "minutes");
    const std::string order_ref = c.path("order");
    s.meetings.minutes(c.ctx(), id);  // NotFound before BankID is asked
    // A signature of minutes changed since the start (409) or by another person (403) is
    // refused, audited and committed by the service: the error page says so.
    const SigningProgress progress = s.signing.collect(c.ctx(), id, order_ref);
    const std::string message =
        std::string(auth::user_message(progress.status, bankid::parse_hint_code(progress.hint_code)));
    if (progress.status == bankid::CollectStatus::kPending) return signing_page(c, id, order_ref, message, nullptr);
    if (progress.status == bankid::CollectStatus::kFailed) {
      form.errors.emplace_back("sign", c.text("refused_sign") + ": " + message);
      return minutes_page(c, form, 200);
    }
    return c.redirect(minutes_url(c, id) + "?justerat=1");
  }
};

}  // namespace

void mount_secretary_pages(http::StaffSection& section, storage::Database& db, const Clock& clock,
                           const config::Cooperation& cooperation, const crypto::Keyring& keyring,
                           bankid::Client* bankid) {
  // The router's handlers keep the pages alive.
  auto pages = std::make_shared<Pages>(db, clock, cooperation, keyring, bankid);
  const auto page = [pages](http::Response (Pages::*work)(http::StaffCall&)) {
    return [pages, work](http::StaffCall& c) { return ((*pages).*work)(c); };
  };
  const auto shown = [pages](http::Response (Pages::*show)(http::StaffCall&, const FormState&, int)) {
    return [pages, show](http::StaffCall& c) { return ((*pages).*show)(c, FormState{c}, 200); };
  };
  section.add({"GET", "", Permission::kMeetingRead}, page(&Pages::boards));
  section.add(
      {"GET", "/namnder/{board}", Permission::kMeetingRead, http::PageView{"board.members.view", "board", "board"}},
      shown(&Pages::board_page));
  section.add({"POST", "/namnder/{board}/ledamoter", Permission::kMeetingManage}, page(&Pages::add_member));
  section.add({"POST", "/namnder/{board}/ledamoter/{member}/avslut", Permission::kMeetingManage},
              page(&Pages::end_member));
  section.add({"POST", "/namnder/{board}/ledamoter/{member}/personnummer", Permission::kMeetingManage},
              page(&Pages::bind_personnummer));
  section.add({"POST", "/namnder/{board}/moten", Permission::kMeetingManage}, page(&Pages::create_meeting));
  section.add(
      {"GET", "/moten/{meeting}", Permission::kMeetingRead, http::PageView{"meeting.view", "meeting", "meeting"}},
      shown(&Pages::meeting_page));
  section.add({"POST", "/moten/{meeting}/dagordning", Permission::kMeetingManage}, page(&Pages::build_agenda));
  section.add({"POST", "/moten/{meeting}/informationsarenden", Permission::kMeetingManage},
              page(&Pages::add_information_item));
  section.add({"POST", "/moten/{meeting}/narvaro", Permission::kMeetingManage}, page(&Pages::set_attendance));
  section.add({"POST", "/moten/{meeting}/protokoll", Permission::kMeetingManage}, page(&Pages::open_minutes));
  section.add(
      {"GET", "/protokoll/{minutes}", Permission::kMeetingRead, http::PageView{"minutes.view", "minutes", "minutes"}},
      [pages](http::StaffCall& c) {
        const bool adjusted = c.request.query_param("justerat").has_value();
        return pages->minutes_page(c, FormState{c}, 200, adjusted ? c.text("signed_message") : "");
      });
  section.add({"POST", "/protokoll/{minutes}/paragrafer", Permission::kMeetingManage}, page(&Pages::add_paragraph));
  section.add({"GET", "/protokoll/{minutes}/forhandsvisning", Permission::kMeetingRead,
               http::PageView{"minutes.preview", "minutes", "minutes"}},
              page(&Pages::preview));
  section.add({"POST", "/protokoll/{minutes}/justering", Permission::kMinutesSign}, page(&Pages::start_signing));
  section.add({"POST", "/protokoll/{minutes}/justering/{order}", Permission::kMinutesSign},
              page(&Pages::collect_signing));
  section.add({"GET", "/paragrafer/{paragraph}", Permission::kMeetingRead,
               http::PageView{"paragraph.view", "paragraph", "paragraph"}},
              shown(&Pages::paragraph_page));
  section.add({"POST", "/paragrafer/{paragraph}/text", Permission::kMeetingManage}, page(&Pages::update_texts));
  section.add({"POST", "/paragrafer/{paragraph}/poster", Permission::kMeetingManage}, page(&Pages::add_entry));
  section.add({"POST", "/paragrafer/{paragraph}/jav", Permission::kMeetingManage}, page(&Pages::declare_conflict));
  section.add({"POST", "/paragrafer/{paragraph}/votering", Permission::kMeetingManage}, page(&Pages::record_vote));
  section.add({"POST", "/paragrafer/{paragraph}/omedelbar-justering", Permission::kMeetingManage},
              page(&Pages::adjust_immediately));
}

}  // namespace samverkan::casehandling::detail
