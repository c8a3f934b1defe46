#include <boost/test/unit_test.hpp>

#include <Poco/Base64Decoder.h>
#include <Poco/Net/ServerSocket.h>

#include <sstream>

#include "libcore/bankid/bankid_fixture.hpp"
#include "samverkan/bankid/animated_qr.hpp"
#include "samverkan/bankid/client.hpp"
#include "samverkan/core/error.hpp"

using namespace samverkan;
using namespace std::chrono_literals;
using bankid_simulator::Scenario;

namespace {

std::string from_base64(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  std::string out;
  char c;
  while (decoder.get(c)) out += c;
  return out;
}

bankid::AuthRequest auth_for(const char* person = nullptr) {
  bankid::AuthRequest request;
  request.end_user_ip = "192.0.2.10";
  if (person) request.requirement.personal_number = test::person(person);
  return request;
}

// True when `e` is an ApiError of this kind, status and errorCode.
auto api_error(ErrorKind kind, int status, const std::string& code) {
  return [=](const bankid::ApiError& e) {
    BOOST_TEST_MESSAGE(e.what());
    return e.kind() == kind && e.http_status() == status && e.error_code() == code;
  };
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(bankid_client_test)

BOOST_FIXTURE_TEST_CASE(auth_qr_collect_pending_then_complete, test::BankIdFixture) {
  auto bankid = client();
  const auto order = bankid->auth(auth_for());
  BOOST_TEST(!order.order_ref.empty());
  BOOST_TEST(!order.auto_start_token.empty());
  BOOST_TEST(!order.qr_start_token.empty());
  BOOST_TEST(!order.qr_start_secret.empty());
  BOOST_TEST((order.started_at == clock.now()));

  // The app scans the QR code of the current second; the simulator checks the HMAC.
  const bankid::AnimatedQr qr(order, clock);
  BOOST_TEST(qr.content().rfind("bankid." + order.qr_start_token + ".0.", 0) == 0u);
  BOOST_TEST(simulator->accepts_qr(qr.content()));

  auto result = bankid->collect(order.order_ref);
  BOOST_TEST(result.order_ref == order.order_ref);
  BOOST_TEST((result.status == bankid::CollectStatus::kPending));
  BOOST_TEST((result.hint_code == bankid::HintCode::kOutstandingTransaction));
  BOOST_TEST(result.hint_code_text == "outstandingTransaction");
  BOOST_TEST(!result.completion_data.has_value());

  clock.advance(2s);  // the default scenario scans at half of complete_after (4 s)
  BOOST_TEST(simulator->accepts_qr(qr.content()), "the QR code of second 2");
  result = bankid->collect(order.order_ref);
  BOOST_TEST((result.status == bankid::CollectStatus::kPending));
  BOOST_TEST((result.hint_code == bankid::HintCode::kUserSign));

  clock.advance(2s);
  result = bankid->collect(order.order_ref);
  BOOST_REQUIRE((result.status == bankid::CollectStatus::kComplete));
  BOOST_TEST((result.hint_code == bankid::HintCode::kNone));
  BOOST_REQUIRE(result.completion_data.has_value());
  const auto& data = *result.completion_data;
  BOOST_TEST((data.user.personal_number == test::person(test::kAnna)));
  BOOST_TEST(data.user.personal_number.digits() == test::kAnna);
  BOOST_TEST(data.user.given_name == "Test");
  BOOST_TEST(data.user.surname == "Testsson");
  BOOST_TEST(data.user.name == "Test Testsson");
  BOOST_TEST(data.device.ip_address == "192.0.2.10");
  BOOST_TEST(data.bank_id_issue_date == "2024-01-15");
  BOOST_TEST(!data.ocsp_response.empty());
  const auto signature = from_base64(data.signature);
  BOOST_TEST(contains(signature, "<personalNumber>" + std::string(test::kAnna) + "</personalNumber>"));
  BOOST_TEST(contains(signature, "<operation>auth</operation>"));
  BOOST_TEST(!data.step_up_mrtd.has_value());

  // Collecting again gives the same answer; the order is no longer running.
  BOOST_TEST((bankid->collect(order.order_ref).status == bankid::CollectStatus::kComplete));
  BOOST_TEST(!simulator->accepts_qr(qr.content()), "a finished order takes no scans");

  // The simulator saw our relying-party certificate on every request.
  for (const auto& name : simulator->client_common_names()) BOOST_TEST(name == "Samverkan test relying party");
  BOOST_TEST(simulator->requests_served() == 5u);
}

BOOST_FIXTURE_TEST_CASE(stale_or_forged_qr_codes_are_refused, test::BankIdFixture) {
  simulator->set_scenario(test::person(test::kAnna), Scenario::complete(60s));
  auto bankid = client();
  const auto order = bankid->auth(auth_for());
  const bankid::AnimatedQr qr(order, clock);
  const auto at_zero = qr.content();
  BOOST_TEST(simulator->accepts_qr(at_zero));
  BOOST_TEST(!simulator->accepts_qr(bankid::qr_content(order.qr_start_token, order.qr_start_secret, 1)),
             "a time in the future");
  BOOST_TEST(!simulator->accepts_qr(bankid::qr_content(order.qr_start_token, "guessed-secret", 0)));
  BOOST_TEST(!simulator->accepts_qr("bankid." + order.qr_start_token + ".0.00"));
  BOOST_TEST(!simulator->accepts_qr("not a bankid code"));

  clock.advance(1900ms);
  BOOST_TEST(simulator->accepts_qr(at_zero), "within the tolerance");
  clock.advance(5s);
  BOOST_TEST(!simulator->accepts_qr(at_zero), "too old");
  BOOST_TEST(simulator->accepts_qr(qr.content()), "the current one");
}

BOOST_FIXTURE_TEST_CASE(sign_with_visible_and_non_visible_data, test::BankIdFixture) {
  auto bankid = client();
  bankid::SignRequest request;
  request.end_user_ip = "2001:db8::7";
  request.user_visible_data = "Jag godkänner ansökan om bygglov, ärende BN 2026/114.";
  request.user_visible_data_format = bankid::TextFormat::kSimpleMarkdownV1;
  request.user_non_visible_data = std::string("sha256:\x01\x02\xff", 10);
  request.requirement.personal_number = test::person(test::kBertil);
  request.requirement.mrtd = true;
  simulator->set_scenario(test::person(test::kBertil), [] {
    auto s = Scenario::complete(6s);
    s.given_name = "Bertil";
    s.surname = "Öberg";
    return s;
  }());

  const auto order = bankid->sign(request);
  BOOST_TEST((bankid->collect(order.order_ref).hint_code == bankid::HintCode::kOutstandingTransaction));
  clock.advance(3s);
  BOOST_TEST((bankid->collect(order.order_ref).hint_code == bankid::HintCode::kUserSign));
  clock.advance(3s);
  const auto result = bankid->collect(order.order_ref);
  BOOST_REQUIRE((result.status == bankid::CollectStatus::kComplete));
  const auto& data = *result.completion_data;
  BOOST_TEST(data.user.personal_number.digits() == test::kBertil);
  BOOST_TEST(data.user.name == "Bertil Öberg");
  BOOST_TEST(data.device.ip_address == "2001:db8::7");
  BOOST_TEST(data.step_up_mrtd.value_or(false));

  // The simulated signature names the signed text exactly as sent: base64 of its UTF-8 bytes.
  const auto signature = from_base64(data.signature);
  BOOST_TEST(contains(signature, "<operation>sign</operation>"));
  const auto start = signature.find("<userVisibleData>") + std::string("<userVisibleData>").size();
  const auto end = signature.find("</userVisibleData>");
  BOOST_TEST(from_base64(signature.substr(start, end - start)) == request.user_visible_data);
  BOOST_TEST(contains(signature, "<name>Bertil Öberg</name>"));
}

BOOST_FIXTURE_TEST_CASE(sign_needs_a_text_and_auth_a_valid_ip, test::BankIdFixture) {
  auto bankid = client();
  bankid::SignRequest sign;
  sign.end_user_ip = "192.0.2.1";
  BOOST_CHECK_THROW(bankid->sign(sign), InvalidInput);
  auto auth = auth_for();
  auth.end_user_ip = "";
  BOOST_CHECK_THROW(bankid->auth(auth), InvalidInput);
  auth.end_user_ip = "192.0.2.300";
  BOOST_CHECK_THROW(bankid->auth(auth), InvalidInput);
  BOOST_CHECK_THROW(bankid->collect(""), InvalidInput);
  BOOST_TEST(simulator->requests_served() == 0u, "refused before anything was sent");
}

BOOST_FIXTURE_TEST_CASE(each_failure_hint_code, test::BankIdFixture) {
  auto bankid = client();
  const std::pair<const char*, bankid::HintCode> hints[] = {
      {"expiredTransaction", bankid::HintCode::kExpiredTransaction},
      {"certificateErr", bankid::HintCode::kCertificateErr},
      {"userCancel", bankid::HintCode::kUserCancel},
      {"cancelled", bankid::HintCode::kCancelled},
      {"startFailed", bankid::HintCode::kStartFailed},
      {"userDeclinedCall", bankid::HintCode::kUserDeclinedCall},
  };
  for (const auto& [text, code] : hints) {
    BOOST_TEST_CONTEXT("hintCode " << text) {
      simulator->set_scenario(test::person(test::kCecilia), Scenario::fail(text, 4s));
      const auto order = bankid->auth(auth_for(test::kCecilia));
      auto result = bankid->collect(order.order_ref);
      BOOST_TEST((result.status == bankid::CollectStatus::kPending));
      clock.advance(3999ms);
      BOOST_TEST((bankid->collect(order.order_ref).status == bankid::CollectStatus::kPending));
      clock.advance(1ms);
      result = bankid->collect(order.order_ref);
      BOOST_TEST((result.status == bankid::CollectStatus::kFailed));
      BOOST_TEST((result.hint_code == code));
      BOOST_TEST(result.hint_code_text == text);
      BOOST_TEST(!result.completion_data.has_value());
    }
  }
}

BOOST_FIXTURE_TEST_CASE(orders_expire_after_30_s_unscanned_and_3_min_unsigned, test::BankIdFixture) {
  auto bankid = client();
  simulator->set_scenario(test::person(test::kBertil), Scenario::never_scan());
  simulator->set_scenario(test::person(test::kCecilia), Scenario::never_sign(1s));
  const auto unscanned = bankid->auth(auth_for(test::kBertil));
  const auto unsigned_order = bankid->auth(auth_for(test::kCecilia));

  clock.advance(29s);
  BOOST_TEST((bankid->collect(unscanned.order_ref).hint_code == bankid::HintCode::kOutstandingTransaction));
  clock.advance(1s);
  auto result = bankid->collect(unscanned.order_ref);
  BOOST_TEST((result.status == bankid::CollectStatus::kFailed));
  BOOST_TEST((result.hint_code == bankid::HintCode::kExpiredTransaction));

  result = bankid->collect(unsigned_order.order_ref);
  BOOST_TEST((result.hint_code == bankid::HintCode::kUserSign), "scanned in time, so it runs on");
  clock.advance(149s);  // 179 s after the start
  BOOST_TEST((bankid->collect(unsigned_order.order_ref).status == bankid::CollectStatus::kPending));
  clock.advance(1s);
  result = bankid->collect(unsigned_order.order_ref);
  BOOST_TEST((result.status == bankid::CollectStatus::kFailed));
  BOOST_TEST((result.hint_code == bankid::HintCode::kExpiredTransaction));
}

BOOST_FIXTURE_TEST_CASE(cancel_forgets_the_order, test::BankIdFixture) {
  auto bankid = client();
  const auto order = bankid->auth(auth_for());
  BOOST_CHECK_NO_THROW(bankid->cancel(order.order_ref));
  BOOST_CHECK_EXCEPTION(bankid->collect(order.order_ref), bankid::ApiError,
                        api_error(ErrorKind::kInvalidInput, 400, "invalidParameters"));
  BOOST_CHECK_EXCEPTION(bankid->cancel(order.order_ref), bankid::ApiError,
                        api_error(ErrorKind::kInvalidInput, 400, "invalidParameters"));
}

BOOST_FIXTURE_TEST_CASE(unknown_order_ref_is_invalid_parameters, test::BankIdFixture) {
  auto bankid = client();
  BOOST_CHECK_EXCEPTION(bankid->collect("131daac9-16c6-4618-beb0-365768f37288"), bankid::ApiError,
                        [](const bankid::ApiError& e) {
                          return e.kind() == ErrorKind::kInvalidInput && e.error_code() == "invalidParameters" &&
                                 e.details() == "No such order" &&
                                 contains(e.what(), "BankID collect failed with HTTP 400 invalidParameters");
                        });
}

BOOST_FIXTURE_TEST_CASE(second_order_for_the_same_person_is_already_in_progress, test::BankIdFixture) {
  auto bankid = client();
  const auto first = bankid->auth(auth_for(test::kBertil));
  const auto other_person = bankid->auth(auth_for(test::kCecilia));

  BOOST_CHECK_EXCEPTION(bankid->auth(auth_for(test::kBertil)), bankid::ApiError,
                        api_error(ErrorKind::kConflict, 400, "alreadyInProgress"));
  BOOST_TEST(simulator->order_count() == 2u, "no order was made");

  // As in the real service, the running order was cancelled by the attempt.
  const auto result = bankid->collect(first.order_ref);
  BOOST_TEST((result.status == bankid::CollectStatus::kFailed));
  BOOST_TEST((result.hint_code == bankid::HintCode::kCancelled));
  BOOST_TEST((bankid->collect(other_person.order_ref).status == bankid::CollectStatus::kPending),
             "another person's order is untouched");

  // Nothing runs for Bertil now, so a new order is accepted.
  BOOST_CHECK_NO_THROW(bankid->auth(auth_for(test::kBertil)));
}

BOOST_FIXTURE_TEST_CASE(http_errors_map_to_error_kinds, test::BankIdFixture) {
  auto bankid = client();
  struct Case {
    int status;
    const char* code;
    ErrorKind kind;
  };
  const Case cases[] = {
      {400, "invalidParameters", ErrorKind::kInvalidInput},
      {400, "alreadyInProgress", ErrorKind::kConflict},
      {401, "unauthorized", ErrorKind::kInternal},
      {403, "unauthorized", ErrorKind::kInternal},
      {404, "notFound", ErrorKind::kInternal},
      {408, "requestTimeout", ErrorKind::kUnavailable},
      {500, "internalError", ErrorKind::kUnavailable},
      {503, "maintenance", ErrorKind::kUnavailable},
      {502, "", ErrorKind::kUnavailable},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.status << " " << c.code) {
      simulator->fail_next_request(c.status, c.code, "simulated");
      BOOST_CHECK_EXCEPTION(bankid->auth(auth_for()), bankid::ApiError, [&](const bankid::ApiError& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.kind() == c.kind && e.http_status() == c.status && e.error_code() == c.code &&
               e.details() == "simulated" &&
               contains(e.what(), "BankID auth failed with HTTP " + std::to_string(c.status));
      });
    }
  }
  // An error answer that is not BankID's JSON (a proxy's page): the status decides.
  simulator->answer_next_request(401, "<html>Unauthorized</html>");
  BOOST_CHECK_EXCEPTION(bankid->collect("x"), bankid::ApiError, api_error(ErrorKind::kInternal, 401, ""));
  simulator->answer_next_request(503, "");
  BOOST_CHECK_EXCEPTION(bankid->cancel("x"), bankid::ApiError, api_error(ErrorKind::kUnavailable, 503, ""));
}

BOOST_FIXTURE_TEST_CASE(broken_answers_are_unavailable, test::BankIdFixture) {
  auto bankid = client();
  auto unavailable_because = [](const std::string& why) {
    return [why](const Unavailable& e) {
      BOOST_TEST_MESSAGE(e.what());
      return contains(e.what(), "BankID sent an unusable answer") && contains(e.what(), why);
    };
  };
  simulator->answer_next_request(200, "not json");
  BOOST_CHECK_EXCEPTION(bankid->auth(auth_for()), Unavailable, unavailable_because("not a JSON object"));
  simulator->answer_next_request(200, R"({"orderRef":"a","autoStartToken":"b","qrStartToken":"c"})");
  BOOST_CHECK_EXCEPTION(bankid->auth(auth_for()), Unavailable, unavailable_because("qrStartSecret"));
  simulator->answer_next_request(200, R"({"orderRef":"a","status":"weird"})");
  BOOST_CHECK_EXCEPTION(bankid->collect("a"), Unavailable, unavailable_because("status"));
  simulator->answer_next_request(200, R"({"orderRef":"a","status":"complete"})");
  BOOST_CHECK_EXCEPTION(bankid->collect("a"), Unavailable, unavailable_because("completionData"));
  // A complete order whose personal number fails its check digit.
  simulator->answer_next_request(
      200, R"({"orderRef":"a","status":"complete","completionData":{"user":{"personalNumber":"198507099806",)"
           R"("name":"A B","givenName":"A","surname":"B"},"device":{"ipAddress":"192.0.2.1"},)"
           R"("bankIdIssueDate":"2024-01-01","signature":"PHg+","ocspResponse":"eA=="}})");
  BOOST_CHECK_EXCEPTION(bankid->collect("a"), Unavailable, [](const Unavailable& e) {
    return contains(e.what(), "personal number") && !contains(e.what(), "198507099806");
  });
  // An unknown hint code is kept, not refused: BankID may add codes.
  simulator->answer_next_request(200, R"({"orderRef":"a","status":"pending","hintCode":"somethingNew"})");
  const auto result = bankid->collect("a");
  BOOST_TEST((result.hint_code == bankid::HintCode::kUnknown));
  BOOST_TEST(result.hint_code_text == "somethingNew");
}

BOOST_FIXTURE_TEST_CASE(silent_server_times_out, test::BankIdFixture) {
  // A TCP listener that never answers: the TLS handshake waits for the io timeout.
  Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
  auto options = client_options();
  options.base_url = "https://localhost:" + std::to_string(silent.address().port()) + "/rp/v6.0/";
  options.connect_timeout = 300ms;
  options.io_timeout = 300ms;
  auto bankid = client(options);
  const auto started = std::chrono::steady_clock::now();
  BOOST_CHECK_EXCEPTION(bankid->auth(auth_for()), Unavailable, [](const Unavailable& e) {
    BOOST_TEST_MESSAGE(e.what());
    return contains(e.what(), "BankID auth at localhost:");
  });
  const auto took = std::chrono::steady_clock::now() - started;
  BOOST_TEST_MESSAGE("gave up after " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
  BOOST_TEST((took < 3s));
}

BOOST_FIXTURE_TEST_CASE(closed_port_is_unavailable, test::BankIdFixture) {
  const auto port = simulator->port();
  simulator->stop();
  auto bankid = client();
  BOOST_CHECK_EXCEPTION(bankid->auth(auth_for()), Unavailable, [&](const Unavailable& e) {
    BOOST_TEST_MESSAGE(e.what());
    return contains(e.what(), "cannot reach BankID auth at localhost:" + std::to_string(port));
  });
}

BOOST_FIXTURE_TEST_CASE(bad_options_are_invalid_input, test::BankIdFixture) {
  auto options = client_options();
  options.base_url = "http://localhost/rp/v6.0/";
  BOOST_CHECK_THROW(client(options), InvalidInput);
  options = client_options();
  options.client_certificate_file = dir.write("bad.pem", "not a certificate");
  BOOST_CHECK_THROW(client(options), InvalidInput);
  options = client_options();
  options.server_ca_file = dir / "missing.pem";
  BOOST_CHECK_THROW(client(options), InvalidInput);
  options = client_options();
  options.client_private_key_file = pki.untrusted_relying_party.private_key;  // not this certificate's key
  BOOST_CHECK_THROW(client(options), InvalidInput);
  options = client_options();
  options.io_timeout = 0ms;
  BOOST_CHECK_THROW(client(options), InvalidInput);

  // A base URL without the final '/' still reaches /rp/v6.0/auth.
  options = client_options();
  options.base_url.pop_back();
  BOOST_CHECK_NO_THROW(client(options)->auth(auth_for()));
}

BOOST_AUTO_TEST_SUITE_END()
