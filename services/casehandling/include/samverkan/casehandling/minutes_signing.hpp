#pragma once
/// Adjustment (justering) with BankID: the chair or an adjuster, signed in as staff, starts a
/// BankID signature of a text naming the minutes, with the SHA-256 digest of the minutes'
/// paragraphs as the non-visible data; when the order completes and the person who signed is
/// the member (their personnummer's blind index, recorded by the committee secretary), the
/// signature (BankID's XML signature and OCSP response) is recorded through
/// MeetingService::sign, which locks the minutes when the last one has signed.
///
/// The BankID calls are made inside the caller's transaction: keep the client's timeouts short.

#include <string>
#include <string_view>

#include "samverkan/bankid/client.hpp"
#include "samverkan/casehandling/meeting_service.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::casehandling {

struct SigningProgress {
  bankid::CollectStatus status = bankid::CollectStatus::kPending;
  std::string hint_code;               ///< BankID's hint code while pending or when failed
  std::optional<MinutesInfo> minutes;  ///< set when complete
};

class MinutesSigning {
 public:
  /// Every argument must outlive this. Without a BankID client (none configured) start() and
  /// collect() throw samverkan::Unavailable; bind_personnummer() works.
  MinutesSigning(MeetingService& meetings, bankid::Client* bankid, const crypto::Keyring& keyring)
      : meetings_(meetings), bankid_(bankid), keyring_(keyring) {}

  /// Records a board member's personnummer as a blind index (Permission::kMeetingManage).
  /// InvalidInput for a malformed number; NotFound for an unknown member.
  void bind_personnummer(tenancy::Context& ctx, long long member_id, std::string_view personnummer);

  /// The SHA-256 (hex) of the minutes' paragraphs: numbers, headings and every text, in order.
  static std::string digest(const std::vector<Paragraph>& paragraphs);

  /// Starts a BankID signature for the principal (Permission::kMinutesSign), who must be the
  /// chair or an adjuster who has not signed, with a bound personnummer. Forbidden for anyone
  /// else; Conflict for adjusted minutes; InvalidInput when the member has no personnummer.
  bankid::Order start(tenancy::Context& ctx, long long minutes_id, std::string_view end_user_ip);

  /// Collects the order (Permission::kMinutesSign, the principal who started it). On
  /// completion checks that BankID's person is the member (otherwise Forbidden, audited) and
  /// that the minutes have not changed since the start (otherwise Conflict), then signs.
  SigningProgress collect(tenancy::Context& ctx, long long minutes_id, std::string_view order_ref);

 private:
  MeetingService& meetings_;
  bankid::Client* bankid_;
  const crypto::Keyring& keyring_;
};

}  // namespace samverkan::casehandling
