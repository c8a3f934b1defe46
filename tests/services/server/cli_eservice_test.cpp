#include <boost/test/unit_test.hpp>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <soci/soci.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/server/cli.hpp"
#include "samverkan/server/cli_eservice.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/context.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;

namespace {

struct Run {
  int code;
  std::string out;
  std::string err;
};

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct Fixture {
  test::TempDir dir;
  std::filesystem::path examples = test::source_dir() / "examples/hoglandet";
  std::filesystem::path skolskjuts = examples / "eservices/skolskjuts.xml";
  std::filesystem::path felanmalan = examples / "eservices/felanmalan-gata-park.xml";
  server::EServiceStore store;
  config::Cooperation cooperation = config::load_cooperation(examples / "cooperation.xml");
  std::ostringstream out;
  std::ostringstream err;

  Fixture() {
    store.db_url = "sqlite:" + (dir / "catalogue.db").string();
    store.key_file = dir.write_secret("keys", crypto::Keyring::format_line(crypto::Keyring::generate_key("k1")) + "\n");
    store.cooperation = examples / "cooperation.xml";
  }

  void reset() {
    out.str({});
    err.str({});
  }

  std::unique_ptr<storage::Database> open() const {
    return storage::Database::open(storage::DatabaseUrl::parse(store.db_url), 1);
  }

  // The publication as the catalogue itself reports it (reading needs no permission).
  eservices::Publication publication(const std::string& code, const std::string& service) const {
    auto db = open();
    eservices::Catalogue catalogue(cooperation);
    tenancy::Context ctx(*db, security::Principal::anonymous(), ids::Kommunkod::parse(code), SystemClock::instance(),
                         nullptr);
    return catalogue.publication(ctx, service);
  }

  int audit_count(const std::string& code, const std::string& action) const {
    auto db = open();
    auto session = db->acquire();
    int count = 0;
    *session << "SELECT COUNT(*) FROM audit_entry WHERE municipality = :m AND action = :a AND outcome = 'success'",
        soci::use(code, "m"), soci::use(action, "a"), soci::into(count);
    return count;
  }

  // skolskjuts.xml with a condition on a field that does not exist; `line` is where it is.
  std::filesystem::path broken_definition(int& line) const {
    auto xml = slurp(skolskjuts);
    const std::string good = "<showWhen field=\"reason\" equals=\"traffic\"/>";
    const auto at = xml.find(good);
    BOOST_REQUIRE(at != std::string::npos);
    xml.replace(at, good.size(), "<showWhen field=\"no-such-field\" equals=\"traffic\"/>");
    line = 1 + static_cast<int>(std::count(xml.begin(), xml.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    return dir.write("broken.xml", xml);
  }
};

Run run_binary(const std::vector<std::string>& args) {
  Poco::Pipe out_pipe, err_pipe;
  auto handle = Poco::Process::launch(SAMVERKAN_BINARY, args, nullptr, &out_pipe, &err_pipe);
  Poco::PipeInputStream out(out_pipe), err(err_pipe);
  std::string out_text(std::istreambuf_iterator<char>(out), {});
  std::string err_text(std::istreambuf_iterator<char>(err), {});
  return {handle.wait(), out_text, err_text};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_eservice_test)

BOOST_FIXTURE_TEST_CASE(check_accepts_an_example_and_reports_a_broken_definition_with_its_line, Fixture) {
  BOOST_TEST(server::run_eservice_check(skolskjuts, out, err) == 0);
  BOOST_TEST(out.str() == "ok: skolskjuts version 1\n");
  BOOST_TEST(err.str().empty());

  reset();
  int line = 0;
  const auto broken = broken_definition(line);
  BOOST_TEST(server::run_eservice_check(broken, out, err) == 1);
  BOOST_TEST(out.str().empty());
  const auto expected = broken.string() + ":" + std::to_string(line) + ": ";
  BOOST_TEST(err.str().find(expected) == 0u, err.str());
  BOOST_TEST(err.str().find("no-such-field") != std::string::npos);

  reset();
  BOOST_TEST(server::run_eservice_check(dir / "missing.xml", out, err) == 1);
  BOOST_TEST(!err.str().empty());
}

BOOST_FIXTURE_TEST_CASE(import_twice_is_a_no_op_the_second_time, Fixture) {
  BOOST_TEST(server::run_eservice_import(store, skolskjuts, out, err) == 0, err.str());
  BOOST_TEST(out.str().find("imported skolskjuts version 1 (owner 0682") == 0u);
  BOOST_TEST(audit_count("0682", "eservice.import") == 1);

  reset();
  BOOST_TEST(server::run_eservice_import(store, skolskjuts, out, err) == 0, err.str());
  BOOST_TEST(out.str() == "skolskjuts version 1 is already in the catalogue with the same bytes; nothing to do\n");
  BOOST_TEST(audit_count("0682", "eservice.import") == 1);

  // Another key file than the database was written with is refused before anything changes.
  reset();
  auto other_keys = store;
  other_keys.key_file =
      dir.write_secret("other-keys", crypto::Keyring::format_line(crypto::Keyring::generate_key("k1")) + "\n");
  BOOST_TEST(server::run_eservice_import(other_keys, felanmalan, out, err) == 1);
  BOOST_TEST(err.str().find("samverkan eservice import: ") == 0u);
  BOOST_TEST(audit_count("0686", "eservice.import") == 0);

  // Other bytes for the same version: the catalogue's Conflict.
  reset();
  auto changed = slurp(skolskjuts);
  changed.replace(changed.find("Ansökan om skolskjuts"), 6, "Ansöka");
  BOOST_TEST(server::run_eservice_import(store, dir.write("changed.xml", changed), out, err) == 1);
  BOOST_TEST(err.str().find("samverkan eservice import: ") == 0u);

  reset();
  int line = 0;
  BOOST_TEST(server::run_eservice_import(store, broken_definition(line), out, err) == 1);
  BOOST_TEST(err.str().find(":" + std::to_string(line) + ": ") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(publish_with_overrides_shows_in_the_catalogue_and_withdraw_ends_it, Fixture) {
  BOOST_REQUIRE(server::run_eservice_import(store, skolskjuts, out, err) == 0);
  reset();
  server::EServicePublishRequest request;
  request.service_id = "skolskjuts";
  request.municipality = "0682";
  request.title = "Skolskjuts i Nässjö";
  request.unit = "skolskjuts";
  request.contact = "Skolskjutsenheten, 0380-51 80 00";
  request.fees = "Avgiftsfri";
  BOOST_TEST(server::run_eservice_publish(store, request, out, err) == 0, err.str());
  BOOST_TEST(out.str() == "published skolskjuts version 1 in 0682\n");

  auto published = publication("0682", "skolskjuts");
  BOOST_TEST((published.status == eservices::PublicationStatus::kPublished));
  BOOST_TEST(published.version == 1);
  BOOST_TEST(published.title().sv == "Skolskjuts i Nässjö");
  BOOST_TEST(published.overrides.handling_unit == "skolskjuts");
  BOOST_TEST(published.overrides.contact == "Skolskjutsenheten, 0380-51 80 00");
  BOOST_REQUIRE(published.overrides.fees.has_value());
  BOOST_TEST(published.overrides.fees->sv == "Avgiftsfri");
  BOOST_TEST(!published.overrides.information.has_value());
  BOOST_TEST(audit_count("0682", "eservice.publish") == 1);

  // The same again changes nothing; another contact re-publishes.
  reset();
  BOOST_TEST(server::run_eservice_publish(store, request, out, err) == 0);
  BOOST_TEST(out.str().find("already published in 0682") != std::string::npos);
  BOOST_TEST(audit_count("0682", "eservice.publish") == 1);
  request.contact = "Kontaktcenter";
  BOOST_TEST(server::run_eservice_publish(store, request, out, err) == 0);
  BOOST_TEST(publication("0682", "skolskjuts").overrides.contact == "Kontaktcenter");
  BOOST_TEST(audit_count("0682", "eservice.publish") == 2);

  reset();
  BOOST_TEST(server::run_eservice_withdraw(store, "skolskjuts", "0682", out, err) == 0, err.str());
  BOOST_TEST(out.str() == "withdrew skolskjuts in 0682\n");
  BOOST_TEST((publication("0682", "skolskjuts").status == eservices::PublicationStatus::kWithdrawn));
  BOOST_TEST(audit_count("0682", "eservice.withdraw") == 1);

  reset();
  BOOST_TEST(server::run_eservice_withdraw(store, "skolskjuts", "0682", out, err) == 1);
  BOOST_TEST(err.str().find("samverkan eservice withdraw: ") == 0u);
}

BOOST_FIXTURE_TEST_CASE(publish_failures_are_the_catalogues_errors, Fixture) {
  BOOST_REQUIRE(server::run_eservice_import(store, skolskjuts, out, err) == 0);
  reset();
  server::EServicePublishRequest request;
  request.service_id = "skolskjuts";
  request.municipality = "0604";  // Aneby has no unit "skolskjuts"
  request.unit = "skolskjuts";
  BOOST_TEST(server::run_eservice_publish(store, request, out, err) == 1);
  BOOST_TEST(err.str().find("samverkan eservice publish: ") == 0u);
  BOOST_TEST(err.str().find("skolskjuts") != std::string::npos);
  BOOST_CHECK_THROW(publication("0604", "skolskjuts"), NotFound);

  reset();
  request.unit.clear();
  request.version = 2;
  BOOST_TEST(server::run_eservice_publish(store, request, out, err) == 1);
  request.version.reset();
  request.service_id = "no-such-service";
  BOOST_TEST(server::run_eservice_publish(store, request, out, err) == 1);
  request.municipality = "12";
  BOOST_TEST(server::run_eservice_publish(store, request, out, err) == 2);
}

BOOST_FIXTURE_TEST_CASE(through_the_binary, Fixture) {
  const std::vector<std::string> db = {
      "--db", store.db_url, "--key-file", store.key_file.string(), "--config", store.cooperation.string()};
  auto with_db = [&](std::vector<std::string> args) {
    args.insert(args.end(), db.begin(), db.end());
    return run_binary(args);
  };

  auto run = run_binary({"eservice", "check", felanmalan.string()});
  BOOST_TEST(run.code == 0);
  BOOST_TEST(run.out == "ok: felanmalan-gata-park version 1\n");
  int line = 0;
  const auto broken = broken_definition(line);
  run = run_binary({"eservice", "check", broken.string()});
  BOOST_TEST(run.code == 1);
  BOOST_TEST(run.err.find(broken.string() + ":" + std::to_string(line) + ": ") == 0u, run.err);

  run = with_db({"eservice", "import", felanmalan.string()});
  BOOST_TEST(run.code == 0, run.err);
  run = with_db({"eservice", "import", felanmalan.string()});
  BOOST_TEST(run.code == 0, run.err);
  BOOST_TEST(run.out.find("nothing to do") != std::string::npos);

  run = with_db({"eservice", "publish", "felanmalan-gata-park", "--municipality", "0685", "--unit", "gatuenheten",
                 "--title", "Felanmälan i Vetlanda", "--information", "Akut fel: ring 0383-970 00"});
  BOOST_TEST(run.code == 0, run.err);
  const auto published = publication("0685", "felanmalan-gata-park");
  BOOST_TEST(published.title().sv == "Felanmälan i Vetlanda");
  BOOST_TEST(published.overrides.handling_unit == "gatuenheten");
  BOOST_REQUIRE(published.overrides.information.has_value());
  BOOST_TEST(published.overrides.information->sv == "Akut fel: ring 0383-970 00");

  run = with_db({"eservice", "publish", "felanmalan-gata-park", "--municipality", "0604", "--unit", "gatuenheten"});
  BOOST_TEST(run.code == 1);
  BOOST_TEST(run.err.find("samverkan eservice publish: ") == 0u);

  run = with_db({"eservice", "withdraw", "felanmalan-gata-park", "--municipality", "0685"});
  BOOST_TEST(run.code == 0, run.err);
  BOOST_TEST((publication("0685", "felanmalan-gata-park").status == eservices::PublicationStatus::kWithdrawn));

  for (const auto& usage : std::vector<std::vector<std::string>>{
           {"eservice"},
           {"eservice", "frobnicate", "x"},
           {"eservice", "check"},
           {"eservice", "publish", "felanmalan-gata-park", "--db", store.db_url},
           {"eservice", "withdraw", "felanmalan-gata-park", "--municipality", "0685"},
           {"eservice", "publish", "felanmalan-gata-park", "--municipality", "0685", "--version", "many"}}) {
    run = run_binary(usage);
    BOOST_TEST(run.code == 2, usage.size() << " args: " << run.err);
  }
}

BOOST_AUTO_TEST_SUITE_END()
