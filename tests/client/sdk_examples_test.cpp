// The SDK examples (examples/sdk/) as an integrator builds them: the build tree installed with
// `cmake --install` into a fresh prefix, the examples configured with find_package(samverkan
// COMPONENTS client) against it and built, then run against the whole platform over HTTPS with a
// real API client: submit_errand submits on behalf of a citizen (once per request id, the invalid
// field named) and reads the errand's status; sync_inbox copies the inbox to a folder and, run
// again, copies only what is new; register_case registers a case with a document and shows what
// the public register holds of it (no private person's name); wrong credentials exit 1 with the
// reason; bulk_mailing sends a CSV in batches with a progress line each, prints every letter's
// outcome, sends nothing new when run again, and names a line changed since by its line.
// The examples are installed and built once per run of the test executable.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <cstdio>
#include <fstream>

#include "client/published_eservice.hpp"
#include "samverkan/tenancy/context.hpp"

namespace fs = std::filesystem;
using namespace samverkan;

namespace {

const auto kEksjo = ids::Kommunkod::parse("0686");

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

// Runs a shell command; (exit status, stdout and stderr).
std::pair<int, std::string> run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  BOOST_TEST_REQUIRE(pipe != nullptr);
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The examples as an integrator builds them: the build tree installed into a fresh prefix, the
// examples configured with find_package(samverkan COMPONENTS client) against it and built. Once
// per run of the executable (it takes a while); the folder goes when the executable ends.
const fs::path& built_examples() {
  static const test::TempDir folder;
  static const fs::path examples = [] {
    // The build tree: SAMVERKAN_BINARY is <build>/services/server/samverkan.
    const fs::path build = fs::path(SAMVERKAN_BINARY).parent_path().parent_path().parent_path();
    const fs::path prefix = folder / "prefix", out = folder / "examples";
    auto [status, output] = run("cmake --install " + quoted(build) + " --prefix " + quoted(prefix));
    BOOST_TEST_REQUIRE(status == 0, output);
    std::string configure = "cmake -S " + quoted(test::source_dir() / "examples/sdk") + " -B " + quoted(out) +
                            " -DCMAKE_PREFIX_PATH=" + quoted(prefix) + " -DCMAKE_BUILD_TYPE=Release";
#ifdef __SANITIZE_ADDRESS__
    configure += " -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined";  // the installed library is instrumented
#endif
    std::tie(status, output) = run(configure);
    BOOST_TEST_REQUIRE(status == 0, output);
    std::tie(status, output) = run("cmake --build " + quoted(out) + " -j 2");
    BOOST_TEST_REQUIRE(status == 0, output);
    return out;
  }();
  return examples;
}

struct Fixture : test::PlatformFixture {
  std::string client_id, secret;

  Fixture() {
    test::publish_example_eservice(*platform, kEksjo);
    const auto admin = security::Principal::staff("admin", {{kEksjo, {security::Role::kAdministrator}}});
    tenancy::Context create(platform->database(), admin, kEksjo, SystemClock::instance(), &platform->audit_log());
    const auto created = platform->auth().clients().create(create, {"eservices:submit", "errands:read"});
    create.commit();
    client_id = created.client.id;
    secret = created.secret;
  }

  std::string environment(const std::string& with_secret) const { return environment_of(client_id, with_secret); }

  std::string environment_of(const std::string& id, const std::string& with_secret) const {
    return "SAMVERKAN_SERVER=" + platform->url() + " SAMVERKAN_CLIENT_ID=" + id +
           " SAMVERKAN_CLIENT_SECRET=" + with_secret + " SAMVERKAN_CA_FILE=" + quoted(platform->certificate_file()) +
           " ";
  }

  long long count(const std::string& sql) {
    auto session = platform->database().acquire();
    long long n = 0;
    *session << sql, soci::into(n);
    return n;
  }

  // A letter's final state as delivery would set it (this platform has no Mina meddelanden: its
  // letters stay queued), by its clientRequestId: the operator's name (delivered), the print
  // batch (paper) or the reason (failed).
  void set_state(const std::string& client_request_id, const std::string& status, const std::string& detail) {
    auto session = platform->database().acquire();
    if (status == "delivered") {
      *session << "UPDATE mailbox_message SET status = 'delivered', operator_id = '165560269986', operator_name = :d, "
                  "trans_id = 'trans-1' WHERE client_request_id = :id",
          soci::use(detail, "d"), soci::use(client_request_id, "id");
    } else if (status == "paper") {
      *session << "UPDATE mailbox_message SET status = 'paper', print_batch = :d WHERE client_request_id = :id",
          soci::use(detail, "d"), soci::use(client_request_id, "id");
    } else {
      *session << "UPDATE mailbox_message SET status = 'failed', failure_reason = :d WHERE client_request_id = :id",
          soci::use(detail, "d"), soci::use(client_request_id, "id");
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sdk_examples_test)

BOOST_FIXTURE_TEST_CASE(the_examples_build_against_the_installed_package_and_run, Fixture) {
  const fs::path& examples = built_examples();

  // submit_errand: a submission, the same request id again, an invalid one.
  const std::string submit = environment(secret) + quoted(examples / "submit_errand") +
                             " 0686 felanmalan-gata-park 191212121212 fault-type=pothole 'address=Storgatan 1, Eksjö'";
  auto [status, output] = run(submit + " 'description=Ett hål vid skolan' --request-id ex-1 --follow 0");
  BOOST_TEST_REQUIRE(status == 0, output);
  BOOST_TEST(contains(output, "submitted: ET-"), output);
  BOOST_TEST(contains(output, "status: received"), output);
  const auto at = output.find("ET-");
  const std::string reference = output.substr(at, output.find(' ', at) - at);
  std::tie(status, output) = run(submit + " 'description=Ett hål vid skolan' --request-id ex-1");
  BOOST_TEST(status == 0, output);
  BOOST_TEST(contains(output, "already submitted: " + reference), output);
  std::tie(status, output) = run(environment(secret) + quoted(examples / "submit_errand") +
                                 " 0686 felanmalan-gata-park 191212121212 fault-type=pothole description=Hål");
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "address: "), output);

  // sync_inbox: everything once, then only what is new.
  const std::string sync = environment(secret) + quoted(examples / "sync_inbox") + " 0686 " +
                           quoted(dir / "synced.txt") + " " + quoted(dir / "out") + " --page 1";
  std::tie(status, output) = run(sync);
  BOOST_TEST_REQUIRE(status == 0, output);
  BOOST_TEST(contains(output, "inbox: 1 errands, 1 copied now, 0 copied before"), output);
  BOOST_TEST(contains(test::read_file(dir / "out" / (reference + ".json")), "Ett hål vid skolan"));
  std::tie(status, output) = run(submit + " 'description=Ett hål vid torget' --request-id ex-2");
  BOOST_TEST_REQUIRE(status == 0, output);
  std::tie(status, output) = run(sync);
  BOOST_TEST(status == 0, output);
  BOOST_TEST(contains(output, "inbox: 2 errands, 1 copied now, 1 copied before"), output);
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir / "out")) ++files;
  BOOST_TEST(files == 2);

  // register_case: a case with a document in Aneby's diary, then what the public register shows.
  const auto aneby = ids::Kommunkod::parse("0604");
  const auto admin = security::Principal::staff("admin", {{aneby, {security::Role::kAdministrator}}});
  tenancy::Context create(platform->database(), admin, aneby, SystemClock::instance(), &platform->audit_log());
  const auto registrar = platform->auth().clients().create(create, {"cases:write", "cases:read"});
  create.commit();
  std::ofstream(dir / "ansokan.pdf") << "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
  std::tie(status, output) =
      run("SAMVERKAN_SERVER=" + platform->url() + " SAMVERKAN_CLIENT_ID=" + registrar.client.id +
          " SAMVERKAN_CLIENT_SECRET=" + registrar.secret +
          " SAMVERKAN_CA_FILE=" + quoted(platform->certificate_file()) + " " + quoted(examples / "register_case") +
          " 0604 KS 'Bygglov för carport' bygglov " + quoted(dir / "ansokan.pdf") +
          " --party 'person:19121212-1212:Tolvan Tolvansson:sökande' --party 'organisation:556677-8899:Byggbolaget "
          "AB:ombud'");
  BOOST_TEST_REQUIRE(status == 0, output);
  BOOST_TEST(contains(output, "registered: KS "), output);
  BOOST_TEST(contains(output, "document 1 (45 bytes"), output);
  BOOST_TEST(contains(output, "public register: KS "), output);
  BOOST_TEST(contains(output, "1 document(s)"), output);
  BOOST_TEST(contains(output, "party: Byggbolaget AB (ombud)"), output);
  BOOST_TEST(!contains(output, "Tolvan"), "a private person's name is not public: " << output);

  // Wrong credentials: exit 1, the reason said.
  std::tie(status, output) = run(environment("wrong") + quoted(examples / "sync_inbox") + " 0686 " +
                                 quoted(dir / "other.txt") + " " + quoted(dir / "other"));
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "refused the client credentials"), output);
}

BOOST_FIXTURE_TEST_CASE(bulk_mailing_sends_a_csv_once_with_progress_and_prints_each_outcome, Fixture) {
  const fs::path& examples = built_examples();
  const auto aneby = ids::Kommunkod::parse("0604");
  const auto admin = security::Principal::staff("admin-0604", {{aneby, {security::Role::kAdministrator}}});
  tenancy::Context create(platform->database(), admin, aneby, SystemClock::instance(), &platform->audit_log());
  const auto sender = platform->auth().clients().create(create, {"mailbox:send"});
  create.commit();
  const std::string header = "personnummer,subject,body\n";
  const std::string first = "19121212-1212,Beslut om bygglov,Hej! Ditt bygglov är beviljat, beslutet bifogas.\n";
  const std::string second = "19810105-2382,Kallelse,Välkommen till mötet den 3 december.\n";
  const std::string third = "19811228-9874,Påminnelse om avgift,Avgiften förfaller den 30 november.\n";
  const auto csv = dir.write("utskick.csv", header + first + second + third);
  const std::string command = environment_of(sender.client.id, sender.secret) + quoted(examples / "bulk_mailing") +
                              " 0604 avgift-2026-11 " + quoted(csv) + " --batch 2";
  const std::string at = csv.string() + ":";

  // Two batches (2 letters, then 1), a progress line after each; the letters as they are now.
  auto [status, output] = run(command + " --wait 0");
  BOOST_TEST(status == 3, "letters still queued: " << output);
  BOOST_TEST(contains(output, "sent 2/3 letters: batch "), output);
  BOOST_TEST(contains(output, "(2 new, 0 sent before)"), output);
  BOOST_TEST(contains(output, "sent 3/3 letters: batch "), output);
  BOOST_TEST(contains(output, "(1 new, 0 sent before)"), output);
  BOOST_TEST(output.find("sent 2/3") < output.find("sent 3/3"), output);
  BOOST_TEST(contains(output, at + "2: queued"), output);
  BOOST_TEST(contains(output, "3 letters: 0 delivered, 0 on paper, 0 failed, 3 still queued"), output);
  BOOST_TEST(contains(output, "run the same command again later"), output);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 3);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_batch") == 2);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message WHERE client_request_id = 'avgift-2026-11-3'") == 1,
             "the clientRequestId is the mailing's and the line's");

  set_state("avgift-2026-11-2", "delivered", "Kivra");
  set_state("avgift-2026-11-3", "paper", "0604-2026-11-22");
  set_state("avgift-2026-11-4", "failed", "no postal address for the paper route");

  // Again: the same batches answered as replayed, nothing new; each letter's outcome, and the
  // failed one fails the run.
  std::tie(status, output) = run(command);
  BOOST_TEST(status == 1, "a letter failed: " << output);
  BOOST_TEST(contains(output, "sent 2/3 letters: batch "), output);
  BOOST_TEST(contains(output, "(0 new, 2 sent before)"), output);
  BOOST_TEST(contains(output, "sent 3/3 letters: batch "), output);
  BOOST_TEST(contains(output, "(0 new, 1 sent before)"), output);
  BOOST_TEST(contains(output, at + "2: delivered (Kivra, TransId trans-1)"), output);
  BOOST_TEST(contains(output, at + "3: paper (print batch 0604-2026-11-22)"), output);
  BOOST_TEST(contains(output, at + "4: failed: no postal address for the paper route"), output);
  BOOST_TEST(contains(output, "3 letters: 1 delivered, 1 on paper, 1 failed, 0 still queued"), output);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 3, "nothing sent twice");
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.send'") == 3);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.send.replayed'") == 3);
  BOOST_TEST(count("SELECT COUNT(*) FROM job WHERE queue = 'mailbox.delivery'") == 3, "one delivery each");

  // The last line changed since it was sent: its batch (the second) is refused and the letter
  // named by its line; the first batch is answered as before.
  dir.write("utskick.csv", header + first + second + "19811228-9874,Påminnelse om avgift,Ny text.\n");
  std::tie(status, output) = run(command);
  BOOST_TEST(status == 1, output);
  BOOST_TEST(contains(output, "sent 2/3 letters: batch "), output);
  BOOST_TEST(!contains(output, "sent 3/3"), output);
  BOOST_TEST(contains(output, "a batch was refused"), output);
  BOOST_TEST(contains(output, "(409"), output);
  BOOST_TEST(contains(output, at + "4: "), output);
  BOOST_TEST(contains(output, "avgift-2026-11-4"), output);
  BOOST_TEST(contains(output, "2 of 3 letters were accepted before"), output);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 3);
}

BOOST_AUTO_TEST_SUITE_END()
