// `samverkan calendar ...` through the real binary: output format, exit codes, errors.
#include <boost/test/unit_test.hpp>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Run {
  int code;
  std::string out;
  std::string err;
};

Run samverkan_binary(const std::vector<std::string>& args) {
  Poco::Pipe out_pipe, err_pipe;
  auto handle = Poco::Process::launch(SAMVERKAN_BINARY, args, nullptr, &out_pipe, &err_pipe);
  Poco::PipeInputStream out(out_pipe);
  std::string out_text((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  Poco::PipeInputStream err(err_pipe);
  std::string err_text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  return {handle.wait(), out_text, err_text};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(calendar_cli_test)

BOOST_AUTO_TEST_CASE(holidays_prints_one_date_and_name_a_line) {
  const auto run = samverkan_binary({"calendar", "holidays", "2026"});
  BOOST_TEST(run.code == 0);
  BOOST_TEST(run.err.empty());
  const std::string expected =
      "2026-01-01 nyårsdagen\n"
      "2026-01-06 trettondedag jul\n"
      "2026-04-03 långfredagen\n"
      "2026-04-05 påskdagen\n"
      "2026-04-06 annandag påsk\n"
      "2026-05-01 första maj\n"
      "2026-05-14 Kristi himmelsfärds dag\n"
      "2026-05-24 pingstdagen\n"
      "2026-06-06 nationaldagen\n"
      "2026-06-20 midsommardagen\n"
      "2026-10-31 alla helgons dag\n"
      "2026-12-25 juldagen\n"
      "2026-12-26 annandag jul\n";
  BOOST_TEST(run.out == expected);
}

BOOST_AUTO_TEST_CASE(appeal_deadline_prints_the_date_alone) {
  const auto christmas = samverkan_binary({"calendar", "appeal-deadline", "--posted", "2025-12-03"});
  BOOST_TEST(christmas.code == 0);
  BOOST_TEST(christmas.out == "2025-12-29\n");
  const auto ordinary = samverkan_binary({"calendar", "appeal-deadline", "--posted", "2026-11-24"});
  BOOST_TEST(ordinary.out == "2026-12-15\n");
}

BOOST_AUTO_TEST_CASE(bad_input_exits_1_with_the_reason) {
  const auto bad_date = samverkan_binary({"calendar", "appeal-deadline", "--posted", "2026-02-30"});
  BOOST_TEST(bad_date.code == 1);
  BOOST_TEST(bad_date.out.empty());
  BOOST_TEST(bad_date.err.find("--posted is not a calendar date") != std::string::npos, bad_date.err);
  const auto garbage = samverkan_binary({"calendar", "appeal-deadline", "--posted", "tomorrow"});
  BOOST_TEST(garbage.code == 1);
  BOOST_TEST(garbage.err.find("YYYY-MM-DD") != std::string::npos);
  const auto bad_year = samverkan_binary({"calendar", "holidays", "20x6"});
  BOOST_TEST(bad_year.code == 1);
  BOOST_TEST(bad_year.err.find("four digits") != std::string::npos);
  const auto old_year = samverkan_binary({"calendar", "holidays", "1900"});
  BOOST_TEST(old_year.code == 1);
  BOOST_TEST(old_year.err.find("1953") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_usage_exits_2) {
  BOOST_TEST(samverkan_binary({"calendar", "holidays"}).code == 2);
  BOOST_TEST(samverkan_binary({"calendar", "appeal-deadline"}).code == 2);
  BOOST_TEST(samverkan_binary({"calendar", "easter", "2026"}).code == 2);
  BOOST_TEST(samverkan_binary({"calendar"}).code == 2);
  const auto help = samverkan_binary({"calendar", "--help"});
  BOOST_TEST(help.code == 0);
  BOOST_TEST(help.out.find("appeal-deadline") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
