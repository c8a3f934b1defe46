// The isolation matrix over every route of the platform on SQLite (the checks are in
// isolation_matrix_routes.hpp, shared with isolation_matrix_routes_pgtest).
#include "services/server/isolation_matrix_routes.hpp"

BOOST_AUTO_TEST_SUITE(isolation_matrix_routes_test)

BOOST_AUTO_TEST_CASE(every_route_is_refused_with_another_members_kommunkod_and_ids) {
  samverkan::test::isolation::run_the_matrix();
}

BOOST_AUTO_TEST_SUITE_END()
