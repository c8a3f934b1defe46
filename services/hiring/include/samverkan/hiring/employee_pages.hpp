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
/// Before day one (welcome.hpp), from the invitation's one-time link:
///   GET  /anstallning/{kommunkod}/start/{token}              "Logga in med BankID"
///   POST /anstallning/{kommunkod}/start/{token}/inloggning   starts BankID (rate limited)
///   GET  /anstallning/{kommunkod}/start/{token}/inloggning/{login}
///                                                             collects once; when done, the
///                                                             overview with the activation form
///   POST /anstallning/{kommunkod}/start/{token}/aktivera     activates the account (the code)
///
/// Errors are HTML pages in the same layout (404 for an unknown link, 403 for another person's
/// BankID, 409, 429, 503). No cookie is set: nothing is kept in the browser.

#include "samverkan/hiring/contract.hpp"
#include "samverkan/hiring/welcome.hpp"
#include "samverkan/http/rate_limiter.hpp"
#include "samverkan/http/routes.hpp"

namespace samverkan::hiring {

/// Mounts the pages. `signing`, `welcome` and `limiter` (may be null) must outlive the router.
void mount_employee_pages(http::Router& router, const http::RouteServices& deps, ContractSigning& signing,
                          EmployeeWelcome& welcome, http::RateLimiter* limiter);

}  // namespace samverkan::hiring
