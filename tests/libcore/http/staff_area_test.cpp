// The staff web's shared area (http/staff_area.hpp) on SQLite, driven in process with a manual
// clock: the first login with password change and TOTP enrolment, CSRF refusals, the idle
// timeout, the member switcher (404 for a member without roles), 403 for a page whose
// permission the role lacks, the audit of page views, navigation by role, the language switch,
// SITHS, logout and the rate limit; and what a section may declare.
#include <boost/test/unit_test.hpp>

#include "libcore/http/staff_web_checks.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using namespace samverkan::test::staff;
using namespace std::chrono_literals;

namespace {

// A user with roles in Aneby and Eksjö, logged in (first login done) in `browser`.
struct LoggedIn : StaffWeb {
  auth::NewStaffUser anna =
      create_user("anna", {{aneby, {Role::kRegistrar}}, {eksjo, {Role::kReader}}}, "SE2120000142-anna");
  Browser browser{*this};
  std::string secret = browser.first_login(anna);
};

struct ShortIdle : StaffWeb {
  ShortIdle() : StaffWeb({}, auth::SessionOptions{.idle_timeout = std::chrono::minutes(5)}) {}
};

struct StrictLimit : StaffWeb {
  StrictLimit() : StaffWeb({}, {}, {.per_second = 0.01, .burst = 2}) {}
};

}  // namespace

BOOST_AUTO_TEST_SUITE(staff_area_test)

BOOST_FIXTURE_TEST_CASE(a_new_user_changes_the_one_time_password_and_enrols_totp_first, StaffWeb) {
  check_first_login(*this);
}

BOOST_FIXTURE_TEST_CASE(the_member_switcher_and_404_for_a_member_without_roles, StaffWeb) {
  check_member_switcher(*this);
}

BOOST_FIXTURE_TEST_CASE(the_idle_timeout_logs_out_and_says_so, StaffWeb) { check_idle_timeout(*this, 20min, "20"); }

BOOST_FIXTURE_TEST_CASE(the_idle_timeout_is_configurable, ShortIdle) { check_idle_timeout(*this, 5min, "5"); }

BOOST_FIXTURE_TEST_CASE(the_absolute_timeout_ends_even_an_active_session, LoggedIn) {
  for (int i = 0; i < 8 * 4 - 1; ++i) {
    clock.advance(15min);
    BOOST_TEST_REQUIRE(browser.get("/staff/0604").status == 200);
  }
  clock.advance(15min);
  const auto ended = browser.get("/staff/0604");
  BOOST_TEST(ended.location().starts_with("/staff/logga-in?orsak=maxtid"));
  BOOST_TEST(browser.get(ended.location()).html().value("string(//p[@class='notice'])").find("8 timmar") !=
             std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_state_changing_form_without_the_sessions_csrf_token_is_refused, LoggedIn) {
  const auto page = browser.get("/staff/0604/prov/KS-1");
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  const auto token = page.html().value("string(//input[@name='_csrf']/@value)");

  BOOST_TEST(browser.post("/staff/0604/prov/KS-1", {}).status == 403);
  const auto wrong = browser.post("/staff/0604/prov/KS-1", {{"_csrf", token.substr(1) + "x"}});
  BOOST_TEST(wrong.status == 403);
  BOOST_TEST(wrong.html().value("string(//h1)") == "Formuläret kunde inte skickas");
  // Another session's token is worth nothing here.
  Browser other{*this};
  const auto other_page = other.get("/staff/logga-in");
  BOOST_TEST(
      browser
          .post("/staff/0604/prov/KS-1", {{"_csrf", other_page.html().value("string(//input[@name='_csrf']/@value)")}})
          .status == 403);
  BOOST_TEST(saves == 0, "no refused form reached the page's work");
  BOOST_TEST(audit_count(aneby, "case.save") == 0);

  const auto saved = browser.post("/staff/0604/prov/KS-1", {{"_csrf", token}});
  BOOST_TEST(saved.status == 303);
  BOOST_TEST(saved.location() == "/staff/0604/prov/KS-1");
  BOOST_TEST(saves == 1);
  BOOST_TEST(audit_count(aneby, "case.save") == 1);

  // The shared forms are checked as well: logout, language, switcher, login.
  BOOST_TEST(browser.post("/staff/logga-ut", {}).status == 403);
  BOOST_TEST(browser.get("/staff/0604").status == 200, "a refused logout leaves the session");
  BOOST_TEST(browser.post("/staff/sprak", {{"lang", "en"}}).status == 403);
  BOOST_TEST(browser.post("/staff/byt-organisation", {{"member", "0686"}}).status == 403);
  BOOST_TEST(browser.get("/staff/").location() == "/staff/0604");
  Browser stranger{*this};
  stranger.get("/staff/logga-in");
  const auto login = stranger.post("/staff/logga-in", {{"username", "anna"}, {"password", "x"}});
  BOOST_TEST(login.status == 403);
  BOOST_TEST(login.html().value("string(//div[@class='error-summary']//a)") ==
             "Formuläret hade hunnit bli för gammalt. Försök igen.");
}

BOOST_FIXTURE_TEST_CASE(a_page_whose_permission_the_role_lacks_is_403_and_audited, LoggedIn) {
  // Eksjö: a reader may read cases but not register them.
  const auto page = browser.get("/staff/0686/prov/KS-2");
  BOOST_TEST_REQUIRE(page.status == 200);
  const auto refused = browser.submit(page, "/staff/0686/prov/KS-2", {});
  BOOST_TEST(refused.status == 403);
  BOOST_TEST(refused.html().value("string(//h1)") == "Du har inte behörighet");
  BOOST_TEST(refused.html().count("//nav//a[@href='/staff/0686/prov']") == 1, "the 403 page keeps the navigation");
  BOOST_TEST(saves == 0);
  BOOST_TEST(audit_count(eksjo, "staff-page.open", "refused") == 1);
  // Meetings are for secretaries: not in the navigation, and 403 when asked for.
  BOOST_TEST(page.html().count("//nav//a[@href='/staff/0686/moten']") == 0);
  BOOST_TEST(browser.get("/staff/0686/moten").status == 403);
  // Aneby: a registrar may.
  const auto aneby_page = browser.get("/staff/0604/prov/KS-2");
  BOOST_TEST(browser.submit(aneby_page, "/staff/0604/prov/KS-2", {}).status == 303);
  BOOST_TEST(saves == 1);
}

BOOST_FIXTURE_TEST_CASE(a_page_that_shows_personal_data_writes_its_audit_entry, LoggedIn) {
  BOOST_TEST(browser.get("/staff/0604/prov/KS-17").status == 200);
  BOOST_TEST(audit_count(aneby, "case.view", "success") == 1);
  auto session = db->acquire();
  std::string object;
  std::string principal;
  *session << "SELECT object_id, principal FROM audit_entry WHERE action = 'case.view'", soci::into(object),
      soci::into(principal);
  BOOST_TEST(object == "KS-17");
  BOOST_TEST(principal == "staff:SE2120000142-anna");
  // A page that is refused shows nothing and records no view.
  BOOST_TEST(browser.get("/staff/0682/prov/KS-17").status == 404);
  BOOST_TEST(audit_count(kNassjo, "case.view") == 0);
  // The section's first page shows no personal data and records nothing.
  BOOST_TEST(browser.get("/staff/0604/prov").status == 200);
  BOOST_TEST(audit_count(aneby, "case.view") == 1);
}

BOOST_FIXTURE_TEST_CASE(navigation_follows_the_roles_in_the_current_member, LoggedIn) {
  const auto page = browser.get("/staff/0604/prov");
  const auto html = page.html();
  BOOST_TEST(html.value("string(//nav/@aria-label)") == "Meny för personal");
  BOOST_TEST(html.count("//nav//a") == 2);
  BOOST_TEST(html.value("string(//nav//a[1]/@href)") == "/staff/0604");
  BOOST_TEST(html.value("string(//nav//a[@aria-current='page']/@href)") == "/staff/0604/prov");
  BOOST_TEST(html.value("string(//a[@class='skip-link']/@href)") == "#main");
  BOOST_TEST(html.count("//main[@id='main']") == 1);

  // A secretary's role added in Eksjö shows the meetings there at the next request, not in Aneby.
  in_context(administrator(eksjo), eksjo,
             [&](tenancy::Context& ctx) { services->staff().grant(ctx, "anna", {Role::kCommitteeSecretary}); });
  BOOST_TEST(browser.get("/staff/0686").html().count("//nav//a[@href='/staff/0686/moten']") == 1);
  BOOST_TEST(browser.get("/staff/0604").html().count("//nav//a[@href='/staff/0604/moten']") == 0);
  BOOST_TEST(browser.get("/staff/0686/moten").status == 200);
}

BOOST_FIXTURE_TEST_CASE(the_language_switch_is_kept_in_the_session, LoggedIn) {
  const auto page = browser.get("/staff/0604");
  BOOST_TEST(page.html().value("string(//form[@action='/staff/sprak']//button/@lang)") == "en");
  const auto switched = browser.submit(page, "/staff/sprak", {{"lang", "en"}, {"next", "/staff/0604"}});
  BOOST_TEST(switched.status == 303);
  BOOST_TEST(switched.location() == "/staff/0604");
  const auto english = browser.get("/staff/0604");
  BOOST_TEST(english.html().value("string(/html/@lang)") == "en");
  BOOST_TEST(english.html().value("string(//h2[1])") == "Your roles here");
  BOOST_TEST(english.html().value("string(//ul[@class='roles'])").find("Registrar") != std::string::npos);
  BOOST_TEST(browser.get("/staff/0604/prov").html().value("string(//h1)") == "Trial cases");
  // An address elsewhere is not followed.
  BOOST_TEST(browser.submit(english, "/staff/sprak", {{"lang", "sv"}, {"next", "https://example.org/"}}).location() ==
             "/staff/");
  BOOST_TEST(browser.submit(english, "/staff/sprak", {{"lang", "fi"}}).status == 400);
}

BOOST_FIXTURE_TEST_CASE(logout_ends_the_session_in_the_database, LoggedIn) {
  const auto page = browser.get("/staff/0604");
  const std::string cookie = browser.cookie;
  const auto out = browser.submit(page, "/staff/logga-ut", {});
  BOOST_TEST(out.status == 303);
  BOOST_TEST(out.location() == "/staff/logga-in?orsak=utloggad");
  BOOST_TEST(out.header("Set-Cookie").find("Max-Age=0") != std::string::npos);
  BOOST_TEST(browser.get(out.location()).html().value("string(//h1)") == "Du är utloggad");
  // The old cookie is dead everywhere (another process would find no row either).
  Browser replay{*this, cookie};
  const auto refused = replay.get("/staff/0604");
  BOOST_TEST(refused.location() == "/staff/logga-in?orsak=slut&next=%2Fstaff%2F0604");
  auto session = db->acquire();
  int rows = 0;
  *session << "SELECT COUNT(*) FROM web_session WHERE principal_kind = 'staff'", soci::into(rows);
  BOOST_TEST(rows == 0);
}

BOOST_FIXTURE_TEST_CASE(failed_logins_lock_the_account_and_are_audited, LoggedIn) {
  Browser guesser{*this};
  for (int i = 0; i < 5; ++i) {
    const auto r = guesser.log_in("anna", "a long new passphrase", "000000");
    BOOST_TEST(r.status == 400);
  }
  BOOST_TEST(audit_count(aneby, "staff.login", "refused") == 5);
  BOOST_TEST(audit_count(aneby, "staff.lockout", "refused") == 1);
  clock.advance(30s);
  const auto locked = guesser.log_in("anna", "a long new passphrase", code_for(secret));
  BOOST_TEST(locked.status == 400, "right password and code, but locked");
  BOOST_TEST(locked.html().value("string(//div[@class='error-summary']//a)").starts_with("Fel användarnamn"));
  clock.advance(2min);
  BOOST_TEST(guesser.log_in("anna", "a long new passphrase", code_for(secret)).status == 303);
}

BOOST_FIXTURE_TEST_CASE(password_logins_are_rate_limited_per_address, StrictLimit) {
  Browser browser{*this};
  BOOST_TEST(browser.log_in("nobody", "x", "").status == 400);
  BOOST_TEST(browser.log_in("nobody", "x", "").status == 400);
  const auto limited = browser.log_in("nobody", "x", "");
  BOOST_TEST(limited.status == 429);
  BOOST_TEST(!limited.header("Retry-After").empty());
  BOOST_TEST(limited.html().value("string(//h1)") == "För många försök");
}

BOOST_FIXTURE_TEST_CASE(a_siths_card_logs_in_without_password_or_code, StaffWeb) {
  create_user("bertil", {{eksjo, {Role::kCaseHandler}}}, "SE2120000159-bertil");
  Browser browser{*this};
  browser.certificate = http::ClientCertificate{"SERIALNUMBER=SE2120000159-bertil, CN=Bertil", "SE2120000159-bertil",
                                                "Bertil Berg", "CN=Test SITHS CA"};
  const auto login = browser.get("/staff/logga-in?next=/staff/0686/prov");
  BOOST_TEST(login.html().value("string(//form[@action='/staff/logga-in/siths']//button)") ==
             "Logga in med SITHS-kortet");
  BOOST_TEST(login.body.find("Bertil Berg") != std::string::npos);
  const auto in = browser.submit(login, "/staff/logga-in/siths", {{"next", "/staff/0686/prov"}});
  BOOST_TEST(in.status == 303);
  BOOST_TEST(in.location() == "/staff/0686/prov");
  BOOST_TEST(browser.get("/staff/0686/prov").status == 200);
  BOOST_TEST(audit_count(eksjo, "staff.login", "success") == 1);

  // A card that belongs to nobody here.
  Browser stranger{*this};
  stranger.certificate =
      http::ClientCertificate{"SERIALNUMBER=SE2120000159-nobody", "SE2120000159-nobody", "Nobody", "CN=Test SITHS CA"};
  const auto page = stranger.get("/staff/logga-in");
  const auto refused = stranger.submit(page, "/staff/logga-in/siths", {});
  BOOST_TEST(refused.status == 400);
  BOOST_TEST(refused.html().value("string(//div[@class='error-summary']//a)").starts_with("SITHS-kortet hör inte"));
  BOOST_TEST(stranger.get("/staff/0686").status == 303);
  // Without a card the login page offers none.
  Browser plain{*this};
  BOOST_TEST(plain.get("/staff/logga-in").html().count("//form[@action='/staff/logga-in/siths']") == 0);
}

BOOST_FIXTURE_TEST_CASE(after_login_only_local_staff_pages_are_returned_to, StaffWeb) {
  const auto anna = create_user("anna", {{aneby, {Role::kRegistrar}}});
  Browser browser{*this};
  const auto secret = browser.first_login(anna);
  for (const std::string next : {"https://example.org/", "//example.org/staff", "/e/0604", "/staff/../e"}) {
    Browser again{*this};
    clock.advance(30s);
    const auto r = again.log_in("anna", "a long new passphrase", code_for(secret), next);
    BOOST_TEST(r.location() == "/staff/", next);
  }
}

BOOST_FIXTURE_TEST_CASE(a_platform_administrator_enters_every_member_but_sees_administration_only, StaffWeb) {
  auth::NewStaffUserRequest request;
  request.username = "platta";
  request.platform_administrator = true;
  const auto platform_admin = security::Principal::staff("root", {}, true);
  const auto created =
      in_context(platform_admin, aneby, [&](tenancy::Context& ctx) { return services->staff().create(ctx, request); });
  Browser browser{*this};
  browser.first_login(created);
  const auto page = browser.get("/staff/0682");
  BOOST_TEST_REQUIRE(page.status == 200);
  BOOST_TEST(page.html().count("//select[@id='switch-member']/option") == 5);
  BOOST_TEST(page.html().value("string(//ul[@class='roles'])").find("Plattformsadministratör") != std::string::npos);
  BOOST_TEST(page.html().count("//ul[@class='sections']/li") == 0, "no case or meeting data");
  BOOST_TEST(browser.get("/staff/0682/prov/KS-1").status == 403);
}

BOOST_FIXTURE_TEST_CASE(a_staff_user_without_any_role_is_told_so, StaffWeb) {
  const auto anna = create_user("anna", {{aneby, {Role::kRegistrar}}});
  in_context(administrator(aneby), aneby,
             [&](tenancy::Context& ctx) { services->staff().revoke(ctx, "anna", {Role::kRegistrar}); });
  Browser browser{*this};
  browser.first_login(anna);
  const auto page = browser.get("/staff/");
  BOOST_TEST(page.status == 403);
  BOOST_TEST(browser.get("/staff/0604").status == 404);
}

BOOST_FIXTURE_TEST_CASE(the_style_sheets_and_an_internal_error_page, LoggedIn) {
  const auto css = browser.get("/staff/static/staff.css");
  BOOST_TEST(css.status == 200);
  BOOST_TEST(css.body.find(":focus-visible") != std::string::npos);
  BOOST_TEST(browser.get("/staff/0686/brand.css").body.find("#8B1E2D") != std::string::npos);
  BOOST_TEST(browser.get("/staff/9999/brand.css").status == 404);

  const auto broken = browser.get("/staff/0604/prov/KS-1/trasig");
  BOOST_TEST(broken.status == 500);
  BOOST_TEST(broken.html().value("string(//main/p[1])").find("test-request") != std::string::npos);
  BOOST_TEST(broken.body.find("broken on purpose") == std::string::npos, "the page does not show the cause");
  BOOST_TEST(log_stream.str().find("broken on purpose") != std::string::npos, "the log does");
}

BOOST_FIXTURE_TEST_CASE(every_staff_route_has_its_row_in_the_route_table, StaffWeb) {
  int pages = 0;
  for (const auto& row : router.table()) {
    BOOST_TEST_REQUIRE(row.pattern.starts_with("/staff"), row.pattern);
    BOOST_TEST((row.access != http::RouteAccess::kUndeclared), row.method << " " << row.pattern);
    if (row.pattern.starts_with("/staff/{kommunkod}/prov")) {
      ++pages;
      BOOST_TEST((row.access == http::RouteAccess::kSession));
      BOOST_TEST(row.tenant_scoped);
      BOOST_TEST(row.checked_first);
      const auto expected = row.method == "POST" ? Permission::kCaseRegister : Permission::kCaseRead;
      BOOST_TEST((row.permission == expected), row.method << " " << row.pattern);
    }
  }
  BOOST_TEST(pages == 4);
}

BOOST_AUTO_TEST_CASE(a_section_declares_what_it_needs) {
  StaffWeb web;
  http::Router router;
  http::StaffArea area(router, {*web.db, web.cooperation, web.audit, web.services->staff(), web.services->sessions(),
                                web.services->authenticator(), web.clock});
  const auto declare = [&](const std::string& slug, std::string title_key = "cases_title") {
    return [&area, slug, title_key] {
      area.section({.slug = slug,
                    .permission = Permission::kCaseRead,
                    .templates = &section_templates(),
                    .title_key = title_key,
                    .summary_key = "cases_summary"});
    };
  };
  BOOST_CHECK_THROW(declare("Stora bokstäver")(), InternalError);
  BOOST_CHECK_THROW(declare("logga-in")(), InternalError);
  BOOST_CHECK_THROW(declare("annat", "no_such_text")(), InternalError);
  BOOST_CHECK_NO_THROW(declare("annat")());
  BOOST_CHECK_THROW(declare("annat")(), InternalError);
  BOOST_CHECK_THROW(area.section({.slug = "utan", .permission = Permission::kCaseRead}), InternalError);
  auto& section = area.section({.slug = "tredje",
                                .permission = Permission::kCaseRead,
                                .templates = &section_templates(),
                                .title_key = "cases_title",
                                .summary_key = "cases_summary"});
  const auto work = [](http::StaffCall& c) { return c.redirect(c.url()); };
  BOOST_CHECK_THROW(section.add({"DELETE", "/x", Permission::kCaseRead}, work), InternalError);
  BOOST_CHECK_THROW(section.add({"GET", "x", Permission::kCaseRead}, work), InternalError);
  BOOST_CHECK_THROW(section.add({"GET", "/x", Permission::kCaseRead, http::PageView{"a.view", "a", "id"}}, work),
                    InternalError);
  BOOST_CHECK_NO_THROW(section.add({"GET", "/{id}", Permission::kCaseRead, http::PageView{"a.view", "a", "id"}}, work));
  // Where it shows a kind of object: a name and a path are needed, and one section per kind.
  const auto path = [](const ids::Kommunkod&, std::string_view id) -> std::optional<std::string> {
    return "/" + std::string(id);
  };
  BOOST_CHECK_THROW(section.shows({"", Permission::kCaseRead, path}), InternalError);
  BOOST_CHECK_THROW(section.shows({"case", Permission::kCaseRead, nullptr}), InternalError);
  BOOST_CHECK_NO_THROW(section.shows({"case", Permission::kCaseRead, path}));
  BOOST_CHECK_THROW(section.shows({"case", Permission::kCaseRead, path}), InternalError);
  BOOST_CHECK_THROW(area.section({.slug = "fjarde",
                                  .permission = Permission::kCaseRead,
                                  .templates = &section_templates(),
                                  .title_key = "cases_title",
                                  .summary_key = "cases_summary"})
                        .shows({"case", Permission::kCaseRead, path}),
                    InternalError);
}

BOOST_AUTO_TEST_CASE(texts_must_have_both_languages) {
  BOOST_CHECK_THROW(http::Texts::from_json(R"({"a": "A", "b": "B"})", R"({"a": "A"})"), InternalError);
  BOOST_CHECK_THROW(http::Texts::from_json(R"({"a": "A"})", R"({"a": "A", "b": "B"})"), InternalError);
  BOOST_CHECK_THROW(http::Texts::from_json(R"({"a": 1})", R"({"a": "A"})"), InternalError);
  BOOST_CHECK_THROW(http::Texts::from_json("[]", R"({"a": "A"})"), InternalError);
  const auto texts = http::Texts::from_json(R"({"a": "Å"})", R"({"a": "A"})");
  BOOST_TEST(texts.get(http::Language::kSwedish, "a") == "Å");
  BOOST_TEST(texts.get(http::Language::kEnglish, "a") == "A");
  BOOST_CHECK_THROW(texts.get(http::Language::kEnglish, "b"), InternalError);
}

BOOST_AUTO_TEST_SUITE_END()
