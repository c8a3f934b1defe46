// OutboxLetterSender: another service's letter (libcore's mail::Letter, e.g. the hiring
// process's contract) goes into the mailbox service's outbox like any other: accepted in the
// caller's transaction, idempotent by client request id, refused for another municipality, and
// delivered by the outbox worker.
#include <boost/test/unit_test.hpp>

#include "outbox_fixture.hpp"
#include "samverkan/mailbox/letter_sender.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;

namespace {

mail::Letter contract_letter(const std::string& client_request_id) {
  mail::Letter letter;
  letter.client_request_id = client_request_id;
  letter.recipient = kRecipient;
  letter.subject = "Ditt anställningsavtal";
  letter.body = "Hej!\nHär är ditt anställningsavtal.\n";
  letter.attachments.push_back(mail::LetterAttachment{"avtal.pdf", minimal_pdf()});
  letter.support_text = "Kontakta HR";
  letter.support_email = "hr@example.se";
  letter.postal_address = test_address();
  return letter;
}

struct SenderFixture : OutboxFixture {
  OutboxLetterSender sender{keyring, queue};

  mail::LetterState send_letter(const mail::Letter& letter, const security::Principal& who,
                                const ids::Kommunkod& where = kSender) {
    tenancy::Context ctx(*db, who, where, clock, &audit);
    auto state = sender.send(ctx, letter);
    ctx.commit();
    return state;
  }

  mail::LetterState letter_status(const std::string& id, const security::Principal& who,
                                  const ids::Kommunkod& where = kSender) {
    tenancy::Context ctx(*db, who, where, clock, &audit);
    auto state = sender.status(ctx, id);
    ctx.commit();
    return state;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(letter_sender_test)

BOOST_FIXTURE_TEST_CASE(a_letter_is_queued_once_and_delivered_by_the_outbox, SenderFixture) {
  reachable();
  const auto first = send_letter(contract_letter("contract-1"), clerk);
  BOOST_TEST(first.status == LetterStatus::kQueued);
  BOOST_TEST(first.id.size() == 32U);
  BOOST_TEST(!first.failure_reason.has_value());
  // The same request again is the same letter; one message, one job.
  const auto again = send_letter(contract_letter("contract-1"), clerk);
  BOOST_TEST(again.id == first.id);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM job WHERE queue = 'mailbox.delivery'") == 1);
  // Another letter under the same request id is a conflict.
  auto changed = contract_letter("contract-1");
  changed.subject = "Ett annat avtal";
  BOOST_CHECK_THROW(send_letter(changed, clerk), Conflict);

  auto w = worker();
  BOOST_TEST(w.run_once() == 1U);
  BOOST_TEST(letter_status(first.id, clerk).status == LetterStatus::kDelivered);
  // The mailbox service sees the same letter, with the attachment and support it was given.
  const auto state = status(first.id, clerk);
  BOOST_TEST(state.client_request_id == "contract-1");
}

BOOST_FIXTURE_TEST_CASE(a_letter_is_sent_only_when_the_caller_commits, SenderFixture) {
  {
    tenancy::Context ctx(*db, clerk, kSender, clock, &audit);
    sender.send(ctx, contract_letter("contract-2"));
    // No commit: the caller's transaction rolls back, and the letter with it.
  }
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 0);
  BOOST_TEST(count("SELECT COUNT(*) FROM job") == 0);
}

BOOST_FIXTURE_TEST_CASE(another_municipality_neither_sends_nor_sees, SenderFixture) {
  const auto sent = send_letter(contract_letter("contract-3"), clerk);
  BOOST_CHECK_THROW(send_letter(contract_letter("contract-4"), neighbour), NotFound);
  BOOST_CHECK_THROW(letter_status(sent.id, neighbour), NotFound);
  BOOST_CHECK_THROW(letter_status("00000000000000000000000000000000", clerk), NotFound);
  auto no_support = contract_letter("contract-5");
  no_support.support_text.clear();
  BOOST_CHECK_THROW(send_letter(no_support, clerk), InvalidInput);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
