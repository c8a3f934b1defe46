#include "samverkan/adapters/permission_system.hpp"

#include "adapters/detail/text_checks.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::adapters {

void validate(const RoleAssignment& assignment) {
  const auto& account = assignment.user_account;
  if (account.empty() || account.size() > 64 || !detail::is_ascii_word(account, "._-@")) {
    throw InvalidInput("user account must be 1..64 characters A-Z a-z 0-9 . _ - @");
  }
  detail::check_text(assignment.role.system, "business system", 64);
  detail::check_text(assignment.role.role, "role", 64);
  if (assignment.role.system.find('/') != std::string::npos || assignment.role.role.find('/') != std::string::npos) {
    throw InvalidInput("business system and role must not contain '/'");
  }
  detail::check_optional_text(assignment.reason, "reason", 200);
}

}  // namespace samverkan::adapters
