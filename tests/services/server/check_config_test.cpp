// The refusals `samverkan check-config` and `serve` share (server::bind_members): each fixture
// in config/bad is refused by both with exactly the diagnostics it announces on its second
// line, each with the file and line; serve creates nothing before refusing.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "samverkan/config/diagnostics.hpp"
#include "samverkan/server/cli.hpp"
#include "samverkan/server/platform.hpp"
#include "support/fixture_expectations.hpp"
#include "support/temp_dir.hpp"

namespace config = samverkan::config;
namespace fs = std::filesystem;
using namespace samverkan;

namespace {

fs::path fixtures() { return test::source_dir() / "tests/services/server/config/bad"; }

std::vector<fs::path> bad_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fixtures())) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// check-config's standard error as diagnostics: "file:line: message" a line, then a summary.
std::vector<config::Diagnostic> check_config(const fs::path& file, int& code) {
  std::ostringstream out, err;
  code = server::run_cli({"check-config", file.string()}, out, err);
  std::vector<config::Diagnostic> diagnostics;
  std::istringstream lines(err.str());
  const std::string prefix = file.string() + ":";
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) != 0) continue;
    const auto colon = line.find(": ", prefix.size());
    if (colon == std::string::npos) continue;
    diagnostics.push_back(config::Diagnostic{
        file.string(), std::stoi(line.substr(prefix.size(), colon - prefix.size())), line.substr(colon + 2)});
  }
  BOOST_TEST(err.str().find("samverkan check-config: the configuration is invalid (" +
                            std::to_string(diagnostics.size()) + " problem") != std::string::npos,
             err.str());
  return diagnostics;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check_config_test)

BOOST_AUTO_TEST_CASE(check_config_refuses_each_fixture_with_file_and_line) {
  const auto files = bad_files();
  BOOST_TEST(files.size() >= 6U);
  for (const auto& file : files) {
    BOOST_TEST_CONTEXT(file.filename().string()) {
      int code = 0;
      const auto diagnostics = check_config(file, code);
      BOOST_TEST(code == 1);
      test::check_announced_diagnostics(file, diagnostics);
    }
  }
}

BOOST_AUTO_TEST_CASE(serve_refuses_the_same_fixtures_before_creating_anything) {
  for (const auto& file : bad_files()) {
    BOOST_TEST_CONTEXT(file.filename().string()) {
      test::TempDir dir;
      std::ostringstream log_stream;
      log::Logger logger(log_stream);
      server::PlatformOptions options;
      options.config_file = file;
      options.data_dir = dir / "data";
      options.listen = "127.0.0.1:0";
      std::vector<config::Diagnostic> diagnostics;
      try {
        server::Platform::start(options, logger);
        BOOST_ERROR("serve accepted the file");
      } catch (const config::ConfigError& error) {
        diagnostics = error.diagnostics();
      }
      test::check_announced_diagnostics(file, diagnostics);
      BOOST_TEST(!fs::exists(dir / "data/samverkan.db"), "nothing is created before the configuration is valid");
    }
  }
}

BOOST_AUTO_TEST_CASE(a_fixture_with_its_files_provided_passes) {
  // The missing-file fixture differs from a valid file by its files only: provided, it passes,
  // so the refusal above is about the files and nothing else.
  test::TempDir dir;
  const fs::path file = dir.write("cooperation.xml", test::read_file(fixtures() / "missing_file.xml"));
  dir.write("no-such-ca.pem", "stand-in");
  fs::create_directories(dir / "secrets");
  dir.write("secrets/no-such.token", "stand-in");
  fs::create_directories(dir / "personec/no-such-export");
  std::ostringstream out, err;
  // The CA file is no PEM: now the connector refuses it, at its binding's line.
  BOOST_TEST(server::run_cli({"check-config", file.string()}, out, err) == 1);
  BOOST_TEST(err.str().find(file.string() + ":16: Ljusdal's IT service desk (servicedesk-rest): ") == 0U, err.str());
  const auto text = test::read_file(file);
  dir.write("cooperation.xml", std::string(text).replace(text.find("caFile=\"no-such-ca.pem\" "), 24, ""));
  std::ostringstream out2, err2;
  BOOST_TEST(server::run_cli({"check-config", file.string()}, out2, err2) == 0, err2.str());
  BOOST_TEST(out2.str().find("  2161 Ljusdal: hrSystem personec-csv, itServiceDesk servicedesk-rest, caseSystem "
                             "samverkan-diary (default)\n") != std::string::npos,
             out2.str());
}

BOOST_AUTO_TEST_SUITE_END()
