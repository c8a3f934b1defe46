#pragma once
// Notices to citizens (eservices/citizen_notices.hpp), checked the same way on SQLite
// (citizen_notices_test) and PostgreSQL (citizen_notices_pgtest): the citizen's choice on Mina
// sidor, the durable job enqueued with a handler's message or status change, and the e-mail and
// SMS as a local SMTP sink and the local SMS gateway simulator (sms-rest over HTTPS) receive them.
#include <Poco/Net/MailMessage.h>

#include <sstream>

#include "adapters/sms_simulator.hpp"
#include "samverkan/adapters/sms_rest/rest_sms_gateway.hpp"
#include "samverkan/eservices/citizen_notices.hpp"
#include "samverkan/eservices/errand_work.hpp"
#include "samverkan/jobs/worker.hpp"
#include "services/eservices/smtp_sink.hpp"
#include "services/eservices/submissions_checks.hpp"

namespace samverkan::test {

struct NoticeWorld : SubmissionWorld {
  explicit NoticeWorld(storage::Database& database) : SubmissionWorld(database) {}

  SmtpSink sink;
  mail::SmtpMailer mailer{mail::SmtpOptions{.host = "127.0.0.1", .port = sink.port(), .from = "noreply@exempel.se"}};
  SmsSimulator sms;
  adapters::sms_rest::RestSmsGateway gateway{sms.settings(), "Exempelby", "the SMS gateway (sms-rest)"};
  eservices::CitizenNotices notices{db,
                                    cooperation,
                                    catalogue,
                                    keyring,
                                    audit_log,
                                    clock,
                                    &mailer,
                                    [this](const ids::Kommunkod& m) -> adapters::SmsGateway* {
                                      // Only Eksjö binds an SMS gateway in the example cooperation.
                                      return m == eksjo ? &gateway : nullptr;
                                    },
                                    "https://e.example.se/"};
  jobs::JobQueue queue{db, clock, jobs::QueueOptions{.jitter = [] { return 0.5; }}};
  jobs::Worker worker{queue, std::string(eservices::kCitizenNoticeQueue),
                      [this](const jobs::Job& job) { notices.send(job); }};
  eservices::ErrandWork work{submissions, keyring};
  eservices::NoticePreferences preferences{keyring};

  // Anna's fault report in Eksjö, sent in logged in, with a receipt address.
  std::string anna_reports() {
    const auto outcome = submit(anna, eksjo, "felanmalan-gata-park", 1, fault_report());
    BOOST_REQUIRE(outcome.receipt.has_value());
    return outcome.receipt->reference;
  }
  void choose(const security::Principal& citizen, const ids::Kommunkod& where, eservices::NoticePreference choice) {
    as(citizen, where, [&](auto& ctx) { preferences.save(ctx, choice, where == eksjo); });
  }
  eservices::ErrandMessage write(const std::string& reference, const std::string& text) {
    return as(eksjo_handler, eksjo, [&](auto& ctx) { return work.post_message(ctx, reference, text); });
  }
  long long count(const std::string& sql) {
    auto session = db.acquire();
    long long n = 0;
    *session << sql, soci::into(n);
    return n;
  }
  jobs::Job job(const std::string& key) {
    auto session = db.acquire();
    long long id = 0;
    std::string payload;
    *session << "SELECT id, payload FROM job WHERE queue = 'eservices.citizen-notice' AND idempotency_key = :k",
        soci::use(key), soci::into(id), soci::into(payload);
    return jobs::Job{id, eksjo, std::string(eservices::kCitizenNoticeQueue), key, payload, 1, 20, "test"};
  }
};

inline eservices::NoticePreference both(const std::string& email = "anna@example.se",
                                        const std::string& mobile = "070-123 45 67") {
  return eservices::NoticePreference{true, true, email, mobile, eservices::Language::kSwedish};
}

inline std::string mail_text(const SmtpSink::Mail& mail) {
  std::istringstream in(mail.data);
  Poco::Net::MailMessage message;
  message.read(in);
  return message.getSubject() + "\n" + message.getContent();
}

// What a notice must never hold: the citizen's name, personnummer, address, the reference, the
// service, what was written.
inline void check_no_personal_data(const std::string& text, const std::string& reference) {
  const std::vector<std::string> secrets{"Anna",      "Andersson",    "191212121212", "1212",
                                         "Storgatan", reference,      "Felanmälan",   "gata och park",
                                         "lamp",      "Skicka gärna", "bild"};
  for (const auto& secret : secrets) {
    BOOST_TEST(text.find(secret) == std::string::npos, "the notice holds '" << secret << "': " << text);
  }
}

inline void check_a_message_is_noticed_by_email_and_sms_once(storage::Database& db) {
  NoticeWorld world(db);
  const std::string reference = world.anna_reports();
  world.choose(world.anna, world.eksjo, both());
  const auto message = world.write(reference, "Skicka gärna en bild på skadan.");

  // One job for the message, enqueued with it; a second enqueue of the same event adds none.
  BOOST_TEST(world.count("SELECT COUNT(*) FROM job WHERE queue = 'eservices.citizen-notice'") == 1);
  world.as(world.eksjo_handler, world.eksjo, [&](auto& ctx) {
    eservices::enqueue_citizen_notice(ctx, reference, eservices::NoticeEvent::kMessage, message.id);
  });
  BOOST_TEST(world.count("SELECT COUNT(*) FROM job WHERE queue = 'eservices.citizen-notice'") == 1);
  const std::string payload = world.job("message-" + message.id).payload;
  BOOST_TEST(payload == R"({"event":"message","reference":")" + reference + R"("})", "references only");

  BOOST_TEST(world.worker.run_once() == 1U);
  const auto mails = world.sink.mails();
  BOOST_REQUIRE_EQUAL(mails.size(), 1U);
  BOOST_TEST(mails[0].to == std::vector<std::string>{"<anna@example.se>"});
  const std::string text = mail_text(mails[0]);
  BOOST_TEST(text.find("Du har fått ett nytt meddelande i ditt ärende hos Eksjö kommun") != std::string::npos, text);
  BOOST_TEST(text.find("https://e.example.se/e/0686/mina-sidor") != std::string::npos, text);
  check_no_personal_data(text, reference);
  const auto sms = world.sms.messages();
  BOOST_REQUIRE_EQUAL(sms.size(), 1U);
  BOOST_TEST(sms[0].to == "+46701234567");
  BOOST_TEST(sms[0].from == "Exempelby");
  BOOST_TEST(sms[0].text ==
             "Du har fått ett nytt meddelande i ditt ärende hos Eksjö kommun. Logga in på Mina sidor för att läsa: "
             "https://e.example.se/e/0686/mina-sidor");
  check_no_personal_data(sms[0].text, reference);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM eservice_citizen_notice") == 2);
  BOOST_TEST(world.audit_count("errand.notice", "success") == 2);

  // At-least-once: the job runs again (a worker died before complete()); nothing is sent twice.
  world.notices.send(world.job("message-" + message.id));
  world.notices.send(world.job("message-" + message.id));
  BOOST_TEST(world.sink.mails().size() == 1U);
  BOOST_TEST(world.sms.messages().size() == 1U);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM job WHERE queue = 'eservices.citizen-notice' AND state = 'done'") == 1);

  // A second message is a second event: one more notice each way. Notes are never noticed.
  world.as(world.eksjo_handler, world.eksjo, [&](auto& ctx) { world.work.add_note(ctx, reference, "Intern"); });
  world.write(reference, "Tack, vi lagar lampan.");
  BOOST_TEST(world.worker.run_once() == 1U);
  BOOST_TEST(world.sink.mails().size() == 2U);
  BOOST_TEST(world.sms.messages().size() == 2U);
  // The citizen's own reply notices nobody.
  world.as(world.anna, world.eksjo, [&](auto& ctx) { world.work.reply(ctx, reference, "Bra!"); });
  BOOST_TEST(world.worker.run_once() == 0U);
}

inline void check_a_status_change_is_noticed_and_without_a_choice_the_receipt_address_is_used(storage::Database& db) {
  NoticeWorld world(db);
  // Bertil chose nothing on Mina sidor: the notice goes to the address his receipt went to.
  const auto outcome =
      world.submit(world.bertil, world.eksjo, "felanmalan-gata-park", 1, SubmissionWorld::fault_report());
  BOOST_REQUIRE(outcome.receipt.has_value());
  const std::string reference = outcome.receipt->reference;
  world.as(world.eksjo_handler, world.eksjo,
           [&](auto& ctx) { world.submissions.change_status(ctx, reference, eservices::ErrandStatus::kInProgress); });
  BOOST_TEST(world.worker.run_once() == 1U);
  const auto mails = world.sink.mails();
  BOOST_REQUIRE_EQUAL(mails.size(), 1U);
  BOOST_TEST(mails[0].to == std::vector<std::string>{"<anna.andersson@example.se>"});
  const std::string text = mail_text(mails[0]);
  BOOST_TEST(text.find("Ditt ärende hos Eksjö kommun har ändrat status") != std::string::npos, text);
  BOOST_TEST(text.find("Pågår") == std::string::npos, "not even the new status");
  BOOST_TEST(world.sms.messages().empty(), "no number without a choice");

  // Each status change is its own event.
  world.as(world.eksjo_handler, world.eksjo, [&](auto& ctx) {
    world.submissions.change_status(ctx, reference, eservices::ErrandStatus::kWaitingForCitizen);
    world.submissions.change_status(ctx, reference, eservices::ErrandStatus::kInProgress);
  });
  BOOST_TEST(world.worker.run_once() == 2U);
  BOOST_TEST(world.sink.mails().size() == 3U);

  // A change rolled back leaves no job.
  {
    tenancy::Context ctx(world.db, world.eksjo_handler, world.eksjo, world.clock, &world.audit_log);
    world.submissions.change_status(ctx, reference, eservices::ErrandStatus::kDecided);
  }
  BOOST_TEST(world.count("SELECT COUNT(*) FROM job WHERE queue = 'eservices.citizen-notice'") == 3);

  // An errand sent in without login: nobody to notice, no job.
  const auto anonymous = world.submit(security::Principal::anonymous(), world.eksjo, "felanmalan-gata-park", 1,
                                      SubmissionWorld::fault_report());
  world.as(world.eksjo_handler, world.eksjo, [&](auto& ctx) {
    world.submissions.change_status(ctx, anonymous.receipt->reference, eservices::ErrandStatus::kInProgress);
  });
  BOOST_TEST(world.count("SELECT COUNT(*) FROM job WHERE queue = 'eservices.citizen-notice'") == 3);

  // A citizen who chose neither gets nothing, not even at the receipt address; English when
  // the choice was made on the English page.
  eservices::NoticePreference none;
  world.choose(world.bertil, world.eksjo, none);
  world.as(world.eksjo_handler, world.eksjo,
           [&](auto& ctx) { world.submissions.change_status(ctx, reference, eservices::ErrandStatus::kDecided); });
  BOOST_TEST(world.worker.run_once() == 1U);
  BOOST_TEST(world.sink.mails().size() == 3U);
  auto english = both("bertil@example.se", "+46 73 000 00 01");
  english.by_sms = false;
  english.language = eservices::Language::kEnglish;
  world.choose(world.bertil, world.eksjo, english);
  world.write(reference, "Beslut fattat.");
  BOOST_TEST(world.worker.run_once() == 1U);
  BOOST_REQUIRE_EQUAL(world.sink.mails().size(), 4U);
  const std::string english_text = mail_text(world.sink.mails()[3]);
  BOOST_TEST(english_text.find("You have a new message in your errand with Eksjö kommun") != std::string::npos,
             english_text);
  BOOST_TEST(english_text.find("https://e.example.se/e/0686/mina-sidor?lang=en") != std::string::npos);
  BOOST_TEST(world.sms.messages().empty(), "SMS not chosen");
}

inline void check_choices_are_validated_encrypted_and_audited(storage::Database& db) {
  NoticeWorld world(db);
  using Problem = eservices::PreferenceProblem;
  const auto problems = [](eservices::NoticePreference choice, bool sms_offered) {
    std::vector<std::pair<std::string, Problem>> out;
    for (const auto& error : eservices::check_preference(choice, sms_offered))
      out.emplace_back(error.field, error.problem);
    return out;
  };
  using List = std::vector<std::pair<std::string, Problem>>;
  BOOST_TEST(
      (problems(both("", ""), true) == List{{"email", Problem::kEmailMissing}, {"mobile", Problem::kMobileMissing}}));
  BOOST_TEST((problems(both("anna", "070-12"), true) ==
              List{{"email", Problem::kEmailInvalid}, {"mobile", Problem::kMobileInvalid}}));
  BOOST_TEST((problems(both("anna@example", "08-123 456 78"), true) ==
              List{{"email", Problem::kEmailInvalid}, {"mobile", Problem::kMobileNotMobile}}));
  BOOST_TEST((problems(both(), false) == List{{"mobile", Problem::kSmsUnavailable}}));
  auto unticked = both("not an address", "");
  unticked.by_email = false;
  unticked.by_sms = false;
  BOOST_TEST((problems(unticked, true) == List{{"email", Problem::kEmailInvalid}}), "what is given is checked");
  auto good = both(" anna@example.se ", "070-123 45 67");
  BOOST_TEST(eservices::check_preference(good, true).empty());
  BOOST_TEST(good.email == "anna@example.se");
  BOOST_TEST(good.mobile == "+46701234567");

  // Refused by the service too, and nothing stored; SMS where the member binds no gateway.
  BOOST_CHECK_THROW(world.choose(world.anna, world.eksjo, both("anna", "")), InvalidInput);
  BOOST_CHECK_THROW(world.choose(world.anna, world.vetlanda, both()), InvalidInput);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM eservice_notice_preference") == 0);

  world.choose(world.anna, world.eksjo, both());
  // Stored encrypted: neither the address nor the number is in the table in clear.
  const std::string email = world.raw("SELECT email FROM eservice_notice_preference");
  const std::string mobile = world.raw("SELECT mobile FROM eservice_notice_preference");
  BOOST_TEST(email.rfind("v1.", 0) == 0U);
  BOOST_TEST(email.find("anna") == std::string::npos);
  BOOST_TEST(mobile.find("701234567") == std::string::npos);
  BOOST_TEST(world.raw("SELECT citizen FROM eservice_notice_preference").find("191212121212") == std::string::npos);
  const auto read = world.as(world.anna, world.eksjo, [&](auto& ctx) { return world.preferences.read(ctx); });
  BOOST_REQUIRE(read.has_value());
  BOOST_TEST(read->email == "anna@example.se");
  BOOST_TEST(read->mobile == "+46701234567");
  BOOST_TEST((read->by_email && read->by_sms));
  // Per municipality and per citizen.
  BOOST_TEST(!world.as(world.anna, world.vetlanda, [&](auto& ctx) { return world.preferences.read(ctx); }));
  BOOST_TEST(!world.as(world.bertil, world.eksjo, [&](auto& ctx) { return world.preferences.read(ctx); }));
  // A change replaces the choice.
  auto email_only = both("anna@example.org", "");
  email_only.by_sms = false;
  world.choose(world.anna, world.eksjo, email_only);
  const auto changed = world.as(world.anna, world.eksjo, [&](auto& ctx) { return world.preferences.read(ctx); });
  BOOST_TEST(changed->email == "anna@example.org");
  BOOST_TEST(changed->mobile.empty());
  BOOST_TEST(world.count("SELECT COUNT(*) FROM eservice_notice_preference WHERE mobile IS NULL") == 1);
  // Audited, without the address or number.
  BOOST_TEST(world.audit_count("citizen.notice-preference.save", "success") == 2);
  BOOST_TEST(world.audit_count("citizen.notice-preference.read", "success") == 4);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM audit_entry WHERE detail LIKE '%anna@%' OR detail LIKE '%701234567%'") ==
             0);
  // Only the citizen's own.
  BOOST_CHECK_THROW(world.as(world.eksjo_handler, world.eksjo, [&](auto& ctx) { return world.preferences.read(ctx); }),
                    NotFound);
}

inline void check_a_gateway_that_is_down_is_retried_and_a_refused_number_fails(storage::Database& db) {
  NoticeWorld world(db);
  const std::string reference = world.anna_reports();
  world.choose(world.anna, world.eksjo, both());
  world.sms.set_down(true);
  const auto first = world.write(reference, "Första");
  BOOST_TEST(world.worker.run_once() == 1U);
  BOOST_TEST(world.sink.mails().size() == 1U, "the e-mail does not wait for the SMS");
  BOOST_TEST(world.sms.messages().empty());
  const auto id = world.job("message-" + first.id).id;
  auto status = world.queue.status(world.eksjo, id);
  BOOST_REQUIRE(status.has_value());
  BOOST_TEST((status->state == jobs::JobState::kQueued), "retried");
  BOOST_TEST(status->last_error.find("sms:") != std::string::npos, status->last_error);
  BOOST_TEST(world.worker.run_once() == 0U, "not before its backoff");

  world.sms.set_down(false);
  world.clock.advance(std::chrono::minutes(1));
  BOOST_TEST(world.worker.run_once() == 1U);
  BOOST_TEST(world.sms.messages().size() == 1U);
  BOOST_TEST(world.sink.mails().size() == 1U, "the e-mail is not sent again");
  BOOST_TEST((world.queue.status(world.eksjo, id)->state == jobs::JobState::kDone));

  // A relay that is down: the SMS goes, the mail waits.
  world.sink.set_refusing(true);
  world.write(reference, "Andra");
  BOOST_TEST(world.worker.run_once() == 1U);
  BOOST_TEST(world.sms.messages().size() == 2U);
  BOOST_TEST(world.sink.mails().size() == 1U);
  world.sink.set_refusing(false);
  world.clock.advance(std::chrono::minutes(1));
  BOOST_TEST(world.worker.run_once() == 1U);
  BOOST_TEST(world.sink.mails().size() == 2U);
  BOOST_TEST(world.sms.messages().size() == 2U);

  // A number the gateway refuses fails the job for good (the mail is still sent).
  world.sms.refuse_number("+46701234567");
  const auto third = world.write(reference, "Tredje");
  BOOST_TEST(world.worker.run_once() == 1U);
  BOOST_TEST(world.sink.mails().size() == 3U);
  status = world.queue.status(world.eksjo, world.job("message-" + third.id).id);
  BOOST_TEST((status->state == jobs::JobState::kFailed));
  BOOST_TEST(status->last_error.find("the number cannot receive SMS") != std::string::npos, status->last_error);
}

}  // namespace samverkan::test
