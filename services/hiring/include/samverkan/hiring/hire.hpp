#pragma once
/// The hiring process's values: the manager's form as typed, a hire as it is read back, its
/// orders, and the requests that change or end an employment.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/clock.hpp"

namespace samverkan::hiring {

/// What a new hire orders, and from which system.
enum class OrderKind {
  kEmployment,   ///< the HR system registers (or changes, or ends) the employment
  kAccount,      ///< the IT service desk creates (or activates) the user account
  kEquipment,    ///< the IT service desk delivers (or takes back) phone and computer
  kCard,         ///< the property access system makes (or revokes) the access card
  kPermissions,  ///< the permission system grants (or revokes) roles in business systems
};

/// "employment", "account", "equipment", "card", "permissions".
std::string_view to_string(OrderKind kind) noexcept;
/// Throws samverkan::InvalidInput for anything to_string does not give.
OrderKind parse_order_kind(std::string_view text);
/// Every kind, in the order above.
inline constexpr OrderKind kAllOrderKinds[] = {OrderKind::kEmployment, OrderKind::kAccount, OrderKind::kEquipment,
                                               OrderKind::kCard, OrderKind::kPermissions};

enum class OrderStatus {
  kOrdered,    ///< waiting to be placed, or placed and not yet taken by the system
  kConfirmed,  ///< the system took the order (its reference is known)
  kDone,       ///< the system carried it out
  kFailed,     ///< the system refused it for good (failure says why)
  kOverdue,    ///< not done when due
  kCancelled,  ///< superseded before it ran (an extended fixed-term employment)
};

/// "ordered", "confirmed", "done", "failed", "overdue", "cancelled".
std::string_view to_string(OrderStatus status) noexcept;
OrderStatus parse_order_status(std::string_view text);

enum class HireStatus {
  kSubmitted,  ///< the form is in; orders are out
  kReady,      ///< every order of the hire is done: ready for day one
  kEnding,     ///< a termination, or the end of a fixed-term employment, is scheduled
  kEnded,      ///< the employment has ended and everything is revoked
};

std::string_view to_string(HireStatus status) noexcept;
HireStatus parse_hire_status(std::string_view text);

/// The contract's way: drawn up (PDF), registered (diary), sent (mailbox), signed (BankID).
enum class ContractState { kNone, kDrawnUp, kRegistered, kSent, kSigned, kFailed };

std::string_view to_string(ContractState state) noexcept;
ContractState parse_contract_state(std::string_view text);

/// The manager's form as typed: text as entered, so that a draft keeps what was typed and the
/// checks can name the field (validate_form, hiring_service.hpp). Dates are YYYY-MM-DD.
struct HireForm {
  std::string given_name{};
  std::string family_name{};
  std::string personnummer{};  ///< personnummer or samordningsnummer, any accepted form
  std::string private_email{};
  std::string mobile{};
  bool protected_identity = false;  ///< skyddad identitet: no paper letter with an address
  std::string street{};             ///< postal address for a paper contract; optional
  std::string postal_code{};
  std::string city{};
  std::string employment_type{};  ///< "permanent", "fixed-term", "hourly"
  std::string start_date{};
  std::string end_date{};                 ///< required for fixed-term
  std::string title{};                    ///< befattning, "Undersköterska"
  std::string unit{};                     ///< a hiring unit's id
  std::vector<std::string> equipment{};   ///< article ids of the member's catalogue
  std::vector<std::string> card_areas{};  ///< zones of the member's card areas
  std::vector<std::string> roles{};       ///< "system/role" of the member's permission catalogue
  std::string employment_rate{};          ///< percent, "100"
  std::string monthly_salary{};           ///< SEK, "32000"; may be empty for hourly
  std::string other_terms{};              ///< free text for the contract; may be empty
};

/// One problem with a form field: the field's name as in HireForm's JSON ("startDate") and a
/// message a person can act on (Swedish, as the pages show it).
struct FieldError {
  std::string field{};
  std::string message{};
};

/// A role in a business system.
struct RoleRef {
  std::string system{};
  std::string role{};
  friend bool operator==(const RoleRef&, const RoleRef&) = default;
  friend auto operator<=>(const RoleRef&, const RoleRef&) = default;
};

struct Order {
  long long id = 0;
  std::string purpose{};  ///< "hire", "change1", "termination", "end-20270816", "activation"
  OrderKind kind = OrderKind::kEmployment;
  OrderStatus status = OrderStatus::kOrdered;
  std::string key{};        ///< the idempotency key the system got
  std::string summary{};    ///< what it carries, for people: "Mobiltelefon, Bärbar dator"; no personal data
  std::string reference{};  ///< the system's id of it (ticket, order); empty before it is confirmed
  std::string failure{};    ///< why it failed
  Clock::TimePoint run_at{};
  Clock::TimePoint due_at{};
  Clock::TimePoint at_risk_at{};
  Clock::TimePoint created_at{};
  std::optional<Clock::TimePoint> confirmed_at{};
  std::optional<Clock::TimePoint> done_at{};
  std::optional<Clock::TimePoint> escalated_at{};  ///< when the manager and HR were told it is late

  /// Done minus created, once done.
  std::optional<std::chrono::seconds> lead_time() const;
};

struct Contract {
  ContractState state = ContractState::kNone;
  std::string sha256{};       ///< of the PDF, once drawn up
  std::string case_number{};  ///< the personnel case in the diary, once registered
  std::string letter{};       ///< the mailbox service's letter id, once sent
  std::optional<Clock::TimePoint> signed_at{};
};

/// A hire as its page shows it. Reading one is audited ("hire.read").
struct Hire {
  std::string id{};  ///< the employment id, YYYY + 6 digits
  HireStatus status = HireStatus::kSubmitted;
  std::string given_name{};
  std::string family_name{};
  std::string personnummer{};  ///< 12 digits
  std::string private_email{};
  std::string mobile{};
  bool protected_identity = false;
  std::string street{};
  std::string postal_code{};
  std::string city{};
  std::string employment_type{};
  std::string start_date{};
  std::string end_date{};  ///< empty: open-ended
  std::string title{};
  std::string unit{};
  std::string unit_name{};
  std::string workplace{};
  std::string manager{};       ///< the manager's user id
  std::string manager_name{};  ///< as HR recorded it
  std::string account{};       ///< the user account name
  std::vector<std::string> equipment{};
  std::vector<std::string> card_areas{};
  std::vector<RoleRef> roles{};  ///< what the hire holds (or will hold once the orders are done)
  int employment_rate = 100;
  int monthly_salary = 0;
  std::string other_terms{};
  Clock::TimePoint submitted_at{};
  std::optional<Clock::TimePoint> ready_at{};
  std::optional<Clock::TimePoint> ended_at{};
  Contract contract{};
  std::vector<Order> orders{};

  /// ready_at minus submitted_at: from the form to ready for day one.
  std::optional<std::chrono::seconds> lead_time() const;
};

/// A hire in a list: no more personal data than the name.
struct HireSummary {
  std::string id{};
  HireStatus status = HireStatus::kSubmitted;
  std::string given_name{};
  std::string family_name{};
  std::string title{};
  std::string unit{};
  std::string start_date{};
  std::string manager{};
  Clock::TimePoint submitted_at{};
  std::optional<Clock::TimePoint> ready_at{};
  ContractState contract = ContractState::kNone;
  int orders = 0;       ///< of the hire's own orders (purpose hire)
  int orders_done = 0;  ///< of those, done
  int late = 0;         ///< orders (any purpose) overdue or escalated and not done
  int failed = 0;
};

/// Filters of the list; empty values do not filter.
struct HireFilter {
  std::optional<HireStatus> status{};
  std::string unit{};
  bool late_only = false;     ///< only hires with an order overdue or at risk (escalated)
  std::string starts_from{};  ///< YYYY-MM-DD: start date on or after
  std::string starts_to{};    ///< YYYY-MM-DD: start date on or before
  std::size_t limit = 100;    ///< 1..500
  std::size_t offset = 0;
};

/// Median lead times over the hires a principal sees, for the dashboard.
struct LeadTimes {
  int hires_ready = 0;
  std::optional<std::chrono::seconds> hire_median{};  ///< form to ready for day one
  /// Per order kind of the hires' own orders: form to done.
  std::vector<std::pair<OrderKind, std::chrono::seconds>> kind_medians{};
};

/// A change of unit or title (and roles), from a date; or the extension of a fixed-term
/// employment (a later end date).
struct ChangeRequest {
  std::string effective_date{};             ///< YYYY-MM-DD, not before the start date
  std::string unit{};                       ///< the new unit; empty: unchanged
  std::string title{};                      ///< the new title; empty: unchanged
  std::vector<std::string> add_roles{};     ///< "system/role" to grant as well
  std::vector<std::string> remove_roles{};  ///< "system/role" to revoke
  std::string end_date{};                   ///< a fixed-term employment's new last day (an extension); empty: unchanged
};

/// What a change did.
struct ChangeResult {
  std::string purpose{};  ///< "change3"
  std::vector<RoleRef> granted{};
  std::vector<RoleRef> revoked{};
};

/// The end of an employment: its last day.
struct TerminationRequest {
  std::string last_day{};  ///< YYYY-MM-DD, not before the start date
};

/// A manager's hiring profile, kept by HR.
struct Manager {
  std::string user_id{};  ///< HSA-id or user name, as the staff principal names them
  std::string name{};
  std::string email{};
  std::vector<std::string> units{};
};

}  // namespace samverkan::hiring
