// The BankID login pages beyond the happy path (pages_test walks that): cancel, a failed
// order and its message, English, a login id in another browser's hands, and the status
// route the page's script polls.
#include <boost/test/unit_test.hpp>

#include <string>

#include "services/eservices/pages_fixture.hpp"

using namespace samverkan;
using namespace samverkan::test::pages;

namespace {

const std::string kNext = "/e/0686/mina-sidor";

struct Started {
  std::string page;    // the pending page, with its query
  std::string status;  // the script's status route, with the same query
  std::string csrf;
};

// Starts a login in `b` for Mina sidor; `lang` "" or "&lang=en".
Started start(Browser& b, const std::string& lang = "") {
  auto r = b.get("/e/0686/logga-in?next=" + encode(kNext) + lang);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  const auto csrf = Browser::csrf(r.body);
  const std::string action = lang.empty() ? "/e/0686/logga-in" : "/e/0686/logga-in?lang=en";
  r = b.post(action, "_csrf=" + encode(csrf) + "&next=" + encode(kNext));
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  const std::string page = r.headers.at("location");
  const auto query = page.find('?');
  return {page, page.substr(0, query) + "/status" + page.substr(query), csrf};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(login_pages_test)

BOOST_FIXTURE_TEST_CASE(cancel_ends_the_login_and_says_so, PagesFixture) {
  auto b = browser();
  const auto login = start(b);
  const auto pending = b.get(login.page);
  BOOST_TEST_REQUIRE(pending.status == 200, pending.body);
  const std::string action = Html(pending.body).value("string(//form[contains(@action, '/avbryt')]/@action)");
  auto r = b.post(action, "_csrf=" + encode(Browser::csrf(pending.body)) + "&next=" + encode(kNext));
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  BOOST_TEST(r.headers.at("location") == "/e/0686/logga-in?next=" + encode(kNext) + "&avbrutet=1");
  r = b.get(r.headers.at("location"));
  BOOST_TEST(Html(r.body).value("string(//p[@role='status'])") == "Inloggningen avbröts.");
  BOOST_TEST(Html(r.body).value("string(//button)") == "Logga in med BankID", "a new login can start");
  // The login is gone, even once the simulator would have completed it.
  clock.advance(std::chrono::seconds(6));
  r = b.get(login.page);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Html(r.body).value("string(//p[@role='status'])").starts_with("Inloggningen pågår inte längre"));
  BOOST_TEST(r.headers.count("set-cookie") == 0u, "no session for a cancelled login");
  BOOST_TEST(b.get(kNext).status == 303, "still not logged in");
  // Without the form's CSRF token nothing is cancelled.
  const auto again = start(b);
  const auto page = b.get(again.page);
  BOOST_TEST(
      b.post(Html(page.body).value("string(//form[contains(@action, '/avbryt')]/@action)"), "next=" + encode(kNext))
          .status == 403);
  clock.advance(std::chrono::seconds(6));
  BOOST_TEST(b.get(again.page).status == 303, "the login went on");
}

BOOST_FIXTURE_TEST_CASE(a_failed_order_shows_bankids_message_and_a_way_to_try_again, PagesFixture) {
  simulator->set_scenario(test::person(test::kAnna),
                          bankid_simulator::Scenario::fail("userCancel", std::chrono::seconds(1)));
  auto b = browser();
  const auto login = start(b);
  clock.advance(std::chrono::seconds(2));
  const auto status = b.get(login.status);
  BOOST_TEST_REQUIRE(status.status == 200, status.body);
  BOOST_TEST(status.body.find(R"("state":"failed")") != std::string::npos, status.body);
  BOOST_TEST(status.body.find(R"("message":"Åtgärden avbruten.")") != std::string::npos, status.body);
  BOOST_TEST(status.body.find(R"("location":")" + login.page) != std::string::npos, "the page says why");
  const auto r = b.get(login.page);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  const Html page(r.body);
  BOOST_TEST(page.value("string(//p[@class='error-message'])") == "Åtgärden avbruten.");
  BOOST_TEST(page.value("string(//button)") == "Försök igen");
  BOOST_TEST(page.count("//img") == 0, "no QR code for a failed order");
  BOOST_TEST(page.count("//script[@src='/e/static/bankid.js']") == 0);
}

BOOST_FIXTURE_TEST_CASE(the_login_speaks_english_when_asked, PagesFixture) {
  auto b = browser();
  const auto login = start(b, "&lang=en");
  BOOST_TEST(login.page.ends_with("&lang=en"), login.page);
  auto r = b.get(login.page);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Html(r.body).value("string(//html/@lang)") == "en");
  BOOST_TEST(Html(r.body).value("string(//p[@role='status'])") == "Start your BankID app.");
  BOOST_TEST(Html(r.body).value("string(//img/@alt)") == "QR code for logging in with BankID on another device");
  BOOST_TEST(b.get(login.status).body.find(R"("message":"Start your BankID app.")") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(another_browser_with_the_login_id_gets_nothing, PagesFixture) {
  auto mine = browser();
  const auto login = start(mine);
  auto thief = browser();
  thief.get("/e/0686");                    // a session of its own
  clock.advance(std::chrono::seconds(6));  // the order is complete at BankID
  auto r = thief.get(login.status);
  BOOST_TEST(r.body.find(R"("state":"gone")") != std::string::npos, r.body);
  BOOST_TEST(r.headers.count("set-cookie") == 0u);
  r = thief.get(login.page);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Html(r.body).value("string(//p[@role='status'])").starts_with("Inloggningen pågår inte längre"));
  BOOST_TEST(thief.get(kNext).status == 303, "the thief is not logged in");
  // The browser that started it completes it, through the script's status route.
  r = mine.get(login.status);
  BOOST_TEST(r.body.find(R"("state":"complete")") != std::string::npos, r.body);
  BOOST_TEST(r.body.find(R"("location":"/e/0686/mina-sidor")") != std::string::npos, r.body);
  BOOST_TEST(r.headers.at("set-cookie").starts_with("__Host-samverkan_session="));
  BOOST_TEST(mine.get(kNext).status == 200, "logged in");
  // The page the script goes to if it loads the pending page after that: on to Mina sidor.
  r = mine.get(login.page);
  BOOST_TEST(r.status == 303);
  BOOST_TEST(r.headers.at("location") == kNext);
}

BOOST_AUTO_TEST_SUITE_END()
