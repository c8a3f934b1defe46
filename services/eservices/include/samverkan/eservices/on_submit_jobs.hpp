#pragma once
/// What happens after a submission, as durable jobs (libcore jobs): registering the errand as a
/// case in the municipality's diary, and sending the citizen an e-mail receipt, when the
/// e-service definition's <onSubmit> asks for them.
///
/// Submissions::submit enqueues the jobs in the submission's own transaction (enqueue_on_submit),
/// so an errand never exists without its jobs, and a rolled-back submission leaves none. The
/// platform runs one jobs::Worker per queue with the handlers below:
///
///   eservices::OnSubmitJobs on_submit(db, cooperation, catalogue, keyring, audit, clock,
///                                     [&](const ids::Kommunkod& m) -> adapters::CaseSystem& {
///                                       return registry.case_system(m); }, mailer.get());
///   jobs::Worker diary(queue, eservices::kRegisterCaseQueue, [&](auto& job) { on_submit.register_case(job); });
///
/// Both handlers are idempotent, so a job run again (at-least-once delivery) changes nothing:
///   - register_case: the errand's reference is the diary's idempotency key ("errand-<reference>"),
///     so the diary returns the same numbers; an errand that has its case number is skipped.
///     The case number is stored on the errand (ErrandSummary::case_number) and kept in its
///     history ("diary <case number>").
///   - send_receipt: a sent receipt is recorded (eservice_receipt_mail) in the transaction that
///     follows the SMTP transaction; a run that finds it sends nothing. A crash between the
///     relay's "250" and that commit sends the mail again, with the same Message-ID.
/// Errors follow jobs::Worker: samverkan::Unavailable (diary or relay down) is retried with
/// backoff; InvalidInput, NotFound, Conflict fail the job for good (visible as failed jobs).
///
/// The handlers act as principal(municipality): an API client of the municipality with the
/// scopes errands:read and errands:write, so the reads of the answers and the recording of the
/// case are authorised and audited like any other.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/adapters/case_system.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/receipt_mail.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/jobs/worker.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::eservices {

/// The queues, and the job idempotency key: the errand's reference.
inline constexpr std::string_view kRegisterCaseQueue = "eservices.register-case";
inline constexpr std::string_view kReceiptMailQueue = "eservices.receipt-mail";

/// Enqueues, in ctx's transaction, the register-case job when `definition` registers a case,
/// and the receipt-mail job when it sends a receipt and `answers` hold the e-mail field.
/// Payloads name the errand only ({"reference": "ET-2026-000042"}).
void enqueue_on_submit(tenancy::Context& ctx, const Definition& definition, const std::string& reference,
                       const AcceptedAnswers& answers);

class OnSubmitJobs {
 public:
  /// The diary of a municipality (normally adapters::Registry::case_system).
  using CaseSystemLookup = std::function<adapters::CaseSystem&(const ids::Kommunkod&)>;

  /// Everything passed must outlive this object. `mailer` may be null when no relay is
  /// configured: send_receipt then throws samverkan::Unavailable (the job waits).
  OnSubmitJobs(storage::Database& db, const config::Cooperation& cooperation, Catalogue& catalogue,
               const crypto::Keyring& keyring, audit::AuditLog& audit_log, const Clock& clock,
               CaseSystemLookup case_systems, const ReceiptMailer* mailer);

  /// The handler of kRegisterCaseQueue.
  void register_case(const jobs::Job& job);
  /// The handler of kReceiptMailQueue.
  void send_receipt(const jobs::Job& job);

  /// Who the handlers act as: "client:eservices.on-submit" of `municipality`.
  static security::Principal principal(const ids::Kommunkod& municipality);

  /// The text registered in the diary for an errand: the service, the reference, the time, and
  /// each answer under its Swedish label (choices by their labels). Attachments are separate files.
  static std::string errand_document(const Definition& definition, const std::string& service_title,
                                     const std::string& reference, Clock::TimePoint submitted_at,
                                     const AcceptedAnswers& answers);

 private:
  storage::Database& db_;
  const config::Cooperation& cooperation_;
  Catalogue& catalogue_;
  const crypto::Keyring& keyring_;
  audit::AuditLog& audit_log_;
  const Clock& clock_;
  CaseSystemLookup case_systems_;
  const ReceiptMailer* mailer_;
  Submissions submissions_;
};

/// The on-submit work as the platform runs it: a worker for the diary always, and one for the
/// receipts when an SMTP relay is configured (without one, receipts wait in their queue).
class OnSubmitWorkers {
 public:
  /// Throws samverkan::InvalidInput for bad SMTP options.
  OnSubmitWorkers(storage::Database& db, const config::Cooperation& cooperation, const std::filesystem::path& xsd_dir,
                  const crypto::Keyring& keyring, audit::AuditLog& audit_log, const Clock& clock, jobs::JobQueue& queue,
                  OnSubmitJobs::CaseSystemLookup case_systems, const std::optional<SmtpOptions>& smtp,
                  log::Logger* logger);
  ~OnSubmitWorkers();
  OnSubmitWorkers(const OnSubmitWorkers&) = delete;
  OnSubmitWorkers& operator=(const OnSubmitWorkers&) = delete;

  void start();
  /// Finishes the jobs at hand and joins the threads.
  void stop();
  /// Polls now (after a submission in this process).
  void wake();

 private:
  Catalogue catalogue_;
  std::unique_ptr<ReceiptMailer> mailer_;
  OnSubmitJobs jobs_;
  jobs::Worker case_worker_;
  std::unique_ptr<jobs::Worker> mail_worker_;
};

}  // namespace samverkan::eservices
