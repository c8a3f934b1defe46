#pragma once
/// Maps method + path to a handler. Patterns are literal segments and `{name}` parameters:
///   router.add("GET", "/api/v1/municipalities/{code}/cases/{id}", handler);
/// A path that matches no pattern is 404; a path that matches with another method is 405.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "samverkan/http/message.hpp"
#include "samverkan/security/permission.hpp"

namespace samverkan::http {

using Handler = std::function<Response(Request&)>;

/// Who may call a route, as its row in the route table says.
enum class RouteAccess {
  kUndeclared,  ///< added without a declaration (Router::add without RouteInfo)
  kPublic,      ///< anyone; runs as the anonymous principal
  kPrincipal,   ///< needs a principal (bearer token, SITHS certificate or session)
  kSession,     ///< a browser page: a session cookie, anonymous until login; POST needs its CSRF token
};

/// "undeclared", "public", "principal", "session".
std::string_view to_string(RouteAccess access) noexcept;

/// One row of the route table: what a route needs before its handler's work runs. http::Routes
/// (routes.hpp) fills it for every route it adds; a test can walk Router::table() and fail on
/// a route whose row it does not know.
struct RouteInfo {
  std::string method{};   ///< "GET"
  std::string pattern{};  ///< "/api/v1/municipalities/{kommunkod}/errands/{reference}"
  RouteAccess access = RouteAccess::kUndeclared;
  /// The path's {kommunkod} is checked with Cooperation::require_member (404 for a non-member),
  /// and the call's context is in that municipality.
  bool tenant_scoped = false;
  /// What the service requires of the principal (security::scope_for gives an API client's
  /// scope); none for a public route, or one whose service checks the caller's own data.
  std::optional<security::Permission> permission{};
  /// The permission is checked before the handler reads its input (an outsider hears 404
  /// whatever the body holds); otherwise the service checks it when called.
  bool checked_first = false;
};

class Router {
 public:
  /// Adds a route. Throws samverkan::InternalError for a malformed pattern or a duplicate
  /// method + pattern.
  void add(std::string method, std::string_view pattern, Handler handler);
  /// Same, with the route's row of the route table (`info.method` and `info.pattern` are set
  /// from the first two arguments).
  void add(std::string method, std::string_view pattern, Handler handler, RouteInfo info);

  enum class MatchKind { kFound, kNotFound, kMethodNotAllowed };

  struct Match {
    MatchKind kind = MatchKind::kNotFound;
    const Handler* handler = nullptr;
    std::string allowed;  ///< for kMethodNotAllowed: "GET, POST"
    std::string route;    ///< for kFound: the matched pattern, safe to log
  };

  /// Finds the handler for a request and fills request.path_params.
  Match match(Request& request) const;

  /// Every route as (method, pattern), in the order added (for the API document's tests).
  std::vector<std::pair<std::string, std::string>> routes() const;

  /// The route table: every route's row, in the order added.
  std::vector<RouteInfo> table() const;

 private:
  struct Segment {
    std::string text;
    bool is_param = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
    RouteInfo info;
  };
  std::vector<Route> routes_;
};

}  // namespace samverkan::http
