// Notices to citizens by e-mail and SMS as durable jobs (SQLite).
#include <boost/test/unit_test.hpp>

#include "services/eservices/citizen_notices_checks.hpp"

using namespace samverkan;

namespace {
struct SqliteFixture {
  test::TempDir dir;
  std::unique_ptr<storage::Database> db =
      storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "notices.db").string()), 4);
};
}  // namespace

BOOST_AUTO_TEST_SUITE(citizen_notices_test)

BOOST_FIXTURE_TEST_CASE(a_message_is_noticed_by_email_and_sms_once, SqliteFixture) {
  test::check_a_message_is_noticed_by_email_and_sms_once(*db);
}
BOOST_FIXTURE_TEST_CASE(a_status_change_is_noticed_and_without_a_choice_the_receipt_address_is_used, SqliteFixture) {
  test::check_a_status_change_is_noticed_and_without_a_choice_the_receipt_address_is_used(*db);
}
BOOST_FIXTURE_TEST_CASE(choices_are_validated_encrypted_and_audited, SqliteFixture) {
  test::check_choices_are_validated_encrypted_and_audited(*db);
}
BOOST_FIXTURE_TEST_CASE(a_gateway_that_is_down_is_retried_and_a_refused_number_fails, SqliteFixture) {
  test::check_a_gateway_that_is_down_is_retried_and_a_refused_number_fails(*db);
}

BOOST_AUTO_TEST_SUITE_END()
