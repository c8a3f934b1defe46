#include "samverkan/server/citizen_login_routes.hpp"

#include <Poco/JSON/Object.h>

#include <sstream>

#include "samverkan/http/json.hpp"

namespace samverkan::server {
namespace {

std::string_view state_name(auth::LoginState state) {
  switch (state) {
    case auth::LoginState::kPending:
      return "pending";
    case auth::LoginState::kFailed:
      return "failed";
    case auth::LoginState::kComplete:
      return "complete";
  }
  return "failed";
}

}  // namespace

void add_citizen_login_routes(http::Router& router, auth::CitizenLogin& login, http::RateLimiter& limiter) {
  router.add("POST", "/api/v1/login/bankid", http::rate_limited(limiter, [&login](http::Request& request) {
               const auto started = login.start(request.remote_address);
               Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
               body.set("loginId", started.login_id);
               body.set("autoStartToken", started.auto_start_token);
               body.set("qr", started.qr);
               return http::Response::json(201, http::to_json(body));
             }));
  router.add("POST", "/api/v1/login/bankid/{loginId}/collect", [&login](http::Request& request) {
    const auto previous = auth::SessionStore::cookie_token(request);
    const auto progress = login.poll(request.path_params.at("loginId"), previous.value_or(""));
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("state", std::string(state_name(progress.state)));
    body.set("hintCode", progress.hint_code);
    body.set("message", std::string(auth::user_message(progress)));
    if (progress.state == auth::LoginState::kPending) body.set("qr", progress.qr);
    auto response = http::Response::json(200, http::to_json(body));
    if (progress.session) response.headers.emplace_back("Set-Cookie", progress.session->set_cookie);
    return response;
  });
  router.add("GET", "/api/v1/login/bankid/{loginId}/qr", [&login](http::Request& request) {
    Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
    body.set("qr", login.qr(request.path_params.at("loginId")));
    auto response = http::Response::json(200, http::to_json(body));
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });
  router.add("DELETE", "/api/v1/login/bankid/{loginId}", [&login](http::Request& request) {
    login.cancel(request.path_params.at("loginId"));
    http::Response response;
    response.status = 204;
    return response;
  });
}

void describe_citizen_login_routes(http::OpenApi& api) {
  const std::vector<http::ApiParameter> login_id = {
      {.name = "loginId", .description = "The login's id from the start answer"}};
  api.add({.method = "POST",
           .path = "/api/v1/login/bankid",
           .operation_id = "startBankIdLogin",
           .summary = "Start a citizen's BankID login",
           .description = "Answers the QR code content to show (animated: a new one every second from the qr "
                          "operation, and with each collect) and the autoStartToken for BankID on the same device. "
                          "Rate limited per client address. 404 where the installation has no BankID "
                          "connection (these operations are then not mounted).",
           .tag = "Citizen login",
           .success_status = 201,
           .response_schema = R"({"type":"object","required":["loginId","autoStartToken","qr"],"properties":{
             "loginId":{"type":"string"},"autoStartToken":{"type":"string"},"qr":{"type":"string"}}})",
           .errors = {404, 429, 503}});
  api.add({.method = "POST",
           .path = "/api/v1/login/bankid/{loginId}/collect",
           .operation_id = "collectBankIdLogin",
           .summary = "Poll a BankID login; on completion the session cookie is set",
           .tag = "Citizen login",
           .parameters = login_id,
           .response_schema = R"({"type":"object","required":["state","hintCode","message"],"properties":{
             "state":{"type":"string","enum":["pending","failed","complete"]},"hintCode":{"type":"string"},
             "message":{"type":"string"},"qr":{"type":"string"}}})",
           .errors = {404, 503}});
  api.add({.method = "GET",
           .path = "/api/v1/login/bankid/{loginId}/qr",
           .operation_id = "bankIdLoginQr",
           .summary = "The QR code content of this second for a pending BankID login",
           .description = "BankID's animated QR code changes every second; fetch it every second and draw it. "
                          "The QR secret never leaves the server.",
           .tag = "Citizen login",
           .parameters = login_id,
           .response_schema = R"({"type":"object","required":["qr"],"properties":{"qr":{"type":"string"}}})",
           .errors = {404}});
  api.add({.method = "DELETE",
           .path = "/api/v1/login/bankid/{loginId}",
           .operation_id = "cancelBankIdLogin",
           .summary = "Cancel a BankID login",
           .tag = "Citizen login",
           .parameters = login_id,
           .success_status = 204,
           .errors = {404}});
}

}  // namespace samverkan::server
