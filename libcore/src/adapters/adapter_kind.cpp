#include "samverkan/adapters/adapter_kind.hpp"

namespace samverkan::adapters {
namespace {

struct Names {
  std::string_view type;
  std::string_view element;
  std::string_view noun;
};

Names names(AdapterKind kind) noexcept {
  switch (kind) {
    case AdapterKind::kHrSystem:
      return {"HrSystem", "hrSystem", "HR system"};
    case AdapterKind::kPropertyAccess:
      return {"PropertyAccess", "propertyAccess", "property access system"};
    case AdapterKind::kItServiceDesk:
      return {"ItServiceDesk", "itServiceDesk", "IT service desk"};
    case AdapterKind::kPermissionSystem:
      return {"PermissionSystem", "permissionSystem", "permission system"};
    case AdapterKind::kPrintVendor:
      return {"PrintVendor", "printVendor", "print vendor"};
    case AdapterKind::kCaseSystem:
      return {"CaseSystem", "caseSystem", "case system"};
    case AdapterKind::kSmsGateway:
      return {"SmsGateway", "smsGateway", "SMS gateway"};
  }
  return {"unknown", "unknown", "unknown system"};
}

}  // namespace

std::string_view to_string(AdapterKind kind) noexcept { return names(kind).type; }

std::optional<AdapterKind> adapter_kind_from_string(std::string_view name) noexcept {
  for (const AdapterKind kind : kAllAdapterKinds) {
    if (names(kind).type == name) return kind;
  }
  return std::nullopt;
}

std::string_view element_name(AdapterKind kind) noexcept { return names(kind).element; }

std::optional<AdapterKind> adapter_kind_from_element(std::string_view local_name) noexcept {
  for (const AdapterKind kind : kAllAdapterKinds) {
    if (names(kind).element == local_name) return kind;
  }
  return std::nullopt;
}

std::string_view describe(AdapterKind kind) noexcept { return names(kind).noun; }

}  // namespace samverkan::adapters
