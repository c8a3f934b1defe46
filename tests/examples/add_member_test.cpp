// Adding a member is configuration: Tranås (0687) joins a copy of Höglandet's cooperation the way
// docs/cooperations.md's "How a cooperation adds a municipality" says (its <municipality> with its
// product bindings, its keys and secrets, a publication, check-config, restart), with the binaries
// as built: no rebuild, no code naming it. It then gets its adapters (check-config lists its
// bindings; serve builds them), its pages and its own diary.
#include <boost/test/unit_test.hpp>

#include <map>
#include <regex>
#include <set>

#include "examples/example_fixture.hpp"
#include "support/https_client.hpp"
#include "support/serve_process.hpp"

using namespace samverkan;
namespace fs = std::filesystem;

namespace {

// The "name: value" a CLI printed, e.g. "client secret".
std::string printed(const std::string& out, const std::string& name) {
  std::smatch match;
  const std::regex pattern("(^|\\n)" + name + ":\\s*(\\S+)");
  return std::regex_search(out, match, pattern) ? match[2].str() : std::string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(add_member_test)

BOOST_AUTO_TEST_CASE(a_new_member_gets_its_adapters_pages_and_diary_without_a_rebuild) {
  test::ExampleCopy copy("hoglandet");
  copy.provision();  // the cooperation as it runs before Tranås joins
  const auto file = copy.cooperation().string();

  // 1. The cooperation file: Tranås's <municipality>, with its boards, units and bindings.
  std::string text = test::read_file(copy.cooperation());
  const auto end_of_members = text.find("  </members>");
  BOOST_REQUIRE(end_of_members != std::string::npos);
  text.insert(end_of_members, test::read_file(test::source_dir() / "tests/examples/tranas_0687.xml"));
  test::TempDir scratch;
  fs::copy_file(scratch.write("cooperation.xml", text), copy.cooperation(), fs::copy_options::overwrite_existing);

  // Until its keys exist, check-config refuses it and says which file is missing where.
  const auto unprovisioned = test::cli({"check-config", file});
  BOOST_TEST(unprovisioned.code == 1);
  BOOST_TEST(std::regex_search(unprovisioned.err, std::regex(R"(:[0-9]+: .*tranas-key\.pem does not exist)")),
             unprovisioned.err);

  // 2. Keys and secrets: provisioning makes Tranås's own, and touches nothing of the others.
  const auto provisioned = copy.provision();
  std::set<std::string> made;
  for (const auto& path : provisioned.created) {
    made.insert(path.lexically_relative(copy.folder()).string());
    BOOST_TEST(path.string().find("tranas") != std::string::npos, path.string() << " was made again");
  }
  for (const char* expected : {"secrets/minameddelanden/tranas-key.pem", "secrets/minameddelanden/tranas-cert.pem",
                               "spool/tranas/personec-export", "spool/print/tranas/jobs"}) {
    BOOST_TEST(made.contains(expected), expected);
  }
  BOOST_TEST(((fs::status(copy.folder() / "secrets/minameddelanden/tranas-key.pem").permissions() &
               (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none));

  // 3. check-config passes and lists the member with the products it binds.
  const auto checked = test::cli({"check-config", file});
  BOOST_REQUIRE_MESSAGE(checked.code == 0, checked.err);
  BOOST_TEST(checked.out.find("with 6 members") != std::string::npos, checked.out);
  std::smatch line;
  BOOST_REQUIRE_MESSAGE(std::regex_search(checked.out, line, std::regex("\\n  0687 Tranås: ([^\\n]*)")), checked.out);
  for (const char* binding :
       {"hrSystem personec-csv", "propertyAccess access-card-folder", "itServiceDesk servicedesk-rest",
        "permissionSystem permissions-rest", "printVendor print-folder", "caseSystem samverkan-diary"}) {
    BOOST_TEST(line[1].str().find(binding) != std::string::npos, line[1].str());
  }

  // 4. Restart: the same binary serves six members; serve builds Tranås's connectors (it
  // refuses to start when one cannot be built).
  test::ServeProcess serve({"--config", file, "--data", copy.data().string()}, copy.data() / "serve.log");
  test::HttpsClient client(copy.data() / "tls/dev-cert.pem", serve.port());

  // 5. Publications: Tranås adopts Eksjö's fault report with its own unit and contact.
  const std::vector<std::string> store = {"--db",       "sqlite:" + (copy.data() / "samverkan.db").string(),
                                          "--config",   file,
                                          "--key-file", (copy.data() / "keys").string()};
  auto import =
      std::vector<std::string>{"eservice", "import", (copy.folder() / "eservices/felanmalan-gata-park.xml").string()};
  import.insert(import.end(), store.begin(), store.end());
  const auto imported = test::cli(import);
  BOOST_TEST(imported.code == 0, imported.err);
  auto publish = std::vector<std::string>{"eservice",       "publish",   "felanmalan-gata-park",
                                          "--municipality", "0687",      "--unit",
                                          "gatuenheten",    "--contact", "Gatuenheten, 0140-680 00"};
  publish.insert(publish.end(), store.begin(), store.end());
  const auto published = test::cli(publish);
  BOOST_TEST(published.code == 0, published.err);

  const auto page = client.get("/e/0687");
  BOOST_TEST(page.status == 200);
  BOOST_TEST(page.body.find("Tranås kommun") != std::string::npos);
  BOOST_TEST(page.body.find("/e/0687/tjanst/felanmalan-gata-park") != std::string::npos);
  BOOST_TEST(client.get("/e/0687/brand.css").body.find("#1C4E80") != std::string::npos);

  // 6. Its diary: an API client of Tranås registers a case in Tranås's diary and reads it back;
  // Eksjö's diary, with a case of the same number, stays Eksjö's.
  const auto bearer_of = [&](const std::string& code) {
    const auto created = test::cli({"client", "create", "--db", store[1], "--key-file", store[5], "--municipality",
                                    code, "--scopes", "cases:write,cases:read"});
    BOOST_REQUIRE_MESSAGE(created.code == 0, created.err);
    const auto token = client.request("POST", "/oauth/token",
                                      "grant_type=client_credentials&client_id=" + printed(created.out, "client id") +
                                          "&client_secret=" + printed(created.out, "client secret"),
                                      "application/x-www-form-urlencoded");
    BOOST_REQUIRE_MESSAGE(token.status == 200, token.body);
    return std::map<std::string, std::string>{
        {"Authorization", "Bearer " + test::json_member(token.body, "access_token")}};
  };
  const auto register_case = [&](const std::string& code, const std::map<std::string, std::string>& bearer,
                                 const std::string& title) {
    const auto registered = client.request("POST", "/api/v1/municipalities/" + code + "/cases",
                                           R"({"diary":"KS","title":")" + title + R"(","caseType":"Medborgarförslag"})",
                                           "application/json", bearer);
    BOOST_REQUIRE_MESSAGE(registered.status == 201, registered.body);
    const auto number = test::json_member(registered.body, "number");  // "KS 2026/1"
    std::smatch parts;
    BOOST_REQUIRE_MESSAGE(std::regex_match(number, parts, std::regex("KS ([0-9]{4})/1")), number);
    return "/cases/KS/" + parts[1].str() + "/1";
  };
  const auto tranas = bearer_of("0687");
  const auto eksjo = bearer_of("0686");
  const auto path = register_case("0687", tranas, "Medborgarförslag om belysning vid Svartån");
  BOOST_TEST(register_case("0686", eksjo, "Medborgarförslag om en park i Eksjö") == path);

  const auto read = client.request("GET", "/api/v1/municipalities/0687" + path, {}, "application/json", tranas);
  BOOST_TEST(read.status == 200, read.body);
  BOOST_TEST(test::json_member(read.body, "title") == "Medborgarförslag om belysning vid Svartån");
  const auto eksjo_case = client.request("GET", "/api/v1/municipalities/0686" + path, {}, "application/json", eksjo);
  BOOST_TEST(test::json_member(eksjo_case.body, "title") == "Medborgarförslag om en park i Eksjö");
  // Tranås's client reaches only Tranås's diary: Eksjö's case answers as if it did not exist.
  BOOST_TEST(client.request("GET", "/api/v1/municipalities/0686" + path, {}, "application/json", tranas).status == 404);

  BOOST_TEST(serve.terminate() == 0, serve.log());
}

BOOST_AUTO_TEST_SUITE_END()
