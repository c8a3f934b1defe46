#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "libcore/auth/auth_fixture.hpp"
#include "samverkan/auth/session_store.hpp"
#include "samverkan/auth/staff_directory.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/ids/personnummer.hpp"

using namespace samverkan;
using namespace std::chrono_literals;

namespace {

struct Fixture : test::AuthFixture {
  auth::StaffDirectory staff{*db, clock, keyring, &audit, login_policy()};
  auth::SessionStore sessions{*db, clock, keyring, staff};
  const ids::Personnummer citizen_number = ids::Personnummer::parse_any("191212121212");

  static auth::LoginPolicy login_policy() {
    auth::LoginPolicy p;
    p.argon2 = cheap_argon2();
    return p;
  }

  int session_rows() {
    auto session = db->acquire();
    int count = 0;
    *session << "SELECT COUNT(*) FROM web_session", soci::into(count);
    return count;
  }

  http::Request request_with_cookie(const std::string& cookie) {
    http::Request request;
    request.headers.emplace_back("Cookie", cookie);
    return request;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(session_store_test)

BOOST_FIXTURE_TEST_CASE(cookie_is_host_only_secure_httponly_lax, Fixture) {
  const auto created = sessions.create_session(security::Principal::anonymous());
  BOOST_TEST(created.token.size() == 43u);
  BOOST_TEST(created.set_cookie ==
             "__Host-samverkan_session=" + created.token + "; Path=/; Secure; HttpOnly; SameSite=Lax");
  BOOST_TEST(auth::SessionStore::clear_cookie() ==
             "__Host-samverkan_session=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0");
  BOOST_TEST(*auth::SessionStore::cookie_token(
                 request_with_cookie("a=1; __Host-samverkan_session=" + created.token + "; b=2")) == created.token);
  BOOST_TEST(!auth::SessionStore::cookie_token(request_with_cookie("samverkan_session=x")));
  BOOST_TEST(!auth::SessionStore::cookie_token(http::Request{}));
}

BOOST_FIXTURE_TEST_CASE(the_database_holds_only_the_token_s_hash, Fixture) {
  const auto created = sessions.create_session(security::Principal::anonymous());
  BOOST_TEST(created.session.id.size() == 64u);
  auto session = db->acquire();
  std::string id;
  *session << "SELECT id FROM web_session", soci::into(id);
  BOOST_TEST(id == created.session.id);
  BOOST_TEST(id.find(created.token) == std::string::npos);
  // Presenting the stored id as a cookie gets nothing.
  BOOST_TEST(!sessions.resume(id));
  BOOST_TEST(sessions.resume(created.token).has_value());
}

BOOST_FIXTURE_TEST_CASE(idle_timeout, Fixture) {
  const auto created = sessions.create_session(security::Principal::anonymous());
  for (int i = 0; i < 5; ++i) {
    clock.advance(19min);
    BOOST_TEST(sessions.resume(created.token).has_value(), "each request restarts the idle time");
  }
  clock.advance(20min);
  BOOST_TEST(!sessions.resume(created.token));
  BOOST_TEST(session_rows() == 0, "an expired session is deleted");
}

BOOST_FIXTURE_TEST_CASE(absolute_timeout, Fixture) {
  const auto created = sessions.create_session(security::Principal::anonymous());
  for (int i = 0; i < 47; ++i) {
    clock.advance(10min);
    BOOST_REQUIRE(sessions.resume(created.token).has_value());
  }
  clock.advance(9min + 59s);  // 7 h 59 min 59 s
  BOOST_TEST(sessions.resume(created.token).has_value());
  clock.advance(1s);
  BOOST_TEST(!sessions.resume(created.token), "8 hours after it began, however active");
}

BOOST_FIXTURE_TEST_CASE(login_rotates_the_session, Fixture) {
  const auto before = sessions.create_session(security::Principal::anonymous());
  const auto after = sessions.rotate(before.token, security::Principal::citizen(citizen_number));
  BOOST_TEST(after.token != before.token);
  BOOST_TEST(after.session.id != before.session.id);
  BOOST_TEST(!sessions.resume(before.token), "the pre-login session is gone");
  const auto resumed = sessions.resume(after.token);
  BOOST_REQUIRE(resumed);
  BOOST_TEST((resumed->principal.kind() == security::PrincipalKind::kCitizen));
  BOOST_TEST(resumed->principal.personnummer()->digits() == "191212121212");
  BOOST_TEST(session_rows() == 1);

  // Rotating from an unknown or absent token still works.
  BOOST_TEST(sessions.rotate("", security::Principal::anonymous()).token.size() == 43u);
}

BOOST_FIXTURE_TEST_CASE(citizen_personnummer_is_encrypted, Fixture) {
  const auto created = sessions.create_session(security::Principal::citizen(citizen_number));
  auto session = db->acquire();
  std::string stored;
  *session << "SELECT personnummer FROM web_session", soci::into(stored);
  BOOST_TEST(stored.starts_with("v1.k1."));
  BOOST_TEST(stored.find("191212121212") == std::string::npos);
  BOOST_TEST(stored.find("121212") == std::string::npos);
  // Copied onto another session row, the ciphertext does not decrypt.
  const auto other =
      sessions.create_session(security::Principal::citizen(ids::Personnummer::parse_any("190101012383")));
  *session << "UPDATE web_session SET personnummer = :p WHERE id = :id", soci::use(stored, "p"),
      soci::use(other.session.id, "id");
  BOOST_CHECK_THROW(sessions.resume(other.token), Error);
}

BOOST_FIXTURE_TEST_CASE(logout_destroys_the_session, Fixture) {
  const auto created = sessions.create_session(security::Principal::citizen(citizen_number));
  sessions.destroy(created.token);
  BOOST_TEST(!sessions.resume(created.token));
  sessions.destroy(created.token);  // twice is fine
  sessions.destroy("garbage");
}

BOOST_FIXTURE_TEST_CASE(csrf_token_is_per_session_and_checked, Fixture) {
  const auto a = sessions.create_session(security::Principal::anonymous());
  const auto b = sessions.create_session(security::Principal::anonymous());
  BOOST_TEST(a.session.csrf_token.size() == 43u);
  BOOST_TEST(a.session.csrf_token != b.session.csrf_token);
  const auto resumed = sessions.resume(a.token);
  BOOST_TEST(resumed->csrf_token == a.session.csrf_token, "stable for the session");
  BOOST_TEST(sessions.check_csrf(*resumed, a.session.csrf_token));
  BOOST_TEST(!sessions.check_csrf(*resumed, b.session.csrf_token));
  BOOST_TEST(!sessions.check_csrf(*resumed, ""));
  BOOST_TEST(!sessions.check_csrf(*resumed, a.session.csrf_token.substr(1)));
  std::string flipped = a.session.csrf_token;
  flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
  BOOST_TEST(!sessions.check_csrf(*resumed, flipped));
  // A new session after login has a new CSRF token.
  const auto rotated = sessions.rotate(a.token, security::Principal::anonymous());
  BOOST_TEST(rotated.session.csrf_token != a.session.csrf_token);
}

BOOST_FIXTURE_TEST_CASE(staff_sessions_follow_role_changes, Fixture) {
  auth::NewStaffUserRequest request;
  request.username = "karin";
  request.roles = {security::Role::kReader, security::Role::kRegistrar};
  in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) { staff.create(ctx, request); });
  const auto principal = staff.find("karin")->principal();
  const auto created = sessions.create_session(principal);
  BOOST_TEST(sessions.resume(created.token)->principal.has_role(aneby, security::Role::kRegistrar));

  in_context(administrator(aneby), aneby,
             [&](tenancy::Context& ctx) { staff.revoke(ctx, "karin", {security::Role::kRegistrar}); });
  const auto resumed = sessions.resume(created.token);
  BOOST_TEST(resumed->principal.id() == "staff:karin");
  BOOST_TEST(!resumed->principal.has_role(aneby, security::Role::kRegistrar));
  BOOST_TEST(resumed->principal.has_role(aneby, security::Role::kReader));

  BOOST_CHECK_THROW(sessions.create_session(security::Principal::staff("ghost", {})), NotFound);
  BOOST_CHECK_THROW(sessions.create_session(security::Principal::api_client("0604-0123456789abcdef0123456789abcdef",
                                                                            aneby, {"errands:read"})),
                    InvalidInput);
  BOOST_CHECK_THROW(sessions.create_session(security::Principal::system("jobs/x")), InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(resume_from_request_and_purge, Fixture) {
  const auto a = sessions.create_session(security::Principal::anonymous());
  clock.advance(15min);
  const auto b = sessions.create_session(security::Principal::anonymous());
  BOOST_TEST(sessions.resume(request_with_cookie("__Host-samverkan_session=" + b.token)).has_value());
  BOOST_TEST(!sessions.resume(request_with_cookie("__Host-samverkan_session=forged")));
  clock.advance(6min);  // a idle 21 min, b 6 min
  BOOST_TEST(sessions.purge_expired() == 1u);
  BOOST_TEST(session_rows() == 1);
  BOOST_TEST(sessions.resume(b.token).has_value());
  BOOST_TEST(!sessions.resume(a.token));
}

BOOST_FIXTURE_TEST_CASE(a_first_login_has_stages_and_the_session_keeps_member_and_language, Fixture) {
  auth::NewStaffUserRequest request;
  request.username = "karin";
  request.roles = {security::Role::kRegistrar};
  in_context(administrator(aneby), aneby, [&](tenancy::Context& ctx) { staff.create(ctx, request); });
  const auto karin = staff.find("karin")->principal();

  auto created = sessions.create_session(karin, auth::LoginStage::kPasswordChange);
  BOOST_TEST((sessions.resume(created.token)->stage == auth::LoginStage::kPasswordChange));
  sessions.set_stage(created.session, auth::LoginStage::kTotpEnrolment);
  auto resumed = sessions.resume(created.token);
  BOOST_TEST((resumed->stage == auth::LoginStage::kTotpEnrolment));
  BOOST_CHECK_THROW(sessions.set_stage(created.session, auth::LoginStage::kComplete), InvalidInput);
  BOOST_CHECK_THROW(sessions.create_session(security::Principal::anonymous(), auth::LoginStage::kPasswordChange),
                    InvalidInput);

  BOOST_TEST(!resumed->member.has_value());
  BOOST_TEST(!resumed->language.has_value());
  BOOST_TEST(resumed->display_name == "karin");
  sessions.set_member(*resumed, eksjo);
  sessions.set_language(*resumed, "en");
  BOOST_CHECK_THROW(sessions.set_language(*resumed, "fi"), InvalidInput);
  resumed = sessions.resume(created.token);
  BOOST_TEST(resumed->member->str() == "0686");
  BOOST_TEST(*resumed->language == "en");

  sessions.destroy(created.token);
  BOOST_CHECK_THROW(sessions.set_member(*resumed, aneby), NotFound);
}

BOOST_FIXTURE_TEST_CASE(resume_says_why_there_is_no_session, Fixture) {
  const auto idle = sessions.create_session(security::Principal::anonymous());
  clock.advance(21min);
  BOOST_TEST((sessions.resume_or_why(idle.token).end == auth::SessionEnd::kIdle));
  BOOST_TEST((sessions.resume_or_why(idle.token).end == auth::SessionEnd::kNone), "deleted: now unknown");
  BOOST_TEST((sessions.resume_or_why("not a token").end == auth::SessionEnd::kNone));

  const auto old = sessions.create_session(security::Principal::anonymous());
  for (int i = 0; i < 8 * 4; ++i) {
    clock.advance(15min);
    if (i < 8 * 4 - 1) BOOST_TEST_REQUIRE(sessions.resume(old.token).has_value());
  }
  BOOST_TEST((sessions.resume_or_why(old.token).end == auth::SessionEnd::kTooOld));
}

BOOST_AUTO_TEST_SUITE_END()
