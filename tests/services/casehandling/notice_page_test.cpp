// The public notice-board page: the posted notices with posting day, where the minutes are kept,
// the last day to appeal and links to the public minutes; Swedish by default, English on request;
// escaped; nothing of a secret paragraph.
#include <boost/test/unit_test.hpp>

#include <string>

#include "minutes_render_world.hpp"
#include "samverkan/casehandling/notice_pages.hpp"
#include "support/cooperation.hpp"

using namespace samverkan;
using namespace samverkan::casehandling;
using test::kAneby;
using test::kEksjo;

namespace {

const config::Cooperation& cooperation() {
  static const config::Cooperation kCooperation = test::test_cooperation();
  return kCooperation;
}

std::string page(const char* code, const std::string& lang, const std::vector<Notice>& notices) {
  return render_notice_page({cooperation(), cooperation().require_member(code), lang}, notices);
}

struct Fixture : test::MeetingsFixture {
  Fixture() { seat_board(); }

  std::vector<Notice> posted(const ids::Kommunkod& where = kAneby) {
    auto ctx = context(security::Principal::anonymous(), where, tenancy::Context::Intent::kRead);
    auto out = notices.posted(*ctx);
    ctx->commit();
    return out;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(notice_page_test)

BOOST_FIXTURE_TEST_CASE(lists_the_posted_notices_in_swedish, Fixture) {
  const auto world = test::fill_minutes_with_random_secrecy(*this, 12);
  const auto list = posted();
  BOOST_TEST_REQUIRE(list.size() == 1u);
  const std::string html = page("0604", "sv", list);
  BOOST_TEST(html.find("<html lang=\"sv\">") != std::string::npos);
  BOOST_TEST(html.find("<h1>Anslagstavla</h1>") != std::string::npos);
  BOOST_TEST(html.find("Aneby kommun") != std::string::npos);
  BOOST_TEST(html.find("<time datetime=\"2026-11-22\">2026-11-22</time>") != std::string::npos);  // posted
  BOOST_TEST(html.find("datetime=\"" + list[0].appeal_deadline + "\"") != std::string::npos);
  BOOST_TEST(list[0].appeal_deadline == "2026-12-14");  // three weeks: Sunday 13th → Monday
  BOOST_TEST(html.find("Kommunkansliet, Stadshuset") != std::string::npos);
  const std::string link = "/api/v1/municipalities/0604/minutes/" + std::to_string(world.minutes) + "/public";
  BOOST_TEST(html.find("href=\"" + link + "\"") != std::string::npos);
  BOOST_TEST(html.find("href=\"" + link + "?format=pdf\"") != std::string::npos);
  BOOST_TEST(html.find("href=\"/anslagstavla/0604?lang=en\"") != std::string::npos);
  // In Aneby's citizen frame: its e-services and statements linked, the JSON under open data.
  BOOST_TEST(html.find("<a href=\"/e/0604\">Aneby kommun</a>") != std::string::npos);
  BOOST_TEST(html.find("href=\"/e/0604/brand.css\"") != std::string::npos);
  BOOST_TEST(html.find("href=\"/e/0604/tillganglighet\"") != std::string::npos);
  BOOST_TEST(html.find("<h2>Öppna data</h2>") < html.find("href=\"/api/v1/municipalities/0604/notice-board\""));
  BOOST_TEST(html.find("href=\"/api/v1/municipalities/0604/notice-board\"") != std::string::npos);
  for (const auto& word : world.forbidden) BOOST_TEST(html.find(word) == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(english_on_request_and_empty_board, Fixture) {
  test::fill_minutes_with_random_secrecy(*this, 3);
  const std::string html = page("0604", notice_page_language("en"), posted());
  BOOST_TEST(html.find("<html lang=\"en\">") != std::string::npos);
  BOOST_TEST(html.find("Official notice board") != std::string::npos);
  BOOST_TEST(html.find("Last day to appeal") != std::string::npos);
  BOOST_TEST(html.find("href=\"/anslagstavla/0604\" lang=\"sv\"") != std::string::npos);
  // Another municipality's board is empty.
  const std::string eksjo = page("0686", "sv", posted(kEksjo));
  BOOST_TEST(eksjo.find("Det finns inga anslag just nu.") != std::string::npos);
  BOOST_TEST(eksjo.find("<article") == std::string::npos);
  BOOST_TEST(notice_page_language("fr") == "sv");
  BOOST_TEST(notice_page_language("") == "sv");
}

BOOST_AUTO_TEST_CASE(texts_are_escaped) {
  Notice n;
  n.id = 1;
  n.minutes_id = 2;
  n.prefix = "KS";
  n.board_name = "<b>Styrelsen</b>";
  n.kept_at = "\"><script>x</script>";
  n.meeting_date = "2026-12-01";
  n.posted_on = "2026-12-02";
  n.appeal_deadline = "2026-12-23";
  config::Cooperation odd = test::test_cooperation();
  odd.members[0].name = "A & B";
  const std::string html = render_notice_page({odd, odd.members[0], "sv"}, {n});
  BOOST_TEST(html.find("<script>x") == std::string::npos);
  BOOST_TEST(html.find("&lt;b&gt;Styrelsen&lt;/b&gt;") != std::string::npos);
  BOOST_TEST(html.find("A &amp; B") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
