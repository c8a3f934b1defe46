#pragma once
// Submissions by trusted integrations at the service level (eservices::ErrandIntake), checked
// identically on SQLite (errand_intake_test) and PostgreSQL (errand_intake_pgtest).
#include "samverkan/eservices/errand_intake.hpp"
#include "samverkan/eservices/errand_work.hpp"
#include "services/eservices/submissions_checks.hpp"

namespace samverkan::test {

inline void check_intake_is_idempotent_and_the_citizens_own(storage::Database& db) {
  SubmissionWorld world(db);
  eservices::ErrandIntake intake(world.submissions, world.catalogue);
  eservices::ErrandWork work(world.submissions, world.keyring);
  const auto client = security::Principal::api_client("crm", world.eksjo, {"eservices:submit"});
  const auto submit = [&](const eservices::IntakeRequest& request) {
    return world.as(client, world.eksjo,
                    [&](auto& ctx) { return intake.submit(ctx, "felanmalan-gata-park", request); });
  };
  eservices::IntakeRequest request{"crm-1", ids::Personnummer::parse("191212121212"), 1,
                                   SubmissionWorld::fault_report()};
  const auto first = submit(request);
  BOOST_TEST_REQUIRE(first.receipt.has_value());
  BOOST_TEST(!first.replayed);
  world.clock.advance(std::chrono::minutes(3));
  const auto again = submit(request);
  BOOST_TEST_REQUIRE(again.receipt.has_value());
  BOOST_TEST(again.replayed);
  BOOST_TEST(again.receipt->reference == first.receipt->reference);
  BOOST_TEST((again.receipt->submitted_at == first.receipt->submitted_at), "the first receipt's time");
  {
    auto session = db.acquire();
    long long errands = 0;
    *session << "SELECT COUNT(*) FROM eservice_errand", soci::into(errands);
    BOOST_TEST(errands == 1);
  }

  // Other content under the same id; invalid answers (nothing stored); a bad request id.
  auto changed = request;
  changed.answers.values["address"] = {"Torget 2, Eksjö"};
  BOOST_CHECK_THROW(submit(changed), Conflict);
  auto invalid = request;
  invalid.request_id = "crm-2";
  invalid.answers.values.erase("address");
  const auto refused = submit(invalid);
  BOOST_TEST(!refused.receipt.has_value());
  BOOST_TEST_REQUIRE(refused.errors.size() == 1u);
  BOOST_TEST(refused.errors[0].field == "address");
  auto bad_id = request;
  bad_id.request_id = "crm 3";
  BOOST_CHECK_THROW(submit(bad_id), InvalidInput);
  BOOST_TEST(!eservices::valid_request_id(std::string(101, 'a')));
  BOOST_TEST(eservices::valid_request_id("2026-11-22T10:00:00.crm_1"));

  // The errand is the citizen's own; its history names the client.
  const auto anna = security::Principal::citizen(ids::Personnummer::parse("191212121212"));
  BOOST_TEST(world.as(anna, world.eksjo, [&](auto& ctx) { return work.own_errand(ctx, first.receipt->reference); })
                 .service_id == "felanmalan-gata-park");
  const auto handler = security::Principal::staff("h", {{world.eksjo, {security::Role::kCaseHandler}}});
  const auto history =
      world.as(handler, world.eksjo, [&](auto& ctx) { return work.history(ctx, first.receipt->reference); });
  BOOST_TEST(history.front().actor == "client:crm");

  // The same request id of another client is another request.
  const auto other = security::Principal::api_client("other", world.eksjo, {"eservices:submit"});
  const auto theirs =
      world.as(other, world.eksjo, [&](auto& ctx) { return intake.submit(ctx, "felanmalan-gata-park", request); });
  BOOST_TEST(!theirs.replayed);
  BOOST_TEST(theirs.receipt->reference != first.receipt->reference);

  // No scope: Forbidden; another municipality's client: NotFound; a citizen: Forbidden.
  const auto writer = security::Principal::api_client("w", world.eksjo, {"errands:write", "eservices:write"});
  BOOST_CHECK_THROW(
      world.as(writer, world.eksjo, [&](auto& ctx) { intake.submit(ctx, "felanmalan-gata-park", request); }),
      Forbidden);
  const auto vetlanda = security::Principal::api_client("v", world.vetlanda, {"eservices:submit"});
  BOOST_CHECK_THROW(
      world.as(vetlanda, world.eksjo, [&](auto& ctx) { intake.submit(ctx, "felanmalan-gata-park", request); }),
      NotFound);
  BOOST_CHECK_THROW(
      world.as(anna, world.eksjo, [&](auto& ctx) { intake.submit(ctx, "felanmalan-gata-park", request); }), Forbidden);
  BOOST_TEST(world.audit_count("errand.submit-on-behalf", "success") == 3);
  BOOST_TEST(world.audit_count("errand.submit-on-behalf", "refused") == 3);
  // One entry per submission, naming who submitted (the principal) for whom (the citizen's
  // audit pseudonym, never the personnummer); no second "errand.create" entry.
  BOOST_TEST(world.audit_count("errand.create", "success") == 0);
  {
    auto session = db.acquire();
    std::string principal, detail;
    long long entries = 0;
    const std::string reference = first.receipt->reference;
    *session << "SELECT COUNT(*) FROM audit_entry WHERE object_id = :r AND outcome = 'success' "
                "AND action IN ('errand.create', 'errand.submit-on-behalf')",
        soci::use(reference, "r"), soci::into(entries);
    BOOST_TEST(entries == 2, "the submission and the repeated request");
    *session << "SELECT principal, detail FROM audit_entry WHERE object_id = :r AND outcome = 'success' "
                "AND action = 'errand.submit-on-behalf' ORDER BY sequence LIMIT 1",
        soci::use(reference, "r"), soci::into(principal), soci::into(detail);
    BOOST_TEST(principal == "client:crm");
    const auto citizen = world.audit_log.recorded_principal(anna);
    BOOST_TEST(citizen.starts_with("citizen:"));
    BOOST_TEST(detail == "felanmalan-gata-park@1 for " + citizen + ", request crm-1");
    BOOST_TEST(detail.find("191212121212") == std::string::npos);
  }
  BOOST_TEST(!audit::AuditLog::verify(db, world.eksjo).first_break.has_value());
}

}  // namespace samverkan::test
