// The hiring simulators against the real product connectors over HTTPS: each speaks its
// connector's contract, keeps an idempotency ledger (replays answer the first answer, another
// body under a key is a conflict), confirms after its delay by the injected clock, and refuses a
// request without the token.
#include <boost/test/unit_test.hpp>

#include <future>
#include <thread>

#include "bankid_simulator/test_pki.hpp"
#include "hiring_simulators/hiring_simulators.hpp"
#include "samverkan/adapters/access_card_rest/rest_property_access.hpp"
#include "samverkan/adapters/hr_rest/rest_hr_system.hpp"
#include "samverkan/adapters/permissions_rest/rest_permission_system.hpp"
#include "samverkan/adapters/servicedesk_rest/rest_it_service_desk.hpp"
#include "samverkan/core/error.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::adapters {
// For Boost.Test's messages.
inline std::ostream& operator<<(std::ostream& out, TicketStatus status) { return out << to_string(status); }
inline std::ostream& operator<<(std::ostream& out, AccessOrderStatus status) { return out << to_string(status); }
}  // namespace samverkan::adapters

using namespace samverkan;
using adapters::IdempotencyKey;
using std::chrono::seconds;

namespace {

std::chrono::year_month_day day(int y, unsigned m, unsigned d) {
  return std::chrono::year_month_day{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

// Anna Andersson's card for the town hall, from 2026-08-17, under `key`.
adapters::AccessCardOrder card_order(const std::string& key) {
  return {IdempotencyKey::parse(key), "Anna Andersson", "2026000001", {"KOMMUNHUSET"},
          day(2026, 8, 17),           std::nullopt,     "6110",       ""};
}

struct Fixture {
  test::TempDir dir;
  bankid_simulator::TestPki pki = bankid_simulator::make_test_pki(dir / "pki");
  ManualClock clock{std::chrono::sys_days(std::chrono::year(2026) / 6 / 1)};

  hiring_simulator::SimulatorOptions options(const std::string& base = "/api/v1") const {
    hiring_simulator::SimulatorOptions o;
    o.certificate_file = pki.server.certificate;
    o.private_key_file = pki.server.private_key;
    o.base_path = base;
    o.tokens = {"secret-token"};
    o.confirm_after = seconds(3);
    return o;
  }

  adapters::RestApiSettings settings(const hiring_simulator::OrderApi& simulator,
                                     const std::string& token = "secret-token") {
    adapters::RestApiSettings s;
    s.base_url = simulator.base_url();
    s.ca_file = pki.ca_certificate;
    s.token_file = dir.write("token-" + token, token + "\n");
    s.timeout = seconds(5);
    return s;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hiring_simulators_test)

BOOST_FIXTURE_TEST_CASE(the_service_desk_speaks_servicedesk_rest, Fixture) {
  hiring_simulator::ServiceDeskSimulator desk(options(), clock);
  desk.start();
  adapters::servicedesk_rest::RestItServiceDesk client(settings(desk), "LEKEBERG", "the desk");
  const adapters::EquipmentOrder order{IdempotencyKey::parse("hire-1814-2026000001-hire-equipment"),
                                       "Anna Andersson",
                                       "2026000001",
                                       {{adapters::EquipmentKind::kPhone, "standard", 1}},
                                       day(2026, 8, 17),
                                       "6110",
                                       "Storgatan 3",
                                       ""};
  const auto first = client.order_equipment(order);
  BOOST_TEST(!first.replayed);
  const auto again = client.order_equipment(order);
  BOOST_TEST(again.replayed);
  BOOST_TEST(again.id == first.id);
  BOOST_TEST(desk.created("hire-1814-2026000001-hire-equipment") == 1);
  auto other = order;
  other.cost_centre = "9999";
  BOOST_CHECK_THROW(client.order_equipment(other), Conflict);
  BOOST_TEST(client.ticket_status(first.id).status == adapters::TicketStatus::kOpen);
  clock.advance(seconds(3));
  BOOST_TEST(client.ticket_status(first.id).status == adapters::TicketStatus::kDelivered);
  BOOST_CHECK_THROW(client.ticket_status("HIT-9"), NotFound);

  // Accounts: a name is one employment's; activation needs an ordered account.
  const adapters::AccountOrder account{IdempotencyKey::parse("hire-1814-2026000001-hire-account"),
                                       "anan01",
                                       "2026000001",
                                       "Anna",
                                       "Andersson",
                                       "hemtjansten",
                                       day(2026, 8, 17),
                                       std::nullopt};
  client.order_account(account);
  auto taken = account;
  taken.idempotency_key = IdempotencyKey::parse("hire-1814-2026000002-hire-account");
  taken.employment_id = "2026000002";
  BOOST_CHECK_THROW(client.order_account(taken), Conflict);
  BOOST_CHECK_THROW(client.activate_account({IdempotencyKey::parse("act-x"), "nobody01", "2026000009"}), NotFound);
  BOOST_TEST(!client.activate_account({IdempotencyKey::parse("act-1"), "anan01", "2026000001"}).id.empty());
  BOOST_TEST(
      !client.order_return({IdempotencyKey::parse("ret-1"), "2026000001", day(2027, 1, 1), "termination"}).id.empty());

  // A rejected employment's tickets say so; the ledger names no person.
  desk.reject_employment("2026000001");
  BOOST_TEST(client.ticket_status(first.id).status == adapters::TicketStatus::kRejected);
  for (const auto& entry : desk.ledger()) BOOST_TEST(entry.summary.find("Anna") == std::string::npos);

  // Without the token: refused (an operator must act; the connector says unavailable).
  adapters::servicedesk_rest::RestItServiceDesk stranger(settings(desk, "wrong"), "LEKEBERG", "the desk");
  BOOST_CHECK_THROW(stranger.ticket_status(first.id), Unavailable);
  desk.set_down(true);
  BOOST_CHECK_THROW(client.ticket_status(first.id), Unavailable);
}

BOOST_FIXTURE_TEST_CASE(the_property_system_speaks_access_card_rest, Fixture) {
  hiring_simulator::PropertySimulator property(options(), clock);
  property.start();
  adapters::access_card_rest::RestPropertyAccess client(settings(property), "1814", "the property system");
  const auto card = card_order("card-1");
  const auto placed = client.order_card(card);
  BOOST_TEST(client.order_card(card).replayed);
  BOOST_TEST(client.status(placed.id).status == adapters::AccessOrderStatus::kQueued);
  clock.advance(seconds(4));
  BOOST_TEST(client.status(placed.id).status == adapters::AccessOrderStatus::kDone);
  const auto revoked =
      client.revoke_cards({IdempotencyKey::parse("rev-1"), "2026000001", day(2027, 1, 1), "termination"});
  BOOST_TEST(property.ledger().back().kind == "card-revocation");
  BOOST_TEST(property.ledger().back().id == revoked.id);
}

BOOST_FIXTURE_TEST_CASE(the_permission_system_speaks_permissions_rest, Fixture) {
  hiring_simulator::PermissionSimulator idm(options(), clock);
  idm.start();
  adapters::permissions_rest::RestPermissionSystem client(settings(idm), "sydnarke", "the IDM");
  BOOST_CHECK_THROW(client.roles("anan01"), NotFound);
  client.grant({IdempotencyKey::parse("g-1"), "anan01", {"lifecare", "utforare"}, "new hire"});
  client.grant({IdempotencyKey::parse("g-2"), "anan01", {"intranat", "lasare"}, "new hire"});
  BOOST_TEST(client.roles("anan01").empty(), "not before the delay");
  clock.advance(seconds(3));
  BOOST_TEST(client.roles("anan01").size() == 2u);
  client.revoke({IdempotencyKey::parse("r-1"), "anan01", {"lifecare", "utforare"}, "change"});
  clock.advance(seconds(3));
  const auto roles = client.roles("anan01");
  BOOST_REQUIRE(roles.size() == 1u);
  BOOST_TEST(roles[0].system == "intranat");
  BOOST_TEST((idm.roles_of("sydnarke", "anan01") == std::vector<std::string>{"intranat/lasare"}));
  BOOST_TEST(idm.roles_of("other", "anan01").empty(), "tenants are apart");
  BOOST_TEST(!client.activate_account({IdempotencyKey::parse("a-1"), "anan01", "2026000001"}).id.empty());
  BOOST_CHECK_THROW(client.activate_account({IdempotencyKey::parse("a-2"), "nobody01", "2026000009"}), NotFound);
}

BOOST_FIXTURE_TEST_CASE(the_hr_system_speaks_hr_rest, Fixture) {
  hiring_simulator::HrSimulator hr(options("/api/v2"), clock);
  hr.start();
  adapters::hr_rest::RestHrSystem client(settings(hr), clock, "the HR system");
  const adapters::NewEmployment employment{IdempotencyKey::parse("hire-1814-2026000001-hire-employment"),
                                           "2026000001",
                                           "Anna",
                                           "Andersson",
                                           ids::Personnummer::parse("199001011015"),
                                           adapters::EmploymentType::kPermanent,
                                           day(2026, 8, 17),
                                           std::nullopt,
                                           "Undersköterska",
                                           "hemtjansten",
                                           100,
                                           31500,
                                           "Karin Lund"};
  const auto registered = client.register_employment(employment);
  BOOST_TEST(!registered.replayed);
  BOOST_CHECK_THROW(client.employee("2026000001"), NotFound);
  clock.advance(seconds(3));
  const auto employee = client.employee("2026000001");
  BOOST_TEST(employee.given_name == "Anna");
  BOOST_TEST(employee.personal_number.digits() == "199001011015");
  auto same_id = employment;
  same_id.idempotency_key = IdempotencyKey::parse("another-key");
  BOOST_CHECK_THROW(client.register_employment(same_id), Conflict);
  adapters::EmploymentChange termination{IdempotencyKey::parse("t-1"), "2026000001",
                                         adapters::EmploymentChangeKind::kTermination, day(2026, 12, 31)};
  BOOST_TEST(!client.report_change(termination).id.empty());
  termination.employment_id = "2026000077";
  termination.idempotency_key = IdempotencyKey::parse("t-2");
  BOOST_CHECK_THROW(client.report_change(termination), NotFound);
}

BOOST_FIXTURE_TEST_CASE(a_slow_system_records_the_order_before_it_answers, Fixture) {
  auto slow = options();
  slow.answer_after = std::chrono::milliseconds(400);
  hiring_simulator::PropertySimulator property(slow, clock);
  property.start();
  adapters::access_card_rest::RestPropertyAccess client(settings(property), "1814", "the property system");
  const auto card = card_order("slow-card-1");
  BOOST_TEST(property.unanswered() == 0);
  const auto sent = std::chrono::steady_clock::now();
  auto placing = std::async(std::launch::async, [&] { return client.order_card(card); });
  // The ledger has the order while its answer is still on the way.
  const auto deadline = sent + seconds(5);
  while (property.unanswered() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  BOOST_TEST(property.unanswered() == 1);
  BOOST_TEST(property.created("slow-card-1") == 1);
  BOOST_TEST((placing.wait_for(std::chrono::milliseconds(0)) == std::future_status::timeout));
  const auto placed = placing.get();
  BOOST_TEST((std::chrono::steady_clock::now() - sent >= std::chrono::milliseconds(400)));
  BOOST_TEST(property.unanswered() == 0);
  BOOST_TEST(!placed.replayed);
  // A replay is as slow, and still one order.
  BOOST_TEST(client.order_card(card).replayed);
  BOOST_TEST(property.ledger().size() == 1u);
  BOOST_TEST(property.ledger().front().requests == 2);
  // A refusal is not held back.
  auto other = card;
  other.cost_centre = "9999";
  const auto refused_at = std::chrono::steady_clock::now();
  BOOST_CHECK_THROW(client.order_card(other), Conflict);
  BOOST_TEST((std::chrono::steady_clock::now() - refused_at < std::chrono::milliseconds(400)));
}

BOOST_AUTO_TEST_SUITE_END()
