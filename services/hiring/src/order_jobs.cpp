#include "samverkan/hiring/order_jobs.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

#include "detail/contract_store.hpp"
#include "detail/hiring.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/hiring/welcome.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/jobs/job_queue.hpp"

namespace samverkan::hiring {
namespace {

using adapters::IdempotencyKey;

// How many polls one follow job makes before it hands over to a fresh one (an order may take
// weeks: the equipment is delivered the day before the first day).
constexpr int kFollowAttempts = 40;

Poco::JSON::Object::Ptr parse_object(const std::string& text, const char* what) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(text);
    if (auto object = parsed.extract<Poco::JSON::Object::Ptr>(); !object.isNull()) return object;
  } catch (const Poco::Exception&) {
  }
  throw InternalError(std::string("malformed ") + what);
}

long long order_id_of(const jobs::Job& job) {
  const auto object = parse_object(job.payload, "hiring job payload");
  if (!object->has("order")) throw InternalError("a hiring job without an order");
  return object->getValue<long long>("order");
}

std::vector<RoleRef> pairs(const Poco::JSON::Object& detail, const char* member) {
  std::vector<RoleRef> out;
  const auto array = detail.getArray(member);
  if (!array) return out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto pair = array->getArray(static_cast<unsigned>(i));
    if (!pair || pair->size() != 2) throw InternalError("a malformed role in an order");
    out.push_back(RoleRef{pair->getElement<std::string>(0), pair->getElement<std::string>(1)});
  }
  return out;
}

std::chrono::year_month_day date(const std::string& text) { return calendar::parse_iso_date(text, "date"); }

std::string_view kind_in_swedish(OrderKind kind) {
  switch (kind) {
    case OrderKind::kEmployment:
      return "anställningen i HR-systemet";
    case OrderKind::kAccount:
      return "användarkontot (IT-servicedesk)";
    case OrderKind::kEquipment:
      return "utrustningen (IT-servicedesk)";
    case OrderKind::kCard:
      return "passerkortet";
    case OrderKind::kPermissions:
      return "behörigheterna";
  }
  return "beställningen";
}

}  // namespace

struct OrderJobs::Facts {
  Order order;
  std::string hire_id;
  std::optional<Hire> hire;
  Poco::JSON::Object::Ptr detail;
  const config::HiringSettings* settings = nullptr;
  bool pending = false;  ///< ordered or overdue: not yet taken by the system
};

OrderJobs::OrderJobs(storage::Database& db, const config::Cooperation& cooperation, const crypto::Keyring& keyring,
                     audit::AuditLog& audit_log, const adapters::Registry& adapters, const Clock& clock,
                     const mail::SmtpMailer* mailer, std::string pages_url)
    : db_(db),
      cooperation_(cooperation),
      keyring_(keyring),
      audit_log_(audit_log),
      adapters_(adapters),
      clock_(clock),
      mailer_(mailer),
      pages_url_(std::move(pages_url)) {}

security::Principal OrderJobs::principal(const ids::Kommunkod& municipality) {
  return security::Principal::api_client("hiring.orders", municipality, {"hiring:read", "hiring:write"});
}

void OrderJobs::record(const ids::Kommunkod& municipality, const std::function<void(tenancy::Context&)>& body) {
  tenancy::Context ctx(db_, principal(municipality), municipality, clock_, &audit_log_);
  body(ctx);
  ctx.commit();
}

OrderJobs::Facts OrderJobs::facts(const jobs::Job& job, bool with_person) {
  Facts f;
  const long long id = order_id_of(job);
  record(job.municipality, [&](tenancy::Context& ctx) {
    const auto found = detail::read_order(ctx, id);
    if (!found) return;
    f.order = found->first;
    f.hire_id = found->second;
    f.pending = f.order.status == OrderStatus::kOrdered || f.order.status == OrderStatus::kOverdue;
    f.detail = parse_object(detail::order_detail(ctx, id), "order detail");
    const config::Municipality* member = cooperation_.find(job.municipality);
    f.settings = member != nullptr && member->hiring ? &*member->hiring : nullptr;
    const bool open = f.order.status != OrderStatus::kDone && f.order.status != OrderStatus::kFailed &&
                      f.order.status != OrderStatus::kCancelled;
    if (!with_person || !open) return;
    f.hire = detail::read_hire(ctx, keyring_, f.hire_id);
    if (!f.hire) throw InternalError("an order without its hire");
    if (const auto manager = detail::read_manager(ctx, f.hire->manager)) f.hire->manager_name = manager->name;
    ctx.audit({"hire.read", "hire", f.hire_id, "order " + f.order.key});
  });
  return f;
}

void OrderJobs::place(const jobs::Job& job) {
  Facts f = facts(job, true);
  if (!f.hire || !f.pending) return;  // cancelled, failed, or placed by an earlier run
  if (f.settings == nullptr) throw Unavailable("the municipality no longer runs hiring");
  const Hire& hire = *f.hire;
  const auto& m = job.municipality;
  const std::string what = f.detail->optValue<std::string>("action", "");
  const IdempotencyKey key = IdempotencyKey::parse(f.order.key);
  const config::HiringUnit* unit = f.settings->find_unit(hire.unit);
  const std::string cost_centre = unit != nullptr ? unit->cost_centre : "";
  const std::string workplace = unit != nullptr ? unit->workplace : hire.unit;
  const auto start = date(hire.start_date);
  const std::optional<std::chrono::year_month_day> end =
      hire.end_date.empty() ? std::nullopt : std::optional(date(hire.end_date));
  const std::string name = hire.given_name + " " + hire.family_name;

  std::string reference;
  bool done = false;  // carried out at once: nothing to follow
  try {
    switch (f.order.kind) {
      case OrderKind::kEmployment: {
        auto& hr = adapters_.hr_system(m);
        if (what == "register") {
          const adapters::NewEmployment employment{key,
                                                   hire.id,
                                                   hire.given_name,
                                                   hire.family_name,
                                                   ids::Personnummer::parse_any(hire.personnummer, start),
                                                   adapters::parse_employment_type(hire.employment_type),
                                                   start,
                                                   end,
                                                   hire.title,
                                                   hire.unit,
                                                   hire.employment_rate,
                                                   hire.monthly_salary,
                                                   hire.manager_name};
          reference = hr.register_employment(employment).id;
        } else {
          adapters::EmploymentChange change{key, hire.id};
          if (what == "terminate") {
            change.kind = adapters::EmploymentChangeKind::kTermination;
            change.effective_date = date(f.detail->getValue<std::string>("lastDay"));
          } else {
            change.effective_date = date(f.detail->getValue<std::string>("effectiveDate"));
            if (f.detail->has("position")) change.new_position = f.detail->getValue<std::string>("position");
            if (f.detail->has("unit")) change.new_unit = f.detail->getValue<std::string>("unit");
          }
          reference = hr.report_change(change).id;
          done = true;  // the HR system has no status for a change: taken is done
        }
        break;
      }
      case OrderKind::kAccount: {
        auto& desk = adapters_.it_service_desk(m);
        if (what == "activate") {
          reference = desk.activate_account({key, hire.account, hire.id}).id;
        } else {
          reference =
              desk.order_account({key, hire.account, hire.id, hire.given_name, hire.family_name, hire.unit, start, end})
                  .id;
        }
        break;
      }
      case OrderKind::kEquipment: {
        auto& desk = adapters_.it_service_desk(m);
        if (what == "return") {
          reference =
              desk.order_return({key, hire.id, date(f.detail->getValue<std::string>("returnDate")), "termination"}).id;
        } else {
          adapters::EquipmentOrder order{key, name, hire.id, {}, start, cost_centre, workplace, ""};
          const auto items = f.detail->getArray("items");
          for (std::size_t i = 0; items && i < items->size(); ++i) {
            const auto item = items->getObject(static_cast<unsigned>(i));
            order.items.push_back(adapters::EquipmentItem{item->getValue<std::string>("kind") == "phone"
                                                              ? adapters::EquipmentKind::kPhone
                                                              : adapters::EquipmentKind::kComputer,
                                                          item->getValue<std::string>("model"), 1});
          }
          order.note = "Anställning " + hire.id;
          reference = desk.order_equipment(order).id;
        }
        break;
      }
      case OrderKind::kCard: {
        auto& property = adapters_.property_access(m);
        if (what == "revoke") {
          reference =
              property
                  .revoke_cards({key, hire.id, date(f.detail->getValue<std::string>("effectiveDate")), "termination"})
                  .id;
        } else {
          adapters::AccessCardOrder order{key, name, hire.id, {}, start, end, cost_centre, ""};
          const auto zones = f.detail->getArray("zones");
          for (std::size_t i = 0; zones && i < zones->size(); ++i) {
            order.zones.push_back(zones->getElement<std::string>(static_cast<unsigned>(i)));
          }
          reference = property.order_card(order).id;
        }
        break;
      }
      case OrderKind::kPermissions: {
        auto& permissions = adapters_.permission_system(m);
        if (what == "activate") {
          reference = permissions.activate_account({key, hire.account, hire.id}).id;
          done = true;
          break;
        }
        if (what == "revoke-all" && !f.detail->has("revoke")) {
          // What to revoke is what the hire holds when the end comes; recorded once, so a
          // retry revokes the same roles under the same keys.
          f.detail->set("grant", Poco::JSON::Array());
          f.detail->set("revoke", detail::role_pairs(hire.roles));
          const std::string resolved = http::to_json(*f.detail);
          record(m, [&](tenancy::Context& ctx) { detail::set_order_detail(ctx, f.order.id, resolved); });
          f.detail = parse_object(resolved, "order detail");  // as every later run reads it
        }
        const auto grant = pairs(*f.detail, "grant");
        const auto revoke = pairs(*f.detail, "revoke");
        const std::string reason = "Anställning " + hire.id + " (" + f.order.purpose + ")";
        try {
          for (std::size_t i = 0; i < grant.size(); ++i) {
            permissions.grant({IdempotencyKey::parse(f.order.key + "-g" + std::to_string(i)),
                               hire.account,
                               {grant[i].system, grant[i].role},
                               reason});
          }
          for (std::size_t i = 0; i < revoke.size(); ++i) {
            permissions.revoke({IdempotencyKey::parse(f.order.key + "-r" + std::to_string(i)),
                                hire.account,
                                {revoke[i].system, revoke[i].role},
                                reason});
          }
        } catch (const NotFound&) {
          // The account is not in the permission system yet (the desk is creating it).
          throw jobs::RetryLater("the account is not yet known to the permission system");
        }
        reference = f.order.key;
        done = grant.empty() && revoke.empty();
        break;
      }
    }
  } catch (const Error& error) {
    if (!jobs::is_permanent(error)) throw;
    record(m, [&](tenancy::Context& ctx) {
      if (detail::fail_order(ctx, f.order.id, error.what())) {
        ctx.audit({"hire.order-failed", "hire", f.hire_id, f.order.key});
      }
    });
    return;
  }

  record(m, [&](tenancy::Context& ctx) {
    if (!detail::confirm_order(ctx, f.order.id, reference, done)) return;
    ctx.audit({"hire.order-placed", "hire", f.hire_id, f.order.key + " " + reference});
    if (done) {
      detail::settle_hire(ctx, f.hire_id);
      return;
    }
    jobs::JobQueue queue(ctx.database(), ctx.clock());
    queue.enqueue(ctx, {.queue = std::string(detail::kFollowQueue),
                        .idempotency_key = f.order.key + "-follow-1",
                        .payload = R"({"order":)" + std::to_string(f.order.id) + R"(,"generation":1})",
                        .max_attempts = kFollowAttempts});
  });
}

void OrderJobs::follow(const jobs::Job& job) {
  Facts f = facts(job, true);
  if (!f.hire) return;  // done, failed or cancelled meanwhile
  const Hire& hire = *f.hire;
  const auto& m = job.municipality;
  std::optional<std::string> refused;  // the system refused the order: why
  bool done = false;
  switch (f.order.kind) {
    case OrderKind::kEmployment:
      try {
        adapters_.hr_system(m).employee(hire.id);
        done = true;
      } catch (const NotFound&) {
        // not in the HR system yet (a file-based system imports at night)
      }
      break;
    case OrderKind::kAccount:
    case OrderKind::kEquipment: {
      const auto state = adapters_.it_service_desk(m).ticket_status(f.order.reference);
      done = state.status == adapters::TicketStatus::kDelivered || state.status == adapters::TicketStatus::kClosed;
      if (state.status == adapters::TicketStatus::kRejected)
        refused = "the IT service desk rejected it: " + state.message;
      break;
    }
    case OrderKind::kCard: {
      const auto state = adapters_.property_access(m).status(f.order.reference);
      done = state.status == adapters::AccessOrderStatus::kDone;
      if (state.status == adapters::AccessOrderStatus::kRejected) {
        refused = "the property access system rejected it: " + state.message;
      }
      break;
    }
    case OrderKind::kPermissions: {
      const auto grant = pairs(*f.detail, "grant");
      const auto revoke = pairs(*f.detail, "revoke");
      try {
        const auto held = adapters_.permission_system(m).roles(hire.account);
        const auto holds = [&](const RoleRef& r) {
          return std::find(held.begin(), held.end(), adapters::Role{r.system, r.role}) != held.end();
        };
        done = std::all_of(grant.begin(), grant.end(), holds) && std::none_of(revoke.begin(), revoke.end(), holds);
      } catch (const NotFound&) {
        done = grant.empty();  // an account the system does not know holds nothing
      }
      break;
    }
  }
  if (refused || done) {
    record(m, [&](tenancy::Context& ctx) {
      if (refused) {
        if (detail::fail_order(ctx, f.order.id, *refused))
          ctx.audit({"hire.order-failed", "hire", f.hire_id, f.order.key});
        return;
      }
      if (detail::finish_order(ctx, f.order.id)) {
        ctx.audit({"hire.order-done", "hire", f.hire_id, f.order.key});
        detail::settle_hire(ctx, f.hire_id);
      }
    });
    return;
  }
  if (job.attempts + 1 >= job.max_attempts) {
    // Hand over to a fresh follow job (an hour from now) rather than give up.
    const auto object = parse_object(job.payload, "hiring job payload");
    const int generation = object->optValue<int>("generation", 1) + 1;
    record(m, [&](tenancy::Context& ctx) {
      jobs::JobQueue queue(ctx.database(), ctx.clock());
      queue.enqueue(ctx, {.queue = std::string(detail::kFollowQueue),
                          .idempotency_key = f.order.key + "-follow-" + std::to_string(generation),
                          .payload = R"({"order":)" + std::to_string(f.order.id) + R"(,"generation":)" +
                                     std::to_string(generation) + "}",
                          .max_attempts = kFollowAttempts,
                          .run_after = ctx.now() + std::chrono::hours(1)});
    });
    return;
  }
  throw jobs::RetryLater("not done yet");
}

void OrderJobs::check_service_level(const jobs::Job& job) {
  const bool due = job.idempotency_key.size() > 4 && job.idempotency_key.ends_with("-due");
  const long long id = order_id_of(job);
  record(job.municipality, [&](tenancy::Context& ctx) {
    const auto found = detail::read_order(ctx, id);
    if (!found) return;
    const Order& order = found->first;
    if (order.status == OrderStatus::kDone || order.status == OrderStatus::kFailed ||
        order.status == OrderStatus::kCancelled) {
      return;
    }
    if (due && detail::mark_overdue(ctx, id)) ctx.audit({"hire.order-overdue", "hire", found->second, order.key});
    if (detail::mark_escalated(ctx, id)) {
      jobs::JobQueue queue(ctx.database(), ctx.clock());
      queue.enqueue(ctx,
                    {.queue = std::string(detail::kNoticeQueue),
                     .idempotency_key = order.key + "-notice",
                     .payload = R"({"order":)" + std::to_string(id) + R"(,"overdue":)" + (due ? "true" : "false") + "}",
                     .max_attempts = 20});
      ctx.audit({"hire.order-escalated", "hire", found->second, order.key + (due ? " overdue" : " at risk")});
    }
  });
}

void OrderJobs::notify(const jobs::Job& job) {
  if (mailer_ == nullptr) throw Unavailable("no SMTP relay is configured; the notice waits");
  const auto payload = parse_object(job.payload, "hiring notice payload");
  const bool overdue = payload->optValue<bool>("overdue", false);
  const Facts f = facts(job, false);
  const config::Municipality* member = cooperation_.find(job.municipality);
  if (member == nullptr || !member->hiring || f.hire_id.empty()) return;
  std::optional<Manager> manager;
  std::string unit;
  record(job.municipality, [&](tenancy::Context& ctx) {
    unit = detail::hire_unit(ctx, f.hire_id).value_or("");
    manager = detail::read_manager(ctx, detail::hire_manager(ctx, f.hire_id));
  });
  const config::HiringUnit* hiring_unit = member->hiring->find_unit(unit);
  // The mail names the hire by its number only: no name, no personnummer.
  mail::PlainMail mail;
  mail.subject = "Anställning " + f.hire_id + ": " + std::string(kind_in_swedish(f.order.kind)) +
                 (overdue ? " är försenad" : " riskerar att bli försenad");
  mail.body = "Hej!\n\nBeställningen av " + std::string(kind_in_swedish(f.order.kind)) + " för anställning " +
              f.hire_id + " (" + (hiring_unit != nullptr ? hiring_unit->name : unit) + ", " + member->display_name() +
              ") är inte klar.\nDen ska vara klar senast " + calendar::format_swedish_minute(f.order.due_at) +
              ".\nStatus: " + std::string(to_string(f.order.status)) +
              (f.order.reference.empty() ? "" : ", referens " + f.order.reference) + ".\n\n" +
              (pages_url_.empty() ? std::string()
                                  : "Se anställningen: " + pages_url_ + "/staff/" + job.municipality.str() +
                                        "/anstallningar/" + f.hire_id + "\n\n") +
              "Det här meddelandet skickas en gång per beställning.\n";
  const auto send = [&](const std::string& to, const char* who) {
    mail.to = to;
    mail.message_id = "<" + f.order.key + "." + who + "@samverkan>";
    mailer_->send(mail);
  };
  if (manager) send(manager->email, "manager");
  send(member->hiring->hr_email, "hr");
  record(job.municipality, [&](tenancy::Context& ctx) {
    ctx.audit({"hire.order-notice", "hire", f.hire_id, f.order.key + (manager ? " manager+hr" : " hr")});
  });
}

void OrderJobs::invite(const jobs::Job& job) {
  if (mailer_ == nullptr) throw Unavailable("no SMTP relay is configured; the invitation waits");
  if (pages_url_.empty()) throw Unavailable("the platform's public address is not known; the invitation waits");
  const auto payload = parse_object(job.payload, "hiring invitation payload");
  const std::string hire_id = payload->optValue<std::string>("hire", "");
  const config::Municipality* member = cooperation_.find(job.municipality);
  if (member == nullptr || !member->hiring || hire_id.empty()) return;
  std::string to;
  std::string token;
  record(job.municipality, [&](tenancy::Context& ctx) {
    const auto hire = detail::read_hire(ctx, keyring_, hire_id);
    if (!hire || hire->status == HireStatus::kEnding || hire->status == HireStatus::kEnded) return;
    ctx.audit({"hire.read", "hire", hire_id, "invitation"});
    to = hire->private_email;
    token = detail::invitation_token(ctx, keyring_, hire_id);
  });
  if (to.empty()) return;  // ended before the account was made
  // No personal data: the link is the key, and BankID shows who may use it.
  mail::PlainMail mail;
  mail.to = to;
  mail.subject = "Välkommen till " + member->name;
  mail.body = "Hej!\n\nVälkommen som ny medarbetare i " + member->name +
              ". Före din första dag kan du logga in med BankID och se vad som är förberett för dig: din "
              "arbetsplats, din chef, din utrustning och dina behörigheter. Där aktiverar du också ditt "
              "användarkonto.\n\n" +
              pages_url_ + welcome_path(job.municipality, token) +
              "\n\nLänken fungerar för en inloggning. Har du frågor, kontakta din chef.\n";
  mail.message_id = "<hire-" + job.municipality.str() + "-" + hire_id + "-invitation@samverkan>";
  mailer_->send(mail);
  record(job.municipality, [&](tenancy::Context& ctx) {
    detail::invitation_sent(ctx, hire_id);
    ctx.audit({"hire.invitation-sent", "hire", hire_id});
  });
}

HiringWorkers::HiringWorkers(storage::Database& db, const config::Cooperation& cooperation,
                             const crypto::Keyring& keyring, audit::AuditLog& audit_log,
                             const adapters::Registry& adapters, const Clock& clock, jobs::JobQueue& queue,
                             const std::optional<mail::SmtpOptions>& smtp, std::string pages_url, log::Logger* logger,
                             std::chrono::milliseconds idle_wait)
    : mailer_(smtp ? std::make_unique<mail::SmtpMailer>(*smtp) : nullptr),
      jobs_(db, cooperation, keyring, audit_log, adapters, clock, mailer_.get(), pages_url),
      contracts_(db, cooperation, keyring, audit_log, adapters, nullptr, clock) {
  contracts_.set_delivery(nullptr, std::move(pages_url));
  const jobs::WorkerOptions options{.idle_wait = idle_wait};
  const auto add = [&](std::string_view name, void (OrderJobs::*handler)(const jobs::Job&)) {
    workers_.push_back(std::make_unique<jobs::Worker>(
        queue, std::string(name), [this, handler](const jobs::Job& job) { (jobs_.*handler)(job); }, options, logger));
  };
  add(detail::kOrderQueue, &OrderJobs::place);
  add(detail::kFollowQueue, &OrderJobs::follow);
  add(detail::kSlaQueue, &OrderJobs::check_service_level);
  if (mailer_) {
    add(detail::kNoticeQueue, &OrderJobs::notify);
    add(detail::kInvitationQueue, &OrderJobs::invite);
  }
  workers_.push_back(std::make_unique<jobs::Worker>(
      queue, std::string(detail::kContractQueue), [this](const jobs::Job& job) { contracts_.run(job); }, options,
      logger));
}

void HiringWorkers::set_contract_delivery(mail::LetterSender* letters, std::string pages_url) {
  jobs_.set_pages_url(pages_url);
  contracts_.set_delivery(letters, std::move(pages_url));
}

HiringWorkers::~HiringWorkers() { stop(); }

void HiringWorkers::start() {
  for (auto& worker : workers_) worker->start();
}

void HiringWorkers::stop() {
  for (auto& worker : workers_) worker->stop();
}

void HiringWorkers::wake() {
  for (auto& worker : workers_) worker->wake();
}

std::size_t HiringWorkers::run_once() {
  std::size_t ran = 0;
  for (auto& worker : workers_) ran += worker->run_once();
  return ran;
}

}  // namespace samverkan::hiring
