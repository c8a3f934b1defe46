#include "samverkan/hiring/routes.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <charconv>
#include <memory>

#include "detail/hiring.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/hiring/hiring_service.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::hiring {
namespace {

using Object = Poco::JSON::Object;
using Array = Poco::JSON::Array;
using security::Permission;

const std::string kBase = "/api/v1/municipalities/{kommunkod}";

template <typename Values>
Array string_array(const Values& values) {
  Array out;
  for (const auto& v : values) out.add(std::string(v));
  return out;
}

void set_time(Object& out, const std::string& name, const std::optional<Clock::TimePoint>& at) {
  if (at) {
    out.set(name, storage::format_time(*at));
  } else {
    out.set(name, Poco::Dynamic::Var());
  }
}

void set_seconds(Object& out, const std::string& name, const std::optional<std::chrono::seconds>& value) {
  if (value) {
    out.set(name, static_cast<long long>(value->count()));
  } else {
    out.set(name, Poco::Dynamic::Var());
  }
}

Object order_json(const Order& order) {
  Object o;
  o.set("id", order.id);
  o.set("purpose", order.purpose);
  o.set("kind", std::string(to_string(order.kind)));
  o.set("status", std::string(to_string(order.status)));
  o.set("summary", order.summary);
  o.set("reference", order.reference);
  o.set("failure", order.failure);
  set_time(o, "createdAt", order.created_at);
  set_time(o, "runAt", order.run_at);
  set_time(o, "atRiskAt", order.at_risk_at);
  set_time(o, "dueAt", order.due_at);
  set_time(o, "confirmedAt", order.confirmed_at);
  set_time(o, "doneAt", order.done_at);
  set_time(o, "escalatedAt", order.escalated_at);
  set_seconds(o, "leadTimeSeconds", order.lead_time());
  return o;
}

Object hire_json(const Hire& hire) {
  Object o;
  o.set("id", hire.id);
  o.set("status", std::string(to_string(hire.status)));
  o.set("givenName", hire.given_name);
  o.set("familyName", hire.family_name);
  o.set("personnummer", hire.personnummer);
  o.set("privateEmail", hire.private_email);
  o.set("mobile", hire.mobile);
  o.set("protectedIdentity", hire.protected_identity);
  o.set("street", hire.street);
  o.set("postalCode", hire.postal_code);
  o.set("city", hire.city);
  o.set("employmentType", hire.employment_type);
  o.set("startDate", hire.start_date);
  o.set("endDate", hire.end_date);
  o.set("title", hire.title);
  o.set("unit", hire.unit);
  o.set("unitName", hire.unit_name);
  o.set("workplace", hire.workplace);
  o.set("manager", hire.manager);
  o.set("managerName", hire.manager_name);
  o.set("account", hire.account);
  o.set("equipment", string_array(hire.equipment));
  o.set("cardAreas", string_array(hire.card_areas));
  Array roles;
  for (const auto& role : hire.roles) roles.add(detail::format_role_ref(role));
  o.set("roles", roles);
  o.set("employmentRate", hire.employment_rate);
  o.set("monthlySalary", hire.monthly_salary);
  o.set("otherTerms", hire.other_terms);
  set_time(o, "submittedAt", hire.submitted_at);
  set_time(o, "readyAt", hire.ready_at);
  set_time(o, "endedAt", hire.ended_at);
  set_seconds(o, "leadTimeSeconds", hire.lead_time());
  Object contract;
  contract.set("state", std::string(to_string(hire.contract.state)));
  contract.set("sha256", hire.contract.sha256);
  contract.set("caseNumber", hire.contract.case_number);
  contract.set("letter", hire.contract.letter);
  set_time(contract, "signedAt", hire.contract.signed_at);
  o.set("contract", contract);
  Array orders;
  for (const auto& order : hire.orders) orders.add(order_json(order));
  o.set("orders", orders);
  return o;
}

Object summary_json(const HireSummary& s) {
  Object o;
  o.set("id", s.id);
  o.set("status", std::string(to_string(s.status)));
  o.set("givenName", s.given_name);
  o.set("familyName", s.family_name);
  o.set("title", s.title);
  o.set("unit", s.unit);
  o.set("startDate", s.start_date);
  o.set("manager", s.manager);
  set_time(o, "submittedAt", s.submitted_at);
  set_time(o, "readyAt", s.ready_at);
  o.set("contract", std::string(to_string(s.contract)));
  o.set("orders", s.orders);
  o.set("ordersDone", s.orders_done);
  o.set("late", s.late);
  o.set("failed", s.failed);
  return o;
}

std::size_t count_param(const http::Request& request, const std::string& name, std::size_t fallback) {
  const auto text = request.query_param(name);
  if (!text) return fallback;
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) {
    throw InvalidInput(name + " must be a whole number, not '" + text->substr(0, 20) + "'");
  }
  return value;
}

HireFilter hire_filter(const http::Request& request) {
  HireFilter filter;
  if (const auto status = request.query_param("status"); status && !status->empty()) {
    filter.status = parse_hire_status(*status);
  }
  filter.unit = request.query_param("unit").value_or("");
  if (const auto late = request.query_param("late")) {
    if (*late != "true" && *late != "false") throw InvalidInput("late must be true or false");
    filter.late_only = *late == "true";
  }
  filter.starts_from = request.query_param("startsFrom").value_or("");
  filter.starts_to = request.query_param("startsTo").value_or("");
  filter.limit = count_param(request, "limit", filter.limit);
  filter.offset = count_param(request, "offset", 0);
  return filter;
}

std::vector<std::string> strings_member(const Object& object, const std::string& name) {
  std::vector<std::string> out;
  if (!object.has(name) || object.isNull(name)) return out;
  const auto array = object.getArray(name);
  if (!array) throw InvalidInput(name + ": must be an array of strings");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto value = array->get(static_cast<unsigned>(i));
    if (!value.isString()) throw InvalidInput(name + ": must be an array of strings");
    out.push_back(value.extract<std::string>());
  }
  return out;
}

ChangeRequest parse_change(const Object& body) {
  ChangeRequest r;
  r.effective_date = http::string_member(body, "effectiveDate");
  r.unit = http::optional_string_member(body, "unit").value_or("");
  r.title = http::optional_string_member(body, "title").value_or("");
  r.add_roles = strings_member(body, "addRoles");
  r.remove_roles = strings_member(body, "removeRoles");
  r.end_date = http::optional_string_member(body, "endDate").value_or("");
  return r;
}

Object change_json(const ChangeResult& result) {
  Object o;
  o.set("purpose", result.purpose);
  Array granted, revoked;
  for (const auto& role : result.granted) granted.add(detail::format_role_ref(role));
  for (const auto& role : result.revoked) revoked.add(detail::format_role_ref(role));
  o.set("granted", granted);
  o.set("revoked", revoked);
  return o;
}

Object lead_times_json(const LeadTimes& times) {
  Object o;
  o.set("hiresReady", times.hires_ready);
  set_seconds(o, "medianSeconds", times.hire_median);
  Object kinds;
  for (const auto& [kind, median] : times.kind_medians) kinds.set(std::string(to_string(kind)), median.count());
  o.set("orderKindMedianSeconds", kinds);
  return o;
}

Object field_errors(const InvalidForm& e) {
  Array errors;
  for (const auto& error : e.errors()) {
    Object item;
    item.set("field", error.field);
    item.set("message", error.message);
    errors.add(item);
  }
  Object out;
  out.set("errors", errors);
  return out;
}

std::string hire_location(http::Call& c, const std::string& id) {
  return "/api/v1/municipalities/" + c.municipality().code.str() + "/hires/" + id;
}

}  // namespace

void mount_routes(http::Router& router, const http::RouteServices& deps, const crypto::Keyring& keyring,
                  const std::function<void()>& submitted) {
  auto hiring = std::make_shared<HiringService>(deps.cooperation, keyring);
  auto woken = [submitted](http::Call& c) {
    c.commit();  // before the workers are woken to place the orders
    if (submitted) submitted();
  };
  http::Routes api(router, deps, kBase);
  // Writes check the permission before the body is read: an outsider hears 404 whatever it holds.
  api.add({"POST", "/hires", Permission::kHireWrite, http::CheckFirst{"hire.create", "hire", "new"}},
          [hiring, woken](http::Call& c) {
            Hire hire;
            try {
              hire = hiring->create(c.ctx(), detail::form_from_json(*c.body()));
            } catch (const InvalidForm& e) {
              return c.problem(ErrorKind::kInvalidInput, e.what(), field_errors(e));
            }
            woken(c);
            auto response = http::json_response(201, hire_json(hire));
            response.headers.emplace_back("Location", hire_location(c, hire.id));
            return response;
          });
  api.add({"GET", "/hires", Permission::kHireRead, http::CheckFirst{"hire.list", "hire"}, /*audited_read=*/true},
          [hiring](http::Call& c) {
            return http::json_response(
                200, http::list_json("hires", hiring->list(c.ctx(), hire_filter(c.request)), summary_json));
          });
  api.add({"GET", "/hires/{id}", Permission::kHireRead, {}, /*audited_read=*/true},
          [hiring](http::Call& c) { return http::json_response(200, hire_json(hiring->get(c.ctx(), c.path("id")))); });
  api.add({"POST", "/hires/{id}/change", Permission::kHireWrite, http::CheckFirst{"hire.change", "hire", "{id}"}},
          [hiring, woken](http::Call& c) {
            const auto result = hiring->change(c.ctx(), c.path("id"), parse_change(*c.body()));
            woken(c);
            return http::json_response(200, change_json(result));
          });
  api.add(
      {"POST", "/hires/{id}/termination", Permission::kHireWrite, http::CheckFirst{"hire.terminate", "hire", "{id}"}},
      [hiring, woken](http::Call& c) {
        const TerminationRequest request{http::string_member(*c.body(), "lastDay")};
        // The hire as it stands now, with its scheduled end orders.
        const Hire hire = hiring->terminate(c.ctx(), c.path("id"), request);
        woken(c);
        return http::json_response(200, hire_json(hire));
      });
  api.add({"GET", "/hiring/lead-times", Permission::kHireRead, {}, /*audited_read=*/true},
          [hiring](http::Call& c) { return http::json_response(200, lead_times_json(hiring->lead_times(c.ctx()))); });
}

}  // namespace samverkan::hiring
