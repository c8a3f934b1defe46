// The registrar's pages of the staff web (casehandling/staff_pages.hpp) with the case handling
// library linked alone: libcore's staff area on a router with the Höglandet cooperation, driven
// in process by a cookie-keeping browser. A registrar of Nässjö reserves a number, registers a
// case on it with a party, registers a public and a partly secret document (upload), finds the
// case by number and by the party's personnummer, lists the diary's numbers, downloads a
// document, moves the case on and closes it; the public register shows the masks; a reservation
// is given up (kept as unused, never handed out again); other sections get a link to a case
// only for who may read cases. The failure
// paths: a form without a title, with secrecy but no provision, with an unknown OSL provision
// comes back with its message and nothing is saved; a role without the permission gets 403;
// another member's staff get 404 for the case and its documents; views are audited.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <functional>
#include <map>
#include <string_view>

#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/casehandling/diary.hpp"
#include "services/casehandling/staff_pages_fixture.hpp"

using namespace samverkan;
using security::Role;
using test::FormUpload;
using test::StaffBrowser;

namespace {

const ids::Kommunkod kNassjo = ids::Kommunkod::parse("0682");
const ids::Kommunkod kEksjo = ids::Kommunkod::parse("0686");
const std::string kDiary = "/staff/0682/diarium";

struct Fixture : test::CasehandlingStaffPages {
  explicit Fixture(const std::function<void(http::StaffArea&)>& more = {}) : CasehandlingStaffPages(more) {
    year = std::to_string(static_cast<int>(calendar::swedish_date(clock.now()).year()));
  }

  /// A case registered in `where` through the service, as the API would.
  std::string register_directly(const ids::Kommunkod& where, const std::string& title) {
    casehandling::BoardDirectory boards = casehandling::BoardDirectory::from_cooperation(cooperation);
    casehandling::Diary diary(boards);
    casehandling::CaseService cases(diary, keyring);
    const auto registrar = security::Principal::staff("reg", {{where, {Role::kRegistrar}}});
    tenancy::Context ctx(*db, registrar, where, clock, &audit);
    casehandling::NewCase input;
    input.diary = "KS";
    input.title = title;
    input.case_type = "bygglov";
    const auto record = cases.register_case(ctx, input);
    cases.add_document(
        ctx, record.number,
        {casehandling::Direction::kIncoming, "Ansökan", std::nullopt, "", "", "text/plain", "Eksjös ansökan", {}});
    ctx.commit();
    return record.number.str();
  }

  std::string year;
};

/// With a probe section: GET /staff/{kommunkod}/probe?id=… answers what StaffCall::object_url
/// gives another section for the case `id` ("none" for no link). Its page needs meeting.read, which
/// a committee member holds without case.read.
struct WithProbe : Fixture {
  WithProbe()
      : Fixture([](http::StaffArea& area) {
          static const std::map<std::string, std::string_view> kTexts = {
              {"sv.json", R"({"section_title": "Prov", "section_summary": "Prov"})"},
              {"en.json", R"({"section_title": "Probe", "section_summary": "Probe"})"}};
          area.section({.slug = "probe", .permission = security::Permission::kMeetingRead, .templates = &kTexts})
              .add({"GET", "", security::Permission::kMeetingRead}, [](http::StaffCall& c) {
                http::Response response;
                response.content_type = "text/plain";
                response.body = c.object_url("case", c.request.query_param("id").value_or("")).value_or("none");
                return response;
              });
        }) {}

  /// A number of `where`'s diary KS reserved through the service, as the API would.
  std::string reserve_directly(const ids::Kommunkod& where) {
    casehandling::BoardDirectory boards = casehandling::BoardDirectory::from_cooperation(cooperation);
    casehandling::Diary diary(boards);
    tenancy::Context ctx(*db, security::Principal::staff("reg", {{where, {Role::kRegistrar}}}), where, clock, &audit);
    const auto number = diary.reserve(ctx, "KS", "Eksjös reservation");
    ctx.commit();
    return number.str();
  }

  /// The status of `number` in `where`'s diary, as the diary records it.
  std::string status_of(const ids::Kommunkod& where, const std::string& number) {
    const auto parsed = casehandling::CaseNumber::parse(number);
    const std::string code = where.str();
    std::string status;
    auto session = db->acquire();
    *session << "SELECT status FROM diary_number WHERE municipality = :m AND prefix = :p AND year = :y AND number = :n",
        soci::use(code), soci::use(parsed.prefix), soci::use(parsed.year), soci::use(parsed.number), soci::into(status);
    return status;
  }
};

/// What the case form's fields hold when a registrar fills them in.
test::FormFields good_case() {
  return {{"diary", "KS"},
          {"title", "Bygglov för carport"},
          {"case_type", "bygglov"},
          {"handling_unit", "Bygglovsenheten"},
          {"reserved_number", ""},
          {"secrecy", "public"},
          {"secrecy_reference", ""},
          {"party_kind", "person"},
          {"party_identity", "19121212-1212"},
          {"party_name", "Tolvan Tolvansson"},
          {"party_role", "sökande"}};
}

test::FormFields with(test::FormFields fields, const std::string& name, const std::string& value) {
  for (auto& [key, current] : fields) {
    if (key == name) current = value;
  }
  return fields;
}

test::FormFields document(const std::string& title, const std::string& secrecy, const std::string& reference,
                          const std::string& masked) {
  return {{"direction", "incoming"},      {"doc_title", title},
          {"counterpart_kind", "person"}, {"counterpart", "Tolvan Tolvansson"},
          {"registered_on", ""},          {"doc_secrecy", secrecy},
          {"doc_reference", reference},   {"masked_parts", masked}};
}

FormUpload text_file(const std::string& content) { return {"file", "brev.txt", "text/plain", content}; }

std::string error_link(const test::StaffReply& page, const std::string& field) {
  return page.html().value("string(//div[@class='error-summary']//a[@href='#" + field + "'])");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(casehandling_staff_pages_alonetest)

BOOST_FIXTURE_TEST_CASE(a_registrar_reserves_registers_documents_finds_and_closes_a_case, Fixture) {
  StaffBrowser rut{*this};
  rut.log_in(user("rut", kNassjo, Role::kRegistrar));

  // The diary: the search forms, this year's numbers of KS (none yet), the reservation form.
  const auto start = rut.get(kDiary);
  BOOST_TEST_REQUIRE(start.status == 200, start.body);
  auto html = start.html();
  BOOST_TEST(html.value("string(/html/@lang)") == "sv");
  BOOST_TEST(html.value("string(//h1)") == "Diarium");
  BOOST_TEST(html.count("//label[@for='nummer']") == 1);
  BOOST_TEST(html.count("//label[@for='personnummer']") == 1);
  BOOST_TEST(html.count("//select[@id='diarium']/option[@value='ÖFN']") == 1);
  BOOST_TEST(html.count("//form[@action='" + kDiary + "/reservationer']//input[@name='_csrf']") == 1);
  BOOST_TEST(html.count("//table[@class='numbers']") == 0);
  BOOST_TEST(audit_count("diary.search.view") == 1);
  BOOST_TEST(audit_count("diary.list") == 1);

  // A number reserved, then listed as reserved with a link to register a case on it.
  const auto reserved = rut.submit(start, kDiary + "/reservationer", {{"diarium", "KS"}, {"note", "Väntar på avtal"}});
  BOOST_TEST_REQUIRE(reserved.status == 303, reserved.body);
  BOOST_TEST(reserved.location == kDiary + "?diarium=KS&ar=" + year);
  BOOST_TEST(audit_count("diary.reserve") == 1);
  const auto listed = rut.get(reserved.location);
  html = listed.html();
  BOOST_TEST(html.count("//table[@class='numbers']/tbody/tr") == 1);
  BOOST_TEST(html.value("string(//table[@class='numbers']/tbody/tr[1]/td[1])") == "KS " + year + "/1");
  BOOST_TEST(html.value("string(//table[@class='numbers']/tbody/tr[1]/td[5])") == "Väntar på avtal");
  const auto on_number = html.value("string(//table[@class='numbers']/tbody/tr[1]/td[2]/a/@href)");
  BOOST_TEST(on_number == kDiary + "/nytt?reserverat=KS%20" + year + "%2F1");

  // The form to register on it has the number filled in.
  const auto form = rut.get(on_number);
  BOOST_TEST_REQUIRE(form.status == 200, form.body);
  html = form.html();
  BOOST_TEST(html.value("string(//input[@id='reserved_number']/@value)") == "KS " + year + "/1");
  BOOST_TEST(html.count("//select[@id='diary']/option[@value='KS'][@selected]") == 1);
  BOOST_TEST(html.count("//fieldset[@id='secrecy']/legend") == 1);
  BOOST_TEST(html.count("//input[@id='secrecy-public'][@checked]") == 1);

  // Refused: no title, secrecy without a provision, an unknown provision. The form comes back
  // with the summary linked to the field, the field marked, the values kept; nothing saved.
  const auto no_title = rut.submit(form, kDiary + "/nytt", with(good_case(), "title", "  "));
  BOOST_TEST_REQUIRE(no_title.status == 400, no_title.body);
  BOOST_TEST(error_link(no_title, "title") == "Skriv en rubrik");
  BOOST_TEST(no_title.html().value("string(//input[@id='title']/@aria-invalid)") == "true");
  BOOST_TEST(no_title.html().value("string(//input[@id='case_type']/@value)") == "bygglov");
  BOOST_TEST(no_title.html().value("string(//title)").starts_with("Fel: "));
  auto secret = with(good_case(), "secrecy", "secret");
  const auto no_reference = rut.submit(form, kDiary + "/nytt", secret);
  BOOST_TEST_REQUIRE(no_reference.status == 400, no_reference.body);
  BOOST_TEST(error_link(no_reference, "secrecy_reference") ==
             "Skriv sekretessbestämmelsen, till exempel OSL 26 kap. 1 §");
  BOOST_TEST(no_reference.html().count("//input[@id='secrecy-secret'][@checked]") == 1);
  const auto unknown = rut.submit(form, kDiary + "/nytt", with(secret, "secrecy_reference", "OSL 99 kap. 1 §"));
  BOOST_TEST_REQUIRE(unknown.status == 400, unknown.body);
  BOOST_TEST(error_link(unknown, "secrecy_reference").starts_with("Sekretessbestämmelsen är inte en paragraf"));
  BOOST_TEST(unknown.html().value("string(//input[@id='secrecy_reference']/@value)") == "OSL 99 kap. 1 §");
  const auto not_osl = rut.submit(form, kDiary + "/nytt", with(secret, "secrecy_reference", "sekretess"));
  BOOST_TEST(not_osl.status == 400);
  const auto public_with_reference =
      rut.submit(form, kDiary + "/nytt", with(good_case(), "secrecy_reference", "OSL 26 kap. 1 §"));
  BOOST_TEST(public_with_reference.status == 400);
  BOOST_TEST(!error_link(public_with_reference, "secrecy_reference").empty());
  const auto bad_party = rut.submit(form, kDiary + "/nytt", with(good_case(), "party_identity", "19121212-1213"));
  BOOST_TEST(bad_party.status == 400);
  BOOST_TEST(error_link(bad_party, "party_identity") == "Personnumret är inte giltigt");
  BOOST_TEST(count("diary_case") == 0);
  BOOST_TEST(audit_count("case.register") == 0);

  // Registered on the reserved number.
  const auto registered = rut.submit(form, kDiary + "/nytt", with(good_case(), "reserved_number", "KS " + year + "/1"));
  BOOST_TEST_REQUIRE(registered.status == 303, registered.body);
  const std::string case_path = kDiary + "/arenden/KS-" + year + "-1";
  BOOST_TEST(registered.location == case_path);
  BOOST_TEST(audit_count("case.register") == 1);
  // The number is used now: a second case on it is refused (409) with the form kept.
  const auto again = rut.submit(form, kDiary + "/nytt", with(good_case(), "reserved_number", "KS " + year + "/1"));
  BOOST_TEST(again.status == 409);
  BOOST_TEST(error_link(again, "reserved_number") == "Numret är redan använt eller har släppts");

  // The case's page: its facts, the party with the personnummer, the forms; the view audited.
  const auto page = rut.get(case_path);
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  html = page.html();
  BOOST_TEST(html.value("string(//h1)") == "KS " + year + "/1 – Bygglov för carport");
  BOOST_TEST(html.value("string(//dd[@id='case-status'])") == "Öppet");
  BOOST_TEST(html.value("string(//table[@class='parties']/tbody/tr[1]/td[1])") == "Tolvan Tolvansson");
  BOOST_TEST(html.value("string(//table[@class='parties']/tbody/tr[1]/td[2])") == "191212121212");
  BOOST_TEST(html.value("string(//form[contains(@action,'/handlingar')]/@enctype)") == "multipart/form-data");
  BOOST_TEST(audit_count("case.view") == 1);
  BOOST_TEST(audit_count("case.read") == 1);

  // Documents: refused without a file, without a provision, with partial secrecy but nothing
  // masked; then a public one and a partly secret one.
  const std::string upload = case_path + "/handlingar";
  const auto no_file = rut.submit_files(page, upload, document("Ansökan", "public", "", ""), {});
  BOOST_TEST_REQUIRE(no_file.status == 400, no_file.body);
  BOOST_TEST(error_link(no_file, "file") == "Välj filen med handlingen");
  BOOST_TEST(no_file.html().value("string(//input[@id='doc_title']/@value)") == "Ansökan");
  const auto no_provision =
      rut.submit_files(page, upload, document("Läkarintyg", "secret", "", ""), {text_file("Diagnos: X")});
  BOOST_TEST(no_provision.status == 400);
  BOOST_TEST(!error_link(no_provision, "doc_reference").empty());
  const auto unknown_provision = rut.submit_files(page, upload, document("Läkarintyg", "secret", "OSL 45 kap. 1 §", ""),
                                                  {text_file("Diagnos: X")});
  BOOST_TEST(unknown_provision.status == 400);
  BOOST_TEST(error_link(unknown_provision, "doc_reference").starts_with("Sekretessbestämmelsen är inte"));
  const auto nothing_masked =
      rut.submit_files(page, upload, document("Yttrande", "partial", "OSL 26 kap. 1 §", ""), {text_file("Yttrande")});
  BOOST_TEST(nothing_masked.status == 400);
  BOOST_TEST(error_link(nothing_masked, "masked_parts") == "Skriv vad den offentliga versionen maskerar");
  const auto wrong_type = rut.submit_files(page, upload, document("Ritning", "public", "", ""),
                                           {{"file", "ritning.pdf", "application/pdf", "inte en pdf"}});
  BOOST_TEST(wrong_type.status == 400);
  BOOST_TEST(error_link(wrong_type, "file").starts_with("Handlingen kunde inte registreras: "));
  BOOST_TEST(count("case_document") == 0);

  const auto first = rut.submit_files(page, upload, document("Ansökan om bygglov", "public", "", ""),
                                      {text_file("Jag vill bygga en carport.")});
  BOOST_TEST_REQUIRE(first.status == 303, first.body);
  BOOST_TEST(first.location == case_path);
  const auto second =
      rut.submit_files(page, upload, document("Grannens yttrande", "partial", "OSL 21 kap. 3 §", "grannens adress"),
                       {text_file("Storgatan 2 har inget emot bygget.")});
  BOOST_TEST_REQUIRE(second.status == 303, second.body);
  BOOST_TEST(audit_count("document.register") == 2);
  html = rut.get(case_path).html();
  BOOST_TEST(html.count("//table[@class='documents']/tbody/tr") == 2);
  BOOST_TEST(html.value("string(//table[@class='documents']/tbody/tr[2]/td[6])") ==
             "Delvis sekretess (OSL 21 kap. 3 §): maskerar grannens adress");
  const auto href = html.value("string(//table[@class='documents']/tbody/tr[2]/td[7]/a/@href)");
  BOOST_TEST(href == case_path + "/handlingar/2");

  // The download: the content, not cached, audited (the page's view and the service's read).
  const auto file = rut.get(href);
  BOOST_TEST_REQUIRE(file.status == 200, file.body);
  BOOST_TEST(file.body == "Storgatan 2 har inget emot bygget.");
  BOOST_TEST(file.content_type == "text/plain");
  BOOST_TEST(file.header("Cache-Control") == "no-store");
  BOOST_TEST(file.header("Content-Disposition") == "attachment; filename=\"KS-" + year + "-1-2.txt\"");
  BOOST_TEST(audit_count("document.download") == 1);
  BOOST_TEST(audit_count("document.read") == 1);
  BOOST_TEST(rut.get(case_path + "/handlingar/3").status == 404);
  BOOST_TEST(rut.get(case_path + "/handlingar/x").status == 404);

  // Found by number and by the party's personnummer; a malformed number is refused.
  const auto by_number = rut.get(kDiary + "?nummer=KS+" + year + "%2F1");
  BOOST_TEST(by_number.status == 303);
  BOOST_TEST(by_number.location == case_path);
  const auto bad_number = rut.get(kDiary + "?nummer=KS-1");
  BOOST_TEST(bad_number.status == 400);
  BOOST_TEST(error_link(bad_number, "nummer") == "Ett diarienummer skrivs som KS 2026/14");
  const auto by_party = rut.get(kDiary + "?personnummer=191212121212");
  BOOST_TEST_REQUIRE(by_party.status == 200, by_party.body);
  BOOST_TEST(by_party.html().value("string(//ul[@class='party-cases']/li/a/@href)") == case_path);
  BOOST_TEST(audit_count("case.find-party") == 1);
  BOOST_TEST(rut.get(kDiary + "?personnummer=198507099805").html().count("//p[@id='no-party-cases']") == 1);
  BOOST_TEST(rut.get(kDiary + "?personnummer=123").status == 400);
  BOOST_TEST(rut.get(kDiary + "?ar=20x6").status == 400);
  BOOST_TEST(rut.get(kDiary + "?diarium=XX").status == 400);

  // The public register: the case and the public document; the partly secret document's title
  // is shown with its provision; the private person's name is masked; no content.
  const auto reg = rut.get(kDiary + "/allmanna-registret?ord=carport");
  BOOST_TEST_REQUIRE(reg.status == 200, reg.body);
  html = reg.html();
  BOOST_TEST(html.count("//table[@class='register']/tbody/tr") == 1);
  BOOST_TEST(html.value("string(//table[@class='register']/tbody/tr[1]/td[1])") == "KS " + year + "/1");
  BOOST_TEST(reg.body.find("Tolvan") == std::string::npos);
  BOOST_TEST(reg.body.find("(privatperson)") != std::string::npos);
  BOOST_TEST(reg.body.find("Storgatan 2") == std::string::npos);
  BOOST_TEST(rut.get(kDiary + "/allmanna-registret?fran=igår").status == 400);

  // Moved on and closed: open → prepared → decided → closed; a jump is a 409.
  const auto jump = rut.submit(page, case_path + "/status", {{"status", "closed"}});
  BOOST_TEST(jump.status == 409);
  BOOST_TEST(error_link(jump, "status") == "Ärendet kan inte gå till den statusen nu");
  BOOST_TEST(rut.submit(page, case_path + "/status", {{"status", "nonsense"}}).status == 400);
  for (const char* status : {"prepared", "decided", "closed"}) {
    const auto moved = rut.submit(page, case_path + "/status", {{"status", status}});
    BOOST_TEST_REQUIRE(moved.status == 303, moved.body);
  }
  html = rut.get(case_path).html();
  BOOST_TEST(html.value("string(//dd[@id='case-status'])") == "Avslutat");
  BOOST_TEST(html.count("//form[contains(@action,'/status')]") == 0, "nothing after closed");
  BOOST_TEST(html.count("//form[contains(@action,'/handlingar')]") == 0, "a closed case takes no documents");
  BOOST_TEST(rut.submit_files(page, upload, document("Sent", "public", "", ""), {text_file("x")}).status == 409);
  BOOST_TEST(audit_count("case.status") == 3);

  // A diary whose prefix is not ASCII: the case's URL is percent-encoded and leads to it.
  const auto guardian = rut.submit(form, kDiary + "/nytt", with(good_case(), "diary", "ÖFN"));
  BOOST_TEST_REQUIRE(guardian.status == 303, guardian.body);
  BOOST_TEST(guardian.location == kDiary + "/arenden/%C3%96FN-" + year + "-1");
  BOOST_TEST(rut.get(guardian.location).html().value("string(//h1)") == "ÖFN " + year + "/1 – Bygglov för carport");

  // In English.
  BOOST_TEST_REQUIRE(rut.submit(page, "/staff/sprak", {{"lang", "en"}, {"next", case_path}}).status == 303);
  const auto english = rut.get(case_path).html();
  BOOST_TEST(english.value("string(/html/@lang)") == "en");
  BOOST_TEST(english.value("string(//dd[@id='case-status'])") == "Closed");
}

BOOST_FIXTURE_TEST_CASE(refusals_without_the_permission_without_csrf_and_for_another_member, Fixture) {
  // A case in Nässjö and, next year, one in Eksjö: numbers that exist in one member only.
  const std::string nassjo_case = register_directly(kNassjo, "Nässjös ärende");
  const auto now = clock.now();
  clock.set(std::chrono::sys_days(std::chrono::year(std::stoi(year) + 1) / 1 / 4));
  const std::string eksjo_case = register_directly(kEksjo, "Eksjös ärende");
  clock.set(now);
  const std::string nassjo_path = kDiary + "/arenden/KS-" + year + "-1";
  const std::string eksjo_key = "KS-" + std::to_string(std::stoi(year) + 1) + "-1";
  BOOST_TEST_REQUIRE(eksjo_case == "KS " + std::to_string(std::stoi(year) + 1) + "/1");

  // A committee member of Nässjö holds no case permission: 403 for every page.
  StaffBrowser member{*this};
  member.log_in(user("mona", kNassjo, Role::kCommitteeMember));
  BOOST_TEST(member.get(kDiary).status == 403);
  BOOST_TEST(member.get(nassjo_path).status == 403);
  BOOST_TEST(member.get(nassjo_path + "/handlingar/1").status == 403);
  BOOST_TEST(member.get(kDiary + "/allmanna-registret").status == 403);
  BOOST_TEST(audit_count("staff-page.open", "refused") >= 4);

  // A reader reads, without the forms, and may neither register nor reserve nor close.
  StaffBrowser reader{*this};
  reader.log_in(user("rita", kNassjo, Role::kReader));
  const auto read = reader.get(nassjo_path);
  BOOST_TEST_REQUIRE(read.status == 200, read.body);
  BOOST_TEST(read.html().count("//form[@method='post'][contains(@action,'/diarium/')]") == 0);
  BOOST_TEST(reader.get(kDiary).html().count("//form[@method='post'][contains(@action,'/diarium')]") == 0);
  BOOST_TEST(reader.get(kDiary + "/nytt").status == 403);
  BOOST_TEST(reader.submit(read, kDiary + "/nytt", good_case()).status == 403);
  BOOST_TEST(reader.submit(read, kDiary + "/reservationer", {{"diarium", "KS"}}).status == 403);
  BOOST_TEST(reader.submit(read, nassjo_path + "/status", {{"status", "prepared"}}).status == 403);
  BOOST_TEST(reader.submit_files(read, nassjo_path + "/handlingar", document("X", "public", "", ""), {text_file("x")})
                 .status == 403);
  BOOST_TEST(audit_count("staff-page.open", "refused") >= 9);
  BOOST_TEST(audit_count("case.register") == 2, "the two registered directly");

  // The registrar without the session's CSRF token: 403, nothing written.
  StaffBrowser rut{*this};
  rut.log_in(user("rut", kNassjo, Role::kRegistrar));
  BOOST_TEST(rut.post(kDiary + "/nytt", good_case()).status == 403);
  BOOST_TEST(rut.post(kDiary + "/reservationer", {{"diarium", "KS"}, {"_csrf", "not-the-token"}}).status == 403);
  BOOST_TEST(count("diary_case") == 2);
  BOOST_TEST(audit_count("diary.reserve") == 0);

  // Another member's case: 404 as for one that does not exist, its documents too; a Nässjö
  // registrar's form on it is 404 and saves nothing.
  const auto page = rut.get(nassjo_path);
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  BOOST_TEST(rut.get(kDiary + "/arenden/" + eksjo_key).status == 404);
  BOOST_TEST(rut.get(kDiary + "/arenden/" + eksjo_key + "/handlingar/1").status == 404);
  BOOST_TEST(rut.get(kDiary + "/arenden/KS-" + year + "-99").status == 404);
  BOOST_TEST(rut.get(kDiary + "/arenden/nonsense").status == 404);
  BOOST_TEST(rut.submit(page, kDiary + "/arenden/" + eksjo_key + "/status", {{"status", "prepared"}}).status == 404);
  BOOST_TEST(rut.submit_files(page, kDiary + "/arenden/" + eksjo_key + "/handlingar",
                              document("Intrång", "public", "", ""), {text_file("x")})
                 .status == 404);
  StaffBrowser erik{*this};
  erik.log_in(user("erik", kEksjo, Role::kRegistrar));
  BOOST_TEST(erik.get(nassjo_path).status == 404, "not a member of Nässjö's staff");
  BOOST_TEST(erik.get(nassjo_path + "/handlingar/1").status == 404);
  BOOST_TEST(erik.get("/staff/0686/diarium/arenden/KS-" + year + "-1").status == 404);
  BOOST_TEST(erik.get("/staff/0686/diarium/arenden/KS-" + year + "-1/handlingar/1").status == 404);
  const auto theirs = erik.get("/staff/0686/diarium?personnummer=191212121212");
  BOOST_TEST_REQUIRE(theirs.status == 200);
  const auto eksjo_register = erik.get("/staff/0686/diarium/allmanna-registret");
  BOOST_TEST(eksjo_register.body.find("Nässjös ärende") == std::string::npos);
  BOOST_TEST(eksjo_register.body.find("Eksjös ärende") != std::string::npos);
  BOOST_TEST(audit_count("document.read") == 0);
  BOOST_TEST(count("case_document") == 2);
}

BOOST_FIXTURE_TEST_CASE(a_registrar_gives_up_a_reserved_number_which_is_never_used_again, WithProbe) {
  StaffBrowser rut{*this};
  rut.log_in(user("rut", kNassjo, Role::kRegistrar));
  const auto start = rut.get(kDiary);
  BOOST_TEST_REQUIRE(
      rut.submit(start, kDiary + "/reservationer", {{"diarium", "KS"}, {"note", "Väntar på avtal"}}).status == 303);
  BOOST_TEST_REQUIRE(rut.submit(start, kDiary + "/reservationer", {{"diarium", "KS"}}).status == 303);
  const std::string used = register_directly(kNassjo, "Nässjös ärende");
  BOOST_TEST_REQUIRE(used == "KS " + year + "/3");
  const std::string first = "KS " + year + "/1";
  const std::string first_page = kDiary + "/reservationer/KS-" + year + "-1";
  // Eksjö reserves next year's KS 1, a number Nässjö's diary has not handed out.
  const auto now = clock.now();
  clock.set(std::chrono::sys_days(std::chrono::year(std::stoi(year) + 1) / 1 / 4));
  const std::string eksjo_reserved = reserve_directly(kEksjo);
  clock.set(now);
  const std::string eksjo_key = "KS-" + std::to_string(std::stoi(year) + 1) + "-1";

  // The diary's list links each reservation to its page; a used number has none.
  auto listed = rut.get(kDiary + "?diarium=KS&ar=" + year).html();
  BOOST_TEST(listed.value("string(//table[@class='numbers']/tbody/tr[1]/td[2]/a[2]/@href)") == first_page);
  BOOST_TEST(listed.value("string(//table[@class='numbers']/tbody/tr[1]/td[2]/a[2])") == "ge upp " + first);
  BOOST_TEST(listed.count("//table[@class='numbers']/tbody/tr[3]/td[2]/a") == 0);

  // The reservation's page: the number, who reserved it and why, the form with its token.
  const auto page = rut.get(first_page);
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  auto html = page.html();
  BOOST_TEST(html.value("string(//h1)") == "Ge upp reservationen " + first);
  BOOST_TEST(html.value("string(//dl[@class='facts']/div[dt='Anteckning']/dd)") == "Väntar på avtal");
  BOOST_TEST(html.count("//form[@action='" + first_page + "/ge-upp']//input[@name='_csrf']") == 1);
  BOOST_TEST(html.count("//label[@for='reason']") == 1);
  BOOST_TEST(audit_count("diary.reservation.read") == 1);
  BOOST_TEST(audit_count("diary.reservation.view") == 1);

  // No reason, or one too long: 400, the summary links to the field, nothing changes.
  const auto empty = rut.submit(page, first_page + "/ge-upp", {{"reason", "   "}});
  BOOST_TEST_REQUIRE(empty.status == 400, empty.body);
  BOOST_TEST(error_link(empty, "reason") == "Skriv varför numret ges upp");
  BOOST_TEST(empty.html().value("string(//input[@id='reason']/@aria-invalid)") == "true");
  BOOST_TEST(empty.html().value("string(//title)").starts_with("Fel: "));
  const auto long_reason = rut.submit(page, first_page + "/ge-upp", {{"reason", std::string(1001, 'x')}});
  BOOST_TEST(long_reason.status == 400);
  BOOST_TEST(error_link(long_reason, "reason") == "Skälet får vara högst 1 000 tecken");
  BOOST_TEST(status_of(kNassjo, first) == "reserved");
  BOOST_TEST(audit_count("diary.release") == 0);

  // Given up: back to the list, where it stays as unused with who gave it up and why.
  clock.advance(std::chrono::minutes(5));
  const auto given_up = rut.submit(page, first_page + "/ge-upp", {{"reason", "Ärendet kom in på KS-numret 3"}});
  BOOST_TEST_REQUIRE(given_up.status == 303, given_up.body);
  BOOST_TEST(given_up.location == kDiary + "?diarium=KS&ar=" + year);
  BOOST_TEST(status_of(kNassjo, first) == "unused");
  BOOST_TEST(audit_count("diary.release") == 1);
  listed = rut.get(given_up.location).html();
  BOOST_TEST(listed.value("string(//table[@class='numbers']/tbody/tr[1]/td[2])").starts_with("Oanvänt (gavs upp av "));
  BOOST_TEST(listed.value("string(//table[@class='numbers']/tbody/tr[1]/td[5])") == "Ärendet kom in på KS-numret 3");
  BOOST_TEST(listed.count("//table[@class='numbers']/tbody/tr[1]/td[2]/a") == 0, "nothing to register or give up");
  BOOST_TEST(listed.value("string(//table[@class='numbers']/tbody/tr[2]/td[2]/a[2]/@href)") ==
             kDiary + "/reservationer/KS-" + year + "-2");

  // Never handed out again: the next reservation is 4; a case on the given-up number is refused.
  BOOST_TEST_REQUIRE(rut.submit(start, kDiary + "/reservationer", {{"diarium", "KS"}}).status == 303);
  BOOST_TEST(status_of(kNassjo, "KS " + year + "/4") == "reserved");
  const auto form = rut.get(kDiary + "/nytt");
  const auto on_given_up = rut.submit(form, kDiary + "/nytt", with(good_case(), "reserved_number", first));
  BOOST_TEST(on_given_up.status == 409);
  BOOST_TEST(count("diary_case") == 1);

  // Not a reservation here: given up already, used, never handed out, malformed, Eksjö's: 404.
  for (const std::string& key : {"KS-" + year + "-1", "KS-" + year + "-3", "KS-" + year + "-99", eksjo_key,
                                 std::string("nonsense"), "XX-" + year + "-2"}) {
    BOOST_TEST(rut.get(kDiary + "/reservationer/" + key).status == 404, key);
    BOOST_TEST(rut.submit(page, kDiary + "/reservationer/" + key + "/ge-upp", {{"reason", "Fel"}}).status == 404, key);
  }
  BOOST_TEST(status_of(kEksjo, eksjo_reserved) == "reserved", "Eksjö's reservation is untouched");
  BOOST_TEST(status_of(kNassjo, used) == "used");
  BOOST_TEST(audit_count("diary.release") == 1);
  StaffBrowser erik{*this};
  erik.log_in(user("erik", kEksjo, Role::kRegistrar));
  BOOST_TEST(erik.get(kDiary + "/reservationer/KS-" + year + "-2").status == 404, "not a member of Nässjö's staff");
  BOOST_TEST(erik.get("/staff/0686/diarium/reservationer/KS-" + year + "-2").status == 404, "Nässjö's number");
  const auto eksjo_page = erik.get("/staff/0686/diarium/reservationer/" + eksjo_key);
  BOOST_TEST(eksjo_page.status == 200, "Eksjö's own reservation");

  // Without the permission: a reader and a committee member get 403 and see no link; no token: 403.
  StaffBrowser reader{*this};
  reader.log_in(user("rita", kNassjo, Role::kReader));
  const auto read = reader.get(kDiary + "?diarium=KS&ar=" + year);
  BOOST_TEST_REQUIRE(read.status == 200);
  BOOST_TEST(read.html().count("//a[contains(@href,'/reservationer/')]") == 0);
  BOOST_TEST(reader.get(kDiary + "/reservationer/KS-" + year + "-2").status == 403);
  BOOST_TEST(reader.submit(read, kDiary + "/reservationer/KS-" + year + "-2/ge-upp", {{"reason", "Fel"}}).status ==
             403);
  StaffBrowser mona{*this};
  mona.log_in(user("mona", kNassjo, Role::kCommitteeMember));
  BOOST_TEST(mona.get(kDiary + "/reservationer/KS-" + year + "-2").status == 403);
  BOOST_TEST(rut.post(kDiary + "/reservationer/KS-" + year + "-2/ge-upp", {{"reason", "Fel"}}).status == 403);
  BOOST_TEST(status_of(kNassjo, "KS " + year + "/2") == "reserved");
  BOOST_TEST(audit_count("diary.release") == 1);
  BOOST_TEST(audit_count("staff-page.open", "refused") >= 4);
}

BOOST_FIXTURE_TEST_CASE(other_sections_link_a_diary_case_for_who_may_read_cases, WithProbe) {
  const auto probe = [](StaffBrowser& who, const std::string& member, const std::string& id) {
    std::string encoded;
    Poco::URI::encode(id, "!#$&'()*+,/:;=?@[]", encoded);
    const auto reply = who.get("/staff/" + member + "/probe?id=" + encoded);
    BOOST_TEST_REQUIRE(reply.status == 200, reply.body);
    return reply.body;
  };
  StaffBrowser rut{*this};
  rut.log_in(user("rut", kNassjo, Role::kRegistrar));
  BOOST_TEST(probe(rut, "0682", "KS 2026/14") == "/staff/0682/diarium/arenden/KS-2026-14");
  BOOST_TEST(probe(rut, "0682", "ÖFN 2026/1") == "/staff/0682/diarium/arenden/%C3%96FN-2026-1");
  // The link is the case page's: it answers.
  const std::string used = register_directly(kNassjo, "Nässjös ärende");
  const auto href = probe(rut, "0682", used);
  BOOST_TEST(rut.get(href).status == 200);
  // Not a number of this member's diaries: no link.
  BOOST_TEST(probe(rut, "0682", "MBN 2026/1") == "none", "Nässjö has no MBN");
  BOOST_TEST(probe(rut, "0682", "EXT-4711") == "none");
  BOOST_TEST(probe(rut, "0682", "") == "none");
  StaffBrowser erik{*this};
  erik.log_in(user("erik", kEksjo, Role::kRegistrar));
  BOOST_TEST(probe(erik, "0686", "KS 2026/14") == "/staff/0686/diarium/arenden/KS-2026-14");
  BOOST_TEST(probe(erik, "0686", "ÖFN 2026/1") == "none", "Eksjö has no ÖFN");
  // Without case.read here: no link, though the page itself is open to them.
  StaffBrowser mona{*this};
  mona.log_in(user("mona", kNassjo, Role::kCommitteeMember));
  BOOST_TEST(probe(mona, "0682", "KS 2026/14") == "none");
  BOOST_TEST(probe(mona, "0682", "ÖFN 2026/1") == "none");
}

BOOST_AUTO_TEST_SUITE_END()
