#pragma once
/// The delivery job of the outbox (queue kDeliveryQueue): for one stored letter
///
///   reachability (the register, the four acceptance rules) ─ not reachable ─► paper route
///   compose + sign as the municipality, seal as the platform
///   deliver to the operator's ServiceAdress ─ permanent failure ─► paper route
///                                           ─ transient failure ─► samverkan::Unavailable (retry)
///   mark delivered (operator, TransId)
///
/// The paper route (paper.hpp) hands the letter to the municipality's PrintVendor adapter, or
/// for a protected identity to the ForwardingRoute; without either the letter fails with the
/// reason. A letter whose transient failures last until the job's final attempt takes the paper
/// route too, so no letter is left queued.
///
/// A letter with a case number (LetterRequest::case_number) that was delivered or printed gets
/// a second job, kCaseRegistrationQueue, enqueued in the transaction that marks it: it registers
/// the letter as an outgoing document on that case through the municipality's
/// adapters::CaseSystem (idempotency key "mailbox-case-<id>"), so a diary that is down only
/// delays the registration, never the letter.
///
/// Idempotent: a letter that is no longer queued is left alone. The delivery attempt record
/// (mailbox_delivery_attempt) is committed before the operator is called and again with the
/// TransId the moment it answers; a job that runs again after a crash between the delivery and
/// the marking finds the TransId and marks the letter without delivering again. A crash while
/// the call itself is under way (the answer never read) is ambiguous: the letter is sent again
/// with the same Message/Header/Id, for the operator to recognise.
///
///   OutboxDelivery delivery(db, keyring, audit, registry, settings, clock);
///   jobs::Worker worker(queue, std::string(kDeliveryQueue), delivery.handler());
///   worker.start();
///
/// or, as the platform does, with the settings of the cooperation file:
///
///   if (auto settings = outbox_settings(cooperation)) {
///     OutboxWorker worker(db, keyring, audit, registry, *settings, clock, &logger);
///     worker.start();   // stop() (or the destructor) finishes the letter at hand
///   }

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "samverkan/adapters/registry.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/jobs/worker.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/mailbox/delivery_client.hpp"
#include "samverkan/mailbox/outbox.hpp"
#include "samverkan/mailbox/paper.hpp"
#include "samverkan/mailbox/reachability.hpp"
#include "samverkan/mailbox/signing.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::mailbox {

/// The job queue that registers sent letters on their cases; the key is the message id.
inline constexpr std::string_view kCaseRegistrationQueue = "mailbox.case-registration";

/// How one municipality sends: its signing identity (the sender's layer) and its TLS client
/// identity towards the register and the operators.
struct SenderSettings {
  std::filesystem::path signing_key_file;          ///< RSA ≥ 2048, PEM
  std::filesystem::path signing_certificate_file;  ///< its certificate, PEM
  soap::TlsClientOptions tls;                      ///< mutual TLS with the register and the operators
};

struct OutboxSettings {
  std::string register_url;  ///< Recipient/v3 endpoint (https)
  /// The CA bundle of the register's server certificate; empty: each sender's
  /// tls.server_ca_file (which otherwise holds the operators' trust anchors).
  std::filesystem::path register_ca_file;
  std::filesystem::path platform_key_file;  ///< the platform's seal (intermediary)
  std::filesystem::path platform_certificate_file;
  std::map<ids::Kommunkod, SenderSettings> senders;  ///< municipalities that send digital mail
  /// The name each member prints as the sender of its paper letters ("Exempelby kommun"); a
  /// letter of a municipality not named here is printed only if it carries a PDF.
  std::map<ids::Kommunkod, std::string> sender_names;
  std::chrono::seconds reachability_cache_ttl{120};
};

/// The settings of the cooperation file's <minaMeddelanden> and each member's <digitalMail>
/// (paths already resolved by the loader); std::nullopt when the file has no <minaMeddelanden>.
/// Members without <digitalMail> are not senders: their letters go the paper route.
std::optional<OutboxSettings> outbox_settings(const config::Cooperation& cooperation);

class OutboxDelivery {
 public:
  /// Every reference must outlive this object. `forwarding` may be null (protected identities
  /// without a digital mailbox then fail with the reason). Throws samverkan::InvalidInput when
  /// the platform's key or certificate cannot be loaded.
  OutboxDelivery(storage::Database& db, const crypto::Keyring& keyring, audit::AuditLog& audit,
                 const adapters::Registry& registry, OutboxSettings settings, const Clock& clock,
                 ForwardingRoute* forwarding = nullptr);
  ~OutboxDelivery();
  OutboxDelivery(const OutboxDelivery&) = delete;
  OutboxDelivery& operator=(const OutboxDelivery&) = delete;

  /// Works one job of kDeliveryQueue (thread-safe). Returns when the letter is delivered, on
  /// paper or failed; throws samverkan::Unavailable for a transient failure (retry), and the
  /// other error kinds for a job that is broken (unknown letter).
  void handle(const jobs::Job& job);

  /// handle() as a Worker handler.
  jobs::Worker::Handler handler();

  /// Claims up to `limit` (1..1000) jobs of kDeliveryQueue from `queue` for `worker` and works
  /// them as one batch, with the guarantees of handle() for each letter:
  ///   - one read transaction per municipality loads the letters;
  ///   - one isReachable question per municipality for all of them (the cache still applies;
  ///     a question the register refuses is asked again one recipient at a time);
  ///   - each letter recorded as sending before its call and its TransId committed the moment
  ///     the operator answers (as handle()); the transaction that commits a TransId also marks
  ///     the letter before it delivered (with its audit entry) and records the next one as
  ///     sending: about one transaction per letter besides the job's own completion;
  ///   - then each job completed, retried or failed as jobs::Worker would.
  /// A letter is never marked delivered before the operator answered. The queue's lease must be
  /// at least delivery_lease(settings): no delivery starts later than 4 × the longest io_timeout
  /// after the claim; the jobs of letters left then are retried (first backoff, one attempt).
  /// Returns how many jobs were claimed. Thread-safe (several workers may call it at once).
  std::size_t work_batch(jobs::JobQueue& queue, const std::string& worker, std::size_t limit,
                         log::Logger* logger = nullptr);

  /// Works one job of kCaseRegistrationQueue: registers the sent letter on its case as an
  /// outgoing document (direction kOutgoing, existing_case, the letter's PDFs or its text, with
  /// secrecy for a protected identity). Throws samverkan::Unavailable while the diary is down
  /// (retry); a municipality without a CaseSystem is audited and left alone; a refusal by the
  /// diary is audited and thrown (the job fails).
  void register_on_case(const jobs::Job& job);
  jobs::Worker::Handler case_registration_handler();

  /// Tests only: called at the named stages ("before-delivery", "after-delivery": the operator
  /// has the letter and the TransId is recorded, the letter is not yet marked); an exception
  /// thrown here stands for a crash at that point.
  void set_fault_injection(std::function<void(std::string_view stage)> hook);

 private:
  struct Clients;
  struct Item;
  // `queue`: complete each finished letter's job at once (null: the caller does, handle()).
  void work(const ids::Kommunkod& municipality, const std::vector<Item*>& items,
            std::chrono::steady_clock::time_point deadline, jobs::JobQueue* queue);
  void transient(Item& item, const Error& error);
  Clients& clients_for(const ids::Kommunkod& municipality, const SenderSettings& sender);
  void paper_route(const ids::Kommunkod& municipality, const std::string& id, const LetterRequest& letter,
                   const std::string& why);
  void finish_failed(const ids::Kommunkod& municipality, const std::string& id, const std::string& reason);
  void stage(std::string_view name);
  void enqueue_case_registration(tenancy::Context& ctx, const std::string& id, const LetterRequest& letter);

  storage::Database& db_;
  const crypto::Keyring& keyring_;
  audit::AuditLog& audit_;
  const adapters::Registry& registry_;
  OutboxSettings settings_;
  const Clock& clock_;
  ForwardingRoute* forwarding_;
  SigningIdentity platform_;
  SigningIdentityCache identities_;
  std::mutex mutex_;
  std::map<ids::Kommunkod, std::unique_ptr<Clients>> clients_;
  std::function<void(std::string_view)> fault_injection_;
  jobs::JobQueue jobs_;
};

/// The lease of one delivery job: a little more than the longest a reachability question and a
/// delivery can take with the senders' timeouts (6 x the longest io_timeout + 10 s), so that a
/// letter whose process died is taken over soon, and a slow one is not taken while under way.
std::chrono::seconds delivery_lease(const OutboxSettings& settings);

/// Letters a background worker claims at once (OutboxWorker, WorkerOptions::batch when larger).
inline constexpr std::size_t kDeliveryBatch = 32;

/// The delivery job at work in the background: an OutboxDelivery and a thread that claims
/// batches of kDeliveryQueue jobs (OutboxDelivery::work_batch) with delivery_lease() (a process
/// that dies holds back at most one batch for one lease), and a jobs::Worker for
/// kCaseRegistrationQueue. Several processes may run one each on the same PostgreSQL (SKIP
/// LOCKED): each letter is worked by one of them at a time.
class OutboxWorker {
 public:
  /// Every reference must outlive this object. Throws samverkan::InvalidInput when the
  /// platform's seal key or certificate cannot be loaded (OutboxDelivery's constructor).
  /// The delivery thread claims max(options.batch, kDeliveryBatch) letters at a time (at most
  /// 1000); the case registrations are claimed one at a time.
  OutboxWorker(storage::Database& db, const crypto::Keyring& keyring, audit::AuditLog& audit,
               const adapters::Registry& registry, OutboxSettings settings, const Clock& clock,
               log::Logger* logger = nullptr, const jobs::WorkerOptions& options = {});
  /// Stops the worker (see stop()).
  ~OutboxWorker();
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  /// Starts the worker's thread.
  void start();
  /// Finishes the batch at hand and stops; the rest stay queued for the next start (or another
  /// process). Idempotent.
  void stop();
  /// Looks at the queue now rather than after the idle wait (after a letter was accepted here).
  void wake();

  OutboxDelivery& delivery() noexcept { return delivery_; }

 private:
  void loop();

  jobs::JobQueue queue_;
  OutboxDelivery delivery_;
  jobs::WorkerOptions options_;
  log::Logger* logger_;
  jobs::Worker registrar_;  ///< kCaseRegistrationQueue
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;  ///< kDeliveryQueue
};

}  // namespace samverkan::mailbox
