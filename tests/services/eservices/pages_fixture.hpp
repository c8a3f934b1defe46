#pragma once
// The hosted pages' test fixture: the whole platform (SQLite, HTTPS on a free port) with the
// BankID simulator, the fault report, school transport and an every-field-type service
// published in Eksjö; a cookie-keeping browser and an HTML page queried with XPath.
#include <boost/test/unit_test.hpp>

#include <Poco/URI.h>

#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "libcore/bankid/bankid_fixture.hpp"
#include "samverkan/auth/totp.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/pages.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/tenancy/context.hpp"
#include "services/server/platform_fixture.hpp"
#include "support/example_copy.hpp"
#include "support/html_page.hpp"
#include "support/https_client.hpp"

namespace samverkan::test::pages {

inline constexpr const char* kForm = "application/x-www-form-urlencoded";
inline const auto kEksjo = ids::Kommunkod::parse("0686");

// One step with every field type; no login.
inline constexpr const char* kAllFields = R"(<?xml version="1.0" encoding="UTF-8"?>
<eservice xmlns="urn:samverkan:eservice:1" id="alla-falt" version="1">
  <title><sv>Alla fälttyper</sv><en>Every field type</en></title>
  <description><sv>Test</sv><en>Test</en></description>
  <owner>0686</owner>
  <category>other</category>
  <login required="false"/>
  <steps>
    <step id="allt">
      <title><sv>Allt</sv><en>Everything</en></title>
      <text id="f-text" required="true"><label><sv>Etikett text</sv><en>Label text</en></label>
        <help><sv>Hjälptext</sv><en>Help text</en></help></text>
      <textArea id="f-textarea"><label><sv>Etikett textruta</sv><en>Label text area</en></label></textArea>
      <number id="f-number" unit="km"><label><sv>Etikett tal</sv><en>Label number</en></label></number>
      <date id="f-date"><label><sv>Etikett datum</sv><en>Label date</en></label></date>
      <email id="f-email"><label><sv>Etikett e-post</sv><en>Label e-mail</en></label></email>
      <phone id="f-phone"><label><sv>Etikett telefon</sv><en>Label phone</en></label></phone>
      <personnummer id="f-pnr"><label><sv>Etikett personnummer</sv><en>Label personnummer</en></label></personnummer>
      <organisationsnummer id="f-org"><label><sv>Etikett orgnr</sv><en>Label org no</en></label></organisationsnummer>
      <singleChoice id="f-radio"><label><sv>Etikett radio</sv><en>Label radio</en></label>
        <option value="a"><sv>Alfa</sv><en>Alpha</en></option><option value="b"><sv>Beta</sv><en>Beta</en></option>
      </singleChoice>
      <singleChoice id="f-list" display="list"><label><sv>Etikett lista</sv><en>Label list</en></label>
        <option value="a"><sv>Alfa</sv><en>Alpha</en></option><option value="b"><sv>Beta</sv><en>Beta</en></option>
      </singleChoice>
      <multipleChoice id="f-multi"><label><sv>Etikett flerval</sv><en>Label multiple</en></label>
        <option value="a"><sv>Alfa</sv><en>Alpha</en></option><option value="b"><sv>Beta</sv><en>Beta</en></option>
      </multipleChoice>
      <checkbox id="f-check"><label><sv>Etikett kryssruta</sv><en>Label checkbox</en></label></checkbox>
      <attachment id="f-file" maxBytes="1048576"><label><sv>Etikett bilaga</sv><en>Label attachment</en></label>
        <accept>application/pdf</accept></attachment>
    </step>
  </steps>
  <onSubmit><createErrand/></onSubmit>
</eservice>
)";

using Html = test::HtmlPage;

// A browser: keeps the session cookie, follows nothing by itself.
struct Browser {
  test::HttpsClient client;
  std::string cookie;

  test::HttpResult get(const std::string& path) { return send("GET", path, {}, kForm); }
  test::HttpResult post(const std::string& path, const std::string& body, const std::string& type = kForm) {
    return send("POST", path, body, type);
  }
  test::HttpResult send(const std::string& method, const std::string& path, const std::string& body,
                        const std::string& type) {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    auto r = client.request(method, path, body, type, headers);
    const auto set = r.headers.find("set-cookie");
    if (set != r.headers.end()) {
      const std::string value = set->second.substr(0, set->second.find(';'));
      cookie = value.substr(value.find('=') + 1).empty() ? std::string() : value;
    }
    return r;
  }
  // The CSRF token of the (last) form on a page.
  static std::string csrf(const std::string& page) { return Html(page).value("string(//input[@name='_csrf']/@value)"); }
};

inline std::string encode(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", out);
  return out;
}

struct PagesFixture : test::BankIdFixture {
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  std::unique_ptr<server::Platform> platform;

  server::PlatformOptions options;

  /// Changes the options (and the copied cooperation file they name) before the platform starts.
  using Prepare = std::function<void(server::PlatformOptions&)>;

  /// SQLite in the temporary folder unless `database_url` is given.
  explicit PagesFixture(const std::string& database_url = {}, const Prepare& prepare = {}) {
    options.config_file = test::runnable_example(dir);
    options.data_dir = dir / "data";
    options.database_url = database_url;
    options.listen = "127.0.0.1:0";
    options.bankid = client_options();
    if (prepare) prepare(options);
    platform = server::Platform::start(options, logger);
    eservices::Catalogue catalogue(platform->cooperation());
    const auto import = [&](const char* owner, const std::string& xml, const char* name) {
      const auto code = ids::Kommunkod::parse(owner);
      const auto editor = security::Principal::staff("editor", {{code, {security::Role::kEServiceEditor}}});
      tenancy::Context ctx(platform->database(), editor, code, SystemClock::instance(), &platform->audit_log());
      catalogue.import_definition(ctx, xml, name);
      ctx.commit();
    };
    const auto example = [](const char* file) {
      return test::read_file(test::source_dir() / "examples/hoglandet/eservices" / file);
    };
    import("0686", example("felanmalan-gata-park.xml"), "felanmalan-gata-park.xml");
    import("0682", example("skolskjuts.xml"), "skolskjuts.xml");
    import("0686", kAllFields, "alla-falt.xml");
    const auto editor = security::Principal::staff("editor", {{kEksjo, {security::Role::kEServiceEditor}}});
    tenancy::Context ctx(platform->database(), editor, kEksjo, SystemClock::instance(), &platform->audit_log());
    eservices::LocalOverrides overrides;
    overrides.title = eservices::LocalizedText{"Felanmälan i Eksjö", "Fault report in Eksjö"};
    catalogue.publish(ctx, "felanmalan-gata-park", 1, overrides);
    catalogue.publish(ctx, "skolskjuts", 1, {});
    catalogue.publish(ctx, "alla-falt", 1, {});
    ctx.commit();
  }

  /// A staff user with the password chosen and the authenticator app enrolled (test::enrolled_staff_user).
  std::string enrolled_staff_user(const ids::Kommunkod& municipality, const std::string& username,
                                  const std::string& display_name, security::Role role, const std::string& password) {
    return test::enrolled_staff_user(*platform, municipality, username, display_name, role, password);
  }

  Browser browser() const { return Browser{test::HttpsClient(platform->certificate_file(), platform->port()), {}}; }

  /// Stops the platform and starts it again on the same data (a new port): what a browser
  /// keeps is its cookie.
  void restart() {
    platform.reset();
    platform = server::Platform::start(options, logger);
  }

  /// Posts a form step as multipart/form-data (what a browser sends for a form with a file
  /// input): the text fields, and the file `bytes` as `file_field` when `file_name` is given.
  static test::HttpResult post_multipart(Browser& b, const std::string& path,
                                         const std::vector<std::pair<std::string, std::string>>& fields,
                                         const std::string& file_field = {}, const std::string& file_name = {},
                                         const std::string& file_type = {}, const std::string& bytes = {}) {
    const std::string boundary = "----samverkanBoundary";
    std::string body;
    for (const auto& [name, value] : fields) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }
    if (!file_name.empty()) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file_field + "\"; filename=\"" +
              file_name + "\"\r\nContent-Type: " + file_type + "\r\n\r\n" + bytes + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return b.post(path, body, "multipart/form-data; boundary=" + boundary);
  }

  /// Logs `b` in with BankID (the simulator's default user, Anna) as a browser without
  /// JavaScript does: start on the login page, then load the pending page (which collects the
  /// order) once the simulator has completed it; back on `next`.
  void log_in(Browser& b, const std::string& next) {
    auto r = b.get("/e/0686/logga-in?next=" + encode(next));
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    r = b.post("/e/0686/logga-in", "_csrf=" + encode(Browser::csrf(r.body)) + "&next=" + encode(next));
    BOOST_TEST_REQUIRE(r.status == 303, r.body);
    const std::string pending = r.headers.at("location");
    clock.advance(std::chrono::seconds(6));
    r = b.get(pending);
    BOOST_TEST_REQUIRE(r.status == 303, r.body);
    BOOST_TEST_REQUIRE(r.headers.at("location") == next);
  }
};

}  // namespace samverkan::test::pages
