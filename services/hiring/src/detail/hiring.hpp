#pragma once
// Internal to services/hiring: the form's JSON, the store (every statement through the
// context's TenantSession), and the planning of orders.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/hr_system.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/config/hiring.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/hiring/hire.hpp"
#include "samverkan/hiring/hiring_service.hpp"
#include "samverkan/storage/sql_guard.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::hiring::detail {

/// Runs an UPDATE ... RETURNING id; true when a row changed.
template <typename... Uses>
bool changed(tenancy::Context& ctx, const char* what, std::string_view sql, Uses&&... uses) {
  return storage::sql_guard(what, [&] {
    bool any = false;
    for (const auto& row : ctx.sql().rows(sql, std::forward<Uses>(uses)...)) {
      (void)row;
      any = true;
    }
    return any;
  });
}

// --- the form (form.cpp) -------------------------------------------------------------------

std::vector<FieldError> check_form(const config::HiringSettings& settings, const HireForm& form,
                                   std::chrono::year_month_day today);
/// "system/role" as a RoleRef; nullopt when it is not shaped so.
std::optional<RoleRef> parse_role_ref(std::string_view text);
std::string format_role_ref(const RoleRef& role);
Poco::JSON::Object::Ptr form_to_json(const HireForm& form);
/// InvalidInput for members of the wrong type.
HireForm form_from_json(const Poco::JSON::Object& object);
HireForm parse_form_json(const std::string& text);
std::string form_json_text(const HireForm& form);

// --- JSON of stored lists (store.cpp) --------------------------------------------------------

std::string roles_json(const std::vector<RoleRef>& roles);
/// [[system, role], ...] as a JSON array (the form stored and in orders' details).
Poco::JSON::Array role_pairs(const std::vector<RoleRef>& roles);
std::vector<RoleRef> parse_roles_json(const std::string& text);
std::string strings_json(const std::vector<std::string>& values);
std::vector<std::string> parse_strings_json(const std::string& text);

// --- the store (store.cpp) ---------------------------------------------------------------------

/// The encrypted columns of hiring_hire, in the order the store's SELECT reads them.
inline constexpr const char* kPersonalColumns[] = {"given_name",    "family_name", "personnummer",
                                                   "private_email", "mobile",      "details"};

/// The principal's user id: the staff id without "staff:" ("" for others).
std::string staff_user_id(const security::Principal& principal);

/// Who may see which hires: every unit, or the manager's recorded units.
struct Visibility {
  bool all_units = false;
  std::string manager;  ///< the manager's user id when not all_units
};
Visibility visibility(tenancy::Context& ctx);

/// Whether the principal may see (or hire into) `unit`.
bool sees_unit(tenancy::Context& ctx, const Visibility& who, const std::string& unit);

/// The next employment number of the year: YYYY + 6 digits.
std::string next_employment_id(tenancy::Context& ctx, int year);
bool account_taken(tenancy::Context& ctx, const std::string& account);
/// A hire of the person (by blind index) that has not ended, if any.
std::optional<std::string> open_hire_of(tenancy::Context& ctx, const std::string& personnummer_index);

/// Inserts the hire (personal data encrypted with keyring's active key).
void insert_hire(tenancy::Context& ctx, const crypto::Keyring& keyring, const Hire& hire,
                 const std::string& personnummer_index);
/// The hire, decrypted, without orders, unit name, workplace and manager name; nullopt when
/// this municipality has none with the id. Reads no refusal: the caller checks visibility.
std::optional<Hire> read_hire(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& id);
/// The unit of a hire, without decrypting anything; nullopt when there is none.
std::optional<std::string> hire_unit(tenancy::Context& ctx, const std::string& id);
/// The user id of the hire's manager ("" when there is no such hire).
std::string hire_manager(tenancy::Context& ctx, const std::string& id);
std::vector<HireSummary> list_hires(tenancy::Context& ctx, const crypto::Keyring& keyring, const Visibility& who,
                                    const HireFilter& filter);

/// Updates what a change changes.
void update_after_change(tenancy::Context& ctx, const std::string& id, const std::string& unit,
                         const std::string& title, const std::vector<RoleRef>& roles, const std::string& end_date,
                         int changes);
/// Moves the hire to `to` when it is in `from` (compare-and-set); true when it moved.
bool move_hire_status(tenancy::Context& ctx, const std::string& id, HireStatus from, HireStatus to);
void set_end(tenancy::Context& ctx, const std::string& id, const std::string& end_date);

// --- orders (orders.cpp) -------------------------------------------------------------------

/// The job queues of the hiring process.
inline constexpr std::string_view kOrderQueue = "hiring.order";    ///< place an order
inline constexpr std::string_view kFollowQueue = "hiring.follow";  ///< ask the system whether it is done
inline constexpr std::string_view kSlaQueue = "hiring.sla";        ///< at risk / overdue checks
inline constexpr std::string_view kNoticeQueue = "hiring.notice";  ///< escalation e-mail

/// An order to be stored and enqueued.
struct PlannedOrder {
  std::string purpose;
  OrderKind kind = OrderKind::kEmployment;
  std::string detail;  ///< JSON, no personal data
  Clock::TimePoint run_at{};
  Clock::TimePoint due_at{};
  Clock::TimePoint at_risk_at{};
};

/// "hire-<kommunkod>-<hire>-<purpose>-<kind>".
std::string order_key(const ids::Kommunkod& municipality, const std::string& hire_id, const std::string& purpose,
                      OrderKind kind);

/// 00:00 Swedish time after `day` (the end of the day).
Clock::TimePoint end_of_day(std::chrono::year_month_day day);

/// The hire's own orders as the form asks for them, due by the member's service levels.
std::vector<PlannedOrder> plan_hire_orders(const config::HiringSettings& settings, const Hire& hire,
                                           Clock::TimePoint now);
/// The orders that activate the account once the employee took it into use: the IT service
/// desk opens it for sign-in, the permission system lets its roles take effect (purpose
/// "activation"), due when the first day begins.
std::vector<PlannedOrder> plan_activation_orders(const Hire& hire, Clock::TimePoint now);
/// The orders that end an employment after `last_day` under `purpose` ("termination" tells the
/// HR system as well; "end-YYYYMMDD" does not: it knows the end date already).
std::vector<PlannedOrder> plan_end_orders(const Hire& hire, const std::string& purpose,
                                          std::chrono::year_month_day last_day, Clock::TimePoint now);

/// Stores each order and enqueues its job (at run_at) and its service-level checks (at
/// at_risk_at and due_at), all in ctx's transaction.
void add_orders(tenancy::Context& ctx, const std::string& hire_id, const std::vector<PlannedOrder>& orders);
/// Cancels the hire's orders of `purpose` that have not run (ordered); their jobs then find them
/// cancelled and do nothing.
void cancel_orders(tenancy::Context& ctx, const std::string& hire_id, const std::string& purpose);
/// Cancels every pending order whose purpose starts with "end-".
void cancel_scheduled_ends(tenancy::Context& ctx, const std::string& hire_id);

std::vector<Order> read_orders(tenancy::Context& ctx, const std::string& hire_id);
/// The order with its hire id; nullopt when there is none.
std::optional<std::pair<Order, std::string>> read_order(tenancy::Context& ctx, long long id);
/// What people read about an order: "Mobiltelefon, Bärbar dator", "2 roller", ...
std::string order_summary(OrderKind kind, const std::string& detail);
/// The detail JSON of an order (for the jobs).
std::string order_detail(tenancy::Context& ctx, long long id);
void set_order_detail(tenancy::Context& ctx, long long id, const std::string& detail);

/// The order was taken by the system: reference and confirmed (done when `done`), unless it
/// was cancelled or finished meanwhile. True when it changed.
bool confirm_order(tenancy::Context& ctx, long long id, const std::string& reference, bool done);
/// The system carried it out. True when it changed.
bool finish_order(tenancy::Context& ctx, long long id);
/// The system refused it for good. True when it changed.
bool fail_order(tenancy::Context& ctx, long long id, const std::string& reason);
/// Marks a pending order overdue. True when it changed.
bool mark_overdue(tenancy::Context& ctx, long long id);
/// Records the escalation once; true for the call that recorded it.
bool mark_escalated(tenancy::Context& ctx, long long id);

/// After an order finished: a hire whose own orders are all done becomes ready; an ending hire
/// whose end orders are all done becomes ended.
void settle_hire(tenancy::Context& ctx, const std::string& hire_id);

// --- managers and drafts (store.cpp) -------------------------------------------------------------

void upsert_manager(tenancy::Context& ctx, const Manager& manager);
std::vector<Manager> read_managers(tenancy::Context& ctx);
std::optional<Manager> read_manager(tenancy::Context& ctx, const std::string& user_id);

std::string insert_draft(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& owner,
                         const HireForm& form);
/// False when the owner has no such draft.
bool update_draft(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& owner,
                  const std::string& id, const HireForm& form);
std::optional<HireForm> read_draft(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& owner,
                                   const std::string& id);
std::vector<DraftSummary> list_drafts(tenancy::Context& ctx, const crypto::Keyring& keyring, const std::string& owner);
bool delete_draft(tenancy::Context& ctx, const std::string& owner, const std::string& id);

}  // namespace samverkan::hiring::detail
