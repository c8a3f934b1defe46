#include "samverkan/adapters/hr_rest/rest_hr_system.hpp"

#include "samverkan/adapters/json_answer.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::adapters::hr_rest {
namespace {

void check_employment_id(std::string_view id, std::string_view what) {
  bool valid = !id.empty() && id.size() <= 64;
  for (const char c : id) {
    valid = valid && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.');
  }
  if (!valid) throw InvalidInput(std::string(what) + " is not 1..64 characters of A-Z a-z 0-9 - _ .");
}

}  // namespace

RestHrSystem::RestHrSystem(RestApiSettings settings, const Clock& clock, std::string backend)
    : client_(std::move(settings), std::move(backend)), clock_(clock) {}

Employee RestHrSystem::employee(std::string_view employment_id) {
  check_employment_id(employment_id, "the employment id");
  const auto response = client_.call("GET", "/employments/" + encode_path_segment(employment_id));
  const std::string& backend = client_.backend();
  const auto answer = parse_json_object(response.body, backend);
  // The answer is the HR system's: what is wrong with it is the HR system's fault, and the
  // message names the field only (the values are personal data).
  const auto field = [&](const char* name) { return required_string(answer, name, backend); };
  const auto date = [&](const char* name) {
    try {
      return calendar::parse_iso_date(field(name), name);
    } catch (const InvalidInput&) {
      throw Unavailable(backend + " answered with a malformed " + name);
    }
  };
  if (field("employmentId") != employment_id) throw Unavailable(backend + " answered for another employment");
  const auto personal_number = [&] {
    try {
      return ids::Personnummer::parse_any(field("personalIdentityNumber"), calendar::utc_date(clock_.now()));
    } catch (const InvalidInput&) {
      throw Unavailable(backend + " answered with a malformed personalIdentityNumber");
    }
  };
  Employee result{std::string(employment_id), field("givenName"), field("familyName"),
                  personal_number(),          date("startDate"),  std::nullopt,
                  field("position"),          field("unit"),      std::nullopt};
  if (answer->has("endDate") && !answer->isNull("endDate")) result.end_date = date("endDate");
  if (const auto manager = answer->getObject("manager")) {
    const std::string id = required_string(manager, "employmentId", backend);
    try {
      check_employment_id(id, "the manager's employment id");
    } catch (const InvalidInput&) {
      throw Unavailable(backend + " answered with a malformed manager.employmentId");
    }
    result.manager = ManagerRef{id, optional_string(manager, "name").value_or("")};
  }
  return result;
}

OrderReceipt RestHrSystem::register_employment(const NewEmployment& employment) {
  validate(employment);
  auto body = json_object();
  body->set("employmentId", employment.employment_id);
  body->set("givenName", employment.given_name);
  body->set("familyName", employment.family_name);
  body->set("personalIdentityNumber", employment.personal_number.digits());
  body->set("type", std::string(to_string(employment.type)));
  body->set("startDate", calendar::format_iso_date(employment.start_date));
  if (employment.end_date) body->set("endDate", calendar::format_iso_date(*employment.end_date));
  body->set("position", employment.position);
  body->set("unit", employment.unit);
  body->set("employmentRate", employment.employment_rate);
  body->set("monthlySalary", employment.monthly_salary);
  body->set("manager", employment.manager);
  // A missing endpoint is a wrong base URL, not an unknown employment.
  const auto response =
      client_.call("POST", "/employments", http::to_json(*body),
                   {{"Idempotency-Key", employment.idempotency_key.str()}}, RestClient::On404::kUnavailable);
  const auto answer = parse_json_object(response.body, client_.backend());
  return OrderReceipt{required_string(answer, "registrationId", client_.backend()), response.status == 200};
}

OrderReceipt RestHrSystem::report_change(const EmploymentChange& change) {
  validate(change);
  check_employment_id(change.employment_id, "the employment id");
  if (change.new_manager_employment_id) {
    check_employment_id(*change.new_manager_employment_id, "the new manager's employment id");
  }
  auto body = json_object();
  body->set("employmentId", change.employment_id);
  body->set("kind", std::string(to_string(change.kind)));
  body->set("effectiveDate", calendar::format_iso_date(change.effective_date));
  if (change.new_position) body->set("position", *change.new_position);
  if (change.new_unit) body->set("unit", *change.new_unit);
  if (change.new_manager_employment_id) body->set("managerEmploymentId", *change.new_manager_employment_id);
  return client_.place_order("/employment-changes", http::to_json(*body), change.idempotency_key, "changeId");
}

}  // namespace samverkan::adapters::hr_rest
