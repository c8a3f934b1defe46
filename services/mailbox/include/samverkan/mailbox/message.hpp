#pragma once
/// The Mina meddelanden secure delivery (SecureDelivery, schema Message/v3) as plain values:
/// one sender (a municipality), one recipient (a person), one or more messages with a body and
/// PDF attachments. validate() checks everything the official schema and the service rules
/// demand, so that what we compose is valid before any XML is written.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samverkan::mailbox {

/// The largest signed delivery (the serialised SignedDelivery document) we send: 2 MiB.
inline constexpr std::size_t kMaxDeliveryBytes = std::size_t{2} * 1024 * 1024;
/// The longest subject, in characters (Unicode code points), as the schema allows.
inline constexpr std::size_t kMaxSubjectLength = 255;

/// The body's content type; the body text is UTF-8.
enum class BodyType {
  kTextPlain,  ///< "text/plain"
  kTextHtml,   ///< "text/html"
};

/// "text/plain" or "text/html".
std::string_view to_content_type(BodyType type) noexcept;
/// Parses "text/plain" or "text/html" (exactly). Throws samverkan::InvalidInput otherwise.
BodyType parse_body_type(std::string_view content_type);

/// Whether the recipient may reply (schema Reply: ReplyOptions).
enum class ReplyOption {
  kRequested,   ///< REQUESTED
  kAccepted,    ///< ACCEPTED
  kNotAllowed,  ///< NOT_ALLOWED
};
/// Whether a receipt is asked for (schema Receipt: ReceiptOptions).
enum class ReceiptOption {
  kNot,     ///< NOT
  kSimple,  ///< SIMPLE
  kSigned,  ///< SIGNED
};
std::string_view to_string(ReplyOption option) noexcept;
std::string_view to_string(ReceiptOption option) noexcept;

/// Where the recipient gets help (Supportinfo). `text` is required (1..1024 characters); the
/// others are optional: URL (http/https, ≤ 255), phone number (≤ 255), e-mail (5..256, x@y.z).
struct SupportInfo {
  std::string text;
  std::optional<std::string> url;
  std::optional<std::string> phone_number;
  std::optional<std::string> email;
};

/// A PDF attachment. `content` holds the raw bytes (they must start with "%PDF-"); they are
/// base64-encoded once when the XML is written, with Checksum = the lower-case hex MD5 of the
/// raw bytes (as the public implementations compute it).
struct Attachment {
  std::string filename;  ///< shown to the recipient; no path, 1..255 characters, ends in ".pdf"
  std::string content;   ///< raw PDF bytes
};

/// One message of a delivery.
struct Message {
  std::string id;                        ///< the sender's message id, 1..255 characters
  std::string subject;                   ///< 1..255 characters
  SupportInfo support;                   ///< required
  std::string language = "svSE";         ///< xs:language, e.g. "svSE" (as the service uses)
  std::optional<ReplyOption> reply;      ///< omitted when empty
  std::optional<ReceiptOption> receipt;  ///< omitted when empty
  BodyType body_type = BodyType::kTextPlain;
  std::string body;                     ///< UTF-8 text (base64-encoded once in the XML)
  std::vector<Attachment> attachments;  ///< PDF only
};

/// A delivery to one recipient.
struct Delivery {
  std::string sender_organisation_number;     ///< any form Organisationsnummer::parse accepts
  std::string sender_name;                    ///< 2..256 characters, e.g. "Sundsvalls kommun"
  std::string recipient;                      ///< personnummer or samordningsnummer, any accepted form
  std::optional<std::string> reference;       ///< the sender's reference (Header/Reference)
  std::optional<std::string> correlation_id;  ///< Header/CorrelationId
  std::vector<Message> messages;              ///< 1..n
};

/// Checks a delivery and throws samverkan::InvalidInput naming the first problem and where it
/// is ("messages[0].subject: ..."); messages never contain the personnummer. Throws
/// samverkan::TooLarge when the encoded delivery would certainly exceed kMaxDeliveryBytes
/// (naming the size and the limit).
void validate(const Delivery& delivery);

/// The Header/Sender/Id value: "16" followed by the 10-digit organisation number.
/// Throws samverkan::InvalidInput when the organisation number is not valid.
std::string sender_id(const Delivery& delivery);
/// The Header/Recipient value: 12 digits YYYYMMDDNNNC. Throws samverkan::InvalidInput.
std::string recipient_id(const Delivery& delivery);

}  // namespace samverkan::mailbox
