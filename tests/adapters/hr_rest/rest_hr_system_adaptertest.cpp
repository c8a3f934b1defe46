// The hr-rest connector against a local HR system speaking its contract (hr_double.hpp).
#include "samverkan/adapters/hr_rest/rest_hr_system.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

#include "adapters/hr_rest/hr_double.hpp"
#include "samverkan/core/error.hpp"
#include "support/error_message.hpp"

namespace adapters = samverkan::adapters;
using samverkan::test::message_of;
using namespace std::chrono;

namespace {

constexpr const char* kBackend = "Lekeberg's HR system (hr-rest)";

constexpr const char* kAnna = R"({"employmentId":"100234","givenName":"Anna","familyName":"Andersson",
  "personalIdentityNumber":"850709-9805","startDate":"2026-08-17","position":"Undersköterska",
  "unit":"Äldreomsorg Norr","manager":{"employmentId":"100017","name":"Karin Lund"}})";

struct Hr {
  samverkan::test::HrDouble backend;
  samverkan::ManualClock clock{sys_days{2026y / November / 22d}};

  Hr() { backend.hold("100234", kAnna); }

  adapters::hr_rest::RestHrSystem hr(const std::string& token = samverkan::test::HrDouble::kToken) {
    return adapters::hr_rest::RestHrSystem(backend.settings(token), clock, kBackend);
  }
};

adapters::EmploymentChange change(const char* key) {
  adapters::EmploymentChange result{adapters::IdempotencyKey::parse(key), "100234",
                                    adapters::EmploymentChangeKind::kChange, 2026y / September / 1d};
  result.new_position = "Enhetschef";
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rest_hr_system_adaptertest)

BOOST_FIXTURE_TEST_CASE(an_employment_is_read_with_its_manager, Hr) {
  const auto anna = hr().employee("100234");
  BOOST_TEST(anna.employment_id == "100234");
  BOOST_TEST(anna.given_name == "Anna");
  BOOST_TEST(anna.family_name == "Andersson");
  BOOST_TEST(anna.personal_number.digits() == "198507099805");  // ten digits resolved by the clock
  BOOST_TEST((anna.start_date == 2026y / August / 17d));
  BOOST_TEST(!anna.end_date.has_value());
  BOOST_TEST(anna.position == "Undersköterska");
  BOOST_TEST(anna.unit == "Äldreomsorg Norr");
  BOOST_REQUIRE(anna.manager.has_value());
  BOOST_TEST(anna.manager->employment_id == "100017");
  BOOST_TEST(anna.manager->name == "Karin Lund");

  backend.hold("100300", R"({"employmentId":"100300","givenName":"Per","familyName":"Berg",
    "personalIdentityNumber":"198507099805","startDate":"2026-01-01","endDate":"2026-12-31",
    "position":"Vikarie","unit":"Skola"})");
  const auto per = hr().employee("100300");
  BOOST_REQUIRE(per.end_date.has_value());
  BOOST_TEST((*per.end_date == 2026y / December / 31d));
  BOOST_TEST(!per.manager.has_value());
}

BOOST_FIXTURE_TEST_CASE(unknown_and_malformed_ids, Hr) {
  BOOST_CHECK_THROW(hr().employee("999999"), samverkan::NotFound);
  const int before = backend.requests;
  BOOST_CHECK_THROW(hr().employee(""), samverkan::InvalidInput);
  BOOST_CHECK_THROW(hr().employee("../admin"), samverkan::InvalidInput);
  BOOST_CHECK_THROW(hr().employee(std::string(65, '1')), samverkan::InvalidInput);
  BOOST_TEST(backend.requests == before, "a malformed id never reaches the HR system");
}

BOOST_FIXTURE_TEST_CASE(a_broken_answer_is_unavailable_and_names_the_field_not_its_value, Hr) {
  backend.hold("1", R"({"employmentId":"1","givenName":"Anna","familyName":"Andersson",
    "personalIdentityNumber":"19850709-9806","startDate":"2026-08-17","position":"x","unit":"y"})");
  auto message = message_of<samverkan::Unavailable>([&] { hr().employee("1"); });
  BOOST_TEST(message == std::string(kBackend) + " answered with a malformed personalIdentityNumber");
  BOOST_TEST(message.find("9806") == std::string::npos);

  backend.hold("2", R"({"employmentId":"2","givenName":"Anna","personalIdentityNumber":"198507099805",
    "startDate":"2026-08-17","position":"x","unit":"y"})");
  message = message_of<samverkan::Unavailable>([&] { hr().employee("2"); });
  BOOST_TEST(message == std::string(kBackend) + " answered without familyName");

  backend.hold("3", R"({"employmentId":"3","givenName":"A","familyName":"B","personalIdentityNumber":"198507099805",
    "startDate":"17/08/2026","position":"x","unit":"y"})");
  message = message_of<samverkan::Unavailable>([&] { hr().employee("3"); });
  BOOST_TEST(message == std::string(kBackend) + " answered with a malformed startDate");

  backend.hold("4", R"({"employmentId":"5","givenName":"A","familyName":"B","personalIdentityNumber":"198507099805",
    "startDate":"2026-08-17","position":"x","unit":"y"})");
  message = message_of<samverkan::Unavailable>([&] { hr().employee("4"); });
  BOOST_TEST(message == std::string(kBackend) + " answered for another employment");

  backend.hold("6", "[1,2]");
  message = message_of<samverkan::Unavailable>([&] { hr().employee("6"); });
  BOOST_TEST(message == std::string(kBackend) + " answered with malformed JSON");
}

BOOST_FIXTURE_TEST_CASE(a_change_is_recorded_once_and_a_reused_key_is_a_conflict, Hr) {
  const auto first = hr().report_change(change("hire-1-change"));
  BOOST_TEST(first.id == "CH-1");
  BOOST_TEST(!first.replayed);
  const auto again = hr().report_change(change("hire-1-change"));
  BOOST_TEST(again.id == "CH-1");
  BOOST_TEST(again.replayed);
  const auto changes = backend.changes();
  BOOST_REQUIRE_EQUAL(changes.size(), 1U);
  BOOST_TEST(changes[0] ==
             R"({"employmentId":"100234","kind":"change","effectiveDate":"2026-09-01","position":"Enhetschef"})");

  auto other = change("hire-1-change");
  other.new_position = "Kock";
  BOOST_CHECK_THROW(hr().report_change(other), samverkan::Conflict);

  adapters::EmploymentChange termination{adapters::IdempotencyKey::parse("end-1"), "100234",
                                         adapters::EmploymentChangeKind::kTermination, 2026y / December / 31d};
  BOOST_TEST(hr().report_change(termination).id == "CH-2");
  BOOST_TEST(backend.changes().at(1) ==
             R"({"employmentId":"100234","kind":"termination","effectiveDate":"2026-12-31"})");
}

BOOST_FIXTURE_TEST_CASE(refused_changes_keep_their_kind, Hr) {
  auto unknown = change("c-unknown");
  unknown.employment_id = "999999";
  BOOST_CHECK_THROW(hr().report_change(unknown), samverkan::NotFound);
  auto early = change("c-early");
  early.effective_date = 1999y / December / 31d;
  const auto message = message_of<samverkan::InvalidInput>([&] { hr().report_change(early); });
  BOOST_TEST(message.find("the date is before the employment") != std::string::npos, message);
  // What every HrSystem refuses before asking (validate) and a malformed manager id.
  auto empty = change("c-empty");
  empty.new_position.reset();
  BOOST_CHECK_THROW(hr().report_change(empty), samverkan::InvalidInput);
  auto manager = change("c-manager");
  manager.new_manager_employment_id = "a b";
  BOOST_CHECK_THROW(hr().report_change(manager), samverkan::InvalidInput);
  BOOST_TEST(backend.changes().empty());
}

BOOST_FIXTURE_TEST_CASE(an_hr_system_that_is_down_or_refuses_us_is_unavailable, Hr) {
  auto message = message_of<samverkan::Unavailable>([&] { hr("wrong-token").employee("100234"); });
  BOOST_TEST(message.find(kBackend) == 0U, message);
  BOOST_TEST(message.find("refused our credentials") != std::string::npos, message);
  backend.forced_status = 503;
  BOOST_CHECK_THROW(hr().report_change(change("c-down")), samverkan::Unavailable);
  backend.forced_status = 0;
  backend.server().stop();
  message = message_of<samverkan::Unavailable>([&] { hr().employee("100234"); });
  BOOST_TEST(message.find(kBackend) == 0U, message);
}

BOOST_AUTO_TEST_SUITE_END()
