// The committee secretary's staff pages in a real headless Chromium (Debian's /usr/bin/chromium
// driven by playwright-core from tools/node) with axe-core on every page, against the whole
// platform with BankID bound to the simulator in this process: tests/e2e/secretary.e2e.mjs runs
// the meeting from the board's members to the posted notice. The secretary of Eksjö adds the
// board's members with their personnummer, creates the meeting, takes the prepared case onto the
// agenda, records attendance with a substitute serving, opens the minutes with two adjusters
// (refused first without any), writes the paragraph with a motion, a vote and the decision and
// previews the minutes; then the chair and the two adjusters each log in and sign with BankID on
// the signing page (the simulator signs as the person whose phone it is), and the secretary sees
// the minutes adjusted and the notice on the notice board. Needs scripts/install-deps.sh --test.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <regex>

#include "bankid_simulator/bankid_simulator.hpp"
#include "bankid_simulator/test_pki.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "services/server/platform_fixture.hpp"
#include "support/e2e_script.hpp"

using namespace samverkan;

namespace {

const auto kEksjo = ids::Kommunkod::parse("0686");

struct SecretaryE2eFixture {
  test::TempDir dir;
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  bankid_simulator::TestPki pki = bankid_simulator::make_test_pki(dir / "pki");
  std::unique_ptr<bankid_simulator::Simulator> bankid;
  // Declared last, so destroyed first.
  std::unique_ptr<server::Platform> platform;

  SecretaryE2eFixture() {
    bankid_simulator::SimulatorOptions bankid_options;
    bankid_options.certificate_file = pki.server.certificate;
    bankid_options.private_key_file = pki.server.private_key;
    bankid_options.client_ca_file = pki.ca_certificate;
    bankid_options.complete_after = std::chrono::seconds(2);
    bankid = std::make_unique<bankid_simulator::Simulator>(bankid_options, SystemClock::instance());
    bankid->start();
    server::PlatformOptions options;
    options.config_file = test::runnable_example(dir);
    options.data_dir = dir / "data";
    options.listen = "127.0.0.1:0";
    bankid::ClientOptions client;
    client.base_url = bankid->base_url();
    client.client_certificate_file = pki.relying_party.certificate;
    client.client_private_key_file = pki.relying_party.private_key;
    client.server_ca_file = pki.ca_certificate;
    options.bankid = client;
    platform = server::Platform::start(options, logger);
  }

  int count(const std::string& action) {
    auto session = platform->database().acquire();
    int n = 0;
    *session << "SELECT COUNT(*) FROM audit_entry WHERE municipality = '0686' AND action = :a AND outcome = 'success'",
        soci::use(action), soci::into(n);
    return n;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(secretary_e2e_test)

BOOST_FIXTURE_TEST_CASE(a_secretary_runs_a_meeting_to_the_posted_notice_with_bankid_adjusters_in_chromium,
                        SecretaryE2eFixture) {
  BOOST_TEST_REQUIRE(test::browser_tools_present(), "run scripts/install-deps.sh --test (chromium, tools/node)");
  const std::string password = "en lång mening som lösenord för sekreteraren";
  const std::string sara = test::enrolled_staff_user(*platform, kEksjo, "sara.sekreterare", "Sara Sekreterare",
                                                     security::Role::kCommitteeSecretary, password);
  // The chair and the two adjusters: board members who sign in to the staff web, each with
  // the personnummer their BankID carries.
  struct Signer {
    std::string username;
    std::string personnummer;
    std::string secret;
  };
  std::vector<Signer> signers{
      {"anna", "198507099805", {}}, {"bertil", "197504028015", {}}, {"cecilia", "196803141230", {}}};
  for (auto& signer : signers) {
    signer.secret = test::enrolled_staff_user(*platform, kEksjo, signer.username, signer.username,
                                              security::Role::kCommitteeMember, password);
  }

  // A case of KS prepared for decision, as the registrar leaves it.
  const auto boards = casehandling::BoardDirectory::from_cooperation(platform->cooperation());
  casehandling::Diary diary(boards);
  casehandling::CaseService cases(diary, platform->keyring());
  const auto registrar = security::Principal::staff("rut", {{kEksjo, {security::Role::kRegistrar}}});
  std::string number;
  {
    tenancy::Context ctx(platform->database(), registrar, kEksjo, SystemClock::instance(), &platform->audit_log());
    casehandling::NewCase input;
    input.diary = "KS";
    input.title = "Medborgarförslag om fler parkbänkar";
    input.case_type = "medborgarförslag";
    const auto record = cases.register_case(ctx, input);
    cases.change_status(ctx, record.number, casehandling::CaseStatus::kPrepared);
    ctx.commit();
    number = record.number.str();
  }
  const std::string today = calendar::format_iso_date(calendar::swedish_date(SystemClock::instance().now()));

  // The secretary: members, meeting, agenda, attendance, minutes, paragraph, preview.
  const auto meeting = test::run_e2e_script(
      "secretary.e2e.mjs", {"secretary", platform->url(), "sara.sekreterare", password, sara, today, number},
      dir / "secretary.log");
  BOOST_TEST_MESSAGE(meeting.output);
  BOOST_TEST_REQUIRE(meeting.status == 0, meeting.output);
  std::smatch found;
  BOOST_TEST_REQUIRE(std::regex_search(meeting.output, found, std::regex("minutes=(/staff/0686/[a-z/0-9]+)")),
                     meeting.output);
  const std::string minutes = found[1];

  // Each signer signs with BankID on the page; the simulator signs as the person holding it.
  for (const auto& signer : signers) {
    bankid->set_default_user(ids::Personnummer::parse_any(signer.personnummer));
    const auto signed_run = test::run_e2e_script(
        "secretary.e2e.mjs", {"sign", platform->url(), signer.username, password, signer.secret, minutes},
        dir / ("sign-" + signer.username + ".log"));
    BOOST_TEST_MESSAGE(signed_run.output);
    BOOST_TEST_REQUIRE(signed_run.status == 0, signed_run.output);
    BOOST_TEST(signed_run.output.find("axe found no WCAG 2.1 A/AA violations") != std::string::npos, signed_run.output);
  }

  // The secretary sees the minutes adjusted and the notice posted.
  const auto notice = test::run_e2e_script("secretary.e2e.mjs",
                                           {"notice", platform->url(), "sara.sekreterare", password, sara, minutes},
                                           dir / "notice.log");
  BOOST_TEST_MESSAGE(notice.output);
  BOOST_TEST(notice.status == 0, notice.output);
  BOOST_TEST(meeting.output.find("axe found no WCAG 2.1 A/AA violations") != std::string::npos, meeting.output);
  BOOST_TEST(notice.output.find("axe found no WCAG 2.1 A/AA violations") != std::string::npos, notice.output);

  BOOST_TEST(count("meeting.create") == 1);
  BOOST_TEST(count("minutes.sign") == 3);
  BOOST_TEST(count("minutes.view") >= 5);
  BOOST_TEST(count("board.members.view") >= 1);
  BOOST_TEST(count("meeting.view") >= 1);
  BOOST_TEST(count("paragraph.view") >= 1);
  auto session = platform->database().acquire();
  int posted = 0;
  *session << "SELECT COUNT(*) FROM notice WHERE municipality = '0686' AND status = 'posted'", soci::into(posted);
  BOOST_TEST(posted == 1);
}

BOOST_AUTO_TEST_SUITE_END()
