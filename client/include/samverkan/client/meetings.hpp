#pragma once
/// Boards' meetings and their minutes (protokoll), read-side, under
/// /api/v1/municipalities/{kommunkod}: what a web publishing system or a board portal needs.
///   - with a token, scope cases:read (the permission meeting.read): a board's meetings, one
///     meeting, its agenda and attendance, its minutes with their signers, the paragraphs, the
///     minutes as an HTML or PDF document, one notice of the notice board;
///   - public, no token needed and none sent: the public version of adjusted minutes, the
///     notice board (anslagstavla) and the open data (adjusted meetings and their decisions).
///
/// An API client never holds the right to secret material: a secret paragraph (one with a
/// secrecy reference) comes with its number, heading and reference, its texts empty
/// (Paragraph::texts_withheld), and the public version and the open data leave it out.
///
///   samverkan::client::Meetings meetings(api, kommunkod);
///   for (const auto& meeting : meetings.list("KS")) { ... }
///   const auto pdf = meetings.public_document(minutes_id, samverkan::client::DocumentFormat::kPdf);
///
/// Ids are the platform's (positive whole numbers); 0 or less is a UsageError before anything
/// is sent, as is a board prefix that is not 1 to 8 upper-case letters (A-Z, Å, Ä, Ö).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "samverkan/client/client.hpp"

namespace samverkan::client {

struct Meeting {
  long long id = 0;
  std::string board;      ///< the board's prefix, e.g. KS
  std::string date;       ///< YYYY-MM-DD
  std::string starts_at;  ///< HH:MM; empty when not set
  std::string place;
};

struct AgendaItem {
  long long id = 0;
  int ordinal = 0;                ///< 1, 2, ... on the agenda
  std::string kind;               ///< case or information
  std::string case_number;        ///< "KS 2026/12"; empty for an information item
  std::string heading;            ///< the case's public title (masked when the title is secret)
  std::string secrecy_reference;  ///< set for a secret item, e.g. "OSL 19 kap. 1 §"
};

struct AttendanceEntry {
  std::string user_id;
  std::string name;
  std::string kind;         ///< ordinary or substitute
  std::string presence;     ///< present, absent or serving
  std::string serving_for;  ///< serving: the ordinary member's user id
};

struct Attendance {
  std::vector<AttendanceEntry> entries;
  int seats = 0;        ///< ordinary members on the meeting day
  int voting = 0;       ///< ordinary members present and substitutes serving
  bool quorum = false;  ///< more than half of the seats
};

struct MinutesSigner {
  std::string user_id;
  std::string role;                      ///< chair or adjuster
  std::optional<std::string> signed_at;  ///< RFC 3339, UTC; none until they have signed
};

struct Minutes {
  long long id = 0;
  long long meeting = 0;
  std::string board;
  std::string kept_at;  ///< where the minutes are kept, e.g. "Kommunkansliet"
  std::string status;   ///< draft or adjusted (justerat: every signer has signed)
  std::vector<MinutesSigner> signers;
  std::optional<long long> notice;  ///< the notice on the notice board, once adjusted

  bool adjusted() const noexcept { return status == "adjusted"; }
};

struct ParagraphEntry {
  std::string kind;  ///< motion, reservation or protocol-note
  std::string user_id;
  std::string text;  ///< empty when the paragraph's texts are withheld
};

/// A substitute stepping in, in this paragraph only, for a member with a conflict of interest.
struct ParagraphSubstitute {
  std::string user_id;
  std::string serving_for;
};

/// An open vote as the meetings API gives it.
struct ParagraphVote {
  std::string yes_means;  ///< what ja means, e.g. "bifall"
  std::string no_means;
  int yes = 0;
  int no = 0;
  int abstain = 0;
  std::string result;                        ///< ja, nej or lika
  std::map<std::string, std::string> votes;  ///< user id -> ja, nej or avstar
};

struct Paragraph {
  long long id = 0;
  long long minutes = 0;
  std::string board;
  int year = 0;
  int number = 0;           ///< the § number, per board and year
  std::string case_number;  ///< empty for a paragraph without a case
  std::string heading;
  std::string secrecy_reference;  ///< set: the paragraph is secret
  std::string proposal;
  std::string procedure;  ///< propositionsordning
  std::string decision;
  bool immediately_adjusted = false;
  /// A secret paragraph read without the right to secret material (always so for an API
  /// client): proposal, procedure, decision, the vote's meanings and the entries' texts are empty.
  bool texts_withheld = false;
  std::vector<ParagraphEntry> entries;
  std::vector<std::string> conflicts_of_interest;  ///< user ids of members with jäv
  std::vector<ParagraphSubstitute> substitutes;
  std::optional<ParagraphVote> vote;
};

enum class DocumentFormat { kHtml, kPdf };

/// A document's bytes as the server sent them.
struct DocumentContent {
  std::string content_type;  ///< e.g. "application/pdf", "text/html; charset=utf-8"
  std::string content;
};

struct NoticeParagraph {
  int number = 0;
  std::string heading;
  std::string decision;           ///< empty for a secret paragraph
  std::string secrecy_reference;  ///< set for a secret paragraph, which shows nothing more
};

/// A notice (tillkännagivande) of adjusted minutes on the notice board.
struct Notice {
  long long id = 0;
  std::string board;
  std::string board_name;
  std::string meeting_date;
  std::string posted_on;        ///< YYYY-MM-DD
  std::string appeal_deadline;  ///< the last day to appeal (three weeks after posting)
  std::string remove_on;        ///< the day the notice is taken down
  std::string kept_at;
  std::string status;  ///< posted or archived
  std::vector<NoticeParagraph> paragraphs;
};

/// A meeting whose minutes are adjusted, from the open data's index.
struct PublishedMeeting {
  long long meeting_id = 0;
  long long minutes_id = 0;
  std::string board;
  std::string board_name;
  std::string meeting_date;
};

/// One voter's vote in the open data: by name, with the party taken from a trailing "(S)".
struct OpenDataVote {
  std::string name;
  std::string party;  ///< empty when the name carries none
  std::string vote;   ///< ja, nej or avstår
};

struct OpenDataVoteResult {
  std::string yes_means;
  std::string no_means;
  int yes = 0;
  int no = 0;
  int abstain = 0;
  std::string result;  ///< ja, nej or lika
  std::vector<OpenDataVote> votes;
};

struct OpenDataDecision {
  int paragraph = 0;  ///< the § number
  int year = 0;
  std::string case_number;
  std::string heading;
  std::string proposal;
  std::string decision;
  bool immediately_adjusted = false;
  std::optional<OpenDataVoteResult> vote;
};

/// The public paragraphs' decisions of a meeting with adjusted minutes.
struct MeetingDecisions {
  std::string municipality;  ///< kommunkod
  std::string board;
  std::string board_name;
  long long meeting_id = 0;
  std::string meeting_date;
  long long minutes_id = 0;
  std::vector<OpenDataDecision> decisions;
};

class Meetings {
 public:
  Meetings(Client& client, const std::string& kommunkod);

  // --- cases:read ---------------------------------------------------------------------------

  /// The board's meetings, by date. An unknown board is InvalidRequest.
  std::vector<Meeting> list(const std::string& board);
  Meeting get(long long meeting_id);
  std::vector<AgendaItem> agenda(long long meeting_id);
  Attendance attendance(long long meeting_id);
  /// The meeting's minutes; NotFound while it has none.
  Minutes minutes_of(long long meeting_id);
  /// Minutes with their signers (chair and adjusters) and whether they have signed.
  Minutes minutes(long long minutes_id);
  std::vector<Paragraph> paragraphs(long long minutes_id);
  Paragraph paragraph(long long paragraph_id);
  /// The full minutes as a document (draft or adjusted; secret paragraphs' texts withheld from
  /// an API client). Audited.
  DocumentContent document(long long minutes_id, DocumentFormat format = DocumentFormat::kHtml);
  /// One notice, posted or archived.
  Notice notice(long long notice_id);

  // --- public (no token) --------------------------------------------------------------------

  /// The public version of adjusted minutes; NotFound for a draft.
  DocumentContent public_document(long long minutes_id, DocumentFormat format = DocumentFormat::kHtml);
  /// The notices posted now.
  std::vector<Notice> notice_board();
  /// The meetings with adjusted minutes, newest first.
  std::vector<PublishedMeeting> published_meetings();
  /// The meeting's public decisions and votes; NotFound while its minutes are not adjusted.
  MeetingDecisions decisions(long long meeting_id);
  /// The same as CSV (meeting_date,board,paragraph,case_number,heading,decision,vote_result).
  std::string decisions_csv(long long meeting_id);
  /// One CSV row per vote in the public paragraphs (meeting_date,board,paragraph,case_number,name,party,vote).
  std::string votes_csv(long long meeting_id);

 private:
  Client& client_;
  std::string base_;
};

}  // namespace samverkan::client
