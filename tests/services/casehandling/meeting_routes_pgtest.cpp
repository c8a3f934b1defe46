// The meetings REST API over HTTPS on PostgreSQL: from case registration to the notice's
// removal (meeting_routes_flow.hpp).
#include "meeting_routes_flow.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

BOOST_AUTO_TEST_SUITE(meeting_routes_pgtest)

BOOST_AUTO_TEST_CASE(from_case_registration_to_notice_removal_on_postgresql) {
  test::PgDatabase pg;
  test::MeetingRoutesFixture f(pg.url());
  test::run_meeting_flow(f);
}

BOOST_AUTO_TEST_SUITE_END()
