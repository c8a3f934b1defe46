// The hiring library linked alone with libcore (no server library, no other service): its API on a
// bare http::Server with the hiring test cooperation (Lekeberg pilots; Askersund and Laxå adopt).
// The form goes in and comes back with its orders, a bad form names its fields, another member's
// client hears 404 for a hire through every route, scopes are enforced, reads are audited.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Parser.h>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/hiring/hiring_service.hpp"
#include "samverkan/hiring/migrations.hpp"
#include "samverkan/hiring/routes.hpp"
#include "support/bare_server.hpp"

using namespace samverkan;

namespace {

const ids::Kommunkod kLekeberg = ids::Kommunkod::parse("1814");
const ids::Kommunkod kAskersund = ids::Kommunkod::parse("1882");

config::Cooperation hiring_cooperation() {
  return config::load_cooperation(
      std::filesystem::path(SAMVERKAN_SOURCE_DIR) / "tests/services/hiring/hiring_cooperation.xml",
      std::filesystem::path(SAMVERKAN_SOURCE_DIR) / "xsd");
}

struct Fixture : test::BareServer {
  Fixture() : BareServer(hiring::migrations(), hiring_cooperation()) {
    hiring::mount_routes(*router, deps(), keyring, [this] { ++woken; });
    start();
    writer = token_for(kLekeberg, {"hiring:read", "hiring:write"});
  }

  Poco::JSON::Object::Ptr parse(const std::string& body) {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  }

  long long count(const std::string& sql) {
    long long n = 0;
    auto session = db->acquire();
    *session << sql, soci::into(n);
    return n;
  }

  std::string hires(const ids::Kommunkod& where) { return "/api/v1/municipalities/" + where.str() + "/hires"; }

  std::string writer;
  int woken = 0;
};

// Starts Monday 2027-01-18; the clock stands at 2026-11-22.
const std::string kForm = R"({"givenName":"Anna","familyName":"Andersson","personnummer":"19900101-0017",
  "privateEmail":"anna.privat@example.com","mobile":"070-123 45 67","employmentType":"permanent",
  "startDate":"2027-01-18","title":"Undersköterska","unit":"hemtjansten","equipment":["telefon","dator"],
  "cardAreas":["KOMMUNHUSET"],"roles":["lifecare/planerare"],"employmentRate":100,"monthlySalary":31500})";

}  // namespace

BOOST_AUTO_TEST_SUITE(hiring_alonetest)

BOOST_FIXTURE_TEST_CASE(a_form_becomes_a_hire_with_its_orders, Fixture) {
  const auto created = call("POST", hires(kLekeberg), writer, kForm);
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  BOOST_TEST(woken == 1, "the workers are woken after the commit");
  const auto hire = parse(created.body);
  const std::string id = hire->getValue<std::string>("id");
  BOOST_TEST(id.size() == 10u);
  BOOST_TEST(id.substr(0, 4) == "2026", "the employment number of the year it was submitted");
  BOOST_TEST(created.headers.at("location") == hires(kLekeberg) + "/" + id);
  BOOST_TEST(hire->getValue<std::string>("status") == "submitted");
  BOOST_TEST(hire->getValue<std::string>("personnummer") == "199001010017");
  BOOST_TEST(hire->getValue<std::string>("workplace") == "Hemtjänsten, Storgatan 3, Fjugesta");
  const auto orders = hire->getArray("orders");
  std::set<std::string> kinds;
  for (std::size_t i = 0; i < orders->size(); ++i) {
    const auto order = orders->getObject(static_cast<unsigned>(i));
    kinds.insert(order->getValue<std::string>("kind"));
    BOOST_TEST(order->getValue<std::string>("status") == "ordered");
    BOOST_TEST(!order->getValue<std::string>("dueAt").empty());
    BOOST_TEST(order->isNull("doneAt"));
  }
  BOOST_TEST((kinds == std::set<std::string>{"employment", "account", "equipment", "card", "permissions"}));
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_order") == static_cast<long long>(orders->size()));

  const auto read = call("GET", hires(kLekeberg) + "/" + id, writer);
  BOOST_TEST_REQUIRE(read.status == 200, read.body);
  BOOST_TEST(parse(read.body)->getValue<std::string>("givenName") == "Anna");
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'hire.read' AND outcome = 'success'") == 1);
  const auto list = call("GET", hires(kLekeberg) + "?status=submitted&unit=hemtjansten", writer);
  BOOST_TEST_REQUIRE(list.status == 200, list.body);
  BOOST_TEST(parse(list.body)->getArray("hires")->size() == 1u);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'hire.list'") == 1);
  const auto empty = call("GET", hires(kLekeberg) + "?status=ready", writer);
  BOOST_TEST(parse(empty.body)->getArray("hires")->size() == 0u);
  // The personal data is stored encrypted: neither the name nor the personnummer is in the row.
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_hire WHERE given_name LIKE '%Anna%' OR "
                   "personnummer LIKE '%199001010017%'") == 0);
  // The same person again while the hire is open.
  BOOST_TEST(call("POST", hires(kLekeberg), writer, kForm).status == 409);
}

BOOST_FIXTURE_TEST_CASE(a_bad_form_names_each_field_and_stores_nothing, Fixture) {
  std::string form = kForm;
  form.replace(form.find("2027-01-18"), 10, "2026-11-01");
  form.replace(form.find("anna.privat@example.com"), 23, "inte-en-adress");
  const auto refused = call("POST", hires(kLekeberg), writer, form);
  BOOST_TEST_REQUIRE(refused.status == 400, refused.body);
  BOOST_TEST(refused.content_type.find("application/problem+json") == 0u);
  const auto errors = parse(refused.body)->getArray("errors");
  BOOST_TEST_REQUIRE(errors.get() != nullptr);
  std::set<std::string> fields;
  for (std::size_t i = 0; i < errors->size(); ++i) {
    const auto error = errors->getObject(static_cast<unsigned>(i));
    fields.insert(error->getValue<std::string>("field"));
    BOOST_TEST(!error->getValue<std::string>("message").empty());
  }
  BOOST_TEST((fields == std::set<std::string>{"startDate", "privateEmail"}));
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_hire") == 0);
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_order") == 0);
  BOOST_TEST(woken == 0);
  BOOST_TEST(call("POST", hires(kLekeberg), writer, "[1,2]").status == 400);
  BOOST_TEST(call("POST", hires(kLekeberg), writer, R"({"equipment":"telefon"})").status == 400);
  BOOST_TEST(call("GET", hires(kLekeberg) + "?limit=many", writer).status == 400);
  BOOST_TEST(call("GET", hires(kLekeberg) + "?status=lost", writer).status == 400);
}

BOOST_FIXTURE_TEST_CASE(another_member_hears_404_for_a_hire_through_every_route, Fixture) {
  const auto created = call("POST", hires(kLekeberg), writer, kForm);
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  const std::string id = parse(created.body)->getValue<std::string>("id");
  const std::string neighbour = token_for(kAskersund, {"hiring:read", "hiring:write"});
  const std::string change = R"({"effectiveDate":"2027-03-01","title":"Planerare"})";
  const std::string end = R"({"lastDay":"2027-06-30"})";
  // In the hire's municipality: not a member of it.
  BOOST_TEST(call("GET", hires(kLekeberg) + "/" + id, neighbour).status == 404);
  BOOST_TEST(call("GET", hires(kLekeberg), neighbour).status == 404);
  BOOST_TEST(call("POST", hires(kLekeberg), neighbour, "not json").status == 404, "refused before the body is read");
  BOOST_TEST(call("POST", hires(kLekeberg) + "/" + id + "/change", neighbour, change).status == 404);
  BOOST_TEST(call("POST", hires(kLekeberg) + "/" + id + "/termination", neighbour, end).status == 404);
  BOOST_TEST(call("GET", "/api/v1/municipalities/1814/hiring/lead-times", neighbour).status == 404);
  // In its own municipality: the id of another member's hire is no hire there.
  BOOST_TEST(call("GET", hires(kAskersund) + "/" + id, neighbour).status == 404);
  BOOST_TEST(call("POST", hires(kAskersund) + "/" + id + "/change", neighbour, change).status == 404);
  BOOST_TEST(call("POST", hires(kAskersund) + "/" + id + "/termination", neighbour, end).status == 404);
  BOOST_TEST(parse(call("GET", hires(kAskersund), neighbour).body)->getArray("hires")->size() == 0u);
  // Not a member of the cooperation at all.
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/hires", writer).status == 404);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE outcome = 'refused'") >= 6);
  // Nothing changed: the hire is as submitted, with its first orders only.
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_order WHERE purpose <> 'hire'") == 0);
}

BOOST_FIXTURE_TEST_CASE(scopes_are_enforced, Fixture) {
  const std::string reader = token_for(kLekeberg, {"hiring:read"});
  const std::string mailer = token_for(kLekeberg, {"mailbox:send"});
  BOOST_TEST(call("POST", hires(kLekeberg), reader, kForm).status == 403);
  BOOST_TEST(call("GET", hires(kLekeberg), reader).status == 200);
  BOOST_TEST(call("GET", hires(kLekeberg), mailer).status == 403);
  BOOST_TEST(call("GET", hires(kLekeberg)).status == 401);
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_hire") == 0);
}

BOOST_FIXTURE_TEST_CASE(change_and_termination_schedule_their_orders, Fixture) {
  const auto created = call("POST", hires(kLekeberg), writer, kForm);
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  const std::string id = parse(created.body)->getValue<std::string>("id");
  const auto changed =
      call("POST", hires(kLekeberg) + "/" + id + "/change", writer,
           R"({"effectiveDate":"2027-03-01","unit":"gatuenheten","addRoles":["felanmalan/handlaggare"]})");
  BOOST_TEST_REQUIRE(changed.status == 200, changed.body);
  const auto delta = parse(changed.body);
  std::set<std::string> revoked, granted;
  for (const auto& v : *delta->getArray("revoked")) revoked.insert(v.extract<std::string>());
  for (const auto& v : *delta->getArray("granted")) granted.insert(v.extract<std::string>());
  // The home care roles go; the role asked for in the street unit comes; the intranet stays.
  BOOST_TEST((revoked == std::set<std::string>{"lifecare/planerare", "lifecare/utforare"}));
  BOOST_TEST((granted == std::set<std::string>{"felanmalan/handlaggare"}));
  BOOST_TEST(call("POST", hires(kLekeberg) + "/" + id + "/change", writer, R"({"effectiveDate":"igår"})").status ==
             400);

  const auto ended = call("POST", hires(kLekeberg) + "/" + id + "/termination", writer, R"({"lastDay":"2027-06-30"})");
  BOOST_TEST_REQUIRE(ended.status == 200, ended.body);
  BOOST_TEST(parse(ended.body)->getValue<std::string>("status") == "ending");
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_order WHERE purpose = 'termination'") >= 3);
  BOOST_TEST(call("POST", hires(kLekeberg) + "/" + id + "/termination", writer, R"({"lastDay":"2027-06-30"})").status ==
             409);
  BOOST_TEST(call("POST", hires(kLekeberg) + "/" + id + "/termination", writer, "{}").status == 400);
  BOOST_TEST(woken == 3);
  const auto times = call("GET", "/api/v1/municipalities/1814/hiring/lead-times", writer);
  BOOST_TEST_REQUIRE(times.status == 200, times.body);
  BOOST_TEST(parse(times.body)->getValue<int>("hiresReady") == 0);
}

BOOST_FIXTURE_TEST_CASE(every_route_is_documented_and_needs_a_hiring_permission, Fixture) {
  http::OpenApi api("test", "1", "test");
  hiring::describe_routes(api);
  const auto table = router->table();
  BOOST_TEST(table.size() == api.operations().size());
  for (const auto& row : table) {
    BOOST_TEST((row.access == http::RouteAccess::kPrincipal), row.pattern);
    BOOST_TEST(row.tenant_scoped);
    BOOST_TEST(
        (row.permission == security::Permission::kHireRead || row.permission == security::Permission::kHireWrite),
        row.pattern);
  }
  // The document is valid JSON with every schema parsed.
  BOOST_TEST(api.json().find("\"createHire\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
