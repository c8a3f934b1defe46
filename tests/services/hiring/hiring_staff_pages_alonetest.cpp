// The hiring section of the staff web (hiring/staff_pages.hpp) with the hiring library linked
// alone: libcore's staff area on a router with the hiring test cooperation, driven in process by
// a cookie-keeping browser. A manager (HR recorded their unit) logs in with password and code,
// meets the form's error summary with the values kept, saves a draft, resumes it, submits, and
// sees the hire's page with its five orders; the dashboard lists it. The failure paths: a role
// without hire.write gets 403, a POST without the session's CSRF token 403, a hire outside the
// manager's units 404, another member's manager 404; views are audited.
#include <boost/test/unit_test.hpp>

#include <Poco/URI.h>

#include <soci/soci.h>

#include "samverkan/auth/totp.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/hiring/hiring_service.hpp"
#include "samverkan/hiring/migrations.hpp"
#include "samverkan/hiring/staff_pages.hpp"
#include "samverkan/http/staff_area.hpp"
#include "support/bare_server.hpp"
#include "support/html_page.hpp"
#include "support/staff_browser.hpp"

using namespace samverkan;
using security::Role;

namespace {

const ids::Kommunkod kLekeberg = ids::Kommunkod::parse("1814");
const ids::Kommunkod kAskersund = ids::Kommunkod::parse("1882");

config::Cooperation hiring_cooperation() {
  return config::load_cooperation(
      std::filesystem::path(SAMVERKAN_SOURCE_DIR) / "tests/services/hiring/hiring_cooperation.xml",
      std::filesystem::path(SAMVERKAN_SOURCE_DIR) / "xsd");
}

using Fields = test::FormFields;
using Browser = test::StaffBrowser;

struct Fixture : test::BareServer {
  Fixture() : BareServer(hiring::migrations(), hiring_cooperation()) {
    http::StaffArea area(*router,
                         {*db, cooperation, audit, auth.staff(), auth.sessions(), auth.authenticator(), clock});
    hiring::mount_staff_pages(area, cooperation, keyring, [this] { ++woken; });
  }

  /// A staff user of `municipality` with `role`; a manager gets `units` recorded by HR.
  auth::NewStaffUser user(const std::string& name, const ids::Kommunkod& municipality, Role role,
                          const std::vector<std::string>& units = {}) {
    auto created = test::new_staff_user(*this, name, municipality, role);
    if (!units.empty()) {
      const auto hr = security::Principal::staff("hr", {{municipality, {Role::kHrOfficer}}});
      tenancy::Context ctx(*db, hr, municipality, clock, &audit);
      hiring.set_manager(ctx, {name, name, name + "@example.org", units});
      ctx.commit();
    }
    return created;
  }

  int audit_count(const std::string& action, const std::string& outcome = "success") {
    return test::audit_count(*this, action, outcome);
  }

  hiring::HiringService hiring{cooperation, keyring};
  int woken = 0;
};

const std::string kPages = "/staff/1814/anstallningar";

// Starts Monday 2027-01-18; the clock stands at 2026-11-22.
Fields form(const std::string& personnummer) {
  return {{"givenName", "Anna"},           {"familyName", "Andersson"},
          {"personnummer", personnummer},  {"privateEmail", "anna.privat@example.com"},
          {"mobile", "070-123 45 67"},     {"employmentType", "permanent"},
          {"startDate", "2027-01-18"},     {"title", "Undersköterska"},
          {"unit", "hemtjansten"},         {"equipment", "telefon"},
          {"equipment", "dator"},          {"cardAreas", "KOMMUNHUSET"},
          {"roles", "lifecare/planerare"}, {"employmentRate", "100"},
          {"monthlySalary", "31500"}};
}

Fields with(Fields fields, const std::string& name, const std::string& value) {
  fields.emplace_back(name, value);
  return fields;
}

/// A manager of the home care in Lekeberg submits a hire through the pages; returns its id.
std::string submit_hire(Fixture& web, Browser& manager) {
  const auto page = manager.get(kPages + "/ny");
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  const auto sent = manager.submit(page, kPages + "/ny", with(form("19900101-0017"), "action", "skicka"));
  BOOST_TEST_REQUIRE(sent.status == 303, sent.body);
  BOOST_TEST_REQUIRE(sent.location.starts_with(kPages + "/"));
  (void)web;
  return sent.location.substr(kPages.size() + 1);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hiring_staff_pages_alonetest)

BOOST_FIXTURE_TEST_CASE(a_manager_fills_in_the_form_with_one_error_saves_a_draft_and_submits, Fixture) {
  Browser manager{*this};
  manager.log_in(user("maria", kLekeberg, Role::kHiringManager, {"hemtjansten"}));

  const auto empty = manager.get(kPages + "/ny");
  BOOST_TEST_REQUIRE(empty.status == 200, empty.body);
  const auto html = empty.html();
  BOOST_TEST(html.value("string(/html/@lang)") == "sv");
  BOOST_TEST(html.count("//label[@for='givenName']") == 1);
  BOOST_TEST(html.count("//select[@id='unit']/option[@value='hemtjansten']") == 1);
  BOOST_TEST(html.count("//select[@id='unit']/option[@value='gatuenheten']") == 0, "only the manager's units");
  BOOST_TEST(html.value("string(//fieldset[.//input[@name='equipment']]/legend)") == "Utrustning");
  BOOST_TEST(html.count("//input[@type='checkbox'][@name='roles']") >= 1);
  BOOST_TEST(html.count("//input[@type='radio'][@name='employmentType']") == 3);

  // One error: the summary names it and links to the field; the values are kept.
  const auto wrong = manager.submit(empty, kPages + "/ny", with(form("19900101-0018"), "action", "skicka"));
  BOOST_TEST_REQUIRE(wrong.status == 400, wrong.body);
  const auto refused = wrong.html();
  BOOST_TEST(refused.count("//div[@class='error-summary']//li") == 1);
  BOOST_TEST(refused.count("//div[@class='error-summary']//a[@href='#personnummer']") == 1);
  BOOST_TEST(refused.value("string(//input[@id='personnummer']/@aria-invalid)") == "true");
  BOOST_TEST(refused.value("string(//input[@id='givenName']/@value)") == "Anna");
  BOOST_TEST(refused.count("//input[@name='equipment'][@value='dator'][@checked]") == 1);
  BOOST_TEST(refused.value("string(//input[@name='employmentType'][@checked]/@value)") == "permanent");
  BOOST_TEST(refused.value("string(//select[@id='unit']/option[@selected]/@value)") == "hemtjansten");

  // Saved as a draft, resumed from the list.
  const auto saved = manager.submit(wrong, kPages + "/ny", with(form("19900101-0018"), "action", "spara"));
  BOOST_TEST_REQUIRE(saved.status == 303, saved.body);
  BOOST_TEST_REQUIRE(saved.location.starts_with(kPages + "/utkast/"));
  const auto resumed = manager.get(saved.location);
  BOOST_TEST_REQUIRE(resumed.status == 200, resumed.body);
  BOOST_TEST(resumed.html().value("string(//input[@id='personnummer']/@value)") == "19900101-0018");
  BOOST_TEST(resumed.html().count("//ul[@class='drafts']/li/a[@href='" + saved.location + "']") == 1);
  BOOST_TEST(audit_count("hire-draft.view") == 1);
  const auto draft = resumed.html().value("string(//input[@name='draft']/@value)");
  BOOST_TEST(!draft.empty());

  // Fixed and submitted: the hire's page with its five orders; the draft is gone.
  const auto sent =
      manager.submit(resumed, kPages + "/ny", with(with(form("19900101-0017"), "draft", draft), "action", "skicka"));
  BOOST_TEST_REQUIRE(sent.status == 303, sent.body);
  BOOST_TEST(woken == 1);
  const auto hire = manager.get(sent.location);
  BOOST_TEST_REQUIRE(hire.status == 200, hire.body);
  BOOST_TEST(hire.html().value("string(//h1)") == "Anna Andersson");
  BOOST_TEST(hire.html().count("//table[@class='orders']/tbody/tr") == 5);
  BOOST_TEST(hire.html().value("string(//table[@class='orders']/tbody/tr[1]/td[3])") == "Beställd");
  BOOST_TEST(audit_count("hire.view") == 1);
  BOOST_TEST(manager.get(kPages + "/ny").html().count("//ul[@class='drafts']") == 0);

  // The dashboard lists it, and filters.
  const auto list = manager.get(kPages);
  BOOST_TEST_REQUIRE(list.status == 200, list.body);
  BOOST_TEST(list.html().count("//table/tbody/tr/td/a[@href='" + sent.location + "']") == 1);
  BOOST_TEST(manager.get(kPages + "?status=ready").html().count("//table/tbody/tr") == 0);
  BOOST_TEST(manager.get(kPages + "?forsenade=ja").html().count("//table/tbody/tr") == 0);
  BOOST_TEST(manager.get(kPages + "?enhet=hemtjansten&status=submitted").html().count("//table/tbody/tr") == 1);
  BOOST_TEST(audit_count("hire.list") >= 1);

  // Termination with a bad date: the error on the hire's page; a good one ends it.
  const auto bad_end = manager.submit(hire, sent.location + "/avslut", {{"lastDay", "2027-01-01"}});
  BOOST_TEST(bad_end.status == 400, bad_end.body);
  BOOST_TEST(bad_end.html().count("//div[@class='error-summary']//a[@href='#last-day']") == 1);
  const auto ended = manager.submit(hire, sent.location + "/avslut", {{"lastDay", "2027-06-30"}});
  BOOST_TEST(ended.status == 303, ended.body);
  BOOST_TEST(manager.get(sent.location).html().value("string(//dl/div[2]/dd)") == "Avslutas");
}

BOOST_FIXTURE_TEST_CASE(refusals_without_hire_write_without_csrf_and_outside_the_units, Fixture) {
  Browser manager{*this};
  manager.log_in(user("maria", kLekeberg, Role::kHiringManager, {"hemtjansten"}));
  const auto id = submit_hire(*this, manager);
  const auto page = manager.get(kPages + "/ny");

  // Without the session's CSRF token: 403, nothing saved.
  const auto forged =
      manager.post(kPages + "/ny", with(with(form("19900101-0025"), "action", "spara"), "_csrf", "not-the-token"));
  BOOST_TEST(forged.status == 403);
  BOOST_TEST(manager.post(kPages + "/" + id + "/avslut", {{"lastDay", "2027-06-30"}}).status == 403);
  BOOST_TEST(manager.get(kPages + "/ny").html().count("//ul[@class='drafts']") == 0);

  // A registrar of Lekeberg holds neither hire.read nor hire.write.
  Browser registrar{*this};
  registrar.log_in(user("rut", kLekeberg, Role::kRegistrar));
  BOOST_TEST(registrar.get(kPages + "/ny").status == 403);
  BOOST_TEST(registrar.get(kPages + "/" + id).status == 403);
  const auto start = registrar.get("/staff/1814");
  BOOST_TEST(registrar.submit(start, kPages + "/ny", with(form("19900101-0025"), "action", "skicka")).status == 403);
  BOOST_TEST(audit_count("staff-page.open", "refused") >= 1);

  // A manager of another unit in Lekeberg: 404 for the hire, as for one that does not exist.
  Browser other_unit{*this};
  other_unit.log_in(user("gustav", kLekeberg, Role::kHiringManager, {"gatuenheten"}));
  BOOST_TEST(other_unit.get(kPages + "/" + id).status == 404);
  BOOST_TEST(other_unit.get(kPages + "/2099000001").status == 404);
  const auto theirs = other_unit.get(kPages);
  BOOST_TEST(theirs.html().count("//table/tbody/tr") == 0, "the dashboard lists only the manager's units");
  BOOST_TEST(other_unit.submit(theirs, kPages + "/" + id + "/avslut", {{"lastDay", "2027-06-30"}}).status == 404);

  // A manager in Askersund: 404 for Lekeberg's pages and for the hire under their own member.
  Browser askersund{*this};
  askersund.log_in(user("aina", kAskersund, Role::kHiringManager, {"kontaktcenter"}));
  BOOST_TEST(askersund.get(kPages + "/" + id).status == 404);
  BOOST_TEST(askersund.get("/staff/1882/anstallningar/" + id).status == 404);
  BOOST_TEST(askersund.get("/staff/1882/anstallningar/ny").status == 200);
  (void)page;
}

BOOST_FIXTURE_TEST_CASE(hr_records_managers_and_their_units_and_a_manager_may_not, Fixture) {
  Browser hr{*this};
  hr.log_in(user("hilda", kLekeberg, Role::kHrOfficer));
  const auto dashboard = hr.get(kPages);
  BOOST_TEST(dashboard.html().count("//a[@href='" + kPages + "/chefer']") == 1, "HR is led to the managers' page");
  const auto page = hr.get(kPages + "/chefer");
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  BOOST_TEST(page.html().count("//table/tbody/tr") == 0);
  BOOST_TEST(audit_count("hiring.manager-list") == 1);

  // An unknown unit is refused with the reason in the error summary, the values kept.
  const auto refused = hr.submit(
      page, kPages + "/chefer",
      {{"user", "karl"}, {"name", "Karl Chef"}, {"email", "karl@example.org"}, {"units", "ingen-sadan-enhet"}});
  BOOST_TEST(refused.status == 400);
  BOOST_TEST(refused.html().count("//*[contains(@class,'error-summary')]") == 1, refused.body);
  BOOST_TEST(refused.html().value("string(//input[@id='name']/@value)") == "Karl Chef");

  const auto saved = hr.submit(page, kPages + "/chefer",
                               {{"user", "karl"},
                                {"name", "Karl Chef"},
                                {"email", "karl@example.org"},
                                {"units", "hemtjansten"},
                                {"units", "gatuenheten"}});
  BOOST_TEST_REQUIRE(saved.status == 303, saved.body);
  const auto listed = hr.get(kPages + "/chefer");
  BOOST_TEST(listed.html().count("//table/tbody/tr") == 1);
  BOOST_TEST(listed.body.find("Karl Chef") != std::string::npos);
  BOOST_TEST(audit_count("hiring.manager-set") == 1);
  tenancy::Context ctx(*db, security::Principal::staff("hr", {{kLekeberg, {Role::kHrOfficer}}}), kLekeberg, clock,
                       &audit);
  const auto managers = hiring.managers(ctx);
  ctx.commit();
  BOOST_TEST_REQUIRE(managers.size() == 1u);
  BOOST_TEST((managers.front().units == std::vector<std::string>{"gatuenheten", "hemtjansten"} ||
              managers.front().units == std::vector<std::string>{"hemtjansten", "gatuenheten"}));

  // A manager can neither see nor change the record; another member's HR does not reach it.
  Browser manager{*this};
  manager.log_in(user("maria", kLekeberg, Role::kHiringManager, {"hemtjansten"}));
  BOOST_TEST(manager.get(kPages + "/chefer").status == 403);
  const auto start = manager.get(kPages);
  BOOST_TEST(start.html().count("//a[@href='" + kPages + "/chefer']") == 0);
  BOOST_TEST(
      manager
          .submit(start, kPages + "/chefer",
                  {{"user", "maria"}, {"name", "Maria"}, {"email", "maria@example.org"}, {"units", "gatuenheten"}})
          .status == 403);
  Browser askersund{*this};
  askersund.log_in(user("hugo", kAskersund, Role::kHrOfficer));
  BOOST_TEST(askersund.get(kPages + "/chefer").status == 404);
  BOOST_TEST(askersund.get("/staff/1882/anstallningar/chefer").body.find("Karl Chef") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
