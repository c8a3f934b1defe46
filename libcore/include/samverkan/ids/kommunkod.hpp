#pragma once
/// Kommunkod: SCB's 4-digit municipality code; the first two digits are the county (län) code.

#include <string>
#include <string_view>
#include <utility>

namespace samverkan::ids {

/// A municipality code whose county part is one of the 21 county codes (01, 03..10, 12..14,
/// 17..25). The municipality part is not checked against SCB's list: a code such as "0199" in a
/// valid county is accepted.
class Kommunkod {
 public:
  /// Parses "0199". Surrounding ASCII whitespace is ignored. Throws samverkan::InvalidInput
  /// whose message says what is wrong (length, non-digit, unknown county code).
  static Kommunkod parse(std::string_view text);

  const std::string& str() const noexcept { return code_; }       ///< "0199"
  std::string county_code() const { return code_.substr(0, 2); }  ///< "06"
  /// The county's (län) name, e.g. "Stockholms län" for "0199" (UTF-8).
  std::string_view county_name() const noexcept;

  friend bool operator==(const Kommunkod&, const Kommunkod&) = default;
  friend auto operator<=>(const Kommunkod&, const Kommunkod&) = default;

 private:
  explicit Kommunkod(std::string code) : code_(std::move(code)) {}
  std::string code_;
};

}  // namespace samverkan::ids
