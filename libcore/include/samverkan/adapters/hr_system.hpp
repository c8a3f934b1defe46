#pragma once
/// HrSystem: the municipality's HR and payroll system (e.g. Personec P, Heroma, Hogia), seen by
/// the hiring process: look up an employment, report a change or a termination.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/adapters/idempotency_key.hpp"
#include "samverkan/adapters/order_receipt.hpp"
#include "samverkan/ids/personnummer.hpp"

namespace samverkan::adapters {

/// A reference to an employee's manager (närmaste chef).
struct ManagerRef {
  std::string employment_id{};  ///< the manager's employment id in the same HR system
  std::string name{};           ///< "Karin Lund"; may be empty when the system does not say
};

/// One employment (anställning) as the HR system holds it. A person with two employments has
/// two employment ids.
struct Employee {
  std::string employment_id{};        ///< anställningsnummer, the HR system's key
  std::string given_name{};           ///< förnamn
  std::string family_name{};          ///< efternamn
  ids::Personnummer personal_number;  ///< personnummer or samordningsnummer
  std::chrono::year_month_day start_date{};
  std::optional<std::chrono::year_month_day> end_date{};  ///< last day, for fixed-term employments
  std::string position{};                                 ///< befattning, "Undersköterska"
  std::string unit{};                                     ///< organisational unit (the HR system's code or name)
  std::optional<ManagerRef> manager{};
};

enum class EmploymentChangeKind {
  kChange,       ///< new position, unit or manager from the effective date
  kTermination,  ///< the employment ends; the effective date is the last day
};

/// "change" or "termination".
std::string_view to_string(EmploymentChangeKind kind) noexcept;

/// A change reported to the HR system (the manager's form in the hiring process).
struct EmploymentChange {
  IdempotencyKey idempotency_key;
  std::string employment_id{};
  EmploymentChangeKind kind = EmploymentChangeKind::kChange;
  std::chrono::year_month_day effective_date{};
  std::optional<std::string> new_position{};               ///< kChange only
  std::optional<std::string> new_unit{};                   ///< kChange only
  std::optional<std::string> new_manager_employment_id{};  ///< kChange only
};

/// Checks what every HrSystem requires of a change, before any backend is asked: a non-empty
/// employment id, a valid effective date; for kChange at least one new value, none of them
/// empty and the new manager not the employee; for kTermination no new values. Throws
/// samverkan::InvalidInput with the reason.
void validate(const EmploymentChange& change);

/// The HR system of one municipality.
///
/// Every method may be called from several threads at once. Errors:
///   - samverkan::InvalidInput: the request is wrong (malformed employment id, a change that
///     fails validate(), a termination before the start date); retrying fails again;
///   - samverkan::NotFound: no such employment;
///   - samverkan::Conflict: the idempotency key was used for a different change;
///   - samverkan::Unavailable: the HR system or its export cannot be reached or is unusable
///     right now; retrying later may work.
/// Messages never contain personal data (names, personnummer).
class HrSystem {
 public:
  static constexpr AdapterKind kKind = AdapterKind::kHrSystem;

  virtual ~HrSystem() = default;

  /// The employment with this id (a new hire's too, once HR has entered it).
  virtual Employee employee(std::string_view employment_id) = 0;

  /// Reports a change or termination. The receipt's id is the HR system's reference for it.
  virtual OrderReceipt report_change(const EmploymentChange& change) = 0;
};

}  // namespace samverkan::adapters
