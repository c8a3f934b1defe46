// The five example cooperations (examples/<name>/): what the domain brief asks of them (real
// kommunkoder, members on different systems, Sydnärke's hiring kinds bound everywhere, who piloted
// and who adopted each e-service), and that `samverkan check-config` refuses each one before
// provisioning, naming the missing file with file:line, and passes it after.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "examples/example_fixture.hpp"
#include "examples/publish_list.hpp"
#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/eservices/definition.hpp"

using namespace samverkan;
namespace fs = std::filesystem;

namespace {

config::Cooperation load_example(const std::string& name) {
  return config::load_cooperation(test::source_dir() / "examples" / name / "cooperation.xml");
}

// SCB's kommunkoder: code -> the municipality's name ("Ljusdals kommun").
std::map<std::string, std::string> scb_municipalities() {
  std::ifstream in(test::shared_dir() / "reference/ids/kommunkoder_municipalities.csv");
  BOOST_REQUIRE_MESSAGE(in, "the SCB list is missing from ../shared/reference/ids");
  std::map<std::string, std::string> names;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string code, name;
    std::getline(fields, code, ',');
    std::getline(fields, name, ',');
    names[code] = name;
  }
  return names;
}

// What `member` binds for `kind`: the product key, or "" when it binds none.
std::string product_of(const config::Municipality& member, adapters::AdapterKind kind) {
  const auto* binding = member.adapters.find(kind);
  return binding != nullptr ? binding->product() : std::string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(examples_test)

BOOST_AUTO_TEST_CASE(the_five_cooperations_have_their_real_members) {
  const std::map<std::string, std::vector<std::string>> members = {
      {"hoglandet", {"0604", "0686", "0682", "0684", "0685"}},
      {"halsingland", {"2132", "2161", "2184", "2121", "2183", "2182"}},
      {"goliska", {"1471", "1494", "1495", "1444", "1445", "1470"}},
      {"sydnarke", {"1814", "1882", "1861", "1860"}},
      {"gislaved", {"0662"}},
  };
  const auto scb = scb_municipalities();
  for (const auto& example : test::kExamples) {
    BOOST_TEST_CONTEXT(example) {
      const auto cooperation = load_example(example);
      BOOST_TEST(cooperation.id == example);
      std::vector<std::string> codes;
      for (const auto& member : cooperation.members) {
        codes.push_back(member.code.str());
        BOOST_TEST_CONTEXT(member.code.str()) {
          BOOST_REQUIRE(scb.contains(member.code.str()));
          BOOST_TEST(member.name == scb.at(member.code.str()));
          BOOST_TEST(member.boards.size() >= 4U);
          BOOST_TEST(!member.units.empty());
          BOOST_TEST(member.digital_mail.has_value());
        }
      }
      BOOST_TEST(codes == members.at(example), boost::test_tools::per_element());
    }
  }
  BOOST_TEST(load_example("sydnarke").host.str() == "1814");
  BOOST_TEST(load_example("gislaved").host.str() == "0662");
}

BOOST_AUTO_TEST_CASE(members_of_one_cooperation_use_different_hr_case_and_print_systems) {
  for (const auto& example : test::kExamples) {
    const auto cooperation = load_example(example);
    if (cooperation.members.size() < 2) continue;
    for (const auto kind :
         {adapters::AdapterKind::kHrSystem, adapters::AdapterKind::kCaseSystem, adapters::AdapterKind::kPrintVendor}) {
      std::set<std::string> products;
      for (const auto& member : cooperation.members) products.insert(product_of(member, kind));
      BOOST_TEST(products.size() >= 2U, example << ": every member has the same " << adapters::to_string(kind));
    }
  }
}

BOOST_AUTO_TEST_CASE(sydnarke_binds_the_hiring_kinds_for_every_member_to_different_backends) {
  const auto cooperation = load_example("sydnarke");
  for (const auto kind : {adapters::AdapterKind::kHrSystem, adapters::AdapterKind::kItServiceDesk,
                          adapters::AdapterKind::kPropertyAccess, adapters::AdapterKind::kPermissionSystem}) {
    std::set<std::string> products, backends;
    for (const auto& member : cooperation.members) {
      auto binding = member.adapters.find(kind) != nullptr ? std::optional(*member.adapters.find(kind)) : std::nullopt;
      BOOST_REQUIRE_MESSAGE(binding, member.short_name << " binds no " << adapters::to_string(kind));
      products.insert(binding->product());
      // Where it is reached: its REST API (and customer or tenant), or its folders.
      std::string backend;
      if (binding->has_rest_api()) backend += binding->rest_api().base_url;
      if (binding->has_outbox()) backend += binding->outbox().directory.string();
      if (binding->has_csv_export()) backend += binding->csv_export().directory.string();
      for (const char* option : {"customer", "tenant"}) {
        if (binding->has_option(option)) backend += "|" + binding->option(option);
      }
      backends.insert(backend);
    }
    // Each member is its own customer (or tenant, or folder) of what it uses...
    BOOST_TEST(backends.size() >= 3U, adapters::to_string(kind));
    // ... and HR and access cards run on different products, not one per cooperation.
    if (kind == adapters::AdapterKind::kHrSystem || kind == adapters::AdapterKind::kPropertyAccess) {
      BOOST_TEST(products.size() >= 2U, adapters::to_string(kind));
    }
  }
}

BOOST_AUTO_TEST_CASE(each_e_service_is_piloted_by_its_owner_and_adopted_by_others) {
  for (const auto& example : test::kExamples) {
    BOOST_TEST_CONTEXT(example) {
      const auto folder = test::source_dir() / "examples" / example / "eservices";
      const auto cooperation = load_example(example);
      const auto publications = test::read_publish_list(folder / "publish.txt");
      std::map<std::string, std::set<std::string>> publishers;  // service id -> kommunkoder
      for (const auto& publication : publications) {
        BOOST_TEST_CONTEXT("line " << publication.line) {
          const auto* member = cooperation.find(ids::Kommunkod::parse(publication.municipality));
          BOOST_REQUIRE(member != nullptr);
          const bool unit_exists = std::any_of(member->units.begin(), member->units.end(),
                                               [&](const config::Unit& unit) { return unit.id == publication.unit; });
          BOOST_TEST(unit_exists, publication.unit << " is not a unit of " << member->short_name);
          BOOST_TEST(publishers[publication.service].insert(publication.municipality).second, "published twice");
        }
      }
      std::size_t definitions = 0;
      for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.path().extension() != ".xml") continue;
        ++definitions;
        const auto definition = eservices::load_definition_file(entry.path());
        BOOST_TEST_CONTEXT(definition.id()) {
          BOOST_TEST(cooperation.find(definition.owner()) != nullptr, "owned by a non-member");
          const auto& by = publishers[definition.id()];
          BOOST_TEST(by.contains(definition.owner().str()), "the pilot (its owner) does not publish it");
          if (cooperation.members.size() > 1) BOOST_TEST(by.size() >= 2U, "no other member adopted it");
        }
      }
      BOOST_TEST(definitions == 3U);
      BOOST_TEST(publishers.size() == definitions, "publish.txt names an e-service this example does not define");
    }
  }
}

BOOST_AUTO_TEST_CASE(check_config_refuses_each_unprovisioned_example_with_file_and_line_then_passes_it) {
  for (const auto& example : test::kExamples) {
    BOOST_TEST_CONTEXT(example) {
      test::ExampleCopy copy(example);
      const auto file = copy.cooperation().string();

      const auto refused = test::cli({"check-config", file});
      BOOST_TEST(refused.code == 1);
      // Every missing file is named at the line of the element that names it.
      std::string pattern = "^";
      pattern += std::regex_replace(file, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
      pattern += R"(:([0-9]+): .*?(\S+) does not exist)";
      const std::regex missing(pattern);
      std::istringstream lines(refused.err);
      const auto cooperation_lines = [&] {
        std::vector<std::string> all;
        std::istringstream text(test::read_file(copy.cooperation()));
        for (std::string line; std::getline(text, line);) all.push_back(line);
        return all;
      }();
      int reported = 0;
      for (std::string line; std::getline(lines, line);) {
        std::smatch match;
        if (!std::regex_search(line, match, missing)) continue;
        ++reported;
        const auto at = static_cast<std::size_t>(std::stoi(match[1]));
        const auto name = fs::path(match[2].str()).filename().string();
        BOOST_REQUIRE(at >= 1 && at <= cooperation_lines.size());
        // libxml2 gives the line where the start tag ends, which may be the line after the
        // attribute (keyFile="..." on one line, certificateFile="..."/> on the next).
        const std::string element = (at > 1 ? cooperation_lines[at - 2] : "") + cooperation_lines[at - 1];
        BOOST_TEST(element.find(name) != std::string::npos, line);
      }
      BOOST_TEST(reported > 0, refused.err);

      copy.provision();
      const auto passed = test::cli({"check-config", file});
      BOOST_TEST(passed.code == 0, passed.err);
      BOOST_TEST(passed.out.find(file + ": valid") == 0U, passed.out);
      BOOST_TEST(passed.err.empty(), passed.err);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
