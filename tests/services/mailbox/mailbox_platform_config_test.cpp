// The Mina meddelanden settings of the cooperation file (<minaMeddelanden> and each member's
// <digitalMail>): read with paths resolved against the file's folder, turned into the outbox's
// settings, and refused with file:line problems when wrong.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/mailbox/outbox_delivery.hpp"
#include "support/temp_dir.hpp"

using namespace samverkan;
namespace fs = std::filesystem;

namespace {

fs::path xsd_dir() { return samverkan::test::source_dir() / "xsd"; }

const std::string kMember = R"(
    <municipality code="0604">
      <organisationNumber>212000-0043</organisationNumber>
      <name>Aneby kommun</name>
      <shortName>Aneby</shortName>
      <contact><email>kommun@aneby.se</email><phone>0380-461 00</phone>
        <address>Aneby kommun, 578 80 Aneby</address><website>https://www.aneby.se</website></contact>
      <branding><primaryColor>#00594F</primaryColor></branding>
      <boards><board prefix="KS">Kommunstyrelsen</board></boards>
@DIGITAL_MAIL@
    </municipality>
    <municipality code="0686">
      <organisationNumber>212000-0860</organisationNumber>
      <name>Eksjö kommun</name>
      <shortName>Eksjö</shortName>
      <contact><email>kommun@eksjo.se</email><phone>0381-360 00</phone>
        <address>Eksjö kommun, 575 80 Eksjö</address><website>https://www.eksjo.se</website></contact>
      <branding><primaryColor>#8B1E2D</primaryColor></branding>
      <boards><board prefix="KS">Kommunstyrelsen</board></boards>
    </municipality>)";

const std::string kDigitalMail = R"(      <digitalMail>
        <signing keyFile="secrets/aneby-sign-key.pem" certificateFile="secrets/aneby-sign-cert.pem"/>
        <tlsClient keyFile="/etc/samverkan/aneby-tls-key.pem" certificateFile="/etc/samverkan/aneby-tls-cert.pem"/>
      </digitalMail>)";

const std::string kMinaMeddelanden = R"(  <minaMeddelanden timeoutSeconds="12">
    <recipientRegister url="https://mm.example/Recipient/v3" caFile="trust/register-ca.pem"/>
    <operators caFile="trust/operators-ca.pem"/>
    <seal keyFile="secrets/seal-key.pem" certificateFile="secrets/seal-cert.pem"/>
  </minaMeddelanden>)";

std::string replace(std::string text, const std::string& what, const std::string& with) {
  const auto at = text.find(what);
  BOOST_REQUIRE(at != std::string::npos);
  return text.replace(at, what.size(), with);
}

struct ConfigFixture {
  samverkan::test::TempDir dir;

  // A cooperation file; its line 1 is the XML declaration.
  fs::path write(const std::string& digital_mail, const std::string& mina_meddelanden) {
    const std::string text =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<cooperation xmlns=\"urn:samverkan:cooperation:1\" id=\"test\">\n"
        "  <name>Test</name>\n  <host>0604</host>\n  <members>" +
        replace(kMember, "@DIGITAL_MAIL@", digital_mail) + "\n  </members>\n" + mina_meddelanden + "\n</cooperation>\n";
    const fs::path file = dir / "config" / "cooperation.xml";
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file;
  }

  // The problems of a file that must fail, one "line: message" per line.
  std::string problems_of(const fs::path& file) {
    try {
      config::load_cooperation(file, xsd_dir());
    } catch (const config::ConfigError& error) {
      std::string text;
      for (const auto& d : error.diagnostics()) {
        BOOST_TEST(d.file == file.string());
        text += std::to_string(d.line) + ": " + d.message + "\n";
      }
      return text;
    }
    BOOST_FAIL("the file loaded: " + file.string());
    return {};
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(mailbox_platform_config_test)

BOOST_FIXTURE_TEST_CASE(settings_are_read_with_paths_resolved_against_the_file, ConfigFixture) {
  const auto cooperation = config::load_cooperation(write(kDigitalMail, kMinaMeddelanden), xsd_dir());
  const fs::path folder = dir / "config";
  BOOST_REQUIRE(cooperation.mina_meddelanden.has_value());
  const auto& mm = *cooperation.mina_meddelanden;
  BOOST_TEST(mm.register_url == "https://mm.example/Recipient/v3");
  BOOST_TEST(mm.register_ca_file == folder / "trust/register-ca.pem");
  BOOST_TEST(mm.operators_ca_file == folder / "trust/operators-ca.pem");
  BOOST_TEST(mm.seal.key_file == folder / "secrets/seal-key.pem");
  BOOST_TEST(mm.seal.certificate_file == folder / "secrets/seal-cert.pem");
  BOOST_TEST(mm.timeout.count() == 12);

  const auto* aneby = cooperation.find(ids::Kommunkod::parse("0604"));
  BOOST_REQUIRE(aneby != nullptr);
  BOOST_REQUIRE(aneby->digital_mail.has_value());
  BOOST_TEST(aneby->digital_mail->signing.key_file == folder / "secrets/aneby-sign-key.pem");
  BOOST_TEST(aneby->digital_mail->signing.certificate_file == folder / "secrets/aneby-sign-cert.pem");
  // Absolute paths stay as written.
  BOOST_TEST(aneby->digital_mail->tls_client.key_file == fs::path("/etc/samverkan/aneby-tls-key.pem"));
  BOOST_TEST(aneby->digital_mail->tls_client.certificate_file == fs::path("/etc/samverkan/aneby-tls-cert.pem"));
  const auto* eksjo = cooperation.find(ids::Kommunkod::parse("0686"));
  BOOST_REQUIRE(eksjo != nullptr);
  BOOST_TEST(!eksjo->digital_mail.has_value());

  // The outbox's settings: Aneby sends, Eksjö does not (its letters go on paper).
  const auto settings = mailbox::outbox_settings(cooperation);
  BOOST_REQUIRE(settings.has_value());
  BOOST_TEST(settings->register_url == mm.register_url);
  BOOST_TEST(settings->register_ca_file == mm.register_ca_file);
  BOOST_TEST(settings->platform_key_file == mm.seal.key_file);
  BOOST_TEST(settings->platform_certificate_file == mm.seal.certificate_file);
  BOOST_REQUIRE_EQUAL(settings->senders.size(), 1U);
  const auto& sender = settings->senders.at(ids::Kommunkod::parse("0604"));
  BOOST_TEST(sender.signing_key_file == folder / "secrets/aneby-sign-key.pem");
  BOOST_TEST(sender.tls.client_private_key_file == fs::path("/etc/samverkan/aneby-tls-key.pem"));
  BOOST_TEST(sender.tls.client_certificate_file == fs::path("/etc/samverkan/aneby-tls-cert.pem"));
  BOOST_TEST(sender.tls.server_ca_file == mm.operators_ca_file);
  BOOST_TEST(sender.tls.io_timeout.count() == 12000);
}

BOOST_FIXTURE_TEST_CASE(without_the_block_there_are_no_settings_and_the_timeout_has_a_default, ConfigFixture) {
  const auto none = config::load_cooperation(write("", ""), xsd_dir());
  BOOST_TEST(!none.mina_meddelanden.has_value());
  BOOST_TEST(!mailbox::outbox_settings(none).has_value());

  const auto defaults =
      config::load_cooperation(write("", replace(kMinaMeddelanden, " timeoutSeconds=\"12\"", "")), xsd_dir());
  BOOST_REQUIRE(defaults.mina_meddelanden.has_value());
  BOOST_TEST(defaults.mina_meddelanden->timeout.count() == 30);
  BOOST_TEST(mailbox::outbox_settings(defaults)->senders.empty());
}

BOOST_FIXTURE_TEST_CASE(the_example_cooperation_points_at_the_simulators, ConfigFixture) {
  const fs::path example = samverkan::test::source_dir() / "examples/hoglandet/cooperation.xml";
  const auto cooperation = config::load_cooperation(example, xsd_dir());
  BOOST_REQUIRE(cooperation.mina_meddelanden.has_value());
  BOOST_TEST(cooperation.mina_meddelanden->register_url.rfind("https://localhost:", 0) == 0U);
  // The example's own, gitignored secrets/ folder (samverkan-dev-provision fills it).
  const fs::path pki =
      (samverkan::test::source_dir() / "examples/hoglandet/secrets/minameddelanden").lexically_normal();
  BOOST_TEST(cooperation.mina_meddelanden->seal.key_file.parent_path() == pki);
  for (const auto& member : cooperation.members) {
    BOOST_TEST_CONTEXT(member.short_name) {
      BOOST_REQUIRE(member.digital_mail.has_value());
      BOOST_TEST(member.digital_mail->signing.key_file.parent_path() == pki);
    }
  }
}

BOOST_FIXTURE_TEST_CASE(an_http_register_is_refused_with_its_line, ConfigFixture) {
  const auto problems =
      problems_of(write(kDigitalMail, replace(kMinaMeddelanden, "https://mm.example", "http://mm.example")));
  BOOST_TEST(problems.find("url") != std::string::npos, problems);
  BOOST_TEST(problems.find("http://mm.example") != std::string::npos, problems);
  // <recipientRegister> is on line 30 (see write(): <digitalMail> opens on line 14).
  BOOST_TEST(problems.rfind("30: ", 0) == 0U, problems);
}

BOOST_FIXTURE_TEST_CASE(digital_mail_without_mina_meddelanden_is_refused, ConfigFixture) {
  const auto problems = problems_of(write(kDigitalMail, ""));
  BOOST_TEST(problems ==
                 "14: <digitalMail> of Aneby needs the cooperation's <minaMeddelanden> (register, operators, "
                 "seal)\n",
             problems);
}

BOOST_FIXTURE_TEST_CASE(a_missing_seal_or_empty_path_is_refused, ConfigFixture) {
  const std::string no_seal = replace(
      kMinaMeddelanden, "    <seal keyFile=\"secrets/seal-key.pem\" certificateFile=\"secrets/seal-cert.pem\"/>\n", "");
  const auto missing = problems_of(write(kDigitalMail, no_seal));
  BOOST_TEST(missing.find("seal") != std::string::npos, missing);

  const auto empty = problems_of(
      write(replace(kDigitalMail, "keyFile=\"secrets/aneby-sign-key.pem\"", "keyFile=\"  \""), kMinaMeddelanden));
  BOOST_TEST(empty.find("keyFile") != std::string::npos, empty);
  BOOST_TEST(empty.rfind("15: ", 0) == 0U, empty);
}

BOOST_FIXTURE_TEST_CASE(key_material_in_the_file_and_one_file_for_both_are_refused, ConfigFixture) {
  // Only paths: an attribute carrying the key itself is unknown to the schema.
  const auto inline_key = problems_of(
      write(replace(kDigitalMail, "<signing keyFile", "<signing privateKey=\"MIIEvQIBADANBgkqhkiG9w0\" keyFile"),
            kMinaMeddelanden));
  BOOST_TEST(inline_key.find("privateKey") != std::string::npos, inline_key);

  const auto same =
      problems_of(write(kDigitalMail, replace(kMinaMeddelanden, "secrets/seal-cert.pem", "secrets/seal-key.pem")));
  BOOST_TEST(same.find("names the same file") != std::string::npos, same);
  BOOST_TEST(same.find("<seal>") != std::string::npos, same);
}

BOOST_FIXTURE_TEST_CASE(a_timeout_out_of_range_is_refused, ConfigFixture) {
  for (const std::string value : {"0", "601", "soon"}) {
    BOOST_TEST_CONTEXT(value) {
      const auto problems = problems_of(
          write(kDigitalMail, replace(kMinaMeddelanden, "timeoutSeconds=\"12\"", "timeoutSeconds=\"" + value + "\"")));
      BOOST_TEST(problems.find("timeoutSeconds") != std::string::npos, problems);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
