#include "hiring_simulators/hiring_simulators.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>

#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/http/problem.hpp"

namespace samverkan::hiring_simulator {
namespace {

// A stream that drops everything: the simulators' logger when none is given.
class NullBuffer final : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
};
NullBuffer null_buffer;
std::ostream null_stream(&null_buffer);

http::Response json(int status, const Poco::JSON::Object& object) {
  return http::Response::json(status, http::to_json(object));
}

http::Response message(int status, const std::string& text) {
  Poco::JSON::Object out;
  out.set("message", text);
  return json(status, out);
}

Poco::JSON::Object::Ptr parse_body(const std::string& body) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(body);
    if (auto object = parsed.extract<Poco::JSON::Object::Ptr>(); !object.isNull()) return object;
  } catch (const Poco::Exception&) {
  }
  return nullptr;
}

std::string text(const Poco::JSON::Object::Ptr& object, const std::string& name) {
  if (!object || !object->has(name) || object->isNull(name)) return {};
  const auto value = object->get(name);
  return value.isString() ? value.extract<std::string>() : std::string();
}

}  // namespace

OrderApi::OrderApi(SimulatorOptions options, const Clock& clock, log::Logger* logger)
    : clock_(clock), options_(std::move(options)), logger_(logger) {
  if (logger_ == nullptr) {
    quiet_ = std::make_unique<log::Logger>(null_stream);
    logger_ = quiet_.get();
  }
}

OrderApi::~OrderApi() { stop(); }

void OrderApi::start() {
  auto router = std::make_shared<http::Router>();
  add_routes(*router, options_.base_path);
  router->add("GET", options_.base_path + "/_simulator/orders", guarded([this](http::Request&) {
                Poco::JSON::Array orders;
                for (const auto& e : ledger()) {
                  Poco::JSON::Object o;
                  o.set("key", e.key);
                  o.set("kind", e.kind);
                  o.set("id", e.id);
                  o.set("tenant", e.tenant);
                  o.set("summary", e.summary);
                  o.set("created", e.created);
                  o.set("requests", e.requests);
                  o.set("confirmed", confirmed(e.at));
                  orders.add(o);
                }
                Poco::JSON::Object out;
                out.set("orders", orders);
                return json(200, out);
              }));
  http::ServerOptions server;
  server.listen = options_.listen;
  server.certificate_file = options_.certificate_file;
  server.private_key_file = options_.private_key_file;
  server.max_threads = 16;
  server_ = std::make_unique<http::Server>(server, std::move(router), *logger_);
  server_->start();
}

void OrderApi::stop() {
  if (server_) server_->stop(std::chrono::milliseconds(200));
  server_.reset();
}

std::uint16_t OrderApi::port() const { return server_ ? server_->port() : 0; }

std::string OrderApi::base_url() const { return "https://localhost:" + std::to_string(port()) + options_.base_path; }

std::vector<LedgerEntry> OrderApi::ledger() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

int OrderApi::created(const std::string& key) const {
  std::lock_guard lock(mutex_);
  const auto found = by_key_.find(key);
  return found == by_key_.end() ? 0 : entries_[found->second].created;
}

void OrderApi::set_down(bool down) {
  std::lock_guard lock(mutex_);
  down_ = down;
}

bool OrderApi::confirmed(Clock::TimePoint at) const { return clock_.now() >= at + options_.confirm_after; }

http::Handler OrderApi::guarded(std::function<http::Response(http::Request&)> handler) {
  return [this, handler = std::move(handler)](http::Request& request) {
    {
      std::lock_guard lock(mutex_);
      if (down_) return message(503, "the system is down for maintenance");
    }
    if (!options_.tokens.empty()) {
      const std::string given = request.header("Authorization").value_or("");
      const bool known = std::any_of(options_.tokens.begin(), options_.tokens.end(),
                                     [&](const std::string& token) { return given == "Bearer " + token; });
      if (!known) return message(401, "a valid bearer token is required");
    }
    return handler(request);
  };
}

OrderApi::Placed OrderApi::place(const http::Request& request, const std::string& kind, const std::string& tenant,
                                 const std::string& summary, const std::string& id_prefix,
                                 const std::string& id_member) {
  const auto key = request.header("Idempotency-Key");
  if (!key || key->empty()) return {message(400, "an Idempotency-Key header is required"), nullptr, false};
  Placed placed = [&]() -> Placed {
    std::lock_guard lock(mutex_);
    const auto found = by_key_.find(*key);
    Poco::JSON::Object answer;
    if (found != by_key_.end()) {
      LedgerEntry& entry = entries_[found->second];
      if (entry.body != request.body) return {message(409, "this key was used for another order"), nullptr, false};
      ++entry.requests;
      answer.set(id_member, entry.id);
      return {json(200, answer), &entry, false};
    }
    LedgerEntry entry;
    entry.key = *key;
    entry.kind = kind;
    entry.id = id_prefix + "-" + std::to_string(1000 + entries_.size() + 1);
    entry.tenant = tenant;
    entry.summary = summary;
    entry.body = request.body;
    entry.created = 1;
    entry.requests = 1;
    entry.at = clock_.now();
    by_key_.emplace(*key, entries_.size());
    entries_.push_back(std::move(entry));
    answer.set(id_member, entries_.back().id);
    if (id_member == "changeId") answer.set("changed", true);
    return {json(201, answer), &entries_.back(), true};
  }();
  if (placed.entry != nullptr && options_.answer_after.count() > 0) {
    // Recorded, the answer still to come (outside the lock: other requests go on meanwhile).
    ++unanswered_;
    std::this_thread::sleep_for(options_.answer_after);
    --unanswered_;
  }
  return placed;
}

// --- servicedesk-rest ----------------------------------------------------------------------

void ServiceDeskSimulator::reject_employment(const std::string& employment_id) {
  std::lock_guard lock(mutex_);
  rejected_[employment_id] = "the desk has no such cost centre";
}

void ServiceDeskSimulator::set_stalled(bool stalled) {
  std::lock_guard lock(mutex_);
  stalled_ = stalled;
}

void ServiceDeskSimulator::add_routes(http::Router& router, const std::string& base) {
  const auto order = [this](const char* kind) {
    return guarded([this, kind = std::string(kind)](http::Request& request) {
      const auto body = parse_body(request.body);
      if (!body) return message(400, "the body must be a JSON object");
      const std::string customer = text(body, "customer");
      std::string employment = text(body, "employmentId");
      if (kind == "equipment-order") employment = text(body->getObject("recipient"), "employmentId");
      if (customer.empty() || employment.empty()) return message(422, "customer and employmentId are required");
      std::string summary = employment;
      if (kind == "account-order" || kind == "account-activation") {
        const std::string account = text(body, "account");
        if (account.empty()) return message(422, "an account is required");
        summary = account + " " + employment;
        bool ordered = false;
        for (const auto& e : ledger()) {
          if (e.kind != "account-order" || e.tenant != customer || e.key == request.header("Idempotency-Key")) continue;
          const auto other = parse_body(e.body);
          if (text(other, "account") != account) continue;
          ordered = true;
          if (kind == "account-order" && text(other, "employmentId") != employment) {
            return message(409, "the account name is taken");
          }
        }
        if (kind == "account-activation" && !ordered) return message(404, "no such account has been ordered");
      }
      return place(request, kind, customer, summary, "HIT", "ticketId").response;
    });
  };
  router.add("POST", base + "/equipment-orders", order("equipment-order"));
  router.add("POST", base + "/account-orders", order("account-order"));
  router.add("POST", base + "/account-activations", order("account-activation"));
  router.add("POST", base + "/equipment-returns", order("equipment-return"));
  router.add("GET", base + "/tickets/{id}", guarded([this](http::Request& request) {
               const std::string id = request.path_params.at("id");
               for (const auto& e : ledger()) {
                 if (e.id != id) continue;
                 Poco::JSON::Object out;
                 out.set("ticketId", e.id);
                 std::lock_guard lock(mutex_);
                 const std::string employment = e.summary.substr(e.summary.rfind(' ') + 1);
                 if (const auto rejected = rejected_.find(employment); rejected != rejected_.end()) {
                   out.set("status", "rejected");
                   out.set("message", rejected->second);
                 } else if (stalled_ || !confirmed(e.at)) {
                   out.set("status", "open");
                 } else {
                   out.set("status", "delivered");
                 }
                 return json(200, out);
               }
               return message(404, "no such ticket");
             }));
}

// --- access-card-rest ----------------------------------------------------------------------

void PropertySimulator::add_routes(http::Router& router, const std::string& base) {
  const auto order = [this](const char* kind) {
    return guarded([this, kind = std::string(kind)](http::Request& request) {
      const auto body = parse_body(request.body);
      if (!body) return message(400, "the body must be a JSON object");
      const std::string tenant = text(body, "tenant");
      const std::string employment =
          kind == "card-order" ? text(body->getObject("holder"), "employmentId") : text(body, "employmentId");
      if (tenant.empty() || employment.empty()) return message(422, "tenant and employmentId are required");
      if (kind == "card-order") {
        const auto zones = body->getArray("zones");
        if (!zones || zones->size() == 0) return message(422, "at least one zone is required");
      }
      return place(request, kind, tenant, employment, "AC", "orderId").response;
    });
  };
  router.add("POST", base + "/card-orders", order("card-order"));
  router.add("POST", base + "/card-revocations", order("card-revocation"));
  router.add("GET", base + "/orders/{id}", guarded([this](http::Request& request) {
               const std::string id = request.path_params.at("id");
               for (const auto& e : ledger()) {
                 if (e.id != id) continue;
                 Poco::JSON::Object out;
                 out.set("orderId", e.id);
                 out.set("status", confirmed(e.at) ? "done" : "received");
                 return json(200, out);
               }
               return message(404, "no such order");
             }));
}

// --- permissions-rest ----------------------------------------------------------------------

std::vector<std::string> PermissionSimulator::roles_of(const std::string& tenant, const std::string& account) const {
  std::set<std::string> held;
  for (const auto& e : ledger()) {
    if (e.kind != "role-change" || e.tenant != tenant || !confirmed(e.at)) continue;
    const auto body = parse_body(e.body);
    if (text(body, "account") != account) continue;
    const std::string role = text(body, "system") + "/" + text(body, "role");
    if (text(body, "action") == "grant") {
      held.insert(role);
    } else {
      held.erase(role);
    }
  }
  return {held.begin(), held.end()};
}

void PermissionSimulator::add_routes(http::Router& router, const std::string& base) {
  router.add("POST", base + "/role-changes", guarded([this](http::Request& request) {
               const auto body = parse_body(request.body);
               if (!body) return message(400, "the body must be a JSON object");
               const std::string action = text(body, "action");
               if (text(body, "tenant").empty() || text(body, "account").empty() || text(body, "system").empty() ||
                   text(body, "role").empty() || (action != "grant" && action != "revoke")) {
                 return message(422, "tenant, action (grant or revoke), account, system and role are required");
               }
               return place(
                          request, "role-change", text(body, "tenant"),
                          action + " " + text(body, "system") + "/" + text(body, "role") + " " + text(body, "account"),
                          "RC", "changeId")
                   .response;
             }));
  router.add("POST", base + "/account-activations", guarded([this](http::Request& request) {
               const auto body = parse_body(request.body);
               if (!body) return message(400, "the body must be a JSON object");
               const std::string tenant = text(body, "tenant");
               const std::string account = text(body, "account");
               bool known = false;
               for (const auto& e : ledger()) {
                 known = known || (e.kind == "role-change" && e.tenant == tenant &&
                                   text(parse_body(e.body), "account") == account);
               }
               if (!known) return message(404, "no such account");
               return place(request, "account-activation", tenant, "activate " + account, "RC", "changeId").response;
             }));
  router.add("GET", base + "/accounts/{account}/roles", guarded([this](http::Request& request) {
               const std::string tenant = request.query_param("tenant").value_or("");
               const std::string account = request.path_params.at("account");
               bool known = false;
               for (const auto& e : ledger()) {
                 known = known || (e.kind == "role-change" && e.tenant == tenant &&
                                   text(parse_body(e.body), "account") == account);
               }
               if (!known) return message(404, "no such account");
               Poco::JSON::Array roles;
               for (const auto& role : roles_of(tenant, account)) {
                 Poco::JSON::Object r;
                 r.set("system", role.substr(0, role.find('/')));
                 r.set("role", role.substr(role.find('/') + 1));
                 roles.add(r);
               }
               Poco::JSON::Object out;
               out.set("roles", roles);
               return json(200, out);
             }));
}

// --- hr-rest -------------------------------------------------------------------------------------

void HrSimulator::add_routes(http::Router& router, const std::string& base) {
  router.add("POST", base + "/employments", guarded([this](http::Request& request) {
               const auto body = parse_body(request.body);
               if (!body) return message(400, "the body must be a JSON object");
               const std::string id = text(body, "employmentId");
               if (id.empty() || text(body, "personalIdentityNumber").empty() || text(body, "startDate").empty()) {
                 return message(422, "employmentId, personalIdentityNumber and startDate are required");
               }
               for (const auto& e : ledger()) {
                 if (e.kind == "employment" && e.summary == id && e.key != request.header("Idempotency-Key")) {
                   return message(409, "the employment id is taken");
                 }
               }
               return place(request, "employment", "", id, "NY", "registrationId").response;
             }));
  router.add("POST", base + "/employment-changes", guarded([this](http::Request& request) {
               const auto body = parse_body(request.body);
               if (!body) return message(400, "the body must be a JSON object");
               const std::string id = text(body, "employmentId");
               const std::string kind = text(body, "kind");
               bool known = false;
               for (const auto& e : ledger()) known = known || (e.kind == "employment" && e.summary == id);
               if (!known) return message(404, "no such employment");
               if (kind != "change" && kind != "termination") return message(422, "kind is change or termination");
               return place(request, "employment-" + kind, "", id, "CH", "changeId").response;
             }));
  router.add("GET", base + "/employments/{id}", guarded([this](http::Request& request) {
               const std::string id = request.path_params.at("id");
               for (const auto& e : ledger()) {
                 if (e.kind != "employment" || e.summary != id || !confirmed(e.at)) continue;
                 const auto body = parse_body(e.body);
                 Poco::JSON::Object out;
                 for (const char* member : {"employmentId", "givenName", "familyName", "personalIdentityNumber",
                                            "startDate", "position", "unit"}) {
                   out.set(member, text(body, member));
                 }
                 if (!text(body, "endDate").empty()) out.set("endDate", text(body, "endDate"));
                 return json(200, out);
               }
               return message(404, "no such employment");
             }));
}

}  // namespace samverkan::hiring_simulator
