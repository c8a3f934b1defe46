// The case-handling REST API on the whole platform (SQLite, HTTPS on a free port): register,
// read, change status and search over HTTP, and municipality isolation: another municipality's
// principal gets 404, exactly like a case that does not exist.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "samverkan/core/error.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/server/platform_fixture.hpp"

using namespace samverkan;

namespace {

const auto kAneby = ids::Kommunkod::parse("0604");
const auto kEksjo = ids::Kommunkod::parse("0686");

struct Fixture : test::PlatformFixture {
  test::HttpResult call(const std::string& method, const std::string& path, const std::string& token,
                        const std::string& body = {}) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    return client().request(method, path, body, "application/json", headers);
  }

  std::string aneby = token_for(kAneby, {"cases:read", "cases:write"});
  std::string eksjo = token_for(kEksjo, {"cases:read", "cases:write"});
  std::string aneby_reader = token_for(kAneby, {"cases:read"});
};

const std::string kCase = R"({"diary":"KS","title":"Bygglov för carport","caseType":"bygglov",
  "parties":[{"kind":"person","identity":"19121212-1212","name":"Tolvan Tolvansson","role":"sökande"},
             {"kind":"organisation","identity":"556677-8899","name":"Byggbolaget AB","role":"ombud"}]})";

/// "KS 2026/1" → "KS/2026/1"
std::string path_of(const std::string& number) {
  std::string out = number;
  out[out.find(' ')] = '/';
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(casehandling_routes_test)

BOOST_FIXTURE_TEST_CASE(register_read_prepare_and_search_over_https, Fixture) {
  const auto created = call("POST", "/api/v1/municipalities/0604/cases", aneby, kCase);
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  const std::string number = test::json_member(created.body, "number");
  BOOST_TEST(number.starts_with("KS "));
  BOOST_TEST(number.ends_with("/1"));
  const std::string base = "/api/v1/municipalities/0604/cases/" + path_of(number);

  const auto read = call("GET", base, aneby_reader);
  BOOST_TEST(read.status == 200);
  BOOST_TEST(read.body.find("Tolvan Tolvansson") != std::string::npos, "staff see the party");
  BOOST_TEST(test::json_member(read.body, "status") == "open");

  const auto prepared = call("POST", base + "/status", aneby, R"({"status":"prepared"})");
  BOOST_TEST(prepared.status == 200, prepared.body);
  BOOST_TEST(test::json_member(prepared.body, "status") == "prepared");
  const auto wrong = call("POST", base + "/status", aneby, R"({"status":"closed"})");
  BOOST_TEST(wrong.status == 409);
  BOOST_TEST(wrong.content_type.starts_with("application/problem+json"));
  BOOST_TEST(call("POST", base + "/status", aneby_reader, R"({"status":"decided"})").status == 403);
  BOOST_TEST(call("POST", base + "/status", aneby, R"({"state":"decided"})").status == 400);

  const auto history = call("GET", base + "/history", aneby_reader);
  BOOST_TEST(history.status == 200);
  BOOST_TEST(history.body.find("open -> prepared") != std::string::npos);

  // The public register needs no login and shows no private person.
  const auto found = call("GET", "/api/v1/municipalities/0604/register?q=carport", "");
  BOOST_TEST(found.status == 200);
  BOOST_TEST(found.body.find("Bygglov för carport") != std::string::npos);
  BOOST_TEST(found.body.find("Tolvan") == std::string::npos);
  BOOST_TEST(found.body.find("(privatperson)") != std::string::npos);
  BOOST_TEST(found.body.find("Byggbolaget AB") != std::string::npos);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/register?limit=0", "").status == 400);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0686/register?q=carport", "").body.find("carport") ==
             std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(another_municipality_gets_404_everywhere, Fixture) {
  const auto created = call("POST", "/api/v1/municipalities/0604/cases", aneby, kCase);
  BOOST_TEST_REQUIRE(created.status == 201);
  const std::string number = test::json_member(created.body, "number");
  const std::string base = "/api/v1/municipalities/0604/cases/" + path_of(number);

  for (const auto& [method, path, body] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"GET", base, ""},
           {"GET", base + "/history", ""},
           {"POST", base + "/status", R"({"status":"prepared"})"},
           {"POST", "/api/v1/municipalities/0604/cases", kCase}}) {
    const auto r = call(method, path, eksjo, body);
    BOOST_TEST(r.status == 404, method << " " << path << ": " << r.body);
    BOOST_TEST(r.content_type.starts_with("application/problem+json"));
    BOOST_TEST(r.body.find("Tolvan") == std::string::npos);
  }
  // Eksjö's own diary does not have Aneby's case either.
  BOOST_TEST(call("GET", "/api/v1/municipalities/0686/cases/" + path_of(number), eksjo).status == 404);
  // Unknown municipalities and malformed numbers are 404; no credentials is 401.
  BOOST_TEST(call("GET", "/api/v1/municipalities/9999/cases/" + path_of(number), aneby).status == 404);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/cases/KS/26/x", aneby).status == 404);
  BOOST_TEST(call("GET", base, "").status == 401);
  // Nothing changed: still open, and Eksjö registered nothing in Aneby.
  BOOST_TEST(test::json_member(call("GET", base, aneby).body, "status") == "open");
  const auto all = call("GET", "/api/v1/municipalities/0604/register", "");
  BOOST_TEST(all.body.find("/2\"") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(documents_links_and_reservations_over_https, Fixture) {
  const auto reserved =
      call("POST", "/api/v1/municipalities/0604/diaries/KS/reservations", aneby, R"({"note":"väntat överklagande"})");
  BOOST_TEST_REQUIRE(reserved.status == 201, reserved.body);
  const std::string reserved_number = test::json_member(reserved.body, "number");
  const auto created = call("POST", "/api/v1/municipalities/0604/cases", aneby, kCase);
  BOOST_TEST_REQUIRE(created.status == 201);
  const std::string number = test::json_member(created.body, "number");
  const std::string base = "/api/v1/municipalities/0604/cases/" + path_of(number);

  // "%PDF-1.7 test" in base64.
  const std::string pdf =
      R"({"direction":"incoming","title":"Ansökan","counterpartKind":"person","counterpart":"Tolvan Tolvansson",
          "contentType":"application/pdf","contentBase64":"JVBERi0xLjcgdGVzdA=="})";
  const auto added = call("POST", base + "/documents", aneby, pdf);
  BOOST_TEST_REQUIRE(added.status == 201, added.body);
  BOOST_TEST(test::json_member(added.body, "documentNumber") == "1");
  const std::string secret =
      R"({"direction":"drawn-up","title":"Utredning om hälsa","contentType":"text/plain",
          "contentBase64":"aGVtbGln","secrecy":"secret","secrecyReference":"OSL 26 kap. 1 §"})";
  BOOST_TEST(call("POST", base + "/documents", aneby, secret).status == 201);
  const std::string not_pdf = R"({"direction":"incoming","title":"X","contentType":"application/pdf",
          "contentBase64":"aGVtbGln"})";
  BOOST_TEST(call("POST", base + "/documents", aneby, not_pdf).status == 400);
  BOOST_TEST(call("POST", base + "/documents", aneby_reader, pdf).status == 403);
  BOOST_TEST(call("POST", base + "/documents", eksjo, pdf).status == 404);

  const auto content = call("GET", base + "/documents/1/content", aneby_reader);
  BOOST_TEST(content.status == 200);
  BOOST_TEST(content.content_type == "application/pdf");
  BOOST_TEST(content.body == "%PDF-1.7 test");
  // API clients never hold secret-document.read: the secret file stays on the server.
  const auto refused = call("GET", base + "/documents/2/content", aneby);
  BOOST_TEST(refused.status == 403);
  BOOST_TEST(refused.body.find("hemlig") == std::string::npos);
  BOOST_TEST(call("GET", base + "/documents/2/content", eksjo).status == 404);
  BOOST_TEST(call("GET", base + "/documents/9/content", aneby).status == 404);
  const auto listed = call("GET", base + "/documents", aneby_reader);
  BOOST_TEST(listed.status == 200);
  BOOST_TEST(listed.body.find("Sekretess (OSL 26 kap. 1 §)") != std::string::npos);
  // The secret document's own title stays on the server too: API clients are not entitled to it.
  BOOST_TEST(listed.body.find("Utredning om hälsa") == std::string::npos);

  const auto link = call("POST", base + "/links", aneby, R"({"to":")" + reserved_number + R"(","note":"hör ihop"})");
  BOOST_TEST(link.status == 404, "a reserved number is not a case yet");
  const auto release = call("POST", "/api/v1/municipalities/0604/reservations/" + path_of(reserved_number) + "/release",
                            aneby, R"({"reason":"kom aldrig"})");
  BOOST_TEST(release.status == 200, release.body);
  BOOST_TEST(test::json_member(release.body, "status") == "unused");
  BOOST_TEST(call("POST", "/api/v1/municipalities/0604/reservations/" + path_of(reserved_number) + "/release", aneby,
                  R"({"reason":"igen"})")
                 .status == 409);
  const auto other = call("POST", "/api/v1/municipalities/0604/cases", aneby, kCase);
  const std::string other_number = test::json_member(other.body, "number");
  BOOST_TEST(call("POST", base + "/links", aneby, R"({"to":")" + other_number + R"("})").status == 204);
  BOOST_TEST(call("GET", base, aneby_reader).body.find(other_number) != std::string::npos);

  // The public register lists the documents, the secret one masked, the private sender hidden.
  std::string query = number;
  query.replace(query.find(' '), 1, "%20");
  const auto found = call("GET", "/api/v1/municipalities/0604/register?number=" + query, "");
  BOOST_TEST(found.status == 200, found.body);
  BOOST_TEST(found.body.find("Utredning om hälsa") == std::string::npos);
  BOOST_TEST(found.body.find("Tolvan") == std::string::npos);
  BOOST_TEST(found.body.find("Ansökan") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
