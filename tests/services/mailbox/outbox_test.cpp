// The outbox's delivery job end to end against the Mina meddelanden simulators over real sockets
// (mutual TLS): delivered; not reachable → paper; operator transient fault → retried, then
// delivered; permanent fault → paper; a crash between delivery and marking → run again →
// delivered exactly once; protected identity never printed.
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "outbox_fixture.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;
using namespace std::chrono_literals;

namespace {

std::string job_state(OutboxFixture& f, const std::string& id) {
  auto session = f.db->acquire();
  std::string state;
  *session << "SELECT state FROM job WHERE idempotency_key = :k", soci::use(id, "k"), soci::into(state);
  return state;
}

jobs::Job job_for(const std::string& id, int attempts) {
  return jobs::Job{.id = 0,
                   .municipality = kSender,
                   .queue = std::string(kDeliveryQueue),
                   .idempotency_key = id,
                   .payload = "{}",
                   .attempts = attempts,
                   .max_attempts = 12,
                   .worker = "test"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outbox_test)

BOOST_FIXTURE_TEST_CASE(a_reachable_recipient_gets_the_letter_digitally, OutboxFixture) {
  reachable();
  const auto accepted = send(test_letter("req-1"), clerk);
  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);

  const auto state = status(accepted.id, clerk);
  BOOST_TEST(state.status == LetterStatus::kDelivered);
  BOOST_TEST(state.operator_id.value_or("") == "165566778899");
  BOOST_TEST(state.operator_name.value_or("") == "Simulerad brevlåda");
  BOOST_TEST(mailbox_operator->times_delivered(accepted.id) == 1U);
  const auto deliveries = mailbox_operator->deliveries();
  BOOST_REQUIRE_EQUAL(deliveries.size(), 1U);
  BOOST_TEST(state.trans_id.value_or("") == deliveries[0].trans_id);
  BOOST_TEST(!deliveries[0].trans_id.empty());
  BOOST_TEST(deliveries[0].recipient_id == kRecipient);
  BOOST_TEST(deliveries[0].sender_org_nr == std::string("16") + kMunicipalityOrg);
  BOOST_TEST(printer->jobs().empty());
  BOOST_TEST(job_state(*this, accepted.id) == "done");
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.delivered'") == 1);

  // The job run again (at least once delivery) changes nothing.
  delivery->handle(job_for(accepted.id, 2));
  BOOST_TEST(mailbox_operator->times_delivered(accepted.id) == 1U);
  BOOST_TEST(w.run_once() == 0U);
}

BOOST_FIXTURE_TEST_CASE(an_unreachable_recipient_gets_paper_mail, OutboxFixture) {
  // No account at all (Type Not) and, for a second letter, a blocked sender.
  const auto first = send(test_letter("req-1"), clerk);
  auto blocked = reachable_account();
  blocked.sender_accepted = false;
  recipient_register->set_account("198112289874", blocked);
  const auto second = send(test_letter("req-2", "198112289874"), clerk);
  auto w = worker();
  BOOST_TEST(w.run_once() == 2U);

  for (const auto& id : {first.id, second.id}) {
    const auto state = status(id, clerk);
    BOOST_TEST(state.status == LetterStatus::kPaper);
    BOOST_TEST(state.print_batch.value_or("") == "0604-2026-11-22");
    BOOST_TEST(state.print_job.value_or("") == "print-mailbox-" + id);
    BOOST_TEST(!state.trans_id.has_value());
    BOOST_TEST(mailbox_operator->times_delivered(id) == 0U);
  }
  const auto printed = printer->jobs();
  BOOST_REQUIRE_EQUAL(printed.size(), 2U);
  BOOST_TEST(printed[0].recipient.name == "Tolvan Tolvansson");
  BOOST_TEST(printed[0].pdf == minimal_pdf());
  BOOST_TEST(printed[0].document_title.find("Beslut") == std::string::npos, "no personal data in the title");
  BOOST_TEST(mailbox_operator->deliveries().empty());
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.paper'") == 2);
}

BOOST_FIXTURE_TEST_CASE(a_transient_operator_fault_is_retried_then_delivered, OutboxFixture) {
  reachable();
  mailbox_operator->set_behaviour(kRecipient, mm_simulator::Behaviour::fail(false));
  const auto accepted = send(test_letter("req-1"), clerk);
  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);
  auto state = status(accepted.id, clerk);
  BOOST_TEST(state.status == LetterStatus::kQueued);
  BOOST_TEST(state.attempts == 1);
  BOOST_TEST(state.failure_reason.has_value(), "the last transient error is shown");
  BOOST_TEST(job_state(*this, accepted.id) == "queued");
  BOOST_TEST(w.run_once() == 0U, "not before the backoff");

  clock.advance(1s);
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(status(accepted.id, clerk).attempts == 2);

  mailbox_operator->clear_behaviours();
  clock.advance(2s);
  BOOST_TEST(w.run_once() == 1U);
  state = status(accepted.id, clerk);
  BOOST_TEST(state.status == LetterStatus::kDelivered);
  BOOST_TEST(mailbox_operator->times_delivered(accepted.id) == 1U);
  BOOST_TEST(mailbox_operator->refused() == 2U);
  BOOST_TEST(printer->jobs().empty());
}

BOOST_FIXTURE_TEST_CASE(a_register_that_is_down_is_retried, OutboxFixture) {
  reachable();
  recipient_register->fail_next_request(soap::Fault{"Server", "register down", 2001, std::nullopt, std::nullopt});
  const auto accepted = send(test_letter("req-1"), clerk);
  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(status(accepted.id, clerk).status == LetterStatus::kQueued);
  clock.advance(1s);
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(status(accepted.id, clerk).status == LetterStatus::kDelivered);
  BOOST_TEST(mailbox_operator->times_delivered(accepted.id) == 1U);
}

BOOST_FIXTURE_TEST_CASE(a_permanent_operator_fault_sends_the_letter_on_paper, OutboxFixture) {
  reachable();
  mailbox_operator->set_behaviour(kRecipient, mm_simulator::Behaviour::fail(true, "mailbox closed"));
  const auto accepted = send(test_letter("req-1"), clerk);
  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);
  const auto state = status(accepted.id, clerk);
  BOOST_TEST(state.status == LetterStatus::kPaper);
  BOOST_TEST(mailbox_operator->times_delivered(accepted.id) == 0U);
  BOOST_TEST(mailbox_operator->refused() == 1U);
  BOOST_TEST(printer->jobs().size() == 1U);
  BOOST_TEST(job_state(*this, accepted.id) == "done");
}

BOOST_FIXTURE_TEST_CASE(transient_faults_until_the_last_attempt_end_on_paper, OutboxFixture) {
  reachable();
  mailbox_operator->set_behaviour(kRecipient, mm_simulator::Behaviour::fail(false));
  const auto accepted = send(test_letter("req-1"), clerk);
  delivery->handle(job_for(accepted.id, 12));
  BOOST_TEST(status(accepted.id, clerk).status == LetterStatus::kPaper);
  BOOST_TEST(printer->jobs().size() == 1U);
}

BOOST_FIXTURE_TEST_CASE(a_crash_between_delivery_and_marking_never_delivers_twice, OutboxFixture) {
  reachable();
  const auto accepted = send(test_letter("req-1"), clerk);
  delivery->set_fault_injection([](std::string_view stage) {
    if (stage == "after-delivery") throw std::runtime_error("killed after the operator answered");
  });
  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(mailbox_operator->times_delivered(accepted.id) == 1U, "the operator has it");
  BOOST_TEST(status(accepted.id, clerk).status == LetterStatus::kQueued, "but it is not marked yet");
  BOOST_TEST(job_state(*this, accepted.id) == "queued", "the job runs again");

  delivery->set_fault_injection({});
  clock.advance(1s);
  BOOST_TEST(w.run_once() == 1U);
  const auto state = status(accepted.id, clerk);
  BOOST_TEST(state.status == LetterStatus::kDelivered);
  BOOST_TEST(mailbox_operator->times_delivered(accepted.id) == 1U, "exactly once at the operator");
  BOOST_TEST(state.trans_id.value_or("") == mailbox_operator->deliveries().at(0).trans_id);
  BOOST_TEST(job_state(*this, accepted.id) == "done");
}

BOOST_FIXTURE_TEST_CASE(a_crash_before_delivery_delivers_once_later, OutboxFixture) {
  reachable();
  const auto accepted = send(test_letter("req-1"), clerk);
  delivery->set_fault_injection([](std::string_view stage) {
    if (stage == "before-delivery") throw std::runtime_error("killed before the call");
  });
  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(mailbox_operator->times_delivered(accepted.id) == 0U);
  delivery->set_fault_injection({});
  clock.advance(1s);
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(status(accepted.id, clerk).status == LetterStatus::kDelivered);
  BOOST_TEST(mailbox_operator->times_delivered(accepted.id) == 1U);
}

BOOST_FIXTURE_TEST_CASE(a_protected_identity_is_never_printed, OutboxFixture) {
  auto letter = test_letter("req-1");
  letter.protected_identity = true;
  const auto unreachable = send(letter, clerk);
  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);
  const auto state = status(unreachable.id, clerk);
  BOOST_TEST(state.status == LetterStatus::kFailed);
  BOOST_TEST(state.failure_reason.value_or("").find("protected identity") != std::string::npos);
  BOOST_TEST(printer->jobs().empty());

  // Digitally reachable: delivered as anyone else.
  reachable("198112289874");
  auto digital = test_letter("req-2", "198112289874");
  digital.protected_identity = true;
  const auto accepted = send(digital, clerk);
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(status(accepted.id, clerk).status == LetterStatus::kDelivered);
}

BOOST_FIXTURE_TEST_CASE(a_protected_identity_goes_to_the_forwarding_route, OutboxFixture) {
  struct Forwarding final : ForwardingRoute {
    std::string forward(const ids::Kommunkod&, const std::string& message_id, const LetterRequest&) override {
      ++calls;
      return "fwd-" + message_id;
    }
    int calls = 0;
  } forwarding;
  OutboxDelivery with_forwarding(*db, keyring, audit, registry, settings, clock, &forwarding);
  auto letter = test_letter("req-1");
  letter.protected_identity = true;
  const auto accepted = send(letter, clerk);
  jobs::Worker w(queue, std::string(kDeliveryQueue), with_forwarding.handler(), jobs::WorkerOptions{.name = "fw"});
  BOOST_TEST(w.run_once() == 1U);
  const auto state = status(accepted.id, clerk);
  BOOST_TEST(state.status == LetterStatus::kPaper);
  BOOST_TEST(state.print_batch.value_or("") == "forwarding");
  BOOST_TEST(state.print_job.value_or("") == "fwd-" + accepted.id);
  BOOST_TEST(forwarding.calls == 1);
  BOOST_TEST(printer->jobs().empty());
}

BOOST_FIXTURE_TEST_CASE(no_address_or_no_print_vendor_fails_with_the_reason, OutboxFixture) {
  auto no_address = test_letter("req-1");
  no_address.postal_address.reset();
  const auto a = send(no_address, clerk);
  const security::Principal eksjo_clerk =
      security::Principal::staff("handler-e", {{kNeighbour, {security::Role::kCaseHandler}}});
  const auto b = send(test_letter("req-2"), eksjo_clerk, kNeighbour);
  auto w = worker();
  BOOST_TEST(w.run_once() == 2U);
  const auto sa = status(a.id, clerk);
  BOOST_TEST(sa.status == LetterStatus::kFailed);
  BOOST_TEST(sa.failure_reason.value_or("").find("postal address") != std::string::npos);
  const auto sb = status(b.id, eksjo_clerk, kNeighbour);
  BOOST_TEST(sb.status == LetterStatus::kFailed);
  BOOST_TEST(sb.failure_reason.value_or("").find("print vendor") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(an_unavailable_print_vendor_is_retried, OutboxFixture) {
  printer->unavailable = true;
  const auto accepted = send(test_letter("req-1"), clerk);
  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(status(accepted.id, clerk).status == LetterStatus::kQueued);
  BOOST_TEST(job_state(*this, accepted.id) == "queued");
  printer->unavailable = false;
  clock.advance(1s);
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(status(accepted.id, clerk).status == LetterStatus::kPaper);
  BOOST_TEST(printer->jobs().size() == 1U);
}

BOOST_FIXTURE_TEST_CASE(a_missing_signing_key_is_retried_not_printed, OutboxFixture) {
  reachable();
  auto broken = settings;
  broken.senders[kSender].signing_key_file = dir / "missing-key.pem";
  OutboxDelivery misconfigured(*db, keyring, audit, registry, broken, clock);
  const auto accepted = send(test_letter("req-1"), clerk);
  BOOST_CHECK_THROW(misconfigured.handle(job_for(accepted.id, 1)), Unavailable);
  const auto state = status(accepted.id, clerk);
  BOOST_TEST(state.status == LetterStatus::kQueued);
  BOOST_TEST(state.failure_reason.value_or("").find("signing identity") != std::string::npos);
  BOOST_TEST(printer->jobs().empty());
  BOOST_TEST(mailbox_operator->deliveries().empty());
  // Once fixed, the letter goes out.
  delivery->handle(job_for(accepted.id, 2));
  BOOST_TEST(status(accepted.id, clerk).status == LetterStatus::kDelivered);
}

BOOST_FIXTURE_TEST_CASE(a_batch_ends_each_letter_in_its_own_state, OutboxFixture) {
  const std::string to_deliver = nth_personnummer(1), to_retry = nth_personnummer(2), to_refuse = nth_personnummer(3),
                    without_mailbox = nth_personnummer(4);
  for (const auto& r : {to_deliver, to_retry, to_refuse}) reachable(r);
  mailbox_operator->set_behaviour(to_retry, mm_simulator::Behaviour::fail(false));
  mailbox_operator->set_behaviour(to_refuse, mm_simulator::Behaviour::fail(true));
  const auto delivered = send(test_letter("req-d", to_deliver), clerk);
  const auto retried = send(test_letter("req-t", to_retry), clerk);
  const auto refused = send(test_letter("req-p", to_refuse), clerk);
  const auto unreachable = send(test_letter("req-u", without_mailbox), clerk);

  BOOST_TEST(delivery->work_batch(queue, "batch", 16) == 4U);
  BOOST_TEST(recipient_register->batch_sizes() == std::vector<std::size_t>{4}, "one question for the batch");

  const auto d = status(delivered.id, clerk);
  BOOST_TEST(d.status == LetterStatus::kDelivered);
  BOOST_TEST(mailbox_operator->times_delivered(delivered.id) == 1U);
  BOOST_REQUIRE_EQUAL(mailbox_operator->deliveries().size(), 1U);
  BOOST_TEST(d.trans_id.value_or("") == mailbox_operator->deliveries().at(0).trans_id);
  BOOST_TEST(job_state(*this, delivered.id) == "done");

  const auto t = status(retried.id, clerk);
  BOOST_TEST(t.status == LetterStatus::kQueued, "a transient fault is retried");
  BOOST_TEST(t.attempts == 1);
  BOOST_TEST(t.failure_reason.has_value());
  BOOST_TEST(job_state(*this, retried.id) == "queued");

  for (const auto& id : {refused.id, unreachable.id}) {
    const auto p = status(id, clerk);
    BOOST_TEST(p.status == LetterStatus::kPaper, id);
    BOOST_TEST(p.print_job.value_or("") == "print-mailbox-" + id);
    BOOST_TEST(mailbox_operator->times_delivered(id) == 0U);
    BOOST_TEST(job_state(*this, id) == "done");
  }
  BOOST_TEST(printer->jobs().size() == 2U);
  BOOST_TEST(mailbox_operator->refused() == 2U);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.delivered'") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.paper'") == 2);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_delivery_attempt WHERE state = 'sending'") == 2,
             "the two the operator did not accept");

  // The retried letter goes after its backoff, alone; nothing else is sent again.
  mailbox_operator->clear_behaviours();
  BOOST_TEST(delivery->work_batch(queue, "batch", 16) == 0U, "not before the backoff");
  clock.advance(1s);
  BOOST_TEST(delivery->work_batch(queue, "batch", 16) == 1U);
  BOOST_TEST(status(retried.id, clerk).status == LetterStatus::kDelivered);
  BOOST_TEST(mailbox_operator->times_delivered(retried.id) == 1U);
  BOOST_TEST(mailbox_operator->times_delivered(delivered.id) == 1U);
  BOOST_TEST(mailbox_operator->deliveries().size() == 2U);
  BOOST_TEST(printer->jobs().size() == 2U);
}

BOOST_FIXTURE_TEST_CASE(a_crash_after_one_delivery_of_a_batch_delivers_every_letter_once, OutboxFixture) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 3; ++i) {
    reachable(nth_personnummer(i));
    ids.push_back(send(test_letter("req-" + std::to_string(i), nth_personnummer(i)), clerk).id);
  }
  bool crashed = false;
  delivery->set_fault_injection([&](std::string_view stage) {
    if (stage == "after-delivery" && !crashed) {
      crashed = true;
      throw std::runtime_error("killed after the operator answered");
    }
  });
  BOOST_TEST(delivery->work_batch(queue, "batch", 16) == 3U);
  BOOST_TEST(crashed);
  std::size_t queued = 0;
  for (const auto& id : ids) {
    BOOST_TEST(mailbox_operator->times_delivered(id) == 1U, "the operator has " << id);
    if (status(id, clerk).status == LetterStatus::kQueued) {
      ++queued;
      BOOST_TEST(job_state(*this, id) == "queued");
    }
  }
  BOOST_TEST(queued == 1U, "only the letter whose worker 'died' is not marked yet");

  delivery->set_fault_injection({});
  clock.advance(1s);
  BOOST_TEST(delivery->work_batch(queue, "batch", 16) == 1U);
  for (const auto& id : ids) {
    BOOST_TEST(status(id, clerk).status == LetterStatus::kDelivered);
    BOOST_TEST(mailbox_operator->times_delivered(id) == 1U, "exactly once: " << id);
    BOOST_TEST(job_state(*this, id) == "done");
  }
  BOOST_TEST(mailbox_operator->deliveries().size() == 3U);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.delivered'") == 3);
}

BOOST_FIXTURE_TEST_CASE(a_batch_question_the_register_refuses_is_asked_one_by_one, OutboxFixture) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 2; ++i) {
    reachable(nth_personnummer(i));
    ids.push_back(send(test_letter("req-" + std::to_string(i), nth_personnummer(i)), clerk).id);
  }
  recipient_register->fail_next_request(soap::Fault{"Client", "refused", 1001, std::nullopt, std::nullopt});
  BOOST_TEST(delivery->work_batch(queue, "batch", 16) == 2U);
  BOOST_TEST(recipient_register->batch_sizes() == (std::vector<std::size_t>{2, 1, 1}));
  for (const auto& id : ids) {
    BOOST_TEST(status(id, clerk).status == LetterStatus::kDelivered);
    BOOST_TEST(mailbox_operator->times_delivered(id) == 1U);
  }
  BOOST_TEST(printer->jobs().empty());
}

BOOST_FIXTURE_TEST_CASE(a_register_that_is_down_retries_the_whole_batch, OutboxFixture) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 3; ++i) {
    reachable(nth_personnummer(i));
    ids.push_back(send(test_letter("req-" + std::to_string(i), nth_personnummer(i)), clerk).id);
  }
  recipient_register->fail_next_request(soap::Fault{"Server", "register down", 2001, std::nullopt, std::nullopt});
  BOOST_TEST(delivery->work_batch(queue, "batch", 16) == 3U);
  BOOST_TEST(recipient_register->batch_sizes().size() == 1U, "not asked one by one while it is down");
  for (const auto& id : ids) {
    const auto state = status(id, clerk);
    BOOST_TEST(state.status == LetterStatus::kQueued);
    BOOST_TEST(state.attempts == 1);
    BOOST_TEST(job_state(*this, id) == "queued");
  }
  clock.advance(1s);
  BOOST_TEST(delivery->work_batch(queue, "batch", 16) == 3U);
  for (const auto& id : ids) {
    BOOST_TEST(status(id, clerk).status == LetterStatus::kDelivered);
    BOOST_TEST(mailbox_operator->times_delivered(id) == 1U);
  }
}

BOOST_FIXTURE_TEST_CASE(a_batch_that_runs_short_of_time_leaves_the_rest_for_a_retry, OutboxFixture) {
  // io_timeout 1 s: no delivery starts later than 4 s after the claim. Each delivery takes 0.6 s.
  OutboxSettings slow_settings = settings;
  slow_settings.senders.at(kSender).tls.io_timeout = 1s;
  OutboxDelivery slow(*db, keyring, audit, registry, slow_settings, clock);
  constexpr std::size_t kLetters = 9;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < kLetters; ++i) {
    reachable(nth_personnummer(i));
    mailbox_operator->set_behaviour(nth_personnummer(i), mm_simulator::Behaviour::deliver_after(600ms));
    ids.push_back(send(test_letter("req-" + std::to_string(i), nth_personnummer(i)), clerk).id);
  }
  BOOST_TEST(slow.work_batch(queue, "slow", 16) == kLetters);
  std::size_t delivered = 0, left = 0;
  for (const auto& id : ids) {
    const auto state = status(id, clerk);
    BOOST_TEST(mailbox_operator->times_delivered(id) <= 1U);
    if (state.status == LetterStatus::kDelivered) {
      ++delivered;
      BOOST_TEST(job_state(*this, id) == "done");
      continue;
    }
    BOOST_TEST(state.status == LetterStatus::kQueued);
    BOOST_TEST(job_state(*this, id) == "queued", "retried, not held until the lease runs out");
    if (state.attempts == 0 && mailbox_operator->times_delivered(id) == 0) ++left;
  }
  BOOST_TEST(delivered >= 1U);
  BOOST_TEST(left >= 1U, "the letters not started before the deadline");
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_delivery_attempt") <= static_cast<long long>(kLetters - left),
             "no 'sending' record for a letter that was not started");

  mailbox_operator->clear_behaviours();
  for (int round = 0; round < 3; ++round) {
    clock.advance(10s);
    slow.work_batch(queue, "slow", 16);
  }
  for (const auto& id : ids) {
    BOOST_TEST(status(id, clerk).status == LetterStatus::kDelivered);
    BOOST_TEST(mailbox_operator->times_delivered(id) == 1U, "exactly once: " << id);
  }
  BOOST_TEST(mailbox_operator->deliveries().size() == kLetters);
}

BOOST_AUTO_TEST_SUITE_END()
