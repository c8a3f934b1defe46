// Adjustment with BankID against the BankID simulator: the chair and an adjuster sign in any
// order; the person who signs must be the member; a change after the start is refused; the
// minutes lock when the last one has signed.
#include <boost/test/unit_test.hpp>

#include "libcore/bankid/bankid_fixture.hpp"
#include "meetings_fixture.hpp"
#include "samverkan/casehandling/minutes_signing.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using namespace samverkan::casehandling;
using test::kAneby;

namespace {

struct Fixture : test::MeetingsFixture {
  test::BankIdFixture bankid_env;
  std::unique_ptr<bankid::Client> client = bankid_env.client();
  MinutesSigning signing{meetings, client.get(), keyring};
  long long minutes = 0;
  long long paragraph = 0;

  Fixture() {
    seat_board();
    const long long meeting = held_meeting("2026-12-01");
    auto ctx = context(secretary, kAneby);
    minutes = meetings.open_minutes(*ctx, meeting, "Kommunkansliet", {"m3"}).id;
    paragraph = meetings.add_paragraph(*ctx, minutes, 0, "Val av justerare").id;
    for (const auto& m : members.on_day(*ctx, "KS", "2026-12-01")) {
      if (m.user_id == "m1") signing.bind_personnummer(*ctx, m.id, test::kAnna);
      if (m.user_id == "m3") signing.bind_personnummer(*ctx, m.id, test::kBertil);
    }
    ctx->commit();
  }

  bankid::Order start(const std::string& user) {
    auto ctx = context(member(user), kAneby);
    auto order = signing.start(*ctx, minutes, "192.0.2.10");
    ctx->commit();
    return order;
  }

  SigningProgress collect(const std::string& user, const std::string& order_ref) {
    auto ctx = context(member(user), kAneby);
    auto progress = signing.collect(*ctx, minutes, order_ref);
    ctx->commit();
    return progress;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(minutes_signing_test)

BOOST_FIXTURE_TEST_CASE(chair_and_adjuster_sign_with_bankid_and_the_minutes_lock, Fixture) {
  // The adjuster first (Bertil), then the chair (Anna, the simulator's default user).
  bankid_env.simulator->set_default_user(test::person(test::kBertil));
  const auto adjuster = start("m3");
  BOOST_TEST((collect("m3", adjuster.order_ref).status == bankid::CollectStatus::kPending));
  bankid_env.clock.advance(std::chrono::seconds(5));
  const auto done = collect("m3", adjuster.order_ref);
  BOOST_TEST_REQUIRE((done.status == bankid::CollectStatus::kComplete));
  BOOST_TEST((done.minutes->status == MinutesStatus::kDraft));

  bankid_env.simulator->set_default_user(test::person(test::kAnna));
  const auto chair = start("m1");
  bankid_env.clock.advance(std::chrono::seconds(5));
  const auto last = collect("m1", chair.order_ref);
  BOOST_TEST_REQUIRE((last.status == bankid::CollectStatus::kComplete));
  BOOST_TEST((last.minutes->status == MinutesStatus::kAdjusted));
  BOOST_TEST(last.minutes->notice_id.has_value());
  BOOST_TEST(count("SELECT COUNT(*) FROM minutes_signer WHERE signature LIKE 'bankid;orderRef=%;signature=%'") == 2);
  // Locked: a new start is refused.
  auto ctx = context(member("m1"), kAneby);
  BOOST_CHECK_THROW(signing.start(*ctx, minutes, "192.0.2.10"), Conflict);
}

BOOST_FIXTURE_TEST_CASE(another_person_cannot_sign_for_a_member, Fixture) {
  // m3 is Bertil, but Anna completes the order.
  const auto order = start("m3");
  bankid_env.clock.advance(std::chrono::seconds(5));
  {
    auto ctx = context(member("m3"), kAneby);
    BOOST_CHECK_THROW(signing.collect(*ctx, minutes, order.order_ref), Forbidden);
  }
  BOOST_TEST(count("SELECT COUNT(*) FROM minutes_signer WHERE signed_at IS NOT NULL") == 0);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'minutes.sign-refused'") == 1);
  // Non-signers and other principals' orders.
  {
    auto ctx = context(member("m4"), kAneby);
    BOOST_CHECK_THROW(signing.start(*ctx, minutes, "192.0.2.10"), Forbidden);
  }
  auto other = context(member("m4"), kAneby);
  BOOST_CHECK_THROW(signing.collect(*other, minutes, "no-such-order"), NotFound);
}

BOOST_FIXTURE_TEST_CASE(a_change_after_the_start_voids_the_signature, Fixture) {
  const auto order = start("m1");
  {
    auto ctx = context(secretary, kAneby);
    meetings.update_paragraph(
        *ctx, paragraph,
        {std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::string("Ändrat under signeringen")});
    ctx->commit();
  }
  bankid_env.clock.advance(std::chrono::seconds(5));
  {
    auto ctx = context(member("m1"), kAneby);
    BOOST_CHECK_THROW(signing.collect(*ctx, minutes, order.order_ref), Conflict);
  }
  BOOST_TEST(count("SELECT COUNT(*) FROM minutes_signer WHERE signed_at IS NOT NULL") == 0);
}

BOOST_FIXTURE_TEST_CASE(a_member_without_a_bound_personnummer_cannot_start, Fixture) {
  const long long meeting = held_meeting("2026-12-15");
  auto ctx = context(secretary, kAneby);
  const auto info = meetings.open_minutes(*ctx, meeting, "Kansliet", {"m4"});
  ctx->commit();
  {
    auto m4 = context(member("m4"), kAneby);
    BOOST_CHECK_THROW(signing.start(*m4, info.id, "192.0.2.10"), InvalidInput);
  }
  {
    auto bad = context(secretary, kAneby);
    BOOST_CHECK_THROW(signing.bind_personnummer(*bad, 1, "19121212-1213"), InvalidInput);
    BOOST_CHECK_THROW(signing.bind_personnummer(*bad, 999, test::kAnna), NotFound);
  }
  {
    // Another municipality's principal does not find the minutes.
    auto outsider =
        context(security::Principal::staff("m1", {{test::kEksjo, {security::Role::kCommitteeMember}}}), kAneby);
    BOOST_CHECK_THROW(signing.start(*outsider, minutes, "192.0.2.10"), NotFound);
  }
  MinutesSigning without_bankid{meetings, nullptr, keyring};
  auto m1 = context(member("m1"), kAneby);
  BOOST_CHECK_THROW(without_bankid.start(*m1, minutes, "192.0.2.10"), Unavailable);
}

BOOST_AUTO_TEST_SUITE_END()
