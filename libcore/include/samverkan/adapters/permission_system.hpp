#pragma once
/// PermissionSystem: role assignments in business systems (verksamhetssystem), through the
/// identity management that provisions them (e.g. a MIM or Omada connector).

#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/account_activation.hpp"
#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/adapters/idempotency_key.hpp"
#include "samverkan/adapters/order_receipt.hpp"

namespace samverkan::adapters {

/// One named role in one named business system, e.g. system "procapita", role "handläggare".
struct Role {
  std::string system{};  ///< the business system's key in the permission system
  std::string role{};    ///< the role's key within that system

  friend bool operator==(const Role&, const Role&) = default;
  friend auto operator<=>(const Role&, const Role&) = default;
};

/// A request to grant or revoke a role for a user account.
struct RoleAssignment {
  IdempotencyKey idempotency_key;
  std::string user_account{};  ///< the account name, "anan01" (or the account's HSA-id)
  Role role{};
  std::string reason{};  ///< why, for the system's log; no personal data ("new hire KS 2026/17")
};

/// Checks what every PermissionSystem requires, before any backend is asked: an account of
/// 1..64 characters A-Z a-z 0-9 '.' '_' '-' '@', a system and a role of 1..64 printable
/// characters without '/' or control characters. Throws samverkan::InvalidInput.
void validate(const RoleAssignment& assignment);

/// Role assignments for one municipality's users.
///
/// Granting a role the account already holds, or revoking one it does not hold, succeeds
/// without change: the end state is what counts. Every method may be called from several
/// threads at once. Errors:
///   - samverkan::InvalidInput: the request is wrong (see validate), or the system or role is
///     unknown to the permission system;
///   - samverkan::NotFound: no such user account;
///   - samverkan::Conflict: the idempotency key was used for a different request;
///   - samverkan::Unavailable: the permission system cannot be reached.
class PermissionSystem {
 public:
  static constexpr AdapterKind kKind = AdapterKind::kPermissionSystem;

  virtual ~PermissionSystem() = default;

  virtual OrderReceipt grant(const RoleAssignment& assignment) = 0;
  virtual OrderReceipt revoke(const RoleAssignment& assignment) = 0;
  /// The roles the account holds now, sorted.
  virtual std::vector<Role> roles(std::string_view user_account) = 0;
  /// The account has been taken into use (hiring: the new employee activated it): its roles
  /// take effect in the business systems. Activating an active account succeeds without change.
  virtual OrderReceipt activate_account(const AccountActivation& activation) = 0;
};

}  // namespace samverkan::adapters
