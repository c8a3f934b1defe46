#include "samverkan/mailbox/paper.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "samverkan/adapters/outbox_folder.hpp"
#include "samverkan/calendar/iso_date.hpp"
#include "samverkan/calendar/swedish_time.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/crypto/digest.hpp"
#include "samverkan/pdf/document.hpp"

namespace samverkan::mailbox {

std::string print_batch_id(const ids::Kommunkod& municipality, Clock::TimePoint at) {
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(at)};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return municipality.str() + "-" + buffer;
}

adapters::PrintJob print_job_for(const std::string& message_id, const LetterRequest& letter) {
  if (letter.protected_identity) {
    throw Forbidden("the recipient has protected identity (skyddad identitet): the letter must not be printed");
  }
  if (!letter.postal_address) throw InvalidInput("the letter has no postal address for the paper route");
  if (letter.attachments.empty()) throw InvalidInput("the letter has no PDF to print");
  adapters::PrintJob job{.idempotency_key = adapters::IdempotencyKey::parse("mailbox-" + message_id)};
  job.document_title = "Brev " + message_id;
  job.pdf = letter.attachments.front().content;
  job.recipient = *letter.postal_address;
  job.sender_reference = letter.reference.value_or("");
  adapters::validate(job);
  return job;
}

namespace {

// Letters and their manifest hold personal data: readable by the platform's account only.
constexpr auto kOwnerOnly = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;

constexpr double kPointsPerMm = 72.0 / 25.4;

std::string day_text(Clock::TimePoint at) {
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(at)};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return buffer;
}

// The text of an HTML body: tags dropped (line breaks kept for br, p, div, li), the five
// predefined entities decoded. Printing needs the words, not the layout.
std::string html_text(std::string_view html) {
  std::string out;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      const auto end = html.find('>', i);
      if (end == std::string_view::npos) break;
      std::string tag(html.substr(i + 1, end - i - 1));
      for (auto& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (tag.starts_with("br") || tag.starts_with("/p") || tag.starts_with("/div") || tag.starts_with("li") ||
          tag.starts_with("/h")) {
        out.push_back('\n');
      }
      i = end;
    } else if (html[i] == '&') {
      static const std::pair<std::string_view, char> kEntities[] = {{"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
                                                                    {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
      bool decoded = false;
      for (const auto& [entity, c] : kEntities) {
        if (html.substr(i, entity.size()) == entity) {
          out.push_back(c);
          i += entity.size() - 1;
          decoded = true;
          break;
        }
      }
      if (!decoded) out.push_back('&');
    } else {
      out.push_back(html[i]);
    }
  }
  return out;
}

}  // namespace

RenderedLetter render_letter(const std::string& message_id, const LetterRequest& letter, std::string_view sender_name,
                             Clock::TimePoint date) {
  if (letter.protected_identity) {
    throw Forbidden("the recipient has protected identity (skyddad identitet): the letter must not be printed");
  }
  if (!letter.postal_address) throw InvalidInput("the letter has no postal address for the paper route");
  const adapters::PostalAddress& address = *letter.postal_address;

  pdf::Document doc({.title = letter.subject, .author = std::string(sender_name), .footer = "Brev " + message_id});
  doc.heading(sender_name, 2);
  doc.field("Datum", calendar::format_iso_date(calendar::swedish_date(date)));  // the day in Sweden
  if (letter.reference) doc.field("Vår referens", *letter.reference);

  std::string window = address.name;
  if (!address.care_of.empty()) window += "\n" + address.care_of;
  for (const auto& line : address.street_lines) window += "\n" + line;
  window += "\n" + address.postal_code + " " + address.city;
  if (address.country_code != "SE") window += "\n" + address.country_code;
  doc.move_to(kAddressWindowLeftMm * kPointsPerMm, kAddressWindowTopMm * kPointsPerMm);
  doc.paragraph(window);

  // The letter itself starts below the window (window top + about 45 mm).
  doc.move_to(25.0 * kPointsPerMm, (kAddressWindowTopMm + 45.0) * kPointsPerMm);
  doc.heading(letter.subject, 1);
  doc.paragraph(letter.body_type == BodyType::kTextHtml ? html_text(letter.body) : letter.body);
  if (!letter.attachments.empty()) {
    doc.space(12);
    std::string names;
    for (const auto& attachment : letter.attachments) names += (names.empty() ? "" : "\n") + attachment.filename;
    doc.field("Bilagor", names);
  }
  doc.space(12);
  std::string support = letter.support.text;
  if (letter.support.phone_number) support += "\nTelefon: " + *letter.support.phone_number;
  if (letter.support.email) support += "\nE-post: " + *letter.support.email;
  if (letter.support.url) support += "\n" + *letter.support.url;
  doc.note(support);
  RenderedLetter rendered;
  rendered.pages = doc.pages();
  rendered.pdf = doc.finish();
  return rendered;
}

adapters::PrintJob print_job_for(const std::string& message_id, const LetterRequest& letter,
                                 std::string_view sender_name, Clock::TimePoint at) {
  if (!letter.attachments.empty()) return print_job_for(message_id, letter);
  RenderedLetter rendered = render_letter(message_id, letter, sender_name, at);
  adapters::PrintJob job{.idempotency_key = adapters::IdempotencyKey::parse("mailbox-" + message_id)};
  job.document_title = "Brev " + message_id;
  job.pdf = std::move(rendered.pdf);
  job.recipient = *letter.postal_address;
  job.sender_reference = letter.reference.value_or("");
  adapters::validate(job);
  return job;
}

PrintBatch::PrintBatch(const ids::Kommunkod& municipality, std::string sender_name, Clock::TimePoint day)
    : municipality_(municipality),
      sender_name_(std::move(sender_name)),
      day_(day),
      id_(print_batch_id(municipality, day)) {}

const PrintBatchEntry& PrintBatch::add(const std::string& message_id, const LetterRequest& letter) {
  for (const auto& entry : entries_) {
    if (entry.message_id == message_id) return entry;
  }
  // The id becomes a file name: only what our ids are made of.
  if (message_id.empty() || message_id.size() > 64 ||
      message_id.find_first_not_of("0123456789abcdefABCDEF-") != std::string::npos) {
    throw InvalidInput("a letter id in a print batch is 1..64 hex digits");
  }
  RenderedLetter rendered = render_letter(message_id, letter, sender_name_, day_);
  PrintBatchEntry entry;
  entry.message_id = message_id;
  entry.file = message_id + ".pdf";
  entry.pages = rendered.pages;
  entry.sha256 = crypto::sha256_hex(rendered.pdf);
  entry.bytes = rendered.pdf.size();
  entry.pdf = std::move(rendered.pdf);
  entries_.push_back(std::move(entry));
  addresses_.push_back(*letter.postal_address);
  return entries_.back();
}

std::string PrintBatch::manifest_json() const {
  Poco::JSON::Object manifest(Poco::JSON_PRESERVE_KEY_ORDER);
  manifest.set("batch", id_);
  manifest.set("municipality", municipality_.str());
  manifest.set("date", day_text(day_));
  manifest.set("sender", sender_name_);
  Poco::JSON::Array letters;
  for (const auto& entry : entries_) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("letterId", entry.message_id);
    item.set("file", entry.file);
    item.set("pages", entry.pages);
    item.set("bytes", entry.bytes);
    item.set("sha256", entry.sha256);
    letters.add(item);
  }
  manifest.set("letters", letters);
  std::ostringstream out;
  manifest.stringify(out, 2);
  return out.str();
}

std::filesystem::path PrintBatch::write(const std::filesystem::path& folder) const {
  std::filesystem::path batch_folder = folder / id_;
  std::error_code error;
  std::filesystem::create_directories(batch_folder, error);
  if (error) throw Unavailable("cannot create the print batch folder " + batch_folder.string());
  for (const auto& entry : entries_) adapters::write_file_atomically(batch_folder / entry.file, entry.pdf, kOwnerOnly);
  adapters::write_file_atomically(batch_folder / "manifest.json", manifest_json(), kOwnerOnly);
  return batch_folder;
}

std::vector<adapters::OrderReceipt> PrintBatch::submit(adapters::PrintVendor& vendor) const {
  std::vector<adapters::OrderReceipt> receipts;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    adapters::PrintJob job{.idempotency_key = adapters::IdempotencyKey::parse("letter-" + entries_[i].message_id)};
    job.document_title = "Brev " + entries_[i].message_id;
    job.pdf = entries_[i].pdf;
    job.recipient = addresses_[i];
    job.sender_reference = id_;
    receipts.push_back(vendor.submit(job));
  }
  return receipts;
}

}  // namespace samverkan::mailbox
