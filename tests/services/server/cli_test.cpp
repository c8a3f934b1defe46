#include <boost/test/unit_test.hpp>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "samverkan/server/cli.hpp"
#include "support/example_copy.hpp"
#include "support/https_client.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

struct Run {
  int code;
  std::string out;
  std::string err;
};

Run cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = server::run_cli(args, out, err);
  return {code, out.str(), err.str()};
}

// The example cooperation with stand-ins for the files it names (support/example_copy.hpp).
const std::string& example() {
  static const test::TempDir dir;
  static const std::string file = test::runnable_example(dir).string();
  return file;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_test)

BOOST_AUTO_TEST_CASE(version_and_help) {
  const auto version = cli({"version"});
  BOOST_TEST(version.code == 0);
  BOOST_TEST(version.out == "samverkan " SAMVERKAN_VERSION_FOR_TESTS "\n");
  const auto help = cli({"--help"});
  BOOST_TEST(help.code == 0);
  for (const char* command : {"serve", "migrate", "check-config", "version"}) {
    BOOST_TEST(help.out.find(command) != std::string::npos);
  }
  const auto serve_help = cli({"serve", "--help"});
  BOOST_TEST(serve_help.code == 0);
  BOOST_TEST(serve_help.out.find("--listen") != std::string::npos);
  BOOST_TEST(serve_help.out.find("--db") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_usage_exits_2_with_the_reason) {
  const auto none = cli({});
  BOOST_TEST(none.code == 2);
  BOOST_TEST(none.err.find("usage: samverkan COMMAND") != std::string::npos);
  const auto unknown = cli({"frobnicate"});
  BOOST_TEST(unknown.code == 2);
  BOOST_TEST(unknown.err.find("unknown command 'frobnicate'") != std::string::npos);
  const auto missing = cli({"migrate"});
  BOOST_TEST(missing.code == 2);
  BOOST_TEST(missing.err.find("--db") != std::string::npos);
  const auto extra = cli({"serve", "--no-such-flag"});
  BOOST_TEST(extra.code == 2);
  BOOST_TEST(extra.err.find("no-such-flag") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(check_config_good_and_bad) {
  const auto good = cli({"check-config", example()});
  BOOST_TEST(good.code == 0, good.err);
  BOOST_TEST(good.out.find("valid; Höglandets IT with 5 members: 0604") != std::string::npos);
  // Each member's products, the platform's own diary where it binds none.
  BOOST_TEST(good.out.find("\n  0604 Aneby: itServiceDesk servicedesk-rest, permissionSystem permissions-rest, "
                           "printVendor print-rest, caseSystem samverkan-diary (default)\n") != std::string::npos,
             good.out);
  BOOST_TEST(
      good.out.find("\n  0682 Nässjö: propertyAccess access-card-folder, itServiceDesk servicedesk-rest, "
                    "permissionSystem permissions-rest, printVendor print-folder, caseSystem public360-rest\n") !=
          std::string::npos,
      good.out);

  // The example names token files and keys that only a deployment (or scripts/run.sh)
  // provides: without them it is refused, each with its line.
  test::TempDir bare;
  const auto source =
      bare.write("cooperation.xml", test::read_file(test::source_dir() / "examples/hoglandet/cooperation.xml"));
  const auto unprovisioned = cli({"check-config", source.string()});
  BOOST_TEST(unprovisioned.code == 1);
  // The first file it names is Aneby's print vendor token; libxml2 gives an element the line
  // where its start tag ends.
  const std::string text = test::read_file(source);
  const auto tag_end = text.find('>', text.find("tokenFile=\"secrets/aneby-brevservice.token\""));
  BOOST_TEST_REQUIRE(tag_end != std::string::npos);
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(tag_end), '\n');
  BOOST_TEST(unprovisioned.err.find(source.string() + ":" + std::to_string(line) + ": restApi tokenFile " +
                                    (bare / "secrets").string()) == 0,
             unprovisioned.err);
  BOOST_TEST(unprovisioned.err.find("/secrets/aneby-brevservice.token does not exist\n") != std::string::npos,
             unprovisioned.err);

  test::TempDir dir;
  const auto bad = dir.write("bad.xml", "<?xml version=\"1.0\"?>\n<cooperation>\n<unclosed>\n</cooperation>\n");
  const auto result = cli({"check-config", bad.string()});
  BOOST_TEST(result.code == 1);
  BOOST_TEST(result.err.find(bad.string() + ":") == 0, "errors start with file:line");
  BOOST_TEST(result.err.find("the configuration is invalid") != std::string::npos);

  const auto missing = cli({"check-config", (dir / "missing.xml").string()});
  BOOST_TEST(missing.code == 1);
}

BOOST_AUTO_TEST_CASE(config_reference_prints_the_schemas_or_the_reason) {
  const auto printed = cli({"config", "reference", "--xsd-dir", (test::source_dir() / "xsd").string()});
  BOOST_TEST(printed.code == 0, printed.err);
  for (const char* part : {"## cooperation.xsd", "## adapters.xsd", "## eservice.xsd", "## hiring.xsd"}) {
    BOOST_TEST(printed.out.find(part) != std::string::npos, part);
  }
  test::TempDir empty;
  const auto missing = cli({"config", "reference", "--xsd-dir", (empty / "none").string()});
  BOOST_TEST(missing.code == 1);
  BOOST_TEST(missing.err.find("samverkan config: ") == 0, missing.err);
  BOOST_TEST(missing.err.find((empty / "none").string()) != std::string::npos, missing.err);
  const auto unknown = cli({"config", "frobnicate"});
  BOOST_TEST(unknown.code == 2);
}

BOOST_AUTO_TEST_CASE(migrate_is_idempotent_and_reports) {
  test::TempDir dir;
  const std::string url = "sqlite:" + (dir / "db.sqlite").string();
  const auto first = cli({"migrate", "--db", url});
  BOOST_TEST(first.code == 0);
  BOOST_TEST(first.out.find("applied 1") != std::string::npos);
  const auto second = cli({"migrate", "--db", url});
  BOOST_TEST(second.code == 0);
  BOOST_TEST(second.out.find("nothing to do") != std::string::npos);
  const auto bad = cli({"migrate", "--db", "mysql://x"});
  BOOST_TEST(bad.code == 1);
  BOOST_TEST(bad.err.find("must start with 'sqlite:' or 'postgresql://'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(id_check_prints_kind_or_reason) {
  const auto person = cli({"id", "check", "121212+1212", "--reference-date", "2026-11-22"});
  BOOST_TEST(person.code == 0);
  BOOST_TEST(person.out.find("kind: personnummer\nnormalised: 191212121212\nbirth date: 1912-12-12\n") == 0);
  const auto young = cli({"id", "check", "121212-1212", "--reference-date", "2026-11-22"});
  BOOST_TEST(young.out.find("normalised: 201212121212") != std::string::npos);
  const auto org = cli({"id", "check", "212000-0142"});
  BOOST_TEST(org.code == 0);
  BOOST_TEST(org.out.find("kind: organisationsnummer") == 0);
  const auto bad = cli({"id", "check", "121212-1213", "--reference-date", "2026-11-22"});
  BOOST_TEST(bad.code == 1);
  BOOST_TEST(bad.err.find("check digit is 3, expected 2") != std::string::npos);
  BOOST_TEST(cli({"id", "verify", "x"}).code == 2);
  BOOST_TEST(cli({"id", "check", "121212-1212", "--reference-date", "2026-02-30"}).code == 1);
}

BOOST_AUTO_TEST_CASE(serve_prints_its_url_and_stops_gracefully_on_sigterm) {
  test::TempDir dir;
  Poco::Pipe out_pipe, err_pipe;
  Poco::Process::Args args = {"serve",    "--config",   example(), "--data", (dir / "data").string(),
                              "--listen", "127.0.0.1:0"};
  auto handle = Poco::Process::launch(SAMVERKAN_BINARY, args, nullptr, &out_pipe, &err_pipe);
  Poco::PipeInputStream out(out_pipe);
  std::string line;
  std::smatch match;
  const std::regex url_pattern("https://localhost:([0-9]+)");
  while (std::getline(out, line) && !std::regex_search(line, match, url_pattern)) {
  }
  BOOST_REQUIRE_MESSAGE(!match.empty(), "serve printed no URL");
  const auto port = static_cast<std::uint16_t>(std::stoi(match[1]));
  test::HttpsClient client(dir / "data/tls/dev-cert.pem", port);
  BOOST_TEST(client.get("/health").status == 200);

  Poco::Process::requestTermination(handle.id());  // SIGINT
  BOOST_TEST(handle.wait() == 0, "a signal ends serve cleanly with exit 0");
  Poco::PipeInputStream err(err_pipe);
  std::string logged((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  BOOST_TEST(logged.find("\"msg\":\"shutting down\"") != std::string::npos);
  BOOST_TEST(logged.find("\"msg\":\"stopped\"") != std::string::npos);
  BOOST_CHECK_THROW(client.get("/health"), Poco::Exception);
}

BOOST_AUTO_TEST_CASE(serve_on_a_busy_port_fails_loudly) {
  test::TempDir dir;
  Poco::Pipe out_pipe, err_pipe;
  Poco::Process::Args args = {"serve",    "--config",   example(), "--data", (dir / "data").string(),
                              "--listen", "127.0.0.1:0"};
  auto first = Poco::Process::launch(SAMVERKAN_BINARY, args, nullptr, &out_pipe, &err_pipe);
  Poco::PipeInputStream out(out_pipe);
  std::string line, port;
  std::smatch match;
  const std::regex url_pattern("https://localhost:([0-9]+)");
  while (std::getline(out, line)) {
    if (std::regex_search(line, match, url_pattern)) {
      port = match[1];
      break;
    }
  }
  BOOST_REQUIRE(!port.empty());
  const auto second =
      cli({"serve", "--config", example(), "--data", (dir / "data2").string(), "--listen", "127.0.0.1:" + port});
  BOOST_TEST(second.code == 1);
  BOOST_TEST(second.err.find("cannot listen on 127.0.0.1:" + port) != std::string::npos);
  Poco::Process::requestTermination(first.id());
  BOOST_TEST(first.wait() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
