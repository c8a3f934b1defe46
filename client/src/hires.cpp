#include "samverkan/client/hires.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <utility>

#include "json_reading.hpp"

namespace samverkan::client {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// A whole number of seconds, or null.
std::optional<std::chrono::seconds> optional_seconds(const Object& object, const std::string& name) {
  if (!object.has(name) || object.isNull(name)) return std::nullopt;
  return std::chrono::seconds(detail::integer(object, name));
}

Array array_of(const std::vector<std::string>& values) {
  Array out;
  for (const auto& value : values) out.add(value);
  return out;
}

HireOrder order_of(const Object& item) {
  HireOrder o;
  o.id = detail::integer(item, "id");
  o.purpose = detail::text(item, "purpose");
  o.kind = detail::text(item, "kind");
  o.status = detail::text(item, "status");
  o.summary = detail::text_or_empty(item, "summary");
  o.reference = detail::text_or_empty(item, "reference");
  o.failure = detail::text_or_empty(item, "failure");
  o.created_at = detail::optional_text(item, "createdAt");
  o.run_at = detail::optional_text(item, "runAt");
  o.at_risk_at = detail::optional_text(item, "atRiskAt");
  o.due_at = detail::optional_text(item, "dueAt");
  o.confirmed_at = detail::optional_text(item, "confirmedAt");
  o.done_at = detail::optional_text(item, "doneAt");
  o.escalated_at = detail::optional_text(item, "escalatedAt");
  o.lead_time = optional_seconds(item, "leadTimeSeconds");
  return o;
}

Hire hire_of(const Object& item) {
  Hire h;
  h.id = detail::text(item, "id");
  h.status = detail::text(item, "status");
  h.given_name = detail::text_or_empty(item, "givenName");
  h.family_name = detail::text_or_empty(item, "familyName");
  h.personnummer = detail::text_or_empty(item, "personnummer");
  h.private_email = detail::text_or_empty(item, "privateEmail");
  h.mobile = detail::text_or_empty(item, "mobile");
  h.protected_identity = detail::boolean(item, "protectedIdentity", false);
  h.street = detail::text_or_empty(item, "street");
  h.postal_code = detail::text_or_empty(item, "postalCode");
  h.city = detail::text_or_empty(item, "city");
  h.employment_type = detail::text_or_empty(item, "employmentType");
  h.start_date = detail::text(item, "startDate");
  h.end_date = detail::text_or_empty(item, "endDate");
  h.title = detail::text_or_empty(item, "title");
  h.unit = detail::text(item, "unit");
  h.unit_name = detail::text_or_empty(item, "unitName");
  h.workplace = detail::text_or_empty(item, "workplace");
  h.manager = detail::text_or_empty(item, "manager");
  h.manager_name = detail::text_or_empty(item, "managerName");
  h.account = detail::text_or_empty(item, "account");
  h.equipment = detail::strings_of(item, "equipment");
  h.card_areas = detail::strings_of(item, "cardAreas");
  h.roles = detail::strings_of(item, "roles");
  if (item.has("employmentRate")) h.employment_rate = detail::whole(item, "employmentRate");
  if (item.has("monthlySalary")) h.monthly_salary = detail::whole(item, "monthlySalary");
  h.other_terms = detail::text_or_empty(item, "otherTerms");
  h.submitted_at = detail::optional_text(item, "submittedAt");
  h.ready_at = detail::optional_text(item, "readyAt");
  h.ended_at = detail::optional_text(item, "endedAt");
  h.lead_time = optional_seconds(item, "leadTimeSeconds");
  const auto contract = detail::object(item, "contract");
  h.contract.state = detail::text(*contract, "state");
  h.contract.sha256 = detail::text_or_empty(*contract, "sha256");
  h.contract.case_number = detail::text_or_empty(*contract, "caseNumber");
  h.contract.letter = detail::text_or_empty(*contract, "letter");
  h.contract.signed_at = detail::optional_text(*contract, "signedAt");
  h.orders = detail::list_of<HireOrder>(item, "orders", order_of);
  return h;
}

HireSummary summary_of(const Object& item) {
  HireSummary s;
  s.id = detail::text(item, "id");
  s.status = detail::text(item, "status");
  s.given_name = detail::text_or_empty(item, "givenName");
  s.family_name = detail::text_or_empty(item, "familyName");
  s.title = detail::text_or_empty(item, "title");
  s.unit = detail::text_or_empty(item, "unit");
  s.start_date = detail::text_or_empty(item, "startDate");
  s.manager = detail::text_or_empty(item, "manager");
  s.submitted_at = detail::optional_text(item, "submittedAt");
  s.ready_at = detail::optional_text(item, "readyAt");
  s.contract = detail::text_or_empty(item, "contract");
  s.orders = detail::whole(item, "orders");
  s.orders_done = detail::whole(item, "ordersDone");
  s.late = detail::whole(item, "late");
  s.failed = detail::whole(item, "failed");
  return s;
}

}  // namespace

Hires::Hires(Client& client, const std::string& kommunkod)
    : client_(client), base_(detail::municipality_path(kommunkod)) {}

std::string Hires::path(const std::string& id, const std::string& tail) const {
  if (id.size() != 10 || !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    throw UsageError("a hire's id is its employment number, ten digits (got \"" + id.substr(0, 40) + "\")");
  }
  return base_ + "/hires/" + id + tail;
}

Poco::JSON::Object Hires::to_json(const HireForm& form) {
  Object body;
  body.set("givenName", form.given_name);
  body.set("familyName", form.family_name);
  body.set("personnummer", form.personnummer);
  body.set("privateEmail", form.private_email);
  body.set("mobile", form.mobile);
  body.set("protectedIdentity", form.protected_identity);
  detail::set_if(body, "street", form.street);
  detail::set_if(body, "postalCode", form.postal_code);
  detail::set_if(body, "city", form.city);
  body.set("employmentType", form.employment_type);
  body.set("startDate", form.start_date);
  detail::set_if(body, "endDate", form.end_date);
  body.set("title", form.title);
  body.set("unit", form.unit);
  body.set("equipment", array_of(form.equipment));
  body.set("cardAreas", array_of(form.card_areas));
  body.set("roles", array_of(form.roles));
  body.set("employmentRate", form.employment_rate);
  if (form.monthly_salary) body.set("monthlySalary", *form.monthly_salary);
  detail::set_if(body, "otherTerms", form.other_terms);
  return body;
}

Hire Hires::submit(const HireForm& form) {
  return hire_of(*client_.send_json("POST", base_ + "/hires", to_json(form)));
}

std::vector<HireSummary> Hires::list(const HireQuery& query) {
  if (query.limit == 0 || query.limit > 500) throw UsageError("a page of hires has 1 to 500 hires");
  std::string target =
      base_ + "/hires?limit=" + std::to_string(query.limit) + "&offset=" + std::to_string(query.offset);
  if (query.status) target += "&status=" + url_encode(*query.status);
  if (!query.unit.empty()) target += "&unit=" + url_encode(query.unit);
  if (query.late_only) target += "&late=true";
  if (!query.starts_from.empty()) target += "&startsFrom=" + url_encode(query.starts_from);
  if (!query.starts_to.empty()) target += "&startsTo=" + url_encode(query.starts_to);
  return detail::list_of<HireSummary>(*client_.get_json(target), "hires", summary_of);
}

std::size_t Hires::each(HireQuery query, const std::function<bool(const HireSummary&)>& visit) {
  std::size_t visited = 0;
  for (;;) {
    const auto page = list(query);
    for (const auto& hire : page) {
      ++visited;
      if (!visit(hire)) return visited;
    }
    if (page.size() < query.limit) return visited;
    query.offset += page.size();
  }
}

Hire Hires::get(const std::string& id) { return hire_of(*client_.get_json(path(id))); }

HireChangeResult Hires::change(const std::string& id, const HireChange& request) {
  const std::string target = path(id, "/change");
  Object body;
  body.set("effectiveDate", request.effective_date);
  detail::set_if(body, "unit", request.unit);
  detail::set_if(body, "title", request.title);
  if (!request.add_roles.empty()) body.set("addRoles", array_of(request.add_roles));
  if (!request.remove_roles.empty()) body.set("removeRoles", array_of(request.remove_roles));
  detail::set_if(body, "endDate", request.end_date);
  const auto answer = client_.send_json("POST", target, body);
  return {detail::text(*answer, "purpose"), detail::strings_of(*answer, "granted"),
          detail::strings_of(*answer, "revoked")};
}

Hire Hires::terminate(const std::string& id, const std::string& last_day) {
  const std::string target = path(id, "/termination");
  Object body;
  body.set("lastDay", last_day);
  return hire_of(*client_.send_json("POST", target, body));
}

HiringLeadTimes Hires::lead_times() {
  const auto answer = client_.get_json(base_ + "/hiring/lead-times");
  HiringLeadTimes out;
  out.hires_ready = detail::whole(*answer, "hiresReady");
  out.median = optional_seconds(*answer, "medianSeconds");
  const auto kinds = detail::object(*answer, "orderKindMedianSeconds");
  for (const auto& kind : kinds->getNames())
    out.order_kind_medians[kind] = std::chrono::seconds(detail::integer(*kinds, kind));
  return out;
}

}  // namespace samverkan::client
