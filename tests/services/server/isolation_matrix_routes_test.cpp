// The isolation matrix over every route of the platform on SQLite (the checks are in
// isolation_matrix_routes.hpp, shared with isolation_matrix_routes_pgtest).
#include "services/server/isolation_matrix_routes.hpp"

using namespace samverkan::test::isolation;

BOOST_AUTO_TEST_SUITE(isolation_matrix_routes_test)

BOOST_AUTO_TEST_CASE(every_route_is_refused_with_another_members_kommunkod_and_ids) {
  World world;
  check_every_route_has_a_row(world);
  const auto principals = aneby_principals(world);
  check_the_api(world, principals);
  check_the_staff_pages(world, principals);
  check_the_citizen_pages(world);
}

BOOST_AUTO_TEST_SUITE_END()
