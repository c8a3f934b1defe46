#pragma once
/// The paper route of the outbox: a letter whose recipient has no usable digital mailbox (or
/// whose delivery failed for good) is handed to the municipality's PrintVendor adapter, in the
/// municipality's print batch of the day. A recipient with protected identity (skyddad
/// identitet) is never printed: such a letter goes to the ForwardingRoute when there is one,
/// and otherwise fails with the reason.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/print_vendor.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/ids/kommunkod.hpp"
#include "samverkan/mailbox/outbox.hpp"

namespace samverkan::mailbox {

/// The forwarding route for recipients with protected identity (the mailbox operator's or the
/// tax agency's forwarding service): the letter is passed on without its address ever being
/// printed by us. Implementations must be idempotent per message id and thread-safe.
class ForwardingRoute {
 public:
  virtual ~ForwardingRoute() = default;
  /// Hands the letter on; returns the route's reference. Throws samverkan::Unavailable when the
  /// route cannot be reached (the job is retried).
  virtual std::string forward(const ids::Kommunkod& municipality, const std::string& message_id,
                              const LetterRequest& letter) = 0;
};

/// The print batch of a municipality for a day (UTC date of `at`): "0199-2026-11-22".
std::string print_batch_id(const ids::Kommunkod& municipality, Clock::TimePoint at);

/// The print job of a letter: the letter's first PDF attachment is what is printed (the letter
/// itself; the platform does not lay out PDFs), the postal address from the request, the
/// idempotency key "mailbox-<message id>", a title without personal data and the letter's
/// reference. Throws samverkan::InvalidInput when there is no postal address, no PDF, or the
/// job is not one a vendor accepts (adapters::validate), and samverkan::Forbidden for a
/// recipient with protected identity.
adapters::PrintJob print_job_for(const std::string& message_id, const LetterRequest& letter);

/// As above, except that a letter without a PDF attachment is not refused: what is printed is
/// the letter as render_letter() lays it out (as `sender_name`, dated `at`).
adapters::PrintJob print_job_for(const std::string& message_id, const LetterRequest& letter,
                                 std::string_view sender_name, Clock::TimePoint at);

/// Where the recipient's address is printed: the right-hand window of a common Swedish window
/// envelope (C5/E65), measured from the top-left corner of the A4 page, in millimetres.
inline constexpr double kAddressWindowLeftMm = 118.0;
inline constexpr double kAddressWindowTopMm = 52.0;

/// A letter laid out for print.
struct RenderedLetter {
  std::string pdf;  ///< a complete PDF file
  int pages = 0;
};

/// Lays a letter out on A4 (libcore pdf::Document): the sender's name and the date at the top,
/// the recipient's postal address in the envelope window, the subject, the body (text; HTML is
/// printed as its text), the names of the attached files and the reference. The text is real
/// text (searchable). Throws samverkan::Forbidden for a recipient with protected identity
/// (skyddad identitet: the address is never printed) and samverkan::InvalidInput when the letter
/// has no postal address.
RenderedLetter render_letter(const std::string& message_id, const LetterRequest& letter, std::string_view sender_name,
                             Clock::TimePoint date);

/// One letter of a print batch.
struct PrintBatchEntry {
  std::string message_id;
  std::string file;  ///< "<message id>.pdf"
  int pages = 0;
  std::string sha256;  ///< of the PDF, lower-case hex
  std::size_t bytes = 0;
  std::string pdf;
};

/// The print batch of one municipality for one day: a PDF letter per recipient and a manifest
/// (letter id, file, pages, sha256). Not thread-safe.
///
///   PrintBatch batch(kommun, "Exempelby kommun", clock.now());
///   batch.add(id, letter);                  // render_letter; Forbidden for protected identity
///   batch.write(spool_folder);              // <folder>/<batch id>/<id>.pdf + manifest.json
///   batch.submit(vendor);                   // one PrintJob per letter
class PrintBatch {
 public:
  PrintBatch(const ids::Kommunkod& municipality, std::string sender_name, Clock::TimePoint day);

  /// print_batch_id(municipality, day): "0199-2026-11-22".
  const std::string& id() const noexcept { return id_; }

  /// Renders and adds a letter; a message id already in the batch is not added again. Throws as
  /// render_letter does (nothing is added then).
  const PrintBatchEntry& add(const std::string& message_id, const LetterRequest& letter);

  const std::vector<PrintBatchEntry>& entries() const noexcept { return entries_; }

  /// The manifest as JSON: {"batch","municipality","date","sender","letters":[{"letterId","file",
  /// "pages","bytes","sha256"}]}. No personal data (no names, no addresses).
  std::string manifest_json() const;

  /// Writes <folder>/<id()>/<message id>.pdf for every letter and manifest.json (last), each
  /// through a temporary file renamed into place, so a reader that sees the manifest sees every
  /// file it names. Returns the batch folder. Throws samverkan::Unavailable when it cannot write.
  std::filesystem::path write(const std::filesystem::path& folder) const;

  /// Hands every letter to the vendor as its own PrintJob (idempotency key "letter-<message id>",
  /// the rendered PDF, the batch id as the sender reference). Throws as PrintVendor::submit does.
  std::vector<adapters::OrderReceipt> submit(adapters::PrintVendor& vendor) const;

 private:
  ids::Kommunkod municipality_;
  std::string sender_name_;
  Clock::TimePoint day_;
  std::string id_;
  std::vector<PrintBatchEntry> entries_;
  std::vector<adapters::PostalAddress> addresses_;
};

}  // namespace samverkan::mailbox
