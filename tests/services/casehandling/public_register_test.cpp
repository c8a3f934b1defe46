#include "samverkan/casehandling/public_register.hpp"

#include <boost/test/unit_test.hpp>

#include "public_register_checks.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using casehandling::PartyKind;
using casehandling::RegisterQuery;
using casehandling::SecrecyLevel;
using test::kAneby;
using test::kEksjo;

namespace {

struct Fixture : test::CasehandlingFixture {
  casehandling::CaseService cases{diary, keyring};
  casehandling::PublicRegister public_register{boards};

  casehandling::CaseNumber add(const ids::Kommunkod& where, const std::string& diary_prefix, const std::string& title,
                               const std::string& document_title = "") {
    casehandling::NewCase input;
    input.diary = diary_prefix;
    input.title = title;
    input.case_type = "ärende";
    input.parties = {{PartyKind::kPerson, "19121212-1212", "Tolvan Tolvansson", "sökande"},
                     {PartyKind::kOrganisation, "556677-8899", "Byggbolaget AB", "ombud"}};
    auto ctx = context(where == kAneby ? aneby_registrar : eksjo_registrar, where);
    const auto number = cases.register_case(*ctx, input).number;
    if (!document_title.empty()) {
      casehandling::NewDocument document;
      document.title = document_title;
      document.content_type = "text/plain";
      document.content = "text";
      document.counterpart_kind = PartyKind::kPerson;
      document.counterpart = "Tolvan Tolvansson";
      cases.add_document(*ctx, number, document);
    }
    ctx->commit();
    return number;
  }

  std::vector<casehandling::PublicCase> search(const RegisterQuery& query, const ids::Kommunkod& where = kAneby) {
    auto ctx = context(security::Principal::anonymous(), where, tenancy::Context::Intent::kRead);
    return public_register.search(*ctx, query);
  }

  std::vector<std::string> numbers(const RegisterQuery& query) {
    std::vector<std::string> out;
    for (const auto& c : search(query)) out.push_back(c.number.str());
    return out;
  }
};

RegisterQuery words(std::string text) {
  RegisterQuery query;
  query.words = std::move(text);
  return query;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(public_register_test)

BOOST_FIXTURE_TEST_CASE(search_by_words_number_board_and_dates, Fixture) {
  add(kAneby, "KS", "Bygglov för förråd på Storgatan 3");  // KS 2026/1
  clock.advance(std::chrono::hours(48));
  add(kAneby, "BUN", "Skolskjuts till Ängsskolan", "Överklagande av skolskjutsbeslut");  // BUN 2026/1
  add(kAneby, "KS", "Detaljplan för ÅSBO industriområde");                               // KS 2026/2
  add(kEksjo, "KS", "Bygglov i Eksjö");

  BOOST_TEST(numbers(words("bygglov")) == std::vector<std::string>{"KS 2026/1"});
  BOOST_TEST(numbers(words("BYGGLOV storgatan")) == std::vector<std::string>{"KS 2026/1"});
  BOOST_TEST(numbers(words("bygglov ängsskolan")).empty(), "every word must match");
  BOOST_TEST(numbers(words("åsbo")) == std::vector<std::string>{"KS 2026/2"}, "Swedish letters fold to lower case");
  BOOST_TEST(numbers(words("ängsskolan")) == std::vector<std::string>{"BUN 2026/1"});
  BOOST_TEST(numbers(words("överklagande")) == std::vector<std::string>{"BUN 2026/1"}, "a document's title");
  BOOST_TEST(numbers(words("100%")).empty());
  BOOST_TEST(numbers(words("_")).empty(), "LIKE wildcards are literal");

  RegisterQuery by_number;
  by_number.number = casehandling::CaseNumber::parse("BUN 2026/1");
  const auto found = search(by_number);
  BOOST_TEST_REQUIRE(found.size() == 1U);
  BOOST_TEST(found[0].board_name == "Barn- och utbildningsnämnden");
  BOOST_TEST(found[0].registered_on == "2026-11-24");
  BOOST_TEST(found[0].status == "open");
  BOOST_TEST_REQUIRE(found[0].parties.size() == 2U);
  BOOST_TEST(found[0].parties[0].name == "(privatperson)");
  BOOST_TEST(found[0].parties[1].name == "Byggbolaget AB");
  BOOST_TEST_REQUIRE(found[0].documents.size() == 1U);
  BOOST_TEST(found[0].documents[0].counterpart == "(privatperson)");
  BOOST_TEST(found[0].documents[0].title == "Överklagande av skolskjutsbeslut");

  RegisterQuery ks;
  ks.board = "KS";
  BOOST_TEST(numbers(ks) == (std::vector<std::string>{"KS 2026/2", "KS 2026/1"}), "newest first");
  RegisterQuery later;
  later.registered_from = "2026-11-23";
  BOOST_TEST(numbers(later) == (std::vector<std::string>{"KS 2026/2", "BUN 2026/1"}));
  RegisterQuery earlier;
  earlier.registered_to = "2026-11-22";
  BOOST_TEST(numbers(earlier) == std::vector<std::string>{"KS 2026/1"});
  RegisterQuery page;
  page.limit = 1;
  page.offset = 1;
  BOOST_TEST(numbers(page) == std::vector<std::string>{"BUN 2026/1"});
  BOOST_TEST(search(words("bygglov"), kEksjo).size() == 1U, "each municipality its own register");
  BOOST_TEST(search(words("storgatan"), kEksjo).empty());
}

BOOST_FIXTURE_TEST_CASE(bad_queries_are_refused, Fixture) {
  const auto refused = [this](const std::function<void(RegisterQuery&)>& edit) {
    RegisterQuery query;
    edit(query);
    BOOST_CHECK_THROW(search(query), InvalidInput);
  };
  refused([](auto& q) { q.limit = 0; });
  refused([](auto& q) { q.limit = 201; });
  refused([](auto& q) { q.board = "SBN"; });
  refused([](auto& q) { q.registered_from = "2026-02-30"; });
  refused([](auto& q) { q.registered_to = "yesterday"; });
  refused([](auto& q) { q.words = "a b c d e f g h i"; });
  refused([](auto& q) { q.words = std::string(201, 'a'); });
}

BOOST_FIXTURE_TEST_CASE(secrecy_never_leaks_into_the_public_register, Fixture) {
  const auto world = test::fill_with_random_secrecy(*this, cases, 150);
  BOOST_TEST_MESSAGE(world.numbers.size() << " cases, " << world.secret_titles << " secret titles, "
                                          << world.secret_documents << " secret documents");
  test::check_public_register_never_leaks(*this, public_register, world);
}

BOOST_AUTO_TEST_SUITE_END()
