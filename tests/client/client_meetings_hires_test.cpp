// samverkan::client's typed calls for meetings and minutes, and for hires, against the whole
// platform over HTTPS. A board portal with cases:read reads a board's meetings, the agenda, the
// attendance, the minutes with their signers, the paragraphs with the vote (a secret paragraph's
// texts withheld) and the full minutes as HTML and PDF; the public calls (the public minutes, the
// notice board, the open data) work without a token and leave the secret paragraph out; draft
// minutes are not public. An HR system with hiring:read and hiring:write submits hires (invalid
// fields named, a second open hire of a person refused), lists them with filters and paging,
// changes one's unit and roles, ends the employment and reads the lead times. The failure paths
// arrive as the typed exceptions: unknown ids and other municipalities (404), a missing scope
// (403), a malformed argument (UsageError, before anything is sent).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "libcore/pdf/pdf_text.hpp"
#include "samverkan/calendar/appeal_period.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/client/client.hpp"
#include "samverkan/client/errors.hpp"
#include "samverkan/client/hires.hpp"
#include "samverkan/client/meetings.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/casehandling/minutes_render_flow.hpp"
#include "services/hiring/hiring_fixture.hpp"

namespace sc = samverkan::client;
using namespace samverkan;

namespace {

constexpr auto npos = std::string::npos;

// Options of a new API client of `municipality` with `scopes`, made by its administrator.
sc::Options options_for(server::Platform& platform, const ids::Kommunkod& municipality,
                        const std::set<std::string>& scopes) {
  const auto admin =
      security::Principal::staff("admin-" + municipality.str(), {{municipality, {security::Role::kAdministrator}}});
  tenancy::Context ctx(platform.database(), admin, municipality, SystemClock::instance(), &platform.audit_log());
  const auto created = platform.auth().clients().create(ctx, scopes);
  ctx.commit();
  sc::Options o;
  o.server = platform.url();
  o.client_id = created.client.id;
  o.client_secret = created.secret;
  o.ca_file = platform.certificate_file();
  o.max_attempts = 1;
  return o;
}

// --- meetings -------------------------------------------------------------------------------

// The meetings API on Höglandet's platform (Aneby's KS; minutes_render_flow.hpp makes a meeting
// with a public paragraph, voted, and a secret one), with API clients of Aneby for the library.
struct MeetingsFixture : test::MeetingRoutesFixture {
  sc::Options aneby(const std::set<std::string>& scopes) { return options_for(*platform, test::kRoutesAneby, scopes); }

  // A client whose credentials the token endpoint refuses: only calls that send no token work.
  sc::Options no_credentials() {
    auto o = aneby({"cases:read"});
    o.client_secret = "not-the-secret";
    return o;
  }
};

const sc::OpenDataVote* vote_of(const sc::OpenDataVoteResult& result, const std::string& name) {
  const auto found =
      std::find_if(result.votes.begin(), result.votes.end(), [&](const sc::OpenDataVote& v) { return v.name == name; });
  return found == result.votes.end() ? nullptr : &*found;
}

// --- hires ----------------------------------------------------------------------------------

const auto& kLekeberg = hiring::test::kLekeberg;

// The platform serving the hiring tests' cooperation (tests/services/hiring/hiring_cooperation.xml:
// Lekeberg pilots, Askersund and Laxå adopt), each member's HR system, IT service desk, property
// access and permission system bound over REST to an address that refuses connections: the
// platform takes the hires and their orders wait, retried, which is all the calls here read.
struct HiringPlatform {
  test::TempDir dir;
  std::ostringstream log_stream;
  samverkan::log::Logger logger{log_stream};
  std::unique_ptr<server::Platform> platform;

  HiringPlatform() {
    std::string xml = test::read_file(test::source_dir() / "tests/services/hiring/hiring_cooperation.xml");
    const std::string rest = R"(<restApi baseUrl="https://127.0.0.1:9/api" timeoutSeconds="1"/>)";
    const std::string bindings =
        "<adapters xmlns=\"urn:samverkan:adapters:2\">\n"
        "        <hrSystem product=\"hr-rest\">" +
        rest +
        "</hrSystem>\n"
        "        <propertyAccess product=\"access-card-rest\">" +
        rest +
        "</propertyAccess>\n"
        "        <itServiceDesk product=\"servicedesk-rest\">" +
        rest +
        "<option name=\"customer\">KUND</option></itServiceDesk>\n"
        "        <permissionSystem product=\"permissions-rest\">" +
        rest +
        "</permissionSystem>\n"
        "      </adapters>\n      ";
    for (const std::string code : {"1814", "1882", "1860"}) {
      const auto at_member = xml.find("<municipality code=\"" + code + "\">");
      BOOST_TEST_REQUIRE(at_member != npos);
      const auto at_hiring = xml.find("<hiring xmlns=", at_member);
      BOOST_TEST_REQUIRE(at_hiring != npos);
      xml.insert(at_hiring, bindings);
    }
    server::PlatformOptions options;
    options.config_file = dir.write("cooperation.xml", xml);
    options.data_dir = dir / "data";
    options.listen = "127.0.0.1:0";
    platform = server::Platform::start(options, logger);
  }

  sc::Options lekeberg(const std::set<std::string>& scopes) { return options_for(*platform, kLekeberg, scopes); }
};

// A Monday about `weeks_ahead` weeks ahead (a hire's first day may not be in the past).
std::chrono::sys_days monday_ahead(int weeks_ahead) {
  auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::weeks(weeks_ahead);
  while (std::chrono::weekday(day) != std::chrono::Monday) day += std::chrono::days(1);
  return day;
}

std::string iso(std::chrono::sys_days day) { return calendar::format_iso_date(std::chrono::year_month_day(day)); }

// The form for a home-care assistant in Lekeberg (the n-th test person), as a manager fills it in.
sc::HireForm home_care(int person, const std::string& start) {
  sc::HireForm form;
  form.given_name = "Anna";
  form.family_name = "Andersson";
  form.personnummer = hiring::test::nth_personnummer(person);
  form.private_email = "anna.privat@example.com";
  form.mobile = "070-123 45 67";
  form.employment_type = "permanent";
  form.start_date = start;
  form.title = "Undersköterska";
  form.unit = "hemtjansten";
  form.equipment = {"telefon", "dator"};
  form.card_areas = {"KOMMUNHUSET", "HEMTJANST-FJUGESTA"};
  form.roles = {"lifecare/planerare"};
  form.employment_rate = 100;
  form.monthly_salary = 31500;
  return form;
}

std::set<std::string> kinds_of(const sc::Hire& hire, const std::string& purpose) {
  std::set<std::string> kinds;
  for (const auto& order : hire.orders) {
    if (order.purpose == purpose) kinds.insert(order.kind);
  }
  return kinds;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(client_meetings_hires_test)

BOOST_FIXTURE_TEST_CASE(a_board_portal_reads_the_meeting_and_its_adjusted_minutes, MeetingsFixture) {
  const auto flow = test::prepare_minutes_flow(*this, true);
  const long long meeting_id = std::stoll(flow.meeting_id);
  const long long minutes_id = std::stoll(flow.minutes_id);
  sc::Client api(aneby({"cases:read"}));
  sc::Meetings meetings(api, "0604");

  const auto listed = meetings.list("KS");
  BOOST_TEST_REQUIRE(listed.size() == 1U);
  BOOST_TEST(listed[0].id == meeting_id);
  BOOST_TEST(listed[0].board == "KS");
  BOOST_TEST(listed[0].date.ends_with("-06-10"), listed[0].date);
  BOOST_TEST(listed[0].starts_at == "13:00");
  BOOST_TEST(listed[0].place == "Sessionssalen");
  BOOST_TEST(meetings.get(meeting_id).date == listed[0].date);

  // The agenda: the public case by its title, the secret one by its reference only.
  const auto agenda = meetings.agenda(meeting_id);
  BOOST_TEST_REQUIRE(agenda.size() == 2U);
  BOOST_TEST(agenda[0].ordinal == 1);
  BOOST_TEST(agenda[1].ordinal == 2);
  BOOST_TEST(agenda[0].kind == "case");
  BOOST_TEST(agenda[0].heading == "Detaljplan för Skolgatan");
  BOOST_TEST(agenda[0].secrecy_reference.empty());
  BOOST_TEST(agenda[1].secrecy_reference == "OSL 19 kap. 1 §");
  BOOST_TEST(agenda[1].heading.find("Aneby 1:1") == npos);
  for (const auto& item : agenda) BOOST_TEST(item.case_number.rfind("KS ", 0) == 0U, item.case_number);

  const auto attendance = meetings.attendance(meeting_id);
  BOOST_TEST(attendance.entries.size() == 3U);
  for (const auto& entry : attendance.entries) BOOST_TEST(entry.presence == "present", entry.user_id);
  BOOST_TEST(attendance.seats == 3);
  BOOST_TEST(attendance.voting == 3);
  BOOST_TEST(attendance.quorum);

  // The minutes, adjusted: the chair and the adjuster have signed, the notice is posted.
  const auto minutes = meetings.minutes(minutes_id);
  BOOST_TEST(minutes.id == minutes_id);
  BOOST_TEST(minutes.meeting == meeting_id);
  BOOST_TEST(minutes.board == "KS");
  BOOST_TEST(minutes.kept_at == "Kommunkansliet");
  BOOST_TEST(minutes.adjusted());
  BOOST_TEST_REQUIRE(minutes.signers.size() == 2U);
  std::map<std::string, std::string> roles;
  for (const auto& signer : minutes.signers) {
    roles[signer.user_id] = signer.role;
    BOOST_TEST(signer.signed_at.has_value(), signer.user_id);
  }
  BOOST_TEST(roles["ordf"] == "chair");
  BOOST_TEST(roles["just"] == "adjuster");
  BOOST_TEST_REQUIRE(minutes.notice.has_value());
  BOOST_TEST(meetings.minutes_of(meeting_id).id == minutes_id);

  // The paragraphs: the public one with its vote, the secret one with its texts withheld.
  const auto paragraphs = meetings.paragraphs(minutes_id);
  BOOST_TEST_REQUIRE(paragraphs.size() == 2U);
  const auto& open = paragraphs[0];
  BOOST_TEST(open.number == 1);
  BOOST_TEST(open.minutes == minutes_id);
  BOOST_TEST(open.decision == "Detaljplanen antas");
  BOOST_TEST(open.secrecy_reference.empty());
  BOOST_TEST(!open.texts_withheld);
  BOOST_TEST_REQUIRE(open.vote.has_value());
  BOOST_TEST(open.vote->yes_means == "bifall");
  BOOST_TEST(open.vote->no_means == "avslag");
  BOOST_TEST(open.vote->yes == 2);
  BOOST_TEST(open.vote->no == 1);
  BOOST_TEST(open.vote->abstain == 0);
  BOOST_TEST(open.vote->result == "ja");
  BOOST_TEST((open.vote->votes == std::map<std::string, std::string>{{"just", "ja"}, {"m3", "nej"}, {"ordf", "ja"}}));
  const auto& secret = paragraphs[1];
  BOOST_TEST(secret.number == 2);
  BOOST_TEST(secret.secrecy_reference == "OSL 19 kap. 1 §");
  BOOST_TEST(secret.texts_withheld);
  BOOST_TEST(secret.decision.empty());
  BOOST_TEST(secret.proposal.empty());
  BOOST_TEST_REQUIRE(secret.entries.size() == 1U);
  BOOST_TEST(secret.entries[0].kind == "reservation");
  BOOST_TEST(secret.entries[0].user_id == "m3");
  BOOST_TEST(secret.entries[0].text.find("hemligtord") == npos);
  BOOST_TEST(!secret.vote.has_value());
  BOOST_TEST(meetings.paragraph(open.id).decision == "Detaljplanen antas");

  // The full minutes as documents (an API client is not entitled to the secret texts).
  const auto pdf = meetings.document(minutes_id, sc::DocumentFormat::kPdf);
  BOOST_TEST(pdf.content_type == "application/pdf");
  BOOST_TEST(pdf.content.rfind("%PDF-", 0) == 0U);
  const auto pdf_text = test::pdf_to_text(pdf.content);
  BOOST_TEST(pdf_text.find("Detaljplanen antas") != npos);
  BOOST_TEST(pdf_text.find("hemligtord") == npos);
  const auto html = meetings.document(minutes_id);
  BOOST_TEST(html.content_type.rfind("text/html", 0) == 0U, html.content_type);
  BOOST_TEST(html.content.find("Detaljplanen antas") != npos);
  BOOST_TEST(html.content.find("hemligtord") == npos);

  // The public side, by a client that could not get a token: none is asked for or sent.
  sc::Client anonymous(no_credentials());
  sc::Meetings public_side(anonymous, "0604");
  BOOST_CHECK_THROW(public_side.list("KS"), sc::CredentialsRefused);
  const auto public_pdf = public_side.public_document(minutes_id, sc::DocumentFormat::kPdf);
  BOOST_TEST(public_pdf.content_type == "application/pdf");
  BOOST_TEST(public_pdf.content.rfind("%PDF-", 0) == 0U);
  const auto public_text = test::pdf_to_text(public_pdf.content);
  BOOST_TEST(public_text.find("Detaljplanen antas") != npos);
  BOOST_TEST(public_text.find("hemligtord") == npos);
  BOOST_TEST(public_text.find("Aneby 1:1") == npos);
  const auto public_html = public_side.public_document(minutes_id);
  BOOST_TEST(public_html.content_type.rfind("text/html", 0) == 0U);
  BOOST_TEST(public_html.content.find("OSL 19 kap. 1 §") != npos);
  BOOST_TEST(public_html.content.find("hemligtord") == npos);

  // The notice board: posted today, the appeal deadline three weeks on, the secret paragraph
  // by its reference only.
  const auto today = calendar::swedish_date(SystemClock::instance().now());
  const auto board = public_side.notice_board();
  BOOST_TEST_REQUIRE(board.size() == 1U);
  const auto& notice = board[0];
  BOOST_TEST(notice.id == *minutes.notice);
  BOOST_TEST(notice.board == "KS");
  BOOST_TEST(notice.board_name == "Kommunstyrelsen");
  BOOST_TEST(notice.meeting_date == listed[0].date);
  BOOST_TEST(notice.status == "posted");
  BOOST_TEST(notice.posted_on == calendar::format_iso_date(today));
  BOOST_TEST(notice.appeal_deadline == calendar::format_iso_date(calendar::appeal_deadline(today)));
  BOOST_TEST(notice.remove_on > notice.appeal_deadline);
  BOOST_TEST(notice.kept_at == "Kommunkansliet");
  BOOST_TEST_REQUIRE(notice.paragraphs.size() == 2U);
  BOOST_TEST(notice.paragraphs[0].decision == "Detaljplanen antas");
  BOOST_TEST(notice.paragraphs[0].secrecy_reference.empty());
  BOOST_TEST(notice.paragraphs[1].secrecy_reference == "OSL 19 kap. 1 §");
  BOOST_TEST(notice.paragraphs[1].decision.empty());
  BOOST_TEST(meetings.notice(notice.id).status == "posted");

  // Open data: the index, the public decisions with each vote by name and party, the CSVs.
  const auto published = public_side.published_meetings();
  BOOST_TEST_REQUIRE(published.size() == 1U);
  BOOST_TEST(published[0].meeting_id == meeting_id);
  BOOST_TEST(published[0].minutes_id == minutes_id);
  BOOST_TEST(published[0].board == "KS");
  const auto decisions = public_side.decisions(meeting_id);
  BOOST_TEST(decisions.municipality == "0604");
  BOOST_TEST(decisions.meeting_id == meeting_id);
  BOOST_TEST(decisions.minutes_id == minutes_id);
  BOOST_TEST_REQUIRE(decisions.decisions.size() == 1U, "the secret paragraph is left out");
  const auto& decision = decisions.decisions[0];
  BOOST_TEST(decision.paragraph == 1);
  BOOST_TEST(decision.decision == "Detaljplanen antas");
  BOOST_TEST_REQUIRE(decision.vote.has_value());
  BOOST_TEST(decision.vote->result == "ja");
  BOOST_TEST(decision.vote->votes.size() == 3U);
  const auto* m3 = vote_of(*decision.vote, "Ledamot m3 (S)");
  BOOST_TEST_REQUIRE(m3 != nullptr);
  BOOST_TEST(m3->party == "S");
  BOOST_TEST(m3->vote == "nej");
  const auto decisions_csv = public_side.decisions_csv(meeting_id);
  BOOST_TEST(decisions_csv.rfind("meeting_date,board,paragraph", 0) == 0U);
  BOOST_TEST(decisions_csv.find("Detaljplanen antas") != npos);
  BOOST_TEST(decisions_csv.find("hemligtord") == npos);
  BOOST_TEST(public_side.votes_csv(meeting_id).find("Ledamot m3 (S),S,nej") != npos);

  // Unknown ids, another municipality: 404.
  BOOST_CHECK_THROW(meetings.get(meeting_id + 1000), sc::NotFound);
  BOOST_CHECK_THROW(meetings.minutes(minutes_id + 1000), sc::NotFound);
  BOOST_CHECK_THROW(meetings.paragraph(open.id + 1000), sc::NotFound);
  BOOST_CHECK_THROW(meetings.notice(notice.id + 1000), sc::NotFound);
  BOOST_CHECK_THROW(sc::Meetings(api, "0686").minutes(minutes_id), sc::NotFound);
  BOOST_CHECK_THROW(sc::Meetings(anonymous, "0686").public_document(minutes_id), sc::NotFound);
  BOOST_CHECK_THROW(sc::Meetings(anonymous, "0686").decisions(meeting_id), sc::NotFound);
  BOOST_TEST(sc::Meetings(anonymous, "0686").notice_board().empty());
  // A board the municipality does not have: the server says 400.
  BOOST_CHECK_THROW(meetings.list("XX"), sc::InvalidRequest);
  // Malformed arguments: nothing is sent.
  BOOST_CHECK_THROW(meetings.list(""), sc::UsageError);
  BOOST_CHECK_THROW(meetings.list("ks"), sc::UsageError);
  BOOST_CHECK_THROW(meetings.list("KS/../X"), sc::UsageError);
  BOOST_CHECK_THROW(meetings.list("KOMMUNSTYRELSEN"), sc::UsageError);
  BOOST_CHECK_THROW(meetings.get(0), sc::UsageError);
  BOOST_CHECK_THROW(meetings.minutes(-1), sc::UsageError);
  BOOST_CHECK_THROW(public_side.public_document(0, sc::DocumentFormat::kPdf), sc::UsageError);
  // A client without cases:read.
  sc::Client letters_only(aneby({"mailbox:send"}));
  try {
    sc::Meetings(letters_only, "0604").minutes(minutes_id);
    BOOST_FAIL("cases:read is missing");
  } catch (const sc::Forbidden& e) {
    BOOST_TEST(e.status() == 403);
  }
  BOOST_CHECK_THROW(sc::Meetings(letters_only, "0604").document(minutes_id, sc::DocumentFormat::kPdf), sc::Forbidden);
}

BOOST_FIXTURE_TEST_CASE(draft_minutes_are_the_boards_only, MeetingsFixture) {
  const auto flow = test::prepare_minutes_flow(*this, false);
  const long long meeting_id = std::stoll(flow.meeting_id);
  const long long minutes_id = std::stoll(flow.minutes_id);
  sc::Client api(aneby({"cases:read"}));
  sc::Meetings meetings(api, "0604");

  const auto minutes = meetings.minutes(minutes_id);
  BOOST_TEST(minutes.status == "draft");
  BOOST_TEST(!minutes.adjusted());
  BOOST_TEST(!minutes.notice.has_value());
  BOOST_TEST_REQUIRE(minutes.signers.size() == 2U);
  for (const auto& signer : minutes.signers) BOOST_TEST(!signer.signed_at.has_value(), signer.user_id);
  // The board reads the draft as a document already.
  const auto html = meetings.document(minutes_id);
  BOOST_TEST(html.content.find("Detaljplanen antas") != npos);

  // Nothing of it is public yet.
  sc::Client anonymous(no_credentials());
  sc::Meetings public_side(anonymous, "0604");
  BOOST_CHECK_THROW(public_side.public_document(minutes_id), sc::NotFound);
  BOOST_CHECK_THROW(public_side.decisions(meeting_id), sc::NotFound);
  BOOST_CHECK_THROW(public_side.votes_csv(meeting_id), sc::NotFound);
  BOOST_TEST(public_side.notice_board().empty());
  BOOST_TEST(public_side.published_meetings().empty());

  // A meeting without minutes: its agenda is empty until assembled, its minutes 404.
  const auto created = call("POST", "0604/boards/KS/meetings", secretary,
                            R"({"date":"2030-03-04","startsAt":"09:00","place":"Lilla salen"})");
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  const long long later = std::stoll(test::json_member(created.body, "id"));
  BOOST_TEST(meetings.get(later).place == "Lilla salen");
  BOOST_TEST(meetings.list("KS").size() == 2U);
  BOOST_TEST(meetings.agenda(later).empty());
  BOOST_CHECK_THROW(meetings.minutes_of(later), sc::NotFound);
}

BOOST_FIXTURE_TEST_CASE(an_hr_system_submits_changes_and_ends_a_hire, HiringPlatform) {
  const auto options = lekeberg({"hiring:read", "hiring:write"});
  sc::Client api(options);
  sc::Hires hires(api, "1814");
  const auto start_day = monday_ahead(10);
  const std::string start = iso(start_day);

  const auto hire = hires.submit(home_care(1, start));
  BOOST_TEST(hire.id.size() == 10U, hire.id);
  BOOST_TEST(hire.status == "submitted");
  BOOST_TEST(hire.given_name == "Anna");
  BOOST_TEST(hire.personnummer == hiring::test::nth_personnummer(1));
  BOOST_TEST(hire.start_date == start);
  BOOST_TEST(hire.end_date.empty());
  BOOST_TEST(hire.unit == "hemtjansten");
  BOOST_TEST(hire.unit_name == "Hemtjänsten");
  BOOST_TEST(hire.workplace == "Hemtjänsten, Storgatan 3, Fjugesta");
  BOOST_TEST(hire.account == "anan01");
  BOOST_TEST(hire.manager.find(options.client_id) != npos, hire.manager);
  BOOST_TEST(hire.employment_rate == 100);
  BOOST_TEST(hire.monthly_salary == 31500);
  BOOST_TEST((hire.equipment == std::vector<std::string>{"telefon", "dator"}));
  // The unit's default roles with the one asked for.
  BOOST_TEST((hire.roles == std::vector<std::string>{"intranat/lasare", "lifecare/planerare", "lifecare/utforare"}));
  BOOST_TEST(hire.submitted_at.has_value());
  BOOST_TEST(!hire.ready_at.has_value());
  BOOST_TEST(!hire.lead_time.has_value());
  BOOST_TEST(
      (kinds_of(hire, "hire") == std::set<std::string>{"account", "card", "employment", "equipment", "permissions"}));
  for (const auto& order : hire.orders) BOOST_TEST(order.due_at.has_value(), order.kind);
  const auto read = hires.get(hire.id);
  BOOST_TEST(read.title == "Undersköterska");
  BOOST_TEST(read.orders.size() == hire.orders.size());

  // The same person again: refused while the first hire is open, naming it.
  try {
    hires.submit(home_care(1, start));
    BOOST_FAIL("an open hire of the person");
  } catch (const sc::Conflict& e) {
    BOOST_TEST(e.status() == 409);
    BOOST_TEST(e.detail().find(hire.id) != npos, e.detail());
  }
  // Invalid fields, each named.
  auto invalid = home_care(2, start);
  invalid.mobile.clear();
  invalid.unit = "simhallen";
  try {
    hires.submit(invalid);
    BOOST_FAIL("no mobile, no such unit");
  } catch (const sc::InvalidRequest& e) {
    std::set<std::string> fields;
    for (const auto& error : e.field_errors()) {
      fields.insert(error.field);
      BOOST_TEST(!error.message.empty());
    }
    BOOST_TEST((fields == std::set<std::string>{"mobile", "unit"}));
  }

  // A second hire, in the street unit; the list is newest first, filtered and paged.
  auto street = home_care(3, start);
  street.given_name = "Olof";
  street.family_name = "Gran";
  street.unit = "gatuenheten";
  street.title = "Parkarbetare";
  street.roles.clear();
  street.card_areas = {"KOMMUNHUSET"};
  const auto second = hires.submit(street);
  const auto all = hires.list();
  BOOST_TEST_REQUIRE(all.size() == 2U);
  BOOST_TEST(all[0].id == second.id);
  BOOST_TEST(all[1].id == hire.id);
  BOOST_TEST(all[1].status == "submitted");
  BOOST_TEST(all[1].family_name == "Andersson");
  BOOST_TEST(all[1].unit == "hemtjansten");
  BOOST_TEST(all[1].start_date == start);
  BOOST_TEST(all[1].orders == 5);
  BOOST_TEST(all[1].orders_done == 0);
  sc::HireQuery by_unit;
  by_unit.unit = "gatuenheten";
  const auto in_street = hires.list(by_unit);
  BOOST_TEST_REQUIRE(in_street.size() == 1U);
  BOOST_TEST(in_street[0].id == second.id);
  sc::HireQuery ready;
  ready.status = "ready";
  BOOST_TEST(hires.list(ready).empty());
  sc::HireQuery late;
  late.late_only = true;
  BOOST_TEST(hires.list(late).empty());
  sc::HireQuery later;
  later.starts_from = iso(start_day + std::chrono::days(1));
  BOOST_TEST(hires.list(later).empty());
  sc::HireQuery page;
  page.limit = 1;
  page.offset = 1;
  const auto second_page = hires.list(page);
  BOOST_TEST_REQUIRE(second_page.size() == 1U);
  BOOST_TEST(second_page[0].id == hire.id);
  sc::HireQuery one_by_one;
  one_by_one.limit = 1;
  std::vector<std::string> visited;
  const auto count = hires.each(one_by_one, [&](const sc::HireSummary& s) {
    visited.push_back(s.id);
    return true;
  });
  BOOST_TEST(count == 2U);
  BOOST_TEST((visited == std::vector<std::string>{second.id, hire.id}));

  // To the street unit from the first day: the home care roles go, the case handler role comes.
  sc::HireChange move;
  move.effective_date = start;
  move.unit = "gatuenheten";
  move.title = "Parkarbetare";
  move.add_roles = {"felanmalan/handlaggare"};
  const auto changed = hires.change(hire.id, move);
  BOOST_TEST(changed.purpose == "change1");
  BOOST_TEST((changed.granted == std::vector<std::string>{"felanmalan/handlaggare"}));
  BOOST_TEST((changed.revoked == std::vector<std::string>{"lifecare/planerare", "lifecare/utforare"}));
  const auto moved = hires.get(hire.id);
  BOOST_TEST(moved.unit == "gatuenheten");
  BOOST_TEST(moved.title == "Parkarbetare");
  BOOST_TEST((std::set<std::string>(moved.roles.begin(), moved.roles.end()) ==
              std::set<std::string>{"felanmalan/handlaggare", "intranat/lasare"}));
  BOOST_TEST((kinds_of(moved, "change1") == std::set<std::string>{"employment", "permissions"}));
  sc::HireChange nothing;
  nothing.effective_date = start;
  BOOST_CHECK_THROW(hires.change(hire.id, nothing), sc::InvalidRequest);

  // The end of the employment: ending, its last day set, the end orders planned.
  const std::string last_day = iso(start_day + std::chrono::days(60));
  const auto ending = hires.terminate(hire.id, last_day);
  BOOST_TEST(ending.id == hire.id);
  BOOST_TEST(ending.status == "ending");
  BOOST_TEST(ending.end_date == last_day);
  BOOST_TEST(!kinds_of(ending, "termination").empty());
  BOOST_CHECK_THROW(hires.terminate(hire.id, last_day), sc::Conflict);
  move.unit = "hemtjansten";
  BOOST_CHECK_THROW(hires.change(hire.id, move), sc::Conflict);
  BOOST_CHECK_THROW(hires.terminate(second.id, iso(start_day - std::chrono::days(7))), sc::InvalidRequest);

  // No hire is ready (the systems cannot be reached): no medians yet.
  const auto times = hires.lead_times();
  BOOST_TEST(times.hires_ready == 0);
  BOOST_TEST(!times.median.has_value());
  BOOST_TEST(times.order_kind_medians.empty());

  // Unknown, malformed.
  BOOST_CHECK_THROW(hires.get("1999000001"), sc::NotFound);
  BOOST_CHECK_THROW(hires.get("abc"), sc::UsageError);
  BOOST_CHECK_THROW(hires.get("../hires/1"), sc::UsageError);
  BOOST_CHECK_THROW(hires.terminate("", last_day), sc::UsageError);
  sc::HireQuery empty_page;
  empty_page.limit = 0;
  BOOST_CHECK_THROW(hires.list(empty_page), sc::UsageError);
  sc::HireQuery bogus;
  bogus.status = "hired";
  BOOST_CHECK_THROW(hires.list(bogus), sc::InvalidRequest);
}

BOOST_FIXTURE_TEST_CASE(hires_need_their_scopes_and_stay_in_their_municipality, HiringPlatform) {
  sc::Client api(lekeberg({"hiring:read", "hiring:write"}));
  const std::string start = iso(monday_ahead(10));
  const auto hire = sc::Hires(api, "1814").submit(home_care(4, start));

  // hiring:read reads; writing needs hiring:write.
  sc::Client reader(lekeberg({"hiring:read"}));
  sc::Hires read_only(reader, "1814");
  BOOST_TEST(read_only.get(hire.id).personnummer == hiring::test::nth_personnummer(4));
  BOOST_TEST(read_only.list().size() == 1U);
  try {
    read_only.submit(home_care(5, start));
    BOOST_FAIL("hiring:write is missing");
  } catch (const sc::Forbidden& e) {
    BOOST_TEST(e.status() == 403);
  }
  BOOST_CHECK_THROW(read_only.terminate(hire.id, start), sc::Forbidden);
  BOOST_TEST(read_only.get(hire.id).status == "submitted", "nothing changed");
  // hiring:write alone sees no unit (an API client sees every unit with hiring:read): the unit
  // of a valid form is as if it did not exist.
  sc::Client writer(lekeberg({"hiring:write"}));
  BOOST_CHECK_THROW(sc::Hires(writer, "1814").submit(home_care(5, start)), sc::NotFound);
  BOOST_CHECK_THROW(sc::Hires(writer, "1814").terminate(hire.id, start), sc::NotFound);
  sc::Client letters(lekeberg({"mailbox:send"}));
  BOOST_CHECK_THROW(sc::Hires(letters, "1814").list(), sc::Forbidden);
  BOOST_CHECK_THROW(sc::Hires(letters, "1814").lead_times(), sc::Forbidden);

  // Another member's hires: 404, as if there were none.
  BOOST_CHECK_THROW(sc::Hires(api, "1882").get(hire.id), sc::NotFound);
  BOOST_CHECK_THROW(sc::Hires(api, "1882").list(), sc::NotFound);
  BOOST_CHECK_THROW(sc::Hires(api, "1882").submit(home_care(6, start)), sc::NotFound);
}

BOOST_AUTO_TEST_SUITE_END()
