#pragma once
// The Prometheus text format (0.0.4), read strictly, for the tests that scrape a metrics page:
// HELP then TYPE before a family's samples, names and labels as the format allows them, each
// family once, each label set once, values as numbers, every line ending in a line feed.
#include <boost/test/unit_test.hpp>

#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace samverkan::test {

/// Every sample of `text` as "name{labels}" -> value text; a line that breaks the format fails
/// the test with the line.
inline std::map<std::string, std::string> parse_metrics(const std::string& text) {
  static const std::regex help(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) [^\n]*)");
  static const std::regex type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  static const std::regex sample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:\\.|[^"\\])*")"
      R"((?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:\\.|[^"\\])*")*\})? (NaN|[+-]Inf|-?[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?))");
  std::map<std::string, std::string> samples;
  std::set<std::string> families;
  std::string helped, typed, kind;
  BOOST_TEST_REQUIRE((!text.empty() && text.back() == '\n'), "every line ends in a line feed");
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (std::regex_match(line, m, help)) {
      BOOST_TEST(families.insert(m[1]).second, "family " << m[1] << " once");
      helped = m[1];
    } else if (std::regex_match(line, m, type)) {
      BOOST_TEST(m[1] == helped, "TYPE follows its HELP: " << line);
      typed = m[1];
      kind = m[2];
    } else if (std::regex_match(line, m, sample)) {
      const std::string name = m[1];
      const bool histogram_part =
          kind == "histogram" && (name == typed + "_bucket" || name == typed + "_sum" || name == typed + "_count");
      BOOST_TEST((name == typed || histogram_part), "a sample of the family declared last: " << line);
      BOOST_TEST(samples.emplace(name + m[2].str(), m[3]).second, "one sample per label set: " << line);
    } else {
      BOOST_ERROR("not a line of the text format: " << line);
    }
  }
  return samples;
}

}  // namespace samverkan::test
