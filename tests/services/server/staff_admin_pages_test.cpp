// The administrator's pages of the staff web (server::mount_admin_pages, "administration"):
// libcore's staff area on a bare router with the test cooperation (Aneby 0604, Eksjö 0686),
// driven by a cookie-keeping browser. Aneby's administrator lists the staff, creates a user with
// roles (the one-time password shown once, and it works), changes a user's roles, disables and
// enables a user, creates an API client (the secret shown once, and it works) and revokes it,
// browses the audit log with filters and paging, and verifies the chain, intact and tampered.
// Failure paths: each refused form comes back with the error summary, the field marked and the
// input kept, and nothing saved; one's own administrator role and one's own account are kept;
// a role without the permission gets 403, another member's staff 404, a POST without the
// CSRF token 403.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "samverkan/auth/api_clients.hpp"
#include "samverkan/http/staff_area.hpp"
#include "samverkan/server/staff_web.hpp"
#include "support/staff_browser.hpp"

using namespace samverkan;
using security::Role;
using test::StaffBrowser;

namespace {

const auto kAneby = ids::Kommunkod::parse("0604");
const auto kEksjo = ids::Kommunkod::parse("0686");
const std::string kSection = "/staff/0604/administration";

struct AdminWeb : test::BareServer {
  AdminWeb() : BareServer({}) {
    http::StaffArea area(*router,
                         {*db, cooperation, audit, auth.staff(), auth.sessions(), auth.authenticator(), clock});
    server::mount_admin_pages(area, *db, auth.staff(), auth.clients());
  }

  /// Aneby's administrator, logged in.
  StaffBrowser administrator() {
    admin = test::new_staff_user(*this, "admin.anna", kAneby, Role::kAdministrator);
    StaffBrowser browser{*this};
    browser.log_in(admin);
    return browser;
  }

  std::set<Role> roles_of(const std::string& username, const ids::Kommunkod& where) {
    const auto user = auth.staff().find(username);
    BOOST_TEST_REQUIRE(user.has_value());
    const auto found = user->roles.find(where);
    return found == user->roles.end() ? std::set<Role>{} : found->second;
  }

  std::string user_path(const auth::NewStaffUser& user) {
    return kSection + "/anvandare/" + std::to_string(user.user.id);
  }

  auth::NewStaffUser admin;
};

/// The page's error summary links, in order ("#username #roles").
std::string summary_links(const test::StaffReply& reply) {
  const auto page = reply.html();
  std::string links;
  const int n = page.count("//div[@class='error-summary']//a");
  for (int i = 1; i <= n; ++i) {
    links += (links.empty() ? "" : " ") +
             page.value("string((//div[@class='error-summary']//a)[" + std::to_string(i) + "]/@href)");
  }
  return links;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(staff_admin_pages_test)

BOOST_FIXTURE_TEST_CASE(the_users_list_shows_this_members_staff_and_records_the_view, AdminWeb) {
  auto browser = administrator();
  test::new_staff_user(*this, "reg.rut", kAneby, Role::kRegistrar);
  test::new_staff_user(*this, "eksjo.erik", kEksjo, Role::kCaseHandler);
  const auto list = browser.get(kSection);
  BOOST_TEST_REQUIRE(list.status == 200, list.body);
  const auto page = list.html();
  BOOST_TEST(page.count("//table/tbody/tr[td[2]='reg.rut']") == 1);
  BOOST_TEST(page.count("//table/tbody/tr[td[2]='admin.anna']") == 1);
  BOOST_TEST(list.body.find("eksjo.erik") == std::string::npos, "another member's staff are not listed");
  BOOST_TEST(page.value("string(//table//tr[td='reg.rut']/td[4])") == "Registrator");
  BOOST_TEST(test::audit_count(*this, "staff.list.view") == 1);
  // English through the language switch kept in the session.
  BOOST_TEST(browser.submit(list, "/staff/sprak", {{"lang", "en"}}).status == 303);
  BOOST_TEST(browser.get(kSection).html().value("string(//h1)") == "Users and roles");
}

BOOST_FIXTURE_TEST_CASE(a_new_user_gets_roles_and_a_one_time_password_shown_once, AdminWeb) {
  auto browser = administrator();
  const auto form = browser.get(kSection + "/anvandare/ny");
  BOOST_TEST_REQUIRE(form.status == 200, form.body);
  // One box per role, the archivist's included.
  BOOST_TEST(form.html().count("//input[@type='checkbox' and @name='roles']") == 10);
  BOOST_TEST(form.html().count("//input[@type='checkbox' and @name='roles' and @value='archivist']") == 1);
  const auto created = browser.submit(form, kSection + "/anvandare/ny",
                                      {{"username", "Nils.Ny"},
                                       {"display_name", "Nils Ny"},
                                       {"hsa_id", ""},
                                       {"roles", "registrar"},
                                       {"roles", "case-handler"}});
  BOOST_TEST_REQUIRE(created.status == 200, created.body);
  const std::string password = created.html().value("string(//code[@id='initial-password'])");
  BOOST_TEST(password.size() == 24U);
  BOOST_TEST(roles_of("nils.ny", kAneby) == (std::set<Role>{Role::kRegistrar, Role::kCaseHandler}));
  BOOST_TEST(test::audit_count(*this, "staff.create") == 2, "the administrator's and this one");
  // The password works once for the first login (the user must then change it) ...
  const auto user = auth.staff().web_login("nils.ny", password, "");
  BOOST_TEST(user.must_change_password);
  // ... and is never shown again: not on the list, not on the user's page.
  const auto list = browser.get(kSection);
  BOOST_TEST(list.body.find(password) == std::string::npos);
  const auto user_page = browser.get(kSection + "/anvandare/" + std::to_string(user.id));
  BOOST_TEST_REQUIRE(user_page.status == 200, user_page.body);
  BOOST_TEST(user_page.body.find(password) == std::string::npos);
  BOOST_TEST(test::audit_count(*this, "staff.view") == 1);
}

BOOST_FIXTURE_TEST_CASE(a_refused_new_user_comes_back_marked_with_the_input_kept_and_nothing_saved, AdminWeb) {
  auto browser = administrator();
  const auto form = browser.get(kSection + "/anvandare/ny");
  const auto refused =
      browser.submit(form, kSection + "/anvandare/ny",
                     {{"username", "-bad name"}, {"display_name", "Greta Gren"}, {"hsa_id", "not-an-hsa-id"}});
  BOOST_TEST_REQUIRE(refused.status == 400);
  BOOST_TEST(summary_links(refused) == "#username #hsa_id #roles");
  const auto page = refused.html();
  BOOST_TEST(page.value("string(//h1)") == "Ny användare");
  BOOST_TEST(page.value("string(//title)").starts_with("Fel: "));
  BOOST_TEST(page.value("string(//input[@id='username']/@aria-invalid)") == "true");
  BOOST_TEST(page.value("string(//input[@id='username']/@value)") == "-bad name");
  BOOST_TEST(page.value("string(//input[@id='display_name']/@value)") == "Greta Gren");
  BOOST_TEST(page.count("//p[@id='roles-error']") == 1);
  BOOST_TEST(test::audit_count(*this, "staff.create") == 1, "only the administrator's");

  // A user name that is taken: 409, the field says so, the ticked roles kept.
  const auto taken = browser.submit(form, kSection + "/anvandare/ny",
                                    {{"username", "admin.anna"}, {"display_name", "Anna Två"}, {"roles", "reader"}});
  BOOST_TEST_REQUIRE(taken.status == 409);
  BOOST_TEST(summary_links(taken) == "#username");
  BOOST_TEST(taken.html().count("//input[@id='role-reader' and @checked]") == 1);
  BOOST_TEST(roles_of("admin.anna", kAneby) == std::set<Role>{Role::kAdministrator});
}

BOOST_FIXTURE_TEST_CASE(roles_are_granted_and_revoked_but_never_ones_own_administrator_role, AdminWeb) {
  auto browser = administrator();
  const auto rut = test::new_staff_user(*this, "reg.rut", kAneby, Role::kRegistrar);
  const auto page = browser.get(user_path(rut));
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  BOOST_TEST(page.html().count("//input[@id='role-registrar' and @checked]") == 1);
  const auto changed = browser.submit(page, user_path(rut) + "/roller", {{"roles", "case-handler"}, {"roles", "hr"}});
  BOOST_TEST_REQUIRE(changed.status == 303, changed.body);
  BOOST_TEST(roles_of("reg.rut", kAneby) == (std::set<Role>{Role::kCaseHandler, Role::kHrOfficer}));
  BOOST_TEST(test::audit_count(*this, "staff.grant") == 1);
  BOOST_TEST(test::audit_count(*this, "staff.revoke") == 1);

  // No role at all: refused (disabling is the way to stop someone working here).
  const auto none = browser.submit(page, user_path(rut) + "/roller", {});
  BOOST_TEST_REQUIRE(none.status == 400);
  BOOST_TEST(summary_links(none) == "#roles");
  BOOST_TEST(roles_of("reg.rut", kAneby) == (std::set<Role>{Role::kCaseHandler, Role::kHrOfficer}));

  // One's own administrator role: the form says so beforehand, and refuses.
  const auto own = browser.get(user_path(admin));
  BOOST_TEST(own.html().value("string(//fieldset[@id='roles']/p[@class='hint'])").find("egen administratörsroll") !=
             std::string::npos);
  const auto refused = browser.submit(own, user_path(admin) + "/roller", {{"roles", "reader"}});
  BOOST_TEST_REQUIRE(refused.status == 400);
  BOOST_TEST(summary_links(refused) == "#roles");
  BOOST_TEST(refused.html().count("//input[@id='role-reader' and @checked]") == 1, "the input kept");
  BOOST_TEST(refused.html().count("//input[@id='role-administrator' and @checked]") == 0);
  BOOST_TEST(roles_of("admin.anna", kAneby) == std::set<Role>{Role::kAdministrator});
  // The directory refuses it too, whoever calls it.
  tenancy::Context ctx(*db, auth.staff().find("admin.anna")->principal(), kAneby, clock, &audit);
  BOOST_CHECK_THROW(auth.staff().revoke(ctx, "admin.anna", {Role::kAdministrator}), Conflict);
}

BOOST_FIXTURE_TEST_CASE(a_disabled_user_keeps_the_roles_but_cannot_use_them_here, AdminWeb) {
  auto browser = administrator();
  const auto rut = test::new_staff_user(*this, "reg.rut", kAneby, Role::kRegistrar);
  const auto page = browser.get(user_path(rut));
  const auto disabled = browser.submit(page, user_path(rut) + "/status", {{"status", "disabled"}});
  BOOST_TEST_REQUIRE(disabled.status == 303, disabled.body);
  BOOST_TEST(roles_of("reg.rut", kAneby).empty(), "the principal holds no role here");
  const auto shown = browser.get(user_path(rut));
  BOOST_TEST(shown.html().value("string(//dd[@id='user-status'])") == "Avstängd");
  BOOST_TEST(shown.html().count("//input[@id='role-registrar' and @checked]") == 1, "the roles are kept");
  BOOST_TEST(test::audit_count(*this, "staff.disable") == 1);
  const auto enabled = browser.submit(shown, user_path(rut) + "/status", {{"status", "active"}});
  BOOST_TEST_REQUIRE(enabled.status == 303);
  BOOST_TEST(roles_of("reg.rut", kAneby) == std::set<Role>{Role::kRegistrar});
  BOOST_TEST(test::audit_count(*this, "staff.enable") == 1);

  // Not oneself: the page offers no button, and a forged form is refused.
  const auto own = browser.get(user_path(admin));
  BOOST_TEST(own.html().count("//form[contains(@action,'/status')]") == 0);
  const auto refused = browser.submit(own, user_path(admin) + "/status", {{"status", "disabled"}});
  BOOST_TEST(refused.status == 400);
  BOOST_TEST(roles_of("admin.anna", kAneby) == std::set<Role>{Role::kAdministrator});
  BOOST_TEST(test::audit_count(*this, "staff.disable") == 1);
}

BOOST_FIXTURE_TEST_CASE(an_api_clients_secret_is_shown_once_and_the_client_can_be_revoked, AdminWeb) {
  auto browser = administrator();
  const auto list = browser.get(kSection + "/api-klienter");
  BOOST_TEST_REQUIRE(list.status == 200, list.body);
  BOOST_TEST(list.html().count("//table") == 0);
  const auto created =
      browser.submit(list, kSection + "/api-klienter", {{"scopes", "errands:read"}, {"scopes", "cases:read"}});
  BOOST_TEST_REQUIRE(created.status == 200, created.body);
  const std::string id = created.html().value("string(//code[@id='client-id'])");
  const std::string secret = created.html().value("string(//code[@id='client-secret'])");
  BOOST_TEST(secret.starts_with("svs_"));
  const auto client = auth.clients().authenticate(id, secret);
  BOOST_TEST_REQUIRE(client.has_value(), "the secret shown works");
  BOOST_TEST(client->municipality.str() == "0604");
  BOOST_TEST(auth::format_scopes(client->scopes) == "cases:read errands:read");
  BOOST_TEST(test::audit_count(*this, "api-client.create") == 1);

  const auto again = browser.get(kSection + "/api-klienter");
  BOOST_TEST(again.body.find(secret) == std::string::npos, "never shown again");
  BOOST_TEST(again.html().count("//table//code[.='" + id + "']") == 1);

  const auto revoked = browser.submit(again, kSection + "/api-klienter/" + id + "/aterkalla", {});
  BOOST_TEST_REQUIRE(revoked.status == 303, revoked.body);
  BOOST_TEST(!auth.clients().find(id)->active());
  BOOST_TEST(!auth.clients().authenticate(id, secret).has_value());
  BOOST_TEST(browser.get(kSection + "/api-klienter").html().count("//form[contains(@action,'/aterkalla')]") == 0);

  // Refused: no scope; nothing made.
  const auto none = browser.submit(again, kSection + "/api-klienter", {});
  BOOST_TEST_REQUIRE(none.status == 400);
  BOOST_TEST(summary_links(none) == "#scopes");
  BOOST_TEST(auth.clients().list(kAneby).size() == 1U);

  // Eksjö's client is not Aneby's to revoke.
  tenancy::Context ctx(*db, security::Principal::staff("root", {}, true), kEksjo, clock, &audit);
  const auto eksjo = auth.clients().create(ctx, {"errands:read"});
  ctx.commit();
  BOOST_TEST(browser.submit(again, kSection + "/api-klienter/" + eksjo.client.id + "/aterkalla", {}).status == 404);
  BOOST_TEST(auth.clients().find(eksjo.client.id)->active());
}

BOOST_FIXTURE_TEST_CASE(the_audit_log_is_browsed_newest_first_filtered_and_paged, AdminWeb) {
  auto browser = administrator();
  {
    tenancy::Context ctx(*db, security::Principal::staff("bo.bulk", {{kAneby, {Role::kRegistrar}}}), kAneby, clock,
                         &audit);
    for (int i = 1; i <= 60; ++i) ctx.audit({"test.bulk", "thing", std::to_string(i)});
    ctx.commit();
  }
  const auto first = browser.get(kSection + "/granskningslogg");
  BOOST_TEST_REQUIRE(first.status == 200, first.body);
  auto page = first.html();
  BOOST_TEST(page.count("//table/tbody/tr") == 50);
  BOOST_TEST(page.value("string(//table/tbody/tr[1]/td[4])") == "audit.view", "this very view, newest");
  const auto top = std::stol(page.value("string(//table/tbody/tr[1]/td[1])"));
  BOOST_TEST(std::stol(page.value("string(//table/tbody/tr[2]/td[1])")) == top - 1, "newest first");
  BOOST_TEST(page.value("string(//table/tbody/tr[1]/td[2])") == "2026-11-22 11:00", "Swedish time");
  const std::string next = page.value("string(//a[@rel='next']/@href)");
  BOOST_TEST_REQUIRE(!next.empty());
  const auto second = browser.get(next).html();
  BOOST_TEST(second.count("//table/tbody/tr") > 0);
  // 50 entries on, counted from the newest when the second page was read (its own view is one more).
  BOOST_TEST(std::stol(second.value("string(//table/tbody/tr[1]/td[1])")) == top + 1 - 50);
  BOOST_TEST(!second.value("string(//a[@rel='prev']/@href)").empty());

  // Filters: the action's beginning and the actor by user name.
  auto filtered = browser.get(kSection + "/granskningslogg?handling=test.&aktor=bo.bulk").html();
  BOOST_TEST(filtered.count("//table/tbody/tr") == 50);
  BOOST_TEST(filtered.count("//table/tbody/tr[td[4]!='test.bulk']") == 0);
  filtered = browser.get(kSection + "/granskningslogg?handling=test.&aktor=admin.anna").html();
  BOOST_TEST(filtered.count("//table/tbody/tr") == 0);
  // The day in Swedish time: everything happened on 22 November.
  BOOST_TEST(browser.get(kSection + "/granskningslogg?fran=2026-11-23").html().count("//table/tbody/tr") == 0);
  BOOST_TEST(browser.get(kSection + "/granskningslogg?fran=2026-11-22&till=2026-11-22&handling=test.")
                 .html()
                 .count("//table/tbody/tr") == 50);
  BOOST_TEST(browser.get(kSection + "/granskningslogg?till=2026-11-21").html().count("//table/tbody/tr") == 0);

  // A refused date: the field marked, the input kept.
  const auto refused = browser.get(kSection + "/granskningslogg?fran=22/11&aktor=bo.bulk");
  BOOST_TEST_REQUIRE(refused.status == 400);
  BOOST_TEST(summary_links(refused) == "#fran");
  BOOST_TEST(refused.html().value("string(//input[@id='fran']/@value)") == "22/11");
  BOOST_TEST(refused.html().value("string(//input[@id='aktor']/@value)") == "bo.bulk");
  BOOST_TEST(test::audit_count(*this, "audit.view") >= 6);
}

BOOST_FIXTURE_TEST_CASE(verify_reports_an_intact_chain_and_where_a_tampered_one_breaks, AdminWeb) {
  auto browser = administrator();
  const auto log = browser.get(kSection + "/granskningslogg");
  const auto ok = browser.submit(log, kSection + "/granskningslogg/verifiering", {});
  BOOST_TEST_REQUIRE(ok.status == 200, ok.body);
  BOOST_TEST(ok.html().value("string(//*[@id='verify-result'])").starts_with("Kedjan är hel"));
  BOOST_TEST(test::audit_count(*this, "audit.verify") == 1);
  {
    auto session = db->acquire();
    *session << "UPDATE audit_entry SET detail = 'changed' WHERE municipality = '0604' AND sequence = 2";
  }
  const auto broken = browser.submit(log, kSection + "/granskningslogg/verifiering", {});
  BOOST_TEST_REQUIRE(broken.status == 200, broken.body);
  BOOST_TEST(broken.html().value("string(//*[@id='verify-result'])") == "Kedjan är bruten vid post 2.");
}

BOOST_FIXTURE_TEST_CASE(other_roles_get_403_and_other_members_staff_404, AdminWeb) {
  // A registrar of Aneby: not the administrator's pages.
  const auto rut = test::new_staff_user(*this, "reg.rut", kAneby, Role::kRegistrar);
  StaffBrowser registrar{*this};
  registrar.log_in(rut);
  for (const std::string path : {"", "/anvandare/ny", "/api-klienter", "/granskningslogg"}) {
    BOOST_TEST(registrar.get(kSection + path).status == 403, path);
  }
  const auto start = registrar.get("/staff/0604");
  BOOST_TEST(start.body.find("/administration") == std::string::npos, "not in the navigation");
  BOOST_TEST(registrar.submit(start, kSection + "/api-klienter", {{"scopes", "errands:read"}}).status == 403);
  BOOST_TEST(auth.clients().list(kAneby).empty());

  // Eksjö's administrator: Aneby's pages are not found, nor are Aneby's users under Eksjö.
  const auto erik = test::new_staff_user(*this, "eksjo.erik", kEksjo, Role::kAdministrator);
  StaffBrowser eksjo{*this};
  clock.advance(std::chrono::seconds(30));
  eksjo.log_in(erik);
  BOOST_TEST(eksjo.get(kSection).status == 404);
  BOOST_TEST(eksjo.get(kSection + "/granskningslogg").status == 404);
  BOOST_TEST(eksjo.get("/staff/0686/administration/anvandare/" + std::to_string(rut.user.id)).status == 404);
  const auto own = eksjo.get("/staff/0686/administration");
  BOOST_TEST(own.status == 200);
  BOOST_TEST(eksjo
                 .submit(own, "/staff/0686/administration/anvandare/" + std::to_string(rut.user.id) + "/status",
                         {{"status", "disabled"}})
                 .status == 404);
  BOOST_TEST(roles_of("reg.rut", kAneby) == std::set<Role>{Role::kRegistrar});
}

BOOST_FIXTURE_TEST_CASE(a_form_without_the_csrf_token_is_refused_and_saves_nothing, AdminWeb) {
  auto browser = administrator();
  const auto refused = browser.post(kSection + "/anvandare/ny",
                                    {{"username", "nils.ny"}, {"display_name", "Nils"}, {"roles", "reader"}});
  BOOST_TEST(refused.status == 403);
  BOOST_TEST(!auth.staff().find("nils.ny").has_value());
  const auto forged = browser.post(kSection + "/api-klienter", {{"scopes", "errands:read"}, {"_csrf", "forged"}});
  BOOST_TEST(forged.status == 403);
  BOOST_TEST(auth.clients().list(kAneby).empty());
}

BOOST_AUTO_TEST_SUITE_END()
