// The handler-work API over HTTPS on the whole platform (SQLite, free port): assignment,
// internal notes, messages with the citizen and the full history, with bearer tokens; failure
// paths (bad bodies, a non-handler, a read-only client) and municipality isolation (another
// municipality's client gets 404 on every route, as for an errand that does not exist).
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <soci/soci.h>

#include "services/eservices/routes_fixture.hpp"
#include "services/eservices/sample_files.hpp"

using namespace samverkan;

namespace {

struct Fixture : test::EServicesRoutesFixture {
  Fixture() {
    publish_fault_report();
    // A logged-in citizen's report (messages need someone to read them) and an anonymous one.
    reference = submit_fault_report(security::Principal::citizen(ids::Personnummer::parse("191212121212")));
    anonymous_reference = submit_fault_report(security::Principal::anonymous());
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

BOOST_FIXTURE_TEST_CASE(an_outsider_gets_404_whatever_the_body_holds, Fixture) {
  // The routes authorise before they read the body: another municipality's client learns
  // nothing from a malformed body (no 400 that the route would answer a member), and each
  // refusal is in Eksjö's audit log.
  const std::string vetlanda = token_for(kVetlanda, {"errands:read", "errands:write", "eservices:submit"});
  const std::string inbox = "/api/v1/municipalities/0686/errands";
  const std::string base = inbox + "/" + reference;
  const std::string submissions_path = "/api/v1/municipalities/0686/eservices/felanmalan-gata-park/submissions";
  const std::vector<std::string> malformed{"not json", "[]", R"({"wrong":"member"})", ""};
  for (const auto& body : malformed) {
    BOOST_TEST(call("PUT", base + "/assignment", vetlanda, body).status == 404, body);
    BOOST_TEST(call("POST", base + "/status", vetlanda, body).status == 404, body);
    BOOST_TEST(call("POST", base + "/notes", vetlanda, body).status == 404, body);
    BOOST_TEST(call("POST", base + "/messages", vetlanda, body).status == 404, body);
    BOOST_TEST(call("POST", submissions_path, vetlanda, body).status == 404, body);
  }
  BOOST_TEST(call("GET", inbox + "?assignedTo=", vetlanda).status == 404, "a malformed query likewise");
  BOOST_TEST(call("GET", inbox + "?status=nonsense", vetlanda).status == 404);

  const auto refused = [&](const std::string& action) {
    auto session = platform->database().acquire();
    long long n = 0;
    *session << "SELECT COUNT(*) FROM audit_entry WHERE action = :a AND outcome = 'refused' AND municipality = '0686'",
        soci::use(action, "a"), soci::into(n);
    return n;
  };
  const auto times = static_cast<long long>(malformed.size());
  BOOST_TEST(refused("errand.assign") == times);
  BOOST_TEST(refused("errand.status") == times);
  BOOST_TEST(refused("errand.note.add") == times);
  BOOST_TEST(refused("errand.message.send") == times);
  BOOST_TEST(refused("errand.submit-on-behalf") == times);
  BOOST_TEST(refused("errand.list") == 2);

  // The same bodies from Eksjö's own clients: a handler hears they are malformed (400), a
  // read-only client is refused first (403).
  const std::string eksjo = token_for(kEksjo, {"errands:read", "errands:write"});
  const std::string reader = token_for(kEksjo, {"errands:read"});
  for (const auto& body : malformed) {
    for (const auto* path : {"/assignment", "/status", "/notes", "/messages"}) {
      const std::string method = std::string(path) == "/assignment" ? "PUT" : "POST";
      BOOST_TEST(call(method, base + path, eksjo, body).status == 400, path << " " << body);
      BOOST_TEST(call(method, base + path, reader, body).status == 403, path << " " << body);
    }
  }
  BOOST_TEST(call("GET", inbox + "?assignedTo=", eksjo).status == 400);
}

// An integration reads the file a citizen attached: the bytes as sent, their media type found by
// content, the file named; audited; never for another municipality, a missing field or a
// client without errands:read.
BOOST_FIXTURE_TEST_CASE(an_errands_attachment_is_downloaded_as_sent, Fixture) {
  const std::string png = test::png_bytes();
  eservices::Answers answers;
  answers.values = {
      {"fault-type", {"pothole"}}, {"description", {"A deep hole by the school"}}, {"address", {"Storgatan 1"}}};
  answers.attachments = {{"photo", {"hål i vägen.png", png}}};
  tenancy::Context ctx(platform->database(), security::Principal::anonymous(), kEksjo, SystemClock::instance(),
                       &platform->audit_log());
  const auto outcome = submissions.submit(ctx, "felanmalan-gata-park", 1, answers);
  std::string refused;
  for (const auto& error : outcome.errors) refused += " " + error.field + ": " + error.code;
  BOOST_TEST_REQUIRE(outcome.receipt.has_value(), "refused:" << refused);
  const auto with_photo = outcome.receipt->reference;
  ctx.commit();

  const std::string eksjo = token_for(kEksjo, {"errands:read"});
  const std::string base = "/api/v1/municipalities/0686/errands/" + with_photo;
  const auto errand = parse(call("GET", base, eksjo).body);
  BOOST_TEST(errand->getObject("attachments")->getObject("photo")->getValue<std::string>("mediaType") == "image/png");
  const auto file = call("GET", base + "/attachments/photo", eksjo);
  BOOST_TEST_REQUIRE(file.status == 200, file.body);
  BOOST_TEST(file.body == png);
  BOOST_TEST(file.content_type == "image/png");
  BOOST_TEST(file.headers.at("content-disposition") ==
             "attachment; filename=\"h_l_i_v_gen.png\"; filename*=UTF-8''h%C3%A5l%20i%20v%C3%A4gen.png");
  BOOST_TEST(file.headers.at("cache-control") == "no-store");
  {
    auto session = platform->database().acquire();
    int reads = 0;
    *session << "SELECT COUNT(*) FROM audit_entry WHERE action = 'errand.attachment.read' AND object_id = :ref "
                "AND outcome = 'success'",
        soci::use(with_photo, "ref"), soci::into(reads);
    BOOST_TEST(reads == 1);
  }

  BOOST_TEST(call("GET", base + "/attachments/description", eksjo).status == 404);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0686/errands/" + reference + "/attachments/photo", eksjo).status ==
             404);
  BOOST_TEST(call("GET", base + "/attachments/photo", token_for(kVetlanda, {"errands:read"})).status == 404);
  BOOST_TEST(call("GET", base + "/attachments/photo", token_for(kEksjo, {"statistics:read"})).status == 403);
  BOOST_TEST(call("GET", base + "/attachments/photo", "").status == 401);
}

BOOST_FIXTURE_TEST_CASE(the_inbox_comes_in_pages_newest_first, Fixture) {
  const std::string token = token_for(kEksjo, {"errands:read"});
  const std::string inbox = "/api/v1/municipalities/0686/errands";
  const auto references = [&](const std::string& query) {
    const auto answer = call("GET", inbox + query, token);
    BOOST_TEST_REQUIRE(answer.status == 200, answer.body);
    std::vector<std::string> out;
    const auto rows = parse(answer.body)->getArray("errands");
    for (unsigned i = 0; i < rows->size(); ++i) out.push_back(rows->getObject(i)->getValue<std::string>("reference"));
    return out;
  };
  // Two errands (the fixture's): the anonymous one is the newer.
  BOOST_TEST(references("") == (std::vector<std::string>{anonymous_reference, reference}),
             boost::test_tools::per_element());
  BOOST_TEST(references("?limit=1") == std::vector<std::string>{anonymous_reference}, boost::test_tools::per_element());
  BOOST_TEST(references("?limit=1&offset=1") == std::vector<std::string>{reference}, boost::test_tools::per_element());
  BOOST_TEST(references("?offset=2").empty());

  for (const std::string bad : {"?limit=0", "?limit=1001", "?limit=-1", "?limit=ten", "?offset=-5",
                                "?offset=", "?limit=99999999999999999999"}) {
    const auto answer = call("GET", inbox + bad, token);
    BOOST_TEST(answer.status == 400, bad << ": " << answer.body);
    BOOST_TEST(answer.body.find(bad.substr(1, bad.find('=') - 1)) != std::string::npos,
               "the problem names the parameter");
  }
}

BOOST_AUTO_TEST_SUITE_END()
