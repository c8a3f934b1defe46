// The minutes documents and open data on PostgreSQL: the public reader's SQL (secret texts not
// even selected) and the full reader, with many random secret paragraphs.
#include <boost/test/unit_test.hpp>

#include "minutes_render_world.hpp"
#include "samverkan/casehandling/minutes_document.hpp"
#include "samverkan/casehandling/open_data.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using namespace samverkan::casehandling;
using test::kAneby;
using test::kEksjo;

namespace {

struct Fixture : test::MeetingsFixture {
  Fixture() : MeetingsFixture(Backend::kPostgresql) { seat_board(); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(minutes_render_pgtest)

BOOST_FIXTURE_TEST_CASE(public_outputs_never_carry_secret_paragraphs, Fixture) {
  const auto world = test::fill_minutes_with_random_secrecy(*this, 30);
  BOOST_REQUIRE(!world.secret_numbers.empty());
  auto ctx = context(security::Principal::anonymous(), kAneby, tenancy::Context::Intent::kRead);
  const auto view = public_minutes(*ctx, boards, world.minutes);
  const auto list = published_minutes(*ctx, boards);
  BOOST_TEST(published_minutes_of_meeting(*ctx, world.meeting) == world.minutes);
  ctx->commit();
  BOOST_TEST_REQUIRE(list.size() == 1u);
  const std::string outputs = render_minutes_html(view, MinutesVersion::kPublic) + open_data_json(view) +
                              open_data_decisions_csv(view) + open_data_votes_csv(view);
  for (const auto& word : world.forbidden) {
    BOOST_TEST_INFO(word);
    BOOST_TEST(outputs.find(word) == std::string::npos);
  }
  for (const auto& word : world.public_words) BOOST_TEST(outputs.find(word) != std::string::npos);
  BOOST_TEST(render_minutes_pdf(view, MinutesVersion::kPublic).rfind("%PDF-", 0) == 0);

  auto member_ctx = context(member("m2"), kAneby, tenancy::Context::Intent::kRead);
  const auto full = full_minutes(*member_ctx, meetings, boards, world.minutes);
  member_ctx->commit();
  const std::string html = render_minutes_html(full, MinutesVersion::kFull);
  for (const auto& word : world.forbidden) {
    if (word.find("titelord") == std::string::npos) BOOST_TEST(html.find(word) != std::string::npos);
  }
  auto eksjo = context(security::Principal::anonymous(), kEksjo, tenancy::Context::Intent::kRead);
  BOOST_CHECK_THROW(public_minutes(*eksjo, boards, world.minutes), NotFound);
}

BOOST_AUTO_TEST_SUITE_END()
