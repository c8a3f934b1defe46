// The mailbox operator simulator: what it accepts and records, what it refuses (schema,
// signatures), and its injected failures.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "mm_simulator_fixture.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/delivery_client.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace std::chrono_literals;
namespace mt = samverkan::mailbox::test;

namespace {

// Replaces the first occurrence of `from`; fails the test when there is none.
std::string tamper(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "nothing to tamper with: " + from);
  return text.replace(at, from.size(), to);
}

// Delivers and expects a permanent (Client) fault; returns its text.
std::string refusal(const DeliveryClient& client, const std::string& url, const std::string& document) {
  try {
    client.deliver_secure(url, document);
  } catch (const soap::ClientFaultError& e) {
    BOOST_TEST(e.permanent());
    BOOST_TEST(!is_transient(e));
    return e.what();
  }
  BOOST_FAIL("the operator accepted it");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(operator_simulator_test)

BOOST_AUTO_TEST_CASE(every_accepted_delivery_is_recorded) {
  mt::MmSimulatorFixture f;
  DeliveryClient client(f.tls());
  const auto first =
      client.deliver_secure(f.mailbox_operator->url(), mt::MmSimulatorFixture::sealed_delivery("191212121212", "a-1"));
  const auto second =
      client.deliver_secure(f.mailbox_operator->url(), mt::MmSimulatorFixture::sealed_delivery("198101052382", "a-2"));
  BOOST_TEST(first.trans_id != second.trans_id);

  const auto deliveries = f.mailbox_operator->deliveries();
  BOOST_REQUIRE_EQUAL(deliveries.size(), 2u);
  BOOST_TEST(deliveries[0].recipient_id == "191212121212");
  BOOST_TEST(deliveries[0].trans_id == first.trans_id);
  BOOST_TEST(deliveries[0].sender_org_nr == "162120000142");
  BOOST_REQUIRE_EQUAL(deliveries[0].message_ids.size(), 1u);
  BOOST_TEST(deliveries[0].message_ids[0] == "a-1");
  BOOST_TEST(deliveries[0].client_common_name == "Testkommunen");
  BOOST_TEST(deliveries[1].recipient_id == "198101052382");
  BOOST_TEST(f.mailbox_operator->times_delivered("a-1") == 1u);
  BOOST_TEST(f.mailbox_operator->times_delivered("a-2") == 1u);
  BOOST_TEST(f.mailbox_operator->times_delivered("never") == 0u);

  // The same message sent twice is recorded twice: exactly-once tests can see it.
  client.deliver_secure(f.mailbox_operator->url(), mt::MmSimulatorFixture::sealed_delivery("191212121212", "a-1"));
  BOOST_TEST(f.mailbox_operator->times_delivered("a-1") == 2u);
  BOOST_TEST(f.mailbox_operator->refused() == 0u);
}

BOOST_AUTO_TEST_CASE(without_a_record_deliveries_are_only_counted) {
  mt::MmSimulatorFixture f;
  DeliveryClient client(f.tls());
  client.deliver_secure(f.mailbox_operator->url(), mt::MmSimulatorFixture::sealed_delivery("191212121212", "r-1"));
  BOOST_TEST(f.mailbox_operator->accepted_count() == 1u);
  f.mailbox_operator->set_keep_record(false);
  const auto unrecorded =
      client.deliver_secure(f.mailbox_operator->url(), mt::MmSimulatorFixture::sealed_delivery("198101052382", "r-2"));
  BOOST_TEST(!unrecorded.trans_id.empty());
  BOOST_TEST(f.mailbox_operator->accepted_count() == 2u);
  BOOST_TEST(f.mailbox_operator->deliveries().size() == 1u, "only the delivery made while recording");
  BOOST_TEST(f.mailbox_operator->times_delivered("r-2") == 0u);
  // Still checked as strictly as ever: a tampered delivery is refused and not counted.
  const std::string tampered = tamper(mt::MmSimulatorFixture::sealed_delivery("191212121212", "r-3"), "r-3", "r-4");
  refusal(client, f.mailbox_operator->url(), tampered);
  BOOST_TEST(f.mailbox_operator->accepted_count() == 2u);
}

BOOST_AUTO_TEST_CASE(parallel_clients_have_each_delivery_recorded_exactly_once) {
  mt::MmSimulatorFixture f;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  // Signed beforehand, so the timing below is the wire and the operator's checks.
  std::vector<std::vector<std::string>> documents(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      documents[static_cast<std::size_t>(t)].push_back(mt::MmSimulatorFixture::sealed_delivery(
          mt::kRecipient, "par-" + std::to_string(t) + "-" + std::to_string(i)));
    }
  }
  const DeliveryClient client(f.tls());
  std::atomic<int> failures{0};
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (const auto& document : documents[static_cast<std::size_t>(t)]) {
        try {
          if (!client.deliver_secure(f.mailbox_operator->url(), document).all_delivered()) ++failures;
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  BOOST_TEST_MESSAGE("deliveries through mutual TLS, schema and both signature checks: "
                     << static_cast<int>(kThreads * kPerThread / seconds) << "/s");
  BOOST_TEST(failures.load() == 0);
  const auto deliveries = f.mailbox_operator->deliveries();
  BOOST_TEST(deliveries.size() == static_cast<std::size_t>(kThreads * kPerThread));
  std::set<std::string> trans_ids;
  for (const auto& delivery : deliveries) trans_ids.insert(delivery.trans_id);
  BOOST_TEST(trans_ids.size() == deliveries.size());
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      BOOST_TEST_REQUIRE(f.mailbox_operator->times_delivered("par-" + std::to_string(t) + "-" + std::to_string(i)) ==
                         1u);
    }
  }
}

BOOST_AUTO_TEST_CASE(tampered_signatures_are_refused_with_a_client_fault) {
  mt::MmSimulatorFixture f;
  DeliveryClient client(f.tls());
  const std::string url = f.mailbox_operator->url();
  const std::string sealed = mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "x-1");

  // The subject changed after signing: the sender's digest no longer matches.
  auto what = refusal(client, url, tamper(sealed, "Beslut om bygglov", "Beslut om rivning"));
  BOOST_TEST(what.find("Signature check failed") != std::string::npos, what);
  // The seal's claim changed: the intermediary's signature no longer matches.
  what = refusal(client, url, tamper(sealed, ">true</SignaturesOK>", ">false</SignaturesOK>"));
  BOOST_TEST(what.find("Signature check failed") != std::string::npos, what);
  // A signature value replaced.
  const auto value_at = sealed.find("<SignatureValue>") + std::string("<SignatureValue>").size();
  std::string broken_value = sealed;
  broken_value[value_at] = broken_value[value_at] == 'A' ? 'B' : 'A';
  refusal(client, url, broken_value);

  BOOST_TEST(f.mailbox_operator->deliveries().empty());
  BOOST_TEST(f.mailbox_operator->refused() == 3u);
  BOOST_TEST(f.mailbox_operator->last_refusal().find("Client") == 0u);

  // The untouched document is still accepted.
  BOOST_TEST(client.deliver_secure(url, sealed).all_delivered());
}

BOOST_AUTO_TEST_CASE(a_delivery_invalid_against_the_schema_is_refused) {
  mt::MmSimulatorFixture f;
  DeliveryClient client(f.tls());
  const std::string sealed = mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "s-1");
  // The Seal removed: deliverSecure no longer matches the SealedDelivery type.
  const auto from = sealed.find("<Seal>");
  const auto to = sealed.find("</Seal>") + std::string("</Seal>").size();
  BOOST_REQUIRE(from != std::string::npos && to > from);
  std::string without_seal = sealed;
  without_seal.erase(from, to - from);
  const auto what = refusal(client, f.mailbox_operator->url(), without_seal);
  BOOST_TEST(what.find("Invalid deliverSecure") != std::string::npos, what);
  BOOST_TEST(what.find("1001") != std::string::npos, what);
  BOOST_TEST(f.mailbox_operator->deliveries().empty());
}

BOOST_AUTO_TEST_CASE(a_signer_from_an_untrusted_ca_is_refused) {
  mt::MmSimulatorFixture f;
  const auto& pki = mt::make_mailbox_test_pki();
  const auto impostor = SigningIdentity::from_pem(pki.impostor.key_pem, pki.impostor.certificate_pem);
  const auto platform = SigningIdentity::from_pem(pki.platform.key_pem, pki.platform.certificate_pem);
  const std::string signed_xml = compose_signed_delivery(mt::valid_delivery(), impostor);
  const std::string sealed = seal_delivery(
      signed_xml,
      Seal{std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}, true},
      platform);
  DeliveryClient client(f.tls());
  refusal(client, f.mailbox_operator->url(), sealed);
  BOOST_TEST(f.mailbox_operator->deliveries().empty());
}

BOOST_AUTO_TEST_CASE(failures_are_injected_per_recipient_and_recorded_nowhere) {
  mt::MmSimulatorFixture f;
  DeliveryClient client(f.tls());
  const std::string url = f.mailbox_operator->url();
  f.mailbox_operator->set_behaviour("191212121212", mm_simulator::Behaviour::fail(false));
  BOOST_CHECK_THROW(client.deliver_secure(url, mt::MmSimulatorFixture::sealed_delivery("191212121212", "f-1")),
                    soap::FaultError);
  // Others are not affected.
  BOOST_TEST(
      client.deliver_secure(url, mt::MmSimulatorFixture::sealed_delivery("198101052382", "f-2")).all_delivered());
  f.mailbox_operator->clear_behaviours();
  BOOST_TEST(
      client.deliver_secure(url, mt::MmSimulatorFixture::sealed_delivery("191212121212", "f-1")).all_delivered());
  BOOST_TEST(f.mailbox_operator->times_delivered("f-1") == 1u);
  BOOST_TEST(f.mailbox_operator->refused() == 1u);
}

BOOST_AUTO_TEST_CASE(a_hanging_request_is_released_with_a_fault_and_stop_does_not_wait_for_it) {
  mt::MmSimulatorFixture f;
  f.mailbox_operator->set_behaviour(mt::kRecipient, mm_simulator::Behaviour::hang());
  DeliveryClient client(f.tls(5s));
  std::thread release([&] {
    std::this_thread::sleep_for(300ms);
    f.mailbox_operator->release_hanging();
  });
  try {
    client.deliver_secure(f.mailbox_operator->url(), mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "r-1"));
    BOOST_FAIL("accepted");
  } catch (const soap::FaultError& e) {
    BOOST_TEST(!e.permanent());
  }
  release.join();

  // Hanging again, and the simulator is stopped meanwhile: stop() ends promptly.
  DeliveryClient impatient(f.tls(200ms));
  BOOST_CHECK_THROW(impatient.deliver_secure(f.mailbox_operator->url(),
                                             mt::MmSimulatorFixture::sealed_delivery(mt::kRecipient, "r-2")),
                    Unavailable);
  const auto started = std::chrono::steady_clock::now();
  f.mailbox_operator->stop();
  BOOST_TEST((std::chrono::steady_clock::now() - started < 5s));
  BOOST_TEST(f.mailbox_operator->deliveries().empty());
}

BOOST_AUTO_TEST_SUITE_END()
