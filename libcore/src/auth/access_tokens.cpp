#include "samverkan/auth/access_tokens.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

#include "auth/detail/common.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::auth {
namespace {

std::int64_t numeric_claim(const Poco::JSON::Object& claims, const char* name) {
  if (!claims.has(name) || !claims.get(name).isNumeric()) {
    throw InvalidToken(TokenProblem::kMalformed, std::string("the token has no numeric '") + name + "' claim");
  }
  try {
    return claims.get(name).convert<Poco::Int64>();
  } catch (const Poco::Exception&) {
    throw InvalidToken(TokenProblem::kMalformed, std::string("the token's '") + name + "' claim is out of range");
  }
}

std::string text_claim(const Poco::JSON::Object& claims, const char* name) {
  if (!claims.has(name) || !claims.get(name).isString()) {
    throw InvalidToken(TokenProblem::kMalformed, std::string("the token has no '") + name + "' claim");
  }
  return claims.getValue<std::string>(name);
}

bool audience_matches(const Poco::JSON::Object& claims, const std::string& audience) {
  if (!claims.has("aud")) return false;
  if (claims.get("aud").isString()) return claims.getValue<std::string>("aud") == audience;
  const auto list = claims.getArray("aud");
  if (list.isNull()) return false;
  for (std::size_t i = 0; i < list->size(); ++i) {
    if (list->get(static_cast<unsigned>(i)).isString() &&
        list->getElement<std::string>(static_cast<unsigned>(i)) == audience)
      return true;
  }
  return false;
}

}  // namespace

AccessTokenService::AccessTokenService(const SigningKeySet& keys, const Clock& clock, TokenOptions options)
    : keys_(keys), clock_(clock), options_(std::move(options)) {}

IssuedToken AccessTokenService::issue(const ApiClient& client, const std::set<std::string>& scopes) const {
  if (scopes.empty()) throw InvalidInput("a token needs at least one scope");
  if (!std::includes(client.scopes.begin(), client.scopes.end(), scopes.begin(), scopes.end())) {
    throw InvalidInput("the client does not hold every requested scope");
  }
  const auto now = clock_.now();
  const auto iat = detail::unix_seconds(now);
  IssuedToken issued;
  issued.expires_in = options_.lifetime;
  issued.expires_at = std::chrono::floor<std::chrono::seconds>(now) + options_.lifetime;
  issued.scopes = scopes;
  issued.jti = detail::base64url_encode(detail::random_bytes(16));

  Poco::JSON::Object claims(Poco::JSON_PRESERVE_KEY_ORDER);
  claims.set("iss", options_.issuer);
  claims.set("sub", client.id);
  claims.set("aud", options_.audience);
  claims.set("iat", static_cast<Poco::Int64>(iat));
  claims.set("nbf", static_cast<Poco::Int64>(iat));
  claims.set("exp", static_cast<Poco::Int64>(iat + options_.lifetime.count()));
  claims.set("jti", issued.jti);
  claims.set("client_id", client.id);
  claims.set("municipality", client.municipality.str());
  claims.set("scope", format_scopes(scopes));
  issued.access_token = keys_.sign(http::to_json(claims), kAccessTokenType);
  return issued;
}

security::Principal AccessTokenService::verify(std::string_view token) const {
  const std::string claims_json = keys_.verify(token, kAccessTokenType);
  Poco::JSON::Object::Ptr claims;
  try {
    Poco::JSON::Parser parser;
    claims = parser.parse(claims_json).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    throw InvalidToken(TokenProblem::kMalformed, "the token's claims are not a JSON object");
  }
  if (text_claim(*claims, "iss") != options_.issuer) {
    throw InvalidToken(TokenProblem::kWrongIssuer, "the token was issued by someone else");
  }
  if (!audience_matches(*claims, options_.audience)) {
    throw InvalidToken(TokenProblem::kWrongAudience, "the token is meant for another audience");
  }
  const auto now = detail::unix_seconds(clock_.now());
  const auto leeway = options_.leeway.count();
  const auto exp = numeric_claim(*claims, "exp");
  const auto nbf = numeric_claim(*claims, "nbf");
  const auto iat = numeric_claim(*claims, "iat");
  // RFC 7519 section 4.1.4: the token must not be accepted on or after exp.
  if (now >= exp + leeway) throw InvalidToken(TokenProblem::kExpired, "the access token has expired");
  if (now + leeway < nbf || now + leeway < iat) {
    throw InvalidToken(TokenProblem::kNotYetValid, "the access token is not valid yet");
  }
  const auto subject = text_claim(*claims, "sub");
  const auto municipality = ApiClientRegistry::municipality_of(subject);
  if (!municipality || text_claim(*claims, "municipality") != municipality->str()) {
    throw InvalidToken(TokenProblem::kMalformed, "the token's subject and municipality do not match");
  }
  const auto scope_list = detail::split(text_claim(*claims, "scope"), " ");
  return security::Principal::api_client(subject, *municipality, {scope_list.begin(), scope_list.end()});
}

}  // namespace samverkan::auth
