// The example cooperation's five members wired together: their settings files, their
// register_adapters functions and one registry, as the composition root will do it.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "libcore/adapters/https_double.hpp"
#include "samverkan/adapters/aneby/register.hpp"
#include "samverkan/adapters/eksjo/register.hpp"
#include "samverkan/adapters/nassjo/register.hpp"
#include "samverkan/adapters/registry.hpp"
#include "samverkan/adapters/savsjo/register.hpp"
#include "samverkan/adapters/vetlanda/register.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"
#include "support/temp_dir.hpp"

namespace adapters = samverkan::adapters;
namespace config = samverkan::config;
namespace http = samverkan::http;
namespace ids = samverkan::ids;
namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

fs::path example() { return samverkan::test::source_dir() / "examples/hoglandet"; }
fs::path xsd_dir() { return samverkan::test::source_dir() / "xsd"; }

// A member's settings from the example cooperation file, as the composition root reads them.
adapters::AdapterSettings example_settings(std::string_view kommunkod) {
  static const config::Cooperation cooperation =
      config::load_cooperation(example() / "cooperation.xml", xsd_dir());
  const auto* member = cooperation.find(ids::Kommunkod::parse(kommunkod));
  BOOST_REQUIRE(member != nullptr);
  return member->adapters;
}

// Registers the whole example cooperation, the way the composition root does.
void register_all(adapters::Registry& registry) {
  adapters::aneby::register_adapters(registry, example_settings(adapters::aneby::kKommunkod));
  adapters::eksjo::register_adapters(registry, example_settings(adapters::eksjo::kKommunkod));
  adapters::nassjo::register_adapters(registry, example_settings(adapters::nassjo::kKommunkod));
  adapters::savsjo::register_adapters(registry, example_settings(adapters::savsjo::kKommunkod));
  adapters::vetlanda::register_adapters(registry, example_settings(adapters::vetlanda::kKommunkod));
  registry.freeze();
}

template <typename Body>
std::string config_error_of(Body&& body) {
  try {
    body();
  } catch (const config::ConfigError& error) {
    return error.what();
  }
  BOOST_FAIL("expected a ConfigError");
  return {};
}

adapters::AccessCardOrder card() {
  return adapters::AccessCardOrder{adapters::IdempotencyKey::parse("hire-1-card"),
                                   "Anna Andersson",
                                   "100234",
                                   {"STADSHUSET"},
                                   2026y / August / 17d,
                                   std::nullopt,
                                   "1230"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hoglandet_adaptertest)

BOOST_AUTO_TEST_CASE(the_example_cooperation_registers_every_member) {
  const auto cooperation = config::load_cooperation(example() / "cooperation.xml", xsd_dir());
  adapters::Registry registry(cooperation);
  register_all(registry);

  std::vector<std::string> names;
  for (const auto& entry : registry.entries()) names.push_back(entry.name);
  const std::vector<std::string> expected{
      // 0604 Aneby
      "aneby.it.servicedesk", "aneby.permissions.idm", "aneby.print.brevservice",
      // 0682 Nässjö
      "nassjo.property.vaka", "nassjo.it.servicedesk", "nassjo.permissions.idm", "nassjo.print.folder",
      "nassjo.case.public360",
      // 0684 Sävsjö
      "savsjo.property.arx", "savsjo.it.servicedesk", "savsjo.permissions.idm", "savsjo.print.folder",
      // 0685 Vetlanda
      "vetlanda.property.rcard", "vetlanda.it.servicedesk", "vetlanda.permissions.idm", "vetlanda.print.folder",
      // 0686 Eksjö
      "eksjo.hr.personec", "eksjo.property.arx", "eksjo.it.servicedesk", "eksjo.permissions.idm", "eksjo.print.folder"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());

  const auto aneby = ids::Kommunkod::parse("0604");
  try {
    registry.property_access(aneby);
    BOOST_FAIL("Aneby has no PropertyAccess adapter");
  } catch (const samverkan::NotFound& error) {
    BOOST_TEST(std::string(error.what()) == "Aneby (0604) has no PropertyAccess adapter");
  }
  BOOST_TEST(registry.implementation_name(ids::Kommunkod::parse("0686"), adapters::AdapterKind::kHrSystem) ==
             "eksjo.hr.personec");
}

BOOST_AUTO_TEST_CASE(registering_a_member_twice_is_a_duplicate) {
  adapters::Registry registry;
  adapters::eksjo::register_adapters(registry, example_settings(adapters::eksjo::kKommunkod));
  try {
    adapters::eksjo::register_adapters(registry, example_settings(adapters::eksjo::kKommunkod));
    BOOST_FAIL("registered twice");
  } catch (const samverkan::InternalError& error) {
    const std::string message = error.what();
    BOOST_TEST(message.find("duplicate adapter") != std::string::npos, message);
    BOOST_TEST(message.find("eksjo.hr.personec") != std::string::npos, message);
  }
}

BOOST_AUTO_TEST_CASE(register_functions_check_their_settings) {
  adapters::Registry registry;
  // Another municipality's file.
  std::string message =
      config_error_of([&] { adapters::vetlanda::register_adapters(registry, example_settings(adapters::savsjo::kKommunkod)); });
  BOOST_TEST(message.find("adapter settings for municipality 0684 given to Vetlanda (0685)") != std::string::npos,
             message);

  samverkan::test::TempDir dir;
  // An implementation the municipality does not have, and a kind it has no implementation of.
  auto file = dir.write("aneby.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<adapters xmlns="urn:samverkan:adapters:1">
  <adapter kind="ItServiceDesk" name="aneby.it.topdesk">
    <restApi baseUrl="https://desk.example"/>
  </adapter>
</adapters>
)");
  message = config_error_of(
      [&] { adapters::aneby::register_adapters(
          registry, adapters::load_adapter_settings(file, ids::Kommunkod::parse(adapters::aneby::kKommunkod), xsd_dir())); });
  BOOST_TEST(message == file.string() +
                            ":3: Aneby has no ItServiceDesk implementation 'aneby.it.topdesk' "
                            "(known: aneby.it.servicedesk)");
  file = dir.write("aneby.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<adapters xmlns="urn:samverkan:adapters:1">

  <adapter kind="PropertyAccess" name="aneby.property.arx">
    <outbox directory="/srv/x"/>
  </adapter>
</adapters>
)");
  message = config_error_of(
      [&] { adapters::aneby::register_adapters(
          registry, adapters::load_adapter_settings(file, ids::Kommunkod::parse(adapters::aneby::kKommunkod), xsd_dir())); });
  BOOST_TEST(message == file.string() + ":4: Aneby has no PropertyAccess implementation 'aneby.property.arx'");

  // A transport element or an option the implementation needs.
  file = dir.write("savsjo.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<adapters xmlns="urn:samverkan:adapters:1">
  <adapter kind="ItServiceDesk" name="savsjo.it.servicedesk">
    <restApi baseUrl="https://desk.example"/>
  </adapter>
  <adapter kind="PrintVendor" name="savsjo.print.folder">
    <option name="customer">HIT-0684</option>
  </adapter>
</adapters>
)");
  message = config_error_of(
      [&] { adapters::savsjo::register_adapters(
          registry, adapters::load_adapter_settings(file, ids::Kommunkod::parse(adapters::savsjo::kKommunkod), xsd_dir())); });
  BOOST_TEST(message == file.string() + ":3: adapter savsjo.it.servicedesk needs <option name=\"customer\">");
  BOOST_TEST(registry.entries().empty(), "nothing half-registered from the failed files");
}

BOOST_AUTO_TEST_CASE(the_same_interface_reaches_different_backends) {
  // Sävsjö's and Vetlanda's property systems both take orders in folders; Vetlanda's IT orders
  // go to the shared service desk over HTTPS. One registry, one call shape.
  samverkan::test::TempDir dir;
  fs::create_directories(dir / "savsjo-orders");
  fs::create_directories(dir / "vetlanda-orders");
  samverkan::test::HttpsDouble desk;
  std::mutex mutex;
  std::string customer_seen;
  desk.router().add("POST", "/api/v1/equipment-orders", [&](http::Request& request) {
    std::lock_guard lock(mutex);
    customer_seen = request.body.substr(request.body.find("\"customer\""), 21);
    return http::Response::json(201, R"({"ticketId":"HIT-77"})");
  });
  desk.start();
  const auto desk_settings = desk.settings("/api/v1");

  const auto savsjo_file = dir.write("savsjo.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<adapters xmlns="urn:samverkan:adapters:1">
  <adapter kind="PropertyAccess" name="savsjo.property.arx">
    <outbox directory="savsjo-orders"/>
  </adapter>
</adapters>
)");
  const auto vetlanda_file = dir.write("vetlanda.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<adapters xmlns="urn:samverkan:adapters:1">
  <adapter kind="PropertyAccess" name="vetlanda.property.rcard">
    <outbox directory="vetlanda-orders"/>
  </adapter>
  <adapter kind="ItServiceDesk" name="vetlanda.it.servicedesk">
    <restApi baseUrl=")" + desk_settings.base_url + R"(" caFile=")" +
                                                           desk_settings.ca_file.string() + R"(" tokenFile=")" +
                                                           desk_settings.token_file.string() + R"("/>
    <option name="customer">VETLANDA</option>
  </adapter>
</adapters>
)");
  adapters::Registry registry;
  adapters::savsjo::register_adapters(
          registry, adapters::load_adapter_settings(savsjo_file, ids::Kommunkod::parse(adapters::savsjo::kKommunkod), xsd_dir()));
  adapters::vetlanda::register_adapters(
          registry, adapters::load_adapter_settings(vetlanda_file, ids::Kommunkod::parse(adapters::vetlanda::kKommunkod), xsd_dir()));
  registry.freeze();

  const auto savsjo = ids::Kommunkod::parse("0684");
  const auto vetlanda = ids::Kommunkod::parse("0685");
  BOOST_TEST(registry.property_access(savsjo).order_card(card()).id == "card-hire-1-card");
  BOOST_TEST(registry.property_access(vetlanda).order_card(card()).id == "card-hire-1-card");
  BOOST_TEST(fs::exists(dir / "savsjo-orders/card-hire-1-card.json"));
  BOOST_TEST(fs::exists(dir / "vetlanda-orders/card-hire-1-card.json"));
  BOOST_TEST(samverkan::test::read_file(dir / "vetlanda-orders/card-hire-1-card.json").find("\"0685\"") !=
             std::string::npos);

  const adapters::EquipmentOrder order{adapters::IdempotencyKey::parse("hire-1-equipment"),
                                       "Anna Andersson",
                                       "100234",
                                       {adapters::EquipmentItem{adapters::EquipmentKind::kPhone, "", 1}},
                                       2026y / August / 17d,
                                       "4100",
                                       "Stadshuset, Vetlanda"};
  BOOST_TEST(registry.it_service_desk(vetlanda).order_equipment(order).id == "HIT-77");
  {
    std::lock_guard lock(mutex);
    BOOST_TEST(customer_seen == "\"customer\":\"VETLANDA\"");
  }
  BOOST_CHECK_THROW(registry.it_service_desk(savsjo), samverkan::NotFound);
}

BOOST_AUTO_TEST_SUITE_END()
