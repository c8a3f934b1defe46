#pragma once
/// Handler work on errands: assignment to a handler, internal notes, and two-way messages with
/// the citizen who submitted the errand (the citizen reads and replies on Mina sidor).
///
///   eservices::ErrandWork work(submissions, keyring);
///   tenancy::Context ctx(db, handler, member, clock, &audit);
///   work.assign(ctx, "ET-2026-000042", "anna.handlaggare");
///   work.post_message(ctx, "ET-2026-000042", "Skicka gärna en bild på skadan.");
///   ctx.commit();
///
/// Staff calls need security::Permission::kErrandRead (reading) or kErrandHandle (changing); an
/// outsider gets NotFound, exactly as for an errand that does not exist. Citizen calls
/// (own_errand, reply) see only errands the citizen submitted while logged in (NotFound for any
/// other) and never the internal notes. Note and message texts are personal data: they are
/// stored encrypted (crypto::encrypt, associated data binding each to its municipality,
/// errand and id). Every change is kept in the errand's history and every change and read is
/// audited in the caller's transaction; the caller commits.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::eservices {

/// The longest note or message, in bytes of UTF-8.
inline constexpr std::size_t kMaxMessageBytes = 10000;

/// Why a note or message text is refused.
enum class MessageProblem {
  kEmpty,    ///< nothing but white space
  kTooLong,  ///< over kMaxMessageBytes
  kNotText,  ///< not UTF-8, or control characters other than tab and line breaks
};

/// The problem with a note or message text, if any (the same check the service makes).
std::optional<MessageProblem> message_problem(std::string_view body);

/// Who wrote a message.
enum class MessageDirection { kToCitizen, kFromCitizen };

/// "to-citizen", "from-citizen".
std::string_view to_string(MessageDirection direction) noexcept;

/// A message between the municipality and the citizen.
struct ErrandMessage {
  std::string id;  ///< 32 hex digits, unique in the municipality
  Clock::TimePoint at;
  MessageDirection direction = MessageDirection::kToCitizen;
  std::string author;  ///< the staff principal's id ("staff:<user>", "client:<id>") or "citizen"
  std::string body;
};

/// An internal note: seen by the municipality's staff only, never by the citizen.
struct ErrandNote {
  std::string id;  ///< 32 hex digits
  Clock::TimePoint at;
  std::string author;  ///< "staff:<user>" or "client:<id>"
  std::string body;
};

/// An inbox row: the errand and the handler it is assigned to.
struct InboxErrand {
  ErrandSummary summary;
  std::optional<std::string> assigned_to;  ///< the handler's user id (HSA-id, else user name)
  Clock::TimePoint submitted_at;
};

/// How long the municipality takes to handle an errand when nothing says otherwise: an errand
/// still received or in progress this long after its submission is overdue (InboxFilter::overdue).
/// Neither an e-service definition nor the cooperation file names a handling time yet.
inline constexpr std::chrono::days kDefaultHandlingTime{14};

/// Which errands the inbox lists.
struct InboxFilter {
  enum class Assignment {
    kAny,         ///< every errand
    kMine,        ///< assigned to the calling staff user ("my errands")
    kUnassigned,  ///< assigned to nobody
    kHandler,     ///< assigned to `handler`
  };
  std::optional<ErrandStatus> status;
  Assignment assignment = Assignment::kAny;
  std::string handler;     ///< for kHandler: user id (HSA-id, else user name)
  std::string service_id;  ///< only errands of this e-service; empty: every e-service
  /// Only overdue errands: received or in progress (the municipality's turn; not waiting for
  /// the citizen, decided or closed) and submitted more than `handling_time` before now.
  bool overdue = false;
  std::chrono::days handling_time = kDefaultHandlingTime;  ///< for `overdue`; at least one day
  bool oldest_first = false;                               ///< by submission: oldest first instead of newest first
  std::size_t limit = 0;                                   ///< at most this many rows; 0: all
  std::size_t offset = 0;                                  ///< rows skipped before the first one returned (paging)
};

/// One entry of an errand's full history, oldest first.
struct ErrandHistoryEntry {
  enum class Kind {
    kSubmitted,
    kStatus,
    kAssigned,
    kUnassigned,
    kNote,
    kMessageToCitizen,
    kMessageFromCitizen,
    kRecorded,  ///< something else the platform did, e.g. registered the case (detail says what)
  };
  Kind kind = Kind::kSubmitted;
  Clock::TimePoint at;
  std::string actor;                        ///< as ErrandEvent::actor; "citizen" for a reply
  std::optional<ErrandStatus> from_status;  ///< kStatus only
  std::optional<ErrandStatus> to_status;    ///< kSubmitted and kStatus
  std::string detail;  ///< kAssigned: the handler; kNote/kMessage*: the note's or message's id; kRecorded: what
};

/// "submitted", "status", "assigned", "unassigned", "note", "message-to-citizen",
/// "message-from-citizen", "recorded".
std::string_view to_string(ErrandHistoryEntry::Kind kind) noexcept;

/// Everything a handler's errand page shows, read in one call (ErrandWork::case_file).
struct ErrandCaseFile {
  Errand errand;                            ///< summary, answers and attachments
  Definition definition;                    ///< the version the citizen answered: labels and options
  LocalizedText title;                      ///< the service's, as Catalogue::title_of gives it
  std::optional<std::string> assigned_to;   ///< the handler's user id
  std::vector<ErrandHistoryEntry> history;  ///< oldest first
  std::vector<ErrandNote> notes;            ///< oldest first
  std::vector<ErrandMessage> messages;      ///< oldest first
};

/// A citizen's own errand as Mina sidor shows it: no answers, no notes.
struct OwnErrand {
  std::string reference;
  std::string service_id;
  int version = 0;
  ErrandStatus status = ErrandStatus::kReceived;
  Clock::TimePoint submitted_at;
  std::vector<ErrandMessage> messages;  ///< oldest first
  LocalizedText title = {};             ///< the service's, as Catalogue::title_of gives it
};

/// One of a citizen's errands in their list on Mina sidor.
struct OwnErrandSummary {
  std::string reference;
  std::string service_id;
  int version = 0;
  ErrandStatus status = ErrandStatus::kReceived;
  Clock::TimePoint submitted_at;
  LocalizedText title;  ///< the service's, as Catalogue::title_of gives it
};

class ErrandWork {
 public:
  /// `submissions` and `keyring` must outlive this object.
  ErrandWork(Submissions& submissions, const crypto::Keyring& keyring);

  /// The municipality's errands, newest first (or oldest first), filtered and paged. Requires
  /// kErrandRead; audited as "errand.list". kMine needs a staff principal (InvalidInput for an
  /// API client); an overdue filter with a handling time under one day is InvalidInput.
  std::vector<InboxErrand> inbox(tenancy::Context& ctx, const InboxFilter& filter);

  /// The handler an errand is assigned to, if any. Requires kErrandRead; NotFound for an
  /// unknown errand. Not audited (no personal data).
  std::optional<std::string> assignee(tenancy::Context& ctx, std::string_view reference);

  /// Assigns the errand to `handler` (user name or HSA-id of a staff user holding the
  /// case-handler role in this municipality) and returns the handler's user id (HSA-id, else
  /// user name). Requires kErrandHandle. Throws NotFound for an unknown errand, InvalidInput
  /// for someone who is not a handler here, Conflict for a closed errand.
  std::string assign(tenancy::Context& ctx, std::string_view reference, std::string_view handler);

  /// Removes the assignment (no-op, but still audited, when there is none). Requires
  /// kErrandHandle; NotFound for an unknown errand.
  void unassign(tenancy::Context& ctx, std::string_view reference);

  /// Adds an internal note. Requires kErrandHandle; InvalidInput for a bad text (see
  /// message_problem); NotFound for an unknown errand.
  ErrandNote add_note(tenancy::Context& ctx, std::string_view reference, std::string_view body);

  /// The errand's internal notes, oldest first. Requires kErrandRead; audited.
  std::vector<ErrandNote> notes(tenancy::Context& ctx, std::string_view reference);

  /// Sends a message to the citizen, who reads it on Mina sidor. Requires kErrandHandle;
  /// InvalidInput for a bad text; NotFound for an unknown errand; Conflict for an errand sent
  /// in anonymously (nobody could read it) or closed.
  ErrandMessage post_message(tenancy::Context& ctx, std::string_view reference, std::string_view body);

  /// All messages of the errand both ways, oldest first. Requires kErrandRead; audited.
  std::vector<ErrandMessage> messages(tenancy::Context& ctx, std::string_view reference);

  /// The errand's history: submission, status changes, assignments, notes and messages (the
  /// texts are not in it), oldest first. Requires kErrandRead; audited.
  std::vector<ErrandHistoryEntry> history(tenancy::Context& ctx, std::string_view reference);

  /// An errand with everything a handler sees of it: answers and attachments, the definition
  /// answered, the assignee, history, notes and messages. Requires kErrandRead (an outsider gets
  /// NotFound, as for an unknown errand); each part's read is audited as its own call's is.
  ErrandCaseFile case_file(tenancy::Context& ctx, std::string_view reference);

  /// The logged-in citizen's own errands here, newest first, with their services' titles.
  /// NotFound for a principal that is not a citizen; audited as "errand.list-own".
  std::vector<OwnErrandSummary> own_errands(tenancy::Context& ctx);

  /// The logged-in citizen's own errand with its messages. NotFound for anyone else's errand,
  /// an unknown one, or a principal that is not a citizen; audited as "errand.read-own" (for
  /// another citizen's errand of this municipality, as a refusal).
  OwnErrand own_errand(tenancy::Context& ctx, std::string_view reference);

  /// The citizen's reply on their own errand. NotFound as own_errand (another citizen's errand:
  /// the refusal audited as "errand.message.reply"); InvalidInput for a bad text; Conflict for
  /// a closed errand.
  ErrandMessage reply(tenancy::Context& ctx, std::string_view reference, std::string_view body);

 private:
  struct ErrandRow {
    ErrandStatus status = ErrandStatus::kReceived;
    bool has_citizen = false;
  };
  ErrandRow existing(tenancy::Context& ctx, const std::string& reference);
  void record(tenancy::Context& ctx, const std::string& reference, std::string_view kind, const std::string& detail,
              const std::string& actor);
  ErrandMessage store_message(tenancy::Context& ctx, const std::string& reference, MessageDirection direction,
                              const std::string& author, std::string_view body);
  std::vector<ErrandMessage> read_messages(tenancy::Context& ctx, const std::string& reference);

  Submissions& submissions_;
  const crypto::Keyring& keyring_;
};

}  // namespace samverkan::eservices
