#pragma once
// The hosted pages' state of one browser session, in the database (eservice_page_draft,
// eservice_page_file, eservice_page_receipt): a draft per service with its attachments, and
// the receipts of the session's own submissions. Answers and files are field-encrypted for
// their row (and re-encrypted by `keys rotate`). A restart or another node loses nothing.
//
// Limits (PagesOptions), so that anonymous visitors cannot fill the server: drafts and bytes
// per session, bytes over all sessions; a store beyond them throws TooLarge and keeps what was
// there. purge() removes what belongs to ended
// or long idle sessions (the housekeeping job). Internal to the e-services library.

#include <cstddef>
#include <optional>
#include <set>
#include <string>

#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/eservices/answers.hpp"
#include "samverkan/eservices/pages.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::eservices::detail {

struct PageDraft {
  int version = 0;
  std::string step{};
  Answers answers{};
  /// Attachment fields whose file was set or removed since it was loaded: only these are
  /// written again (a 900 KiB file is not re-encrypted on every step).
  std::set<std::string> files_changed{};
};

class PageStore {
 public:
  PageStore(storage::Database& db, const crypto::Keyring& keyring, const Clock& clock, PagesOptions limits)
      : db_(db), keyring_(keyring), clock_(clock), limits_(limits) {}

  /// The session's draft of a service, with its files; nullopt when there is none.
  std::optional<PageDraft> load(const std::string& session, const ids::Kommunkod& municipality,
                                const std::string& service) const;
  /// Saves (replaces) the draft: its answers, and the files of draft.files_changed. Throws
  /// TooLarge beyond the limits (nothing is changed then).
  void store(const std::string& session, const ids::Kommunkod& municipality, const std::string& service,
             const PageDraft& draft);
  void erase(const std::string& session, const ids::Kommunkod& municipality, const std::string& service);

  /// Remembers a receipt of this session's own submission (the oldest beyond the limit go).
  void add_receipt(const std::string& session, const Receipt& receipt);
  /// The receipt if this session made it (its service title left empty); nullopt otherwise.
  std::optional<Receipt> receipt(const std::string& session, const ids::Kommunkod& municipality,
                                 const std::string& reference) const;

  /// Deletes the drafts, files and receipts of sessions that no longer exist and those not
  /// touched since `idle_before`; returns how many drafts and receipts went.
  std::size_t purge(Clock::TimePoint idle_before);

 private:
  storage::Database& db_;
  const crypto::Keyring& keyring_;
  const Clock& clock_;
  PagesOptions limits_;
};

}  // namespace samverkan::eservices::detail
