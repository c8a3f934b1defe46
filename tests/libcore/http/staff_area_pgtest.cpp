// The staff web's sessions, login state and member on PostgreSQL: the same checks as
// staff_area_test.cpp's first login, member switcher and idle timeout.
#include <boost/test/unit_test.hpp>

#include "libcore/http/staff_web_checks.hpp"
#include "support/postgres.hpp"

using namespace samverkan;
using namespace samverkan::test::staff;
using namespace std::chrono_literals;

namespace {

// The database is made first and dropped last (a base class outlives the members after it).
struct FreshDatabase {
  test::PgDatabase database;
};

struct PgStaffWeb : FreshDatabase, StaffWeb {
  PgStaffWeb() : StaffWeb(database.url()) {}
};

}  // namespace

BOOST_AUTO_TEST_SUITE(staff_area_pgtest)

BOOST_FIXTURE_TEST_CASE(a_new_user_changes_the_one_time_password_and_enrols_totp_first, PgStaffWeb) {
  check_first_login(*this);
}

BOOST_FIXTURE_TEST_CASE(the_member_switcher_and_404_for_a_member_without_roles, PgStaffWeb) {
  check_member_switcher(*this);
}

BOOST_FIXTURE_TEST_CASE(the_idle_timeout_logs_out_and_says_so, PgStaffWeb) { check_idle_timeout(*this, 20min, "20"); }

BOOST_AUTO_TEST_SUITE_END()
