#include "samverkan/adapters/print_vendor.hpp"

#include <set>

#include "adapters/detail/text_checks.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::adapters {

std::string_view to_string(PostageClass postage) noexcept {
  switch (postage) {
    case PostageClass::kEconomy:
      return "economy";
    case PostageClass::kFirstClass:
      return "first-class";
  }
  return "economy";
}

std::string_view to_string(PrintJobStatus status) noexcept {
  switch (status) {
    case PrintJobStatus::kQueued:
      return "queued";
    case PrintJobStatus::kAccepted:
      return "accepted";
    case PrintJobStatus::kPosted:
      return "posted";
    case PrintJobStatus::kRejected:
      return "rejected";
  }
  return "queued";
}

namespace {

// Envelope-window lines: the Swedish address standard (SS 613401) allows 6 lines of at most
// about 36 characters for machine sorting; vendors accept up to 50 and shrink the font.
constexpr std::size_t kMaxLineLength = 50;
constexpr std::size_t kMaxLines = 6;

bool valid_postal_code(std::string_view code) {
  std::string digits;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (!(c == ' ' && i == 3 && code.size() == 6)) {
      return false;
    }
  }
  // Swedish postal codes start with 1..9.
  return digits.size() == 5 && digits[0] != '0';
}

void check_pdf(const std::string& pdf) {
  if (pdf.size() > kMaxPrintPdfBytes) {
    throw TooLarge("the letter's PDF is larger than " + std::to_string(kMaxPrintPdfBytes >> 20) + " MiB");
  }
  if (pdf.rfind("%PDF-", 0) != 0) throw InvalidInput("the letter is not a PDF file (no %PDF- header)");
  // "%%EOF" ends a PDF; trailing whitespace or a few bytes of junk are common and harmless.
  const std::size_t tail = pdf.size() > 1024 ? pdf.size() - 1024 : 0;
  if (pdf.find("%%EOF", tail) == std::string::npos) {
    throw InvalidInput("the letter's PDF is truncated (no %%EOF marker at its end)");
  }
}

}  // namespace

void validate(const PrintJob& job) {
  detail::check_text(job.document_title, "document title", 100);
  check_pdf(job.pdf);
  const PostalAddress& to = job.recipient;
  detail::check_text(to.name, "recipient name", kMaxLineLength);
  detail::check_optional_text(to.care_of, "c/o line", kMaxLineLength);
  if (to.street_lines.empty() || to.street_lines.size() > 2) throw InvalidInput("an address needs 1 or 2 street lines");
  for (const auto& line : to.street_lines) detail::check_text(line, "street line", kMaxLineLength);
  if (to.country_code != "SE") throw InvalidInput("only Swedish addresses (country SE) can be posted");
  if (!valid_postal_code(to.postal_code)) throw InvalidInput("postal code must be five digits, e.g. 575 80");
  detail::check_text(to.city, "city", kMaxLineLength);
  const std::size_t lines = 1 + (to.care_of.empty() ? 0 : 1) + to.street_lines.size() + 1;
  if (lines > kMaxLines) throw InvalidInput("the address has more than 6 lines");
  detail::check_optional_text(job.sender_reference, "sender reference", 50);
}

void validate(const PrintBatchManifest& manifest) {
  const auto check_id = [](const std::string& id, std::string_view what, std::size_t max_length) {
    if (id.empty() || id.size() > max_length || !detail::is_ascii_word(id, "-_.")) {
      throw InvalidInput(std::string(what) + " must be 1.." + std::to_string(max_length) +
                         " ASCII letters, digits, '-', '_' or '.'");
    }
  };
  check_id(manifest.batch_id, "the print batch id", 64);
  if (manifest.municipality.size() != 4 || manifest.municipality.find_first_not_of("0123456789") != std::string::npos) {
    throw InvalidInput("the print batch's municipality must be a kommunkod of four digits");
  }
  calendar::parse_iso_date(manifest.date, "print batch date");
  detail::check_text(manifest.sender_name, "sender name", 100);
  if (manifest.letters.empty()) throw InvalidInput("a print batch manifest needs at least one letter");
  if (manifest.letters.size() > kMaxPrintBatchLetters) {
    throw InvalidInput("a print batch manifest holds at most " + std::to_string(kMaxPrintBatchLetters) + " letters");
  }
  if (manifest.count != manifest.letters.size()) {
    throw InvalidInput("the print batch manifest's count (" + std::to_string(manifest.count) + ") is not its " +
                       std::to_string(manifest.letters.size()) + " letters");
  }
  std::set<std::string_view> letter_ids, job_ids;
  for (const auto& letter : manifest.letters) {
    check_id(letter.letter_id, "a letter id", 64);
    detail::check_text(letter.job_id, "a print job id", 100);
    if (letter.job_id.find(' ') != std::string::npos) throw InvalidInput("a print job id contains a space");
    detail::check_text(letter.document_title, "document title", 100);
    if (!letter_ids.insert(letter.letter_id).second) {
      throw InvalidInput("the letter " + letter.letter_id + " is in the print batch manifest twice");
    }
    if (!job_ids.insert(letter.job_id).second) {
      throw InvalidInput("a print job id is in the print batch manifest twice");
    }
  }
}

std::string normalised_postal_code(std::string_view postal_code) {
  std::string digits;
  for (char c : postal_code) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

}  // namespace samverkan::adapters
