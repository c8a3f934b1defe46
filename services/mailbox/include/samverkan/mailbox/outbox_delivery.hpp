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

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "samverkan/adapters/registry.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/jobs/worker.hpp"
#include "samverkan/mailbox/delivery_client.hpp"
#include "samverkan/mailbox/outbox.hpp"
#include "samverkan/mailbox/paper.hpp"
#include "samverkan/mailbox/reachability.hpp"
#include "samverkan/mailbox/signing.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::mailbox {

/// How one municipality sends: its signing identity (the sender's layer) and its TLS client
/// identity towards the register and the operators.
struct SenderSettings {
  std::filesystem::path signing_key_file;          ///< RSA ≥ 2048, PEM
  std::filesystem::path signing_certificate_file;  ///< its certificate, PEM
  soap::TlsClientOptions tls;                      ///< mutual TLS with the register and the operators
};

struct OutboxSettings {
  std::string register_url;                 ///< Recipient/v3 endpoint (https)
  std::filesystem::path platform_key_file;  ///< the platform's seal (intermediary)
  std::filesystem::path platform_certificate_file;
  std::map<ids::Kommunkod, SenderSettings> senders;  ///< municipalities that send digital mail
  std::chrono::seconds reachability_cache_ttl{120};
};

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

  /// Tests only: called at the named stages ("before-delivery", "after-delivery": the operator
  /// has the letter and the TransId is recorded, the letter is not yet marked); an exception
  /// thrown here stands for a crash at that point.
  void set_fault_injection(std::function<void(std::string_view stage)> hook);

 private:
  struct Clients;
  Clients& clients_for(const ids::Kommunkod& municipality, const SenderSettings& sender);
  void paper_route(const ids::Kommunkod& municipality, const std::string& id, const LetterRequest& letter,
                   const std::string& why);
  void finish_failed(const ids::Kommunkod& municipality, const std::string& id, const std::string& reason);
  void stage(std::string_view name);

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
};

}  // namespace samverkan::mailbox
