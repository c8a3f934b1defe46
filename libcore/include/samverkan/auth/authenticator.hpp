#pragma once
/// Who is calling: the one place handlers turn a request's credentials into a
/// security::Principal.
///
///   router.add("GET", "/api/v1/things", auth::authenticated(authenticator,
///       [&](http::Request& request, const security::Principal& principal) { ... }));
///
/// API clients send "Authorization: Bearer <access token>" (RFC 6750); staff with a SITHS card
/// present a TLS client certificate (http::Request::client_certificate); browsers of logged-in
/// staff and citizens send the session cookie, and with it, on every state-changing request
/// (anything but GET, HEAD, OPTIONS), the session's CSRF token in the X-CSRF-Token header. Failures are
/// samverkan::Unauthenticated (InvalidToken for tokens) with a message saying what is wrong;
/// authenticated() turns them into 401 problem+json with a WWW-Authenticate challenge.

#include <functional>
#include <optional>
#include <string>

#include "samverkan/auth/access_tokens.hpp"
#include "samverkan/auth/api_clients.hpp"
#include "samverkan/auth/session_store.hpp"
#include "samverkan/auth/staff_directory.hpp"
#include "samverkan/http/message.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/security/principal.hpp"

namespace samverkan::auth {

class Authenticator {
 public:
  /// `sessions` may be null: then session cookies are not accepted.
  Authenticator(const AccessTokenService& tokens, ApiClientRegistry& clients, StaffDirectory& staff,
                SessionStore* sessions = nullptr)
      : tokens_(tokens), clients_(clients), staff_(staff), sessions_(sessions) {}

  /// The API client of the request's bearer token; nullopt when the request has no
  /// Authorization header. Throws InvalidToken when the header is not "Bearer <token>", the
  /// token does not verify (expired, bad signature, unknown kid, ...) or its client has been
  /// revoked (kRevoked; seen within ApiClientRegistry::Options::active_cache, and at the
  /// latest when the token expires).
  std::optional<security::Principal> authenticate_bearer(const http::Request& request) const;

  /// The staff user of the request's verified client certificate (SITHS); nullopt when there
  /// is none. Throws samverkan::Unauthenticated for a certificate that maps to no user.
  std::optional<security::Principal> authenticate_certificate(const http::Request& request) const;

  /// The logged-in staff user or citizen of the request's session cookie; nullopt when there is
  /// no cookie. Throws samverkan::Unauthenticated for an unknown or expired session, one
  /// that has not logged in (anonymous) or one half-way through a first login (LoginStage),
  /// samverkan::Forbidden for a state-changing request
  /// without the session's CSRF token in X-CSRF-Token.
  std::optional<security::Principal> authenticate_session(const http::Request& request) const;

  /// A bearer token if the request has an Authorization header, else a client certificate,
  /// else a session cookie. Throws InvalidToken(kMissing) when the request carries none, and
  /// what the three above throw.
  security::Principal require(const http::Request& request) const;

 private:
  const AccessTokenService& tokens_;
  ApiClientRegistry& clients_;
  StaffDirectory& staff_;
  SessionStore* sessions_;
};

/// The WWW-Authenticate value for a failure (RFC 6750 section 3): Bearer realm="samverkan",
/// plus error="invalid_token" and error_description for a bad token (none when no
/// credentials were sent at all).
std::string bearer_challenge(const Unauthenticated& error);

/// A 401 application/problem+json response for `error`, with the WWW-Authenticate header.
http::Response unauthorized_response(const http::Request& request, const Unauthenticated& error);

/// Wraps a handler that needs a principal: authenticates with Authenticator::require and
/// answers authentication failures with unauthorized_response(). Other errors pass through to
/// the server's problem mapping. The authenticator must outlive the handler.
http::Handler authenticated(const Authenticator& authenticator,
                            std::function<http::Response(http::Request&, const security::Principal&)> handler);

}  // namespace samverkan::auth
