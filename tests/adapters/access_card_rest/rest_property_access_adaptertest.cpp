// The access-card-rest connector against a local property access system speaking its contract
// (access_card_double.hpp).
#include "samverkan/adapters/access_card_rest/rest_property_access.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "adapters/access_card_rest/access_card_double.hpp"
#include "samverkan/core/error.hpp"

namespace adapters = samverkan::adapters;
using namespace std::chrono;

namespace {

constexpr const char* kBackend = "Askersund's property access system (access-card-rest)";

struct Cards {
  samverkan::test::AccessCardDouble backend;

  adapters::access_card_rest::RestPropertyAccess access(
      const std::string& token = samverkan::test::AccessCardDouble::kToken) {
    return adapters::access_card_rest::RestPropertyAccess(backend.settings(token), "1882", kBackend);
  }
};

adapters::AccessCardOrder card(const char* key = "hire-7-card") {
  return adapters::AccessCardOrder{adapters::IdempotencyKey::parse(key),
                                   "Anna Andersson",
                                   "100234",
                                   {"STADSHUSET", "SKOLA-NORR/KOK"},
                                   2026y / August / 17d,
                                   std::nullopt,
                                   "1230",
                                   "Receptionen"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rest_property_access_adaptertest)

BOOST_FIXTURE_TEST_CASE(a_card_is_ordered_once_and_followed, Cards) {
  const auto first = access().order_card(card());
  BOOST_TEST(first.id == "AC-1");
  BOOST_TEST(!first.replayed);
  const auto again = access().order_card(card());
  BOOST_TEST(again.id == "AC-1");
  BOOST_TEST(again.replayed);
  BOOST_REQUIRE_EQUAL(backend.orders().size(), 1U);
  BOOST_TEST(backend.orders()[0] ==
             R"({"tenant":"1882","holder":{"name":"Anna Andersson","employmentId":"100234"},)"
             R"("zones":["STADSHUSET","SKOLA-NORR/KOK"],"validFrom":"2026-08-17","costCentre":"1230",)"
             R"("pickupLocation":"Receptionen"})");

  auto state = access().status("AC-1");
  BOOST_TEST(state.order_id == "AC-1");
  BOOST_TEST((state.status == adapters::AccessOrderStatus::kQueued));
  BOOST_TEST(state.message == "Hämtas i receptionen");
  for (const auto& [text, status] : {std::pair{"in-progress", adapters::AccessOrderStatus::kInProgress},
                                     std::pair{"done", adapters::AccessOrderStatus::kDone},
                                     std::pair{"rejected", adapters::AccessOrderStatus::kRejected}}) {
    backend.set_state("AC-1", text);
    BOOST_TEST((access().status("AC-1").status == status), text);
  }
  backend.set_state("AC-1", "lost");
  BOOST_CHECK_THROW(access().status("AC-1"), samverkan::Unavailable);
  BOOST_CHECK_THROW(access().status("AC-99"), samverkan::NotFound);
}

BOOST_FIXTURE_TEST_CASE(a_revocation_is_an_order_of_its_own, Cards) {
  const adapters::AccessCardRevocation revocation{adapters::IdempotencyKey::parse("end-7-card"), "100234",
                                                  2026y / December / 31d, "termination"};
  BOOST_TEST(access().revoke_cards(revocation).id == "AC-1");
  BOOST_TEST(backend.orders().at(0) ==
             R"({"tenant":"1882","employmentId":"100234","effectiveDate":"2026-12-31","reason":"termination"})");
}

BOOST_FIXTURE_TEST_CASE(refusals_keep_their_kind, Cards) {
  access().order_card(card());
  auto other = card();
  other.cost_centre = "9999";
  BOOST_CHECK_THROW(access().order_card(other), samverkan::Conflict);
  auto unknown_zone = card("hire-8-card");
  unknown_zone.zones = {"RADHUSET"};
  BOOST_CHECK_THROW(access().order_card(unknown_zone), samverkan::InvalidInput);
  auto invalid = card("hire-9-card");
  invalid.zones.clear();
  BOOST_CHECK_THROW(access().order_card(invalid), samverkan::InvalidInput);
  BOOST_TEST(backend.orders().size() == 1U);
  BOOST_CHECK_THROW(adapters::access_card_rest::RestPropertyAccess(backend.settings(), "", kBackend),
                    samverkan::InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(a_system_that_is_down_or_refuses_us_is_unavailable, Cards) {
  try {
    access("wrong").order_card(card());
    BOOST_FAIL("accepted a wrong token");
  } catch (const samverkan::Unavailable& error) {
    BOOST_TEST(std::string(error.what()).find(kBackend) == 0U, error.what());
  }
  backend.forced_status = 502;
  BOOST_CHECK_THROW(access().status("AC-1"), samverkan::Unavailable);
  backend.forced_status = 0;
  backend.server().stop();
  BOOST_CHECK_THROW(access().order_card(card()), samverkan::Unavailable);
}

BOOST_AUTO_TEST_SUITE_END()
