#include "samverkan/server/auth_routes.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <map>
#include <optional>
#include <sstream>

#include "samverkan/core/base64.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"
#include "samverkan/http/problem.hpp"

namespace samverkan::server {
namespace {

// application/x-www-form-urlencoded: '+' is a space, then percent-decoding.
std::string form_decode(std::string_view text) {
  std::string plus_as_space(text);
  for (auto& c : plus_as_space) {
    if (c == '+') c = ' ';
  }
  std::string decoded;
  Poco::URI::decode(plus_as_space, decoded);
  return decoded;
}

// The token endpoint's error answer (RFC 6749 section 5.2). The rest of the API answers
// errors with problem+json (RFC 7807), but OAuth clients expect exactly this shape here.
http::Response oauth_error(const auth::OAuthError& error) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("error", std::string(auth::to_string(error.code())));
  body.set("error_description", std::string(error.what()));
  auto response = http::Response::json(error.http_status(), http::to_json(body));
  if (error.code() == auth::OAuthErrorCode::kInvalidClient) {
    // Section 5.2: a 401 must carry a challenge for the scheme the client may use.
    response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"samverkan\", charset=\"UTF-8\"");
  }
  response.headers.emplace_back("Pragma", "no-cache");
  return response;
}

// Parses the form body; a repeated parameter is an error (RFC 6749 section 3.2).
std::map<std::string, std::string> parse_form(const std::string& body) {
  std::map<std::string, std::string> form;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    const auto end = std::min(body.find('&', pos), body.size());
    const std::string_view pair = std::string_view(body).substr(pos, end - pos);
    if (!pair.empty()) {
      const auto equals = pair.find('=');
      std::string name;
      std::string value;
      try {
        name = form_decode(pair.substr(0, equals));
        value = equals == std::string_view::npos ? std::string() : form_decode(pair.substr(equals + 1));
      } catch (const Poco::Exception&) {
        throw auth::OAuthError(auth::OAuthErrorCode::kInvalidRequest, "the form body is not well-formed");
      }
      if (!form.emplace(name, value).second) {
        throw auth::OAuthError(auth::OAuthErrorCode::kInvalidRequest,
                               "the parameter '" + name.substr(0, 32) + "' is repeated");
      }
    }
    pos = end + 1;
  }
  return form;
}

struct BasicCredentials {
  std::string client_id;
  std::string client_secret;
};

// RFC 6749 section 2.3.1: Basic with the form-urlencoded id and secret.
std::optional<BasicCredentials> basic_credentials(const http::Request& request) {
  const auto header = request.header("Authorization");
  if (!header) return std::nullopt;
  constexpr std::string_view kScheme = "basic ";
  if (header->size() <= kScheme.size() ||
      Poco::icompare(header->substr(0, kScheme.size()), std::string(kScheme)) != 0) {
    throw auth::OAuthError(auth::OAuthErrorCode::kInvalidClient, "client authentication must use HTTP Basic");
  }
  const auto base64_decoded = base64::decode(Poco::trim(header->substr(kScheme.size())));
  if (!base64_decoded) {
    throw auth::OAuthError(auth::OAuthErrorCode::kInvalidClient, "the Basic credentials are not base64");
  }
  const std::string& decoded = *base64_decoded;
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) {
    throw auth::OAuthError(auth::OAuthErrorCode::kInvalidClient, "the Basic credentials have no ':'");
  }
  try {
    return BasicCredentials{form_decode(decoded.substr(0, colon)), form_decode(decoded.substr(colon + 1))};
  } catch (const Poco::Exception&) {
    throw auth::OAuthError(auth::OAuthErrorCode::kInvalidClient, "the Basic credentials are not well-formed");
  }
}

http::Response token(auth::AuthServices& auth, http::Request& request) {
  try {
    const auto content_type = request.header("Content-Type").value_or("");
    if (Poco::icompare(content_type.substr(0, 33), "application/x-www-form-urlencoded") != 0) {
      throw auth::OAuthError(auth::OAuthErrorCode::kInvalidRequest,
                             "send the parameters as application/x-www-form-urlencoded");
    }
    auto form = parse_form(request.body);
    auth::ClientCredentialsRequest grant;
    grant.grant_type = form["grant_type"];
    if (const auto found = form.find("scope"); found != form.end()) grant.scope = found->second;
    const auto basic = basic_credentials(request);
    const bool form_credentials = form.contains("client_secret");
    if (basic && form_credentials) {
      throw auth::OAuthError(auth::OAuthErrorCode::kInvalidRequest, "use one client authentication method, not two");
    }
    if (basic) {
      if (form.contains("client_id") && form["client_id"] != basic->client_id) {
        throw auth::OAuthError(auth::OAuthErrorCode::kInvalidRequest, "client_id differs from the Basic credentials");
      }
      grant.client_id = basic->client_id;
      grant.client_secret = basic->client_secret;
    } else {
      grant.client_id = form["client_id"];
      grant.client_secret = form["client_secret"];
    }

    const auto issued = auth.client_credentials().exchange(grant);
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("access_token", issued.access_token);
    body.set("token_type", "Bearer");
    body.set("expires_in", static_cast<Poco::Int64>(issued.expires_in.count()));
    body.set("scope", auth::format_scopes(issued.scopes));
    auto response = http::Response::json(200, http::to_json(body));
    // RFC 6749 section 5.1; the server adds Cache-Control: no-store to every response.
    response.headers.emplace_back("Pragma", "no-cache");
    return response;
  } catch (const auth::OAuthError& e) {
    return oauth_error(e);
  }
}

std::string kind_name(security::PrincipalKind kind) {
  switch (kind) {
    case security::PrincipalKind::kAnonymous:
      return "anonymous";
    case security::PrincipalKind::kCitizen:
      return "citizen";
    case security::PrincipalKind::kStaff:
      return "staff";
    case security::PrincipalKind::kApiClient:
      return "api-client";
    case security::PrincipalKind::kSystem:
      return "system";
  }
  return "anonymous";
}

Poco::JSON::Object principal_json(const security::Principal& principal) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("id", principal.id());
  body.set("kind", kind_name(principal.kind()));
  if (principal.client_municipality()) body.set("municipality", principal.client_municipality()->str());
  Poco::JSON::Array::Ptr scopes = new Poco::JSON::Array;
  for (const auto& scope : principal.scopes()) scopes->add(scope);
  body.set("scopes", scopes);
  Poco::JSON::Object::Ptr roles = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [municipality, held] : principal.roles()) {
    Poco::JSON::Array::Ptr names = new Poco::JSON::Array;
    for (const auto role : held) names->add(std::string(security::to_string(role)));
    roles->set(municipality.str(), names);
  }
  body.set("roles", roles);
  body.set("platformAdministrator", principal.is_platform_administrator());
  return body;
}

http::Response whoami(http::Request&, const security::Principal& principal) {
  return http::Response::json(200, http::to_json(principal_json(principal)));
}

// A JSON object body's string member; InvalidInput naming the member when absent or not a string.
std::optional<std::string> string_member(const Poco::JSON::Object& body, const std::string& name, bool required) {
  if (!body.has(name) || body.isNull(name)) {
    if (required) throw InvalidInput("the body needs \"" + name + "\" (a string)");
    return std::nullopt;
  }
  const auto value = body.get(name);
  if (!value.isString()) throw InvalidInput("\"" + name + "\" must be a string");
  return value.extract<std::string>();
}

Poco::JSON::Object::Ptr json_object_body(const http::Request& request) {
  try {
    const auto parsed = Poco::JSON::Parser().parse(request.body);
    if (const auto& object = parsed.extract<Poco::JSON::Object::Ptr>(); !object.isNull()) return object;
  } catch (const Poco::Exception&) {
  }
  throw InvalidInput("the body must be a JSON object");
}

// POST /api/v1/staff/login {"username","password","code"[,"newPassword"]}. A user who must
// change the initial password sends newPassword with the current one and a fresh code.
http::Response staff_login(auth::AuthServices& auth, http::Request& request) {
  const auto body = json_object_body(request);
  const auto username = *string_member(*body, "username", true);
  const auto password = *string_member(*body, "password", true);
  const auto code = *string_member(*body, "code", true);
  const auto new_password = string_member(*body, "newPassword", false);
  auto& staff = auth.staff();
  std::optional<auth::StaffUser> user;
  if (new_password) {
    staff.change_password(username, password, code, *new_password);
    user = staff.find(username);
    if (!user) throw Unauthenticated(std::string(auth::StaffDirectory::kLoginFailed));
  } else {
    user = staff.login(username, password, code);
    if (user->must_change_password) {
      return http::problem_response(403, "password-change-required", "Password change required",
                                    "the initial password must be changed: send the request again with "
                                    "\"newPassword\" and a new code",
                                    request.path, request.request_id);
    }
  }
  const auto previous = auth::SessionStore::cookie_token(request);
  const auto session = auth.sessions().rotate(previous.value_or(""), user->principal());
  auto answer = principal_json(session.session.principal);
  answer.set("displayName", user->display_name);
  answer.set("csrfToken", session.session.csrf_token);
  auto response = http::Response::json(200, http::to_json(answer));
  response.headers.emplace_back("Set-Cookie", session.set_cookie);
  return response;
}

// POST /api/v1/staff/logout: ends the session (with its CSRF token); no session is no error.
http::Response staff_logout(auth::AuthServices& auth, http::Request& request) {
  http::Response response;
  response.status = 204;
  const auto token = auth::SessionStore::cookie_token(request);
  if (token) {
    if (const auto session = auth.sessions().resume(*token)) {
      if (!auth.sessions().check_csrf(*session, request.header("X-CSRF-Token").value_or(""))) {
        throw Forbidden("logging out needs the session's CSRF token in X-CSRF-Token");
      }
    }
    auth.sessions().destroy(*token);
  }
  response.headers.emplace_back("Set-Cookie", auth::SessionStore::clear_cookie());
  return response;
}

}  // namespace

void add_auth_routes(http::Router& router, auth::AuthServices& auth, http::RateLimiter& credential_limiter) {
  router.add("POST", "/oauth/token",
             http::rate_limited(credential_limiter, [&auth](http::Request& request) { return token(auth, request); }));
  router.add("POST", "/api/v1/staff/login", http::rate_limited(credential_limiter, [&auth](http::Request& request) {
               return staff_login(auth, request);
             }));
  router.add("POST", "/api/v1/staff/logout", [&auth](http::Request& request) { return staff_logout(auth, request); });
  router.add("GET", "/.well-known/jwks.json", [&auth](http::Request&) {
    auto response = http::Response::json(200, auth.keys().jwks());
    response.content_type = "application/jwk-set+json";
    // Verifiers may cache the set for five minutes; one that meets a token with a kid it does
    // not know refetches the set (the usual JWKS practice) and finds a freshly rotated key.
    response.headers.emplace_back("Cache-Control", "public, max-age=300");
    return response;
  });
  router.add("GET", "/api/v1/whoami", auth::authenticated(auth.authenticator(), whoami));
}

void describe_auth_routes(http::OpenApi& api) {
  // RFC 6749 section 5.2: the token endpoint's own error answers.
  const http::ApiBody oauth_error{"application/json", R"json({"type":"object",
    "description":"An OAuth 2.0 error (RFC 6749 section 5.2)","required":["error"],"properties":{
    "error":{"type":"string","enum":["invalid_request","invalid_client","invalid_grant","unauthorized_client",
      "unsupported_grant_type","invalid_scope"]},
    "error_description":{"type":"string","description":"What was wrong, for a person to read"}}})json"};
  constexpr const char* kPrincipal =
      R"({"type":"object","required":["id","kind","scopes","roles","platformAdministrator"],
  "properties":{"id":{"type":"string"},"kind":{"type":"string","enum":["anonymous","citizen","staff","api-client","system"]},
  "municipality":{"type":"string","pattern":"^[0-9]{4}$"},"scopes":{"type":"array","items":{"type":"string"}},
  "roles":{"type":"object","additionalProperties":{"type":"array","items":{"type":"string"}}},
  "platformAdministrator":{"type":"boolean"},"displayName":{"type":"string"},"csrfToken":{"type":"string"}}})";
  api.add({.method = "POST",
           .path = "/oauth/token",
           .operation_id = "issueAccessToken",
           .summary = "Exchange an API client's id and secret for an access token (client credentials)",
           .description = "RFC 6749 section 4.4. Client authentication by HTTP Basic or in the form. Errors "
                          "here follow RFC 6749 section 5.2; rate limited per client address.",
           .tag = "Authentication",
           .request_content_type = "application/x-www-form-urlencoded",
           .request_schema = R"({"type":"object","required":["grant_type"],"properties":{
             "grant_type":{"type":"string","const":"client_credentials"},"scope":{"type":"string"},
             "client_id":{"type":"string"},"client_secret":{"type":"string"}}})",
           .response_schema = R"({"type":"object","required":["access_token","token_type","expires_in"],
             "properties":{"access_token":{"type":"string"},"token_type":{"type":"string","const":"Bearer"},
             "expires_in":{"type":"integer"},"scope":{"type":"string"}}})",
           .errors = {429},
           .other_errors = {{400, oauth_error}, {401, oauth_error}}});
  api.add({.method = "GET",
           .path = "/.well-known/jwks.json",
           .operation_id = "signingKeys",
           .summary = "The public keys that verify access tokens (JWK set, RFC 7517)",
           .tag = "Authentication",
           .response_content_type = "application/jwk-set+json",
           .response_schema = R"({"type":"object","required":["keys"],"properties":{"keys":{"type":"array",
             "items":{"type":"object"}}}})"});
  api.add({.method = "GET",
           .path = "/api/v1/whoami",
           .operation_id = "whoAmI",
           .summary = "The caller as the platform sees it",
           .tag = "Authentication",
           .security = http::ApiSecurity::kBearerOrSession,
           .response_schema = kPrincipal});
  api.add({.method = "POST",
           .path = "/api/v1/staff/login",
           .operation_id = "staffLogin",
           .summary = "Log a staff user in with password and one-time code",
           .description = "Starts a session (cookie). A user with the initial password gets 403 "
                          "password-change-required and sends the request again with newPassword. Every failed "
                          "login is the same 401; rate limited per client address.",
           .tag = "Authentication",
           .request_schema = R"({"type":"object","required":["username","password","code"],"properties":{
             "username":{"type":"string"},"password":{"type":"string"},"code":{"type":"string","pattern":"^[0-9]{6,8}$"},
             "newPassword":{"type":"string","minLength":12}}})",
           .response_schema = kPrincipal,
           .errors = {401, 403, 429}});
  api.add({.method = "POST",
           .path = "/api/v1/staff/logout",
           .operation_id = "staffLogout",
           .summary = "End the session",
           .tag = "Authentication",
           .success_status = 204,
           .errors = {403}});
}

}  // namespace samverkan::server
