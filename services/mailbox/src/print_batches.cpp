#include "samverkan/mailbox/print_batches.hpp"

#include <soci/soci.h>

#include <set>
#include <utility>

#include "samverkan/adapters/print_vendor.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/paper.hpp"
#include "samverkan/security/principal.hpp"
#include "samverkan/storage/sql_guard.hpp"
#include "samverkan/storage/time.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::mailbox {
namespace {

using Intent = tenancy::Context::Intent;

security::Principal closer_principal() { return security::Principal::system("mailbox.print-batch"); }

using storage::sql_guard;

// A paper letter that is in a print batch: handed to the vendor (print_job), not forwarded for a
// protected identity (those have no print job of a vendor and the batch "forwarding").
constexpr const char* kBatchedLetter =
    "status = 'paper' AND print_job IS NOT NULL AND protected_identity = 0 AND print_batch <> 'forwarding'";

// The print batches of this municipality before `before` (a batch id of the same municipality,
// so the ids compare as their days do) that hold letters and are not recorded as closed.
std::vector<std::string> batches_before(tenancy::Context& ctx, const std::string& before) {
  std::vector<std::string> batches;
  std::set<std::string> closed;
  sql_guard("listing print batches", [&] {
    const auto closed_rows =
        ctx.sql().rows("SELECT batch_id FROM mailbox_print_batch WHERE {{tenant}} AND batch_id < :before",
                       soci::use(before, "before"));
    for (const auto& row : closed_rows) closed.insert(row.get<std::string>(0));
    // Index-only on mailbox_message_print_batch; the letters' other conditions are checked when
    // the manifest is built (a batch without such letters is skipped there).
    const auto rows = ctx.sql().rows(
        "SELECT DISTINCT print_batch FROM mailbox_message WHERE {{tenant}} AND status = 'paper' AND "
        "print_batch < :before AND print_batch <> 'forwarding' ORDER BY print_batch",
        soci::use(before, "before"));
    const std::string prefix = ctx.municipality().str() + "-";
    for (const auto& row : rows) {
      std::string batch = row.get<std::string>(0);
      if (batch.rfind(prefix, 0) != 0 || closed.contains(batch)) continue;
      batches.push_back(std::move(batch));
    }
  });
  return batches;
}

std::string sender_name(tenancy::Context& ctx) {
  std::string name;
  soci::indicator indicator = soci::i_null;
  sql_guard("reading the municipality",
            [&] { ctx.sql().exec("SELECT name FROM municipality WHERE code = :tenant", soci::into(name, indicator)); });
  if (indicator != soci::i_ok || name.empty()) return "Kommun " + ctx.municipality().str();
  return name;
}

adapters::PrintBatchManifest manifest_of(tenancy::Context& ctx, const std::string& batch) {
  adapters::PrintBatchManifest manifest;
  manifest.batch_id = batch;
  manifest.municipality = ctx.municipality().str();
  manifest.date = batch.substr(ctx.municipality().str().size() + 1);
  manifest.sender_name = sender_name(ctx);
  sql_guard("reading a print batch", [&] {
    const auto rows = ctx.sql().rows(std::string("SELECT id, print_job FROM mailbox_message WHERE {{tenant}} AND ") +
                                         kBatchedLetter + " AND print_batch = :batch ORDER BY id",
                                     soci::use(batch, "batch"));
    for (const auto& row : rows) {
      const std::string id = row.get<std::string>(0);
      // The title print_job_for() gave the letter's job.
      manifest.letters.push_back({id, row.get<std::string>(1), "Brev " + id});
    }
  });
  manifest.count = manifest.letters.size();
  return manifest;
}

bool recorded(tenancy::Context& ctx, const std::string& batch) {
  long long n = 0;
  sql_guard("reading a print batch record", [&] {
    ctx.sql().exec("SELECT COUNT(*) FROM mailbox_print_batch WHERE {{tenant}} AND batch_id = :batch",
                   soci::use(batch, "batch"), soci::into(n));
  });
  return n > 0;
}

}  // namespace

PrintBatchCloser::PrintBatchCloser(storage::Database& db, audit::AuditLog& audit, const adapters::Registry& registry,
                                   const Clock& clock)
    : db_(db), audit_(audit), registry_(registry), clock_(clock) {}

PrintBatchRun PrintBatchCloser::close_due(Clock::TimePoint now) {
  PrintBatchRun run;
  for (const auto& entry : registry_.entries()) {
    if (entry.kind != adapters::AdapterKind::kPrintVendor) continue;
    adapters::PrintVendor* vendor = registry_.find<adapters::PrintVendor>(entry.municipality);
    if (vendor == nullptr) continue;
    try {
      close_municipality(entry.municipality, *vendor, print_batch_id(entry.municipality, now - kPrintBatchGrace), run);
    } catch (const std::exception& e) {
      run.left.push_back({entry.municipality, {}, e.what()});
    }
  }
  return run;
}

void PrintBatchCloser::close_municipality(const ids::Kommunkod& municipality, adapters::PrintVendor& vendor,
                                          const std::string& before_batch, PrintBatchRun& run) {
  std::vector<std::string> due;
  {
    tenancy::Context ctx(db_, closer_principal(), municipality, clock_, &audit_, Intent::kRead);
    due = batches_before(ctx, before_batch);
    ctx.commit();
  }
  for (const auto& batch : due) {
    try {
      adapters::PrintBatchManifest manifest;
      {
        tenancy::Context ctx(db_, closer_principal(), municipality, clock_, &audit_, Intent::kRead);
        manifest = manifest_of(ctx, batch);
        ctx.commit();
      }
      if (manifest.letters.empty()) continue;
      std::string state = "sent", detail;
      try {
        detail = vendor.submit_manifest(manifest).id;
      } catch (const Unavailable&) {
        throw;
      } catch (const InternalError&) {
        throw;
      } catch (const Error& e) {
        state = "refused";  // the vendor (or the manifest's checks) refused it: not retried
        detail = e.what();
      }
      const std::string day = manifest.date, at = storage::format_time(clock_.now());
      const int letters = static_cast<int>(manifest.letters.size());
      soci::indicator receipt_indicator = state == "sent" ? soci::i_ok : soci::i_null;
      soci::indicator reason_indicator = state == "sent" ? soci::i_null : soci::i_ok;
      std::string receipt = state == "sent" ? detail : std::string(), reason = state == "sent" ? std::string() : detail;
      try {
        tenancy::Context ctx(db_, closer_principal(), municipality, clock_, &audit_, Intent::kWrite);
        if (recorded(ctx, batch)) continue;  // another process closed it meanwhile
        sql_guard("recording a print batch", [&] {
          ctx.sql().exec(
              "INSERT INTO mailbox_print_batch (municipality, batch_id, day, letters, state, vendor_receipt, "
              "refusal_reason, closed_at) VALUES (:tenant, :batch, :day, :letters, :state, :receipt, :reason, :at)",
              soci::use(batch, "batch"), soci::use(day, "day"), soci::use(letters, "letters"),
              soci::use(state, "state"), soci::use(receipt, receipt_indicator, "receipt"),
              soci::use(reason, reason_indicator, "reason"), soci::use(at, "at"));
        });
        if (state == "sent") {
          ctx.audit({"mailbox.print-batch.close", "mailbox_print_batch", batch,
                     std::to_string(letters) + " letters, vendor receipt " + receipt});
        } else {
          ctx.audit({"mailbox.print-batch.refused", "mailbox_print_batch", batch,
                     std::to_string(letters) + " letters: " + reason});
        }
        ctx.commit();
      } catch (const InternalError&) {
        // Two processes closing the same batch at once: one insert wins.
        tenancy::Context ctx(db_, closer_principal(), municipality, clock_, &audit_, Intent::kRead);
        if (!recorded(ctx, batch)) throw;
        continue;
      }
      auto& list = state == "sent" ? run.sent : run.refused;
      list.push_back({municipality, batch, manifest.letters.size(), detail});
    } catch (const std::exception& e) {
      run.left.push_back({municipality, batch, e.what()});
    }
  }
}

PrintBatchWorker::PrintBatchWorker(storage::Database& db, audit::AuditLog& audit, const adapters::Registry& registry,
                                   const Clock& clock, log::Logger* logger, std::chrono::milliseconds interval)
    : closer_(db, audit, registry, clock), clock_(clock), logger_(logger), interval_(interval) {}

PrintBatchWorker::~PrintBatchWorker() { stop(); }

void PrintBatchWorker::start() {
  thread_ = std::thread([this] { loop(); });
}

void PrintBatchWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PrintBatchWorker::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      const PrintBatchRun run = closer_.close_due(clock_.now());
      if (logger_ != nullptr) {
        for (const auto& batch : run.sent) {
          logger_->info("print batch manifest sent", {{"batch", batch.batch_id},
                                                      {"letters", static_cast<long long>(batch.letters)},
                                                      {"receipt", batch.detail}});
        }
        for (const auto& batch : run.refused) {
          logger_->error("print batch manifest refused by the vendor",
                         {{"batch", batch.batch_id}, {"reason", batch.detail}});
        }
        for (const auto& batch : run.left) {
          logger_->warning(
              "print batch left for the next run",
              {{"municipality", batch.municipality.str()}, {"batch", batch.batch_id}, {"reason", batch.reason}});
        }
      }
    } catch (const std::exception& e) {
      if (logger_ != nullptr) logger_->error("closing print batches failed", {{"reason", std::string_view(e.what())}});
    }
    lock.lock();
    wakeup_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace samverkan::mailbox
