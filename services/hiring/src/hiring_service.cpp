#include "samverkan/hiring/hiring_service.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "detail/contract_store.hpp"
#include "detail/hiring.hpp"
#include "samverkan/adapters/hr_system.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/text.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/mail/smtp_mailer.hpp"
#include "samverkan/storage/sql_guard.hpp"

namespace samverkan::hiring {
namespace {

using security::Permission;

constexpr std::string_view kPersonnummerIndex = "hiring.personnummer";

std::chrono::year_month_day today(const tenancy::Context& ctx) { return calendar::swedish_date(ctx.now()); }

std::chrono::year_month_day date_of(const std::string& text, const char* what) {
  return calendar::parse_iso_date(text, what);
}

// The first letters of a name in a-z: "Åsa" gives "as", "Ödegård" "od".
std::string ascii_letters(const std::string& name, std::size_t count) {
  static const std::map<std::string, char> kFolds = {
      {"å", 'a'}, {"ä", 'a'}, {"ö", 'o'}, {"Å", 'a'}, {"Ä", 'a'}, {"Ö", 'o'}, {"é", 'e'}, {"É", 'e'},
      {"è", 'e'}, {"ü", 'u'}, {"Ü", 'u'}, {"æ", 'a'}, {"ø", 'o'}, {"á", 'a'}, {"í", 'i'}, {"ó", 'o'}};
  std::string out;
  for (std::size_t i = 0; i < name.size() && out.size() < count;) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
      if (c >= 'a' && c <= 'z') out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    const auto fold = kFolds.find(name.substr(i, length));
    if (fold != kFolds.end()) out.push_back(fold->second);
    i += length;
  }
  return out;
}

// "anan01" for Anna Andersson, the first number not taken in the municipality.
std::string new_account(tenancy::Context& ctx, const std::string& given, const std::string& family) {
  std::string stem = ascii_letters(given, 2) + ascii_letters(family, 2);
  while (stem.size() < 4) stem.push_back('x');
  for (int n = 1; n < 100; ++n) {
    char suffix[4];
    std::snprintf(suffix, sizeof suffix, "%02d", n);
    std::string candidate = stem + suffix;
    if (!detail::account_taken(ctx, candidate)) return candidate;
  }
  for (int n = 100; n < 10000; ++n) {
    std::string candidate = stem + std::to_string(n);
    if (!detail::account_taken(ctx, candidate)) return candidate;
  }
  throw Conflict("no free account name for these initials");
}

std::string trimmed(const std::string& text) { return text::collapse_whitespace(text); }

int number_of(const std::string& text) { return text.empty() ? 0 : std::stoi(trimmed(text)); }

std::vector<RoleRef> sorted_unique(std::vector<RoleRef> roles) {
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  return roles;
}

std::vector<RoleRef> roles_of(const config::HiringSettings& settings, const std::vector<std::string>& texts,
                              const std::string& unit, const char* what) {
  std::vector<RoleRef> out;
  for (const auto& text : texts) {
    const auto ref = detail::parse_role_ref(text);
    const config::CatalogueRole* role = ref ? settings.find_role(ref->system, ref->role) : nullptr;
    if (role == nullptr)
      throw InvalidInput(std::string(what) + ": no role " + text.substr(0, 80) + " in the catalogue");
    if (!role->allowed_in(unit)) throw InvalidInput(std::string(what) + ": " + text + " is not given in unit " + unit);
    out.push_back(*ref);
  }
  return out;
}

std::vector<RoleRef> default_roles(const config::HiringSettings& settings, const std::string& unit) {
  std::vector<RoleRef> out;
  for (const auto& role : settings.roles) {
    if (role.by_default && role.allowed_in(unit)) out.push_back(RoleRef{role.system, role.role});
  }
  return out;
}

audit::AuditEvent hire_event(const char* action, const std::string& id, std::string detail = {}) {
  return audit::AuditEvent{action, "hire", id, std::move(detail)};
}

}  // namespace

HiringService::HiringService(const config::Cooperation& cooperation, const crypto::Keyring& keyring)
    : cooperation_(cooperation), keyring_(keyring) {}

const config::HiringSettings& HiringService::settings(const ids::Kommunkod& municipality) const {
  const config::Municipality* member = cooperation_.find(municipality);
  if (member == nullptr || !member->hiring) throw NotFound("no hiring process in municipality " + municipality.str());
  return *member->hiring;
}

std::vector<FieldError> HiringService::check_form(const config::HiringSettings& settings, const HireForm& form,
                                                  std::chrono::year_month_day today) {
  return detail::check_form(settings, form, today);
}

// --- managers ----------------------------------------------------------------------------

void HiringService::set_manager(tenancy::Context& ctx, const Manager& manager) {
  ctx.require(Permission::kHiringAdminister, {"hiring.manager-set", "hiring-manager", manager.user_id});
  const auto& s = settings(ctx.municipality());
  Manager clean = manager;
  clean.name = trimmed(manager.name);
  clean.email = trimmed(manager.email);
  if (clean.user_id.empty() || clean.user_id.size() > 64 || text::has_control_character(clean.user_id)) {
    throw InvalidInput("a manager's user id is 1..64 characters");
  }
  if (clean.name.empty() || clean.name.size() > 100) throw InvalidInput("a manager's name is 1..100 characters");
  if (!mail::is_plain_address(clean.email)) throw InvalidInput("a manager's e-mail must be a plain address");
  std::sort(clean.units.begin(), clean.units.end());
  clean.units.erase(std::unique(clean.units.begin(), clean.units.end()), clean.units.end());
  for (const auto& unit : clean.units) {
    if (s.find_unit(unit) == nullptr) throw InvalidInput("no hiring unit " + unit.substr(0, 64));
  }
  detail::upsert_manager(ctx, clean);
  std::string units;
  for (const auto& unit : clean.units) units += (units.empty() ? "" : " ") + unit;
  ctx.audit({"hiring.manager-set", "hiring-manager", clean.user_id, units});
}

std::vector<Manager> HiringService::managers(tenancy::Context& ctx) {
  ctx.require(Permission::kHiringAdminister, {"hiring.manager-list", "hiring-manager", ""});
  settings(ctx.municipality());
  return detail::read_managers(ctx);
}

std::vector<config::HiringUnit> HiringService::units_for(tenancy::Context& ctx) {
  ctx.require(Permission::kHireWrite, {"hire.units", "hire", ""});
  const auto& s = settings(ctx.municipality());
  const auto who = detail::visibility(ctx);
  if (who.all_units) return s.units;
  std::vector<config::HiringUnit> out;
  const auto manager = detail::read_manager(ctx, who.manager);
  if (!manager) return out;
  for (const auto& unit : s.units) {
    if (std::find(manager->units.begin(), manager->units.end(), unit.id) != manager->units.end()) out.push_back(unit);
  }
  return out;
}

// --- drafts ----------------------------------------------------------------------------------

std::string HiringService::save_draft(tenancy::Context& ctx, const std::optional<std::string>& id,
                                      const HireForm& form) {
  ctx.require(Permission::kHireWrite, {"hire-draft.save", "hire-draft", id.value_or("new")});
  settings(ctx.municipality());
  const std::string owner = ctx.principal().id();
  if (id) {
    if (!detail::update_draft(ctx, keyring_, owner, *id, form)) throw NotFound("no such draft");
    ctx.audit({"hire-draft.save", "hire-draft", *id});
    return *id;
  }
  std::string created = detail::insert_draft(ctx, keyring_, owner, form);
  ctx.audit({"hire-draft.save", "hire-draft", created});
  return created;
}

HireForm HiringService::draft(tenancy::Context& ctx, const std::string& id) {
  ctx.require(Permission::kHireWrite, {"hire-draft.read", "hire-draft", id});
  auto form = detail::read_draft(ctx, keyring_, ctx.principal().id(), id);
  if (!form) throw NotFound("no such draft");
  ctx.audit({"hire-draft.read", "hire-draft", id});
  return *form;
}

std::vector<DraftSummary> HiringService::drafts(tenancy::Context& ctx) {
  ctx.require(Permission::kHireWrite, {"hire-draft.list", "hire-draft", ""});
  auto out = detail::list_drafts(ctx, keyring_, ctx.principal().id());
  ctx.audit({"hire-draft.list", "hire-draft", "", std::to_string(out.size())});
  return out;
}

void HiringService::delete_draft(tenancy::Context& ctx, const std::string& id) {
  ctx.require(Permission::kHireWrite, {"hire-draft.delete", "hire-draft", id});
  if (!detail::delete_draft(ctx, ctx.principal().id(), id)) throw NotFound("no such draft");
  ctx.audit({"hire-draft.delete", "hire-draft", id});
}

// --- creating --------------------------------------------------------------------------------

Hire HiringService::create(tenancy::Context& ctx, const HireForm& form, const std::optional<std::string>& draft_id) {
  ctx.require(Permission::kHireWrite, hire_event("hire.create", "new"));
  const auto& s = settings(ctx.municipality());
  if (auto errors = detail::check_form(s, form, today(ctx)); !errors.empty()) throw InvalidForm(std::move(errors));
  const auto who = detail::visibility(ctx);
  if (!detail::sees_unit(ctx, who, form.unit)) ctx.refuse_hidden({"hire.create", "hiring-unit", form.unit});
  const config::HiringUnit& unit = *s.find_unit(form.unit);

  const auto person = ids::Personnummer::parse_any(trimmed(form.personnummer), today(ctx));
  const std::string index = keyring_.blind_index(kPersonnummerIndex, person.digits());
  if (const auto open = detail::open_hire_of(ctx, index)) {
    throw Conflict("this person already has an open hire here (" + *open + ")");
  }

  Hire hire;
  hire.given_name = trimmed(form.given_name);
  hire.family_name = trimmed(form.family_name);
  hire.personnummer = person.digits();
  hire.private_email = trimmed(form.private_email);
  hire.mobile = trimmed(form.mobile);
  hire.protected_identity = form.protected_identity;
  hire.street = trimmed(form.street);
  hire.postal_code = trimmed(form.postal_code);
  hire.city = trimmed(form.city);
  hire.employment_type = form.employment_type;
  hire.start_date = trimmed(form.start_date);
  hire.end_date = trimmed(form.end_date);
  hire.title = trimmed(form.title);
  hire.unit = unit.id;
  hire.unit_name = unit.name;
  hire.workplace = unit.workplace;
  hire.manager = who.all_units && ctx.principal().kind() != security::PrincipalKind::kStaff
                     ? ctx.principal().id()
                     : detail::staff_user_id(ctx.principal());
  hire.equipment = form.equipment;
  hire.card_areas = form.card_areas;
  auto roles = roles_of(s, form.roles, unit.id, "roles");
  for (auto& role : default_roles(s, unit.id)) roles.push_back(std::move(role));
  hire.roles = sorted_unique(std::move(roles));
  hire.employment_rate = number_of(form.employment_rate);
  hire.monthly_salary = number_of(form.monthly_salary);
  hire.other_terms = form.other_terms;
  hire.submitted_at = ctx.now();
  hire.status = HireStatus::kSubmitted;
  hire.id = detail::next_employment_id(ctx, static_cast<int>(today(ctx).year()));
  hire.account = new_account(ctx, hire.given_name, hire.family_name);
  if (const auto manager = detail::read_manager(ctx, hire.manager)) hire.manager_name = manager->name;

  detail::insert_hire(ctx, keyring_, hire, index);
  detail::add_orders(ctx, hire.id, detail::plan_hire_orders(s, hire, ctx.now()));
  if (hire.employment_type == "fixed-term") {
    const auto last_day = date_of(hire.end_date, "end date");
    const std::string purpose =
        "end-" + std::string(hire.end_date.substr(0, 4)) + hire.end_date.substr(5, 2) + hire.end_date.substr(8, 2);
    detail::add_orders(ctx, hire.id, detail::plan_end_orders(hire, purpose, last_day, ctx.now()));
  }
  // The contract: drawn up, registered, sent (contract.hpp), as one job beside the orders.
  jobs::JobQueue(ctx.database(), ctx.clock())
      .enqueue(ctx, {.queue = std::string(detail::kContractQueue),
                     .idempotency_key = "hire-" + ctx.municipality().str() + "-" + hire.id + "-contract",
                     .payload = R"({"hire":")" + hire.id + R"("})",
                     .max_attempts = 30});
  if (draft_id) detail::delete_draft(ctx, ctx.principal().id(), *draft_id);
  ctx.audit(hire_event("hire.create", hire.id, hire.unit));
  hire.orders = detail::read_orders(ctx, hire.id);
  return hire;
}

// --- reading ---------------------------------------------------------------------------------

std::vector<HireSummary> HiringService::list(tenancy::Context& ctx, const HireFilter& filter) {
  ctx.require(Permission::kHireRead, hire_event("hire.list", ""));
  settings(ctx.municipality());
  for (const auto* date : {&filter.starts_from, &filter.starts_to}) {
    if (!date->empty()) date_of(*date, "a start date filter");
  }
  auto out = detail::list_hires(ctx, keyring_, detail::visibility(ctx), filter);
  ctx.audit(hire_event("hire.list", "", std::to_string(out.size()) + " hires"));
  return out;
}

Hire HiringService::get(tenancy::Context& ctx, const std::string& id) {
  ctx.require(Permission::kHireRead, hire_event("hire.read", id));
  const auto& s = settings(ctx.municipality());
  const auto unit = detail::hire_unit(ctx, id);
  if (!unit) throw NotFound("no such hire");
  if (!detail::sees_unit(ctx, detail::visibility(ctx), *unit)) ctx.refuse_hidden(hire_event("hire.read", id));
  auto hire = detail::read_hire(ctx, keyring_, id);
  if (!hire) throw NotFound("no such hire");
  if (const auto* u = s.find_unit(hire->unit)) {
    hire->unit_name = u->name;
    hire->workplace = u->workplace;
  }
  if (const auto manager = detail::read_manager(ctx, hire->manager)) hire->manager_name = manager->name;
  hire->orders = detail::read_orders(ctx, id);
  ctx.audit(hire_event("hire.read", id));
  return std::move(*hire);
}

std::string HiringService::contract_pdf(tenancy::Context& ctx, const std::string& id) {
  ctx.require(Permission::kHireRead, hire_event("hire.contract-read", id));
  settings(ctx.municipality());
  const auto unit = detail::hire_unit(ctx, id);
  if (!unit) throw NotFound("no such hire");
  if (!detail::sees_unit(ctx, detail::visibility(ctx), *unit)) ctx.refuse_hidden(hire_event("hire.contract-read", id));
  const auto contract = detail::read_contract(ctx, keyring_, id);
  if (!contract) throw NotFound("the contract is not drawn up yet");
  ctx.audit(hire_event("hire.contract-read", id));
  return contract->pdf;
}

LeadTimes HiringService::lead_times(tenancy::Context& ctx) {
  ctx.require(Permission::kHireRead, hire_event("hire.lead-times", ""));
  settings(ctx.municipality());
  // The medians are over the visible hires' stored times only: no personal data is read.
  const auto who = detail::visibility(ctx);
  HireFilter all;
  all.limit = 500;
  LeadTimes out;
  std::vector<std::chrono::seconds> hires;
  std::map<OrderKind, std::vector<std::chrono::seconds>> kinds;
  for (const auto& summary : detail::list_hires(ctx, keyring_, who, all)) {
    if (summary.ready_at)
      hires.push_back(std::chrono::floor<std::chrono::seconds>(*summary.ready_at - summary.submitted_at));
    for (const auto& order : detail::read_orders(ctx, summary.id)) {
      if (order.purpose == "hire" && order.lead_time()) kinds[order.kind].push_back(*order.lead_time());
    }
  }
  const auto median = [](std::vector<std::chrono::seconds> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
  };
  out.hires_ready = static_cast<int>(hires.size());
  if (!hires.empty()) out.hire_median = median(hires);
  for (const auto kind : kAllOrderKinds) {
    if (const auto found = kinds.find(kind); found != kinds.end())
      out.kind_medians.emplace_back(kind, median(found->second));
  }
  ctx.audit(hire_event("hire.lead-times", "", std::to_string(out.hires_ready) + " ready"));
  return out;
}

// --- change and end --------------------------------------------------------------------------

ChangeResult HiringService::change(tenancy::Context& ctx, const std::string& id, const ChangeRequest& request) {
  ctx.require(Permission::kHireWrite, hire_event("hire.change", id));
  const auto& s = settings(ctx.municipality());
  const auto who = detail::visibility(ctx);
  const auto current_unit = detail::hire_unit(ctx, id);
  if (!current_unit) throw NotFound("no such hire");
  if (!detail::sees_unit(ctx, who, *current_unit)) ctx.refuse_hidden(hire_event("hire.change", id));
  auto hire = *detail::read_hire(ctx, keyring_, id);
  if (hire.status == HireStatus::kEnding || hire.status == HireStatus::kEnded) {
    throw Conflict("the employment is ending or has ended");
  }
  const auto start = date_of(hire.start_date, "start date");
  const auto effective = date_of(trimmed(request.effective_date), "effectiveDate");
  if (effective < start) throw InvalidInput("effectiveDate: the change cannot start before the employment");
  const std::string new_unit = request.unit.empty() ? hire.unit : request.unit;
  if (s.find_unit(new_unit) == nullptr) throw InvalidInput("unit: no hiring unit " + new_unit.substr(0, 64));
  if (new_unit != hire.unit && !detail::sees_unit(ctx, who, new_unit)) {
    ctx.refuse_hidden({"hire.change", "hiring-unit", new_unit});
  }
  const std::string new_title = request.title.empty() ? hire.title : trimmed(request.title);
  if (new_title.empty() || new_title.size() > 100) throw InvalidInput("title: 1..100 characters");
  std::string new_end = hire.end_date;
  if (!request.end_date.empty()) {
    if (hire.employment_type != "fixed-term") throw InvalidInput("endDate: only a fixed-term employment is extended");
    const auto end = date_of(trimmed(request.end_date), "endDate");
    if (end < effective || end < start) throw InvalidInput("endDate: the new last day is before the change");
    new_end = calendar::format_iso_date(end);
  }
  const bool changes_something = new_unit != hire.unit || new_title != hire.title || !request.add_roles.empty() ||
                                 !request.remove_roles.empty() || new_end != hire.end_date;
  if (!changes_something) throw InvalidInput("the change changes nothing");

  // The delta: what the old unit allowed and the new one does not goes; the new unit's
  // defaults and what was asked for come; what was asked to go goes.
  const auto additions = roles_of(s, request.add_roles, new_unit, "addRoles");
  std::vector<RoleRef> removals;
  for (const auto& text : request.remove_roles) {
    const auto ref = detail::parse_role_ref(text);
    if (!ref) throw InvalidInput("removeRoles: " + text.substr(0, 80) + " is not system/role");
    removals.push_back(*ref);
  }
  std::vector<RoleRef> next;
  for (const auto& role : hire.roles) {
    const config::CatalogueRole* entry = s.find_role(role.system, role.role);
    const bool allowed = entry == nullptr || entry->allowed_in(new_unit);
    if (allowed && std::find(removals.begin(), removals.end(), role) == removals.end()) next.push_back(role);
  }
  for (const auto& role : additions) next.push_back(role);
  if (new_unit != hire.unit) {
    for (auto& role : default_roles(s, new_unit)) next.push_back(std::move(role));
  }
  next = sorted_unique(std::move(next));
  const auto current = sorted_unique(hire.roles);
  ChangeResult result;
  std::set_difference(next.begin(), next.end(), current.begin(), current.end(), std::back_inserter(result.granted));
  std::set_difference(current.begin(), current.end(), next.begin(), next.end(), std::back_inserter(result.revoked));

  const int number = [&] {
    long long changes = 0;
    storage::sql_guard("counting a hire's changes", [&] {
      ctx.sql().exec("SELECT changes FROM hiring_hire WHERE {{tenant}} AND id = :id", soci::use(id, "id"),
                     soci::into(changes));
    });
    return static_cast<int>(changes) + 1;
  }();
  result.purpose = "change" + std::to_string(number);
  std::vector<detail::PlannedOrder> orders;
  const Clock::TimePoint at = calendar::swedish_midnight(effective);
  const Clock::TimePoint due = detail::end_of_day(effective);
  if (new_unit != hire.unit || new_title != hire.title) {
    Poco::JSON::Object detail;
    detail.set("action", "change");
    detail.set("effectiveDate", calendar::format_iso_date(effective));
    if (new_title != hire.title) detail.set("position", new_title);
    if (new_unit != hire.unit) detail.set("unit", new_unit);
    orders.push_back(
        detail::PlannedOrder{result.purpose, OrderKind::kEmployment, http::to_json(detail), ctx.now(), due, due});
  }
  if (!result.granted.empty() || !result.revoked.empty()) {
    Poco::JSON::Object detail;
    detail.set("action", "change");
    detail.set("grant", detail::role_pairs(result.granted));
    detail.set("revoke", detail::role_pairs(result.revoked));
    orders.push_back(detail::PlannedOrder{result.purpose, OrderKind::kPermissions, http::to_json(detail),
                                          std::max(at, ctx.now()), std::max(due, ctx.now()), std::max(due, ctx.now())});
  }
  detail::update_after_change(ctx, id, new_unit, new_title, next, new_end, number);
  detail::add_orders(ctx, id, orders);
  if (new_end != hire.end_date) {
    // The extension moves the scheduled end: the old one's orders never run.
    detail::cancel_scheduled_ends(ctx, id);
    hire.unit = new_unit;
    const std::string purpose = "end-" + new_end.substr(0, 4) + new_end.substr(5, 2) + new_end.substr(8, 2);
    detail::add_orders(ctx, id, detail::plan_end_orders(hire, purpose, date_of(new_end, "end date"), ctx.now()));
  }
  std::string summary = result.purpose + " from " + calendar::format_iso_date(effective) + ": +" +
                        std::to_string(result.granted.size()) + " -" + std::to_string(result.revoked.size()) + " roles";
  ctx.audit(hire_event("hire.change", id, summary));
  return result;
}

Hire HiringService::terminate(tenancy::Context& ctx, const std::string& id, const TerminationRequest& request) {
  ctx.require(Permission::kHireWrite, hire_event("hire.terminate", id));
  settings(ctx.municipality());
  const auto unit = detail::hire_unit(ctx, id);
  if (!unit) throw NotFound("no such hire");
  if (!detail::sees_unit(ctx, detail::visibility(ctx), *unit)) ctx.refuse_hidden(hire_event("hire.terminate", id));
  auto hire = *detail::read_hire(ctx, keyring_, id);
  if (hire.status == HireStatus::kEnding || hire.status == HireStatus::kEnded) {
    throw Conflict("the employment is already ending or has ended");
  }
  const auto last_day = date_of(trimmed(request.last_day), "lastDay");
  if (last_day < date_of(hire.start_date, "start date")) {
    throw InvalidInput("lastDay: the employment cannot end before its first day");
  }
  detail::cancel_scheduled_ends(ctx, id);
  const std::string last_text = calendar::format_iso_date(last_day);
  detail::set_end(ctx, id, last_text);
  detail::add_orders(ctx, id, detail::plan_end_orders(hire, "termination", last_day, ctx.now()));
  ctx.audit(hire_event("hire.terminate", id, "last day " + last_text));
  return get(ctx, id);
}

}  // namespace samverkan::hiring
