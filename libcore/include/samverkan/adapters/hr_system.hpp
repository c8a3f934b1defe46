#pragma once
/// HrSystem: the municipality's HR and payroll system (e.g. Personec P, Heroma, Hogia), seen by
/// the hiring process: register a new employment, look one up, report a change or a termination.

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

/// The form of employment (anställningsform).
enum class EmploymentType {
  kPermanent,  ///< tillsvidareanställning: open-ended
  kFixedTerm,  ///< visstidsanställning: ends on the end date unless extended
  kHourly,     ///< timavlönad: paid by the hour, called in when needed
};

/// "permanent", "fixed-term", "hourly".
std::string_view to_string(EmploymentType type) noexcept;
/// The type named by to_string(); throws samverkan::InvalidInput for anything else.
EmploymentType parse_employment_type(std::string_view text);

/// A new employment, registered by the hiring process when a manager's form is submitted. The
/// process gives the employment its number (anställningsnummer) so that the HR system, the IT
/// service desk, the property access system and the permission system all know the new
/// employee by one key from the first day, before any of them has answered.
struct NewEmployment {
  IdempotencyKey idempotency_key;
  std::string employment_id{};        ///< 1..10 digits: the number the process gives the employment
  std::string given_name{};           ///< förnamn
  std::string family_name{};          ///< efternamn
  ids::Personnummer personal_number;  ///< personnummer or samordningsnummer
  EmploymentType type = EmploymentType::kPermanent;
  std::chrono::year_month_day start_date{};
  std::optional<std::chrono::year_month_day> end_date{};  ///< the last day: required for kFixedTerm
  std::string position{};                                 ///< befattning, "Undersköterska"
  std::string unit{};                                     ///< organisational unit (the member's unit id)
  int employment_rate = 100;                              ///< sysselsättningsgrad in percent, 1..100
  int monthly_salary = 0;                                 ///< SEK per month; 0 for kHourly
  std::string manager{};  ///< who hired: the manager's name as the HR system should show it; may be empty
};

/// Checks what every HrSystem requires of a new employment: an employment id of 1..10 digits,
/// names, position and unit (1..100 characters, no control characters), a valid start date, an
/// end date exactly for kFixedTerm (optional for kHourly, absent for kPermanent) not before the
/// start, a rate of 1..100 and a salary of 0..10,000,000 (0 only for kHourly). Throws
/// samverkan::InvalidInput with the reason; messages never contain the names.
void validate(const NewEmployment& employment);

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

  /// The employment with this id (a new hire's too, once the HR system has registered it).
  virtual Employee employee(std::string_view employment_id) = 0;

  /// Registers a new employment under its employment id. The receipt's id is the HR system's
  /// reference for the registration; employee() finds the employment once it is registered
  /// (at once, or after the system's next import). Conflict also when the employment id is
  /// taken by another person.
  virtual OrderReceipt register_employment(const NewEmployment& employment) = 0;

  /// Reports a change or termination. The receipt's id is the HR system's reference for it.
  virtual OrderReceipt report_change(const EmploymentChange& change) = 0;
};

}  // namespace samverkan::adapters
