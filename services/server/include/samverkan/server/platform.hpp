#pragma once
/// The composition root: reads the cooperation, opens and migrates the database, builds the
/// services and their routes, and serves HTTPS. `samverkan serve` is a thin shell around it;
/// tests start it in process.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "samverkan/adapters/registry.hpp"
#include "samverkan/audit/audit_log.hpp"
#include "samverkan/auth/auth_services.hpp"
#include "samverkan/auth/citizen_login.hpp"
#include "samverkan/bankid/client.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/eservices/pages.hpp"
#include "samverkan/eservices/receipt_mail.hpp"
#include "samverkan/http/openapi.hpp"
#include "samverkan/http/rate_limiter.hpp"
#include "samverkan/http/server.hpp"
#include "samverkan/jobs/housekeeping.hpp"
#include "samverkan/jobs/job_queue.hpp"
#include "samverkan/log/logger.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::mailbox {
class OutboxWorker;
class PrintBatchWorker;
}  // namespace samverkan::mailbox

namespace samverkan::eservices {
class OnSubmitWorkers;
class CitizenNoticeWorker;
}  // namespace samverkan::eservices

namespace samverkan::casehandling {
class NoticeRemovalWorker;
}  // namespace samverkan::casehandling

namespace samverkan::mail {
class LetterSender;
}  // namespace samverkan::mail

namespace samverkan::hiring {
class HiringWorkers;
class ContractSigning;
class EmployeeWelcome;
}  // namespace samverkan::hiring

namespace samverkan::server {

struct PlatformOptions {
  std::filesystem::path config_file;  ///< the cooperation XML
  std::filesystem::path data_dir = "data";
  std::string database_url;                      ///< empty: sqlite:<data_dir>/samverkan.db
  std::filesystem::path database_password_file;  ///< optional, PostgreSQL only
  std::string listen = "127.0.0.1:8443";
  /// The address people reach the platform at ("https://samverkan.example", no trailing '/'):
  /// the links in letters (the contract's signing page) and notices. Empty: url().
  std::string public_url;
  /// Field-encryption keys (see crypto/keyring.hpp). Empty: data_dir/keys, created with a
  /// fresh development key on first start. A file given here must exist. SAMVERKAN_KEYS
  /// takes precedence over both.
  std::filesystem::path key_file;
  std::filesystem::path tls_certificate;  ///< empty: a development certificate in data_dir/tls
  std::filesystem::path tls_private_key;
  /// Optional PEM bundle of the CAs whose staff cards (SITHS) are accepted for TLS client
  /// authentication; empty: no client certificates are asked for.
  std::filesystem::path staff_ca_file;
  /// Revocation checking of staff cards (CRLs, OCSP; see auth/certificate_revocation.hpp);
  /// needs staff_ca_file. An empty cache_dir becomes data_dir/crl. None: no checking.
  std::optional<auth::RevocationOptions> staff_revocation;
  /// BankID Relying Party API (citizen login); citizen login is off without it.
  std::optional<bankid::ClientOptions> bankid;
  /// The SMTP relay for e-mail receipts (eservices/receipt_mail.hpp); none: receipts wait queued.
  std::optional<eservices::SmtpOptions> smtp;
  /// Browser sessions of citizens and staff: the idle timeout (20 minutes) and the longest
  /// session (8 hours); `samverkan serve --session-idle-timeout MINUTES`.
  auth::SessionOptions sessions{};
  std::size_t database_pool_size = 8;
  /// Per client address, for the endpoints that check secrets or start a BankID order
  /// (/oauth/token, /api/v1/staff/login, /api/v1/login/bankid).
  http::RateLimit credential_rate_limit{.per_second = 1.0, .burst = 30.0};
  /// The hosted pages' limits: anonymous posts per address, drafts per session and in total.
  eservices::PagesOptions pages{};
  /// The token a monitoring system scrapes /metrics with (server/metrics.hpp); none: /metrics
  /// is not served. An owner-only file, like every secret the operator gives.
  std::filesystem::path metrics_token_file;
  http::ServerOptions server;  ///< listen, TLS files and metrics are filled from the fields above
};

class Platform {
 public:
  /// Loads and checks everything, then starts serving. Throws samverkan::Error kinds with a
  /// message fit for the operator (config errors carry file:line).
  static std::unique_ptr<Platform> start(PlatformOptions options, log::Logger& logger);

  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  /// Graceful stop: no new connections, in-flight requests finish, then the pool closes.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  std::uint16_t port() const { return server_->port(); }
  std::string url() const;
  const config::Cooperation& cooperation() const noexcept { return cooperation_; }
  storage::Database& database() noexcept { return *database_; }
  const crypto::Keyring& keyring() const noexcept { return *keyring_; }
  audit::AuditLog& audit_log() noexcept { return *audit_log_; }
  auth::AuthServices& auth() noexcept { return *auth_; }
  const adapters::Registry& adapters() const noexcept { return *adapters_; }
  const std::filesystem::path& certificate_file() const noexcept { return certificate_file_; }
  /// The API document served at /api/v1/openapi.json, and the routes it describes.
  const http::OpenApi& api() const noexcept { return *api_; }
  const http::Router& router() const noexcept { return *router_; }

 private:
  explicit Platform(config::Cooperation cooperation);

  config::Cooperation cooperation_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<crypto::Keyring> keyring_;
  std::unique_ptr<audit::AuditLog> audit_log_;
  std::unique_ptr<auth::AuthServices> auth_;
  std::unique_ptr<adapters::Registry> adapters_;
  std::unique_ptr<http::RateLimiter> credential_limiter_;
  std::unique_ptr<jobs::JobQueue> jobs_;
  std::unique_ptr<casehandling::NoticeRemovalWorker> notice_removal_;
  std::unique_ptr<eservices::OnSubmitWorkers> on_submit_;      ///< diary cases and receipts after a submission
  std::unique_ptr<eservices::CitizenNoticeWorker> notices_;    ///< e-mail and SMS notices to citizens
  std::unique_ptr<mailbox::OutboxWorker> mail_worker_;         ///< none without <minaMeddelanden>
  std::unique_ptr<mailbox::PrintBatchWorker> print_batches_;   ///< the paper route's daily batch manifests
  std::unique_ptr<hiring::HiringWorkers> hiring_workers_;      ///< none when no member runs hiring
  std::unique_ptr<mail::LetterSender> letters_;                ///< other services' letters (the contract)
  std::unique_ptr<hiring::ContractSigning> contract_signing_;  ///< the employee's signing page
  std::unique_ptr<hiring::EmployeeWelcome> employee_welcome_;  ///< the employee's pages before day one
  std::unique_ptr<bankid::Client> bankid_;
  std::unique_ptr<auth::CitizenLogin> citizen_login_;
  std::unique_ptr<jobs::Housekeeping> housekeeping_;  ///< expired sessions and logins, old jobs
  std::unique_ptr<http::OpenApi> api_;
  http::RequestMetrics request_metrics_;  ///< every request the server answers, for /metrics
  std::shared_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::filesystem::path certificate_file_;
  std::string host_;
  log::Logger* logger_ = nullptr;
};

/// Opens the database named by `url` ("" means sqlite:<data_dir>/samverkan.db), reading the
/// PostgreSQL password from `password_file` when given.
std::unique_ptr<storage::Database> open_database(const std::string& url, const std::filesystem::path& data_dir,
                                                 const std::filesystem::path& password_file, std::size_t pool_size);

/// Writes the cooperation's members into the `municipality` table (insert or update).
void sync_municipalities(storage::Database& db, const config::Cooperation& cooperation);

}  // namespace samverkan::server
