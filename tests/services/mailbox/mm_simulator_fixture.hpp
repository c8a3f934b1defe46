#pragma once
// The Mina meddelanden simulators on real sockets with a throwaway mutual-TLS PKI, and signed
// SealedDelivery documents to send to them (header-only; for the reachability, delivery client,
// operator and mm_simulator tests).
//
// Two PKIs: the TLS one (bankid_simulator::make_test_pki: EC keys, a CA, a localhost server
// certificate, a client certificate for the municipality and an untrusted one), and the RSA one
// of the mailbox tests that signs deliveries (make_mailbox_test_pki).
#include <chrono>
#include <memory>
#include <string>

#include "bankid_simulator/test_pki.hpp"
#include "mailbox_test_data.hpp"
#include "mailbox_test_pki.hpp"
#include "minameddelanden_simulator/mm_simulator.hpp"
#include "samverkan/mailbox/compose.hpp"
#include "samverkan/mailbox/reachability.hpp"
#include "samverkan/mailbox/signing.hpp"
#include "samverkan/mailbox/soap.hpp"
#include "support/temp_dir.hpp"

namespace samverkan::mailbox::test {

struct MmSimulatorFixture {
  samverkan::test::TempDir dir;
  bankid_simulator::TestPki tls_pki;
  std::filesystem::path signer_ca;  // CA of the signing certificates (the operator trusts it)
  std::unique_ptr<mm_simulator::RecipientRegister> recipient_register;
  std::unique_ptr<mm_simulator::MailboxOperator> mailbox_operator;

  /// Starts both simulators; the operator verifies signatures against the mailbox test CA.
  MmSimulatorFixture() {
    tls_pki = bankid_simulator::make_test_pki(dir / "tls", "Testkommunen");
    signer_ca = make_mailbox_test_pki().write_ca(dir.path());
    recipient_register = std::make_unique<mm_simulator::RecipientRegister>(settings());
    recipient_register->start();
    mailbox_operator = std::make_unique<mm_simulator::MailboxOperator>(
        settings(), mm_simulator::mailbox_signature_verifier(schema_dir(), signer_ca));
    mailbox_operator->start();
  }

  mm_simulator::ServerSettings settings() const {
    mm_simulator::ServerSettings s;
    s.certificate_file = tls_pki.server.certificate;
    s.private_key_file = tls_pki.server.private_key;
    s.client_ca_file = tls_pki.ca_certificate;
    s.schema_dir = schema_dir();
    return s;
  }

  /// The municipality's client side: its certificate, trusting the simulators' CA.
  soap::TlsClientOptions tls(std::chrono::milliseconds io_timeout = std::chrono::seconds(10)) const {
    soap::TlsClientOptions o;
    o.client_certificate_file = tls_pki.relying_party.certificate;
    o.client_private_key_file = tls_pki.relying_party.private_key;
    o.server_ca_file = tls_pki.ca_certificate;
    o.connect_timeout = std::chrono::seconds(5);
    o.io_timeout = io_timeout;
    return o;
  }

  /// A client certificate issued by a CA the simulators do not trust.
  soap::TlsClientOptions untrusted_tls() const {
    auto o = tls();
    o.client_certificate_file = tls_pki.untrusted_relying_party.certificate;
    o.client_private_key_file = tls_pki.untrusted_relying_party.private_key;
    return o;
  }

  ReachabilityOptions reachability_options() const {
    ReachabilityOptions o;
    o.register_url = recipient_register->url();
    o.tls = tls();
    return o;
  }

  /// A Secure account at the simulated operator.
  mm_simulator::Account reachable_account() const {
    mm_simulator::Account account;
    account.service_supplier = mailbox_operator->as_service_supplier();
    return account;
  }

  /// A SignedDelivery from the test municipality, sealed by the platform, to `recipient`.
  static std::string sealed_delivery(const std::string& recipient, const std::string& message_id) {
    const auto& pki = make_mailbox_test_pki();
    static const SigningIdentity sender =
        SigningIdentity::from_pem(pki.municipality.key_pem, pki.municipality.certificate_pem);
    static const SigningIdentity platform =
        SigningIdentity::from_pem(pki.platform.key_pem, pki.platform.certificate_pem);
    Delivery delivery = valid_delivery();
    delivery.recipient = recipient;
    delivery.messages.front().id = message_id;
    const std::string signed_xml = compose_signed_delivery(delivery, sender);
    using namespace std::chrono;
    return seal_delivery(signed_xml, Seal{year_month_day{floor<days>(system_clock::now())}, true}, platform);
  }
};

}  // namespace samverkan::mailbox::test
