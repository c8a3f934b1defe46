// MailService: accepting letters into the outbox (stored encrypted, one job in the same
// transaction), idempotency by client request id, authorisation and scoping, validation.
#include <boost/test/unit_test.hpp>

#include "outbox_fixture.hpp"
#include "samverkan/ids/personnummer.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace samverkan::mailbox::test;

BOOST_AUTO_TEST_SUITE(mail_service_test)

BOOST_FIXTURE_TEST_CASE(a_letter_is_stored_encrypted_with_one_job, OutboxFixture) {
  const auto accepted = send(test_letter("req-1"), clerk);
  BOOST_TEST(accepted.created);
  BOOST_TEST(accepted.id.size() == 32U);
  BOOST_TEST(accepted.state.status == LetterStatus::kQueued);
  BOOST_TEST(accepted.state.client_request_id == "req-1");
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM job WHERE queue = 'mailbox.delivery' AND state = 'queued'") == 1);
  {
    auto session = db->acquire();
    std::string key;
    *session << "SELECT idempotency_key FROM job", soci::into(key);
    BOOST_TEST(key == accepted.id, "the job's idempotency key is the message id");
  }
  // Nothing personal in plain text at rest: not the personnummer (in any form), not the subject,
  // not the body, not the address.
  auto session = db->acquire();
  soci::rowset<soci::row> rows = (session->prepare << "SELECT * FROM mailbox_message");
  std::size_t columns_seen = 0;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (row.get_indicator(i) == soci::i_null || row.get_properties(i).get_data_type() != soci::dt_string) continue;
      const auto value = row.get<std::string>(i);
      ++columns_seen;
      for (const std::string secret : {"191212121212", "121212-1212", "1212121212", "Beslut om bygglov", "Tolvan",
                                       "Storgatan", "beslutat", "JVBERi0"}) {
        BOOST_TEST(value.find(secret) == std::string::npos, row.get_properties(i).get_name() << " holds " << secret);
      }
    }
  }
  BOOST_TEST(columns_seen > 8U);
  std::string index;
  *session << "SELECT recipient_index FROM mailbox_message", soci::into(index);
  BOOST_TEST(index == keyring.blind_index("mailbox.recipient", "191212121212"), "looked up by blind index");
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.send' AND outcome = 'success'") == 1);
}

BOOST_FIXTURE_TEST_CASE(the_same_client_request_id_never_sends_twice, OutboxFixture) {
  const auto first = send(test_letter("req-1"), clerk);
  // Other spellings of the same personnummer are the same letter.
  auto again_letter = test_letter("req-1", "19121212-1212");
  const auto again = send(again_letter, clerk);
  BOOST_TEST(!again.created);
  BOOST_TEST(again.id == first.id);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 1);
  BOOST_TEST(count("SELECT COUNT(*) FROM job") == 1);

  auto changed = test_letter("req-1");
  changed.subject = "Ett annat beslut";
  BOOST_CHECK_THROW(send(changed, clerk), Conflict);
  auto other_recipient = test_letter("req-1", "198112289874");
  BOOST_CHECK_THROW(send(other_recipient, clerk), Conflict);
  auto protected_now = test_letter("req-1");
  protected_now.protected_identity = true;
  BOOST_CHECK_THROW(send(protected_now, clerk), Conflict);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 1);

  // Another municipality's request ids are its own.
  const security::Principal eksjo_clerk =
      security::Principal::staff("handler-e", {{kNeighbour, {security::Role::kRegistrar}}});
  const auto eksjo = send(test_letter("req-1"), eksjo_clerk, kNeighbour);
  BOOST_TEST(eksjo.created);
  BOOST_TEST(eksjo.id != first.id);
}

BOOST_FIXTURE_TEST_CASE(only_the_municipality_s_own_staff_may_send_and_look, OutboxFixture) {
  BOOST_CHECK_THROW(send(test_letter("req-1"), neighbour), NotFound);
  const security::Principal reader = security::Principal::staff("reader-a", {{kSender, {security::Role::kReader}}});
  BOOST_CHECK_THROW(send(test_letter("req-1"), reader), Forbidden);
  BOOST_CHECK_THROW(send(test_letter("req-1"), security::Principal::system("mailbox.delivery")), Error);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 0);
  BOOST_TEST(count("SELECT COUNT(*) FROM job") == 0);

  const auto accepted = send(test_letter("req-1"), clerk);
  BOOST_TEST(status(accepted.id, clerk).status == LetterStatus::kQueued);
  BOOST_CHECK_THROW(status(accepted.id, neighbour), NotFound);
  const security::Principal eksjo_clerk =
      security::Principal::staff("handler-e", {{kNeighbour, {security::Role::kCaseHandler}}});
  BOOST_CHECK_THROW(status(accepted.id, eksjo_clerk, kNeighbour), NotFound);
  BOOST_CHECK_THROW(status("00000000000000000000000000000000", clerk), NotFound);
  BOOST_TEST(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailbox.status' AND outcome = 'success'") == 1);
}

BOOST_FIXTURE_TEST_CASE(invalid_letters_are_refused_and_nothing_is_stored, OutboxFixture) {
  auto no_subject = test_letter("req-1");
  no_subject.subject.clear();
  BOOST_CHECK_THROW(send(no_subject, clerk), InvalidInput);
  BOOST_CHECK_THROW(send(test_letter("req-2", "191212121213"), clerk), InvalidInput);
  BOOST_CHECK_THROW(send(test_letter("bad request id"), clerk), InvalidInput);
  BOOST_CHECK_THROW(send(test_letter(""), clerk), InvalidInput);
  auto not_pdf = test_letter("req-3");
  not_pdf.attachments.front().content = "hello";
  BOOST_CHECK_THROW(send(not_pdf, clerk), InvalidInput);
  auto huge = test_letter("req-4");
  huge.attachments.front().content = minimal_pdf() + std::string(3u << 20, 'x');
  BOOST_CHECK_THROW(send(huge, clerk), TooLarge);
  BOOST_TEST(count("SELECT COUNT(*) FROM mailbox_message") == 0);
  BOOST_TEST(count("SELECT COUNT(*) FROM job") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
