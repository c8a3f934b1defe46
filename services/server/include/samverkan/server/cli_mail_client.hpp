#pragma once
/// The `samverkan mail` commands that talk to a running server over HTTPS, as an integration
/// developer's API client would (OAuth 2.0 client credentials, scope mailbox:send):
///   samverkan mail send --server URL --client-id ID --municipality KOMMUNKOD --to PERSONNUMMER
///       --subject TEXT (--body TEXT | --body-file FILE) [--attach FILE.pdf]... [--case-number NR] [--wait]
///   samverkan mail bulk FILE.csv --server URL --client-id ID --municipality KOMMUNKOD [--chunk N] [--no-wait]
/// The client secret is read from the environment variable SAMVERKAN_CLIENT_SECRET (never a
/// flag: it would show in the process list and the shell history). `--ca FILE` trusts a
/// development certificate; without it the system's CAs are used.
/// Exit codes: 0 every letter accepted (and, when waiting, none failed), 1 failed (the reason
/// on `err`), 2 bad usage.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace samverkan::server {

/// How to reach the platform.
struct MailServerOptions {
  std::string server;                       ///< --server https://host[:port]
  std::string client_id;                    ///< --client-id
  std::string client_secret;                ///< $SAMVERKAN_CLIENT_SECRET
  std::optional<std::filesystem::path> ca;  ///< --ca: trusted certificates (PEM); default the system's
  std::string municipality;                 ///< --municipality: the kommunkod the client belongs to
  std::string support_text = "Har du frågor? Kontakta kommunen.";  ///< --support-text (Supportinfo)
  std::chrono::seconds wait_timeout{600};         ///< --wait-timeout: how long to wait for final states
  std::chrono::milliseconds poll_interval{2000};  ///< --poll-interval
};

struct MailSendOptions {
  MailServerOptions server;
  std::string recipient;                           ///< --to
  std::string subject;                             ///< --subject
  std::optional<std::string> body;                 ///< --body
  std::optional<std::filesystem::path> body_file;  ///< --body-file
  std::string body_type = "text/plain";            ///< --body-type
  std::vector<std::filesystem::path> attachments;  ///< --attach (PDF), repeatable
  std::optional<std::string> case_number;          ///< --case-number (also the letter's reference)
  /// --client-request-id; default "send-" + a digest of the municipality, recipient, subject,
  /// body and attachments, so running the same command again never sends the letter twice.
  std::optional<std::string> client_request_id;
  bool wait = false;  ///< --wait: poll until the letter is delivered, on paper or failed
};

/// Sends one letter; prints its id and state (and the final state with --wait).
int run_mail_send(const MailSendOptions& options, std::ostream& out, std::ostream& err);

struct MailBulkOptions {
  MailServerOptions server;
  std::filesystem::path csv;  ///< FILE.csv (format: see kMailBulkCsvHelp)
  std::size_t chunk = 500;    ///< --chunk: letters per request, 1..1000 (also cut at ~900 KB)
  bool wait = true;           ///< false with --no-wait
  bool progress_bar = false;  ///< draw a progress bar (set when stdout is a terminal)
};

/// Sends every row of the CSV not yet recorded in FILE.csv.progress, in batches through
/// POST .../messages/bulk, then waits for the final states and prints a summary (digital /
/// paper / failed, with the reasons). Rows are validated before anything is sent; bad rows are
/// reported as FILE.csv:LINE: column: reason and nothing is sent.
int run_mail_bulk(const MailBulkOptions& options, std::ostream& out, std::ostream& err);

/// The CSV format, for --help and the README.
extern const char* const kMailBulkCsvHelp;

}  // namespace samverkan::server
