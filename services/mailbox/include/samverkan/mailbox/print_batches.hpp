#pragma once
/// Closing the paper route's daily print batches. Each paper letter is handed to the
/// municipality's PrintVendor the moment it goes on paper and recorded in the print batch of
/// its day (mailbox_message.print_batch = print_batch_id(municipality, day), print_job = the
/// vendor's job id). Once that day is over, the batch's manifest (which letters, which vendor
/// jobs; no personal data) is handed to the same vendor (PrintVendor::submit_manifest), once
/// per municipality and day, and recorded in mailbox_print_batch.
///
///   PrintBatchCloser closer(db, audit, registry, clock);
///   const auto run = closer.close_due(clock.now());   // run.sent, run.refused, run.left
///
/// Batches are UTC days, as print_batch_id() counts them. Letters forwarded for a recipient with
/// protected identity (skyddad identitet) are in no batch.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "samverkan/adapters/registry.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::mailbox {

/// A batch this run dealt with.
struct ClosedPrintBatch {
  ids::Kommunkod municipality;
  std::string batch_id{};  ///< "0199-2026-11-21"
  std::size_t letters = 0;
  std::string detail{};  ///< sent: the vendor's receipt id; refused: the vendor's reason
};

/// A batch left for the next run.
struct LeftPrintBatch {
  ids::Kommunkod municipality;
  std::string batch_id{};  ///< empty when the municipality's batches could not even be listed
  std::string reason{};
};

/// What one close_due() did.
struct PrintBatchRun {
  std::vector<ClosedPrintBatch> sent;     ///< manifest accepted by the vendor (or a replay of it)
  std::vector<ClosedPrintBatch> refused;  ///< refused for good (recorded, never retried)
  std::vector<LeftPrintBatch> left;       ///< vendor unavailable or another failure: tried again next run
};

/// How long after midnight (UTC) a day's batch is still left open: a letter whose paper route
/// began just before midnight may be recorded in it a moment after.
inline constexpr std::chrono::minutes kPrintBatchGrace{10};

/// Closes the print batches of past days. Thread-safe; several processes may run it on one
/// PostgreSQL (a batch closed by two at once is handed over twice, which the vendors treat as a
/// replay, and recorded once).
class PrintBatchCloser {
 public:
  /// Every reference must outlive this object.
  PrintBatchCloser(storage::Database& db, audit::AuditLog& audit, const adapters::Registry& registry,
                   const Clock& clock);

  /// For every municipality with a PrintVendor in the registry, every print batch of a UTC day
  /// before the day of (`now` - kPrintBatchGrace) that holds paper letters with a print job and
  /// is not recorded in mailbox_print_batch: builds the manifest from mailbox_message (letter
  /// id, vendor job id, title "Brev <id>" as print_job_for() names it; sender = the
  /// municipality's name), hands it to the vendor and records the batch (state 'sent' with the
  /// vendor's receipt id) with the audit entry mailbox.print-batch.close in one transaction.
  /// The vendor's refusal (InvalidInput, Conflict, TooLarge, ...) is recorded as state 'refused'
  /// with the reason and audited mailbox.print-batch.refused: it is not retried (an operator
  /// deletes the row to send it again). samverkan::Unavailable (vendor down) and any other
  /// failure record nothing: the batch is tried again by the next run. Never throws for one
  /// batch's or one municipality's failure; they are reported in the result.
  PrintBatchRun close_due(Clock::TimePoint now);

 private:
  void close_municipality(const ids::Kommunkod& municipality, adapters::PrintVendor& vendor,
                          const std::string& before_batch, PrintBatchRun& run);

  storage::Database& db_;
  audit::AuditLog& audit_;
  const adapters::Registry& registry_;
  const Clock& clock_;
};

/// PrintBatchCloser::close_due on a thread of its own, every `interval` (first run at start).
class PrintBatchWorker {
 public:
  /// Every reference must outlive this object; `logger` may be null.
  PrintBatchWorker(storage::Database& db, audit::AuditLog& audit, const adapters::Registry& registry,
                   const Clock& clock, log::Logger* logger = nullptr,
                   std::chrono::milliseconds interval = std::chrono::minutes(5));
  /// Stops the thread (see stop()).
  ~PrintBatchWorker();
  PrintBatchWorker(const PrintBatchWorker&) = delete;
  PrintBatchWorker& operator=(const PrintBatchWorker&) = delete;

  /// Starts the thread. Call once.
  void start();
  /// Finishes the run at hand and stops the thread. Idempotent.
  void stop();

 private:
  void loop();

  PrintBatchCloser closer_;
  const Clock& clock_;
  log::Logger* logger_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace samverkan::mailbox
