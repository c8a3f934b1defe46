#include "samverkan/eservices/satisfaction.hpp"

#include <soci/soci.h>

#include <chrono>
#include <cstdio>
#include <map>

#include "detail/citizen_errand.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/security/permission.hpp"
#include "samverkan/storage/database_error.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::eservices {
namespace {

using detail::citizen_principal;

using storage::database_failure;

constexpr int kFirstYear = 2000;

// The citizen's own errand's status and whether its survey is answered; NotFound (the
// attempt on another citizen's errand audited as `action`) for anything else.
struct OwnRow {
  std::string status;
  bool answered = false;
  std::string service_id;
  int version = 0;
};

OwnRow own_row(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& reference,
               std::string_view action) {
  if (!citizen_principal(ctx)) throw NotFound("no such errand");
  const std::string citizen = keyring.blind_index("eservice.citizen", ctx.principal().personnummer()->digits());
  OwnRow row;
  int given = 0;
  soci::indicator status_indicator = soci::i_null;
  try {
    ctx.sql().exec(
        "SELECT e.status, e.service_id, e.version, (SELECT COUNT(*) FROM eservice_survey_given g WHERE "
        "g.municipality = e.municipality AND g.reference = e.reference) FROM eservice_errand e "
        "WHERE {{tenant:e}} AND e.reference = :reference AND e.citizen = :citizen",
        soci::use(reference, "reference"), soci::use(citizen, "citizen"), soci::into(row.status, status_indicator),
        soci::into(row.service_id), soci::into(row.version), soci::into(given));
  } catch (const soci::soci_error& e) {
    database_failure("reading the citizen's errand", e);
  }
  if (status_indicator != soci::i_ok) detail::refuse_not_own(ctx, reference, action, "errand");
  row.answered = given > 0;
  return row;
}

void check_value(int value, const char* question) {
  if (value < kSurveyLowest || value > kSurveyHighest) {
    throw InvalidInput(std::string(question) + " is answered with a whole number from " +
                       std::to_string(kSurveyLowest) + " to " + std::to_string(kSurveyHighest));
  }
}

// "2026-12": the month of `at` in Swedish time.
std::string swedish_month(Clock::TimePoint at) {
  const auto day = calendar::swedish_date(at);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()));
  return text;
}

void add(ServiceFigures& to, const ServiceFigures& from) {
  to.resolved += from.resolved;
  to.first_contact += from.first_contact;
  to.answers += from.answers;
  to.score_sum += from.score_sum;
}

}  // namespace

std::optional<double> satisfaction_index(long long score_sum, long long answers) noexcept {
  if (answers <= 0) return std::nullopt;
  const double mean = static_cast<double>(score_sum) / (3.0 * static_cast<double>(answers));
  return (mean - kSurveyLowest) / (kSurveyHighest - kSurveyLowest) * 100.0;
}

std::optional<double> ServiceFigures::first_contact_share() const noexcept {
  if (resolved <= 0) return std::nullopt;
  return static_cast<double>(first_contact) / static_cast<double>(resolved);
}

std::optional<double> ServiceFigures::index() const noexcept {
  if (answers < kMinimumAnswersShown) return std::nullopt;
  return satisfaction_index(score_sum, answers);
}

Satisfaction::Satisfaction(Submissions& submissions, const crypto::Keyring& keyring)
    : submissions_(submissions), keyring_(keyring) {}

SurveyState Satisfaction::state(tenancy::Context& ctx, std::string_view reference) {
  const auto row = own_row(ctx, keyring_, std::string(reference), "errand.read-own");
  if (row.answered) return SurveyState::kAnswered;
  return row.status == to_string(ErrandStatus::kClosed) ? SurveyState::kOpen : SurveyState::kNotYet;
}

void Satisfaction::answer(tenancy::Context& ctx, std::string_view reference, const SurveyAnswer& answer) {
  const std::string ref(reference);
  const auto row = own_row(ctx, keyring_, ref, "errand.survey.answer");
  check_value(answer.overall, "the first question");
  check_value(answer.expectations, "the second question");
  check_value(answer.ideal, "the third question");
  if (row.status != to_string(ErrandStatus::kClosed)) throw Conflict("errand " + ref + " is not closed yet");
  if (row.answered) throw Conflict("the survey of errand " + ref + " is answered already");
  const std::string id = crypto::random_hex(16);
  const std::string month = swedish_month(ctx.now());
  try {
    // The mark first: of two answers at once, the second fails on its primary key and rolls
    // back before its answers are stored.
    ctx.sql().exec("INSERT INTO eservice_survey_given (municipality, reference) VALUES (:tenant, :reference)",
                   soci::use(ref, "reference"));
    ctx.sql().exec(
        "INSERT INTO eservice_survey_answer (answer_id, municipality, service_id, version, answered_month, overall, "
        "expectations, ideal) VALUES (:id, :tenant, :service, :version, :month, :overall, :expectations, :ideal)",
        soci::use(id, "id"), soci::use(row.service_id, "service"), soci::use(row.version, "version"),
        soci::use(month, "month"), soci::use(answer.overall, "overall"), soci::use(answer.expectations, "expectations"),
        soci::use(answer.ideal, "ideal"));
  } catch (const soci::soci_error& e) {
    database_failure("storing a survey answer", e);
  }
  ctx.audit({"errand.survey.answer", "errand", ref, "answered"});
}

SatisfactionFigures Satisfaction::figures(tenancy::Context& ctx, int year) {
  ctx.require(security::Permission::kStatisticsRead, {"statistics.read", "eservice-statistics", std::to_string(year)});
  const int this_year = static_cast<int>(calendar::swedish_date(ctx.now()).year());
  if (year < kFirstYear || year > this_year + 1) {
    throw InvalidInput("year is from " + std::to_string(kFirstYear) + " to " + std::to_string(this_year + 1));
  }
  using std::chrono::January;
  const std::string from = storage::format_time(calendar::swedish_midnight(std::chrono::year{year} / January / 1));
  const std::string until = storage::format_time(calendar::swedish_midnight(std::chrono::year{year + 1} / January / 1));
  const std::string first_month = std::to_string(year) + "-01";
  const std::string last_month = std::to_string(year) + "-12";

  std::map<std::string, ServiceFigures> by_service;
  std::map<std::string, int> versions;  // the newest version seen, for the title
  const auto note_version = [&](const std::string& id, int version) {
    auto& newest = versions[id];
    if (version > newest) newest = version;
  };
  try {
    // Each errand's resolution is its first status change to decided or closed; a second round
    // is a wait for the citizen before it (in the history's order), or a message from them
    // before its time. Status changes only move forward in time, so the first by id is also
    // the first by time.
    for (const auto& row : ctx.sql().rows(
             "SELECT e.service_id, MAX(e.version), COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM "
             "eservice_errand_event w WHERE w.municipality = e.municipality AND w.reference = e.reference AND "
             "w.to_status = 'waiting-for-citizen' AND w.id < r.resolved_id) OR EXISTS (SELECT 1 FROM "
             "eservice_errand_activity a WHERE a.municipality = e.municipality AND a.reference = e.reference AND "
             "a.kind = 'message-from-citizen' AND a.at < r.resolved_at) THEN 0 ELSE 1 END) "
             "FROM eservice_errand e JOIN (SELECT v.municipality, v.reference, MIN(v.id) AS resolved_id, MIN(v.at) AS "
             "resolved_at FROM "
             "eservice_errand_event v WHERE {{tenant:v}} AND v.to_status IN ('decided', 'closed') "
             "GROUP BY v.municipality, v.reference) r ON r.municipality = e.municipality AND r.reference = e.reference "
             "WHERE {{tenant:e}} AND r.resolved_at >= :from AND r.resolved_at < :until GROUP BY e.service_id",
             soci::use(from, "from"), soci::use(until, "until"))) {
      auto& figures = by_service[storage::row_text(row, 0)];
      note_version(storage::row_text(row, 0), storage::row_int<int>(row, 1));
      figures.resolved = storage::row_int<long long>(row, 2);
      figures.first_contact = storage::row_int<long long>(row, 3);
    }
    for (const auto& row : ctx.sql().rows(
             "SELECT service_id, MAX(version), COUNT(*), SUM(overall + expectations + ideal) FROM "
             "eservice_survey_answer WHERE {{tenant}} AND answered_month >= :first AND answered_month <= :last "
             "GROUP BY service_id",
             soci::use(first_month, "first"), soci::use(last_month, "last"))) {
      auto& figures = by_service[storage::row_text(row, 0)];
      note_version(storage::row_text(row, 0), storage::row_int<int>(row, 1));
      figures.answers = storage::row_int<long long>(row, 2);
      figures.score_sum = storage::row_int<long long>(row, 3);
    }
  } catch (const soci::soci_error& e) {
    database_failure("reading the satisfaction figures", e);
  }
  SatisfactionFigures out;
  out.year = year;
  for (auto& [id, figures] : by_service) {
    figures.service_id = id;
    figures.title = submissions_.catalogue().title_of(ctx, id, versions[id]);
    add(out.total, figures);
    out.services.push_back(std::move(figures));
  }
  return out;
}

}  // namespace samverkan::eservices
