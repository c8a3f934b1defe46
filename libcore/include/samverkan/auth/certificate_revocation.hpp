#pragma once
/// Revocation of staff card (SITHS) certificates: CRLs from the distribution points the operator
/// names (`samverkan serve --staff-crl URL`), downloaded, kept on disk, refreshed on a schedule
/// and as soon as one passes its nextUpdate; and OCSP where a responder is configured. OpenSSL
/// does the checking (X509_verify_cert with CRL checking, the OCSP API); nothing is hand-parsed.
///
///   auth::RevocationOptions options;
///   options.crl_urls = {"http://crl.example/issuing-ca.crl"};
///   options.ocsp_url = "http://ocsp.example";
///   options.mode = auth::RevocationMode::kHardFail;
///   auth::RevocationChecker checker(staff_ca_file, options, SystemClock::instance(), &logger);
///   checker.start();  // first download now, then a background refresh
///   const auto status = checker.check(certificate_der);
///   if (!status.accepted(options.mode)) refuse(status.detail);
///
/// The answer for one certificate: revoked when a current CRL lists it (a CRL past its
/// nextUpdate that cannot be refreshed still counts for the certificates it lists: revocation is
/// final) or the OCSP responder says so; good when a current CRL does not list it or the OCSP
/// responder says good; unknown otherwise (no CRL for its issuer, the CRL expired and the
/// distribution point is down, the responder is down or answers badly). Soft-fail mode accepts
/// unknown (and logs it), hard-fail mode refuses it.
///
/// A CRL is used only when its issuer is one of the staff CAs and its signature verifies with
/// that CA's key; a download older than the CRL in hand (an earlier lastUpdate) is not used.
/// An OCSP answer is used only when it is signed by the issuing CA or a responder certificate
/// that CA issued for OCSP signing, answers our nonce (or carries none), and is current.

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "samverkan/core/clock.hpp"
#include "samverkan/log/logger.hpp"

namespace samverkan::auth {

/// What to do with a certificate whose status cannot be established.
enum class RevocationMode {
  kSoftFail,  ///< accept it (a warning is logged)
  kHardFail,  ///< refuse it
};

/// "soft" or "hard".
std::string_view to_string(RevocationMode mode) noexcept;
/// Parses "soft" or "hard". Throws samverkan::InvalidInput for anything else.
RevocationMode parse_revocation_mode(std::string_view text);

struct RevocationOptions {
  /// CRL distribution points (http:// or https://) of the staff CAs, one per issuing CA.
  std::vector<std::string> crl_urls{};
  /// OCSP responder (http:// or https://); "aia" takes each certificate's own responder from
  /// its Authority Information Access extension; empty: no OCSP.
  std::string ocsp_url{};
  RevocationMode mode = RevocationMode::kSoftFail;
  /// A CRL is downloaded again after this long, and whenever its nextUpdate has passed.
  std::chrono::seconds crl_refresh{std::chrono::hours(1)};
  /// After a failed download or OCSP query, that source is not asked again for this long.
  std::chrono::seconds retry_after{30};
  /// A good or revoked OCSP answer is reused this long (never past its nextUpdate).
  std::chrono::seconds ocsp_cache{300};
  /// Connect, send and receive timeout of one download or OCSP query.
  std::chrono::seconds timeout{5};
  /// The largest CRL downloaded.
  std::size_t max_crl_bytes = 64U << 20;
  /// Downloaded CRLs are kept here (one file per distribution point), so that a restart while
  /// a distribution point is down still has them. Empty: memory only.
  std::filesystem::path cache_dir{};
};

enum class RevocationState {
  kGood,
  kRevoked,
  kUnknown,
};

/// "good", "revoked" or "unknown".
std::string_view to_string(RevocationState state) noexcept;

/// The revocation status of one certificate.
struct RevocationStatus {
  RevocationState state = RevocationState::kUnknown;
  /// A sentence for the caller and the audit trail, naming the source ("revoked according to
  /// the CRL of CN=..., issued 2026-...") or why the status is unknown. Never the holder's
  /// identity.
  std::string detail{};

  /// Good, or unknown in soft-fail mode.
  bool accepted(RevocationMode mode) const noexcept {
    return state == RevocationState::kGood || (state == RevocationState::kUnknown && mode == RevocationMode::kSoftFail);
  }
};

class RevocationChecker {
 public:
  /// Loads the staff CAs (PEM bundle) and the CRLs cached in options.cache_dir (invalid cached
  /// files are ignored). Downloads nothing yet. Throws samverkan::InvalidInput when the CA file
  /// cannot be read or holds no certificate, or a URL is not http(s)://host[:port]/path.
  /// `clock` and `logger` (may be null) must outlive the checker.
  RevocationChecker(const std::filesystem::path& ca_file, RevocationOptions options, const Clock& clock,
                    log::Logger* logger = nullptr);
  ~RevocationChecker();
  RevocationChecker(const RevocationChecker&) = delete;
  RevocationChecker& operator=(const RevocationChecker&) = delete;

  /// Downloads what is due (refresh_due()), then refreshes in a background thread until
  /// stop() or destruction. Failures are logged, never thrown.
  void start();
  /// Stops the background thread; idempotent.
  void stop();

  /// Downloads every CRL that has none in hand, is older than crl_refresh or past its
  /// nextUpdate (a distribution point that failed is retried after retry_after). Returns the
  /// number of CRLs replaced. Never throws: failures are logged and the CRL in hand is kept.
  int refresh_due();

  /// The status of a certificate (DER), for staff login. May download an expired CRL again
  /// or ask the OCSP responder (both bounded by the timeout). Thread-safe; never throws.
  RevocationStatus check(std::string_view certificate_der);

  const RevocationOptions& options() const noexcept { return options_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  RevocationOptions options_;
  std::mutex thread_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace samverkan::auth
