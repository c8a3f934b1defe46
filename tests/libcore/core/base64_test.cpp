#include <boost/test/unit_test.hpp>

#include <string>

#include "samverkan/core/base64.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(base64_test)

BOOST_AUTO_TEST_CASE(rfc4648_vectors_both_alphabets) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [bytes, text] : vectors) {
    BOOST_TEST(base64::encode(bytes) == text);
    BOOST_TEST(base64::decode(text).value_or("?") == bytes);
    std::string url = text;
    while (!url.empty() && url.back() == '=') url.pop_back();
    BOOST_TEST(base64::encode_url(bytes) == url);
    BOOST_TEST(base64::decode_url(url).value_or("?") == bytes);
  }
  const std::string binary("\xfb\xff\xbf\x00", 4);
  BOOST_TEST(base64::encode(binary) == "+/+/AA==");
  BOOST_TEST(base64::encode_url(binary) == "-_-_AA");
  BOOST_TEST(base64::decode_url("-_-_AA").value_or("?") == binary);
  const std::string long_text(1000, 'x');
  BOOST_TEST(base64::encode(long_text).find('\n') == std::string::npos, "one line");
}

BOOST_AUTO_TEST_CASE(only_strict_canonical_text_decodes) {
  for (const char* bad : {"Zg=", "Zg", "Zm9v=", "Z===", "Zg==Zg==", "Zm9*", "Zh==", "Zm9vYg==\n", " Zm9v"}) {
    BOOST_TEST(!base64::decode(bad).has_value(), bad);
  }
  BOOST_TEST(!base64::decode_url("Zg==").has_value(), "no padding in base64url");
  BOOST_TEST(!base64::decode_url("+/+/").has_value(), "the url alphabet only");
  BOOST_TEST(!base64::decode_url("Zh").has_value(), "canonical");
  BOOST_TEST(!base64::decode_url("Z").has_value());
}

BOOST_AUTO_TEST_CASE(line_breaks_only_when_asked_for) {
  const std::string wrapped = "Zm9v\r\nYmFy\n";
  BOOST_TEST(!base64::decode(wrapped).has_value());
  BOOST_TEST(base64::decode(wrapped, base64::Whitespace::kSkipped).value_or("?") == "foobar");
  BOOST_TEST(!base64::decode("Zm9v\n*", base64::Whitespace::kSkipped).has_value());
}

BOOST_AUTO_TEST_CASE(encoded_length_is_the_length_of_the_text) {
  for (const std::size_t size : {0U, 1U, 2U, 3U, 4U, 5U, 6U, 100U, 1000U}) {
    BOOST_TEST(base64::encoded_length(size) == base64::encode(std::string(size, '\xa5')).size(), size);
  }
}

BOOST_AUTO_TEST_SUITE_END()
