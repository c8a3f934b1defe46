#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/auth/auth_services.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/http/routes.hpp"
#include "support/cooperation.hpp"

using namespace samverkan;
using security::Permission;

namespace {

// Aneby and Eksjö in a cooperation, their auth services, and an API client of Aneby's.
struct Fixture : test::AuthFixture {
  config::Cooperation cooperation = test::test_cooperation();
  auth::AuthServices services{*db, clock, keyring, &audit, options()};
  http::Router router;
  http::Routes api{
      router, {*db, cooperation, audit, services.authenticator(), clock}, "/api/v1/municipalities/{kommunkod}"};

  std::string token_of(const ids::Kommunkod& municipality, const std::string& scope) {
    const auto client = in_context(administrator(municipality), municipality,
                                   [&](tenancy::Context& ctx) { return services.clients().create(ctx, {scope}); });
    return services.client_credentials()
        .exchange({"client_credentials", client.client.id, client.secret, std::nullopt})
        .access_token;
  }

  /// Routes `method path` with `body` and the bearer token, as http::Server would.
  http::Response call(const std::string& method, const std::string& path, const std::string& token = {},
                      const std::string& body = {}) {
    request = http::Request{};
    request.method = method;
    request.path = path;
    request.body = body;
    request.request_id = "req-1";
    if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
    const auto match = router.match(request);
    BOOST_REQUIRE((match.kind == http::Router::MatchKind::kFound));
    return (*match.handler)(request);
  }

  /// The kind of error a call throws (what http::Server turns into problem+json), if any.
  std::optional<ErrorKind> thrown(const std::string& method, const std::string& path, const std::string& token = {},
                                  const std::string& body = {}) {
    try {
      call(method, path, token, body);
    } catch (const Error& e) {
      return e.kind();
    }
    return std::nullopt;
  }

  http::Request request;
  int work_runs = 0;
};

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(routes_test)

BOOST_FIXTURE_TEST_CASE(a_public_route_runs_as_anyone_in_a_member_municipality, Fixture) {
  api.add({"GET", "/whoami"}, [&](http::Call& c) {
    ++work_runs;
    Poco::JSON::Object out;
    out.set("principal", c.principal().id());
    out.set("municipality", c.municipality().name);
    out.set("context", c.ctx().municipality().str());
    return http::json_response(200, out);
  });
  const auto response = call("GET", "/api/v1/municipalities/0686/whoami");
  BOOST_TEST(response.status == 200);
  BOOST_TEST(parse(response.body)->getValue<std::string>("municipality") == "Eksjö kommun");
  BOOST_TEST(parse(response.body)->getValue<std::string>("context") == "0686");
  BOOST_TEST(parse(response.body)->getValue<std::string>("principal") == security::Principal::anonymous().id());

  // Not a member (well-formed or not): 404 before the work runs.
  BOOST_TEST((thrown("GET", "/api/v1/municipalities/0685/whoami") == ErrorKind::kNotFound));
  BOOST_TEST((thrown("GET", "/api/v1/municipalities/eksjo/whoami") == ErrorKind::kNotFound));
  BOOST_TEST(work_runs == 1);
}

BOOST_FIXTURE_TEST_CASE(a_route_for_a_principal_answers_401_without_one, Fixture) {
  api.add({"GET", "/things", Permission::kErrandRead}, [&](http::Call&) {
    ++work_runs;
    return http::json_response(200, Poco::JSON::Object());
  });
  const auto refused = call("GET", "/api/v1/municipalities/0604/things");
  BOOST_TEST(refused.status == 401);
  BOOST_TEST(refused.content_type == "application/problem+json");
  bool challenged = false;
  for (const auto& [name, value] : refused.headers) challenged |= name == "WWW-Authenticate";
  BOOST_TEST(challenged);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/things", "not-a-token").status == 401);
  BOOST_TEST(call("GET", "/api/v1/municipalities/0604/things", token_of(aneby, "errands:read")).status == 200);
  BOOST_TEST(work_runs == 1);
}

BOOST_FIXTURE_TEST_CASE(the_context_begins_when_asked_and_commits_once, Fixture) {
  api.add({"POST", "/notes/{note}", Permission::kErrandHandle}, [&](http::Call& c) {
    c.ctx().require(Permission::kErrandHandle, {"note.add", "note", c.path("note")});
    c.ctx().audit({"note.add", "note", c.path("note")});
    return http::no_content();
  });
  api.add({"POST", "/nothing"}, [&](http::Call&) {
    ++work_runs;
    return http::no_content();
  });
  const std::string token = token_of(aneby, "errands:write");
  BOOST_TEST(call("POST", "/api/v1/municipalities/0604/notes/7", token).status == 204);
  BOOST_TEST(audit_count(aneby, "note.add", "success") == 1, "committed when the work returned");
  BOOST_TEST(call("POST", "/api/v1/municipalities/0604/nothing").status == 204, "no context, nothing to commit");
  BOOST_TEST(work_runs == 1);

  // Another municipality's client is refused by the service: 404, audited there, nothing written.
  BOOST_TEST((thrown("POST", "/api/v1/municipalities/0604/notes/8", token_of(eksjo, "errands:write")) ==
              ErrorKind::kNotFound));
  BOOST_TEST(audit_count(aneby, "note.add", "refused") == 1);
  BOOST_TEST(audit_count(aneby, "note.add", "success") == 1);
}

BOOST_FIXTURE_TEST_CASE(an_early_commit_leaves_nothing_for_the_end, Fixture) {
  api.add({"POST", "/early", Permission::kErrandHandle}, [&](http::Call& c) {
    c.ctx().audit({"early", "thing", ""});
    c.commit();
    c.commit();  // a second commit does nothing
    ++work_runs;
    return http::no_content();
  });
  BOOST_TEST(call("POST", "/api/v1/municipalities/0604/early", token_of(aneby, "errands:write")).status == 204);
  BOOST_TEST(audit_count(aneby, "early", "success") == 1);
  BOOST_TEST(work_runs == 1);
}

BOOST_FIXTURE_TEST_CASE(check_first_refuses_an_outsider_before_the_body_is_read, Fixture) {
  api.add({"PUT", "/errands/{reference}/assignment", Permission::kErrandHandle,
           http::CheckFirst{"errand.assign", "errand", "{reference}"}},
          [&](http::Call& c) {
            ++work_runs;
            Poco::JSON::Object out;
            out.set("assignedTo", http::string_member(*c.body(), "handler"));
            return http::json_response(200, out);
          });
  const std::string path = "/api/v1/municipalities/0604/errands/ET-1/assignment";
  const std::string outsider = token_of(eksjo, "errands:write");
  for (const std::string body : {"not json", "[]", R"({"wrong":1})", ""}) {
    BOOST_TEST((thrown("PUT", path, outsider, body) == ErrorKind::kNotFound), body);
  }
  BOOST_TEST(audit_count(aneby, "errand.assign", "refused") == 4, "each refusal audited once, in Aneby");
  BOOST_TEST(work_runs == 0, "the work never ran");

  // A member without the permission is refused (403) before the body is read too.
  BOOST_TEST((thrown("PUT", path, token_of(aneby, "errands:read"), "not json") == ErrorKind::kForbidden));
  BOOST_TEST(work_runs == 0);
  // A member with it hears what is wrong with the body.
  const std::string handler = token_of(aneby, "errands:write");
  BOOST_TEST((thrown("PUT", path, handler, "not json") == ErrorKind::kInvalidInput));
  BOOST_TEST((thrown("PUT", path, handler, R"({"handler":1})") == ErrorKind::kInvalidInput));
  BOOST_TEST(call("PUT", path, handler, R"({"handler":"eva"})").status == 200);
  BOOST_TEST(work_runs == 3);
}

BOOST_FIXTURE_TEST_CASE(the_checked_object_is_named_from_the_path_or_as_written, Fixture) {
  const auto work = [&](http::Call&) {
    ++work_runs;
    return http::no_content();
  };
  api.add({"POST", "/cases/{prefix}/{year}/{number}/status", Permission::kCaseHandle,
           http::CheckFirst{"case.status", "case", "{prefix} {year}/{number}"}},
          work);
  api.add({"POST", "/messages", Permission::kMailboxSend, http::CheckFirst{"mailbox.send", "mailbox_message", "new"}},
          work);
  const std::string outsider = token_of(eksjo, "cases:write");
  BOOST_TEST(
      (thrown("POST", "/api/v1/municipalities/0604/cases/KS/2026/142/status", outsider) == ErrorKind::kNotFound));
  BOOST_TEST((thrown("POST", "/api/v1/municipalities/0604/messages", outsider) == ErrorKind::kNotFound));
  auto session = db->acquire();
  std::string case_object, message_object;
  *session << "SELECT object_id FROM audit_entry WHERE action = 'case.status' AND outcome = 'refused'",
      soci::into(case_object);
  *session << "SELECT object_id FROM audit_entry WHERE action = 'mailbox.send' AND outcome = 'refused'",
      soci::into(message_object);
  BOOST_TEST(case_object == "KS 2026/142");
  BOOST_TEST(message_object == "new");
  BOOST_TEST(work_runs == 0);
}

BOOST_FIXTURE_TEST_CASE(a_problem_with_extensions_rolls_back, Fixture) {
  api.add({"POST", "/batch", Permission::kErrandHandle}, [&](http::Call& c) {
    c.ctx().audit({"batch.try", "batch", ""});
    Poco::JSON::Array errors;
    Poco::JSON::Object item;
    item.set("index", 2);
    errors.add(item);
    Poco::JSON::Object extensions;
    extensions.set("errors", errors);
    return c.problem(ErrorKind::kInvalidInput, "1 letter refused", extensions);
  });
  const auto response = call("POST", "/api/v1/municipalities/0604/batch", token_of(aneby, "errands:write"));
  BOOST_TEST(response.status == 400);
  BOOST_TEST(response.content_type == "application/problem+json");
  const auto problem = parse(response.body);
  BOOST_TEST(problem->getValue<std::string>("type") == "urn:samverkan:problem:invalid-input");
  BOOST_TEST(problem->getValue<std::string>("detail") == "1 letter refused");
  BOOST_TEST(problem->getValue<std::string>("instance") == "/api/v1/municipalities/0604/batch");
  BOOST_TEST(problem->getValue<std::string>("requestId") == "req-1");
  BOOST_TEST(problem->getArray("errors")->getObject(0)->getValue<int>("index") == 2);
  BOOST_TEST(audit_count(aneby, "batch.try") == 0, "rolled back");
}

BOOST_FIXTURE_TEST_CASE(the_route_table_has_a_row_for_every_route, Fixture) {
  api.add({"GET", "/register"}, [](http::Call&) { return http::no_content(); });
  api.add({"GET", "/errands/{reference}", Permission::kErrandRead, {}, true},
          [](http::Call&) { return http::no_content(); });
  api.add({"POST", "/errands/{reference}/notes", Permission::kErrandHandle,
           http::CheckFirst{"errand.note.add", "errand", "{reference}"}},
          [](http::Call&) { return http::no_content(); });
  http::Routes site(router, {*db, cooperation, audit, services.authenticator(), clock});
  site.add({"GET", "/static/site.css"}, [](http::Call&) { return http::no_content(); });
  router.add("GET", "/health", [](http::Request&) { return http::no_content(); });

  const auto table = router.table();
  BOOST_REQUIRE_EQUAL(table.size(), 5U);
  BOOST_TEST(table[0].pattern == "/api/v1/municipalities/{kommunkod}/register");
  BOOST_TEST((table[0].access == http::RouteAccess::kPublic));
  BOOST_TEST(table[0].tenant_scoped);
  BOOST_TEST(!table[0].permission.has_value());
  BOOST_TEST((table[1].access == http::RouteAccess::kPrincipal));
  BOOST_TEST((table[1].permission == Permission::kErrandRead));
  BOOST_TEST(!table[1].checked_first);
  BOOST_TEST(table[2].method == "POST");
  BOOST_TEST((table[2].permission == Permission::kErrandHandle));
  BOOST_TEST(table[2].checked_first);
  BOOST_TEST(security::scope_for(*table[2].permission) == "errands:write");
  BOOST_TEST(!table[3].tenant_scoped);
  BOOST_TEST((table[3].access == http::RouteAccess::kPublic));
  BOOST_TEST((table[4].access == http::RouteAccess::kUndeclared), "added without the helper");
  BOOST_TEST(http::to_string(table[4].access) == "undeclared");
}

BOOST_FIXTURE_TEST_CASE(a_declaration_that_cannot_work_is_refused, Fixture) {
  const auto work = [](http::Call&) { return http::no_content(); };
  BOOST_CHECK_THROW(api.add({"POST", "/a", std::nullopt, http::CheckFirst{"a", "a"}}, work), InternalError);
  BOOST_CHECK_THROW(
      api.add({"POST", "/b/{id}", Permission::kErrandHandle, http::CheckFirst{"b", "b", "{other}"}}, work),
      InternalError);
  http::Routes site(router, {*db, cooperation, audit, services.authenticator(), clock});
  BOOST_CHECK_THROW(site.add({"POST", "/c", Permission::kErrandHandle, http::CheckFirst{"c", "c"}}, work),
                    InternalError);
  api.add({"GET", "/d"}, work);
  BOOST_CHECK_THROW(api.add({"GET", "/d"}, work), InternalError);
  // A route without {kommunkod} has no municipality and no context.
  site.add({"GET", "/e"}, [](http::Call& c) {
    c.ctx();
    return http::no_content();
  });
  BOOST_TEST((thrown("GET", "/e") == ErrorKind::kInternal));
}

BOOST_AUTO_TEST_SUITE_END()
