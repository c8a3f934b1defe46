#include "samverkan/bankid/messages.hpp"

#include <array>
#include <utility>

namespace samverkan::bankid {
namespace {

constexpr std::array<std::pair<HintCode, std::string_view>, 13> kHintCodes{{
    {HintCode::kOutstandingTransaction, "outstandingTransaction"},
    {HintCode::kNoClient, "noClient"},
    {HintCode::kStarted, "started"},
    {HintCode::kUserMrtd, "userMrtd"},
    {HintCode::kUserCallConfirm, "userCallConfirm"},
    {HintCode::kUserSign, "userSign"},
    {HintCode::kExpiredTransaction, "expiredTransaction"},
    {HintCode::kCertificateErr, "certificateErr"},
    {HintCode::kUserCancel, "userCancel"},
    {HintCode::kCancelled, "cancelled"},
    {HintCode::kStartFailed, "startFailed"},
    {HintCode::kUserDeclinedCall, "userDeclinedCall"},
    {HintCode::kNotSupportedByUserApp, "notSupportedByUserApp"},
}};

}  // namespace

std::string_view to_string(HintCode code) noexcept {
  if (code == HintCode::kNone) return "";
  for (const auto& [value, text] : kHintCodes) {
    if (value == code) return text;
  }
  return "unknown";
}

HintCode parse_hint_code(std::string_view text) noexcept {
  if (text.empty()) return HintCode::kNone;
  for (const auto& [value, spelling] : kHintCodes) {
    if (spelling == text) return value;
  }
  return HintCode::kUnknown;
}

std::string_view to_string(CollectStatus status) noexcept {
  switch (status) {
    case CollectStatus::kPending:
      return "pending";
    case CollectStatus::kFailed:
      return "failed";
    case CollectStatus::kComplete:
      return "complete";
  }
  return "pending";
}

}  // namespace samverkan::bankid
