#pragma once
/// The authentication endpoints:
///   POST /oauth/token             client-credentials grant (RFC 6749 section 4.4); form body,
///                                 client authentication by HTTP Basic or form (section 2.3.1);
///                                 errors in RFC 6749 section 5.2's format, not problem+json
///   GET  /.well-known/jwks.json   the token signing keys (RFC 7517)
///   GET  /api/v1/whoami           the caller's principal (bearer token or SITHS certificate):
///                                 {"id","kind","municipality","scopes","roles",
///                                  "platformAdministrator"}

#include "samverkan/auth/auth_services.hpp"
#include "samverkan/http/router.hpp"

namespace samverkan::server {

/// `auth` must outlive the router.
void add_auth_routes(http::Router& router, auth::AuthServices& auth);

}  // namespace samverkan::server
