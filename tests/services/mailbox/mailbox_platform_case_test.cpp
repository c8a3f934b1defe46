// A sent decision is registered on its case: a letter with a case number ("KS 2026/142"), once
// delivered digitally or printed, gets a job of kCaseRegistrationQueue that registers it as an
// outgoing document on that case through the municipality's CaseSystem (a fake here, registered
// in the adapters Registry); a diary that is down only delays it, a refusal fails the job, a
// municipality without a diary is skipped, a letter without a case number has no such job.
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include "outbox_fixture.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;

namespace {

class FakeCaseSystem final : public adapters::CaseSystem {
 public:
  adapters::CaseRegistration register_document(const adapters::IncomingDocument& document) override {
    adapters::validate(document);
    std::lock_guard lock(mutex_);
    ++calls_;
    if (down) throw Unavailable("the diary is down");
    if (refuse) throw Conflict("the case is closed");
    for (std::size_t i = 0; i < documents_.size(); ++i) {
      if (documents_[i].idempotency_key == document.idempotency_key) {
        return {*document.existing_case, *document.existing_case + "-" + std::to_string(i + 1), true};
      }
    }
    documents_.push_back(document);
    return {*document.existing_case, *document.existing_case + "-" + std::to_string(documents_.size()), false};
  }
  std::vector<adapters::IncomingDocument> documents() const {
    std::lock_guard lock(mutex_);
    return documents_;
  }
  int calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  bool down = false;
  bool refuse = false;

 private:
  mutable std::mutex mutex_;
  std::vector<adapters::IncomingDocument> documents_;
  int calls_ = 0;
};

// As OutboxFixture, with a CaseSystem for the sender (unless told otherwise) registered before
// the Registry is frozen.
struct CaseFixture : MmSimulatorFixture {
  explicit CaseFixture(bool with_diary = true)
      : db(storage::Database::open(storage::DatabaseUrl::parse("sqlite:" + (dir / "case.db").string()), 4)) {
    storage::Migrator(*db, server::platform_migrations()).migrate();
    {
      auto session = db->acquire();
      const std::string org = kMunicipalityOrg;
      *session << "INSERT INTO municipality (code, organisation_number, name) VALUES ('0604', :o, 'Aneby kommun')",
          soci::use(org, "o");
    }
    const auto& pki = make_mailbox_test_pki();
    const auto [key, cert] = pki.municipality.write(dir.path(), "aneby-signing");
    const auto [platform_key, platform_cert] = pki.platform.write(dir.path(), "platform-seal");
    OutboxSettings settings;
    settings.register_url = recipient_register->url();
    settings.platform_key_file = platform_key;
    settings.platform_certificate_file = platform_cert;
    settings.senders[kSender] = SenderSettings{key, cert, tls(std::chrono::seconds(5))};
    settings.reachability_cache_ttl = std::chrono::seconds(0);
    auto vendor = std::make_unique<RecordingPrintVendor>();
    registry.register_print_vendor(kSender, "aneby.print.test", std::move(vendor));
    if (with_diary) {
      auto fake = std::make_unique<FakeCaseSystem>();
      diary = fake.get();
      registry.register_case_system(kSender, "aneby.case.test", std::move(fake));
    }
    registry.freeze();
    delivery = std::make_unique<OutboxDelivery>(*db, keyring, audit, registry, settings, clock);
  }

  jobs::Worker worker() {
    return jobs::Worker(queue, std::string(kDeliveryQueue), delivery->handler(), jobs::WorkerOptions{.name = "d"});
  }
  jobs::Worker registrar() {
    return jobs::Worker(queue, std::string(kCaseRegistrationQueue), delivery->case_registration_handler(),
                        jobs::WorkerOptions{.name = "r"});
  }

  std::string send(const LetterRequest& letter) {
    tenancy::Context ctx(*db, clerk, kSender, clock, &audit);
    auto accepted = mail.send(ctx, letter);
    ctx.commit();
    return accepted.id;
  }

  LetterStatus status(const std::string& id) {
    tenancy::Context ctx(*db, clerk, kSender, clock, &audit);
    auto state = mail.status(ctx, id);
    ctx.commit();
    return state.status;
  }

  long long count(const std::string& sql) {
    auto session = db->acquire();
    long long n = 0;
    *session << sql, soci::into(n);
    return n;
  }

  long long registration_jobs(const std::string& state) {
    return count("SELECT COUNT(*) FROM job WHERE queue = 'mailbox.case-registration' AND state = '" + state + "'");
  }

  static LetterRequest decision(const std::string& request_id, const std::string& recipient = kRecipient) {
    LetterRequest letter = test_letter(request_id, recipient);
    letter.case_number = "KS 2026/142";
    return letter;
  }

  std::unique_ptr<storage::Database> db;
  ManualClock clock{std::chrono::sys_days{std::chrono::year(2026) / 11 / 22} + std::chrono::hours(9)};
  crypto::Keyring keyring = crypto::Keyring::from_keys({crypto::Keyring::generate_key("k1")}, "test keys");
  audit::AuditLog audit{keyring};
  jobs::JobQueue queue{*db, clock,
                       jobs::QueueOptions{.lease = std::chrono::seconds(60),
                                          .first_backoff = std::chrono::milliseconds(1000),
                                          .max_backoff = std::chrono::milliseconds(8000),
                                          .jitter = [] { return 1.0; }}};
  MailService mail{keyring, queue};
  adapters::Registry registry;
  FakeCaseSystem* diary = nullptr;
  std::unique_ptr<OutboxDelivery> delivery;
  security::Principal clerk = security::Principal::staff("handler-a", {{kSender, {security::Role::kCaseHandler}}});
};

struct NoDiaryFixture : CaseFixture {
  NoDiaryFixture() : CaseFixture(false) {}
};

}  // namespace

BOOST_AUTO_TEST_SUITE(mailbox_platform_case_test)

BOOST_FIXTURE_TEST_CASE(a_delivered_decision_is_registered_on_its_case_as_outgoing, CaseFixture) {
  recipient_register->set_account(kRecipient, reachable_account());
  const std::string id = send(decision("case-1"));
  BOOST_TEST(registration_jobs("queued") == 0);  // nothing before it is sent
  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(status(id) == LetterStatus::kDelivered);
  BOOST_TEST(registration_jobs("queued") == 1);

  auto r = registrar();
  BOOST_TEST(r.run_once() == 1U);
  const auto documents = diary->documents();
  BOOST_REQUIRE_EQUAL(documents.size(), 1U);
  const auto& d = documents.front();
  BOOST_TEST((d.direction == adapters::DocumentDirection::kOutgoing));
  BOOST_TEST(d.existing_case.value_or("") == "KS 2026/142");
  BOOST_TEST(d.board == "KS");
  BOOST_TEST(d.title == "Beslut om bygglov, Storgatan 1");
  BOOST_TEST(d.sender == "Tolvan Tolvansson");
  BOOST_TEST(d.idempotency_key.str() == "mailbox-case-" + id);
  BOOST_TEST(!d.secret);
  BOOST_TEST((d.received == std::chrono::year_month_day{std::chrono::year(2026) / 11 / 22}));
  BOOST_REQUIRE_EQUAL(d.files.size(), 1U);
  BOOST_TEST(d.files.front().file_name == "beslut.pdf");
  BOOST_TEST(d.files.front().content == minimal_pdf());
  BOOST_TEST(registration_jobs("done") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.case-registered'") == 1);
  BOOST_TEST(r.run_once() == 0U);  // done once
  BOOST_TEST(diary->calls() == 1);
}

BOOST_FIXTURE_TEST_CASE(a_diary_that_is_down_only_delays_the_registration, CaseFixture) {
  recipient_register->set_account(kRecipient, reachable_account());
  const std::string id = send(decision("case-2"));
  auto w = worker();
  w.run_once();
  BOOST_TEST(status(id) == LetterStatus::kDelivered);

  diary->down = true;
  auto r = registrar();
  BOOST_TEST(r.run_once() == 1U);
  BOOST_TEST(diary->documents().empty());
  BOOST_TEST(registration_jobs("queued") == 1);  // waits for its retry
  BOOST_TEST(status(id) == LetterStatus::kDelivered);
  BOOST_TEST(r.run_once() == 0U);  // not before the backoff

  diary->down = false;
  clock.advance(std::chrono::seconds(2));
  BOOST_TEST(r.run_once() == 1U);
  BOOST_TEST(diary->documents().size() == 1U);
  BOOST_TEST(registration_jobs("done") == 1);
  BOOST_TEST(mailbox_operator->times_delivered(id) == 1U);  // the letter itself went once
}

BOOST_FIXTURE_TEST_CASE(a_printed_decision_is_registered_and_a_letter_without_case_number_is_not, CaseFixture) {
  const std::string printed = send(decision("case-3", "198101052382"));  // no mailbox
  LetterRequest plain = test_letter("case-4");
  recipient_register->set_account(kRecipient, reachable_account());
  const std::string delivered = send(plain);
  auto w = worker();
  w.run_once();
  BOOST_TEST(status(printed) == LetterStatus::kPaper);
  BOOST_TEST(status(delivered) == LetterStatus::kDelivered);
  BOOST_TEST(registration_jobs("queued") == 1);
  auto r = registrar();
  BOOST_TEST(r.run_once() == 1U);
  const auto documents = diary->documents();
  BOOST_REQUIRE_EQUAL(documents.size(), 1U);
  BOOST_TEST(documents.front().idempotency_key.str() == "mailbox-case-" + printed);
}

BOOST_FIXTURE_TEST_CASE(a_refusal_by_the_diary_fails_the_job_and_is_audited, CaseFixture) {
  recipient_register->set_account(kRecipient, reachable_account());
  const std::string id = send(decision("case-5"));
  auto w = worker();
  w.run_once();
  diary->refuse = true;
  auto r = registrar();
  BOOST_TEST(r.run_once() == 1U);
  BOOST_TEST(registration_jobs("failed") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.case-registration.failed'") == 1);
  BOOST_TEST(status(id) == LetterStatus::kDelivered);  // the letter is not affected
}

BOOST_FIXTURE_TEST_CASE(a_municipality_without_a_diary_is_skipped, NoDiaryFixture) {
  recipient_register->set_account(kRecipient, reachable_account());
  send(decision("case-6"));
  auto w = worker();
  w.run_once();
  auto r = registrar();
  BOOST_TEST(r.run_once() == 1U);
  BOOST_TEST(registration_jobs("done") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.case-registration.skipped'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
