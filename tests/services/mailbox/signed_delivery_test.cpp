// What we compose and seal: valid against the official v3 schema, verifiable by the xmlsec1
// command-line tool, accepted by our verifier, and refused by it once tampered with.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <sstream>
#include <thread>

#include "mailbox_test_data.hpp"
#include "mailbox_test_pki.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/compose.hpp"
#include "samverkan/mailbox/signing.hpp"
#include "samverkan/mailbox/verify.hpp"
#include "samverkan/xml/document.hpp"
#include "support/temp_dir.hpp"

namespace mb = samverkan::mailbox;
namespace mt = samverkan::mailbox::test;
namespace sx = samverkan::xml;

namespace {

using std::chrono::year_month_day;
constexpr year_month_day kReceived{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{22}};

constexpr const char* kRsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
constexpr const char* kRsaSha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
constexpr const char* kSha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
constexpr const char* kSha1 = "http://www.w3.org/2000/09/xmldsig#sha1";

const mb::SchemaSet& schemas() {
  static const mb::SchemaSet set = mb::SchemaSet::load(mt::schema_dir());
  return set;
}

mb::SigningIdentity identity(const mt::PemIdentity& pem) {
  return mb::SigningIdentity::from_pem(pem.key_pem, pem.certificate_pem);
}

const mb::SigningIdentity& municipality() {
  static const mb::SigningIdentity id = identity(mt::make_mailbox_test_pki().municipality);
  return id;
}
const mb::SigningIdentity& platform() {
  static const mb::SigningIdentity id = identity(mt::make_mailbox_test_pki().platform);
  return id;
}

const std::string& signed_xml() {
  static const std::string xml = mb::compose_signed_delivery(mt::valid_delivery(), municipality());
  return xml;
}
const std::string& sealed_xml() {
  static const std::string xml = mb::seal_delivery(signed_xml(), mb::Seal{kReceived, true}, platform());
  return xml;
}

void expect_refused(const mb::VerifyResult& result, const std::string& expected) {
  BOOST_TEST(!result.ok);
  BOOST_TEST(result.reason.find(expected) != std::string::npos,
             "reason '" << result.reason << "' should contain '" << expected << "'");
  BOOST_TEST(!result.signed_delivery.has_value());
}

// The text between the first <tag> and </tag> (our documents have no prefixes).
std::string between(const std::string& xml, const std::string& open, const std::string& close) {
  const auto start = xml.find(open);
  const auto end = xml.find(close, start);
  if (start == std::string::npos || end == std::string::npos) throw std::runtime_error("not found: " + open);
  return xml.substr(start + open.size(), end - start - open.size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(signed_delivery_test)

BOOST_AUTO_TEST_CASE(composed_and_sealed_documents_are_valid_against_the_official_schema) {
  BOOST_TEST(schemas().validate(sx::parse_untrusted(signed_xml(), "signed")).empty());
  BOOST_TEST(schemas().validate(sx::parse_untrusted(sealed_xml(), "sealed")).empty());
  // And independently of our SchemaSet: xmllint with a wrapper that includes the official schema.
  samverkan::test::TempDir dir;
  const auto wrapper = dir.write(
      "wrapper.xsd",
      "<schema xmlns=\"http://www.w3.org/2001/XMLSchema\" xmlns:m=\"http://minameddelanden.gov.se/schema/Message/v3\" "
      "targetNamespace=\"http://minameddelanden.gov.se/schema/Message/v3\" elementFormDefault=\"qualified\">"
      "<include schemaLocation=\"" +
          (mt::schema_dir() / "v3" / "Message.xsd").string() +
          "\"/>"
          "<element name=\"SignedDelivery\" type=\"m:SignedDelivery\"/>"
          "<element name=\"SealedDelivery\" type=\"m:SealedDelivery\"/></schema>");
  for (const auto& [name, xml] : {std::pair{"signed.xml", signed_xml()}, std::pair{"sealed.xml", sealed_xml()}}) {
    const auto [status, output] = mt::run_command("xmllint --noout --nonet --schema " + mt::quoted(wrapper) + " " +
                                                  mt::quoted(dir.write(name, xml)));
    BOOST_TEST(status == 0, name << ": " << output);
  }
}

BOOST_AUTO_TEST_CASE(signature_verifies_with_the_xmlsec1_tool) {
  samverkan::test::TempDir dir;
  const auto& pki = mt::make_mailbox_test_pki();
  const auto ca = pki.write_ca(dir.path());
  const auto signed_file = dir.write("signed.xml", signed_xml());
  const auto sealed_file = dir.write("sealed.xml", sealed_xml());
  // With the certificate from KeyInfo, checked against the test CA.
  auto [status, output] =
      mt::run_command("xmlsec1 --verify --trusted-pem " + mt::quoted(ca) + " " + mt::quoted(signed_file));
  BOOST_TEST(status == 0, output);
  // The sealed document's outer signature, as is (the tool takes the first Signature it finds
  // unless told which: the inner one does not cover the sealed document).
  std::tie(status, output) = mt::run_command(
      "xmlsec1 --verify --trusted-pem " + mt::quoted(ca) +
      " --node-xpath \"/*[local-name()='SealedDelivery']/*[local-name()='Signature']\" " + mt::quoted(sealed_file));
  BOOST_TEST(status == 0, output);
  // Its inner signature once SignedDelivery is cut out as its own document (it declares its
  // namespace itself, so the cut-out text is a complete document).
  const std::string& sealed = sealed_xml();
  const auto inner_start = sealed.find("<SignedDelivery");
  const auto inner_end = sealed.find("</SignedDelivery>") + std::string("</SignedDelivery>").size();
  const auto inner_file = dir.write("inner.xml", sealed.substr(inner_start, inner_end - inner_start));
  std::tie(status, output) =
      mt::run_command("xmlsec1 --verify --trusted-pem " + mt::quoted(ca) + " " + mt::quoted(inner_file));
  BOOST_TEST(status == 0, output);
  // With the municipality's certificate given explicitly.
  const auto [key, cert] = pki.municipality.write(dir.path(), "municipality");
  std::tie(status, output) = mt::run_command("xmlsec1 --verify --enabled-key-data rsa --pubkey-cert-pem " +
                                             mt::quoted(cert) + " " + mt::quoted(signed_file));
  BOOST_TEST(status == 0, output);
  // A tampered copy fails with the tool too (the test is not vacuous).
  const auto tampered =
      dir.write("tampered.xml", mt::replace_once(signed_xml(), "Testkommunen</Name>", "Testkommunem</Name>"));
  std::tie(status, output) =
      mt::run_command("xmlsec1 --verify --trusted-pem " + mt::quoted(ca) + " " + mt::quoted(tampered));
  BOOST_TEST(status != 0, output);
}

BOOST_AUTO_TEST_CASE(signature_profile_is_the_mina_meddelanden_one) {
  const std::string& xml = signed_xml();
  const std::string signature = xml.substr(xml.find("<Signature"));
  BOOST_TEST(signature.find("<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">") == 0U);
  BOOST_TEST(xml.ends_with("</Signature></SignedDelivery>\n"));
  // Compact: no line breaks but the one after the XML declaration and the final one.
  BOOST_TEST(std::count(xml.begin(), xml.end(), '\n') == 2);
  BOOST_TEST(signature.find("<CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>") !=
             std::string::npos);
  BOOST_TEST(signature.find("Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"") != std::string::npos);
  BOOST_TEST(signature.find("<Reference URI=\"\">") != std::string::npos);
  BOOST_TEST(between(signature, "<Transforms>", "</Transforms>") ==
             "<Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>");
  BOOST_TEST(signature.find("<DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>") !=
             std::string::npos);
  BOOST_TEST(between(signature, "<X509SubjectName>", "</X509SubjectName>").find("CN=Testkommunen") !=
             std::string::npos);
  BOOST_TEST(!between(signature, "<X509Certificate>", "</X509Certificate>").empty());
}

BOOST_AUTO_TEST_CASE(our_verifier_accepts_what_we_compose_and_seal) {
  const mb::VerifyResult result = mb::verify_signed_delivery(signed_xml(), schemas());
  BOOST_TEST(result.ok, result.reason);
  BOOST_TEST(result.document_type == "SignedDelivery");
  BOOST_TEST(result.sender_id == "16" + std::string(mt::kMunicipalityOrg));
  BOOST_TEST(result.recipient_id == mt::kRecipient);
  BOOST_TEST(result.message_count == 1U);
  BOOST_REQUIRE(result.sender.has_value());
  BOOST_TEST(result.sender->serial_number == "16" + std::string(mt::kMunicipalityOrg));
  BOOST_TEST(result.signed_delivery.has_value());

  const mb::VerifyResult sealed = mb::verify_sealed_delivery(sealed_xml(), schemas());
  BOOST_TEST(sealed.ok, sealed.reason);
  BOOST_TEST(sealed.document_type == "SealedDelivery");
  BOOST_REQUIRE(sealed.intermediary.has_value());
  BOOST_TEST(sealed.intermediary->serial_number == "16" + std::string(mt::kPlatformOrg));
  BOOST_TEST(sealed.seal_received_time.value_or("") == "2026-11-22");
  BOOST_TEST(sealed.seal_signatures_ok.value_or(false));
  BOOST_TEST(sealed.recipient_id == mt::kRecipient);
  // The dispatcher picks the right one by the root element.
  BOOST_TEST(mb::verify_delivery_document(signed_xml(), schemas()).document_type == "SignedDelivery");
  BOOST_TEST(mb::verify_delivery_document(sealed_xml(), schemas()).ok);
  // The wrong verifier for the document type says so.
  expect_refused(mb::verify_signed_delivery(sealed_xml(), schemas()), "not a SignedDelivery");
  expect_refused(mb::verify_sealed_delivery(signed_xml(), schemas()), "not a SealedDelivery");
}

BOOST_AUTO_TEST_CASE(trust_store_and_expected_organisations) {
  const auto& pki = mt::make_mailbox_test_pki();
  const mb::TrustStore trusted = mb::TrustStore::from_pem(pki.ca_pem);
  const mb::TrustStore other = mb::TrustStore::from_pem(pki.untrusted_ca_pem);
  mb::VerifyOptions options;
  options.trust = &trusted;
  options.expected_sender = "212000-0142";
  options.expected_intermediary = pki.platform.organisation_number;
  BOOST_TEST(mb::verify_sealed_delivery(sealed_xml(), schemas(), options).ok);

  options.trust = &other;
  expect_refused(mb::verify_sealed_delivery(sealed_xml(), schemas(), options), "certificate is not trusted");
  options.trust = &trusted;
  options.verification_time = std::chrono::system_clock::now() + std::chrono::hours(24 * 365);
  expect_refused(mb::verify_signed_delivery(signed_xml(), schemas(), options), "certificate has expired");
  options.verification_time.reset();

  options.expected_sender = pki.other_municipality.organisation_number;
  expect_refused(mb::verify_signed_delivery(signed_xml(), schemas(), options),
                 "belongs to organisation " + pki.municipality.organisation_number + ", not the expected");
  options.expected_sender.reset();
  options.expected_intermediary = pki.municipality.organisation_number;
  expect_refused(mb::verify_sealed_delivery(sealed_xml(), schemas(), options), "intermediary's signature");

  BOOST_CHECK_THROW(mb::TrustStore::from_pem("no certificates here"), samverkan::InvalidInput);
}

BOOST_AUTO_TEST_CASE(a_certificate_of_another_organisation_cannot_send_as_ours) {
  // Signed correctly by the other municipality, but the header claims to be from ours.
  const auto& pki = mt::make_mailbox_test_pki();
  const std::string xml = mb::compose_signed_delivery(mt::valid_delivery(), identity(pki.other_municipality));
  BOOST_TEST(mb::verify_signed_delivery(xml, schemas()).ok);  // the signature itself is fine
  mb::VerifyOptions options;
  options.expected_sender = pki.municipality.organisation_number;
  expect_refused(mb::verify_signed_delivery(xml, schemas(), options), "not the expected");
}

BOOST_AUTO_TEST_CASE(tampered_documents_are_refused) {
  const std::string& xml = signed_xml();
  // Changed body (one base64 character of the message body).
  const std::string body = between(xml, "<Body xmlns=\"http://minameddelanden.gov.se/schema/Message\">", "</Body>");
  std::string changed_body = body;
  changed_body[4] = changed_body[4] == 'A' ? 'B' : 'A';
  expect_refused(mb::verify_signed_delivery(mt::replace_once(xml, body, changed_body), schemas()),
                 "digest of the signed content does not match");
  // Changed subject.
  expect_refused(mb::verify_signed_delivery(mt::replace_once(xml, "<Subject>Beslut", "<Subject>Avslag"), schemas()),
                 "digest of the signed content does not match");
  // Changed SignedInfo (the digest value itself).
  const std::string digest = between(xml, "<DigestValue>", "</DigestValue>");
  std::string other_digest = digest;
  other_digest[0] = other_digest[0] == 'A' ? 'B' : 'A';
  expect_refused(mb::verify_signed_delivery(mt::replace_once(xml, digest, other_digest), schemas()),
                 "digest of the signed content does not match");
  // Changed signature value.
  const std::string value = between(xml, "<SignatureValue>", "</SignatureValue>");
  std::string other_value = value;
  other_value[10] = other_value[10] == 'A' ? 'B' : 'A';
  expect_refused(mb::verify_signed_delivery(mt::replace_once(xml, value, other_value), schemas()),
                 "signature value does not match");
  // Signature moved into Delivery.
  const std::string signature =
      xml.substr(xml.find("<Signature "), xml.find("</SignedDelivery>") - xml.find("<Signature "));
  std::string moved = mt::replace_once(xml, signature, "");
  moved = mt::replace_once(moved, "</Delivery>", signature + "</Delivery>");
  expect_refused(mb::verify_signed_delivery(moved, schemas()), "the Signature is not the last child of SignedDelivery");
  // Signature removed.
  expect_refused(mb::verify_signed_delivery(mt::replace_once(xml, signature, ""), schemas()), "found 0");
  // Reference to an element instead of the whole document.
  expect_refused(
      mb::verify_signed_delivery(mt::replace_once(xml, "<Reference URI=\"\">", "<Reference URI=\"#x\">"), schemas()),
      "URI=\"\"");
  // An extra transform.
  expect_refused(
      mb::verify_signed_delivery(
          mt::replace_once(xml, "</Transforms>",
                           "<Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"/></Transforms>"),
          schemas()),
      "only the enveloped-signature transform");
  // SHA-1 signature and digest algorithms.
  expect_refused(mb::verify_signed_delivery(mt::replace_once(xml, kRsaSha256, kRsaSha1), schemas()),
                 "SHA-1 is not allowed");
  expect_refused(mb::verify_signed_delivery(mt::replace_once(xml, kSha256, kSha1), schemas()), "SHA-1 is not allowed");
  // Not schema-valid although the signature is intact: an unknown element.
  expect_refused(mb::verify_signed_delivery(mt::replace_once(xml, "<Language>", "<Unknown/><Language>"), schemas()),
                 "not valid against the Mina meddelanden v3 schema");
}

BOOST_AUTO_TEST_CASE(a_genuine_sha1_signature_is_refused) {
  // The same document signed for real with RSA-SHA1 and a SHA-1 digest by the xmlsec1 tool:
  // cryptographically valid, but not the profile.
  samverkan::test::TempDir dir;
  const auto [key, cert] = mt::make_mailbox_test_pki().municipality.write(dir.path(), "municipality");
  std::string tmpl = mt::replace_once(mt::replace_once(signed_xml(), kRsaSha256, kRsaSha1), kSha256, kSha1);
  for (const auto& [open, close] :
       {std::pair{"<DigestValue>", "</DigestValue>"}, std::pair{"<SignatureValue>", "</SignatureValue>"},
        std::pair{"<X509SubjectName>", "</X509SubjectName>"}, std::pair{"<X509Certificate>", "</X509Certificate>"}}) {
    const auto start = tmpl.find(open) + std::string(open).size();
    tmpl.erase(start, tmpl.find(close, start) - start);
  }
  const auto template_file = dir.write("template.xml", tmpl);
  const auto signed_file = dir / "sha1.xml";
  auto [status, output] = mt::run_command("xmlsec1 --sign --privkey-pem " + mt::quoted(key) + "," + mt::quoted(cert) +
                                          " --output " + mt::quoted(signed_file) + " " + mt::quoted(template_file));
  BOOST_REQUIRE_MESSAGE(status == 0, output);
  std::tie(status, output) = mt::run_command("xmlsec1 --verify --enabled-key-data rsa --pubkey-cert-pem " +
                                             mt::quoted(cert) + " " + mt::quoted(signed_file));
  BOOST_TEST(status == 0, "xmlsec1 accepts SHA-1: " << output);
  expect_refused(mb::verify_signed_delivery(samverkan::test::read_file(signed_file), schemas()),
                 "signature algorithm 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' (SHA-1 is not allowed)");
}

BOOST_AUTO_TEST_CASE(signature_wrapping_is_refused) {
  // A forged SignedDelivery put first, the genuine one hidden inside it: the classic wrapping.
  const std::string& xml = signed_xml();
  const std::string genuine = xml.substr(xml.find("<SignedDelivery"));
  const std::string forged_content = mt::replace_once(genuine, "<Subject>Beslut", "<Subject>Forged");
  const std::string wrapped = mt::replace_once(forged_content, "</Delivery>", "</Delivery>" + genuine);
  expect_refused(mb::verify_signed_delivery(wrapped, schemas()), "a second SignedDelivery element");

  // In a sealed delivery: a second SignedDelivery beside the sealed one.
  const std::string& sealed = sealed_xml();
  const std::string inner =
      between(sealed, "<SealedDelivery xmlns=\"http://minameddelanden.gov.se/schema/Message/v3\">", "<Seal>");
  expect_refused(mb::verify_sealed_delivery(mt::replace_once(sealed, "<Seal>", inner + "<Seal>"), schemas()),
                 "a second SignedDelivery element");
  // The inner Signature moved out of SignedDelivery into the seal layer.
  const std::string inner_signature =
      inner.substr(inner.find("<Signature "), inner.rfind("</SignedDelivery>") - inner.find("<Signature "));
  std::string moved = mt::replace_once(sealed, inner_signature, "");
  moved = mt::replace_once(moved, "<Seal>", inner_signature + "<Seal>");
  expect_refused(mb::verify_sealed_delivery(moved, schemas()), "the Signature is not the last child of SignedDelivery");
  // The inner delivery changed after sealing: the outer signature catches it.
  expect_refused(mb::verify_sealed_delivery(mt::replace_once(sealed, "<Subject>Beslut", "<Subject>Avslag"), schemas()),
                 "intermediary's signature: digest of the signed content does not match");
}

BOOST_AUTO_TEST_CASE(a_wrong_certificate_is_refused) {
  // Re-signed with another key (the impostor's) but claiming the municipality's certificate.
  const auto& pki = mt::make_mailbox_test_pki();
  const std::string forged = mb::compose_signed_delivery(mt::valid_delivery(), identity(pki.impostor));
  const std::string genuine_cert = between(signed_xml(), "<X509Certificate>", "</X509Certificate>");
  const std::string forged_cert = between(forged, "<X509Certificate>", "</X509Certificate>");
  const std::string claimed = mt::replace_once(forged, forged_cert, genuine_cert);
  expect_refused(mb::verify_signed_delivery(claimed, schemas()), "signature value does not match");
  // As is, with its own certificate, it verifies but is not trusted.
  const mb::TrustStore trusted = mb::TrustStore::from_pem(pki.ca_pem);
  mb::VerifyOptions options;
  options.trust = &trusted;
  BOOST_TEST(mb::verify_signed_delivery(forged, schemas()).ok);
  expect_refused(mb::verify_signed_delivery(forged, schemas(), options), "not trusted");
}

BOOST_AUTO_TEST_CASE(sealing_refuses_what_is_not_a_signed_delivery) {
  BOOST_CHECK_THROW(mb::seal_delivery("<x/>", mb::Seal{kReceived, true}, platform()), samverkan::InvalidInput);
  BOOST_CHECK_THROW(mb::seal_delivery("not xml", mb::Seal{kReceived, true}, platform()), samverkan::InvalidInput);
  const std::string unhappy = mb::seal_delivery(signed_xml(), mb::Seal{kReceived, false}, platform());
  const mb::VerifyResult result = mb::verify_sealed_delivery(unhappy, schemas());
  BOOST_TEST(result.ok, result.reason);
  BOOST_TEST(!result.seal_signatures_ok.value_or(true));
}

BOOST_AUTO_TEST_CASE(signing_and_verifying_from_several_threads) {
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&failures, t] {
      for (int i = 0; i < 5; ++i) {
        mb::Delivery delivery = mt::valid_delivery();
        // (A stream, then a move: building it from string pieces makes GCC 12 at -O3 warn with a
        // false -Wrestrict, bug 105329.)
        std::ostringstream id;
        id << 't' << t << '-' << i;
        delivery.messages[0].id = std::move(id).str();
        const std::string xml = mb::compose_signed_delivery(delivery, municipality());
        const std::string sealed = mb::seal_delivery(xml, mb::Seal{kReceived, true}, platform());
        if (!mb::verify_sealed_delivery(sealed, schemas()).ok) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(failures.load() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
