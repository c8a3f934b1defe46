// The outbox on PostgreSQL: the SQL of the service and the job on the real server, and two
// workers (each with its own connection pool, queue and delivery handler, as two processes would
// have) working one queue: every letter reaches the operator simulator exactly once.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "outbox_fixture.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;
using namespace std::chrono_literals;

namespace {

struct PgOutboxFixture : OutboxFixture {
  PgOutboxFixture() : OutboxFixture(true, 4) {}
};

}  // namespace

BOOST_AUTO_TEST_SUITE(outbox_pgtest)

BOOST_FIXTURE_TEST_CASE(send_deliver_paper_and_replay_on_postgresql, PgOutboxFixture) {
  reachable();
  const auto digital = send(test_letter("req-1"), clerk);
  const auto paper = send(test_letter("req-2", "198112289874"), clerk);
  BOOST_TEST(!send(test_letter("req-1"), clerk).created);
  auto changed = test_letter("req-1");
  changed.body = "Annat";
  BOOST_CHECK_THROW(send(changed, clerk), Conflict);
  BOOST_CHECK_THROW(status(digital.id, neighbour), NotFound);

  auto w = worker();
  BOOST_TEST(w.run_once() == 2U);
  const auto d = status(digital.id, clerk);
  BOOST_TEST(d.status == LetterStatus::kDelivered);
  BOOST_TEST(d.trans_id.value_or("") == mailbox_operator->deliveries().at(0).trans_id);
  const auto p = status(paper.id, clerk);
  BOOST_TEST(p.status == LetterStatus::kPaper);
  BOOST_TEST(p.print_batch.value_or("") == "0604-2026-11-22");
  BOOST_TEST(
      count("SELECT COUNT(*) FROM mailbox_message WHERE subject LIKE '%bygglov%' OR content LIKE '%Storgatan%'") == 0);
}

BOOST_FIXTURE_TEST_CASE(a_crash_between_delivery_and_marking_on_postgresql, PgOutboxFixture) {
  reachable();
  const auto accepted = send(test_letter("req-1"), clerk);
  delivery->set_fault_injection([](std::string_view stage) {
    if (stage == "after-delivery") throw std::runtime_error("killed");
  });
  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);
  delivery->set_fault_injection({});
  clock.advance(1s);
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(status(accepted.id, clerk).status == LetterStatus::kDelivered);
  BOOST_TEST(mailbox_operator->times_delivered(accepted.id) == 1U);
}

BOOST_FIXTURE_TEST_CASE(two_workers_on_one_database_deliver_each_letter_exactly_once, PgOutboxFixture) {
  constexpr int kLetters = 40;
  reachable();
  std::vector<std::string> ids;
  for (int i = 0; i < kLetters; ++i) ids.push_back(send(test_letter("req-" + std::to_string(i)), clerk).id);

  // The second "process": its own pool, queue and handler over the same database.
  auto db2 = storage::Database::open(storage::DatabaseUrl::parse(pg->url()), 4);
  jobs::JobQueue queue2(*db2, clock, jobs::QueueOptions{.jitter = [] { return 1.0; }});
  OutboxDelivery delivery2(*db2, keyring, audit, registry, settings, clock);

  std::atomic<int> runs_a{0}, runs_b{0};
  jobs::Worker a(
      queue, std::string(kDeliveryQueue),
      [&](const jobs::Job& job) {
        delivery->handle(job);
        ++runs_a;
      },
      jobs::WorkerOptions{.name = "worker-a", .batch = 4, .idle_wait = 20ms});
  jobs::Worker b(
      queue2, std::string(kDeliveryQueue),
      [&](const jobs::Job& job) {
        delivery2.handle(job);
        ++runs_b;
      },
      jobs::WorkerOptions{.name = "worker-b", .batch = 4, .idle_wait = 20ms});
  a.start();
  b.start();
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (count("SELECT COUNT(*) FROM mailbox_message WHERE status = 'delivered'") < kLetters &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  a.stop();
  b.stop();

  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message WHERE status = 'delivered'") == kLetters);
  BOOST_TEST(count("SELECT COUNT(*) FROM job WHERE state = 'done'") == kLetters);
  BOOST_TEST(runs_a + runs_b == kLetters, "no job ran twice");
  BOOST_TEST(runs_a > 0);
  BOOST_TEST(runs_b > 0);
  BOOST_TEST(mailbox_operator->deliveries().size() == static_cast<std::size_t>(kLetters));
  for (const auto& id : ids) BOOST_TEST(mailbox_operator->times_delivered(id) == 1U, id);
}

BOOST_FIXTURE_TEST_CASE(two_batch_workers_never_take_the_same_letter, PgOutboxFixture) {
  constexpr int kLetters = 60;
  std::vector<std::string> ids;
  for (int i = 0; i < kLetters; ++i) {
    const std::string recipient = nth_personnummer(static_cast<std::size_t>(i));
    reachable(recipient);
    ids.push_back(send(test_letter("req-" + std::to_string(i), recipient), clerk).id);
  }

  // The second "process": its own pool, queue and delivery over the same database.
  auto db2 = storage::Database::open(storage::DatabaseUrl::parse(pg->url()), 4);
  jobs::JobQueue queue2(*db2, clock, jobs::QueueOptions{.jitter = [] { return 1.0; }});
  OutboxDelivery delivery2(*db2, keyring, audit, registry, settings, clock);

  std::atomic<int> claimed_a{0}, claimed_b{0};
  std::atomic<bool> go{false};
  const auto work = [&](OutboxDelivery& d, jobs::JobQueue& q, const std::string& name, std::atomic<int>& claimed) {
    while (!go) std::this_thread::yield();
    for (int idle = 0; idle < 3;) {
      const auto n = d.work_batch(q, name, 8);
      claimed += static_cast<int>(n);
      idle = n == 0 ? idle + 1 : 0;
    }
  };
  std::thread a([&] { work(*delivery, queue, "worker-a", claimed_a); });
  std::thread b([&] { work(delivery2, queue2, "worker-b", claimed_b); });
  go = true;
  a.join();
  b.join();

  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message WHERE status = 'delivered'") == kLetters);
  BOOST_TEST(count("SELECT COUNT(*) FROM job WHERE state = 'done'") == kLetters);
  BOOST_TEST(count("SELECT COUNT(*) FROM job WHERE attempts <> 1") == 0, "every job claimed exactly once");
  BOOST_TEST(claimed_a + claimed_b == kLetters, "no letter handed to both");
  BOOST_TEST(claimed_a > 0);
  BOOST_TEST(claimed_b > 0);
  BOOST_TEST(mailbox_operator->deliveries().size() == static_cast<std::size_t>(kLetters));
  for (const auto& id : ids) BOOST_TEST(mailbox_operator->times_delivered(id) == 1U, id);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.delivered'") == kLetters);
}

BOOST_FIXTURE_TEST_CASE(the_same_request_sent_twice_at_once_is_one_letter, PgOutboxFixture) {
  for (int round = 0; round < 5; ++round) {
    const std::string request_id = "race-" + std::to_string(round);
    std::atomic<int> created{0}, replayed{0}, conflicts{0};
    std::atomic<bool> go{false};
    const auto sender = [&] {
      while (!go) std::this_thread::yield();
      try {
        if (send(test_letter(request_id), clerk).created) {
          ++created;
        } else {
          ++replayed;
        }
      } catch (const Conflict&) {
        ++conflicts;
      }
    };
    std::thread one(sender), two(sender);
    go = true;
    one.join();
    two.join();
    BOOST_TEST(created == 1);
    BOOST_TEST(replayed + conflicts == 1);
  }
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 5);
  BOOST_TEST(count("SELECT COUNT(*) FROM job") == 5);
}

BOOST_AUTO_TEST_SUITE_END()
