#include "samverkan/mailbox/message.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/core/text.hpp"
#include "samverkan/ids/organisationsnummer.hpp"
#include "samverkan/ids/personnummer.hpp"

namespace samverkan::mailbox {
namespace {

[[noreturn]] void refuse(const std::string& where, const std::string& reason) {
  throw InvalidInput(where + ": " + reason);
}

// Checks UTF-8 and XML characters and the length in characters; returns the length.
std::size_t check_text(const std::string& where, std::string_view text, std::size_t min_length,
                       std::size_t max_length) {
  const auto length = samverkan::text::xml_text_length(text);
  if (!length) refuse(where, "is not valid UTF-8 text or holds a character XML does not allow");
  if (*length < min_length) {
    refuse(where,
           min_length == 1 ? "must not be empty" : "must be at least " + std::to_string(min_length) + " characters");
  }
  if (*length > max_length) {
    refuse(where, "is " + std::to_string(*length) + " characters, longer than the " + std::to_string(max_length) +
                      " the schema allows");
  }
  return *length;
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

void check_support(const std::string& where, const SupportInfo& support) {
  check_text(where + ".text", support.text, 1, 1024);
  if (is_blank(support.text)) refuse(where + ".text", "must not be blank");
  if (support.url) {
    check_text(where + ".url", *support.url, 1, 255);
    static const std::regex kUrl(R"(https?://[^\s/?#]+[^\s]*)", std::regex::icase);
    if (!std::regex_match(*support.url, kUrl)) refuse(where + ".url", "must be an http or https URL without spaces");
  }
  if (support.phone_number) {
    check_text(where + ".phone_number", *support.phone_number, 1, 255);
    static const std::regex kPhone(R"(\+?[0-9][0-9 ()-]*)");
    if (!std::regex_match(*support.phone_number, kPhone)) {
      refuse(where + ".phone_number", "must hold digits, spaces, '-', '(' and ')' only, optionally after '+'");
    }
  }
  if (support.email) {
    check_text(where + ".email", *support.email, 5, 256);
    static const std::regex kEmail(R"([^\s@]+@[^\s@]+\.[^\s@]+)");
    if (!std::regex_match(*support.email, kEmail)) refuse(where + ".email", "is not an e-mail address (x@y.z)");
  }
}

void check_language(const std::string& where, const std::string& language) {
  // xs:language: [a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*
  static const std::regex kLanguage(R"([a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*)");
  if (!std::regex_match(language, kLanguage)) {
    refuse(where, "must be a language code such as \"svSE\" or \"sv-SE\" (xs:language)");
  }
}

void check_attachment(const std::string& where, const Attachment& attachment) {
  check_text(where + ".filename", attachment.filename, 1, 255);
  if (attachment.filename.find_first_of("/\\") != std::string::npos) {
    refuse(where + ".filename", "must be a file name without a folder");
  }
  std::string lower = attachment.filename;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  if (!lower.ends_with(".pdf") || lower.size() == 4) refuse(where + ".filename", "must end in \".pdf\"");
  if (!attachment.content.starts_with("%PDF-")) {
    refuse(where + ".content", "is not a PDF document (it does not start with \"%PDF-\")");
  }
}

}  // namespace

std::string_view to_content_type(BodyType type) noexcept {
  return type == BodyType::kTextHtml ? "text/html" : "text/plain";
}

BodyType parse_body_type(std::string_view content_type) {
  if (content_type == "text/plain") return BodyType::kTextPlain;
  if (content_type == "text/html") return BodyType::kTextHtml;
  throw InvalidInput("body type must be \"text/plain\" or \"text/html\"");
}

std::string_view to_string(ReplyOption option) noexcept {
  switch (option) {
    case ReplyOption::kRequested:
      return "REQUESTED";
    case ReplyOption::kAccepted:
      return "ACCEPTED";
    case ReplyOption::kNotAllowed:
      return "NOT_ALLOWED";
  }
  return "NOT_ALLOWED";
}

std::string_view to_string(ReceiptOption option) noexcept {
  switch (option) {
    case ReceiptOption::kNot:
      return "NOT";
    case ReceiptOption::kSimple:
      return "SIMPLE";
    case ReceiptOption::kSigned:
      return "SIGNED";
  }
  return "NOT";
}

std::string sender_id(const Delivery& delivery) {
  try {
    return ids::Organisationsnummer::parse(delivery.sender_organisation_number).with_prefix();
  } catch (const InvalidInput& e) {
    refuse("sender organisation number", e.what());
  }
}

std::string recipient_id(const Delivery& delivery) {
  try {
    return ids::Personnummer::parse_any(delivery.recipient).digits();
  } catch (const InvalidInput& e) {
    refuse("recipient", e.what());
  }
}

void validate(const Delivery& delivery) {
  (void)sender_id(delivery);
  (void)recipient_id(delivery);
  check_text("sender name", delivery.sender_name, 2, 256);
  if (is_blank(delivery.sender_name)) refuse("sender name", "must not be blank");
  if (delivery.reference) check_text("reference", *delivery.reference, 1, 255);
  if (delivery.correlation_id) check_text("correlation id", *delivery.correlation_id, 1, 255);
  if (delivery.messages.empty()) throw InvalidInput("a delivery needs at least one message");

  // The encoded content alone (base64 of bodies and attachments, the texts) is a lower bound of
  // the document's size; the composer checks the exact size of the signed document again.
  std::size_t encoded = 0;
  for (std::size_t i = 0; i < delivery.messages.size(); ++i) {
    const Message& message = delivery.messages[i];
    const std::string where = "messages[" + std::to_string(i) + "]";
    check_text(where + ".id", message.id, 1, 255);
    check_text(where + ".subject", message.subject, 1, kMaxSubjectLength);
    if (is_blank(message.subject)) refuse(where + ".subject", "must not be blank");
    check_support(where + ".support", message.support);
    check_language(where + ".language", message.language);
    check_text(where + ".body", message.body, 1, message.body.size() + 1);
    encoded += base64::encoded_length(message.body.size()) + message.subject.size() + message.support.text.size();
    for (std::size_t k = 0; k < message.attachments.size(); ++k) {
      check_attachment(where + ".attachments[" + std::to_string(k) + "]", message.attachments[k]);
      encoded += base64::encoded_length(message.attachments[k].content.size());
    }
  }
  if (encoded > kMaxDeliveryBytes) {
    throw TooLarge("the delivery is at least " + std::to_string(encoded) + " bytes encoded, over the limit of " +
                   std::to_string(kMaxDeliveryBytes) + " bytes (2 MiB)");
  }
}

}  // namespace samverkan::mailbox
