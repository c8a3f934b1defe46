// The hiring tables (migrations/4000_hiring.sql): every statement through the context's
// TenantSession, personal data through crypto::encrypt with its row as associated data.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <soci/soci.h>

#include <cstdio>

#include "detail/hiring.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/sql_guard.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::hiring::detail {
namespace {

using storage::row_int;
using storage::row_optional_text;
using storage::row_optional_time;
using storage::row_text;
using storage::row_time;
using storage::sql_guard;

// crypto::associated_data("hiring_hire" or "hiring_draft", column, {municipality, id}), as
// register_encrypted_columns registers them.
std::string associated(std::string_view table, std::string_view column, const ids::Kommunkod& municipality,
                       const std::string& id) {
  return crypto::associated_data(table, column, {municipality.str(), id});
}

Poco::JSON::Array::Ptr parse_array(const std::string& text) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(text);
    if (auto array = parsed.extract<Poco::JSON::Array::Ptr>(); !array.isNull()) return array;
  } catch (const Poco::Exception&) {
  }
  throw InternalError("a stored hiring list is not a JSON array");
}

// details: what is personal data besides the columns of their own.
std::string details_json(const Hire& hire) {
  Poco::JSON::Object out;
  out.set("protectedIdentity", hire.protected_identity);
  out.set("street", hire.street);
  out.set("postalCode", hire.postal_code);
  out.set("city", hire.city);
  out.set("employmentRate", hire.employment_rate);
  out.set("monthlySalary", hire.monthly_salary);
  out.set("otherTerms", hire.other_terms);
  return http::to_json(out);
}

void read_details(Hire& hire, const std::string& text) {
  try {
    const auto object = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    hire.protected_identity = object->optValue<bool>("protectedIdentity", false);
    hire.street = object->optValue<std::string>("street", "");
    hire.postal_code = object->optValue<std::string>("postalCode", "");
    hire.city = object->optValue<std::string>("city", "");
    hire.employment_rate = object->optValue<int>("employmentRate", 100);
    hire.monthly_salary = object->optValue<int>("monthlySalary", 0);
    hire.other_terms = object->optValue<std::string>("otherTerms", "");
  } catch (const Poco::Exception&) {
    throw InternalError("a hire's stored details are not the expected JSON");
  }
}

constexpr std::string_view kLateOrder =
    "o.status NOT IN ('done', 'failed', 'cancelled') AND (o.status = 'overdue' OR o.escalated_at IS NOT NULL)";

}  // namespace

Poco::JSON::Array role_pairs(const std::vector<RoleRef>& roles) {
  Poco::JSON::Array out;
  for (const auto& role : roles) {
    Poco::JSON::Array pair;
    pair.add(role.system);
    pair.add(role.role);
    out.add(pair);
  }
  return out;
}

std::string roles_json(const std::vector<RoleRef>& roles) { return http::to_json(role_pairs(roles)); }

std::vector<RoleRef> parse_roles_json(const std::string& text) {
  std::vector<RoleRef> roles;
  const auto array = parse_array(text);
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto pair = array->getArray(static_cast<unsigned>(i));
    if (!pair || pair->size() != 2) throw InternalError("a stored role is not a [system, role] pair");
    roles.push_back(RoleRef{pair->getElement<std::string>(0), pair->getElement<std::string>(1)});
  }
  return roles;
}

std::string strings_json(const std::vector<std::string>& values) {
  Poco::JSON::Array out;
  for (const auto& value : values) out.add(value);
  return http::to_json(out);
}

std::vector<std::string> parse_strings_json(const std::string& text) {
  std::vector<std::string> values;
  const auto array = parse_array(text);
  for (std::size_t i = 0; i < array->size(); ++i)
    values.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
  return values;
}

std::string staff_user_id(const security::Principal& principal) {
  constexpr std::string_view kPrefix = "staff:";
  if (principal.kind() != security::PrincipalKind::kStaff) return {};
  return principal.id().substr(kPrefix.size());
}

Visibility visibility(tenancy::Context& ctx) {
  if (security::allows(ctx.principal(), ctx.municipality(), security::Permission::kHireAllUnits)) {
    return Visibility{true, {}};
  }
  return Visibility{false, staff_user_id(ctx.principal())};
}

bool sees_unit(tenancy::Context& ctx, const Visibility& who, const std::string& unit) {
  if (who.all_units) return true;
  if (who.manager.empty()) return false;
  return sql_guard("reading a manager's units", [&] {
    long long n = 0;
    ctx.sql().exec("SELECT COUNT(*) FROM hiring_manager_unit WHERE {{tenant}} AND user_id = :user AND unit = :unit",
                   soci::use(who.manager, "user"), soci::use(unit, "unit"), soci::into(n));
    return n > 0;
  });
}

std::string next_employment_id(tenancy::Context& ctx, int year) {
  const long long number = sql_guard("numbering an employment", [&] {
    ctx.sql().exec(
        "INSERT INTO hiring_counter (municipality, year, last_number) VALUES (:tenant, :year, 0) "
        "ON CONFLICT (municipality, year) DO NOTHING",
        soci::use(year, "year"));
    long long last = 0;
    for (const auto& row :
         ctx.sql().rows("UPDATE hiring_counter SET last_number = last_number + 1 WHERE {{tenant}} AND year = :year "
                        "RETURNING last_number",
                        soci::use(year, "year"))) {
      last = row_int(row, 0);
    }
    return last;
  });
  if (number < 1 || number > 999999) throw Conflict("the year's employment numbers are used up");
  char text[16];
  std::snprintf(text, sizeof text, "%04d%06lld", year, number);
  return text;
}

bool account_taken(tenancy::Context& ctx, const std::string& account) {
  return sql_guard("checking an account name", [&] {
    long long n = 0;
    ctx.sql().exec("SELECT COUNT(*) FROM hiring_hire WHERE {{tenant}} AND account = :a", soci::use(account, "a"),
                   soci::into(n));
    return n > 0;
  });
}

std::optional<std::string> open_hire_of(tenancy::Context& ctx, const std::string& personnummer_index) {
  return sql_guard("looking for a person's open hire", [&] {
    std::optional<std::string> found;
    for (const auto& row :
         ctx.sql().rows("SELECT id FROM hiring_hire WHERE {{tenant}} AND personnummer_index = :p AND status <> 'ended'",
                        soci::use(personnummer_index, "p"))) {
      found = row_text(row, 0);
    }
    return found;
  });
}

void insert_hire(tenancy::Context& ctx, const crypto::Keyring& keyring, const Hire& hire,
                 const std::string& personnummer_index) {
  const auto& m = ctx.municipality();
  const auto seal = [&](const char* column, const std::string& value) {
    return crypto::encrypt(keyring, value, associated("hiring_hire", column, m, hire.id));
  };
  const std::string given = seal("given_name", hire.given_name);
  const std::string family = seal("family_name", hire.family_name);
  const std::string number = seal("personnummer", hire.personnummer);
  const std::string email = seal("private_email", hire.private_email);
  const std::string mobile = seal("mobile", hire.mobile);
  const std::string details = seal("details", details_json(hire));
  const std::string status(to_string(hire.status));
  const std::string roles = roles_json(hire.roles);
  const std::string equipment = strings_json(hire.equipment);
  const std::string zones = strings_json(hire.card_areas);
  const std::string at = storage::format_time(hire.submitted_at);
  const std::string created_by = ctx.principal().id();
  soci::indicator end_indicator = hire.end_date.empty() ? soci::i_null : soci::i_ok;
  sql_guard("storing a hire", [&] {
    ctx.sql().exec(
        "INSERT INTO hiring_hire (municipality, id, status, unit, title, employment_type, start_date, end_date, "
        "manager, account, roles, equipment, card_zones, given_name, family_name, personnummer, personnummer_index, "
        "private_email, mobile, details, created_by, submitted_at, updated_at) VALUES (:tenant, :id, :status, :unit, "
        ":title, :type, :start, :end, :manager, :account, :roles, :equipment, :zones, :given, :family, :number, "
        ":number_index, :email, :mobile, :details, :created_by, :at, :at)",
        soci::use(hire.id, "id"), soci::use(status, "status"), soci::use(hire.unit, "unit"),
        soci::use(hire.title, "title"), soci::use(hire.employment_type, "type"), soci::use(hire.start_date, "start"),
        soci::use(hire.end_date, end_indicator, "end"), soci::use(hire.manager, "manager"),
        soci::use(hire.account, "account"), soci::use(roles, "roles"), soci::use(equipment, "equipment"),
        soci::use(zones, "zones"), soci::use(given, "given"), soci::use(family, "family"), soci::use(number, "number"),
        soci::use(personnummer_index, "number_index"), soci::use(email, "email"), soci::use(mobile, "mobile"),
        soci::use(details, "details"), soci::use(created_by, "created_by"), soci::use(at, "at"));
  });
}

std::optional<Hire> read_hire(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& id) {
  return sql_guard("reading a hire", [&]() -> std::optional<Hire> {
    std::optional<Hire> found;
    for (const auto& row : ctx.sql().rows(
             "SELECT id, status, unit, title, employment_type, start_date, end_date, manager, account, roles, "
             "equipment, card_zones, given_name, family_name, personnummer, private_email, mobile, details, "
             "submitted_at, ready_at, ended_at, contract_state, contract_sha256, contract_case, contract_letter, "
             "contract_signed_at FROM hiring_hire WHERE {{tenant}} AND id = :id",
             soci::use(id, "id"))) {
      Hire hire;
      hire.id = row_text(row, 0);
      hire.status = parse_hire_status(row_text(row, 1));
      hire.unit = row_text(row, 2);
      hire.title = row_text(row, 3);
      hire.employment_type = row_text(row, 4);
      hire.start_date = row_text(row, 5);
      hire.end_date = row_text(row, 6);
      hire.manager = row_text(row, 7);
      hire.account = row_text(row, 8);
      hire.roles = parse_roles_json(row_text(row, 9));
      hire.equipment = parse_strings_json(row_text(row, 10));
      hire.card_areas = parse_strings_json(row_text(row, 11));
      std::string plain[6];
      for (std::size_t i = 0; i < 6; ++i) {
        plain[i] = crypto::decrypt(keyring, row_text(row, 12 + i),
                                   associated("hiring_hire", kPersonalColumns[i], ctx.municipality(), hire.id));
      }
      hire.given_name = plain[0];
      hire.family_name = plain[1];
      hire.personnummer = plain[2];
      hire.private_email = plain[3];
      hire.mobile = plain[4];
      read_details(hire, plain[5]);
      hire.submitted_at = row_time(row, 18);
      hire.ready_at = row_optional_time(row, 19);
      hire.ended_at = row_optional_time(row, 20);
      hire.contract.state = parse_contract_state(row_text(row, 21));
      hire.contract.sha256 = row_text(row, 22);
      hire.contract.case_number = row_text(row, 23);
      hire.contract.letter = row_text(row, 24);
      hire.contract.signed_at = row_optional_time(row, 25);
      found = std::move(hire);
    }
    return found;
  });
}

std::optional<std::string> hire_unit(tenancy::Context& ctx, const std::string& id) {
  return sql_guard("reading a hire's unit", [&] {
    std::optional<std::string> unit;
    for (const auto& row :
         ctx.sql().rows("SELECT unit FROM hiring_hire WHERE {{tenant}} AND id = :id", soci::use(id, "id"))) {
      unit = row_text(row, 0);
    }
    return unit;
  });
}

std::string hire_manager(tenancy::Context& ctx, const std::string& id) {
  return sql_guard("reading a hire's manager", [&] {
    std::string manager;
    for (const auto& row :
         ctx.sql().rows("SELECT manager FROM hiring_hire WHERE {{tenant}} AND id = :id", soci::use(id, "id"))) {
      manager = row_text(row, 0);
    }
    return manager;
  });
}

std::vector<HireSummary> list_hires(tenancy::Context& ctx, const crypto::Keyring& keyring, const Visibility& who,
                                    const HireFilter& filter) {
  if (filter.limit == 0 || filter.limit > 500) throw InvalidInput("limit must be 1 to 500");
  if (filter.offset > 1'000'000) throw InvalidInput("offset too large");
  const int all = who.all_units ? 1 : 0;
  const std::string status = filter.status ? std::string(to_string(*filter.status)) : std::string();
  const int late = filter.late_only ? 1 : 0;
  const int limit = static_cast<int>(filter.limit);
  const int offset = static_cast<int>(filter.offset);
  // One statement whatever the filters: a filter is off when its bound value is empty.
  const std::string sql =
      "SELECT h.id, h.status, h.given_name, h.family_name, h.title, h.unit, h.start_date, h.manager, "
      "h.submitted_at, h.ready_at, h.contract_state, "
      "(SELECT COUNT(*) FROM hiring_order o WHERE o.municipality = h.municipality AND o.hire_id = h.id "
      "AND o.purpose = 'hire'), "
      "(SELECT COUNT(*) FROM hiring_order o WHERE o.municipality = h.municipality AND o.hire_id = h.id "
      "AND o.purpose = 'hire' AND o.status = 'done'), "
      "(SELECT COUNT(*) FROM hiring_order o WHERE o.municipality = h.municipality AND o.hire_id = h.id AND " +
      std::string(kLateOrder) +
      "), "
      "(SELECT COUNT(*) FROM hiring_order o WHERE o.municipality = h.municipality AND o.hire_id = h.id "
      "AND o.status = 'failed') "
      "FROM hiring_hire h WHERE {{tenant:h}} "
      "AND (:all_units = 1 OR EXISTS (SELECT 1 FROM hiring_manager_unit u WHERE u.municipality = h.municipality "
      "AND u.user_id = :manager AND u.unit = h.unit)) "
      "AND (:status = '' OR h.status = :status) AND (:unit = '' OR h.unit = :unit) "
      "AND (:starts_from = '' OR h.start_date >= :starts_from) AND (:starts_to = '' OR h.start_date <= :starts_to) "
      "AND (:late = 0 OR EXISTS (SELECT 1 FROM hiring_order o WHERE o.municipality = h.municipality "
      "AND o.hire_id = h.id AND " +
      std::string(kLateOrder) + ")) ORDER BY h.submitted_at DESC, h.id DESC LIMIT :limit OFFSET :offset";
  return sql_guard("listing hires", [&] {
    std::vector<HireSummary> out;
    for (const auto& row :
         ctx.sql().rows(sql, soci::use(all, "all_units"), soci::use(who.manager, "manager"),
                        soci::use(status, "status"), soci::use(filter.unit, "unit"),
                        soci::use(filter.starts_from, "starts_from"), soci::use(filter.starts_to, "starts_to"),
                        soci::use(late, "late"), soci::use(limit, "limit"), soci::use(offset, "offset"))) {
      HireSummary s;
      s.id = row_text(row, 0);
      s.status = parse_hire_status(row_text(row, 1));
      s.given_name =
          crypto::decrypt(keyring, row_text(row, 2), associated("hiring_hire", "given_name", ctx.municipality(), s.id));
      s.family_name = crypto::decrypt(keyring, row_text(row, 3),
                                      associated("hiring_hire", "family_name", ctx.municipality(), s.id));
      s.title = row_text(row, 4);
      s.unit = row_text(row, 5);
      s.start_date = row_text(row, 6);
      s.manager = row_text(row, 7);
      s.submitted_at = row_time(row, 8);
      s.ready_at = row_optional_time(row, 9);
      s.contract = parse_contract_state(row_text(row, 10));
      s.orders = static_cast<int>(row_int(row, 11));
      s.orders_done = static_cast<int>(row_int(row, 12));
      s.late = static_cast<int>(row_int(row, 13));
      s.failed = static_cast<int>(row_int(row, 14));
      out.push_back(std::move(s));
    }
    return out;
  });
}

void update_after_change(tenancy::Context& ctx, const std::string& id, const std::string& unit,
                         const std::string& title, const std::vector<RoleRef>& roles, const std::string& end_date,
                         int changes) {
  const std::string roles_text = roles_json(roles);
  const std::string at = storage::format_time(ctx.now());
  soci::indicator end_indicator = end_date.empty() ? soci::i_null : soci::i_ok;
  sql_guard("changing a hire", [&] {
    ctx.sql().exec(
        "UPDATE hiring_hire SET unit = :unit, title = :title, roles = :roles, end_date = :end, changes = :changes, "
        "updated_at = :at WHERE {{tenant}} AND id = :id",
        soci::use(unit, "unit"), soci::use(title, "title"), soci::use(roles_text, "roles"),
        soci::use(end_date, end_indicator, "end"), soci::use(changes, "changes"), soci::use(at, "at"),
        soci::use(id, "id"));
  });
}

bool move_hire_status(tenancy::Context& ctx, const std::string& id, HireStatus from, HireStatus to) {
  const std::string from_text(to_string(from));
  const std::string to_text(to_string(to));
  const std::string at = storage::format_time(ctx.now());
  return sql_guard("moving a hire", [&] {
    bool moved = false;
    std::string sql = "UPDATE hiring_hire SET status = :to, updated_at = :at";
    if (to == HireStatus::kReady) sql += ", ready_at = :at";
    if (to == HireStatus::kEnded) sql += ", ended_at = :at";
    sql += " WHERE {{tenant}} AND id = :id AND status = :from RETURNING id";
    for (const auto& row : ctx.sql().rows(sql, soci::use(to_text, "to"), soci::use(at, "at"), soci::use(id, "id"),
                                          soci::use(from_text, "from"))) {
      (void)row;
      moved = true;
    }
    return moved;
  });
}

void set_end(tenancy::Context& ctx, const std::string& id, const std::string& end_date) {
  const std::string at = storage::format_time(ctx.now());
  sql_guard("ending a hire", [&] {
    ctx.sql().exec(
        "UPDATE hiring_hire SET end_date = :end, status = 'ending', updated_at = :at WHERE {{tenant}} AND id = :id",
        soci::use(end_date, "end"), soci::use(at, "at"), soci::use(id, "id"));
  });
}

void upsert_manager(tenancy::Context& ctx, const Manager& manager) {
  const std::string at = storage::format_time(ctx.now());
  const std::string by = ctx.principal().id();
  sql_guard("recording a manager", [&] {
    ctx.sql().exec(
        "INSERT INTO hiring_manager (municipality, user_id, name, email, updated_by, updated_at) VALUES (:tenant, "
        ":user, :name, :email, :by, :at) ON CONFLICT (municipality, user_id) DO UPDATE SET name = excluded.name, "
        "email = excluded.email, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        soci::use(manager.user_id, "user"), soci::use(manager.name, "name"), soci::use(manager.email, "email"),
        soci::use(by, "by"), soci::use(at, "at"));
    ctx.sql().exec("DELETE FROM hiring_manager_unit WHERE {{tenant}} AND user_id = :user",
                   soci::use(manager.user_id, "user"));
    for (const auto& unit : manager.units) {
      ctx.sql().exec("INSERT INTO hiring_manager_unit (municipality, user_id, unit) VALUES (:tenant, :user, :unit)",
                     soci::use(manager.user_id, "user"), soci::use(unit, "unit"));
    }
  });
}

std::vector<Manager> read_managers(tenancy::Context& ctx) {
  return sql_guard("reading managers", [&] {
    std::vector<Manager> out;
    for (const auto& row : ctx.sql().rows(
             "SELECT m.user_id, m.name, m.email, u.unit FROM hiring_manager m LEFT JOIN hiring_manager_unit u "
             "ON u.municipality = m.municipality AND u.user_id = m.user_id WHERE {{tenant:m}} "
             "ORDER BY m.user_id, u.unit")) {
      const std::string user = row_text(row, 0);
      if (out.empty() || out.back().user_id != user)
        out.push_back(Manager{user, row_text(row, 1), row_text(row, 2), {}});
      if (auto unit = row_optional_text(row, 3)) out.back().units.push_back(std::move(*unit));
    }
    return out;
  });
}

std::optional<Manager> read_manager(tenancy::Context& ctx, const std::string& user_id) {
  for (auto& manager : read_managers(ctx)) {
    if (manager.user_id == user_id) return std::move(manager);
  }
  return std::nullopt;
}

std::string insert_draft(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& owner,
                         const HireForm& form) {
  std::string id = crypto::random_hex(16);
  const std::string content =
      crypto::encrypt(keyring, form_json_text(form), associated("hiring_draft", "content", ctx.municipality(), id));
  const std::string at = storage::format_time(ctx.now());
  sql_guard("saving a draft", [&] {
    ctx.sql().exec(
        "INSERT INTO hiring_draft (municipality, id, owner, unit, content, created_at, updated_at) VALUES (:tenant, "
        ":id, :owner, :unit, :content, :at, :at)",
        soci::use(id, "id"), soci::use(owner, "owner"), soci::use(form.unit, "unit"), soci::use(content, "content"),
        soci::use(at, "at"));
  });
  return id;
}

bool update_draft(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& owner,
                  const std::string& id, const HireForm& form) {
  const std::string content =
      crypto::encrypt(keyring, form_json_text(form), associated("hiring_draft", "content", ctx.municipality(), id));
  const std::string at = storage::format_time(ctx.now());
  return sql_guard("saving a draft", [&] {
    bool changed = false;
    for (const auto& row : ctx.sql().rows(
             "UPDATE hiring_draft SET unit = :unit, content = :content, updated_at = :at WHERE {{tenant}} AND id = :id "
             "AND owner = :owner RETURNING id",
             soci::use(form.unit, "unit"), soci::use(content, "content"), soci::use(at, "at"), soci::use(id, "id"),
             soci::use(owner, "owner"))) {
      (void)row;
      changed = true;
    }
    return changed;
  });
}

std::optional<HireForm> read_draft(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& owner,
                                   const std::string& id) {
  return sql_guard("reading a draft", [&]() -> std::optional<HireForm> {
    for (const auto& row :
         ctx.sql().rows("SELECT content FROM hiring_draft WHERE {{tenant}} AND id = :id AND owner = :owner",
                        soci::use(id, "id"), soci::use(owner, "owner"))) {
      return parse_form_json(
          crypto::decrypt(keyring, row_text(row, 0), associated("hiring_draft", "content", ctx.municipality(), id)));
    }
    return std::nullopt;
  });
}

std::vector<DraftSummary> list_drafts(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& owner) {
  return sql_guard("listing drafts", [&] {
    std::vector<DraftSummary> out;
    for (const auto& row :
         ctx.sql().rows("SELECT id, unit, content, updated_at FROM hiring_draft WHERE {{tenant}} AND owner = :owner "
                        "ORDER BY updated_at DESC, id",
                        soci::use(owner, "owner"))) {
      DraftSummary s;
      s.id = row_text(row, 0);
      s.unit = row_text(row, 1);
      const HireForm form = parse_form_json(
          crypto::decrypt(keyring, row_text(row, 2), associated("hiring_draft", "content", ctx.municipality(), s.id)));
      s.name = form.given_name + (form.given_name.empty() || form.family_name.empty() ? "" : " ") + form.family_name;
      s.updated_at = row_time(row, 3);
      out.push_back(std::move(s));
    }
    return out;
  });
}

bool delete_draft(tenancy::Context& ctx, const std::string& owner, const std::string& id) {
  return sql_guard("deleting a draft", [&] {
    bool deleted = false;
    for (const auto& row :
         ctx.sql().rows("DELETE FROM hiring_draft WHERE {{tenant}} AND id = :id AND owner = :owner RETURNING id",
                        soci::use(id, "id"), soci::use(owner, "owner"))) {
      (void)row;
      deleted = true;
    }
    return deleted;
  });
}

}  // namespace samverkan::hiring::detail
