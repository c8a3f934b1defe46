#pragma once
/// Meetings (sammanträden), agendas (föredragningslistor), attendance and quorum, and the
/// minutes (protokoll): numbered paragraphs (§) with motions, votes, decisions, reservations,
/// protocol notes and conflicts of interest (jäv), and their adjustment (justering). Every
/// function runs in the caller's tenancy::Context and leaves the commit to the caller, except
/// a refused change of adjusted minutes (see kLockedRefusal).
///
/// Permissions: kMeetingManage (committee secretary) builds meetings and minutes, kMeetingRead
/// reads them (members read their board's material, secret items included), kMinutesSign
/// signs. A principal of another municipality gets NotFound.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/casehandling/board_members.hpp"
#include "samverkan/casehandling/case_number.hpp"
#include "samverkan/casehandling/notice_board.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::casehandling {

struct NewMeeting {
  std::string prefix;     ///< the board, "KS"
  std::string date;       ///< "YYYY-MM-DD"
  std::string starts_at;  ///< optional "HH:MM"
  std::string place;
};

struct Meeting {
  long long id = 0;
  std::string prefix;
  std::string date;
  std::string starts_at;
  std::string place;
};

enum class ItemKind { kCase, kInformation };
std::string_view to_string(ItemKind kind) noexcept;

struct AgendaItem {
  long long id = 0;
  int ordinal = 0;  ///< 1, 2, ... on the agenda
  ItemKind kind = ItemKind::kCase;
  std::optional<CaseNumber> case_number;
  std::string heading;            ///< the case's public title (masked when secret)
  std::string secrecy_reference;  ///< set for secret items
};

enum class Presence { kPresent, kAbsent, kServing };
std::string_view to_string(Presence presence) noexcept;
/// "present", "absent", "serving"; throws samverkan::InvalidInput.
Presence parse_presence(std::string_view text);

struct AttendanceInput {
  std::string user_id;
  Presence presence = Presence::kPresent;
  std::string serving_for;  ///< kServing: the ordinary member's user id
};

struct AttendanceEntry {
  std::string user_id;
  std::string name;
  MemberKind kind = MemberKind::kOrdinary;
  Presence presence = Presence::kPresent;
  std::string serving_for;
};

struct Attendance {
  std::vector<AttendanceEntry> entries;
  int seats = 0;        ///< ordinary members on the meeting day
  int voting = 0;       ///< ordinary members present + substitutes serving
  bool quorum = false;  ///< more than half of the seats (Kommunallagen 6 kap. 27 §)
};

/// Whether `voting` members of `seats` are a quorum: more than half.
bool has_quorum(int voting, int seats) noexcept;

enum class MinutesStatus { kDraft, kAdjusted };
std::string_view to_string(MinutesStatus status) noexcept;

struct Signer {
  std::string user_id;
  std::string role;  ///< "chair" or "adjuster"
  std::optional<Clock::TimePoint> signed_at;
  std::string signature;  ///< the recorded signature reference
};

struct MinutesInfo {
  long long id = 0;
  long long meeting_id = 0;
  std::string prefix;
  std::string kept_at;  ///< where the minutes are kept ("Kommunkansliet, Stadshuset")
  MinutesStatus status = MinutesStatus::kDraft;
  std::vector<Signer> signers;
  std::optional<long long> notice_id;  ///< once adjusted
};

enum class Vote { kYes, kNo, kAbstain };
/// "ja", "nej", "avstar"; parse_vote also takes "avstår".
std::string_view to_string(Vote vote) noexcept;
Vote parse_vote(std::string_view text);

struct VoteTally {
  int yes = 0;
  int no = 0;
  int abstain = 0;
  /// "ja" or "nej"; on a tie the chair's vote decides (utslagsröst); "lika" when the chair did
  /// not vote yes or no.
  std::string result;
};

struct ParagraphEntry {
  std::string kind;  ///< "motion", "reservation", "protocol-note"
  std::string user_id;
  std::string text;
};

struct Paragraph {
  long long id = 0;
  long long minutes_id = 0;
  std::string prefix;
  int year = 0;
  int number = 0;  ///< § number, per board and year
  std::optional<CaseNumber> case_number;
  std::string heading;
  std::string secrecy_reference;
  std::string proposal;
  std::string procedure;  ///< propositionsordning
  std::string decision;
  std::vector<ParagraphEntry> entries;
  std::vector<std::string> recused;  ///< jäv: user ids
  /// Substitutes stepping in for a member with jäv in this paragraph only: substitute's user id
  /// -> the recused member's user id.
  std::map<std::string, std::string> substitutes;
  std::map<std::string, Vote> votes;
  std::string vote_yes_means;
  std::string vote_no_means;
  std::optional<VoteTally> tally;
  bool immediately_adjusted = false;
  /// A secret paragraph read by someone not entitled to secret material: the texts (proposal,
  /// procedure, decision, what ja / nej meant, the entries' texts) are left empty.
  bool texts_withheld = false;
};

/// The texts of a paragraph; empty optionals leave a text unchanged.
struct ParagraphText {
  std::optional<std::string> heading;
  std::optional<std::string> secrecy_reference;
  std::optional<std::string> proposal;
  std::optional<std::string> procedure;
  std::optional<std::string> decision;
};

class MeetingService {
 public:
  /// The action audited (in a transaction of its own) when a change of adjusted minutes is refused.
  static constexpr std::string_view kLockedRefusal = "minutes.change-refused";

  /// Every argument must outlive the service.
  MeetingService(const BoardDirectory& boards, BoardMembers& members, NoticeBoard& notices)
      : boards_(boards), members_(members), notices_(notices) {}

  // --- meetings, agenda, attendance -------------------------------------------------------

  /// kMeetingManage. InvalidInput for an unknown board, a bad date, time or place.
  Meeting create_meeting(tenancy::Context& ctx, const NewMeeting& input);
  /// kMeetingRead. NotFound for an unknown id.
  Meeting meeting(tenancy::Context& ctx, long long meeting_id);
  /// A board's meetings by date (kMeetingRead).
  std::vector<Meeting> meetings(tenancy::Context& ctx, std::string_view prefix);

  /// Puts every case of the board's diary that is prepared for decision and not yet on an
  /// agenda onto this meeting's agenda, in registration order (kMeetingManage). Returns the agenda.
  std::vector<AgendaItem> build_agenda(tenancy::Context& ctx, long long meeting_id);
  /// Adds an information item (informationsärende) (kMeetingManage).
  AgendaItem add_information_item(tenancy::Context& ctx, long long meeting_id, std::string_view heading);
  /// kMeetingRead.
  std::vector<AgendaItem> agenda(tenancy::Context& ctx, long long meeting_id);

  /// Records attendance (kMeetingManage), replacing what was recorded. InvalidInput for a user
  /// who is not on the board on the meeting day, a listed user twice, a serving ordinary member
  /// or secretary, a substitute serving for someone who is not an absent ordinary member, two
  /// substitutes for one member.
  Attendance set_attendance(tenancy::Context& ctx, long long meeting_id, const std::vector<AttendanceInput>& input);
  /// Attendance and quorum (kMeetingRead). Members not recorded count as absent.
  Attendance attendance(tenancy::Context& ctx, long long meeting_id);

  // --- minutes ------------------------------------------------------------------------------

  /// Opens the minutes of a meeting (kMeetingManage): where they are kept and the adjusters
  /// (justerare) besides the chair, who signs too. InvalidInput when an adjuster is not a
  /// voting participant, or the board has no chair on the day; Conflict when they exist.
  MinutesInfo open_minutes(tenancy::Context& ctx, long long meeting_id, std::string_view kept_at,
                           const std::vector<std::string>& adjusters);
  /// kMeetingRead. NotFound for an unknown id.
  MinutesInfo minutes(tenancy::Context& ctx, long long minutes_id);
  /// The minutes of a meeting, if opened (kMeetingRead).
  std::optional<MinutesInfo> minutes_of(tenancy::Context& ctx, long long meeting_id);

  /// Adds the next paragraph (§), numbered per board and meeting year across meetings without
  /// gaps (kMeetingManage). agenda_item_id 0: a paragraph of its own with `heading` (e.g.
  /// "Val av justerare"); otherwise the item's case and heading. Needs a quorum.
  Paragraph add_paragraph(tenancy::Context& ctx, long long minutes_id, long long agenda_item_id,
                          std::string_view heading = {});
  /// kMeetingRead.
  Paragraph paragraph(tenancy::Context& ctx, long long paragraph_id);
  /// The paragraphs of the minutes in § order (kMeetingRead).
  std::vector<Paragraph> paragraphs(tenancy::Context& ctx, long long minutes_id);

  /// Changes the texts of a paragraph (kMeetingManage).
  Paragraph update_paragraph(tenancy::Context& ctx, long long paragraph_id, const ParagraphText& text);
  /// A motion (yrkande), reservation or protocol note by a voting participant (kMeetingManage).
  /// A recused member may do none of these.
  Paragraph add_entry(tenancy::Context& ctx, long long paragraph_id, std::string_view kind, std::string_view user_id,
                      std::string_view text);
  /// Records a conflict of interest (jäv): the member takes no part in the paragraph, cannot
  /// vote and does not count towards its quorum (kMeetingManage). When the member is a voting
  /// participant, the first substitute present and not serving (in the board's order of
  /// substitutes, BoardMembers::composition) steps in for this paragraph only: votes, may make
  /// entries and counts for its quorum (Paragraph::substitutes). A substitute stepping in who
  /// has jäv is replaced by the next one. Conflict when they are recorded already or the
  /// paragraph has a vote.
  Paragraph declare_conflict(tenancy::Context& ctx, long long paragraph_id, std::string_view user_id);
  /// Records an open vote (kMeetingManage): every voting participant of the paragraph (the
  /// meeting's, without the recused members, with the substitutes stepping in) votes exactly
  /// once; InvalidInput for a missing, extra or recused voter; Conflict when the paragraph
  /// lacks a quorum or has a vote already.
  Paragraph record_vote(tenancy::Context& ctx, long long paragraph_id, const std::map<std::string, Vote>& votes,
                        std::string_view yes_means, std::string_view no_means);
  /// Marks the paragraph as adjusted at once (omedelbar justering): it is locked from now on
  /// (kMeetingManage).
  Paragraph adjust_immediately(tenancy::Context& ctx, long long paragraph_id);

  /// The signer (the principal, kMinutesSign, who must be the chair or an adjuster) signs with
  /// `signature` (the signature reference: a BankID completion or a staff signature record).
  /// When the last one signs, the minutes are adjusted and locked and a notice is posted on the
  /// notice board (with its removal job) in the same transaction. Forbidden for someone who is
  /// not a signer; Conflict when they have signed already.
  MinutesInfo sign(tenancy::Context& ctx, long long minutes_id, std::string_view signature);

 private:
  Meeting load_meeting(tenancy::Context& ctx, long long meeting_id);
  MinutesInfo load_minutes(tenancy::Context& ctx, long long minutes_id);
  Paragraph load_paragraph(tenancy::Context& ctx, long long paragraph_id);
  Attendance compute_attendance(tenancy::Context& ctx, const Meeting& meeting);
  /// Locks the paragraph's minutes row; throws Conflict after auditing when locked.
  long long lock_for_change(tenancy::Context& ctx, long long paragraph_id, std::string_view action);
  void refuse_locked(tenancy::Context& ctx, std::string_view object_type, long long id, std::string_view action);
  /// Locks minutes still in draft; NotFound for unknown ones, refuse_locked for adjusted ones.
  void lock_minutes_for_change(tenancy::Context& ctx, long long minutes_id, std::string_view action);
  /// The shape of every paragraph change: meeting.manage required, the minutes locked
  /// (lock_for_change), `change` run with the minutes id and returning the audit detail, the
  /// change audited as `action`; returns the paragraph as the principal may see it.
  Paragraph change_paragraph(tenancy::Context& ctx, long long paragraph_id, std::string_view action,
                             const std::function<std::string(long long minutes_id)>& change);

  const BoardDirectory& boards_;
  BoardMembers& members_;
  NoticeBoard& notices_;
};

}  // namespace samverkan::casehandling
