#pragma once
/// Local simulators of the systems the hiring process orders from, each a small HTTPS server of
/// its own speaking exactly the REST contract of a generic product connector:
///
///   ServiceDeskSimulator   servicedesk-rest  (adapters/servicedesk_rest/.../rest_it_service_desk.hpp)
///   PropertySimulator      access-card-rest  (adapters/access_card_rest/.../rest_property_access.hpp)
///   PermissionSimulator    permissions-rest  (adapters/permissions_rest/.../rest_permission_system.hpp)
///   HrSimulator            hr-rest           (adapters/hr_rest/.../rest_hr_system.hpp)
///
/// Like the real systems they keep an idempotency ledger: an order's Idempotency-Key with the
/// same body answers 200 with the first answer (a replay), with another body 409; each key is
/// recorded with how often it created an order (always 1) and how often it was asked, for the
/// exactly-once tests. An order is confirmed after a configurable delay, measured with the
/// injected clock: a ticket goes from "open" to "delivered", a card order from "received" to
/// "done", a registered employment becomes readable, a granted role appears in the account's
/// roles. A bearer token, when tokens are configured, is required on every request (401
/// otherwise).
///
/// GET {base}/_simulator/orders lists the ledger as JSON ({"orders": [{"key", "kind", "id",
/// "created", "requests", "tenant", "summary"}]}) for tests and for people trying the process.
/// It names no person (the summary is the order's kind and the employment id).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "samverkan/core/clock.hpp"
#include "samverkan/http/message.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/log/logger.hpp"

namespace samverkan::hiring_simulator {

struct SimulatorOptions {
  std::string listen = "127.0.0.1:0";      ///< ADDR:PORT; port 0 picks a free port
  std::filesystem::path certificate_file;  ///< server certificate (PEM) for localhost
  std::filesystem::path private_key_file;  ///< its key (PEM)
  std::string base_path = "/api/v1";       ///< what the connector's restApi baseUrl ends in
  /// The bearer tokens accepted (several members' bindings may share one simulator, each
  /// with its own token file); empty: none required.
  std::vector<std::string> tokens;
  std::chrono::milliseconds confirm_after{3000};  ///< from an order to its confirmation
  /// How long the answer to an order (new or replayed) takes, counted after the ledger has
  /// recorded it: a slow system, and the window in which a caller that dies has placed an
  /// order without hearing its answer (the crash tests). Real time, not the injected clock.
  std::chrono::milliseconds answer_after{0};
};

/// One order as the ledger holds it.
struct LedgerEntry {
  std::string key;
  std::string kind;     ///< "equipment-order", "card-revocation", "grant", "employment", ...
  std::string id;       ///< the system's id of it (ticket, order, change, registration)
  std::string tenant;   ///< the customer or tenant the order came for
  std::string summary;  ///< "2026000001": the employment, account or role it concerns; no names
  std::string body;     ///< the request body as received
  int created = 0;      ///< how often it created an order: 1
  int requests = 0;     ///< how often it was asked (1 + replays)
  Clock::TimePoint at{};
};

/// The shared machinery: the HTTPS server, the token check, the ledger.
class OrderApi {
 public:
  /// The clock must outlive the simulator (and the logger, when given: one line per request).
  OrderApi(SimulatorOptions options, const Clock& clock, log::Logger* logger = nullptr);
  virtual ~OrderApi();
  OrderApi(const OrderApi&) = delete;
  OrderApi& operator=(const OrderApi&) = delete;

  /// Binds and serves. Throws samverkan::Unavailable when the address cannot be bound.
  void start();
  void stop();
  std::uint16_t port() const;
  /// "https://localhost:<port><base_path>": the connector's baseUrl.
  std::string base_url() const;

  /// Every ledger entry in the order it was created.
  std::vector<LedgerEntry> ledger() const;
  /// How often `key` created an order (0: never seen).
  int created(const std::string& key) const;
  /// Answers 503 to everything while true (the system is down).
  void set_down(bool down);
  /// How many orders are recorded in the ledger but not yet answered (see answer_after).
  int unanswered() const { return unanswered_.load(); }

 protected:
  /// Adds the simulator's own routes (paths after the base).
  virtual void add_routes(http::Router& router, const std::string& base) = 0;

  /// The body as a JSON object, or a 400 answer in `refusal`.
  struct Placed {
    http::Response response;
    const LedgerEntry* entry = nullptr;  ///< the ledger entry (read it under the lock only); null when refused
    bool created = false;                ///< a new order (not a replay)
  };
  /// The idempotent part of every order: the key header, the ledger; `make_id` is called for a
  /// new key only, under the simulator's lock. `answer` makes the JSON answer from the id.
  Placed place(const http::Request& request, const std::string& kind, const std::string& tenant,
               const std::string& summary, const std::string& id_prefix, const std::string& id_member);
  /// Runs `handler` when the token matches and the simulator is up; 401 / 503 otherwise.
  http::Handler guarded(std::function<http::Response(http::Request&)> handler);
  /// Whether an order made at `at` is confirmed by now.
  bool confirmed(Clock::TimePoint at) const;

  mutable std::mutex mutex_;
  const Clock& clock_;
  SimulatorOptions options_;

 private:
  log::Logger* logger_;
  std::unique_ptr<log::Logger> quiet_;
  std::vector<LedgerEntry> entries_;
  std::map<std::string, std::size_t> by_key_;
  std::unique_ptr<http::Server> server_;
  bool down_ = false;
  std::atomic<int> unanswered_{0};
};

/// servicedesk-rest: equipment, accounts, activations and returns as tickets.
class ServiceDeskSimulator final : public OrderApi {
 public:
  using OrderApi::OrderApi;
  /// Tickets of this employment id are rejected instead of delivered.
  void reject_employment(const std::string& employment_id);
  /// Tickets are never delivered while true (a desk that sits on them).
  void set_stalled(bool stalled);

 protected:
  void add_routes(http::Router& router, const std::string& base) override;

 private:
  std::map<std::string, std::string> rejected_;
  bool stalled_ = false;
};

/// access-card-rest: card orders and revocations.
class PropertySimulator final : public OrderApi {
 public:
  using OrderApi::OrderApi;

 protected:
  void add_routes(http::Router& router, const std::string& base) override;
};

/// permissions-rest: role changes and account activations; an account's roles.
class PermissionSimulator final : public OrderApi {
 public:
  using OrderApi::OrderApi;
  /// The roles `account` holds now ("system/role"), confirmed changes applied in order.
  std::vector<std::string> roles_of(const std::string& tenant, const std::string& account) const;

 protected:
  void add_routes(http::Router& router, const std::string& base) override;
};

/// hr-rest: new employments, changes and terminations; an employment.
class HrSimulator final : public OrderApi {
 public:
  using OrderApi::OrderApi;

 protected:
  void add_routes(http::Router& router, const std::string& base) override;
};

}  // namespace samverkan::hiring_simulator
