#include "samverkan/eservices/citizen_notices.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <soci/soci.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <utility>

#include "samverkan/core/error.hpp"
#include "samverkan/crypto/field_cipher.hpp"
#include "samverkan/eservices/submissions.hpp"
#include "samverkan/storage/row.hpp"
#include "samverkan/storage/sql_guard.hpp"
#include "samverkan/storage/time.hpp"

namespace samverkan::eservices {
namespace {

using storage::sql_guard;

constexpr const char* kPreferenceTable = "eservice_notice_preference";

std::string_view event_name(NoticeEvent event) noexcept {
  return event == NoticeEvent::kMessage ? "message" : "status";
}

// The citizen's blind index: the key of their preferences and errands.
std::string citizen_index(tenancy::Context& ctx, const crypto::Keyring& keyring) {
  const auto& principal = ctx.principal();
  if (principal.kind() != security::PrincipalKind::kCitizen || !principal.personnummer()) {
    throw NotFound("notice preferences belong to a logged-in citizen");
  }
  return keyring.blind_index("eservice.citizen", principal.personnummer()->digits());
}

std::string associated(std::string_view column, tenancy::Context& ctx, const std::string& citizen) {
  return crypto::associated_data(kPreferenceTable, column, {ctx.municipality().str(), citizen});
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The preference stored for `citizen` here, decrypted, if any.
std::optional<NoticePreference> stored_preference(tenancy::Context& ctx, const crypto::Keyring& keyring,
                                                  const std::string& citizen) {
  return sql_guard("reading notice preferences", [&] {
    std::optional<NoticePreference> found;
    for (const auto& row : ctx.sql().rows(
             "SELECT by_email, by_sms, email, mobile, language FROM eservice_notice_preference WHERE {{tenant}} "
             "AND citizen = :citizen",
             soci::use(citizen, "citizen"))) {
      NoticePreference preference;
      preference.by_email = storage::row_int<int>(row, 0) == 1;
      preference.by_sms = storage::row_int<int>(row, 1) == 1;
      if (const auto email = storage::row_optional_text(row, 2)) {
        preference.email = crypto::decrypt(keyring, *email, associated("email", ctx, citizen));
      }
      if (const auto mobile = storage::row_optional_text(row, 3)) {
        preference.mobile = crypto::decrypt(keyring, *mobile, associated("mobile", ctx, citizen));
      }
      preference.language = storage::row_text(row, 4) == "en" ? Language::kEnglish : Language::kSwedish;
      found = std::move(preference);
    }
    return found;
  });
}

const char* problem_text(PreferenceProblem problem) {
  switch (problem) {
    case PreferenceProblem::kEmailMissing:
      return "e-mail chosen without an address";
    case PreferenceProblem::kEmailInvalid:
      return "not an e-mail address";
    case PreferenceProblem::kMobileMissing:
      return "SMS chosen without a mobile number";
    case PreferenceProblem::kMobileInvalid:
      return "not a phone number";
    case PreferenceProblem::kMobileNotMobile:
      return "not a mobile number";
    case PreferenceProblem::kSmsUnavailable:
      return "SMS is not offered here";
  }
  return "refused";
}

}  // namespace

void enqueue_citizen_notice(tenancy::Context& ctx, const std::string& reference, NoticeEvent event,
                            const std::string& event_id) {
  const bool has_citizen = sql_guard("reading an errand's citizen", [&] {
    std::string citizen;
    soci::indicator indicator = soci::i_null;
    ctx.sql().exec("SELECT citizen FROM eservice_errand WHERE {{tenant}} AND reference = :r", soci::use(reference, "r"),
                   soci::into(citizen, indicator));
    return indicator == soci::i_ok && !citizen.empty();
  });
  if (!has_citizen) return;  // sent in without login: nobody to read it on Mina sidor
  Poco::JSON::Object payload;
  payload.set("reference", reference);
  payload.set("event", std::string(event_name(event)));
  std::ostringstream out;
  payload.stringify(out);
  jobs::JobQueue queue(ctx.database(), ctx.clock());
  queue.enqueue(ctx, {.queue = std::string(kCitizenNoticeQueue),
                      .idempotency_key = std::string(event_name(event)) + "-" + event_id,
                      .payload = out.str(),
                      .max_attempts = 20});
}

std::vector<PreferenceError> check_preference(NoticePreference& preference, bool sms_offered) {
  std::vector<PreferenceError> errors;
  preference.email = trim(preference.email);
  if (preference.email.empty()) {
    if (preference.by_email) errors.push_back({"email", PreferenceProblem::kEmailMissing});
  } else if (!mail::is_plain_address(preference.email) ||
             preference.email.find('.', preference.email.find('@')) == std::string::npos) {
    errors.push_back({"email", PreferenceProblem::kEmailInvalid});
  }
  if (preference.by_sms && !sms_offered) {
    errors.push_back({"mobile", PreferenceProblem::kSmsUnavailable});
  } else if (trim(preference.mobile).empty()) {
    preference.mobile.clear();
    if (preference.by_sms) errors.push_back({"mobile", PreferenceProblem::kMobileMissing});
  } else {
    const auto number = adapters::normalise_mobile_number(preference.mobile);
    if (number.e164) {
      preference.mobile = *number.e164;
    } else {
      errors.push_back({"mobile", number.problem == adapters::MobileNumberProblem::kNotMobile
                                      ? PreferenceProblem::kMobileNotMobile
                                      : PreferenceProblem::kMobileInvalid});
    }
  }
  return errors;
}

NoticePreferences::NoticePreferences(const crypto::Keyring& keyring) : keyring_(keyring) {}

std::optional<NoticePreference> NoticePreferences::read(tenancy::Context& ctx) const {
  const std::string citizen = citizen_index(ctx, keyring_);
  auto preference = stored_preference(ctx, keyring_, citizen);
  ctx.audit({"citizen.notice-preference.read", "notice-preference", "own", preference ? "saved" : "none"});
  return preference;
}

void NoticePreferences::save(tenancy::Context& ctx, NoticePreference preference, bool sms_offered) const {
  const std::string citizen = citizen_index(ctx, keyring_);
  const auto errors = check_preference(preference, sms_offered);
  if (!errors.empty()) {
    std::string reasons;
    for (const auto& error : errors)
      reasons += (reasons.empty() ? "" : "; ") + error.field + ": " + problem_text(error.problem);
    throw InvalidInput("notice preferences refused: " + reasons);
  }
  // An address or number not given is NULL.
  const auto token = [&](const std::string& value, const char* column, soci::indicator& indicator) {
    indicator = value.empty() ? soci::i_null : soci::i_ok;
    return value.empty() ? std::string() : crypto::encrypt(keyring_, value, associated(column, ctx, citizen));
  };
  soci::indicator email_indicator = soci::i_null;
  soci::indicator mobile_indicator = soci::i_null;
  const std::string email = token(preference.email, "email", email_indicator);
  const std::string mobile = token(preference.mobile, "mobile", mobile_indicator);
  const int by_email = preference.by_email ? 1 : 0;
  const int by_sms = preference.by_sms ? 1 : 0;
  const std::string language(to_string(preference.language));
  const std::string at = storage::format_time(ctx.now());
  sql_guard("saving notice preferences", [&] {
    ctx.sql().exec(
        "INSERT INTO eservice_notice_preference (municipality, citizen, by_email, by_sms, email, mobile, language, "
        "updated_at) VALUES (:tenant, :citizen, :by_email, :by_sms, :email, :mobile, :language, :at) "
        "ON CONFLICT (municipality, citizen) DO UPDATE SET by_email = excluded.by_email, by_sms = excluded.by_sms, "
        "email = excluded.email, mobile = excluded.mobile, language = excluded.language, "
        "updated_at = excluded.updated_at",
        soci::use(citizen, "citizen"), soci::use(by_email, "by_email"), soci::use(by_sms, "by_sms"),
        soci::use(email, email_indicator, "email"), soci::use(mobile, mobile_indicator, "mobile"),
        soci::use(language, "language"), soci::use(at, "at"));
  });
  std::string channels = preference.by_email ? "email" : "";
  if (preference.by_sms) channels += channels.empty() ? "sms" : "+sms";
  ctx.audit({"citizen.notice-preference.save", "notice-preference", "own", channels.empty() ? "none" : channels});
}

NoticeText notice_text(NoticeEvent event, const std::string& member, const std::string& link, Language language) {
  NoticeText text;
  if (language == Language::kEnglish) {
    const std::string what = event == NoticeEvent::kMessage ? "You have a new message in your errand with " + member
                                                            : "Your errand with " + member + " has a new status";
    text.subject = event == NoticeEvent::kMessage ? "New message from " + member : "News in your errand with " + member;
    text.sms = what + ". Log in to My pages to read it: " + link;
    text.body = "Hello,\n\n" + what + ".\nLog in to My pages to read it:\n\n" + link +
                "\n\nThis is an automatic notice; please do not reply to it. You choose how you are notified on "
                "My pages.\n";
  } else {
    const std::string what = event == NoticeEvent::kMessage
                                 ? "Du har fått ett nytt meddelande i ditt ärende hos " + member
                                 : "Ditt ärende hos " + member + " har ändrat status";
    text.subject =
        event == NoticeEvent::kMessage ? "Nytt meddelande från " + member : "Nytt i ditt ärende hos " + member;
    text.sms = what + ". Logga in på Mina sidor för att läsa: " + link;
    text.body = "Hej,\n\n" + what + ".\nLogga in på Mina sidor för att läsa:\n\n" + link +
                "\n\nDet här är ett automatiskt meddelande som inte går att svara på. Hur du vill få besked väljer "
                "du på Mina sidor.\n";
  }
  return text;
}

CitizenNotices::CitizenNotices(storage::Database& db, const config::Cooperation& cooperation, Catalogue& catalogue,
                               const crypto::Keyring& keyring, audit::AuditLog& audit_log, const Clock& clock,
                               const mail::SmtpMailer* mailer, SmsLookup sms_gateways, std::string public_url)
    : db_(db),
      cooperation_(cooperation),
      catalogue_(catalogue),
      keyring_(keyring),
      audit_log_(audit_log),
      clock_(clock),
      mailer_(mailer),
      sms_gateways_(std::move(sms_gateways)),
      public_url_(std::move(public_url)) {
  while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

security::Principal CitizenNotices::principal(const ids::Kommunkod& municipality) {
  return security::Principal::api_client("eservices.notices", municipality, {"errands:read"});
}

void CitizenNotices::send(const jobs::Job& job) {
  const ids::Kommunkod& municipality = job.municipality;
  std::string reference;
  NoticeEvent event = NoticeEvent::kMessage;
  try {
    Poco::JSON::Parser parser;
    const auto object = parser.parse(job.payload).extract<Poco::JSON::Object::Ptr>();
    reference = object->getValue<std::string>("reference");
    event = object->getValue<std::string>("event") == "status" ? NoticeEvent::kStatus : NoticeEvent::kMessage;
  } catch (const Poco::Exception& e) {
    throw InvalidInput("a citizen notice job with a bad payload: " + e.displayText());
  }
  const std::string& notice = job.idempotency_key;
  const config::Municipality* member = cooperation_.find(municipality);
  if (member == nullptr) throw NotFound("no member " + municipality.str());
  adapters::SmsGateway* gateway = sms_gateways_ ? sms_gateways_(municipality) : nullptr;

  std::optional<std::string> email;
  std::optional<std::string> mobile;
  Language language = Language::kSwedish;
  {
    tenancy::Context ctx(db_, principal(municipality), municipality, clock_, &audit_log_);
    ctx.require(security::Permission::kErrandRead, {"errand.notice", "errand", reference});
    const auto citizen = sql_guard("reading an errand's citizen", [&] {
      std::optional<std::string> found;
      for (const auto& row : ctx.sql().rows("SELECT citizen FROM eservice_errand WHERE {{tenant}} AND reference = :r",
                                            soci::use(reference, "r"))) {
        found = storage::row_optional_text(row, 0);
      }
      return found;
    });
    const auto sent = sql_guard("reading the notices sent", [&] {
      std::vector<std::string> channels;
      for (const auto& row :
           ctx.sql().rows("SELECT channel FROM eservice_citizen_notice WHERE {{tenant}} AND notice = :n",
                          soci::use(notice, "n"))) {
        channels.push_back(storage::row_text(row, 0));
      }
      return channels;
    });
    const auto was_sent = [&](const char* channel) {
      return std::find(sent.begin(), sent.end(), channel) != sent.end();
    };
    if (!citizen) {
      ctx.commit();
      return;
    }
    if (const auto preference = stored_preference(ctx, keyring_, *citizen)) {
      if (preference->by_email && !preference->email.empty()) email = preference->email;
      if (preference->by_sms && !preference->mobile.empty() && gateway != nullptr) mobile = preference->mobile;
      language = preference->language;
    } else {
      // No choice saved: the address the receipt went to, if the e-service asked for one.
      Submissions submissions(catalogue_, keyring_);
      const Errand errand = submissions.errand(ctx, reference);
      const Definition definition = catalogue_.definition(ctx, errand.summary.service_id, errand.summary.version);
      const auto& actions = definition.on_submit();
      const auto answer = errand.answers.values.find(actions.receipt_email_field);
      if (actions.send_receipt && answer != errand.answers.values.end() && !answer->second.empty() &&
          !answer->second.front().empty()) {
        email = answer->second.front();
      }
    }
    if (was_sent("email")) email.reset();
    if (was_sent("sms")) mobile.reset();
    ctx.commit();  // the audit entries of the reads
  }
  if (!email && !mobile) return;

  const std::string link =
      public_url_ + "/e/" + municipality.str() + "/mina-sidor" + (language == Language::kEnglish ? "?lang=en" : "");
  const NoticeText text = notice_text(event, member->name, link, language);
  const auto record = [&](const char* channel, const std::string& receipt) {
    tenancy::Context ctx(db_, principal(municipality), municipality, clock_, &audit_log_);
    sql_guard("recording a citizen notice", [&] {
      const std::string at = storage::format_time(ctx.now());
      const std::string channel_text(channel);
      ctx.sql().exec(
          "INSERT INTO eservice_citizen_notice (municipality, notice, channel, reference, receipt, sent_at) VALUES "
          "(:tenant, :n, :c, :r, :receipt, :at) ON CONFLICT (municipality, notice, channel) DO NOTHING",
          soci::use(notice, "n"), soci::use(channel_text, "c"), soci::use(reference, "r"),
          soci::use(receipt, "receipt"), soci::use(at, "at"));
    });
    ctx.audit({"errand.notice", "errand", reference, std::string(channel) + " " + notice});
    ctx.commit();
  };

  // Each channel on its own: one that is down does not hold back the other. A transient
  // failure retries the job (the channel sent is not sent again); only permanent ones fail it.
  std::optional<std::string> transient;
  std::optional<std::string> permanent;
  const auto attempt = [&](const char* channel, const auto& deliver) {
    try {
      record(channel, deliver());
    } catch (const Unavailable& e) {
      transient = std::string(channel) + ": " + e.what();
    } catch (const Error& e) {
      if (!jobs::is_permanent(e)) throw;
      permanent = std::string(channel) + ": " + e.what();
    }
  };
  if (email) {
    attempt("email", [&] {
      if (mailer_ == nullptr) throw Unavailable("no SMTP relay is configured; the notice waits");
      mail::PlainMail mail{*email, text.subject, text.body, "<" + notice + "." + municipality.str() + "@samverkan>"};
      mailer_->send(mail);
      return mail.message_id;
    });
  }
  if (mobile) {
    attempt("sms", [&] {
      const adapters::SmsMessage message{
          adapters::IdempotencyKey::parse("notice-" + municipality.str() + "-" + notice), *mobile, {}, text.sms};
      return gateway->send(message).id;
    });
  }
  if (transient) throw Unavailable(*transient);
  if (permanent) throw InvalidInput(*permanent);
}

CitizenNoticeWorker::CitizenNoticeWorker(storage::Database& db, const config::Cooperation& cooperation,
                                         const std::filesystem::path& xsd_dir, const crypto::Keyring& keyring,
                                         audit::AuditLog& audit_log, const Clock& clock, jobs::JobQueue& queue,
                                         const std::optional<mail::SmtpOptions>& smtp,
                                         CitizenNotices::SmsLookup sms_gateways, log::Logger* logger)
    : db_(db),
      cooperation_(cooperation),
      keyring_(keyring),
      audit_log_(audit_log),
      clock_(clock),
      queue_(queue),
      sms_gateways_(std::move(sms_gateways)),
      logger_(logger),
      catalogue_(cooperation, xsd_dir),
      mailer_(smtp ? std::make_unique<mail::SmtpMailer>(*smtp) : nullptr) {}

CitizenNoticeWorker::~CitizenNoticeWorker() { stop(); }

void CitizenNoticeWorker::start(const std::string& public_url) {
  notices_ = std::make_unique<CitizenNotices>(db_, cooperation_, catalogue_, keyring_, audit_log_, clock_,
                                              mailer_.get(), sms_gateways_, public_url);
  worker_ = std::make_unique<jobs::Worker>(
      queue_, std::string(kCitizenNoticeQueue), [this](const jobs::Job& job) { notices_->send(job); },
      jobs::WorkerOptions{.idle_wait = std::chrono::milliseconds(1000)}, logger_);
  worker_->start();
}

void CitizenNoticeWorker::stop() {
  if (worker_) worker_->stop();
}

void CitizenNoticeWorker::wake() {
  if (worker_) worker_->wake();
}

}  // namespace samverkan::eservices
