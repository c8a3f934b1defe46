#pragma once
// A browser without sockets for the staff web (http/staff_area.hpp): requests go straight to a
// BareServer's router; it keeps the session cookie, submits forms with the page's CSRF token and
// walks a staff user's first login (password change, authenticator enrolment). For the
// services' *_staff_pages_alonetest.cpp.
#include <boost/test/unit_test.hpp>

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/URI.h>
#include <soci/soci.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "samverkan/auth/staff_directory.hpp"
#include "samverkan/auth/totp.hpp"
#include "support/bare_server.hpp"
#include "support/html_page.hpp"

namespace samverkan::test {

struct StaffReply {
  int status = 0;
  std::string body;
  std::string location;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;
  HtmlPage html() const { return HtmlPage(body); }
  std::string header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return {};
  }
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

/// A file of a multipart form, as a browser sends it.
struct FormUpload {
  std::string field;
  std::string file_name;
  std::string content_type;
  std::string bytes;
};

struct StaffBrowser {
  BareServer& web;
  std::string cookie{};

  StaffReply get(const std::string& target) { return send("GET", target, {}); }

  StaffReply post(const std::string& target, const FormFields& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
      std::string encoded;
      Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encoded);
      body += (body.empty() ? "" : "&") + name + "=" + encoded;
    }
    return send("POST", target, body);
  }

  /// The fields with the CSRF token of `page`.
  StaffReply submit(const StaffReply& page, const std::string& target, FormFields fields) {
    fields.emplace_back("_csrf", page.html().value("string(//input[@name='_csrf']/@value)"));
    return post(target, fields);
  }

  /// A multipart/form-data form (a file input) with the fields, `files` and the CSRF token of `page`.
  StaffReply submit_files(const StaffReply& page, const std::string& target, const FormFields& fields,
                          const std::vector<FormUpload>& files) {
    Poco::Net::HTMLForm form(Poco::Net::HTMLForm::ENCODING_MULTIPART);
    for (const auto& [name, value] : fields) form.add(name, value);
    form.add("_csrf", page.html().value("string(//input[@name='_csrf']/@value)"));
    for (const auto& file : files) {
      form.addPart(file.field, new Poco::Net::StringPartSource(file.bytes, file.content_type, file.file_name));
    }
    std::ostringstream body;
    form.write(body);
    return send("POST", target, body.str(), "multipart/form-data; boundary=" + form.boundary());
  }

  /// A multipart/form-data form with the CSRF token of `page` and one XML file.
  StaffReply submit_file(const StaffReply& page, const std::string& target, const std::string& file_field,
                         const std::string& file_name, const std::string& bytes) {
    return submit_files(page, target, {}, {FormUpload{file_field, file_name, "application/xml", bytes}});
  }

  StaffReply send(const std::string& method, const std::string& target, const std::string& body,
                  const std::string& content_type = "application/x-www-form-urlencoded") {
    http::Request request;
    request.method = method;
    const Poco::URI uri(target);
    request.path = uri.getPath();
    for (auto& [key, value] : uri.getQueryParameters()) request.query.emplace_back(key, value);
    if (!cookie.empty()) request.headers.emplace_back("Cookie", cookie);
    request.headers.emplace_back("Content-Type", content_type);
    request.body = body;
    request.remote_address = "192.0.2.7";
    request.request_id = "test-request";
    const auto match = web.router->match(request);
    if (match.kind != http::Router::MatchKind::kFound) return {404, {}, {}, {}, {}};
    const auto response = (*match.handler)(request);
    StaffReply reply{response.status, response.body, {}, response.headers, response.content_type};
    for (const auto& [name, value] : response.headers) {
      if (name == "Location") reply.location = value;
      if (name != "Set-Cookie") continue;
      const std::string pair = value.substr(0, value.find(';'));
      cookie = pair.substr(pair.find('=') + 1).empty() ? std::string() : pair;
    }
    return reply;
  }

  /// The first login: the one-time password, a new password, the authenticator enrolled.
  void log_in(const auth::NewStaffUser& user) {
    const auto login = get("/staff/logga-in");
    BOOST_TEST_REQUIRE(submit(login, "/staff/logga-in",
                              {{"username", user.user.username}, {"password", user.initial_password}, {"code", ""}})
                           .status == 303);
    const auto password = get("/staff/nytt-losenord");
    BOOST_TEST_REQUIRE(submit(password, "/staff/nytt-losenord",
                              {{"new_password", "a long new passphrase"}, {"repeat_password", "a long new passphrase"}})
                           .status == 303);
    const auto enrol = get("/staff/engangskoder");
    std::string secret = enrol.html().value("string(//code[@id='totp-secret'])");
    std::erase(secret, ' ');
    const auto bytes = auth::base32_decode(secret);
    BOOST_TEST_REQUIRE(bytes.has_value());
    const auto done = submit(enrol, "/staff/engangskoder", {{"code", auth::totp(*bytes, web.clock.now())}});
    BOOST_TEST_REQUIRE(done.status == 303, done.body);
  }
};

/// A staff user of `municipality` with `role`, created by its administrator; StaffBrowser::log_in
/// makes the first login.
inline auth::NewStaffUser new_staff_user(BareServer& web, const std::string& name, const ids::Kommunkod& municipality,
                                         security::Role role) {
  auth::NewStaffUserRequest request;
  request.username = name;
  request.display_name = name;
  request.roles = {role};
  const auto admin = security::Principal::staff("admin", {{municipality, {security::Role::kAdministrator}}});
  tenancy::Context ctx(*web.db, admin, municipality, web.clock, &web.audit);
  auto created = web.auth.staff().create(ctx, request);
  ctx.commit();
  return created;
}

/// How many audit entries of `action` have `outcome`.
inline int audit_count(BareServer& web, const std::string& action, const std::string& outcome = "success") {
  int n = 0;
  auto session = web.db->acquire();
  *session << "SELECT COUNT(*) FROM audit_entry WHERE action = :a AND outcome = :o", soci::use(action),
      soci::use(outcome), soci::into(n);
  return n;
}

}  // namespace samverkan::test
