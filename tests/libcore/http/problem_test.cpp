#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "samverkan/core/error.hpp"
#include "samverkan/http/problem.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(problem_test)

BOOST_AUTO_TEST_CASE(each_kind_has_one_status_and_a_stable_type) {
  const std::pair<ErrorKind, int> expected[] = {
      {ErrorKind::kInvalidInput, 400}, {ErrorKind::kUnauthenticated, 401}, {ErrorKind::kForbidden, 403},
      {ErrorKind::kNotFound, 404},     {ErrorKind::kConflict, 409},        {ErrorKind::kTooLarge, 413},
      {ErrorKind::kInternal, 500},     {ErrorKind::kUnavailable, 503},
  };
  for (const auto& [kind, status] : expected) {
    BOOST_TEST(http::status_for(kind) == status);
    BOOST_TEST(http::problem_type(kind) == "urn:samverkan:problem:" + std::string(to_string(kind)));
  }
}

BOOST_AUTO_TEST_CASE(body_is_rfc7807_json_with_escaping) {
  const auto response =
      http::problem_response(ErrorKind::kConflict, "minutes \"KS 2026/1\" are locked", "/api/minutes/1", "req-1");
  BOOST_TEST(response.status == 409);
  BOOST_TEST(response.content_type == "application/problem+json");
  Poco::JSON::Parser parser;
  auto object = parser.parse(response.body).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(object->getValue<std::string>("type") == "urn:samverkan:problem:conflict");
  BOOST_TEST(object->getValue<std::string>("title") == "Conflict");
  BOOST_TEST(object->getValue<int>("status") == 409);
  BOOST_TEST(object->getValue<std::string>("detail") == "minutes \"KS 2026/1\" are locked");
  BOOST_TEST(object->getValue<std::string>("instance") == "/api/minutes/1");
  BOOST_TEST(object->getValue<std::string>("requestId") == "req-1");
}

BOOST_AUTO_TEST_CASE(extensions_follow_the_standard_members_and_never_replace_them) {
  Poco::JSON::Object extensions;
  extensions.set("errors", Poco::JSON::Array());
  extensions.set("batch", "b-1");
  const auto response =
      http::problem_response(ErrorKind::kInvalidInput, "2 letters refused", "/x", "req-2", extensions);
  BOOST_TEST(response.status == 400);
  const auto object = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(object->getValue<std::string>("detail") == "2 letters refused");
  BOOST_TEST(object->getValue<std::string>("batch") == "b-1");
  BOOST_TEST(object->getArray("errors")->size() == 0U);
  BOOST_TEST(response.body.find("\"type\"") < response.body.find("\"batch\""), "the standard members come first");

  Poco::JSON::Object replacing;
  replacing.set("status", 200);
  BOOST_CHECK_THROW(http::problem_response(ErrorKind::kInvalidInput, "x", "/x", "r", replacing), InternalError);
}

BOOST_AUTO_TEST_SUITE_END()
