#include <boost/test/unit_test.hpp>

#include <sstream>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/server/cli_auth.hpp"

using namespace samverkan;

namespace {

struct Fixture : test::AuthFixture {
  std::string url = "sqlite:" + (dir / "auth.db").string();
  std::filesystem::path key_file =
      dir.write_secret("keys", crypto::Keyring::format_line(keyring.keys().front()) + "\n");
  std::ostringstream out;
  std::ostringstream err;

  // "label:   value" from the output.
  std::string line_value(const std::string& label) const {
    const auto text = out.str();
    const auto start = text.find(label);
    if (start == std::string::npos) return {};
    const auto value = text.find_first_not_of(' ', start + label.size());
    return text.substr(value, text.find('\n', value) - value);
  }

  void reset() {
    out.str({});
    err.str({});
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(auth_cli_test)

BOOST_FIXTURE_TEST_CASE(client_create_prints_the_secret_once_and_revoke_ends_it, Fixture) {
  BOOST_TEST(server::run_client_create(url, key_file, "0604", "errands:read,cases:read", out, err) == 0);
  const auto id = line_value("client id:");
  const auto secret = line_value("client secret:");
  BOOST_TEST(id.starts_with("0604-"));
  BOOST_TEST(secret.starts_with("svs_"));
  BOOST_TEST(line_value("scopes:") == "cases:read errands:read");
  BOOST_TEST(err.str().find("shown only this once and cannot be shown again") != std::string::npos);

  auth::ApiClientRegistry clients(*db, clock, nullptr);
  BOOST_TEST(clients.authenticate(id, secret).has_value());
  BOOST_TEST(audit_count(aneby, "api-client.create", "success") == 1);

  reset();
  BOOST_TEST(server::run_client_revoke(url, key_file, id, out, err) == 0);
  BOOST_TEST(out.str().find("revoked " + id) == 0u);
  BOOST_TEST(!clients.authenticate(id, secret).has_value());
  reset();
  BOOST_TEST(server::run_client_revoke(url, key_file, id, out, err) == 1);
  BOOST_TEST(err.str() == "samverkan client revoke: API client " + id + " is already revoked\n");
}

BOOST_FIXTURE_TEST_CASE(client_list_shows_active_and_revoked_clients_of_one_municipality_only, Fixture) {
  BOOST_TEST(server::run_client_list(url, key_file, "0604", out, err) == 0);
  BOOST_TEST(out.str() == "municipality 0604 has no API clients\n");
  reset();
  BOOST_TEST(server::run_client_create(url, key_file, "0604", "errands:read", out, err) == 0);
  const auto first = line_value("client id:");
  const auto secret = line_value("client secret:");
  reset();
  BOOST_TEST(server::run_client_create(url, key_file, "0604", "cases:read,errands:read", out, err) == 0);
  const auto second = line_value("client id:");
  reset();
  BOOST_TEST(server::run_client_create(url, key_file, "0686", "errands:read", out, err) == 0);
  const auto eksjo_client = line_value("client id:");
  reset();
  BOOST_TEST(server::run_client_revoke(url, key_file, first, out, err) == 0);
  reset();

  BOOST_TEST(server::run_client_list(url, key_file, "0604", out, err) == 0);
  const auto listing = out.str();
  BOOST_TEST(listing.starts_with("id\tstatus\tcreated\trevoked\tscopes\n"));
  BOOST_TEST(listing.find(first + "\trevoked\t") != std::string::npos, listing);
  BOOST_TEST(listing.find(second + "\tactive\t") != std::string::npos, listing);
  BOOST_TEST(listing.find("\tcases:read errands:read\n") != std::string::npos, listing);
  BOOST_TEST(listing.find(eksjo_client) == std::string::npos, "another municipality's client is not listed");
  BOOST_TEST(listing.find(secret) == std::string::npos, "a secret is never shown again");
  BOOST_TEST(listing.find("svs_") == std::string::npos);

  reset();
  BOOST_TEST(server::run_client_list(url, key_file, "6", out, err) == 2);
  BOOST_TEST(err.str().find("--municipality") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(client_usage_errors, Fixture) {
  BOOST_TEST(server::run_client_create(url, key_file, "06", "errands:read", out, err) == 2);
  BOOST_TEST(err.str().find("--municipality") != std::string::npos);
  reset();
  BOOST_TEST(server::run_client_create(url, key_file, "0604", "errands:read,everything", out, err) == 2);
  BOOST_TEST(err.str().find("unknown scope 'everything'") != std::string::npos);
  reset();
  BOOST_TEST(server::run_client_create(url, key_file, "0180", "errands:read", out, err) == 1);
  BOOST_TEST(err.str() == "samverkan client create: municipality 0180 is not a member of the cooperation\n");
  reset();
  BOOST_TEST(server::run_client_create(url, dir / "no-such-keys", "0604", "errands:read", out, err) == 1);
  BOOST_TEST(err.str().find("no keys") != std::string::npos);
  BOOST_TEST(out.str().empty());
  reset();
  BOOST_TEST(server::run_client_revoke(url, key_file, "not-an-id", out, err) == 2);
  reset();
  BOOST_TEST(server::run_client_revoke(url, key_file, "0604-00000000000000000000000000000000", out, err) == 1);
}

BOOST_FIXTURE_TEST_CASE(staff_create_prints_password_and_totp_uri_then_grant, Fixture) {
  BOOST_TEST(server::run_staff_create(url, key_file, "anna", "SE2120000142-abc1", "Anna Andersson", "0604",
                                      "registrar,case-handler", out, err) == 0);
  const auto password = line_value("initial password:");
  const auto uri = line_value("TOTP URI:");
  BOOST_TEST(password.size() == 24u);
  BOOST_TEST(uri.starts_with("otpauth://totp/Samverkan:anna?secret="));
  BOOST_TEST(line_value("roles in 0604:") == "registrar, case-handler");
  BOOST_TEST(err.str().find("cannot be shown again") != std::string::npos);

  // The user can log in with what was printed (the CLI used the same key file).
  auth::StaffDirectory staff(*db, clock, keyring, nullptr);
  const auto start = uri.find("secret=") + 7;
  const auto secret = *auth::base32_decode(uri.substr(start, uri.find('&', start) - start));
  const auto user = staff.login("anna", password, auth::totp(secret, clock.now()));
  BOOST_TEST(user.hsa_id.value_or("") == "SE2120000142-abc1");

  reset();
  BOOST_TEST(server::run_staff_grant(url, key_file, "anna", "0686", "reader", out, err) == 0);
  BOOST_TEST(out.str() == "anna in 0686: reader\n");
  BOOST_TEST(staff.find("anna")->roles.size() == 2u);
  BOOST_TEST(audit_count(eksjo, "staff.grant", "success") == 1);

  reset();
  BOOST_TEST(server::run_staff_create(url, key_file, "anna", "", "", "0604", "reader", out, err) == 1);
  BOOST_TEST(err.str() == "samverkan staff create: a staff user with that user name or HSA-id exists\n");
  reset();
  BOOST_TEST(server::run_staff_create(url, key_file, "bo", "", "", "0604", "chief", out, err) == 2);
  BOOST_TEST(err.str().find("unknown role 'chief'") != std::string::npos);
  reset();
  BOOST_TEST(server::run_staff_grant(url, key_file, "nobody", "0604", "reader", out, err) == 1);
  BOOST_TEST(err.str() == "samverkan staff grant: no staff user nobody\n");
}

BOOST_AUTO_TEST_SUITE_END()
