// Orders: planning (what a hire, a change or an end orders, when it runs, when it is due),
// their rows and jobs, and their way from ordered to done.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <soci/soci.h>

#include "detail/contract_store.hpp"
#include "detail/hiring.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/calendar/working_days.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/sql_guard.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::hiring::detail {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;
using storage::row_int;
using storage::row_optional_text;
using storage::row_optional_time;
using storage::row_text;
using storage::row_time;
using storage::sql_guard;

year_month_day day_after(year_month_day day) { return year_month_day{sys_days{day} + days(1)}; }

std::string payload(long long order_id) { return R"({"order":)" + std::to_string(order_id) + "}"; }

PlannedOrder planned(std::string purpose, OrderKind kind, const Poco::JSON::Object& detail, Clock::TimePoint run_at,
                     Clock::TimePoint due_at, Clock::TimePoint at_risk_at) {
  return PlannedOrder{std::move(purpose), kind, http::to_json(detail), run_at, due_at, std::min(at_risk_at, due_at)};
}

Poco::JSON::Object action(const char* name) {
  Poco::JSON::Object out;
  out.set("action", name);
  return out;
}

constexpr std::string_view kOrderColumns =
    "id, purpose, kind, status, order_key, detail, reference, failure, run_at, due_at, at_risk_at, created_at, "
    "confirmed_at, done_at, escalated_at, hire_id";

Order order_of(const soci::row& row) {
  Order order;
  order.id = row_int(row, 0);
  order.purpose = row_text(row, 1);
  order.kind = parse_order_kind(row_text(row, 2));
  order.status = parse_order_status(row_text(row, 3));
  order.key = row_text(row, 4);
  order.summary = order_summary(order.kind, row_text(row, 5));
  order.reference = row_text(row, 6);
  order.failure = row_text(row, 7);
  order.run_at = row_time(row, 8);
  order.due_at = row_time(row, 9);
  order.at_risk_at = row_time(row, 10);
  order.created_at = row_time(row, 11);
  order.confirmed_at = row_optional_time(row, 12);
  order.done_at = row_optional_time(row, 13);
  order.escalated_at = row_optional_time(row, 14);
  return order;
}

}  // namespace

std::string order_key(const ids::Kommunkod& municipality, const std::string& hire_id, const std::string& purpose,
                      OrderKind kind) {
  return "hire-" + municipality.str() + "-" + hire_id + "-" + purpose + "-" + std::string(to_string(kind));
}

Clock::TimePoint end_of_day(year_month_day day) { return calendar::swedish_midnight(day_after(day)); }

std::vector<PlannedOrder> plan_hire_orders(const config::HiringSettings& settings, const Hire& hire,
                                           Clock::TimePoint now) {
  const year_month_day start = calendar::parse_iso_date(hire.start_date, "start date");
  const auto due = [&](OrderKind kind) {
    const year_month_day day =
        calendar::working_days_before(start, settings.working_days_before_start(std::string(to_string(kind))));
    return std::pair{end_of_day(day), end_of_day(calendar::working_days_before(day, settings.at_risk_working_days))};
  };
  std::vector<PlannedOrder> out;
  const auto add = [&](OrderKind kind, const Poco::JSON::Object& detail) {
    const auto [due_at, at_risk_at] = due(kind);
    out.push_back(planned("hire", kind, detail, now, due_at, at_risk_at));
  };
  add(OrderKind::kEmployment, action("register"));
  add(OrderKind::kAccount, action("create"));
  if (!hire.equipment.empty()) {
    auto detail = action("deliver");
    Poco::JSON::Array items;
    for (const auto& id : hire.equipment) {
      const config::EquipmentArticle* article = settings.find_article(id);
      if (article == nullptr) throw InvalidInput("unknown equipment " + id);
      Poco::JSON::Object item;
      item.set("id", article->id);
      item.set("kind", article->kind);
      item.set("model", article->model);
      item.set("name", article->name);
      items.add(item);
    }
    detail.set("items", items);
    add(OrderKind::kEquipment, detail);
  }
  if (!hire.card_areas.empty()) {
    auto detail = action("order");
    Poco::JSON::Array zones;
    for (const auto& zone : hire.card_areas) zones.add(zone);
    detail.set("zones", zones);
    add(OrderKind::kCard, detail);
  }
  if (!hire.roles.empty()) {
    auto detail = action("change");
    detail.set("grant", role_pairs(hire.roles));
    detail.set("revoke", Poco::JSON::Array());
    add(OrderKind::kPermissions, detail);
  }
  return out;
}

std::vector<PlannedOrder> plan_activation_orders(const Hire& hire, Clock::TimePoint now) {
  // Due when the first day begins: the account must open for sign-in by then.
  const Clock::TimePoint due = calendar::swedish_midnight(calendar::parse_iso_date(hire.start_date, "start date"));
  const Clock::TimePoint by = std::max(due, now);
  std::vector<PlannedOrder> out;
  out.push_back(planned("activation", OrderKind::kAccount, action("activate"), now, by, by));
  if (!hire.roles.empty())
    out.push_back(planned("activation", OrderKind::kPermissions, action("activate"), now, by, by));
  return out;
}

std::vector<PlannedOrder> plan_end_orders(const Hire& hire, const std::string& purpose, year_month_day last_day,
                                          Clock::TimePoint now) {
  // Access ends at the midnight that ends the last day; what must happen then is due by the
  // end of the day after (the first day without the employment).
  const Clock::TimePoint at = end_of_day(last_day);
  const year_month_day first_day_after = day_after(last_day);
  const Clock::TimePoint due = end_of_day(first_day_after);
  std::vector<PlannedOrder> out;
  if (purpose == "termination") {
    auto detail = action("terminate");
    detail.set("lastDay", calendar::format_iso_date(last_day));
    out.push_back(planned(purpose, OrderKind::kEmployment, detail, now, at, at));
  }
  {
    auto detail = action("revoke-all");
    out.push_back(planned(purpose, OrderKind::kPermissions, detail, at, due, due));
  }
  if (!hire.card_areas.empty()) {
    auto detail = action("revoke");
    detail.set("effectiveDate", calendar::format_iso_date(first_day_after));
    out.push_back(planned(purpose, OrderKind::kCard, detail, at, due, due));
  }
  if (!hire.equipment.empty()) {
    auto detail = action("return");
    detail.set("returnDate", calendar::format_iso_date(first_day_after));
    out.push_back(planned(purpose, OrderKind::kEquipment, detail, at, due, due));
  }
  return out;
}

void add_orders(tenancy::Context& ctx, const std::string& hire_id, const std::vector<PlannedOrder>& orders) {
  jobs::JobQueue queue(ctx.database(), ctx.clock());
  const std::string now = storage::format_time(ctx.now());
  for (const auto& order : orders) {
    const std::string key = order_key(ctx.municipality(), hire_id, order.purpose, order.kind);
    const std::string kind(to_string(order.kind));
    const std::string run_at = storage::format_time(order.run_at);
    const std::string due_at = storage::format_time(order.due_at);
    const std::string at_risk_at = storage::format_time(order.at_risk_at);
    const long long id = sql_guard("storing an order", [&] {
      long long inserted = 0;
      for (const auto& row : ctx.sql().rows(
               "INSERT INTO hiring_order (municipality, hire_id, purpose, kind, order_key, status, detail, run_at, "
               "due_at, at_risk_at, created_at, updated_at) VALUES (:tenant, :hire, :purpose, :kind, :key, 'ordered', "
               ":detail, :run_at, :due_at, :at_risk_at, :now, :now) RETURNING id",
               soci::use(hire_id, "hire"), soci::use(order.purpose, "purpose"), soci::use(kind, "kind"),
               soci::use(key, "key"), soci::use(order.detail, "detail"), soci::use(run_at, "run_at"),
               soci::use(due_at, "due_at"), soci::use(at_risk_at, "at_risk_at"), soci::use(now, "now"))) {
        inserted = row_int(row, 0);
      }
      return inserted;
    });
    queue.enqueue(ctx, {.queue = std::string(kOrderQueue),
                        .idempotency_key = key,
                        .payload = payload(id),
                        .max_attempts = 30,
                        .run_after = order.run_at});
    if (order.at_risk_at < order.due_at) {
      queue.enqueue(ctx, {.queue = std::string(kSlaQueue),
                          .idempotency_key = key + "-risk",
                          .payload = payload(id),
                          .max_attempts = 20,
                          .run_after = order.at_risk_at});
    }
    queue.enqueue(ctx, {.queue = std::string(kSlaQueue),
                        .idempotency_key = key + "-due",
                        .payload = payload(id),
                        .max_attempts = 20,
                        .run_after = order.due_at});
  }
}

void cancel_orders(tenancy::Context& ctx, const std::string& hire_id, const std::string& purpose) {
  const std::string at = storage::format_time(ctx.now());
  sql_guard("cancelling orders", [&] {
    ctx.sql().exec(
        "UPDATE hiring_order SET status = 'cancelled', updated_at = :at WHERE {{tenant}} AND hire_id = :hire "
        "AND purpose = :purpose AND status = 'ordered'",
        soci::use(at, "at"), soci::use(hire_id, "hire"), soci::use(purpose, "purpose"));
  });
}

void cancel_scheduled_ends(tenancy::Context& ctx, const std::string& hire_id) {
  const std::string at = storage::format_time(ctx.now());
  sql_guard("cancelling a scheduled end", [&] {
    ctx.sql().exec(
        "UPDATE hiring_order SET status = 'cancelled', updated_at = :at WHERE {{tenant}} AND hire_id = :hire "
        "AND purpose LIKE 'end-%' AND status = 'ordered'",
        soci::use(at, "at"), soci::use(hire_id, "hire"));
  });
}

std::vector<Order> read_orders(tenancy::Context& ctx, const std::string& hire_id) {
  return sql_guard("reading orders", [&] {
    std::vector<Order> out;
    for (const auto& row : ctx.sql().rows("SELECT " + std::string(kOrderColumns) +
                                              " FROM hiring_order WHERE {{tenant}} AND hire_id = :hire ORDER BY id",
                                          soci::use(hire_id, "hire"))) {
      out.push_back(order_of(row));
    }
    return out;
  });
}

std::optional<std::pair<Order, std::string>> read_order(tenancy::Context& ctx, long long id) {
  return sql_guard("reading an order", [&] {
    std::optional<std::pair<Order, std::string>> found;
    for (const auto& row :
         ctx.sql().rows("SELECT " + std::string(kOrderColumns) + " FROM hiring_order WHERE {{tenant}} AND id = :id",
                        soci::use(id, "id"))) {
      found.emplace(order_of(row), row_text(row, 15));
    }
    return found;
  });
}

std::string order_summary(OrderKind kind, const std::string& detail) {
  Poco::JSON::Object::Ptr object;
  try {
    object = Poco::JSON::Parser().parse(detail).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return {};
  }
  const std::string what = object->optValue<std::string>("action", "");
  const auto joined = [](const Poco::JSON::Array::Ptr& array, const char* member) {
    std::string out;
    if (!array) return out;
    for (std::size_t i = 0; i < array->size(); ++i) {
      std::string text;
      if (member != nullptr) {
        const auto item = array->getObject(static_cast<unsigned>(i));
        if (item) text = item->optValue<std::string>(member, "");
      } else if (const auto pair = array->getArray(static_cast<unsigned>(i)); pair && pair->size() == 2) {
        text = pair->getElement<std::string>(0) + "/" + pair->getElement<std::string>(1);
      } else {
        text = array->getElement<std::string>(static_cast<unsigned>(i));
      }
      out += (out.empty() ? "" : ", ") + text;
    }
    return out;
  };
  switch (kind) {
    case OrderKind::kEmployment:
      if (what == "register") return "Ny anställning";
      if (what == "terminate") return "Avslut, sista dag " + object->optValue<std::string>("lastDay", "");
      return "Ändring från " + object->optValue<std::string>("effectiveDate", "");
    case OrderKind::kAccount:
      return what == "activate" ? "Aktivering av kontot" : "Nytt konto";
    case OrderKind::kEquipment:
      if (what == "return") return "Återlämning " + object->optValue<std::string>("returnDate", "");
      return joined(object->getArray("items"), "name");
    case OrderKind::kCard:
      if (what == "revoke") return "Spärr från " + object->optValue<std::string>("effectiveDate", "");
      return joined(object->getArray("zones"), nullptr);
    case OrderKind::kPermissions: {
      if (what == "activate") return "Aktivering av behörigheterna";
      if (what == "revoke-all" && !object->has("revoke")) return "Alla behörigheter tas bort";
      const std::string granted = joined(object->getArray("grant"), nullptr);
      const std::string revoked = joined(object->getArray("revoke"), nullptr);
      std::string out;
      if (!granted.empty()) out += "Ges: " + granted;
      if (!revoked.empty()) out += std::string(out.empty() ? "" : "; ") + "Tas bort: " + revoked;
      return out.empty() ? "Inga ändringar" : out;
    }
  }
  return {};
}

std::string order_detail(tenancy::Context& ctx, long long id) {
  return sql_guard("reading an order's detail", [&] {
    std::string detail;
    ctx.sql().exec("SELECT detail FROM hiring_order WHERE {{tenant}} AND id = :id", soci::use(id, "id"),
                   soci::into(detail));
    return detail;
  });
}

void set_order_detail(tenancy::Context& ctx, long long id, const std::string& detail) {
  const std::string at = storage::format_time(ctx.now());
  sql_guard("recording an order's detail", [&] {
    ctx.sql().exec("UPDATE hiring_order SET detail = :detail, updated_at = :at WHERE {{tenant}} AND id = :id",
                   soci::use(detail, "detail"), soci::use(at, "at"), soci::use(id, "id"));
  });
}

bool confirm_order(tenancy::Context& ctx, long long id, const std::string& reference, bool done) {
  const std::string at = storage::format_time(ctx.now());
  // An overdue order stays overdue until it is done: being taken late is still late.
  const std::string sql = std::string("UPDATE hiring_order SET reference = :reference, confirmed_at = :at, ") +
                          (done ? "done_at = :at, status = 'done', "
                                : "status = CASE status WHEN 'overdue' THEN 'overdue' ELSE 'confirmed' END, ") +
                          "updated_at = :at WHERE {{tenant}} AND id = :id AND status IN ('ordered', 'overdue') "
                          "RETURNING id";
  return changed(ctx, "confirming an order", sql, soci::use(reference, "reference"), soci::use(at, "at"),
                 soci::use(id, "id"));
}

bool finish_order(tenancy::Context& ctx, long long id) {
  const std::string at = storage::format_time(ctx.now());
  return changed(
      ctx, "finishing an order",
      "UPDATE hiring_order SET status = 'done', done_at = :at, updated_at = :at WHERE {{tenant}} AND id = :id "
      "AND status IN ('ordered', 'confirmed', 'overdue') RETURNING id",
      soci::use(at, "at"), soci::use(id, "id"));
}

bool fail_order(tenancy::Context& ctx, long long id, const std::string& reason) {
  const std::string at = storage::format_time(ctx.now());
  const std::string text = reason.substr(0, 500);
  return changed(ctx, "failing an order",
                 "UPDATE hiring_order SET status = 'failed', failure = :reason, updated_at = :at WHERE {{tenant}} "
                 "AND id = :id AND status IN ('ordered', 'confirmed', 'overdue') RETURNING id",
                 soci::use(text, "reason"), soci::use(at, "at"), soci::use(id, "id"));
}

bool mark_overdue(tenancy::Context& ctx, long long id) {
  const std::string at = storage::format_time(ctx.now());
  return changed(ctx, "marking an order overdue",
                 "UPDATE hiring_order SET status = 'overdue', updated_at = :at WHERE {{tenant}} AND id = :id "
                 "AND status IN ('ordered', 'confirmed') RETURNING id",
                 soci::use(at, "at"), soci::use(id, "id"));
}

bool mark_escalated(tenancy::Context& ctx, long long id) {
  const std::string at = storage::format_time(ctx.now());
  return changed(ctx, "escalating an order",
                 "UPDATE hiring_order SET escalated_at = :at, updated_at = :at WHERE {{tenant}} AND id = :id "
                 "AND escalated_at IS NULL AND status IN ('ordered', 'confirmed', 'overdue') RETURNING id",
                 soci::use(at, "at"), soci::use(id, "id"));
}

void settle_hire(tenancy::Context& ctx, const std::string& hire_id) {
  const auto [own_open, end_orders, end_open] = sql_guard("settling a hire", [&] {
    long long own = 0;
    long long ends = 0;
    long long ends_open = 0;
    ctx.sql().exec(
        "SELECT "
        "(SELECT COUNT(*) FROM hiring_order WHERE {{tenant}} AND hire_id = :hire AND purpose = 'hire' "
        "AND status <> 'done'), "
        "(SELECT COUNT(*) FROM hiring_order WHERE {{tenant}} AND hire_id = :hire AND status <> 'cancelled' "
        "AND (purpose = 'termination' OR purpose LIKE 'end-%')), "
        "(SELECT COUNT(*) FROM hiring_order WHERE {{tenant}} AND hire_id = :hire AND status NOT IN ('done', "
        "'cancelled') AND (purpose = 'termination' OR purpose LIKE 'end-%'))",
        soci::use(hire_id, "hire"), soci::into(own), soci::into(ends), soci::into(ends_open));
    return std::tuple{own, ends, ends_open};
  });
  if (own_open == 0 && move_hire_status(ctx, hire_id, HireStatus::kSubmitted, HireStatus::kReady)) {
    ctx.audit({"hire.ready", "hire", hire_id});
  }
  // The account exists: the invitation before day one goes to the private e-mail (once: the
  // job's key is the hire's).
  const long long account_done = sql_guard("settling a hire", [&] {
    long long n = 0;
    ctx.sql().exec(
        "SELECT COUNT(*) FROM hiring_order WHERE {{tenant}} AND hire_id = :hire AND purpose = 'hire' AND "
        "kind = 'account' AND status = 'done'",
        soci::use(hire_id, "hire"), soci::into(n));
    return n;
  });
  if (account_done > 0) {
    jobs::JobQueue(ctx.database(), ctx.clock())
        .enqueue(ctx, {.queue = std::string(kInvitationQueue),
                       .idempotency_key = "hire-" + ctx.municipality().str() + "-" + hire_id + "-invitation",
                       .payload = R"({"hire":")" + hire_id + R"("})",
                       .max_attempts = 30});
  }
  if (end_orders > 0 && end_open == 0) {
    // A fixed-term employment reaches its end without having been "ending".
    for (const auto from : {HireStatus::kEnding, HireStatus::kReady, HireStatus::kSubmitted}) {
      if (move_hire_status(ctx, hire_id, from, HireStatus::kEnded)) {
        ctx.audit({"hire.ended", "hire", hire_id});
        break;
      }
    }
  }
}

}  // namespace samverkan::hiring::detail
