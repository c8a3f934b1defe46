#include "samverkan/core/text.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "samverkan/core/error.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(text_test)

BOOST_AUTO_TEST_CASE(utf8_length_counts_code_points) {
  BOOST_TEST(text::utf8_length("").value() == 0U);
  BOOST_TEST(text::utf8_length("Nässjö").value() == 6U);
  BOOST_TEST(text::utf8_length("€☃𝄞").value() == 3U, "three-, three- and four-byte forms");
}

BOOST_AUTO_TEST_CASE(malformed_utf8_is_refused_in_every_form) {
  for (const std::string& bad : {std::string("\xC3"),              // truncated
                                 std::string("abc\xE2\x82"),       // truncated three-byte form
                                 std::string("\xC0\xAF"),          // overlong '/'
                                 std::string("\xE0\x80\xAF"),      // overlong three-byte
                                 std::string("\xED\xA0\x80"),      // surrogate U+D800
                                 std::string("\xF4\x90\x80\x80"),  // past U+10FFFF
                                 std::string("\x80"),              // lone continuation byte
                                 std::string("ok\xFFok")}) {
    BOOST_TEST(!text::is_valid_utf8(bad), "accepted: " << bad.size() << " bytes");
  }
}

BOOST_AUTO_TEST_CASE(positive_numbers_are_plain_digits_from_one) {
  BOOST_TEST(text::positive_number("1", 6).value() == 1);
  BOOST_TEST(text::positive_number("2026", 4).value() == 2026);
  BOOST_TEST(text::positive_number("999999999", 9).value() == 999999999);
  // Longer than allowed, and never past nine digits (an int) whatever is asked.
  BOOST_TEST(!text::positive_number("12345", 4));
  BOOST_TEST(!text::positive_number("1234567890", 12));
  // Zero, a leading zero, a sign, spaces, other digits and an empty text are not numbers here.
  for (const char* bad : {"", "0", "007", "-1", "+1", " 1", "1 ", "1.0", "1e3", "١", "12a"}) {
    BOOST_TEST(!text::positive_number(bad, 6), bad);
  }
}

BOOST_AUTO_TEST_CASE(control_characters_are_found) {
  BOOST_TEST(!text::has_control_character("Storgatan 1, 575 80 Eksjö"));
  BOOST_TEST(text::has_control_character("a\tb"));
  BOOST_TEST(text::has_control_character("a\x7F"));
  BOOST_TEST(text::has_control_character(std::string("a\0b", 3)));
}

BOOST_AUTO_TEST_CASE(every_defined_windows1252_byte_round_trips) {
  std::string all;
  for (int byte = 1; byte < 256; ++byte) {
    if (byte == 0x81 || byte == 0x8D || byte == 0x8F || byte == 0x90 || byte == 0x9D) continue;
    all += static_cast<char>(byte);
  }
  const auto utf8 = text::windows1252_to_utf8(all);
  BOOST_TEST(text::is_valid_utf8(utf8));
  BOOST_TEST(text::utf8_length(utf8).value() == all.size());
  BOOST_TEST(text::utf8_to_windows1252(utf8) == all);
  BOOST_TEST(text::windows1252_to_utf8("\x80\x8A\x9F \xC5\xC4\xD6") == "€ŠŸ ÅÄÖ");
}

BOOST_AUTO_TEST_CASE(what_windows1252_cannot_hold_is_refused) {
  for (const char undefined : {'\x81', '\x8D', '\x8F', '\x90', '\x9D'}) {
    BOOST_CHECK_THROW(text::windows1252_to_utf8(std::string("a") + undefined), InvalidInput);
  }
  BOOST_CHECK_THROW(text::utf8_to_windows1252("☃"), InvalidInput);
  BOOST_CHECK_THROW(text::utf8_to_windows1252("Łódź"), InvalidInput);
  BOOST_CHECK_THROW(text::utf8_to_windows1252("\xC2\x81"), InvalidInput);  // U+0081, a C1 control
  BOOST_CHECK_THROW(text::utf8_to_windows1252("\xC3"), InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()
