// The notice board: a notice posted when minutes are adjusted, with the appeal deadline; its
// removal job runs on the day after the deadline and not before (manual clock); the public
// listing never shows more than number, heading and secrecy reference of a secret paragraph.
#include <boost/test/unit_test.hpp>

#include <random>

#include "meetings_fixture.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/jobs/worker.hpp"

using namespace samverkan;
using namespace samverkan::casehandling;
using test::at_utc;
using test::kAneby;
using test::kEksjo;

namespace {

struct Fixture : test::MeetingsFixture {
  Fixture() { seat_board(); }

  /// A meeting with a public and a secret case decided, adjusted by m1 and m3 at `adjusted_at`.
  long long adjusted_minutes(Clock::TimePoint adjusted_at) {
    prepared_case("Budget 2027");
    prepared_case("Förvärv av fastigheten Aneby 1:1", "OSL 19 kap. 1 §");
    const long long meeting = held_meeting("2026-12-01");
    long long minutes = 0;
    {
      auto ctx = context(secretary, kAneby);
      const auto items = meetings.build_agenda(*ctx, meeting);
      minutes = meetings.open_minutes(*ctx, meeting, "Kommunkansliet, Stadshuset", {"m3"}).id;
      for (const auto& item : items) {
        const auto p = meetings.add_paragraph(*ctx, minutes, item.id);
        meetings.update_paragraph(
            *ctx, p.id,
            {std::nullopt, std::nullopt, std::string("Förslag"), std::string("Proposition"),
             std::string(item.secrecy_reference.empty() ? "Budgeten fastställs" : "Köpet av Aneby 1:1 godkänns")});
      }
      ctx->commit();
    }
    clock.set(adjusted_at);
    for (const std::string user : {"m1", "m3"}) {
      auto ctx = context(member(user), kAneby);
      meetings.sign(*ctx, minutes, "staff-signature:" + user);
      ctx->commit();
    }
    return minutes;
  }

  std::vector<Notice> public_notices(const ids::Kommunkod& where = kAneby) {
    auto ctx = context(security::Principal::anonymous(), where, tenancy::Context::Intent::kRead);
    auto out = notices.posted(*ctx);
    ctx->commit();
    return out;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(notice_board_test)

BOOST_FIXTURE_TEST_CASE(adjustment_posts_a_notice_with_the_appeal_deadline, Fixture) {
  // Adjusted Thursday 3 December 2026: 21 days is 24 December (julafton), then Christmas and
  // the weekend: the last day to appeal is Monday 28 December.
  adjusted_minutes(at_utc(2026, 12, 3, 14));
  const auto list = public_notices();
  BOOST_TEST_REQUIRE(list.size() == 1u);
  const auto& n = list.front();
  BOOST_TEST(n.posted_on == "2026-12-03");
  BOOST_TEST(n.appeal_deadline == "2026-12-28");
  BOOST_TEST(n.remove_on == "2026-12-29");
  BOOST_TEST(n.kept_at == "Kommunkansliet, Stadshuset");
  BOOST_TEST(n.board_name == "Kommunstyrelsen");
  BOOST_TEST(n.meeting_date == "2026-12-01");
  BOOST_TEST_REQUIRE(n.paragraphs.size() == 2u);
  BOOST_TEST(n.paragraphs[0].decision == "Budgeten fastställs");
  // The secret paragraph: number, heading (masked) and reference only.
  BOOST_TEST(n.paragraphs[1].number == 2);
  BOOST_TEST(n.paragraphs[1].secrecy_reference == "OSL 19 kap. 1 §");
  BOOST_TEST(n.paragraphs[1].decision.empty());
  BOOST_TEST(n.paragraphs[1].heading.find("Aneby 1:1") == std::string::npos);
  // Another municipality's board shows nothing of it.
  BOOST_TEST(public_notices(kEksjo).empty());
  // One removal job, in the queue.
  const auto counts = queue.counts(NoticeBoard::kRemovalQueue);
  BOOST_TEST(counts.at(jobs::JobState::kQueued) == 1u);
}

BOOST_FIXTURE_TEST_CASE(the_notice_is_removed_the_day_after_the_deadline_and_not_before, Fixture) {
  adjusted_minutes(at_utc(2026, 12, 3, 14));
  int handled = 0;
  jobs::Worker worker(queue, std::string(NoticeBoard::kRemovalQueue), [&](const jobs::Job& job) {
    ++handled;
    NoticeBoard::remove(*db, audit_log, clock, job);
  });
  // The last day to appeal, 23:59 in Stockholm (22:59 UTC): still posted, nothing runs.
  clock.set(at_utc(2026, 12, 28, 22, 59));
  BOOST_TEST(worker.run_once() == 0u);
  BOOST_TEST(public_notices().size() == 1u);
  BOOST_TEST(count("SELECT COUNT(*) FROM notice WHERE status = 'posted'") == 1);
  // Just after midnight Stockholm time on 29 December: removed and archived.
  clock.set(at_utc(2026, 12, 28, 23, 1));
  BOOST_TEST(public_notices().empty());  // the listing honours the day even before the job
  BOOST_TEST(worker.run_once() == 1u);
  BOOST_TEST(handled == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM notice WHERE status = 'archived' AND archived_at IS NOT NULL") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'notice.archive' AND principal = "
                   "'system:casehandling/notice-removal'") == 1);
  BOOST_TEST(queue.counts(NoticeBoard::kRemovalQueue).at(jobs::JobState::kDone) == 1u);
  BOOST_TEST(worker.run_once() == 0u);
  // The archived notice is still there for the archive.
  auto ctx = context(secretary, kAneby, tenancy::Context::Intent::kRead);
  const auto id = count("SELECT id FROM notice");
  BOOST_TEST(notices.notice(*ctx, id).status == "archived");
}

BOOST_FIXTURE_TEST_CASE(an_early_removal_attempt_changes_nothing, Fixture) {
  adjusted_minutes(at_utc(2026, 12, 3, 14));
  const auto id = count("SELECT id FROM notice");
  jobs::Job job{0, kAneby, std::string(NoticeBoard::kRemovalQueue), "notice-" + std::to_string(id), "", 1, 20, "t"};
  clock.set(at_utc(2026, 12, 20));
  BOOST_CHECK_THROW(NoticeBoard::remove(*db, audit_log, clock, job), jobs::RetryLater);
  BOOST_TEST(count("SELECT COUNT(*) FROM notice WHERE status = 'posted'") == 1);
  job.idempotency_key = "notice-x";
  BOOST_CHECK_THROW(NoticeBoard::remove(*db, audit_log, clock, job), InvalidInput);
  // Idempotent: a second run after the archive does nothing more.
  job.idempotency_key = "notice-" + std::to_string(id);
  clock.set(at_utc(2027, 1, 5));
  NoticeBoard::remove(*db, audit_log, clock, job);
  NoticeBoard::remove(*db, audit_log, clock, job);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'notice.archive'") == 1);
}

BOOST_FIXTURE_TEST_CASE(secret_paragraphs_never_leak_onto_the_board, Fixture) {
  // Many cases with random secrecy, and paragraphs made secret afterwards at random: every
  // secret title, decision and proposal carries a marker that must never reach the board.
  std::mt19937 random(20261122);
  struct Made {
    bool secret_title;
    bool secret_paragraph;
    std::string marker;
  };
  std::vector<Made> made;
  for (int i = 0; i < 40; ++i) {
    const bool secret_title = random() % 3 == 0;
    made.push_back({secret_title, secret_title || random() % 4 == 0, "HEMLIG" + std::to_string(i) + "X"});
    prepared_case((secret_title ? made.back().marker + " " : std::string()) + "Ärende " + std::to_string(i),
                  secret_title ? "OSL 21 kap. 1 §" : "");
  }
  const long long meeting = held_meeting("2026-12-01");
  long long minutes = 0;
  {
    auto ctx = context(secretary, kAneby);
    const auto items = meetings.build_agenda(*ctx, meeting);
    BOOST_TEST_REQUIRE(items.size() == made.size());
    minutes = meetings.open_minutes(*ctx, meeting, "Kansliet", {"m3"}).id;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto p = meetings.add_paragraph(*ctx, minutes, items[i].id);
      const auto& m = made[i];
      const std::string text = m.secret_paragraph ? m.marker : "offentligt beslut " + std::to_string(i);
      meetings.update_paragraph(
          *ctx, p.id,
          {std::nullopt, m.secret_paragraph ? std::optional<std::string>("OSL 21 kap. 1 §") : std::nullopt, text,
           std::nullopt, text});
    }
    ctx->commit();
  }
  for (const std::string user : {"m1", "m3"}) {
    auto ctx = context(member(user), kAneby);
    meetings.sign(*ctx, minutes, "staff-signature:" + user);
    ctx->commit();
  }
  const auto list = public_notices();
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST_REQUIRE(list[0].paragraphs.size() == made.size());
  for (std::size_t i = 0; i < made.size(); ++i) {
    const auto& p = list[0].paragraphs[i];
    for (const auto& m : made) {
      if (!m.secret_paragraph && !m.secret_title) continue;
      BOOST_TEST(p.heading.find(m.marker) == std::string::npos);
      BOOST_TEST(p.decision.find(m.marker) == std::string::npos);
    }
    BOOST_TEST(p.secrecy_reference.empty() == !made[i].secret_paragraph);
    if (!made[i].secret_paragraph) BOOST_TEST(p.decision == "offentligt beslut " + std::to_string(i));
  }
}

BOOST_AUTO_TEST_SUITE_END()
