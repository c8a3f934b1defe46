#pragma once
// A one-member cooperation file (Eksjö, 0686, sending as the mailbox test PKI's municipality,
// with a folder print vendor under print/) for tests that run the whole platform against the
// Mina meddelanden simulators (mailbox_platform_test, outbox_process_kill_pgtest).
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "mm_simulator_fixture.hpp"
#include "samverkan/ids/kommunkod.hpp"

namespace samverkan::mailbox::test {

inline const ids::Kommunkod kEksjo = ids::Kommunkod::parse("0686");

// What goes into <minaMeddelanden> (empty strings leave the block out).
struct MailSettings {
  std::string register_url;
  std::filesystem::path register_ca, operators_ca, seal_key, seal_cert;
  std::filesystem::path signing_key, signing_cert, client_key, client_cert;
};

// A one-member cooperation (Eksjö, sending as the test PKI's municipality, with a folder print
// vendor under print/), with or without digital mail.
inline std::filesystem::path write_cooperation(const std::filesystem::path& folder,
                                               const std::optional<MailSettings>& mail, int timeout_seconds = 5) {
  std::ostringstream xml;
  xml << R"(<?xml version="1.0" encoding="UTF-8"?>
<cooperation xmlns="urn:samverkan:cooperation:1" id="test">
  <name>Testsamverkan</name>
  <host>0686</host>
  <members>
    <municipality code="0686">
      <organisationNumber>212000-0142</organisationNumber>
      <name>Eksjö kommun</name>
      <shortName>Eksjö</shortName>
      <contact><email>kommun@eksjo.se</email><phone>0381-360 00</phone>
        <address>Eksjö kommun, 575 80 Eksjö</address><website>https://www.eksjo.se</website></contact>
      <branding><primaryColor>#8B1E2D</primaryColor></branding>
      <boards><board prefix="KS">Kommunstyrelsen</board></boards>
      <adapters xmlns="urn:samverkan:adapters:2">
        <printVendor product="print-folder">
          <outbox directory="print/jobs" receipts="print/receipts"/>
          <option name="customer">HIT-0686</option>
        </printVendor>
      </adapters>
)";
  if (mail) {
    xml << "      <digitalMail>\n        <signing keyFile=\"" << mail->signing_key.string() << "\" certificateFile=\""
        << mail->signing_cert.string() << "\"/>\n        <tlsClient keyFile=\"" << mail->client_key.string()
        << "\" certificateFile=\"" << mail->client_cert.string() << "\"/>\n      </digitalMail>\n";
  }
  xml << "    </municipality>\n  </members>\n";
  if (mail) {
    xml << "  <minaMeddelanden timeoutSeconds=\"" << timeout_seconds << "\">\n    <recipientRegister url=\""
        << mail->register_url << "\" caFile=\"" << mail->register_ca.string() << "\"/>\n    <operators caFile=\""
        << mail->operators_ca.string() << "\"/>\n    <seal keyFile=\"" << mail->seal_key.string()
        << "\" certificateFile=\"" << mail->seal_cert.string() << "\"/>\n  </minaMeddelanden>\n";
  }
  xml << "</cooperation>\n";
  // The print vendor's order and receipt folders (a share that exists in production).
  std::filesystem::create_directories(folder / "print/jobs");
  std::filesystem::create_directories(folder / "print/receipts");
  const std::filesystem::path file = folder / "cooperation.xml";
  std::ofstream(file) << xml.str();
  return file;
}

/// Settings pointing at the simulators of `f` (its TLS PKI for both CA bundles and the client
/// certificate; the mailbox test PKI's municipality signs, its platform seals).
inline MailSettings simulator_mail_settings(const MmSimulatorFixture& f) {
  const auto& pki = make_mailbox_test_pki();
  const auto [signing_key, signing_cert] = pki.municipality.write(f.dir.path(), "eksjo-signing");
  const auto [seal_key, seal_cert] = pki.platform.write(f.dir.path(), "platform-seal");
  return MailSettings{f.recipient_register->url(),
                      f.tls_pki.ca_certificate,
                      f.tls_pki.ca_certificate,
                      seal_key,
                      seal_cert,
                      signing_key,
                      signing_cert,
                      f.tls_pki.relying_party.private_key,
                      f.tls_pki.relying_party.certificate};
}

}  // namespace samverkan::mailbox::test
