// kill -9 of a real `samverkan serve` mid-delivery. Two server processes (the built binary) share
// one throwaway PostgreSQL and the Mina meddelanden simulators (in this test process, real
// sockets, mutual TLS); letters are enqueued, one process is killed with SIGKILL while it holds a
// letter whose delivery attempt is under way (committed as "sending"), then started again. Every
// letter must end delivered, recorded exactly once by the operator, none lost; only the letter in
// flight at the kill may have been sent a second time (the ambiguous case: the operator
// recognises it by its Message/Header/Id, as a real operator must).
#include <boost/test/unit_test.hpp>

#include <soci/soci.h>

#include <chrono>
#include <thread>

#include "mailbox_platform_cooperation.hpp"
#include "mm_simulator_fixture.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/mailbox/mail_service.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/context.hpp"
#include "support/postgres.hpp"
#include "support/serve_process.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;
using namespace std::chrono_literals;
using samverkan::test::ServeProcess;

namespace {

constexpr int kLetters = 24;
constexpr const char* kSlowRecipient = "191212121212";
constexpr const char* kFastRecipient = "198101052382";

long long count(storage::Database& db, const std::string& sql) {
  auto session = db.acquire();
  long long n = 0;
  *session << sql, soci::into(n);
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outbox_process_kill_pgtest)

BOOST_FIXTURE_TEST_CASE(a_process_killed_mid_delivery_loses_nothing_and_sends_nothing_twice, MmSimulatorFixture) {
  const auto started = std::chrono::steady_clock::now();
  samverkan::test::PgDatabase pg;
  recipient_register->set_default_account(reachable_account());
  mailbox_operator->set_behaviour(kSlowRecipient, mm_simulator::Behaviour::deliver_after(600ms));
  mailbox_operator->set_recognise_resends(true);
  // A 2 s network timeout gives a 22 s lease (delivery_lease): the letter held by the killed
  // process is taken over after that.
  const auto config = write_cooperation(dir.path(), simulator_mail_settings(*this), 2);
  const auto data = dir / "data";  // shared: the field-encryption keys, the TLS certificate

  const std::vector<std::string> serve = {"--config", config.string(), "--data",           data.string(),
                                          "--db",     pg.url(),        "--shutdown-grace", "1"};
  ServeProcess first(serve, dir / "first.log");
  ServeProcess second(serve, dir / "second.log");

  // Enqueue as a case handler would (the API's MailService), with the servers' keys.
  auto db = storage::Database::open(storage::DatabaseUrl::parse(pg.url()), 2);
  const auto keyring = crypto::Keyring::load(data / "keys", false);
  audit::AuditLog audit(keyring);
  jobs::JobQueue queue(*db, SystemClock::instance());
  MailService mail(keyring, queue);
  const auto clerk = security::Principal::staff("handler-e", {{kEksjo, {security::Role::kCaseHandler}}});
  std::vector<std::string> ids;
  {
    tenancy::Context ctx(*db, clerk, kEksjo, SystemClock::instance(), &audit);
    for (int i = 0; i < kLetters; ++i) {
      LetterRequest letter;
      letter.client_request_id = "kill-" + std::to_string(i);
      letter.recipient = i % 2 == 0 ? kSlowRecipient : kFastRecipient;
      letter.subject = "Beslut " + std::to_string(i);
      letter.body = "Hej! Ditt ärende är beslutat.";
      letter.support.text = "Ring kontaktcenter";
      ids.push_back(mail.send(ctx, letter).id);
    }
    ctx.commit();
  }

  // Wait until a quarter of the letters are delivered and one of the two processes holds a
  // letter whose delivery is under way, then kill that one. (Which process's worker claims the
  // letters first is up to the scheduler: waiting for the first one alone made the test flaky.)
  const auto held_by = [&](const ServeProcess& process) {
    return count(*db,
                 "SELECT COUNT(*) FROM job j JOIN mailbox_delivery_attempt a ON a.message_id = j.idempotency_key "
                 "AND a.municipality = j.municipality WHERE j.state = 'running' AND a.state = 'sending' AND "
                 "j.locked_by LIKE '%-" +
                     std::to_string(process.pid()) + "-%'");
  };
  ServeProcess* victim = nullptr;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (victim == nullptr) {
    BOOST_TEST_REQUIRE((std::chrono::steady_clock::now() < deadline),
                       "neither process delivered:\nfirst:\n" + first.log() + "\nsecond:\n" + second.log());
    if (count(*db, "SELECT COUNT(*) FROM mailbox_message WHERE status = 'delivered'") >= kLetters / 4) {
      if (held_by(first) > 0) {
        victim = &first;
      } else if (held_by(second) > 0) {
        victim = &second;
      }
    }
    if (victim == nullptr) std::this_thread::sleep_for(5ms);
  }
  ServeProcess& survivor = victim == &first ? second : first;
  victim->kill9();
  const auto delivered_at_kill = count(*db, "SELECT COUNT(*) FROM mailbox_message WHERE status = 'delivered'");
  BOOST_TEST_MESSAGE("killed with " << delivered_at_kill << " of " << kLetters << " delivered");
  BOOST_TEST(delivered_at_kill < kLetters, "the kill came after the work was done");

  ServeProcess restarted(serve, dir / "restarted.log");

  const auto all_final = std::chrono::steady_clock::now() + 50s;
  while (count(*db, "SELECT COUNT(*) FROM mailbox_message WHERE status <> 'queued'") < kLetters) {
    BOOST_TEST_REQUIRE((std::chrono::steady_clock::now() < all_final),
                       "letters still queued; survivor:\n" + survivor.log() + "\nrestarted:\n" + restarted.log());
    std::this_thread::sleep_for(100ms);
  }

  // Every letter delivered, none on paper or failed, each exactly once at the operator.
  BOOST_TEST(count(*db, "SELECT COUNT(*) FROM mailbox_message WHERE status = 'delivered'") == kLetters);
  BOOST_TEST(mailbox_operator->deliveries().size() == static_cast<std::size_t>(kLetters));
  for (const auto& id : ids) BOOST_TEST(mailbox_operator->times_delivered(id) == 1U, id);
  // Only the letter in flight at the kill may have been sent again.
  BOOST_TEST(count(*db, "SELECT COUNT(*) FROM mailbox_delivery_attempt WHERE sends > 1") <= 1);
  BOOST_TEST(mailbox_operator->resends_recognised() <= 1U);
  BOOST_TEST_MESSAGE("resends recognised by the operator: " << mailbox_operator->resends_recognised());
  BOOST_TEST(count(*db, "SELECT COUNT(*) FROM job WHERE queue = 'mailbox.delivery' AND state <> 'done'") == 0);

  // The survivors stop cleanly on SIGTERM.
  BOOST_TEST(survivor.terminate() == 0, survivor.log());
  BOOST_TEST(restarted.terminate() == 0, restarted.log());
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
  BOOST_TEST_MESSAGE("kill -9 test took " << seconds.count() << " s");
}

BOOST_AUTO_TEST_SUITE_END()
