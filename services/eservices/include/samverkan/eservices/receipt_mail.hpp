#pragma once
/// E-mail receipts to citizens through an SMTP relay (Poco::Net::SecureSMTPClientSession).
///
/// The relay is the municipality's or the cooperation's outgoing mail server, reached on the
/// internal network: host, port and sender address are `samverkan serve` options
/// (--smtp-host, --smtp-port, --smtp-from, --smtp-ca), not part of the cooperation file, and
/// there is no password anywhere (the relay accepts the platform by its address). STARTTLS is
/// used whenever the relay offers it, with the server certificate checked against --smtp-ca or
/// the system's CAs; `require_tls` refuses to send over a relay that does not offer it.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace samverkan::eservices {

struct SmtpOptions {
  std::string host{};           ///< "smtp.example.se"; empty: no mail is sent (receipts wait)
  std::uint16_t port = 25;      ///< 25 or 587
  std::string from{};           ///< "noreply@example.se": the envelope and From address
  std::string helo_name{"samverkan"};  ///< what the platform calls itself in EHLO
  std::filesystem::path ca_file{};     ///< PEM bundle for STARTTLS; empty: the system's CAs
  bool require_tls = false;            ///< true: a relay without STARTTLS is Unavailable
  std::chrono::seconds timeout{30};    ///< per connect, read and write
};

/// One plain-text mail.
struct PlainMail {
  std::string to{};          ///< one address
  std::string subject{};     ///< UTF-8 (sent RFC 2047-encoded)
  std::string body{};        ///< UTF-8 text (sent quoted-printable)
  std::string message_id{};  ///< "<ET-2026-000042.0199@samverkan>": the same for a resend
};

class ReceiptMailer {
 public:
  /// Throws samverkan::InvalidInput when host or from is empty or from is not an address.
  explicit ReceiptMailer(SmtpOptions options);

  /// Sends one mail. Throws samverkan::Unavailable when the relay cannot be reached, times out,
  /// fails TLS or answers 4xx (try later); samverkan::InvalidInput when it refuses the message or
  /// the recipient for good (5xx) or the address is malformed.
  void send(const PlainMail& mail) const;

  const SmtpOptions& options() const noexcept { return options_; }

 private:
  SmtpOptions options_;
};

}  // namespace samverkan::eservices
