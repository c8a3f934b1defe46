#include "samverkan/mailbox/bulk.hpp"

#include <soci/soci.h>

#include "detail/outbox_store.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/sql_guard.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::mailbox {
namespace {

ErrorKind batch_kind(const std::vector<BulkItemProblem>& problems) {
  bool too_large = false;
  for (const auto& p : problems) {
    if (p.kind == ErrorKind::kInvalidInput) return ErrorKind::kInvalidInput;
    too_large = too_large || p.kind == ErrorKind::kTooLarge;
  }
  return too_large ? ErrorKind::kTooLarge : ErrorKind::kConflict;
}

std::string batch_message(const std::vector<BulkItemProblem>& problems, std::size_t letters) {
  if (problems.empty()) return "the batch was refused";
  const auto& first = problems.front();
  return std::to_string(problems.size()) + " of " + std::to_string(letters) +
         " letters refused, nothing was accepted; the first: letters[" + std::to_string(first.index) +
         "]: " + first.detail;
}

using storage::sql_guard;

LetterStatus status_from(const std::string& text) {
  for (const auto status :
       {LetterStatus::kQueued, LetterStatus::kDelivered, LetterStatus::kPaper, LetterStatus::kFailed}) {
    if (to_string(status) == text) return status;
  }
  throw InternalError("unknown letter status in the database");
}

}  // namespace

BulkRejected::BulkRejected(std::vector<BulkItemProblem> problems, std::size_t letters)
    : Error(batch_kind(problems), batch_message(problems, letters)), problems_(std::move(problems)) {}

BulkMail::BulkMail(const crypto::Keyring& keyring, jobs::JobQueue& queue) : mail_(keyring, queue) {}

void BulkMail::authorise(tenancy::Context& ctx) {
  ctx.require(security::Permission::kMailboxSend, {"mailbox.bulk", "mailbox_batch", "new"});
}

BulkAccepted BulkMail::send(tenancy::Context& ctx, const std::vector<LetterRequest>& letters) {
  authorise(ctx);
  if (letters.empty()) throw InvalidInput("letters: at least one letter");
  if (letters.size() > kMaxBulkLetters) {
    throw TooLarge("letters: at most " + std::to_string(kMaxBulkLetters) + " letters in one batch");
  }
  BulkAccepted result;
  result.batch_id = detail::new_message_id();
  std::vector<BulkItemProblem> problems;
  for (std::size_t i = 0; i < letters.size(); ++i) {
    try {
      Accepted accepted = mail_.send(ctx, letters[i]);
      if (accepted.created) ++result.created;
      result.letters.push_back(std::move(accepted));
    } catch (const Conflict& e) {
      problems.push_back({i, letters[i].client_request_id, e.kind(), e.what()});
      // A concurrent request holding the same clientRequestId broke the transaction
      // (PostgreSQL): nothing more can be checked in it.
      if (std::string_view(e.what()).find("another request") != std::string_view::npos) break;
    } catch (const InvalidInput& e) {
      problems.push_back({i, letters[i].client_request_id, e.kind(), e.what()});
    } catch (const TooLarge& e) {
      problems.push_back({i, letters[i].client_request_id, e.kind(), e.what()});
    }
  }
  if (!problems.empty()) throw BulkRejected(std::move(problems), letters.size());

  const auto count = static_cast<long long>(letters.size());
  const std::string by = ctx.principal().id();
  const std::string at = storage::format_time(ctx.now());
  sql_guard("storing a batch", [&] {
    ctx.sql().exec(
        "INSERT INTO mailbox_batch (municipality, id, letters, created_by, created_at) VALUES (:tenant, :id, "
        ":letters, :by, :at)",
        soci::use(result.batch_id, "id"), soci::use(count, "letters"), soci::use(by, "by"), soci::use(at, "at"));
    for (std::size_t i = 0; i < result.letters.size(); ++i) {
      const auto position = static_cast<long long>(i);
      const int created = result.letters[i].created ? 1 : 0;
      ctx.sql().exec(
          "INSERT INTO mailbox_batch_letter (municipality, batch_id, position, message_id, created) VALUES (:tenant, "
          ":batch, :position, :message, :created)",
          soci::use(result.batch_id, "batch"), soci::use(position, "position"),
          soci::use(result.letters[i].id, "message"), soci::use(created, "created"));
    }
  });
  ctx.audit({"mailbox.bulk", "mailbox_batch", result.batch_id,
             std::to_string(letters.size()) + " letters, " + std::to_string(result.created) + " new"});
  return result;
}

BatchState BulkMail::status(tenancy::Context& ctx, std::string_view batch_id) {
  const std::string key(batch_id);
  ctx.require(security::Permission::kMailboxSend, {"mailbox.bulk.status", "mailbox_batch", key});
  BatchState state;
  const bool found = sql_guard("reading a batch", [&] {
    auto rows =
        ctx.sql().rows("SELECT id, created_at FROM mailbox_batch WHERE {{tenant}} AND id = :id", soci::use(key, "id"));
    for (const auto& row : rows) {
      state.id = row.get<std::string>(0);
      state.created_at = storage::format_time(storage::row_time(row, 1));
      return true;
    }
    return false;
  });
  if (!found) throw NotFound("no such batch");
  sql_guard("reading a batch", [&] {
    auto rows = ctx.sql().rows(
        "SELECT b.position, b.created, m.id, m.client_request_id, m.status, m.attempts, m.operator_id, "
        "m.operator_name, m.trans_id, m.print_batch, m.print_job, m.failure_reason FROM mailbox_batch_letter b "
        "JOIN mailbox_message m ON m.municipality = b.municipality AND m.id = b.message_id "
        "WHERE {{tenant:b}} AND b.batch_id = :id ORDER BY b.position",
        soci::use(key, "id"));
    for (const auto& row : rows) {
      BatchLetter letter;
      letter.index = storage::row_int<std::size_t>(row, 0);
      letter.created = storage::row_int(row, 1) != 0;
      letter.state.id = row.get<std::string>(2);
      letter.state.client_request_id = row.get<std::string>(3);
      letter.state.status = status_from(row.get<std::string>(4));
      letter.state.attempts = storage::row_int<int>(row, 5);
      letter.state.operator_id = storage::row_optional_text(row, 6);
      letter.state.operator_name = storage::row_optional_text(row, 7);
      letter.state.trans_id = storage::row_optional_text(row, 8);
      letter.state.print_batch = storage::row_optional_text(row, 9);
      letter.state.print_job = storage::row_optional_text(row, 10);
      letter.state.failure_reason = storage::row_optional_text(row, 11);
      switch (letter.state.status) {
        case LetterStatus::kQueued:
          ++state.queued;
          break;
        case LetterStatus::kDelivered:
          ++state.delivered;
          break;
        case LetterStatus::kPaper:
          ++state.paper;
          break;
        case LetterStatus::kFailed:
          ++state.failed;
          break;
      }
      state.letters.push_back(std::move(letter));
    }
  });
  ctx.audit({"mailbox.bulk.status", "mailbox_batch", key});
  return state;
}

}  // namespace samverkan::mailbox
