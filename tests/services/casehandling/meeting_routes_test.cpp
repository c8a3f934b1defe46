// The meetings REST API over HTTPS on SQLite: the whole flow, isolation, the lock, the notice
// board (meeting_routes_flow.hpp).
#include "meeting_routes_flow.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(meeting_routes_test)

BOOST_AUTO_TEST_CASE(from_case_registration_to_notice_removal) {
  test::MeetingRoutesFixture f;
  test::run_meeting_flow(f);
}

BOOST_AUTO_TEST_CASE(bad_ids_and_missing_credentials) {
  test::MeetingRoutesFixture f;
  BOOST_TEST(f.call("GET", "0604/meetings/abc", f.reader).status == 404);
  BOOST_TEST(f.call("GET", "0604/meetings/0", f.reader).status == 404);
  BOOST_TEST(f.call("GET", "0604/meetings/77", f.reader).status == 404);
  BOOST_TEST(f.call("GET", "0604/meetings/1", "").status == 401);
  BOOST_TEST(f.call("GET", "0604/boards/XX/meetings", f.reader).status == 400);
  BOOST_TEST(f.call("POST", "0604/boards/KS/meetings", f.reader, R"({"date":"2026-12-01","place":"Salen"})").status ==
             403);
  BOOST_TEST(f.call("POST", "0604/boards/KS/meetings", f.secretary, R"({"date":"2026-12-01"})").status == 400);
  BOOST_TEST(f.call("GET", "0604/notice-board", "").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
