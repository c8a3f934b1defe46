#include "samverkan/mail/smtp_mailer.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <utility>

#include "samverkan/core/error.hpp"
#include "samverkan/tls/context.hpp"

namespace samverkan::mail {

bool is_plain_address(const std::string& address) {
  const auto at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= address.size() || address.size() > 254) return false;
  if (address.find('@', at + 1) != std::string::npos) return false;
  for (const char c : address) {
    if (c <= ' ' || c >= 127 || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' || c == '"' ||
        c == '\\') {
      return false;
    }
  }
  return true;
}

SmtpMailer::SmtpMailer(SmtpOptions options) : options_(std::move(options)) {
  if (options_.host.empty()) throw InvalidInput("the SMTP relay's host is required");
  if (!is_plain_address(options_.from)) throw InvalidInput("the SMTP sender must be a plain e-mail address");
  if (options_.port == 0) throw InvalidInput("the SMTP port must be 1..65535");
}

void SmtpMailer::send(const PlainMail& mail) const {
  if (!is_plain_address(mail.to)) throw InvalidInput("the recipient's e-mail address is not a plain address");
  const std::string relay = options_.host + ":" + std::to_string(options_.port);
  try {
    const Poco::Timespan timeout(static_cast<long>(options_.timeout.count()), 0);
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress(options_.host, options_.port), timeout);
    Poco::Net::SecureSMTPClientSession session(socket);
    session.setTimeout(timeout);
    session.login(options_.helo_name);
    // startTLS answers false when the relay refuses STARTTLS (it does not offer it).
    tls::initialize();
    const auto context = options_.ca_file.empty() ? tls::system_client_context()
                                                  : tls::make_client_context({.ca_file = options_.ca_file});
    if (session.startTLS(context)) {
      session.login(options_.helo_name);  // EHLO again over TLS, as RFC 3207 asks
    } else if (options_.require_tls) {
      session.close();
      throw Unavailable("the SMTP relay " + relay + " does not offer STARTTLS");
    }
    Poco::Net::MailMessage message;
    message.setSender(options_.from);
    message.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, mail.to));
    message.setSubject(Poco::Net::MailMessage::encodeWord(mail.subject, "UTF-8"));
    message.set("Message-ID", mail.message_id);
    message.setContentType("text/plain; charset=UTF-8");
    message.setContent(mail.body, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    session.sendMessage(message);
    session.close();
  } catch (const Error&) {
    throw;
  } catch (const Poco::Net::SMTPException& e) {
    // The relay's reply code: 5xx is final, anything else may pass later.
    if (e.code() >= 500 && e.code() < 600) {
      throw InvalidInput("the SMTP relay " + relay + " refused the mail: " + e.message());
    }
    throw Unavailable("the SMTP relay " + relay + " did not take the mail: " + e.displayText());
  } catch (const Poco::Exception& e) {
    throw Unavailable("cannot send the mail through the SMTP relay " + relay + ": " + e.displayText());
  } catch (const std::exception& e) {
    throw Unavailable("cannot send the mail through the SMTP relay " + relay + ": " + e.what());
  }
}

}  // namespace samverkan::mail
