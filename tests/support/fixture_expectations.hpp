#pragma once
// Bad-fixture checks shared by the tests of our XML files (cooperation, adapter settings,
// e-service definitions). Every bad fixture says what it must produce in a comment on its
// second line, so the comment cannot shift the lines it talks about:
//   <!-- expect 51: duplicate municipality 0604 | expect 60: ... -->
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace samverkan::test {

struct Expectation {
  int line;
  std::string fragment;  ///< must occur in the diagnostic's message
};

/// The expectations announced on `file`'s second line.
std::vector<Expectation> expectations_of(const std::filesystem::path& file);

/// "\n  line: message" per diagnostic, for failure messages.
template <class Diagnostic>
std::string describe(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) text += "\n  " + std::to_string(d.line) + ": " + d.message;
  return text;
}

/// Checks that `diagnostics`, produced by loading `file`, are exactly the announced ones:
/// each expectation matched by its own diagnostic of that file and line whose message contains
/// the fragment, and no other diagnostic (so libxml2's noise stays out).
template <class Diagnostic>
void check_announced_diagnostics(const std::filesystem::path& file, const std::vector<Diagnostic>& diagnostics) {
  const std::vector<Expectation> expected = expectations_of(file);
  BOOST_REQUIRE_MESSAGE(!expected.empty(), "the fixture has no 'expect N: ...' comment on line 2");
  BOOST_REQUIRE_MESSAGE(!diagnostics.empty(), "the file was accepted");
  std::set<std::size_t> used;
  for (const auto& expectation : expected) {
    std::size_t match = diagnostics.size();
    for (std::size_t i = 0; i < diagnostics.size() && match == diagnostics.size(); ++i) {
      const auto& d = diagnostics[i];
      if (!used.contains(i) && d.file == file.string() && d.line == expectation.line &&
          d.message.find(expectation.fragment) != std::string::npos) {
        match = i;
      }
    }
    BOOST_TEST(match != diagnostics.size(), "no diagnostic at line " << expectation.line << " with \""
                                                                     << expectation.fragment
                                                                     << "\"; got:" << describe(diagnostics));
    used.insert(match);
  }
  BOOST_TEST(diagnostics.size() == expected.size(), "more diagnostics than announced; got:" << describe(diagnostics));
}

}  // namespace samverkan::test
