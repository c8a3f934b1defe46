#pragma once
/// The staff web under /staff/: libcore's shared area (http/staff_area.hpp: login, session,
/// layout, member switcher, CSRF, audit of page views) with every service's section:
///   /staff/{kommunkod}/arenden, /e-tjanster       e-services (services/eservices/src/staff_pages.cpp)
///   /staff/{kommunkod}/diarium, /sammantraden     case handling (services/casehandling/src/staff_pages.cpp)
///   /staff/{kommunkod}/anstallningar              hiring, when a member runs it and a keyring is given
///                                                 (services/hiring/src/staff_pages.cpp)
///   /staff/{kommunkod}/administration             the platform's own: users and roles, API clients,
///                                                 the audit log (templates in services/server/templates/staff)
/// A new service adds one line here: its mount_staff_pages(area, ...).

#include <functional>

#include "samverkan/auth/api_clients.hpp"
#include "samverkan/auth/staff_directory.hpp"
#include "samverkan/bankid/client.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/http/staff_area.hpp"

namespace samverkan::server {

/// Mounts the staff web on `router`; everything in `services` and `keyring` must outlive the
/// router. The errands', the diary's and the hiring pages need `keyring` (errands, cases' parties
/// and documents, hires are encrypted at rest; without it the errands' and the diary's sections
/// show their summaries only); `hires_submitted` is
/// called after a hire, a change or a termination was committed (HiringWorkers::wake); `bankid`
/// (when configured) signs minutes on the committee secretary's pages.
void mount_staff_web(http::Router& router, const http::StaffAreaServices& services, auth::ApiClientRegistry& clients,
                     const crypto::Keyring* keyring = nullptr, std::function<void()> hires_submitted = {},
                     bankid::Client* bankid = nullptr);

/// The administrator's section, /staff/{kommunkod}/administration (mount_staff_web adds it):
///   GET       ""                                 the member's staff users (a view of personal data)
///   GET|POST  /anvandare/ny                      a new user with roles; the one-time password is
///                                                shown once, on the answer to the POST
///   GET       /anvandare/{id}                    a user: roles and status (a view)
///   POST      /anvandare/{id}/roller             the roles ticked (granted and revoked); one's own
///                                                administrator role cannot be removed
///   POST      /anvandare/{id}/status             disabled or active in this member
///   GET|POST  /api-klienter                      the API clients (no secrets); a new one with scopes,
///                                                its secret shown once, on the answer to the POST
///   POST      /api-klienter/{id}/aterkalla       revokes a client
///   GET       /granskningslogg                   the audit log, newest first, 50 a page, filtered by
///                                                Swedish days (fran, till), actor and action (a view)
///   POST      /granskningslogg/verifiering       verifies the member's hash chain (audited)
/// `staff.*` pages need Permission::kStaffManage, the clients kApiClientManage, the log
/// kAuditRead; everything must outlive the router.
void mount_admin_pages(http::StaffArea& area, storage::Database& db, auth::StaffDirectory& staff,
                       auth::ApiClientRegistry& clients);

}  // namespace samverkan::server
