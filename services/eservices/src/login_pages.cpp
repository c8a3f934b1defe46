// BankID login as BankID's guidelines ask: the QR code animates (a new image every second,
// drawn by the server), the order is collected automatically, "open BankID on this device"
// for phones, cancel, BankID's messages in the visitor's language, and no order reference or
// QR data on the page. With JavaScript, bankid.js loads the QR image every second and polls
// the status route every two seconds; without it, the pending page reloads itself every two
// seconds, and each load collects the order once. The login is bound to the visitor's
// session: another browser that learns the login id gets nothing from these routes.
#include <Poco/JSON/Object.h>

#include <string>

#include "detail/pages.hpp"
#include "samverkan/core/error.hpp"
#include "samverkan/http/citizen_site.hpp"
#include "samverkan/http/json.hpp"

namespace samverkan::eservices::detail {
namespace {

constexpr int kRefreshSeconds = 2;

std::string login_base(const config::Municipality& municipality) {
  return "/e/" + municipality.code.str() + "/logga-in";
}

// The pending login's page, with the page to go to after it and the visitor's language.
std::string login_path(const config::Municipality& municipality, const std::string& login_id, const std::string& next,
                       Language language, const char* suffix = "") {
  return login_base(municipality) + "/" + login_id + suffix + "?next=" + encode(next) +
         (language == Language::kEnglish ? "&lang=en" : "");
}

http::Response json_status(const char* state, std::string_view message, const std::string& location) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("state", std::string(state));
  body.set("message", std::string(message));
  if (!location.empty()) body.set("location", location);
  auto response = http::Response::json(200, http::to_json(body));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace

std::string Pages::next_of(const std::string& next, const config::Municipality& municipality, Language language) const {
  return safe_next(next) ? next : home(municipality, language);
}

auth::CitizenLogin& Pages::citizen_login() const {
  if (citizen_login_ == nullptr) throw Unavailable("BankID is not configured");
  return *citizen_login_;
}

http::Response Pages::login_view(const Visit& visit, const config::Municipality& municipality, const LoginView& view,
                                 int status) const {
  const std::string base = login_base(municipality);
  auto data = base_data(visit);
  data.set("next", view.next);
  data.set("start_action", base + lang_query(visit.language));
  data.set("failed", view.failed);
  if (!view.message.empty()) data.set("message", view.message);
  data.set("pending", view.progress != nullptr);
  PageExtras extras;
  if (view.progress != nullptr) {
    data.set("qr_url", login_path(municipality, view.login_id, view.next, visit.language, "/qr.svg"));
    data.set("status_url", login_path(municipality, view.login_id, view.next, visit.language, "/status"));
    data.set("cancel_action", login_path(municipality, view.login_id, view.next, visit.language, "/avbryt"));
    data.set("autostart", "bankid:///?autostarttoken=" + encode(view.progress->auto_start_token) + "&redirect=null");
    extras.scripts.emplace_back(http::kBankIdScriptPath);
    extras.refresh_seconds = kRefreshSeconds;
  }
  return html(status, page(visit, &municipality, ui_text(visit.language, "login_heading"), render("login", data), base,
                           extras));
}

http::Response Pages::login_page(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  citizen_login();
  LoginView view;
  view.next = next_of(request.query_param("next").value_or(""), municipality, visit.language);
  if (request.query_param("avbrutet")) view.message = ui_text(visit.language, "login_cancelled");
  return login_view(visit, municipality, view, 200);
}

http::Response Pages::login_start(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  auto& login = citizen_login();
  const std::string next = next_of(visit.form.value("next"), municipality, visit.language);
  if (login_limiter_ != nullptr) {
    if (const auto wait = login_limiter_->acquire(request.remote_address)) {
      auto response = error_page(429, visit, &municipality, "too_many_heading", "too_many_text");
      response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
      return response;
    }
  }
  const auto started = login.start(request.remote_address, visit.session.id);
  return redirect(login_path(municipality, started.login_id, next, visit.language));
}

http::Response Pages::login_pending(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  auto& login = citizen_login();
  LoginView view;
  view.next = next_of(request.query_param("next").value_or(""), municipality, visit.language);
  view.login_id = request.path_params.at("login");
  auth::LoginProgress progress;
  try {
    progress = login.poll(view.login_id, auth::SessionStore::cookie_token(request).value_or(""));
  } catch (const NotFound&) {
    // Completed (the script's status poll may have made the session first), cancelled, expired.
    if (visit.citizen()) return redirect(view.next);
    view.failed = true;
    view.message = ui_text(visit.language, "login_gone");
    return login_view(visit, municipality, view, 200);
  }
  view.message = std::string(auth::user_message(progress, http_language(visit.language)));
  switch (progress.state) {
    case auth::LoginState::kComplete: {
      auto response = redirect(view.next);
      response.headers.emplace_back("Set-Cookie", progress.session->set_cookie);
      visit.set_cookie.reset();
      return response;
    }
    case auth::LoginState::kPending:
      view.progress = &progress;
      return login_view(visit, municipality, view, 200);
    case auth::LoginState::kFailed:
      break;
  }
  view.failed = true;
  return login_view(visit, municipality, view, 200);
}

http::Response Pages::login_qr(http::Request& request, Visit& visit, const config::Municipality& /*municipality*/) {
  const std::string content = citizen_login().qr(request.path_params.at("login"), visit.session.id);
  http::Response response;
  response.content_type = "image/svg+xml";
  response.body = http::qr_svg(content);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

http::Response Pages::login_status(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  auto& login = citizen_login();
  const std::string next = next_of(request.query_param("next").value_or(""), municipality, visit.language);
  const std::string login_id = request.path_params.at("login");
  const std::string page_path = login_path(municipality, login_id, next, visit.language);
  auth::LoginProgress progress;
  try {
    progress = login.poll(login_id, auth::SessionStore::cookie_token(request).value_or(""));
  } catch (const NotFound&) {
    return json_status("gone", ui_text(visit.language, "login_gone"), page_path);
  }
  const auto message = auth::user_message(progress, http_language(visit.language));
  switch (progress.state) {
    case auth::LoginState::kPending:
      return json_status("pending", message, {});
    case auth::LoginState::kComplete: {
      auto response = json_status("complete", message, next);
      response.headers.emplace_back("Set-Cookie", progress.session->set_cookie);
      visit.set_cookie.reset();
      return response;
    }
    case auth::LoginState::kFailed:
      break;
  }
  // The page itself says why, with the button to try again.
  return json_status("failed", message, page_path);
}

http::Response Pages::login_cancel(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  const std::string next = next_of(visit.form.value("next"), municipality, visit.language);
  try {
    citizen_login().cancel(request.path_params.at("login"), visit.session.id);
  } catch (const Unavailable&) {
    // The login is forgotten here; BankID ends the order itself when its time is up.
  }
  return redirect(login_base(municipality) + "?next=" + encode(next) + "&avbrutet=1" +
                  (visit.language == Language::kEnglish ? "&lang=en" : ""));
}

http::Response Pages::logout(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  if (const auto token = auth::SessionStore::cookie_token(request)) sessions_.destroy(*token);
  auto response = redirect(home(municipality, visit.language));
  response.headers.emplace_back("Set-Cookie", auth::SessionStore::clear_cookie());
  visit.set_cookie.reset();
  return response;
}

}  // namespace samverkan::eservices::detail
