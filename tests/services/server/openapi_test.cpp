// The API document: served at /api/v1/openapi.json, describing exactly the routes the
// platform mounts (no more, no fewer), and passing a real OpenAPI linter (Redocly CLI,
// installed into tools/node by scripts/install-deps.sh --test) with its strict rules.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "services/server/full_platform_fixture.hpp"

using namespace samverkan;

namespace {

using Route = std::pair<std::string, std::string>;  // method (upper case), path

std::set<Route> documented(const std::string& json) {
  std::set<Route> routes;
  const auto document = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
  const auto paths = document->getObject("paths");
  for (const auto& [path, item] : *paths) {
    for (const auto& [method, operation] : *item.extract<Poco::JSON::Object::Ptr>()) {
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
      routes.emplace(upper, path);
    }
  }
  return routes;
}

// A body schema that says no more than "an object": no properties, no additionalProperties.
bool untyped(const Poco::JSON::Object::Ptr& schema) {
  return !schema.isNull() && !schema->has("$ref") && schema->optValue<std::string>("type", "") == "object" &&
         !schema->has("properties") && !schema->has("additionalProperties") && !schema->has("oneOf") &&
         !schema->has("anyOf") && !schema->has("allOf");
}

// "POST /api/v1/x (request)" for each body of the document that is untyped.
std::vector<std::string> untyped_bodies(const std::string& json) {
  std::vector<std::string> found;
  const auto document = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
  const auto each_schema = [](const Poco::JSON::Object::Ptr& holder, const auto& visit) {
    if (holder.isNull() || !holder->has("content")) return;
    for (const auto& [type, media] : *holder->getObject("content")) {
      visit(type, media.template extract<Poco::JSON::Object::Ptr>()->getObject("schema"));
    }
  };
  for (const auto& [path, item] : *document->getObject("paths")) {
    for (const auto& [method, value] : *item.extract<Poco::JSON::Object::Ptr>()) {
      const auto operation = value.extract<Poco::JSON::Object::Ptr>();
      const auto name = method + " " + path;
      each_schema(operation->getObject("requestBody"), [&](const std::string& type, const auto& schema) {
        if (untyped(schema)) found.push_back(name + " (request " + type + ")");
      });
      for (const auto& [status, response] : *operation->getObject("responses")) {
        each_schema(response.extract<Poco::JSON::Object::Ptr>(), [&](const std::string& type, const auto& schema) {
          if (untyped(schema)) found.push_back(name + " (" + status + " " + type + ")");
        });
      }
    }
  }
  return found;
}

std::string describe(const std::set<Route>& routes) {
  std::string text;
  for (const auto& [method, path] : routes) text += "\n  " + method + " " + path;
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(openapi_test)

BOOST_FIXTURE_TEST_CASE(the_document_describes_exactly_the_mounted_routes, test::PlatformFixture) {
  const auto r = client().get("/api/v1/openapi.json");
  BOOST_TEST_REQUIRE(r.status == 200);
  BOOST_TEST(r.content_type == "application/json");
  BOOST_TEST(test::json_member(r.body, "openapi") == "3.1.0");

  const auto in_document = documented(r.body);
  // The API: everything but the hosted HTML pages (which are not an interface for programs).
  std::set<Route> mounted;
  for (const auto& route : platform->router().routes()) {
    const auto& path = route.second;
    if (path.starts_with("/api/") || path.starts_with("/oauth/") || path.starts_with("/.well-known/") ||
        path == "/health" || path == "/metrics") {
      mounted.insert(route);
    }
  }
  std::set<Route> undocumented, unmounted;
  std::set_difference(mounted.begin(), mounted.end(), in_document.begin(), in_document.end(),
                      std::inserter(undocumented, undocumented.end()));
  std::set_difference(in_document.begin(), in_document.end(), mounted.begin(), mounted.end(),
                      std::inserter(unmounted, unmounted.end()));
  BOOST_TEST(undocumented.empty(), "routes missing from the document:" << describe(undocumented));
  BOOST_TEST(unmounted.empty(), "documented operations that are not mounted:" << describe(unmounted));
  BOOST_TEST(mounted.size() >= 8U);
}

BOOST_FIXTURE_TEST_CASE(the_document_passes_the_openapi_linter, test::PlatformFixture) {
  const auto linter = test::source_dir() / "tools/node/node_modules/.bin/redocly";
  BOOST_TEST_REQUIRE(std::filesystem::exists(linter),
                     "the OpenAPI linter is not installed: run scripts/install-deps.sh --test");
  const auto document = dir.write("openapi.json", client().get("/api/v1/openapi.json").body);
  const auto report = dir.path() / "lint.txt";
  const std::string command = "'" + linter.string() + "' lint --extends recommended-strict --format stylish '" +
                              document.string() + "' > '" + report.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  BOOST_TEST(status == 0, "redocly lint failed:\n" << test::read_file(report));
}

BOOST_FIXTURE_TEST_CASE(every_body_of_every_operation_is_typed, test::FullPlatformFixture) {
  const auto document = https().get("/api/v1/openapi.json").body;
  const auto untyped = untyped_bodies(document);
  std::string list;
  for (const auto& name : untyped) list += "\n  " + name;
  BOOST_TEST(untyped.size() == 0U, untyped.size() << " bodies described only as {\"type\":\"object\"}:" << list);
  // The counter sees what it should: a document with one untyped body counts one.
  http::OpenApi probe("t", "1", "d");
  probe.add({.method = "POST",
             .path = "/p",
             .operation_id = "p",
             .summary = "P",
             .request_schema = R"({"type":"object"})",
             .response_schema = R"({"type":"object","properties":{"a":{"type":"string"}}})"});
  BOOST_TEST(untyped_bodies(probe.json()).size() == 1U);
}

BOOST_AUTO_TEST_CASE(an_entry_without_a_response_schema_is_refused) {
  http::OpenApi api("t", "1", "d");
  BOOST_CHECK_THROW(http::describe(api, "/base", "T", {{"GET", "/x", "getX", "X"}}), InternalError);
  // A 204 needs none.
  http::describe(api, "/base", "T", {{"DELETE", "/x", "deleteX", "Delete X", http::ApiSecurity::kNone, {}, 204}});
  BOOST_TEST(api.operations().size() == 1U);
}

BOOST_AUTO_TEST_CASE(a_broken_operation_is_refused_when_it_is_added) {
  http::OpenApi api("t", "1", "d");
  api.add({.method = "GET", .path = "/a/{id}", .operation_id = "a", .summary = "A"});
  BOOST_CHECK_THROW(api.add({.method = "GET", .path = "/a/{id}", .operation_id = "b", .summary = "B"}), InternalError);
  BOOST_CHECK_THROW(api.add({.method = "POST", .path = "/a/{id}", .operation_id = "a", .summary = "A"}), InternalError);
  BOOST_CHECK_THROW(
      api.add({.method = "POST", .path = "/b", .operation_id = "c", .summary = "C", .request_schema = "{not json"}),
      InternalError);
  BOOST_CHECK_THROW(api.add({.method = "POST", .path = "/c", .operation_id = "d"}), InternalError);
  // The path parameter is documented without being listed.
  BOOST_TEST(api.json().find(R"("name":"id","in":"path")") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
