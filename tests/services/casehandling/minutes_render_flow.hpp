#pragma once
// Shared by the minutes document routes test and the notice-board e2e test: over the API, seats
// KS (ordf chair, just, m3; names "Ledamot x (S)"), registers a public and a secret case, holds a
// meeting, decides both (a vote on the public one; a reservation on the secret one, whose texts
// hold the word "hemligtord"), and has the minutes signed when `adjust`.
#include "meeting_routes_flow.hpp"

namespace samverkan::test {

struct MinutesFlow {
  std::string minutes_id;
  std::string meeting_id;
  MeetingRoutesFixture::Session member;
};

/// KS with a public and a secret paragraph (decided, with a vote on the public one); signed
/// (adjusted) when `adjust`.
inline MinutesFlow prepare_minutes_flow(MeetingRoutesFixture& f, bool adjust) {
  MinutesFlow flow;
  const std::string year =
      std::to_string(static_cast<int>(calendar::swedish_date(SystemClock::instance().now()).year()));
  const auto ordf = f.member_session("ordf");
  const auto just = f.member_session("just");
  for (const auto& [user, kind, function] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"ordf", "ordinary", "chair"}, {"just", "ordinary", "vice-chair"}, {"m3", "ordinary", ""}}) {
    const auto r = f.call("POST", "0604/boards/KS/members", f.secretary,
                          R"({"term":")" + year + "-" + year + R"(","userId":")" + user + R"(","name":"Ledamot )" +
                              user + R"x( (S)","kind":")x" + kind + R"(","function":")" + function +
                              R"(","validFrom":")" + year + R"(-01-01"})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
  }
  for (const std::string& body :
       {std::string(R"({"diary":"KS","title":"Detaljplan för Skolgatan","caseType":"detaljplan"})"),
        std::string(R"({"diary":"KS","title":"Förvärv av Aneby 1:1","caseType":"förvärv",)"
                    R"("secrecyReference":"OSL 19 kap. 1 §"})")}) {
    const auto c = f.call("POST", "0604/cases", f.secretary, body);
    BOOST_TEST_REQUIRE(c.status == 201, c.body);
    std::string number = json_member(c.body, "number");
    number[number.find(' ')] = '/';
    BOOST_TEST_REQUIRE(
        f.call("POST", "0604/cases/" + number + "/status", f.secretary, R"({"status":"prepared"})").status == 200);
  }
  const auto meeting = f.call("POST", "0604/boards/KS/meetings", f.secretary,
                              R"({"date":")" + year + R"(-06-10","startsAt":"13:00","place":"Sessionssalen"})");
  BOOST_TEST_REQUIRE(meeting.status == 201, meeting.body);
  flow.meeting_id = json_member(meeting.body, "id");
  const std::string m = "0604/meetings/" + flow.meeting_id;
  const auto agenda = f.call("POST", m + "/agenda", f.secretary);
  BOOST_TEST_REQUIRE(agenda.status == 200, agenda.body);
  const auto items = f.parse(agenda.body)->getArray("items");
  BOOST_TEST_REQUIRE(
      f.call("PUT", m + "/attendance", f.secretary,
             R"({"attendance":[{"userId":"ordf","presence":"present"},{"userId":"just","presence":"present"},
                {"userId":"m3","presence":"present"}]})")
          .status == 200);
  const auto minutes =
      f.call("POST", m + "/minutes", f.secretary, R"({"keptAt":"Kommunkansliet","adjusters":["just"]})");
  BOOST_TEST_REQUIRE(minutes.status == 201, minutes.body);
  flow.minutes_id = json_member(minutes.body, "id");
  const std::string n = "0604/minutes/" + flow.minutes_id;
  std::vector<std::string> paragraphs;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto id = items->getObject(static_cast<unsigned int>(i))->getValue<Poco::Int64>("id");
    const auto p = f.call("POST", n + "/paragraphs", f.secretary, R"({"agendaItem":)" + std::to_string(id) + "}");
    BOOST_TEST_REQUIRE(p.status == 201, p.body);
    paragraphs.push_back("0604/paragraphs/" + json_member(p.body, "id"));
  }
  BOOST_TEST_REQUIRE(f.call("POST", paragraphs[0] + "/votes", f.secretary,
                            R"({"yesMeans":"bifall","noMeans":"avslag","votes":{"ordf":"ja","just":"ja","m3":"nej"}})")
                         .status == 200);
  BOOST_TEST(f.call("PATCH", paragraphs[0], f.secretary, R"({"decision":"Detaljplanen antas"})").status == 200);
  BOOST_TEST(f.call("PATCH", paragraphs[1], f.secretary,
                    R"({"decision":"Köpet hemligtord godkänns","proposal":"Förslag hemligtord"})")
                 .status == 200);
  BOOST_TEST(f.call("POST", paragraphs[1] + "/entries", f.secretary,
                    R"({"kind":"reservation","userId":"m3","text":"Reserverar mig hemligtord"})")
                 .status == 201);
  if (adjust) {
    BOOST_TEST_REQUIRE(f.call_as(just, "POST", n + "/signatures", R"({"signature":"staff-signature:just"})").status ==
                       200);
    BOOST_TEST_REQUIRE(f.call_as(ordf, "POST", n + "/signatures", R"({"signature":"staff-signature:ordf"})").status ==
                       200);
  }
  flow.member = ordf;
  return flow;
}

}  // namespace samverkan::test
