// The API contract test: every exchange the other tests had with the API (recorded by the
// tests' HTTPS client into SAMVERKAN_API_CONTRACT_LOG) must match the OpenAPI document the
// platform serves: a documented route, status and media type, and a JSON body that validates
// against its schema with no undocumented member (ajv, tests/contract/validate_exchanges.mjs).
// CTest runs this test last, as the cleanup of the api_contract fixture every platform test
// requires (tests/CMakeLists.txt); run alone it checks only its own exchange. The document is
// the one of a platform with every optional part configured (BankID: the citizens' login and
// signing minutes), so that it holds every operation some test drives.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "services/server/full_platform_fixture.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(api_contract_test)

BOOST_FIXTURE_TEST_CASE(every_recorded_exchange_matches_the_document, test::FullPlatformFixture) {
  const char* folder = std::getenv("SAMVERKAN_API_CONTRACT_LOG");
  BOOST_TEST_REQUIRE((folder != nullptr && *folder != '\0'),
                     "SAMVERKAN_API_CONTRACT_LOG is not set: run this test through CTest");
  const auto validator = test::source_dir() / "tests/contract/validate_exchanges.mjs";
  BOOST_TEST_REQUIRE(std::filesystem::exists(test::source_dir() / "tools/node/node_modules/ajv"),
                     "ajv is not installed: run scripts/install-deps.sh --test");
  const auto document = dir.write("openapi.json", https().get("/api/v1/openapi.json").body);
  const auto report = dir.path() / "contract.txt";
  const std::string command = "node '" + validator.string() + "' '" + document.string() + "' '" + folder +
                              "' --report '" + report.string() + "' > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  const auto text = std::filesystem::exists(report) ? test::read_file(report) : std::string("(no report)");
  BOOST_TEST_MESSAGE(text);
  BOOST_TEST(status == 0, "the API answered outside its document:\n" << text);
}

BOOST_AUTO_TEST_SUITE_END()
