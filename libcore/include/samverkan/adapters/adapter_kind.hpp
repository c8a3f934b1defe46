#pragma once
/// The kinds of adapter a municipality can provide: one abstract interface each.

#include <array>
#include <optional>
#include <string_view>

namespace samverkan::adapters {

/// One value per adapter interface. The registry holds at most one adapter per municipality and
/// kind.
enum class AdapterKind {
  kHrSystem,          ///< HrSystem: employments (HR and payroll system)
  kPropertyAccess,    ///< PropertyAccess: access cards (passerkort)
  kItServiceDesk,     ///< ItServiceDesk: equipment orders
  kPermissionSystem,  ///< PermissionSystem: roles in business systems
  kPrintVendor,       ///< PrintVendor: print and post of letters
  kCaseSystem,        ///< CaseSystem: registration in the diary (diarium)
  kSmsGateway,        ///< SmsGateway: text messages to citizens' mobile phones
};

/// Every kind, in declaration order.
inline constexpr std::array<AdapterKind, 7> kAllAdapterKinds = {
    AdapterKind::kHrSystem,         AdapterKind::kPropertyAccess, AdapterKind::kItServiceDesk,
    AdapterKind::kPermissionSystem, AdapterKind::kPrintVendor,    AdapterKind::kCaseSystem,
    AdapterKind::kSmsGateway,
};

/// The interface's name, "HrSystem", "PropertyAccess", ...: used in messages.
std::string_view to_string(AdapterKind kind) noexcept;

/// The kind named `name` exactly as to_string spells it, if any.
std::optional<AdapterKind> adapter_kind_from_string(std::string_view name) noexcept;

/// The element that binds the kind in the cooperation file (xsd/adapters.xsd): "hrSystem",
/// "propertyAccess", "itServiceDesk", "permissionSystem", "printVendor", "caseSystem", "smsGateway".
std::string_view element_name(AdapterKind kind) noexcept;

/// The kind bound by the element `local_name`, if any.
std::optional<AdapterKind> adapter_kind_from_element(std::string_view local_name) noexcept;

/// How messages name a backend of the kind: "HR system", "property access system", "IT service
/// desk", "permission system", "print vendor", "case system", "SMS gateway".
std::string_view describe(AdapterKind kind) noexcept;

}  // namespace samverkan::adapters
