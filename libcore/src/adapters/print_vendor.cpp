#include "samverkan/adapters/print_vendor.hpp"

#include "adapters/text_checks.hpp"
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

std::string normalised_postal_code(std::string_view postal_code) {
  std::string digits;
  for (char c : postal_code) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

}  // namespace samverkan::adapters
