// The employment contract: drawn up from the member's template as a PDF, registered in the
// member's diary, sent as a letter with the signing link, signed by the employee with BankID
// (the simulator over mutual TLS) on the hosted page's service; a diary that is down is retried
// without registering twice, a refusal fails the contract, a protected identity is registered
// secret and never gets an address on the letter; the evidence is kept encrypted and registered.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Parser.h>

#include <regex>

#include "hiring_fixture.hpp"
#include "libcore/bankid/bankid_fixture.hpp"
#include "libcore/pdf/pdf_text.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/hiring/contract.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
using namespace samverkan::hiring;
using namespace samverkan::hiring::test;

namespace {

struct Fixture : SqliteDatabase, HiringWorld {
  Fixture() : HiringWorld(*SqliteDatabase::db) {}

  /// The token of the letter's signing link.
  static std::string token_of(const mail::Letter& letter) {
    static const std::regex link(R"(https://samverkan\.test/anstallning/(\d{4})/avtal/([0-9a-f]{64}))");
    std::smatch m;
    BOOST_TEST_REQUIRE(std::regex_search(letter.body, m, link), letter.body);
    return m[2];
  }

  template <typename Body>
  auto on_page(const ids::Kommunkod& where, Body&& body) {
    return as(security::Principal::anonymous(), where, std::forward<Body>(body));
  }

  /// COUNT(*) of `sql` with :value bound.
  long long count_with(const std::string& sql, const std::string& value) {
    auto session = HiringWorld::db.acquire();
    long long n = 0;
    *session << sql, soci::use(value, "value"), soci::into(n);
    return n;
  }

  std::string audit_actions(const std::string& hire_id) {
    std::string out;
    auto session = HiringWorld::db.acquire();
    soci::rowset<soci::row> rows =
        (session->prepare << "SELECT action FROM audit_entry WHERE object_id = :id ORDER BY id",
         soci::use(hire_id, "id"));
    for (const auto& row : rows) out += row.get<std::string>(0) + " ";
    return out;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hiring_contract_test)

BOOST_FIXTURE_TEST_CASE(the_contract_is_drawn_up_registered_and_sent_with_its_signing_link, Fixture) {
  auto f = form(1);
  f.street = "Storgatan 1";
  f.postal_code = "716 30";
  f.city = "Fjugesta";
  f.other_terms = "Provanställning i sex månader.";
  const Hire hire = create(karin, kLekeberg, f);
  run_jobs();
  const Hire after = get(hire.id);
  BOOST_TEST(to_string(after.contract.state) == "sent");

  // The diary: one new case on the template's board with the PDF, open (no protected identity).
  const auto documents = at(kLekeberg).diary->registered();
  BOOST_TEST_REQUIRE(documents.size() == 1u);
  const auto& d = documents.front();
  BOOST_TEST(d.board == "KS");
  BOOST_TEST(d.case_type == "Anställningsavtal");
  BOOST_TEST(!d.secret);
  BOOST_TEST(!d.existing_case.has_value());
  BOOST_TEST(d.title.find("Andersson") == std::string::npos, "no name in the case's title: " + d.title);
  BOOST_TEST(d.title.find(hire.id) != std::string::npos);
  BOOST_TEST_REQUIRE(d.files.size() == 1u);
  const std::string& pdf = d.files.front().content;
  BOOST_TEST(pdf.rfind("%PDF-", 0) == 0u);
  BOOST_TEST(crypto::sha256_hex(pdf) == after.contract.sha256);
  BOOST_TEST(after.contract.case_number == "KS 2026/1");

  // The PDF: the parties, the facts and the template's clauses with the placeholders filled in.
  const std::string text = samverkan::test::pdf_to_text(pdf);
  for (const char* expected :
       {"Anställningsavtal", "Lekebergs kommun", "Anna Andersson", "Undersköterska", "2026-08-17",
        "Månadslön 31500 kronor vid sysselsättningsgrad 100 procent", "Provanställning i sex månader."}) {
    BOOST_TEST(text.find(expected) != std::string::npos, "the contract says " << expected << ":\n" << text);
  }
  BOOST_TEST(text.find("{{") == std::string::npos, "no placeholder is left");

  // The letter: to the person, with the PDF, the link, the checksum, the case and the address.
  const auto sent_letters = this->letters.letters();
  BOOST_TEST_REQUIRE(sent_letters.size() == 1u);
  const auto& letter = sent_letters.front();
  BOOST_TEST(letter.recipient == hire.personnummer);
  BOOST_TEST(!letter.protected_identity);
  BOOST_TEST_REQUIRE(letter.attachments.size() == 1u);
  BOOST_TEST((letter.attachments.front().content == pdf));
  BOOST_TEST(letter.body.find(after.contract.sha256) != std::string::npos);
  BOOST_TEST(letter.case_number.value_or("") == "KS 2026/1");
  BOOST_TEST_REQUIRE(letter.postal_address.has_value());
  BOOST_TEST(letter.postal_address->city == "Fjugesta");
  const std::string token = token_of(letter);
  BOOST_TEST(count_with("SELECT COUNT(*) FROM hiring_contract WHERE link_hash = :value", crypto::sha256_hex(token)) ==
             1);
  BOOST_TEST(count_with("SELECT COUNT(*) FROM hiring_contract WHERE link_token LIKE '%' || :value || '%'", token) == 0,
             "the token is stored encrypted");
  const std::string actions = audit_actions(hire.id);
  for (const char* action : {"hire.contract-drawn-up", "hire.contract-registered", "hire.contract-sent"}) {
    BOOST_TEST(actions.find(action) != std::string::npos, actions);
  }

  // The page's view names no person.
  const ContractView view =
      on_page(kLekeberg, [&](auto& ctx) { return ContractSigning(cooperation, keyring, nullptr).view(ctx, token); });
  BOOST_TEST(view.hire_id == hire.id);
  BOOST_TEST(view.sha256 == after.contract.sha256);
  BOOST_TEST(view.member_name == "Lekebergs kommun");

  // Running the jobs again changes nothing: one case, one letter.
  advance(std::chrono::hours(1));
  BOOST_TEST(at(kLekeberg).diary->registered().size() == 1u);
  BOOST_TEST(this->letters.letters().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_protected_identity_is_registered_secret_and_gets_no_address, Fixture) {
  auto f = form(2);
  f.protected_identity = true;
  f.street = "Hemliga vägen 1";
  f.postal_code = "716 30";
  f.city = "Fjugesta";
  const Hire hire = create(karin, kLekeberg, f);
  run_jobs();
  const auto documents = at(kLekeberg).diary->registered();
  BOOST_TEST_REQUIRE(documents.size() == 1u);
  BOOST_TEST(documents.front().secret);
  BOOST_TEST(documents.front().secrecy_reference == "OSL 39 kap. 3 §");
  const auto sent_letters = this->letters.letters();
  BOOST_TEST_REQUIRE(sent_letters.size() == 1u);
  BOOST_TEST(sent_letters.front().protected_identity);
  BOOST_TEST(!sent_letters.front().postal_address.has_value(), "never an address for a protected identity");
  BOOST_TEST(to_string(get(hire.id).contract.state) == "sent");
}

BOOST_FIXTURE_TEST_CASE(a_diary_that_is_down_is_retried_and_registers_once, Fixture) {
  at(kLekeberg).diary->down = true;
  const Hire hire = create(karin, kLekeberg, form(3));
  run_jobs();
  BOOST_TEST(to_string(get(hire.id).contract.state) == "drawn-up", "waits for the diary");
  BOOST_TEST(letters.letters().empty());
  const std::string sha = get(hire.id).contract.sha256;
  at(kLekeberg).diary->down = false;
  advance(std::chrono::minutes(5));
  const Hire after = get(hire.id);
  BOOST_TEST(to_string(after.contract.state) == "sent");
  BOOST_TEST(after.contract.sha256 == sha, "the PDF drawn up once is the one sent");
  BOOST_TEST(at(kLekeberg).diary->registered().size() == 1u);
  BOOST_TEST(letters.letters().size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_refusing_diary_fails_the_contract_with_its_reason, Fixture) {
  at(kLekeberg).diary->refuse = true;
  const Hire hire = create(karin, kLekeberg, form(4));
  run_jobs();
  BOOST_TEST(to_string(get(hire.id).contract.state) == "failed");
  BOOST_TEST(letters.letters().empty());
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_contract WHERE failure LIKE '%no board KS%'") == 1);
  BOOST_TEST(audit_actions(hire.id).find("hire.contract-failed") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(the_employee_signs_with_bankid_and_the_evidence_is_registered, Fixture) {
  samverkan::test::BankIdFixture bankid_env;
  const auto client = bankid_env.client();
  ContractSigning signing(cooperation, keyring, client.get());
  auto f = form(5);
  f.personnummer = samverkan::test::kBertil;
  const Hire hire = create(karin, kLekeberg, f);
  run_jobs();
  const std::string token = token_of(letters.letters().front());

  const SignStarted started = on_page(kLekeberg, [&](auto& ctx) { return signing.start(ctx, token, "192.0.2.10"); });
  BOOST_TEST(started.qr.rfind("bankid.", 0) == 0u);
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_bankid_order WHERE order_ref <> ''") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_bankid_order WHERE LENGTH(qr_start_secret) > 64") == 1,
             "the QR secret (64 hex characters) is stored encrypted");
  // Another contract's link cannot collect this order.
  const Hire other = create(karin, kLekeberg, form(6));
  run_jobs();
  const std::string other_token = token_of(letters.letters().back());
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return signing.poll(ctx, other_token, started.signing_id); }),
                    NotFound);
  // Nor another municipality's page.
  BOOST_CHECK_THROW(on_page(kAskersund, [&](auto& ctx) { return signing.poll(ctx, token, started.signing_id); }),
                    NotFound);

  const SignProgress pending =
      on_page(kLekeberg, [&](auto& ctx) { return signing.poll(ctx, token, started.signing_id); });
  BOOST_TEST((pending.state == SignState::kPending));
  BOOST_TEST(pending.qr.rfind("bankid.", 0) == 0u);
  BOOST_TEST(!pending.message.empty());

  bankid_env.clock.advance(std::chrono::seconds(5));
  const SignProgress done = on_page(kLekeberg, [&](auto& ctx) { return signing.poll(ctx, token, started.signing_id); });
  BOOST_TEST_REQUIRE((done.state == SignState::kComplete));
  const Hire after = get(hire.id);
  BOOST_TEST(to_string(after.contract.state) == "signed");
  BOOST_TEST(after.contract.signed_at.has_value());
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_bankid_order") == 0, "the order is closed");
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_contract WHERE evidence LIKE '%signature%'") == 0,
             "the evidence is stored encrypted");

  // The evidence is registered in the contract's case.
  run_jobs();
  const auto documents = at(kLekeberg).diary->registered();
  const auto evidence = std::find_if(documents.begin(), documents.end(),
                                     [](const auto& d) { return d.title.find("Underskrift") != std::string::npos; });
  BOOST_TEST_REQUIRE((evidence != documents.end()));
  BOOST_TEST(evidence->existing_case.value_or("") == after.contract.case_number);
  BOOST_TEST_REQUIRE(evidence->files.size() == 1u);
  const auto json = Poco::JSON::Parser().parse(evidence->files.front().content).extract<Poco::JSON::Object::Ptr>();
  BOOST_TEST(json->getValue<std::string>("sha256") == after.contract.sha256);
  BOOST_TEST(json->getValue<std::string>("personalNumber") == samverkan::test::kBertil);
  BOOST_TEST(!json->getValue<std::string>("signature").empty());
  BOOST_TEST(!json->getValue<std::string>("ocspResponse").empty());
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_contract WHERE evidence_registration IS NOT NULL") == 1);
  const std::string actions = audit_actions(hire.id);
  for (const char* action : {"hire.contract-sign-start", "hire.contract-signed", "hire.contract-evidence-registered"}) {
    BOOST_TEST(actions.find(action) != std::string::npos, actions);
  }

  // Signed is signed: a new start is refused.
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return signing.start(ctx, token, "192.0.2.10"); }), Conflict);
  (void)other;
}

BOOST_FIXTURE_TEST_CASE(a_cancelled_or_failed_signature_leaves_the_contract_to_sign, Fixture) {
  samverkan::test::BankIdFixture bankid_env;
  const auto client = bankid_env.client();
  ContractSigning signing(cooperation, keyring, client.get());
  auto f = form(7);
  f.personnummer = samverkan::test::kCecilia;
  const Hire hire = create(karin, kLekeberg, f);
  run_jobs();
  const std::string token = token_of(letters.letters().front());

  // Cancelled on the page.
  const SignStarted first = on_page(kLekeberg, [&](auto& ctx) { return signing.start(ctx, token, "192.0.2.10"); });
  on_page(kLekeberg, [&](auto& ctx) { signing.cancel(ctx, token, first.signing_id); });
  BOOST_TEST(count("SELECT COUNT(*) FROM hiring_bankid_order") == 0);
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return signing.poll(ctx, token, first.signing_id); }),
                    NotFound);

  // Cancelled in the app.
  bankid_env.simulator->set_scenario(samverkan::test::person(samverkan::test::kCecilia),
                                     bankid_simulator::Scenario::fail("userCancel", std::chrono::seconds(2)));
  const SignStarted second = on_page(kLekeberg, [&](auto& ctx) { return signing.start(ctx, token, "192.0.2.10"); });
  bankid_env.clock.advance(std::chrono::seconds(3));
  const SignProgress failed =
      on_page(kLekeberg, [&](auto& ctx) { return signing.poll(ctx, token, second.signing_id); });
  BOOST_TEST((failed.state == SignState::kFailed));
  BOOST_TEST(failed.hint_code == "userCancel");
  BOOST_TEST(!failed.message.empty());
  BOOST_TEST(to_string(get(hire.id).contract.state) == "sent", "still to be signed");
  BOOST_TEST(audit_actions(hire.id).find("hire.contract-sign-failed") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_wrong_link_or_an_unsent_contract_cannot_be_signed, Fixture) {
  samverkan::test::BankIdFixture bankid_env;
  const auto client = bankid_env.client();
  ContractSigning signing(cooperation, keyring, client.get());
  const std::string unknown(64, 'a');
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return signing.view(ctx, unknown); }), NotFound);
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return signing.view(ctx, "../../etc/passwd"); }), NotFound);
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return signing.start(ctx, unknown, "192.0.2.10"); }), NotFound);
  // A contract waiting for the diary is not ready to sign.
  at(kLekeberg).diary->down = true;
  create(karin, kLekeberg, form(8));
  run_jobs();
  const std::string token = on_page(kLekeberg, [&](auto& ctx) {
    auto session = HiringWorld::db.acquire();
    (void)ctx;
    return std::string();
  });
  (void)token;
  BOOST_TEST(letters.letters().empty());
  // Without BankID configured the page says so.
  ContractSigning without(cooperation, keyring, nullptr);
  BOOST_CHECK_THROW(on_page(kLekeberg, [&](auto& ctx) { return without.start(ctx, unknown, "192.0.2.10"); }),
                    Unavailable);
}

BOOST_FIXTURE_TEST_CASE(staff_read_the_contract_pdf_only_where_they_see_the_hire, Fixture) {
  const Hire hire = create(karin, kLekeberg, form(9));
  run_jobs();
  const std::string pdf = as(karin, kLekeberg, [&](auto& ctx) { return service.contract_pdf(ctx, hire.id); });
  BOOST_TEST(crypto::sha256_hex(pdf) == get(hire.id).contract.sha256);
  // Olle manages another unit; Åsa is in another municipality.
  BOOST_CHECK_THROW(as(olle, kLekeberg, [&](auto& ctx) { return service.contract_pdf(ctx, hire.id); }), NotFound);
  BOOST_CHECK_THROW(as(asa, kAskersund, [&](auto& ctx) { return service.contract_pdf(ctx, hire.id); }), NotFound);
  BOOST_TEST(audit_actions(hire.id).find("hire.contract-read") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
