#include "samverkan/ids/hsa_id.hpp"

#include "samverkan/core/error.hpp"
#include "samverkan/ids/text.hpp"

namespace samverkan::ids {
namespace {

constexpr bool is_ascii_alnum(char c) noexcept {
  return is_ascii_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

HsaId HsaId::parse(std::string_view text) {
  const std::string_view id = trim_ascii_whitespace(text);
  if (id.empty()) throw InvalidInput("HSA-id is empty");
  if (id.size() > kMaxLength) {
    throw InvalidInput("HSA-id is " + std::to_string(id.size()) + " characters long, at most " +
                       std::to_string(kMaxLength) + " allowed");
  }
  if (!id.starts_with("SE")) throw InvalidInput("HSA-id must start with SE");

  const std::size_t dash = id.find('-', 2);
  if (dash == std::string_view::npos) {
    throw InvalidInput("HSA-id must have a '-' between the organisation number and the local part");
  }
  // The organisation part is digits only: checked here so that Organisationsnummer::parse, which
  // trims and allows its own '-', sees nothing else.
  const std::string_view org_part = id.substr(2, dash - 2);
  for (std::size_t i = 0; i < org_part.size(); ++i) {
    if (!is_ascii_digit(org_part[i])) {
      throw InvalidInput("HSA-id organisation number has invalid character " + describe_char(org_part[i]) +
                         " at position " + std::to_string(i + 3));
    }
  }
  if (org_part.size() != 10 && org_part.size() != 12) {
    throw InvalidInput("HSA-id organisation number must be 10 digits (12 with the 16 prefix), got " +
                       std::to_string(org_part.size()));
  }
  Organisationsnummer organisation = [&] {
    try {
      return Organisationsnummer::parse(org_part);
    } catch (const InvalidInput& e) {
      throw InvalidInput(std::string("HSA-id: ") + e.what());
    }
  }();

  const std::string_view local = id.substr(dash + 1);
  if (local.empty()) throw InvalidInput("HSA-id local part after '-' is empty");
  for (std::size_t i = 0; i < local.size(); ++i) {
    if (!is_ascii_alnum(local[i])) {
      throw InvalidInput("HSA-id local part has invalid character " + describe_char(local[i]) + " at position " +
                         std::to_string(dash + 2 + i) + " (letters A-Z, a-z and digits allowed)");
    }
  }
  return HsaId(std::string(id), std::move(organisation));
}

std::string_view HsaId::local_part() const noexcept {
  // parse() guarantees a '-' after "SE".
  return std::string_view(id_).substr(id_.find('-') + 1);
}

}  // namespace samverkan::ids
