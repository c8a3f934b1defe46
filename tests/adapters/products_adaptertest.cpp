// Members bound to products through the composition root's own functions
// (server::product_catalogue and server::bind_members, as Platform::start and check-config call
// them): the example cooperation, and one product used by members of two cooperations with
// settings of their own.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "adapters/https_double.hpp"
#include "samverkan/adapters/registry.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/server/products.hpp"
#include "support/error_message.hpp"
#include "support/example_copy.hpp"
#include "support/fixture_expectations.hpp"
#include "support/temp_dir.hpp"

namespace adapters = samverkan::adapters;
namespace config = samverkan::config;
namespace http = samverkan::http;
namespace ids = samverkan::ids;
namespace server = samverkan::server;
namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

fs::path xsd_dir() { return samverkan::test::source_dir() / "xsd"; }

// Stands in for the platform's own diary, which needs the running platform's database.
class StandInDiary final : public adapters::CaseSystem {
 public:
  adapters::CaseRegistration register_document(const adapters::IncomingDocument&) override {
    throw samverkan::Unavailable("a stand-in diary");
  }
};

// A one-member cooperation file in `folder`; `adapters` is the member's <adapters> content.
fs::path write_cooperation(const fs::path& folder, const std::string& id, const std::string& name,
                           const std::string& code, const std::string& organisation_number, const std::string& member,
                           const std::string& adapters) {
  fs::create_directories(folder);
  const fs::path file = folder / "cooperation.xml";
  std::ofstream(file) << R"(<?xml version="1.0" encoding="UTF-8"?>
<cooperation xmlns="urn:samverkan:cooperation:1" id=")"
                      << id << R"(">
  <name>)" << name << R"(</name>
  <host>)" << code << R"(</host>
  <members>
    <municipality code=")"
                      << code << R"(">
      <organisationNumber>)"
                      << organisation_number << R"(</organisationNumber>
      <name>)" << member
                      << R"( kommun</name>
      <shortName>)" << member
                      << R"(</shortName>
      <contact><email>kommun@example.se</email><phone>0100-100 00</phone>
        <address>Box 1, 100 00 )"
                      << member << R"(</address><website>https://www.example.se</website></contact>
      <branding><primaryColor>#123456</primaryColor></branding>
      <boards><board prefix="KS">Kommunstyrelsen</board></boards>
      <adapters xmlns="urn:samverkan:adapters:2">
)" << adapters << R"(      </adapters>
    </municipality>
  </members>
</cooperation>
)";
  return file;
}

// An IT service desk double: records each order's customer and bearer token.
struct Desk {
  samverkan::test::HttpsDouble server;
  std::mutex mutex;
  std::vector<std::string> seen;  // "customer token"

  Desk() {
    server.router().add("POST", "/api/v1/equipment-orders", [this](http::Request& request) {
      Poco::JSON::Parser parser;
      const auto customer =
          parser.parse(request.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("customer");
      std::lock_guard lock(mutex);
      seen.push_back(customer + " " + request.header("Authorization").value_or(""));
      return http::Response::json(201, R"({"ticketId":"T-)" + std::to_string(seen.size()) + R"("})");
    });
    server.start();
  }

  std::string binding(const std::string& customer, const std::string& token) const {
    const auto settings = server.settings("/api/v1", token);
    return R"(        <itServiceDesk product="servicedesk-rest">
          <restApi baseUrl=")" +
           settings.base_url + R"(" caFile=")" + settings.ca_file.string() + R"(" tokenFile=")" +
           settings.token_file.string() + R"("/>
          <option name="customer">)" +
           customer + R"(</option>
        </itServiceDesk>
)";
  }

  std::vector<std::string> requests() {
    std::lock_guard lock(mutex);
    return seen;
  }
};

adapters::EquipmentOrder order() {
  return adapters::EquipmentOrder{adapters::IdempotencyKey::parse("hire-1-equipment"),
                                  "Anna Andersson",
                                  "100234",
                                  {adapters::EquipmentItem{adapters::EquipmentKind::kPhone, "", 1}},
                                  2026y / August / 17d,
                                  "4100",
                                  "Stadshuset"};
}

// Drops a Personec export (UTF-8 here) into `folder`.
void drop_export(const fs::path& folder, char delimiter) {
  fs::create_directories(folder);
  std::string d(1, delimiter);
  std::ofstream(folder / "anstallda_1.csv") << "Anstnr" << d << "Personnr" << d << "Fornamn" << d << "Efternamn" << d
                                            << "Befattning" << d << "Enhet" << d << "Startdatum\n"
                                            << "100234" << d << "19850709-9805" << d << "Anna" << d << "Andersson" << d
                                            << "Kock" << d << "Kök" << d << "2026-08-17\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(products_adaptertest)

BOOST_AUTO_TEST_CASE(the_catalogue_lists_every_product_under_its_key) {
  const auto products = server::product_catalogue();
  std::vector<std::string> listed;
  for (const auto& product : products.list()) {
    listed.push_back(std::string(adapters::to_string(product.kind)) + " " + product.key +
                     (product.platform ? " (platform)" : ""));
  }
  const std::vector<std::string> expected{"HrSystem hr-rest",
                                          "HrSystem personec-csv",
                                          "PropertyAccess access-card-folder",
                                          "PropertyAccess access-card-rest",
                                          "ItServiceDesk servicedesk-rest",
                                          "PermissionSystem permissions-rest",
                                          "PrintVendor print-folder",
                                          "PrintVendor print-rest",
                                          "CaseSystem public360-rest",
                                          "CaseSystem samverkan-diary (platform)",
                                          "SmsGateway sms-rest"};
  BOOST_TEST(listed == expected, boost::test_tools::per_element());
  BOOST_REQUIRE(products.default_product(adapters::AdapterKind::kCaseSystem) != nullptr);
  BOOST_TEST(products.default_product(adapters::AdapterKind::kCaseSystem)->key == "samverkan-diary");
  BOOST_TEST(products.default_product(adapters::AdapterKind::kHrSystem) == nullptr);
}

BOOST_AUTO_TEST_CASE(the_example_cooperation_binds_every_member_through_the_composition_root) {
  samverkan::test::TempDir dir;
  const auto cooperation = config::load_cooperation(samverkan::test::runnable_example(dir), xsd_dir());
  std::vector<std::string> diaries;
  const auto products = server::product_catalogue([&](const ids::Kommunkod& code) {
    diaries.push_back(code.str());
    return std::make_unique<StandInDiary>();
  });
  adapters::Registry registry(cooperation);
  server::bind_members(cooperation, products, &registry);
  registry.freeze();

  std::vector<std::string> names;
  for (const auto& entry : registry.entries()) names.push_back(entry.name);
  const std::vector<std::string> expected{
      // 0604 Aneby: its own print vendor over REST, the platform's diary
      "0604.it-service-desk.servicedesk-rest", "0604.permission-system.permissions-rest",
      "0604.print-vendor.print-rest", "0604.case-system.samverkan-diary",
      // 0682 Nässjö: Public 360
      "0682.property-access.access-card-folder", "0682.it-service-desk.servicedesk-rest",
      "0682.permission-system.permissions-rest", "0682.print-vendor.print-folder", "0682.case-system.public360-rest",
      // 0684 Sävsjö
      "0684.property-access.access-card-folder", "0684.it-service-desk.servicedesk-rest",
      "0684.permission-system.permissions-rest", "0684.print-vendor.print-folder", "0684.case-system.samverkan-diary",
      // 0685 Vetlanda
      "0685.property-access.access-card-folder", "0685.it-service-desk.servicedesk-rest",
      "0685.permission-system.permissions-rest", "0685.print-vendor.print-folder", "0685.case-system.samverkan-diary",
      // 0686 Eksjö: Personec, an SMS gateway
      "0686.hr-system.personec-csv", "0686.property-access.access-card-folder", "0686.it-service-desk.servicedesk-rest",
      "0686.permission-system.permissions-rest", "0686.print-vendor.print-folder", "0686.case-system.samverkan-diary",
      "0686.sms-gateway.sms-rest"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
  BOOST_TEST(diaries == (std::vector<std::string>{"0604", "0686", "0684", "0685"}), boost::test_tools::per_element());

  try {
    registry.property_access(ids::Kommunkod::parse("0604"));
    BOOST_FAIL("Aneby binds no property access system");
  } catch (const samverkan::NotFound& error) {
    BOOST_TEST(std::string(error.what()) == "Aneby (0604) has no PropertyAccess adapter");
  }

  // Binding again into the same registry is a wiring bug, not an operator's error.
  adapters::Registry twice(cooperation);
  server::bind_members(cooperation, products, &twice);
  BOOST_CHECK_THROW(server::bind_members(cooperation, products, &twice), samverkan::InternalError);
}

BOOST_AUTO_TEST_CASE(a_check_alone_builds_no_platform_product_and_registers_nothing) {
  samverkan::test::TempDir dir;
  const auto cooperation = config::load_cooperation(samverkan::test::runnable_example(dir), xsd_dir());
  bool built = false;
  const auto products = server::product_catalogue([&](const ids::Kommunkod&) -> std::unique_ptr<adapters::CaseSystem> {
    built = true;
    return std::make_unique<StandInDiary>();
  });
  BOOST_CHECK_NO_THROW(server::bind_members(cooperation, products, nullptr));
  BOOST_TEST(!built);
  // check-config has no diary to build at all.
  BOOST_CHECK_NO_THROW(server::bind_members(cooperation, server::product_catalogue(), nullptr));
}

BOOST_AUTO_TEST_CASE(members_of_two_cooperations_use_one_product_with_settings_of_their_own) {
  // Ljusdal (IT Hälsingland) and Lekeberg (Sydnärke) both use servicedesk-rest and
  // personec-csv, each with its own desk, customer, token, export folder and CSV dialect.
  samverkan::test::TempDir dir;
  Desk halsingland_desk, sydnarke_desk;
  drop_export(dir / "ljusdal/export", ';');
  drop_export(dir / "lekeberg/export", ',');
  const auto personec = [](const std::string& delimiter) {
    return R"(        <hrSystem product="personec-csv">
          <outbox directory="import"/>
          <csvExport directory="export" filePrefix="anstallda_" encoding="utf-8" delimiter=")" +
           delimiter + R"("/>
        </hrSystem>
)";
  };
  const auto ljusdal_file =
      write_cooperation(dir / "ljusdal", "halsingland", "IT Hälsingland", "2161", "212000-2163", "Ljusdal",
                        personec("semicolon") + halsingland_desk.binding("LJUSDAL", "token-h"));
  const auto lekeberg_file =
      write_cooperation(dir / "lekeberg", "sydnarke", "Sydnärkes IT-förvaltning", "1814", "212000-1819", "Lekeberg",
                        personec("comma") + sydnarke_desk.binding("LEKEBERG-7", "token-s"));
  fs::create_directories(dir / "ljusdal/import");
  fs::create_directories(dir / "lekeberg/import");

  const auto products =
      server::product_catalogue([](const ids::Kommunkod&) { return std::make_unique<StandInDiary>(); });
  const auto ljusdal_cooperation = config::load_cooperation(ljusdal_file, xsd_dir());
  const auto lekeberg_cooperation = config::load_cooperation(lekeberg_file, xsd_dir());
  adapters::Registry ljusdal_registry(ljusdal_cooperation), lekeberg_registry(lekeberg_cooperation);
  server::bind_members(ljusdal_cooperation, products, &ljusdal_registry);
  server::bind_members(lekeberg_cooperation, products, &lekeberg_registry);
  const auto ljusdal = ids::Kommunkod::parse("2161");
  const auto lekeberg = ids::Kommunkod::parse("1814");

  BOOST_TEST(ljusdal_registry.it_service_desk(ljusdal).order_equipment(order()).id == "T-1");
  BOOST_TEST(lekeberg_registry.it_service_desk(lekeberg).order_equipment(order()).id == "T-1");
  BOOST_TEST(halsingland_desk.requests() == std::vector<std::string>{"LJUSDAL Bearer token-h"},
             boost::test_tools::per_element());
  BOOST_TEST(sydnarke_desk.requests() == std::vector<std::string>{"LEKEBERG-7 Bearer token-s"},
             boost::test_tools::per_element());

  // Each reads its own export in its own dialect.
  BOOST_TEST(ljusdal_registry.hr_system(ljusdal).employee("100234").unit == "Kök");
  BOOST_TEST(lekeberg_registry.hr_system(lekeberg).employee("100234").unit == "Kök");
  const auto change = [](const char* key) {
    return adapters::EmploymentChange{adapters::IdempotencyKey::parse(key), "100234",
                                      adapters::EmploymentChangeKind::kTermination, 2026y / December / 31d};
  };
  ljusdal_registry.hr_system(ljusdal).report_change(change("end-1"));
  lekeberg_registry.hr_system(lekeberg).report_change(change("end-2"));
  BOOST_TEST(samverkan::test::read_file(dir / "ljusdal/import/andring-end-1.csv").find("100234;AVSLUT;2026-12-31") !=
             std::string::npos);
  BOOST_TEST(samverkan::test::read_file(dir / "lekeberg/import/andring-end-2.csv").find("100234,AVSLUT,2026-12-31") !=
             std::string::npos);
  BOOST_TEST(!fs::exists(dir / "ljusdal/import/andring-end-2.csv"));

  // Messages name the member from the configuration: the connector itself knows nobody.
  halsingland_desk.server.stop();
  try {
    ljusdal_registry.it_service_desk(ljusdal).order_equipment(order());
    BOOST_FAIL("the desk is down");
  } catch (const samverkan::Unavailable& error) {
    const std::string message = error.what();
    BOOST_TEST(message.find("Ljusdal's IT service desk (servicedesk-rest)") == 0U, message);
  }
  fs::remove_all(dir / "lekeberg/export");
  try {
    lekeberg_registry.hr_system(lekeberg).employee("100234");
    BOOST_FAIL("the export folder is gone");
  } catch (const samverkan::Unavailable& error) {
    const std::string message = error.what();
    BOOST_TEST(message.find("Lekeberg's HR system (personec-csv): the export folder") == 0U, message);
  }
}

BOOST_AUTO_TEST_CASE(a_product_reports_what_it_refuses_and_what_it_did_not_read) {
  samverkan::test::TempDir dir;
  fs::create_directories(dir / "c/export");
  const auto file = write_cooperation(dir / "c", "test", "Test", "2161", "212000-2163", "Ljusdal",
                                      // line 15: a desk without its customer; line 18: a CA file that is no PEM
                                      R"(        <itServiceDesk product="servicedesk-rest">
          <restApi baseUrl="https://desk.example"/>
        </itServiceDesk>
        <permissionSystem product="permissions-rest">
          <restApi baseUrl="https://idm.example" caFile="cooperation.xml"/>
        </permissionSystem>
        <printVendor product="print-folder">
          <outbox directory="print"/>
          <csvExport directory="export"/>
          <option name="customer">C-1</option>
          <option name="colour">true</option>
        </printVendor>
)");
  const auto cooperation = config::load_cooperation(file, xsd_dir());
  const auto diagnostics =
      samverkan::test::diagnostics_of([&] { server::bind_members(cooperation, server::product_catalogue(), nullptr); });
  BOOST_TEST_CONTEXT(samverkan::test::describe(diagnostics)) {
    BOOST_REQUIRE_EQUAL(diagnostics.size(), 4U);
    BOOST_TEST(diagnostics[0].line == 15);
    BOOST_TEST(diagnostics[0].message == "product servicedesk-rest needs <option name=\"customer\">");
    BOOST_TEST(diagnostics[1].line == 18);
    BOOST_TEST(diagnostics[1].message.find("Ljusdal's permission system (permissions-rest): ") == 0U);
    BOOST_TEST(diagnostics[2].line == 23);
    BOOST_TEST(diagnostics[2].message == "<csvExport> is not a setting of product print-folder");
    BOOST_TEST(diagnostics[3].line == 25);
    BOOST_TEST(diagnostics[3].message == "option 'colour' is not a setting of product print-folder");
    for (const auto& d : diagnostics) BOOST_TEST(d.file == file.string());
  }
}

BOOST_AUTO_TEST_SUITE_END()
