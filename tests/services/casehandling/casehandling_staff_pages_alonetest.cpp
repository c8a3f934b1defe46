// The registrar's pages of the staff web (casehandling/staff_pages.hpp) with the case handling
// library linked alone: libcore's staff area on a router with the Höglandet cooperation, driven
// in process by a cookie-keeping browser. A registrar of Nässjö reserves a number, registers a
// case on it with a party, registers a public and a partly secret document (upload), finds the
// case by number and by the party's personnummer, lists the diary's numbers, downloads a
// document, moves the case on and closes it; the public register shows the masks. The failure
// paths: a form without a title, with secrecy but no provision, with an unknown OSL provision
// comes back with its message and nothing is saved; a role without the permission gets 403;
// another member's staff get 404 for the case and its documents; views are audited.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_service.hpp"
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
  Fixture() { year = std::to_string(static_cast<int>(calendar::swedish_date(clock.now()).year())); }

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

BOOST_AUTO_TEST_SUITE_END()
