#pragma once
/// The municipal roles as a list, for forms that offer them all (the administrator's staff
/// pages). Names and parsing are principal.hpp's.

#include <vector>

#include "samverkan/security/principal.hpp"

namespace samverkan::security {

/// Every role, in the order of the Role enumeration.
std::vector<Role> all_roles();

}  // namespace samverkan::security
