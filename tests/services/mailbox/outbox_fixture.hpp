#pragma once
// The outbox over a migrated database (SQLite, or PostgreSQL for the pgtests) with two
// municipalities, the Mina meddelanden simulators on real sockets, a recording PrintVendor and
// the delivery handler (header-only; for outbox_*, mail_service_* and mailbox_routes_* tests).
#include <soci/soci.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "mm_simulator_fixture.hpp"
#include "samverkan/adapters/registry.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/jobs/worker.hpp"
#include "samverkan/mailbox/mail_service.hpp"
#include "samverkan/mailbox/outbox_delivery.hpp"
#include "samverkan/server/migrations.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/tenancy/context.hpp"
#include "support/postgres.hpp"

namespace samverkan::mail {
// For Boost.Test's messages (mailbox::LetterStatus is libcore's mail::LetterStatus).
inline std::ostream& operator<<(std::ostream& out, LetterStatus status) { return out << to_string(status); }
}  // namespace samverkan::mail

namespace samverkan::mailbox::test {

/// A PrintVendor that records what it was given (idempotent per key, as the interface demands)
/// and can be told to be unavailable.
class RecordingPrintVendor final : public adapters::PrintVendor {
 public:
  adapters::OrderReceipt submit(const adapters::PrintJob& job) override {
    adapters::validate(job);
    std::lock_guard lock(mutex_);
    if (unavailable) throw Unavailable("print vendor down");
    for (const auto& j : jobs_) {
      if (j.idempotency_key == job.idempotency_key) return {"print-" + job.idempotency_key.str(), true};
    }
    jobs_.push_back(job);
    return {"print-" + job.idempotency_key.str(), false};
  }
  adapters::PrintJobState job_status(std::string_view job_id) override {
    return {std::string(job_id), adapters::PrintJobStatus::kQueued, ""};
  }
  /// Records each new batch; the same batch id again is a replay (Conflict with other letters);
  /// InvalidInput while `refuse_manifests` is set.
  adapters::OrderReceipt submit_manifest(const adapters::PrintBatchManifest& manifest) override {
    adapters::validate(manifest);
    std::lock_guard lock(mutex_);
    if (unavailable) throw Unavailable("print vendor down");
    if (refuse_manifests) throw InvalidInput("the vendor refuses the batch");
    for (const auto& m : manifests_) {
      if (m.batch_id != manifest.batch_id) continue;
      if (m.letters.size() != manifest.letters.size()) throw Conflict("another batch " + m.batch_id);
      for (std::size_t i = 0; i < m.letters.size(); ++i) {
        if (m.letters[i].job_id != manifest.letters[i].job_id) throw Conflict("another batch " + m.batch_id);
      }
      return {"batch-" + manifest.batch_id, true};
    }
    manifests_.push_back(manifest);
    return {"batch-" + manifest.batch_id, false};
  }
  std::vector<adapters::PrintJob> jobs() const {
    std::lock_guard lock(mutex_);
    return jobs_;
  }
  std::vector<adapters::PrintBatchManifest> manifests() const {
    std::lock_guard lock(mutex_);
    return manifests_;
  }
  bool unavailable = false;
  bool refuse_manifests = false;

 private:
  mutable std::mutex mutex_;
  std::vector<adapters::PrintJob> jobs_;
  std::vector<adapters::PrintBatchManifest> manifests_;
};

inline const ids::Kommunkod kSender = ids::Kommunkod::parse("0604");
inline const ids::Kommunkod kNeighbour = ids::Kommunkod::parse("0686");

inline adapters::PostalAddress test_address() {
  adapters::PostalAddress a;
  a.name = "Tolvan Tolvansson";
  a.street_lines = {"Storgatan 1"};
  a.postal_code = "578 33";
  a.city = "Aneby";
  return a;
}

/// A valid personnummer (Luhn) for the n-th test recipient (n < 900 gives distinct ones).
inline std::string nth_personnummer(std::size_t n) {
  std::string digits = "19700101" + std::to_string(100 + n % 900);  // 11 digits, then the check digit
  int sum = 0;
  for (std::size_t i = 2; i < 11; ++i) {
    const int d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += d / 10 + d % 10;
  }
  digits.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
  return digits;
}

/// A valid letter to `recipient` with one PDF and a postal address.
inline LetterRequest test_letter(const std::string& client_request_id, const std::string& recipient = kRecipient) {
  LetterRequest r;
  r.client_request_id = client_request_id;
  r.recipient = recipient;
  r.subject = "Beslut om bygglov, Storgatan 1";
  r.body = "Hej!\nDitt ärende är beslutat. Se bilagan.\n";
  r.attachments.push_back(Attachment{"beslut.pdf", minimal_pdf()});
  r.support.text = "Kontakta kommunens kontaktcenter";
  r.support.url = "https://aneby.se/kontakt";
  r.reference = "KS 2026/0042";
  r.postal_address = test_address();
  return r;
}

struct OutboxFixture : MmSimulatorFixture {
  explicit OutboxFixture(bool postgresql = false, std::size_t pool = 4) : db(open(postgresql, pool)) {
    storage::Migrator(*db, server::platform_migrations()).migrate();
    {
      auto session = db->acquire();
      const std::string org = kMunicipalityOrg, other = kOtherMunicipalityOrg;
      *session << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0604', :o, 'Aneby kommun')",
          soci::use(org, "o");
      *session << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0686', :o, 'Eksjö kommun')",
          soci::use(other, "o");
    }
    const auto& pki = make_mailbox_test_pki();
    const auto [key, cert] = pki.municipality.write(dir.path(), "aneby-signing");
    const auto [platform_key, platform_cert] = pki.platform.write(dir.path(), "platform-seal");
    settings.register_url = recipient_register->url();
    settings.platform_key_file = platform_key;
    settings.platform_certificate_file = platform_cert;
    settings.senders[kSender] = SenderSettings{key, cert, tls(std::chrono::seconds(5))};
    settings.reachability_cache_ttl = std::chrono::seconds(0);
    auto vendor = std::make_unique<RecordingPrintVendor>();
    printer = vendor.get();
    registry.register_print_vendor(kSender, "aneby.print.test", std::move(vendor));
    registry.freeze();
    delivery = std::make_unique<OutboxDelivery>(*db, keyring, audit, registry, settings, clock);
  }

  std::unique_ptr<storage::Database> open(bool postgresql, std::size_t pool) {
    if (!postgresql) {
      return storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "outbox.db").string()), pool);
    }
    pg.emplace();
    return storage::Database::open(storage::DatabaseUrl::parse(pg->url()), pool);
  }

  /// A fresh worker of the delivery queue (run_once in the test's thread).
  jobs::Worker worker(const std::string& name = "test-worker") {
    return jobs::Worker(queue, std::string(kDeliveryQueue), delivery->handler(),
                        jobs::WorkerOptions{.name = name, .batch = 16, .idle_wait = std::chrono::milliseconds(50)});
  }

  Accepted send(const LetterRequest& letter, const security::Principal& who, const ids::Kommunkod& where = kSender) {
    tenancy::Context ctx(*db, who, where, clock, &audit);
    auto accepted = mail.send(ctx, letter);
    ctx.commit();
    return accepted;
  }

  LetterState status(const std::string& id, const security::Principal& who, const ids::Kommunkod& where = kSender) {
    tenancy::Context ctx(*db, who, where, clock, &audit);
    auto state = mail.status(ctx, id);
    ctx.commit();
    return state;
  }

  long long count(const std::string& sql) {
    auto session = db->acquire();
    long long n = 0;
    *session << sql, soci::into(n);
    return n;
  }

  void reachable(const std::string& recipient = kRecipient) {
    recipient_register->set_account(recipient, reachable_account());
  }

  std::optional<samverkan::test::PgDatabase> pg;
  std::unique_ptr<storage::Database> db;
  ManualClock clock{std::chrono::sys_days{std::chrono::year(2026) / 11 / 22} + std::chrono::hours(9)};
  crypto::Keyring keyring = crypto::Keyring::from_keys({crypto::Keyring::generate_key("k1")}, "test keys");
  audit::AuditLog audit{keyring};
  jobs::JobQueue queue{*db, clock,
                       jobs::QueueOptions{.lease = std::chrono::seconds(60),
                                          .first_backoff = std::chrono::milliseconds(1000),
                                          .max_backoff = std::chrono::milliseconds(8000),
                                          .jitter = [] { return 1.0; }}};
  MailService mail{keyring, queue};
  OutboxSettings settings;
  adapters::Registry registry;
  RecordingPrintVendor* printer = nullptr;
  std::unique_ptr<OutboxDelivery> delivery;

  security::Principal clerk = security::Principal::staff("handler-a", {{kSender, {security::Role::kCaseHandler}}});
  security::Principal neighbour =
      security::Principal::staff("handler-e", {{kNeighbour, {security::Role::kCaseHandler}}});
};

}  // namespace samverkan::mailbox::test
