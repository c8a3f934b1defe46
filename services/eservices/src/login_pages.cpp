#include <string>

#include "detail/pages.hpp"
#include "samverkan/core/error.hpp"

namespace samverkan::eservices::detail {

std::string Pages::next_of(const std::string& next, const config::Municipality& municipality, Language language) const {
  return safe_next(next) ? next : home(municipality, language);
}

http::Response Pages::login_view(const Visit& visit, const config::Municipality& municipality, const std::string& next,
                                 const auth::LoginStarted* started, const std::string& message, bool failed,
                                 int status) const {
  const std::string base = "/e/" + municipality.code.str() + "/logga-in";
  auto data = base_data(visit);
  data.set("next", next);
  data.set("start_action", base + lang_query(visit.language));
  data.set("collect_action", base + "/kontrollera" + lang_query(visit.language));
  data.set("failed", failed);
  if (!message.empty()) data.set("message", message);
  data.set("pending", started != nullptr);
  if (started != nullptr) {
    data.set("login_id", started->login_id);
    data.set("qr", started->qr);
    http::set_qr_code(data, started->qr);  // drawn as an inline SVG
    data.set("autostart", "bankid:///?autostarttoken=" + encode(started->auto_start_token) + "&redirect=null");
  }
  return html(status,
              page(visit, &municipality, ui_text(visit.language, "login_heading"), render("login", data), base));
}

http::Response Pages::login_page(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  const std::string next = next_of(request.query_param("next").value_or(""), municipality, visit.language);
  if (citizen_login_ == nullptr) throw Unavailable("BankID is not configured");
  return login_view(visit, municipality, next, nullptr, {}, false, 200);
}

http::Response Pages::login_start(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  const Form& form = visit.form;
  const std::string next = next_of(form.value("next"), municipality, visit.language);
  if (citizen_login_ == nullptr) throw Unavailable("BankID is not configured");
  if (login_limiter_ != nullptr) {
    if (const auto wait = login_limiter_->acquire(request.remote_address)) {
      auto response = error_page(429, visit, &municipality, "too_many_heading", "too_many_text");
      response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
      return response;
    }
  }
  const auto started = citizen_login_->start(request.remote_address);
  return login_view(visit, municipality, next, &started, {}, false, 200);
}

http::Response Pages::login_collect(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  const Form& form = visit.form;
  const std::string next = next_of(form.value("next"), municipality, visit.language);
  if (citizen_login_ == nullptr) throw Unavailable("BankID is not configured");
  const std::string login_id = form.value("login_id");
  auth::LoginProgress progress;
  try {
    progress = citizen_login_->poll(login_id, auth::SessionStore::cookie_token(request).value_or(""));
  } catch (const NotFound&) {
    return login_view(visit, municipality, next, nullptr, {}, true, 400);
  }
  switch (progress.state) {
    case auth::LoginState::kComplete: {
      auto response = redirect(next);
      response.headers.emplace_back("Set-Cookie", progress.session->set_cookie);
      visit.set_cookie.reset();
      return response;
    }
    case auth::LoginState::kPending: {
      const auth::LoginStarted still{login_id, {}, progress.qr};
      auto response = login_view(visit, municipality, next, &still, progress.message, false, 200);
      return response;
    }
    case auth::LoginState::kFailed:
      break;
  }
  return login_view(visit, municipality, next, nullptr, progress.message, true, 200);
}

http::Response Pages::logout(http::Request& request, Visit& visit, const config::Municipality& municipality) {
  if (const auto token = auth::SessionStore::cookie_token(request)) sessions_.destroy(*token);
  auto response = redirect(home(municipality, visit.language));
  response.headers.emplace_back("Set-Cookie", auth::SessionStore::clear_cookie());
  visit.set_cookie.reset();
  return response;
}

}  // namespace samverkan::eservices::detail
