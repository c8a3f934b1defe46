// Open data: decisions and votes of adjusted minutes as JSON and CSV. Secret paragraphs (many,
// random, the seeded generator of the public register tests) never appear in any of it.
#include <boost/test/unit_test.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <set>
#include <string>

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
  Fixture() { seat_board(); }

  MinutesView public_view(long long meeting, const ids::Kommunkod& where = kAneby) {
    auto ctx = context(security::Principal::anonymous(), where, tenancy::Context::Intent::kRead);
    auto view = public_minutes(*ctx, boards, published_minutes_of_meeting(*ctx, meeting));
    ctx->commit();
    return view;
  }
};

std::vector<std::string> lines_of(const std::string& csv) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < csv.size()) {
    const std::size_t end = csv.find("\r\n", start);
    BOOST_REQUIRE(end != std::string::npos);  // every row ends with CRLF
    out.push_back(csv.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(open_data_test)

BOOST_FIXTURE_TEST_CASE(secret_paragraphs_never_appear, Fixture) {
  for (const unsigned seed : {20261122u, 1u, 2u}) {
    if (seed != 20261122u) {
      // A fresh board year per round would need new data; a new meeting in the same year is enough.
      clock.advance(std::chrono::hours(24));
    }
    const auto world = test::fill_minutes_with_random_secrecy(*this, 30, true, seed);
    BOOST_REQUIRE(!world.secret_numbers.empty());
    const auto view = public_view(world.meeting);
    const std::string json = open_data_json(view);
    const std::string decisions = open_data_decisions_csv(view);
    const std::string votes = open_data_votes_csv(view);
    for (const auto& word : world.forbidden) {
      BOOST_TEST_INFO(word);
      BOOST_TEST(json.find(word) == std::string::npos);
      BOOST_TEST(decisions.find(word) == std::string::npos);
      BOOST_TEST(votes.find(word) == std::string::npos);
    }
    for (const auto& ref : world.secret_references) BOOST_TEST(json.find(ref) == std::string::npos);

    // Exactly the public paragraphs, each once, with their votes.
    const auto parsed = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    const auto list = parsed->getArray("decisions");
    const std::set<int> secret(world.secret_numbers.begin(), world.secret_numbers.end());
    std::set<int> published;
    std::size_t vote_rows = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto d = list->getObject(static_cast<unsigned>(i));
      const int number = d->getValue<int>("paragraph");
      BOOST_TEST(!secret.count(number));
      published.insert(number);
      if (!d->isNull("vote")) {
        const auto vote = d->getObject("vote");
        const auto cast = vote->getArray("votes");
        vote_rows += cast->size();
        BOOST_TEST(static_cast<int>(cast->size()) ==
                   vote->getValue<int>("yes") + vote->getValue<int>("no") + vote->getValue<int>("abstain"));
      }
    }
    BOOST_TEST(published.size() + secret.size() == view.paragraphs.size());
    // Proposals, decisions and what ja / nej meant are published; decisions in the CSV too.
    for (const auto& word : world.public_words) {
      const bool decision = word.find("beslut") != std::string::npos;
      if (decision || word.find("forslag") != std::string::npos || word.find("ja") != std::string::npos ||
          word.find("nej") != std::string::npos) {
        BOOST_TEST_INFO(word);
        BOOST_TEST(json.find(word) != std::string::npos);
      }
      if (decision) BOOST_TEST(decisions.find(word) != std::string::npos);
    }
    const auto decision_lines = lines_of(decisions);
    BOOST_TEST(decision_lines.at(0) == "meeting_date,board,paragraph,case_number,heading,decision,vote_result");
    BOOST_TEST(decision_lines.size() == published.size() + 1);
    const auto vote_lines = lines_of(votes);
    BOOST_TEST(vote_lines.at(0) == "meeting_date,board,paragraph,case_number,name,party,vote");
    BOOST_TEST(vote_lines.size() == vote_rows + 1);
  }
}

BOOST_FIXTURE_TEST_CASE(the_index_lists_only_adjusted_minutes_of_the_municipality, Fixture) {
  const auto adjusted = test::fill_minutes_with_random_secrecy(*this, 3);
  clock.advance(std::chrono::hours(24));
  prepared_case("Ett till ärende");
  const long long draft_meeting = held_meeting("2026-12-15");
  {
    auto ctx = context(secretary, kAneby);
    meetings.open_minutes(*ctx, draft_meeting, "Kansliet", {"m3"});
    ctx->commit();
  }
  auto ctx = context(security::Principal::anonymous(), kAneby, tenancy::Context::Intent::kRead);
  const auto list = published_minutes(*ctx, boards);
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].meeting_id == adjusted.meeting);
  BOOST_TEST(list[0].minutes_id == adjusted.minutes);
  BOOST_TEST(list[0].board_name == "Kommunstyrelsen");
  BOOST_CHECK_THROW(published_minutes_of_meeting(*ctx, draft_meeting), NotFound);
  ctx->commit();
  auto eksjo = context(security::Principal::anonymous(), kEksjo, tenancy::Context::Intent::kRead);
  BOOST_TEST(published_minutes(*eksjo, boards).empty());
  BOOST_CHECK_THROW(published_minutes_of_meeting(*eksjo, adjusted.meeting), NotFound);
  const std::string index = open_data_index_json("0604", list);
  BOOST_TEST(index.find("\"meetingId\":" + std::to_string(adjusted.meeting)) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(csv_cells_are_quoted_and_defused) {
  BOOST_TEST(csv_cell("enkel") == "enkel");
  BOOST_TEST(csv_cell("a,b") == "\"a,b\"");
  BOOST_TEST(csv_cell("sa \"ja\"") == "\"sa \"\"ja\"\"\"");
  BOOST_TEST(csv_cell("rad\nrad") == "\"rad\nrad\"");
  BOOST_TEST(csv_cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  BOOST_TEST(csv_cell("+1") == "'+1");
  BOOST_TEST(csv_cell("@a") == "'@a");
  BOOST_TEST(csv_cell("").empty());
}

BOOST_AUTO_TEST_CASE(votes_carry_the_party_from_the_name) {
  MinutesView view;
  view.meeting_date = "2026-12-01";
  view.prefix = "KS";
  MinutesParagraphView p;
  p.number = 4;
  p.case_number = "KS 2026/3";
  p.has_vote = true;
  p.votes = {{"Anna Andersson (S)", party_of("Anna Andersson (S)"), "ja"}, {"Bo Ek", party_of("Bo Ek"), "nej"}};
  p.yes = 1;
  p.no = 1;
  p.result = "lika";
  view.paragraphs.push_back(p);
  const auto lines = lines_of(open_data_votes_csv(view));
  BOOST_TEST_REQUIRE(lines.size() == 3u);
  BOOST_TEST(lines[1] == "2026-12-01,KS,4,KS 2026/3,Anna Andersson (S),S,ja");
  BOOST_TEST(lines[2] == "2026-12-01,KS,4,KS 2026/3,Bo Ek,,nej");
  MinutesParagraphView secret = p;
  secret.number = 5;
  secret.secrecy_reference = "OSL 26 kap. 1 §";
  view.paragraphs.push_back(secret);
  BOOST_TEST(lines_of(open_data_votes_csv(view)).size() == 3u);
  BOOST_TEST(open_data_json(view).find("\"paragraph\":5") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
