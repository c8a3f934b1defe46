#include <algorithm>
#include <array>
#include <utility>

#include "samverkan/core/error.hpp"
#include "samverkan/hiring/hire.hpp"

namespace samverkan::hiring {
namespace {

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) noexcept {
  for (const auto& [entry, name] : table) {
    if (entry == value) return name;
  }
  return table.front().second;
}

template <typename Enum, std::size_t N>
Enum parse_name(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view text,
                std::string_view what) {
  for (const auto& [entry, name] : table) {
    if (name == text) return entry;
  }
  std::string known;
  for (const auto& entry : table) known += (known.empty() ? "" : ", ") + std::string(entry.second);
  throw InvalidInput("unknown " + std::string(what) + " '" + std::string(text.substr(0, 40)) + "'; known: " + known);
}

constexpr std::array<std::pair<OrderKind, std::string_view>, 5> kKinds = {{
    {OrderKind::kEmployment, "employment"},
    {OrderKind::kAccount, "account"},
    {OrderKind::kEquipment, "equipment"},
    {OrderKind::kCard, "card"},
    {OrderKind::kPermissions, "permissions"},
}};

constexpr std::array<std::pair<OrderStatus, std::string_view>, 6> kOrderStatuses = {{
    {OrderStatus::kOrdered, "ordered"},
    {OrderStatus::kConfirmed, "confirmed"},
    {OrderStatus::kDone, "done"},
    {OrderStatus::kFailed, "failed"},
    {OrderStatus::kOverdue, "overdue"},
    {OrderStatus::kCancelled, "cancelled"},
}};

constexpr std::array<std::pair<HireStatus, std::string_view>, 4> kHireStatuses = {{
    {HireStatus::kSubmitted, "submitted"},
    {HireStatus::kReady, "ready"},
    {HireStatus::kEnding, "ending"},
    {HireStatus::kEnded, "ended"},
}};

constexpr std::array<std::pair<ContractState, std::string_view>, 6> kContractStates = {{
    {ContractState::kNone, "none"},
    {ContractState::kDrawnUp, "drawn-up"},
    {ContractState::kRegistered, "registered"},
    {ContractState::kSent, "sent"},
    {ContractState::kSigned, "signed"},
    {ContractState::kFailed, "failed"},
}};

}  // namespace

std::string_view to_string(OrderKind kind) noexcept { return name_of(kKinds, kind); }
OrderKind parse_order_kind(std::string_view text) { return parse_name(kKinds, text, "order kind"); }
std::string_view to_string(OrderStatus status) noexcept { return name_of(kOrderStatuses, status); }
OrderStatus parse_order_status(std::string_view text) { return parse_name(kOrderStatuses, text, "order status"); }
std::string_view to_string(HireStatus status) noexcept { return name_of(kHireStatuses, status); }
HireStatus parse_hire_status(std::string_view text) { return parse_name(kHireStatuses, text, "hire status"); }
std::string_view to_string(ContractState state) noexcept { return name_of(kContractStates, state); }
ContractState parse_contract_state(std::string_view text) {
  return parse_name(kContractStates, text, "contract state");
}

std::optional<std::chrono::seconds> Order::lead_time() const {
  if (!done_at) return std::nullopt;
  return std::chrono::floor<std::chrono::seconds>(*done_at - created_at);
}

std::optional<std::chrono::seconds> Hire::lead_time() const {
  if (!ready_at) return std::nullopt;
  return std::chrono::floor<std::chrono::seconds>(*ready_at - submitted_at);
}

}  // namespace samverkan::hiring
