#pragma once
/// The one shape of a service's HTTP routes: a table of one-line routes. Each route declares
/// what it needs (a principal, the permission, whether that is checked before the input is
/// read); a Call does the rest, the same way for every service.
///
/// How a service mounts its routes (services/<service>/src/<service>_routes.cpp):
///
///   void mount_routes(http::Router& router, const http::RouteServices& deps, Errands& errands) {
///     http::Routes api(router, deps, "/api/v1/municipalities/{kommunkod}");
///     // Public: runs as the anonymous principal.
///     api.add({"GET", "/eservices"}, [&](http::Call& c) {
///       return http::json_response(200, http::list_json("eservices", errands.published(c.ctx()), summary_json));
///     });
///     // A principal; the service checks the permission when called (declared for the table).
///     api.add({"GET", "/errands/{reference}", Permission::kErrandRead, {}, /*audited_read=*/true},
///             [&](http::Call& c) { return http::json_response(200, errand_json(errands.read(c.ctx(),
///             c.path("reference")))); });
///     // A route that reads a body: the permission is checked first, so another municipality's
///     // principal hears 404 whatever the body holds; the refusal is audited as this event.
///     api.add({"PUT", "/errands/{reference}/assignment", Permission::kErrandHandle,
///              http::CheckFirst{"errand.assign", "errand", "{reference}"}},
///             [&](http::Call& c) {
///               const auto handler = http::string_member(*c.body(), "handler");
///               return http::json_response(200, assignment_json(errands.assign(c.ctx(), c.path("reference"),
///               handler)));
///             });
///   }
///
/// What a route gets, in this order:
///  1. a principal (Authenticator::require; 401 problem+json with WWW-Authenticate without
///     one) unless it is public;
///  2. the municipality of a {kommunkod} path parameter checked with
///     Cooperation::require_member (404 for a non-member, before any input is judged);
///  3. with CheckFirst, the permission (Context::require) before the work reads its input;
///     the service's own check then passes without a second refusal. Without CheckFirst the
///     service checks it when the work calls it: one check, in the service;
///  4. the work: c.ctx() begins the call's context (principal, municipality, transaction) when
///     first asked (GET reads; other methods and audited reads write); the work parses its
///     input, calls ONE service function and shapes the answer;
///  5. one commit when the work returns. c.commit() commits earlier (before slow rendering,
///     or before waking a worker); c.problem() answers problem+json with extension members and
///     rolls back. An exception rolls back and becomes problem+json in http::Server.
/// Router::table() lists every route's row (method, pattern, access, tenant scope, permission).

#include <Poco/JSON/Object.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "samverkan/audit/audit_log.hpp"
#include "samverkan/auth/authenticator.hpp"
#include "samverkan/config/cooperation.hpp"
#include "samverkan/core/clock.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/message.hpp"
#include "samverkan/http/router.hpp"
#include "samverkan/security/permission.hpp"
#include "samverkan/security/principal.hpp"
#include "samverkan/storage/database.hpp"
#include "samverkan/tenancy/context.hpp"

namespace samverkan::http {

/// What every route's context is made of. Every reference must outlive the router.
struct RouteServices {
  storage::Database& db;
  const config::Cooperation& cooperation;
  audit::AuditLog& audit_log;
  const auth::Authenticator& authenticator;
  const Clock& clock;
};

/// The route's permission is checked before its work reads any input; a refusal is audited
/// as {action, object_type, object}, named as the service names the same check.
struct CheckFirst {
  std::string action;       ///< "errand.assign"
  std::string object_type;  ///< "errand"
  /// The object's id: "{reference}" is the path parameter's value; other text is itself
  /// ("new"); empty: the event names no object.
  std::string object = {};
};

/// One route's declaration.
struct Route {
  std::string method;  ///< "GET", "POST", ...
  std::string path;    ///< after the Routes' base: "/errands/{reference}"
  /// What the service requires of the principal. None: a public route, run as the anonymous
  /// principal. Given: the route needs a principal (401 without one).
  std::optional<security::Permission> permission = {};
  std::optional<CheckFirst> check_first = {};
  /// A GET whose service writes the audit log (reading personal data): its transaction
  /// writes, so SQLite takes the write lock at the start.
  bool audited_read = false;
};

/// One call of a route: its request, its principal, the municipality of the path, and the
/// context, begun on first use and committed once.
class Call {
 public:
  Call(Request& request, const RouteServices& services, security::Principal principal,
       const config::Municipality* municipality, tenancy::Context::Intent intent);
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;
  /// Rolls back a context that was begun and not committed.
  ~Call();

  Request& request;

  const security::Principal& principal() const noexcept { return principal_; }

  /// The member municipality of the path's {kommunkod}. Throws samverkan::InternalError on a
  /// route without one.
  const config::Municipality& municipality() const;

  /// The call's context in the municipality of the path, begun on first use. Throws
  /// samverkan::InternalError on a route without {kommunkod}.
  tenancy::Context& ctx();

  /// Commits the context if one was begun and is not finished yet; later calls do nothing.
  void commit();

  /// Rolls the context back and answers `kind` as problem+json with the members of
  /// `extensions` added (e.g. {"errors": [...]} naming each refused item).
  Response problem(ErrorKind kind, std::string_view detail, const Poco::JSON::Object& extensions);

  /// A path parameter. Throws samverkan::InternalError when the route has none by that name.
  const std::string& path(const std::string& name) const;

  /// The body as a JSON object; samverkan::InvalidInput (400) for anything else.
  Poco::JSON::Object::Ptr body() const;

 private:
  const RouteServices& services_;
  security::Principal principal_;
  const config::Municipality* municipality_;
  tenancy::Context::Intent intent_;
  std::unique_ptr<tenancy::Context> ctx_;
  bool finished_ = false;
};

/// Adds routes under one base path ("/api/v1/municipalities/{kommunkod}", or "" for pages).
class Routes {
 public:
  using Work = std::function<Response(Call&)>;

  /// `router` and everything in `services` must outlive the routes' handlers.
  Routes(Router& router, const RouteServices& services, std::string base = "");

  /// Adds one route (see the file comment). Throws samverkan::InternalError for a declaration
  /// that cannot work: CheckFirst without a permission or without {kommunkod} in the path,
  /// or naming a path parameter the path does not have; and what Router::add throws.
  void add(Route route, Work work);

 private:
  Router& router_;
  std::shared_ptr<const RouteServices> services_;
  std::string base_;
};

}  // namespace samverkan::http
