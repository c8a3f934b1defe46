#pragma once
// The meetings REST API on the whole platform: a committee secretary's API client, two members
// who log in as staff (password + TOTP) to sign, and the public. run_meeting_flow() goes from
// case registration to the notice's removal; used on SQLite (meeting_routes_test) and on
// PostgreSQL (meeting_routes_pgtest).
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "samverkan/auth/totp.hpp"
#include "samverkan/calendar/appeal_period.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/casehandling/notice_board.hpp"
#include "samverkan/jobs/worker.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/server/platform_fixture.hpp"

namespace samverkan::test {

inline const auto kRoutesAneby = ids::Kommunkod::parse("0604");
inline const auto kRoutesEksjo = ids::Kommunkod::parse("0686");

struct MeetingRoutesFixture : PlatformFixture {
  explicit MeetingRoutesFixture(const std::string& url = {}) : PlatformFixture(url) {}

  struct Session {
    std::string cookie;
    std::string csrf;
  };

  /// A committee member of Aneby, logged in as staff.
  Session member_session(const std::string& username) {
    const auto admin = security::Principal::staff("admin", {{kRoutesAneby, {security::Role::kAdministrator}}});
    tenancy::Context ctx(platform->database(), admin, kRoutesAneby, SystemClock::instance(), &platform->audit_log());
    auth::NewStaffUserRequest request;
    request.username = username;
    request.roles = {security::Role::kCommitteeMember};
    const auto user = platform->auth().staff().create(ctx, request);
    ctx.commit();
    const auto start = user.totp_uri.find("secret=") + 7;
    const auto secret = *auth::base32_decode(user.totp_uri.substr(start, user.totp_uri.find('&', start) - start));
    const auto r = client().request("POST", "/api/v1/staff/login",
                                    R"({"username":")" + username + R"(","password":")" + user.initial_password +
                                        R"(","code":")" + auth::totp(secret, SystemClock::instance().now()) +
                                        R"(","newPassword":"a long new passphrase for )" + username + "\"}",
                                    "application/json");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    const auto& set_cookie = r.headers.at("set-cookie");
    return {set_cookie.substr(0, set_cookie.find(';')), json_member(r.body, "csrfToken")};
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& token,
                  const std::string& body = {}) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return client().request(method, "/api/v1/municipalities/" + path, body, "application/json", headers);
  }

  HttpResult call_as(const Session& session, const std::string& method, const std::string& path,
                     const std::string& body = {}) {
    return client().request(method, "/api/v1/municipalities/" + path, body, "application/json",
                            {{"Cookie", session.cookie}, {"X-CSRF-Token", session.csrf}});
  }

  static Poco::JSON::Object::Ptr parse(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  }

  const std::set<std::string> kAll = {"cases:read", "cases:write", "meetings:write"};
  std::string secretary = token_for(kRoutesAneby, kAll);
  std::string eksjo = token_for(kRoutesEksjo, kAll);
  std::string reader = token_for(kRoutesAneby, {"cases:read"});
};

/// Seats KS (ordf chair, just, m3, m4, m5; s1 substitute), registers and prepares a public
/// and a secret case, holds a meeting, writes and votes the minutes, has them signed, checks
/// the notice board, the lock, isolation, and the notice's removal after the appeal period.
inline void run_meeting_flow(MeetingRoutesFixture& f) {
  const std::string term_year =
      std::to_string(static_cast<int>(calendar::swedish_date(SystemClock::instance().now()).year()));
  const auto ordf = f.member_session("ordf");
  const auto just = f.member_session("just");
  for (const auto& [user, kind, function] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"ordf", "ordinary", "chair"},
                                                                      {"just", "ordinary", "vice-chair"},
                                                                      {"m3", "ordinary", ""},
                                                                      {"m4", "ordinary", ""},
                                                                      {"m5", "ordinary", ""},
                                                                      {"s1", "substitute", ""}}) {
    const auto r = f.call("POST", "0604/boards/KS/members", f.secretary,
                          R"({"term":")" + term_year + "-" + term_year + R"(","userId":")" + user +
                              R"(","name":"Ledamot )" + user + R"(","kind":")" + kind + R"(","function":")" + function +
                              R"(","validFrom":")" + term_year + R"(-01-01"})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
  }
  const std::string day = term_year + "-06-10";
  const auto composition = f.call("GET", "0604/boards/KS/members?day=" + day, f.reader);
  BOOST_TEST(composition.status == 200);
  BOOST_TEST(f.parse(composition.body)->getArray("members")->size() == 6u);

  std::vector<std::string> numbers;
  for (const std::string& body :
       {std::string(R"({"diary":"KS","title":"Detaljplan för Skolgatan","caseType":"detaljplan"})"),
        std::string(R"({"diary":"KS","title":"Förvärv av Aneby 1:1","caseType":"förvärv",)"
                    R"("secrecyReference":"OSL 19 kap. 1 §"})")}) {
    const auto c = f.call("POST", "0604/cases", f.secretary, body);
    BOOST_TEST_REQUIRE(c.status == 201, c.body);
    std::string number = json_member(c.body, "number");
    numbers.push_back(number);
    number[number.find(' ')] = '/';
    BOOST_TEST_REQUIRE(
        f.call("POST", "0604/cases/" + number + "/status", f.secretary, R"({"status":"prepared"})").status == 200);
  }

  const auto meeting = f.call("POST", "0604/boards/KS/meetings", f.secretary,
                              R"({"date":")" + day + R"(","startsAt":"13:00","place":"Sessionssalen"})");
  BOOST_TEST_REQUIRE(meeting.status == 201, meeting.body);
  const std::string m = "0604/meetings/" + json_member(meeting.body, "id");
  const auto agenda = f.call("POST", m + "/agenda", f.secretary);
  BOOST_TEST_REQUIRE(agenda.status == 200, agenda.body);
  const auto items = f.parse(agenda.body)->getArray("items");
  BOOST_TEST_REQUIRE(items->size() == 2u);
  BOOST_TEST(agenda.body.find("Aneby 1:1") == std::string::npos);
  BOOST_TEST(f.call("POST", m + "/agenda/items", f.secretary, R"({"heading":"Information"})").status == 201);
  const auto attendance =
      f.call("PUT", m + "/attendance", f.secretary,
             R"({"attendance":[{"userId":"ordf","presence":"present"},{"userId":"just","presence":"present"},
                {"userId":"m3","presence":"present"},{"userId":"m4","presence":"absent"},
                {"userId":"s1","presence":"serving","servingFor":"m4"}]})");
  BOOST_TEST_REQUIRE(attendance.status == 200, attendance.body);
  BOOST_TEST(json_member(attendance.body, "quorum") == "true");
  BOOST_TEST(
      f.call("PUT", m + "/attendance", f.secretary, R"({"attendance":[{"userId":"x","presence":"present"}]})").status ==
      400);

  const auto minutes =
      f.call("POST", m + "/minutes", f.secretary, R"({"keptAt":"Kommunkansliet","adjusters":["just"]})");
  BOOST_TEST_REQUIRE(minutes.status == 201, minutes.body);
  const std::string n = "0604/minutes/" + json_member(minutes.body, "id");
  std::vector<std::string> paragraphs;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto id = items->getObject(static_cast<unsigned int>(i))->getValue<Poco::Int64>("id");
    const auto p = f.call("POST", n + "/paragraphs", f.secretary, R"({"agendaItem":)" + std::to_string(id) + "}");
    BOOST_TEST_REQUIRE(p.status == 201, p.body);
    BOOST_TEST(json_member(p.body, "number") == std::to_string(i + 1));
    paragraphs.push_back("0604/paragraphs/" + json_member(p.body, "id"));
  }
  BOOST_TEST(
      f.call("POST", paragraphs[0] + "/entries", f.secretary, R"({"kind":"motion","userId":"m3","text":"Avslag"})")
          .status == 201);
  BOOST_TEST(f.call("POST", paragraphs[0] + "/conflicts-of-interest", f.secretary, R"({"userId":"s1"})").status == 200);
  const auto voted = f.call("POST", paragraphs[0] + "/votes", f.secretary,
                            R"({"yesMeans":"bifall","noMeans":"avslag","votes":{"ordf":"ja","just":"ja","m3":"nej"}})");
  BOOST_TEST_REQUIRE(voted.status == 200, voted.body);
  BOOST_TEST(voted.body.find(R"("result":"ja")") != std::string::npos);
  BOOST_TEST(f.call("POST", paragraphs[1] + "/votes", f.secretary,
                    R"({"yesMeans":"a","noMeans":"b","votes":{"ordf":"ja","s1":"ja"}})")
                 .status == 400);
  BOOST_TEST(f.call("PATCH", paragraphs[0], f.secretary, R"({"decision":"Detaljplanen antas"})").status == 200);
  BOOST_TEST(f.call("PATCH", paragraphs[1], f.secretary, R"({"decision":"Köpet av Aneby 1:1 godkänns"})").status ==
             200);
  BOOST_TEST(f.call("PATCH", paragraphs[1], f.reader, R"({"decision":"x"})").status == 403);

  // Isolation: Eksjö's principal gets 404 for every one of Aneby's resources.
  for (const auto& [method, path, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"GET", "0604/boards/KS/members", ""},
           {"POST", "0604/boards/KS/members", R"({"term":"2023-2026","userId":"x","name":"x","kind":"ordinary",
              "validFrom":"2023-01-01"})"},
           {"GET", "0604/boards/KS/meetings", ""},
           {"GET", m, ""},
           {"GET", m + "/agenda", ""},
           {"POST", m + "/agenda", ""},
           {"GET", m + "/attendance", ""},
           {"GET", m + "/minutes", ""},
           {"GET", n, ""},
           {"GET", n + "/paragraphs", ""},
           {"POST", n + "/paragraphs", R"({"heading":"x"})"},
           {"GET", paragraphs[1], ""},
           {"PATCH", paragraphs[1], R"({"decision":"x"})"},
           {"POST", n + "/signatures", R"({"signature":"x"})"}}) {
    const auto r = f.call(method, path, f.eksjo, body);
    BOOST_TEST(r.status == 404, method << " " << path << ": " << r.body);
    BOOST_TEST(r.body.find("Aneby 1:1") == std::string::npos);
    BOOST_TEST(r.body.find("Detaljplanen") == std::string::npos);
  }
  // The same ids under Eksjö's own path are not found either.
  BOOST_TEST(f.call("GET", "0686/minutes/" + json_member(minutes.body, "id"), f.eksjo).status == 404);

  // An API client cannot sign; the chair and the adjuster do, in any order.
  BOOST_TEST(f.call("POST", n + "/signatures", f.secretary, R"({"signature":"x"})").status == 403);
  const auto first = f.call_as(just, "POST", n + "/signatures", R"({"signature":"staff-signature:just"})");
  BOOST_TEST_REQUIRE(first.status == 200, first.body);
  BOOST_TEST(json_member(first.body, "status") == "draft");
  const auto second = f.call_as(ordf, "POST", n + "/signatures", R"({"signature":"staff-signature:ordf"})");
  BOOST_TEST_REQUIRE(second.status == 200, second.body);
  BOOST_TEST(json_member(second.body, "status") == "adjusted");

  // Locked: any change is 409.
  const auto late = f.call("PATCH", paragraphs[0], f.secretary, R"({"decision":"Ändrat"})");
  BOOST_TEST(late.status == 409);
  BOOST_TEST(late.content_type.starts_with("application/problem+json"));
  BOOST_TEST(f.call("POST", n + "/paragraphs", f.secretary, R"({"heading":"Sent"})").status == 409);

  // The public notice board.
  const auto today = calendar::swedish_date(SystemClock::instance().now());
  const auto board = f.call("GET", "0604/notice-board", "");
  BOOST_TEST_REQUIRE(board.status == 200, board.body);
  BOOST_TEST(board.body.find(R"("appealDeadline":")" + calendar::format_iso_date(calendar::appeal_deadline(today))) !=
             std::string::npos);
  BOOST_TEST(board.body.find(R"("postedOn":")" + calendar::format_iso_date(today)) != std::string::npos);
  BOOST_TEST(board.body.find("Detaljplanen antas") != std::string::npos);
  BOOST_TEST(board.body.find("Aneby 1:1") == std::string::npos);
  BOOST_TEST(board.body.find("godkänns") == std::string::npos);
  BOOST_TEST(board.body.find("OSL 19 kap. 1 §") != std::string::npos);
  BOOST_TEST(f.call("GET", "0686/notice-board", "").body.find("Detaljplanen") == std::string::npos);
  BOOST_TEST(f.call("GET", "9999/notice-board", "").status == 404);

  // The removal: a worker with a clock past the deadline archives it; before, nothing.
  ManualClock clock(SystemClock::instance().now());
  jobs::JobQueue queue(f.platform->database(), clock);
  jobs::Worker removal(queue, std::string(casehandling::NoticeBoard::kRemovalQueue), [&](const jobs::Job& job) {
    casehandling::NoticeBoard::remove(f.platform->database(), f.platform->audit_log(), clock, job);
  });
  BOOST_TEST(removal.run_once() == 0u);
  clock.advance(std::chrono::hours(24 * 40));
  BOOST_TEST(removal.run_once() == 1u);
  BOOST_TEST(f.parse(f.call("GET", "0604/notice-board", "").body)->getArray("notices")->size() == 0u);
  const auto notice = f.call("GET", "0604/notices/" + json_member(second.body, "notice"), f.reader);
  BOOST_TEST(notice.status == 200, notice.body);
  BOOST_TEST(json_member(notice.body, "status") == "archived");
}

}  // namespace samverkan::test
