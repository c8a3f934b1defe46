#include "samverkan/eservices/submissions.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <soci/soci.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <sstream>

#include "detail/answers_json.hpp"
#include "detail/citizen_errand.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/eservices/citizen_notices.hpp"
#include "samverkan/eservices/on_submit_jobs.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::eservices {
namespace {

using security::Permission;

constexpr std::size_t kMaxDraftBytes = std::size_t{1024} * 1024;

using detail::values_from_json;
using detail::values_to_json;
using storage::database_failure;

ErrandStatus parse_status(const std::string& text) {
  for (const auto status : {ErrandStatus::kReceived, ErrandStatus::kInProgress, ErrandStatus::kWaitingForCitizen,
                            ErrandStatus::kDecided, ErrandStatus::kClosed}) {
    if (to_string(status) == text) return status;
  }
  throw InternalError("unknown errand status '" + text + "' in the database");
}

Clock::TimePoint parse_time(const std::string& text) {
  // "2026-11-22T10:15:30.123Z" as written by storage::format_time; PostgreSQL may give
  // "2026-11-22 10:15:30.123+00".
  int year = 0;
  unsigned month = 0, day = 0;
  int hour = 0, minute = 0, second = 0, millis = 0;
  if (std::sscanf(text.c_str(), "%4d-%2u-%2u%*c%2d:%2d:%2d.%3d", &year, &month, &day, &hour, &minute, &second,
                  &millis) < 6) {
    throw InternalError("unexpected time stamp from the database");
  }
  using namespace std::chrono;
  return sys_days(year_month_day{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)}) +
         hours(hour) + minutes(minute) + seconds(second) + milliseconds(millis);
}

Clock::TimePoint row_time(const soci::row& row, std::size_t index) {
  if (row.get_properties(index).get_data_type() == soci::dt_date) {
    auto tm = row.get<std::tm>(index);
    return Clock::TimePoint(std::chrono::seconds(timegm(&tm)));
  }
  return parse_time(row.get<std::string>(index));
}

void require_citizen(const tenancy::Context& ctx) {
  if (ctx.principal().kind() != security::PrincipalKind::kCitizen || !ctx.principal().personnummer()) {
    throw Unauthenticated("log in with e-legitimation to save and resume drafts");
  }
}

// An eservice_attachment row (field_id, file_name, media_type, content) decrypted: each value
// is bound to its municipality, errand and field.
AcceptedAttachment opened_attachment(const crypto::Keyring& keyring, const soci::row& row,
                                     const std::string& municipality, const std::string& ref) {
  const std::string field = row.get<std::string>(0);
  return AcceptedAttachment{
      crypto::decrypt(keyring, row.get<std::string>(1),
                      crypto::associated_data("eservice_attachment", "file_name", {municipality, ref, field})),
      row.get<std::string>(2),
      crypto::decrypt(keyring, row.get<std::string>(3),
                      crypto::associated_data("eservice_attachment", "content", {municipality, ref, field}))};
}

}  // namespace

std::string_view to_string(ErrandStatus status) noexcept {
  switch (status) {
    case ErrandStatus::kReceived:
      return "received";
    case ErrandStatus::kInProgress:
      return "in-progress";
    case ErrandStatus::kWaitingForCitizen:
      return "waiting-for-citizen";
    case ErrandStatus::kDecided:
      return "decided";
    case ErrandStatus::kClosed:
      return "closed";
  }
  return "received";
}

bool allowed_transition(ErrandStatus from, ErrandStatus to) noexcept {
  switch (from) {
    case ErrandStatus::kReceived:
      return to == ErrandStatus::kInProgress || to == ErrandStatus::kClosed;
    case ErrandStatus::kInProgress:
      return to == ErrandStatus::kWaitingForCitizen || to == ErrandStatus::kDecided;
    case ErrandStatus::kWaitingForCitizen:
      return to == ErrandStatus::kInProgress;
    case ErrandStatus::kDecided:
      return to == ErrandStatus::kClosed || to == ErrandStatus::kInProgress;
    case ErrandStatus::kClosed:
      return false;
  }
  return false;
}

Submissions::Submissions(Catalogue& catalogue, const crypto::Keyring& keyring, const ContentTypeDetector& detector)
    : catalogue_(catalogue), keyring_(keyring), detector_(detector) {}

std::string Submissions::citizen_index(const tenancy::Context& ctx) const {
  return keyring_.blind_index("eservice.citizen", ctx.principal().personnummer()->digits());
}

std::string Submissions::next_reference(tenancy::Context& ctx) {
  int year = static_cast<int>(calendar::swedish_date(ctx.now()).year());
  int number = 0;
  try {
    // Usually one statement: the UPDATE takes the row lock (waiters queue on it one by one) and
    // holds it until commit, so two submissions never get the same number and a rolled-back one
    // leaves no gap. The row is created by the year's first submission; an upsert there (not on
    // every submission: a waiting INSERT ... ON CONFLICT wakes with every other waiter).
    ctx.sql().exec(
        "UPDATE eservice_reference_counter SET last_number = last_number + 1 WHERE {{tenant}} AND year = :year "
        "RETURNING last_number",
        soci::use(year, "year"), soci::into(number));
    if (number <= 0) {
      ctx.sql().exec(
          "INSERT INTO eservice_reference_counter (municipality, year, last_number) VALUES (:tenant, :year, 1) "
          "ON CONFLICT (municipality, year) DO UPDATE SET last_number = eservice_reference_counter.last_number + 1 "
          "RETURNING last_number",
          soci::use(year, "year"), soci::into(number));
    }
  } catch (const soci::soci_error& e) {
    database_failure("numbering a receipt", e);
  }
  if (number <= 0) throw InternalError("the receipt counter gave no number");
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "ET-%04d-%06d", year, number);
  return buffer;
}

void Submissions::save_draft(tenancy::Context& ctx, std::string_view service_id, int version, std::string_view step,
                             const Answers& answers) {
  require_citizen(ctx);
  const Definition definition = catalogue_.definition_for_submission(ctx, service_id, version);
  const auto& steps = definition.steps();
  if (std::none_of(steps.begin(), steps.end(), [&](const Step& s) { return s.id == step; })) {
    throw InvalidInput("e-service " + definition.id() + " has no step '" + std::string(step) + "'");
  }
  const std::string json = values_to_json(answers.values);
  if (json.size() > kMaxDraftBytes) throw TooLarge("a draft holds at most 1 MiB of answers");
  const std::string citizen = citizen_index(ctx);
  const std::string id(service_id);
  const std::string token = crypto::encrypt(
      keyring_, json, crypto::associated_data("eservice_draft", "answers", {ctx.municipality().str(), citizen, id}));
  const std::string step_id(step);
  const std::string at = storage::format_time(ctx.now());
  try {
    ctx.sql().exec("DELETE FROM eservice_draft WHERE {{tenant}} AND citizen = :citizen AND service_id = :id",
                   soci::use(citizen, "citizen"), soci::use(id, "id"));
    ctx.sql().exec(
        "INSERT INTO eservice_draft (municipality, citizen, service_id, version, step, answers, updated_at) "
        "VALUES (:tenant, :citizen, :id, :version, :step, :answers, :at)",
        soci::use(citizen, "citizen"), soci::use(id, "id"), soci::use(version, "version"), soci::use(step_id, "step"),
        soci::use(token, "answers"), soci::use(at, "at"));
  } catch (const soci::soci_error& e) {
    database_failure("saving a draft", e);
  }
  ctx.audit({"eservice.draft.save", "eservice-draft", id});
}

std::optional<Draft> Submissions::draft(tenancy::Context& ctx, std::string_view service_id) {
  require_citizen(ctx);
  const std::string citizen = citizen_index(ctx);
  const std::string id(service_id);
  Draft draft;
  std::string token;
  soci::indicator indicator = soci::i_null;
  try {
    ctx.sql().exec(
        "SELECT version, step, answers FROM eservice_draft WHERE {{tenant}} AND citizen = :citizen AND service_id = "
        ":id",
        soci::use(citizen, "citizen"), soci::use(id, "id"), soci::into(draft.version), soci::into(draft.step),
        soci::into(token, indicator));
  } catch (const soci::soci_error& e) {
    database_failure("reading a draft", e);
  }
  if (indicator != soci::i_ok) return std::nullopt;
  draft.service_id = id;
  draft.answers.values = values_from_json(crypto::decrypt(
      keyring_, token, crypto::associated_data("eservice_draft", "answers", {ctx.municipality().str(), citizen, id})));
  ctx.audit({"eservice.draft.read", "eservice-draft", id});
  return draft;
}

void Submissions::discard_draft(tenancy::Context& ctx, std::string_view service_id) {
  require_citizen(ctx);
  const std::string citizen = citizen_index(ctx);
  const std::string id(service_id);
  try {
    ctx.sql().exec("DELETE FROM eservice_draft WHERE {{tenant}} AND citizen = :citizen AND service_id = :id",
                   soci::use(citizen, "citizen"), soci::use(id, "id"));
  } catch (const soci::soci_error& e) {
    database_failure("discarding a draft", e);
  }
  ctx.audit({"eservice.draft.discard", "eservice-draft", id});
}

SubmitOutcome Submissions::submit(tenancy::Context& ctx, std::string_view service_id, int version,
                                  const Answers& answers) {
  return submit_for(ctx, nullptr, service_id, version, answers, {}, {});
}

SubmitOutcome Submissions::submit_on_behalf(tenancy::Context& ctx, const ids::Personnummer& citizen,
                                            std::string_view service_id, int version, const Answers& answers,
                                            std::string_view note,
                                            const std::function<void(const std::string& reference)>& before_audit) {
  ctx.require(Permission::kEServiceSubmit, {"errand.submit-on-behalf", "eservice", std::string(service_id)});
  return submit_for(ctx, &citizen, service_id, version, answers, note, before_audit);
}

// The citizen is the logged-in principal, or `on_behalf` for a trusted integration's submission.
SubmitOutcome Submissions::submit_for(tenancy::Context& ctx, const ids::Personnummer* on_behalf,
                                      std::string_view service_id, int version, const Answers& answers,
                                      std::string_view note,
                                      const std::function<void(const std::string& reference)>& before_audit) {
  // The publication is read once: its definition (parsed once per version, cached by the
  // catalogue), its title for the receipt and its handling unit.
  const Publication publication = catalogue_.publication_for_submission(ctx, service_id, version);
  const Definition& definition = publication.definition;
  const bool citizen = on_behalf != nullptr ||
                       (ctx.principal().kind() == security::PrincipalKind::kCitizen && ctx.principal().personnummer());
  if (definition.login_required() && !citizen) {
    throw Unauthenticated("log in with e-legitimation to use this e-service");
  }
  const auto validation = validate_answers(definition, answers, calendar::swedish_date(ctx.now()), detector_);
  if (!validation.ok()) return SubmitOutcome{std::nullopt, validation.errors};

  const std::string id = definition.id();
  const std::string municipality = ctx.municipality().str();
  const std::string answers_json = values_to_json(validation.accepted.values);
  std::string citizen_value;
  soci::indicator citizen_indicator = soci::i_null;
  if (citizen) {
    citizen_value =
        on_behalf != nullptr ? keyring_.blind_index("eservice.citizen", on_behalf->digits()) : citizen_index(ctx);
    citizen_indicator = soci::i_ok;
  }
  std::string unit = publication.overrides.handling_unit;
  soci::indicator unit_indicator = unit.empty() ? soci::i_null : soci::i_ok;
  const std::string at = storage::format_time(ctx.now());
  try {
    // Before the receipt number: everything that does not need it, so that the counter row
    // (which serialises the municipality's submissions until commit) is held briefly.
    if (citizen) {
      ctx.sql().exec("DELETE FROM eservice_draft WHERE {{tenant}} AND citizen = :citizen AND service_id = :id",
                     soci::use(citizen_value, "citizen"), soci::use(id, "id"));
    }
  } catch (const soci::soci_error& e) {
    database_failure("storing a submission", e);
  }
  const std::string actor = on_behalf != nullptr ? ctx.principal().id() : citizen ? "citizen" : "anonymous";
  // From here to commit the counter row is locked: the municipality's other submissions wait.
  // So only what needs the reference follows, in as few round trips as the database allows.
  const std::string reference = next_reference(ctx);
  const std::string token = crypto::encrypt(
      keyring_, answers_json, crypto::associated_data("eservice_errand", "answers", {municipality, reference}));
  const std::string insert_errand =
      "INSERT INTO eservice_errand (municipality, reference, service_id, version, status, handling_unit, citizen, "
      "answers, submitted_at) VALUES (:tenant, :reference, :id, :version, 'received', :unit, :citizen, :answers, "
      ":at)";
  const bool postgresql = ctx.sql().dialect().backend() == storage::Backend::kPostgresql;
  try {
    if (postgresql) {
      // The errand and the first event of its history in one statement (a data-modifying CTE).
      const std::string to_status(to_string(ErrandStatus::kReceived));
      ctx.sql().exec(
          "WITH errand AS (" + insert_errand +
              " RETURNING municipality, reference, submitted_at) INSERT INTO eservice_errand_event (municipality, "
              "reference, at, actor, from_status, to_status) SELECT municipality, reference, submitted_at, :actor, "
              "NULL, :to_status FROM errand",
          soci::use(reference, "reference"), soci::use(id, "id"), soci::use(version, "version"),
          soci::use(unit, unit_indicator, "unit"), soci::use(citizen_value, citizen_indicator, "citizen"),
          soci::use(token, "answers"), soci::use(at, "at"), soci::use(actor, "actor"),
          soci::use(to_status, "to_status"));
    } else {
      ctx.sql().exec(insert_errand, soci::use(reference, "reference"), soci::use(id, "id"),
                     soci::use(version, "version"), soci::use(unit, unit_indicator, "unit"),
                     soci::use(citizen_value, citizen_indicator, "citizen"), soci::use(token, "answers"),
                     soci::use(at, "at"));
    }
    for (const auto& [field, file] : validation.accepted.attachments) {
      const std::string name_token = crypto::encrypt(
          keyring_, file.file_name,
          crypto::associated_data("eservice_attachment", "file_name", {municipality, reference, field}));
      const std::string content_token =
          crypto::encrypt(keyring_, file.bytes,
                          crypto::associated_data("eservice_attachment", "content", {municipality, reference, field}));
      long long size = static_cast<long long>(file.bytes.size());
      const std::string field_id = field;
      const std::string media_type = file.media_type;
      ctx.sql().exec(
          "INSERT INTO eservice_attachment (municipality, reference, field_id, file_name, media_type, size_bytes, "
          "content) VALUES (:tenant, :reference, :field, :name, :type, :size, :content)",
          soci::use(reference, "reference"), soci::use(field_id, "field"), soci::use(name_token, "name"),
          soci::use(media_type, "type"), soci::use(size, "size"), soci::use(content_token, "content"));
    }
  } catch (const soci::soci_error& e) {
    database_failure("storing a submission", e);
  }
  if (!postgresql) record_event(ctx, reference, actor, std::nullopt, ErrandStatus::kReceived);
  enqueue_on_submit(ctx, definition, reference, validation.accepted);
  if (before_audit) before_audit(reference);
  // One entry per submission, last: it locks the audit chain's head until commit.
  const std::string what = id + "@" + std::to_string(version);
  if (on_behalf != nullptr) {
    std::string detail = what + " for " + audit::citizen_pseudonym(keyring_, *on_behalf);
    if (!note.empty()) detail.append(", ").append(note);
    ctx.audit({"errand.submit-on-behalf", "errand", reference, std::move(detail)});
  } else {
    ctx.audit({"errand.create", "errand", reference, what});
  }
  return SubmitOutcome{Receipt{reference, id, version, publication.title(), ctx.municipality(), ctx.now()}, {}};
}

Receipt Submissions::receipt(tenancy::Context& ctx, std::string_view reference) {
  if (ctx.principal().kind() != security::PrincipalKind::kCitizen || !ctx.principal().personnummer()) {
    throw NotFound("no such receipt");
  }
  const std::string citizen = citizen_index(ctx);
  const std::string ref(reference);
  std::optional<Receipt> receipt;
  try {
    const auto rows = ctx.sql().rows(
        "SELECT service_id, version, submitted_at FROM eservice_errand WHERE {{tenant}} AND reference = :reference "
        "AND citizen = :citizen",
        soci::use(ref, "reference"), soci::use(citizen, "citizen"));
    for (const auto& row : rows) {
      receipt = Receipt{ref, row.get<std::string>(0), storage::row_int<int>(row, 1),
                        {},  ctx.municipality(),      row_time(row, 2)};
    }
  } catch (const soci::soci_error& e) {
    database_failure("reading a receipt", e);
  }
  if (!receipt) detail::refuse_not_own(ctx, ref, "errand.receipt", "receipt");
  try {
    receipt->service_title = catalogue_.publication(ctx, receipt->service_id).title();
  } catch (const NotFound&) {
    receipt->service_title = catalogue_.definition(ctx, receipt->service_id, receipt->version).title();
  }
  return *receipt;
}

std::vector<ErrandSummary> Submissions::inbox(tenancy::Context& ctx, std::optional<ErrandStatus> status) {
  ctx.require(Permission::kErrandRead, {"errand.list", "errand", ""});
  std::vector<ErrandSummary> result;
  const std::string wanted = status ? std::string(to_string(*status)) : std::string();
  try {
    const auto rows = ctx.sql().rows(
        "SELECT reference, service_id, version, status, handling_unit, case_number FROM eservice_errand "
        "WHERE {{tenant}} AND (:status = '' OR status = :status2) ORDER BY id DESC",
        soci::use(wanted, "status"), soci::use(wanted, "status2"));
    for (const auto& row : rows) {
      result.push_back(ErrandSummary{row.get<std::string>(0), row.get<std::string>(1), storage::row_int<int>(row, 2),
                                     parse_status(row.get<std::string>(3)),
                                     row.get_indicator(4) == soci::i_null ? std::string() : row.get<std::string>(4),
                                     storage::row_optional_text(row, 5)});
    }
  } catch (const soci::soci_error& e) {
    database_failure("listing errands", e);
  }
  ctx.audit({"errand.list", "errand", "", wanted.empty() ? "all" : "status " + wanted});
  return result;
}

Errand Submissions::errand(tenancy::Context& ctx, std::string_view reference) {
  const std::string ref(reference);
  ctx.require(Permission::kErrandRead, {"errand.read", "errand", ref});
  const std::string municipality = ctx.municipality().str();
  std::optional<Errand> errand;
  try {
    const auto rows = ctx.sql().rows(
        "SELECT service_id, version, status, handling_unit, answers, case_number FROM eservice_errand "
        "WHERE {{tenant}} AND reference = :reference",
        soci::use(ref, "reference"));
    for (const auto& row : rows) {
      Errand found{ErrandSummary{ref, row.get<std::string>(0), storage::row_int<int>(row, 1),
                                 parse_status(row.get<std::string>(2)),
                                 row.get_indicator(3) == soci::i_null ? std::string() : row.get<std::string>(3),
                                 storage::row_optional_text(row, 5)},
                   {}};
      found.answers.values =
          values_from_json(crypto::decrypt(keyring_, row.get<std::string>(4),
                                           crypto::associated_data("eservice_errand", "answers", {municipality, ref})));
      errand = std::move(found);
    }
    if (!errand) throw NotFound("no such errand");
    const auto files = ctx.sql().rows(
        "SELECT field_id, file_name, media_type, content FROM eservice_attachment WHERE {{tenant}} "
        "AND reference = :reference",
        soci::use(ref, "reference"));
    for (const auto& row : files) {
      errand->answers.attachments[row.get<std::string>(0)] = opened_attachment(keyring_, row, municipality, ref);
    }
  } catch (const soci::soci_error& e) {
    database_failure("reading an errand", e);
  }
  ctx.audit({"errand.read", "errand", ref});
  return *errand;
}

AcceptedAttachment Submissions::attachment(tenancy::Context& ctx, std::string_view reference, std::string_view field) {
  const std::string ref(reference);
  const std::string field_id(field);
  ctx.require(Permission::kErrandRead, {"errand.attachment.read", "errand", ref});
  const std::string municipality = ctx.municipality().str();
  std::optional<AcceptedAttachment> file;
  try {
    const auto rows = ctx.sql().rows(
        "SELECT field_id, file_name, media_type, content FROM eservice_attachment WHERE {{tenant}} "
        "AND reference = :reference AND field_id = :field",
        soci::use(ref, "reference"), soci::use(field_id, "field"));
    for (const auto& row : rows) file = opened_attachment(keyring_, row, municipality, ref);
  } catch (const soci::soci_error& e) {
    database_failure("reading an attachment", e);
  }
  if (!file) throw NotFound("no such attachment");
  ctx.audit({"errand.attachment.read", "errand", ref, "field " + field_id});
  return *file;
}

void Submissions::record_event(tenancy::Context& ctx, const std::string& reference, const std::string& actor,
                               const std::optional<ErrandStatus>& from, ErrandStatus to) {
  std::string from_text = from ? std::string(to_string(*from)) : std::string();
  soci::indicator from_indicator = from ? soci::i_ok : soci::i_null;
  const std::string to_text(to_string(to));
  const std::string at = storage::format_time(ctx.now());
  try {
    ctx.sql().exec(
        "INSERT INTO eservice_errand_event (municipality, reference, at, actor, from_status, to_status) "
        "VALUES (:tenant, :reference, :at, :actor, :from_status, :to_status)",
        soci::use(reference, "reference"), soci::use(at, "at"), soci::use(actor, "actor"),
        soci::use(from_text, from_indicator, "from_status"), soci::use(to_text, "to_status"));
  } catch (const soci::soci_error& e) {
    database_failure("recording an errand's history", e);
  }
}

void Submissions::change_status(tenancy::Context& ctx, std::string_view reference, ErrandStatus status) {
  const std::string ref(reference);
  ctx.require(Permission::kErrandHandle, {"errand.status", "errand", ref});
  std::string current;
  soci::indicator indicator = soci::i_null;
  try {
    ctx.sql().exec("SELECT status FROM eservice_errand WHERE {{tenant}} AND reference = :reference",
                   soci::use(ref, "reference"), soci::into(current, indicator));
  } catch (const soci::soci_error& e) {
    database_failure("reading an errand's status", e);
  }
  if (indicator != soci::i_ok) throw NotFound("no such errand");
  const ErrandStatus from = parse_status(current);
  if (!allowed_transition(from, status)) {
    throw Conflict("errand " + ref + " cannot go from " + std::string(to_string(from)) + " to " +
                   std::string(to_string(status)));
  }
  const std::string to_text(to_string(status));
  try {
    // The status read above is part of the condition, so a concurrent change is not overwritten.
    ctx.sql().exec(
        "UPDATE eservice_errand SET status = :status WHERE {{tenant}} AND reference = :reference AND status = :current",
        soci::use(to_text, "status"), soci::use(ref, "reference"), soci::use(current, "current"));
  } catch (const soci::soci_error& e) {
    database_failure("changing an errand's status", e);
  }
  record_event(ctx, ref, ctx.principal().id(), from, status);
  ctx.audit({"errand.status", "errand", ref, current + " -> " + to_text});
  // The citizen hears of it once: the history entry just written names the event.
  long long event_id = 0;
  try {
    ctx.sql().exec("SELECT MAX(id) FROM eservice_errand_event WHERE {{tenant}} AND reference = :reference",
                   soci::use(ref, "reference"), soci::into(event_id));
  } catch (const soci::soci_error& e) {
    database_failure("reading an errand's history", e);
  }
  enqueue_citizen_notice(ctx, ref, NoticeEvent::kStatus, std::to_string(event_id));
}

std::vector<ErrandEvent> Submissions::history(tenancy::Context& ctx, std::string_view reference) {
  const std::string ref(reference);
  ctx.require(Permission::kErrandRead, {"errand.history", "errand", ref});
  std::vector<ErrandEvent> events;
  try {
    const auto rows = ctx.sql().rows(
        "SELECT at, actor, from_status, to_status, note FROM eservice_errand_event WHERE {{tenant}} "
        "AND reference = :reference ORDER BY id",
        soci::use(ref, "reference"));
    for (const auto& row : rows) {
      std::optional<ErrandStatus> from;
      if (row.get_indicator(2) != soci::i_null) from = parse_status(row.get<std::string>(2));
      events.push_back(ErrandEvent{row_time(row, 0), row.get<std::string>(1), from,
                                   parse_status(row.get<std::string>(3)),
                                   storage::row_optional_text(row, 4).value_or("")});
    }
  } catch (const soci::soci_error& e) {
    database_failure("reading an errand's history", e);
  }
  if (events.empty()) throw NotFound("no such errand");
  ctx.audit({"errand.history", "errand", ref});
  return events;
}

namespace detail {

std::string values_to_json(const std::map<std::string, std::vector<std::string>>& values) {
  Poco::JSON::Object object;
  for (const auto& [id, list] : values) {
    Poco::JSON::Array array;
    for (const auto& value : list) array.add(value);
    object.set(id, array);
  }
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

std::map<std::string, std::vector<std::string>> values_from_json(const std::string& json) {
  std::map<std::string, std::vector<std::string>> values;
  try {
    Poco::JSON::Parser parser;
    const auto object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    for (const auto& name : object->getNames()) {
      const auto array = object->getArray(name);
      auto& list = values[name];
      for (std::size_t i = 0; array && i < array->size(); ++i)
        list.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
    }
  } catch (const Poco::Exception& e) {
    throw InternalError("stored answers are not valid JSON: " + e.displayText());
  }
  return values;
}

}  // namespace detail

}  // namespace samverkan::eservices
