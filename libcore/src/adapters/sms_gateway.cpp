#include "samverkan/adapters/sms_gateway.hpp"

#include "adapters/detail/text_checks.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::adapters {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// The number of code points in valid UTF-8 `text`.
std::size_t code_points(std::string_view text) noexcept {
  std::size_t n = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
  }
  return n;
}

MobileNumber refused(MobileNumberProblem problem) { return MobileNumber{std::nullopt, problem}; }

}  // namespace

MobileNumber normalise_mobile_number(std::string_view text) {
  std::string digits;
  bool plus = false;
  bool any = false;
  for (const char c : text) {
    if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '\t') continue;
    if (c == '+' && !any) {
      plus = true;
      any = true;
      continue;
    }
    if (!is_digit(c)) return refused(MobileNumberProblem::kNotANumber);
    digits += c;
    any = true;
  }
  if (!any) return refused(MobileNumberProblem::kEmpty);
  if (digits.empty()) return refused(MobileNumberProblem::kNotANumber);
  if (!plus && digits.starts_with("00")) {
    digits.erase(0, 2);
    plus = true;
  }
  if (!plus) {
    // A national Swedish number: 0 and the number without the country code.
    if (digits.front() != '0') return refused(MobileNumberProblem::kNotANumber);
    digits = "46" + digits.substr(1);
  }
  if (digits.starts_with("46")) {
    // Swedish mobile numbers are 07x xxx xx xx: +46 7x xxx xx xx, nine digits after 46.
    const std::string national = digits.substr(2);
    if (national.empty() || national.front() != '7') return refused(MobileNumberProblem::kNotMobile);
    if (national.size() != 9) return refused(MobileNumberProblem::kWrongLength);
    return MobileNumber{"+" + digits, std::nullopt};
  }
  if (digits.front() == '0' || digits.size() < 8 || digits.size() > 15) {
    return refused(MobileNumberProblem::kWrongLength);
  }
  return MobileNumber{"+" + digits, std::nullopt};
}

void validate(const SmsMessage& message) {
  const auto number = normalise_mobile_number(message.to);
  if (!number.e164 || *number.e164 != message.to) {
    throw InvalidInput("the recipient of an SMS must be a mobile number in E.164 form (+46701234567)");
  }
  if (!message.sender.empty() && (message.sender.size() > 11 || !detail::is_ascii_word(message.sender, ""))) {
    throw InvalidInput("an SMS sender name is 1..11 characters A-Z a-z 0-9");
  }
  std::string flat = message.text;
  for (char& c : flat) {
    if (c == '\n') c = ' ';
  }
  detail::check_text(flat, "SMS text", flat.size());
  if (code_points(message.text) > kMaxSmsCharacters) {
    throw InvalidInput("an SMS text is at most " + std::to_string(kMaxSmsCharacters) + " characters");
  }
}

}  // namespace samverkan::adapters
