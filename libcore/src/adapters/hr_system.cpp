#include "samverkan/adapters/hr_system.hpp"

#include "adapters/text_checks.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::adapters {

std::string_view to_string(EmploymentChangeKind kind) noexcept {
  switch (kind) {
    case EmploymentChangeKind::kChange:
      return "change";
    case EmploymentChangeKind::kTermination:
      return "termination";
  }
  return "change";
}

void validate(const EmploymentChange& change) {
  detail::check_text(change.employment_id, "employment id", 32);
  if (!change.effective_date.ok()) throw InvalidInput("effective date is not a valid date");
  const bool any_new = change.new_position || change.new_unit || change.new_manager_employment_id;
  if (change.kind == EmploymentChangeKind::kTermination) {
    if (any_new) throw InvalidInput("a termination carries no new position, unit or manager");
    return;
  }
  if (!any_new) throw InvalidInput("a change needs a new position, unit or manager");
  if (change.new_position) detail::check_text(*change.new_position, "new position", 100);
  if (change.new_unit) detail::check_text(*change.new_unit, "new unit", 100);
  if (change.new_manager_employment_id) detail::check_text(*change.new_manager_employment_id, "new manager", 32);
  if (change.new_manager_employment_id && *change.new_manager_employment_id == change.employment_id) {
    throw InvalidInput("an employee cannot be their own manager");
  }
}

}  // namespace samverkan::adapters
