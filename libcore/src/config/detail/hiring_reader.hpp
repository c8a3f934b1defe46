#pragma once
// Internal to libcore: reading a member's <hiring> (xsd/hiring.xsd) for load_cooperation.

#include <optional>
#include <string>
#include <vector>

#include "config/detail/problems.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/xml/element.hpp"

namespace samverkan::config::detail {

/// The namespace of <hiring>: urn:samverkan:hiring:1.
inline constexpr std::string_view kHiringNamespace = "urn:samverkan:hiring:1";

/// One member's <hiring> as written, before adoption is resolved.
struct HiringDraft {
  HiringSettings settings;
  bool has_equipment = false;
  bool has_service_levels = false;
  bool has_contract = false;
};

/// Reads the <hiring> child of a <municipality> element, if any. Reports a unit ref that is not
/// one of `units` and a role naming a unit that is not a hiring unit.
std::optional<HiringDraft> read_hiring(Problems& problems, const xml::Element& municipality,
                                       const std::vector<Unit>& units, const std::string& member);

/// One member's part in resolving adoption.
struct HiringMember {
  std::string code;
  std::string name;  ///< how messages name it
  const std::vector<Board>* boards = nullptr;
  HiringDraft* hiring = nullptr;  ///< null: the member does not run the process
};

/// Resolves adoptedFrom (the pilot has hiring and adopts from nobody; the adopter inherits the
/// equipment, service levels and contract it does not give), then checks that every member
/// with hiring has a contract whose board is one of its own.
void resolve_hiring(Problems& problems, std::vector<HiringMember>& members);

}  // namespace samverkan::config::detail
