#include "samverkan/adapters/adapter_kind.hpp"

namespace samverkan::adapters {

std::string_view to_string(AdapterKind kind) noexcept {
  switch (kind) {
    case AdapterKind::kHrSystem:
      return "HrSystem";
    case AdapterKind::kPropertyAccess:
      return "PropertyAccess";
    case AdapterKind::kItServiceDesk:
      return "ItServiceDesk";
    case AdapterKind::kPermissionSystem:
      return "PermissionSystem";
    case AdapterKind::kPrintVendor:
      return "PrintVendor";
    case AdapterKind::kCaseSystem:
      return "CaseSystem";
  }
  return "unknown";
}

std::optional<AdapterKind> adapter_kind_from_string(std::string_view name) noexcept {
  for (const AdapterKind kind : kAllAdapterKinds) {
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

}  // namespace samverkan::adapters
