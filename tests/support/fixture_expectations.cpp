#include "support/fixture_expectations.hpp"

#include <regex>

#include "support/temp_dir.hpp"

namespace samverkan::test {

std::vector<Expectation> expectations_of(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  const auto first_newline = text.find('\n');
  const auto second_newline = text.find('\n', first_newline + 1);
  const std::string line = text.substr(first_newline + 1, second_newline - first_newline - 1);
  std::vector<Expectation> result;
  static const std::regex expect_pattern(R"(expect (\d+): (.*?)\s*(\||-->))");
  for (std::sregex_iterator it(line.begin(), line.end(), expect_pattern), end; it != end; ++it) {
    result.push_back(Expectation{std::stoi((*it)[1].str()), (*it)[2].str()});
  }
  return result;
}

}  // namespace samverkan::test
