#include "samverkan/adapters/hr_system.hpp"

#include "adapters/detail/text_checks.hpp"
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

std::string_view to_string(EmploymentType type) noexcept {
  switch (type) {
    case EmploymentType::kPermanent:
      return "permanent";
    case EmploymentType::kFixedTerm:
      return "fixed-term";
    case EmploymentType::kHourly:
      return "hourly";
  }
  return "permanent";
}

EmploymentType parse_employment_type(std::string_view text) {
  for (const auto type : {EmploymentType::kPermanent, EmploymentType::kFixedTerm, EmploymentType::kHourly}) {
    if (to_string(type) == text) return type;
  }
  throw InvalidInput("the employment type is permanent, fixed-term or hourly");
}

void validate(const NewEmployment& employment) {
  const auto& id = employment.employment_id;
  if (id.empty() || id.size() > 10 || !detail::is_ascii_word(id, "") ||
      id.find_first_not_of("0123456789") != std::string::npos) {
    throw InvalidInput("a new employment's id is 1..10 digits");
  }
  detail::check_text(employment.given_name, "given name", 100);
  detail::check_text(employment.family_name, "family name", 100);
  detail::check_text(employment.position, "position", 100);
  detail::check_text(employment.unit, "unit", 100);
  detail::check_optional_text(employment.manager, "manager", 100);
  if (!employment.start_date.ok()) throw InvalidInput("start date is not a valid date");
  if (employment.end_date) {
    if (!employment.end_date->ok()) throw InvalidInput("end date is not a valid date");
    if (*employment.end_date < employment.start_date) throw InvalidInput("the end date is before the start date");
    if (employment.type == EmploymentType::kPermanent) throw InvalidInput("a permanent employment has no end date");
  } else if (employment.type == EmploymentType::kFixedTerm) {
    throw InvalidInput("a fixed-term employment needs an end date");
  }
  if (employment.employment_rate < 1 || employment.employment_rate > 100) {
    throw InvalidInput("the employment rate is 1..100 percent");
  }
  if (employment.monthly_salary < 0 || employment.monthly_salary > 10'000'000) {
    throw InvalidInput("the monthly salary is 0..10,000,000 SEK");
  }
  if (employment.monthly_salary == 0 && employment.type != EmploymentType::kHourly) {
    throw InvalidInput("a monthly salary is required unless the employment is hourly");
  }
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
