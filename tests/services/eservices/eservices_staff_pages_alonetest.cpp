// The handler's pages of the staff web (eservices/staff_pages.hpp) with the e-services library
// linked alone: libcore's staff area on a router with the Höglandet cooperation, driven in
// process by a cookie-keeping browser. A handler in Nässjö logs in, filters the inbox, opens an
// errand (answers with the definition's labels, the case number, the attachment to download),
// meets the error summary with the text kept, adds a note, writes to the citizen, assigns the
// errand to themselves and closes it; the inbox pages by 50 and lists overdue errands only when
// asked; the case number links to the diary's page for whoever may see it. The failure paths: a role without
// errand.read gets 403, a reader's POST 403, a POST without the session's CSRF token 403,
// another member's errand and its attachment 404; views and downloads are audited.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/errand_work.hpp"
#include "samverkan/eservices/migrations.hpp"
#include "samverkan/eservices/satisfaction.hpp"
#include "samverkan/eservices/staff_pages.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/http/staff_area.hpp"
#include "services/eservices/school_transport.hpp"
#include "support/staff_browser.hpp"

using namespace samverkan;
using security::Role;
using test::StaffBrowser;

namespace {

const ids::Kommunkod kNassjo = ids::Kommunkod::parse("0682");
const ids::Kommunkod kEksjo = ids::Kommunkod::parse("0686");
const std::string kErrands = "/staff/0682/arenden";

config::Cooperation hoglandet() {
  return config::load_cooperation(test::source_dir() / "examples/hoglandet/cooperation.xml",
                                  test::source_dir() / "xsd");
}

struct Fixture : test::BareServer {
  static security::Principal editor(const ids::Kommunkod& where) {
    return security::Principal::staff("editor-" + where.str(), {{where, {Role::kEServiceEditor}}});
  }

  template <typename Work>
  auto as(const security::Principal& who, const ids::Kommunkod& where, Work&& work) {
    tenancy::Context ctx(*db, who, where, clock, &audit);
    if constexpr (std::is_void_v<decltype(work(ctx))>) {
      work(ctx);
      ctx.commit();
    } else {
      auto result = work(ctx);
      ctx.commit();
      return result;
    }
  }

  void import(const std::string& file, const ids::Kommunkod& owner) {
    const std::string xml = test::read_file(test::source_dir() / "examples/hoglandet/eservices" / file);
    as(editor(owner), owner, [&](auto& ctx) { catalogue.import_definition(ctx, xml, file); });
  }

  /// With `diary_stand_in`, a section stands in for case handling's diary (not linked here):
  /// it shows cases of the diary BUN at /arenden/<number> to whoever may register cases, a
  /// stricter permission than the real one (case.read, which every errand reader holds), so
  /// that the page's refusal to link can be seen.
  explicit Fixture(bool diary_stand_in = false) : BareServer(eservices::migrations(), hoglandet()) {
    http::StaffArea area(*router,
                         {*db, cooperation, audit, auth.staff(), auth.sessions(), auth.authenticator(), clock});
    eservices::mount_staff_pages(area, cooperation, &keyring);
    if (diary_stand_in) {
      static const std::map<std::string, std::string_view> kTexts = {
          {"sv.json", R"({"section_title": "Diarium", "section_summary": "Ärenden"})"},
          {"en.json", R"({"section_title": "Diary", "section_summary": "Cases"})"}};
      area.section({.slug = "diarium", .permission = security::Permission::kCaseRegister, .templates = &kTexts})
          .shows({"case", security::Permission::kCaseRegister,
                  [](const ids::Kommunkod&, std::string_view id) -> std::optional<std::string> {
                    if (!id.starts_with("BUN ")) return std::nullopt;
                    std::string key(id);
                    std::replace(key.begin(), key.end(), ' ', '-');
                    std::replace(key.begin(), key.end(), '/', '-');
                    return "/arenden/" + key;
                  }});
    }
    import("skolskjuts.xml", kNassjo);
    import("felanmalan-gata-park.xml", kEksjo);
    as(editor(kNassjo), kNassjo, [&](auto& ctx) {
      catalogue.publish(ctx, "skolskjuts", 1, {});
      catalogue.publish(ctx, "felanmalan-gata-park", 1, {});
    });
    as(editor(kEksjo), kEksjo, [&](auto& ctx) { catalogue.publish(ctx, "felanmalan-gata-park", 1, {}); });
  }

  /// A guardian logged in with BankID applies for school transport in Nässjö, with a certificate.
  std::string submit_school_transport() {
    const auto answers = test::school_transport_answers("läkarintyg \"nov\".pdf");
    const auto citizen = security::Principal::citizen(ids::Personnummer::parse("191212121212"));
    return as(citizen, kNassjo, [&](auto& ctx) { return submissions.submit(ctx, "skolskjuts", 1, answers); })
        .receipt.value()
        .reference;
  }

  /// An anonymous fault report in `where`.
  std::string submit_fault_report(const ids::Kommunkod& where) {
    eservices::Answers answers;
    answers.values = {{"fault-type", {"lighting"}},
                      {"lamp-number", {"EK-01234"}},
                      {"description", {"The street light has been out for a week"}},
                      {"address", {"Storgatan 1"}},
                      {"reporter-name", {"Anna Andersson"}},
                      {"reporter-email", {"anna.andersson@example.se"}}};
    return as(security::Principal::anonymous(), where,
              [&](auto& ctx) { return submissions.submit(ctx, "felanmalan-gata-park", 1, answers); })
        .receipt.value()
        .reference;
  }

  auth::NewStaffUser user(const std::string& name, const ids::Kommunkod& municipality, Role role) {
    return test::new_staff_user(*this, name, municipality, role);
  }

  int audit_count(const std::string& action, const std::string& outcome = "success") {
    return test::audit_count(*this, action, outcome);
  }

  /// What the diary's on-submit job records once the case is registered (its own tests cover it).
  void registered_as_case(const std::string& reference, const std::string& case_number) {
    auto session = db->acquire();
    *session << "UPDATE eservice_errand SET case_number = :c WHERE reference = :r", soci::use(case_number),
        soci::use(reference);
  }

  eservices::Catalogue catalogue{cooperation, test::source_dir() / "xsd"};
  eservices::Submissions submissions{catalogue, keyring};
};

struct WithDiary : Fixture {
  WithDiary() : Fixture(true) {}
};

int rows(const test::StaffReply& page) { return page.html().count("//table[@class='errands']/tbody/tr"); }

}  // namespace

BOOST_AUTO_TEST_SUITE(eservices_staff_pages_alonetest)

BOOST_FIXTURE_TEST_CASE(a_handler_filters_opens_notes_writes_assigns_and_closes_an_errand, Fixture) {
  const auto school = submit_school_transport();
  const auto fault = submit_fault_report(kNassjo);
  submit_fault_report(kEksjo);
  registered_as_case(school, "BUN 2026/17");
  StaffBrowser hanna{*this};
  hanna.log_in(user("hanna", kNassjo, Role::kCaseHandler));

  // The inbox: Nässjö's two errands, newest first, in an accessible table.
  const auto inbox = hanna.get(kErrands);
  BOOST_TEST_REQUIRE(inbox.status == 200, inbox.body);
  const auto html = inbox.html();
  BOOST_TEST(html.value("string(/html/@lang)") == "sv");
  BOOST_TEST(rows(inbox) == 2);
  BOOST_TEST(html.value("string(//table[@class='errands']/tbody/tr[1]/td[1]/a/@href)") == kErrands + "/" + fault);
  BOOST_TEST(html.value("string(//table[@class='errands']/tbody/tr[2]/td[6])") == "BUN 2026/17");
  BOOST_TEST(html.count("//table[@class='errands']/caption") == 1);
  BOOST_TEST(html.count("//table[@class='errands']/thead/tr/th[@scope='col']") == 6);
  BOOST_TEST(html.count("//label[@for='status']") == 1);
  BOOST_TEST(html.count("//select[@id='tjanst']/option[@value='skolskjuts']") == 1);
  BOOST_TEST(html.value("string(//fieldset[div/input[@name='tilldelad']]/legend)") == "Tilldelning");
  BOOST_TEST(html.count("//a[@rel='next']") == 0);
  BOOST_TEST(audit_count("errand.inbox.view") == 1);
  BOOST_TEST(audit_count("errand.list") == 1);

  // The filters, by GET: e-service, order, assignment, status; a bad value is a 400 page.
  const auto schools = hanna.get(kErrands + "?tjanst=skolskjuts");
  BOOST_TEST(rows(schools) == 1);
  BOOST_TEST(schools.html().count("//select[@id='tjanst']/option[@value='skolskjuts'][@selected]") == 1);
  const auto oldest = hanna.get(kErrands + "?ordning=aldst");
  BOOST_TEST(oldest.html().value("string(//table[@class='errands']/tbody/tr[1]/td[1]/a)") == school);
  BOOST_TEST(rows(hanna.get(kErrands + "?tilldelad=ingen")) == 2);
  BOOST_TEST(rows(hanna.get(kErrands + "?tilldelad=mig")) == 0);
  BOOST_TEST(rows(hanna.get(kErrands + "?status=closed")) == 0);
  BOOST_TEST(rows(hanna.get(kErrands + "?status=received&tilldelad=ingen&tjanst=felanmalan-gata-park")) == 1);
  BOOST_TEST(hanna.get(kErrands + "?status=nonsense").status == 400);
  BOOST_TEST(hanna.get(kErrands + "?tilldelad=alla").status == 400);

  // The errand: answers under the definition's labels, the case number, the attachment.
  const auto page = hanna.get(kErrands + "/" + school);
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  auto errand = page.html();
  BOOST_TEST(errand.value("string(//h1)") == school + " – Ansökan om skolskjuts");
  BOOST_TEST(errand.value("string(//dd[@id='case-number'])") == "BUN 2026/17");
  BOOST_TEST(errand.value("string(//dd[@id='errand-status'])") == "Mottaget");
  BOOST_TEST(errand.value("string(//dl[@class='answers']/div[dt='Barnets namn']/dd)") == "Bertil Andersson");
  const auto href = errand.value("string(//dl[@class='answers']//a[@download]/@href)");
  BOOST_TEST(href == kErrands + "/" + school + "/bilagor/certificate");
  BOOST_TEST(audit_count("errand.view") == 1);
  BOOST_TEST(audit_count("errand.read") == 1);

  // The download: the file, named, not cached, audited twice (the page's view and the read).
  const auto file = hanna.get(href);
  BOOST_TEST_REQUIRE(file.status == 200, file.body);
  BOOST_TEST(file.content_type == "application/pdf");
  BOOST_TEST(file.body == test::minimal_pdf());
  BOOST_TEST(file.header("Content-Disposition") ==
             "attachment; filename=\"l_karintyg__nov_.pdf\"; filename*=UTF-8''l%C3%A4karintyg%20%22nov%22.pdf");
  BOOST_TEST(file.header("Cache-Control") == "no-store");
  BOOST_TEST(audit_count("errand.attachment.download") == 1);
  BOOST_TEST(audit_count("errand.attachment.read") == 1);

  // A note too long: 400, the summary links to the field, the text is kept; then a good one.
  const std::string long_note(10001, 'a');
  const auto refused = hanna.submit(page, kErrands + "/" + school + "/anteckningar", {{"note", long_note}});
  BOOST_TEST_REQUIRE(refused.status == 400, refused.body);
  const auto summary = refused.html();
  BOOST_TEST(summary.count("//div[@class='error-summary']//a[@href='#note']") == 1);
  BOOST_TEST(summary.value("string(//div[@class='error-summary']//a)") ==
             "Anteckningen kunde inte sparas: texten är längre än 10 000 tecken");
  BOOST_TEST(summary.value("string(//textarea[@id='note'])") == long_note);
  BOOST_TEST(summary.value("string(//textarea[@id='note']/@aria-invalid)") == "true");
  BOOST_TEST(summary.value("string(//title)").starts_with("Fel: "));
  clock.advance(std::chrono::minutes(1));
  const auto noted = hanna.submit(page, kErrands + "/" + school + "/anteckningar", {{"note", "Ring skolan"}});
  BOOST_TEST_REQUIRE(noted.status == 303, noted.body);
  BOOST_TEST(noted.location == kErrands + "/" + school);

  // A message to the citizen; assigned to oneself; closed.
  clock.advance(std::chrono::minutes(1));
  const auto sent =
      hanna.submit(page, kErrands + "/" + school + "/meddelanden", {{"message", "Vi behöver ett nytt intyg."}});
  BOOST_TEST_REQUIRE(sent.status == 303, sent.body);
  clock.advance(std::chrono::minutes(1));
  const auto taken = hanna.submit(page, kErrands + "/" + school + "/tilldelning", {{"action", "mig"}});
  BOOST_TEST_REQUIRE(taken.status == 303, taken.body);
  BOOST_TEST(rows(hanna.get(kErrands + "?tilldelad=mig")) == 1);
  const auto bad_status = hanna.submit(page, kErrands + "/" + school + "/status", {{"status", "nonsense"}});
  BOOST_TEST(bad_status.status == 400);
  BOOST_TEST(bad_status.html().count("//div[@class='error-summary']//a[@href='#status']") == 1);
  BOOST_TEST(bad_status.html().value("string(//select[@id='status']/@aria-invalid)") == "true");
  const auto not_allowed = hanna.submit(page, kErrands + "/" + school + "/status", {{"status", "decided"}});
  BOOST_TEST(not_allowed.status == 409, "received → decided is not a transition");
  clock.advance(std::chrono::minutes(1));
  const auto closed = hanna.submit(page, kErrands + "/" + school + "/status", {{"status", "closed"}});
  BOOST_TEST_REQUIRE(closed.status == 303, closed.body);

  errand = hanna.get(kErrands + "/" + school).html();
  BOOST_TEST(errand.value("string(//dd[@id='errand-status'])") == "Avslutat");
  BOOST_TEST(errand.value("string(//dd[@id='errand-assigned'])") == "hanna");
  BOOST_TEST(errand.value("string(//ol[@class='notes']/li/p[@class='body'])") == "Ring skolan");
  BOOST_TEST(errand.value("string(//ol[@class='messages']/li/p[@class='body'])") == "Vi behöver ett nytt intyg.");
  BOOST_TEST(errand.count("//table[@class='history']/tbody/tr") == 5, "submitted, note, message, assigned, closed");
  BOOST_TEST(errand.value("string(//table[@class='history']/tbody/tr[5]/td[4])") == "Mottaget → Avslutat");
  BOOST_TEST(errand.count("//form[contains(@action,'/status')]") == 0, "no status after closed");
  BOOST_TEST(errand.count("//button[@value='mig']") == 0);
  // A closed errand takes no message: 409 with the summary, the text kept.
  const auto late = hanna.submit(page, kErrands + "/" + school + "/meddelanden", {{"message", "En till"}});
  BOOST_TEST(late.status == 409);
  BOOST_TEST(late.html().value("string(//textarea[@id='message'])") == "En till");
  BOOST_TEST(audit_count("errand.note.add") == 1);
  BOOST_TEST(audit_count("errand.message.send") == 1);
  BOOST_TEST(audit_count("errand.assign") == 1);

  // In English.
  const auto start = hanna.get("/staff/0682");
  BOOST_TEST_REQUIRE(hanna.submit(start, "/staff/sprak", {{"lang", "en"}, {"next", kErrands}}).status == 303);
  const auto english = hanna.get(kErrands + "/" + school).html();
  BOOST_TEST(english.value("string(/html/@lang)") == "en");
  BOOST_TEST(english.value("string(//dd[@id='errand-status'])") == "Closed");
  BOOST_TEST(english.value("string(//dl[@class='answers']/div[dt=\"The child's name\"]/dd)") == "Bertil Andersson");
}

BOOST_FIXTURE_TEST_CASE(the_inbox_pages_by_fifty, Fixture) {
  for (int i = 0; i < 51; ++i) submit_fault_report(kNassjo);
  StaffBrowser hanna{*this};
  hanna.log_in(user("hanna", kNassjo, Role::kCaseHandler));
  const auto first = hanna.get(kErrands + "?ordning=aldst");
  BOOST_TEST(rows(first) == 50);
  BOOST_TEST(first.html().value("string(//table[@class='errands']/tbody/tr[1]/td[1]/a)") == "ET-2026-000001");
  BOOST_TEST(first.html().count("//a[@rel='prev']") == 0);
  const auto next = first.html().value("string(//a[@rel='next']/@href)");
  BOOST_TEST(next == kErrands + "?ordning=aldst&sida=2");
  const auto second = hanna.get(next);
  BOOST_TEST(rows(second) == 1);
  BOOST_TEST(second.html().value("string(//table[@class='errands']/tbody/tr[1]/td[1]/a)") == "ET-2026-000051");
  BOOST_TEST(second.html().count("//a[@rel='next']") == 0);
  BOOST_TEST(second.html().value("string(//a[@rel='prev']/@href)") == kErrands + "?ordning=aldst&sida=1");
  BOOST_TEST(rows(hanna.get(kErrands + "?sida=3")) == 0);
  BOOST_TEST(hanna.get(kErrands + "?sida=0").status == 400);
  BOOST_TEST(hanna.get(kErrands + "?sida=x").status == 400);
}

BOOST_FIXTURE_TEST_CASE(refusals_without_the_permission_without_csrf_and_for_another_member, Fixture) {
  const auto school = submit_school_transport();
  // References are numbered per member and year: Eksjö's errand, sent in next January, has a
  // reference Nässjö does not have, and Nässjö's none that Eksjö has.
  const auto now = clock.now();
  clock.set(std::chrono::sys_days(std::chrono::year(2027) / 1 / 4));
  const auto eksjo_fault = submit_fault_report(kEksjo);
  clock.set(now);
  BOOST_TEST_REQUIRE(eksjo_fault == "ET-2027-000001");
  const std::string errand_path = kErrands + "/" + school;

  // A committee member of Nässjö holds no errand permission: 403 for every page.
  StaffBrowser member{*this};
  member.log_in(user("mona", kNassjo, Role::kCommitteeMember));
  BOOST_TEST(member.get(kErrands).status == 403);
  BOOST_TEST(member.get(errand_path).status == 403);
  BOOST_TEST(member.get(errand_path + "/bilagor/certificate").status == 403);
  BOOST_TEST(audit_count("staff-page.open", "refused") >= 3);

  // A reader reads, without the forms, and may not post one.
  StaffBrowser reader{*this};
  reader.log_in(user("rita", kNassjo, Role::kReader));
  const auto read = reader.get(errand_path);
  BOOST_TEST_REQUIRE(read.status == 200, read.body);
  BOOST_TEST(read.html().count("//form[@method='post'][contains(@action,'/arenden/')]") == 0);
  BOOST_TEST(reader.submit(read, errand_path + "/anteckningar", {{"note", "Hej"}}).status == 403);

  // The handler without the session's CSRF token: 403, nothing written.
  StaffBrowser hanna{*this};
  hanna.log_in(user("hanna", kNassjo, Role::kCaseHandler));
  BOOST_TEST(hanna.post(errand_path + "/anteckningar", {{"note", "Hej"}}).status == 403);
  BOOST_TEST(hanna.post(errand_path + "/anteckningar", {{"note", "Hej"}, {"_csrf", "not-the-token"}}).status == 403);
  BOOST_TEST(hanna.post(errand_path + "/tilldelning", {{"action", "mig"}}).status == 403);
  BOOST_TEST(audit_count("errand.note.add") == 0);
  BOOST_TEST(audit_count("errand.assign") == 0);
  BOOST_TEST(hanna.get(errand_path).html().count("//ol[@class='notes']") == 0);

  // Another member's errand: 404 as for one that does not exist, its attachment too.
  const auto page = hanna.get(errand_path);
  BOOST_TEST(hanna.get(kErrands + "/" + eksjo_fault).status == 404);
  BOOST_TEST(hanna.get(kErrands + "/ET-2026-999999").status == 404);
  BOOST_TEST(hanna.get(errand_path + "/bilagor/no-such-field").status == 404);
  BOOST_TEST(hanna.submit(page, kErrands + "/" + eksjo_fault + "/anteckningar", {{"note", "Hej"}}).status == 404);
  StaffBrowser eksjo{*this};
  eksjo.log_in(user("erik", kEksjo, Role::kCaseHandler));
  BOOST_TEST(eksjo.get(errand_path).status == 404, "not a member of Nässjö's staff");
  BOOST_TEST(eksjo.get(errand_path + "/bilagor/certificate").status == 404);
  BOOST_TEST(eksjo.get("/staff/0686/arenden/" + school).status == 404);
  BOOST_TEST(eksjo.get("/staff/0686/arenden/" + school + "/bilagor/certificate").status == 404);
  const auto theirs = eksjo.get("/staff/0686/arenden");
  BOOST_TEST_REQUIRE(theirs.status == 200);
  BOOST_TEST(rows(theirs) == 1, "Eksjö's inbox lists only Eksjö's errand");
  BOOST_TEST(eksjo.submit(theirs, "/staff/0686/arenden/" + school + "/tilldelning", {{"action", "mig"}}).status == 404);
  BOOST_TEST(audit_count("errand.attachment.read") == 0);
}

// Satisfaction and first contact: the figures per e-service and in total for the year chosen,
// the index hidden below five answers; refused to a role without statistics.read and to
// another member's staff; another member's page shows none of these errands.
BOOST_FIXTURE_TEST_CASE(the_statistics_page_shows_satisfaction_and_first_contact, Fixture) {
  eservices::Satisfaction satisfaction{submissions, keyring};
  const auto handler = security::Principal::staff("handler", {{kNassjo, {Role::kCaseHandler}}});
  const auto citizen = security::Principal::citizen(ids::Personnummer::parse("191212121212"));
  const auto to = [&](const std::string& reference, std::initializer_list<eservices::ErrandStatus> statuses) {
    as(handler, kNassjo, [&](auto& ctx) {
      for (const auto status : statuses) submissions.change_status(ctx, reference, status);
    });
  };
  using Status = eservices::ErrandStatus;
  std::vector<std::string> closed;
  for (int i = 0; i < 5; ++i) {
    closed.push_back(submit_school_transport());
    to(closed.back(), {Status::kClosed});
  }
  to(submit_school_transport(),
     {Status::kInProgress, Status::kWaitingForCitizen, Status::kInProgress, Status::kDecided});
  for (int i = 0; i < 4; ++i) {
    as(citizen, kNassjo, [&](auto& ctx) { satisfaction.answer(ctx, closed[i], {10, 9, 8}); });
  }
  const std::string path = "/staff/0682/nojdhet";
  StaffBrowser hanna{*this};
  hanna.log_in(user("hanna", kNassjo, Role::kCaseHandler));
  auto page = hanna.get(path);
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  const auto cell = [](const test::StaffReply& reply, const std::string& part, int column) {
    return reply.html().value("string(//table[@class='statistics']/" + part + "/tr[1]/td[" + std::to_string(column) +
                              "])");
  };
  BOOST_TEST(page.html().value("string(//h1)") == "Nöjdhet och första kontakt");
  BOOST_TEST(page.html().count("//table[@class='statistics']/tbody/tr") == 1);
  BOOST_TEST(page.html().value("string(//table[@class='statistics']/tbody/tr[1]/th)") == "Ansökan om skolskjuts");
  BOOST_TEST(cell(page, "tbody", 1) == "6");
  BOOST_TEST(cell(page, "tbody", 2) == "5");
  BOOST_TEST(cell(page, "tbody", 3) == "83\u00a0%");
  BOOST_TEST(cell(page, "tbody", 4) == "4");
  BOOST_TEST(cell(page, "tbody", 5) == "för få svar", "four answers are too few to show");
  BOOST_TEST(page.html().value("string(//select[@id='ar']/option[@selected]/@value)") == "2026");

  // The fifth answer: the mean of 10, 9 and 8 is 9, the index (9 - 1) / 9 * 100, about 89.
  as(citizen, kNassjo, [&](auto& ctx) { satisfaction.answer(ctx, closed[4], {10, 9, 8}); });
  page = hanna.get(path + "?ar=2026");
  BOOST_TEST(cell(page, "tbody", 4) == "5");
  BOOST_TEST(cell(page, "tbody", 5) == "89");
  BOOST_TEST(page.html().value("string(//table[@class='statistics']/tfoot/tr/th)") == "Alla e-tjänster");
  BOOST_TEST(cell(page, "tfoot", 5) == "89");
  BOOST_TEST(page.body.find("191212121212") == std::string::npos);

  // Another year: nothing; a year the page does not offer: 400.
  page = hanna.get(path + "?ar=2025");
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  BOOST_TEST(page.html().count("//table[@class='statistics']") == 0);
  BOOST_TEST(hanna.get(path + "?ar=1999").status == 400);
  BOOST_TEST(hanna.get(path + "?ar=abc").status == 400);

  // A committee member holds no statistics.read; another member's staff do not reach Nässjö's
  // figures, and their own show none of Nässjö's errands.
  StaffBrowser member{*this};
  member.log_in(user("mona", kNassjo, Role::kCommitteeMember));
  BOOST_TEST(member.get(path).status == 403);
  StaffBrowser eksjo{*this};
  eksjo.log_in(user("erik", kEksjo, Role::kCaseHandler));
  BOOST_TEST(eksjo.get(path).status == 404);
  const auto theirs = eksjo.get("/staff/0686/nojdhet");
  BOOST_TEST_REQUIRE(theirs.status == 200, theirs.body);
  BOOST_TEST(theirs.html().count("//table[@class='statistics']") == 0);
}

BOOST_FIXTURE_TEST_CASE(the_overdue_filter_lists_errands_open_past_the_handling_time, Fixture) {
  const auto school = submit_school_transport();
  clock.advance(eservices::kDefaultHandlingTime + std::chrono::hours(1));
  const auto fresh = submit_fault_report(kNassjo);
  StaffBrowser hanna{*this};
  hanna.log_in(user("hanna", kNassjo, Role::kCaseHandler));

  // The checkbox, labelled, with the handling time in its hint; unticked at first.
  const auto inbox = hanna.get(kErrands);
  BOOST_TEST_REQUIRE(inbox.status == 200, inbox.body);
  auto html = inbox.html();
  BOOST_TEST(rows(inbox) == 2);
  BOOST_TEST(html.count("//input[@type='checkbox'][@id='forsenade'][@name='forsenade'][@value='ja']") == 1);
  BOOST_TEST(html.count("//input[@id='forsenade'][@checked]") == 0);
  BOOST_TEST(html.value("string(//label[@for='forsenade'])") == "Bara försenade");
  BOOST_TEST(html.value("string(//p[@id='forsenade-hint'])").find("14 dagar") != std::string::npos);

  // Ticked: only the errand received more than 14 days ago, the box stays ticked.
  const auto overdue = hanna.get(kErrands + "?forsenade=ja");
  BOOST_TEST_REQUIRE(overdue.status == 200, overdue.body);
  html = overdue.html();
  BOOST_TEST(rows(overdue) == 1);
  BOOST_TEST(html.value("string(//table[@class='errands']/tbody/tr[1]/td[1]/a)") == school);
  BOOST_TEST(html.count("//input[@id='forsenade'][@checked]") == 1);
  // Combined with the other filters; the paging links keep it.
  BOOST_TEST(rows(hanna.get(kErrands + "?forsenade=ja&tjanst=felanmalan-gata-park")) == 0);
  BOOST_TEST(rows(hanna.get(kErrands + "?forsenade=ja&tilldelad=ingen&status=received")) == 1);
  BOOST_TEST(rows(hanna.get(kErrands + "?forsenade=ja&status=in-progress")) == 0);
  for (int i = 0; i < 50; ++i) submit_fault_report(kNassjo);
  clock.advance(eservices::kDefaultHandlingTime + std::chrono::hours(1));
  // Two weeks on, the session has long ended: a colleague logs in.
  StaffBrowser hugo{*this};
  hugo.log_in(user("hugo", kNassjo, Role::kCaseHandler));
  BOOST_TEST(hanna.get(kErrands).location.starts_with("/staff/logga-in"), "the old session is over");
  const auto paged = hugo.get(kErrands + "?forsenade=ja");
  BOOST_TEST(rows(paged) == 50);
  BOOST_TEST(paged.html().value("string(//a[@rel='next']/@href)") == kErrands + "?forsenade=ja&sida=2");
  BOOST_TEST(rows(hugo.get(kErrands + "?forsenade=ja&sida=2")) == 2);

  // Closing the errand takes it off the list; a bad value is a 400 page.
  const auto page = hugo.get(kErrands + "/" + school);
  BOOST_TEST_REQUIRE(hugo.submit(page, kErrands + "/" + school + "/status", {{"status", "closed"}}).status == 303);
  const auto after = hugo.get(kErrands + "?forsenade=ja&ordning=aldst");
  BOOST_TEST(rows(after) == 50);
  BOOST_TEST(rows(hugo.get(kErrands + "?forsenade=ja&ordning=aldst&sida=2")) == 1, "51 overdue now, not 52");
  BOOST_TEST(after.html().value("string(//table[@class='errands']/tbody/tr[1]/td[1]/a)") == fresh);
  const auto bad = hugo.get(kErrands + "?forsenade=1");
  BOOST_TEST(bad.status == 400);
  BOOST_TEST(bad.content_type.starts_with("text/html"));
  BOOST_TEST(audit_count("errand.list") >= 8);
}

BOOST_FIXTURE_TEST_CASE(the_case_number_links_to_the_diary_only_for_who_may_see_it, WithDiary) {
  const auto school = submit_school_transport();
  const auto fault = submit_fault_report(kNassjo);
  const auto unregistered = submit_school_transport();
  registered_as_case(school, "BUN 2026/17");
  registered_as_case(fault, "EXT-4711");  // another case system's number: the diary shows no such case
  const std::string link = "/staff/0682/diarium/arenden/BUN-2026-17";

  // A registrar (errand.read and the stand-in's permission): a link in the inbox and on the page.
  StaffBrowser rolf{*this};
  rolf.log_in(user("rolf", kNassjo, Role::kRegistrar));
  const auto inbox = rolf.get(kErrands + "?ordning=aldst");
  BOOST_TEST_REQUIRE(inbox.status == 200, inbox.body);
  auto html = inbox.html();
  BOOST_TEST(html.value("string(//table[@class='errands']/tbody/tr[1]/td[6]/a/@href)") == link);
  BOOST_TEST(html.value("string(//table[@class='errands']/tbody/tr[1]/td[6]/a)") == "BUN 2026/17");
  BOOST_TEST(html.count("//table[@class='errands']/tbody/tr[2]/td[6]/a") == 0, "not the diary's number");
  BOOST_TEST(html.value("string(//table[@class='errands']/tbody/tr[2]/td[6])") == "EXT-4711");
  BOOST_TEST(html.value("string(//table[@class='errands']/tbody/tr[3]/td[6])").empty(), "not registered");
  auto errand = rolf.get(kErrands + "/" + school).html();
  BOOST_TEST(errand.value("string(//dd[@id='case-number']/a/@href)") == link);
  BOOST_TEST(errand.value("string(//dd[@id='case-number']/a)") == "BUN 2026/17");
  BOOST_TEST(rolf.get(kErrands + "/" + fault).html().count("//dd[@id='case-number']/a") == 0);
  BOOST_TEST(rolf.get(kErrands + "/" + unregistered).html().count("//dd[@id='case-number']") == 0);

  // A handler without the diary's permission: the number as plain text, no link anywhere.
  StaffBrowser hanna{*this};
  hanna.log_in(user("hanna", kNassjo, Role::kCaseHandler));
  html = hanna.get(kErrands + "?ordning=aldst").html();
  BOOST_TEST(html.value("string(//table[@class='errands']/tbody/tr[1]/td[6])") == "BUN 2026/17");
  BOOST_TEST(html.count("//table[@class='errands']//td[6]/a") == 0);
  errand = hanna.get(kErrands + "/" + school).html();
  BOOST_TEST(errand.value("string(//dd[@id='case-number'])") == "BUN 2026/17");
  BOOST_TEST(errand.count("//dd[@id='case-number']/a") == 0);
  BOOST_TEST(errand.count("//a[contains(@href,'/diarium/')]") == 0, "not in the navigation either");
}

BOOST_AUTO_TEST_SUITE_END()
