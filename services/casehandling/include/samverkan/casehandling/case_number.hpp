#pragma once
/// A registration number (diarienummer): "<prefix> <year>/<number>", e.g. "KS 2026/142".
/// Numbers run per municipality, per board diary (the prefix) and per year, from 1.

#include <compare>
#include <string>
#include <string_view>

namespace samverkan::casehandling {

struct CaseNumber {
  std::string prefix;  ///< the board's diary prefix: 1-16 upper-case letters A-Z, Å, Ä, Ö
  int year = 0;        ///< four digits
  int number = 0;      ///< from 1

  /// "KS 2026/142".
  std::string str() const;

  /// Parses "KS 2026/142" (one space; leading zeros in the number are refused). Throws
  /// samverkan::InvalidInput with the reason.
  static CaseNumber parse(std::string_view text);

  friend auto operator<=>(const CaseNumber&, const CaseNumber&) = default;
  friend bool operator==(const CaseNumber&, const CaseNumber&) = default;
};

/// True for a valid diary prefix (see CaseNumber::prefix).
bool is_valid_prefix(std::string_view prefix);

}  // namespace samverkan::casehandling
