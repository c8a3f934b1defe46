// samverkan-dev-provision: everything a cooperation file names is made from that file alone, right
// (checked with the openssl command as an independent verifier), idempotently, and what it cannot
// make is an error with file:line.
#include "provision/dev_provision.hpp"

#include <boost/test/unit_test.hpp>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <algorithm>
#include <iterator>
#include <regex>

#include "examples/example_fixture.hpp"
#include "samverkan/config/cooperation.hpp"

using namespace samverkan;
namespace fs = std::filesystem;

namespace {

struct Run {
  int code;
  std::string out;
};

// Runs `program` with `args`; stdout and stderr together.
Run run(const std::string& program, const std::vector<std::string>& args) {
  Poco::Pipe out;
  auto handle = Poco::Process::launch(program, args, nullptr, &out, &out);
  Poco::PipeInputStream stream(out);
  std::string text((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  return {handle.wait(), text};
}

// `openssl verify` of `certificate` against `ca`, for `purpose` (sslclient, sslserver or any).
bool verifies(const fs::path& ca, const fs::path& certificate, const std::string& purpose = "any") {
  const auto result = run("openssl", {"verify", "-purpose", purpose, "-CAfile", ca.string(), certificate.string()});
  return result.code == 0 && result.out.find(": OK") != std::string::npos;
}

std::string subject(const fs::path& certificate) {
  return run("openssl", {"x509", "-in", certificate.string(), "-noout", "-subject", "-nameopt", "RFC2253"}).out;
}

bool private_to_owner(const fs::path& file) {
  return (fs::status(file).permissions() & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none;
}

bool created(const dev_provision::Result& result, const fs::path& path) {
  return std::find(result.created.begin(), result.created.end(), path) != result.created.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dev_provision_test)

BOOST_AUTO_TEST_CASE(makes_every_file_the_cooperation_names_from_the_cooperation_alone) {
  test::ExampleCopy copy("sydnarke");
  const auto result = copy.provision();
  const auto cooperation = config::load_cooperation(copy.cooperation());
  const auto& pki = result.pki;
  BOOST_TEST(pki.ca_certificate == copy.folder() / "secrets/dev-pki/ca.pem");
  BOOST_TEST(verifies(pki.ca_certificate, pki.server_certificate, "sslserver"));
  BOOST_TEST(subject(pki.server_certificate).find("CN=localhost") != std::string::npos);
  BOOST_TEST(private_to_owner(pki.server_key));
  BOOST_TEST(private_to_owner(copy.folder() / "secrets/dev-pki/ca-key.pem"));
  BOOST_TEST(private_to_owner(copy.folder() / "secrets/dev-pki/signing-ca-key.pem"));

  for (const auto& member : cooperation.members) {
    BOOST_TEST_CONTEXT(member.short_name) {
      const auto& mail = member.digital_mail.value();
      // Its own signing identity: its organisation number, from the signing CA the simulator trusts.
      BOOST_TEST(verifies(pki.signing_ca, mail.signing.certificate_file));
      BOOST_TEST(subject(mail.signing.certificate_file).find("serialNumber=16" + member.organisation_number.digits()) !=
                 std::string::npos);
      BOOST_TEST(private_to_owner(mail.signing.key_file));
      BOOST_TEST(verifies(pki.ca_certificate, mail.tls_client.certificate_file, "sslclient"));
      BOOST_TEST(private_to_owner(mail.tls_client.key_file));
      for (const auto& binding : member.adapters.bindings) {
        auto settings = binding;
        if (settings.has_rest_api() && !settings.rest_api().token_file.empty()) {
          const auto token = test::read_file(settings.rest_api().token_file);
          BOOST_TEST(std::regex_match(token, std::regex("[A-Za-z0-9_-]{43}\n")), token);
          BOOST_TEST(private_to_owner(settings.rest_api().token_file));
        }
        if (settings.has_outbox()) BOOST_TEST(fs::is_directory(settings.outbox().directory));
        if (settings.has_csv_export()) BOOST_TEST(fs::is_directory(settings.csv_export().directory));
      }
    }
  }
  // The shared TLS client pair is the platform's: the host's organisation number; so is the seal.
  const auto host = cooperation.find(cooperation.host)->organisation_number.digits();
  BOOST_TEST(subject(copy.folder() / "secrets/minameddelanden/rp-cert.pem").find("serialNumber=16" + host) !=
             std::string::npos);
  const auto& mm = cooperation.mina_meddelanden.value();
  BOOST_TEST(verifies(pki.signing_ca, mm.seal.certificate_file));
  BOOST_TEST(subject(mm.seal.certificate_file).find("serialNumber=16" + host) != std::string::npos);
  BOOST_TEST(test::read_file(mm.register_ca_file) == test::read_file(pki.ca_certificate));
  BOOST_TEST(fs::exists(copy.data() / "keys"));
  BOOST_TEST(private_to_owner(copy.data() / "keys"));
  // Two members never share a signing key.
  BOOST_TEST(test::read_file(cooperation.members[0].digital_mail->signing.key_file) !=
             test::read_file(cooperation.members[1].digital_mail->signing.key_file));
}

BOOST_AUTO_TEST_CASE(a_second_run_keeps_everything_and_makes_nothing) {
  test::ExampleCopy copy("gislaved");
  const auto first = copy.provision();
  BOOST_TEST(!first.created.empty());
  const auto key = copy.folder() / "secrets/minameddelanden/gislaved-key.pem";
  const auto before = test::read_file(key);
  BOOST_TEST(copy.provision().created.empty());
  BOOST_TEST(test::read_file(key) == before);
}

BOOST_AUTO_TEST_CASE(a_lost_ca_key_gives_a_new_ca_and_new_certificates_for_all_it_signed) {
  test::ExampleCopy copy("gislaved");
  const auto first = copy.provision();
  const auto signing_key = copy.folder() / "secrets/minameddelanden/gislaved-key.pem";
  const auto tls_key = copy.folder() / "secrets/minameddelanden/rp-key.pem";
  const auto old_signing = test::read_file(signing_key);
  const auto old_tls = test::read_file(tls_key);
  fs::remove(copy.folder() / "secrets/dev-pki/signing-ca-key.pem");

  const auto second = copy.provision();
  BOOST_TEST(created(second, first.pki.signing_ca));
  BOOST_TEST(created(second, signing_key));
  BOOST_TEST(created(second, copy.folder() / "secrets/minameddelanden/seal-cert.pem"));
  BOOST_TEST(test::read_file(signing_key) != old_signing);
  BOOST_TEST(verifies(second.pki.signing_ca, copy.folder() / "secrets/minameddelanden/gislaved-cert.pem"));
  // The TLS side had nothing to do with it.
  BOOST_TEST(test::read_file(tls_key) == old_tls);
  BOOST_TEST(!created(second, tls_key));
}

BOOST_AUTO_TEST_CASE(a_certificate_for_another_organisation_is_made_again) {
  test::ExampleCopy copy("sydnarke");
  copy.provision();
  // Askersund's certificate file now holds Lekeberg's (same CA, wrong organisation number).
  const auto folder = copy.folder() / "secrets/minameddelanden";
  fs::copy_file(folder / "lekeberg-cert.pem", folder / "askersund-cert.pem", fs::copy_options::overwrite_existing);
  fs::copy_file(folder / "lekeberg-key.pem", folder / "askersund-key.pem", fs::copy_options::overwrite_existing);
  const auto again = copy.provision();
  BOOST_TEST(created(again, folder / "askersund-cert.pem"));
  BOOST_TEST(subject(folder / "askersund-cert.pem").find("serialNumber=162120002916") != std::string::npos);
  BOOST_TEST(!created(again, folder / "lekeberg-cert.pem"));
}

BOOST_AUTO_TEST_CASE(two_members_naming_one_signing_key_are_refused_at_the_second) {
  test::ExampleCopy copy("sydnarke");
  std::string text = test::read_file(copy.cooperation());
  text = std::regex_replace(text, std::regex("askersund-(key|cert)\\.pem"), "lekeberg-$1.pem");
  test::TempDir scratch;
  fs::copy_file(scratch.write("c.xml", text), copy.cooperation(), fs::copy_options::overwrite_existing);
  try {
    copy.provision();
    BOOST_FAIL("two members with one signing key were provisioned");
  } catch (const config::ConfigError& error) {
    BOOST_REQUIRE(error.diagnostics().size() == 1U);
    const auto& d = error.diagnostics()[0];
    BOOST_TEST(d.file == copy.cooperation().string());
    const auto askersund = text.find("<municipality code=\"1882\">");
    BOOST_TEST(d.line == 1 + std::count(text.begin(), text.begin() + static_cast<long>(askersund), '\n'));
    BOOST_TEST(d.message.find("Askersund") != std::string::npos, d.message);
    BOOST_TEST(d.message.find("Lekeberg") != std::string::npos, d.message);
  }
}

BOOST_AUTO_TEST_CASE(the_program_provisions_and_reports_bad_input) {
  BOOST_TEST(run(SAMVERKAN_DEV_PROVISION_BINARY, {}).code == 2);
  BOOST_TEST(run(SAMVERKAN_DEV_PROVISION_BINARY, {"a.xml", "--frobnicate"}).code == 2);

  test::TempDir dir;
  const auto broken =
      dir.write("broken.xml", "<?xml version=\"1.0\"?>\n<cooperation xmlns=\"urn:samverkan:cooperation:1\"/>\n");
  const auto refused = run(SAMVERKAN_DEV_PROVISION_BINARY, {broken.string()});
  BOOST_TEST(refused.code == 1);
  BOOST_TEST(refused.out.find(broken.string() + ":2:") != std::string::npos, refused.out);

  test::ExampleCopy copy("gislaved");
  const auto made = run(SAMVERKAN_DEV_PROVISION_BINARY, {copy.cooperation().string()});
  BOOST_TEST(made.code == 0, made.out);
  BOOST_TEST(made.out.find("created " + (copy.folder() / "secrets/minameddelanden/gislaved-key.pem").string()) !=
                 std::string::npos,
             made.out);
  BOOST_TEST(
      made.out.find("signing ca " + (copy.folder() / "secrets/dev-pki/signing-ca.pem").string()) != std::string::npos,
      made.out);
  const auto again = run(SAMVERKAN_DEV_PROVISION_BINARY, {copy.cooperation().string()});
  BOOST_TEST(again.code == 0);
  BOOST_TEST(again.out.find("created ") == std::string::npos, again.out);
}

BOOST_AUTO_TEST_SUITE_END()
