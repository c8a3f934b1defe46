// The committee secretary's pages of the staff web (casehandling/staff_pages.hpp, issue 14.4)
// with the case handling library linked alone: libcore's staff area on a router with the
// Höglandet cooperation, driven in process by a cookie-keeping browser. A secretary of Nässjö adds
// the board's members and a substitute, records a member's personnummer, creates a meeting,
// puts the prepared case on the agenda, records attendance with a substitute serving, opens the
// minutes with an adjuster, writes a paragraph with a motion, a reservation, jäv and a vote, and
// previews the minutes as HTML and PDF. Every form's refusal comes back with the error summary,
// the field marked and the input kept, and nothing is saved. A role without the permission gets
// 403, a POST without the CSRF token 403, another member's staff 404; the pages that show
// personal data are audited.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "services/casehandling/staff_pages_fixture.hpp"

using namespace samverkan;
using security::Role;
using test::FormFields;
using test::StaffBrowser;
using test::StaffReply;

namespace {

const ids::Kommunkod kNassjo = ids::Kommunkod::parse("0682");
const ids::Kommunkod kEksjo = ids::Kommunkod::parse("0686");
const std::string kSection = "/staff/0682/sammantraden";
const std::string kBoard = kSection + "/namnder/KS";

struct Fixture : test::CasehandlingStaffPages {
  /// A case of Nässjö's KS prepared for decision, as a registrar would leave it.
  std::string prepared_case(const std::string& title) {
    const auto boards = casehandling::BoardDirectory::from_cooperation(cooperation);
    casehandling::Diary diary(boards);
    casehandling::CaseService cases(diary, keyring);
    const auto registrar = security::Principal::staff("reg", {{kNassjo, {Role::kRegistrar}}});
    tenancy::Context ctx(*db, registrar, kNassjo, clock, &audit);
    casehandling::NewCase input;
    input.diary = "KS";
    input.title = title;
    input.case_type = "medborgarförslag";
    const auto record = cases.register_case(ctx, input);
    cases.change_status(ctx, record.number, casehandling::CaseStatus::kPrepared);
    ctx.commit();
    return record.number.str();
  }
};

FormFields member(const std::string& name, const std::string& user_id, const std::string& kind,
                  const std::string& function) {
  return {{"member_name", name},  {"user_id", user_id},  {"kind", kind},
          {"function", function}, {"term", "2023-2026"}, {"valid_from", "2026-01-01"}};
}

std::string error_link(const StaffReply& page, const std::string& field) {
  return page.html().value("string(//div[@class='error-summary']//a[@href='#" + field + "'])");
}

/// The number at the end of a redirect's location: /moten/12 → "12".
std::string last_part(const std::string& location) { return location.substr(location.rfind('/') + 1); }

}  // namespace

BOOST_AUTO_TEST_SUITE(secretary_staff_pages_alonetest)

BOOST_FIXTURE_TEST_CASE(a_secretary_builds_a_meeting_and_writes_its_minutes, Fixture) {
  StaffBrowser sara{*this};
  sara.log_in(user("sara", kNassjo, Role::kCommitteeSecretary));
  const std::string number = prepared_case("Medborgarförslag om fler parkbänkar");

  // The boards of Nässjö, each linked.
  const auto boards = sara.get(kSection);
  BOOST_TEST_REQUIRE(boards.status == 200, boards.body);
  BOOST_TEST(boards.html().value("string(//h1)") == "Sammanträden");
  BOOST_TEST(boards.html().count("//ul[@class='boards']/li/a[@href='" + kBoard + "']") == 1);

  // The board: nobody yet; its page view is audited.
  const auto board = sara.get(kBoard + "?dag=2026-11-25");
  BOOST_TEST_REQUIRE(board.status == 200, board.body);
  BOOST_TEST(board.html().count("//table[@class='members']") == 0);
  BOOST_TEST(board.html().count("//form[@action='" + kBoard + "/ledamoter']//input[@name='_csrf']") == 1);
  BOOST_TEST(audit_count("board.members.view") == 1);

  // Refused: no name, a chair who is a substitute (the service's rule). The form comes back with
  // the summary linked to the field, the field marked, what was typed kept; nothing saved.
  const auto no_name = sara.submit(board, kBoard + "/ledamoter", member("  ", "anna", "ordinary", "chair"));
  BOOST_TEST_REQUIRE(no_name.status == 400, no_name.body);
  BOOST_TEST(error_link(no_name, "member_name") == "Skriv namnet");
  BOOST_TEST(no_name.html().value("string(//input[@id='member_name']/@aria-invalid)") == "true");
  BOOST_TEST(no_name.html().value("string(//input[@id='user_id']/@value)") == "anna");
  BOOST_TEST(no_name.html().count("//select[@id='function']/option[@value='chair'][@selected]") == 1);
  BOOST_TEST(no_name.html().value("string(//title)").starts_with("Fel: "));
  const auto substitute_chair =
      sara.submit(board, kBoard + "/ledamoter", member("David Dahl (C)", "david", "substitute", "chair"));
  BOOST_TEST_REQUIRE(substitute_chair.status == 400, substitute_chair.body);
  BOOST_TEST(error_link(substitute_chair, "term").starts_with("Ledamoten kunde inte läggas till: "));
  BOOST_TEST(count("board_member") == 0);

  for (const auto& fields : {member("Anna Andersson (S)", "anna", "ordinary", "chair"),
                             member("Bertil Berg (M)", "bertil", "ordinary", "none"),
                             member("Cecilia Ek (S)", "cecilia", "ordinary", "none"),
                             member("David Dahl (C)", "david", "substitute", "none")}) {
    const auto added = sara.submit(board, kBoard + "/ledamoter", fields);
    BOOST_TEST_REQUIRE(added.status == 303, added.body);
    BOOST_TEST(added.location == kBoard + "?dag=2026-01-01");
  }
  // A second chair on the same days: the service's conflict, on the form.
  const auto second_chair =
      sara.submit(board, kBoard + "/ledamoter", member("Erik Ek (L)", "erik", "ordinary", "chair"));
  BOOST_TEST(second_chair.status == 409);
  BOOST_TEST(count("board_member") == 4);

  auto listed = sara.get(kBoard + "?dag=2026-11-25");
  auto html = listed.html();
  BOOST_TEST(html.count("//table[@class='members']/tbody/tr") == 4);
  BOOST_TEST(html.value("string(//table[@class='members']/tbody/tr[1]/td[1])") == "Anna Andersson (S)");
  BOOST_TEST(html.value("string(//table[@class='members']/tbody/tr[1]/td[4])") == "Ordförande");

  // A personnummer for BankID: refused when invalid, kept only as a blind index when valid.
  const std::string bind =
      html.value("string(//table[@class='members']/tbody/tr[1]//form[contains(@action,'/personnummer')]/@action)");
  const std::string bind_field =
      "personnummer_" + bind.substr(bind.find("/ledamoter/") + 11, bind.rfind('/') - bind.find("/ledamoter/") - 11);
  const auto bad_number = sara.submit(listed, bind, {{bind_field, "19121212-1213"}});
  BOOST_TEST_REQUIRE(bad_number.status == 400, bad_number.body);
  BOOST_TEST(error_link(bad_number, bind_field) == "Personnumret är inte giltigt");
  BOOST_TEST(audit_count("board-member.bind") == 0);
  const auto bound = sara.submit(listed, bind, {{bind_field, "19121212-1212"}});
  BOOST_TEST(bound.status == 303);
  BOOST_TEST(audit_count("board-member.bind") == 1);

  // A meeting: refused without a date and with a bad time, then created.
  const auto no_date =
      sara.submit(listed, kBoard + "/moten", {{"date", "25/11"}, {"starts_at", "9"}, {"place", "Stadshuset"}});
  BOOST_TEST_REQUIRE(no_date.status == 400, no_date.body);
  BOOST_TEST(!error_link(no_date, "date").empty());
  BOOST_TEST(error_link(no_date, "starts_at") == "Skriv klockslaget som TT:MM");
  BOOST_TEST(no_date.html().value("string(//input[@id='place']/@value)") == "Stadshuset");
  BOOST_TEST(count("meeting") == 0);
  const auto created =
      sara.submit(listed, kBoard + "/moten", {{"date", "2026-11-25"}, {"starts_at", "09:00"}, {"place", "Stadshuset"}});
  BOOST_TEST_REQUIRE(created.status == 303, created.body);
  const std::string meeting = created.location;
  BOOST_TEST(meeting.starts_with(kSection + "/moten/"));

  // The agenda from the prepared cases.
  auto page = sara.get(meeting);
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  BOOST_TEST(audit_count("meeting.view") == 1);
  BOOST_TEST(page.html().count("//table[@class='agenda']") == 0);
  const auto agenda = sara.submit(page, meeting + "/dagordning", {});
  BOOST_TEST_REQUIRE(agenda.status == 303, agenda.body);
  page = sara.get(meeting);
  html = page.html();
  BOOST_TEST(html.count("//table[@class='agenda']/tbody/tr") == 1);
  BOOST_TEST(html.value("string(//table[@class='agenda']/tbody/tr[1]/td[2])") == number);
  BOOST_TEST(html.value("string(//table[@class='agenda']/tbody/tr[1]/td[3])") == "Medborgarförslag om fler parkbänkar");

  // Attendance: David cannot serve for Anna, who is present (the service's rule); nothing saved.
  const FormFields wrong{{"presence_anna", "present"},
                         {"presence_bertil", "present"},
                         {"presence_cecilia", "absent"},
                         {"presence_david", "for:anna"}};
  const auto refused_attendance = sara.submit(page, meeting + "/narvaro", wrong);
  BOOST_TEST_REQUIRE(refused_attendance.status == 400, refused_attendance.body);
  BOOST_TEST(error_link(refused_attendance, "attendance").starts_with("Närvaron kunde inte sparas: "));
  BOOST_TEST(count("attendance") == 0);
  const FormFields right{{"presence_anna", "present"},
                         {"presence_bertil", "present"},
                         {"presence_cecilia", "absent"},
                         {"presence_david", "for:cecilia"}};
  BOOST_TEST(sara.submit(page, meeting + "/narvaro", right).status == 303);
  page = sara.get(meeting);
  html = page.html();
  BOOST_TEST(html.value("string(//p[@id='quorum'])") == "Tjänstgörande: 3 / 3. Beslutsför");
  BOOST_TEST(html.count("//select[@id='presence_david']/option[@value='for:cecilia'][@selected]") == 1);

  // The minutes: refused without an adjuster, then opened with Bertil.
  const auto no_adjuster = sara.submit(page, meeting + "/protokoll", {{"kept_at", "Kommunkansliet"}});
  BOOST_TEST_REQUIRE(no_adjuster.status == 400, no_adjuster.body);
  BOOST_TEST(error_link(no_adjuster, "adjusters") == "Välj minst en justerare");
  BOOST_TEST(no_adjuster.html().value("string(//input[@id='kept_at']/@value)") == "Kommunkansliet");
  BOOST_TEST(count("minutes") == 0);
  const auto opened =
      sara.submit(page, meeting + "/protokoll", {{"kept_at", "Kommunkansliet"}, {"adjusters", "bertil"}});
  BOOST_TEST_REQUIRE(opened.status == 303, opened.body);
  const std::string minutes = opened.location;
  const auto minutes_page = sara.get(minutes);
  BOOST_TEST_REQUIRE(minutes_page.status == 200, minutes_page.body);
  html = minutes_page.html();
  BOOST_TEST(html.count("//table[@class='signers']/tbody/tr") == 2);
  BOOST_TEST(html.count("//table[@class='signers']/tbody/tr[td[1]='Anna Andersson (S)'][td[2]='Ordförande']") == 1);
  BOOST_TEST(html.count("//table[@class='signers']/tbody/tr[td[1]='Bertil Berg (M)'][td[2]='Justerare']") == 1);
  BOOST_TEST(html.count("//form[@action='" + minutes + "/justering']") == 0);  // Sara signs nothing
  BOOST_TEST(audit_count("minutes.view") == 1);

  // A paragraph of the agenda's case.
  const std::string item = html.value("string(//select[@id='agenda_item']/option[2]/@value)");
  const auto added =
      sara.submit(minutes_page, minutes + "/paragrafer", {{"agenda_item", item}, {"paragraph_heading", ""}});
  BOOST_TEST_REQUIRE(added.status == 303, added.body);
  const std::string paragraph = added.location;
  auto p = sara.get(paragraph);
  BOOST_TEST_REQUIRE(p.status == 200, p.body);
  BOOST_TEST(p.html().value("string(//h1)") == "§ 1 Medborgarförslag om fler parkbänkar");
  BOOST_TEST(audit_count("paragraph.view") == 1);

  // Its texts: refused without a heading (the texts typed kept), then saved.
  FormFields texts{{"text_heading", ""},
                   {"secrecy_reference", ""},
                   {"proposal", "Förslaget bifalls."},
                   {"procedure", "Ordföranden ställer proposition på bifall och avslag."},
                   {"decision", "Kommunstyrelsen bifaller förslaget."}};
  const auto no_heading = sara.submit(p, paragraph + "/text", texts);
  BOOST_TEST_REQUIRE(no_heading.status == 400, no_heading.body);
  BOOST_TEST(error_link(no_heading, "text_heading") == "Skriv en rubrik");
  BOOST_TEST(no_heading.html().value("string(//input[@id='proposal']/@value)") == "Förslaget bifalls.");
  texts[0].second = "Medborgarförslag om fler parkbänkar";
  BOOST_TEST(sara.submit(p, paragraph + "/text", texts).status == 303);

  // A motion and a reservation; an empty text is refused.
  const auto empty_entry =
      sara.submit(p, paragraph + "/poster", {{"entry_kind", "motion"}, {"entry_user", "bertil"}, {"entry_text", " "}});
  BOOST_TEST(empty_entry.status == 400);
  BOOST_TEST(error_link(empty_entry, "entry_text") == "Skriv texten");
  BOOST_TEST(count("paragraph_entry") == 0);
  BOOST_TEST(sara.submit(p, paragraph + "/poster",
                         {{"entry_kind", "motion"}, {"entry_user", "bertil"}, {"entry_text", "Avslag på förslaget."}})
                 .status == 303);
  BOOST_TEST(sara.submit(p, paragraph + "/poster",
                         {{"entry_kind", "reservation"},
                          {"entry_user", "bertil"},
                          {"entry_text", "Till förmån för eget yrkande."}})
                 .status == 303);

  // Jäv: Anna takes no part; nobody is left to step in (David serves already).
  BOOST_TEST(sara.submit(p, paragraph + "/jav", {{"conflict_user", "anna"}}).status == 303);
  p = sara.get(paragraph);
  html = p.html();
  BOOST_TEST(html.count("//ul[@class='recused']/li") == 1);
  BOOST_TEST(html.count("//select[@id='vote_anna']") == 0);
  BOOST_TEST(html.count("//select[@id='vote_bertil']") == 1);
  BOOST_TEST(html.count("//select[@id='vote_david']") == 1);

  // The vote: refused with a recused voter (the service's rule), then recorded.
  const auto recused_votes = sara.submit(p, paragraph + "/votering",
                                         {{"yes_means", "bifall"},
                                          {"no_means", "avslag"},
                                          {"vote_anna", "ja"},
                                          {"vote_bertil", "nej"},
                                          {"vote_david", "ja"}});
  BOOST_TEST_REQUIRE(recused_votes.status == 400, recused_votes.body);
  BOOST_TEST(error_link(recused_votes, "votes").starts_with("Paragrafen kunde inte ändras: "));
  BOOST_TEST(recused_votes.html().value("string(//input[@id='yes_means']/@value)") == "bifall");
  BOOST_TEST(count("paragraph_vote") == 0);
  const auto voted =
      sara.submit(p, paragraph + "/votering",
                  {{"yes_means", "bifall"}, {"no_means", "avslag"}, {"vote_bertil", "nej"}, {"vote_david", "ja"}});
  BOOST_TEST_REQUIRE(voted.status == 303, voted.body);
  p = sara.get(paragraph);
  html = p.html();
  BOOST_TEST(html.count("//table[@class='votes']/tbody/tr") == 2);
  BOOST_TEST(html.count("//table[@class='entries']/tbody/tr") == 2);
  BOOST_TEST(html.value("string(//input[@id='decision']/@value)") == "Kommunstyrelsen bifaller förslaget.");

  // The preview, as HTML and as PDF, audited.
  const auto preview = sara.get(minutes + "/forhandsvisning");
  BOOST_TEST_REQUIRE(preview.status == 200, preview.body);
  BOOST_TEST(preview.content_type.starts_with("text/html"));
  BOOST_TEST(preview.body.find("Kommunstyrelsen bifaller förslaget.") != std::string::npos);
  BOOST_TEST(preview.body.find("Avslag på förslaget.") != std::string::npos);
  const auto pdf = sara.get(minutes + "/forhandsvisning?format=pdf");
  BOOST_TEST_REQUIRE(pdf.status == 200);
  BOOST_TEST(pdf.content_type == "application/pdf");
  BOOST_TEST(pdf.body.starts_with("%PDF-"));
  BOOST_TEST(audit_count("minutes.preview") == 2);
  BOOST_TEST(audit_count("minutes.render") == 2);

  // In English.
  const auto english = sara.submit(p, "/staff/sprak", {{"lang", "en"}, {"next", minutes}});
  BOOST_TEST(english.status == 303);
  const auto minutes_en = sara.get(minutes);
  BOOST_TEST(minutes_en.html().value("string(/html/@lang)") == "en");
  BOOST_TEST(minutes_en.html().value("string(//h2[@id='adjustment-heading'])") == "Adjustment");
}

BOOST_FIXTURE_TEST_CASE(roles_without_the_permission_other_members_and_forms_without_csrf_are_refused, Fixture) {
  StaffBrowser sara{*this};
  sara.log_in(user("sara", kNassjo, Role::kCommitteeSecretary));
  const auto board = sara.get(kBoard);
  const auto created =
      sara.submit(board, kBoard + "/moten", {{"date", "2026-11-25"}, {"starts_at", ""}, {"place", "Stadshuset"}});
  BOOST_TEST_REQUIRE(created.status == 303, created.body);
  const std::string meeting = created.location;

  // A board member reads the meeting but may not change it: 403, audited, nothing saved.
  StaffBrowser maja{*this};
  maja.log_in(user("maja", kNassjo, Role::kCommitteeMember));
  const auto read = maja.get(meeting);
  BOOST_TEST_REQUIRE(read.status == 200, read.body);
  BOOST_TEST(read.html().count("//form[@action='" + meeting + "/dagordning']") == 0);
  const auto board_as_member = maja.get(kBoard);
  BOOST_TEST(board_as_member.status == 200);
  const auto refused = maja.submit(board_as_member, kBoard + "/moten",
                                   {{"date", "2026-12-01"}, {"starts_at", ""}, {"place", "Stadshuset"}});
  BOOST_TEST(refused.status == 403);
  BOOST_TEST(maja.submit(read, meeting + "/dagordning", {}).status == 403);
  BOOST_TEST(count("meeting") == 1);
  BOOST_TEST(audit_count("staff-page.open", "refused") >= 2);

  // An administrator of Nässjö has no meeting.read: 403 for the section's pages.
  StaffBrowser admin{*this};
  admin.log_in(user("adam", kNassjo, Role::kAdministrator));
  BOOST_TEST(admin.get(kSection).status == 403);
  BOOST_TEST(admin.get(meeting).status == 403);

  // A POST without the CSRF token: 403, nothing saved.
  BOOST_TEST(sara.post(kBoard + "/moten", {{"date", "2026-12-02"}, {"place", "Stadshuset"}}).status == 403);
  BOOST_TEST(count("meeting") == 1);

  // Eksjö's secretary: 404 for Nässjö's pages, and for Nässjö's meeting under Eksjö's path.
  StaffBrowser eva{*this};
  eva.log_in(user("eva", kEksjo, Role::kCommitteeSecretary));
  BOOST_TEST(eva.get(kSection).status == 404);
  BOOST_TEST(eva.get(meeting).status == 404);
  const std::string id = last_part(meeting);
  BOOST_TEST(eva.get("/staff/0686/sammantraden/moten/" + id).status == 404);
  const auto own = eva.get("/staff/0686/sammantraden/namnder/KS");
  BOOST_TEST_REQUIRE(own.status == 200, own.body);
  BOOST_TEST(eva.submit(own, "/staff/0686/sammantraden/moten/" + id + "/dagordning", {}).status == 404);
  BOOST_TEST(eva.get("/staff/0686/sammantraden/moten/x1").status == 404);
  BOOST_TEST(eva.get("/staff/0686/sammantraden/namnder/ZZ").status == 404);
  BOOST_TEST(count("agenda_item") == 0);
}

BOOST_FIXTURE_TEST_CASE(the_other_forms_refuse_without_saving_and_signing_needs_bankid, Fixture) {
  StaffBrowser sara{*this};
  sara.log_in(user("sara", kNassjo, Role::kCommitteeSecretary));
  const auto board = sara.get(kBoard);
  for (const auto& fields : {member("Anna Andersson (S)", "anna", "ordinary", "chair"),
                             member("Bertil Berg (M)", "bertil", "ordinary", "none")}) {
    BOOST_TEST_REQUIRE(sara.submit(board, kBoard + "/ledamoter", fields).status == 303);
  }

  // Ending a membership before its first day: refused on the member's row, nothing changed.
  auto listed = sara.get(kBoard + "?dag=2026-11-25");
  const std::string end =
      listed.html().value("string(//table[@class='members']/tbody/tr[2]//form[contains(@action,'/avslut')]/@action)");
  const std::string id = end.substr(end.find("/ledamoter/") + 11, end.rfind('/') - end.find("/ledamoter/") - 11);
  const auto too_early = sara.submit(listed, end, {{"last_day_" + id, "2025-12-31"}});
  BOOST_TEST_REQUIRE(too_early.status == 400, too_early.body);
  BOOST_TEST(error_link(too_early, "last_day_" + id).starts_with("Uppdraget kunde inte avslutas: "));
  BOOST_TEST(too_early.html().value("string(//input[@id='last_day_" + id + "']/@value)") == "2025-12-31");
  BOOST_TEST(count("board_member WHERE valid_to IS NOT NULL") == 0);

  const auto created =
      sara.submit(listed, kBoard + "/moten", {{"date", "2026-11-25"}, {"starts_at", ""}, {"place", "Stadshuset"}});
  BOOST_TEST_REQUIRE(created.status == 303, created.body);
  const std::string meeting = created.location;
  auto page = sara.get(meeting);

  // An information item without a heading; then with one.
  const auto no_heading = sara.submit(page, meeting + "/informationsarenden", {{"heading", " "}});
  BOOST_TEST_REQUIRE(no_heading.status == 400, no_heading.body);
  BOOST_TEST(error_link(no_heading, "heading") == "Skriv en rubrik");
  BOOST_TEST(count("agenda_item") == 0);
  BOOST_TEST(sara.submit(page, meeting + "/informationsarenden", {{"heading", "Ekonomisk uppföljning"}}).status == 303);
  page = sara.get(meeting);
  BOOST_TEST(page.html().value("string(//table[@class='agenda']/tbody/tr[1]/td[2])") == "Informationsärende");

  // A presence that is not one of the choices.
  const auto odd =
      sara.submit(page, meeting + "/narvaro", {{"presence_anna", "kanske"}, {"presence_bertil", "present"}});
  BOOST_TEST_REQUIRE(odd.status == 400, odd.body);
  BOOST_TEST(error_link(odd, "presence_anna") == "Välj närvaro");
  BOOST_TEST(count("attendance") == 0);
  BOOST_TEST(
      sara.submit(page, meeting + "/narvaro", {{"presence_anna", "present"}, {"presence_bertil", "present"}}).status ==
      303);
  page = sara.get(meeting);
  const auto opened = sara.submit(page, meeting + "/protokoll", {{"kept_at", "Kansliet"}, {"adjusters", "bertil"}});
  BOOST_TEST_REQUIRE(opened.status == 303, opened.body);
  const std::string minutes = opened.location;
  auto minutes_page = sara.get(minutes);

  // A paragraph of its own needs a heading.
  const auto untitled =
      sara.submit(minutes_page, minutes + "/paragrafer", {{"agenda_item", "0"}, {"paragraph_heading", ""}});
  BOOST_TEST_REQUIRE(untitled.status == 400, untitled.body);
  BOOST_TEST(error_link(untitled, "paragraph_heading") == "Skriv en rubrik");
  BOOST_TEST(count("paragraph") == 0);
  const auto own = sara.submit(minutes_page, minutes + "/paragrafer",
                               {{"agenda_item", "0"}, {"paragraph_heading", "Val av justerare"}});
  BOOST_TEST_REQUIRE(own.status == 303, own.body);
  const std::string paragraph = own.location;

  // Adjusted at once, the paragraph takes no more changes: 409, audited, the text unchanged.
  auto p = sara.get(paragraph);
  BOOST_TEST(sara.submit(p, paragraph + "/omedelbar-justering", {}).status == 303);
  const auto locked = sara.submit(p, paragraph + "/text",
                                  {{"text_heading", "Något annat"},
                                   {"secrecy_reference", ""},
                                   {"proposal", ""},
                                   {"procedure", ""},
                                   {"decision", "Ändrat i efterhand"}});
  BOOST_TEST(locked.status == 409, locked.body);
  BOOST_TEST(audit_count("minutes.change-refused") == 1);
  p = sara.get(paragraph);
  BOOST_TEST(p.html().value("string(//h1)") == "§ 1 Val av justerare");
  BOOST_TEST(p.html().count("//form[@action='" + paragraph + "/text']") == 0);

  // Bertil, an adjuster, may sign: the button is there; without BankID on the platform, 503.
  StaffBrowser bertil{*this};
  bertil.log_in(user("bertil", kNassjo, Role::kCommitteeMember));
  const auto as_signer = bertil.get(minutes);
  BOOST_TEST_REQUIRE(as_signer.status == 200, as_signer.body);
  BOOST_TEST(as_signer.html().count("//form[@action='" + minutes + "/justering']//button") == 1);
  BOOST_TEST(bertil.submit(as_signer, minutes + "/justering", {}).status == 503);
  // Without BankID nobody signs, the secretary (minutes.sign, no signer here) neither; nothing is started.
  BOOST_TEST(sara.submit(minutes_page, minutes + "/justering", {}).status == 503);
  BOOST_TEST(count("minutes_sign_order") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
