#pragma once
/// Notices to citizens: when a handler writes to the citizen (ErrandWork::post_message) or
/// changes the errand's status (Submissions::change_status), the citizen gets an e-mail and/or
/// an SMS, as they chose on Mina sidor, saying only that there is news and where to log in:
/// no name, no reference, no service title, no case content.
///
///   // in the service function, in the change's own transaction:
///   enqueue_citizen_notice(ctx, reference, NoticeEvent::kMessage, message.id);
///   // the platform: one worker on kCitizenNoticeQueue
///   eservices::CitizenNoticeWorker notices(db, cooperation, xsd_dir, keyring, audit, clock, queue,
///                                          smtp, sms_lookup, logger);
///   notices.start(public_url);
///
/// Once per event: the job's idempotency key names the event ("message-<message id>",
/// "status-<history entry id>"), so the event has one job; each channel sent is recorded
/// (eservice_citizen_notice) before the job completes, so a job run again (at-least-once) sends
/// nothing twice, and a job retried because one channel was down sends only the other. The one
/// window left is a crash between the relay's or gateway's answer and the recording: the SMS
/// gateway then replays (same Idempotency-Key), the mail is sent again with the same Message-ID.
///
/// Where it goes (decided when the job runs, so a changed choice counts):
///   - the citizen's choice on Mina sidor for this municipality (NoticePreferences): e-mail to
///     the address given, SMS to the number given, both, or neither (an explicit "no notices");
///   - no choice saved: an e-mail to the address the errand's receipt went to (the definition's
///     <sendReceipt emailField>), when there is one; else nothing;
///   - SMS only where the member binds an <smsGateway> (else not offered on Mina sidor, and a
///     choice saved earlier goes by e-mail only).
/// The notice is in Swedish, or English when the citizen saved the choice on the English page.
/// Errands sent in without login get no notices (the citizen could not read them on Mina sidor).

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/adapters/sms_gateway.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/eservices/catalogue.hpp"
#include "samverkan/eservices/definition.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/jobs/worker.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/mail/smtp_mailer.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::eservices {

/// The queue of the notices; payload {"reference": "...", "event": "message" | "status"}.
inline constexpr std::string_view kCitizenNoticeQueue = "eservices.citizen-notice";

/// What happened in the errand.
enum class NoticeEvent {
  kMessage,  ///< a handler wrote to the citizen
  kStatus,   ///< the errand's status changed
};

/// Enqueues, in ctx's transaction, the notice of `event` (identified by `event_id`: the
/// message's id, the history entry's id) on `reference`; nothing for an errand sent in without
/// login. Payload: references only.
void enqueue_citizen_notice(tenancy::Context& ctx, const std::string& reference, NoticeEvent event,
                            const std::string& event_id);

/// A citizen's choice of notices for one municipality.
struct NoticePreference {
  bool by_email = false;
  bool by_sms = false;
  std::string email{};   ///< the address for e-mail notices ("" when none given)
  std::string mobile{};  ///< E.164 after check_preference ("+46701234567"; "" when none given)
  Language language = Language::kSwedish;
};

/// Why a choice is refused, per field ("email" or "mobile").
enum class PreferenceProblem {
  kEmailMissing,     ///< e-mail chosen without an address
  kEmailInvalid,     ///< not an address local@domain
  kMobileMissing,    ///< SMS chosen without a number
  kMobileInvalid,    ///< not a phone number
  kMobileNotMobile,  ///< a Swedish number that is not a mobile number
  kSmsUnavailable,   ///< SMS chosen where the municipality offers none
};

struct PreferenceError {
  std::string field{};  ///< "email" or "mobile"
  PreferenceProblem problem = PreferenceProblem::kEmailInvalid;
};

/// Checks `preference` (an address or number given is checked even when its channel is not
/// chosen) and normalises it: trimmed address, mobile number in E.164. Returns every problem.
std::vector<PreferenceError> check_preference(NoticePreference& preference, bool sms_offered);

/// The citizen's own choices, per municipality: address and number stored field-encrypted
/// (eservice_notice_preference.email / .mobile, rotated by `keys rotate`), keyed by the
/// citizen's blind index.
class NoticePreferences {
 public:
  /// `keyring` must outlive this object.
  explicit NoticePreferences(const crypto::Keyring& keyring);

  /// The logged-in citizen's choice here, if saved. NotFound for a principal that is not a
  /// citizen. Audited as "citizen.notice-preference.read".
  std::optional<NoticePreference> read(tenancy::Context& ctx) const;

  /// Saves the logged-in citizen's choice here (replacing an earlier one). InvalidInput naming
  /// the problems (check_preference) when it is refused; NotFound for a principal that is not a
  /// citizen. Audited as "citizen.notice-preference.save" (channels only, never the address or
  /// number).
  void save(tenancy::Context& ctx, NoticePreference preference, bool sms_offered) const;

 private:
  const crypto::Keyring& keyring_;
};

/// The notice as sent: no personal data, no case content.
struct NoticeText {
  std::string subject{};  ///< the e-mail's subject
  std::string body{};     ///< the e-mail's text
  std::string sms{};      ///< the SMS (at most adapters::kMaxSmsCharacters)
};

/// The notice of `event` from `member` (its name, "Exempelby kommun"), pointing to `link` (Mina
/// sidor), in `language`.
NoticeText notice_text(NoticeEvent event, const std::string& member, const std::string& link, Language language);

/// The job's handler.
class CitizenNotices {
 public:
  /// A municipality's SMS gateway, or nullptr when it binds none.
  using SmsLookup = std::function<adapters::SmsGateway*(const ids::Kommunkod&)>;

  /// Everything passed must outlive this object. `mailer` may be null (no relay configured):
  /// an e-mail notice then throws samverkan::Unavailable (the job waits). `public_url` is the
  /// platform's address as citizens reach it ("https://e.example.se"), the link's base.
  CitizenNotices(storage::Database& db, const config::Cooperation& cooperation, Catalogue& catalogue,
                 const crypto::Keyring& keyring, audit::AuditLog& audit_log, const Clock& clock,
                 const mail::SmtpMailer* mailer, SmsLookup sms_gateways, std::string public_url);

  /// The handler of kCitizenNoticeQueue. Unavailable (relay or gateway down) is retried; a
  /// refused address or number (InvalidInput) fails the job.
  void send(const jobs::Job& job);

  /// Who the handler acts as: "client:eservices.notices" of `municipality` (scope errands:read).
  static security::Principal principal(const ids::Kommunkod& municipality);

 private:
  storage::Database& db_;
  const config::Cooperation& cooperation_;
  Catalogue& catalogue_;
  const crypto::Keyring& keyring_;
  audit::AuditLog& audit_log_;
  const Clock& clock_;
  const mail::SmtpMailer* mailer_;
  SmsLookup sms_gateways_;
  std::string public_url_;
};

/// The notices as the platform runs them: one worker on kCitizenNoticeQueue.
class CitizenNoticeWorker {
 public:
  /// Throws samverkan::InvalidInput for bad SMTP options.
  CitizenNoticeWorker(storage::Database& db, const config::Cooperation& cooperation,
                      const std::filesystem::path& xsd_dir, const crypto::Keyring& keyring, audit::AuditLog& audit_log,
                      const Clock& clock, jobs::JobQueue& queue, const std::optional<mail::SmtpOptions>& smtp,
                      CitizenNotices::SmsLookup sms_gateways, log::Logger* logger);
  ~CitizenNoticeWorker();
  CitizenNoticeWorker(const CitizenNoticeWorker&) = delete;
  CitizenNoticeWorker& operator=(const CitizenNoticeWorker&) = delete;

  /// Starts the worker; `public_url` is the links' base.
  void start(const std::string& public_url);
  void stop();
  void wake();

 private:
  storage::Database& db_;
  const config::Cooperation& cooperation_;
  const crypto::Keyring& keyring_;
  audit::AuditLog& audit_log_;
  const Clock& clock_;
  jobs::JobQueue& queue_;
  CitizenNotices::SmsLookup sms_gateways_;
  log::Logger* logger_;
  Catalogue catalogue_;
  std::unique_ptr<mail::SmtpMailer> mailer_;
  std::unique_ptr<CitizenNotices> notices_;
  std::unique_ptr<jobs::Worker> worker_;
};

}  // namespace samverkan::eservices
