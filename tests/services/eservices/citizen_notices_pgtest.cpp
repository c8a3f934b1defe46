// Notices to citizens by e-mail and SMS as durable jobs (PostgreSQL).
#include <boost/test/unit_test.hpp>

#include "services/eservices/citizen_notices_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;

namespace {
struct PgFixture {
  test::PgDatabase pg;
  std::unique_ptr<storage::Database> db = storage::Database::open(storage::DatabaseUrl::parse(pg.url()), 4);
};
}  // namespace

BOOST_AUTO_TEST_SUITE(citizen_notices_pgtest)

BOOST_FIXTURE_TEST_CASE(a_message_is_noticed_by_email_and_sms_once, PgFixture) {
  test::check_a_message_is_noticed_by_email_and_sms_once(*db);
}
BOOST_FIXTURE_TEST_CASE(a_status_change_is_noticed_and_without_a_choice_the_receipt_address_is_used, PgFixture) {
  test::check_a_status_change_is_noticed_and_without_a_choice_the_receipt_address_is_used(*db);
}
BOOST_FIXTURE_TEST_CASE(choices_are_validated_encrypted_and_audited, PgFixture) {
  test::check_choices_are_validated_encrypted_and_audited(*db);
}
BOOST_FIXTURE_TEST_CASE(a_gateway_that_is_down_is_retried_and_a_refused_number_fails, PgFixture) {
  test::check_a_gateway_that_is_down_is_retried_and_a_refused_number_fails(*db);
}

BOOST_AUTO_TEST_SUITE_END()
