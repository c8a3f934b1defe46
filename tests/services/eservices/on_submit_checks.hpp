#pragma once
// What happens after a submission (eservices/on_submit_jobs.hpp), checked the same way on
// SQLite (on_submit_test) and PostgreSQL (on_submit_pgtest): the diary case and the e-mail
// receipt as durable jobs, with the platform's own diary (casehandling::DiaryCaseSystem) and a
// local SMTP sink over a real socket.
#include <Poco/Net/MailMessage.h>

#include <atomic>
#include <sstream>

#include "samverkan/casehandling/board_directory.hpp"
#include "samverkan/casehandling/diary_case_system.hpp"
#include "samverkan/eservices/on_submit_jobs.hpp"
#include "samverkan/eservices/receipt_mail.hpp"
#include "samverkan/jobs/worker.hpp"
#include "services/eservices/smtp_sink.hpp"
#include "services/eservices/submissions_checks.hpp"

namespace samverkan::test {

// The municipality's diary, which can be taken down.
class SwitchableDiary final : public adapters::CaseSystem {
 public:
  explicit SwitchableDiary(adapters::CaseSystem& diary) : diary_(diary) {}
  adapters::CaseRegistration register_document(const adapters::IncomingDocument& document) override {
    ++calls;
    if (down) throw Unavailable("the diary is down for maintenance");
    return diary_.register_document(document);
  }
  std::atomic<bool> down{false};
  std::atomic<int> calls{0};

 private:
  adapters::CaseSystem& diary_;
};

struct OnSubmitWorld : SubmissionWorld {
  explicit OnSubmitWorld(storage::Database& database) : SubmissionWorld(database) {}

  SmtpSink sink;
  eservices::ReceiptMailer mailer{
      eservices::SmtpOptions{.host = "127.0.0.1", .port = sink.port(), .from = "noreply@hoglandet.se"}};
  casehandling::DiaryCaseSystem nassjo_diary{
      db, keyring, audit_log, casehandling::BoardDirectory::from_cooperation(cooperation), nassjo, clock};
  SwitchableDiary diary{nassjo_diary};
  eservices::OnSubmitJobs on_submit{db,
                                    cooperation,
                                    catalogue,
                                    keyring,
                                    audit_log,
                                    clock,
                                    [this](const ids::Kommunkod&) -> adapters::CaseSystem& { return diary; },
                                    &mailer};
  jobs::JobQueue queue{db, clock, jobs::QueueOptions{.jitter = [] { return 0.5; }}};
  jobs::Worker diary_worker{queue, std::string(eservices::kRegisterCaseQueue),
                            [this](const jobs::Job& job) { on_submit.register_case(job); }};
  jobs::Worker mail_worker{queue, std::string(eservices::kReceiptMailQueue),
                           [this](const jobs::Job& job) { on_submit.send_receipt(job); }};

  std::string submit_school_transport() {
    const auto outcome = submit(anna, nassjo, "skolskjuts", 1, school_transport());
    BOOST_REQUIRE(outcome.receipt.has_value());
    return outcome.receipt->reference;
  }
  eservices::Errand read_errand(const std::string& reference) {
    return as(nassjo_handler, nassjo, [&](auto& ctx) { return submissions.errand(ctx, reference); });
  }
  long long count(const std::string& sql) {
    auto session = db.acquire();
    long long n = 0;
    *session << sql, soci::into(n);
    return n;
  }
  std::int64_t job_id(std::string_view queue_name, const std::string& reference) {
    auto session = db.acquire();
    long long id = 0;
    const std::string q(queue_name);
    *session << "SELECT id FROM job WHERE queue = :q AND idempotency_key = :k", soci::use(q), soci::use(reference),
        soci::into(id);
    return id;
  }
  jobs::Job job_for(std::string_view queue_name, const std::string& reference) {
    return jobs::Job{job_id(queue_name, reference), nassjo, std::string(queue_name), reference, "{}", 1, 20, "test"};
  }
};

// The mail as the sink received it, parsed (and its body decoded) by Poco.
struct ParsedMail {
  std::string message_id;
  std::string content;  // decoded
};
inline ParsedMail parse_mail(const SmtpSink::Mail& mail) {
  std::istringstream in(mail.data);
  Poco::Net::MailMessage message;
  message.read(in);
  return ParsedMail{message.get("Message-ID"), message.getContent()};
}

inline void check_a_submission_ends_with_a_diary_case_and_one_mail(storage::Database& db) {
  OnSubmitWorld world(db);
  const std::string reference = world.submit_school_transport();
  // Both jobs were enqueued with the errand; nothing has happened yet.
  BOOST_TEST(world.count("SELECT COUNT(*) FROM job WHERE municipality = '0682'") == 2);
  BOOST_TEST(!world.read_errand(reference).summary.case_number.has_value());

  BOOST_TEST(world.diary_worker.run_once() == 1U);
  BOOST_TEST(world.mail_worker.run_once() == 1U);

  const auto errand = world.read_errand(reference);
  BOOST_REQUIRE(errand.summary.case_number.has_value());
  BOOST_TEST(*errand.summary.case_number == "BUN 2026/1");
  const auto history = world.as(world.nassjo_handler, world.nassjo,
                                [&](auto& ctx) { return world.submissions.history(ctx, reference); });
  BOOST_REQUIRE_EQUAL(history.size(), 2U);
  BOOST_TEST(history[1].note == "diary BUN 2026/1");
  BOOST_TEST(history[1].actor == "client:eservices.on-submit");
  // The diary holds the case with its type and unit, the errand's text and the attachment.
  BOOST_TEST(world.count("SELECT COUNT(*) FROM diary_case WHERE municipality = '0682' AND prefix = 'BUN' "
                         "AND case_type = 'Skolskjuts'") == 1);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM case_document WHERE municipality = '0682'") == 2);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM audit_entry WHERE action = 'errand.case-registered'") == 1);

  const auto mails = world.sink.mails();
  BOOST_REQUIRE_EQUAL(mails.size(), 1U);
  BOOST_REQUIRE_EQUAL(mails[0].to.size(), 1U);
  BOOST_TEST(mails[0].to[0] == "<anna@example.se>");
  BOOST_TEST(mails[0].from == "<noreply@hoglandet.se>");
  const auto message = parse_mail(mails[0]);
  BOOST_TEST(message.message_id == "<" + reference + ".0682@samverkan>");
  BOOST_TEST(message.content.find("Tack, vi har tagit emot ditt ärende") != std::string::npos);
  BOOST_TEST(message.content.find(reference) != std::string::npos);
  BOOST_TEST(message.content.find("Skolskjuts i Nässjö") != std::string::npos);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM eservice_receipt_mail") == 1);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM job WHERE state = 'done'") == 2);
}

inline void check_a_diary_that_is_down_is_retried_later(storage::Database& db) {
  OnSubmitWorld world(db);
  world.diary.down = true;
  const std::string reference = world.submit_school_transport();
  BOOST_TEST(world.diary_worker.run_once() == 1U);
  const auto id = world.job_id(eservices::kRegisterCaseQueue, reference);
  auto status = world.queue.status(world.nassjo, id);
  BOOST_REQUIRE(status.has_value());
  BOOST_TEST((status->state == jobs::JobState::kQueued));
  BOOST_TEST(status->attempts == 1);
  BOOST_TEST(status->last_error.find("down for maintenance") != std::string::npos);
  BOOST_TEST(!world.read_errand(reference).summary.case_number.has_value());
  BOOST_TEST(world.diary_worker.run_once() == 0U, "not due before its backoff");

  world.diary.down = false;
  world.clock.advance(std::chrono::minutes(1));
  BOOST_TEST(world.diary_worker.run_once() == 1U);
  BOOST_TEST(world.read_errand(reference).summary.case_number.value_or("") == "BUN 2026/1");
  status = world.queue.status(world.nassjo, id);
  BOOST_TEST((status->state == jobs::JobState::kDone));
  BOOST_TEST(status->attempts == 2);

  // A relay that is down: the receipt waits, nothing is recorded as sent.
  world.sink.set_refusing(true);
  BOOST_TEST(world.mail_worker.run_once() == 1U);
  BOOST_TEST(world.sink.mails().empty());
  BOOST_TEST(world.count("SELECT COUNT(*) FROM eservice_receipt_mail") == 0);
  const auto mail_status = world.queue.status(world.nassjo, world.job_id(eservices::kReceiptMailQueue, reference));
  BOOST_TEST((mail_status->state == jobs::JobState::kQueued));
  world.sink.set_refusing(false);
  world.clock.advance(std::chrono::minutes(1));
  BOOST_TEST(world.mail_worker.run_once() == 1U);
  BOOST_TEST(world.sink.mails().size() == 1U);
}

inline void check_replayed_jobs_do_nothing_twice(storage::Database& db) {
  OnSubmitWorld world(db);
  const std::string reference = world.submit_school_transport();
  BOOST_TEST(world.diary_worker.run_once() == 1U);
  BOOST_TEST(world.mail_worker.run_once() == 1U);
  // At-least-once delivery: the same jobs run again (a worker died before complete()).
  world.on_submit.register_case(world.job_for(eservices::kRegisterCaseQueue, reference));
  world.on_submit.send_receipt(world.job_for(eservices::kReceiptMailQueue, reference));
  world.on_submit.send_receipt(world.job_for(eservices::kReceiptMailQueue, reference));
  BOOST_TEST(world.sink.mails().size() == 1U, "one mail");
  BOOST_TEST(world.diary.calls.load() == 1, "the diary was not asked again");
  BOOST_TEST(world.count("SELECT COUNT(*) FROM diary_case") == 1);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM eservice_errand_event WHERE note IS NOT NULL") == 1);

  // A run that registered in the diary but died before recording the case: the next run gets
  // the same numbers from the diary (its idempotency key is the errand's reference).
  const std::string second = world.submit_school_transport();
  adapters::IncomingDocument probe{adapters::IdempotencyKey::parse("probe-1"), "BUN", "Provhandling", "Privatperson",
                                   std::chrono::year(2026) / 11 / 22};
  probe.case_type = "Skolskjuts";
  world.nassjo_diary.register_document(probe);  // takes BUN 2026/2
  BOOST_TEST(world.diary_worker.run_once() == 1U);
  const std::string case_number = world.read_errand(second).summary.case_number.value_or("");
  BOOST_TEST(case_number == "BUN 2026/3");
  {
    auto session = world.db.acquire();
    *session << "UPDATE eservice_errand SET case_number = NULL, registration_number = NULL WHERE reference = :r",
        soci::use(second);
  }
  world.on_submit.register_case(world.job_for(eservices::kRegisterCaseQueue, second));
  BOOST_TEST(world.read_errand(second).summary.case_number.value_or("") == "BUN 2026/3");
  BOOST_TEST(world.count("SELECT COUNT(*) FROM diary_case") == 3, "no second case for the errand");
}

inline void check_jobs_follow_the_definition_and_the_transaction(storage::Database& db) {
  OnSubmitWorld world(db);
  // The fault report sends a receipt but registers no case.
  const auto outcome =
      world.submit(world.anna, world.eksjo, "felanmalan-gata-park", 1, SubmissionWorld::fault_report());
  BOOST_REQUIRE(outcome.receipt.has_value());
  BOOST_TEST(world.count("SELECT COUNT(*) FROM job WHERE queue = 'eservices.register-case'") == 0);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM job WHERE queue = 'eservices.receipt-mail'") == 1);
  // Without the e-mail answer there is nothing to send, so no job.
  auto no_mail = SubmissionWorld::fault_report();
  no_mail.values.erase("reporter-email");
  no_mail.values.erase("wants-feedback");
  const auto quiet = world.submit(world.anna, world.eksjo, "felanmalan-gata-park", 1, no_mail);
  BOOST_REQUIRE_MESSAGE(quiet.receipt.has_value(), "the report without e-mail is accepted");
  BOOST_TEST(world.count("SELECT COUNT(*) FROM job WHERE queue = 'eservices.receipt-mail'") == 1);
  // A submission that is rolled back leaves no jobs.
  {
    tenancy::Context ctx(world.db, world.anna, world.nassjo, world.clock, &world.audit_log);
    BOOST_TEST(world.submissions.submit(ctx, "skolskjuts", 1, SubmissionWorld::school_transport()).receipt.has_value());
  }
  BOOST_TEST(world.count("SELECT COUNT(*) FROM job WHERE municipality = '0682'") == 0);
  BOOST_TEST(world.count("SELECT COUNT(*) FROM eservice_errand WHERE municipality = '0682'") == 0);
}

}  // namespace samverkan::test
