#pragma once
/// The authentication endpoints:
///   POST /oauth/token             client-credentials grant (RFC 6749 section 4.4); form body,
///                                 client authentication by HTTP Basic or form (section 2.3.1);
///                                 errors in RFC 6749 section 5.2's format, not problem+json
///   GET  /.well-known/jwks.json   the token signing keys (RFC 7517)
///   GET  /api/v1/whoami           the caller's principal (bearer token, SITHS certificate or
///                                 session cookie): {"id","kind","municipality","scopes",
///                                 "roles","platformAdministrator"}
///   POST /api/v1/staff/login      password + one-time code: {"username","password","code"}
///                                 → 200 the principal as above + "displayName", "csrfToken",
///                                 and the session cookie (a new session id: rotation on
///                                 login). A user who must change the initial password gets
///                                 403 problem type password-change-required and sends the
///                                 request again with "newPassword" (and a fresh code).
///                                 Every failure is the same 401 (no user enumeration).
///   POST /api/v1/staff/logout     ends the session (X-CSRF-Token required) → 204
/// /oauth/token and /api/v1/staff/login share one rate limiter per client address (429 with
/// Retry-After beyond it); the account lockout of auth::StaffDirectory works behind it.

#include "samverkan/auth/auth_services.hpp"
#include "samverkan/http/openapi.hpp"
#include "samverkan/http/rate_limiter.hpp"
#include "samverkan/http/router.hpp"

namespace samverkan::server {

/// `auth` and `credential_limiter` must outlive the router.
void add_auth_routes(http::Router& router, auth::AuthServices& auth, http::RateLimiter& credential_limiter);

/// Adds the operations above to the API document.
void describe_auth_routes(http::OpenApi& api);

}  // namespace samverkan::server
