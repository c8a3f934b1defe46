#pragma once
/// A BankID Relying Party API v6.0 simulator: a small HTTPS server of its own that speaks the
/// JSON API at /rp/v6.0/auth, /sign, /collect and /cancel, and, like the real service,
/// demands MUTUAL TLS: a client without a certificate, or with one not issued by the
/// configured CA, is refused in the TLS handshake and never reaches the API.
///
/// What each order does is chosen per person (Scenario): pending with hintCode
/// outstandingTransaction until the user "scans" (scan_after), then pending userSign, then
/// complete or failed with a chosen hint code (finish_after). Times are measured with the
/// injected clock from when the order was made. As in the real service:
///  - an order not scanned within start_timeout (30 s) or not finished within order_timeout
///    (3 min) fails with expiredTransaction;
///  - auth/sign naming requirement.personalNumber while an order for that person runs is
///    refused with 400 alreadyInProgress (no order is made) and the running order fails with
///    hintCode cancelled;
///  - cancel forgets the order; collect or cancel of an unknown orderRef is
///    400 invalidParameters "No such order".
/// An order without requirement.personalNumber is done by the default user.
///
/// The completion's signature is NOT an XML signature: it is base64 of a small XML document
/// naming the user, the order and the userVisibleData, marked as simulated. ocspResponse is
/// base64 of a placeholder text.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "samverkan/core/clock.hpp"
#include "samverkan/ids/personnummer.hpp"
#include "samverkan/log/logger.hpp"

namespace samverkan::bankid_simulator {

/// What the user does with an order.
struct Scenario {
  enum class Result { kComplete, kFail };

  Result result = Result::kComplete;
  std::string failure_hint = "userCancel";    ///< hintCode of a kFail order
  std::chrono::milliseconds scan_after{0};    ///< outstandingTransaction before, userSign after
  std::chrono::milliseconds finish_after{0};  ///< complete / failed from then on
  std::string given_name = "Test";
  std::string surname = "Testsson";

  /// Scans at half the time, completes at `after`.
  static Scenario complete(std::chrono::milliseconds after);
  /// Fails with `hint_code` at `after`. The user scans at half the time, except for
  /// startFailed and expiredTransaction, where the app never gets the order.
  static Scenario fail(std::string hint_code, std::chrono::milliseconds after);
  /// Never scans: expiredTransaction after start_timeout.
  static Scenario never_scan();
  /// Scans at `scan_after` and never signs: expiredTransaction after order_timeout.
  static Scenario never_sign(std::chrono::milliseconds scan_after = std::chrono::milliseconds(0));
};

struct SimulatorOptions {
  std::string listen = "127.0.0.1:0";      ///< ADDR:PORT; port 0 picks a free port
  std::filesystem::path certificate_file;  ///< server certificate (PEM), for localhost
  std::filesystem::path private_key_file;  ///< its key (PEM)
  std::filesystem::path client_ca_file;    ///< CA (PEM) that relying-party certificates must chain to
  /// The scenario of users without one of their own: Scenario::complete(complete_after).
  std::chrono::milliseconds complete_after{2000};
  /// Who does orders that name no personal number (12 digits).
  std::string default_user = "198507099805";
  std::chrono::milliseconds start_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds order_timeout{std::chrono::minutes(3)};
  /// Finished orders are forgotten this long after they were made.
  std::chrono::milliseconds forget_after{std::chrono::minutes(10)};
  /// How far the time in a scanned QR code may lag the order's age (accepts_qr).
  std::chrono::seconds qr_tolerance{5};
};

class Simulator {
 public:
  /// The clock must outlive the simulator; so must the logger when given (one line per request,
  /// without personal data).
  explicit Simulator(SimulatorOptions options, const Clock& clock = SystemClock::instance(),
                     log::Logger* logger = nullptr);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  /// Loads the certificate, key and client CA and starts serving. Throws
  /// samverkan::InvalidInput for files that cannot be loaded, samverkan::Unavailable when the
  /// address cannot be bound.
  void start();
  /// Stops serving and closes all connections. Idempotent.
  void stop();

  std::uint16_t port() const;
  /// "https://localhost:<port>/rp/v6.0/".
  std::string base_url() const;

  /// The behaviour of orders done by this person from now on.
  void set_scenario(const ids::Personnummer& user, Scenario scenario);
  /// Who does orders that name no personal number.
  void set_default_user(const ids::Personnummer& user);
  /// The next API request (whatever it is) is answered with this error instead, e.g.
  /// (503, "maintenance", "Down for maintenance"). Queued: several calls fail several requests.
  void fail_next_request(int http_status, const std::string& error_code, const std::string& details);
  /// The next API request is answered with exactly this status and body (for testing how a
  /// client copes with a broken answer). Shares the queue with fail_next_request.
  void answer_next_request(int http_status, std::string body);

  /// Acts as the BankID app scanning a QR code: true when `content` is
  /// "bankid.<qrStartToken>.<time>.<hex HMAC-SHA256(qrStartSecret, time)>" for a pending order
  /// and time is at most the order's age in whole seconds and at least that minus qr_tolerance.
  bool accepts_qr(std::string_view content) const;

  /// API requests that passed the TLS handshake and were answered.
  std::size_t requests_served() const;
  /// The common name of the client certificate of each answered request, in order.
  std::vector<std::string> client_common_names() const;
  /// Orders known (running or finished, not yet forgotten).
  std::size_t order_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads scenarios from a JSON file and applies them:
///
///   { "defaultUser": "198507099805",
///     "users": {
///       "198507099805": { "result": "complete", "givenName": "Anna", "surname": "Andersson",
///                         "scanAfterMs": 1000, "finishAfterMs": 3000 },
///       "197504028015": { "result": "failed", "hintCode": "userCancel", "finishAfterMs": 2000 } } }
///
/// Every member is optional; scanAfterMs defaults to half of finishAfterMs, finishAfterMs to the
/// simulator's complete_after. Throws samverkan::InvalidInput naming the file and the reason.
void load_scenarios(Simulator& simulator, const std::filesystem::path& file,
                    std::chrono::milliseconds default_finish_after);

}  // namespace samverkan::bankid_simulator
