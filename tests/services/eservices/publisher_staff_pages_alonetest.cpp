// The publisher's pages of the staff web (eservices/staff_pages.hpp, "e-tjanster") with the
// e-services library linked alone: libcore's staff area on a router with the Höglandet
// cooperation, driven by a cookie-keeping browser. Nässjö piloted school transport, Eksjö the
// street fault report. An e-service editor of Eksjö reads the shared catalogue, adopts school
// transport with a local title, unit, contact, fees and information, withdraws it and publishes
// it again; Nässjö's editor imports version 2 of school transport and reads what changed, and
// previews the form. The failure paths: an empty Swedish title with an English one, a fee in
// one language, an unknown unit, an unknown version, a board the member lacks, an invalid
// definition, another owner's definition: the page comes back with the message and nothing is
// saved; an unknown service is 404; staff of another member get 404, a role without
// eservice.edit 403, a POST without the CSRF token 403. Every write is audited.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/migrations.hpp"
#include "samverkan/eservices/staff_pages.hpp"
#include "samverkan/http/staff_area.hpp"
#include "support/staff_browser.hpp"

using namespace samverkan;
using security::Role;
using test::StaffBrowser;

namespace {

const ids::Kommunkod kNassjo = ids::Kommunkod::parse("0682");
const ids::Kommunkod kEksjo = ids::Kommunkod::parse("0686");
const ids::Kommunkod kAneby = ids::Kommunkod::parse("0604");
const ids::Kommunkod kVetlanda = ids::Kommunkod::parse("0685");
const std::string kEksjoSection = "/staff/0686/e-tjanster";
const std::string kNassjoSection = "/staff/0682/e-tjanster";

config::Cooperation hoglandet() {
  return config::load_cooperation(test::source_dir() / "examples/hoglandet/cooperation.xml",
                                  test::source_dir() / "xsd");
}

std::string example(const std::string& file) {
  return test::read_file(test::source_dir() / "examples/hoglandet/eservices" / file);
}

/// School transport version 2: the school's label reworded, the child's name shorter.
std::string school_transport_v2() {
  std::string xml = example("skolskjuts.xml");
  const auto replace = [&xml](const std::string& from, const std::string& to) {
    const auto at = xml.find(from);
    BOOST_TEST_REQUIRE(at != std::string::npos, from);
    xml.replace(at, from.size(), to);
  };
  replace(R"(id="skolskjuts" version="1")", R"(id="skolskjuts" version="2")");
  replace("<sv>Skola</sv><en>School</en>", "<sv>Skolans namn</sv><en>The school's name</en>");
  replace(R"(<text id="child-name" required="true" maxLength="100">)",
          R"(<text id="child-name" required="true" maxLength="80">)");
  return xml;
}

struct Fixture : test::BareServer {
  static security::Principal editor(const ids::Kommunkod& where) {
    return security::Principal::staff("editor-" + where.str(), {{where, {Role::kEServiceEditor}}});
  }

  template <typename Work>
  void as(const security::Principal& who, const ids::Kommunkod& where, Work&& work) {
    tenancy::Context ctx(*db, who, where, clock, &audit);
    work(ctx);
    ctx.commit();
  }

  Fixture() : BareServer(eservices::migrations(), hoglandet()) {
    http::StaffArea area(*router,
                         {*db, cooperation, audit, auth.staff(), auth.sessions(), auth.authenticator(), clock});
    eservices::mount_staff_pages(area, cooperation, &keyring);
    as(editor(kNassjo), kNassjo, [&](auto& ctx) {
      catalogue.import_definition(ctx, example("skolskjuts.xml"), "skolskjuts.xml");
      catalogue.publish(ctx, "skolskjuts", 1, {});
    });
    as(editor(kEksjo), kEksjo, [&](auto& ctx) {
      catalogue.import_definition(ctx, example("felanmalan-gata-park.xml"), "felanmalan-gata-park.xml");
      catalogue.publish(ctx, "felanmalan-gata-park", 1, {});
    });
    as(editor(kVetlanda), kVetlanda, [&](auto& ctx) {
      catalogue.import_definition(ctx, example("livsmedelsanlaggning.xml"), "livsmedelsanlaggning.xml");
    });
  }

  auth::NewStaffUser user(const std::string& name, const ids::Kommunkod& municipality, Role role) {
    return test::new_staff_user(*this, name, municipality, role);
  }

  int audit_count(const std::string& action, const std::string& outcome = "success") {
    return test::audit_count(*this, action, outcome);
  }

  /// The publication row of `service` in `where` as text ("" when there is none).
  std::string publication_row(const ids::Kommunkod& where, const std::string& service) {
    std::string row;
    soci::indicator indicator = soci::i_null;
    auto session = db->acquire();
    const std::string code = where.str();
    *session << "SELECT status || '|' || version || '|' || COALESCE(title_sv, '') || '|' || COALESCE(title_en, '') "
                "|| '|' || COALESCE(handling_unit, '') || '|' || COALESCE(contact, '') || '|' || "
                "COALESCE(fees_sv, '') || '|' || COALESCE(information_en, '') FROM eservice_publication "
                "WHERE municipality = :m AND service_id = :s",
        soci::use(code), soci::use(service), soci::into(row, indicator);
    return indicator == soci::i_ok ? row : std::string();
  }

  int versions_of(const std::string& service) {
    int n = 0;
    auto session = db->acquire();
    *session << "SELECT COUNT(*) FROM eservice_definition WHERE service_id = :s", soci::use(service), soci::into(n);
    return n;
  }

  eservices::Catalogue catalogue{cooperation, test::source_dir() / "xsd"};
};

/// The publication form as a publisher fills it in.
test::FormFields adoption(std::string title_sv, std::string title_en, std::string fees_sv = {},
                          std::string fees_en = {}, std::string unit = "kontaktcenter") {
  return {{"version", "1"},
          {"title_sv", std::move(title_sv)},
          {"title_en", std::move(title_en)},
          {"unit", std::move(unit)},
          {"contact", "Kontaktcenter, 0381-360 00"},
          {"fees_sv", std::move(fees_sv)},
          {"fees_en", std::move(fees_en)},
          {"information_sv", "Ansök före 1 maj."},
          {"information_en", "Apply before 1 May."}};
}

std::string row_text(const test::HtmlPage& html, const std::string& service, int column) {
  return html.value("string(//table[@class='catalogue']/tbody/tr[td/a[contains(@href,'/" + service + "')]]/td[" +
                    std::to_string(column) + "])");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(publisher_staff_pages_alonetest)

BOOST_FIXTURE_TEST_CASE(a_publisher_adopts_changes_withdraws_and_republishes_a_piloted_service, Fixture) {
  StaffBrowser erika{*this};
  erika.log_in(user("erika", kEksjo, Role::kEServiceEditor));

  // The catalogue: each service once, its pilot, its newest version, who publishes it, its state here.
  const auto first = erika.get(kEksjoSection);
  BOOST_TEST_REQUIRE(first.status == 200, first.body);
  auto html = first.html();
  BOOST_TEST(html.value("string(/html/@lang)") == "sv");
  BOOST_TEST(html.count("//table[@class='catalogue']/tbody/tr") == 3);
  BOOST_TEST(html.count("//table[@class='catalogue']/caption") == 1);
  BOOST_TEST(html.count("//table[@class='catalogue']/thead/tr/th[@scope='col']") == 5);
  BOOST_TEST(row_text(html, "skolskjuts", 1) == "Ansökan om skolskjuts");
  BOOST_TEST(row_text(html, "skolskjuts", 2) == "Nässjö");
  BOOST_TEST(row_text(html, "skolskjuts", 3) == "1");
  BOOST_TEST(row_text(html, "skolskjuts", 4) == "Nässjö");
  BOOST_TEST(row_text(html, "skolskjuts", 5) == "Inte införd");
  BOOST_TEST(row_text(html, "felanmalan-gata-park", 2) == "Eksjö");
  BOOST_TEST(row_text(html, "felanmalan-gata-park", 5) == "Publicerad, version 1");
  BOOST_TEST(row_text(html, "livsmedelsanlaggning", 2) == "Vetlanda");
  BOOST_TEST(row_text(html, "livsmedelsanlaggning", 4) == "Ingen");

  // The service Nässjö piloted: its versions, who offers it, the form to adopt it.
  const std::string service = kEksjoSection + "/skolskjuts";
  const auto page = erika.get(service);
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  html = page.html();
  BOOST_TEST(html.value("string(//h1)") == "Ansökan om skolskjuts");
  BOOST_TEST(html.value("string(//dd[@id='service-pilot'])") == "Nässjö");
  BOOST_TEST(html.value("string(//dd[@id='our-status'])") == "Inte införd");
  BOOST_TEST(html.value("string(//table[@class='members']/tbody/tr[1]/td[2])") == "Pilot");
  BOOST_TEST(html.count("//select[@id='unit']/option[@value='gatuenheten']") == 1, "Eksjö's own units");
  BOOST_TEST(html.count("//label[@for='title_sv']") == 1);
  BOOST_TEST(html.count("//form[@method='post'][contains(@action,'/tillbakadragning')]") == 0);

  // Bad overrides: the page again (400), the summary linked to the field, what was typed kept,
  // nothing saved.
  const auto no_swedish = erika.submit(page, service + "/publicering", adoption("", "School transport in Eksjö"));
  BOOST_TEST_REQUIRE(no_swedish.status == 400, no_swedish.body);
  html = no_swedish.html();
  BOOST_TEST(html.value("string(//div[@class='error-summary']//a/@href)") == "#title_sv");
  BOOST_TEST(html.value("string(//div[@class='error-summary']//a)") ==
             "Lokal titel: ange texten på både svenska och engelska");
  BOOST_TEST(html.value("string(//input[@id='title_sv']/@aria-invalid)") == "true");
  BOOST_TEST(html.value("string(//input[@id='title_en']/@value)") == "School transport in Eksjö");
  BOOST_TEST(html.value("string(//title)").starts_with("Fel: "));
  const auto one_language_fee =
      erika.submit(page, service + "/publicering", adoption("Skolskjuts i Eksjö", "School transport", "200 kr", ""));
  BOOST_TEST(one_language_fee.status == 400);
  BOOST_TEST(one_language_fee.html().value("string(//div[@class='error-summary']//a/@href)") == "#fees_sv");
  BOOST_TEST(one_language_fee.html().value("string(//textarea[@id='fees_sv'])") == "200 kr");
  const auto long_fee = erika.submit(page, service + "/publicering",
                                     adoption("Skolskjuts", "School transport", std::string(4001, 'x'), "x"));
  BOOST_TEST(long_fee.status == 400);
  BOOST_TEST(long_fee.html().value("string(//div[@class='error-summary']//a)") == "Avgifter: texten är för lång");
  const auto bad_unit =
      erika.submit(page, service + "/publicering", adoption("Skolskjuts", "School transport", {}, {}, "skolskjuts"));
  BOOST_TEST(bad_unit.status == 400, "skolskjuts is Nässjö's unit, not Eksjö's");
  BOOST_TEST(bad_unit.html().value("string(//div[@class='error-summary']//a/@href)") == "#unit");
  auto no_version = adoption("Skolskjuts", "School transport");
  no_version[0].second = "7";
  BOOST_TEST(erika.submit(page, service + "/publicering", no_version).status == 400);
  no_version[0].second = "x";
  BOOST_TEST(erika.submit(page, service + "/publicering", no_version).status == 400);
  BOOST_TEST(publication_row(kEksjo, "skolskjuts").empty());
  BOOST_TEST(audit_count("eservice.publish") == 2, "the fixture's two only");

  // An unknown service is not a form error: 404.
  BOOST_TEST(erika.get(kEksjoSection + "/ingen-sadan").status == 404);
  BOOST_TEST(erika.submit(page, kEksjoSection + "/ingen-sadan/publicering", adoption("A", "B")).status == 404);

  // Adopted with local overrides: saved, audited, shown.
  const auto adopted =
      erika.submit(page, service + "/publicering",
                   adoption("Skolskjuts i Eksjö", "School transport in Eksjö", "Ingen avgift", "No fee"));
  BOOST_TEST_REQUIRE(adopted.status == 303, adopted.body);
  BOOST_TEST(adopted.location == service);
  BOOST_TEST(publication_row(kEksjo, "skolskjuts") ==
             "published|1|Skolskjuts i Eksjö|School transport in Eksjö|kontaktcenter|Kontaktcenter, 0381-360 00|"
             "Ingen avgift|Apply before 1 May.");
  BOOST_TEST(audit_count("eservice.publish") == 3);
  html = erika.get(service).html();
  BOOST_TEST(html.value("string(//dd[@id='our-status'])") == "Publicerad, version 1");
  BOOST_TEST(html.value("string(//dd[@id='our-title'])") == "Skolskjuts i Eksjö");
  BOOST_TEST(html.value("string(//input[@id='title_sv']/@value)") == "Skolskjuts i Eksjö");
  BOOST_TEST(html.count("//select[@id='unit']/option[@value='kontaktcenter'][@selected]") == 1);
  BOOST_TEST(html.value("string(//table[@class='members']/tbody/tr[td[1]='Eksjö']/td[2])") == "Har infört");
  BOOST_TEST(row_text(erika.get(kEksjoSection).html(), "skolskjuts", 4) == "Nässjö, Eksjö");

  // Withdrawn, then published again.
  const auto withdrawn = erika.submit(erika.get(service), service + "/tillbakadragning", {});
  BOOST_TEST_REQUIRE(withdrawn.status == 303, withdrawn.body);
  BOOST_TEST(publication_row(kEksjo, "skolskjuts").starts_with("withdrawn|1|"));
  BOOST_TEST(audit_count("eservice.withdraw") == 1);
  html = erika.get(service).html();
  BOOST_TEST(html.value("string(//dd[@id='our-status'])") == "Tillbakadragen");
  BOOST_TEST(row_text(erika.get(kEksjoSection).html(), "skolskjuts", 4) == "Nässjö");
  const auto again = erika.submit(erika.get(service), service + "/tillbakadragning", {});
  BOOST_TEST(again.status == 409, "not published any more");
  BOOST_TEST(audit_count("eservice.withdraw") == 1);
  const auto republished =
      erika.submit(page, service + "/publicering", adoption("Skolskjuts i Eksjö", "School transport in Eksjö"));
  BOOST_TEST_REQUIRE(republished.status == 303, republished.body);
  BOOST_TEST(publication_row(kEksjo, "skolskjuts").starts_with("published|1|Skolskjuts i Eksjö|"));

  // A service that registers cases with a board Eksjö has: food premises (SBN) is adopted;
  // Aneby has no SBN: 409 with the message, nothing saved.
  StaffBrowser anna{*this};
  anna.log_in(user("anna", kAneby, Role::kEServiceEditor));
  const auto food = anna.get("/staff/0604/e-tjanster/livsmedelsanlaggning");
  BOOST_TEST_REQUIRE(food.status == 200, food.body);
  const auto no_board = anna.submit(food, "/staff/0604/e-tjanster/livsmedelsanlaggning/publicering",
                                    adoption({}, {}, {}, {}, "kundcenter"));
  BOOST_TEST(no_board.status == 409);
  BOOST_TEST(no_board.html().value("string(//div[@class='error-summary']//a)").starts_with("Den här versionen"));
  BOOST_TEST(publication_row(kAneby, "livsmedelsanlaggning").empty());

  // In English.
  const auto start = erika.get("/staff/0686");
  BOOST_TEST_REQUIRE(erika.submit(start, "/staff/sprak", {{"lang", "en"}, {"next", service}}).status == 303);
  html = erika.get(service).html();
  BOOST_TEST(html.value("string(/html/@lang)") == "en");
  BOOST_TEST(html.value("string(//h1)") == "Application for school transport");
  BOOST_TEST(html.value("string(//dd[@id='our-status'])") == "Published, version 1");
}

BOOST_FIXTURE_TEST_CASE(the_pilot_imports_a_new_version_reads_what_changed_and_previews_the_form, Fixture) {
  StaffBrowser nils{*this};
  nils.log_in(user("nils", kNassjo, Role::kEServiceEditor));
  const auto form = nils.get(kNassjoSection + "/importera");
  BOOST_TEST_REQUIRE(form.status == 200, form.body);
  BOOST_TEST(form.html().count("//form[@enctype='multipart/form-data']//input[@type='file'][@id='definition']") == 1);
  BOOST_TEST(form.html().count("//label[@for='definition']") == 1);

  // A definition that fails validation: the page again with every problem, nothing imported.
  const auto invalid = nils.submit_file(
      form, kNassjoSection + "/importera", "definition", "trasig.xml",
      test::read_file(test::source_dir() / "tests/services/eservices/bad" / "condition_unknown_field.xml"));
  BOOST_TEST_REQUIRE(invalid.status == 400, invalid.body);
  auto html = invalid.html();
  BOOST_TEST(html.value("string(//div[@class='error-summary']//a)") == "Definitionen kunde inte importeras");
  BOOST_TEST(html.value("string(//div[@class='error-summary']//a/@href)") == "#definition");
  BOOST_TEST(html.count("//ul[@id='definition-error']/li[starts-with(., 'trasig.xml:')]") >= 1);
  BOOST_TEST(html.value("string(//input[@id='definition']/@aria-invalid)") == "true");
  // Not XML at all, and no file.
  BOOST_TEST(nils.submit_file(form, kNassjoSection + "/importera", "definition", "x.xml", "inte xml").status == 400);
  BOOST_TEST(nils.submit(form, kNassjoSection + "/importera", {}).status == 400);
  // Eksjö's service, imported by Nässjö: refused, nothing imported.
  std::string fault_v2 = example("felanmalan-gata-park.xml");
  fault_v2.replace(fault_v2.find(R"(version="1")"), 11, R"(version="2")");
  const auto not_ours = nils.submit_file(form, kNassjoSection + "/importera", "definition", "f.xml", fault_v2);
  BOOST_TEST(not_ours.status == 403);
  BOOST_TEST(not_ours.html().value("string(//ul[@id='definition-error']/li)").starts_with("Bara tjänstens ägare"));
  BOOST_TEST(versions_of("felanmalan-gata-park") == 1);
  BOOST_TEST(versions_of("skolskjuts") == 1);
  BOOST_TEST(audit_count("eservice.import") == 3, "the fixture's three only");

  // Version 2: imported, audited, its page says what changed since version 1.
  const auto imported =
      nils.submit_file(form, kNassjoSection + "/importera", "definition", "skolskjuts-2.xml", school_transport_v2());
  BOOST_TEST_REQUIRE(imported.status == 303, imported.body);
  BOOST_TEST(imported.location == kNassjoSection + "/skolskjuts/versioner/2");
  BOOST_TEST(versions_of("skolskjuts") == 2);
  BOOST_TEST(audit_count("eservice.import") == 4);
  const auto version = nils.get(imported.location);
  BOOST_TEST_REQUIRE(version.status == 200, version.body);
  html = version.html();
  BOOST_TEST(html.value("string(//p[@id='changes-summary'])") == "Ändringar sedan version 1:");
  BOOST_TEST(html.count("//ul[@class='changes']/li") == 2);
  BOOST_TEST(html.value("string(//ul[@class='changes']/li[1])") ==
             "Fältets regler (längd, mönster, gränser, "
             "villkor, filer): child-name");
  BOOST_TEST(html.value("string(//ul[@class='changes']/li[2])") == "Fältets etikett eller hjälptext: school");
  BOOST_TEST(nils.get(kNassjoSection + "/skolskjuts/versioner/1").html().value("string(//p[@id='changes-summary'])") ==
             "Det här är tjänstens första version.");
  // The same bytes again change nothing; other bytes under the same version are refused.
  BOOST_TEST(
      nils.submit_file(form, kNassjoSection + "/importera", "definition", "s.xml", school_transport_v2()).status ==
      303);
  BOOST_TEST(audit_count("eservice.import") == 4);
  std::string changed = school_transport_v2();
  changed.replace(changed.find("Skolans namn"), 12, "Skolans namn!");
  BOOST_TEST(nils.submit_file(form, kNassjoSection + "/importera", "definition", "s.xml", changed).status == 409);
  BOOST_TEST(versions_of("skolskjuts") == 2);

  // Nässjö still publishes version 1; the service page offers version 2.
  html = nils.get(kNassjoSection + "/skolskjuts").html();
  BOOST_TEST(html.value("string(//dd[@id='our-status'])") == "Publicerad, version 1");
  BOOST_TEST(html.count("//select[@id='version']/option") == 2);

  // The preview: the citizen's step, without a form, one step at a time.
  const auto preview = nils.get(html.value("string(//ul[@class='versions']/li[2]/a/@href)") + "/forhandsgranskning");
  BOOST_TEST_REQUIRE(preview.status == 200, preview.body);
  html = preview.html();
  BOOST_TEST(html.value("string(//h1)") == "Barnet");
  BOOST_TEST(html.value("string(//label[@for='school'])").starts_with("Skolans namn"));
  BOOST_TEST(html.count("//main//form[@method='post']") == 0, "nothing to send from a preview");
  BOOST_TEST(html.count("//select[@id='school-year']/option") == 5);
  const auto next = html.value("string(//a[@rel='next']/@href)");
  BOOST_TEST(next.starts_with(kNassjoSection + "/skolskjuts/versioner/2/forhandsgranskning?steg="));
  const auto second = nils.get(next);
  BOOST_TEST_REQUIRE(second.status == 200, second.body);
  BOOST_TEST(second.html().count("//a[@rel='prev']") == 1);
  BOOST_TEST(nils.get(kNassjoSection + "/skolskjuts/versioner/2/forhandsgranskning?steg=nej").status == 404);
  BOOST_TEST(nils.get(kNassjoSection + "/skolskjuts/versioner/9").status == 404);
  BOOST_TEST(nils.get(kNassjoSection + "/skolskjuts/versioner/x").status == 404);
}

BOOST_FIXTURE_TEST_CASE(refusals_for_another_member_without_the_permission_and_without_csrf, Fixture) {
  const std::string service = kEksjoSection + "/skolskjuts";

  // Nässjö's editor has no role in Eksjö: 404 for every Eksjö page, nothing written.
  StaffBrowser nils{*this};
  nils.log_in(user("nils", kNassjo, Role::kEServiceEditor));
  const auto own = nils.get(kNassjoSection);
  BOOST_TEST_REQUIRE(own.status == 200);
  BOOST_TEST(nils.get(kEksjoSection).status == 404);
  BOOST_TEST(nils.get(service).status == 404);
  BOOST_TEST(nils.get(service + "/versioner/1").status == 404);
  BOOST_TEST(nils.get(service + "/versioner/1/forhandsgranskning").status == 404);
  BOOST_TEST(nils.get(kEksjoSection + "/importera").status == 404);
  BOOST_TEST(nils.submit(own, service + "/publicering", adoption("A", "B")).status == 404);
  BOOST_TEST(nils.submit(own, kEksjoSection + "/felanmalan-gata-park/tillbakadragning", {}).status == 404);
  BOOST_TEST(nils.submit_file(own, kEksjoSection + "/importera", "definition", "s.xml", school_transport_v2()).status ==
             404);
  BOOST_TEST(publication_row(kEksjo, "skolskjuts").empty());
  BOOST_TEST(publication_row(kEksjo, "felanmalan-gata-park").starts_with("published|"));

  // A case handler of Eksjö holds no eservice.edit: 403 for every page, refusals audited.
  StaffBrowser hugo{*this};
  hugo.log_in(user("hugo", kEksjo, Role::kCaseHandler));
  const auto refusals = audit_count("staff-page.open", "refused");
  BOOST_TEST(hugo.get(kEksjoSection).status == 403);
  BOOST_TEST(hugo.get(service).status == 403);
  BOOST_TEST(hugo.get(service + "/versioner/1/forhandsgranskning").status == 403);
  BOOST_TEST(hugo.get(kEksjoSection + "/importera").status == 403);
  const auto start = hugo.get("/staff/0686");
  BOOST_TEST(start.html().count("//nav//a[contains(@href,'/e-tjanster')]") == 0, "not in the navigation");
  BOOST_TEST(hugo.submit(start, service + "/publicering", adoption("A", "B")).status == 403);
  BOOST_TEST(hugo.submit(start, kEksjoSection + "/felanmalan-gata-park/tillbakadragning", {}).status == 403);
  BOOST_TEST(audit_count("staff-page.open", "refused") >= refusals + 4);
  BOOST_TEST(publication_row(kEksjo, "felanmalan-gata-park").starts_with("published|"));

  // Eksjö's editor without the session's CSRF token: 403, nothing written.
  StaffBrowser erika{*this};
  erika.log_in(user("erika", kEksjo, Role::kEServiceEditor));
  BOOST_TEST(erika.post(service + "/publicering", adoption("A", "B")).status == 403);
  auto forged = adoption("A", "B");
  forged.emplace_back("_csrf", "not-the-token");
  BOOST_TEST(erika.post(service + "/publicering", forged).status == 403);
  BOOST_TEST(erika.post(kEksjoSection + "/felanmalan-gata-park/tillbakadragning", {}).status == 403);
  BOOST_TEST(publication_row(kEksjo, "skolskjuts").empty());
  BOOST_TEST(publication_row(kEksjo, "felanmalan-gata-park").starts_with("published|"));
  BOOST_TEST(audit_count("eservice.publish") == 2, "the fixture's two only");
  BOOST_TEST(audit_count("eservice.withdraw") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
