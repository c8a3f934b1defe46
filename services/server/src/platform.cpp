#include "samverkan/server/platform.hpp"

#include <soci/soci.h>

#include <algorithm>

#include "samverkan/casehandling/diary_case_system.hpp"
#include "samverkan/casehandling/notice_removal_worker.hpp"
#include "samverkan/casehandling/routes.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/core/private_files.hpp"
#include "samverkan/crypto/key_registry.hpp"
#include "samverkan/eservices/citizen_notices.hpp"
#include "samverkan/eservices/on_submit_jobs.hpp"
#include "samverkan/eservices/pages.hpp"
#include "samverkan/eservices/routes.hpp"
#include "samverkan/hiring/contract.hpp"
#include "samverkan/hiring/employee_pages.hpp"
#include "samverkan/hiring/order_jobs.hpp"
#include "samverkan/hiring/routes.hpp"
#include "samverkan/hiring/welcome.hpp"
#include "samverkan/mailbox/letter_sender.hpp"
#include "samverkan/mailbox/outbox_delivery.hpp"
#include "samverkan/mailbox/print_batches.hpp"
#include "samverkan/mailbox/routes.hpp"
#include "samverkan/server/auth_routes.hpp"
#include "samverkan/server/citizen_login_routes.hpp"
#include "samverkan/server/encrypted_columns.hpp"
#include "samverkan/server/health.hpp"
#include "samverkan/server/metrics.hpp"
#include "samverkan/server/migrations.hpp"
#include "samverkan/server/openapi_route.hpp"
#include "samverkan/server/products.hpp"
#include "samverkan/server/staff_web.hpp"
#include "samverkan/server/version.hpp"
#include "samverkan/storage/migrator.hpp"
#include "samverkan/tls/dev_certificate.hpp"

namespace samverkan::server {

std::unique_ptr<storage::Database> open_database(const std::string& url, const std::filesystem::path& data_dir,
                                                 const std::filesystem::path& password_file, std::size_t pool_size) {
  auto parsed = storage::DatabaseUrl::parse(url.empty() ? "sqlite:" + (data_dir / "samverkan.db").string() : url);
  if (!password_file.empty()) parsed.read_password_file(password_file);
  return storage::Database::open(parsed, pool_size);
}

void sync_municipalities(storage::Database& db, const config::Cooperation& cooperation) {
  auto session = db.acquire();
  try {
    soci::transaction transaction(*session);
    for (const auto& member : cooperation.members) {
      const std::string& code = member.code.str();
      const std::string& org = member.organisation_number.digits();
      *session << "INSERT INTO municipality (code, organisation_number, name) VALUES (:c, :o, :n) "
                  "ON CONFLICT (code) DO UPDATE SET organisation_number = excluded.organisation_number, "
                  "name = excluded.name",
          soci::use(code), soci::use(org), soci::use(member.name);
    }
    transaction.commit();
  } catch (const soci::soci_error& e) {
    throw Unavailable(std::string("cannot store the cooperation's municipalities: ") + e.what());
  }
}

std::unique_ptr<Platform> Platform::start(PlatformOptions options, log::Logger& logger) {
  std::unique_ptr<Platform> platform(new Platform(config::load_cooperation(options.config_file)));
  platform->logger_ = &logger;

  // The products each member binds in the cooperation file (products.cpp), checked as
  // check-config checks them before anything is created; the connectors are built below, once
  // the database is open (the platform's own diary needs it).
  const adapters::Products products = product_catalogue([p = platform.get()](const ids::Kommunkod& code) {
    return std::make_unique<casehandling::DiaryCaseSystem>(
        *p->database_, *p->keyring_, *p->audit_log_, casehandling::BoardDirectory::from_cooperation(p->cooperation_),
        code, SystemClock::instance());
  });
  bind_members(platform->cooperation_, products, nullptr);

  // The data folder holds the database, keys and certificates: its owner's only (0700). Secret
  // files the operator gives are refused when group or others can read them.
  core::create_private_directories(options.data_dir);
  if (!options.tls_private_key.empty()) core::require_private_file(options.tls_private_key, "the TLS private key");
  if (options.bankid) {
    core::require_private_file(options.bankid->client_private_key_file, "the BankID client private key");
  }
  platform->database_ =
      open_database(options.database_url, options.data_dir, options.database_password_file, options.database_pool_size);
  const auto applied = storage::Migrator(*platform->database_, platform_migrations()).migrate();
  if (!applied.empty()) {
    logger.info("database migrated", {{"database", platform->database_->url().redacted()},
                                      {"to_version", static_cast<long long>(applied.back())}});
  }
  sync_municipalities(*platform->database_, platform->cooperation_);

  const bool development_keys = options.key_file.empty();
  const auto key_file = development_keys ? options.data_dir / "keys" : options.key_file;
  platform->keyring_ = std::make_unique<crypto::Keyring>(crypto::Keyring::load(key_file, development_keys));
  // Refuses a key file that does not match the keys this database was written with, or that
  // lacks a key some registered column still needs.
  const auto key_check = crypto::check_keyring(*platform->database_, *platform->keyring_, encrypted_columns());
  for (const auto& id : key_check.missing_from_keyring) {
    logger.info("a retired key is no longer in the keyring; no value needs it", {{"key_id", id}});
  }
  platform->audit_log_ = std::make_unique<audit::AuditLog>(*platform->keyring_);
  // Every member's connectors; a member that binds no diary gets the platform's own.
  platform->adapters_ = std::make_unique<adapters::Registry>(platform->cooperation_);
  auto& registry = *platform->adapters_;
  bind_members(platform->cooperation_, products, &registry);
  registry.freeze();

  auth::AuthOptions auth_options;
  auth_options.key_folder = options.data_dir / "jwt";
  if (options.staff_revocation) {
    if (options.staff_ca_file.empty()) throw InvalidInput("staff card revocation checking needs --staff-ca");
    auto revocation = *options.staff_revocation;
    if (revocation.cache_dir.empty()) revocation.cache_dir = options.data_dir / "crl";
    auth_options.staff_revocation = std::make_shared<auth::RevocationChecker>(
        options.staff_ca_file, std::move(revocation), SystemClock::instance(), &logger);
    auth_options.staff_revocation->start();
  }
  auth_options.sessions = options.sessions;
  platform->auth_ = std::make_unique<auth::AuthServices>(*platform->database_, SystemClock::instance(),
                                                         *platform->keyring_, platform->audit_log_.get(), auth_options);

  if (options.tls_certificate.empty() != options.tls_private_key.empty()) {
    throw InvalidInput("give both --tls-cert and --tls-key, or neither for a development certificate");
  }
  if (options.tls_certificate.empty()) {
    const auto files = tls::ensure_dev_certificate(options.data_dir / "tls");
    options.tls_certificate = files.certificate;
    options.tls_private_key = files.private_key;
  }
  platform->certificate_file_ = options.tls_certificate;

  auto router = std::make_shared<http::Router>();
  platform->api_ = std::make_unique<http::OpenApi>(
      "Samverkan", std::string(version()),
      "The shared e-service, case-handling and digital mailbox platform of " + platform->cooperation_.name +
          ". Every municipality's data is reached under /api/v1/municipalities/{kommunkod}/.");
  auto& api = *platform->api_;
  // Services mount their routes here, and describe them in the API document, as they are added.
  add_health_routes(*router, *platform->database_, logger);
  describe_health_routes(api);
  add_metrics_route(*router, *platform->database_, platform->request_metrics_,
                    options.metrics_token_file.empty() ? std::string() : read_metrics_token(options.metrics_token_file),
                    SystemClock::instance());
  describe_metrics_route(api);
  platform->credential_limiter_ =
      std::make_unique<http::RateLimiter>(options.credential_rate_limit, SystemClock::instance());
  add_auth_routes(*router, *platform->auth_, *platform->credential_limiter_);
  describe_auth_routes(api);
  // BankID (when configured) serves citizen login and the signing of minutes.
  if (options.bankid) {
    platform->bankid_ = std::make_unique<bankid::Client>(*options.bankid, SystemClock::instance());
    platform->citizen_login_ =
        std::make_unique<auth::CitizenLogin>(*platform->database_, *platform->keyring_, *platform->bankid_,
                                             platform->auth_->sessions(), SystemClock::instance());
    add_citizen_login_routes(*router, *platform->citizen_login_, *platform->credential_limiter_);
    describe_citizen_login_routes(api);
  }
  // Each service mounts its own routes (http::Routes) and describes them in the API document.
  const http::RouteServices deps{*platform->database_, platform->cooperation_, *platform->audit_log_,
                                 platform->auth_->authenticator(), SystemClock::instance()};
  casehandling::mount_routes(*router, deps, *platform->keyring_, platform->bankid_.get());
  casehandling::describe_routes(api, platform->bankid_ != nullptr);
  eservices::mount_routes(*router, deps, *platform->keyring_);
  eservices::describe_routes(api);
  // Digital mail: letters are accepted into the durable outbox and delivered by a worker when
  // the cooperation file has <minaMeddelanden> (register, operators, seal; each member's
  // <digitalMail>). Without it, or when the seal cannot be loaded, letters stay queued.
  platform->jobs_ = std::make_unique<jobs::JobQueue>(*platform->database_, SystemClock::instance());
  if (auto mail_settings = mailbox::outbox_settings(platform->cooperation_)) {
    try {
      platform->mail_worker_ = std::make_unique<mailbox::OutboxWorker>(
          *platform->database_, *platform->keyring_, *platform->audit_log_, registry, std::move(*mail_settings),
          SystemClock::instance(), &logger, jobs::WorkerOptions{.idle_wait = std::chrono::milliseconds(500)});
    } catch (const InvalidInput& e) {
      logger.error("digital mail is not delivered: letters stay queued", {{"reason", std::string(e.what())}});
    }
  } else {
    logger.info("digital mail is not configured (no <minaMeddelanden>): letters stay queued");
  }
  mailbox::mount_routes(*router, deps, *platform->keyring_, *platform->jobs_, [worker = platform->mail_worker_.get()] {
    if (worker != nullptr) worker->wake();
  });
  mailbox::describe_routes(api);
  // Hiring: the manager's form and the hires; the orders go out through each member's HR, IT,
  // property and permission systems as durable jobs (workers only when a member runs hiring).
  if (std::any_of(platform->cooperation_.members.begin(), platform->cooperation_.members.end(),
                  [](const config::Municipality& m) { return m.hiring.has_value(); })) {
    platform->hiring_workers_ = std::make_unique<hiring::HiringWorkers>(
        *platform->database_, platform->cooperation_, *platform->keyring_, *platform->audit_log_, registry,
        SystemClock::instance(), *platform->jobs_, options.smtp, std::string(), &logger,
        std::chrono::milliseconds(500));
  }
  const auto wake_hiring = [workers = platform->hiring_workers_.get()] {
    if (workers != nullptr) workers->wake();
  };
  hiring::mount_routes(*router, deps, *platform->keyring_, wake_hiring);
  hiring::describe_routes(api);
  // The contract goes out as a letter of the mailbox service; the employee signs it on a
  // hosted page with BankID.
  platform->letters_ = std::make_unique<mailbox::OutboxLetterSender>(*platform->keyring_, *platform->jobs_);
  platform->contract_signing_ =
      std::make_unique<hiring::ContractSigning>(platform->cooperation_, *platform->keyring_, platform->bankid_.get());
  platform->employee_welcome_ =
      std::make_unique<hiring::EmployeeWelcome>(platform->cooperation_, *platform->keyring_, platform->bankid_.get());
  hiring::mount_employee_pages(*router, deps, *platform->contract_signing_, *platform->employee_welcome_,
                               platform->credential_limiter_.get());
  // The hosted citizen pages (HTML, under /e/; not part of the API document).
  eservices::mount_pages(*router, *platform->database_, platform->cooperation_, *platform->keyring_,
                         *platform->audit_log_, platform->auth_->sessions(), platform->citizen_login_.get(),
                         SystemClock::instance(), platform->credential_limiter_.get(), options.pages);
  // The staff web (HTML, under /staff/): login, the shared layout, and each service's section.
  mount_staff_web(*router,
                  {*platform->database_, platform->cooperation_, *platform->audit_log_, platform->auth_->staff(),
                   platform->auth_->sessions(), platform->auth_->authenticator(), SystemClock::instance(),
                   platform->credential_limiter_.get(), &logger},
                  platform->auth_->clients(), platform->keyring_.get(), wake_hiring, platform->bankid_.get());
  add_openapi_route(*router, api);
  platform->router_ = router;

  options.server.listen = options.listen;
  options.server.certificate_file = options.tls_certificate;
  options.server.private_key_file = options.tls_private_key;
  options.server.client_ca_file = options.staff_ca_file;
  options.server.metrics = &platform->request_metrics_;
  const auto colon = options.listen.rfind(':');
  platform->host_ = options.listen.substr(0, colon);
  if (platform->host_ == "127.0.0.1" || platform->host_ == "0.0.0.0" || platform->host_ == "[::1]" ||
      platform->host_ == "[::]" || platform->host_.empty()) {
    platform->host_ = "localhost";
  }
  platform->server_ = std::make_unique<http::Server>(options.server, std::move(router), logger);
  // Background work: notices leave the notice board (and are archived) when their appeal
  // period has passed. Several server processes may run it on one PostgreSQL.
  platform->notice_removal_ = std::make_unique<casehandling::NoticeRemovalWorker>(
      *platform->database_, *platform->audit_log_, SystemClock::instance(), &logger);
  platform->notice_removal_->worker().start();
  // After a submission: the diary case and the e-mail receipt (durable jobs).
  platform->on_submit_ = std::make_unique<eservices::OnSubmitWorkers>(
      *platform->database_, platform->cooperation_, config::default_xsd_dir(), *platform->keyring_,
      *platform->audit_log_, SystemClock::instance(), *platform->jobs_,
      [diaries = platform->adapters_.get()](const ids::Kommunkod& m) -> adapters::CaseSystem& {
        return diaries->case_system(m);
      },
      options.smtp, &logger);
  platform->on_submit_->start();
  // When a handler writes to a citizen or changes an errand's status: the citizen's notice by
  // e-mail and/or SMS (each member's <smsGateway>, if any); started with the server's address.
  platform->notices_ = std::make_unique<eservices::CitizenNoticeWorker>(
      *platform->database_, platform->cooperation_, config::default_xsd_dir(), *platform->keyring_,
      *platform->audit_log_, SystemClock::instance(), *platform->jobs_, options.smtp,
      [gateways = platform->adapters_.get()](const ids::Kommunkod& m) {
        return gateways->find<adapters::SmsGateway>(m);
      },
      &logger);
  if (platform->mail_worker_) platform->mail_worker_->start();
  // The paper route: each past day's print batch manifest goes to the municipality's PrintVendor.
  platform->print_batches_ = std::make_unique<mailbox::PrintBatchWorker>(*platform->database_, *platform->audit_log_,
                                                                         registry, SystemClock::instance(), &logger);
  platform->print_batches_->start();
  // Housekeeping: expired sessions (and the pages' drafts of ended ones), BankID logins, the
  // token signing keys, and jobs done more than 30 days ago.
  platform->housekeeping_ =
      std::make_unique<jobs::Housekeeping>(*platform->database_, *platform->jobs_, platform->cooperation_.host,
                                           SystemClock::instance(), jobs::HousekeepingOptions{}, &logger);
  platform->housekeeping_->add("sessions",
                               [sessions = &platform->auth_->sessions()] { return sessions->purge_expired(); });
  if (platform->citizen_login_) {
    platform->housekeeping_->add("bankid logins",
                                 [login = platform->citizen_login_.get()] { return login->purge_expired(); });
  }
  // The token signing key is rotated when 90 days old and superseded keys dropped (other nodes
  // read the shared key folder); at start only, a server running for months would keep one key.
  platform->housekeeping_->add("token signing keys", [auth = platform->auth_.get()] {
    auth->maintain_keys();
    return std::size_t{0};
  });
  platform->housekeeping_->add("jobs done", [jobs = platform->jobs_.get()] {
    return jobs->purge_done(jobs->clock().now() - std::chrono::days(30));
  });
  platform->housekeeping_->start();
  platform->server_->start();
  // After the server, whose port the links in the notices and contract letters name (with port 0).
  platform->notices_->start(options.public_url.empty() ? platform->url() : options.public_url);
  if (platform->hiring_workers_) {
    const std::string public_url = options.public_url.empty() ? platform->url() : options.public_url;
    platform->hiring_workers_->set_contract_delivery(platform->letters_.get(), public_url);
    platform->hiring_workers_->start();
  }
  logger.info("serving", {{"url", platform->url()},
                          {"cooperation", platform->cooperation_.name},
                          {"database", platform->database_->url().redacted()}});
  return platform;
}

Platform::Platform(config::Cooperation cooperation) : cooperation_(std::move(cooperation)) {}

Platform::~Platform() { stop(std::chrono::seconds(2)); }

void Platform::stop(std::chrono::milliseconds grace) {
  if (server_) {
    server_->stop(grace);
    server_.reset();
    if (logger_ != nullptr) logger_->info("stopped");
  }
  // Everything that holds the database goes before it.
  housekeeping_.reset();
  notice_removal_.reset();
  on_submit_.reset();
  notices_.reset();
  mail_worker_.reset();  // finishes the letter at hand
  print_batches_.reset();
  hiring_workers_.reset();  // finishes the order at hand
  contract_signing_.reset();
  employee_welcome_.reset();
  letters_.reset();
  citizen_login_.reset();
  bankid_.reset();
  jobs_.reset();
  auth_.reset();
  audit_log_.reset();
  database_.reset();
}

std::string Platform::url() const { return "https://" + host_ + ":" + std::to_string(server_->port()); }

}  // namespace samverkan::server
