#include "samverkan/eservices/errand_work.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <utility>

#include "detail/citizen_errand.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/core/text.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/eservices/citizen_notices.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::eservices {
namespace {

using detail::citizen_principal;

using security::Permission;
using Kind = ErrandHistoryEntry::Kind;

using storage::database_failure;

ErrandStatus status_from(const std::string& text) {
  for (const auto status : {ErrandStatus::kReceived, ErrandStatus::kInProgress, ErrandStatus::kWaitingForCitizen,
                            ErrandStatus::kDecided, ErrandStatus::kClosed}) {
    if (to_string(status) == text) return status;
  }
  throw InternalError("unknown errand status '" + text + "' in the database");
}

// 128 random bits as 32 hex digits: the id of a note or message, known before the insert so
// that the ciphertext can be bound to it.
// Who the errand is assigned to, if anyone; NotFound when there is no such errand here.
std::optional<std::string> assigned_to(tenancy::Context& ctx, const std::string& ref) {
  std::string handler;
  soci::indicator handler_indicator = soci::i_null;
  int found = 0;
  try {
    ctx.sql().exec("SELECT 1, assigned_to FROM eservice_errand WHERE {{tenant}} AND reference = :reference",
                   soci::use(ref, "reference"), soci::into(found), soci::into(handler, handler_indicator));
  } catch (const soci::soci_error& e) {
    database_failure("reading an errand's assignment", e);
  }
  if (found != 1) throw NotFound("no such errand");
  if (handler_indicator != soci::i_ok) return std::nullopt;
  return handler;
}

std::string random_id() { return crypto::random_hex(16); }

void check_body(std::string_view body) {
  if (const auto problem = message_problem(body)) {
    switch (*problem) {
      case MessageProblem::kEmpty:
        throw InvalidInput("the text is empty");
      case MessageProblem::kTooLong:
        throw InvalidInput("the text is longer than " + std::to_string(kMaxMessageBytes) + " bytes");
      case MessageProblem::kNotText:
        throw InvalidInput("the text must be UTF-8 without control characters");
    }
  }
}

std::string_view without_prefix(const std::string& principal_id) {
  constexpr std::string_view kStaff = "staff:";
  std::string_view id(principal_id);
  if (id.substr(0, kStaff.size()) == kStaff) id.remove_prefix(kStaff.size());
  return id;
}

std::optional<Kind> activity_kind(const std::string& text) {
  for (const auto kind :
       {Kind::kAssigned, Kind::kUnassigned, Kind::kNote, Kind::kMessageToCitizen, Kind::kMessageFromCitizen}) {
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

}  // namespace

std::optional<MessageProblem> message_problem(std::string_view body) {
  if (body.size() > kMaxMessageBytes) return MessageProblem::kTooLong;
  if (!text::is_valid_utf8(body)) return MessageProblem::kNotText;
  for (const char c : body) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f) return MessageProblem::kNotText;
  }
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return MessageProblem::kEmpty;
  return std::nullopt;
}

std::string_view to_string(MessageDirection direction) noexcept {
  return direction == MessageDirection::kToCitizen ? "to-citizen" : "from-citizen";
}

std::string_view to_string(ErrandHistoryEntry::Kind kind) noexcept {
  switch (kind) {
    case Kind::kSubmitted:
      return "submitted";
    case Kind::kStatus:
      return "status";
    case Kind::kAssigned:
      return "assigned";
    case Kind::kUnassigned:
      return "unassigned";
    case Kind::kNote:
      return "note";
    case Kind::kMessageToCitizen:
      return "message-to-citizen";
    case Kind::kMessageFromCitizen:
      return "message-from-citizen";
    case Kind::kRecorded:
      return "recorded";
  }
  return "status";
}

ErrandWork::ErrandWork(Submissions& submissions, const crypto::Keyring& keyring)
    : submissions_(submissions), keyring_(keyring) {}

ErrandWork::ErrandRow ErrandWork::existing(tenancy::Context& ctx, const std::string& reference) {
  std::string status;
  soci::indicator status_indicator = soci::i_null;
  std::string citizen;
  soci::indicator citizen_indicator = soci::i_null;
  try {
    ctx.sql().exec("SELECT status, citizen FROM eservice_errand WHERE {{tenant}} AND reference = :reference",
                   soci::use(reference, "reference"), soci::into(status, status_indicator),
                   soci::into(citizen, citizen_indicator));
  } catch (const soci::soci_error& e) {
    database_failure("reading an errand", e);
  }
  if (status_indicator != soci::i_ok) throw NotFound("no such errand");
  return ErrandRow{status_from(status), citizen_indicator == soci::i_ok};
}

void ErrandWork::record(tenancy::Context& ctx, const std::string& reference, std::string_view kind,
                        const std::string& detail, const std::string& actor) {
  const std::string at = storage::format_time(ctx.now());
  const std::string kind_text(kind);
  try {
    ctx.sql().exec(
        "INSERT INTO eservice_errand_activity (municipality, reference, at, actor, kind, detail) "
        "VALUES (:tenant, :reference, :at, :actor, :kind, :detail)",
        soci::use(reference, "reference"), soci::use(at, "at"), soci::use(actor, "actor"), soci::use(kind_text, "kind"),
        soci::use(detail, "detail"));
  } catch (const soci::soci_error& e) {
    database_failure("recording an errand's history", e);
  }
}

std::vector<InboxErrand> ErrandWork::inbox(tenancy::Context& ctx, const InboxFilter& filter) {
  ctx.require(Permission::kErrandRead, {"errand.list", "errand", ""});
  std::string handler;
  std::string assignment = "any";
  switch (filter.assignment) {
    case InboxFilter::Assignment::kAny:
      break;
    case InboxFilter::Assignment::kMine:
      if (ctx.principal().kind() != security::PrincipalKind::kStaff) {
        throw InvalidInput("\"my errands\" needs a staff user; an API client has no errands of its own");
      }
      assignment = "handler";
      handler = std::string(without_prefix(ctx.principal().id()));
      break;
    case InboxFilter::Assignment::kUnassigned:
      assignment = "none";
      break;
    case InboxFilter::Assignment::kHandler:
      assignment = "handler";
      handler = filter.handler;
      break;
  }
  const std::string wanted = filter.status ? std::string(to_string(*filter.status)) : std::string();
  if (filter.overdue && filter.handling_time < std::chrono::days{1}) {
    throw InvalidInput("the handling time of the overdue filter is at least one day");
  }
  const int overdue = filter.overdue ? 1 : 0;
  // Submitted before this instant and still the municipality's turn: overdue. Both databases
  // compare the bound text correctly (timestamptz; SQLite's one fixed-width ISO-8601 format).
  const std::string due_before = storage::format_time(ctx.now() - filter.handling_time);
  const std::string received(to_string(ErrandStatus::kReceived));
  const std::string in_progress(to_string(ErrandStatus::kInProgress));
  const int oldest = filter.oldest_first ? 1 : 0;
  // No limit is every row; a bound number keeps the statement's text the same either way.
  const long long limit =
      filter.limit == 0 ? std::numeric_limits<long long>::max() : static_cast<long long>(filter.limit);
  const auto offset = static_cast<long long>(filter.offset);
  std::vector<InboxErrand> result;
  try {
    const auto rows = ctx.sql().rows(
        "SELECT reference, service_id, version, status, handling_unit, assigned_to, submitted_at, case_number "
        "FROM eservice_errand WHERE {{tenant}} AND (:status = '' OR status = :status2) "
        "AND (:assignment = 'any' OR (:assignment2 = 'none' AND assigned_to IS NULL) "
        "OR (:assignment3 = 'handler' AND assigned_to = :handler)) "
        "AND (:service = '' OR service_id = :service2) "
        "AND (:overdue = 0 OR (status IN (:received, :in_progress) AND submitted_at < :due_before)) "
        "ORDER BY CASE WHEN :oldest = 1 THEN id ELSE -id END LIMIT :limit OFFSET :offset",
        soci::use(wanted, "status"), soci::use(wanted, "status2"), soci::use(assignment, "assignment"),
        soci::use(assignment, "assignment2"), soci::use(assignment, "assignment3"), soci::use(handler, "handler"),
        soci::use(filter.service_id, "service"), soci::use(filter.service_id, "service2"),
        soci::use(overdue, "overdue"), soci::use(received, "received"), soci::use(in_progress, "in_progress"),
        soci::use(due_before, "due_before"), soci::use(oldest, "oldest"), soci::use(limit, "limit"),
        soci::use(offset, "offset"));
    for (const auto& row : rows) {
      result.push_back(InboxErrand{ErrandSummary{storage::row_text(row, 0), storage::row_text(row, 1),
                                                 storage::row_int<int>(row, 2), status_from(storage::row_text(row, 3)),
                                                 storage::row_text(row, 4), storage::row_optional_text(row, 7)},
                                   storage::row_optional_text(row, 5), storage::row_time(row, 6)});
    }
  } catch (const soci::soci_error& e) {
    database_failure("listing errands", e);
  }
  std::string detail = wanted.empty() ? "all" : "status " + wanted;
  if (assignment != "any") detail += assignment == "none" ? ", unassigned" : ", assigned to " + handler;
  if (!filter.service_id.empty()) detail += ", e-service " + filter.service_id;
  if (filter.overdue) detail += ", overdue after " + std::to_string(filter.handling_time.count()) + " days";
  ctx.audit({"errand.list", "errand", "", detail});
  return result;
}

std::optional<std::string> ErrandWork::assignee(tenancy::Context& ctx, std::string_view reference) {
  const std::string ref(reference);
  ctx.require(Permission::kErrandRead, {"errand.read", "errand", ref});
  return assigned_to(ctx, ref);
}

std::string ErrandWork::assign(tenancy::Context& ctx, std::string_view reference, std::string_view handler) {
  const std::string ref(reference);
  ctx.require(Permission::kErrandHandle, {"errand.assign", "errand", ref});
  const ErrandRow row = existing(ctx, ref);
  if (row.status == ErrandStatus::kClosed) throw Conflict("errand " + ref + " is closed");
  const std::string wanted(handler);
  const std::string role(security::to_string(security::Role::kCaseHandler));
  std::string user_id;
  soci::indicator user_indicator = soci::i_null;
  try {
    // Staff users are cooperation-wide; the role row names the municipality, so the handler
    // must be a case handler here, not only somewhere in the cooperation.
    ctx.sql().exec(
        "SELECT COALESCE(u.hsa_id, u.username) FROM staff_user u JOIN staff_role r ON r.staff_user = u.id "
        "WHERE r.municipality = :tenant AND r.role = :role AND (u.username = :name OR u.hsa_id = :hsa)",
        soci::use(role, "role"), soci::use(wanted, "name"), soci::use(wanted, "hsa"),
        soci::into(user_id, user_indicator));
  } catch (const soci::soci_error& e) {
    database_failure("looking up a handler", e);
  }
  if (user_indicator != soci::i_ok) {
    throw InvalidInput("'" + wanted.substr(0, 64) + "' is not a case handler in this municipality");
  }
  try {
    ctx.sql().exec("UPDATE eservice_errand SET assigned_to = :handler WHERE {{tenant}} AND reference = :reference",
                   soci::use(user_id, "handler"), soci::use(ref, "reference"));
  } catch (const soci::soci_error& e) {
    database_failure("assigning an errand", e);
  }
  record(ctx, ref, to_string(Kind::kAssigned), user_id, ctx.principal().id());
  ctx.audit({"errand.assign", "errand", ref, "to " + user_id});
  return user_id;
}

void ErrandWork::unassign(tenancy::Context& ctx, std::string_view reference) {
  const std::string ref(reference);
  ctx.require(Permission::kErrandHandle, {"errand.unassign", "errand", ref});
  const std::optional<std::string> current = assigned_to(ctx, ref);
  if (current) {
    try {
      ctx.sql().exec("UPDATE eservice_errand SET assigned_to = NULL WHERE {{tenant}} AND reference = :reference",
                     soci::use(ref, "reference"));
    } catch (const soci::soci_error& e) {
      database_failure("unassigning an errand", e);
    }
    record(ctx, ref, to_string(Kind::kUnassigned), *current, ctx.principal().id());
  }
  ctx.audit({"errand.unassign", "errand", ref, current ? "was " + *current : "was unassigned"});
}

ErrandNote ErrandWork::add_note(tenancy::Context& ctx, std::string_view reference, std::string_view body) {
  const std::string ref(reference);
  ctx.require(Permission::kErrandHandle, {"errand.note.add", "errand", ref});
  check_body(body);
  existing(ctx, ref);
  ErrandNote note{random_id(), ctx.now(), ctx.principal().id(), std::string(body)};
  const std::string token = crypto::encrypt(
      keyring_, note.body,
      crypto::associated_data("eservice_errand_note", "body", {ctx.municipality().str(), ref, note.id}));
  const std::string at = storage::format_time(note.at);
  try {
    ctx.sql().exec(
        "INSERT INTO eservice_errand_note (municipality, reference, note_id, author, body, created_at) "
        "VALUES (:tenant, :reference, :id, :author, :body, :at)",
        soci::use(ref, "reference"), soci::use(note.id, "id"), soci::use(note.author, "author"),
        soci::use(token, "body"), soci::use(at, "at"));
  } catch (const soci::soci_error& e) {
    database_failure("adding a note", e);
  }
  record(ctx, ref, to_string(Kind::kNote), note.id, note.author);
  ctx.audit({"errand.note.add", "errand", ref, "note " + note.id});
  return note;
}

std::vector<ErrandNote> ErrandWork::notes(tenancy::Context& ctx, std::string_view reference) {
  const std::string ref(reference);
  ctx.require(Permission::kErrandRead, {"errand.note.read", "errand", ref});
  existing(ctx, ref);
  std::vector<ErrandNote> result;
  try {
    const auto rows = ctx.sql().rows(
        "SELECT note_id, created_at, author, body FROM eservice_errand_note WHERE {{tenant}} "
        "AND reference = :reference ORDER BY id",
        soci::use(ref, "reference"));
    for (const auto& row : rows) {
      const std::string id = storage::row_text(row, 0);
      result.push_back(ErrandNote{id, storage::row_time(row, 1), storage::row_text(row, 2),
                                  crypto::decrypt(keyring_, storage::row_text(row, 3),
                                                  crypto::associated_data("eservice_errand_note", "body",
                                                                          {ctx.municipality().str(), ref, id}))});
    }
  } catch (const soci::soci_error& e) {
    database_failure("reading notes", e);
  }
  ctx.audit({"errand.note.read", "errand", ref, std::to_string(result.size()) + " notes"});
  return result;
}

ErrandMessage ErrandWork::store_message(tenancy::Context& ctx, const std::string& reference, MessageDirection direction,
                                        const std::string& author, std::string_view body) {
  ErrandMessage message{random_id(), ctx.now(), direction, author, std::string(body)};
  const std::string token = crypto::encrypt(
      keyring_, message.body,
      crypto::associated_data("eservice_errand_message", "body", {ctx.municipality().str(), reference, message.id}));
  const std::string at = storage::format_time(message.at);
  const std::string direction_text(to_string(direction));
  try {
    ctx.sql().exec(
        "INSERT INTO eservice_errand_message (municipality, reference, message_id, direction, author, body, "
        "created_at) VALUES (:tenant, :reference, :id, :direction, :author, :body, :at)",
        soci::use(reference, "reference"), soci::use(message.id, "id"), soci::use(direction_text, "direction"),
        soci::use(message.author, "author"), soci::use(token, "body"), soci::use(at, "at"));
  } catch (const soci::soci_error& e) {
    database_failure("storing a message", e);
  }
  record(ctx, reference,
         to_string(direction == MessageDirection::kToCitizen ? Kind::kMessageToCitizen : Kind::kMessageFromCitizen),
         message.id, author);
  return message;
}

std::vector<ErrandMessage> ErrandWork::read_messages(tenancy::Context& ctx, const std::string& reference) {
  std::vector<ErrandMessage> result;
  try {
    const auto rows = ctx.sql().rows(
        "SELECT message_id, created_at, direction, author, body FROM eservice_errand_message WHERE {{tenant}} "
        "AND reference = :reference ORDER BY id",
        soci::use(reference, "reference"));
    for (const auto& row : rows) {
      const std::string id = storage::row_text(row, 0);
      result.push_back(ErrandMessage{
          id, storage::row_time(row, 1),
          storage::row_text(row, 2) == "from-citizen" ? MessageDirection::kFromCitizen : MessageDirection::kToCitizen,
          storage::row_text(row, 3),
          crypto::decrypt(
              keyring_, storage::row_text(row, 4),
              crypto::associated_data("eservice_errand_message", "body", {ctx.municipality().str(), reference, id}))});
    }
  } catch (const soci::soci_error& e) {
    database_failure("reading messages", e);
  }
  return result;
}

ErrandMessage ErrandWork::post_message(tenancy::Context& ctx, std::string_view reference, std::string_view body) {
  const std::string ref(reference);
  ctx.require(Permission::kErrandHandle, {"errand.message.send", "errand", ref});
  check_body(body);
  const ErrandRow row = existing(ctx, ref);
  if (!row.has_citizen) {
    throw Conflict("errand " + ref + " was sent in without login: there is nobody to read a message");
  }
  if (row.status == ErrandStatus::kClosed) throw Conflict("errand " + ref + " is closed");
  auto message = store_message(ctx, ref, MessageDirection::kToCitizen, ctx.principal().id(), body);
  ctx.audit({"errand.message.send", "errand", ref, "message " + message.id});
  enqueue_citizen_notice(ctx, ref, NoticeEvent::kMessage, message.id);
  return message;
}

std::vector<ErrandMessage> ErrandWork::messages(tenancy::Context& ctx, std::string_view reference) {
  const std::string ref(reference);
  ctx.require(Permission::kErrandRead, {"errand.message.read", "errand", ref});
  existing(ctx, ref);
  auto result = read_messages(ctx, ref);
  ctx.audit({"errand.message.read", "errand", ref, std::to_string(result.size()) + " messages"});
  return result;
}

std::vector<ErrandHistoryEntry> ErrandWork::history(tenancy::Context& ctx, std::string_view reference) {
  const std::string ref(reference);
  // Requires kErrandRead, audits the read and throws NotFound for an unknown errand.
  const auto events = submissions_.history(ctx, ref);
  std::vector<ErrandHistoryEntry> entries;
  for (const auto& event : events) {
    if (!event.note.empty() && event.from_status == event.to_status) {
      // Not a status change: something the platform recorded (e.g. the case's diary number).
      entries.push_back(
          ErrandHistoryEntry{Kind::kRecorded, event.at, event.actor, std::nullopt, std::nullopt, event.note});
      continue;
    }
    entries.push_back(ErrandHistoryEntry{event.from_status ? Kind::kStatus : Kind::kSubmitted,
                                         event.at,
                                         event.actor,
                                         event.from_status,
                                         event.to_status,
                                         {}});
  }
  try {
    const auto rows = ctx.sql().rows(
        "SELECT at, actor, kind, detail FROM eservice_errand_activity WHERE {{tenant}} AND reference = :reference "
        "ORDER BY id",
        soci::use(ref, "reference"));
    for (const auto& row : rows) {
      const auto kind = activity_kind(storage::row_text(row, 2));
      if (!kind) throw InternalError("unknown errand activity in the database");
      entries.push_back(ErrandHistoryEntry{*kind, storage::row_time(row, 0), storage::row_text(row, 1), std::nullopt,
                                           std::nullopt, storage::row_text(row, 3)});
    }
  } catch (const soci::soci_error& e) {
    database_failure("reading an errand's history", e);
  }
  // Each table is in order already; a stable sort by time keeps that order among equal times.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const ErrandHistoryEntry& a, const ErrandHistoryEntry& b) { return a.at < b.at; });
  return entries;
}

ErrandCaseFile ErrandWork::case_file(tenancy::Context& ctx, std::string_view reference) {
  // errand() checks kErrandRead first and answers NotFound for an outsider or unknown errand.
  auto errand = submissions_.errand(ctx, reference);
  const auto& summary = errand.summary;
  auto definition = submissions_.catalogue().definition(ctx, summary.service_id, summary.version);
  auto title = submissions_.catalogue().title_of(ctx, summary.service_id, summary.version);
  auto assigned = assigned_to(ctx, summary.reference);
  auto entries = history(ctx, reference);
  auto note_list = notes(ctx, reference);
  auto message_list = messages(ctx, reference);
  return ErrandCaseFile{std::move(errand),  std::move(definition), std::move(title),       std::move(assigned),
                        std::move(entries), std::move(note_list),  std::move(message_list)};
}

std::vector<OwnErrandSummary> ErrandWork::own_errands(tenancy::Context& ctx) {
  if (!citizen_principal(ctx)) throw NotFound("no such errand");
  const std::string citizen = keyring_.blind_index("eservice.citizen", ctx.principal().personnummer()->digits());
  std::vector<OwnErrandSummary> own;
  try {
    for (const auto& row :
         ctx.sql().rows("SELECT reference, service_id, version, status, submitted_at FROM eservice_errand "
                        "WHERE {{tenant}} AND citizen = :citizen ORDER BY submitted_at DESC, reference DESC",
                        soci::use(citizen, "citizen"))) {
      own.push_back(OwnErrandSummary{storage::row_text(row, 0),
                                     storage::row_text(row, 1),
                                     storage::row_int<int>(row, 2),
                                     status_from(storage::row_text(row, 3)),
                                     storage::row_time(row, 4),
                                     {}});
    }
  } catch (const soci::soci_error& e) {
    database_failure("reading the citizen's errands", e);
  }
  // One catalogue look-up per service and version, however many errands use it.
  std::map<std::pair<std::string, int>, LocalizedText> titles;
  for (auto& errand : own) {
    const auto key = std::make_pair(errand.service_id, errand.version);
    auto found = titles.find(key);
    if (found == titles.end()) {
      found = titles.emplace(key, submissions_.catalogue().title_of(ctx, errand.service_id, errand.version)).first;
    }
    errand.title = found->second;
  }
  ctx.audit({"errand.list-own", "errand", "", std::to_string(own.size()) + " errands"});
  return own;
}

OwnErrand ErrandWork::own_errand(tenancy::Context& ctx, std::string_view reference) {
  if (!citizen_principal(ctx)) throw NotFound("no such errand");
  const std::string ref(reference);
  const std::string citizen = keyring_.blind_index("eservice.citizen", ctx.principal().personnummer()->digits());
  std::optional<OwnErrand> own;
  try {
    const auto rows = ctx.sql().rows(
        "SELECT service_id, version, status, submitted_at FROM eservice_errand WHERE {{tenant}} "
        "AND reference = :reference AND citizen = :citizen",
        soci::use(ref, "reference"), soci::use(citizen, "citizen"));
    for (const auto& row : rows) {
      own = OwnErrand{ref,
                      storage::row_text(row, 0),
                      storage::row_int<int>(row, 1),
                      status_from(storage::row_text(row, 2)),
                      storage::row_time(row, 3),
                      {}};
    }
  } catch (const soci::soci_error& e) {
    database_failure("reading the citizen's errand", e);
  }
  if (!own) detail::refuse_not_own(ctx, ref, "errand.read-own", "errand");
  own->messages = read_messages(ctx, ref);
  own->title = submissions_.catalogue().title_of(ctx, own->service_id, own->version);
  ctx.audit({"errand.read-own", "errand", ref, std::to_string(own->messages.size()) + " messages"});
  return *own;
}

ErrandMessage ErrandWork::reply(tenancy::Context& ctx, std::string_view reference, std::string_view body) {
  if (!citizen_principal(ctx)) throw NotFound("no such errand");
  const std::string ref(reference);
  const std::string citizen = keyring_.blind_index("eservice.citizen", ctx.principal().personnummer()->digits());
  std::string status;
  soci::indicator status_indicator = soci::i_null;
  try {
    ctx.sql().exec(
        "SELECT status FROM eservice_errand WHERE {{tenant}} AND reference = :reference AND citizen = :citizen",
        soci::use(ref, "reference"), soci::use(citizen, "citizen"), soci::into(status, status_indicator));
  } catch (const soci::soci_error& e) {
    database_failure("reading the citizen's errand", e);
  }
  if (status_indicator != soci::i_ok) detail::refuse_not_own(ctx, ref, "errand.message.reply", "errand");
  check_body(body);
  if (status_from(status) == ErrandStatus::kClosed) throw Conflict("errand " + ref + " is closed");
  auto message = store_message(ctx, ref, MessageDirection::kFromCitizen, "citizen", body);
  ctx.audit({"errand.message.reply", "errand", ref, "message " + message.id});
  return message;
}

}  // namespace samverkan::eservices
