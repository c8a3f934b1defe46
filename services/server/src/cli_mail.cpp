#include "samverkan/server/cli_mail.hpp"

#include <Poco/UUIDGenerator.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "detail/cli_support.hpp"
#include "samverkan/adapters/outbox_folder.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/mailbox/compose.hpp"
#include "samverkan/mailbox/message.hpp"
#include "samverkan/mailbox/signing.hpp"
#include "samverkan/mailbox/verify.hpp"
#include "samverkan/server/cli_mail_client.hpp"

namespace samverkan::server {
namespace po = boost::program_options;
namespace {

bool has_schemas(const std::filesystem::path& dir) {
  std::error_code ignored;
  return std::filesystem::is_regular_file(dir / "v3" / "Message.xsd", ignored);
}

template <typename T>
std::optional<T> optional_value(const po::variables_map& vm, const char* name) {
  if (vm.count(name) == 0) return std::nullopt;
  return vm[name].as<T>();
}

}  // namespace

std::optional<std::filesystem::path> default_mail_schema_dir() {
  if (const char* env = std::getenv("SAMVERKAN_MM_SCHEMA_DIR"); env != nullptr && *env != '\0') {
    return has_schemas(env) ? std::optional<std::filesystem::path>(env) : std::nullopt;
  }
  std::vector<std::filesystem::path> candidates;
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error)
    candidates.push_back(exe.parent_path().parent_path() / "share" / "samverkan" / "minameddelanden" / "schema");
  candidates.emplace_back("/usr/local/share/samverkan/minameddelanden/schema");
  candidates.emplace_back("/usr/share/samverkan/minameddelanden/schema");
  for (const auto& candidate : candidates) {
    if (has_schemas(candidate)) return candidate;
  }
  return std::nullopt;
}

int run_mail_compose(const MailComposeOptions& options, std::ostream& out, std::ostream& err) {
  return cli::guarded("mail compose", err, [&] {
    const mailbox::SigningIdentity identity =
        mailbox::SigningIdentity::from_pem_files(options.key_file, options.certificate_file);
    mailbox::Delivery delivery;
    delivery.sender_organisation_number = options.sender_org;
    delivery.sender_name = options.sender_name.value_or(identity.organisation_name());
    delivery.recipient = options.recipient;
    delivery.reference = options.reference;

    mailbox::Message message;
    message.id = options.message_id.value_or(Poco::UUIDGenerator::defaultGenerator().createRandom().toString());
    message.subject = options.subject;
    message.support.text = options.support_text.value_or("Kontakta " + delivery.sender_name + ".");
    message.support.url = options.support_url;
    message.support.phone_number = options.support_phone;
    message.support.email = options.support_email;
    message.language = options.language;
    message.body_type = mailbox::parse_body_type(options.body_type);
    message.body = cli::read_file(options.body_file, "body file", mailbox::kMaxDeliveryBytes);
    for (const auto& file : options.attachments) {
      message.attachments.push_back(mailbox::Attachment{
          file.filename().string(), cli::read_file(file, "attachment", mailbox::kMaxDeliveryBytes)});
    }
    delivery.messages.push_back(std::move(message));

    // Refuse a key that is not the sender organisation's own.
    if (!identity.subject_serial_number().empty()) {
      const std::string id = mailbox::sender_id(delivery);
      const std::string& serial = identity.subject_serial_number();
      if (serial != id && serial != id.substr(2)) {
        throw InvalidInput("the certificate (serialNumber " + serial + ") is not the sender organisation's (" + id +
                           ")");
      }
    }

    const std::string xml = mailbox::compose_signed_delivery(delivery, identity);
    adapters::write_file_atomically(options.out_file, xml,
                                    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    out << "wrote " << options.out_file.string() << ": SignedDelivery, " << xml.size() << " bytes, 1 message, "
        << options.attachments.size() << " attachment" << (options.attachments.size() == 1 ? "" : "s") << ", signed by "
        << identity.subject() << '\n';
    return cli::kOk;
  });
}

int run_mail_verify(const MailVerifyOptions& options, std::ostream& out, std::ostream& err) {
  return cli::guarded("mail verify", err, [&] {
    const auto schema_dir = options.schema_dir ? options.schema_dir : default_mail_schema_dir();
    if (!schema_dir) {
      err << "samverkan mail verify: no Mina meddelanden schema folder found; pass --schema-dir DIR "
             "(the folder with v3/Message.xsd) or set SAMVERKAN_MM_SCHEMA_DIR\n";
      return cli::kUsage;
    }
    const mailbox::SchemaSet schemas = mailbox::SchemaSet::load(*schema_dir);
    std::optional<mailbox::TrustStore> trust;
    mailbox::VerifyOptions verify;
    if (options.ca_file) {
      trust.emplace(mailbox::TrustStore::load_pem_file(*options.ca_file));
      verify.trust = &*trust;
    }
    verify.expected_sender = options.sender_org;
    const std::string xml = cli::read_file(options.file, "file", verify.max_document_bytes);
    const mailbox::VerifyResult result = mailbox::verify_delivery_document(xml, schemas, verify);
    if (!result.ok) {
      err << "samverkan mail verify: " << options.file.string() << ": "
          << (result.document_type.empty() ? "" : result.document_type + ": ") << result.reason << '\n';
      return cli::kFailed;
    }
    out << options.file.string() << ": " << result.document_type << " is valid\n"
        << "  schema: valid against " << schema_dir->string() << '\n';
    if (result.intermediary) {
      out << "  intermediary's signature: valid (" << result.intermediary->subject << ")\n"
          << "  seal: received " << result.seal_received_time.value_or("?") << ", SignaturesOK "
          << (result.seal_signatures_ok.value_or(false) ? "true" : "false") << '\n';
    }
    out << "  sender's signature: valid (" << result.sender->subject << ")\n"
        << "  certificates: "
        << (options.ca_file ? "trusted by " + options.ca_file->string() : std::string("not checked (no --ca)")) << '\n'
        << "  sender " << result.sender_id << ", " << result.message_count << " message"
        << (result.message_count == 1 ? "" : "s") << '\n';
    return cli::kOk;
  });
}

void describe_mail_command(po::options_description& o, po::positional_options_description& p) {
  o.add_options()("action", po::value<std::string>()->required(), "compose, verify, send or bulk")(
      "file", po::value<std::string>(), "verify: the SignedDelivery or SealedDelivery document; bulk: FILE.csv")(
      "sender-org", po::value<std::string>(), "the sender's organisation number (compose: required; verify: expected)")(
      "sender-name", po::value<std::string>(), "compose: Sender/Name (default: the certificate's organisation)")(
      "to", po::value<std::string>(), "compose: the recipient's personnummer or samordningsnummer")(
      "subject", po::value<std::string>(), "compose: the subject (at most 255 characters)")(
      "body-file", po::value<std::string>(), "compose: the body, UTF-8")(
      "body-type", po::value<std::string>()->default_value("text/plain"), "compose: text/plain or text/html")(
      "attach", po::value<std::vector<std::string>>()->composing(), "compose: a PDF attachment (repeatable)")(
      "key", po::value<std::string>(), "compose: the sender's private key (PEM, RSA)")(
      "cert", po::value<std::string>(), "compose: the sender's certificate (PEM)")(
      "out", po::value<std::string>(), "compose: where to write the SignedDelivery")(
      "message-id", po::value<std::string>(), "compose: the message id (default: a random UUID)")(
      "reference", po::value<std::string>(), "compose: the sender's reference")(
      "support-text", po::value<std::string>(), "compose: Supportinfo text (default: Kontakta <sender name>.)")(
      "support-url", po::value<std::string>(), "compose: Supportinfo URL")("support-phone", po::value<std::string>(),
                                                                           "compose: Supportinfo phone number")(
      "support-email", po::value<std::string>(), "compose: Supportinfo e-mail address")(
      "language", po::value<std::string>()->default_value("svSE"), "compose: the message language")(
      "schema-dir", po::value<std::string>(), "verify: the Mina meddelanden schema folder (with v3/Message.xsd)")(
      "ca", po::value<std::string>(),
      "verify: trusted CA certificates (PEM); without it certificates are not checked. send, bulk: the server's CA "
      "or development certificate (PEM); without it the system's CAs")("server", po::value<std::string>(),
                                                                       "send, bulk: the platform, https://host[:port]")(
      "client-id", po::value<std::string>(),
      "send, bulk: the API client's id (scope mailbox:send); its secret from $SAMVERKAN_CLIENT_SECRET")(
      "municipality", po::value<std::string>(), "send, bulk: the API client's municipality (kommunkod)")(
      "body", po::value<std::string>(), "send: the letter's text (or --body-file)")(
      "case-number", po::value<std::string>(), "send: the case number (diarienummer), also the letter's reference")(
      "client-request-id", po::value<std::string>(),
      "send: the idempotency key (default: a digest of the letter, so the same command never sends twice)")(
      "wait", "send: wait until the letter is delivered, on paper or failed")(
      "no-wait", "bulk: stop once every letter is accepted, without waiting for the deliveries")(
      "chunk", po::value<std::size_t>()->default_value(500), "bulk: letters per request (1..1000)")(
      "wait-timeout", po::value<unsigned>()->default_value(600), "send, bulk: seconds to wait for final states")(
      "poll-interval", po::value<unsigned>()->default_value(2000), "send, bulk: milliseconds between status polls");
  p.add("action", 1).add("file", 1);
}

namespace {

// send and bulk: the options they share, then each one's own.
int run_mail_client_command(const std::string& action, const po::variables_map& vm, std::ostream& out,
                            std::ostream& err) {
  std::string missing;
  std::vector<const char*> required = {"server", "client-id", "municipality"};
  if (action == "send") required.insert(required.end(), {"to", "subject"});
  for (const char* name : required) {
    if (vm.count(name) == 0) missing += std::string(missing.empty() ? "" : ", ") + "--" + name;
  }
  if (action == "bulk" && vm.count("file") == 0) missing += std::string(missing.empty() ? "" : ", ") + "FILE.csv";
  if (!missing.empty() || (action == "send" && vm.count("file") != 0)) {
    err << "samverkan mail " << action << ": "
        << (missing.empty() ? "unexpected argument " + vm["file"].as<std::string>() : "missing " + missing) << '\n';
    if (action == "bulk") err << kMailBulkCsvHelp << '\n';
    return cli::kUsage;
  }
  MailServerOptions server;
  server.server = vm["server"].as<std::string>();
  server.client_id = vm["client-id"].as<std::string>();
  if (const char* secret = std::getenv("SAMVERKAN_CLIENT_SECRET"); secret != nullptr) server.client_secret = secret;
  if (auto ca = optional_value<std::string>(vm, "ca")) server.ca = *ca;
  server.municipality = vm["municipality"].as<std::string>();
  if (auto text = optional_value<std::string>(vm, "support-text")) server.support_text = *text;
  server.wait_timeout = std::chrono::seconds(vm["wait-timeout"].as<unsigned>());
  server.poll_interval = std::chrono::milliseconds(vm["poll-interval"].as<unsigned>());
  if (action == "send") {
    MailSendOptions options;
    options.server = std::move(server);
    options.recipient = vm["to"].as<std::string>();
    options.subject = vm["subject"].as<std::string>();
    options.body = optional_value<std::string>(vm, "body");
    if (auto file = optional_value<std::string>(vm, "body-file")) options.body_file = *file;
    options.body_type = vm["body-type"].as<std::string>();
    if (vm.count("attach") != 0) {
      for (const auto& file : vm["attach"].as<std::vector<std::string>>()) options.attachments.emplace_back(file);
    }
    options.case_number = optional_value<std::string>(vm, "case-number");
    options.client_request_id = optional_value<std::string>(vm, "client-request-id");
    options.wait = vm.count("wait") != 0;
    return run_mail_send(options, out, err);
  }
  MailBulkOptions options;
  options.server = std::move(server);
  options.csv = vm["file"].as<std::string>();
  options.chunk = vm["chunk"].as<std::size_t>();
  options.wait = vm.count("no-wait") == 0;
  // A bar only on a terminal; logs and pipes get one plain line per step.
  options.progress_bar = &out == &std::cout && ::isatty(STDOUT_FILENO) == 1;
  return run_mail_bulk(options, out, err);
}

}  // namespace

int run_mail_command(const po::variables_map& vm, std::ostream& out, std::ostream& err) {
  const auto action = vm["action"].as<std::string>();
  if (action == "compose") {
    std::string missing;
    for (const char* name : {"sender-org", "to", "subject", "body-file", "key", "cert", "out"}) {
      if (vm.count(name) == 0) missing += std::string(missing.empty() ? "" : ", ") + "--" + name;
    }
    if (!missing.empty() || vm.count("file") != 0) {
      err << "samverkan mail compose: "
          << (missing.empty() ? "unexpected argument " + vm["file"].as<std::string>() : "missing " + missing) << '\n';
      return cli::kUsage;
    }
    MailComposeOptions options;
    options.sender_org = vm["sender-org"].as<std::string>();
    options.sender_name = optional_value<std::string>(vm, "sender-name");
    options.recipient = vm["to"].as<std::string>();
    options.subject = vm["subject"].as<std::string>();
    options.body_file = vm["body-file"].as<std::string>();
    options.body_type = vm["body-type"].as<std::string>();
    if (vm.count("attach") != 0) {
      for (const auto& file : vm["attach"].as<std::vector<std::string>>()) options.attachments.emplace_back(file);
    }
    options.key_file = vm["key"].as<std::string>();
    options.certificate_file = vm["cert"].as<std::string>();
    options.out_file = vm["out"].as<std::string>();
    options.message_id = optional_value<std::string>(vm, "message-id");
    options.reference = optional_value<std::string>(vm, "reference");
    options.support_text = optional_value<std::string>(vm, "support-text");
    options.support_url = optional_value<std::string>(vm, "support-url");
    options.support_phone = optional_value<std::string>(vm, "support-phone");
    options.support_email = optional_value<std::string>(vm, "support-email");
    options.language = vm["language"].as<std::string>();
    return run_mail_compose(options, out, err);
  }
  if (action == "verify") {
    if (vm.count("file") == 0) {
      err << "samverkan mail verify: name the file to verify\n";
      return cli::kUsage;
    }
    MailVerifyOptions options;
    options.file = vm["file"].as<std::string>();
    if (auto dir = optional_value<std::string>(vm, "schema-dir")) options.schema_dir = *dir;
    if (auto ca = optional_value<std::string>(vm, "ca")) options.ca_file = *ca;
    options.sender_org = optional_value<std::string>(vm, "sender-org");
    return run_mail_verify(options, out, err);
  }
  if (action == "send" || action == "bulk") return run_mail_client_command(action, vm, out, err);
  err << "samverkan mail: use 'compose', 'verify', 'send' or 'bulk'\n";
  return cli::kUsage;
}

}  // namespace samverkan::server
