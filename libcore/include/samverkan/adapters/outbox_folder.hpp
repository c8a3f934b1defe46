#pragma once
/// A folder-based hand-over to a backend that picks up files (often from a share or an SFTP
/// area it polls) and leaves receipts, with atomic writes and idempotency keys. The shared
/// machinery of the folder adapters (property orders, print jobs, HR change files).
///
/// Layout (OutboxSettings):
///   directory/<id><ext>        an order of one file, or
///   directory/<id>/...         an order of several files (a job folder), renamed into place whole;
///   directory/.tmp-...         being written: the backend must ignore names starting with '.';
///   receipts/<id>.json         written by the backend: {"status": "...", "message": "..."};
///   ledger/<id>.sha256         ours: "sha256=<fingerprint> state=pending|sent target=<name>".
/// Delivery is at least once with a stable id: after a crash between recording and handing
/// over, a retry hands the same id over again, so the backend must ignore an id it has already
/// processed.

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/adapter_settings.hpp"
#include "samverkan/adapters/order_receipt.hpp"

namespace samverkan::adapters {

/// The mode of the files an outbox writes: 0640, so a backend's pick-up account in the folder's
/// group can read them (less where the umask says so).
inline constexpr std::filesystem::perms kOutboxFilePermissions =
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write | std::filesystem::perms::group_read;

/// Writes `content` to `file` so that readers see the old file or the whole new one, never a
/// part: a temporary file ".tmp-<name>-<random>" in the same folder, fsync, rename over
/// `file`, fsync of the folder; the file gets `permissions` (less the umask). The platform's
/// one atomic file write. Throws samverkan::Unavailable when the folder cannot be written (the
/// message names the folder, never the content).
void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           std::filesystem::perms permissions = kOutboxFilePermissions);

/// One file of an order.
struct OutboxFile {
  std::string name{};     ///< file name within the order ("manifest.json"); for a one-file order its extension
  std::string content{};  ///< bytes
};

enum class OutboxItemState {
  kQueued,     ///< in the outbox, not yet picked up
  kPickedUp,   ///< gone from the outbox, no receipt yet
  kReceipted,  ///< the backend left a receipt
};

struct OutboxItemStatus {
  OutboxItemState state = OutboxItemState::kQueued;
  std::string receipt_status{};   ///< the receipt's "status" (kReceipted only)
  std::string receipt_message{};  ///< the receipt's "message"; may be empty
};

/// Thread-safe; several processes may share one outbox (the ledger entry is created with
/// O_EXCL, so two racing deliveries of one id cannot both win).
class OutboxFolder {
 public:
  /// `backend` names the backend in messages ("Exempelby's property access system (access-card-folder)").
  OutboxFolder(OutboxSettings settings, std::string backend);

  /// Hands over one file as directory/<id><extension>, e.g. deliver_file("card-K1", ".json", ...).
  /// Returns {id, replayed}: replayed when <id> was delivered before with the same content.
  /// Throws samverkan::Conflict when <id> was delivered with different content,
  /// samverkan::Unavailable when the outbox folder is missing (an unmounted share) or not
  /// writable, samverkan::InternalError for an id that is not a safe file name.
  OrderReceipt deliver_file(const std::string& id, std::string_view extension, const std::string& content);

  /// Hands over several files as the folder directory/<id>/, renamed into place whole once
  /// every file is written. Otherwise as deliver_file.
  OrderReceipt deliver_folder(const std::string& id, const std::vector<OutboxFile>& files);

  /// Where an order stands. Throws samverkan::NotFound for an id never delivered,
  /// samverkan::Unavailable when the folders cannot be read or a receipt is malformed.
  OutboxItemStatus status(const std::string& id) const;

  const OutboxSettings& settings() const noexcept { return settings_; }
  const std::string& backend() const noexcept { return backend_; }

 private:
  OrderReceipt deliver(const std::string& id, const std::filesystem::path& target, const std::string& fingerprint,
                       const std::vector<OutboxFile>& files, bool as_folder);
  void require_outbox() const;

  OutboxSettings settings_;
  std::string backend_;
  std::mutex mutex_;  // serialises deliveries within this process; the ledger guards across processes
};

}  // namespace samverkan::adapters
