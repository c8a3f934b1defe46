#pragma once
// The staff web (http/staff_area.hpp) on a router, driven in process by a cookie-keeping
// browser: the example cooperation's members in the database, a manual clock, the auth
// services, and a test section "prov" (case.read; one page per case that shows personal data,
// and a POST that needs case.register) beside a section "moten" (meeting.manage).
#include <boost/test/unit_test.hpp>

#include <Poco/URI.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/auth/totp.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/http/problem.hpp"
#include "samverkan/http/staff_area.hpp"
#include "samverkan/server/platform.hpp"
#include "support/html_page.hpp"

namespace samverkan::test::staff {

using security::Permission;
using security::Role;

inline const auto kNassjo = ids::Kommunkod::parse("0682");

inline const std::map<std::string, std::string_view>& section_templates() {
  static const std::map<std::string, std::string_view> kTemplates = {
      {"sv.json", R"({"cases_title": "Provärenden", "cases_summary": "Sidor för prov", "case_heading": "Ärende",
                      "save": "Spara", "meetings_title": "Möten", "meetings_summary": "Sidor för möten"})"},
      {"en.json", R"({"cases_title": "Trial cases", "cases_summary": "Pages for trials", "case_heading": "Case",
                      "save": "Save", "meetings_title": "Meetings", "meetings_summary": "Pages for meetings"})"},
      {"case", R"(<h1>{{t.case_heading}} {{number}}</h1>
<form method="post" action="{{section}}/{{number}}">{{> csrf_field}}<button type="submit">{{t.save}}</button></form>)"},
  };
  return kTemplates;
}

/// A response as the browser saw it.
struct Reply {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  std::string header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return {};
  }
  std::string location() const { return header("Location"); }
  HtmlPage html() const { return HtmlPage(body); }
};

struct StaffWeb : AuthFixture {
  config::Cooperation cooperation = config::load_cooperation(source_dir() / "examples/hoglandet/cooperation.xml");
  std::unique_ptr<auth::AuthServices> services;
  http::RateLimiter limiter;
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  http::Router router;
  int saves = 0;  ///< POSTs that reached the work of the "prov" section

  explicit StaffWeb(const std::string& database_url = {}, auth::SessionOptions sessions = {},
                    http::RateLimit limit = {.per_second = 100.0, .burst = 100.0})
      : AuthFixture(database_url), limiter(limit, clock) {
    server::sync_municipalities(*db, cooperation);
    auto o = options();
    o.sessions = sessions;
    services = std::make_unique<auth::AuthServices>(*db, clock, keyring, &audit, o);
    http::StaffArea area(router, {*db, cooperation, audit, services->staff(), services->sessions(),
                                  services->authenticator(), clock, &limiter, &logger});
    auto& cases = area.section({.slug = "prov",
                                .permission = Permission::kCaseRead,
                                .templates = &section_templates(),
                                .title_key = "cases_title",
                                .summary_key = "cases_summary",
                                .order = 1});
    cases.add_summary_page();
    cases.add({"GET", "/{number}", Permission::kCaseRead, http::PageView{"case.view", "case", "number"}},
              [](http::StaffCall& c) {
                http::mustache::data data{http::mustache::data::type::object};
                data.set("number", c.path("number"));
                return c.page(c.text("case_heading"), c.render("case", data));
              });
    cases.add({"GET", "/{number}/trasig", Permission::kCaseRead},
              [](http::StaffCall&) -> http::Response { throw InternalError("broken on purpose"); });
    cases.add({"POST", "/{number}", Permission::kCaseRegister}, [this](http::StaffCall& c) {
      ++saves;
      c.ctx().audit({"case.save", "case", c.path("number")});
      return c.redirect(c.url("/" + c.path("number")));
    });
    area.section({.slug = "moten",
                  .permission = Permission::kMeetingManage,
                  .templates = &section_templates(),
                  .title_key = "meetings_title",
                  .summary_key = "meetings_summary",
                  .order = 2})
        .add_summary_page();
  }

  /// A staff user with `roles`, created by an administrator of the first municipality and
  /// granted the others'.
  auth::NewStaffUser create_user(const std::string& username, const std::map<ids::Kommunkod, std::set<Role>>& roles,
                                 const std::string& hsa_id = {}) {
    auth::NewStaffUserRequest request;
    request.username = username;
    request.hsa_id = hsa_id.empty() ? std::nullopt : std::optional<std::string>(hsa_id);
    request.display_name = "Anna Andersson";
    request.roles = roles.begin()->second;
    const auto& first = roles.begin()->first;
    auto created = in_context(administrator(first), first,
                              [&](tenancy::Context& ctx) { return services->staff().create(ctx, request); });
    for (auto it = std::next(roles.begin()); it != roles.end(); ++it) {
      in_context(administrator(it->first), it->first,
                 [&](tenancy::Context& ctx) { services->staff().grant(ctx, username, it->second); });
    }
    return created;
  }

  /// The current code of a base32 secret as a page shows it (grouped with spaces).
  std::string code_for(std::string secret) const {
    std::erase(secret, ' ');
    const auto bytes = auth::base32_decode(secret);
    BOOST_REQUIRE(bytes.has_value());
    return auth::totp(*bytes, clock.now());
  }
};

/// A browser without sockets: requests go straight to the router's handlers; keeps the cookie.
struct Browser {
  StaffWeb& web;
  std::string cookie{};
  std::optional<http::ClientCertificate> certificate{};

  Reply get(const std::string& target) { return send("GET", target, {}); }

  Reply post(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
      std::string encoded;
      Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encoded);
      body += (body.empty() ? "" : "&") + name + "=" + encoded;
    }
    return send("POST", target, body);
  }

  /// Sends the form fields with the CSRF token of `page` (a page's first _csrf field).
  Reply submit(const Reply& page, const std::string& target, std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("_csrf", page.html().value("string(//input[@name='_csrf']/@value)"));
    return post(target, fields);
  }

  Reply send(const std::string& method, const std::string& target, const std::string& body) {
    http::Request request;
    request.method = method;
    const Poco::URI uri(target);
    request.path = uri.getPath();
    for (auto& [key, value] : uri.getQueryParameters()) request.query.emplace_back(key, value);
    if (!cookie.empty()) request.headers.emplace_back("Cookie", cookie);
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.body = body;
    request.remote_address = "192.0.2.7";
    request.request_id = "test-request";
    request.client_certificate = certificate;
    const auto match = web.router.match(request);
    if (match.kind != http::Router::MatchKind::kFound) {
      return {match.kind == http::Router::MatchKind::kNotFound ? 404 : 405, {}, {}};
    }
    http::Response response;
    try {
      response = (*match.handler)(request);
    } catch (const Error& e) {  // what http::Server would answer as problem+json
      return {http::status_for(e.kind()), e.what(), {}};
    }
    for (const auto& [name, value] : response.headers) {
      if (name != "Set-Cookie") continue;
      const std::string pair = value.substr(0, value.find(';'));
      cookie = pair.substr(pair.find('=') + 1).empty() ? std::string() : pair;
    }
    return {response.status, response.body, response.headers};
  }

  /// The first login of `user`: the one-time password without a code, a new password, the
  /// authenticator enrolled with the secret the page shows. Returns that secret.
  std::string first_login(const auth::NewStaffUser& user, const std::string& new_password = "a long new passphrase") {
    const auto login = get("/staff/logga-in");
    BOOST_TEST_REQUIRE(login.status == 200);
    const auto started = submit(login, "/staff/logga-in",
                                {{"username", user.user.username}, {"password", user.initial_password}, {"code", ""}});
    BOOST_TEST_REQUIRE(started.status == 303, started.body);
    BOOST_TEST_REQUIRE(started.location() == "/staff/nytt-losenord");
    const auto password = get("/staff/nytt-losenord");
    const auto changed =
        submit(password, "/staff/nytt-losenord", {{"new_password", new_password}, {"repeat_password", new_password}});
    BOOST_TEST_REQUIRE(changed.status == 303, changed.body);
    BOOST_TEST_REQUIRE(changed.location() == "/staff/engangskoder");
    const auto enrol = get("/staff/engangskoder");
    BOOST_TEST_REQUIRE(enrol.status == 200);
    const auto secret = enrol.html().value("string(//code[@id='totp-secret'])");
    const auto done = submit(enrol, "/staff/engangskoder", {{"code", web.code_for(secret)}});
    BOOST_TEST_REQUIRE(done.status == 303, done.body);
    BOOST_TEST_REQUIRE(done.location() == "/staff/");
    return secret;
  }

  /// A later login with password and code.
  Reply log_in(const std::string& username, const std::string& password, const std::string& code,
               const std::string& next = {}) {
    const auto login = get("/staff/logga-in");
    return submit(login, "/staff/logga-in",
                  {{"username", username}, {"password", password}, {"code", code}, {"next", next}});
  }
};

}  // namespace samverkan::test::staff
