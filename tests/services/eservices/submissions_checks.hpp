#pragma once
// Drafts, submissions, receipts and the errand inbox, checked identically on SQLite
// (submissions_test) and PostgreSQL (submissions_pgtest).
#include <atomic>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "services/eservices/catalogue_checks.hpp"
#include "services/eservices/school_transport.hpp"

namespace samverkan::test {

struct SubmissionWorld : CatalogueWorld {
  explicit SubmissionWorld(storage::Database& database) : CatalogueWorld(database) {
    import_example("felanmalan-gata-park.xml", eksjo);
    import_example("skolskjuts.xml", nassjo);
    eservices::LocalOverrides gata;
    gata.handling_unit = "gatuenheten";
    for (const auto& where : {eksjo, vetlanda}) {
      as(editor(where), where, [&](auto& ctx) { catalogue.publish(ctx, "felanmalan-gata-park", 1, gata); });
    }
    eservices::LocalOverrides skolskjuts;
    skolskjuts.handling_unit = "skolskjuts";
    skolskjuts.title = eservices::LocalizedText{"Skolskjuts i Nässjö", "School transport in Nässjö"};
    as(editor(nassjo), nassjo, [&](auto& ctx) { catalogue.publish(ctx, "skolskjuts", 1, skolskjuts); });
  }

  eservices::Submissions submissions{catalogue, keyring};
  security::Principal anna = security::Principal::citizen(ids::Personnummer::parse("191212121212"));
  security::Principal bertil = security::Principal::citizen(ids::Personnummer::parse("201503141234"));
  security::Principal eksjo_handler =
      security::Principal::staff("handler-eksjo", {{ids::Kommunkod::parse("0686"), {security::Role::kCaseHandler}}});
  security::Principal nassjo_handler =
      security::Principal::staff("handler-nassjo", {{ids::Kommunkod::parse("0682"), {security::Role::kCaseHandler}}});

  static eservices::Answers fault_report() {
    eservices::Answers answers;
    answers.values = {{"fault-type", {"lighting"}},
                      {"lamp-number", {"EK-01234"}},
                      {"description", {"The street light has been out for a week"}},
                      {"address", {"Storgatan 1, Eksjö"}},
                      {"wants-feedback", {"on"}},
                      {"reporter-name", {"Anna Andersson"}},
                      {"reporter-email", {"anna.andersson@example.se"}}};
    return answers;
  }

  static eservices::Answers school_transport() { return school_transport_answers(); }

  eservices::SubmitOutcome submit(const security::Principal& who, const ids::Kommunkod& where, const std::string& id,
                                  int version, const eservices::Answers& answers) {
    return as(who, where, [&](auto& ctx) { return submissions.submit(ctx, id, version, answers); });
  }

  std::string raw(const std::string& sql) {
    auto session = db.acquire();
    std::string value;
    *session << sql, soci::into(value);
    return value;
  }
};

inline void check_submission_receipts_and_references(storage::Database& db) {
  SubmissionWorld world(db);
  const auto anonymous = security::Principal::anonymous();
  const auto first = world.submit(anonymous, world.eksjo, "felanmalan-gata-park", 1, SubmissionWorld::fault_report());
  BOOST_TEST_REQUIRE(first.receipt.has_value());
  BOOST_TEST(first.errors.empty());
  BOOST_TEST(first.receipt->reference == "ET-2026-000001");
  BOOST_TEST(first.receipt->service_title.sv == "Felanmälan gata och park");
  BOOST_TEST(first.receipt->municipality.str() == "0686");
  BOOST_TEST(first.receipt->version == 1);
  const auto second = world.submit(anonymous, world.eksjo, "felanmalan-gata-park", 1, SubmissionWorld::fault_report());
  BOOST_TEST(second.receipt->reference == "ET-2026-000002");
  // Numbered per municipality and per year.
  const auto vetlanda =
      world.submit(anonymous, world.vetlanda, "felanmalan-gata-park", 1, SubmissionWorld::fault_report());
  BOOST_TEST(vetlanda.receipt->reference == "ET-2026-000001");
  world.clock.set(std::chrono::sys_days(std::chrono::year(2027) / 1 / 2));
  const auto next_year =
      world.submit(anonymous, world.eksjo, "felanmalan-gata-park", 1, SubmissionWorld::fault_report());
  BOOST_TEST(next_year.receipt->reference == "ET-2027-000001");
  BOOST_TEST(world.audit_count("errand.create", "success") == 4);

  // Invalid answers: the errors, and nothing stored or numbered.
  auto bad = SubmissionWorld::fault_report();
  bad.values["lamp-number"] = {"not a lamp"};
  bad.values.erase("address");
  const auto refused = world.submit(anonymous, world.eksjo, "felanmalan-gata-park", 1, bad);
  BOOST_TEST(!refused.receipt.has_value());
  BOOST_TEST_REQUIRE(refused.errors.size() == 2u);
  BOOST_TEST(refused.errors[0].field == "lamp-number");
  BOOST_TEST(refused.errors[1].field == "address");
  const auto after = world.submit(anonymous, world.eksjo, "felanmalan-gata-park", 1, SubmissionWorld::fault_report());
  BOOST_TEST(after.receipt->reference == "ET-2027-000002");
}

inline void check_login_version_and_withdrawal_are_enforced(storage::Database& db) {
  SubmissionWorld world(db);
  const auto anonymous = security::Principal::anonymous();
  // Skolskjuts requires login.
  BOOST_CHECK_THROW(world.submit(anonymous, world.nassjo, "skolskjuts", 1, SubmissionWorld::school_transport()),
                    Unauthenticated);
  const auto ok = world.submit(world.anna, world.nassjo, "skolskjuts", 1, SubmissionWorld::school_transport());
  BOOST_TEST_REQUIRE(ok.receipt.has_value());
  BOOST_TEST(ok.receipt->service_title.sv == "Skolskjuts i Nässjö", "the municipality's title");

  // The wrong version, a service not published there, a withdrawn service.
  BOOST_CHECK_THROW(world.submit(world.anna, world.nassjo, "skolskjuts", 2, SubmissionWorld::school_transport()),
                    Conflict);
  BOOST_CHECK_THROW(world.submit(world.anna, world.eksjo, "skolskjuts", 1, SubmissionWorld::school_transport()),
                    NotFound);
  world.as(CatalogueWorld::editor(world.nassjo), world.nassjo,
           [&](auto& ctx) { world.catalogue.withdraw(ctx, "skolskjuts"); });
  BOOST_CHECK_EXCEPTION(world.submit(world.anna, world.nassjo, "skolskjuts", 1, SubmissionWorld::school_transport()),
                        Conflict,
                        [](const Conflict& e) { return std::string(e.what()).find("withdrawn") != std::string::npos; });
  // The attachment is checked by content at submission too.
  world.as(CatalogueWorld::editor(world.nassjo), world.nassjo,
           [&](auto& ctx) { world.catalogue.publish(ctx, "skolskjuts", 1, {}); });
  // (PNG is allowed here, so the renamed file is an HTML page.)
  auto renamed = SubmissionWorld::school_transport();
  renamed.attachments["certificate"] = {"intyg.pdf", "<!DOCTYPE html><html><body><p>Intyg</p></body></html>\n"};
  const auto refused = world.submit(world.anna, world.nassjo, "skolskjuts", 1, renamed);
  BOOST_TEST_REQUIRE(refused.errors.size() == 1u);
  BOOST_TEST(refused.errors[0].code == "file-type-not-allowed");
}

inline void check_answers_are_encrypted_at_rest(storage::Database& db) {
  SubmissionWorld world(db);
  const auto outcome = world.submit(world.anna, world.nassjo, "skolskjuts", 1, SubmissionWorld::school_transport());
  BOOST_TEST_REQUIRE(outcome.receipt.has_value());
  // Each stored value is ciphertext: it opens with the platform's key and its own row's
  // associated data, and with no other key (the same id, other bytes) or row; the plaintext is
  // nowhere in it. (No substring test on the ciphertext itself: random base64 may hold any
  // short word, as "PDF" once did.)
  const std::string municipality = world.nassjo.str();
  const std::string reference = outcome.receipt->reference;
  const auto other_key = crypto::Keyring::from_keys({crypto::Keyring::generate_key("k1")});
  const auto check_sealed = [&](const std::string& stored, const std::string& place, const std::string& plaintext) {
    BOOST_TEST(crypto::key_id_of(stored) == "k1");
    BOOST_TEST(crypto::decrypt(world.keyring, stored, place) == plaintext);
    BOOST_CHECK_THROW(crypto::decrypt(other_key, stored, place), InternalError);
    BOOST_CHECK_THROW(crypto::decrypt(world.keyring, stored, place + "0"), InternalError);
    BOOST_TEST(stored.find(plaintext) == std::string::npos);
  };
  const std::string answers = world.raw("SELECT answers FROM eservice_errand");
  const std::string answers_json = crypto::decrypt(
      world.keyring, answers, crypto::associated_data("eservice_errand", "answers", {municipality, reference}));
  BOOST_TEST(answers_json.find("\"201503141234\"") != std::string::npos, "the plaintext holds the personnummer");
  BOOST_TEST(answers_json.find("Bertil Andersson") != std::string::npos);
  check_sealed(answers, crypto::associated_data("eservice_errand", "answers", {municipality, reference}), answers_json);
  BOOST_TEST(answers.find("Bertil Andersson") == std::string::npos);  // a space: never in base64url
  const std::string attachment =
      crypto::associated_data("eservice_attachment", "content", {municipality, reference, "certificate"});
  check_sealed(world.raw("SELECT content FROM eservice_attachment"), attachment, minimal_pdf());
  check_sealed(world.raw("SELECT file_name FROM eservice_attachment"),
               crypto::associated_data("eservice_attachment", "file_name", {municipality, reference, "certificate"}),
               "läkarintyg.pdf");
  BOOST_TEST(world.raw("SELECT media_type FROM eservice_attachment") == "application/pdf");
  const std::string citizen = world.raw("SELECT citizen FROM eservice_errand");
  BOOST_TEST(citizen.size() == 64u, "a blind index");
  BOOST_TEST(citizen.find("191212") == std::string::npos);

  // The handler reads the errand decrypted; the read is audited.
  const auto errand = world.as(world.nassjo_handler, world.nassjo,
                               [&](auto& ctx) { return world.submissions.errand(ctx, outcome.receipt->reference); });
  BOOST_TEST(errand.answers.values.at("child-personnummer").at(0) == "201503141234");
  BOOST_TEST(errand.answers.values.at("child-name").at(0) == "Bertil Andersson");
  BOOST_TEST(errand.answers.attachments.at("certificate").file_name == "läkarintyg.pdf");
  BOOST_TEST(errand.answers.attachments.at("certificate").bytes == minimal_pdf());
  BOOST_TEST(errand.summary.handling_unit == "skolskjuts");
  BOOST_TEST((errand.summary.status == eservices::ErrandStatus::kReceived));
  BOOST_TEST(world.audit_count("errand.read", "success") == 1);

  // A ciphertext moved to another errand no longer decrypts (associated data binds it).
  world.submit(world.bertil, world.nassjo, "skolskjuts", 1, SubmissionWorld::school_transport());
  {
    auto session = db.acquire();
    *session << "UPDATE eservice_errand SET answers = :a WHERE reference = 'ET-2026-000002'", soci::use(answers);
  }
  BOOST_CHECK_THROW(world.as(world.nassjo_handler, world.nassjo,
                             [&](auto& ctx) { return world.submissions.errand(ctx, "ET-2026-000002"); }),
                    InternalError);
}

inline void check_inbox_is_per_municipality(storage::Database& db) {
  SubmissionWorld world(db);
  const auto anonymous = security::Principal::anonymous();
  world.submit(anonymous, world.eksjo, "felanmalan-gata-park", 1, SubmissionWorld::fault_report());
  world.submit(anonymous, world.eksjo, "felanmalan-gata-park", 1, SubmissionWorld::fault_report());
  world.submit(anonymous, world.vetlanda, "felanmalan-gata-park", 1, SubmissionWorld::fault_report());

  const auto inbox = world.as(world.eksjo_handler, world.eksjo, [&](auto& ctx) {
    return world.submissions.inbox(ctx, eservices::ErrandStatus::kReceived);
  });
  BOOST_TEST_REQUIRE(inbox.size() == 2u);
  BOOST_TEST(inbox[0].reference == "ET-2026-000002", "newest first");
  BOOST_TEST(inbox[0].handling_unit == "gatuenheten");
  BOOST_TEST(world
                 .as(world.eksjo_handler, world.eksjo,
                     [&](auto& ctx) { return world.submissions.inbox(ctx, eservices::ErrandStatus::kClosed); })
                 .empty());

  // A handler of another municipality cannot list or read Eksjö's errands: not found.
  BOOST_CHECK_THROW(
      world.as(world.nassjo_handler, world.eksjo, [&](auto& ctx) { return world.submissions.inbox(ctx); }), NotFound);
  BOOST_CHECK_THROW(world.as(world.nassjo_handler, world.eksjo,
                             [&](auto& ctx) { return world.submissions.errand(ctx, "ET-2026-000001"); }),
                    NotFound);
  // Nor can a citizen or an e-service editor (Forbidden: libcore treats both as insiders).
  BOOST_CHECK_THROW(world.as(world.anna, world.eksjo, [&](auto& ctx) { return world.submissions.inbox(ctx); }),
                    Forbidden);
  BOOST_CHECK_THROW(world.as(CatalogueWorld::editor(world.eksjo), world.eksjo,
                             [&](auto& ctx) { return world.submissions.inbox(ctx); }),
                    Forbidden);
  // An unknown reference in one's own municipality.
  BOOST_CHECK_THROW(world.as(world.eksjo_handler, world.eksjo,
                             [&](auto& ctx) { return world.submissions.errand(ctx, "ET-2026-999999"); }),
                    NotFound);
  BOOST_TEST(world.audit_count("errand.list", "refused") >= 3);
}

inline void check_drafts_are_saved_resumed_and_private(storage::Database& db) {
  SubmissionWorld world(db);
  auto partial = SubmissionWorld::school_transport();
  partial.values.erase("reason");
  world.as(world.anna, world.nassjo,
           [&](auto& ctx) { world.submissions.save_draft(ctx, "skolskjuts", 1, "reason", partial); });
  BOOST_TEST(world.raw("SELECT answers FROM eservice_draft").find("Bertil") == std::string::npos, "encrypted");

  const auto resumed =
      world.as(world.anna, world.nassjo, [&](auto& ctx) { return world.submissions.draft(ctx, "skolskjuts"); });
  BOOST_TEST_REQUIRE(resumed.has_value());
  BOOST_TEST(resumed->step == "reason");
  BOOST_TEST(resumed->version == 1);
  BOOST_TEST(resumed->answers.values == partial.values);

  // Saving again replaces it; another citizen sees none; anonymous users have no drafts.
  partial.values["child-name"] = {"Bertil A."};
  world.as(world.anna, world.nassjo,
           [&](auto& ctx) { world.submissions.save_draft(ctx, "skolskjuts", 1, "guardian", partial); });
  const auto again =
      world.as(world.anna, world.nassjo, [&](auto& ctx) { return world.submissions.draft(ctx, "skolskjuts"); });
  BOOST_TEST(again->step == "guardian");
  BOOST_TEST(again->answers.values.at("child-name").at(0) == "Bertil A.");
  BOOST_TEST(
      !world.as(world.bertil, world.nassjo, [&](auto& ctx) { return world.submissions.draft(ctx, "skolskjuts"); })
           .has_value());
  BOOST_CHECK_THROW(world.as(security::Principal::anonymous(), world.nassjo,
                             [&](auto& ctx) { return world.submissions.draft(ctx, "skolskjuts"); }),
                    Unauthenticated);
  BOOST_CHECK_THROW(
      world.as(world.anna, world.nassjo,
               [&](auto& ctx) { world.submissions.save_draft(ctx, "skolskjuts", 1, "no-step", partial); }),
      InvalidInput);
  BOOST_CHECK_THROW(world.as(world.anna, world.nassjo,
                             [&](auto& ctx) { world.submissions.save_draft(ctx, "skolskjuts", 2, "child", partial); }),
                    Conflict);

  // Submitting removes the draft; the receipt is the submitter's only.
  const auto outcome = world.submit(world.anna, world.nassjo, "skolskjuts", 1, SubmissionWorld::school_transport());
  BOOST_TEST_REQUIRE(outcome.receipt.has_value());
  BOOST_TEST(!world.as(world.anna, world.nassjo, [&](auto& ctx) { return world.submissions.draft(ctx, "skolskjuts"); })
                  .has_value());
  const auto receipt = world.as(world.anna, world.nassjo,
                                [&](auto& ctx) { return world.submissions.receipt(ctx, outcome.receipt->reference); });
  BOOST_TEST(receipt.reference == outcome.receipt->reference);
  BOOST_TEST(receipt.service_title.sv == "Skolskjuts i Nässjö");
  BOOST_TEST((receipt.submitted_at == world.clock.now()));
  BOOST_CHECK_THROW(world.as(world.bertil, world.nassjo,
                             [&](auto& ctx) { return world.submissions.receipt(ctx, outcome.receipt->reference); }),
                    NotFound);
  BOOST_TEST(!audit::AuditLog::verify(db, world.nassjo).first_break.has_value());
}

inline void check_status_changes_and_history(storage::Database& db) {
  SubmissionWorld world(db);
  const auto outcome = world.submit(world.anna, world.nassjo, "skolskjuts", 1, SubmissionWorld::school_transport());
  const std::string reference = outcome.receipt.value().reference;
  const auto change = [&](const security::Principal& who, const ids::Kommunkod& where, eservices::ErrandStatus to) {
    world.as(who, where, [&](auto& ctx) { world.submissions.change_status(ctx, reference, to); });
  };
  using eservices::ErrandStatus;
  // The whole path: received → in progress → waiting → in progress → decided → closed.
  for (const auto to : {ErrandStatus::kInProgress, ErrandStatus::kWaitingForCitizen, ErrandStatus::kInProgress,
                        ErrandStatus::kDecided, ErrandStatus::kClosed}) {
    world.clock.advance(std::chrono::hours(1));
    change(world.nassjo_handler, world.nassjo, to);
  }
  // A closed errand stays closed; a skipped step is refused.
  BOOST_CHECK_THROW(change(world.nassjo_handler, world.nassjo, ErrandStatus::kInProgress), Conflict);
  BOOST_TEST(!eservices::allowed_transition(ErrandStatus::kReceived, ErrandStatus::kDecided));
  BOOST_TEST(eservices::allowed_transition(ErrandStatus::kReceived, ErrandStatus::kClosed));

  const auto history = world.as(world.nassjo_handler, world.nassjo,
                                [&](auto& ctx) { return world.submissions.history(ctx, reference); });
  BOOST_TEST_REQUIRE(history.size() == 6u);
  BOOST_TEST(history[0].actor == "citizen");
  BOOST_TEST(!history[0].from_status.has_value());
  BOOST_TEST((history[0].to_status == ErrandStatus::kReceived));
  BOOST_TEST(history[1].actor == "staff:handler-nassjo");
  BOOST_TEST((history[1].from_status == ErrandStatus::kReceived));
  BOOST_TEST((history[5].to_status == ErrandStatus::kClosed));
  BOOST_TEST((history[5].at - history[0].at == std::chrono::hours(5)));
  BOOST_TEST(world.audit_count("errand.status", "success") == 5);

  // Another municipality's handler: not found; a reader of Nässjö: may read, not change.
  BOOST_CHECK_THROW(change(world.eksjo_handler, world.nassjo, ErrandStatus::kInProgress), NotFound);
  BOOST_CHECK_THROW(
      world.as(world.eksjo_handler, world.nassjo, [&](auto& ctx) { return world.submissions.history(ctx, reference); }),
      NotFound);
  const auto reader = security::Principal::staff("reader", {{world.nassjo, {security::Role::kReader}}});
  BOOST_CHECK_THROW(change(reader, world.nassjo, ErrandStatus::kInProgress), Forbidden);
  BOOST_CHECK_THROW(change(world.nassjo_handler, world.nassjo, ErrandStatus::kClosed), Conflict);
  BOOST_CHECK_THROW(
      world.as(world.nassjo_handler, world.nassjo,
               [&](auto& ctx) { world.submissions.change_status(ctx, "ET-2026-424242", ErrandStatus::kClosed); }),
      NotFound);
  const auto inbox = world.as(world.nassjo_handler, world.nassjo,
                              [&](auto& ctx) { return world.submissions.inbox(ctx, ErrandStatus::kClosed); });
  BOOST_TEST_REQUIRE(inbox.size() == 1u);
  BOOST_TEST(inbox[0].reference == reference);
  BOOST_TEST(!audit::AuditLog::verify(db, world.nassjo).first_break.has_value());
}

// Submissions from several threads at once: every one gets its own reference, numbered
// 1..N without duplicates (the counter row's lock serialises the numbering).
inline void check_concurrent_submissions_get_unique_references(storage::Database& db, int threads, int per_thread) {
  SubmissionWorld world(db);
  std::mutex mutex;
  std::set<std::string> references;
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        try {
          const auto outcome = world.submit(security::Principal::anonymous(), world.eksjo, "felanmalan-gata-park", 1,
                                            SubmissionWorld::fault_report());
          std::lock_guard lock(mutex);
          references.insert(outcome.receipt.value().reference);
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(references.size() == static_cast<std::size_t>(threads * per_thread));
  char last[32];
  std::snprintf(last, sizeof last, "ET-2026-%06d", threads * per_thread);
  BOOST_TEST(*references.rbegin() == std::string(last), "numbered without gaps");
  BOOST_TEST(!audit::AuditLog::verify(db, world.eksjo).first_break.has_value());
}

}  // namespace samverkan::test
