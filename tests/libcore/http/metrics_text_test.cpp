// The Prometheus text format writer: the lines a scrape reads, escaping, and refused names.
#include <boost/test/unit_test.hpp>

#include <limits>
#include <string>

#include "samverkan/core/error.hpp"
#include "samverkan/http/metrics_text.hpp"

using namespace samverkan;
using Type = http::MetricsText::Type;

BOOST_AUTO_TEST_SUITE(metrics_text_test)

BOOST_AUTO_TEST_CASE(families_and_samples) {
  http::MetricsText out;
  out.family("samverkan_letters_total", "Letters by outcome", Type::kCounter);
  out.sample({{"outcome", "delivered"}}, 12);
  out.sample({{"outcome", "paper"}}, 0);
  out.family("samverkan_share", "A share", Type::kGauge);
  out.sample({}, 0.85);
  out.sample({{"a", "x"}, {"b", "y"}}, 1e21);
  BOOST_TEST(out.text() ==
             "# HELP samverkan_letters_total Letters by outcome\n"
             "# TYPE samverkan_letters_total counter\n"
             "samverkan_letters_total{outcome=\"delivered\"} 12\n"
             "samverkan_letters_total{outcome=\"paper\"} 0\n"
             "# HELP samverkan_share A share\n"
             "# TYPE samverkan_share gauge\n"
             "samverkan_share 0.85\n"
             "samverkan_share{a=\"x\",b=\"y\"} 1e+21\n");
  BOOST_TEST(std::string(http::MetricsText::kContentType) == "text/plain; version=0.0.4; charset=utf-8");
}

BOOST_AUTO_TEST_CASE(escapes_label_values_and_help_and_writes_special_values) {
  http::MetricsText out;
  out.family("m", "back\\slash", Type::kGauge);
  out.sample({{"v", "a\"b\\c\nd"}}, std::numeric_limits<double>::quiet_NaN());
  out.sample({{"v", "å"}}, std::numeric_limits<double>::infinity());
  out.sample({{"v", ""}}, -std::numeric_limits<double>::infinity());
  BOOST_TEST(out.text() ==
             "# HELP m back\\\\slash\n# TYPE m gauge\n"
             "m{v=\"a\\\"b\\\\c\\nd\"} NaN\n"
             "m{v=\"å\"} +Inf\n"
             "m{v=\"\"} -Inf\n");
}

BOOST_AUTO_TEST_CASE(refuses_bad_names_and_orphan_samples) {
  http::MetricsText out;
  BOOST_CHECK_THROW(out.sample({}, 1), InternalError);
  BOOST_CHECK_THROW(out.family("1st", "x", Type::kGauge), InternalError);
  BOOST_CHECK_THROW(out.family("with-dash", "x", Type::kGauge), InternalError);
  BOOST_CHECK_THROW(out.family("", "x", Type::kGauge), InternalError);
  BOOST_CHECK_THROW(out.family("ok", "two\nlines", Type::kGauge), InternalError);
  out.family("ns:ok_1", "colons are allowed in names", Type::kGauge);
  BOOST_CHECK_THROW(out.family("ns:ok_1", "again", Type::kGauge), InternalError);
  BOOST_CHECK_THROW(out.sample({{"__reserved", "x"}}, 1), InternalError);
  BOOST_CHECK_THROW(out.sample({{"no:colon", "x"}}, 1), InternalError);
  BOOST_CHECK_THROW(out.sample({{"", "x"}}, 1), InternalError);
  out.sample({{"_ok", "x"}}, 1);
  BOOST_TEST(out.text().ends_with("ns:ok_1{_ok=\"x\"} 1\n"));
}

BOOST_AUTO_TEST_SUITE_END()
