// The SDK examples (examples/sdk/) as an integrator builds them: the build tree installed with
// `cmake --install` into a fresh prefix, the examples configured with find_package(samverkan
// COMPONENTS client) against it and built, then run against the whole platform over HTTPS with a
// real API client: submit_errand submits on behalf of a citizen (once per request id, the invalid
// field named) and reads the errand's status; sync_inbox copies the inbox to a folder and, run
// again, copies only what is new; register_case registers a case with a document and shows what
// the public register holds of it (no private person's name); wrong credentials exit 1 with the
// reason.
#include <boost/test/unit_test.hpp>

#include <cstdio>

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

  std::string environment(const std::string& with_secret) const {
    return "SAMVERKAN_SERVER=" + platform->url() + " SAMVERKAN_CLIENT_ID=" + client_id +
           " SAMVERKAN_CLIENT_SECRET=" + with_secret + " SAMVERKAN_CA_FILE=" + quoted(platform->certificate_file()) +
           " ";
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(sdk_examples_test)

BOOST_FIXTURE_TEST_CASE(the_examples_build_against_the_installed_package_and_run, Fixture) {
  // The build tree: SAMVERKAN_BINARY is <build>/services/server/samverkan.
  const fs::path build = fs::path(SAMVERKAN_BINARY).parent_path().parent_path().parent_path();
  const fs::path prefix = dir / "prefix", examples = dir / "examples";
  auto [status, output] = run("cmake --install " + quoted(build) + " --prefix " + quoted(prefix));
  BOOST_TEST_REQUIRE(status == 0, output);
  std::string configure = "cmake -S " + quoted(test::source_dir() / "examples/sdk") + " -B " + quoted(examples) +
                          " -DCMAKE_PREFIX_PATH=" + quoted(prefix) + " -DCMAKE_BUILD_TYPE=Release";
#ifdef __SANITIZE_ADDRESS__
  configure += " -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined";  // the installed library is instrumented
#endif
  std::tie(status, output) = run(configure);
  BOOST_TEST_REQUIRE(status == 0, output);
  std::tie(status, output) = run("cmake --build " + quoted(examples) + " -j 2");
  BOOST_TEST_REQUIRE(status == 0, output);

  // submit_errand: a submission, the same request id again, an invalid one.
  const std::string submit = environment(secret) + quoted(examples / "submit_errand") +
                             " 0686 felanmalan-gata-park 191212121212 fault-type=pothole 'address=Storgatan 1, Eksjö'";
  std::tie(status, output) = run(submit + " 'description=Ett hål vid skolan' --request-id ex-1 --follow 0");
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

BOOST_AUTO_TEST_SUITE_END()
