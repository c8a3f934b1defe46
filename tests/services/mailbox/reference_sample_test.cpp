// Our verifier against the signed reference sample of Mina meddelanden
// (../shared/reference/minameddelanden/samples, see SOURCES.txt there): accepted as published,
// refused once tampered with; and hostile XML (DTD, entities) refused before anything else.
#include <boost/test/unit_test.hpp>

#include "mailbox_test_data.hpp"
#include "mailbox_test_pki.hpp"
#include "samverkan/mailbox/compose.hpp"
#include "samverkan/mailbox/signing.hpp"
#include "samverkan/mailbox/verify.hpp"
#include "support/temp_dir.hpp"

namespace mb = samverkan::mailbox;
namespace mt = samverkan::mailbox::test;

namespace {

constexpr std::chrono::year_month_day kReceived{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{22}};

const mb::SchemaSet& schemas() {
  static const mb::SchemaSet set = mb::SchemaSet::load(mt::schema_dir());
  return set;
}

const std::string& sample() {
  static const std::string xml =
      samverkan::test::read_file(mt::reference_dir() / "samples" / "SealedDeliveryWithSignature.xml");
  return xml;
}

const mb::SigningIdentity& platform() {
  static const mb::SigningIdentity id = mb::SigningIdentity::from_pem(
      mt::make_mailbox_test_pki().platform.key_pem, mt::make_mailbox_test_pki().platform.certificate_pem);
  return id;
}

void expect_refused(const mb::VerifyResult& result, const std::string& expected) {
  BOOST_TEST(!result.ok);
  BOOST_TEST(result.reason.find(expected) != std::string::npos,
             "reason '" << result.reason << "' should contain '" << expected << "'");
  BOOST_TEST(!result.signed_delivery.has_value());
  BOOST_TEST(!result.sender.has_value());
}

// The sample's SignedDelivery element as its own document (it inherits the namespace from
// SealedDelivery, so the declaration is added, as SOURCES.txt describes).
std::string inner_document(const std::string& sealed) {
  const auto start = sealed.find("<SignedDelivery>");
  const auto end = sealed.find("</SignedDelivery>") + std::string("</SignedDelivery>").size();
  BOOST_REQUIRE(start != std::string::npos);
  return "<SignedDelivery xmlns=\"http://minameddelanden.gov.se/schema/Message/v3\">" +
         sealed.substr(start + std::string("<SignedDelivery>").size(),
                       end - start - std::string("<SignedDelivery>").size());
}

std::string between(const std::string& text, std::size_t from, const std::string& open, const std::string& close) {
  const auto start = text.find(open, from);
  const auto end = text.find(close, start);
  if (start == std::string::npos || end == std::string::npos) throw std::runtime_error("not found: " + open);
  return text.substr(start + open.size(), end - start - open.size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reference_sample_test)

BOOST_AUTO_TEST_CASE(the_published_sample_verifies_outer_and_inner) {
  const mb::VerifyResult result = mb::verify_sealed_delivery(sample(), schemas());
  BOOST_TEST(result.ok, result.reason);
  BOOST_REQUIRE(result.sender.has_value());
  BOOST_REQUIRE(result.intermediary.has_value());
  BOOST_TEST(result.sender->subject.find("Kommun A") != std::string::npos, result.sender->subject);
  BOOST_TEST(result.sender_id == "162021004748");
  BOOST_TEST(result.message_count == 1U);
  BOOST_TEST(result.seal_signatures_ok.value_or(false));
  BOOST_TEST(result.signed_delivery.has_value());
  // Bound to the expected sender (its certificate says SERIALNUMBER=162021004748).
  mb::VerifyOptions options;
  options.expected_sender = "202100-4748";
  BOOST_TEST(mb::verify_sealed_delivery(sample(), schemas(), options).ok);
  // The dispatcher agrees.
  BOOST_TEST(mb::verify_delivery_document(sample(), schemas()).ok);
  // The inner layer alone, cut out as its own document, is a valid SignedDelivery.
  const mb::VerifyResult inner = mb::verify_signed_delivery(inner_document(sample()), schemas());
  BOOST_TEST(inner.ok, inner.reason);
}

BOOST_AUTO_TEST_CASE(the_sample_is_not_trusted_by_our_test_ca) {
  const mb::TrustStore trusted = mb::TrustStore::from_pem(mt::make_mailbox_test_pki().ca_pem);
  mb::VerifyOptions options;
  options.trust = &trusted;
  expect_refused(mb::verify_sealed_delivery(sample(), schemas(), options), "is not trusted");
  options.trust = nullptr;
  options.expected_sender = mt::kMunicipalityOrg;
  expect_refused(mb::verify_sealed_delivery(sample(), schemas(), options), "not the expected");
}

BOOST_AUTO_TEST_CASE(a_pretty_printed_sample_does_not_verify) {
  // SOURCES.txt: this sample was pretty-printed after signing.
  const std::string xml =
      samverkan::test::read_file(mt::reference_dir() / "samples" / "SignedDeliveryWithSignature.xml");
  const mb::VerifyResult result = mb::verify_delivery_document(xml, schemas());
  BOOST_TEST(!result.ok);
  BOOST_TEST_MESSAGE("pretty-printed sample: " << result.reason);
}

BOOST_AUTO_TEST_CASE(tampering_with_the_outer_layer_is_refused) {
  const std::string& xml = sample();
  const std::size_t seal = xml.find("<Seal>");
  // Changed body or subject: the outer signature covers the whole document.
  const std::string body = between(xml, 0, "<Body xmlns=\"http://minameddelanden.gov.se/schema/Message\">", "</Body>");
  std::string changed = body;
  changed[20] = changed[20] == 'A' ? 'B' : 'A';
  expect_refused(mb::verify_sealed_delivery(mt::replace_once(xml, body, changed), schemas()),
                 "intermediary's signature: digest of the signed content does not match");
  expect_refused(mb::verify_sealed_delivery(mt::replace_once(xml, "<Subject>Säkert", "<Subject>Osäkert"), schemas()),
                 "intermediary's signature: digest of the signed content does not match");
  // The seal itself.
  expect_refused(
      mb::verify_sealed_delivery(mt::replace_once(xml, ">true</SignaturesOK>", ">false</SignaturesOK>"), schemas()),
      "digest of the signed content does not match");
  // The outer signature value.
  const std::string value = between(xml, seal, "<SignatureValue>", "</SignatureValue>");
  std::string other = value;
  other[5] = other[5] == 'A' ? 'B' : 'A';
  expect_refused(mb::verify_sealed_delivery(mt::replace_once(xml, value, other), schemas()),
                 "intermediary's signature: signature value does not match");
  // SHA-1 instead of SHA-256.
  const std::string sha1 =
      xml.substr(0, seal) + mt::replace_once(xml.substr(seal), "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                                             "http://www.w3.org/2000/09/xmldsig#rsa-sha1");
  expect_refused(mb::verify_sealed_delivery(sha1, schemas()), "SHA-1 is not allowed");
}

BOOST_AUTO_TEST_CASE(tampering_with_the_inner_layer_is_refused_even_when_resealed) {
  // An attacker who controls the seal (re-seals with a valid key) still cannot change the
  // sender's layer: the inner signature fails.
  const std::string inner = inner_document(sample());
  const auto reseal = [](const std::string& signed_delivery) {
    return mb::seal_delivery(signed_delivery, mb::Seal{kReceived, true}, platform());
  };
  BOOST_TEST(mb::verify_sealed_delivery(reseal(inner), schemas()).ok);  // untouched: fine

  const std::string body =
      between(inner, 0, "<Body xmlns=\"http://minameddelanden.gov.se/schema/Message\">", "</Body>");
  std::string changed = body;
  changed[20] = changed[20] == 'A' ? 'B' : 'A';
  expect_refused(mb::verify_sealed_delivery(reseal(mt::replace_once(inner, body, changed)), schemas()),
                 "sender's signature: digest of the signed content does not match");
  expect_refused(
      mb::verify_sealed_delivery(reseal(mt::replace_once(inner, "<Subject>Säkert", "<Subject>Osäkert")), schemas()),
      "sender's signature: digest of the signed content does not match");
}

BOOST_AUTO_TEST_CASE(signature_wrapping_of_the_sample_is_refused) {
  const std::string& xml = sample();
  const std::string inner =
      xml.substr(xml.find("<SignedDelivery>"), xml.find("</SignedDelivery>") + 17 - xml.find("<SignedDelivery>"));
  // A second SignedDelivery beside the original.
  expect_refused(mb::verify_sealed_delivery(mt::replace_once(xml, "<Seal>", inner + "<Seal>"), schemas()),
                 "a second SignedDelivery element");
  // A forged delivery first, the genuine one hidden in the OfficialMatter's open content (xs:any).
  const std::string forged = mt::replace_once(xml, "<OfficialMatterExtension>", "<OfficialMatterExtension>" + inner);
  expect_refused(mb::verify_sealed_delivery(forged, schemas()), "a second SignedDelivery element");
  // The inner Signature moved out of SignedDelivery.
  const auto inner_signature_start = inner.find("<Signature");
  const std::string inner_signature = inner.substr(inner_signature_start, inner.size() - 17 - inner_signature_start);
  std::string moved = mt::replace_once(xml, inner_signature, "");
  moved = mt::replace_once(moved, "<Seal>", inner_signature + "<Seal>");
  expect_refused(mb::verify_sealed_delivery(moved, schemas()), "the Signature is not the last child of SignedDelivery");
  // The outer Signature moved into the Seal.
  const auto outer_start = xml.find("<Signature ", xml.find("</Seal>"));
  const std::string outer_signature = xml.substr(outer_start, xml.rfind("</SealedDelivery>") - outer_start);
  std::string moved_outer = mt::replace_once(xml, outer_signature, "");
  moved_outer = mt::replace_once(moved_outer, "</Seal>", outer_signature + "</Seal>");
  expect_refused(mb::verify_sealed_delivery(moved_outer, schemas()),
                 "the Signature is not the last child of SealedDelivery");
}

BOOST_AUTO_TEST_CASE(a_wrong_certificate_is_refused) {
  // Re-sealed with our platform key, but claiming the sample's original intermediary certificate.
  const std::string& xml = sample();
  const std::string original_cert = between(xml, xml.find("<Seal>"), "<X509Certificate>", "</X509Certificate>");
  const std::string resealed = mb::seal_delivery(inner_document(xml), mb::Seal{kReceived, true}, platform());
  const std::string our_cert =
      between(resealed, resealed.rfind("<KeyInfo>"), "<X509Certificate>", "</X509Certificate>");
  const std::string claimed = resealed.substr(0, resealed.rfind("<KeyInfo>")) +
                              mt::replace_once(resealed.substr(resealed.rfind("<KeyInfo>")), our_cert, original_cert);
  expect_refused(mb::verify_sealed_delivery(claimed, schemas()),
                 "intermediary's signature: signature value does not match");
  // The same for the sender's layer: the inner certificate swapped for another one.
  const std::string swapped_inner =
      mt::replace_once(xml, between(xml, 0, "<X509Certificate>", "</X509Certificate>"), our_cert);
  expect_refused(mb::verify_sealed_delivery(swapped_inner, schemas()), "does not match");
}

BOOST_AUTO_TEST_CASE(hostile_xml_is_refused_before_anything_else) {
  const std::string& xml = sample();
  // Any DOCTYPE, even a harmless one.
  expect_refused(mb::verify_sealed_delivery("<!DOCTYPE SealedDelivery>" + xml, schemas()), "DOCTYPE");
  // External entity (XXE).
  const std::string xxe = "<!DOCTYPE SealedDelivery [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" +
                          mt::replace_once(xml, "<Text>suppinfo</Text>", "<Text>&x;</Text>");
  expect_refused(mb::verify_sealed_delivery(xxe, schemas()), "DOCTYPE");
  // Entity expansion ("billion laughs").
  std::string laughs = "<!DOCTYPE SealedDelivery [<!ENTITY a \"lol\">";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string value;
    for (int i = 0; i < 10; ++i) value += std::string("&") + static_cast<char>(c - 1) + ";";
    laughs += std::string("<!ENTITY ") + c + " \"" + value + "\">";
  }
  laughs += "]>";
  expect_refused(mb::verify_sealed_delivery(laughs + mt::replace_once(xml, "<Text>suppinfo</Text>", "<Text>&j;</Text>"),
                                            schemas()),
                 "DOCTYPE");
  expect_refused(
      mb::verify_signed_delivery("<!DOCTYPE x [<!ENTITY e SYSTEM \"http://example.invalid/\">]><x>&e;</x>", schemas()),
      "DOCTYPE");
  // An undeclared entity reference without a DTD is not well-formed.
  expect_refused(
      mb::verify_sealed_delivery(mt::replace_once(xml, "<Text>suppinfo</Text>", "<Text>&x;</Text>"), schemas()),
      "not well-formed");
  expect_refused(mb::verify_delivery_document("<SealedDelivery", schemas()), "not well-formed");
  expect_refused(mb::verify_delivery_document("<Other xmlns=\"urn:x\"/>", schemas()), "neither a SignedDelivery");
  // Too large: refused before parsing.
  mb::VerifyOptions small;
  small.max_document_bytes = xml.size() - 1;
  expect_refused(mb::verify_sealed_delivery(xml, schemas(), small),
                 "too large: the document is " + std::to_string(xml.size()));
}

BOOST_AUTO_TEST_CASE(schema_set_needs_the_schema_folder) {
  samverkan::test::TempDir empty;
  BOOST_CHECK_THROW(mb::SchemaSet::load(empty.path()), samverkan::InvalidInput);
}

BOOST_AUTO_TEST_SUITE_END()
