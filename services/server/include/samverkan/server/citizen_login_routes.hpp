#pragma once
/// BankID login for citizens over HTTP (what the hosted pages call):
///   POST   /api/v1/login/bankid                    → 201 {"loginId","autoStartToken","qr"}
///   POST   /api/v1/login/bankid/{loginId}/collect  → 200 {"state","hintCode","message","qr"};
///                                                    on "complete" also Set-Cookie with the session
///   GET    /api/v1/login/bankid/{loginId}/qr       → 200 {"qr"}: the QR code of this second
///   DELETE /api/v1/login/bankid/{loginId}          → 204

#include "samverkan/auth/citizen_login.hpp"
#include "samverkan/http/openapi.hpp"
#include "samverkan/http/rate_limiter.hpp"
#include "samverkan/http/router.hpp"

namespace samverkan::server {

/// Starting a login is rate limited per client address by `limiter` (each start is an order
/// at BankID). `login` and `limiter` must outlive the router.
void add_citizen_login_routes(http::Router& router, auth::CitizenLogin& login, http::RateLimiter& limiter);

/// Adds the operations above to the API document.
void describe_citizen_login_routes(http::OpenApi& api);

}  // namespace samverkan::server
