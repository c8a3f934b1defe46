// Reachability: the four acceptance rules, the isReachable wire format (against the official
// schema), batching, the cache, and faults, against the recipient register simulator.
#include <boost/test/unit_test.hpp>

#include <cstdio>

#include "mm_simulator_fixture.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/reachability.hpp"
#include "samverkan/xml/schema.hpp"

using namespace samverkan;
using namespace samverkan::mailbox;
using namespace std::chrono_literals;
namespace mt = samverkan::mailbox::test;

namespace {

constexpr const char* kSender = "212000-0142";  // the test municipality
constexpr const char* kSenderOrgNr = "162120000142";

ReachabilityStatus usable_status() {
  ReachabilityStatus s;
  s.recipient_id = "191212121212";
  s.account_type = "Secure";
  s.pending = false;
  s.sender_accepted = true;
  s.service_supplier = MailboxOperator{"165560000000", "Kivra", "https://operator.example/Service/v3"};
  return s;
}

// "1990010100NN"-style twelve-digit ids, distinct for each n.
std::string person(std::size_t n) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "19800101%04zu", n % 10000);
  return buffer;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reachability_test)

BOOST_AUTO_TEST_CASE(a_secure_accepted_account_with_an_operator_is_digital) {
  const auto verdict = judge(usable_status());
  BOOST_TEST(verdict.digital());
  BOOST_TEST(!verdict.reason.has_value());
  BOOST_TEST(verdict.mailbox->name == "Kivra");
  BOOST_TEST(verdict.mailbox->service_address == "https://operator.example/Service/v3");
}

BOOST_AUTO_TEST_CASE(each_rule_alone_makes_a_recipient_unreachable) {
  auto sender_refused = usable_status();
  sender_refused.sender_accepted = false;
  auto pending = usable_status();
  pending.pending = true;
  auto anonymous = usable_status();
  anonymous.account_type = "Anonymous";
  auto none = usable_status();
  none.account_type = "Not";
  auto no_supplier = usable_status();
  no_supplier.service_supplier.reset();
  auto no_address = usable_status();
  no_address.service_supplier->service_address = "";
  auto plain_http = usable_status();
  plain_http.service_supplier->service_address = "http://operator.example/Service/v3";

  const std::pair<ReachabilityStatus, UnreachableReason> cases[] = {
      {sender_refused, UnreachableReason::kSenderNotAccepted},
      {pending, UnreachableReason::kPending},
      {anonymous, UnreachableReason::kNotSecure},
      {none, UnreachableReason::kNotSecure},
      {no_supplier, UnreachableReason::kNoServiceSupplier},
      {no_address, UnreachableReason::kNoServiceSupplier},
      {plain_http, UnreachableReason::kNoServiceSupplier},
  };
  for (const auto& [status, reason] : cases) {
    const auto verdict = judge(status);
    BOOST_TEST(!verdict.digital());
    BOOST_TEST(!verdict.mailbox.has_value());
    BOOST_REQUIRE(verdict.reason.has_value());
    BOOST_TEST(to_string(*verdict.reason) == to_string(reason));
  }
}

BOOST_AUTO_TEST_CASE(the_sender_is_16_and_the_organisation_number) {
  BOOST_TEST(sender_org_nr("212000-0142") == kSenderOrgNr);
  BOOST_TEST(sender_org_nr("2120000142") == kSenderOrgNr);
  BOOST_TEST(sender_org_nr("162120000142") == kSenderOrgNr);
  BOOST_CHECK_THROW(sender_org_nr("212000-0143"), InvalidInput);  // check digit
  BOOST_CHECK_THROW(sender_org_nr("12345"), InvalidInput);
}

BOOST_AUTO_TEST_CASE(the_request_is_valid_against_the_official_schema) {
  const std::string envelope = write_is_reachable(kSenderOrgNr, {"191212121212", "198101052382"});
  const auto message = soap::parse_envelope(envelope, "request");
  BOOST_TEST(message.body_element.is("isReachable", kRecipientV3Namespace));
  BOOST_TEST(message.body_element.children("recipientId", kRecipientV3Namespace).size() == 2u);
  // Validate the payload as its own document.
  const auto payload_text =
      envelope.substr(envelope.find("<isReachable"), envelope.find("</isReachable>") - envelope.find("<isReachable") +
                                                         std::string("</isReachable>").size());
  const auto schema = xml::Schema::load(mt::schema_dir() / "v3" / "Recipient.xsd");
  const auto problems = schema.validate(xml::parse_untrusted(payload_text, "payload"));
  BOOST_TEST(problems.empty());

  BOOST_CHECK_THROW(write_is_reachable(kSenderOrgNr, std::vector<std::string>(1001, "191212121212")), InvalidInput);
  BOOST_CHECK_THROW(write_is_reachable(kSenderOrgNr, {"19121212-1212"}), InvalidInput);
  BOOST_CHECK_THROW(write_is_reachable("2120000142", {"191212121212"}), InvalidInput);
}

BOOST_AUTO_TEST_CASE(the_register_answers_each_rule) {
  mt::MmSimulatorFixture f;
  auto digital = f.reachable_account();
  auto refused = f.reachable_account();
  refused.sender_accepted = false;
  auto blocked = f.reachable_account();
  blocked.blocked_senders.insert(kSenderOrgNr);
  auto pending = f.reachable_account();
  pending.pending = true;
  auto anonymous = f.reachable_account();
  anonymous.type = "Anonymous";
  auto no_supplier = f.reachable_account();
  no_supplier.service_supplier.reset();
  f.recipient_register->set_account("191212121212", digital);
  f.recipient_register->set_account("198101052382", refused);
  f.recipient_register->set_account("197001012389", blocked);
  f.recipient_register->set_account("197505052386", pending);
  f.recipient_register->set_account("198002022385", anonymous);
  f.recipient_register->set_account("199003032381", no_supplier);
  // 200001012384 has no account at all.

  ReachabilityClient client(f.reachability_options());
  const auto verdicts = client.check(kSender, {"191212121212", "198101052382", "197001012389", "197505052386",
                                               "198002022385", "199003032381", "200001012384"});
  BOOST_REQUIRE_EQUAL(verdicts.size(), 7u);
  BOOST_TEST(verdicts[0].digital());
  BOOST_TEST(verdicts[0].recipient_id == "191212121212");
  BOOST_TEST(verdicts[0].mailbox->service_address == f.mailbox_operator->url());
  BOOST_TEST(verdicts[0].mailbox->name == "Simulerad brevlåda");
  const UnreachableReason expected[] = {UnreachableReason::kSenderNotAccepted, UnreachableReason::kSenderNotAccepted,
                                        UnreachableReason::kPending,           UnreachableReason::kNotSecure,
                                        UnreachableReason::kNoServiceSupplier, UnreachableReason::kNotSecure};
  for (std::size_t i = 0; i < 6; ++i) {
    BOOST_TEST_CONTEXT(verdicts[i + 1].recipient_id) {
      BOOST_TEST(!verdicts[i + 1].digital());
      BOOST_REQUIRE(verdicts[i + 1].reason.has_value());
      BOOST_TEST(to_string(*verdicts[i + 1].reason) == to_string(expected[i]));
    }
  }
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 1u);
  // The blocked sender is blocked only for this sender: another municipality reaches the person.
  BOOST_TEST(client.check_one("2120000209", "197001012389").digital());
}

BOOST_AUTO_TEST_CASE(batches_of_1000_make_2500_recipients_three_calls) {
  mt::MmSimulatorFixture f;
  f.recipient_register->set_default_account(f.reachable_account());
  ReachabilityClient client(f.reachability_options());
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < 2500; ++i) ids.push_back(person(i));
  const auto verdicts = client.check(kSender, ids);
  BOOST_REQUIRE_EQUAL(verdicts.size(), 2500u);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    BOOST_TEST_REQUIRE(verdicts[i].recipient_id == ids[i]);
    BOOST_TEST_REQUIRE(verdicts[i].digital());
  }
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 3u);
  const std::vector<std::size_t> expected{1000, 1000, 500};
  BOOST_TEST(f.recipient_register->batch_sizes() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(duplicates_are_asked_once_and_a_smaller_batch_size_is_honoured) {
  mt::MmSimulatorFixture f;
  f.recipient_register->set_default_account(f.reachable_account());
  auto options = f.reachability_options();
  options.batch_size = 2;
  ReachabilityClient client(options);
  const auto verdicts = client.check(kSender, {person(1), person(2), person(1), person(3), person(2)});
  BOOST_TEST(verdicts.size() == 5u);
  BOOST_TEST(verdicts[2].recipient_id == person(1));
  const std::vector<std::size_t> expected{2, 1};
  BOOST_TEST(f.recipient_register->batch_sizes() == expected, boost::test_tools::per_element());

  options.batch_size = 1001;
  BOOST_CHECK_THROW(ReachabilityClient{options}, InvalidInput);
  options.batch_size = 0;
  BOOST_CHECK_THROW(ReachabilityClient{options}, InvalidInput);
}

BOOST_AUTO_TEST_CASE(answers_are_cached_until_the_ttl_passes) {
  mt::MmSimulatorFixture f;
  f.recipient_register->set_account("191212121212", f.reachable_account());
  ManualClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000)));
  auto options = f.reachability_options();
  options.cache_ttl = 60s;
  ReachabilityClient client(options, clock);

  BOOST_TEST(client.check_one(kSender, "191212121212").digital());
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 1u);
  BOOST_TEST(client.cache_size() == 1u);

  // The register changes its mind, but the cached answer is still fresh.
  auto pending = f.reachable_account();
  pending.pending = true;
  f.recipient_register->set_account("191212121212", pending);
  clock.advance(59s);
  BOOST_TEST(client.check_one(kSender, "191212121212").digital());
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 1u);

  // Cached answers are per sender.
  BOOST_TEST(!client.check_one("2120000209", "191212121212").digital());
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 2u);

  // Expired: asked again, and the new answer is used.
  clock.advance(1s);
  const auto verdict = client.check_one(kSender, "191212121212");
  BOOST_TEST(!verdict.digital());
  BOOST_TEST(to_string(verdict.reason.value()) == "pending");
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 3u);

  // A mixed call asks only about the ones not cached.
  client.check(kSender, {"191212121212", "198101052382"});
  BOOST_TEST(f.recipient_register->batch_sizes().back() == 1u);

  client.clear_cache();
  BOOST_TEST(client.cache_size() == 0u);
  client.check_one(kSender, "191212121212");
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 5u);
}

BOOST_AUTO_TEST_CASE(a_zero_ttl_turns_the_cache_off) {
  mt::MmSimulatorFixture f;
  auto options = f.reachability_options();
  options.cache_ttl = 0s;
  ReachabilityClient client(options);
  client.check_one(kSender, "191212121212");
  client.check_one(kSender, "191212121212");
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 2u);
  BOOST_TEST(client.cache_size() == 0u);
}

BOOST_AUTO_TEST_CASE(register_faults_are_mapped_and_not_cached) {
  mt::MmSimulatorFixture f;
  f.recipient_register->set_default_account(f.reachable_account());
  ReachabilityClient client(f.reachability_options());

  f.recipient_register->fail_next_request({"Server", "Register overloaded", 2001, std::nullopt, std::nullopt});
  try {
    client.check_one(kSender, "191212121212");
    BOOST_FAIL("no fault");
  } catch (const Unavailable& e) {  // transient: retry later
    BOOST_TEST(std::string(e.what()).find("Register overloaded") != std::string::npos);
    BOOST_TEST(dynamic_cast<const soap::ServerFaultError*>(&e) != nullptr);
  }
  f.recipient_register->fail_next_request({"Client", "Sender unknown", 1100, std::nullopt, std::nullopt});
  try {
    client.check_one(kSender, "191212121212");
    BOOST_FAIL("no fault");
  } catch (const soap::FaultError& e) {
    BOOST_TEST(static_cast<int>(e.error().kind()) == static_cast<int>(ErrorKind::kInvalidInput));
    BOOST_TEST(e.permanent());
  }
  BOOST_TEST(client.cache_size() == 0u);
  BOOST_TEST(client.check_one(kSender, "191212121212").digital());  // the next call works
}

BOOST_AUTO_TEST_CASE(broken_register_answers_are_unavailable) {
  mt::MmSimulatorFixture f;
  ReachabilityClient client(f.reachability_options());
  const std::string start =
      R"(<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>)"
      R"(<isReachableResponse xmlns="http://minameddelanden.gov.se/schema/Recipient/v3" xmlns:r="http://minameddelanden.gov.se/schema/Recipient">)";
  const std::string end = "</isReachableResponse></s:Body></s:Envelope>";
  const auto item = [](const std::string& id, const std::string& accepted) {
    return "<return><r:AccountStatus><r:RecipientId>" + id +
           "</r:RecipientId><r:Type>Secure</r:Type><r:Pending>false</r:Pending></r:AccountStatus><r:SenderAccepted>" +
           accepted + "</r:SenderAccepted></return>";
  };
  const std::pair<std::string, std::string> answers[] = {
      {"a status for someone else only", start + item("198101052382", "true") + end},
      {"no status at all", start + end},
      {"a boolean that is not one", start + item("191212121212", "maybe") + end},
      {"a return without AccountStatus", start + "<return><r:SenderAccepted>true</r:SenderAccepted></return>" + end},
      {"an HTML error page", "<html><body>502 Bad Gateway</body></html>"},
  };
  for (const auto& [what, body] : answers) {
    BOOST_TEST_CONTEXT(what) {
      f.recipient_register->answer_next_request(what == "an HTML error page" ? 502 : 200, "text/xml", body);
      BOOST_CHECK_THROW(client.check_one(kSender, "191212121212"), Unavailable);
    }
  }
  BOOST_TEST(client.cache_size() == 0u);
  // A well-formed answer of our own making is read (the status decides, not the simulator's table).
  f.recipient_register->answer_next_request(200, "text/xml", start + item("191212121212", "true") + end);
  const auto verdict = client.check_one(kSender, "191212121212");
  BOOST_TEST(to_string(verdict.reason.value()) == "no-service-supplier");
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_before_anything_is_sent) {
  mt::MmSimulatorFixture f;
  ReachabilityClient client(f.reachability_options());
  BOOST_CHECK_THROW(client.check("not an org nr", {"191212121212"}), InvalidInput);
  BOOST_CHECK_THROW(client.check(kSender, {"1912121212"}), InvalidInput);
  BOOST_CHECK_THROW(client.check(kSender, {"19121212121x"}), InvalidInput);
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 0u);
  BOOST_TEST(client.check(kSender, {}).empty());

  auto options = f.reachability_options();
  options.register_url = "http://localhost/Recipient/v3";
  BOOST_CHECK_THROW(ReachabilityClient{options}, InvalidInput);
}

BOOST_AUTO_TEST_CASE(an_unreachable_register_is_unavailable) {
  mt::MmSimulatorFixture f;
  auto options = f.reachability_options();
  f.recipient_register->stop();
  ReachabilityClient client(options);
  BOOST_CHECK_THROW(client.check_one(kSender, "191212121212"), Unavailable);
}

BOOST_AUTO_TEST_CASE(a_kept_connection_is_reused_and_replaced_when_the_register_closed_it) {
  mt::MmSimulatorFixture f;
  f.recipient_register->set_default_account(f.reachable_account());
  auto options = f.reachability_options();
  options.batch_size = 1;
  ReachabilityClient client(options);
  // Three calls on one kept connection.
  BOOST_TEST(client.check(kSender, {person(1), person(2), person(3)}).size() == 3u);
  BOOST_TEST(f.recipient_register->is_reachable_calls() == 3u);

  // The register restarts on the same port: the kept connection is dead; the next call is made
  // once more on a fresh connection and succeeds.
  const auto port = f.recipient_register->port();
  f.recipient_register->stop();
  auto settings = f.settings();
  settings.listen = "127.0.0.1:" + std::to_string(port);
  auto restarted = std::make_unique<mm_simulator::RecipientRegister>(settings);
  restarted->start();
  restarted->set_default_account(f.reachable_account());
  BOOST_TEST(client.check_one(kSender, person(4)).digital());
  BOOST_TEST(restarted->is_reachable_calls() == 1u);

  // A register that is gone is still reported as unavailable, not retried for ever.
  restarted->stop();
  BOOST_CHECK_THROW(client.check_one(kSender, person(5)), Unavailable);
}

BOOST_AUTO_TEST_SUITE_END()
