#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "samverkan/core/error.hpp"
#include "services/server/platform_fixture.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(health_test)

BOOST_FIXTURE_TEST_CASE(health_is_ok_over_https_with_the_embedded_database, test::PlatformFixture) {
  const auto r = client().get("/health");
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.content_type == "application/json");
  BOOST_TEST(r.body == "{\"status\":\"ok\",\"database\":\"ok\",\"version\":\"" SAMVERKAN_VERSION_FOR_TESTS "\"}");
  BOOST_TEST(std::filesystem::exists(dir / "data/samverkan.db"), "the SQLite file is created in the data folder");
  BOOST_TEST(std::filesystem::exists(dir / "data/tls/dev-cert.pem"));
  BOOST_TEST(platform->url().find("https://localhost:") == 0);
}

BOOST_FIXTURE_TEST_CASE(members_are_stored_from_the_cooperation_file, test::PlatformFixture) {
  auto session = platform->database().acquire();
  int count = 0;
  *session << "SELECT COUNT(*) FROM municipality", soci::into(count);
  BOOST_TEST(count == 5);
  std::string name;
  *session << "SELECT name FROM municipality WHERE code = '0604'", soci::into(name);
  BOOST_TEST(name.find("Aneby") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(every_member_s_adapters_are_registered, test::PlatformFixture) {
  const auto& registry = platform->adapters();
  using adapters::AdapterKind;
  BOOST_TEST(registry.implementation_name(ids::Kommunkod::parse("0686"), AdapterKind::kHrSystem) ==
             "0686.hr-system.personec-csv");
  BOOST_TEST(registry.implementation_name(ids::Kommunkod::parse("0682"), AdapterKind::kCaseSystem) ==
             "0682.case-system.public360-rest");
  BOOST_TEST(registry.implementation_name(ids::Kommunkod::parse("0604"), AdapterKind::kPrintVendor) ==
             "0604.print-vendor.print-rest");
  // A member that binds no diary has the platform's own.
  BOOST_TEST(registry.implementation_name(ids::Kommunkod::parse("0604"), AdapterKind::kCaseSystem) ==
             "0604.case-system.samverkan-diary");
  BOOST_CHECK_THROW(registry.hr_system(ids::Kommunkod::parse("0604")), NotFound);  // Aneby has no HR adapter
  BOOST_TEST(registry.frozen());
}

BOOST_AUTO_TEST_CASE(restart_reuses_database_and_certificate) {
  test::TempDir dir;
  std::ostringstream log_stream;
  log::Logger logger(log_stream);
  server::PlatformOptions options;
  options.config_file = test::runnable_example(dir);
  options.data_dir = dir / "data";
  options.listen = "127.0.0.1:0";
  server::Platform::start(options, logger)->stop();
  const auto certificate = test::read_file(dir / "data/tls/dev-cert.pem");
  auto second = server::Platform::start(options, logger);
  BOOST_TEST(test::read_file(dir / "data/tls/dev-cert.pem") == certificate);
  BOOST_TEST(test::HttpsClient(second->certificate_file(), second->port()).get("/health").status == 200);
}

BOOST_AUTO_TEST_CASE(a_bad_config_stops_start_up) {
  test::TempDir dir;
  std::ostringstream log_stream;
  log::Logger logger(log_stream);
  server::PlatformOptions options;
  options.config_file = dir.write("bad.xml", "<cooperation/>");
  options.data_dir = dir / "data";
  options.listen = "127.0.0.1:0";
  BOOST_CHECK_THROW(server::Platform::start(options, logger), config::ConfigError);
  BOOST_TEST(!std::filesystem::exists(dir / "data/samverkan.db"), "nothing is created before the config is valid");
}

BOOST_AUTO_TEST_SUITE_END()
