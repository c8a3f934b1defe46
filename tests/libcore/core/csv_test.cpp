#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "samverkan/core/csv.hpp"

using namespace samverkan;
using Fields = std::vector<std::string>;

namespace {

// The reason and line of the ParseError `text` raises (fails the test when it parses).
std::pair<std::size_t, std::string> refusal(const std::string& text, char separator = ',') {
  try {
    csv::read(text, separator);
  } catch (const csv::ParseError& e) {
    BOOST_TEST(std::string(e.what()) == "line " + std::to_string(e.line()) + ": " + e.reason());
    return {e.line(), e.reason()};
  }
  BOOST_FAIL("accepted: " << text);
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_test)

BOOST_AUTO_TEST_CASE(separators_and_quoted_fields) {
  const auto records = csv::read("a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\n", ',');
  BOOST_REQUIRE_EQUAL(records.size(), 2U);
  BOOST_TEST(records[0].fields == (Fields{"a", "b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(records[1].fields == (Fields{"x,1", "say \"hi\"", ""}), boost::test_tools::per_element());
  // The separator is the dialect's: a comma is text in a ';' file.
  const auto swedish = csv::read("namn;belopp\nAnna;1,5\n", ';');
  BOOST_TEST(swedish[1].fields == (Fields{"Anna", "1,5"}), boost::test_tools::per_element());
  BOOST_TEST(csv::read("a;b", ',')[0].fields == Fields{"a;b"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(line_breaks_end_records_and_stay_inside_quotes) {
  const auto records = csv::read(
      "\xEF\xBB\xBF"
      "h1,h2\r\n\r\n\"multi\r\nline\",z\r\n\"\"\nlast,\rcr,only",
      ',');
  BOOST_REQUIRE_EQUAL(records.size(), 5U);
  BOOST_TEST(records[0].fields == (Fields{"h1", "h2"}), "the byte-order mark is skipped");
  BOOST_TEST(records[0].line == 1U);
  BOOST_TEST(records[1].fields == (Fields{"multi\r\nline", "z"}), boost::test_tools::per_element());
  BOOST_TEST(records[1].line == 3U, "the empty line 2 is no record");
  BOOST_TEST(records[2].fields == Fields{""}, "a line holding \"\" is a record with one empty field");
  BOOST_TEST(records[2].line == 5U, "a line break inside quotes counts");
  BOOST_TEST(records[3].fields == (Fields{"last", ""}), boost::test_tools::per_element());
  BOOST_TEST(records[4].fields == (Fields{"cr", "only"}), "a lone CR ends a record too");
  BOOST_TEST(records[4].line == 7U);
  BOOST_TEST(csv::read("", ',').empty());
  BOOST_TEST(csv::read("\n\r\n", ',').empty());
}

BOOST_AUTO_TEST_CASE(text_after_a_closing_quote_is_refused) {
  BOOST_TEST((refusal("a,\"x\"y\n") == std::make_pair(std::size_t{1}, std::string("text after a closing quote"))));
  BOOST_TEST((refusal("ok\n\"x\" ,b\n") == std::make_pair(std::size_t{2}, std::string("text after a closing quote"))),
             "not even a space");
  BOOST_TEST((refusal("a,b\"c\n") == std::make_pair(std::size_t{1}, std::string("a quote inside an unquoted field"))));
}

BOOST_AUTO_TEST_CASE(an_unclosed_quote_names_the_line_its_record_starts_on) {
  BOOST_TEST((refusal("a,b\nc,\"open\nstill\nopen") ==
              std::make_pair(std::size_t{2}, std::string("a quoted field is not closed"))));
  BOOST_CHECK_THROW(csv::read("\"", ','), InvalidInput);
}

BOOST_AUTO_TEST_CASE(a_written_line_reads_back_as_the_same_fields) {
  const Fields fields{"plain", "with;separator", "say \"hi\"", "two\nlines", ""};
  const std::string line = csv::format_line(fields, ';');
  BOOST_TEST(line == "plain;\"with;separator\";\"say \"\"hi\"\"\";\"two\nlines\";\r\n");
  const auto back = csv::read(line, ';');
  BOOST_REQUIRE_EQUAL(back.size(), 1U);
  BOOST_TEST(back[0].fields == fields, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_field_starting_with_a_byte_order_mark_is_quoted_so_it_reads_back) {
  const Fields fields{"\xEF\xBB\xBFmark", "b"};
  const std::string line = csv::format_line(fields, ',');
  BOOST_TEST(line == "\"\xEF\xBB\xBFmark\",b\r\n");
  const auto back = csv::read(line, ',');
  BOOST_REQUIRE_EQUAL(back.size(), 1U);
  BOOST_TEST(back[0].fields == fields, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
