#pragma once
/// The activation of a new employee's user account: the employee has signed in (with BankID,
/// before the first day) and taken the account into use. The IT service desk opens the
/// account for sign-in; the permission system lets the roles granted to it take effect.

#include <string>

#include "samverkan/adapters/idempotency_key.hpp"

namespace samverkan::adapters {

struct AccountActivation {
  IdempotencyKey idempotency_key;
  std::string account{};        ///< the account name given when it was ordered, "anan01"
  std::string employment_id{};  ///< the employment the account belongs to
};

/// Checks an account name (1..64 characters A-Z a-z 0-9 '.' '_' '-' '@', as validate(RoleAssignment))
/// and an employment id (1..32 characters). Throws samverkan::InvalidInput.
void validate(const AccountActivation& activation);

}  // namespace samverkan::adapters
