// Every example cooperation served by the real `samverkan serve` (the built binary, real HTTPS on a
// free port, a temporary data folder), after provisioning a copy of it and filling its catalogue
// from its eservices/ as scripts/run.sh does: /health is ok, and every member's citizen pages
// answer with that member's name and the e-services it publishes (piloted or adopted).
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "examples/example_fixture.hpp"
#include "examples/publish_list.hpp"
#include "samverkan/config/cooperation.hpp"
#include "support/https_client.hpp"
#include "support/serve_process.hpp"

using namespace samverkan;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(examples_serve_test)

BOOST_AUTO_TEST_CASE(every_example_serves_every_member_its_pages) {
  for (const auto& example : test::kExamples) {
    BOOST_TEST_CONTEXT(example) {
      test::ExampleCopy copy(example);
      copy.provision();
      const auto cooperation = config::load_cooperation(copy.cooperation());

      // The catalogue, as run.sh fills it: import every definition, publish every line.
      const std::vector<std::string> store = {"--db",       "sqlite:" + (copy.data() / "samverkan.db").string(),
                                              "--config",   copy.cooperation().string(),
                                              "--key-file", (copy.data() / "keys").string()};
      const auto with_store = [&](std::vector<std::string> args) {
        args.insert(args.end(), store.begin(), store.end());
        return args;
      };
      for (const auto& entry : fs::directory_iterator(copy.folder() / "eservices")) {
        if (entry.path().extension() != ".xml") continue;
        const auto imported = test::cli(with_store({"eservice", "import", entry.path().string()}));
        BOOST_TEST(imported.code == 0, imported.err);
      }
      std::map<std::string, std::set<std::string>> published;  // kommunkod -> service ids
      for (const auto& publication : test::read_publish_list(copy.folder() / "eservices/publish.txt")) {
        const auto run = test::cli(with_store(test::publish_arguments(publication)));
        BOOST_TEST(run.code == 0, "publish.txt line " << publication.line << ": " << run.err);
        published[publication.municipality].insert(publication.service);
      }

      test::ServeProcess serve({"--config", copy.cooperation().string(), "--data", copy.data().string()},
                               copy.data() / "serve.log");
      test::HttpsClient client(copy.data() / "tls/dev-cert.pem", serve.port());
      const auto health = client.get("/health");
      BOOST_TEST(health.status == 200);
      BOOST_TEST(test::json_member(health.body, "status") == "ok");

      for (const auto& member : cooperation.members) {
        BOOST_TEST_CONTEXT(member.code.str()) {
          const auto page = client.get("/e/" + member.code.str());
          BOOST_TEST(page.status == 200);
          BOOST_TEST(page.body.find(member.name) != std::string::npos, "the page does not name " << member.name);
          for (const auto& service : published[member.code.str()]) {
            BOOST_TEST(page.body.find("/e/" + member.code.str() + "/tjanst/" + service) != std::string::npos,
                       "the page does not offer " << service);
          }
        }
      }
      // A kommunkod that is not a member is not served.
      BOOST_TEST(client.get("/e/0114").status == 404);
      BOOST_TEST(serve.terminate() == 0, serve.log());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
