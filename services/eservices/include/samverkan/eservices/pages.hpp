#pragma once
/// The hosted citizen pages: server-rendered HTML (no JavaScript needed), Swedish by default,
/// English with ?lang=en, under /e/:
///   GET  /e/static/site.css                              the style sheet (from the binary)
///   GET  /e/{kommunkod}                                  start page: the published services
///   GET  /e/{kommunkod}/brand.css                        the municipality's colour
///   GET  /e/{kommunkod}/tjanst/{service}                 → the step to continue at
///   GET  /e/{kommunkod}/tjanst/{service}/steg/{step}     one step of the form
///   POST /e/{kommunkod}/tjanst/{service}/steg/{step}     save and validate the step; next/back
///   GET  /e/{kommunkod}/tjanst/{service}/granska         review of every answer, change links
///   POST /e/{kommunkod}/tjanst/{service}/granska         submit → the receipt
///   GET  /e/{kommunkod}/kvitto/{reference}               the receipt
///   GET  /e/{kommunkod}/kvitto/{reference}/text          the receipt as text/plain
///   GET  /e/{kommunkod}/logga-in?next=…                  BankID login
///   POST /e/{kommunkod}/logga-in                         start the BankID order
///   POST /e/{kommunkod}/logga-in/kontrollera             collect ("I have signed / check again")
///   GET  /e/{kommunkod}/mina-sidor                       the citizen's errands (login required)
///   POST /e/{kommunkod}/logga-ut                         logout
///
/// Every page is a mustache template compiled into the binary (services/eservices/templates),
/// HTML-escaped by default. Every visitor gets a session (auth::SessionStore; anonymous until
/// BankID login); every POST must carry the session's CSRF token in the field `_csrf`, else
/// 403. A logged-in citizen's answers are kept as a draft (Submissions::save_draft); an
/// anonymous visitor's answers, attachments and receipts are kept in this process's memory,
/// keyed by the session id (bounded; lost on restart).

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/auth/citizen_login.hpp"
#include "samverkan/auth/session_store.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/rate_limiter.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/storage/database.hpp"

namespace samverkan::eservices {

/// What visitors may leave on the server. Drafts (with their attachments) and receipts are kept
/// in the database per browser session; a visitor without login is also limited in how often
/// they may post (per client address).
struct PagesOptions {
  http::RateLimit anonymous_posts{.per_second = 5.0, .burst = 100.0};
  std::size_t drafts_per_session = 10;
  std::size_t bytes_per_session = std::size_t{25} * 1024 * 1024;        ///< answers and files of its drafts
  std::size_t total_draft_bytes = std::size_t{2} * 1024 * 1024 * 1024;  ///< of every session's drafts
  std::size_t receipts_per_session = 20;
};

/// Mounts the pages above. `citizen_login` may be null (no BankID configured): the login page
/// then says login is unavailable (503). `login_limiter`, when given, limits BankID starts per
/// client address (beyond it: a 429 page with Retry-After). Every argument must outlive the
/// router.
void mount_pages(http::Router& router, storage::Database& db, const config::Cooperation& cooperation,
                 const crypto::Keyring& keyring, audit::AuditLog& audit_log, auth::SessionStore& sessions,
                 auth::CitizenLogin* citizen_login, const Clock& clock, http::RateLimiter* login_limiter = nullptr,
                 const PagesOptions& options = {});

/// Deletes the pages' drafts (with their files) and receipts of browser sessions that have
/// ended, and those untouched since `idle_before`; returns how many drafts and receipts went.
/// For the housekeeping job.
std::size_t purge_page_state(storage::Database& db, Clock::TimePoint idle_before);

}  // namespace samverkan::eservices
