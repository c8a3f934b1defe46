#include "samverkan/http/routes.hpp"

#include "samverkan/http/json.hpp"
#include "samverkan/http/problem.hpp"

namespace samverkan::http {
namespace {

constexpr const char* kTenantParameter = "kommunkod";

bool has_parameter(std::string_view pattern, std::string_view name) {
  // Appended, as GCC 12 -O3 falsely warns on "{" + std::string&& (-Wrestrict, GCC bug 105329).
  return pattern.find(std::string("{").append(name) + "}") != std::string_view::npos;
}

// "{prefix} {year}/{number}" with each {name} replaced by `value(name)`.
template <typename Value>
std::string substitute(const std::string& text, const Value& value) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto open = text.find('{', pos);
    const auto close = open == std::string::npos ? std::string::npos : text.find('}', open);
    if (close == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, open - pos);
    out += value(text.substr(open + 1, close - open - 1));
    pos = close + 1;
  }
  return out;
}

}  // namespace

Call::Call(Request& call_request, const RouteServices& services, security::Principal principal,
           const config::Municipality* municipality, tenancy::Context::Intent intent)
    : request(call_request),
      services_(services),
      principal_(std::move(principal)),
      municipality_(municipality),
      intent_(intent) {}

Call::~Call() = default;  // the context's destructor rolls back what was not committed

const config::Municipality& Call::municipality() const {
  if (municipality_ == nullptr) throw InternalError("route " + request.path + " has no {kommunkod}");
  return *municipality_;
}

tenancy::Context& Call::ctx() {
  if (!ctx_) {
    ctx_ = std::make_unique<tenancy::Context>(services_.db, principal_, municipality().code, services_.clock,
                                              &services_.audit_log, intent_);
  }
  return *ctx_;
}

void Call::commit() {
  if (ctx_ && !finished_) ctx_->commit();
  finished_ = true;
}

Response Call::problem(ErrorKind kind, std::string_view detail, const Poco::JSON::Object& extensions) {
  ctx_.reset();  // rolls back
  finished_ = true;
  return problem_response(kind, detail, request.path, request.request_id, extensions);
}

const std::string& Call::path(const std::string& name) const {
  const auto found = request.path_params.find(name);
  if (found == request.path_params.end()) throw InternalError("route " + request.path + " has no {" + name + "}");
  return found->second;
}

Poco::JSON::Object::Ptr Call::body() const { return parse_object(request.body); }

Routes::Routes(Router& router, const RouteServices& services, std::string base)
    : router_(router), services_(std::make_shared<const RouteServices>(services)), base_(std::move(base)) {}

void Routes::add(Route route, Work work) {
  const std::string pattern = base_ + route.path;
  const bool tenant_scoped = has_parameter(pattern, kTenantParameter);
  if (route.check_first) {
    if (!route.permission) throw InternalError("route " + pattern + " checks first but declares no permission");
    if (!tenant_scoped) throw InternalError("route " + pattern + " checks first but has no {kommunkod}");
    substitute(route.check_first->object, [&](const std::string& name) {
      if (!has_parameter(pattern, name)) {
        throw InternalError("route " + pattern + " has no {" + name + "} to name the checked object");
      }
      return std::string();
    });
  }
  const auto intent =
      route.method == "GET" && !route.audited_read ? tenancy::Context::Intent::kRead : tenancy::Context::Intent::kWrite;
  RouteInfo info{.access = route.permission ? RouteAccess::kPrincipal : RouteAccess::kPublic,
                 .tenant_scoped = tenant_scoped,
                 .permission = route.permission,
                 .checked_first = route.check_first.has_value()};
  auto handler = [services = services_, permission = route.permission, check_first = route.check_first,
                  work = std::move(work), tenant_scoped, intent](Request& request) -> Response {
    auto principal = security::Principal::anonymous();
    if (permission) {
      try {
        principal = services->authenticator.require(request);
      } catch (const Unauthenticated& e) {
        return auth::unauthorized_response(request, e);
      }
    }
    // An unknown municipality is 404, like any unknown resource, before any input is judged.
    const config::Municipality* municipality =
        tenant_scoped ? &services->cooperation.require_member(request.path_params.at(kTenantParameter)) : nullptr;
    Call call(request, *services, std::move(principal), municipality, intent);
    if (check_first) {
      const std::string object =
          substitute(check_first->object, [&](const std::string& name) { return call.path(name); });
      call.ctx().require(*permission, {check_first->action, check_first->object_type, object});
    }
    auto response = work(call);
    call.commit();
    return response;
  };
  router_.add(route.method, pattern, std::move(handler), std::move(info));
}

}  // namespace samverkan::http
