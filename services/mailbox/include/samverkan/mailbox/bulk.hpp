#pragma once
/// Bulk sending: up to kMaxBulkLetters letters accepted in one transaction as a batch.
///
///   BulkMail bulk(keyring, queue);
///   tenancy::Context ctx(db, principal, kommun, clock, &audit);
///   const BulkAccepted batch = bulk.send(ctx, letters);  // all or nothing
///   ctx.commit();
///   ...
///   const BatchState state = bulk.status(ctx2, batch.batch_id);  // counts per state + letters
///
/// Each letter is accepted exactly as MailService::send accepts it (own clientRequestId,
/// idempotent, encrypted, one delivery job, audited "mailbox.send" or "mailbox.send.replayed");
/// the batch only records which letters a request carried, in order.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/error.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/mailbox/mail_service.hpp"
#include "samverkan/mailbox/outbox.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::mailbox {

/// The most letters one batch may hold.
inline constexpr std::size_t kMaxBulkLetters = 1000;

/// What is wrong with one letter of a batch (its position, 0-based, in the request).
struct BulkItemProblem {
  std::size_t index = 0;
  std::string client_request_id;  ///< as given; may be empty
  ErrorKind kind = ErrorKind::kInvalidInput;
  std::string detail;  ///< e.g. "subject: at most 255 characters"; never personal data
};

/// A batch refused because of some of its letters: nothing of it was stored. kind() is
/// InvalidInput when any letter is invalid, else TooLarge when any is too large, else Conflict
/// (a clientRequestId already used for another letter). what() names the first problem.
class BulkRejected : public Error {
 public:
  BulkRejected(std::vector<BulkItemProblem> problems, std::size_t letters);
  const std::vector<BulkItemProblem>& problems() const noexcept { return problems_; }

 private:
  std::vector<BulkItemProblem> problems_;
};

/// What BulkMail::send did.
struct BulkAccepted {
  std::string batch_id;           ///< 32 lower-case hex digits
  std::vector<Accepted> letters;  ///< in the order given; created == false for a replay
  std::size_t created = 0;        ///< letters new in this batch
};

/// One letter of a batch, with its current state.
struct BatchLetter {
  std::size_t index = 0;
  bool created = false;  ///< accepted by this batch (false: it had been accepted before)
  LetterState state;
};

/// A batch and where its letters are.
struct BatchState {
  std::string id;
  std::string created_at;  ///< ISO 8601 UTC
  std::size_t queued = 0;
  std::size_t delivered = 0;  ///< delivered digitally
  std::size_t paper = 0;
  std::size_t failed = 0;
  std::vector<BatchLetter> letters;  ///< in the order of the request
};

class BulkMail {
 public:
  /// Both must outlive the object.
  BulkMail(const crypto::Keyring& keyring, jobs::JobQueue& queue);

  /// Throws what Context::require throws unless the principal may send mail here; call it
  /// before looking at the request's content.
  static void authorise(tenancy::Context& ctx);

  /// Accepts 1..kMaxBulkLetters letters in ctx's transaction (the caller commits): each as
  /// MailService::send does, then the batch record, audited "mailbox.bulk" with the batch id.
  /// Throws samverkan::InvalidInput for no letters, samverkan::TooLarge for more than
  /// kMaxBulkLetters, BulkRejected naming every letter that is refused (the transaction must
  /// then be abandoned), and as MailService::send does otherwise.
  BulkAccepted send(tenancy::Context& ctx, const std::vector<LetterRequest>& letters);

  /// The batch's letters and their states, audited "mailbox.bulk.status". Throws
  /// samverkan::NotFound for a batch this municipality does not have.
  BatchState status(tenancy::Context& ctx, std::string_view batch_id);

 private:
  MailService mail_;
};

}  // namespace samverkan::mailbox
