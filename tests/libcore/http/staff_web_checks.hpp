#pragma once
// Checks of the staff web that run on SQLite (staff_area_test.cpp) and on PostgreSQL
// (staff_area_pgtest.cpp): the first login, the member switcher, the idle timeout.
#include <chrono>

#include "libcore/http/staff_web_fixture.hpp"

namespace samverkan::test::staff {

using namespace std::chrono_literals;

/// A new user: the one-time password alone, then the password change and the enrolment, each
/// refusing bad input; the session acts for nobody until the end; then a login with the new
/// password and a code.
inline bool login_not_finished(const Unauthenticated& e) {
  return std::string(e.what()).find("the login is not finished") != std::string::npos;
}

inline void check_first_login(StaffWeb& web) {
  const auto anna = web.create_user("anna", {{web.aneby, {Role::kRegistrar}}, {web.eksjo, {Role::kCaseHandler}}});
  Browser browser{web};

  // Not logged in: to the login page, and back after it.
  const auto start = browser.get("/staff/0604/prov");
  BOOST_TEST(start.status == 303);
  BOOST_TEST(start.location() == "/staff/logga-in?next=%2Fstaff%2F0604%2Fprov");

  const auto login = browser.get("/staff/logga-in");
  BOOST_TEST_REQUIRE(login.status == 200);
  BOOST_TEST(login.html().value("string(/html/@lang)") == "sv");
  const auto wrong = browser.submit(login, "/staff/logga-in",
                                    {{"username", "anna"}, {"password", "not the one-time password"}, {"code", ""}});
  BOOST_TEST(wrong.status == 400);
  BOOST_TEST(wrong.html().value("string(//div[@class='error-summary']//a)").starts_with("Fel användarnamn"));
  BOOST_TEST(web.audit_count(web.aneby, "staff.login", "refused") == 1);

  const auto started = browser.submit(login, "/staff/logga-in",
                                      {{"username", "anna"}, {"password", anna.initial_password}, {"code", ""}});
  BOOST_TEST_REQUIRE(started.status == 303, started.body);
  BOOST_TEST(started.location() == "/staff/nytt-losenord");
  // Half-way: no page, and no API call, acts for the user yet.
  BOOST_TEST(browser.get("/staff/0604").location() == "/staff/nytt-losenord");
  BOOST_TEST(browser.get("/staff/engangskoder").location() == "/staff/nytt-losenord");
  http::Request api;
  api.method = "GET";
  api.headers.emplace_back("Cookie", browser.cookie);
  BOOST_CHECK_EXCEPTION(web.services->authenticator().require(api), Unauthenticated, login_not_finished);

  const auto page = browser.get("/staff/nytt-losenord");
  BOOST_TEST_REQUIRE(page.status == 200);
  const auto change = [&](const std::string& password, const std::string& repeat) {
    return browser.submit(page, "/staff/nytt-losenord", {{"new_password", password}, {"repeat_password", repeat}});
  };
  const auto short_one = change("too short", "too short");
  BOOST_TEST(short_one.status == 400);
  BOOST_TEST(short_one.html().value("string(//p[@id='new_password-error'])").find("minst 12 tecken") !=
             std::string::npos);
  BOOST_TEST(short_one.html().value("string(//input[@id='new_password']/@aria-invalid)") == "true");
  BOOST_TEST(change("a long new passphrase", "another long phrase")
                 .html()
                 .value("string(//p[@id='repeat_password-error'])")
                 .find("inte lika") != std::string::npos);
  BOOST_TEST(change(anna.initial_password, anna.initial_password)
                 .html()
                 .value("string(//p[@id='new_password-error'])")
                 .find("engångslösenordet") != std::string::npos);
  const auto changed = change("a long new passphrase", "a long new passphrase");
  BOOST_TEST_REQUIRE(changed.status == 303, changed.body);
  BOOST_TEST(changed.location() == "/staff/engangskoder");
  BOOST_TEST(web.audit_count(web.eksjo, "staff.password-change") == 1);

  // The secret shown is a fresh one: not the one printed when the user was created.
  const auto enrol = browser.get("/staff/engangskoder");
  BOOST_TEST_REQUIRE(enrol.status == 200);
  const auto shown = enrol.html().value("string(//code[@id='totp-secret'])");
  std::string secret = shown;
  std::erase(secret, ' ');
  BOOST_TEST(secret.size() == 32U);
  BOOST_TEST(anna.totp_uri.find("secret=" + secret) == std::string::npos);
  BOOST_TEST(enrol.html().count("//svg[@role='img']/rect") > 20);
  BOOST_TEST(enrol.html().value("string(//svg/title)") == "QR-kod med nyckeln till dina engångskoder");
  http::Request enrolling;
  enrolling.method = "GET";
  enrolling.headers.emplace_back("Cookie", browser.cookie);
  BOOST_CHECK_EXCEPTION(web.services->authenticator().require(enrolling), Unauthenticated, login_not_finished);

  // A wrong code is refused and audited; the right one enrols and completes the login.
  const auto wrong_code = browser.submit(enrol, "/staff/engangskoder", {{"code", "000000"}});
  BOOST_TEST(wrong_code.status == 400);
  BOOST_TEST(wrong_code.html().value("string(//p[@id='code-error'])").find("Koden stämmer inte") != std::string::npos);
  BOOST_TEST(web.audit_count(web.aneby, "staff.totp-enrol", "refused") == 1);
  const std::string pending_cookie = browser.cookie;
  const auto done = browser.submit(enrol, "/staff/engangskoder", {{"code", web.code_for(shown)}});
  BOOST_TEST_REQUIRE(done.status == 303, done.body);
  BOOST_TEST(done.location() == "/staff/");
  BOOST_TEST(browser.cookie != pending_cookie, "the session is rotated when the login completes");
  BOOST_TEST(web.audit_count(web.aneby, "staff.totp-enrol", "success") == 1);

  const auto home = browser.get("/staff/");
  BOOST_TEST(home.location() == "/staff/0604");
  const auto landing = browser.get("/staff/0604");
  BOOST_TEST_REQUIRE(landing.status == 200, landing.body);
  const auto html = landing.html();
  BOOST_TEST(html.value("string(//h1)") == "Aneby kommun");
  BOOST_TEST(html.value("string(//ul[@class='roles'])").find("Registrator") != std::string::npos);
  BOOST_TEST(html.count("//ul[@class='sections']/li/a[@href='/staff/0604/prov']") == 1);
  BOOST_TEST(html.count("//a[@href='/staff/0604/moten']") == 0, "a registrar does not manage meetings");
  BOOST_TEST(html.value("string(//header//strong)") == "Anna Andersson");

  // Later: the new password and a code; the old code and the one-time password do not work.
  Browser later{web};
  web.clock.advance(30s);
  BOOST_TEST(later.log_in("anna", anna.initial_password, web.code_for(shown)).status == 400);
  const auto again = later.log_in("anna", "a long new passphrase", web.code_for(shown), "/staff/0686/prov");
  BOOST_TEST_REQUIRE(again.status == 303, again.body);
  BOOST_TEST(again.location() == "/staff/0686/prov");
  BOOST_TEST(later.get("/staff/0686/prov").status == 200);
  Browser empty_code{web};
  web.clock.advance(30s);
  BOOST_TEST(empty_code.log_in("anna", "a long new passphrase", "").status == 400,
             "once enrolled, the code is required");
}

/// Staff with roles in two members switch between them; a member without roles is 404.
inline void check_member_switcher(StaffWeb& web) {
  const auto anna = web.create_user("anna", {{web.aneby, {Role::kRegistrar}}, {web.eksjo, {Role::kReader}}});
  Browser browser{web};
  browser.first_login(anna);
  const auto aneby = browser.get("/staff/0604");
  BOOST_TEST_REQUIRE(aneby.status == 200);
  BOOST_TEST(aneby.html().count("//select[@id='switch-member']/option") == 2);
  BOOST_TEST(aneby.html().value("string(//select[@id='switch-member']/option[@selected]/@value)") == "0604");

  const auto switched = browser.submit(aneby, "/staff/byt-organisation", {{"member", "0686"}});
  BOOST_TEST(switched.status == 303);
  BOOST_TEST(switched.location() == "/staff/0686");
  BOOST_TEST(browser.get("/staff/").location() == "/staff/0686", "the session holds the member");
  const auto eksjo = browser.get("/staff/0686");
  BOOST_TEST(eksjo.html().value("string(//select[@id='switch-member']/option[@selected]/@value)") == "0686");
  BOOST_TEST(eksjo.html().value("string(//link[contains(@href, 'brand.css')]/@href)") == "/staff/0686/brand.css");

  // Nässjö is a member of the cooperation, but Anna has no role there.
  const int refused = web.audit_count(kNassjo, "staff-page.open", "refused");
  const auto nassjo = browser.get("/staff/0682");
  BOOST_TEST(nassjo.status == 404);
  BOOST_TEST(nassjo.html().value("string(//h1)") == "Sidan finns inte");
  BOOST_TEST(nassjo.body.find("Nässjö") == std::string::npos, "the 404 page does not name the member");
  BOOST_TEST(browser.get("/staff/0682/prov/KS-1").status == 404);
  BOOST_TEST(browser.submit(eksjo, "/staff/byt-organisation", {{"member", "0682"}}).status == 404);
  BOOST_TEST(web.audit_count(kNassjo, "staff-page.open", "refused") == refused + 3);
  BOOST_TEST(browser.get("/staff/9999").status == 404);
  BOOST_TEST(browser.get("/staff/").location() == "/staff/0686", "a refused switch changes nothing");
}

/// After the idle timeout the session is gone and the user is told why.
inline void check_idle_timeout(StaffWeb& web, std::chrono::minutes idle, const std::string& minutes_text) {
  const auto anna = web.create_user("anna", {{web.aneby, {Role::kRegistrar}}});
  Browser browser{web};
  browser.first_login(anna);
  BOOST_TEST(browser.get("/staff/0604").status == 200);
  web.clock.advance(idle - 1min);
  BOOST_TEST(browser.get("/staff/0604/prov").status == 200, "a request within the timeout keeps the session");
  web.clock.advance(idle - 1min);
  BOOST_TEST(browser.get("/staff/0604").status == 200);
  web.clock.advance(idle);
  const auto ended = browser.get("/staff/0604/prov");
  BOOST_TEST(ended.status == 303);
  BOOST_TEST(ended.location() == "/staff/logga-in?orsak=inaktiv&next=%2Fstaff%2F0604%2Fprov");
  const auto told = browser.get(ended.location());
  BOOST_TEST(told.status == 200);
  BOOST_TEST(told.html().value("string(//h1)") == "Du har loggats ut");
  BOOST_TEST(told.html().value("string(//p[@class='notice'])").find("på " + minutes_text + " minuter") !=
             std::string::npos);
  BOOST_TEST(told.html().value("string(//form[@action='/staff/logga-in']/input[@name='next']/@value)") ==
             "/staff/0604/prov");
}

}  // namespace samverkan::test::staff
