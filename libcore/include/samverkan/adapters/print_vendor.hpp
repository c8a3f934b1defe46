#pragma once
/// PrintVendor: a print-and-post service (tryck och kuvertering) for letters to recipients
/// without a digital mailbox.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/adapters/idempotency_key.hpp"
#include "samverkan/adapters/order_receipt.hpp"

namespace samverkan::adapters {

/// A postal address as printed in the envelope window (at most six lines).
struct PostalAddress {
  std::string name{};                       ///< "Anna Andersson"
  std::string care_of{};                    ///< "c/o Berg"; may be empty
  std::vector<std::string> street_lines{};  ///< 1..2 lines, "Storgatan 1 lgh 1102"
  std::string postal_code{};                ///< Swedish: "123 45" or "12345"
  std::string city{};                       ///< "Exempelby"
  std::string country_code = "SE";          ///< ISO 3166-1 alpha-2; only "SE" is accepted for now
};

enum class PostageClass {
  kEconomy,     ///< ekonomibrev (delivered within 4 days)
  kFirstClass,  ///< brev (next working day)
};

/// "economy" or "first-class".
std::string_view to_string(PostageClass postage) noexcept;

struct PrintJob {
  IdempotencyKey idempotency_key;
  std::string document_title{};  ///< for the vendor's job list, no personal data ("Anställningsavtal")
  std::string pdf{};             ///< the letter, a complete PDF file (bytes)
  PostalAddress recipient{};
  PostageClass postage = PostageClass::kEconomy;
  bool duplex = true;
  bool colour = false;
  std::string sender_reference{};  ///< our reference, e.g. the case number "KS 2026/142"; may be empty
};

enum class PrintJobStatus {
  kQueued,    ///< handed over, not yet picked up by the vendor
  kAccepted,  ///< picked up and accepted for printing
  kPosted,    ///< printed and handed to the postal service
  kRejected,  ///< refused (message says why, e.g. an unreadable PDF)
};

/// "queued", "accepted", "posted", "rejected".
std::string_view to_string(PrintJobStatus status) noexcept;

struct PrintJobState {
  std::string job_id{};
  PrintJobStatus status = PrintJobStatus::kQueued;
  std::string message{};
};

/// The largest PDF every PrintVendor accepts (20 MiB).
inline constexpr std::size_t kMaxPrintPdfBytes = 20u << 20;

/// Checks what every PrintVendor requires, before any vendor is asked: a title; a PDF (starts
/// with "%PDF-", has "%%EOF" near its end, at most kMaxPrintPdfBytes: samverkan::TooLarge
/// beyond); a recipient with a name, 1..2 street lines, a Swedish postal code (five digits,
/// optionally "NNN NN"), a city, country "SE", at most six lines in all, each at most 50
/// characters. Throws samverkan::InvalidInput with the reason.
void validate(const PrintJob& job);

/// The postal code as five digits ("12345") after validate() accepted it.
std::string normalised_postal_code(std::string_view postal_code);

/// One letter of a print batch, as the vendor knows it.
struct PrintBatchLetter {
  std::string letter_id{};       ///< ours (the message id); ASCII letters, digits, '-', '_', '.'; 1..64
  std::string job_id{};          ///< the vendor's job id, as submit() returned it; 1..100, no spaces
  std::string document_title{};  ///< as in the letter's PrintJob; no personal data
};

/// The manifest of a municipality's print batch of one day: which letters (already submitted
/// one by one as PrintJobs) belong together, so the vendor can print, count and invoice them as
/// one batch. No personal data (no names, no addresses).
struct PrintBatchManifest {
  std::string batch_id{};      ///< "0199-2026-11-22"; ASCII letters, digits, '-', '_', '.'; 1..64
  std::string municipality{};  ///< kommunkod, four digits
  std::string date{};          ///< the batch's day, "YYYY-MM-DD"
  std::string sender_name{};   ///< "Exempelby kommun"
  std::vector<PrintBatchLetter> letters{};
  std::size_t count = 0;  ///< letters.size(), stated so that a truncated manifest is noticed
};

/// The most letters in one manifest.
inline constexpr std::size_t kMaxPrintBatchLetters = 100000;

/// Checks what every PrintVendor requires of a manifest: a sane batch id, municipality code,
/// date and sender name; 1..kMaxPrintBatchLetters letters with sane ids and titles, no letter
/// id or job id twice; count == letters.size(). Throws samverkan::InvalidInput with the reason.
void validate(const PrintBatchManifest& manifest);

/// The print-and-post vendor serving one municipality.
///
/// Every method may be called from several threads at once. Errors:
///   - samverkan::InvalidInput / samverkan::TooLarge: the job is wrong (see validate);
///   - samverkan::NotFound: status of an unknown job id;
///   - samverkan::Conflict: the idempotency key was used for a different job;
///   - samverkan::Unavailable: the vendor (or its drop folder) cannot be reached.
class PrintVendor {
 public:
  static constexpr AdapterKind kKind = AdapterKind::kPrintVendor;

  virtual ~PrintVendor() = default;

  /// Submits a job; the receipt's id is the job id.
  virtual OrderReceipt submit(const PrintJob& job) = 0;
  virtual PrintJobState job_status(std::string_view job_id) = 0;
  /// Hands over the manifest of a print batch whose letters were submitted before (see
  /// validate(const PrintBatchManifest&)); the receipt's id is the vendor's id of the batch.
  /// Idempotent per batch id: the same manifest again is a replay (replayed = true), another
  /// manifest under the same batch id is samverkan::Conflict.
  virtual OrderReceipt submit_manifest(const PrintBatchManifest& manifest) = 0;
};

}  // namespace samverkan::adapters
