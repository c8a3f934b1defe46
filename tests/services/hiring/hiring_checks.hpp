#pragma once
// The hiring process's checks, run identically on SQLite (hiring_service_test) and PostgreSQL
// (hiring_service_pgtest): the form and its orders, service levels and escalation with an
// injected clock, change and termination, isolation, exactly-once orders, encryption at rest.
#include <soci/soci.h>

#include <algorithm>
#include <string>

#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/crypto/key_rotation.hpp"
#include "samverkan/hiring/encrypted_columns.hpp"
#include "samverkan/storage/time.hpp"
#include "services/hiring/hiring_fixture.hpp"

namespace samverkan::hiring::test {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

inline std::string utc_text(Clock::TimePoint at) { return storage::format_time(at); }

inline std::vector<std::string> kinds_of(const Hire& hire, const std::string& purpose) {
  std::vector<std::string> out;
  for (const auto& o : hire.orders) {
    if (o.purpose == purpose) out.emplace_back(to_string(o.kind));
  }
  return out;
}

inline void check_a_hire_orders_everything_once_and_becomes_ready(storage::Database& db) {
  HiringWorld world(db);
  const Hire hire = world.create(world.karin, kLekeberg, HiringWorld::form());
  BOOST_TEST(hire.id == "2026000001");
  BOOST_TEST(hire.account == "anan01");
  BOOST_TEST(hire.manager == "karin.lund");
  BOOST_TEST(hire.status == HireStatus::kSubmitted);
  // The unit's default roles come with the ones chosen.
  const std::vector<RoleRef> roles = {{"intranat", "lasare"}, {"lifecare", "planerare"}, {"lifecare", "utforare"}};
  BOOST_TEST((hire.roles == roles));
  BOOST_TEST((kinds_of(hire, "hire") ==
              std::vector<std::string>{"employment", "account", "equipment", "card", "permissions"}));
  // Due dates from the start date (Monday 17 August) in Swedish working days, due by the end of
  // the day (22:00 UTC in summer); at risk one working day before.
  std::map<std::string, std::pair<std::string, std::string>> due;
  for (const auto& o : hire.orders) {
    BOOST_TEST(o.status == OrderStatus::kOrdered);
    due[std::string(to_string(o.kind))] = {utc_text(o.due_at), utc_text(o.at_risk_at)};
  }
  BOOST_TEST(due["employment"].first == "2026-08-03T22:00:00.000Z");  // 10 working days before
  BOOST_TEST(due["employment"].second == "2026-07-31T22:00:00.000Z");
  BOOST_TEST(due["account"].first == "2026-08-10T22:00:00.000Z");    // 5
  BOOST_TEST(due["equipment"].first == "2026-08-12T22:00:00.000Z");  // 3
  BOOST_TEST(due["card"].first == "2026-08-13T22:00:00.000Z");       // 2
  BOOST_TEST(due["permissions"].first == "2026-08-13T22:00:00.000Z");

  // The jobs place every order through the member's systems, in parallel, each under its key.
  world.run_jobs();
  auto& lekeberg = world.at(kLekeberg);
  const std::string prefix = "hire-1814-2026000001-hire-";
  BOOST_TEST(lekeberg.hr->ledger.created(prefix + "employment") == 1);
  BOOST_TEST(lekeberg.desk->ledger.created(prefix + "account") == 1);
  BOOST_TEST(lekeberg.desk->ledger.created(prefix + "equipment") == 1);
  BOOST_TEST(lekeberg.property->ledger.created(prefix + "card") == 1);
  BOOST_TEST(lekeberg.permissions->ledger.size() == 3u);
  const auto registration = lekeberg.hr->registration("2026000001");
  BOOST_REQUIRE(registration.has_value());
  BOOST_TEST(registration->personal_number.digits() == nth_personnummer(1));
  BOOST_TEST(registration->manager == "Karin Lund");
  BOOST_TEST(registration->monthly_salary == 31500);
  BOOST_REQUIRE(lekeberg.property->cards.size() == 1u);
  BOOST_TEST(lekeberg.property->cards[0].cost_centre == "6110");
  BOOST_TEST(lekeberg.property->cards[0].holder_name == "Anna Andersson");
  BOOST_TEST((lekeberg.permissions->held("anan01").size() == 3u));
  // Nothing reached another member's systems.
  BOOST_TEST(world.at(kAskersund).hr->ledger.size() == 0u);
  BOOST_TEST(world.at(kLaxa).desk->ledger.size() == 0u);

  Hire read = world.get(hire.id);
  std::map<std::string, OrderStatus> status;
  for (const auto& o : read.orders) status[std::string(to_string(o.kind))] = o.status;
  BOOST_TEST(status["employment"] == OrderStatus::kDone);    // readable in the HR system at once
  BOOST_TEST(status["permissions"] == OrderStatus::kDone);   // the roles are in place
  BOOST_TEST(status["account"] == OrderStatus::kConfirmed);  // tickets are open
  BOOST_TEST(status["equipment"] == OrderStatus::kConfirmed);
  BOOST_TEST(status["card"] == OrderStatus::kConfirmed);
  BOOST_TEST(read.status == HireStatus::kSubmitted);
  BOOST_TEST(!read.lead_time().has_value());

  // The desk delivers and the card is made: the next polls find them done, the hire is ready.
  lekeberg.desk->deliver_all();
  lekeberg.property->complete_all();
  world.advance(hours(2));
  read = world.get(hire.id);
  for (const auto& o : read.orders) {
    BOOST_TEST(o.status == OrderStatus::kDone, to_string(o.kind));
    BOOST_TEST(!o.reference.empty());
    BOOST_TEST(o.lead_time().has_value());
  }
  BOOST_TEST(read.status == HireStatus::kReady);
  BOOST_REQUIRE(read.lead_time().has_value());
  BOOST_TEST(read.lead_time()->count() == 2 * 3600);
  const auto lead = world.as(world.karin, kLekeberg, [&](auto& ctx) { return world.service.lead_times(ctx); });
  BOOST_TEST(lead.hires_ready == 1);
  BOOST_TEST(lead.kind_medians.size() == 5u);
  // Running the jobs again orders nothing again.
  world.advance(hours(1));
  BOOST_TEST(lekeberg.desk->ledger.created(prefix + "equipment") == 1);
  BOOST_TEST(lekeberg.desk->ledger.size() == 2u);
  BOOST_TEST(world.notices().empty(), "nothing was late");
}

inline void check_the_form_names_each_problem(storage::Database& db) {
  HiringWorld world(db);
  const auto& settings = world.service.settings(kLekeberg);
  const auto today = calendar::swedish_date(world.clock.now());
  BOOST_TEST(HiringService::check_form(settings, HiringWorld::form(), today).empty());
  auto form = HiringWorld::form();
  form.given_name = " ";
  form.personnummer = "19900101-1235";
  form.start_date = "2026-05-29";  // the Friday before today
  form.employment_type = "fixed-term";
  form.roles = {"felanmalan/handlaggare"};  // a role of another unit
  form.monthly_salary = "trettio";
  const auto errors = HiringService::check_form(settings, form, today);
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  BOOST_TEST((fields ==
              std::vector<std::string>{"givenName", "personnummer", "startDate", "endDate", "roles", "monthlySalary"}));
  // The service refuses such a form as a whole, and stores nothing.
  BOOST_CHECK_EXCEPTION(world.create(world.karin, kLekeberg, form), InvalidForm,
                        [](const InvalidForm& e) { return e.errors().size() == 6u; });
  BOOST_TEST(world.count("SELECT COUNT(*) FROM hiring_hire") == 0);
  // Hourly work may leave the salary out; a permanent one has no end date.
  form = HiringWorld::form();
  form.employment_type = "hourly";
  form.monthly_salary = "";
  BOOST_TEST(HiringService::check_form(settings, form, today).empty());
  form.employment_type = "permanent";
  form.monthly_salary = "30000";
  form.end_date = "2027-01-01";
  BOOST_TEST(HiringService::check_form(settings, form, today).size() == 1u);
  // The same person twice while the first hire is open: Conflict.
  world.create(world.karin, kLekeberg, HiringWorld::form(7));
  BOOST_CHECK_THROW(world.create(world.karin, kLekeberg, HiringWorld::form(7)), Conflict);
}

inline void check_managers_see_their_units_and_members_their_own(storage::Database& db) {
  HiringWorld world(db);
  const Hire lekeberg_hire = world.create(world.karin, kLekeberg, HiringWorld::form(1));
  auto laxa_form = HiringWorld::form(2);
  laxa_form.unit = "medborgarservice";
  laxa_form.card_areas = {"STADSHUSET"};
  laxa_form.roles = {};
  const Hire laxa_hire = world.create(world.lars, kLaxa, laxa_form);
  BOOST_TEST(laxa_hire.id == "2026000001", "each member numbers its own employments");

  // Olle manages the street unit: Karin's home-care hire does not exist for him.
  const auto refused_before = world.count("SELECT COUNT(*) FROM audit_entry WHERE outcome = 'refused'");
  BOOST_CHECK_THROW(world.as(world.olle, kLekeberg, [&](auto& ctx) { world.service.get(ctx, lekeberg_hire.id); }),
                    NotFound);
  BOOST_CHECK_THROW(world.as(world.olle, kLekeberg,
                             [&](auto& ctx) { world.service.terminate(ctx, lekeberg_hire.id, {"2026-12-31"}); }),
                    NotFound);
  BOOST_CHECK_THROW(world.as(world.olle, kLekeberg,
                             [&](auto& ctx) {
                               world.service.change(ctx, lekeberg_hire.id, {"2026-09-01", "gatuenheten"});
                             }),
                    NotFound);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM audit_entry WHERE outcome = 'refused'") == refused_before + 3);
  BOOST_TEST(world.as(world.olle, kLekeberg, [&](auto& ctx) { return world.service.list(ctx, {}); }).empty());
  // Nor may he hire into home care.
  BOOST_CHECK_THROW(world.create(world.olle, kLekeberg, HiringWorld::form(3)), NotFound);
  // HR sees every unit; Karin her own.
  BOOST_TEST(
      world.as(HiringWorld::hr(kLekeberg), kLekeberg, [&](auto& ctx) { return world.service.list(ctx, {}); }).size() ==
      1u);
  BOOST_TEST(world.as(world.karin, kLekeberg, [&](auto& ctx) { return world.service.list(ctx, {}); }).size() == 1u);

  // Askersund's manager: Laxå's hire is not found through any function, whatever the id.
  for (const auto* where : {&kLaxa, &kAskersund}) {
    BOOST_CHECK_THROW(world.as(world.asa, *where, [&](auto& ctx) { world.service.get(ctx, laxa_hire.id); }), NotFound);
  }
  BOOST_CHECK_THROW(world.as(world.asa, kLaxa, [&](auto& ctx) { world.service.list(ctx, {}); }), NotFound);
  BOOST_CHECK_THROW(
      world.as(world.asa, kLaxa, [&](auto& ctx) { world.service.terminate(ctx, laxa_hire.id, {"2026-12-31"}); }),
      NotFound);
  BOOST_CHECK_THROW(world.as(world.asa, kLaxa,
                             [&](auto& ctx) {
                               world.service.change(ctx, laxa_hire.id, {"2026-09-01", "", "Chef"});
                             }),
                    NotFound);
  BOOST_CHECK_THROW(world.create(world.asa, kLaxa, laxa_form), NotFound);
  // A manager reads no errands and no cases.
  for (const auto permission : {security::Permission::kErrandRead, security::Permission::kCaseRead}) {
    BOOST_TEST(!security::allows(world.asa, kAskersund, permission));
  }
  // An API client of Laxå with hiring:read sees Laxå's hires, and nothing of Lekeberg's.
  const auto client = security::Principal::api_client("laxa-hr", kLaxa, {"hiring:read"});
  BOOST_TEST(world.as(client, kLaxa, [&](auto& ctx) { return world.service.list(ctx, {}); }).size() == 1u);
  BOOST_CHECK_THROW(world.as(client, kLekeberg, [&](auto& ctx) { world.service.get(ctx, lekeberg_hire.id); }),
                    NotFound);
  BOOST_CHECK_THROW(world.create(client, kLaxa, laxa_form), Forbidden);

  // Every read of a hire is audited, with the hire's number and nothing personal.
  const auto reads_before =
      world.count("SELECT COUNT(*) FROM audit_entry WHERE action = 'hire.read' AND outcome = 'success'");
  world.as(world.karin, kLekeberg, [&](auto& ctx) { world.service.get(ctx, lekeberg_hire.id); });
  BOOST_TEST(world.count("SELECT COUNT(*) FROM audit_entry WHERE action = 'hire.read' AND outcome = 'success' AND "
                         "object_id = '2026000001' AND principal = 'staff:karin.lund'") >= 1);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM audit_entry WHERE action = 'hire.read' AND outcome = 'success'") ==
             reads_before + 1);
  BOOST_TEST(
      world.count("SELECT COUNT(*) FROM audit_entry WHERE detail LIKE '%Andersson%' OR object_id LIKE '%1990%'") == 0);
}

inline void check_a_late_order_escalates_once(storage::Database& db) {
  HiringWorld world(db);
  const Hire hire = world.create(world.karin, kLekeberg, HiringWorld::form());
  world.run_jobs();
  // The card is made; the desk sits on the account and the equipment.
  world.at(kLekeberg).property->complete_all();
  world.advance(hours(1));
  BOOST_TEST(world.notices().empty());
  // The account is due Monday 10 August; at risk from the end of Friday 7 August.
  const Order account = world.order(hire, "hire", OrderKind::kAccount);
  BOOST_TEST(utc_text(account.at_risk_at) == "2026-08-07T22:00:00.000Z");
  world.clock.set(account.at_risk_at - minutes(1));
  world.run_jobs();
  BOOST_TEST(world.notices().empty());
  world.advance(minutes(2));
  // At risk: the manager and HR are told, one mail each, naming the hire by number only.
  auto mails = world.notices();
  BOOST_REQUIRE(mails.size() == 2u);
  std::set<std::string> recipients;
  for (const auto& mail : mails) {
    recipients.insert(mail.to.at(0));
    BOOST_TEST(mail.data.find("2026000001") != std::string::npos);
    BOOST_TEST(mail.data.find("Anna") == std::string::npos);
    BOOST_TEST(mail.data.find("Andersson") == std::string::npos);
    BOOST_TEST(mail.data.find(nth_personnummer(1).substr(2)) == std::string::npos);
  }
  BOOST_TEST((recipients == std::set<std::string>{"<karin.lund@lekeberg.example>", "<hr@lekeberg.example>"}));
  Order late = world.order(hire, "hire", OrderKind::kAccount);
  BOOST_TEST(late.status == OrderStatus::kConfirmed);
  BOOST_TEST(late.escalated_at.has_value());
  // The list shows the hire as late.
  HireFilter only_late;
  only_late.late_only = true;
  BOOST_TEST(world.as(world.karin, kLekeberg, [&](auto& ctx) { return world.service.list(ctx, only_late); }).size() ==
             1u);

  // Due and still not done: overdue, and nobody is told a second time.
  world.clock.set(account.due_at + minutes(1));
  world.run_jobs();
  late = world.order(hire, "hire", OrderKind::kAccount);
  BOOST_TEST(late.status == OrderStatus::kOverdue);
  BOOST_TEST(world.notices().size() == 2u);
  // The equipment (due Wednesday 12 August) reaches its own at-risk time, then its due time:
  // one more pair of notices, then no more.
  world.clock.set(world.order(hire, "hire", OrderKind::kEquipment).due_at + hours(1));
  world.run_jobs();
  BOOST_TEST(world.order(hire, "hire", OrderKind::kEquipment).status == OrderStatus::kOverdue);
  BOOST_TEST(world.notices().size() == 4u, "each order is escalated once");
  BOOST_TEST(world.count("SELECT COUNT(*) FROM audit_entry WHERE action = 'hire.order-escalated'") == 2);

  // Delivered late: done, and the hire is ready.
  world.at(kLekeberg).desk->deliver_all();
  world.advance(hours(1));
  BOOST_TEST(world.order(hire, "hire", OrderKind::kAccount).status == OrderStatus::kDone);
  BOOST_TEST(world.get(hire.id).status == HireStatus::kReady);
  BOOST_TEST(world.notices().size() == 4u);
}

inline void check_a_refused_order_fails_with_the_reason(storage::Database& db) {
  HiringWorld world(db);
  const Hire hire = world.create(world.karin, kLekeberg, HiringWorld::form());
  world.run_jobs();
  world.at(kLekeberg).desk->reject("equipment 2026000001");
  world.advance(hours(1));
  const Order equipment = world.order(hire, "hire", OrderKind::kEquipment);
  BOOST_TEST(equipment.status == OrderStatus::kFailed);
  BOOST_TEST(equipment.failure.find("rejected") != std::string::npos);
  // A system that is down is retried, not failed.
  auto form = HiringWorld::form(2);
  form.given_name = "Bo";
  world.at(kLekeberg).property->ledger.down = true;
  const Hire second = world.create(world.karin, kLekeberg, form);
  world.run_jobs();
  BOOST_TEST(world.order(second, "hire", OrderKind::kCard).status == OrderStatus::kOrdered);
  world.at(kLekeberg).property->ledger.down = false;
  world.advance(minutes(5));
  BOOST_TEST(world.order(second, "hire", OrderKind::kCard).status == OrderStatus::kConfirmed);
}

inline void check_an_order_is_placed_once_when_the_answer_is_lost(storage::Database& db) {
  HiringWorld world(db);
  auto& lekeberg = world.at(kLekeberg);
  // Each system takes its order and the answer is lost: the job retries with the same key.
  lekeberg.hr->ledger.lose_replies = 1;
  lekeberg.desk->ledger.lose_replies = 2;
  lekeberg.property->ledger.lose_replies = 1;
  lekeberg.permissions->ledger.lose_replies = 1;
  const Hire hire = world.create(world.karin, kLekeberg, HiringWorld::form());
  world.run_jobs();
  for (int i = 0; i < 5; ++i) world.advance(seconds(30));
  for (const auto& key : lekeberg.desk->ledger.keys()) BOOST_TEST(lekeberg.desk->ledger.created(key) == 1, key);
  BOOST_TEST(lekeberg.desk->ledger.size() == 2u);
  BOOST_TEST(lekeberg.hr->ledger.size() == 1u);
  BOOST_TEST(lekeberg.property->cards.size() == 1u);
  BOOST_TEST(lekeberg.permissions->log().size() == 3u);
  for (const auto& o : world.get(hire.id).orders) {
    BOOST_TEST((o.status == OrderStatus::kConfirmed || o.status == OrderStatus::kDone), to_string(o.kind));
  }
}

inline void check_a_change_moves_exactly_the_old_units_roles(storage::Database& db) {
  HiringWorld world(db);
  const Hire hire = world.create(HiringWorld::hr(kLekeberg), kLekeberg, HiringWorld::form());
  world.run_jobs();
  auto& permissions = *world.at(kLekeberg).permissions;
  using adapters::Role;
  BOOST_TEST((permissions.held("anan01") ==
              std::set<Role>{{"intranat", "lasare"}, {"lifecare", "planerare"}, {"lifecare", "utforare"}}));
  // To the street unit from Tuesday 1 September, with its case handler role.
  ChangeRequest request;
  request.effective_date = "2026-09-01";
  request.unit = "gatuenheten";
  request.title = "Parkarbetare";
  request.add_roles = {"felanmalan/handlaggare"};
  const auto result = world.as(HiringWorld::hr(kLekeberg), kLekeberg,
                               [&](auto& ctx) { return world.service.change(ctx, hire.id, request); });
  BOOST_TEST((result.granted == std::vector<RoleRef>{{"felanmalan", "handlaggare"}}));
  BOOST_TEST((result.revoked == std::vector<RoleRef>{{"lifecare", "planerare"}, {"lifecare", "utforare"}}));
  // The HR system hears of it at once; the permission system at 00:00 on the day.
  world.run_jobs();
  BOOST_REQUIRE(world.at(kLekeberg).hr->changes.size() == 1u);
  BOOST_TEST(*world.at(kLekeberg).hr->changes[0].new_unit == "gatuenheten");
  BOOST_TEST((permissions.held("anan01").size() == 3u));
  world.clock.set(calendar::swedish_midnight(std::chrono::year(2026) / 9 / 1) - minutes(1));
  world.run_jobs();
  BOOST_TEST((permissions.held("anan01").size() == 3u), "not before the change date");
  world.advance(minutes(2));
  BOOST_TEST((permissions.held("anan01") == std::set<Role>{{"felanmalan", "handlaggare"}, {"intranat", "lasare"}}));
  const Hire changed = world.get(hire.id);
  BOOST_TEST(changed.unit == "gatuenheten");
  BOOST_TEST(changed.title == "Parkarbetare");
  BOOST_TEST(world.order(hire, "change1", OrderKind::kPermissions).status == OrderStatus::kDone);
  // Karin managed home care only: the hire is no longer hers to see; Olle's now.
  BOOST_CHECK_THROW(world.as(world.karin, kLekeberg, [&](auto& ctx) { world.service.get(ctx, hire.id); }), NotFound);
  BOOST_TEST(world.as(world.olle, kLekeberg, [&](auto& ctx) { return world.service.get(ctx, hire.id); }).id == hire.id);
  // A change that changes nothing, a role the new unit does not give, a date before the start.
  BOOST_CHECK_THROW(
      world.as(world.olle, kLekeberg, [&](auto& ctx) { world.service.change(ctx, hire.id, {"2026-10-01"}); }),
      InvalidInput);
  ChangeRequest wrong_role{"2026-10-01", "", "", {"lifecare/planerare"}};
  BOOST_CHECK_THROW(world.as(world.olle, kLekeberg, [&](auto& ctx) { world.service.change(ctx, hire.id, wrong_role); }),
                    InvalidInput);
  BOOST_CHECK_THROW(world.as(world.olle, kLekeberg,
                             [&](auto& ctx) {
                               world.service.change(ctx, hire.id, {"2026-08-01", "", "Chef"});
                             }),
                    InvalidInput);
}

inline void check_a_termination_revokes_everything_at_midnight(storage::Database& db) {
  HiringWorld world(db);
  const Hire hire = world.create(world.karin, kLekeberg, HiringWorld::form());
  world.run_jobs();
  world.at(kLekeberg).desk->deliver_all();
  world.at(kLekeberg).property->complete_all();
  world.advance(hours(1));
  BOOST_TEST(world.get(hire.id).status == HireStatus::kReady);
  // The last day is Thursday 31 December 2026.
  const Hire ending = world.as(world.karin, kLekeberg,
                               [&](auto& ctx) { return world.service.terminate(ctx, hire.id, {"2026-12-31"}); });
  BOOST_TEST(ending.status == HireStatus::kEnding);
  BOOST_TEST(
      (kinds_of(ending, "termination") == std::vector<std::string>{"employment", "permissions", "card", "equipment"}));
  BOOST_CHECK_THROW(
      world.as(world.karin, kLekeberg, [&](auto& ctx) { world.service.terminate(ctx, hire.id, {"2026-12-30"}); }),
      Conflict);
  world.run_jobs();
  auto& lekeberg = world.at(kLekeberg);
  BOOST_REQUIRE(lekeberg.hr->changes.size() == 1u);
  BOOST_TEST((lekeberg.hr->changes[0].kind == adapters::EmploymentChangeKind::kTermination));
  BOOST_TEST(lekeberg.property->revocations.empty());
  BOOST_TEST(lekeberg.permissions->held("anan01").size() == 3u);
  // 00:00 Swedish time after the last day: 23:00 UTC on 31 December.
  const auto midnight = calendar::swedish_midnight(std::chrono::year(2027) / 1 / 1);
  BOOST_TEST(utc_text(midnight) == "2026-12-31T23:00:00.000Z");
  world.clock.set(midnight - seconds(1));
  world.run_jobs();
  BOOST_TEST(lekeberg.property->revocations.empty(), "not on the last day");
  BOOST_TEST(lekeberg.permissions->held("anan01").size() == 3u);
  world.clock.set(midnight);
  world.run_jobs();
  BOOST_TEST(lekeberg.permissions->held("anan01").empty(), "every role revoked");
  BOOST_REQUIRE(lekeberg.property->revocations.size() == 1u);
  BOOST_TEST(calendar::format_iso_date(lekeberg.property->revocations[0].effective_date) == "2027-01-01");
  BOOST_TEST(lekeberg.desk->ledger.created("hire-1814-2026000001-termination-equipment") == 1);
  lekeberg.desk->deliver_all();
  lekeberg.property->complete_all();
  world.advance(hours(1));
  const Hire ended = world.get(hire.id);
  BOOST_TEST(ended.status == HireStatus::kEnded);
  BOOST_TEST(ended.ended_at.has_value());
  // The person may be hired again once the first employment has ended.
  auto again = HiringWorld::form();
  again.start_date = "2027-03-01";
  BOOST_TEST(world.create(world.karin, kLekeberg, again).id == "2027000001");
}

inline void check_a_fixed_term_employment_ends_unless_extended(storage::Database& db) {
  HiringWorld world(db);
  auto form = HiringWorld::form();
  form.employment_type = "fixed-term";
  form.end_date = "2026-10-30";
  const Hire hire = world.create(world.karin, kLekeberg, form);
  BOOST_TEST((kinds_of(hire, "end-20261030") == std::vector<std::string>{"permissions", "card", "equipment"}));
  world.run_jobs();
  // Extended to the end of the year before it ends: the old end never runs.
  ChangeRequest extension;
  extension.effective_date = "2026-10-01";
  extension.end_date = "2026-12-30";
  world.as(world.karin, kLekeberg, [&](auto& ctx) { world.service.change(ctx, hire.id, extension); });
  const Hire extended = world.get(hire.id);
  BOOST_TEST(extended.end_date == "2026-12-30");
  for (const auto& o : extended.orders) {
    if (o.purpose == "end-20261030") BOOST_TEST(o.status == OrderStatus::kCancelled);
    if (o.purpose == "end-20261230") BOOST_TEST(o.status == OrderStatus::kOrdered);
  }
  world.clock.set(calendar::swedish_midnight(std::chrono::year(2026) / 10 / 31) + hours(1));
  world.run_jobs();
  BOOST_TEST(world.at(kLekeberg).permissions->held("anan01").size() == 3u, "the old end did not run");
  world.clock.set(calendar::swedish_midnight(std::chrono::year(2026) / 12 / 31) + minutes(1));
  world.run_jobs();
  BOOST_TEST(world.at(kLekeberg).permissions->held("anan01").empty());
  BOOST_TEST(world.at(kLekeberg).property->revocations.size() == 1u);
}

inline void check_personal_data_is_encrypted_and_rotates(storage::Database& db) {
  HiringWorld world(db);
  const Hire hire = world.create(world.karin, kLekeberg, HiringWorld::form());
  {
    auto session = db.acquire();
    std::string given, number, email, details;
    *session << "SELECT given_name, personnummer, private_email, details FROM hiring_hire WHERE id = :id",
        soci::use(hire.id, "id"), soci::into(given), soci::into(number), soci::into(email), soci::into(details);
    for (const auto* value : {&given, &number, &email, &details}) {
      BOOST_TEST(value->starts_with("v1.k1."));
      BOOST_TEST(value->find("Anna") == std::string::npos);
    }
    BOOST_TEST(number.find(nth_personnummer(1)) == std::string::npos);
  }
  // A draft is encrypted too.
  world.as(world.karin, kLekeberg,
           [&](auto& ctx) { world.service.save_draft(ctx, std::nullopt, HiringWorld::form(2)); });
  // A new key: keys rotate reaches every encrypted column of hiring, and the hire reads the same.
  auto keys = world.keyring.keys();
  keys.push_back(crypto::Keyring::generate_key("k2"));
  const crypto::Keyring rotated = crypto::Keyring::from_keys(keys);
  crypto::EncryptedColumns columns;
  register_encrypted_columns(columns);
  std::size_t total = 0;
  for (const auto& table : columns.tables()) {
    for (const auto& column : table.columns) {
      total += crypto::rotate_column(db, rotated, table, column, 10).rotated;
      BOOST_TEST(crypto::count_pending(db, rotated, table, column) == 0u, table.table + "." + column);
    }
  }
  BOOST_TEST(total == 7u);  // six columns of the hire, one draft
  world.keyring = rotated;
  const Hire read = world.get(hire.id);
  BOOST_TEST(read.given_name == "Anna");
  BOOST_TEST(read.personnummer == nth_personnummer(1));
  BOOST_TEST(read.private_email == "anna.privat@example.com");
}

inline void check_drafts_belong_to_their_owner(storage::Database& db) {
  HiringWorld world(db);
  auto form = HiringWorld::form();
  form.personnummer = "";
  form.start_date = "";
  const std::string id =
      world.as(world.karin, kLekeberg, [&](auto& ctx) { return world.service.save_draft(ctx, std::nullopt, form); });
  form.start_date = "2026-08-17";
  world.as(world.karin, kLekeberg, [&](auto& ctx) { world.service.save_draft(ctx, id, form); });
  const HireForm resumed = world.as(world.karin, kLekeberg, [&](auto& ctx) { return world.service.draft(ctx, id); });
  BOOST_TEST(resumed.start_date == "2026-08-17");
  BOOST_TEST(resumed.given_name == "Anna");
  BOOST_TEST((resumed.roles == std::vector<std::string>{"lifecare/planerare"}));
  const auto mine = world.as(world.karin, kLekeberg, [&](auto& ctx) { return world.service.drafts(ctx); });
  BOOST_REQUIRE(mine.size() == 1u);
  BOOST_TEST(mine[0].name == "Anna Andersson");
  // Not Olle's, not HR's, not another member's.
  for (const auto& who : {world.olle, HiringWorld::hr(kLekeberg)}) {
    BOOST_CHECK_THROW(world.as(who, kLekeberg, [&](auto& ctx) { world.service.draft(ctx, id); }), NotFound);
    BOOST_CHECK_THROW(world.as(who, kLekeberg, [&](auto& ctx) { world.service.save_draft(ctx, id, form); }), NotFound);
  }
  BOOST_CHECK_THROW(world.as(world.asa, kAskersund, [&](auto& ctx) { world.service.draft(ctx, id); }), NotFound);
  // Submitting from the draft deletes it.
  form.personnummer = nth_personnummer(1);
  world.as(world.karin, kLekeberg, [&](auto& ctx) { world.service.create(ctx, form, id); });
  BOOST_TEST(world.as(world.karin, kLekeberg, [&](auto& ctx) { return world.service.drafts(ctx); }).empty());
}

inline void check_adopting_members_inherit_the_pilots_form(storage::Database& db) {
  HiringWorld world(db);
  const auto& laxa = world.service.settings(kLaxa);
  const auto& askersund = world.service.settings(kAskersund);
  BOOST_TEST(laxa.adopted_from->str() == "1814");
  BOOST_TEST(laxa.equipment.size() == 2u, "the pilot's equipment catalogue");
  BOOST_TEST(laxa.contract.title == "Anställningsavtal");
  BOOST_TEST(laxa.working_days_before_start("account") == 5, "the pilot's service levels");
  BOOST_TEST(askersund.working_days_before_start("account") == 3, "its own service levels");
  BOOST_TEST(askersund.working_days_before_start("card") == 0);
  BOOST_TEST(askersund.at_risk_working_days == 2);
  BOOST_TEST(laxa.card_areas.size() == 1u, "its own card areas");
  BOOST_TEST(laxa.units.at(0).name == "Medborgarservice");
}

}  // namespace samverkan::hiring::test
