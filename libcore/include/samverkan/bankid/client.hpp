#pragma once
/// A client of the BankID Relying Party API v6.0: JSON over HTTPS POST with mutual TLS. The
/// relying party proves itself with its client certificate; the client trusts only the CA
/// that issued BankID's server certificate (not the system's CAs) and checks the host name.
///
///   bankid::Client bankid(options, clock);
///   auto order = bankid.auth({.end_user_ip = request.remote_address});
///   bankid::AnimatedQr qr(order, clock);        // show qr.content() every second
///   auto result = bankid.collect(order.order_ref);  // every ~2 s until not pending
///
/// Thread-safe: each call opens its own connection; the TLS context is shared.
///
/// Every function throws only samverkan::Error:
///  - bankid::ApiError (a samverkan::Error) for an error answer of BankID; its kind follows
///    the table in bankid/api_error.hpp (alreadyInProgress = kConflict, ...);
///  - samverkan::Unavailable when BankID cannot be reached, the TLS handshake fails (our
///    certificate refused, BankID's certificate not trusted or for another host), a timeout
///    passes, or the answer is not the JSON the API promises;
///  - samverkan::InvalidInput for a request that is wrong before it is sent.
/// Messages carry no personal data.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "samverkan/bankid/api_error.hpp"
#include "samverkan/bankid/messages.hpp"
#include "samverkan/core/clock.hpp"

namespace samverkan::bankid {

/// BankID's test environment.
inline constexpr std::string_view kTestBaseUrl = "https://appapi2.test.bankid.com/rp/v6.0/";
/// BankID's production environment.
inline constexpr std::string_view kProductionBaseUrl = "https://appapi2.bankid.com/rp/v6.0/";

struct ClientOptions {
  /// The API root, ending in "/rp/v6.0/" (a missing final '/' is added). Must be https.
  std::string base_url = std::string(kTestBaseUrl);
  /// The relying party's certificate (PEM; leaf first, chain may follow). BankID issues it as
  /// a .p12 file: convert it once with `openssl pkcs12 -in rp.p12 -nodes`.
  std::filesystem::path client_certificate_file;
  /// The private key of that certificate (PEM, unencrypted; keep the file mode 0600).
  std::filesystem::path client_private_key_file;
  /// The CA certificate(s) (PEM) that issued BankID's server certificate. Only these are trusted.
  std::filesystem::path server_ca_file;
  /// Time to open the TCP connection; also bounds each wait of the TLS handshake.
  std::chrono::milliseconds connect_timeout{5000};
  /// Time allowed for each wait on the network while sending and receiving. A call may wait
  /// more than once (Poco retries the TLS layer), so a silent server is given up after a small
  /// multiple of this: with both timeouts at 300 ms, about 1.5 s.
  std::chrono::milliseconds io_timeout{10000};
};

class Client {
 public:
  /// Loads the certificate, key and CA. Throws samverkan::InvalidInput for a base URL that is
  /// not https, a timeout that is not positive, or files that cannot be loaded. The clock
  /// stamps Order::started_at and dates the personal numbers; it must outlive the client.
  explicit Client(ClientOptions options, const Clock& clock = SystemClock::instance());
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Starts an identification. Throws samverkan::InvalidInput for an empty or malformed
  /// end_user_ip, otherwise as described above.
  Order auth(const AuthRequest& request);

  /// Starts a signature of request.user_visible_data. Throws samverkan::InvalidInput for an
  /// empty user_visible_data or a malformed end_user_ip, otherwise as described above.
  Order sign(const SignRequest& request);

  /// The state of an order. A complete order's personal number is parsed as a
  /// ids::Personnummer; one that does not parse is samverkan::Unavailable (a broken answer).
  CollectResult collect(std::string_view order_ref);

  /// Cancels a running order. BankID forgets it: a later collect is invalidParameters.
  void cancel(std::string_view order_ref);

  const ClientOptions& options() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samverkan::bankid
