#pragma once
/// The staff web under /staff/: libcore's shared area (http/staff_area.hpp: login, session,
/// layout, member switcher, CSRF, audit of page views) with every service's section:
///   /staff/{kommunkod}/arenden, /e-tjanster       e-services (services/eservices/src/staff_pages.cpp)
///   /staff/{kommunkod}/diarium, /sammantraden     case handling (services/casehandling/src/staff_pages.cpp)
///   /staff/{kommunkod}/administration             the platform's own: users and roles, API clients,
///                                                 the audit log (templates in services/server/templates/staff)
/// A new service adds one line here: its mount_staff_pages(area, ...).

#include "samverkan/http/router.hpp"
#include "samverkan/http/staff_area.hpp"

namespace samverkan::server {

/// Mounts the staff web on `router`; everything in `services` must outlive the router.
void mount_staff_web(http::Router& router, const http::StaffAreaServices& services);

}  // namespace samverkan::server
