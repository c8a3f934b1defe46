#pragma once
/// HSA-id: the identity of a person, unit or function in the HSA catalogue of Swedish health
/// care, "SE" + the organisation number of the responsible organisation + "-" + a local part,
/// e.g. "SE2321000016-1234".

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "samverkan/ids/organisationsnummer.hpp"

namespace samverkan::ids {

class HsaId {
 public:
  /// The longest HSA-id allowed, in characters.
  static constexpr std::size_t kMaxLength = 31;

  /// Parses "SE" + organisation number + "-" + local part. The organisation number is 10 digits
  /// without '-' (or 12 with the "16" prefix, which some issuers use) and must be valid by
  /// Organisationsnummer's rules; the local part is one or more of [A-Za-z0-9]; the whole is at
  /// most kMaxLength characters. "SE" must be upper case; the value is kept as written (no case
  /// folding). Surrounding ASCII whitespace is ignored. Throws samverkan::InvalidInput with the
  /// reason (length, "SE", missing '-', the organisation number's own reason, local part).
  static HsaId parse(std::string_view text);

  const std::string& str() const noexcept { return id_; }  ///< "SE2321000016-1234"
  /// The organisation part, e.g. 2321000016.
  const Organisationsnummer& organisation() const noexcept { return organisation_; }
  /// The part after the first '-', e.g. "1234".
  std::string_view local_part() const noexcept;

  friend bool operator==(const HsaId& a, const HsaId& b) noexcept { return a.id_ == b.id_; }

 private:
  HsaId(std::string id, Organisationsnummer organisation)
      : id_(std::move(id)), organisation_(std::move(organisation)) {}

  std::string id_;
  Organisationsnummer organisation_;
};

}  // namespace samverkan::ids
