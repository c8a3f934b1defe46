#pragma once
/// Organisationsnummer: 10 digits NNNNNN-NNNC, Luhn over all ten, third digit >= 2,
/// optional "16" prefix (the 12-digit form used by Mina meddelanden).

#include <string>
#include <string_view>
#include <utility>

namespace samverkan::ids {

/// Legal-form group, from the first digit.
enum class LegalFormGroup {
  kEstate = 1,   ///< dödsbo
  kPublic = 2,   ///< stat, region, kommun, församling
  kForeign = 3,  ///< utländskt företag
  kUnknown = 4,
  kLimitedCompany = 5,     ///< aktiebolag
  kSimplePartnership = 6,  ///< enkelt bolag
  kEconomicAssociation = 7,
  kNonProfit = 8,    ///< ideell förening, stiftelse
  kPartnership = 9,  ///< handels-/kommanditbolag
};

/// English description with the Swedish term, e.g. "limited company (aktiebolag)".
std::string_view to_string(LegalFormGroup group) noexcept;

class Organisationsnummer {
 public:
  /// Accepts "NNNNNN-NNNN", "NNNNNNNNNN", "16NNNNNNNNNN" and "16NNNNNN-NNNN".
  /// Surrounding ASCII whitespace is ignored; whitespace inside is rejected. Throws
  /// samverkan::InvalidInput with the reason (length, characters, prefix, first digit 0,
  /// third digit, check digit). A sole trader's personnummer is not an organisation number
  /// here (its third digit is a month digit, 0 or 1).
  static Organisationsnummer parse(std::string_view text);

  const std::string& digits() const noexcept { return digits_; }  ///< "2120000142"
  std::string formatted() const;                                  ///< "212000-0142"
  std::string with_prefix() const;                                ///< "162120000142"
  LegalFormGroup legal_form_group() const noexcept;               ///< from the first digit

  friend bool operator==(const Organisationsnummer&, const Organisationsnummer&) = default;

 private:
  explicit Organisationsnummer(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

}  // namespace samverkan::ids
