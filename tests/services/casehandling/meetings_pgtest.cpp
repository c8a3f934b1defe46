// Meetings, minutes and the notice board on PostgreSQL: the whole chain from prepared cases to
// the notice's removal, and paragraph numbers gap-free under concurrent secretaries.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "meetings_fixture.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/jobs/worker.hpp"

using namespace samverkan;
using namespace samverkan::casehandling;
using test::at_utc;
using test::kAneby;

namespace {

struct Fixture : test::MeetingsFixture {
  Fixture() : MeetingsFixture(Backend::kPostgresql) { seat_board(); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(meetings_pgtest)

BOOST_FIXTURE_TEST_CASE(from_prepared_case_to_notice_removal, Fixture) {
  const auto number = prepared_case("Detaljplan för Skolgatan");
  prepared_case("Förvärv av fastigheten Aneby 1:1", "OSL 19 kap. 1 §");
  const long long meeting = held_meeting("2026-12-01");
  long long minutes = 0;
  {
    auto ctx = context(secretary, kAneby);
    const auto items = meetings.build_agenda(*ctx, meeting);
    BOOST_TEST_REQUIRE(items.size() == 2u);
    meetings.add_information_item(*ctx, meeting, "Information från förvaltningen");
    minutes = meetings.open_minutes(*ctx, meeting, "Kommunkansliet", {"m3"}).id;
    const auto p = meetings.add_paragraph(*ctx, minutes, items[0].id);
    BOOST_TEST(p.case_number->str() == number.str());
    meetings.add_entry(*ctx, p.id, "motion", "m4", "Avslag");
    meetings.declare_conflict(*ctx, p.id, "m2");
    const auto voted = meetings.record_vote(
        *ctx, p.id, {{"m1", Vote::kYes}, {"m3", Vote::kYes}, {"m4", Vote::kNo}, {"s1", Vote::kAbstain}}, "bifall",
        "avslag");
    BOOST_TEST(voted.tally->result == "ja");
    meetings.update_paragraph(*ctx, p.id,
                              {std::nullopt, std::nullopt, std::string("Förslag"), std::string("Proposition"),
                               std::string("Detaljplanen antas")});
    meetings.add_entry(*ctx, p.id, "reservation", "m4", "Reservation");
    const auto secret = meetings.add_paragraph(*ctx, minutes, items[1].id);
    meetings.update_paragraph(*ctx, secret.id,
                              {std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::string("Köpet godkänns")});
    BOOST_TEST(meetings.paragraphs(*ctx, minutes).size() == 2u);
    ctx->commit();
  }
  clock.set(at_utc(2026, 12, 3, 14));
  for (const std::string user : {"m3", "m1"}) {
    auto ctx = context(member(user), kAneby);
    meetings.sign(*ctx, minutes, "staff-signature:" + user);
    ctx->commit();
  }
  {
    auto ctx = context(secretary, kAneby);
    BOOST_CHECK_THROW(meetings.add_paragraph(*ctx, minutes, 0, "Sent"), Conflict);
  }
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'minutes.change-refused'") == 1);
  {
    auto ctx = context(security::Principal::anonymous(), kAneby, tenancy::Context::Intent::kRead);
    const auto posted = notices.posted(*ctx);
    BOOST_TEST_REQUIRE(posted.size() == 1u);
    BOOST_TEST(posted[0].appeal_deadline == "2026-12-28");
    BOOST_TEST(posted[0].paragraphs.at(0).decision == "Detaljplanen antas");
    BOOST_TEST(posted[0].paragraphs.at(1).decision.empty());
    BOOST_TEST(posted[0].paragraphs.at(1).heading.find("Aneby 1:1") == std::string::npos);
  }
  jobs::Worker worker(queue, std::string(NoticeBoard::kRemovalQueue),
                      [&](const jobs::Job& job) { NoticeBoard::remove(*db, audit_log, clock, job); });
  clock.set(at_utc(2026, 12, 28, 22, 59));
  BOOST_TEST(worker.run_once() == 0u);
  clock.set(at_utc(2026, 12, 28, 23, 1));
  BOOST_TEST(worker.run_once() == 1u);
  BOOST_TEST(count("SELECT COUNT(*) FROM notice WHERE status = 'archived'") == 1);
  BOOST_TEST(!audit::AuditLog::verify(*db, kAneby).first_break.has_value());
}

BOOST_FIXTURE_TEST_CASE(paragraph_numbers_are_gap_free_under_concurrency, Fixture) {
  std::vector<long long> minutes;
  for (const std::string date : {"2026-10-06", "2026-11-03", "2026-12-01", "2026-12-15"}) {
    auto ctx = context(secretary, kAneby);
    const long long meeting = held_meeting(date);
    minutes.push_back(meetings.open_minutes(*ctx, meeting, "Kansliet", {"m3"}).id);
    ctx->commit();
  }
  constexpr int kPerThread = 40;
  std::mutex mutex;
  std::vector<int> numbers;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < minutes.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        try {
          auto ctx = context(secretary, kAneby);
          const auto p = meetings.add_paragraph(*ctx, minutes[t], 0, "Paragraf");
          if (i % 7 == 3) continue;  // rolled back: the number is given back
          ctx->commit();
          std::lock_guard lock(mutex);
          numbers.push_back(p.number);
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(failures.load() == 0);
  std::sort(numbers.begin(), numbers.end());
  BOOST_TEST_REQUIRE(!numbers.empty());
  for (std::size_t i = 0; i < numbers.size(); ++i) BOOST_TEST(numbers[i] == static_cast<int>(i) + 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM paragraph") == static_cast<long long>(numbers.size()));
}

BOOST_AUTO_TEST_SUITE_END()
