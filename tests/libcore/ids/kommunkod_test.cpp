#include "samverkan/ids/kommunkod.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "samverkan/core/error.hpp"
#include "support/temp_dir.hpp"

namespace ids = samverkan::ids;
using samverkan::InvalidInput;

namespace {

// A predicate for BOOST_CHECK_EXCEPTION: what() contains `expected` (reported when not).
auto message_contains(std::string expected) {
  return [expected = std::move(expected)](const InvalidInput& e) {
    const std::string what = e.what();
    const bool found = what.find(expected) != std::string::npos;
    BOOST_CHECK_MESSAGE(found, "message \"" << what << "\" lacks \"" << expected << "\"");
    return found;
  };
}

struct Municipality {
  std::string code;
  std::string name;
  std::string county_code;
};

// The 290 municipalities of the shared reference list (code,name,short name,county code).
std::vector<Municipality> load_municipalities() {
  const std::string text =
      samverkan::test::read_file(samverkan::test::shared_dir() / "reference/ids/kommunkoder_municipalities.csv");
  std::vector<Municipality> out;
  std::size_t begin = 0;
  bool header = true;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(begin, end - begin);
    begin = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (header) {
      header = false;
      continue;
    }
    const std::size_t first = line.find(',');
    const std::size_t last = line.rfind(',');
    BOOST_REQUIRE(first != std::string::npos && last > first);
    out.push_back(
        {line.substr(0, first), line.substr(first + 1, line.find(',', first + 1) - first - 1), line.substr(last + 1)});
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kommunkod_test)

BOOST_AUTO_TEST_CASE(every_municipality_in_the_reference_list_is_accepted) {
  const auto municipalities = load_municipalities();
  BOOST_REQUIRE_EQUAL(municipalities.size(), 290U);
  for (const auto& m : municipalities) {
    BOOST_TEST_CONTEXT(m.code << " " << m.name) {
      const auto code = ids::Kommunkod::parse(m.code);
      BOOST_TEST(code.str() == m.code);
      BOOST_TEST(code.county_code() == m.county_code);
      BOOST_TEST(!code.county_name().empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(county_codes) {
  const auto sundsvall = ids::Kommunkod::parse("2281");
  BOOST_TEST(sundsvall.county_code() == "22");
  BOOST_TEST(sundsvall.county_name() == "Västernorrlands län");
  BOOST_TEST(ids::Kommunkod::parse("0604").county_name() == "Jönköpings län");
  BOOST_TEST(ids::Kommunkod::parse("0180").county_name() == "Stockholms län");
  BOOST_TEST(ids::Kommunkod::parse("2584").county_name() == "Norrbottens län");

  // Exactly the 21 county codes are accepted among the 100 two-digit prefixes.
  const std::vector<std::string> counties = {"01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
                                             "14", "17", "18", "19", "20", "21", "22", "23", "24", "25"};
  int accepted = 0;
  for (int county = 0; county < 100; ++county) {
    const std::string prefix{static_cast<char>('0' + county / 10), static_cast<char>('0' + county % 10)};
    const bool expected = std::find(counties.begin(), counties.end(), prefix) != counties.end();
    if (expected) {
      BOOST_CHECK_NO_THROW(ids::Kommunkod::parse(prefix + "80"));
      ++accepted;
    } else {
      BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse(prefix + "80"), InvalidInput,
                            message_contains("unknown county code " + prefix));
    }
  }
  BOOST_TEST(accepted == 21);
}

BOOST_AUTO_TEST_CASE(whitespace_is_trimmed_around_only) {
  BOOST_TEST(ids::Kommunkod::parse(" \t2281\n").str() == "2281");
  BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse("22 81"), InvalidInput,
                        message_contains("kommunkod must be 4 digits, got 5 characters"));
  BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse("2 81"), InvalidInput,
                        message_contains("character ' ' at position 2 is not a digit"));
}

BOOST_AUTO_TEST_CASE(rejections_say_why) {
  BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse(""), InvalidInput,
                        message_contains("kommunkod must be 4 digits, got 0 characters"));
  BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse("   "), InvalidInput,
                        message_contains("kommunkod must be 4 digits, got 0 characters"));
  BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse("604"), InvalidInput,
                        message_contains("kommunkod must be 4 digits, got 3 characters"));
  BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse("06041"), InvalidInput,
                        message_contains("kommunkod must be 4 digits, got 5 characters"));
  BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse("06O4"), InvalidInput,
                        message_contains("character 'O' at position 3 is not a digit"));
  BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse("-604"), InvalidInput,
                        message_contains("character '-' at position 1 is not a digit"));
  BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse("2781"), InvalidInput, message_contains("unknown county code 27"));
  BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse("0000"), InvalidInput, message_contains("unknown county code 00"));
  BOOST_CHECK_EXCEPTION(ids::Kommunkod::parse("1180"), InvalidInput, message_contains("unknown county code 11"));
}

BOOST_AUTO_TEST_CASE(comparison) {
  BOOST_TEST((ids::Kommunkod::parse("0604") == ids::Kommunkod::parse(" 0604")));
  BOOST_TEST((ids::Kommunkod::parse("0180") < ids::Kommunkod::parse("2281")));
}

BOOST_AUTO_TEST_SUITE_END()
