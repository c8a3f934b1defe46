// The public register on PostgreSQL: full-text search with the swedish configuration, and the
// secrecy check over many random cases.
#include <boost/test/unit_test.hpp>

#include "public_register_checks.hpp"

using namespace samverkan;
using casehandling::RegisterQuery;
using test::kAneby;

namespace {

struct Fixture : test::CasehandlingFixture {
  Fixture() : test::CasehandlingFixture(Backend::kPostgresql) {}
  casehandling::CaseService cases{diary, keyring};
  casehandling::PublicRegister public_register{boards};

  void add(const std::string& title) {
    casehandling::NewCase input;
    input.diary = "KS";
    input.title = title;
    input.case_type = "ärende";
    auto ctx = context(aneby_registrar, kAneby);
    cases.register_case(*ctx, input);
    ctx->commit();
  }

  std::vector<std::string> titles(const std::string& words) {
    RegisterQuery query;
    query.words = words;
    auto ctx = context(security::Principal::anonymous(), kAneby, tenancy::Context::Intent::kRead);
    std::vector<std::string> out;
    for (const auto& c : public_register.search(*ctx, query)) out.push_back(c.title);
    return out;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(public_register_pgtest)

BOOST_FIXTURE_TEST_CASE(swedish_full_text_search_stems_words, Fixture) {
  add("Ansökan om bygglov för garage");
  add("Detaljplaner för centrala Aneby");
  add("Medborgarförslag om fler cykelbanor");
  BOOST_TEST(titles("bygglovens") == std::vector<std::string>{"Ansökan om bygglov för garage"});
  BOOST_TEST(titles("garagen") == std::vector<std::string>{"Ansökan om bygglov för garage"});
  BOOST_TEST(titles("detaljplan") == std::vector<std::string>{"Detaljplaner för centrala Aneby"});
  BOOST_TEST(titles("cykelbana") == std::vector<std::string>{"Medborgarförslag om fler cykelbanor"});
  BOOST_TEST(titles("garage cykelbanor").empty(), "every word must match");
  BOOST_TEST(titles("om").empty(), "a stop word alone finds nothing");
  BOOST_TEST(titles("").size() == 3U);
}

BOOST_FIXTURE_TEST_CASE(secrecy_never_leaks_into_the_public_register, Fixture) {
  const auto world = test::fill_with_random_secrecy(*this, cases, 150);
  test::check_public_register_never_leaks(*this, public_register, world);
}

BOOST_AUTO_TEST_SUITE_END()
