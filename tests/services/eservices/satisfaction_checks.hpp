#pragma once
// The satisfaction survey and the first-contact figures, checked identically on SQLite
// (satisfaction_test) and PostgreSQL (satisfaction_pgtest).
#include <soci/soci.h>

#include <set>
#include <string>
#include <vector>

#include "samverkan/eservices/satisfaction.hpp"
#include "services/eservices/errand_work_checks.hpp"

namespace samverkan::test {

struct SatisfactionWorld : ErrandWorkWorld {
  using ErrandWorkWorld::ErrandWorkWorld;
  using Status = eservices::ErrandStatus;

  eservices::Satisfaction satisfaction{submissions, keyring};
  security::Principal statistics_client = security::Principal::api_client("monitoring", nassjo, {"statistics:read"});

  // Moves the errand through `statuses`, a minute apart, as a handler.
  void walk(const std::string& reference, std::initializer_list<Status> statuses) {
    for (const auto status : statuses) {
      clock.advance(std::chrono::minutes(1));
      as(bo_h, nassjo, [&](auto& ctx) { submissions.change_status(ctx, reference, status); });
    }
  }
  void message_to_citizen(const std::string& reference) {
    clock.advance(std::chrono::minutes(1));
    as(bo_h, nassjo, [&](auto& ctx) { work.post_message(ctx, reference, "Kan du skicka intyget?"); });
  }
  void citizen_reply(const security::Principal& citizen, const std::string& reference) {
    clock.advance(std::chrono::minutes(1));
    as(citizen, nassjo, [&](auto& ctx) { work.reply(ctx, reference, "Här kommer det."); });
  }
  eservices::SurveyState state(const security::Principal& citizen, const std::string& reference) {
    return as(citizen, nassjo, [&](auto& ctx) { return satisfaction.state(ctx, reference); });
  }
  void answer(const security::Principal& citizen, const std::string& reference, eservices::SurveyAnswer answer) {
    as(citizen, nassjo, [&](auto& ctx) { satisfaction.answer(ctx, reference, answer); });
  }
  eservices::SatisfactionFigures figures(const security::Principal& who, int year) {
    return as(who, nassjo, [&](auto& ctx) { return satisfaction.figures(ctx, year); });
  }
  long long count(const std::string& sql) {
    long long n = 0;
    auto session = db.acquire();
    *session << sql, soci::into(n);
    return n;
  }
  // The figures' row of the school transport service, or a zero row when it has none.
  static eservices::ServiceFigures school(const eservices::SatisfactionFigures& figures) {
    for (const auto& service : figures.services) {
      if (service.service_id == "skolskjuts") return service;
    }
    return {};
  }
};

inline void check_survey_answer_and_anonymity(storage::Database& db) {
  SatisfactionWorld world(db);
  using eservices::SurveyState;
  const std::string reference = world.submit_school_transport(world.anna);

  // Not before the errand is closed.
  BOOST_TEST((world.state(world.anna, reference) == SurveyState::kNotYet));
  BOOST_CHECK_THROW(world.answer(world.anna, reference, {9, 9, 9}), Conflict);
  world.walk(reference, {SatisfactionWorld::Status::kClosed});
  BOOST_TEST((world.state(world.anna, reference) == SurveyState::kOpen));

  // Only the citizen who sent it in; others get NotFound, as for an errand that does not exist.
  BOOST_CHECK_THROW(world.state(world.bertil, reference), NotFound);
  BOOST_CHECK_THROW(world.answer(world.bertil, reference, {1, 1, 1}), NotFound);
  BOOST_CHECK_THROW(world.answer(world.bo_h, reference, {1, 1, 1}), NotFound);
  BOOST_CHECK_THROW(world.answer(world.anna, "ET-2026-999999", {1, 1, 1}), NotFound);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM audit_entry WHERE action = 'errand.survey.answer' AND outcome = "
                         "'refused'") == 1,
             "another citizen's attempt is audited as a refusal");

  // Each answer 1-10; a refused answer stores nothing.
  BOOST_CHECK_THROW(world.answer(world.anna, reference, {0, 5, 5}), InvalidInput);
  BOOST_CHECK_THROW(world.answer(world.anna, reference, {5, 11, 5}), InvalidInput);
  BOOST_CHECK_THROW(world.answer(world.anna, reference, {5, 5, -3}), InvalidInput);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM eservice_survey_answer") == 0);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM eservice_survey_given") == 0);

  world.answer(world.anna, reference, {9, 8, 10});
  BOOST_TEST((world.state(world.anna, reference) == SurveyState::kAnswered));
  BOOST_CHECK_THROW(world.answer(world.anna, reference, {1, 1, 1}), Conflict);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM eservice_survey_answer") == 1, "once per errand");

  // Stored without the errand, the citizen or the time: the month only, in Swedish time.
  {
    auto session = world.db.acquire();
    soci::row row;
    *session << "SELECT * FROM eservice_survey_answer", soci::into(row);
    std::set<std::string> columns;
    for (std::size_t i = 0; i < row.size(); ++i) columns.insert(row.get_properties(i).get_name());
    const std::set<std::string> expected = {"answer_id",      "municipality", "service_id",   "version",
                                            "answered_month", "overall",      "expectations", "ideal"};
    BOOST_TEST((columns == expected));
    std::string month;
    int overall = 0;
    *session << "SELECT answered_month, overall FROM eservice_survey_answer", soci::into(month), soci::into(overall);
    BOOST_TEST(month == "2026-11");
    BOOST_TEST(overall == 9);
  }
  BOOST_TEST(world.count("SELECT COUNT(*) FROM audit_entry WHERE action = 'errand.survey.answer' AND outcome = "
                         "'success' AND detail = 'answered'") == 1,
             "the answer is audited, without its values");
}

inline void check_first_contact_and_index(storage::Database& db) {
  SatisfactionWorld world(db);
  using Status = SatisfactionWorld::Status;
  const int year = 2026;

  // Resolved at first contact: closed at once; decided, then a thank-you from the citizen.
  const std::string at_once = world.submit_school_transport(world.anna);
  world.walk(at_once, {Status::kClosed});
  const std::string thanked = world.submit_school_transport(world.anna);
  world.message_to_citizen(thanked);  // the decision, told to the citizen: still the first round
  world.walk(thanked, {Status::kInProgress, Status::kDecided});
  world.citizen_reply(world.anna, thanked);
  world.walk(thanked, {Status::kClosed});
  // Not at first contact: a wait for the citizen; a message from the citizen before the decision.
  const std::string waited = world.submit_school_transport(world.bertil);
  world.walk(waited, {Status::kInProgress, Status::kWaitingForCitizen, Status::kInProgress, Status::kDecided});
  const std::string asked = world.submit_school_transport(world.bertil);
  world.message_to_citizen(asked);
  world.citizen_reply(world.bertil, asked);
  world.walk(asked, {Status::kInProgress, Status::kDecided, Status::kClosed});
  // Not resolved: not counted.
  const std::string open = world.submit_school_transport(world.anna);
  world.walk(open, {Status::kInProgress});
  // Another member's errand: never in these figures.
  world.submit(world.anna, world.eksjo, "felanmalan-gata-park", 1, SubmissionWorld::fault_report());

  auto figures = world.figures(world.bo_h, year);
  BOOST_TEST(figures.year == year);
  BOOST_REQUIRE(figures.services.size() == 1U);
  auto school = SatisfactionWorld::school(figures);
  BOOST_TEST(school.resolved == 4);
  BOOST_TEST(school.first_contact == 2);
  BOOST_TEST(school.first_contact_share().value_or(-1) == 0.5);
  BOOST_TEST(school.answers == 0);
  BOOST_TEST(!school.index().has_value());
  BOOST_TEST(school.title.sv == "Skolskjuts i Nässjö", "the title as the member publishes it");
  BOOST_TEST(figures.total.resolved == 4);
  BOOST_TEST(world.figures(world.bo_h, year - 1).services.empty(), "a year without errands");

  // The index appears from the fifth answer on: four answers of 10, 10, 10 and one of 1, 1, 1
  // make the mean 8.2, the index (8.2 - 1) / 9 * 100 = 80.
  std::vector<std::string> closed = {at_once, thanked, asked};
  for (int i = 0; i < 2; ++i) {
    closed.push_back(world.submit_school_transport(world.anna));
    world.walk(closed.back(), {Status::kClosed});
  }
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& who = closed[i] == asked ? world.bertil : world.anna;
    world.answer(who, closed[i], {10, 10, 10});
  }
  school = SatisfactionWorld::school(world.figures(world.bo_h, year));
  BOOST_TEST(school.answers == 4);
  BOOST_TEST(!school.index().has_value(), "four answers are too few to show");
  world.answer(world.anna, closed[4], {1, 1, 1});
  figures = world.figures(world.statistics_client, year);
  school = SatisfactionWorld::school(figures);
  BOOST_TEST(school.answers == 5);
  BOOST_TEST(school.index().value_or(-1) == 80.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(school.resolved == 6);
  BOOST_TEST(school.first_contact == 4);
  BOOST_TEST(eservices::satisfaction_index(30, 1).value_or(-1) == 100.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(eservices::satisfaction_index(3, 1).value_or(-1) == 0.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(!eservices::satisfaction_index(0, 0).has_value());

  // Swedish time: resolved at 23:30 UTC on New Year's Eve is 00:30 on New Year's Day here.
  const std::string late = world.submit_school_transport(world.anna);
  world.clock.set(std::chrono::sys_days(std::chrono::year(2026) / 12 / 31) + std::chrono::hours(23) +
                  std::chrono::minutes(29));
  world.walk(late, {Status::kClosed});
  BOOST_TEST(SatisfactionWorld::school(world.figures(world.bo_h, year)).resolved == 6);
  BOOST_TEST(SatisfactionWorld::school(world.figures(world.bo_h, year + 1)).resolved == 1);

  // Who may read them: not a reader, not another member's staff; years in range.
  BOOST_CHECK_THROW(world.figures(world.reader, year), Forbidden);
  BOOST_CHECK_THROW(world.figures(world.eksjo_staff, year), NotFound);
  BOOST_CHECK_THROW(world.figures(world.anna, year), Forbidden);
  BOOST_CHECK_THROW(world.figures(world.bo_h, 1999), InvalidInput);
  BOOST_CHECK_THROW(world.figures(world.bo_h, year + 3), InvalidInput);  // now is 2027 here
}

}  // namespace samverkan::test
