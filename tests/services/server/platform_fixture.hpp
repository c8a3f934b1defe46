#pragma once
// Starts the whole platform in process on a free port with the example cooperation.
#include <boost/test/unit_test.hpp>

#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "samverkan/auth/totp.hpp"
#include "samverkan/server/platform.hpp"
#include "samverkan/tenancy/context.hpp"
#include "support/example_copy.hpp"
#include "support/https_client.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::test {

/// A new API client of `municipality` with `scopes`, made by that municipality's administrator,
/// and its bearer token from /oauth/token: (client id, access token).
inline std::pair<std::string, std::string> new_client_token(server::Platform& platform,
                                                            const ids::Kommunkod& municipality,
                                                            const std::set<std::string>& scopes) {
  const auto admin =
      security::Principal::staff("admin-" + municipality.str(), {{municipality, {security::Role::kAdministrator}}});
  tenancy::Context ctx(platform.database(), admin, municipality, SystemClock::instance(), &platform.audit_log());
  const auto created = platform.auth().clients().create(ctx, scopes);
  ctx.commit();
  const auto r =
      HttpsClient(platform.certificate_file(), platform.port())
          .request("POST", "/oauth/token",
                   "grant_type=client_credentials&client_id=" + created.client.id + "&client_secret=" + created.secret,
                   "application/x-www-form-urlencoded");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  return {created.client.id, json_member(r.body, "access_token")};
}

/// A staff user of `municipality` with `role` who has chosen `password` and enrolled the
/// authenticator app, as after a first login (the code of the previous 30 s step confirmed it, so
/// that a browser's code now is not a replay). Returns the TOTP secret in base32.
inline std::string enrolled_staff_user(server::Platform& platform, const ids::Kommunkod& municipality,
                                       const std::string& username, const std::string& display_name,
                                       security::Role role, const std::string& password) {
  auto& staff = platform.auth().staff();
  const auto admin = security::Principal::staff("admin", {{municipality, {security::Role::kAdministrator}}});
  tenancy::Context create(platform.database(), admin, municipality, SystemClock::instance(), &platform.audit_log());
  const auto created = staff.create(create, {.username = username,
                                             .hsa_id = std::nullopt,
                                             .display_name = display_name,
                                             .roles = {role},
                                             .platform_administrator = false});
  create.commit();
  staff.set_initial_password(created.user.id, password);
  std::string secret_text = staff.renew_totp_secret(created.user.id).secret;
  const auto secret = auth::base32_decode(secret_text);
  BOOST_TEST_REQUIRE(secret.has_value());
  staff.confirm_totp(created.user.id, auth::totp(*secret, SystemClock::instance().now() - std::chrono::seconds(30)));
  return secret_text;
}

struct PlatformFixture {
  TempDir dir;
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  std::unique_ptr<server::Platform> platform;

  explicit PlatformFixture(const std::string& database_url = {}) {
    server::PlatformOptions options;
    options.config_file = runnable_example(dir);
    options.data_dir = dir / "data";
    options.database_url = database_url;
    options.listen = "127.0.0.1:0";
    platform = server::Platform::start(options, logger);
  }

  HttpsClient client() const { return HttpsClient(platform->certificate_file(), platform->port()); }

  /// A bearer token of a new API client of `municipality` with `scopes`.
  std::string token_for(const ids::Kommunkod& municipality, const std::set<std::string>& scopes) {
    return new_client_token(*platform, municipality, scopes).second;
  }
};

}  // namespace samverkan::test
