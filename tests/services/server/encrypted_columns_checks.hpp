#pragma once
// Key rotation over the whole platform, identical on SQLite (encrypted_columns_test) and
// PostgreSQL (encrypted_columns_pgtest): every service stores personal data through its own
// code, `samverkan keys rotate` runs, and then the whole schema (every table and column the
// database catalogue lists, not the registry) is searched for a value still under the old key.
#include <soci/soci.h>
#include <boost/test/unit_test.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "libcore/bankid/bankid_fixture.hpp"
#include "samverkan/auth/citizen_login.hpp"
#include "samverkan/auth/session_store.hpp"
#include "samverkan/auth/staff_directory.hpp"
#include "samverkan/casehandling/case_service.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/crypto/key_rotation.hpp"
#include "samverkan/eservices/citizen_notices.hpp"
#include "samverkan/eservices/errand_work.hpp"
#include "samverkan/hiring/contract.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/mailbox/mail_service.hpp"
#include "samverkan/server/cli_security.hpp"
#include "samverkan/server/encrypted_columns.hpp"
#include "samverkan/storage/time.hpp"
#include "services/eservices/submissions_checks.hpp"
#include "services/hiring/hiring_fixture.hpp"

namespace samverkan::test {

/// Every place in the schema holding the text "v1.<key id>." (a token's header), as
/// "table.column" -> rows. Tables and columns come from the database catalogue; a column of a
/// type that cannot hold text (numbers, times, booleans) is skipped on PostgreSQL.
inline std::map<std::string, long long> values_under_key(storage::Database& db, const std::string& key_id) {
  const std::string marker = "v1." + key_id + ".";
  const bool postgresql = db.dialect().backend() == storage::Backend::kPostgresql;
  std::vector<std::pair<std::string, std::string>> columns;  // table, column
  std::map<std::string, std::string> types;                  // "table.column" -> data type
  auto session = db.acquire();
  if (postgresql) {
    soci::rowset<soci::row> rows =
        (session->prepare << "SELECT table_name, column_name, data_type FROM information_schema.columns "
                             "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position");
    for (const auto& row : rows) {
      const std::string type = row.get<std::string>(2);
      if (type != "text" && type != "character varying" && type != "character" && type != "json" && type != "jsonb" &&
          type != "bytea" && type != "xml") {
        continue;
      }
      columns.emplace_back(row.get<std::string>(0), row.get<std::string>(1));
      types[row.get<std::string>(0) + "." + row.get<std::string>(1)] = type;
    }
  } else {
    std::vector<std::string> tables;
    {
      soci::rowset<std::string> rows = (session->prepare << "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                                            "name NOT LIKE 'sqlite_%' ORDER BY name");
      tables.assign(rows.begin(), rows.end());
    }
    for (const auto& table : tables) {
      soci::rowset<std::string> rows =
          (session->prepare << "SELECT name FROM pragma_table_info(:t) ORDER BY cid", soci::use(table, "t"));
      for (const auto& column : rows) columns.emplace_back(table, column);
    }
  }
  BOOST_REQUIRE_MESSAGE(columns.size() > 100u, "the catalogue lists the platform's columns: " << columns.size());
  std::map<std::string, long long> found;
  for (const auto& [table, column] : columns) {
    const std::string name = table + "." + column;
    // Identifiers from the catalogue, quoted; the marker is a bound value.
    std::string condition;
    if (!postgresql) {
      condition = "instr(\"" + column + "\", :marker) > 0";
    } else if (types[name] == "bytea") {
      condition = "position(convert_to(:marker, 'UTF8') in \"" + column + "\") > 0";
    } else {
      condition = "strpos(CAST(\"" + column + "\" AS TEXT), :marker) > 0";
    }
    long long count = 0;
    *session << "SELECT COUNT(*) FROM \"" + table + "\" WHERE " + condition, soci::use(marker, "marker"),
        soci::into(count);
    if (count > 0) found[name] = count;
  }
  return found;
}

inline std::string describe(const std::map<std::string, long long>& found) {
  std::ostringstream out;
  for (const auto& [name, count] : found) out << name << " " << count << "; ";
  return out.str();
}

/// The e-services world, plus case handling, the mailbox and authentication on the same
/// database, keyring and audit log.
struct EveryServiceWorld : SubmissionWorld {
  explicit EveryServiceWorld(storage::Database& database) : SubmissionWorld(database) {
    boards.add(nassjo, "KS", "Kommunstyrelsen");
  }

  eservices::ErrandWork work{submissions, keyring};
  casehandling::BoardDirectory boards;
  casehandling::Diary diary{boards};
  casehandling::CaseService cases{diary, keyring};
  jobs::JobQueue queue{db, clock};
  mailbox::MailService mail{keyring, queue};
  auth::StaffDirectory staff{db, clock, keyring, &audit_log};
  auth::SessionStore sessions{db, clock, keyring, staff};

  security::Principal registrar =
      security::Principal::staff("registrar-nassjo", {{ids::Kommunkod::parse("0682"), {security::Role::kRegistrar}}});
  security::Principal administrator =
      security::Principal::staff("admin-nassjo", {{ids::Kommunkod::parse("0682"), {security::Role::kAdministrator}}});

  static mailbox::LetterRequest letter() {
    mailbox::LetterRequest request;
    request.client_request_id = "rotation-1";
    request.recipient = "19121212-1212";
    request.subject = "Beslut om skolskjuts";
    request.body = "Hej! Bertil får skolskjuts från 8 januari.";
    request.attachments.push_back(mailbox::Attachment{"beslut.pdf", minimal_pdf()});
    request.support.text = "Kontakta Nässjö kommuns kontaktcenter";
    request.postal_address = adapters::PostalAddress{"Anna Andersson", "", {"Storgatan 1"}, "571 80", "Nässjö", "SE"};
    return request;
  }
};

inline void check_every_encrypted_value_is_rotated(storage::Database& db, const std::string& url, const TempDir& dir) {
  EveryServiceWorld world(db);
  const std::string nassjo = world.nassjo.str();

  // Every service stores its personal data through its own code, under k1.
  const auto submitted = world.submit(world.anna, world.nassjo, "skolskjuts", 1, SubmissionWorld::school_transport());
  BOOST_TEST_REQUIRE(submitted.receipt.has_value());
  const std::string reference = submitted.receipt->reference;
  eservices::Answers draft_answers;
  draft_answers.values = {{"child-name", {"Cecilia Andersson"}}};
  world.as(world.bertil, world.nassjo,
           [&](auto& ctx) { world.submissions.save_draft(ctx, "skolskjuts", 1, "child", draft_answers); });
  world.as(world.nassjo_handler, world.nassjo,
           [&](auto& ctx) { world.work.add_note(ctx, reference, "Ring skolan om intyget"); });
  world.as(world.nassjo_handler, world.nassjo,
           [&](auto& ctx) { world.work.post_message(ctx, reference, "Vi behöver ett nytt intyg"); });
  world.as(world.anna, world.nassjo, [&](auto& ctx) { world.work.reply(ctx, reference, "Intyget kommer i morgon"); });
  world.as(world.anna, world.nassjo, [&](auto& ctx) {
    eservices::NoticePreferences(world.keyring)
        .save(ctx, {true, false, "anna@example.se", "070-123 45 67", eservices::Language::kSwedish}, false);
  });
  casehandling::NewCase new_case;
  new_case.diary = "KS";
  new_case.title = "Skolskjuts, överklagande";
  new_case.case_type = "skolskjuts";
  new_case.handling_unit = "Skolskjuts";
  new_case.officer = "handler-nassjo";
  new_case.parties = {{casehandling::PartyKind::kPerson, "19811218-9876", "Anna Andersson", "klagande"}};
  const auto registered =
      world.as(world.registrar, world.nassjo, [&](auto& ctx) { return world.cases.register_case(ctx, new_case); });
  casehandling::NewDocument document;
  document.direction = casehandling::Direction::kIncoming;
  document.title = "Överklagande";
  document.counterpart_kind = casehandling::PartyKind::kPerson;
  document.counterpart = "Anna Andersson";
  document.content_type = "application/pdf";
  document.content = minimal_pdf();
  world.as(world.registrar, world.nassjo,
           [&](auto& ctx) { world.cases.add_document(ctx, registered.number, document); });
  const auto accepted =
      world.as(world.nassjo_handler, world.nassjo, [&](auto& ctx) { return world.mail.send(ctx, world.letter()); });
  auth::NewStaffUserRequest new_user;
  new_user.username = "kerstin";
  new_user.roles = {security::Role::kCaseHandler};
  const auto user =
      world.as(world.administrator, world.nassjo, [&](auto& ctx) { return world.staff.create(ctx, new_user); });
  const auto session = world.sessions.create_session(world.anna);
  // Hiring: HR records a manager, who saves a draft and submits a hire (the hiring tests'
  // cooperation, on the same database and keyring).
  // Hiring, under the same key: HR records a manager, who saves a draft and submits two hires;
  // the contract jobs draw up, register and send both contracts; the first is signed with BankID
  // (its evidence), the second's signing is left running (a BankID order's QR secret); the
  // account is made, so the invitation (its token) goes out.
  hiring::test::HiringWorld hiring_world(db);
  hiring_world.keyring = world.keyring;
  samverkan::test::BankIdFixture bankid_env;
  const auto bankid_client = bankid_env.client();
  hiring::ContractSigning signing(hiring_world.cooperation, hiring_world.keyring, bankid_client.get());
  const ids::Kommunkod lekeberg = hiring::test::kLekeberg;
  auto first = hiring::test::HiringWorld::form(1);
  first.personnummer = samverkan::test::kBertil;
  auto second = hiring::test::HiringWorld::form(2);
  second.personnummer = samverkan::test::kCecilia;
  hiring_world.as(hiring_world.karin, lekeberg,
                  [&](auto& ctx) { hiring_world.service.save_draft(ctx, std::nullopt, first); });
  hiring_world.create(hiring_world.karin, lekeberg, first);
  hiring_world.create(hiring_world.karin, lekeberg, second);
  hiring_world.run_jobs();
  hiring_world.at(lekeberg).desk->deliver_all();
  hiring_world.advance(std::chrono::hours(2));
  const auto letters = hiring_world.letters.letters();
  BOOST_TEST_REQUIRE(letters.size() == 2u);
  const auto token_of = [](const mail::Letter& letter) {
    return letter.body.substr(letter.body.find("/avtal/") + 7, 64);
  };
  const auto as_page = [&](auto&& body) {
    return hiring_world.as(security::Principal::anonymous(), lekeberg, std::forward<decltype(body)>(body));
  };
  const auto signed_order = as_page([&](auto& ctx) { return signing.start(ctx, token_of(letters[0]), "192.0.2.1"); });
  bankid_env.clock.advance(std::chrono::seconds(5));
  BOOST_TEST_REQUIRE((as_page([&](auto& ctx) {
                        return signing.poll(ctx, token_of(letters[0]), signed_order.signing_id);
                      }).state == hiring::SignState::kComplete));
  as_page([&](auto& ctx) { return signing.start(ctx, token_of(letters[1]), "192.0.2.1"); });
  // A citizen's BankID login, left running (its order reference, autostart token, QR secret).
  auth::CitizenLogin citizen_login(db, world.keyring, *bankid_client, world.sessions, bankid_env.clock);
  citizen_login.start("192.0.2.1");
  // A visitor's draft on the hosted pages with a photo, sealed as page_store.cpp seals them.
  {
    const std::string page_session(64, 'a'), member = world.nassjo.str(), service = "felanmalan";
    const std::string answers =
        crypto::encrypt(world.keyring, R"({"address":["Storgatan 1"]})",
                        crypto::associated_data("eservice_page_draft", "answers", {page_session, member, service}));
    const std::string name = crypto::encrypt(
        world.keyring, "hal.png",
        crypto::associated_data("eservice_page_file", "file_name", {page_session, member, service, "photo"}));
    const std::string content = crypto::encrypt(
        world.keyring, "PNG",
        crypto::associated_data("eservice_page_file", "content", {page_session, member, service, "photo"}));
    const std::string now = storage::format_time(SystemClock::instance().now());
    auto lease = db.acquire();
    *lease << "INSERT INTO eservice_page_draft (session_id, municipality, service_id, version, step, answers, bytes, "
              "updated_at) VALUES (:session, :member, :service, 1, 'place', :answers, 40, :now)",
        soci::use(page_session, "session"), soci::use(member, "member"), soci::use(service, "service"),
        soci::use(answers, "answers"), soci::use(now, "now");
    *lease << "INSERT INTO eservice_page_file (session_id, municipality, service_id, field_id, file_name, content, "
              "size_bytes) VALUES (:session, :member, :service, 'photo', :name, :content, 3)",
        soci::use(page_session, "session"), soci::use(member, "member"), soci::use(service, "service"),
        soci::use(name, "name"), soci::use(content, "content");
  }

  // Every registered column holds a value under k1 now, so the rotation below is tested on all.
  const auto registry = server::encrypted_columns();
  for (const auto& table : registry.tables()) {
    for (const auto& column : table.columns) {
      BOOST_TEST(crypto::count_under_key(db, table, column, "k1") > 0u,
                 table.table << "." << column << " holds a value for the test");
    }
  }
  const auto before = values_under_key(db, "k1");
  BOOST_TEST(before.size() >= registry.column_count(), describe(before));

  // The operator appends k2, restarts, and rotates.
  world.keyring = crypto::Keyring::from_keys({world.keyring.keys().front(), crypto::Keyring::generate_key("k2")});
  const auto key_file =
      dir.write_secret("rotation.keys", crypto::Keyring::format_line(world.keyring.keys()[0]) + "\n" +
                                            crypto::Keyring::format_line(world.keyring.keys()[1]) + "\n");
  std::ostringstream out, err;
  BOOST_TEST_REQUIRE(server::run_keys_rotate(url, key_file, 2, out, err) == 0, err.str());
  BOOST_TEST(out.str().find("every encrypted column (35 in 19 tables) is on key k2") != std::string::npos, out.str());

  // Nothing anywhere in the schema is under k1 any more; what was there is now under k2.
  const auto after = values_under_key(db, "k1");
  BOOST_TEST(after.empty(), "still under the retired key: " << describe(after));
  const auto moved = values_under_key(db, "k2");
  BOOST_TEST(describe(moved) == describe(before), "every value moved to k2");

  // And every service reads its data back as it was.
  const auto errand =
      world.as(world.nassjo_handler, world.nassjo, [&](auto& ctx) { return world.submissions.errand(ctx, reference); });
  BOOST_TEST(errand.answers.values.at("child-name").at(0) == "Bertil Andersson");
  BOOST_TEST(errand.answers.attachments.at("certificate").file_name == "läkarintyg.pdf");
  BOOST_TEST(errand.answers.attachments.at("certificate").bytes == minimal_pdf());
  const auto draft =
      world.as(world.bertil, world.nassjo, [&](auto& ctx) { return world.submissions.draft(ctx, "skolskjuts"); });
  BOOST_TEST_REQUIRE(draft.has_value());
  BOOST_TEST(draft->answers.values.at("child-name").at(0) == "Cecilia Andersson");
  const auto notes =
      world.as(world.nassjo_handler, world.nassjo, [&](auto& ctx) { return world.work.notes(ctx, reference); });
  BOOST_TEST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0].body == "Ring skolan om intyget");
  const auto messages =
      world.as(world.nassjo_handler, world.nassjo, [&](auto& ctx) { return world.work.messages(ctx, reference); });
  BOOST_TEST_REQUIRE(messages.size() == 2u);
  BOOST_TEST(messages[0].body == "Vi behöver ett nytt intyg");
  BOOST_TEST(messages[1].body == "Intyget kommer i morgon");
  const auto read_case =
      world.as(world.registrar, world.nassjo, [&](auto& ctx) { return world.cases.get_case(ctx, registered.number); });
  BOOST_TEST_REQUIRE(read_case.parties.size() == 1u);
  BOOST_TEST(read_case.parties[0].name == "Anna Andersson");
  BOOST_TEST(read_case.parties[0].identity == "198112189876");
  const auto documents =
      world.as(world.registrar, world.nassjo, [&](auto& ctx) { return world.cases.documents(ctx, registered.number); });
  BOOST_TEST_REQUIRE(documents.size() == 1u);
  BOOST_TEST(documents[0].counterpart == "Anna Andersson");
  BOOST_TEST(world.as(world.registrar, world.nassjo, [&](auto& ctx) {
    return world.cases.document_content(ctx, registered.number, documents[0].document_number);
  }) == minimal_pdf());
  // The letter, as the delivery worker decrypts it (mailbox_message's associated data).
  {
    auto lease = db.acquire();
    std::string recipient, subject;
    *lease << "SELECT recipient, subject FROM mailbox_message WHERE municipality = :m AND id = :id",
        soci::use(nassjo, "m"), soci::use(accepted.id, "id"), soci::into(recipient), soci::into(subject);
    BOOST_TEST(crypto::decrypt(world.keyring, recipient,
                               crypto::associated_data("mailbox_message", "recipient", {nassjo, accepted.id})) ==
               "191212121212");
    BOOST_TEST(crypto::decrypt(world.keyring, subject,
                               crypto::associated_data("mailbox_message", "subject", {nassjo, accepted.id})) ==
               "Beslut om skolskjuts");
    std::string totp;
    const long long user_id = user.user.id;
    *lease << "SELECT totp_secret FROM staff_user WHERE id = :id", soci::use(user_id, "id"), soci::into(totp);
    const std::string secret = crypto::decrypt(
        world.keyring, totp, crypto::associated_data("staff_user", "totp_secret", {std::to_string(user_id)}));
    BOOST_TEST(user.totp_uri.find("secret=" + secret) != std::string::npos, "the TOTP secret is the one issued");
  }
  const auto resumed = world.sessions.resume(session.token);
  BOOST_TEST_REQUIRE(resumed.has_value());
  BOOST_TEST_REQUIRE(resumed->principal.personnummer().has_value());
  BOOST_TEST(resumed->principal.personnummer()->digits() == "191212121212");
}

}  // namespace samverkan::test
