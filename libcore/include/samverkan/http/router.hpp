#pragma once
/// Maps method + path to a handler. Patterns are literal segments and `{name}` parameters:
///   router.add("GET", "/api/v1/municipalities/{code}/cases/{id}", handler);
/// A path that matches no pattern is 404; a path that matches with another method is 405.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "samverkan/http/message.hpp"

namespace samverkan::http {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  /// Adds a route. Throws samverkan::InternalError for a malformed pattern or a duplicate
  /// method + pattern.
  void add(std::string method, std::string_view pattern, Handler handler);

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
  };
  std::vector<Route> routes_;
};

}  // namespace samverkan::http
