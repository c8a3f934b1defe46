// `samverkan mail compose` and `samverkan mail verify` through the real binary: exit codes,
// messages, and a compose → verify round trip (also checked by the xmlsec1 tool).
#include <boost/test/unit_test.hpp>

#include "mailbox_test_data.hpp"
#include "mailbox_test_pki.hpp"
#include "samverkan/mailbox/message.hpp"
#include "support/temp_dir.hpp"

namespace mt = samverkan::mailbox::test;

namespace {

struct Fixture {
  samverkan::test::TempDir dir;
  std::filesystem::path key, cert, other_key, other_cert, ca, untrusted_ca, body, pdf;

  Fixture() {
    const auto& pki = mt::make_mailbox_test_pki();
    std::tie(key, cert) = pki.municipality.write(dir.path(), "municipality");
    std::tie(other_key, other_cert) = pki.other_municipality.write(dir.path(), "other");
    ca = pki.write_ca(dir.path());
    untrusted_ca = dir.write("untrusted-ca.pem", pki.untrusted_ca_pem);
    body = dir.write("body.txt", "Hej!\nDitt ärende är beslutat.\n");
    pdf = dir.write("beslut.pdf", mt::minimal_pdf());
  }

  static std::pair<int, std::string> samverkan(const std::string& arguments) {
    return mt::run_command(mt::quoted(SAMVERKAN_BINARY) + " mail " + arguments);
  }

  std::string compose_arguments(const std::filesystem::path& out) const {
    return "compose --sender-org 212000-0142 --to 19121212-1212 --subject " + mt::quoted("Beslut om bygglov") +
           " --body-file " + mt::quoted(body) + " --attach " + mt::quoted(pdf) + " --key " + mt::quoted(key) +
           " --cert " + mt::quoted(cert) + " --out " + mt::quoted(out);
  }

  std::string schema_option() const { return " --schema-dir " + mt::quoted(mt::schema_dir()); }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mail_cli_test, Fixture)

BOOST_AUTO_TEST_CASE(compose_then_verify_round_trip) {
  const auto out = dir / "delivery.xml";
  auto [status, output] = samverkan(compose_arguments(out));
  BOOST_TEST(status == 0, output);
  BOOST_TEST(contains(output, "wrote " + out.string() + ": SignedDelivery"), output);
  BOOST_TEST(contains(output, "1 attachment"), output);
  BOOST_REQUIRE(std::filesystem::exists(out));

  std::tie(status, output) = samverkan("verify " + mt::quoted(out) + schema_option());
  BOOST_TEST(status == 0, output);
  BOOST_TEST(contains(output, "SignedDelivery is valid"), output);
  BOOST_TEST((contains(output, "sender's signature: valid (") && contains(output, "CN=Testkommunen")), output);
  BOOST_TEST(contains(output, "not checked (no --ca)"), output);

  // With the trust anchor and the expected sender.
  std::tie(status, output) =
      samverkan("verify " + mt::quoted(out) + schema_option() + " --ca " + mt::quoted(ca) + " --sender-org 2120000142");
  BOOST_TEST(status == 0, output);
  BOOST_TEST(contains(output, "trusted by"), output);

  // The xmlsec1 tool agrees.
  std::tie(status, output) =
      mt::run_command("xmlsec1 --verify --trusted-pem " + mt::quoted(ca) + " " + mt::quoted(out));
  BOOST_TEST(status == 0, output);
}

BOOST_AUTO_TEST_CASE(verify_says_what_is_wrong) {
  const auto out = dir / "delivery.xml";
  BOOST_REQUIRE_EQUAL(samverkan(compose_arguments(out)).first, 0);
  const std::string xml = samverkan::test::read_file(out);

  auto [status, output] =
      samverkan("verify " + mt::quoted(out) + schema_option() + " --ca " + mt::quoted(untrusted_ca));
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "certificate is not trusted"), output);

  std::tie(status, output) = samverkan("verify " + mt::quoted(out) + schema_option() + " --sender-org 2120000209");
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "not the expected"), output);

  const auto tampered = dir.write("tampered.xml", mt::replace_once(xml, "<Subject>Beslut", "<Subject>Avslag"));
  std::tie(status, output) = samverkan("verify " + mt::quoted(tampered) + schema_option());
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "SignedDelivery: sender's signature: digest of the signed content does not match"),
             output);

  const auto doctype = dir.write("doctype.xml", "<!DOCTYPE SignedDelivery>" + xml.substr(xml.find("<SignedDelivery")));
  std::tie(status, output) = samverkan("verify " + mt::quoted(doctype) + schema_option());
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "DOCTYPE"), output);

  std::tie(status, output) = samverkan("verify " + mt::quoted(dir / "missing.xml") + schema_option());
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "cannot read the file"), output);

  std::tie(status, output) = samverkan("verify " + mt::quoted(out) + " --schema-dir " + mt::quoted(dir.path()));
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "v3/Message.xsd is missing"), output);

  std::tie(status, output) = samverkan("verify" + schema_option());
  BOOST_TEST(status == 2, output);
}

BOOST_AUTO_TEST_CASE(verify_accepts_the_reference_sample) {
  auto [status, output] = samverkan(
      "verify " + mt::quoted(mt::reference_dir() / "samples" / "SealedDeliveryWithSignature.xml") + schema_option());
  BOOST_TEST(status == 0, output);
  BOOST_TEST(contains(output, "SealedDelivery is valid"), output);
  BOOST_TEST(contains(output, "intermediary's signature: valid"), output);
  BOOST_TEST(contains(output, "sender 162021004748, 1 message"), output);
}

BOOST_AUTO_TEST_CASE(compose_refuses_bad_input) {
  const auto out = dir / "delivery.xml";
  auto [status, output] = samverkan(mt::replace_once(compose_arguments(out), "19121212-1212", "19121212-1213"));
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "samverkan mail compose: recipient:"), output);
  BOOST_TEST(!contains(output, "1912121212"), output);  // no personnummer in messages

  const auto text = dir.write("not.pdf", "just text");
  std::tie(status, output) = samverkan(mt::replace_once(compose_arguments(out), mt::quoted(pdf), mt::quoted(text)));
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "is not a PDF document"), output);

  std::tie(status, output) = samverkan(compose_arguments(out) + " --body-type text/markdown");
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "text/plain"), output);

  // Another municipality's key cannot sign for this one.
  std::tie(status, output) =
      samverkan(mt::replace_once(mt::replace_once(compose_arguments(out), mt::quoted(key), mt::quoted(other_key)),
                                 mt::quoted(cert), mt::quoted(other_cert)));
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "is not the sender organisation's"), output);

  // A key that is not the certificate's.
  std::tie(status, output) =
      samverkan(mt::replace_once(compose_arguments(out), mt::quoted(key), mt::quoted(other_key)));
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "does not belong to the certificate"), output);

  // Too large.
  std::string big = mt::minimal_pdf();
  big.resize(samverkan::mailbox::kMaxDeliveryBytes / 4 * 3 + 1000, 'x');
  const auto large = dir.write("large.pdf", big);
  std::tie(status, output) = samverkan(mt::replace_once(compose_arguments(out), mt::quoted(pdf), mt::quoted(large)));
  BOOST_TEST(status == 1);
  BOOST_TEST(contains(output, "over the limit of " + std::to_string(samverkan::mailbox::kMaxDeliveryBytes)), output);

  // Missing options are a usage error.
  std::tie(status, output) = samverkan("compose --sender-org 2120000142 --to 191212121212");
  BOOST_TEST(status == 2);
  BOOST_TEST(contains(output, "missing --subject, --body-file, --key, --cert, --out"), output);
  std::tie(status, output) = samverkan("frobnicate");
  BOOST_TEST(status == 2);

  // Nothing was written by the failed attempts.
  BOOST_TEST(!std::filesystem::exists(out));
}

BOOST_AUTO_TEST_SUITE_END()
