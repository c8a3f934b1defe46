// The handler-work API over HTTPS on the whole platform (SQLite, free port): assignment,
// internal notes, messages with the citizen and the full history, with bearer tokens; failure
// paths (bad bodies, a non-handler, a read-only client) and municipality isolation (another
// municipality's client gets 404 on every route, as for an errand that does not exist).
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <soci/soci.h>

#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/server/platform_fixture.hpp"

using namespace samverkan;

namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";

const auto kEksjo = ids::Kommunkod::parse("0686");
const auto kVetlanda = ids::Kommunkod::parse("0685");

Poco::JSON::Object::Ptr parse(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

struct Fixture : test::PlatformFixture {
  Fixture() {
    const auto editor = security::Principal::staff("editor", {{kEksjo, {security::Role::kEServiceEditor}}});
    {
      tenancy::Context ctx(platform->database(), editor, kEksjo, SystemClock::instance(), &platform->audit_log());
      catalogue.import_definition(
          ctx, test::read_file(test::source_dir() / "examples/hoglandet/eservices/felanmalan-gata-park.xml"),
          "felanmalan-gata-park.xml");
      catalogue.publish(ctx, "felanmalan-gata-park", 1, {});
      ctx.commit();
    }
    eservices::Answers answers;
    answers.values = {{"fault-type", {"pothole"}},
                      {"description", {"A deep hole by the school crossing"}},
                      {"address", {"Storgatan 1, Eksjö"}}};
    // A logged-in citizen's report (messages need someone to read them) and an anonymous one.
    const auto citizen = security::Principal::citizen(ids::Personnummer::parse("191212121212"));
    for (const auto& who : {citizen, security::Principal::anonymous()}) {
      tenancy::Context ctx(platform->database(), who, kEksjo, SystemClock::instance(), &platform->audit_log());
      const auto ref = submissions.submit(ctx, "felanmalan-gata-park", 1, answers).receipt.value().reference;
      ctx.commit();
      (who.kind() == security::PrincipalKind::kCitizen ? reference : anonymous_reference) = ref;
    }
    // Staff users: a case handler in Eksjö, and a reader there (not assignable).
    auto session = platform->database().acquire();
    const std::string at = "2026-11-22T08:00:00.000Z";
    for (const auto& [user, role] : {std::pair<std::string, std::string>{"eva.h", "case-handler"},
                                     std::pair<std::string, std::string>{"rut.reader", "reader"}}) {
      *session << "INSERT INTO staff_user (username, display_name, created_at) VALUES (:u, :u2, :at)",
          soci::use(user, "u"), soci::use(user, "u2"), soci::use(at, "at");
      long long id = 0;
      *session << "SELECT id FROM staff_user WHERE username = :u", soci::use(user, "u"), soci::into(id);
      const std::string code = kEksjo.str();
      *session << "INSERT INTO staff_role (staff_user, municipality, role, granted_at) VALUES (:id, :m, :r, :at)",
          soci::use(id, "id"), soci::use(code, "m"), soci::use(role, "r"), soci::use(at, "at");
    }
  }

  std::string token_for(const ids::Kommunkod& municipality, const std::set<std::string>& scopes) {
    const auto admin =
        security::Principal::staff("admin-" + municipality.str(), {{municipality, {security::Role::kAdministrator}}});
    tenancy::Context ctx(platform->database(), admin, municipality, SystemClock::instance(), &platform->audit_log());
    const auto created = platform->auth().clients().create(ctx, scopes);
    ctx.commit();
    const auto r = client().request(
        "POST", "/oauth/token",
        "grant_type=client_credentials&client_id=" + created.client.id + "&client_secret=" + created.secret, kForm);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    return test::json_member(r.body, "access_token");
  }

  test::HttpResult call(const std::string& method, const std::string& path, const std::string& token,
                        const std::string& body = {}) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return client().request(method, path, body, "application/json", headers);
  }

  eservices::Catalogue catalogue{platform->cooperation()};
  eservices::Submissions submissions{catalogue, platform->keyring()};
  std::string reference;
  std::string anonymous_reference;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(errand_routes_test)

BOOST_FIXTURE_TEST_CASE(handlers_assign_note_and_message_over_https, Fixture) {
  const std::string token = token_for(kEksjo, {"errands:read", "errands:write"});
  const std::string inbox = "/api/v1/municipalities/0686/errands";
  const std::string base = inbox + "/" + reference;

  const auto assigned = call("PUT", base + "/assignment", token, R"({"handler":"eva.h"})");
  BOOST_TEST_REQUIRE(assigned.status == 200, assigned.body);
  BOOST_TEST(test::json_member(assigned.body, "assignedTo") == "eva.h");
  const auto mine = call("GET", inbox + "?assignedTo=eva.h", token);
  BOOST_TEST_REQUIRE(mine.status == 200, mine.body);
  const auto rows = parse(mine.body)->getArray("errands");
  BOOST_TEST_REQUIRE(rows->size() == 1u);
  BOOST_TEST(rows->getObject(0)->getValue<std::string>("reference") == reference);
  BOOST_TEST(rows->getObject(0)->getValue<std::string>("assignedTo") == "eva.h");
  BOOST_TEST(rows->getObject(0)->isNull("caseNumber"), "no diary registration for this service");
  const auto unassigned = parse(call("GET", inbox + "?assignedTo=none", token).body)->getArray("errands");
  BOOST_TEST_REQUIRE(unassigned->size() == 1u);
  BOOST_TEST(unassigned->getObject(0)->getValue<std::string>("reference") == anonymous_reference);
  BOOST_TEST(unassigned->getObject(0)->isNull("assignedTo"));
  BOOST_TEST(call("GET", inbox + "?assignedTo=me", token).status == 400, "a client has no errands of its own");
  BOOST_TEST(test::json_member(call("GET", base, token).body, "assignedTo") == "eva.h");

  // Not a handler here; a malformed body.
  BOOST_TEST(call("PUT", base + "/assignment", token, R"({"handler":"rut.reader"})").status == 400);
  BOOST_TEST(call("PUT", base + "/assignment", token, R"({"handler":"nobody"})").status == 400);
  BOOST_TEST(call("PUT", base + "/assignment", token, R"({"who":"eva.h"})").status == 400);

  const auto note = call("POST", base + "/notes", token, R"({"body":"Kolla med entreprenören"})");
  BOOST_TEST_REQUIRE(note.status == 201, note.body);
  const std::string note_id = test::json_member(note.body, "id");
  const auto message = call("POST", base + "/messages", token, R"({"body":"Hur djupt är hålet?"})");
  BOOST_TEST_REQUIRE(message.status == 201, message.body);
  BOOST_TEST(test::json_member(message.body, "direction") == "to-citizen");
  BOOST_TEST(call("POST", base + "/messages", token, R"({"body":"   "})").status == 400);
  BOOST_TEST(call("POST", base + "/notes", token, "not json").status == 400);
  BOOST_TEST(call("POST", inbox + "/" + anonymous_reference + "/messages", token, R"({"body":"Hej"})").status == 409,
             "nobody could read it");

  const auto notes = parse(call("GET", base + "/notes", token).body)->getArray("notes");
  BOOST_TEST_REQUIRE(notes->size() == 1u);
  BOOST_TEST(notes->getObject(0)->getValue<std::string>("body") == "Kolla med entreprenören");
  const auto messages = parse(call("GET", base + "/messages", token).body)->getArray("messages");
  BOOST_TEST_REQUIRE(messages->size() == 1u);
  BOOST_TEST(messages->getObject(0)->getValue<std::string>("body") == "Hur djupt är hålet?");

  const auto cleared = call("DELETE", base + "/assignment", token);
  BOOST_TEST_REQUIRE(cleared.status == 200, cleared.body);
  BOOST_TEST(parse(cleared.body)->isNull("assignedTo"));

  const auto history = parse(call("GET", base + "/history", token).body)->getArray("history");
  std::vector<std::string> kinds;
  for (std::size_t i = 0; i < history->size(); ++i) {
    kinds.push_back(history->getObject(static_cast<unsigned>(i))->getValue<std::string>("kind"));
  }
  const std::vector<std::string> expected{"submitted", "assigned", "note", "message-to-citizen", "unassigned"};
  BOOST_TEST(kinds == expected, boost::test_tools::per_element());
  BOOST_TEST(history->getObject(2)->getValue<std::string>("detail") == note_id);
  BOOST_TEST(history->getObject(0)->getValue<std::string>("to") == "received");

  // A read-only client reads but writes nothing.
  const std::string reader = token_for(kEksjo, {"errands:read"});
  BOOST_TEST(call("GET", base + "/notes", reader).status == 200);
  BOOST_TEST(call("POST", base + "/notes", reader, R"({"body":"x"})").status == 403);
  BOOST_TEST(call("POST", base + "/messages", reader, R"({"body":"x"})").status == 403);
  BOOST_TEST(call("PUT", base + "/assignment", reader, R"({"handler":"eva.h"})").status == 403);
  BOOST_TEST(call("DELETE", base + "/assignment", reader).status == 403);
  BOOST_TEST(call("GET", base + "/notes", "").status == 401);
}

BOOST_FIXTURE_TEST_CASE(another_municipality_gets_404_on_every_handler_route, Fixture) {
  const std::string vetlanda = token_for(kVetlanda, {"errands:read", "errands:write"});
  const std::string base = "/api/v1/municipalities/0686/errands/" + reference;
  BOOST_TEST(call("PUT", base + "/assignment", vetlanda, R"({"handler":"eva.h"})").status == 404);
  BOOST_TEST(call("DELETE", base + "/assignment", vetlanda).status == 404);
  BOOST_TEST(call("GET", base + "/notes", vetlanda).status == 404);
  BOOST_TEST(call("POST", base + "/notes", vetlanda, R"({"body":"x"})").status == 404);
  BOOST_TEST(call("GET", base + "/messages", vetlanda).status == 404);
  BOOST_TEST(call("POST", base + "/messages", vetlanda, R"({"body":"x"})").status == 404);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0686/errands?assignedTo=none", vetlanda).status == 404);
  // Through Vetlanda's own path the errand does not exist either.
  const std::string own = "/api/v1/municipalities/0685/errands/" + reference;
  BOOST_TEST(call("GET", own + "/notes", vetlanda).status == 404);
  BOOST_TEST(call("POST", own + "/messages", vetlanda, R"({"body":"x"})").status == 404);
  BOOST_TEST(call("PUT", own + "/assignment", vetlanda, R"({"handler":"eva.h"})").status == 404);

  // Nothing was written: Eksjö's handler sees no notes or messages.
  const std::string eksjo = token_for(kEksjo, {"errands:read"});
  BOOST_TEST(parse(call("GET", base + "/notes", eksjo).body)->getArray("notes")->size() == 0u);
  BOOST_TEST(parse(call("GET", base + "/messages", eksjo).body)->getArray("messages")->size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
