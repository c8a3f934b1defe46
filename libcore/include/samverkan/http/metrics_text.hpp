#pragma once
/// Metrics in the Prometheus text exposition format (version 0.0.4), as a scrape reads them:
///
///   http::MetricsText out;
///   out.family("samverkan_eservice_survey_answers", "Survey answers this year", http::MetricsText::Type::kGauge);
///   out.sample({{"municipality", "0199"}, {"service", "felanmalan"}}, 12);
///   return http::Response{200, std::string(http::MetricsText::kContentType), out.text(), {}};
///
/// Names are checked, label values escaped (backslash, double quote, line feed), values
/// written as Prometheus parses them (shortest round-trip form; NaN, +Inf, -Inf). Labels never
/// carry personal data: the caller's rule, stated here because nothing else can check it.

#include <functional>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace samverkan::http {

class MetricsText {
 public:
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  enum class Type { kCounter, kGauge, kHistogram };

  using Label = std::pair<std::string_view, std::string_view>;

  /// Begins a metric family: its # HELP and # TYPE lines. samverkan::InternalError for a name
  /// that is not [a-zA-Z_:][a-zA-Z0-9_:]*, a help text with a line break, or a family begun
  /// twice.
  void family(std::string_view name, std::string_view help, Type type);

  /// A sample of the family begun last. samverkan::InternalError before any family, or for a
  /// label name that is not [a-zA-Z_][a-zA-Z0-9_]* (or starts with "__").
  void sample(std::initializer_list<Label> labels, double value);
  /// A sample of the family begun last named with `suffix` ("_bucket", "_sum", "_count" of a
  /// histogram). Checked as sample().
  void sample(std::string_view suffix, std::initializer_list<Label> labels, double value);

  /// Everything so far, each line ending in a line feed.
  const std::string& text() const noexcept { return text_; }

 private:
  std::string text_;
  std::string current_;  ///< the family begun last
  std::set<std::string, std::less<>> families_;
};

}  // namespace samverkan::http
