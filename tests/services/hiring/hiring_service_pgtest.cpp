// The hiring process on PostgreSQL (the checks of hiring_service_test).
#include <boost/test/unit_test.hpp>

#include "services/hiring/hiring_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {

struct PgFixture {
  test::PgDatabase database;
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(database.url()), 4);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hiring_service_pgtest)

BOOST_FIXTURE_TEST_CASE(a_hire_orders_everything_once_and_becomes_ready, PgFixture) {
  hiring::test::check_a_hire_orders_everything_once_and_becomes_ready(*db);
}
BOOST_FIXTURE_TEST_CASE(the_form_names_each_problem, PgFixture) {
  hiring::test::check_the_form_names_each_problem(*db);
}
BOOST_FIXTURE_TEST_CASE(managers_see_their_units_and_members_their_own, PgFixture) {
  hiring::test::check_managers_see_their_units_and_members_their_own(*db);
}
BOOST_FIXTURE_TEST_CASE(a_late_order_escalates_once, PgFixture) {
  hiring::test::check_a_late_order_escalates_once(*db);
}
BOOST_FIXTURE_TEST_CASE(a_refused_order_fails_with_the_reason, PgFixture) {
  hiring::test::check_a_refused_order_fails_with_the_reason(*db);
}
BOOST_FIXTURE_TEST_CASE(an_order_is_placed_once_when_the_answer_is_lost, PgFixture) {
  hiring::test::check_an_order_is_placed_once_when_the_answer_is_lost(*db);
}
BOOST_FIXTURE_TEST_CASE(a_change_moves_exactly_the_old_units_roles, PgFixture) {
  hiring::test::check_a_change_moves_exactly_the_old_units_roles(*db);
}
BOOST_FIXTURE_TEST_CASE(a_termination_revokes_everything_at_midnight, PgFixture) {
  hiring::test::check_a_termination_revokes_everything_at_midnight(*db);
}
BOOST_FIXTURE_TEST_CASE(a_fixed_term_employment_ends_unless_extended, PgFixture) {
  hiring::test::check_a_fixed_term_employment_ends_unless_extended(*db);
}
BOOST_FIXTURE_TEST_CASE(personal_data_is_encrypted_and_rotates, PgFixture) {
  hiring::test::check_personal_data_is_encrypted_and_rotates(*db);
}
BOOST_FIXTURE_TEST_CASE(drafts_belong_to_their_owner, PgFixture) {
  hiring::test::check_drafts_belong_to_their_owner(*db);
}
BOOST_FIXTURE_TEST_CASE(adopting_members_inherit_the_pilots_form, PgFixture) {
  hiring::test::check_adopting_members_inherit_the_pilots_form(*db);
}

BOOST_AUTO_TEST_SUITE_END()
