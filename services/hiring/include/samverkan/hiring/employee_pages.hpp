#pragma once
/// The new employee's hosted pages (HTML, no login: the random token of the link in the
/// contract letter is the key; BankID proves the person). Swedish, and English with ?lang=en.
///
///   GET  /anstallning/static/employee.css
///   GET  /anstallning/{kommunkod}/avtal/{token}             the contract's facts without personal
///                                                             data (number, employer, position,
///                                                             SHA-256), its state, "Skriv under"
///   POST /anstallning/{kommunkod}/avtal/{token}/underskrift  starts BankID (rate limited per
///                                                             address) → 303 to the page below
///   GET  /anstallning/{kommunkod}/avtal/{token}/underskrift/{signing}
///                                                             collects once: the QR code and BankID's
///                                                             message while pending; the contract's
///                                                             page when done (303)
///   POST /anstallning/{kommunkod}/avtal/{token}/underskrift/{signing}/avbryt   cancels
///
/// Errors are HTML pages in the same layout (404 for an unknown link, 403 for another person's
/// BankID, 409, 429, 503). No cookie is set: nothing is kept in the browser.

#include "samverkan/hiring/contract.hpp"
#include "samverkan/http/rate_limiter.hpp"
#include "samverkan/http/routes.hpp"

namespace samverkan::hiring {

/// Mounts the pages. `signing` and `limiter` (may be null) must outlive the router.
void mount_employee_pages(http::Router& router, const http::RouteServices& deps, ContractSigning& signing,
                          http::RateLimiter* limiter);

}  // namespace samverkan::hiring
