#pragma once
/// The hiring process's durable work (libcore jobs), enqueued by HiringService in the
/// transaction of the hire, the change or the termination that causes it:
///
///   hiring.order   places one order through the member's adapter (HrSystem, ItServiceDesk,
///                  PropertyAccess, PermissionSystem) with the order's idempotency key, at its
///                  run time (at once, or 00:00 Swedish time on a change's or an end's day),
///                  and records the system's reference: confirmed (done for what the system
///                  carries out at once);
///   hiring.follow  asks the system whether a confirmed order is done (ticket delivered, card
///                  made, employment registered, roles in place), with backoff, for as long as
///                  it takes;
///   hiring.sla     at the order's at-risk time and at its due time: an order not done is
///                  escalated once (the manager and HR are told) and, when due, marked overdue;
///   hiring.notice  the escalation e-mail, to the manager's address and HR's shared mailbox,
///                  naming the hire by number only (no personal data in the mail);
///   hiring.contract the employment contract's steps (contract.hpp);
///   hiring.invitation the invitation before day one (welcome.hpp).
///
/// Every handler is idempotent (delivery is at least once): an adapter gets the same key for
/// the same order every time, so a retried or re-run job never orders twice. A system that is
/// down (samverkan::Unavailable) is retried with backoff; a refusal (InvalidInput, Conflict,
/// NotFound) fails the order with the system's reason, shown on the hire's page.
///
/// The handlers act as the API client "hiring.orders" of the order's municipality (scopes
/// hiring:read and hiring:write): reading a hire's personal data for an order is audited like
/// any other read.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "samverkan/adapters/registry.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/hiring/contract.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/jobs/worker.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/mail/smtp_mailer.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::hiring {

class OrderJobs {
 public:
  /// Everything must outlive this. `mailer` may be null (no SMTP relay): escalation notices
  /// then wait in their queue (samverkan::Unavailable). `pages_url` is the platform's address
  /// the notices link to ("https://samverkan.example"); may be empty.
  OrderJobs(storage::Database& db, const config::Cooperation& cooperation, const crypto::Keyring& keyring,
            audit::AuditLog& audit_log, const adapters::Registry& adapters, const Clock& clock,
            const mail::SmtpMailer* mailer, std::string pages_url = {});

  /// The handler of hiring.order.
  void place(const jobs::Job& job);
  /// The handler of hiring.follow.
  void follow(const jobs::Job& job);
  /// The handler of hiring.sla.
  void check_service_level(const jobs::Job& job);
  /// The handler of hiring.notice.
  void notify(const jobs::Job& job);
  /// The handler of hiring.invitation: once the account is made, the mail to the new
  /// employee's private address with the one-time link to the pages before day one
  /// (welcome.hpp); it names no person and holds no personal data.
  void invite(const jobs::Job& job);

  /// The address the notices link to (see the constructor).
  void set_pages_url(std::string url) { pages_url_ = std::move(url); }

  /// Who the handlers act as in `municipality`.
  static security::Principal principal(const ids::Kommunkod& municipality);

 private:
  struct Facts;
  Facts facts(const jobs::Job& job, bool with_person);
  void record(const ids::Kommunkod& municipality, const std::function<void(tenancy::Context&)>& body);

  storage::Database& db_;
  const config::Cooperation& cooperation_;
  const crypto::Keyring& keyring_;
  audit::AuditLog& audit_log_;
  const adapters::Registry& adapters_;
  const Clock& clock_;
  const mail::SmtpMailer* mailer_;
  std::string pages_url_;
};

/// The queues' workers as the platform runs them, one thread each.
class HiringWorkers {
 public:
  /// `smtp`: the relay for notices (none: they wait). Throws samverkan::InvalidInput for bad
  /// SMTP options.
  HiringWorkers(storage::Database& db, const config::Cooperation& cooperation, const crypto::Keyring& keyring,
                audit::AuditLog& audit_log, const adapters::Registry& adapters, const Clock& clock,
                jobs::JobQueue& queue, const std::optional<mail::SmtpOptions>& smtp, std::string pages_url,
                log::Logger* logger, std::chrono::milliseconds idle_wait = std::chrono::milliseconds(1000));
  ~HiringWorkers();
  HiringWorkers(const HiringWorkers&) = delete;
  HiringWorkers& operator=(const HiringWorkers&) = delete;

  /// Where the contract goes (contract.hpp): the letter sender (the mailbox service) and the
  /// platform's public address its signing link starts with; also the address the escalation
  /// notices link to. Call before start(); without it contracts wait at "registered".
  void set_contract_delivery(mail::LetterSender* letters, std::string pages_url);

  void start();
  /// Finishes the jobs at hand and joins the threads.
  void stop();
  /// Polls now (after a hire was submitted in this process).
  void wake();
  /// Runs one batch of every queue in the calling thread (tests with an injected clock);
  /// returns how many jobs ran.
  std::size_t run_once();

  OrderJobs& jobs() noexcept { return jobs_; }
  ContractJobs& contracts() noexcept { return contracts_; }

 private:
  std::unique_ptr<mail::SmtpMailer> mailer_;
  OrderJobs jobs_;
  ContractJobs contracts_;
  std::vector<std::unique_ptr<jobs::Worker>> workers_;
};

}  // namespace samverkan::hiring
