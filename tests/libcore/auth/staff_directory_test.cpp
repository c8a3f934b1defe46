#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/auth/staff_directory.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using namespace std::chrono_literals;

namespace {

struct Fixture : test::AuthFixture {
  auth::StaffDirectory staff{*db, clock, keyring, &audit, policy()};

  static auth::LoginPolicy policy() {
    auth::LoginPolicy p;
    p.argon2 = cheap_argon2();
    return p;
  }

  auth::NewStaffUser create(const std::string& username, const std::optional<std::string>& hsa_id,
                            std::set<security::Role> roles, const ids::Kommunkod& where) {
    auth::NewStaffUserRequest request;
    request.username = username;
    request.hsa_id = hsa_id;
    request.display_name = "Anna Andersson";
    request.roles = std::move(roles);
    return in_context(administrator(where), where, [&](tenancy::Context& ctx) { return staff.create(ctx, request); });
  }

  // The TOTP secret, read back from the otpauth:// URI as an authenticator app would.
  static std::vector<std::uint8_t> secret_of(const auth::NewStaffUser& user) {
    const auto start = user.totp_uri.find("secret=") + 7;
    return *auth::base32_decode(user.totp_uri.substr(start, user.totp_uri.find('&', start) - start));
  }

  std::string code_for(const auth::NewStaffUser& user, Clock::TimePoint at) { return auth::totp(secret_of(user), at); }
  std::string code_now(const auth::NewStaffUser& user) { return code_for(user, clock.now()); }

  bool login_fails(const std::string& username, const std::string& password, const std::string& code) {
    try {
      staff.login(username, password, code);
    } catch (const Unauthenticated& e) {
      BOOST_TEST(std::string(e.what()) == std::string(auth::StaffDirectory::kLoginFailed));
      return true;
    }
    return false;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(staff_directory_test)

BOOST_FIXTURE_TEST_CASE(create_then_log_in_with_password_and_code, Fixture) {
  const auto created =
      create("Anna.A", "SE2120000142-abc1", {security::Role::kRegistrar, security::Role::kCaseHandler}, aneby);
  BOOST_TEST(created.user.username == "anna.a", "user names are lower-case");
  BOOST_TEST(created.initial_password.size() == 24u);
  BOOST_TEST(created.totp_uri.starts_with("otpauth://totp/Samverkan:anna.a?secret="));
  BOOST_TEST(secret_of(created).size() == 20u);
  BOOST_TEST(audit_count(aneby, "staff.create", "success") == 1);

  // The TOTP secret is stored encrypted, the password hashed.
  auto session = db->acquire();
  std::string sealed, hash;
  *session << "SELECT totp_secret, password_hash FROM staff_user WHERE username = 'anna.a'", soci::into(sealed),
      soci::into(hash);
  BOOST_TEST(sealed.starts_with("v1.k1."));
  BOOST_TEST(sealed.find(auth::base32_encode(secret_of(created))) == std::string::npos);
  BOOST_TEST(hash.starts_with("$argon2id$"));

  const auto user = staff.login("ANNA.A", created.initial_password, code_now(created));
  BOOST_TEST(user.must_change_password);
  const auto principal = user.principal();
  BOOST_TEST(principal.id() == "staff:SE2120000142-abc1");
  BOOST_TEST(principal.has_role(aneby, security::Role::kRegistrar));
  BOOST_TEST(principal.has_role(aneby, security::Role::kCaseHandler));
  BOOST_TEST(!principal.has_role(eksjo, security::Role::kRegistrar));
  BOOST_TEST(audit_count(aneby, "staff.login", "success") == 1);
}

BOOST_FIXTURE_TEST_CASE(a_code_is_accepted_once_and_one_step_off, Fixture) {
  const auto created = create("bo", std::nullopt, {security::Role::kReader}, aneby);
  const auto code = code_now(created);
  staff.login("bo", created.initial_password, code);
  BOOST_TEST(login_fails("bo", created.initial_password, code), "replayed code");
  clock.advance(30s);
  BOOST_TEST(login_fails("bo", created.initial_password, code), "still the same (used) step within the window");
  // The previous step's code is not accepted after a later step was used.
  clock.advance(30s);
  staff.login("bo", created.initial_password, code_for(created, clock.now() + 30s));
  BOOST_TEST(login_fails("bo", created.initial_password, code_now(created)));
}

BOOST_FIXTURE_TEST_CASE(unknown_user_and_wrong_password_look_the_same, Fixture) {
  const auto created = create("cecilia", std::nullopt, {security::Role::kReader}, aneby);
  BOOST_TEST(login_fails("nobody", created.initial_password, code_now(created)));
  BOOST_TEST(login_fails("cecilia", "wrong password", code_now(created)));
  BOOST_TEST(login_fails("cecilia", created.initial_password, "000000"));
  BOOST_TEST(login_fails("Not A Valid Name!", "x", "123456"));
  BOOST_TEST(audit_count(aneby, "staff.login", "refused") == 2);
}

BOOST_FIXTURE_TEST_CASE(lockout_doubles_and_is_audited, Fixture) {
  const auto created = create("david", std::nullopt, {security::Role::kReader}, aneby);
  const auto fail_five_times = [&] {
    for (int i = 0; i < 5; ++i) BOOST_TEST(login_fails("david", "wrong", code_now(created)));
  };
  fail_five_times();
  BOOST_TEST(audit_count(aneby, "staff.lockout", "refused") == 1);

  // Locked for 1 minute: even the right password and code fail, and do not count.
  clock.advance(59s);
  BOOST_TEST(login_fails("david", created.initial_password, code_now(created)));
  clock.advance(1s);
  staff.login("david", created.initial_password, code_now(created));

  // A success resets the doubling; the next five failures lock for 1 minute again, and the
  // five after that for 2 minutes.
  clock.advance(30s);
  fail_five_times();
  clock.advance(60s);
  fail_five_times();
  clock.advance(119s);
  BOOST_TEST(login_fails("david", created.initial_password, code_now(created)));
  clock.advance(1s);
  staff.login("david", created.initial_password, code_now(created));
  BOOST_TEST(audit_count(aneby, "staff.lockout", "refused") == 3);
  BOOST_TEST(audit_count(aneby, "staff.login", "refused") == 17);  // 15 failures + 2 attempts while locked
}

BOOST_FIXTURE_TEST_CASE(lock_length_is_capped, Fixture) {
  const auto created = create("erik", std::nullopt, {security::Role::kReader}, aneby);
  std::chrono::seconds expected = 60s;
  for (int lock = 0; lock < 8; ++lock) {
    for (int i = 0; i < 5; ++i) login_fails("erik", "wrong", "000000");
    auto session = db->acquire();
    std::string until;
    *session << "SELECT locked_until FROM staff_user WHERE username = 'erik'", soci::into(until);
    BOOST_TEST_CONTEXT("lock " << lock) {
      BOOST_TEST(until.substr(0, 19) == test::iso_seconds(clock.now() + expected));
    }
    clock.advance(expected);
    expected = std::min(expected * 2, std::chrono::seconds(3600));
  }
}

BOOST_FIXTURE_TEST_CASE(change_password, Fixture) {
  const auto created = create("frida", std::nullopt, {security::Role::kReader}, aneby);
  BOOST_CHECK_THROW(staff.change_password("frida", created.initial_password, code_now(created), "short"), InvalidInput);
  staff.change_password("frida", created.initial_password, code_now(created), "a much longer passphrase");
  clock.advance(30s);
  BOOST_TEST(login_fails("frida", created.initial_password, code_now(created)));
  clock.advance(30s);
  const auto user = staff.login("frida", "a much longer passphrase", code_now(created));
  BOOST_TEST(!user.must_change_password);
}

BOOST_FIXTURE_TEST_CASE(siths_certificate_maps_to_the_staff_user, Fixture) {
  create("gustav", "SE2120000142-abc1", {security::Role::kCaseHandler}, aneby);
  http::ClientCertificate cert;
  cert.serial_number = "SE2120000142-abc1";
  const auto principal = staff.authenticate_client_certificate(cert);
  BOOST_TEST(principal.id() == "staff:SE2120000142-abc1");
  BOOST_TEST(principal.has_role(aneby, security::Role::kCaseHandler));

  cert.serial_number = "SE2120000142-other";
  BOOST_CHECK_EXCEPTION(staff.authenticate_client_certificate(cert), Unauthenticated, [](const Unauthenticated& e) {
    return std::string(e.what()) == "no staff user has the HSA-id SE2120000142-other";
  });
  cert.serial_number = "197001011234";
  BOOST_CHECK_EXCEPTION(staff.authenticate_client_certificate(cert), Unauthenticated, [](const Unauthenticated& e) {
    return std::string(e.what()).find("not an HSA-id") != std::string::npos;
  });
  cert.serial_number = "";
  BOOST_CHECK_THROW(staff.authenticate_client_certificate(cert), Unauthenticated);
}

BOOST_FIXTURE_TEST_CASE(grant_and_revoke_roles_per_municipality, Fixture) {
  create("hanna", std::nullopt, {security::Role::kReader}, aneby);
  in_context(administrator(eksjo), eksjo, [&](tenancy::Context& ctx) {
    staff.grant(ctx, "hanna", {security::Role::kRegistrar, security::Role::kReader});
  });
  auto user = staff.find("hanna");
  BOOST_TEST(user->roles.at(aneby) == std::set<security::Role>{security::Role::kReader});
  BOOST_TEST((user->roles.at(eksjo) == std::set<security::Role>{security::Role::kRegistrar, security::Role::kReader}));
  BOOST_TEST(audit_count(eksjo, "staff.grant", "success") == 1);

  // Eksjö's administrator cannot touch Aneby's roles.
  BOOST_CHECK_THROW(
      in_context(administrator(eksjo), aneby,
                 [&](tenancy::Context& ctx) { staff.grant(ctx, "hanna", {security::Role::kAdministrator}); }),
      NotFound);
  in_context(administrator(eksjo), eksjo,
             [&](tenancy::Context& ctx) { staff.revoke(ctx, "hanna", {security::Role::kRegistrar}); });
  user = staff.find("hanna");
  BOOST_TEST(user->roles.at(eksjo) == std::set<security::Role>{security::Role::kReader});
  BOOST_CHECK_THROW(in_context(administrator(eksjo), eksjo,
                               [&](tenancy::Context& ctx) { staff.grant(ctx, "nobody", {security::Role::kReader}); }),
                    NotFound);
}

BOOST_FIXTURE_TEST_CASE(create_refuses_duplicates_bad_input_and_escalation, Fixture) {
  create("ida", "SE2120000142-ida1", {security::Role::kReader}, aneby);
  BOOST_CHECK_THROW(create("ida", std::nullopt, {security::Role::kReader}, aneby), Conflict);
  BOOST_CHECK_THROW(create("ida2", "SE2120000142-ida1", {security::Role::kReader}, aneby), Conflict);
  BOOST_CHECK_THROW(create("bad name", std::nullopt, {security::Role::kReader}, aneby), InvalidInput);
  BOOST_CHECK_THROW(create("jan", "SE1234567890-x", {security::Role::kReader}, aneby), InvalidInput);
  BOOST_CHECK_THROW(create("jan", std::nullopt, {}, aneby), InvalidInput);

  auth::NewStaffUserRequest request;
  request.username = "root";
  request.platform_administrator = true;
  BOOST_CHECK_THROW(in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) { staff.create(ctx, request); }),
                    Forbidden);
  const auto platform_admin = security::Principal::staff("console", {}, true);
  const auto root =
      in_context(platform_admin, aneby, [&](tenancy::Context& ctx) { return staff.create(ctx, request); });
  BOOST_TEST(staff.find("root")->platform_administrator);
  BOOST_TEST(root.user.principal().is_platform_administrator());
}

BOOST_FIXTURE_TEST_CASE(a_hash_made_with_older_parameters_is_renewed_at_the_next_login, Fixture) {
  const auto created = create("anna", std::nullopt, {security::Role::kReader}, aneby);
  const auto stored_hash = [&] {
    auto session = db->acquire();
    std::string hash;
    *session << "SELECT password_hash FROM staff_user WHERE username = 'anna'", soci::into(hash);
    return hash;
  };
  const auto before = stored_hash();
  BOOST_TEST(!auth::needs_rehash(before, policy().argon2));

  // The operator raises the memory cost; the existing hash still verifies and is renewed.
  auth::LoginPolicy stronger = policy();
  stronger.argon2.memory_kib = 2048;
  auth::StaffDirectory raised(*db, clock, keyring, &audit, stronger);
  BOOST_TEST(auth::needs_rehash(before, stronger.argon2));
  raised.login("anna", created.initial_password, code_now(created));
  const auto after = stored_hash();
  BOOST_TEST(after != before);
  BOOST_TEST(!auth::needs_rehash(after, stronger.argon2));
  BOOST_TEST(auth::verify_password(after, created.initial_password));

  // A failed login renews nothing.
  clock.advance(std::chrono::seconds(30));
  auth::LoginPolicy strongest = stronger;
  strongest.argon2.memory_kib = 4096;
  auth::StaffDirectory raised_again(*db, clock, keyring, &audit, strongest);
  BOOST_CHECK_THROW(raised_again.login("anna", "wrong password!", code_now(created)), Unauthenticated);
  BOOST_TEST(stored_hash() == after);
}

BOOST_FIXTURE_TEST_CASE(the_web_login_takes_the_password_alone_until_totp_is_enrolled, Fixture) {
  const auto created = create("hanna", std::nullopt, {security::Role::kRegistrar}, aneby);
  // The API login always needs a code; the web login lets a user who has not enrolled in.
  BOOST_TEST(login_fails("hanna", created.initial_password, ""));
  const auto first = staff.web_login("hanna", created.initial_password, "");
  BOOST_TEST(first.must_change_password);
  BOOST_TEST(!first.totp_enrolled);
  BOOST_TEST(audit_count(aneby, "staff.login", "success") == 1);
  BOOST_CHECK_THROW(staff.web_login("hanna", "not the password", ""), Unauthenticated);

  staff.set_initial_password(first.id, "a long first passphrase");
  BOOST_CHECK_THROW(staff.set_initial_password(first.id, "another long passphrase"), Conflict);
  BOOST_TEST(staff.web_login("hanna", "a long first passphrase", "").totp_enrolled == false);

  // A fresh secret replaces the one printed at creation; a wrong code is refused and audited.
  const auto enrolment = staff.renew_totp_secret(first.id);
  BOOST_TEST(created.totp_uri.find(enrolment.secret) == std::string::npos);
  BOOST_TEST(enrolment.uri.starts_with("otpauth://totp/Samverkan:hanna?secret=" + enrolment.secret));
  BOOST_TEST(staff.pending_totp(first.id)->secret == enrolment.secret);
  BOOST_CHECK_THROW(staff.confirm_totp(first.id, code_now(created)), InvalidInput);
  BOOST_TEST(audit_count(aneby, "staff.totp-enrol", "refused") == 1);
  const auto secret = *auth::base32_decode(enrolment.secret);
  staff.confirm_totp(first.id, auth::totp(secret, clock.now()));
  BOOST_TEST(audit_count(aneby, "staff.totp-enrol", "success") == 1);
  BOOST_TEST(!staff.pending_totp(first.id).has_value(), "an enrolled secret is never shown again");
  BOOST_CHECK_THROW(staff.renew_totp_secret(first.id), Conflict);
  BOOST_CHECK_THROW(staff.confirm_totp(first.id, auth::totp(secret, clock.now())), Conflict);

  // From now on the code is required, and the one used for enrolment is spent.
  BOOST_CHECK_THROW(staff.web_login("hanna", "a long first passphrase", ""), Unauthenticated);
  BOOST_CHECK_THROW(staff.web_login("hanna", "a long first passphrase", auth::totp(secret, clock.now())),
                    Unauthenticated);
  clock.advance(30s);
  const auto later = staff.web_login("hanna", "a long first passphrase", auth::totp(secret, clock.now()));
  BOOST_TEST(later.totp_enrolled);
  BOOST_TEST(staff.find("hanna")->totp_enrolled);
}

BOOST_FIXTURE_TEST_CASE(a_first_password_must_be_long_and_new, Fixture) {
  const auto created = create("ivar", std::nullopt, {security::Role::kReader}, aneby);
  const auto id = created.user.id;
  BOOST_CHECK_THROW(staff.set_initial_password(id, "short"), InvalidInput);
  BOOST_CHECK_EXCEPTION(
      staff.set_initial_password(id, created.initial_password), InvalidInput,
      [](const InvalidInput& e) { return std::string(e.what()).find("differ") != std::string::npos; });
  BOOST_CHECK_THROW(staff.set_initial_password(id + 1000, "a long enough passphrase"), NotFound);
  BOOST_TEST(audit_count(aneby, "staff.password-change") == 0);
}

BOOST_FIXTURE_TEST_CASE(an_api_login_with_a_code_enrols_the_secret_it_was_created_with, Fixture) {
  const auto created = create("jonas", std::nullopt, {security::Role::kReader}, aneby);
  BOOST_TEST(staff.pending_totp(created.user.id).has_value());
  staff.change_password("jonas", created.initial_password, code_now(created), "a much longer passphrase");
  BOOST_TEST(!staff.pending_totp(created.user.id).has_value(), "the code proved the app holds the secret");
  BOOST_TEST(staff.find("jonas")->totp_enrolled);
}

BOOST_FIXTURE_TEST_CASE(members_are_one_municipalitys_and_disabling_suspends_the_roles_there_only, Fixture) {
  const auto anna = create("anna", std::nullopt, {security::Role::kRegistrar}, aneby);
  in_context(administrator(eksjo), eksjo,
             [&](tenancy::Context& ctx) { staff.grant(ctx, "anna", {security::Role::kCaseHandler}); });
  create("erik", std::nullopt, {security::Role::kReader}, eksjo);
  const auto listed =
      in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) { return staff.members(ctx); });
  BOOST_TEST_REQUIRE(listed.size() == 1U, "Eksjö's Erik is not Aneby's");
  BOOST_TEST(listed[0].username == "anna");
  BOOST_TEST((listed[0].roles == std::set<security::Role>{security::Role::kRegistrar}), "Aneby's roles only");

  in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) { staff.set_disabled(ctx, anna.user.id, true); });
  const auto user = staff.find("anna");
  BOOST_TEST(!user->roles.contains(aneby), "the roles in Aneby count for nothing");
  BOOST_TEST(user->roles.contains(eksjo), "Eksjö's are untouched");
  const auto disabled =
      in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) { return staff.member(ctx, anna.user.id); });
  BOOST_TEST(disabled.disabled);
  BOOST_TEST((disabled.roles == std::set<security::Role>{security::Role::kRegistrar}), "kept while disabled");
  BOOST_CHECK_THROW(in_context(administrator(aneby), aneby,
                               [&](tenancy::Context& ctx) { staff.set_disabled(ctx, anna.user.id, true); }),
                    Conflict);
  in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) { staff.set_disabled(ctx, anna.user.id, false); });
  BOOST_TEST(staff.find("anna")->roles.contains(aneby));

  // Another member's user is not found; a registrar may not list.
  const auto erik = staff.find("erik");
  BOOST_CHECK_THROW(
      in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) { return staff.member(ctx, erik->id); }),
      NotFound);
  BOOST_CHECK_THROW(
      in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) { staff.set_disabled(ctx, erik->id, true); }),
      NotFound);
  BOOST_CHECK_THROW(in_context(anna.user.principal(), aneby, [&](tenancy::Context& ctx) { return staff.members(ctx); }),
                    Forbidden);
}

BOOST_FIXTURE_TEST_CASE(nobody_disables_themselves_or_removes_their_own_administrator_role, Fixture) {
  const auto boss = create("boss", std::nullopt, {security::Role::kAdministrator, security::Role::kReader}, aneby);
  const auto me = staff.find("boss")->principal();
  BOOST_CHECK_THROW(
      in_context(me, aneby,
                 [&](tenancy::Context& ctx) { staff.revoke(ctx, "boss", {security::Role::kAdministrator}); }),
      Conflict);
  BOOST_CHECK_THROW(in_context(me, aneby, [&](tenancy::Context& ctx) { staff.set_disabled(ctx, boss.user.id, true); }),
                    Conflict);
  // Another role of one's own may go, and another administrator may remove the role.
  in_context(me, aneby, [&](tenancy::Context& ctx) { staff.revoke(ctx, "boss", {security::Role::kReader}); });
  in_context(administrator(aneby), aneby,
             [&](tenancy::Context& ctx) { staff.revoke(ctx, "boss", {security::Role::kAdministrator}); });
  BOOST_TEST(!staff.find("boss")->roles.contains(aneby));
}

BOOST_AUTO_TEST_SUITE_END()
