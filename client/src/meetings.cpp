#include "samverkan/client/meetings.hpp"

#include <Poco/JSON/Array.h>

#include <utility>

#include "json_reading.hpp"

namespace samverkan::client {
namespace {

using Poco::JSON::Object;

std::string id_segment(long long id, const char* what) {
  if (id <= 0)
    throw UsageError(std::string("a ") + what + " id is a positive whole number (got " + std::to_string(id) + ")");
  return std::to_string(id);
}

// A board's prefix: 1 to 8 upper-case letters, A-Z and Å, Ä, Ö (UTF-8), as the cooperation
// file has it.
std::string board_segment(const std::string& board) {
  std::size_t letters = 0;
  bool valid = !board.empty();
  for (std::size_t i = 0; valid && i < board.size(); ++letters) {
    const auto c = static_cast<unsigned char>(board[i]);
    if (c >= 'A' && c <= 'Z') {
      ++i;
    } else if (c == 0xC3 && i + 1 < board.size() &&
               (board[i + 1] == '\x85' || board[i + 1] == '\x84' || board[i + 1] == '\x96')) {
      i += 2;  // Å, Ä, Ö
    } else {
      valid = false;
    }
  }
  if (!valid || letters > 8) {
    throw UsageError("a board's prefix is 1 to 8 upper-case letters, e.g. \"KS\" (got \"" + board.substr(0, 40) +
                     "\")");
  }
  return url_encode(board);
}

// GET of a public endpoint: no token is fetched or sent.
Response public_get(Client& client, const std::string& path) {
  auto request = Request::to("GET", path);
  request.authenticated = false;
  return client.call(request);
}

std::string format_query(DocumentFormat format) {
  return format == DocumentFormat::kPdf ? "?format=pdf" : "?format=html";
}

Meeting meeting_of(const Object& item) {
  return {detail::integer(item, "id"), detail::text(item, "board"), detail::text(item, "date"),
          detail::text_or_empty(item, "startsAt"), detail::text_or_empty(item, "place")};
}

AgendaItem agenda_item_of(const Object& item) {
  return {detail::integer(item, "id"),
          detail::whole(item, "ordinal"),
          detail::text(item, "kind"),
          detail::text_or_empty(item, "case"),
          detail::text_or_empty(item, "heading"),
          detail::text_or_empty(item, "secrecyReference")};
}

Minutes minutes_of_json(const Object& item) {
  Minutes out;
  out.id = detail::integer(item, "id");
  out.meeting = detail::integer(item, "meeting");
  out.board = detail::text(item, "board");
  out.kept_at = detail::text_or_empty(item, "keptAt");
  out.status = detail::text(item, "status");
  out.signers = detail::list_of<MinutesSigner>(item, "signers", [](const Object& s) {
    MinutesSigner signer{detail::text(s, "userId"), detail::text(s, "role"), detail::optional_text(s, "signedAt")};
    if (signer.signed_at && signer.signed_at->empty()) signer.signed_at.reset();  // "" until signed
    return signer;
  });
  if (item.has("notice") && !item.isNull("notice")) out.notice = detail::integer(item, "notice");
  return out;
}

Paragraph paragraph_of(const Object& item) {
  Paragraph p;
  p.id = detail::integer(item, "id");
  p.minutes = detail::integer(item, "minutes");
  p.board = detail::text(item, "board");
  p.year = detail::whole(item, "year");
  p.number = detail::whole(item, "number");
  p.case_number = detail::text_or_empty(item, "case");
  p.heading = detail::text_or_empty(item, "heading");
  p.secrecy_reference = detail::text_or_empty(item, "secrecyReference");
  p.proposal = detail::text_or_empty(item, "proposal");
  p.procedure = detail::text_or_empty(item, "procedure");
  p.decision = detail::text_or_empty(item, "decision");
  p.immediately_adjusted = detail::boolean(item, "immediatelyAdjusted", false);
  p.texts_withheld = detail::boolean(item, "textsWithheld", false);
  if (item.has("entries")) {
    p.entries = detail::list_of<ParagraphEntry>(item, "entries", [](const Object& e) {
      return ParagraphEntry{detail::text(e, "kind"), detail::text_or_empty(e, "userId"),
                            detail::text_or_empty(e, "text")};
    });
  }
  p.conflicts_of_interest = detail::strings_of(item, "conflictsOfInterest");
  if (item.has("substitutes")) {
    p.substitutes = detail::list_of<ParagraphSubstitute>(item, "substitutes", [](const Object& s) {
      return ParagraphSubstitute{detail::text(s, "userId"), detail::text(s, "servingFor")};
    });
  }
  if (const auto vote = detail::optional_object(item, "vote")) {
    ParagraphVote v;
    v.yes_means = detail::text_or_empty(*vote, "yesMeans");
    v.no_means = detail::text_or_empty(*vote, "noMeans");
    v.yes = detail::whole(*vote, "yes");
    v.no = detail::whole(*vote, "no");
    v.abstain = detail::whole(*vote, "abstain");
    v.result = detail::text(*vote, "result");
    // Here "votes" is an object, user id -> vote (the open data's is a list by name).
    if (const auto votes = detail::optional_object(*vote, "votes")) {
      for (const auto& user : votes->getNames()) v.votes[user] = detail::text(*votes, user);
    }
    p.vote = std::move(v);
  }
  return p;
}

Notice notice_of(const Object& item) {
  Notice n;
  n.id = detail::integer(item, "id");
  n.board = detail::text(item, "board");
  n.board_name = detail::text_or_empty(item, "boardName");
  n.meeting_date = detail::text_or_empty(item, "meetingDate");
  n.posted_on = detail::text_or_empty(item, "postedOn");
  n.appeal_deadline = detail::text_or_empty(item, "appealDeadline");
  n.remove_on = detail::text_or_empty(item, "removeOn");
  n.kept_at = detail::text_or_empty(item, "keptAt");
  n.status = detail::text(item, "status");
  n.paragraphs = detail::list_of<NoticeParagraph>(item, "paragraphs", [](const Object& p) {
    // A secret paragraph has secrecyReference and no decision; a public one the reverse.
    return NoticeParagraph{detail::whole(p, "number"), detail::text_or_empty(p, "heading"),
                           detail::text_or_empty(p, "decision"), detail::text_or_empty(p, "secrecyReference")};
  });
  return n;
}

OpenDataDecision decision_of(const Object& item) {
  OpenDataDecision d;
  d.paragraph = detail::whole(item, "paragraph");
  d.year = detail::whole(item, "year");
  d.case_number = detail::text_or_empty(item, "caseNumber");
  d.heading = detail::text_or_empty(item, "heading");
  d.proposal = detail::text_or_empty(item, "proposal");
  d.decision = detail::text_or_empty(item, "decision");
  d.immediately_adjusted = detail::boolean(item, "immediatelyAdjusted", false);
  if (const auto vote = detail::optional_object(item, "vote")) {
    OpenDataVoteResult v;
    v.yes_means = detail::text_or_empty(*vote, "yesMeans");
    v.no_means = detail::text_or_empty(*vote, "noMeans");
    v.yes = detail::whole(*vote, "yes");
    v.no = detail::whole(*vote, "no");
    v.abstain = detail::whole(*vote, "abstain");
    v.result = detail::text(*vote, "result");
    v.votes = detail::list_of<OpenDataVote>(*vote, "votes", [](const Object& line) {
      return OpenDataVote{detail::text_or_empty(line, "name"), detail::text_or_empty(line, "party"),
                          detail::text(line, "vote")};
    });
    d.vote = std::move(v);
  }
  return d;
}

}  // namespace

Meetings::Meetings(Client& client, const std::string& kommunkod)
    : client_(client), base_(detail::municipality_path(kommunkod)) {}

// --- cases:read ---------------------------------------------------------------------------------

std::vector<Meeting> Meetings::list(const std::string& board) {
  return detail::list_of<Meeting>(*client_.get_json(base_ + "/boards/" + board_segment(board) + "/meetings"),
                                  "meetings", meeting_of);
}

Meeting Meetings::get(long long meeting_id) {
  return meeting_of(*client_.get_json(base_ + "/meetings/" + id_segment(meeting_id, "meeting")));
}

std::vector<AgendaItem> Meetings::agenda(long long meeting_id) {
  return detail::list_of<AgendaItem>(
      *client_.get_json(base_ + "/meetings/" + id_segment(meeting_id, "meeting") + "/agenda"), "items", agenda_item_of);
}

Attendance Meetings::attendance(long long meeting_id) {
  const auto answer = client_.get_json(base_ + "/meetings/" + id_segment(meeting_id, "meeting") + "/attendance");
  Attendance out;
  out.entries = detail::list_of<AttendanceEntry>(*answer, "attendance", [](const Object& e) {
    return AttendanceEntry{detail::text(e, "userId"), detail::text_or_empty(e, "name"),
                           detail::text_or_empty(e, "kind"), detail::text(e, "presence"),
                           detail::text_or_empty(e, "servingFor")};
  });
  out.seats = detail::whole(*answer, "seats");
  out.voting = detail::whole(*answer, "voting");
  out.quorum = detail::boolean(*answer, "quorum", false);
  return out;
}

Minutes Meetings::minutes_of(long long meeting_id) {
  return minutes_of_json(*client_.get_json(base_ + "/meetings/" + id_segment(meeting_id, "meeting") + "/minutes"));
}

Minutes Meetings::minutes(long long minutes_id) {
  return minutes_of_json(*client_.get_json(base_ + "/minutes/" + id_segment(minutes_id, "minutes")));
}

std::vector<Paragraph> Meetings::paragraphs(long long minutes_id) {
  return detail::list_of<Paragraph>(
      *client_.get_json(base_ + "/minutes/" + id_segment(minutes_id, "minutes") + "/paragraphs"), "paragraphs",
      paragraph_of);
}

Paragraph Meetings::paragraph(long long paragraph_id) {
  return paragraph_of(*client_.get_json(base_ + "/paragraphs/" + id_segment(paragraph_id, "paragraph")));
}

DocumentContent Meetings::document(long long minutes_id, DocumentFormat format) {
  auto answer = client_.call(
      Request::to("GET", base_ + "/minutes/" + id_segment(minutes_id, "minutes") + "/document" + format_query(format)));
  return {std::move(answer.content_type), std::move(answer.body)};
}

Notice Meetings::notice(long long notice_id) {
  return notice_of(*client_.get_json(base_ + "/notices/" + id_segment(notice_id, "notice")));
}

// --- public -------------------------------------------------------------------------------------

DocumentContent Meetings::public_document(long long minutes_id, DocumentFormat format) {
  auto answer =
      public_get(client_, base_ + "/minutes/" + id_segment(minutes_id, "minutes") + "/public" + format_query(format));
  return {std::move(answer.content_type), std::move(answer.body)};
}

std::vector<Notice> Meetings::notice_board() {
  return detail::list_of<Notice>(*public_get(client_, base_ + "/notice-board").json(), "notices", notice_of);
}

std::vector<PublishedMeeting> Meetings::published_meetings() {
  return detail::list_of<PublishedMeeting>(
      *public_get(client_, base_ + "/open-data/meetings").json(), "meetings", [](const Object& m) {
        return PublishedMeeting{detail::integer(m, "meetingId"), detail::integer(m, "minutesId"),
                                detail::text(m, "board"), detail::text_or_empty(m, "boardName"),
                                detail::text_or_empty(m, "meetingDate")};
      });
}

MeetingDecisions Meetings::decisions(long long meeting_id) {
  const auto answer =
      public_get(client_, base_ + "/open-data/meetings/" + id_segment(meeting_id, "meeting") + "/decisions?format=json")
          .json();
  MeetingDecisions out;
  out.municipality = detail::text_or_empty(*answer, "municipality");
  out.board = detail::text(*answer, "board");
  out.board_name = detail::text_or_empty(*answer, "boardName");
  out.meeting_id = detail::integer(*answer, "meetingId");
  out.meeting_date = detail::text_or_empty(*answer, "meetingDate");
  out.minutes_id = detail::integer(*answer, "minutesId");
  out.decisions = detail::list_of<OpenDataDecision>(*answer, "decisions", decision_of);
  return out;
}

std::string Meetings::decisions_csv(long long meeting_id) {
  return public_get(client_,
                    base_ + "/open-data/meetings/" + id_segment(meeting_id, "meeting") + "/decisions?format=csv")
      .body;
}

std::string Meetings::votes_csv(long long meeting_id) {
  return public_get(client_, base_ + "/open-data/meetings/" + id_segment(meeting_id, "meeting") + "/votes").body;
}

}  // namespace samverkan::client
