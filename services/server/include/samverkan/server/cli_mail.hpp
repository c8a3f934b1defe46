#pragma once
/// The `samverkan mail` commands that need neither a server nor a database:
///   samverkan mail compose --sender-org ORGNR --to PERSONNUMMER --subject TEXT --body-file FILE
///       [--body-type text/plain|text/html] [--attach FILE.pdf]... --key KEY.pem --cert CERT.pem
///       --out OUT.xml
///   samverkan mail verify FILE.xml [--schema-dir DIR] [--ca FILE] [--sender-org ORGNR]
/// compose writes one signed SignedDelivery exactly as it would be sent; verify checks a
/// SignedDelivery or SealedDelivery (schema and signatures) and says what is wrong.
/// Exit codes: 0 success, 1 failed (the reason on `err`), 2 bad usage.

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace boost::program_options {
class options_description;
class positional_options_description;
class variables_map;
}  // namespace boost::program_options

namespace samverkan::server {

struct MailComposeOptions {
  std::string sender_org;                          ///< --sender-org
  std::optional<std::string> sender_name;          ///< --sender-name; default: the certificate's O (or CN)
  std::string recipient;                           ///< --to
  std::string subject;                             ///< --subject
  std::filesystem::path body_file;                 ///< --body-file (UTF-8)
  std::string body_type = "text/plain";            ///< --body-type
  std::vector<std::filesystem::path> attachments;  ///< --attach (PDF), repeatable
  std::filesystem::path key_file;                  ///< --key (PEM, unencrypted)
  std::filesystem::path certificate_file;          ///< --cert (PEM)
  std::filesystem::path out_file;                  ///< --out
  std::optional<std::string> message_id;           ///< --message-id; default: a random UUID
  std::optional<std::string> reference;            ///< --reference
  std::optional<std::string> support_text;         ///< --support-text; default "Kontakta <sender name>."
  std::optional<std::string> support_url;          ///< --support-url
  std::optional<std::string> support_phone;        ///< --support-phone
  std::optional<std::string> support_email;        ///< --support-email
  std::string language = "svSE";                   ///< --language
};

/// Composes and signs; writes the document to out_file (atomically: a temporary file in the same
/// folder renamed into place) and prints a one-line summary on `out`.
int run_mail_compose(const MailComposeOptions& options, std::ostream& out, std::ostream& err);

struct MailVerifyOptions {
  std::filesystem::path file;
  std::optional<std::filesystem::path> schema_dir;  ///< default: default_mail_schema_dir()
  std::optional<std::filesystem::path> ca_file;     ///< trusted CAs (PEM bundle)
  std::optional<std::string> sender_org;            ///< the expected sender organisation
};

/// Verifies; prints what was checked on `out` and returns 0, or prints the reason on `err` and
/// returns 1.
int run_mail_verify(const MailVerifyOptions& options, std::ostream& out, std::ostream& err);

/// The Mina meddelanden schema folder used when --schema-dir is not given: $SAMVERKAN_MM_SCHEMA_DIR
/// when set, else <prefix>/share/samverkan/minameddelanden/schema for the prefix of the running
/// executable (<prefix>/bin/samverkan), else /usr/local/share/... and /usr/share/... . Nothing
/// when none of them holds v3/Message.xsd.
std::optional<std::filesystem::path> default_mail_schema_dir();

/// The options and the dispatcher of `samverkan mail` for cli.cpp's command table.
void describe_mail_command(boost::program_options::options_description& options,
                           boost::program_options::positional_options_description& positional);
int run_mail_command(const boost::program_options::variables_map& vm, std::ostream& out, std::ostream& err);

}  // namespace samverkan::server
