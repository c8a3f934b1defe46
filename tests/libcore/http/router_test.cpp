#include <boost/test/unit_test.hpp>

#include "samverkan/core/error.hpp"
#include "samverkan/http/router.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(router_test)

namespace {
http::Request make(const std::string& method, const std::string& path) {
  http::Request r;
  r.method = method;
  r.path = path;
  return r;
}
http::Handler returning(int status) {
  return [status](http::Request&) { return http::Response::json(status, ""); };
}
}  // namespace

BOOST_AUTO_TEST_CASE(literal_and_parameter_segments) {
  http::Router router;
  router.add("GET", "/m/{code}/cases/{id}", returning(201));
  router.add("GET", "/m/{code}/cases/latest", returning(202));
  auto request = make("GET", "/m/0604/cases/17");
  const auto match = router.match(request);
  BOOST_REQUIRE((match.kind == http::Router::MatchKind::kFound));
  BOOST_TEST((*match.handler)(request).status == 201);
  BOOST_TEST(request.path_params.at("code") == "0604");
  BOOST_TEST(request.path_params.at("id") == "17");
  BOOST_TEST(match.route == "/m/{code}/cases/{id}");
}

BOOST_AUTO_TEST_CASE(not_found_and_method_not_allowed) {
  http::Router router;
  router.add("GET", "/things", returning(200));
  router.add("POST", "/things", returning(201));
  auto unknown = make("GET", "/other");
  BOOST_TEST((router.match(unknown).kind == http::Router::MatchKind::kNotFound));
  auto longer = make("GET", "/things/1");
  BOOST_TEST((router.match(longer).kind == http::Router::MatchKind::kNotFound));
  auto wrong = make("DELETE", "/things");
  const auto match = router.match(wrong);
  BOOST_TEST((match.kind == http::Router::MatchKind::kMethodNotAllowed));
  BOOST_TEST(match.allowed == "GET, POST");
}

BOOST_AUTO_TEST_CASE(trailing_and_double_slashes_are_one_path) {
  http::Router router;
  router.add("GET", "/a/b", returning(200));
  auto request = make("GET", "/a//b/");
  BOOST_TEST((router.match(request).kind == http::Router::MatchKind::kFound));
}

BOOST_AUTO_TEST_CASE(bad_patterns_and_duplicates_are_refused) {
  http::Router router;
  BOOST_CHECK_THROW(router.add("GET", "no-slash", returning(200)), InternalError);
  BOOST_CHECK_THROW(router.add("GET", "/a/{", returning(200)), InternalError);
  router.add("GET", "/a", returning(200));
  BOOST_CHECK_THROW(router.add("GET", "/a", returning(200)), InternalError);
}

BOOST_AUTO_TEST_SUITE_END()
