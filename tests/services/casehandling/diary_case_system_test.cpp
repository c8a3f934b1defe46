// The built-in diary as the CaseSystem of a municipality without an external diary (SQLite).
#include <boost/test/unit_test.hpp>

#include "diary_case_system_checks.hpp"

using samverkan::test::DiaryCaseSystemFixture;

BOOST_AUTO_TEST_SUITE(diary_case_system_test)

BOOST_FIXTURE_TEST_CASE(an_incoming_document_opens_a_case_with_its_type, DiaryCaseSystemFixture) {
  samverkan::test::check_an_incoming_document_opens_a_case(*this);
}

BOOST_FIXTURE_TEST_CASE(a_replay_returns_the_same_numbers_and_a_reused_key_is_a_conflict, DiaryCaseSystemFixture) {
  samverkan::test::check_a_replay_returns_the_same_numbers(*this);
}

BOOST_FIXTURE_TEST_CASE(incoming_and_outgoing_documents_go_into_existing_cases, DiaryCaseSystemFixture) {
  samverkan::test::check_documents_into_existing_cases(*this);
}

BOOST_FIXTURE_TEST_CASE(refusals_register_nothing, DiaryCaseSystemFixture) {
  samverkan::test::check_refusals_leave_nothing(*this);
}

BOOST_AUTO_TEST_SUITE_END()
