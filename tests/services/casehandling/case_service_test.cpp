#include "samverkan/casehandling/case_service.hpp"

#include <boost/test/unit_test.hpp>

#include "casehandling_fixture.hpp"
#include "samverkan/casehandling/encrypted_columns.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/key_rotation.hpp"

using namespace samverkan;
using casehandling::CaseNumber;
using casehandling::CaseStatus;
using casehandling::Direction;
using casehandling::PartyKind;
using casehandling::SecrecyLevel;
using test::kAneby;
using test::kEksjo;
using Intent = tenancy::Context::Intent;

namespace {

const std::string kPdf = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";

struct Fixture : test::CasehandlingFixture {
  casehandling::CaseService cases{diary, keyring};

  casehandling::NewCase bygglov() {
    casehandling::NewCase input;
    input.diary = "KS";
    input.title = "Bygglov för förråd på Storgatan 3";
    input.case_type = "bygglov";
    input.handling_unit = "Samhällsbyggnad";
    input.officer = "handler-a";
    input.parties = {{PartyKind::kPerson, "19811218-9876", "Anna Andersson", "sökande"},
                     {PartyKind::kOrganisation, "556677-8899", "Byggbolaget AB", "ombud"}};
    return input;
  }

  casehandling::CaseRecord register_case(const casehandling::NewCase& input) {
    auto ctx = context(aneby_registrar, kAneby);
    auto record = cases.register_case(*ctx, input);
    ctx->commit();
    return record;
  }

  casehandling::NewDocument pdf(SecrecyLevel level = SecrecyLevel::kPublic) {
    casehandling::NewDocument document;
    document.direction = Direction::kIncoming;
    document.title = "Ansökan med ritningar";
    document.counterpart_kind = PartyKind::kPerson;
    document.counterpart = "Anna Andersson";
    document.content_type = "application/pdf";
    document.content = kPdf;
    document.secrecy.level = level;
    if (level != SecrecyLevel::kPublic) document.secrecy.legal_reference = "OSL 26 kap. 1 §";
    if (level == SecrecyLevel::kPartial) document.secrecy.masked_parts = "sökandens hälsouppgifter";
    return document;
  }

  void change(const security::Principal& who, const CaseNumber& number, CaseStatus to) {
    auto ctx = context(who, kAneby);
    cases.change_status(*ctx, number, to);
    ctx->commit();
  }

  std::string raw(const std::string& sql) {
    auto session = db->acquire();
    std::string text;
    soci::indicator indicator = soci::i_ok;
    *session << sql, soci::into(text, indicator);
    return indicator == soci::i_null ? "" : text;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(case_service_test)

BOOST_FIXTURE_TEST_CASE(register_and_read_a_case_with_parties, Fixture) {
  const auto registered = register_case(bygglov());
  BOOST_TEST(registered.number.str() == "KS 2026/1");
  BOOST_TEST(casehandling::to_string(registered.status) == "open");
  BOOST_TEST(registered.registered_on == "2026-11-22");
  BOOST_TEST(registered.registered_by == "staff:registrar-a");
  BOOST_TEST(registered.public_title == registered.title);

  auto ctx = context(aneby_reader, kAneby, Intent::kRead);
  const auto read = cases.get_case(*ctx, registered.number);
  BOOST_TEST(read.title == "Bygglov för förråd på Storgatan 3");
  BOOST_TEST(read.case_type == "bygglov");
  BOOST_TEST(read.handling_unit == "Samhällsbyggnad");
  BOOST_TEST(read.officer == "handler-a");
  BOOST_TEST_REQUIRE(read.parties.size() == 2U);
  BOOST_TEST(read.parties[0].name == "Anna Andersson");
  BOOST_TEST(read.parties[0].identity == "198112189876");
  BOOST_TEST(read.parties[0].role == "sökande");
  BOOST_TEST(read.parties[1].name == "Byggbolaget AB");
  BOOST_TEST(read.parties[1].identity == "5566778899");
  ctx->commit();

  // The private person's name and number are ciphertext in the database; the company is not.
  const std::string name_column = raw("SELECT person_name FROM case_party WHERE ordinal = 1");
  const std::string identity_column = raw("SELECT person_identity FROM case_party WHERE ordinal = 1");
  BOOST_TEST(name_column.rfind("v1.k1.", 0) == 0U);
  BOOST_TEST(name_column.find("Anna") == std::string::npos);
  BOOST_TEST(identity_column.find("9876") == std::string::npos);
  BOOST_TEST(raw("SELECT organisation_name FROM case_party WHERE ordinal = 2") == "Byggbolaget AB");
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'case.read' AND object_id = 'KS 2026/1'") == 1);
}

BOOST_FIXTURE_TEST_CASE(a_person_is_found_by_blind_index_in_any_format, Fixture) {
  register_case(bygglov());
  auto other = bygglov();
  other.parties = {{PartyKind::kPerson, "900101-1239", "Bertil Berg", "klagande"}};
  register_case(other);
  register_case(bygglov());
  auto ctx = context(aneby_handler, kAneby, Intent::kRead);
  const auto found = cases.find_by_personnummer(*ctx, "811218-9876");
  BOOST_TEST_REQUIRE(found.size() == 2U);
  BOOST_TEST(found[0].str() == "KS 2026/1");
  BOOST_TEST(found[1].str() == "KS 2026/3");
  BOOST_TEST(cases.find_by_personnummer(*ctx, "198112189876").size() == 2U);
  BOOST_TEST(cases.find_by_personnummer(*ctx, "19121212-1212").empty());
  BOOST_CHECK_THROW(cases.find_by_personnummer(*ctx, "811218-9875"), InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(registration_refuses_bad_input, Fixture) {
  const auto refuses = [this](const std::function<void(casehandling::NewCase&)>& edit) {
    auto input = bygglov();
    edit(input);
    auto ctx = context(aneby_registrar, kAneby);
    BOOST_CHECK_THROW(cases.register_case(*ctx, input), InvalidInput);
  };
  refuses([](auto& c) { c.title = "  "; });
  refuses([](auto& c) { c.case_type = ""; });
  refuses([](auto& c) { c.diary = "SBN"; });  // Eksjö has SBN, Aneby does not
  refuses([](auto& c) { c.parties[0].identity = "19811218-9875"; });
  refuses([](auto& c) { c.parties[1].identity = "556677-8898"; });
  refuses([](auto& c) { c.parties[0].name = ""; });
  refuses([](auto& c) { c.title_secrecy.level = SecrecyLevel::kSecret; });  // no legal reference
  refuses([](auto& c) { c.title_secrecy = {SecrecyLevel::kPartial, "OSL 26 kap. 1 §", "namn"}; });
  refuses([](auto& c) { c.title_secrecy = {SecrecyLevel::kSecret, "OSL 45 kap. 1 §", ""}; });  // no chapter 45
  refuses([](auto& c) { c.title_secrecy = {SecrecyLevel::kSecret, "enligt lag", ""}; });
  refuses([](auto& c) { c.title = std::string("a\x01") + "b"; });
  refuses([](auto& c) { c.title = "\xC3\x28"; });
  refuses([](auto& c) { c.title = std::string(501, 'x'); });
  // Nothing was registered and no number was taken.
  BOOST_TEST(count("SELECT COUNT(*) FROM diary_case") == 0);
  BOOST_TEST(count("SELECT COUNT(*) FROM diary_number") == 0);
  BOOST_TEST(register_case(bygglov()).number.str() == "KS 2026/1");
}

BOOST_AUTO_TEST_CASE(a_secrecy_provision_names_a_chapter_and_paragraph_of_osl) {
  for (const char* good : {"OSL 26 kap. 1 §", "OSL 1 kap. 1 §", "OSL 44 kap. 12 §", "OSL 18 kap. 8 a §",
                           "OSL 26 kap. 1 § första stycket"}) {
    BOOST_TEST(casehandling::is_osl_reference(good), good);
  }
  for (const char* bad : {"", "OSL", "OSL 26 kap.", "OSL 45 kap. 1 §", "OSL 0 kap. 1 §", "OSL 026 kap. 1 §",
                          "OSL 26 kap. 0 §", "OSL 26 kap. 1", "OSL 26 kap 1 §", "osl 26 kap. 1 §", "OSL 26 kap. 1 §x",
                          "OSL 26 kap. 1 A §", "OSL 100 kap. 1 §", "OSL 26 kap. 1000 §", "Sekretess enligt lag"}) {
    BOOST_TEST(!casehandling::is_osl_reference(bad), bad);
  }
}

BOOST_FIXTURE_TEST_CASE(a_reserved_number_becomes_a_case_once, Fixture) {
  CaseNumber reserved;
  {
    auto ctx = context(aneby_registrar, kAneby);
    reserved = diary.reserve(*ctx, "KS", "expected appeal");
    ctx->commit();
  }
  register_case(bygglov());  // KS 2026/2
  auto input = bygglov();
  input.reserved_number = reserved;
  BOOST_TEST(register_case(input).number.str() == "KS 2026/1");
  {
    auto ctx = context(aneby_registrar, kAneby);
    BOOST_CHECK_THROW(cases.register_case(*ctx, input), Conflict);
  }
  input.diary = "BUN";
  {
    auto ctx = context(aneby_registrar, kAneby);
    BOOST_CHECK_THROW(cases.register_case(*ctx, input), InvalidInput);
  }
  BOOST_TEST(count("SELECT COUNT(*) FROM diary_case") == 2);
}

BOOST_FIXTURE_TEST_CASE(status_moves_only_along_the_allowed_path, Fixture) {
  const auto number = register_case(bygglov()).number;
  {
    auto ctx = context(aneby_handler, kAneby);
    BOOST_CHECK_THROW(cases.change_status(*ctx, number, CaseStatus::kDecided), Conflict);
  }
  change(aneby_handler, number, CaseStatus::kPrepared);
  change(aneby_handler, number, CaseStatus::kOpen);  // sent back for more preparation
  change(aneby_handler, number, CaseStatus::kPrepared);
  change(aneby_handler, number, CaseStatus::kDecided);
  for (auto wrong : {CaseStatus::kOpen, CaseStatus::kPrepared, CaseStatus::kDecided}) {
    auto ctx = context(aneby_handler, kAneby);
    BOOST_CHECK_THROW(cases.change_status(*ctx, number, wrong), Conflict);
  }
  change(aneby_registrar, number, CaseStatus::kClosed);
  for (auto wrong : {CaseStatus::kOpen, CaseStatus::kPrepared, CaseStatus::kDecided, CaseStatus::kClosed}) {
    auto ctx = context(aneby_handler, kAneby);
    BOOST_CHECK_THROW(cases.change_status(*ctx, number, wrong), Conflict);
  }
  auto ctx = context(aneby_reader, kAneby, Intent::kRead);
  BOOST_TEST(casehandling::to_string(cases.get_case(*ctx, number).status) == "closed");
  const auto history = cases.history(*ctx, number);
  std::vector<std::string> details;
  for (const auto& entry : history) details.push_back(entry.action + ": " + entry.detail);
  const std::vector<std::string> expected = {"registered: KS 2026/1",       "status: open -> prepared",
                                             "status: prepared -> open",    "status: open -> prepared",
                                             "status: prepared -> decided", "status: decided -> closed"};
  BOOST_TEST(details == expected, boost::test_tools::per_element());
  BOOST_TEST(history.back().principal == "staff:registrar-a");
  BOOST_CHECK_THROW(casehandling::parse_case_status("archived"), InvalidInput);
}

BOOST_FIXTURE_TEST_CASE(roles_decide_who_does_what_and_outsiders_see_nothing, Fixture) {
  const auto number = register_case(bygglov()).number;
  {
    auto ctx = context(aneby_reader, kAneby);
    BOOST_CHECK_THROW(cases.register_case(*ctx, bygglov()), Forbidden);
  }
  {
    auto ctx = context(aneby_handler, kAneby);
    BOOST_CHECK_THROW(cases.register_case(*ctx, bygglov()), Forbidden);
  }
  {
    auto ctx = context(aneby_reader, kAneby);
    BOOST_CHECK_THROW(cases.change_status(*ctx, number, CaseStatus::kPrepared), Forbidden);
  }
  for (const auto& outsider :
       {eksjo_registrar, security::Principal::anonymous(),
        security::Principal::staff("admin", {{kAneby, {security::Role::kAdministrator}}}, true)}) {
    {
      auto ctx = context(outsider, kAneby, Intent::kRead);
      BOOST_CHECK_THROW(cases.get_case(*ctx, number), Error);
    }
    {
      auto ctx = context(outsider, kAneby);
      BOOST_CHECK_THROW(cases.register_case(*ctx, bygglov()), Error);
    }
  }
  {
    auto ctx = context(eksjo_registrar, kAneby, Intent::kRead);
    BOOST_CHECK_THROW(cases.get_case(*ctx, number), NotFound);
  }
  {
    // In its own municipality Eksjö's registrar finds no such case either.
    auto ctx = context(eksjo_registrar, kEksjo, Intent::kRead);
    BOOST_CHECK_THROW(cases.get_case(*ctx, number), NotFound);
  }
  BOOST_TEST(count("SELECT COUNT(*) FROM diary_case") == 1);
  BOOST_TEST(!audit::AuditLog::verify(*db, kAneby).first_break.has_value());
}

BOOST_FIXTURE_TEST_CASE(cases_link_both_ways, Fixture) {
  const auto first = register_case(bygglov()).number;
  const auto second = register_case(bygglov()).number;
  {
    auto ctx = context(aneby_handler, kAneby);
    cases.link(*ctx, first, second, "överklagande av beslutet");
    ctx->commit();
  }
  {
    auto ctx = context(aneby_handler, kAneby);
    BOOST_CHECK_THROW(cases.link(*ctx, second, first, "again"), Conflict);
  }
  {
    auto ctx = context(aneby_handler, kAneby);
    BOOST_CHECK_THROW(cases.link(*ctx, first, first, ""), Conflict);
  }
  {
    auto ctx = context(aneby_handler, kAneby);
    BOOST_CHECK_THROW(cases.link(*ctx, first, CaseNumber::parse("KS 2026/9"), ""), NotFound);
  }
  auto ctx = context(aneby_reader, kAneby, Intent::kRead);
  const auto a = cases.get_case(*ctx, first);
  const auto b = cases.get_case(*ctx, second);
  BOOST_TEST_REQUIRE(a.links.size() == 1U);
  BOOST_TEST(a.links[0].other.str() == "KS 2026/2");
  BOOST_TEST(a.links[0].note == "överklagande av beslutet");
  BOOST_TEST_REQUIRE(b.links.size() == 1U);
  BOOST_TEST(b.links[0].other.str() == "KS 2026/1");
  BOOST_TEST(cases.history(*ctx, second).back().detail == "KS 2026/1");
}

BOOST_FIXTURE_TEST_CASE(documents_are_checked_numbered_and_encrypted, Fixture) {
  const auto number = register_case(bygglov()).number;
  {
    auto ctx = context(aneby_registrar, kAneby);
    const auto first = cases.add_document(*ctx, number, pdf());
    BOOST_TEST(first.document_number == 1);
    BOOST_TEST(first.content_size == kPdf.size());
    BOOST_TEST(first.content_sha256.size() == 64U);
    auto letter = pdf();
    letter.direction = Direction::kOutgoing;
    letter.title = "Föreläggande om komplettering";
    letter.registered_on = "2026-11-20";
    letter.content_type = "text/plain";
    letter.content = "Hej! Komplettera ansökan med en situationsplan, tack.";
    BOOST_TEST(cases.add_document(*ctx, number, letter).document_number == 2);
    ctx->commit();
  }
  const auto refuses = [&](const std::function<void(casehandling::NewDocument&)>& edit, ErrorKind kind) {
    auto document = pdf();
    edit(document);
    auto ctx = context(aneby_registrar, kAneby);
    try {
      cases.add_document(*ctx, number, document);
      BOOST_ERROR("accepted a bad document");
    } catch (const Error& e) {
      BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(kind), e.what());
    }
  };
  refuses([](auto& d) { d.content = std::string("\x89PNG\r\n\x1a\n", 8) + "rest"; }, ErrorKind::kInvalidInput);
  refuses(
      [](auto& d) {
        d.content_type = "application/x-msdownload";
        d.content = "MZ";
      },
      ErrorKind::kInvalidInput);
  refuses(
      [](auto& d) {
        d.content_type = "text/plain";
        d.content = std::string("a\0b", 3);
      },
      ErrorKind::kInvalidInput);
  refuses([](auto& d) { d.content = ""; }, ErrorKind::kInvalidInput);
  refuses([](auto& d) { d.content = "%PDF-" + std::string(casehandling::kMaxDocumentBytes, 'x'); },
          ErrorKind::kTooLarge);
  refuses([](auto& d) { d.secrecy.level = SecrecyLevel::kSecret; }, ErrorKind::kInvalidInput);
  refuses([](auto& d) { d.secrecy = {SecrecyLevel::kPartial, "OSL 26 kap. 1 §", ""}; }, ErrorKind::kInvalidInput);
  refuses([](auto& d) { d.secrecy = {SecrecyLevel::kSecret, "OSL 0 kap. 1 §", ""}; }, ErrorKind::kInvalidInput);
  refuses([](auto& d) { d.registered_on = "2026-13-01"; }, ErrorKind::kInvalidInput);
  refuses([](auto& d) { d.direction = Direction::kDrawnUp; }, ErrorKind::kInvalidInput);  // has a sender
  refuses([](auto& d) { d.counterpart = ""; }, ErrorKind::kInvalidInput);

  // Neither the content nor the private sender is stored in clear.
  BOOST_TEST(raw("SELECT content FROM case_document WHERE document_number = 1").find("%PDF") == std::string::npos);
  BOOST_TEST(raw("SELECT counterpart_person FROM case_document WHERE document_number = 1").find("Anna") ==
             std::string::npos);

  auto ctx = context(aneby_reader, kAneby, Intent::kRead);
  const auto listed = cases.documents(*ctx, number);
  BOOST_TEST_REQUIRE(listed.size() == 2U);
  BOOST_TEST(listed[0].counterpart == "Anna Andersson");
  BOOST_TEST(casehandling::to_string(listed[0].direction) == "incoming");
  BOOST_TEST(listed[0].registered_on == "2026-11-22");
  BOOST_TEST(listed[1].registered_on == "2026-11-20");
  BOOST_TEST(casehandling::to_string(listed[1].direction) == "outgoing");
  BOOST_TEST(cases.document_content(*ctx, number, 1) == kPdf);
  BOOST_CHECK_THROW(cases.document_content(*ctx, number, 3), NotFound);
}

BOOST_FIXTURE_TEST_CASE(secret_contents_need_the_secrecy_permission, Fixture) {
  const auto number = register_case(bygglov()).number;
  {
    auto ctx = context(aneby_registrar, kAneby);
    cases.add_document(*ctx, number, pdf(SecrecyLevel::kSecret));
    cases.add_document(*ctx, number, pdf(SecrecyLevel::kPartial));
    ctx->commit();
  }
  for (int document : {1, 2}) {
    auto ctx = context(aneby_reader, kAneby, Intent::kRead);
    BOOST_CHECK_THROW(cases.document_content(*ctx, number, document), Forbidden);
  }
  {
    auto ctx = context(eksjo_registrar, kAneby, Intent::kRead);
    BOOST_CHECK_THROW(cases.document_content(*ctx, number, 1), NotFound);
  }
  auto ctx = context(aneby_handler, kAneby, Intent::kRead);
  BOOST_TEST(cases.document_content(*ctx, number, 1) == kPdf);
  const auto listed = cases.documents(*ctx, number);
  BOOST_TEST(listed[0].public_title == "Sekretess (OSL 26 kap. 1 §)");
  BOOST_TEST(listed[0].title == "Ansökan med ritningar");
  BOOST_TEST(listed[1].public_title == "Ansökan med ritningar");
  BOOST_TEST(listed[1].secrecy.masked_parts == "sökandens hälsouppgifter");
  ctx->commit();
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'document.read-secret' AND outcome = 'refused'") ==
             2);
}

// A secret title and a secret document's title and private sender are for those entitled to
// secret material; a reader (like an API client) sees them as the public register does.
BOOST_FIXTURE_TEST_CASE(secret_titles_and_senders_are_masked_for_those_not_entitled, Fixture) {
  auto input = bygglov();
  input.title = "Omsorg om Anna Andersson";
  input.title_secrecy = {SecrecyLevel::kSecret, "OSL 26 kap. 1 §", ""};
  const auto number = register_case(input).number;
  {
    auto ctx = context(aneby_registrar, kAneby);
    cases.add_document(*ctx, number, pdf(SecrecyLevel::kSecret));
    cases.add_document(*ctx, number, pdf(SecrecyLevel::kPartial));
    cases.add_document(*ctx, number, pdf());
    ctx->commit();
  }
  {
    auto ctx = context(aneby_reader, kAneby, Intent::kRead);
    const auto read = cases.get_case(*ctx, number);
    BOOST_TEST(read.title == "Sekretess (OSL 26 kap. 1 §)");
    const auto listed = cases.documents(*ctx, number);
    BOOST_TEST_REQUIRE(listed.size() == 3U);
    BOOST_TEST(listed[0].title == "Sekretess (OSL 26 kap. 1 §)");
    BOOST_TEST(listed[0].counterpart == "(privatperson)");
    // A partly secret document keeps its title (only parts of its content are masked); a
    // public one is shown as it is.
    BOOST_TEST(listed[1].title == "Ansökan med ritningar");
    BOOST_TEST(listed[1].counterpart == "Anna Andersson");
    BOOST_TEST(listed[2].counterpart == "Anna Andersson");
    ctx->commit();
  }
  auto ctx = context(aneby_handler, kAneby, Intent::kRead);
  BOOST_TEST(cases.get_case(*ctx, number).title == "Omsorg om Anna Andersson");
  const auto listed = cases.documents(*ctx, number);
  BOOST_TEST(listed[0].title == "Ansökan med ritningar");
  BOOST_TEST(listed[0].counterpart == "Anna Andersson");
  ctx->commit();
}

BOOST_FIXTURE_TEST_CASE(a_closed_case_takes_no_documents, Fixture) {
  const auto number = register_case(bygglov()).number;
  change(aneby_handler, number, CaseStatus::kPrepared);
  change(aneby_handler, number, CaseStatus::kDecided);
  change(aneby_handler, number, CaseStatus::kClosed);
  auto ctx = context(aneby_registrar, kAneby);
  BOOST_CHECK_THROW(cases.add_document(*ctx, number, pdf()), Conflict);
}

BOOST_FIXTURE_TEST_CASE(personal_data_survives_key_rotation, Fixture) {
  const auto number = register_case(bygglov()).number;
  {
    auto ctx = context(aneby_registrar, kAneby);
    cases.add_document(*ctx, number, pdf(SecrecyLevel::kSecret));
    ctx->commit();
  }
  // A second key becomes the active one; `samverkan keys rotate` re-encrypts with it.
  keyring = crypto::Keyring::from_keys({keyring.keys().front(), crypto::Keyring::generate_key("k2")});
  crypto::EncryptedColumns columns;
  casehandling::register_encrypted_columns(columns);
  BOOST_TEST(columns.column_count() == 4U);
  for (const auto& table : columns.tables()) {
    for (const auto& column : table.columns) {
      BOOST_TEST(crypto::count_pending(*db, keyring, table, column) > 0U, table.table << "." << column);
      const auto progress = crypto::rotate_column(*db, keyring, table, column, 2);
      BOOST_TEST(progress.complete);
      BOOST_TEST(crypto::count_pending(*db, keyring, table, column) == 0U);
    }
  }
  BOOST_TEST(raw("SELECT person_name FROM case_party WHERE ordinal = 1").rfind("v1.k2.", 0) == 0U);
  auto ctx = context(aneby_handler, kAneby, Intent::kRead);
  const auto read = cases.get_case(*ctx, number);
  BOOST_TEST(read.parties[0].name == "Anna Andersson");
  BOOST_TEST(read.parties[0].identity == "198112189876");
  BOOST_TEST(cases.documents(*ctx, number)[0].counterpart == "Anna Andersson");
  BOOST_TEST(cases.document_content(*ctx, number, 1) == kPdf);
  BOOST_TEST(cases.find_by_personnummer(*ctx, "811218-9876").size() == 1U, "blind indexes do not change");
}

BOOST_AUTO_TEST_SUITE_END()
