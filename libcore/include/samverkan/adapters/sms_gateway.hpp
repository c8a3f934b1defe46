#pragma once
/// SmsGateway: an SMS operator's or aggregator's gateway that sends short text messages to
/// mobile phones. The e-services use it for the citizen notices ("there is news in your errand,
/// log in on Mina sidor"): the text never holds personal data or case content, so a gateway
/// outside the municipality may carry it.

#include <optional>
#include <string>
#include <string_view>

#include "samverkan/adapters/adapter_kind.hpp"
#include "samverkan/adapters/idempotency_key.hpp"
#include "samverkan/adapters/order_receipt.hpp"

namespace samverkan::adapters {

/// The longest SMS text accepted, in characters (Unicode code points): four concatenated parts
/// of 67 UCS-2 characters, which every gateway carries.
inline constexpr std::size_t kMaxSmsCharacters = 268;

/// Why a mobile number is refused (normalise_mobile_number).
enum class MobileNumberProblem {
  kEmpty,        ///< nothing given
  kNotANumber,   ///< characters other than digits, spaces, '-', '(', ')' and a leading '+'
  kNotMobile,    ///< a Swedish number that is not a mobile number (07x, +46 7x)
  kWrongLength,  ///< too short or too long for its country
};

/// `text` as an international number in E.164 form ("+46701234567"), or the problem. Accepts a
/// Swedish mobile number written nationally ("070-123 45 67", "0701234567") or internationally
/// ("+46 70 123 45 67", "0046701234567"), and any other country's number in international form
/// ("+358 40 1234567": 8..15 digits after '+'). Spaces, '-', '(' and ')' are ignored.
struct MobileNumber {
  std::optional<std::string> e164{};
  std::optional<MobileNumberProblem> problem{};
};
MobileNumber normalise_mobile_number(std::string_view text);

/// One text message.
struct SmsMessage {
  IdempotencyKey idempotency_key;
  std::string to{};  ///< E.164 ("+46701234567"), see normalise_mobile_number
  /// The sender name shown: 1..11 characters A-Z a-z 0-9 (an alphanumeric originator); empty:
  /// the name the gateway's binding configures.
  std::string sender{};
  std::string text{};  ///< UTF-8, 1..kMaxSmsCharacters characters, no control characters but line breaks
};

/// Checks what every SmsGateway requires before any backend is asked (the forms above). Throws
/// samverkan::InvalidInput with the reason.
void validate(const SmsMessage& message);

/// The SMS gateway serving one municipality.
///
/// Every method may be called from several threads at once. Errors:
///   - samverkan::InvalidInput: the message is wrong (see validate) or refused by the gateway
///     (e.g. a number it cannot deliver to);
///   - samverkan::Conflict: the idempotency key was used for a different message;
///   - samverkan::Unavailable: the gateway cannot be reached or failed; retrying later may work.
class SmsGateway {
 public:
  static constexpr AdapterKind kKind = AdapterKind::kSmsGateway;

  virtual ~SmsGateway() = default;

  /// Hands the message to the gateway for delivery; the receipt's id is the gateway's message
  /// id. The same key and message again sends nothing new (replayed).
  virtual OrderReceipt send(const SmsMessage& message) = 0;
};

}  // namespace samverkan::adapters
