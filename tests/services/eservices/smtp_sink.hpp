#pragma once
// A local SMTP server for tests, over a real socket on 127.0.0.1 (port 0): it speaks enough
// SMTP (RFC 5321) for Poco's client: EHLO/HELO, MAIL, RCPT, DATA (dot-unstuffed), RSET, NOOP,
// QUIT; STARTTLS is not offered (502), so the client goes on in plain text. It keeps every
// mail it accepted. set_refusing(true) makes it answer "421" to every new connection (a relay
// that is down for maintenance).
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace samverkan::test {

class SmtpSink {
 public:
  struct Mail {
    std::string from;
    std::vector<std::string> to;
    std::string data;  // the message as sent (headers and body), without the final "."
  };

  SmtpSink() : server_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~SmtpSink() {
    stopping_ = true;
    thread_.join();
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  std::uint16_t port() const { return server_.address().port(); }
  void set_refusing(bool refusing) { refusing_ = refusing; }
  std::vector<Mail> mails() {
    std::lock_guard lock(mutex_);
    return mails_;
  }
  int connections() const { return connections_.load(); }

 private:
  void serve() {
    while (!stopping_) {
      try {
        if (!server_.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ)) continue;
        Poco::Net::StreamSocket connection = server_.acceptConnection();
        ++connections_;
        handle(connection);
      } catch (const std::exception&) {
        // A client that went away: wait for the next one.
      }
    }
  }

  static std::string trimmed(std::string text) {
    while (!text.empty() && text.front() == ' ') text.erase(0, 1);
    return text;
  }

  static std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
  }

  void handle(Poco::Net::StreamSocket& socket) {
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    Poco::Net::SocketStream io(socket);
    if (refusing_) {
      io << "421 4.3.2 sink is down for maintenance\r\n" << std::flush;
      socket.shutdown();
      return;
    }
    io << "220 sink.test ESMTP\r\n" << std::flush;
    Mail mail;
    std::string line;
    while (std::getline(io, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const std::string command = upper(line.substr(0, std::min<std::size_t>(line.size(), 10)));
      if (command.starts_with("EHLO")) {
        io << "250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n";
      } else if (command.starts_with("HELO") || command.starts_with("NOOP")) {
        io << "250 ok\r\n";
      } else if (command.starts_with("RSET")) {
        mail = Mail{};
        io << "250 ok\r\n";
      } else if (command.starts_with("STARTTLS")) {
        io << "502 5.5.1 STARTTLS not offered\r\n";
      } else if (command.starts_with("MAIL FROM:")) {
        mail = Mail{};
        mail.from = trimmed(line.substr(10));
        io << "250 ok\r\n";
      } else if (command.starts_with("RCPT TO:")) {
        mail.to.push_back(trimmed(line.substr(8)));
        io << "250 ok\r\n";
      } else if (command.starts_with("DATA")) {
        io << "354 go ahead\r\n" << std::flush;
        std::string data;
        while (std::getline(io, line)) {
          if (!line.empty() && line.back() == '\r') line.pop_back();
          if (line == ".") break;
          if (line.starts_with("..")) line.erase(0, 1);
          data += line + "\r\n";
        }
        mail.data = data;
        {
          std::lock_guard lock(mutex_);
          mails_.push_back(mail);
        }
        io << "250 2.0.0 queued\r\n";
      } else if (command.starts_with("QUIT")) {
        io << "221 bye\r\n" << std::flush;
        break;
      } else {
        io << "500 5.5.2 unknown command\r\n";
      }
      io << std::flush;
    }
  }

  Poco::Net::ServerSocket server_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> refusing_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::vector<Mail> mails_;
};

}  // namespace samverkan::test
