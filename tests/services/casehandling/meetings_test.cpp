// Boards' composition, meetings, agenda, attendance and quorum, minutes with numbered
// paragraphs, votes and jäv, adjustment and the lock, on SQLite.
#include <boost/test/unit_test.hpp>

#include "meetings_fixture.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using namespace samverkan::casehandling;
using test::kAneby;
using test::kEksjo;

namespace {

struct Fixture : test::MeetingsFixture {
  Fixture() { seat_board(); }

  long long open(long long meeting, const std::vector<std::string>& adjusters = {"m3"}) {
    auto ctx = context(secretary, kAneby);
    const auto info = meetings.open_minutes(*ctx, meeting, "Kommunkansliet, Aneby", adjusters);
    ctx->commit();
    return info.id;
  }

  Paragraph add(long long minutes, long long item = 0, const std::string& heading = "Val av justerare") {
    auto ctx = context(secretary, kAneby);
    auto p = meetings.add_paragraph(*ctx, minutes, item, heading);
    ctx->commit();
    return p;
  }

  long long refusals() { return count("SELECT COUNT(*) FROM audit_entry WHERE action = 'minutes.change-refused'"); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(meetings_test)

BOOST_FIXTURE_TEST_CASE(composition_is_managed_per_board_and_term, Fixture) {
  auto ctx = context(secretary, kAneby);
  auto ks = members.on_day(*ctx, "KS", "2026-11-22");
  BOOST_TEST(ks.size() == 8u);
  BOOST_TEST((ks.front().kind == MemberKind::kOrdinary));
  BOOST_TEST((ks.back().kind == MemberKind::kSecretary));
  // The same user twice, a second chair, a function for a substitute, a date outside the term.
  BOOST_CHECK_THROW(members.add(*ctx, {"KS", "2023-2026", "m3", "Again", MemberKind::kSubstitute, BoardFunction::kNone,
                                       "2024-01-01"}),
                    Conflict);
  BOOST_CHECK_THROW(
      members.add(*ctx, {"KS", "2023-2026", "x", "X", MemberKind::kOrdinary, BoardFunction::kChair, "2024-01-01"}),
      Conflict);
  BOOST_CHECK_THROW(members.add(*ctx, {"KS", "2023-2026", "x", "X", MemberKind::kSubstitute, BoardFunction::kViceChair,
                                       "2024-01-01"}),
                    InvalidInput);
  BOOST_CHECK_THROW(
      members.add(*ctx, {"KS", "2023-2026", "x", "X", MemberKind::kOrdinary, BoardFunction::kNone, "2027-01-01"}),
      InvalidInput);
  BOOST_CHECK_THROW(
      members.add(*ctx, {"KS", "2023", "x", "X", MemberKind::kOrdinary, BoardFunction::kNone, "2023-01-01"}),
      InvalidInput);
  BOOST_CHECK_THROW(
      members.add(*ctx, {"XX", "2023-2026", "x", "X", MemberKind::kOrdinary, BoardFunction::kNone, "2023-01-01"}),
      InvalidInput);
  // The chair leaves during the term; a new chair from the next day.
  const auto m1 = ks.front();
  BOOST_TEST(m1.user_id == "m1");
  members.end(*ctx, m1.id, "2025-06-30");
  BOOST_CHECK_THROW(members.end(*ctx, m1.id, "2025-07-30"), Conflict);
  members.add(*ctx,
              {"KS", "2023-2026", "m6", "Ny ordförande", MemberKind::kOrdinary, BoardFunction::kChair, "2025-07-01"});
  ctx->commit();
  auto read = context(member("m2"), kAneby, tenancy::Context::Intent::kRead);
  const auto before = members.on_day(*read, "KS", "2025-06-30");
  const auto after = members.on_day(*read, "KS", "2025-07-01");
  const auto chair = [](const std::vector<BoardMember>& list) {
    for (const auto& m : list) {
      if (m.function == BoardFunction::kChair) return m.user_id;
    }
    return std::string();
  };
  BOOST_TEST(chair(before) == "m1");
  BOOST_TEST(chair(after) == "m6");
  BOOST_TEST(after.size() == 8u);
}

BOOST_FIXTURE_TEST_CASE(only_the_secretary_manages_and_outsiders_see_nothing, Fixture) {
  {
    auto ctx = context(aneby_registrar, kAneby);
    BOOST_CHECK_THROW(
        members.add(*ctx, {"KS", "2023-2026", "x", "X", MemberKind::kOrdinary, BoardFunction::kNone, "2023-01-01"}),
        Forbidden);
  }
  {
    auto ctx = context(member("m1"), kAneby);
    BOOST_CHECK_THROW(meetings.create_meeting(*ctx, {"KS", "2026-12-01", "", "Salen"}), Forbidden);
  }
  const long long meeting = held_meeting("2026-12-01");
  {
    auto ctx = context(eksjo_secretary, kAneby);
    BOOST_CHECK_THROW(meetings.meeting(*ctx, meeting), NotFound);
  }
  {
    // Eksjö's secretary in Eksjö does not find Aneby's meeting either.
    auto ctx = context(eksjo_secretary, kEksjo);
    BOOST_CHECK_THROW(meetings.agenda(*ctx, meeting), NotFound);
  }
}

BOOST_FIXTURE_TEST_CASE(agenda_holds_prepared_cases_and_information_items, Fixture) {
  const auto a = prepared_case("Budget 2027");
  const auto secret = prepared_case("Förvärv av fastigheten Aneby 1:1", "OSL 19 kap. 1 §");
  {
    auto ctx = context(aneby_registrar, kAneby);
    cases.register_case(*ctx, {"KS", "Ej färdigt ärende", "beslut", "", "", {}, {}, std::nullopt});
    ctx->commit();
  }
  prepared_case("Annan nämnd", {}, "BUN");
  const long long meeting = held_meeting("2026-12-01");
  auto ctx = context(secretary, kAneby);
  auto items = meetings.build_agenda(*ctx, meeting);
  BOOST_TEST_REQUIRE(items.size() == 2u);
  BOOST_TEST(items[0].case_number->str() == a.str());
  BOOST_TEST(items[0].heading == "Budget 2027");
  BOOST_TEST(items[1].case_number->str() == secret.str());
  BOOST_TEST(items[1].heading.find("Förvärv") == std::string::npos);
  BOOST_TEST(items[1].secrecy_reference == "OSL 19 kap. 1 §");
  const auto info = meetings.add_information_item(*ctx, meeting, "Information om läget i skolorna");
  BOOST_TEST(info.ordinal == 3);
  // A case already on an agenda is not put on another.
  const long long next = meetings.create_meeting(*ctx, {"KS", "2026-12-15", "", "Salen"}).id;
  BOOST_TEST(meetings.build_agenda(*ctx, next).empty());
  BOOST_CHECK_THROW(meetings.add_information_item(*ctx, meeting, " "), InvalidInput);
  BOOST_CHECK_THROW(meetings.create_meeting(*ctx, {"KS", "2026-13-01", "", "Salen"}), InvalidInput);
  BOOST_CHECK_THROW(meetings.create_meeting(*ctx, {"KS", "2026-12-01", "25:00", "Salen"}), InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(quorum_needs_more_than_half_of_the_seats, Fixture) {
  BOOST_TEST(!has_quorum(0, 0));
  BOOST_TEST(!has_quorum(2, 5));
  BOOST_TEST(has_quorum(3, 5));
  BOOST_TEST(!has_quorum(3, 6));
  BOOST_TEST(has_quorum(4, 6));
  auto ctx = context(secretary, kAneby);
  const auto m = meetings.create_meeting(*ctx, {"KS", "2026-12-01", "", "Salen"});
  auto a = meetings.set_attendance(*ctx, m.id,
                                   {{"m1", Presence::kPresent, ""},
                                    {"m2", Presence::kPresent, ""},
                                    {"m3", Presence::kAbsent, ""},
                                    {"s1", Presence::kPresent, ""}});
  BOOST_TEST(a.seats == 5);
  BOOST_TEST(a.voting == 2);  // a substitute present but not serving does not count
  BOOST_TEST(!a.quorum);
  a = meetings.set_attendance(*ctx, m.id,
                              {{"m1", Presence::kPresent, ""},
                               {"m2", Presence::kPresent, ""},
                               {"m3", Presence::kAbsent, ""},
                               {"s1", Presence::kServing, "m3"}});
  BOOST_TEST(a.voting == 3);
  BOOST_TEST(a.quorum);
  // A substitute serves only for an absent ordinary member, one for each.
  BOOST_CHECK_THROW(
      meetings.set_attendance(*ctx, m.id, {{"m1", Presence::kPresent, ""}, {"s1", Presence::kServing, "m1"}}),
      InvalidInput);
  BOOST_CHECK_THROW(
      meetings.set_attendance(*ctx, m.id, {{"s1", Presence::kServing, "m3"}, {"s2", Presence::kServing, "m3"}}),
      InvalidInput);
  BOOST_CHECK_THROW(meetings.set_attendance(*ctx, m.id, {{"m2", Presence::kServing, "m3"}}), InvalidInput);
  BOOST_CHECK_THROW(meetings.set_attendance(*ctx, m.id, {{"s1", Presence::kServing, "sec"}}), InvalidInput);
  BOOST_CHECK_THROW(meetings.set_attendance(*ctx, m.id, {{"nobody", Presence::kPresent, ""}}), InvalidInput);
  BOOST_CHECK_THROW(
      meetings.set_attendance(*ctx, m.id, {{"m1", Presence::kPresent, ""}, {"m1", Presence::kAbsent, ""}}),
      InvalidInput);
  // Without a quorum no paragraph is written.
  meetings.set_attendance(*ctx, m.id, {{"m1", Presence::kPresent, ""}, {"m2", Presence::kPresent, ""}});
  ctx->commit();
  auto open_ctx = context(secretary, kAneby);
  BOOST_CHECK_THROW(meetings.open_minutes(*open_ctx, m.id, "Kansliet", {"m5"}), InvalidInput);  // absent
  BOOST_CHECK_THROW(meetings.open_minutes(*open_ctx, m.id, "Kansliet", {"m1"}), InvalidInput);  // the chair
  const auto info = meetings.open_minutes(*open_ctx, m.id, "Kansliet", {"m2"});
  BOOST_CHECK_THROW(meetings.add_paragraph(*open_ctx, info.id, 0, "Utan beslutsförhet"), Conflict);
}

BOOST_FIXTURE_TEST_CASE(paragraphs_are_numbered_per_board_and_year_across_meetings, Fixture) {
  seat_board("BUN");
  const long long first = open(held_meeting("2026-11-03"));
  const long long second = open(held_meeting("2026-12-01"));
  const long long bun = open(held_meeting("2026-12-02", "BUN"));
  const long long next_year = open(held_meeting("2027-01-12"));
  BOOST_TEST(add(first).number == 1);
  BOOST_TEST(add(first).number == 2);
  BOOST_TEST(add(second).number == 3);
  BOOST_TEST(add(bun).number == 1);
  BOOST_TEST(add(first).number == 4);
  const auto p = add(next_year);
  BOOST_TEST(p.number == 1);
  BOOST_TEST(p.year == 2027);
  {
    // A rolled-back paragraph gives its number back.
    auto ctx = context(secretary, kAneby);
    BOOST_TEST(meetings.add_paragraph(*ctx, second, 0, "Återtas").number == 5);
  }
  BOOST_TEST(add(second).number == 5);
}

BOOST_FIXTURE_TEST_CASE(votes_and_jav, Fixture) {
  const auto number = prepared_case("Detaljplan för Skolgatan");
  const long long meeting = held_meeting("2026-12-01");
  long long item = 0;
  {
    auto ctx = context(secretary, kAneby);
    item = meetings.build_agenda(*ctx, meeting).at(0).id;
    ctx->commit();
  }
  const long long minutes = open(meeting);
  const auto p = add(minutes, item, "");
  BOOST_TEST(p.heading == "Detaljplan för Skolgatan");
  BOOST_TEST(p.case_number->str() == number.str());
  auto ctx = context(secretary, kAneby);
  meetings.add_entry(*ctx, p.id, "motion", "m2", "Bifall till förslaget");
  meetings.add_entry(*ctx, p.id, "motion", "m4", "Avslag");
  meetings.declare_conflict(*ctx, p.id, "m3");  // jäv
  BOOST_CHECK_THROW(meetings.declare_conflict(*ctx, p.id, "m3"), Conflict);
  BOOST_CHECK_THROW(meetings.add_entry(*ctx, p.id, "motion", "m3", "Jävig yrkar"), InvalidInput);
  BOOST_CHECK_THROW(meetings.add_entry(*ctx, p.id, "motion", "m5", "Frånvarande"), InvalidInput);
  BOOST_CHECK_THROW(meetings.add_entry(*ctx, p.id, "opinion", "m2", "x"), InvalidInput);
  auto votes = all_vote(Vote::kYes);
  // The member with jäv cannot vote; everyone else must.
  BOOST_CHECK_THROW(meetings.record_vote(*ctx, p.id, votes, "bifall", "avslag"), InvalidInput);
  votes.erase("m3");
  votes.erase("s1");
  BOOST_CHECK_THROW(meetings.record_vote(*ctx, p.id, votes, "bifall", "avslag"), InvalidInput);
  votes["s1"] = Vote::kNo;
  votes["m4"] = Vote::kNo;
  votes["m2"] = Vote::kAbstain;
  votes["x"] = Vote::kYes;
  BOOST_CHECK_THROW(meetings.record_vote(*ctx, p.id, votes, "bifall", "avslag"), InvalidInput);
  votes.erase("x");
  // m1 (chair) ja, m2 avstår, m4 nej, s1 nej: 1-2, nej wins.
  const auto voted = meetings.record_vote(*ctx, p.id, votes, "bifall", "avslag");
  BOOST_TEST_REQUIRE(voted.tally.has_value());
  BOOST_TEST(voted.tally->yes == 1);
  BOOST_TEST(voted.tally->no == 2);
  BOOST_TEST(voted.tally->abstain == 1);
  BOOST_TEST(voted.tally->result == "nej");
  BOOST_TEST(voted.votes.size() == 4u);
  BOOST_TEST(voted.recused == std::vector<std::string>{"m3"});
  BOOST_CHECK_THROW(meetings.record_vote(*ctx, p.id, votes, "bifall", "avslag"), Conflict);
  BOOST_CHECK_THROW(meetings.declare_conflict(*ctx, p.id, "m4"), Conflict);  // voted already
  meetings.add_entry(*ctx, p.id, "reservation", "m1", "Reservation till förmån för bifall");
  meetings.add_entry(*ctx, p.id, "protocol-note", "m2", "Anteckning");
  const auto text = meetings.update_paragraph(
      *ctx, p.id, {std::nullopt, std::nullopt, "Förslag", "Ordföranden ställer proposition ...", "Avslag"});
  BOOST_TEST(text.decision == "Avslag");
  BOOST_TEST(text.entries.size() == 4u);

  // A tie: the chair's vote decides.
  const auto tie = meetings.add_paragraph(*ctx, minutes, 0, "Lika röstetal");
  const auto tied = meetings.record_vote(
      *ctx, tie.id,
      {{"m1", Vote::kNo}, {"m2", Vote::kYes}, {"m3", Vote::kYes}, {"m4", Vote::kNo}, {"s1", Vote::kAbstain}}, "bifall",
      "avslag");
  BOOST_TEST(tied.tally->result == "nej");
  ctx->commit();
}

BOOST_FIXTURE_TEST_CASE(jav_members_do_not_count_for_the_quorum, Fixture) {
  auto ctx = context(secretary, kAneby);
  const auto m = meetings.create_meeting(*ctx, {"KS", "2026-12-01", "", "Salen"});
  meetings.set_attendance(
      *ctx, m.id, {{"m1", Presence::kPresent, ""}, {"m2", Presence::kPresent, ""}, {"m3", Presence::kPresent, ""}});
  meetings.open_minutes(*ctx, m.id, "Kansliet", {"m2"});
  ctx->commit();
  auto ctx2 = context(secretary, kAneby);
  const auto info = meetings.minutes_of(*ctx2, m.id);
  BOOST_TEST_REQUIRE(info.has_value());
  const auto p = meetings.add_paragraph(*ctx2, info->id, 0, "Jäv");
  meetings.declare_conflict(*ctx2, p.id, "m3");
  BOOST_CHECK_THROW(meetings.record_vote(*ctx2, p.id, {{"m1", Vote::kYes}, {"m2", Vote::kYes}}, "ja", "nej"), Conflict);
}

BOOST_FIXTURE_TEST_CASE(signed_minutes_are_locked_and_changes_refused_and_audited, Fixture) {
  const long long meeting = held_meeting("2026-12-01");
  const long long minutes = open(meeting, {"m3", "s1"});
  const auto p = add(minutes);
  {
    auto ctx = context(member("m4"), kAneby);
    BOOST_CHECK_THROW(meetings.sign(*ctx, minutes, "staff-signature:m4"), Forbidden);
  }
  {
    auto ctx = context(aneby_registrar, kAneby);  // no minutes.sign
    BOOST_CHECK_THROW(meetings.sign(*ctx, minutes, "x"), Forbidden);
  }
  for (const std::string user : {"s1", "m1"}) {
    auto ctx = context(member(user), kAneby);
    const auto info = meetings.sign(*ctx, minutes, "staff-signature:" + user);
    BOOST_TEST((info.status == MinutesStatus::kDraft));
    ctx->commit();
  }
  {
    auto ctx = context(member("m1"), kAneby);
    BOOST_CHECK_THROW(meetings.sign(*ctx, minutes, "again"), Conflict);
  }
  {
    auto ctx = context(member("m3"), kAneby);
    const auto info = meetings.sign(*ctx, minutes, "staff-signature:m3");
    BOOST_TEST((info.status == MinutesStatus::kAdjusted));
    BOOST_TEST(info.notice_id.has_value());
    ctx->commit();
  }
  BOOST_TEST(refusals() == 0);
  {
    auto ctx = context(secretary, kAneby);
    BOOST_CHECK_THROW(
        meetings.update_paragraph(
            *ctx, p.id, {std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::string("Ändrat i efterhand")}),
        Conflict);
  }
  {
    auto ctx = context(secretary, kAneby);
    BOOST_CHECK_THROW(meetings.add_paragraph(*ctx, minutes, 0, "Ny paragraf"), Conflict);
  }
  {
    auto ctx = context(member("m1"), kAneby);
    BOOST_CHECK_THROW(meetings.sign(*ctx, minutes, "x"), Conflict);
  }
  BOOST_TEST(refusals() == 3);
  auto ctx = context(secretary, kAneby, tenancy::Context::Intent::kRead);
  BOOST_TEST(meetings.paragraph(*ctx, p.id).decision.empty());
  BOOST_TEST(!audit::AuditLog::verify(*db, kAneby).first_break.has_value());
}

BOOST_FIXTURE_TEST_CASE(an_immediately_adjusted_paragraph_is_locked, Fixture) {
  const long long minutes = open(held_meeting("2026-12-01"));
  const auto p = add(minutes);
  const auto q = add(minutes);
  {
    auto ctx = context(secretary, kAneby);
    meetings.update_paragraph(*ctx, p.id,
                              {std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::string("Beslut")});
    BOOST_TEST(meetings.adjust_immediately(*ctx, p.id).immediately_adjusted);
    ctx->commit();
  }
  {
    auto ctx = context(secretary, kAneby);
    BOOST_CHECK_THROW(meetings.update_paragraph(
                          *ctx, p.id, {std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::string("Annat")}),
                      Conflict);
  }
  auto ctx = context(secretary, kAneby);
  BOOST_TEST(
      meetings.update_paragraph(*ctx, q.id, {std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::string("Ok")})
          .decision == "Ok");
  BOOST_TEST(meetings.paragraph(*ctx, p.id).decision == "Beslut");
}

BOOST_FIXTURE_TEST_CASE(secret_paragraph_texts_are_for_those_entitled, Fixture) {
  prepared_case("Förvärv av fastigheten Aneby 1:1", "OSL 19 kap. 1 §");
  prepared_case("Budget 2027");
  const long long meeting = held_meeting("2026-12-01");
  long long secret = 0;
  long long open_paragraph = 0;
  {
    auto ctx = context(secretary, kAneby);
    const auto items = meetings.build_agenda(*ctx, meeting);
    const long long minutes = meetings.open_minutes(*ctx, meeting, "Kansliet", {"m3"}).id;
    secret = meetings.add_paragraph(*ctx, minutes, items.at(0).id).id;
    open_paragraph = meetings.add_paragraph(*ctx, minutes, items.at(1).id).id;
    for (long long id : {secret, open_paragraph}) {
      meetings.update_paragraph(*ctx, id,
                                {std::nullopt, std::nullopt, std::string("Förslag Aneby 1:1"), std::nullopt,
                                 std::string("Beslut Aneby 1:1")});
      meetings.add_entry(*ctx, id, "protocol-note", "m2", "Anteckning Aneby 1:1");
    }
    // A secret case's paragraph cannot be made public.
    BOOST_CHECK_THROW(meetings.update_paragraph(
                          *ctx, secret, {std::nullopt, std::string(), std::nullopt, std::nullopt, std::nullopt}),
                      InvalidInput);
    ctx->commit();
  }
  const auto reader_view = [&](const security::Principal& who) {
    auto ctx = context(who, kAneby, tenancy::Context::Intent::kRead);
    auto p = meetings.paragraph(*ctx, secret);
    ctx->commit();
    return p;
  };
  const auto hidden = reader_view(aneby_reader);
  BOOST_TEST(hidden.texts_withheld);
  BOOST_TEST(hidden.decision.empty());
  BOOST_TEST(hidden.proposal.empty());
  BOOST_TEST(hidden.entries.at(0).text.empty());
  BOOST_TEST(hidden.heading.find("Aneby 1:1") == std::string::npos);
  BOOST_TEST(hidden.secrecy_reference == "OSL 19 kap. 1 §");
  const auto client = security::Principal::api_client("c", kAneby, {"cases:read"});
  BOOST_TEST(reader_view(client).decision.empty());
  for (const auto& entitled : {member("m5"), aneby_registrar, secretary}) {
    const auto full = reader_view(entitled);
    BOOST_TEST(!full.texts_withheld);
    BOOST_TEST(full.decision == "Beslut Aneby 1:1");
  }
  auto ctx = context(aneby_reader, kAneby, tenancy::Context::Intent::kRead);
  BOOST_TEST(meetings.paragraph(*ctx, open_paragraph).decision == "Beslut Aneby 1:1");
}

BOOST_AUTO_TEST_SUITE_END()
