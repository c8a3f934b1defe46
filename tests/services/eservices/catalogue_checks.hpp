#pragma once
// The e-service catalogue checked identically on SQLite (catalogue_test) and PostgreSQL
// (catalogue_pgtest): import, immutability of versions, publish with overrides, pilot and
// adoption, withdrawal, versions at submission, authorisation and audit.
#include <soci/soci.h>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/server/migrations.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/tenancy/context.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::test {

inline std::filesystem::path eservice_example(const std::string& name) {
  return source_dir() / "examples/hoglandet/eservices" / name;
}

struct CatalogueWorld {
  explicit CatalogueWorld(storage::Database& database) : db(database) {
    storage::Migrator(db, server::platform_migrations()).migrate();
    auto session = db.acquire();
    for (const auto& member : cooperation.members) {
      const std::string code = member.code.str();
      const std::string number = member.organisation_number.digits();
      *session << "INSERT INTO municipality (code, organisation_number, name) VALUES (:c, :o, :n)", soci::use(code),
          soci::use(number), soci::use(member.name);
    }
  }

  storage::Database& db;
  config::Cooperation cooperation =
      config::load_cooperation(source_dir() / "examples/hoglandet/cooperation.xml", source_dir() / "xsd");
  crypto::Keyring keyring = crypto::Keyring::from_keys({crypto::Keyring::generate_key("k1")});
  audit::AuditLog audit_log{keyring};
  ManualClock clock{std::chrono::sys_days(std::chrono::year(2026) / 11 / 22)};
  eservices::Catalogue catalogue{cooperation, source_dir() / "xsd"};

  const ids::Kommunkod aneby = ids::Kommunkod::parse("0604");
  const ids::Kommunkod eksjo = ids::Kommunkod::parse("0686");
  const ids::Kommunkod nassjo = ids::Kommunkod::parse("0682");
  const ids::Kommunkod vetlanda = ids::Kommunkod::parse("0685");

  static security::Principal editor(const ids::Kommunkod& municipality) {
    return security::Principal::staff("editor-" + municipality.str(),
                                      {{municipality, {security::Role::kEServiceEditor}}});
  }

  /// Runs `work` in a committed context of `municipality` as `principal`.
  template <typename Work>
  auto as(const security::Principal& principal, const ids::Kommunkod& municipality, Work&& work) {
    tenancy::Context ctx(db, principal, municipality, clock, &audit_log);
    if constexpr (std::is_void_v<decltype(work(ctx))>) {
      work(ctx);
      ctx.commit();
    } else {
      auto result = work(ctx);
      ctx.commit();
      return result;
    }
  }

  eservices::ImportOutcome import_example(const std::string& file, const ids::Kommunkod& owner) {
    const std::string xml = read_file(eservice_example(file));
    return as(editor(owner), owner, [&](auto& ctx) { return catalogue.import_definition(ctx, xml, file); });
  }

  long long audit_count(const std::string& action, const std::string& outcome) {
    auto session = db.acquire();
    long long count = 0;
    *session << "SELECT COUNT(*) FROM audit_entry WHERE action = :a AND outcome = :o", soci::use(action),
        soci::use(outcome), soci::into(count);
    return count;
  }
};

inline void check_import_is_idempotent_and_versions_never_change(storage::Database& db) {
  CatalogueWorld world(db);
  BOOST_TEST((world.import_example("skolskjuts.xml", world.nassjo) == eservices::ImportOutcome::kImported));
  BOOST_TEST((world.import_example("skolskjuts.xml", world.nassjo) == eservices::ImportOutcome::kAlreadyPresent));
  BOOST_TEST(world.audit_count("eservice.import", "success") == 1);

  // The same id and version with other bytes: Conflict, and the stored version is untouched.
  std::string changed = read_file(eservice_example("skolskjuts.xml"));
  const std::string title = "<sv>Ansökan om skolskjuts</sv>";
  changed.replace(changed.find(title), title.size(), "<sv>Ansök om skolskjuts</sv>");
  BOOST_CHECK_EXCEPTION(world.as(CatalogueWorld::editor(world.nassjo), world.nassjo,
                                 [&](auto& ctx) { world.catalogue.import_definition(ctx, changed, "changed.xml"); }),
                        Conflict, [](const Conflict& e) {
                          return std::string(e.what()).find(
                                     "version 1 of skolskjuts is already in the catalogue with different content") !=
                                 std::string::npos;
                        });
  const auto stored = world.as(CatalogueWorld::editor(world.nassjo), world.nassjo,
                               [&](auto& ctx) { return world.catalogue.definition(ctx, "skolskjuts", 1); });
  BOOST_TEST(stored.title().sv == "Ansökan om skolskjuts");

  // The change as version 2 is a new catalogue entry beside version 1.
  std::string version2 = changed;
  version2.replace(version2.find("version=\"1\""), 11, "version=\"2\"");
  BOOST_TEST((world.as(CatalogueWorld::editor(world.nassjo), world.nassjo, [&](auto& ctx) {
    return world.catalogue.import_definition(ctx, version2, "v2.xml");
  }) == eservices::ImportOutcome::kImported));
  const auto entries =
      world.as(security::Principal::anonymous(), world.aneby, [&](auto& ctx) { return world.catalogue.list(ctx); });
  BOOST_TEST_REQUIRE(entries.size() == 2u);
  BOOST_TEST(entries[0].version == 1);
  BOOST_TEST(entries[1].version == 2);
  BOOST_TEST(entries[1].title.sv == "Ansök om skolskjuts");
  BOOST_TEST(entries[0].owner.str() == "0682");
  BOOST_TEST(entries[0].digest != entries[1].digest);
  BOOST_TEST(!audit::AuditLog::verify(db, world.nassjo).first_break.has_value());
}

inline void check_only_the_owners_editors_import(storage::Database& db) {
  CatalogueWorld world(db);
  const std::string xml = read_file(eservice_example("skolskjuts.xml"));  // owned by Nässjö
  // An Eksjö editor importing Nässjö's definition: Forbidden.
  BOOST_CHECK_THROW(world.as(CatalogueWorld::editor(world.eksjo), world.eksjo,
                             [&](auto& ctx) { world.catalogue.import_definition(ctx, xml, "s.xml"); }),
                    Forbidden);
  // A Nässjö case handler (no editor role): Forbidden, and the refusal is audited.
  const auto handler = security::Principal::staff("h", {{world.nassjo, {security::Role::kCaseHandler}}});
  BOOST_CHECK_THROW(
      world.as(handler, world.nassjo, [&](auto& ctx) { world.catalogue.import_definition(ctx, xml, "s.xml"); }),
      Forbidden);
  BOOST_TEST(world.audit_count("eservice.import", "refused") == 1);
  // A citizen: refused too.
  const auto citizen = security::Principal::citizen(ids::Personnummer::parse("191212121212"));
  BOOST_CHECK_THROW(
      world.as(citizen, world.nassjo, [&](auto& ctx) { world.catalogue.import_definition(ctx, xml, "s.xml"); }),
      Forbidden);
  // An invalid definition never reaches the catalogue.
  BOOST_CHECK_THROW(world.as(CatalogueWorld::editor(world.nassjo), world.nassjo,
                             [&](auto& ctx) { world.catalogue.import_definition(ctx, "<eservice/>", "bad.xml"); }),
                    eservices::DefinitionError);
  const auto entries =
      world.as(security::Principal::anonymous(), world.aneby, [&](auto& ctx) { return world.catalogue.list(ctx); });
  BOOST_TEST(entries.empty());
}

inline void check_pilot_then_adoption_with_local_overrides(storage::Database& db) {
  CatalogueWorld world(db);
  world.import_example("skolskjuts.xml", world.nassjo);

  // Nässjö pilots the service with its own unit and fees.
  eservices::LocalOverrides nassjo;
  nassjo.contact = "Skolskjutsenheten, 0380-51 80 00";
  nassjo.handling_unit = "skolskjuts";
  nassjo.fees = eservices::LocalizedText{"Skolskjuts är avgiftsfri.", "School transport is free of charge."};
  world.as(CatalogueWorld::editor(world.nassjo), world.nassjo,
           [&](auto& ctx) { world.catalogue.publish(ctx, "skolskjuts", 1, nassjo); });

  // Not yet in Eksjö.
  BOOST_TEST(
      world.as(security::Principal::anonymous(), world.eksjo, [&](auto& ctx) { return world.catalogue.published(ctx); })
          .empty());

  // Eksjö adopts the same catalogue entry later, with its own title and routing.
  eservices::LocalOverrides eksjo;
  eksjo.title = eservices::LocalizedText{"Skolskjuts i Eksjö kommun", "School transport in Eksjö"};
  eksjo.handling_unit = "kontaktcenter";
  eksjo.information = eservices::LocalizedText{"Beslut inom fyra veckor.", "Decision within four weeks."};
  world.as(CatalogueWorld::editor(world.eksjo), world.eksjo,
           [&](auto& ctx) { world.catalogue.publish(ctx, "skolskjuts", 1, eksjo); });

  const auto in_nassjo = world.as(security::Principal::anonymous(), world.nassjo,
                                  [&](auto& ctx) { return world.catalogue.published(ctx); });
  const auto in_eksjo = world.as(security::Principal::anonymous(), world.eksjo,
                                 [&](auto& ctx) { return world.catalogue.published(ctx); });
  BOOST_TEST_REQUIRE(in_nassjo.size() == 1u);
  BOOST_TEST_REQUIRE(in_eksjo.size() == 1u);
  BOOST_TEST(in_nassjo[0].title().sv == "Ansökan om skolskjuts", "no override: the definition's title");
  BOOST_TEST(in_nassjo[0].overrides.handling_unit == "skolskjuts");
  BOOST_TEST(in_nassjo[0].overrides.contact == "Skolskjutsenheten, 0380-51 80 00");
  BOOST_TEST(in_nassjo[0].overrides.fees->en == "School transport is free of charge.");
  BOOST_TEST(!in_nassjo[0].overrides.information.has_value());
  BOOST_TEST(in_eksjo[0].title().sv == "Skolskjuts i Eksjö kommun");
  BOOST_TEST(in_eksjo[0].overrides.handling_unit == "kontaktcenter");
  BOOST_TEST(in_eksjo[0].overrides.contact.empty());
  BOOST_TEST(in_eksjo[0].definition.digest() == in_nassjo[0].definition.digest(), "one definition, not a copy");

  {
    auto session = db.acquire();
    long long copies = 0;
    *session << "SELECT COUNT(*) FROM eservice_definition WHERE service_id = 'skolskjuts'", soci::into(copies);
    BOOST_TEST(copies == 1);
  }
  BOOST_TEST(world.audit_count("eservice.publish", "success") == 2);
  BOOST_TEST(!audit::AuditLog::verify(db, world.eksjo).first_break.has_value());
}

inline void check_publishing_is_checked_against_the_municipality(storage::Database& db) {
  CatalogueWorld world(db);
  world.import_example("skolskjuts.xml", world.nassjo);
  world.import_example("livsmedelsanlaggning.xml", world.vetlanda);

  const auto publish = [&](const ids::Kommunkod& where, const std::string& id, int version,
                           const eservices::LocalOverrides& overrides) {
    world.as(CatalogueWorld::editor(where), where,
             [&](auto& ctx) { world.catalogue.publish(ctx, id, version, overrides); });
  };
  eservices::LocalOverrides unknown_unit;
  unknown_unit.handling_unit = "gatuenheten";  // Aneby has kundcenter and tekniska-enheten
  BOOST_CHECK_EXCEPTION(publish(world.aneby, "skolskjuts", 1, unknown_unit), InvalidInput, [](const InvalidInput& e) {
    return std::string(e.what()) == "Aneby has no unit 'gatuenheten'";
  });
  // The food registration registers cases with SBN, which Aneby does not have (it has MBN).
  BOOST_CHECK_EXCEPTION(publish(world.aneby, "livsmedelsanlaggning", 1, {}), Conflict, [](const Conflict& e) {
    return std::string(e.what()).find("Aneby has no board SBN") != std::string::npos;
  });
  BOOST_CHECK_THROW(publish(world.aneby, "skolskjuts", 2, {}), NotFound);
  BOOST_CHECK_THROW(publish(world.aneby, "no-such-service", 1, {}), NotFound);
  eservices::LocalOverrides long_title;
  long_title.title = eservices::LocalizedText{std::string(201, 'x'), "x"};
  BOOST_CHECK_THROW(publish(world.aneby, "skolskjuts", 1, long_title), InvalidInput);
  eservices::LocalOverrides half_title;
  half_title.title = eservices::LocalizedText{"Bara svenska", ""};
  BOOST_CHECK_THROW(publish(world.aneby, "skolskjuts", 1, half_title), InvalidInput);
  eservices::LocalOverrides control;
  control.contact = std::string("line\x01");
  BOOST_CHECK_THROW(publish(world.aneby, "skolskjuts", 1, control), InvalidInput);

  // An editor of another municipality cannot publish here: the catalogue is public, so the
  // refusal is Forbidden rather than NotFound.
  BOOST_CHECK_THROW(world.as(CatalogueWorld::editor(world.eksjo), world.aneby,
                             [&](auto& ctx) { world.catalogue.publish(ctx, "skolskjuts", 1, {}); }),
                    Forbidden);
  BOOST_TEST(world.audit_count("eservice.publish", "refused") == 1);
  BOOST_TEST(
      world.as(security::Principal::anonymous(), world.aneby, [&](auto& ctx) { return world.catalogue.published(ctx); })
          .empty());
}

inline void check_withdraw_and_submission_versions(storage::Database& db) {
  CatalogueWorld world(db);
  world.import_example("felanmalan-gata-park.xml", world.eksjo);
  world.as(CatalogueWorld::editor(world.eksjo), world.eksjo,
           [&](auto& ctx) { world.catalogue.publish(ctx, "felanmalan-gata-park", 1, {}); });
  const auto citizen = security::Principal::anonymous();

  const auto for_submission = [&](const ids::Kommunkod& where, int version) {
    return world.as(citizen, where, [&](auto& ctx) {
      return world.catalogue.definition_for_submission(ctx, "felanmalan-gata-park", version);
    });
  };
  BOOST_TEST(for_submission(world.eksjo, 1).version() == 1);
  BOOST_CHECK_EXCEPTION(for_submission(world.eksjo, 2), Conflict, [](const Conflict& e) {
    return std::string(e.what()).find(
               "answered against version 2 of felanmalan-gata-park, but version 1 is published now") !=
           std::string::npos;
  });
  BOOST_CHECK_THROW(for_submission(world.vetlanda, 1), NotFound);  // never published there

  world.as(CatalogueWorld::editor(world.eksjo), world.eksjo,
           [&](auto& ctx) { world.catalogue.withdraw(ctx, "felanmalan-gata-park"); });
  BOOST_CHECK_EXCEPTION(for_submission(world.eksjo, 1), Conflict, [](const Conflict& e) {
    return std::string(e.what()).find("has been withdrawn") != std::string::npos;
  });
  BOOST_TEST(world.as(citizen, world.eksjo, [&](auto& ctx) { return world.catalogue.published(ctx); }).empty());
  const auto kept = world.as(citizen, world.eksjo,
                             [&](auto& ctx) { return world.catalogue.publication(ctx, "felanmalan-gata-park"); });
  BOOST_TEST((kept.status == eservices::PublicationStatus::kWithdrawn));
  // Withdrawing twice: not published any more.
  BOOST_CHECK_THROW(world.as(CatalogueWorld::editor(world.eksjo), world.eksjo,
                             [&](auto& ctx) { world.catalogue.withdraw(ctx, "felanmalan-gata-park"); }),
                    NotFound);
  // Only an editor withdraws.
  BOOST_CHECK_THROW(
      world.as(citizen, world.eksjo, [&](auto& ctx) { world.catalogue.withdraw(ctx, "felanmalan-gata-park"); }),
      Forbidden);
  BOOST_TEST(world.audit_count("eservice.withdraw", "success") == 1);

  // Published again, possibly with new overrides: submissions work again.
  world.as(CatalogueWorld::editor(world.eksjo), world.eksjo,
           [&](auto& ctx) { world.catalogue.publish(ctx, "felanmalan-gata-park", 1, {}); });
  BOOST_TEST(for_submission(world.eksjo, 1).id() == "felanmalan-gata-park");
  BOOST_TEST(!audit::AuditLog::verify(db, world.eksjo).first_break.has_value());
}

}  // namespace samverkan::test
