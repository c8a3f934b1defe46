#include "samverkan/http/router.hpp"

#include "samverkan/core/error.hpp"

namespace samverkan::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    const auto end = path.find('/', pos);
    const auto stop = end == std::string_view::npos ? path.size() : end;
    parts.push_back(path.substr(pos, stop - pos));
    pos = stop;
  }
  return parts;
}

}  // namespace

std::string_view to_string(RouteAccess access) noexcept {
  switch (access) {
    case RouteAccess::kUndeclared:
      return "undeclared";
    case RouteAccess::kPublic:
      return "public";
    case RouteAccess::kPrincipal:
      return "principal";
    case RouteAccess::kSession:
      return "session";
  }
  return "undeclared";
}

void Router::add(std::string method, std::string_view pattern, Handler handler) {
  add(std::move(method), pattern, std::move(handler), RouteInfo{});
}

void Router::add(std::string method, std::string_view pattern, Handler handler, RouteInfo info) {
  info.method = method;
  info.pattern = std::string(pattern);
  if (!pattern.starts_with('/')) throw InternalError("route pattern must start with '/': " + std::string(pattern));
  Route route{std::move(method), std::string(pattern), {}, std::move(handler), std::move(info)};
  for (const auto part : split_path(pattern)) {
    if (part.starts_with('{')) {
      if (!part.ends_with('}') || part.size() < 3) {
        throw InternalError("malformed parameter in route " + std::string(pattern));
      }
      route.segments.push_back({std::string(part.substr(1, part.size() - 2)), true});
    } else {
      route.segments.push_back({std::string(part), false});
    }
  }
  for (const auto& existing : routes_) {
    if (existing.method == route.method && existing.pattern == route.pattern) {
      throw InternalError("duplicate route " + route.method + " " + route.pattern);
    }
  }
  routes_.push_back(std::move(route));
}

Router::Match Router::match(Request& request) const {
  const auto parts = split_path(request.path);
  Match result;
  for (const auto& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    bool fits = true;
    for (std::size_t i = 0; i < parts.size() && fits; ++i) {
      fits = route.segments[i].is_param ? !parts[i].empty() : route.segments[i].text == parts[i];
    }
    if (!fits) continue;
    if (route.method != request.method) {
      result.kind = MatchKind::kMethodNotAllowed;
      if (!result.allowed.empty()) result.allowed += ", ";
      result.allowed += route.method;
      continue;
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (route.segments[i].is_param) request.path_params[route.segments[i].text] = std::string(parts[i]);
    }
    return Match{MatchKind::kFound, &route.handler, {}, route.pattern};
  }
  return result;
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> all;
  all.reserve(routes_.size());
  for (const auto& route : routes_) all.emplace_back(route.method, route.pattern);
  return all;
}

std::vector<RouteInfo> Router::table() const {
  std::vector<RouteInfo> all;
  all.reserve(routes_.size());
  for (const auto& route : routes_) all.push_back(route.info);
  return all;
}

}  // namespace samverkan::http
