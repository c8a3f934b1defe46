// The delivery model: every validation rule, the size limit, and how the content is encoded.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <regex>

#include "mailbox_test_data.hpp"
#include "mailbox_test_pki.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/compose.hpp"
#include "samverkan/mailbox/message.hpp"
#include "samverkan/mailbox/signing.hpp"
#include "samverkan/xml/document.hpp"
#include "support/temp_dir.hpp"

namespace mb = samverkan::mailbox;
namespace mt = samverkan::mailbox::test;
namespace sx = samverkan::xml;

namespace {

constexpr const char* kV1 = "http://minameddelanden.gov.se/schema/Message";
constexpr const char* kV2 = "http://minameddelanden.gov.se/schema/Message/v2";
constexpr const char* kV3 = "http://minameddelanden.gov.se/schema/Message/v3";
constexpr const char* kSender = "http://minameddelanden.gov.se/schema/Sender";

const mb::SigningIdentity& municipality() {
  static const mb::SigningIdentity identity = mb::SigningIdentity::from_pem(
      mt::make_mailbox_test_pki().municipality.key_pem, mt::make_mailbox_test_pki().municipality.certificate_pem);
  return identity;
}

std::string repeat(const std::string& unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

// Applies `change` to a valid delivery and expects InvalidInput whose message contains `expected`.
void expect_invalid(const std::function<void(mb::Delivery&)>& change, const std::string& expected) {
  mb::Delivery delivery = mt::valid_delivery();
  change(delivery);
  try {
    mb::validate(delivery);
    BOOST_ERROR("no error; expected: " << expected);
  } catch (const samverkan::InvalidInput& e) {
    BOOST_TEST(std::string(e.what()).find(expected) != std::string::npos,
               "message '" << e.what() << "' should contain '" << expected << "'");
    // Never echo the personnummer.
    BOOST_TEST(std::string(e.what()).find(mt::kRecipient) == std::string::npos);
  }
  // compose_signed_delivery refuses the same delivery before writing anything.
  BOOST_CHECK_THROW(mb::compose_signed_delivery(delivery, municipality()), samverkan::InvalidInput);
}

std::string base64_decode_with_openssl_cli(const std::string& text) {
  samverkan::test::TempDir dir;
  const auto in = dir.write("in.b64", text);
  const auto [status, output] = mt::run_command("openssl base64 -d -A -in " + mt::quoted(in));
  BOOST_REQUIRE_EQUAL(status, 0);
  return output;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(message_test)

BOOST_AUTO_TEST_CASE(valid_delivery_passes) { BOOST_CHECK_NO_THROW(mb::validate(mt::valid_delivery())); }

BOOST_AUTO_TEST_CASE(every_rule_is_checked) {
  expect_invalid([](mb::Delivery& d) { d.sender_organisation_number = "212000-0143"; }, "sender organisation number");
  expect_invalid([](mb::Delivery& d) { d.recipient = "191212121213"; }, "recipient");
  expect_invalid([](mb::Delivery& d) { d.recipient = ""; }, "recipient");
  expect_invalid([](mb::Delivery& d) { d.sender_name = "K"; }, "sender name: must be at least 2 characters");
  expect_invalid([](mb::Delivery& d) { d.sender_name = repeat("x", 257); }, "sender name: is 257 characters");
  expect_invalid([](mb::Delivery& d) { d.sender_name = "   "; }, "sender name: must not be blank");
  expect_invalid([](mb::Delivery& d) { d.reference = ""; }, "reference: must not be empty");
  expect_invalid([](mb::Delivery& d) { d.correlation_id = repeat("c", 256); }, "correlation id: is 256 characters");
  expect_invalid([](mb::Delivery& d) { d.messages.clear(); }, "at least one message");
  expect_invalid([](mb::Delivery& d) { d.messages[0].id.clear(); }, "messages[0].id: must not be empty");
  expect_invalid([](mb::Delivery& d) { d.messages[0].subject.clear(); }, "messages[0].subject: must not be empty");
  expect_invalid([](mb::Delivery& d) { d.messages[0].subject = " \t "; }, "messages[0].subject: must not be blank");
  // 256 characters of two bytes each: the limit counts characters, not bytes.
  expect_invalid([](mb::Delivery& d) { d.messages[0].subject = repeat("Å", 256); },
                 "messages[0].subject: is 256 characters, longer than the 255");
  expect_invalid([](mb::Delivery& d) { d.messages[0].subject = "bad \x01 control"; },
                 "messages[0].subject: is not valid UTF-8 text or holds a character XML does not allow");
  expect_invalid([](mb::Delivery& d) { d.messages[0].subject = "broken \xC3"; },
                 "messages[0].subject: is not valid UTF-8");
  expect_invalid([](mb::Delivery& d) { d.messages[0].subject = "overlong \xC0\xAF"; }, "not valid UTF-8");
  expect_invalid([](mb::Delivery& d) { d.messages[0].support.text.clear(); },
                 "messages[0].support.text: must not be empty");
  expect_invalid([](mb::Delivery& d) { d.messages[0].support.text = repeat("t", 1025); },
                 "messages[0].support.text: is 1025 characters, longer than the 1024");
  expect_invalid([](mb::Delivery& d) { d.messages[0].support.url = "ftp://example.se/x"; },
                 "messages[0].support.url: must be an http or https URL");
  expect_invalid([](mb::Delivery& d) { d.messages[0].support.url = "https://x.se/" + repeat("a", 243); },
                 "messages[0].support.url: is 256 characters");
  expect_invalid([](mb::Delivery& d) { d.messages[0].support.url = "https://x.se/a b"; },
                 "messages[0].support.url: must be an http or https URL without spaces");
  expect_invalid([](mb::Delivery& d) { d.messages[0].support.phone_number = "call us"; },
                 "messages[0].support.phone_number");
  expect_invalid([](mb::Delivery& d) { d.messages[0].support.email = "a@b"; },
                 "messages[0].support.email: must be at least 5");
  expect_invalid([](mb::Delivery& d) { d.messages[0].support.email = "no-at-sign.se"; },
                 "messages[0].support.email: is not an e-mail address");
  expect_invalid([](mb::Delivery& d) { d.messages[0].language = "sv_SE"; }, "messages[0].language");
  expect_invalid([](mb::Delivery& d) { d.messages[0].language.clear(); }, "messages[0].language");
  expect_invalid([](mb::Delivery& d) { d.messages[0].body.clear(); }, "messages[0].body: must not be empty");
  expect_invalid([](mb::Delivery& d) { d.messages[0].body = "latin-1 \xE5"; }, "messages[0].body: is not valid UTF-8");
  expect_invalid([](mb::Delivery& d) { d.messages[0].attachments[0].content = "PK\x03\x04 a zip file"; },
                 "messages[0].attachments[0].content: is not a PDF document");
  expect_invalid([](mb::Delivery& d) { d.messages[0].attachments[0].content.clear(); },
                 "messages[0].attachments[0].content: is not a PDF document");
  expect_invalid([](mb::Delivery& d) { d.messages[0].attachments[0].filename = "../etc/beslut.pdf"; },
                 "messages[0].attachments[0].filename: must be a file name without a folder");
  expect_invalid([](mb::Delivery& d) { d.messages[0].attachments[0].filename = "beslut.docx"; },
                 "messages[0].attachments[0].filename: must end in \".pdf\"");
  expect_invalid([](mb::Delivery& d) { d.messages[0].attachments[0].filename.clear(); },
                 "messages[0].attachments[0].filename: must not be empty");
  expect_invalid(
      [](mb::Delivery& d) {
        d.messages.push_back(d.messages[0]);
        d.messages[1].subject.clear();
      },
      "messages[1].subject");
}

BOOST_AUTO_TEST_CASE(body_type_parses_exactly) {
  BOOST_TEST(mb::to_content_type(mb::parse_body_type("text/plain")) == "text/plain");
  BOOST_TEST(mb::to_content_type(mb::parse_body_type("text/html")) == "text/html");
  BOOST_CHECK_THROW(mb::parse_body_type("application/pdf"), samverkan::InvalidInput);
  BOOST_CHECK_THROW(mb::parse_body_type("TEXT/PLAIN"), samverkan::InvalidInput);
}

BOOST_AUTO_TEST_CASE(subject_of_255_characters_is_accepted) {
  mb::Delivery delivery = mt::valid_delivery();
  delivery.messages[0].subject = repeat("Å", 255);
  BOOST_CHECK_NO_THROW(mb::validate(delivery));
}

BOOST_AUTO_TEST_CASE(content_over_the_limit_is_too_large_before_signing) {
  mb::Delivery delivery = mt::valid_delivery();
  delivery.messages[0].attachments[0].content = mt::minimal_pdf() + std::string(1600 * 1024, 'x');
  try {
    mb::validate(delivery);
    BOOST_ERROR("no TooLarge");
  } catch (const samverkan::TooLarge& e) {
    const std::string message = e.what();
    BOOST_TEST(message.find(std::to_string(mb::kMaxDeliveryBytes)) != std::string::npos, message);
    BOOST_TEST(message.find("2 MiB") != std::string::npos, message);
  }
  BOOST_CHECK_THROW(mb::compose_signed_delivery(delivery, municipality()), samverkan::TooLarge);
}

BOOST_AUTO_TEST_CASE(signed_document_over_the_limit_is_too_large) {
  // The content alone fits (base64 just under 2 MiB), but with the XML and the signature the
  // document does not: the composer measures the real document.
  mb::Delivery delivery = mt::valid_delivery();
  // Everything but the attachment's base64 text: measured on a small delivery.
  const std::size_t overhead =
      mb::compose_signed_delivery(delivery, municipality()).size() - (mt::minimal_pdf().size() + 2) / 3 * 4;
  BOOST_TEST_MESSAGE("XML and signature overhead: " << overhead << " bytes");
  // An attachment whose base64 alone fits, but not together with the rest (by ~300 bytes).
  const std::size_t raw = (mb::kMaxDeliveryBytes - overhead + 300) / 4 * 3;
  delivery.messages[0].attachments[0].content = mt::minimal_pdf();
  delivery.messages[0].attachments[0].content.resize(raw, 'x');
  BOOST_CHECK_NO_THROW(mb::validate(delivery));
  try {
    (void)mb::compose_signed_delivery(delivery, municipality());
    BOOST_ERROR("no TooLarge");
  } catch (const samverkan::TooLarge& e) {
    const std::string message = e.what();
    BOOST_TEST(message.find("the signed delivery is ") != std::string::npos, message);
    BOOST_TEST(message.find(std::to_string(mb::kMaxDeliveryBytes)) != std::string::npos, message);
  }
  // 600 bytes less (800 fewer base64 characters) fits.
  delivery.messages[0].attachments[0].content.resize(raw - 600);
  const std::string xml = mb::compose_signed_delivery(delivery, municipality());
  BOOST_TEST(xml.size() <= mb::kMaxDeliveryBytes);
}

BOOST_AUTO_TEST_CASE(content_is_encoded_once_with_an_md5_checksum_and_no_prefixes) {
  const mb::Delivery delivery = mt::valid_delivery();
  const std::string xml = mb::compose_signed_delivery(delivery, municipality());

  // No element or attribute uses a namespace prefix; every namespace is a default namespace.
  BOOST_TEST(!std::regex_search(xml, std::regex(R"(<[A-Za-z_][\w.-]*:)")), "a prefixed element");
  BOOST_TEST(xml.find("xmlns:") == std::string::npos);

  const sx::Document document = sx::parse_untrusted(xml, "composed");
  const sx::Element root = document.root();
  BOOST_TEST(root.is("SignedDelivery", kV3));
  const auto children = root.children();
  BOOST_REQUIRE_EQUAL(children.size(), 2U);
  BOOST_TEST(children[0].is("Delivery", kV3));
  BOOST_TEST(children[1].is("Signature", "http://www.w3.org/2000/09/xmldsig#"));

  const sx::Element header = children[0].required_child("Header", kV3);
  BOOST_TEST(header.required_child("Sender", kV2).required_child("Id", kSender).text() ==
             "16" + std::string(mt::kMunicipalityOrg));
  BOOST_TEST(header.required_child("Sender", kV2).required_child("Name", kSender).text() == "Testkommunen");
  BOOST_TEST(header.required_child("Recipient", kV2).text() == mt::kRecipient);
  BOOST_TEST(header.required_child("Reference", kV2).text() == *delivery.reference);
  BOOST_TEST(header.required_child("CorrelationId", kV2).text() == *delivery.correlation_id);

  const sx::Element message = children[0].required_child("Message", kV3);
  const sx::Element message_header = message.required_child("Header", kV3);
  BOOST_TEST(message_header.required_child("Subject", kV3).text() == delivery.messages[0].subject);
  BOOST_TEST(message_header.required_child("Language", kV3).text() == "svSE");
  BOOST_TEST(message_header.required_child("Reply", kV3).text() == "NOT_ALLOWED");
  BOOST_TEST(message_header.required_child("ReceiptRequest", kV3).text() == "SIMPLE");
  const sx::Element support = message_header.required_child("Supportinfo", kV3);
  BOOST_TEST(support.required_child("EmailAdress", kV3).text() == "kontakt@testkommunen.se");

  const sx::Element body = message.required_child("Body", kV3);
  BOOST_TEST(body.required_child("ContentType", kV1).text() == "text/plain");
  // Decoding once (with another implementation) gives the original text back.
  BOOST_TEST(base64_decode_with_openssl_cli(body.required_child("Body", kV1).text()) == delivery.messages[0].body);

  const sx::Element attachment = message.required_child("Attachment", kV3);
  BOOST_TEST(attachment.required_child("ContentType", kV1).text() == "application/pdf");
  BOOST_TEST(attachment.required_child("Filename", kV1).text() == "beslut.pdf");
  const std::string pdf = base64_decode_with_openssl_cli(attachment.required_child("Body", kV1).text());
  BOOST_TEST(pdf == mt::minimal_pdf());
  samverkan::test::TempDir dir;
  const auto [status, md5] = mt::run_command("md5sum " + mt::quoted(dir.write("a.pdf", mt::minimal_pdf())));
  BOOST_REQUIRE_EQUAL(status, 0);
  BOOST_TEST(attachment.required_child("Checksum", kV1).text() == md5.substr(0, 32));
}

BOOST_AUTO_TEST_CASE(html_body_and_several_messages) {
  mb::Delivery delivery = mt::valid_delivery();
  delivery.messages[0].body_type = mb::BodyType::kTextHtml;
  delivery.messages[0].body = "<p>Hej &amp; välkommen</p>";
  delivery.messages.push_back(delivery.messages[0]);
  delivery.messages[1].id = "msg-2";
  delivery.messages[1].attachments.clear();
  delivery.messages[1].reply.reset();
  delivery.messages[1].receipt.reset();
  const sx::Document document = sx::parse_untrusted(mb::compose_signed_delivery(delivery, municipality()), "composed");
  const auto messages = document.root().required_child("Delivery", kV3).children("Message", kV3);
  BOOST_REQUIRE_EQUAL(messages.size(), 2U);
  BOOST_TEST(messages[0].required_child("Body", kV3).required_child("ContentType", kV1).text() == "text/html");
  BOOST_TEST(messages[1].children("Attachment", kV3).empty());
  BOOST_TEST(!messages[1].required_child("Header", kV3).first_child("Reply", kV3).has_value());
}

BOOST_AUTO_TEST_CASE(signing_identity_refuses_bad_keys) {
  const auto& pki = mt::make_mailbox_test_pki();
  BOOST_CHECK_THROW(mb::SigningIdentity::from_pem("not a key", pki.municipality.certificate_pem),
                    samverkan::InvalidInput);
  BOOST_CHECK_THROW(mb::SigningIdentity::from_pem(pki.municipality.key_pem, "not a cert"), samverkan::InvalidInput);
  try {
    (void)mb::SigningIdentity::from_pem(pki.platform.key_pem, pki.municipality.certificate_pem);
    BOOST_ERROR("a key that is not the certificate's was accepted");
  } catch (const samverkan::InvalidInput& e) {
    BOOST_TEST(std::string(e.what()).find("does not belong to the certificate") != std::string::npos, e.what());
  }
  BOOST_CHECK_THROW(mb::SigningIdentity::from_pem_files("/nonexistent/key.pem", "/nonexistent/cert.pem"),
                    samverkan::InvalidInput);
  const mb::SigningIdentity identity =
      mb::SigningIdentity::from_pem(pki.municipality.key_pem, pki.municipality.certificate_pem);
  BOOST_TEST(identity.subject().find("CN=Testkommunen") != std::string::npos, identity.subject());
  BOOST_TEST(identity.subject_serial_number() == "16" + std::string(mt::kMunicipalityOrg));
}

BOOST_AUTO_TEST_SUITE_END()
