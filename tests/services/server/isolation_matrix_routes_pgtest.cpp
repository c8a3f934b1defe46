// The isolation matrix over every route of the platform on PostgreSQL (the checks are in
// isolation_matrix_routes.hpp, shared with isolation_matrix_routes_test).
#include "services/server/isolation_matrix_routes.hpp"
#include "support/postgres.hpp"

BOOST_AUTO_TEST_SUITE(isolation_matrix_routes_pgtest)

BOOST_AUTO_TEST_CASE(every_route_is_refused_with_another_members_kommunkod_and_ids) {
  const samverkan::test::PgDatabase database;
  samverkan::test::isolation::run_the_matrix(database.url());
}

BOOST_AUTO_TEST_SUITE_END()
