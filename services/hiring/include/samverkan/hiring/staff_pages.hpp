#pragma once
/// The hiring section of the staff web (http/staff_area.hpp), templates and texts in
/// services/hiring/templates/staff, under /staff/{kommunkod}/anstallningar:
///   GET  ""                     the dashboard: the hires the user sees (filters status, enhet,
///                               forsenade) and the median lead times (hire.read; audited)
///   GET  /ny                    the manager's form, empty, and the user's drafts (hire.write)
///   GET  /utkast/{draft}        the form resumed from a draft (hire.write; audited)
///   POST /ny                    "spara" saves a draft (to /utkast/{id}); "skicka" submits: a form
///                               with problems comes back with its error summary and the values kept
///                               (400), a submitted one goes to its hire's page
///   GET  /{id}                  a hire: every order (kind, status, due and done times in Swedish
///                               time), the contract's state, the lead time, and the forms below
///                               (hire.read; audited)
///   POST /{id}/andring          a change of unit, title or both from a date (hire.write)
///   POST /{id}/avslut           the end of the employment after its last day (hire.write)
/// A manager sees and hires only in the units HR recorded for them (HiringService); a hire
/// outside them, another member's hire and a member that does not run hiring are 404 pages.

#include <functional>

#include "samverkan/config/cooperation.hpp"
#include "samverkan/crypto/keyring.hpp"
#include "samverkan/http/staff_area.hpp"

namespace samverkan::hiring {

/// Adds the section above. `cooperation` and `keyring` must outlive the router. `submitted`,
/// when given, is called after a hire, a change or a termination was committed (e.g.
/// HiringWorkers::wake).
void mount_staff_pages(http::StaffArea& area, const config::Cooperation& cooperation, const crypto::Keyring& keyring,
                       std::function<void()> submitted = {});

}  // namespace samverkan::hiring
