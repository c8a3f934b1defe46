// `samverkan mail send` and `samverkan mail bulk` through the real binary against the whole
// platform over HTTPS (its development certificate, an API client with mailbox:send): letters
// accepted once, resumed runs that send nothing twice (also after kill -9), bad CSV rows named
// by line before anything is sent, the summary of final states, and refused credentials.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <fstream>

#include "mailbox_test_data.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/server/platform_fixture.hpp"

namespace mt = samverkan::mailbox::test;
using namespace samverkan;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct CliFixture : test::PlatformFixture {
  std::string client_id, secret;

  CliFixture() {
    const auto aneby = ids::Kommunkod::parse("0604");
    const auto admin = security::Principal::staff("admin-0604", {{aneby, {security::Role::kAdministrator}}});
    tenancy::Context ctx(platform->database(), admin, aneby, SystemClock::instance(), &platform->audit_log());
    const auto created = platform->auth().clients().create(ctx, {"mailbox:send"});
    ctx.commit();
    client_id = created.client.id;
    secret = created.secret;
    dir.write("beslut.pdf", mt::minimal_pdf());
    dir.write("brev.txt", "Hej!\nHär kommer beslutet.\n");
  }

  std::string server_options() const {
    return " --server " + platform->url() + " --ca " + mt::quoted(platform->certificate_file()) + " --client-id " +
           client_id + " --municipality 0604";
  }

  std::pair<int, std::string> mail(const std::string& arguments, const std::string& with_secret = "use") const {
    const std::string env = "SAMVERKAN_CLIENT_SECRET=" + mt::quoted(with_secret == "use" ? secret : with_secret) + " ";
    return mt::run_command(env + mt::quoted(SAMVERKAN_BINARY) + " mail " + arguments);
  }

  std::pair<int, std::string> bulk(const std::filesystem::path& csv, const std::string& extra = " --no-wait") const {
    return mail("bulk " + mt::quoted(csv) + server_options() + extra);
  }

  long long count(const std::string& sql) {
    auto session = platform->database().acquire();
    long long n = 0;
    *session << sql, soci::into(n);
    return n;
  }

  // A CSV of n letters (';' separated, as Swedish spreadsheets write it).
  std::filesystem::path csv_of(std::size_t n, const std::string& name = "utskick.csv") {
    std::string text = "personnummer;subject;body;attachment;caseNumber;name;street;postalCode;city\n";
    for (std::size_t i = 0; i < n; ++i) {
      text += "19121212-1212;Beslut " + std::to_string(i) + ";\"Hej,\nbrev nummer " + std::to_string(i) +
              "\";beslut.pdf;KS 2026/" + std::to_string(i) + ";Tolvan Tolvansson;Storgatan 1;578 33;Aneby\n";
    }
    return dir.write(name, text);
  }

  void set_state(std::size_t csv_line, const std::string& status, const std::string& reason = {}) {
    auto session = platform->database().acquire();
    const std::string like = "csv-%-" + std::to_string(csv_line);
    const std::string batch = "0604-2026-11-22";
    const std::string operator_name = "Kivra";
    *session << "UPDATE mailbox_message SET status = :s, failure_reason = :r, print_batch = :b, operator_name = :o "
                "WHERE client_request_id LIKE :l",
        soci::use(status, "s"), soci::use(reason, "r"), soci::use(batch, "b"), soci::use(operator_name, "o"),
        soci::use(like, "l");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(bulk_cli_test, CliFixture)

BOOST_AUTO_TEST_CASE(send_accepts_a_letter_once) {
  const std::string args =
      "send" + server_options() + " --to 19121212-1212 --subject 'Beslut om bygglov' --body-file " +
      mt::quoted(dir / "brev.txt") + " --attach " + mt::quoted(dir / "beslut.pdf") + " --case-number 'KS 2026/7'";
  auto [status, output] = mail(args);
  BOOST_TEST_REQUIRE(status == 0, output);
  BOOST_TEST(contains(output, "accepted "), output);
  BOOST_TEST(contains(output, ": queued"), output);
  std::tie(status, output) = mail(args);
  BOOST_TEST(status == 0, output);
  BOOST_TEST(contains(output, "already accepted"), output);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 1, "the same command never sends twice");

  // --wait reports the final state (here set by hand: this platform has no delivery worker).
  auto session = platform->database().acquire();
  *session << "UPDATE mailbox_message SET status = 'paper', print_batch = '0604-2026-11-22'";
  std::tie(status, output) = mail(args + " --wait --poll-interval 10");
  BOOST_TEST(status == 0, output);
  BOOST_TEST(contains(output, "sent on paper (print batch 0604-2026-11-22)"), output);
}

BOOST_AUTO_TEST_CASE(send_refuses_bad_input_and_bad_credentials) {
  const std::string letter = " --to 19121212-1212 --subject S --body Hej";
  auto [status, output] = mail("send" + server_options() + letter, "");
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "SAMVERKAN_CLIENT_SECRET"), output);
  std::tie(status, output) = mail("send" + server_options() + letter, "wrong-secret");
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "refused the client credentials"), output);
  std::tie(status, output) = mail("send" + server_options() + " --to 19121212-1213 --subject S --body Hej");
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "personnummer"), output);
  std::tie(status, output) = mail("send" + server_options() + " --to 19121212-1212 --subject S");
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "--body"), output);
  std::tie(status, output) = mail("send --server " + platform->url() + letter);
  BOOST_TEST(status == 2, output);
  BOOST_TEST(contains(output, "missing --client-id, --municipality"), output);
  // Another municipality's path: the client is Aneby's.
  std::tie(status, output) =
      mail("send --server " + platform->url() + " --ca " + mt::quoted(platform->certificate_file()) + " --client-id " +
           client_id + " --municipality 0686" + letter);
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "404"), output);
  // Without --ca the development certificate is not trusted.
  std::tie(status, output) =
      mail("send --server " + platform->url() + " --client-id " + client_id + " --municipality 0604" + letter);
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "cannot reach"), output);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 0);
}

BOOST_AUTO_TEST_CASE(bulk_sends_in_batches_and_a_resumed_run_sends_nothing_twice) {
  const auto csv = csv_of(7);
  auto [status, output] = bulk(csv, " --no-wait --chunk 3");
  BOOST_TEST_REQUIRE(status == 0, output);
  BOOST_TEST(contains(output, "accepted 7 of 7 letters (7 new now"), output);
  BOOST_TEST(contains(output, "sent lines 2-6: 3 letters"), output);  // quoted bodies span two lines each
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 7);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_batch") == 3);
  const auto progress_file = dir / "utskick.csv.progress";
  BOOST_TEST_REQUIRE(std::filesystem::exists(progress_file));

  // As if the run had been killed after the first batch was accepted but before the others
  // were recorded: the rerun sends the rest again and the server replays them.
  std::ifstream in(progress_file);
  std::string kept, line;
  for (int i = 0; i < 5 && std::getline(in, line); ++i) kept += line + "\n";  // header, batch, 3 letters
  in.close();
  std::ofstream(progress_file, std::ios::trunc) << kept << "letter 14 ab";  // and a line cut short
  std::tie(status, output) = bulk(csv, " --no-wait --chunk 3");
  BOOST_TEST_REQUIRE(status == 0, output);
  BOOST_TEST(contains(output, "resuming: 3 of 7 letters were accepted before"), output);
  BOOST_TEST(contains(output, "(0 new now, 4 already accepted before, 3 recorded by an earlier run)"), output);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 7, "nothing sent twice");
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.send'") == 7);
  BOOST_TEST(count("SELECT COUNT(*) FROM job WHERE queue = 'mailbox.delivery'") == 7, "one delivery each");

  // A complete progress file: nothing is sent at all.
  const long long batches = count("SELECT COUNT(*) FROM mailbox_batch");
  std::tie(status, output) = bulk(csv, " --no-wait");
  BOOST_TEST(status == 0, output);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_batch") == batches);

  // The file changed after letters were sent: refused rather than sending them again.
  std::ofstream(csv, std::ios::app) << "19121212-1212;Ny;Text;;;;;;\n";
  std::tie(status, output) = bulk(csv, " --no-wait");
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "records 7 letters sent"), output);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 7);
}

BOOST_AUTO_TEST_CASE(bulk_killed_mid_run_then_rerun_sends_each_letter_once) {
  const auto csv = csv_of(40, "stor.csv");
  // kill -9 at some point of the run (wherever it is by then), then run again to the end.
  auto [status, output] = mt::run_command("SAMVERKAN_CLIENT_SECRET=" + mt::quoted(secret) + " timeout -s KILL 0.4 " +
                                          mt::quoted(SAMVERKAN_BINARY) + " mail bulk " + mt::quoted(csv) +
                                          server_options() + " --no-wait --chunk 1");
  BOOST_TEST_MESSAGE("first run: exit " << status << ", " << count("SELECT COUNT(*) FROM mailbox_message")
                                        << " letters accepted before the kill");
  std::tie(status, output) = bulk(csv, " --no-wait --chunk 1");
  BOOST_TEST_REQUIRE(status == 0, output);
  BOOST_TEST(contains(output, "accepted 40 of 40 letters"), output);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 40);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.send'") == 40);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.send.replayed'") <= 1,
             "at most the letter in flight at the kill is sent again, and the server replays it");
}

BOOST_AUTO_TEST_CASE(bulk_waits_for_final_states_and_prints_the_summary) {
  const auto csv = dir.write("tre.csv",
                             "personnummer,subject,body\n"
                             "19121212-1212,Ett,Hej\n"
                             "19121212-1212,Två,Hej\n"
                             "19121212-1212,Tre,Hej\n");
  auto [status, output] = bulk(csv);
  BOOST_TEST_REQUIRE(status == 0, output);
  set_state(2, "delivered");
  set_state(3, "paper");
  set_state(4, "failed", "no postal address for the paper route");
  std::tie(status, output) = bulk(csv, " --poll-interval 10");
  BOOST_TEST(status == 1, "a failed letter makes the run fail: " << output);
  BOOST_TEST(contains(output, "summary: 3 letters: 1 digital, 1 paper, 1 failed"), output);
  BOOST_TEST(contains(output, "failed: " + csv.string() + ":4 (csv-"), output);
  BOOST_TEST(contains(output, "no postal address for the paper route"), output);

  // Letters still queued when the wait ends: said so, non-zero.
  const auto more = dir.write("fler.csv", "personnummer,subject,body\n19121212-1212,Fyra,Hej\n");
  std::tie(status, output) = bulk(more, " --wait-timeout 0 --poll-interval 10");
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "1 still queued"), output);
  BOOST_TEST(contains(output, "run the same command again to keep waiting"), output);
}

BOOST_AUTO_TEST_CASE(bad_rows_are_named_by_line_and_nothing_is_sent) {
  dir.write("inte.pdf", "not a pdf");
  const auto csv = dir.write("fel.csv",
                             "personnummer,subject,body,attachment,name,street,postalCode,city\n"
                             "19121212-1212,Bra,\"en text\növer två rader\",beslut.pdf,,,,\n"
                             "19121212-1213,Fel nummer,Hej,,,,,\n"
                             "19121212-1212,,Hej,,,,,\n"
                             "19121212-1212,Ingen text,,,,,,\n"
                             "19121212-1212,Saknas,Hej,finns-inte.pdf,,,,\n"
                             "19121212-1212,Ingen pdf,Hej,inte.pdf,,,,\n"
                             "19121212-1212,Halv adress,Hej,,Tolvan,,,Aneby\n" +
                                 std::string("19121212-1212,") + std::string(256, 'x') + ",Hej,,,,,\n");
  auto [status, output] = bulk(csv);
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "7 bad rows, nothing was sent"), output);
  const std::string name = csv.string();
  BOOST_TEST(contains(output, name + ":4: personnummer"), output);
  BOOST_TEST(contains(output, name + ":5: subject: required"), output);
  BOOST_TEST(contains(output, name + ":6: body: required"), output);
  BOOST_TEST(contains(output, name + ":7: attachment: cannot read"), output);
  BOOST_TEST(contains(output, name + ":8: attachment: "), output);
  BOOST_TEST(contains(output, "is not a PDF"), output);
  BOOST_TEST(contains(output, name + ":9: postal address"), output);
  BOOST_TEST(contains(output, name + ":10: subject: at most 255"), output);
  BOOST_TEST(!contains(output, name + ":2:"), "the good row is not named");
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 0);
  BOOST_TEST(!std::filesystem::exists(dir / "fel.csv.progress"));

  std::tie(status, output) = bulk(dir.write("kolumn.csv", "personnummer,subject,text\n19121212-1212,S,T\n"));
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "kolumn.csv:1: unknown column 'text'"), output);
  // Without its header row, the first letter's row is not quoted back: it holds a personnummer.
  std::tie(status, output) = bulk(dir.write("rubrik.csv", "19121212-1212,S,T\n19121212-1212,S,T\n"));
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "rubrik.csv:1: unknown column 1 (is the header row missing?)"), output);
  BOOST_TEST(!contains(output, "121212"), output);
  std::tie(status, output) = bulk(dir.write("citat.csv", "personnummer,subject,body\n19121212-1212,\"S,T\n"));
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "citat.csv:2: a quoted field is not closed"), output);
  std::tie(status, output) = mail("bulk" + server_options());
  BOOST_TEST(status == 2, output);
  BOOST_TEST(contains(output, "personnummer"), "the usage names the CSV columns: " << output);
}

BOOST_AUTO_TEST_SUITE_END()
