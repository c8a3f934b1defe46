// The minutes document, open data and notice-board page routes over HTTPS on the whole
// platform: the public version and open data never carry the secret paragraph, the full
// version shows it to a signed-in member only, drafts are not public, other municipalities 404.
#include "libcore/pdf/pdf_text.hpp"
#include "minutes_render_flow.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(minutes_render_routes_test)

BOOST_AUTO_TEST_CASE(public_minutes_open_data_and_the_notice_page) {
  test::MeetingRoutesFixture f;
  const auto flow = test::prepare_minutes_flow(f, true);
  const std::string pub = "0604/minutes/" + flow.minutes_id + "/public";

  const auto html = f.call("GET", pub, "");
  BOOST_TEST_REQUIRE(html.status == 200, html.body);
  BOOST_TEST(html.content_type.starts_with("text/html"));
  BOOST_TEST(html.body.find("Detaljplanen antas") != std::string::npos);
  BOOST_TEST(html.body.find("OSL 19 kap. 1 §") != std::string::npos);
  BOOST_TEST(html.body.find("hemligtord") == std::string::npos);
  BOOST_TEST(html.body.find("Aneby 1:1") == std::string::npos);

  const auto pdf = f.call("GET", pub + "?format=pdf", "");
  BOOST_TEST_REQUIRE(pdf.status == 200);
  BOOST_TEST(pdf.content_type == "application/pdf");
  BOOST_TEST(pdf.body.rfind("%PDF-", 0) == 0);
  const std::string text = test::pdf_to_text(pdf.body);
  BOOST_TEST(text.find("Detaljplanen antas") != std::string::npos);
  BOOST_TEST(text.find("hemligtord") == std::string::npos);
  BOOST_TEST(text.find("Aneby 1:1") == std::string::npos);

  const auto bad = f.call("GET", pub + "?format=doc", "");
  BOOST_TEST(bad.status == 400);
  BOOST_TEST(bad.content_type.starts_with("application/problem+json"));
  BOOST_TEST(f.call("GET", "0686/minutes/" + flow.minutes_id + "/public", "").status == 404);
  BOOST_TEST(f.call("GET", "9999/minutes/" + flow.minutes_id + "/public", "").status == 404);

  // Open data.
  const auto index = f.call("GET", "0604/open-data/meetings", "");
  BOOST_TEST_REQUIRE(index.status == 200, index.body);
  BOOST_TEST(index.body.find("\"meetingId\":" + flow.meeting_id) != std::string::npos);
  BOOST_TEST(f.call("GET", "0686/open-data/meetings", "").body.find("\"meetingId\"") == std::string::npos);
  const std::string od = "0604/open-data/meetings/" + flow.meeting_id;
  const auto decisions = f.call("GET", od + "/decisions", "");
  BOOST_TEST_REQUIRE(decisions.status == 200, decisions.body);
  BOOST_TEST(decisions.body.find("Detaljplanen antas") != std::string::npos);
  BOOST_TEST(decisions.body.find("\"party\":\"S\"") != std::string::npos);
  BOOST_TEST(decisions.body.find("hemligtord") == std::string::npos);
  BOOST_TEST(decisions.body.find("OSL 19") == std::string::npos);
  const auto csv = f.call("GET", od + "/decisions?format=csv", "");
  BOOST_TEST(csv.status == 200);
  BOOST_TEST(csv.content_type.starts_with("text/csv"));
  BOOST_TEST(csv.body.find("Detaljplanen antas") != std::string::npos);
  BOOST_TEST(csv.body.find("hemligtord") == std::string::npos);
  const auto votes = f.call("GET", od + "/votes", "");
  BOOST_TEST(votes.status == 200);
  BOOST_TEST(votes.body.find("Ledamot m3 (S),S,nej") != std::string::npos);
  BOOST_TEST(f.call("GET", od + "/decisions?format=xml", "").status == 400);
  BOOST_TEST(f.call("GET", "0686/open-data/meetings/" + flow.meeting_id + "/decisions", "").status == 404);

  // The notice-board page.
  const auto page = f.client().get("/anslagstavla/0604");
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  BOOST_TEST(page.content_type.starts_with("text/html"));
  BOOST_TEST(page.body.find("/api/v1/municipalities/0604/minutes/" + flow.minutes_id + "/public") != std::string::npos);
  BOOST_TEST(page.body.find("Kommunkansliet") != std::string::npos);
  BOOST_TEST(page.body.find("hemligtord") == std::string::npos);
  BOOST_TEST(f.client().get("/anslagstavla/0604?lang=en").body.find("<html lang=\"en\">") != std::string::npos);
  BOOST_TEST(f.client().get("/anslagstavla/9999").status == 404);
  BOOST_TEST(f.client().get("/anslagstavla/0686").body.find("<article") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_full_version_is_for_the_board) {
  test::MeetingRoutesFixture f;
  const auto flow = test::prepare_minutes_flow(f, false);
  const std::string doc = "0604/minutes/" + flow.minutes_id + "/document";
  // A draft is not public, nor its open data.
  BOOST_TEST(f.call("GET", "0604/minutes/" + flow.minutes_id + "/public", "").status == 404);
  BOOST_TEST(f.call("GET", "0604/open-data/meetings/" + flow.meeting_id + "/decisions", "").status == 404);
  // The member sees the secret paragraph; an API client with cases:read does not.
  const auto member = f.call_as(flow.member, "GET", doc);
  BOOST_TEST_REQUIRE(member.status == 200, member.body);
  BOOST_TEST(member.body.find("Köpet hemligtord godkänns") != std::string::npos);
  BOOST_TEST(member.body.find("Reserverar mig hemligtord") != std::string::npos);
  const auto member_pdf = f.call_as(flow.member, "GET", doc + "?format=pdf");
  BOOST_TEST_REQUIRE(member_pdf.status == 200);
  BOOST_TEST(test::pdf_to_text(member_pdf.body).find("hemligtord") != std::string::npos);
  const auto reader = f.call("GET", doc, f.reader);
  BOOST_TEST_REQUIRE(reader.status == 200, reader.body);
  BOOST_TEST(reader.body.find("hemligtord") == std::string::npos);
  BOOST_TEST(f.call("GET", doc, "").status == 401);
  BOOST_TEST(f.call("GET", doc, f.eksjo).status == 404);
  BOOST_TEST(f.call("GET", doc + "?format=x", f.reader).status == 400);
}

BOOST_AUTO_TEST_SUITE_END()
