// The public register's word search uses the GIN indexes of migration 2004 on PostgreSQL: with
// enough rows for the planner to care, the plan of the very statement search() runs (same
// binds, PublicRegister::plan) reads diary_case_public_title_fts and
// case_document_public_title_fts, and the search finds the matches through them.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "casehandling_fixture.hpp"
#include "samverkan/casehandling/public_register.hpp"

using namespace samverkan;
using casehandling::RegisterQuery;
using test::kAneby;

namespace {

constexpr int kCases = 30000;

struct Fixture : test::CasehandlingFixture {
  Fixture() : test::CasehandlingFixture(Backend::kPostgresql) { fill(); }
  casehandling::PublicRegister public_register{boards};

  // Bulk rows through the real schema: every 10000th case is about a wind farm, every 7500th
  // case has a document about a solar park; the rest share a small vocabulary.
  void fill() {
    auto session = db->acquire();
    *session << "INSERT INTO diary_number (municipality, prefix, year, number, status, assigned_by, assigned_at) "
                "SELECT '0604', 'KS', 2026, g, 'used', 'test', now() FROM generate_series(1, :n) g",
        soci::use(kCases);
    *session << "INSERT INTO diary_case (municipality, prefix, year, number, title, title_secrecy, public_title, "
                "search_text, case_type, status, registered_on, registered_at, registered_by, updated_at) "
                "SELECT '0604', 'KS', 2026, g, t, 'public', t, lower(t), 'ärende', 'open', "
                "to_char(date '2026-01-01' + (g % 300), 'YYYY-MM-DD'), now(), 'test', now() FROM ("
                "SELECT g, CASE WHEN g % 10000 = 0 THEN 'Tillstånd för vindkraftverk ' || g ELSE "
                "(ARRAY['Bygglov för garage','Detaljplan för centrum','Skolskjuts','Föreningsbidrag',"
                "'Medborgarförslag om cykelbanor','Remiss om avfallsplan','Motion om parkering',"
                "'Avtal om snöröjning'])[1 + g % 8] || ' ' || g END AS t FROM generate_series(1, :n) g) s",
        soci::use(kCases);
    *session << "INSERT INTO case_document (id, municipality, case_id, document_number, direction, registered_on, "
                "title, public_title, search_text, counterpart_kind, secrecy, content_type, content_size, "
                "content_sha256, content, registered_by, registered_at) "
                "SELECT md5(c.id::text), '0604', c.id, 1, 'incoming', c.registered_on, d, d, lower(d), 'none', "
                "'public', 'application/pdf', 0, repeat('0', 64), '', 'test', now() FROM ("
                "SELECT id, registered_on, CASE WHEN number % 7500 = 0 THEN 'Yttrande om solcellspark' "
                "ELSE 'Skrivelse ' || number END AS d FROM diary_case) c";
    *session << "ANALYZE diary_case";
    *session << "ANALYZE case_document";
  }

  std::vector<std::string> plan(const std::string& words) {
    RegisterQuery query;
    query.words = words;
    auto ctx = context(security::Principal::anonymous(), kAneby, tenancy::Context::Intent::kRead);
    return public_register.plan(*ctx, query);
  }

  std::vector<casehandling::PublicCase> search(const std::string& words) {
    RegisterQuery query;
    query.words = words;
    query.limit = 200;
    auto ctx = context(security::Principal::anonymous(), kAneby, tenancy::Context::Intent::kRead);
    return public_register.search(*ctx, query);
  }
};

bool mentions(const std::vector<std::string>& plan, const std::string& text) {
  return std::any_of(plan.begin(), plan.end(), [&](const auto& line) { return line.find(text) != std::string::npos; });
}

std::string joined(const std::vector<std::string>& plan) {
  std::string out;
  for (const auto& line : plan) out += line + "\n";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(register_search_pgtest)

BOOST_FIXTURE_TEST_CASE(word_search_reads_both_gin_indexes, Fixture) {
  const auto p = plan("vindkraftverken");  // stemmed like the titles
  BOOST_TEST(mentions(p, "diary_case_public_title_fts"), joined(p));
  BOOST_TEST(mentions(p, "case_document_public_title_fts"), joined(p));
  BOOST_TEST(!mentions(p, "Seq Scan on diary_case"), joined(p));
  BOOST_TEST(!mentions(p, "Seq Scan on case_document"), joined(p));
}

BOOST_FIXTURE_TEST_CASE(indexed_search_finds_cases_by_title_and_by_document, Fixture) {
  const auto wind = search("vindkraftverk");
  BOOST_TEST(wind.size() == static_cast<std::size_t>(kCases / 10000));
  for (const auto& c : wind) BOOST_TEST(c.title.find("vindkraftverk") != std::string::npos, c.title);
  const auto solar = search("solcellsparken");
  BOOST_TEST(solar.size() == static_cast<std::size_t>(kCases / 7500));
  for (const auto& c : solar) {
    BOOST_TEST_REQUIRE(c.documents.size() == 1u);
    BOOST_TEST(c.documents[0].title == "Yttrande om solcellspark");
  }
  BOOST_TEST(search("vindkraftverk garage").empty(), "every word must match");
}

BOOST_FIXTURE_TEST_CASE(searches_without_words_do_not_touch_the_text_indexes, Fixture) {
  RegisterQuery query;
  query.board = "KS";
  query.registered_from = "2026-03-01";
  query.registered_to = "2026-03-31";
  auto ctx = context(security::Principal::anonymous(), kAneby, tenancy::Context::Intent::kRead);
  const auto p = public_register.plan(*ctx, query);
  BOOST_TEST(!mentions(p, "_fts"), joined(p));
  const auto found = public_register.search(*ctx, query);
  BOOST_TEST(found.size() == 50u);  // the default limit, newest first
  for (const auto& c : found) BOOST_TEST((c.registered_on >= "2026-03-01" && c.registered_on <= "2026-03-31"));
}

BOOST_AUTO_TEST_SUITE_END()
