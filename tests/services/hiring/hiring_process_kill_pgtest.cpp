// kill -9 of a real `samverkan serve` during the hiring fan-out. The server (the built binary) runs
// on a throwaway PostgreSQL with the test cooperation (hiring_cooperation.xml: Lekeberg,
// Askersund, Laxå), each member's HR system, IT service desk, property access and permission
// system bound over REST (hr-rest, servicedesk-rest, access-card-rest, permissions-rest) to the
// hiring simulators run in this test process on real sockets (HTTPS, bearer tokens; an HR system
// per member, the other three shared). The simulators answer slowly (each answer 100 ms after
// the order is in their ledger). An API client with hiring:write submits 40 hires (some 230
// orders); once a third of the orders have reached the simulators and one is recorded there but
// not yet answered, the server is killed with SIGKILL and started again. When every order is
// done, the simulators must have seen exactly the orders the platform made (each idempotency key
// once, none unknown, each created once; the order in flight at the kill asked again and
// answered as a replay), and the API must show every hire ready with every order done.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <soci/soci.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bankid_simulator/test_pki.hpp"
#include "hiring_simulators/hiring_simulators.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/server/cli_auth.hpp"
#include "samverkan/storage/database.hpp"
#include "services/hiring/hiring_fixture.hpp"
#include "support/https_client.hpp"
#include "support/postgres.hpp"
#include "support/serve_process.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
using namespace std::chrono_literals;
using samverkan::test::ServeProcess;

namespace {

constexpr int kHires = 40;
constexpr auto kAnswerAfter = 100ms;

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

/// What a manager of each member orders for a new employee (units, card areas and roles of
/// hiring_cooperation.xml; Askersund and Laxå use Lekeberg's equipment catalogue).
struct Member {
  std::string code;
  std::string unit;
  std::string card_area;
  std::string role;  ///< beyond the unit's default roles; empty for none
};
const std::vector<Member> kMembers = {{"1814", "hemtjansten", "KOMMUNHUSET", "lifecare/planerare"},
                                      {"1882", "kontaktcenter", "KOMMUNHUSET", ""},
                                      {"1860", "medborgarservice", "STADSHUSET", ""}};

/// The systems: one IT service desk, property access system and permission system shared by
/// the members (each its own customer or tenant), an HR system per member (employment ids are
/// per member); every answer to an order is slow.
struct Simulators {
  Simulators(const test::TempDir& dir, const bankid_simulator::TestPki& pki)
      : desk(options(pki, "desk-token"), SystemClock::instance()),
        property(options(pki, "property-token"), SystemClock::instance()),
        permissions(options(pki, "idm-token"), SystemClock::instance()) {
    for (const auto& member : kMembers) {
      hr[member.code] =
          std::make_unique<hiring_simulator::HrSimulator>(options(pki, "hr-token"), SystemClock::instance());
    }
    for (hiring_simulator::OrderApi* simulator : all()) simulator->start();
    for (const char* token : {"desk-token", "property-token", "idm-token", "hr-token"}) {
      token_files[token] = dir.write_secret(std::string(token) + ".txt", std::string(token) + "\n");
    }
  }

  static hiring_simulator::SimulatorOptions options(const bankid_simulator::TestPki& pki, const std::string& token) {
    hiring_simulator::SimulatorOptions o;
    o.certificate_file = pki.server.certificate;
    o.private_key_file = pki.server.private_key;
    o.tokens = {token};
    o.confirm_after = 0ms;  // done as soon as the platform asks
    o.answer_after = kAnswerAfter;
    return o;
  }

  std::vector<hiring_simulator::OrderApi*> all() {
    std::vector<hiring_simulator::OrderApi*> out = {&desk, &property, &permissions};
    for (auto& [code, simulator] : hr) out.push_back(simulator.get());
    return out;
  }

  /// Every ledger entry of them all, by idempotency key (a key twice would be a defect of the
  /// simulators; the map keeps the count of such in `duplicates`).
  std::map<std::string, hiring_simulator::LedgerEntry> ledger() {
    std::map<std::string, hiring_simulator::LedgerEntry> out;
    for (auto* simulator : all()) {
      for (auto& entry : simulator->ledger()) {
        if (!out.emplace(entry.key, entry).second) ++duplicates;
      }
    }
    return out;
  }

  int unanswered() {
    int n = 0;
    for (auto* simulator : all()) n += simulator->unanswered();
    return n;
  }

  hiring_simulator::ServiceDeskSimulator desk;
  hiring_simulator::PropertySimulator property;
  hiring_simulator::PermissionSimulator permissions;
  std::map<std::string, std::unique_ptr<hiring_simulator::HrSimulator>> hr;  ///< by kommunkod
  std::map<std::string, std::filesystem::path> token_files;
  int duplicates = 0;
};

/// hiring_cooperation.xml with each member's four hiring systems bound to the simulators.
std::filesystem::path write_cooperation(const test::TempDir& dir, Simulators& sims, const std::filesystem::path& ca) {
  std::string xml = test::read_file(test::source_dir() / "tests/services/hiring/hiring_cooperation.xml");
  const auto rest = [&](const hiring_simulator::OrderApi& simulator, const char* token) {
    return "<restApi baseUrl=\"" + simulator.base_url() + "\" caFile=\"" + ca.string() + "\" tokenFile=\"" +
           sims.token_files.at(token).string() + "\" timeoutSeconds=\"5\"/>";
  };
  for (const auto& member : kMembers) {
    const std::string block =
        "<adapters xmlns=\"urn:samverkan:adapters:2\">\n"
        "        <hrSystem product=\"hr-rest\">" +
        rest(*sims.hr.at(member.code), "hr-token") +
        "</hrSystem>\n"
        "        <propertyAccess product=\"access-card-rest\">" +
        rest(sims.property, "property-token") +
        "</propertyAccess>\n"
        "        <itServiceDesk product=\"servicedesk-rest\">" +
        rest(sims.desk, "desk-token") + "<option name=\"customer\">KUND-" + member.code +
        "</option></itServiceDesk>\n"
        "        <permissionSystem product=\"permissions-rest\">" +
        rest(sims.permissions, "idm-token") +
        "</permissionSystem>\n"
        "      </adapters>\n      ";
    const auto at_member = xml.find("<municipality code=\"" + member.code + "\">");
    BOOST_REQUIRE(at_member != std::string::npos);
    const auto at_hiring = xml.find("<hiring xmlns=", at_member);
    BOOST_REQUIRE(at_hiring != std::string::npos);
    xml.insert(at_hiring, block);
  }
  return dir.write("cooperation.xml", xml);
}

/// "name: value" as the CLI prints it.
std::string printed(const std::string& out, const std::string& name) {
  const auto at = out.find(name + ":");
  if (at == std::string::npos) return {};
  std::istringstream rest(out.substr(at + name.size() + 1));
  std::string value;
  rest >> value;
  return value;
}

/// A Monday about ten weeks ahead (the form wants a start in the future).
std::string start_date() {
  auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::days(70);
  while (std::chrono::weekday(day) != std::chrono::Monday) day += std::chrono::days(1);
  return calendar::format_iso_date(std::chrono::year_month_day(day));
}

long long count(storage::Database& db, const std::string& sql) {
  auto session = db.acquire();
  long long n = 0;
  *session << sql, soci::into(n);
  return n;
}

/// The failed orders, "key: why" a line, for a failure's message.
std::string failed_orders(storage::Database& db) {
  auto session = db.acquire();
  std::string out;
  soci::rowset<soci::row> rows =
      (session->prepare << "SELECT order_key, COALESCE(failure, '') FROM hiring_order WHERE status = 'failed'");
  for (const auto& row : rows) out += row.get<std::string>(0) + ": " + row.get<std::string>(1) + "\n";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hiring_process_kill_pgtest)

BOOST_AUTO_TEST_CASE(a_server_killed_during_the_fan_out_places_every_order_exactly_once) {
  const auto started = std::chrono::steady_clock::now();
  test::TempDir dir;
  const auto pki = bankid_simulator::make_test_pki(dir / "pki");
  Simulators sims(dir, pki);
  const auto config = write_cooperation(dir, sims, pki.ca_certificate);
  test::PgDatabase pg;
  const auto data = dir / "data";  // shared by both runs: the field-encryption keys, the TLS certificate
  const std::vector<std::string> serve = {"--config", config.string(), "--data",           data.string(),
                                          "--db",     pg.url(),        "--shutdown-grace", "1"};
  ServeProcess first(serve, dir / "first.log");

  // One API client per member with hiring:write (as `samverkan client create` makes them).
  std::map<std::string, std::pair<std::string, std::string>> clients;  // code -> id, secret
  for (const auto& member : kMembers) {
    std::ostringstream out, err;
    BOOST_REQUIRE_MESSAGE(
        server::run_client_create(pg.url(), data / "keys", member.code, "hiring:read,hiring:write", out, err) == 0,
        err.str());
    clients[member.code] = {printed(out.str(), "client id"), printed(out.str(), "client secret")};
  }
  const auto bearers = [&](std::uint16_t port) {
    test::HttpsClient https(data / "tls/dev-cert.pem", port);
    std::map<std::string, std::map<std::string, std::string>> out;
    for (const auto& [code, client] : clients) {
      const auto token =
          https.request("POST", "/oauth/token",
                        "grant_type=client_credentials&client_id=" + client.first + "&client_secret=" + client.second,
                        "application/x-www-form-urlencoded");
      BOOST_REQUIRE_MESSAGE(token.status == 200, token.body);
      out[code] = {{"Authorization", "Bearer " + test::json_member(token.body, "access_token")}};
    }
    return out;
  };

  // The fan-out: 40 hires, round the members.
  std::vector<std::pair<std::string, std::string>> hires;  // code, hire id
  {
    test::HttpsClient https(data / "tls/dev-cert.pem", first.port());
    const auto bearer = bearers(first.port());
    const std::string start = start_date();
    const std::vector<std::string> given = {"Anna", "Bo", "Cecilia", "David", "Eva", "Filip", "Greta", "Hassan"};
    for (int i = 0; i < kHires; ++i) {
      const Member& member = kMembers[static_cast<std::size_t>(i) % kMembers.size()];
      Poco::JSON::Object form;
      form.set("givenName", given[static_cast<std::size_t>(i) % given.size()]);
      form.set("familyName", "Testsson");
      form.set("personnummer", hiring::test::nth_personnummer(i + 1));
      form.set("privateEmail", "ny" + std::to_string(i) + "@example.com");
      form.set("mobile", "070-123 45 67");
      form.set("employmentType", "permanent");
      form.set("startDate", start);
      form.set("title", "Handläggare");
      form.set("unit", member.unit);
      Poco::JSON::Array equipment;
      equipment.add("telefon");
      equipment.add("dator");
      form.set("equipment", equipment);
      Poco::JSON::Array areas;
      areas.add(member.card_area);
      form.set("cardAreas", areas);
      Poco::JSON::Array roles;
      if (!member.role.empty()) roles.add(member.role);
      form.set("roles", roles);
      form.set("employmentRate", 100);
      form.set("monthlySalary", 31500);
      std::ostringstream body;
      form.stringify(body);
      const auto created = https.request("POST", "/api/v1/municipalities/" + member.code + "/hires", body.str(),
                                         "application/json", bearer.at(member.code));
      BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
      hires.emplace_back(member.code, test::json_member(created.body, "id"));
    }
  }

  // What the platform has to order, from its own records: each order's key, a permission
  // order's key per role granted (key-g0, key-g1, ...), as order_jobs.cpp places them.
  auto db = storage::Database::open(storage::DatabaseUrl::parse(pg.url()), 2);
  std::set<std::string> expected;
  {
    auto session = db->acquire();
    soci::rowset<soci::row> rows =
        (session->prepare << "SELECT order_key, kind, detail FROM hiring_order WHERE purpose = 'hire'");
    for (const auto& row : rows) {
      const auto key = row.get<std::string>(0);
      if (row.get<std::string>(1) != "permissions") {
        expected.insert(key);
        continue;
      }
      const auto grant = parse(row.get<std::string>(2))->getArray("grant");
      BOOST_REQUIRE(grant);
      BOOST_REQUIRE(grant->size() > 0u);
      for (std::size_t i = 0; i < grant->size(); ++i) expected.insert(key + "-g" + std::to_string(i));
    }
  }
  BOOST_TEST_MESSAGE(kHires << " hires, " << expected.size() << " orders to place");
  BOOST_REQUIRE(expected.size() >= static_cast<std::size_t>(kHires) * 5);

  // Kill once a third of the orders have reached the systems and one is in flight: recorded by
  // its system, its answer not yet back at the server (which therefore has not recorded it).
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (!(sims.ledger().size() >= expected.size() / 3 && sims.unanswered() > 0)) {
    BOOST_TEST_REQUIRE((std::chrono::steady_clock::now() < deadline), "the orders did not go out:\n" + first.log());
    std::this_thread::sleep_for(1ms);
  }
  first.kill9();
  const auto seen_at_kill = sims.ledger().size();
  BOOST_TEST_MESSAGE("killed with " << seen_at_kill << " of " << expected.size() << " orders at the systems");
  BOOST_TEST(seen_at_kill > 0u);
  BOOST_TEST(seen_at_kill < expected.size(), "the kill came after the fan-out");
  BOOST_TEST(count(*db, "SELECT COUNT(*) FROM hiring_order WHERE purpose = 'hire' AND status = 'ordered'") > 0);

  // Restarted, the server takes over the orders left (those its dead predecessor held once
  // their lease has run out) and follows them until the systems have carried them out.
  ServeProcess restarted(serve, dir / "restarted.log");
  const auto all_done = std::chrono::steady_clock::now() + 200s;
  while (count(*db, "SELECT COUNT(*) FROM hiring_order WHERE purpose = 'hire' AND status <> 'done'") > 0) {
    BOOST_TEST_REQUIRE(
        (count(*db, "SELECT COUNT(*) FROM hiring_order WHERE status = 'failed'") == 0),
        "orders failed:\n" + failed_orders(*db) + "\nfirst:\n" + first.log() + "\nrestarted:\n" + restarted.log());
    BOOST_TEST_REQUIRE((std::chrono::steady_clock::now() < all_done), "orders still open:\n" + restarted.log());
    std::this_thread::sleep_for(200ms);
  }

  // The systems saw exactly the orders made, each key once, each created once; the order in
  // flight at the kill was asked again and answered as a replay.
  const auto ledger = sims.ledger();
  BOOST_TEST(sims.duplicates == 0);
  BOOST_TEST(ledger.size() == expected.size());
  int replayed = 0;
  for (const auto& key : expected) {
    const auto found = ledger.find(key);
    BOOST_TEST((found != ledger.end()), "never placed: " + key);
    if (found == ledger.end()) continue;
    BOOST_TEST(found->second.created == 1, key);
    if (found->second.requests > 1) ++replayed;
  }
  for (const auto& [key, entry] : ledger) BOOST_TEST(expected.contains(key), "not an order of the platform: " + key);
  BOOST_TEST(replayed >= 1, "the order in flight at the kill was not asked again");
  BOOST_TEST_MESSAGE(replayed << " orders asked again after the restart");

  // The API shows every hire ready, every order done.
  test::HttpsClient https(data / "tls/dev-cert.pem", restarted.port());
  const auto bearer = bearers(restarted.port());
  std::size_t orders = 0;
  for (const auto& [code, id] : hires) {
    const auto read = https.request("GET", "/api/v1/municipalities/" + code + "/hires/" + id, {}, "application/json",
                                    bearer.at(code));
    BOOST_REQUIRE_MESSAGE(read.status == 200, read.body);
    const auto hire = parse(read.body);
    BOOST_TEST(hire->getValue<std::string>("status") == "ready", id);
    const auto list = hire->getArray("orders");
    BOOST_REQUIRE(list);
    BOOST_TEST(list->size() >= 4u, id);
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto order = list->getObject(static_cast<unsigned>(i));
      BOOST_TEST(order->getValue<std::string>("status") == "done",
                 id + " " + order->getValue<std::string>("kind") + ": " + order->getValue<std::string>("failure"));
      ++orders;
    }
  }
  BOOST_TEST(orders ==
             static_cast<std::size_t>(count(*db, "SELECT COUNT(*) FROM hiring_order WHERE purpose = 'hire'")));

  BOOST_TEST(restarted.terminate() == 0, restarted.log());
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
  BOOST_TEST_MESSAGE("hiring kill -9 test took " << seconds.count() << " s");
}

BOOST_AUTO_TEST_SUITE_END()
