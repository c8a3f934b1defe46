// soap::Transport: SOAP over HTTPS with mutual TLS (Poco NetSSL).
#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "samverkan/mailbox/soap.hpp"

namespace samverkan::mailbox::soap {
namespace {

std::once_flag ssl_once;

// Forward-secret AEAD suites for TLS 1.2 (TLS 1.3 suites are all fine).
constexpr const char* kCipherList =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";

Poco::Timespan timespan(std::chrono::milliseconds d) { return Poco::Timespan(d.count() * 1000); }

// Idle keep-alive connections kept per endpoint (host:port); more concurrent calls open more
// connections, and those beyond this are closed after their call.
constexpr std::size_t kMaxIdlePerEndpoint = 8;
// An idle connection older than this is not reused (the service's keep-alive timeout is
// typically 5 s or more).
constexpr long kIdleSeconds = 4;

}  // namespace

struct Transport::Impl {
  TlsClientOptions options;
  Poco::Net::Context::Ptr context;

  // Keep-alive connections not in use, per "host:port". A connection is taken out for one call
  // and put back only after its answer was read completely.
  std::mutex pool_mutex;
  std::map<std::string, std::vector<std::unique_ptr<Poco::Net::HTTPSClientSession>>> idle;

  std::unique_ptr<Poco::Net::HTTPSClientSession> take(const std::string& key) {
    std::lock_guard lock(pool_mutex);
    auto it = idle.find(key);
    if (it == idle.end() || it->second.empty()) return nullptr;
    auto session = std::move(it->second.back());
    it->second.pop_back();
    return session;
  }

  void give_back(const std::string& key, std::unique_ptr<Poco::Net::HTTPSClientSession> session) {
    std::lock_guard lock(pool_mutex);
    auto& list = idle[key];
    if (list.size() < kMaxIdlePerEndpoint) list.push_back(std::move(session));
  }
};

Transport::Transport(TlsClientOptions options) : impl_(std::make_unique<Impl>()) {
  std::call_once(ssl_once, [] { Poco::Net::initializeSSL(); });
  impl_->options = std::move(options);
  const auto& o = impl_->options;
  if (o.connect_timeout.count() <= 0 || o.io_timeout.count() <= 0) {
    throw InvalidInput("the SOAP client's timeouts must be positive");
  }
  if (o.client_certificate_file.empty() || o.client_private_key_file.empty() || o.server_ca_file.empty()) {
    throw InvalidInput("the SOAP client needs a client certificate, its key and the CA of the service");
  }
  try {
    Poco::Net::Context::Params params;
    params.certificateFile = o.client_certificate_file.string();
    params.privateKeyFile = o.client_private_key_file.string();
    params.caLocation = o.server_ca_file.string();
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.loadDefaultCAs = false;  // only the configured CA may vouch for the service
    params.cipherList = kCipherList;
    impl_->context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    impl_->context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    if (SSL_CTX_check_private_key(impl_->context->sslContext()) != 1) {
      ERR_clear_error();
      throw InvalidInput("the SOAP client key " + o.client_private_key_file.string() +
                         " does not belong to the certificate " + o.client_certificate_file.string());
    }
    // Plain OpenSSL verification: no process-wide SSLManager handler can accept a server
    // certificate that fails it. Poco still checks the host name after the handshake.
    SSL_CTX_set_verify(impl_->context->sslContext(), SSL_VERIFY_PEER, nullptr);
    impl_->context->enableExtendedCertificateVerification(true);
  } catch (const Poco::Exception& e) {
    throw InvalidInput("cannot load the SOAP client certificate " + o.client_certificate_file.string() + ", key " +
                       o.client_private_key_file.string() + " or server CA " + o.server_ca_file.string() + ": " +
                       e.displayText());
  }
}

Transport::~Transport() = default;

const TlsClientOptions& Transport::options() const noexcept { return impl_->options; }

HttpAnswer Transport::post(std::string_view url, const std::string& envelope, std::string_view service) const {
  Poco::URI uri;
  try {
    uri = Poco::URI(std::string(url));
  } catch (const Poco::Exception& e) {
    throw InvalidInput("the address of " + std::string(service) + " is malformed: " + e.message());
  }
  if (uri.getScheme() != "https" || uri.getHost().empty() || !uri.getUserInfo().empty() || !uri.getFragment().empty()) {
    throw InvalidInput("the address of " + std::string(service) +
                       " must be https://host[:port]/path without user or fragment");
  }
  const std::string where = std::string(service) + " at " + uri.getHost() + ":" + std::to_string(uri.getPort());
  const auto& o = impl_->options;
  const std::string key = uri.getHost() + ":" + std::to_string(uri.getPort());
  const std::string target = uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery();
  HttpAnswer answer;
  try {
    // A reused connection that the service closed while idle fails before any answer arrives;
    // then the call is made once more on a fresh connection. A fresh connection is never retried.
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<Poco::Net::HTTPSClientSession> session = attempt == 0 ? impl_->take(key) : nullptr;
      const bool reused = session != nullptr;
      if (!session) {
        session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), impl_->context);
        session->setTimeout(timespan(o.connect_timeout), timespan(o.io_timeout), timespan(o.io_timeout));
        session->setKeepAlive(true);
        session->setKeepAliveTimeout(Poco::Timespan(kIdleSeconds, 0));
      }
      Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, target, Poco::Net::HTTPMessage::HTTP_1_1);
      request.setContentType("text/xml; charset=utf-8");
      request.set("SOAPAction", "\"\"");  // every operation of the WSDLs has soapAction=""
      request.set("Accept", "text/xml");
      request.setKeepAlive(true);
      request.setContentLength(static_cast<std::streamsize>(envelope.size()));
      Poco::Net::HTTPResponse response;
      try {
        std::ostream& out = session->sendRequest(request);
        // Let the socket's own exception (a timeout, a TLS alert) through instead of a bare badbit.
        out.exceptions(std::ios::badbit);
        out.write(envelope.data(), static_cast<std::streamsize>(envelope.size()));
        out.flush();
        if (!out) throw Unavailable(where + " failed: the request could not be sent");
        std::istream& in = session->receiveResponse(response);
        in.exceptions(std::ios::badbit);
        answer.status = static_cast<int>(response.getStatus());
        answer.body.clear();
        char buffer[16384];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
          answer.body.append(buffer, static_cast<std::size_t>(in.gcount()));
          if (answer.body.size() > o.max_answer_bytes) {
            throw Unavailable(where + " failed: the answer is larger than " + std::to_string(o.max_answer_bytes) +
                              " bytes");
          }
        }
      } catch (const Poco::IOException&) {
        // Nothing answered on a reused connection (closed by the service while idle, reset,
        // broken pipe): once more on a fresh one, whose failure is then reported as it is.
        if (reused && attempt == 0 && answer.status == 0) continue;
        throw;
      }
      if (response.getKeepAlive()) impl_->give_back(key, std::move(session));
      break;
    }
  } catch (const Error&) {
    throw;
  } catch (const Poco::TimeoutException& e) {
    throw Unavailable(where + " timed out: " + e.displayText());
  } catch (const Poco::Net::SSLException& e) {
    // Our certificate refused, theirs not trusted or for another host, or no common protocol.
    throw Unavailable("TLS with " + where + " failed: " + e.displayText());
  } catch (const Poco::Net::ConnectionResetException& e) {
    // In TLS 1.3 a server judges our certificate after our side of the handshake is done; its
    // refusal often arrives as a reset rather than as a readable alert.
    throw Unavailable(where +
                      " reset the connection (a refused client certificate looks like this): " + e.displayText());
  } catch (const Poco::Exception& e) {
    throw Unavailable("cannot reach " + where + ": " + e.displayText());
  } catch (const std::exception& e) {
    throw Unavailable("cannot reach " + where + ": " + e.what());
  }
  return answer;
}

Message Transport::call(std::string_view url, const std::string& envelope, std::string_view service) const {
  const HttpAnswer answer = post(url, envelope, service);
  return read_answer(answer.status, answer.body, service);
}

}  // namespace samverkan::mailbox::soap
