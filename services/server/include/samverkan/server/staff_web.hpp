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
void mount_staff_web(http::Router& router, const http::StaffAreaServices& services,
                     const crypto::Keyring* keyring = nullptr, std::function<void()> hires_submitted = {},
                     bankid::Client* bankid = nullptr);

}  // namespace samverkan::server
