#include "samverkan/auth/certificate_revocation.hpp"

#include <boost/test/unit_test.hpp>

#include <sstream>

#include "samverkan/core/error.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

using namespace samverkan;
using auth::RevocationMode;
using test::CertificateKind;
using test::TestCertificate;

namespace {

// A throwaway SITHS-like CA with two cards (one to be revoked), a CRL distribution point and
// an OCSP responder on loopback. The checker's clock starts at the real time (the certificates
// are valid from a day before to 30 days after) and is moved by hand.
struct Fixture {
  test::TempDir dir;
  std::time_t start = std::time(nullptr);
  ManualClock clock{std::chrono::system_clock::from_time_t(start)};
  TestCertificate ca =
      TestCertificate::issue({{"C", "SE"}, {"CN", "Test SITHS e-id CA"}}, nullptr, CertificateKind::kCa, start);
  TestCertificate card = TestCertificate::issue({{"CN", "Anna Andersson"}, {"serialNumber", "SE2120000142-abc1"}}, &ca,
                                                CertificateKind::kClient, start);
  TestCertificate stolen_card = TestCertificate::issue({{"CN", "Nils Nilsson"}, {"serialNumber", "SE2120000142-zzz9"}},
                                                       &ca, CertificateKind::kClient, start);
  test::PemFiles ca_pem = test::save_pem(ca, dir.path(), "ca");
  std::ostringstream log_stream;
  log::Logger logger{log_stream};
  test::CrlDistributionPoint crl_point;

  Fixture() { crl_point.publish(test::make_crl(ca, {&stolen_card}, start - 60, start + 3600)); }

  auth::RevocationOptions crl_options(RevocationMode mode = RevocationMode::kSoftFail) const {
    auth::RevocationOptions o;
    o.crl_urls = {crl_point.url()};
    o.mode = mode;
    o.timeout = std::chrono::seconds(5);
    o.cache_dir = dir / "crl";
    return o;
  }

  auth::RevocationOptions ocsp_options(const std::string& url, RevocationMode mode = RevocationMode::kSoftFail) const {
    auth::RevocationOptions o;
    o.ocsp_url = url;
    o.mode = mode;
    o.timeout = std::chrono::seconds(5);
    return o;
  }

  std::unique_ptr<auth::RevocationChecker> checker(auth::RevocationOptions options) {
    return std::make_unique<auth::RevocationChecker>(ca_pem.certificate, std::move(options), clock, &logger);
  }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string state(const auth::RevocationStatus& status) { return std::string(auth::to_string(status.state)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(certificate_revocation_test)

BOOST_FIXTURE_TEST_CASE(a_card_the_crl_does_not_list_is_good, Fixture) {
  auto c = checker(crl_options(RevocationMode::kHardFail));
  BOOST_TEST(c->refresh_due() == 1);
  const auto status = c->check(card.der());
  BOOST_TEST(state(status) == "good");
  BOOST_TEST(status.accepted(RevocationMode::kHardFail));
  BOOST_TEST(contains(status.detail, "does not list it"));
  BOOST_TEST(crl_point.downloads() == 1);
}

BOOST_FIXTURE_TEST_CASE(a_card_on_the_crl_is_revoked_in_either_mode, Fixture) {
  auto c = checker(crl_options());
  c->refresh_due();
  const auto status = c->check(stolen_card.der());
  BOOST_TEST(state(status) == "revoked");
  BOOST_TEST(!status.accepted(RevocationMode::kSoftFail));
  BOOST_TEST(contains(status.detail, "lists it as revoked since"));
  BOOST_TEST(contains(status.detail, "CN=Test SITHS e-id CA"));
  // The holder's identity is not in the message.
  BOOST_TEST(!contains(status.detail, "SE2120000142"));
}

BOOST_FIXTURE_TEST_CASE(the_ocsp_responder_decides_good_and_revoked, Fixture) {
  test::OcspResponder responder(ca, ca);
  responder.revoke(stolen_card);
  auto c = checker(ocsp_options(responder.url(), RevocationMode::kHardFail));
  const auto good = c->check(card.der());
  BOOST_TEST(state(good) == "good");
  BOOST_TEST(contains(good.detail, "OCSP responder"));
  const auto revoked = c->check(stolen_card.der());
  BOOST_TEST(state(revoked) == "revoked");
  BOOST_TEST(contains(revoked.detail, "answered revoked since"));
  // Definitive answers are reused within ocsp_cache: no second query for the same card.
  BOOST_TEST(state(c->check(card.der())) == "good");
  BOOST_TEST(responder.requests() == 2);
  clock.advance(std::chrono::minutes(6));
  responder.set_now(start + 360);
  BOOST_TEST(state(c->check(card.der())) == "good");
  BOOST_TEST(responder.requests() == 3);
}

BOOST_FIXTURE_TEST_CASE(a_delegated_responder_certificate_is_accepted, Fixture) {
  const auto signer = TestCertificate::issue({{"CN", "Test SITHS OCSP"}}, &ca, CertificateKind::kOcspResponder, start);
  test::OcspResponder responder(ca, signer);
  responder.revoke(stolen_card);
  auto c = checker(ocsp_options(responder.url(), RevocationMode::kHardFail));
  BOOST_TEST(state(c->check(card.der())) == "good");
  BOOST_TEST(state(c->check(stolen_card.der())) == "revoked");
}

BOOST_FIXTURE_TEST_CASE(an_answer_signed_by_someone_else_is_not_believed, Fixture) {
  // A responder whose key the CA never vouched for (a CA certificate of its own) says "good"
  // even for the stolen card: that answer must count for nothing.
  const auto rogue = TestCertificate::issue({{"CN", "Test SITHS e-id CA"}}, nullptr, CertificateKind::kCa, start);
  test::OcspResponder responder(ca, rogue);
  auto c = checker(ocsp_options(responder.url(), RevocationMode::kHardFail));
  const auto status = c->check(stolen_card.der());
  BOOST_TEST(state(status) == "unknown");
  BOOST_TEST(contains(status.detail, "not signed by the issuing CA"));
  BOOST_TEST(!status.accepted(RevocationMode::kHardFail));
}

BOOST_FIXTURE_TEST_CASE(a_dead_responder_is_accepted_in_soft_and_refused_in_hard_mode, Fixture) {
  test::OcspResponder responder(ca, ca);
  const std::string url = responder.url();
  responder.stop();
  for (const auto mode : {RevocationMode::kSoftFail, RevocationMode::kHardFail}) {
    auto c = checker(ocsp_options(url, mode));
    const auto status = c->check(card.der());
    BOOST_TEST(state(status) == "unknown");
    BOOST_TEST(contains(status.detail, "the OCSP responder " + url + " failed"));
    BOOST_TEST(status.accepted(mode) == (mode == RevocationMode::kSoftFail));
  }
  BOOST_TEST(contains(log_stream.str(), "OCSP query failed"));
}

BOOST_FIXTURE_TEST_CASE(a_dead_responder_falls_back_to_a_current_crl, Fixture) {
  test::OcspResponder responder(ca, ca);
  responder.stop();
  auto options = crl_options(RevocationMode::kHardFail);
  options.ocsp_url = responder.url();
  auto c = checker(options);
  c->refresh_due();
  BOOST_TEST(state(c->check(card.der())) == "good");
  BOOST_TEST(state(c->check(stolen_card.der())) == "revoked");
}

BOOST_FIXTURE_TEST_CASE(no_crl_at_hand_is_unknown, Fixture) {
  crl_point.stop();
  for (const auto mode : {RevocationMode::kSoftFail, RevocationMode::kHardFail}) {
    auto c = checker(crl_options(mode));
    BOOST_TEST(c->refresh_due() == 0);
    const auto status = c->check(stolen_card.der());
    BOOST_TEST(state(status) == "unknown");
    BOOST_TEST(contains(status.detail, "no CRL of CN=Test SITHS e-id CA,C=SE is at hand"));
    BOOST_TEST(status.accepted(mode) == (mode == RevocationMode::kSoftFail));
  }
  BOOST_TEST(contains(log_stream.str(), "CRL download failed"));
}

BOOST_FIXTURE_TEST_CASE(a_stale_crl_is_downloaded_again_when_it_expires, Fixture) {
  crl_point.publish(test::make_crl(ca, {}, start - 60, start + 3600));
  auto c = checker(crl_options(RevocationMode::kHardFail));
  c->refresh_due();
  BOOST_TEST(state(c->check(stolen_card.der())) == "good");
  // The card is revoked; the next CRL says so. Before nextUpdate the CRL in hand is used.
  crl_point.publish(test::make_crl(ca, {&stolen_card}, start + 1800, start + 7200));
  clock.advance(std::chrono::minutes(59));
  BOOST_TEST(state(c->check(stolen_card.der())) == "good");
  BOOST_TEST(crl_point.downloads() == 1);
  // Past nextUpdate, the check itself fetches the new CRL first.
  clock.advance(std::chrono::minutes(2));
  const auto status = c->check(stolen_card.der());
  BOOST_TEST(state(status) == "revoked");
  BOOST_TEST(crl_point.downloads() == 2);
}

BOOST_FIXTURE_TEST_CASE(crls_are_refreshed_on_schedule, Fixture) {
  auto options = crl_options();
  options.crl_refresh = std::chrono::minutes(10);
  auto c = checker(options);
  BOOST_TEST(c->refresh_due() == 1);
  clock.advance(std::chrono::minutes(5));
  BOOST_TEST(c->refresh_due() == 0);
  crl_point.publish(test::make_crl(ca, {&stolen_card, &card}, start + 300, start + 3600));
  clock.advance(std::chrono::minutes(6));
  BOOST_TEST(c->refresh_due() == 1);
  BOOST_TEST(crl_point.downloads() == 2);
  BOOST_TEST(state(c->check(card.der())) == "revoked");
}

BOOST_FIXTURE_TEST_CASE(an_expired_crl_that_cannot_be_refreshed, Fixture) {
  auto c = checker(crl_options(RevocationMode::kHardFail));
  c->refresh_due();
  crl_point.stop();
  clock.advance(std::chrono::hours(2));
  const auto unknown = c->check(card.der());
  BOOST_TEST(state(unknown) == "unknown");
  BOOST_TEST(contains(unknown.detail, "has expired and could not be downloaded again"));
  BOOST_TEST(!unknown.accepted(RevocationMode::kHardFail));
  // A revocation is final: the expired CRL still counts for the cards it lists.
  BOOST_TEST(state(c->check(stolen_card.der())) == "revoked");
}

BOOST_FIXTURE_TEST_CASE(a_crl_not_signed_by_a_staff_ca_is_not_used, Fixture) {
  // Same issuer name, another key: a forged CRL that "un-revokes" the stolen card.
  const auto forger =
      TestCertificate::issue({{"C", "SE"}, {"CN", "Test SITHS e-id CA"}}, nullptr, CertificateKind::kCa, start);
  crl_point.publish(test::make_crl(forger, {}, start - 60, start + 3600));
  auto c = checker(crl_options(RevocationMode::kHardFail));
  BOOST_TEST(c->refresh_due() == 0);
  BOOST_TEST(contains(log_stream.str(), "is not signed by one of the staff CAs"));
  BOOST_TEST(state(c->check(stolen_card.der())) == "unknown");
}

BOOST_FIXTURE_TEST_CASE(an_older_crl_does_not_replace_a_newer_one, Fixture) {
  const std::string older = test::make_crl(ca, {}, start - 600, start + 3600);
  auto options = crl_options();
  options.crl_refresh = std::chrono::minutes(1);
  auto c = checker(options);
  c->refresh_due();  // the newer one, listing the stolen card
  crl_point.publish(older);
  clock.advance(std::chrono::minutes(2));
  BOOST_TEST(c->refresh_due() == 0);
  BOOST_TEST(contains(log_stream.str(), "before the one in hand"));
  BOOST_TEST(state(c->check(stolen_card.der())) == "revoked");
}

BOOST_FIXTURE_TEST_CASE(the_cached_crl_survives_a_restart_while_the_point_is_down, Fixture) {
  checker(crl_options())->refresh_due();
  crl_point.stop();
  auto restarted = checker(crl_options(RevocationMode::kHardFail));
  BOOST_TEST(restarted->refresh_due() == 0);
  BOOST_TEST(state(restarted->check(card.der())) == "good");
  BOOST_TEST(state(restarted->check(stolen_card.der())) == "revoked");
}

BOOST_FIXTURE_TEST_CASE(the_responder_can_come_from_the_certificate, Fixture) {
  test::OcspResponder responder(ca, ca);
  const auto with_aia = TestCertificate::issue({{"CN", "Eva Ek"}, {"serialNumber", "SE2120000142-eva1"}}, &ca,
                                               CertificateKind::kClient, start, responder.url());
  responder.revoke(with_aia);
  auto c = checker(ocsp_options("aia", RevocationMode::kHardFail));
  BOOST_TEST(state(c->check(with_aia.der())) == "revoked");
  const auto without = c->check(card.der());
  BOOST_TEST(contains(without.detail, "names no OCSP responder"));
  BOOST_TEST(state(without) == "unknown");
}

BOOST_FIXTURE_TEST_CASE(a_certificate_of_another_ca_is_unknown, Fixture) {
  const auto other_ca = TestCertificate::issue({{"CN", "Other CA"}}, nullptr, CertificateKind::kCa, start);
  const auto other = TestCertificate::issue({{"CN", "X"}}, &other_ca, CertificateKind::kClient, start);
  auto c = checker(crl_options());
  c->refresh_due();
  const auto status = c->check(other.der());
  BOOST_TEST(state(status) == "unknown");
  BOOST_TEST(contains(status.detail, "is not one of the staff CAs"));
  BOOST_TEST(state(c->check("not DER")) == "unknown");
}

BOOST_FIXTURE_TEST_CASE(bad_options_are_refused, Fixture) {
  BOOST_CHECK_THROW(checker({}), InvalidInput);
  auto options = crl_options();
  options.crl_urls = {"ftp://crl.example/ca.crl"};
  BOOST_CHECK_THROW(checker(options), InvalidInput);
  BOOST_CHECK_THROW(auth::RevocationChecker(dir / "missing.pem", crl_options(), clock), InvalidInput);
  BOOST_CHECK_THROW(auth::parse_revocation_mode("strict"), InvalidInput);
  BOOST_TEST(auth::to_string(auth::parse_revocation_mode("hard")) == "hard");
}

BOOST_FIXTURE_TEST_CASE(start_downloads_at_once_and_stop_ends_the_refresh_thread, Fixture) {
  auto c = checker(crl_options());
  c->start();
  BOOST_TEST(crl_point.downloads() == 1);
  BOOST_TEST(state(c->check(stolen_card.der())) == "revoked");
  c->stop();
  c->stop();
}

BOOST_AUTO_TEST_SUITE_END()
