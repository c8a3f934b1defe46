// Jäv with a substitute (ersättare): a member with a conflict of interest takes no part in a
// paragraph and a substitute present steps in for that paragraph only, in the board's order of
// substitutes; who votes and the quorum change for that paragraph and nowhere else. On SQLite.
#include <boost/test/unit_test.hpp>

#include "meetings_fixture.hpp"
#include "samverkan/casehandling/minutes_document.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using namespace samverkan::casehandling;
using test::kAneby;

namespace {

struct Fixture : test::MeetingsFixture {
  Fixture() { seat_board(); }

  /// A KS meeting with `attendance`, its minutes open (adjuster m2) and `paragraphs` paragraphs.
  std::vector<long long> meeting_with(const std::vector<AttendanceInput>& attendance, int paragraphs) {
    auto ctx = context(secretary, kAneby);
    const auto m = meetings.create_meeting(*ctx, {"KS", "2026-12-01", "13:00", "Sessionssalen"});
    meetings.set_attendance(*ctx, m.id, attendance);
    const auto info = meetings.open_minutes(*ctx, m.id, "Kommunkansliet, Aneby", {"m2"});
    std::vector<long long> ids;
    for (int i = 1; i <= paragraphs; ++i) {
      ids.push_back(meetings.add_paragraph(*ctx, info.id, 0, "Ärende " + std::to_string(i)).id);
    }
    ctx->commit();
    return ids;
  }
};

std::vector<AttendanceInput> present(std::initializer_list<const char*> users) {
  std::vector<AttendanceInput> out;
  for (const char* u : users) out.push_back({u, Presence::kPresent, ""});
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jav_substitute_test)

BOOST_FIXTURE_TEST_CASE(quorum_without_a_substitute_fails, Fixture) {
  // Three of five seats: a quorum, until m3 has jäv and nobody can step in.
  const auto ids = meeting_with(present({"m1", "m2", "m3"}), 1);
  auto ctx = context(secretary, kAneby);
  const auto p = meetings.declare_conflict(*ctx, ids[0], "m3");
  BOOST_TEST(p.recused == std::vector<std::string>{"m3"});
  BOOST_TEST(p.substitutes.empty());
  BOOST_CHECK_THROW(meetings.record_vote(*ctx, ids[0], {{"m1", Vote::kYes}, {"m2", Vote::kYes}}, "bifall", "avslag"),
                    Conflict);
}

BOOST_FIXTURE_TEST_CASE(quorum_with_a_substitute_holds_and_their_vote_counts, Fixture) {
  // The same three members and s1 present (not serving): s1 steps in for m3 in this paragraph.
  const auto ids = meeting_with(present({"m1", "m2", "m3", "s1"}), 1);
  auto ctx = context(secretary, kAneby);
  const auto p = meetings.declare_conflict(*ctx, ids[0], "m3");
  BOOST_TEST(p.substitutes.size() == 1u);
  BOOST_TEST(p.substitutes.at("s1") == "m3");
  // m3 may not vote; s1 must.
  BOOST_CHECK_THROW(meetings.record_vote(*ctx, ids[0], {{"m1", Vote::kYes}, {"m2", Vote::kNo}, {"m3", Vote::kNo}},
                                         "bifall", "avslag"),
                    InvalidInput);
  BOOST_CHECK_THROW(meetings.record_vote(*ctx, ids[0], {{"m1", Vote::kYes}, {"m2", Vote::kNo}}, "bifall", "avslag"),
                    InvalidInput);
  const auto voted = meetings.record_vote(*ctx, ids[0], {{"m1", Vote::kNo}, {"m2", Vote::kYes}, {"s1", Vote::kYes}},
                                          "bifall", "avslag");
  BOOST_TEST_REQUIRE(voted.tally.has_value());
  BOOST_TEST(voted.tally->yes == 2);
  BOOST_TEST(voted.tally->no == 1);
  BOOST_TEST(voted.tally->result == "ja");  // s1's vote decided it against the chair
  BOOST_TEST(voted.votes.count("s1") == 1u);
  BOOST_TEST(voted.votes.count("m3") == 0u);
  // Jäv cannot be declared after the vote.
  BOOST_CHECK_THROW(meetings.declare_conflict(*ctx, ids[0], "s2"), Conflict);
  ctx->commit();
}

BOOST_FIXTURE_TEST_CASE(the_substitute_steps_in_for_that_paragraph_only, Fixture) {
  // m5 absent with s1 serving for the whole meeting; s2 present and not serving.
  auto attendance = present({"m1", "m2", "m3", "m4", "s2"});
  attendance.push_back({"m5", Presence::kAbsent, ""});
  attendance.push_back({"s1", Presence::kServing, "m5"});
  const auto ids = meeting_with(attendance, 2);
  auto ctx = context(secretary, kAneby);
  // Before any jäv s2 takes no part.
  BOOST_CHECK_THROW(meetings.add_entry(*ctx, ids[0], "motion", "s2", "Bifall"), InvalidInput);
  meetings.declare_conflict(*ctx, ids[0], "m3");
  // In § 1: s2 in, m3 out.
  meetings.add_entry(*ctx, ids[0], "motion", "s2", "Bifall till förslaget");
  BOOST_CHECK_THROW(meetings.add_entry(*ctx, ids[0], "motion", "m3", "Avslag"), InvalidInput);
  auto votes = all_vote(Vote::kNo);  // m1, m2, m3, m4, s1
  votes["s2"] = Vote::kYes;
  BOOST_CHECK_THROW(meetings.record_vote(*ctx, ids[0], votes, "bifall", "avslag"), InvalidInput);  // m3 votes
  votes.erase("m3");
  votes["m1"] = Vote::kYes;
  const auto first = meetings.record_vote(*ctx, ids[0], votes, "bifall", "avslag");
  BOOST_TEST(first.tally->yes == 2);  // m1, s2
  BOOST_TEST(first.tally->no == 3);   // m2, m4, s1
  BOOST_TEST(first.votes.size() == 5u);
  BOOST_TEST(first.tally->result == "nej");
  ctx->commit();

  // § 2 is back to normal: s2 does not vote or speak, m3 does.
  auto ctx2 = context(secretary, kAneby);
  BOOST_CHECK_THROW(meetings.add_entry(*ctx2, ids[1], "motion", "s2", "Bifall"), InvalidInput);
  meetings.add_entry(*ctx2, ids[1], "motion", "m3", "Bifall");
  auto with_s2 = all_vote(Vote::kYes);
  with_s2["s2"] = Vote::kYes;
  BOOST_CHECK_THROW(meetings.record_vote(*ctx2, ids[1], with_s2, "bifall", "avslag"), InvalidInput);
  const auto second = meetings.record_vote(*ctx2, ids[1], all_vote(Vote::kYes), "bifall", "avslag");
  BOOST_TEST(second.tally->yes == 5);
  BOOST_TEST(second.substitutes.empty());
  BOOST_TEST(second.recused.empty());
  ctx2->commit();

  // The minutes' paragraph records who stepped in for whom (read back from the database).
  auto reader = context(member("m1"), kAneby);
  const auto again = meetings.paragraph(*reader, ids[0]);
  BOOST_TEST(again.recused == std::vector<std::string>{"m3"});
  BOOST_TEST(again.substitutes.size() == 1u);
  BOOST_TEST(again.substitutes.at("s2") == "m3");
  BOOST_TEST(again.entries.at(0).user_id == "s2");
}

BOOST_FIXTURE_TEST_CASE(substitutes_step_in_in_the_boards_order, Fixture) {
  // m4 and m5 absent, s1 and s2 present, nobody serving: 3 voters of 5 seats.
  auto attendance = present({"m1", "m2", "m3", "s1", "s2"});
  const auto ids = meeting_with(attendance, 1);
  auto ctx = context(secretary, kAneby);
  auto p = meetings.declare_conflict(*ctx, ids[0], "m3");
  BOOST_TEST(p.substitutes.at("s1") == "m3");  // s1 comes first on the board
  // s1 has jäv too: s2 takes over for m3.
  p = meetings.declare_conflict(*ctx, ids[0], "s1");
  BOOST_TEST(p.substitutes.size() == 1u);
  BOOST_TEST(p.substitutes.at("s2") == "m3");
  // m2 has jäv as well and nobody is left: two voters of five seats, no quorum.
  p = meetings.declare_conflict(*ctx, ids[0], "m2");
  BOOST_TEST(p.substitutes.size() == 1u);
  BOOST_CHECK_THROW(meetings.record_vote(*ctx, ids[0], {{"m1", Vote::kYes}, {"s2", Vote::kYes}}, "bifall", "avslag"),
                    Conflict);
  // A member who is not on the board, and jäv declared twice.
  BOOST_CHECK_THROW(meetings.declare_conflict(*ctx, ids[0], "nobody"), InvalidInput);
  BOOST_CHECK_THROW(meetings.declare_conflict(*ctx, ids[0], "m3"), Conflict);
}

BOOST_FIXTURE_TEST_CASE(jav_of_an_absent_member_brings_in_nobody, Fixture) {
  const auto ids = meeting_with(present({"m1", "m2", "m3", "s1"}), 1);
  auto ctx = context(secretary, kAneby);
  const auto p = meetings.declare_conflict(*ctx, ids[0], "m4");  // absent: takes no part anyway
  BOOST_TEST(p.substitutes.empty());
  // s1 still does not vote: m1, m2, m3 are the voters.
  BOOST_CHECK_THROW(meetings.record_vote(
                        *ctx, ids[0], {{"m1", Vote::kYes}, {"m2", Vote::kYes}, {"m3", Vote::kYes}, {"s1", Vote::kYes}},
                        "bifall", "avslag"),
                    InvalidInput);
  const auto voted = meetings.record_vote(*ctx, ids[0], {{"m1", Vote::kYes}, {"m2", Vote::kYes}, {"m3", Vote::kNo}},
                                          "bifall", "avslag");
  BOOST_TEST(voted.tally->result == "ja");
}

BOOST_FIXTURE_TEST_CASE(the_minutes_say_who_stepped_in_for_whom, Fixture) {
  auto ctx = context(secretary, kAneby);
  const auto m = meetings.create_meeting(*ctx, {"KS", "2026-12-01", "13:00", "Sessionssalen"});
  meetings.set_attendance(*ctx, m.id, present({"m1", "m2", "m3", "s1"}));
  const auto info = meetings.open_minutes(*ctx, m.id, "Kommunkansliet, Aneby", {"m2"});
  const auto with_jav = meetings.add_paragraph(*ctx, info.id, 0, "Markanvisning");
  meetings.add_paragraph(*ctx, info.id, 0, "Informationsärende");
  meetings.declare_conflict(*ctx, with_jav.id, "m3");
  const auto view = full_minutes(*ctx, meetings, boards, info.id);
  const std::string html = render_minutes_html(view, MinutesVersion::kFull);
  BOOST_TEST(html.find("Ledamot m3 anmäler jäv") != std::string::npos);
  const std::string stepped = "Ledamot s1 tjänstgör i stället för Ledamot m3 under paragrafen.";
  BOOST_TEST(html.find(stepped) != std::string::npos, html);
  BOOST_TEST(html.find(stepped, html.find(stepped) + 1) == std::string::npos);  // that paragraph only
}

BOOST_AUTO_TEST_SUITE_END()
